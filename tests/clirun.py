"""Running the ``netbook`` command line: in this process (fast), or as a user would (a new process).

:func:`netbook` runs :func:`netbook.cli.main` in-process with typer's test runner: the same error
handling, exit codes and output streams as the installed script, without a new interpreter per
call. :func:`netbook_process` starts ``python -m netbook`` for what only a real process shows
(start-up, the umask, locks held by another process).
"""

from __future__ import annotations

import os
import subprocess
import sys

from typer.testing import CliRunner

from netbook.cli import main, options
from netbook.startup import SKIPPED

_ENV: dict[str, str | None] = {
    "NETBOOK_WORKSPACE": None,  # the subprocess ran with an empty environment: so does this
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TERMINAL_WIDTH": None,
}


def netbook(
    *args: str, columns: int = 100, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``netbook ARGS`` in this process, ``columns`` wide; its exit code and output as text."""
    mask = os.umask(0o022)
    os.umask(mask)
    skipped = {name for name in SKIPPED if name not in sys.modules}
    consoles = (options.out, options.err)
    widths = [console._width for console in consoles]
    code: int = 0
    with CliRunner().isolation(input=input, env={**_ENV, "COLUMNS": str(columns)}) as streams:
        for console in consoles:
            console.width = columns
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = (stream.getvalue().decode() for stream in streams[:2])
            for console, width in zip(consoles, widths, strict=True):
                console._width = width
            os.umask(mask)  # main() makes files private for the rest of its process
            for name in skipped:  # and marks slow optional modules missing
                sys.modules.pop(name, None)
    return subprocess.CompletedProcess(["netbook", *args], code, stdout, stderr)


def netbook_process(*args: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    """``python -m netbook ARGS`` with a ``columns``-wide terminal; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "netbook", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin"},
    )
