"""netbook: personal network analytics from your own exports, kept on your own machine.

``Workspace``, ``open_workspace`` and ``ImportResult`` load the data layer (polars, DuckDB) when
first used, so that ``import netbook`` (and ``netbook --help``) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netbook.errors import (
    ConfigError,
    NetbookError,
    PluginError,
    SchemaError,
    SourceError,
    StoreError,
    StoreLockedError,
)

if TYPE_CHECKING:
    from netbook.workspace import ImportResult, Workspace, open_workspace

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ImportResult",
    "NetbookError",
    "PluginError",
    "SchemaError",
    "SourceError",
    "StoreError",
    "StoreLockedError",
    "Workspace",
    "__version__",
    "open_workspace",
]

_FROM_WORKSPACE = ("ImportResult", "Workspace", "open_workspace")


def __getattr__(name: str) -> Any:
    """Load ``Workspace`` and its companions from :mod:`netbook.workspace` on first use."""
    if name in _FROM_WORKSPACE:
        from netbook import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module 'netbook' has no attribute {name!r}")
