"""Where a workspace is when none is named: light constants the command line reads at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Final

ENV: Final = "NETBOOK_WORKSPACE"
"""The environment variable naming the workspace folder."""
DEFAULT: Final = Path("data")
"""The workspace folder when neither ``--workspace`` nor :data:`ENV` names one."""
