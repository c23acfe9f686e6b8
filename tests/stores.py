"""The exports the tests import, and copying an imported workspace where a test may write."""

from __future__ import annotations

import shutil
from pathlib import Path

from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
"""The bundled synthetic LinkedIn export (``make sample``)."""
MINI = ROOT / "tests" / "data" / "linkedin" / "mini"
"""A hand-written LinkedIn export of a few people."""


def copy_workspace(store: Path, where: Path) -> Workspace:
    """A workspace at ``where`` holding a copy of the imported workspace folder ``store``."""
    shutil.copytree(store, where)
    return Workspace(where)
