"""Where a workspace is: light constants and paths the command line reads before polars loads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

ENV: Final = "NETBOOK_WORKSPACE"
"""The environment variable naming the workspace folder."""
DEFAULT: Final = Path("data")
"""The workspace folder when neither ``--workspace`` nor :data:`ENV` names one."""
DATABASE: Final = "netbook.duckdb"
"""The store's file in the workspace folder: it exists once something has been imported."""


def root(path: str | os.PathLike[str] | None) -> Path:
    """The workspace folder ``path`` names (default: ``$NETBOOK_WORKSPACE``, else ``./data``)."""
    return Path(path or os.environ.get(ENV) or DEFAULT).expanduser()
