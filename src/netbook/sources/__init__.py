"""Sources turn exports into canonical frames; they are plugins of the ``netbook.sources`` group."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from netbook.errors import NetbookError, PluginError, SourceError
from netbook.registry import Registry
from netbook.sources._base import Loaded, OwnerHint, Source
from netbook.sources.report import file_row, noise_rows


def _instantiate(obj: object) -> Source:
    source = obj() if isinstance(obj, type) else obj
    if not isinstance(source, Source):
        raise PluginError(f"{obj!r} is not a source (it needs name, description, detect and load)")
    return source


SOURCES: Registry[Source] = Registry("netbook.sources", _instantiate)


def detect(path: Path, name: str | None = None) -> Source:
    """The source for ``path``: the one named, or the first whose ``detect`` accepts it.

    Raises:
        SourceError: the path does not exist or no source recognises it.
        PluginError: ``name`` is not a known source.
    """
    if not path.exists():
        raise SourceError(path, "does not exist", hint="check the path to the export")
    if not (path.is_file() or path.is_dir()):
        raise SourceError(
            path,
            "is not a regular file or folder (a device, pipe or socket)",
            hint="import the export file or its folder",
        )
    if name is not None:
        return SOURCES.get(name)
    found = _first_reader(path)
    if found is not None:
        return SOURCES.get(found)
    if path.suffix.lower() == ".zip" and not zipfile.is_zipfile(path):
        raise SourceError(
            path,
            "is not a readable zip archive (truncated or damaged)",
            hint="download the export again",
        )
    raise SourceError(
        path,
        "is not an export netbook recognises",
        hint=f"known sources: {', '.join(SOURCES.names())}; force one with --source NAME",
    )


def _first_reader(path: Path, seen: dict[Path, str | None] | None = None) -> str | None:
    """The name of the first source whose ``detect`` accepts ``path`` (None: none does).

    ``seen``: the answers already found (detecting reads a file's head; :func:`exports_in` asks
    of the same paths several times).
    """
    if seen is not None and path in seen:
        return seen[path]
    found = next((name for name, source in SOURCES.items() if _detects(source, path)), None)
    if seen is not None:
        seen[path] = found
    return found


def is_builtin(source: Source) -> bool:
    """Whether ``source`` is one of netbook's own (its failures are netbook's bugs)."""
    return type(source).__module__.split(".")[0] == "netbook"


def _detects(source: Source, path: Path) -> bool:
    """``source.detect(path)``; a plugin's that raises is named (detect must only answer).

    Raises:
        PluginError: a plugin's ``detect`` raised.
    """
    if is_builtin(source):
        return source.detect(path)
    try:
        return bool(source.detect(path))
    except Exception as error:
        raise PluginError(
            f"source plugin {source.name!r} failed telling whether {path} is its export: "
            f"{type(error).__name__}: {error}",
            hint="a bug in that plugin: fix or uninstall it, or name the source with --source",
        ) from error


def load_with(source: Source, path: Path, owner: OwnerHint) -> Loaded:
    """``source.load(path, owner=owner)``; a plugin that fails, or returns no result, is named.

    A built-in source's own exception is netbook's bug and is left to tell its traceback.

    Raises:
        PluginError: a plugin raised something other than a :class:`NetbookError` (a file it
            refuses), or returned something other than a :class:`Loaded`.
    """
    if is_builtin(source):
        return source.load(path, owner=owner)
    try:
        loaded = source.load(path, owner=owner)
    except NetbookError:
        raise
    except Exception as error:
        raise PluginError(
            f"source plugin {source.name!r} failed on {path}: {type(error).__name__}: {error}; "
            "nothing was stored",
            hint=_AUTHOR,
        ) from error
    if not isinstance(loaded, Loaded):
        raise PluginError(
            f"source plugin {source.name!r} returned {type(loaded).__name__} for {path}, not a "
            "Loaded; nothing was stored",
            hint=_AUTHOR,
        )
    return loaded


_AUTHOR = "a bug in that plugin: report it to its author, or uninstall it"


_DEPTH = 6
"""How deep :func:`exports_in` looks into folders."""


def exports_in(path: Path) -> list[Path]:
    """The exports ``path`` holds, each to import on its own (LinkedIn's first, oldest first).

    - A file, or a path that does not exist, is itself (its import says what is wrong).
    - A LinkedIn export's own folder (LinkedIn's CSV files in it) is one export.
    - A folder another source reads whole (chats, mailboxes, a Slack export) is one export when
      everything recognised inside it is of that source.
    - Any other folder gives the exports inside it, looked into the same way: a LinkedIn zip
      beside contacts, mail, chats and a calendar, two exports of different days side by side,
      an export a few folders down. Hidden files and linked folders are left out; what no source
      recognises is left out, and a folder with nothing recognised is itself (its import fails
      saying so).

    Examples:
        >>> exports_in(Path("missing.zip"))
        [PosixPath('missing.zip')]
    """
    if not path.is_dir():  # detect() tells what is wrong with a file, a FIFO or a device
        return [path]
    seen: dict[Path, str | None] = {}
    found = _exports(path, _DEPTH, seen)
    return sorted(found, key=lambda p: _import_order(p, seen[p])) if found else [path]


def _exports(path: Path, depth: int, seen: dict[Path, str | None]) -> list[Path]:
    """:func:`exports_in` of ``path`` unsorted, each recognised by a source (in ``seen``)."""
    if not path.is_dir() or depth == 0:  # never a FIFO or a device: reading one would block
        regular = path.is_file() or path.is_dir()
        return [path] if regular and _first_reader(path, seen) is not None else []
    children = sorted(
        c
        for c in path.iterdir()
        if not c.name.startswith(".") and not (c.is_symlink() and c.is_dir())
    )
    linkedin = SOURCES.get("linkedin")
    if any(c.is_file() and c.suffix.lower() == ".csv" and linkedin.detect(c) for c in children):
        seen[path] = "linkedin"
        return [path]
    parts = [part for child in children for part in _exports(child, depth - 1, seen)]
    whole = _first_reader(path, seen)
    if whole is not None and whole != "linkedin" and {seen[p] for p in parts} <= {whole}:
        return [path]
    return parts


def _import_order(path: Path, source: str | None) -> tuple[bool, str, str]:
    """LinkedIn exports first (they name you), each by the day in its name (oldest first)."""
    found = re.search(r"(\d{2})-(\d{2})-(\d{4})", path.name)
    day = f"{found[3]}-{found[1]}-{found[2]}" if found else ""
    return source != "linkedin", day, str(path)


__all__ = [
    "SOURCES",
    "Loaded",
    "OwnerHint",
    "Source",
    "detect",
    "exports_in",
    "file_row",
    "noise_rows",
]
