"""Sources turn exports into canonical frames; they are plugins of the ``netbook.sources`` group."""

from __future__ import annotations

import zipfile
from pathlib import Path

from netbook.errors import PluginError, SourceError
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
    for _, source in SOURCES.items():
        if source.detect(path):
            return source
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


def _readers(path: Path) -> set[str]:
    """The names of the sources that recognise ``path`` (none for a hidden file)."""
    if path.name.startswith("."):
        return set()
    return {name for name, source in SOURCES.items() if source.detect(path)}


def exports_in(path: Path) -> list[Path]:
    """The exports ``path`` holds, each to import on its own.

    A folder is one export when it is a LinkedIn export's own (its files belong together), or when
    what is in it is all of one source (a folder of chats, of mailboxes). A folder that holds exports of
    several sources (contacts, mail, chats and a calendar side by side), or none itself but some
    inside, gives each of them, looked into the same way; what no source recognises is left out.
    A file, or a path that does not exist, is itself (its import says what is wrong).

    Examples:
        >>> exports_in(Path("missing.zip"))
        [PosixPath('missing.zip')]
    """
    if not path.is_dir():
        return [path]
    readers = _readers(path)
    children = sorted(c for c in path.iterdir() if not c.name.startswith("."))
    found = {child: _readers(child) for child in children}
    if "linkedin" in readers and not any("linkedin" in found[c] for c in children if c.is_dir()):
        return [path]  # the export's own folder (its files, however many kinds, are one export)
    kinds = set().union(*found.values()) if found else set()
    if len(kinds) < 2 and readers:
        return [path]
    inside = [p for child in children if found[child] or child.is_dir() for p in exports_in(child)]
    # A folder no source recognises, looked into: only what some source reads inside it. A
    # LinkedIn export first: it names the owner, whose addresses tell the direction of mail.
    kept = [p for p in inside if p.is_file() or _readers(p)]
    return sorted(kept, key=lambda p: "linkedin" not in _readers(p)) or [path]


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
