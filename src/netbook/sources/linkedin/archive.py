"""Opening a LinkedIn export: a zip, a folder at any depth (``... (1)/``), or a single CSV."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from isal import isal_zlib

from netbook.errors import SourceError
from netbook.sources.linkedin.kinds import MARKERS

_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


def normalise_name(name: str) -> str:
    """The comparison form of a file name: its base name, lower case, no spaces or underscores.

    Examples:
        >>> normalise_name("Complete (1)/Endorsement Received Info.csv")
        'endorsementreceivedinfo.csv'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[\s_]+", "", base.casefold())


@dataclass(frozen=True)
class Member:
    """One file of an export."""

    relpath: str
    display: str
    size: int
    archive: zipfile.ZipFile | None
    path: Path | None

    @property
    def key(self) -> str:
        """The normalised file name."""
        return normalise_name(self.relpath)

    def read(self) -> bytes:
        """The file's bytes.

        Raises:
            SourceError: the archive member is corrupt or truncated.
        """
        try:
            if self.archive is not None:
                check_size(self.archive.getinfo(self.relpath), self.display)
                return _inflate(self.archive, self.archive.getinfo(self.relpath))
            assert self.path is not None
            return self.path.read_bytes()
        except (zipfile.BadZipFile, zlib.error, _ISAL_ERROR, EOFError, OSError) as error:
            raise SourceError(
                self.display,
                f"cannot be read ({error})",
                hint="the download may be incomplete: download the export again",
            ) from error


@dataclass(frozen=True)
class Export:
    """The files of one export, in a stable order."""

    path: Path
    members: tuple[Member, ...]

    def named(self, key: str) -> list[Member]:
        """Every member whose normalised name is ``key`` (twins like the endorsement files)."""
        return [m for m in self.members if m.key == key]

    @property
    def exported_on(self) -> date | None:
        """The date in LinkedIn's archive name (``..._MM-DD-YYYY``), when the name still has it."""
        for part in (self.path.name, *(m.relpath for m in self.members[:1])):
            match = _EXPORT_DATE.search(part)
            if match:
                month, day, year = (int(g) for g in match.groups())
                try:
                    return date(year, month, day)
                except ValueError:
                    return None
        return None


_LOCAL_HEADER = struct.Struct("<4s22xHH")
_ISAL_ERROR = cast("type[Exception]", isal_zlib.error)  # its stubs declare an instance


MAX_MEMBER = 2 << 30
"""The largest file netbook inflates from an archive (a million messages take about 300 MB)."""
MAX_RATIO = 200
"""The most a member over :data:`_RATIO_FLOOR` may inflate per compressed byte (text: 5-30)."""
_RATIO_FLOOR = 16 << 20


def check_size(info: zipfile.ZipInfo, display: str) -> None:
    """Refuse a member that would inflate beyond :data:`MAX_MEMBER` or :data:`MAX_RATIO`.

    Raises:
        SourceError: naming the member, its sizes and what to do.
    """
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MAX_MEMBER or (info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO):
        raise SourceError(
            display,
            f"would inflate {info.compress_size:,} bytes to {info.file_size:,} ({ratio:,.0f}x): "
            f"netbook reads at most {MAX_MEMBER >> 20:,} MB and {MAX_RATIO}x per file",
            hint="this looks like a zip bomb; if you trust it, unzip it and import the folder",
        )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes; deflated members are inflated with ISA-L (about 2.5x zlib's speed).

    Never more than the member declares is inflated (:func:`check_size` bounds the declaration).

    Raises:
        zipfile.BadZipFile: the member is damaged (bad header, size or checksum).
    """
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1 or archive.fp is None:
        return archive.read(info)  # stored, encrypted or otherwise unusual: zipfile knows best
    handle = archive.fp
    handle.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    handle.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = isal_zlib.decompressobj(-15)
    data = inflater.decompress(handle.read(info.compress_size), info.file_size + 1)
    if len(data) != info.file_size or isal_zlib.crc32(data) != info.CRC:
        raise zipfile.BadZipFile(f"checksum mismatch for {info.filename}")
    return data


def _skip(relpath: str) -> bool:
    parts = relpath.replace("\\", "/").split("/")
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _only_zip(members: tuple[Member, ...]) -> Path | None:
    """The one zip of a folder that holds a LinkedIn export only zipped (no CSV of its own)."""
    if any(m.key in MARKERS for m in members):
        return None  # the extracted files are read; a zip beside them is the same export
    zips = [m.path for m in members if m.key.endswith(".zip") and m.path is not None]
    return zips[0] if len(zips) == 1 else None


def _is_workbook(path: Path) -> bool:
    """True for an Excel workbook (a zip with ``xl/`` inside), whatever its name."""
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


@contextmanager
def open_export(path: Path) -> Iterator[Export]:
    """Open ``path`` as an export; members can be read while the context is open.

    Raises:
        SourceError: the path does not exist or is not a readable zip archive.
    """
    if not path.exists():
        raise SourceError(path, "does not exist", hint="check the path to the export")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        members = tuple(
            Member(rel, str(p), p.stat().st_size, None, p)
            for p in files
            if not _skip(rel := p.relative_to(path).as_posix())
        )
        zipped = _only_zip(members)
        if zipped is not None:  # a download folder holding the export's zip, not yet unpacked
            with open_export(zipped) as export:
                yield export
            return
        yield Export(path, members)
        return
    if path.suffix.lower() != ".zip" and _is_workbook(path):
        raise SourceError(
            path,
            "is an Excel workbook (.xlsx) with a .csv name, not a CSV file",
            hint="open it in a spreadsheet and save it as CSV (UTF-8), or import the file from "
            "the LinkedIn export instead",
        )
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".zip":
            raise SourceError(
                path,
                "is not a readable zip archive (truncated or damaged)",
                hint="download the export from LinkedIn again",
            )
        yield Export(path.parent, (Member(path.name, str(path), path.stat().st_size, None, path),))
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SourceError(
            path,
            f"is not a readable zip archive ({error})",
            hint="download the export from LinkedIn again",
        ) from error
    with archive:
        members = tuple(
            Member(info.filename, f"{path}!{info.filename}", info.file_size, archive, None)
            for info in sorted(archive.infolist(), key=lambda i: i.filename)
            if not info.is_dir() and not _skip(info.filename)
        )
        yield Export(path, members)
