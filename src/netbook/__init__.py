"""netbook: personal network analytics from your own exports, kept on your own machine."""

from __future__ import annotations

from netbook.errors import (
    ConfigError,
    NetbookError,
    PluginError,
    SchemaError,
    SourceError,
    StoreError,
    StoreLockedError,
)
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
