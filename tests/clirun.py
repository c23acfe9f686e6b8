"""Running the ``netbook`` command line as a user would: a fresh process, a fixed terminal width."""

from __future__ import annotations

import subprocess
import sys


def netbook(*args: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    """``python -m netbook ARGS`` with a ``columns``-wide terminal; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "netbook", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin"},
    )
