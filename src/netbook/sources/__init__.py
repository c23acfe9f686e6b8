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


__all__ = ["SOURCES", "Loaded", "OwnerHint", "Source", "detect", "file_row", "noise_rows"]
