"""What netbook writes is its owner's alone: a private umask and owner-only folders.

Every file netbook creates (the store and its write-ahead log, settings, reports, charts, ``-o``
outputs, calendars) is created under :data:`UMASK`, so it is readable by its owner only, even when
the process is killed half-way; every folder it creates for a workspace is ``0700``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from netbook.errors import OutputError

UMASK: Final = 0o077
"""Group and others get no permission on anything netbook creates."""


def use_private_umask() -> None:
    """Create every later file of this process owner-only (the command line calls it first)."""
    os.umask(UMASK)


@contextmanager
def private_files() -> Iterator[None]:
    """Create files owner-only inside the block (the library's writes; restores the umask after)."""
    previous = os.umask(UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) owner-only; an existing folder is left as it is."""
    if path.is_dir():
        return
    with private_files():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)


@contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Turn an operating-system error while writing ``path`` into one line naming it.

    Raises:
        NetbookError: the folder is missing or read-only, the disk is full, or the path is a folder.
    """
    try:
        yield
    except OSError as error:
        raise OutputError(
            f"{path}: cannot be written ({error.strerror or error})",
            hint="check that its folder exists and is writable and that the disk has space",
        ) from error
