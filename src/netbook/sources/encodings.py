"""Decoding an export's bytes to UTF-8: UTF-8 (with or without BOM), UTF-16 and cp1252 re-saves.

Real exports come in all three: LinkedIn wrote UTF-16 in some years, a spreadsheet re-saves in
the machine's code page. The encoding is decided on evidence, never on the file's name.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from netbook.errors import SourceError

HEAD = 65536
"""How much of a file's start is read to decide what it is."""


def decode(raw: bytes, name: str) -> tuple[bytes, str]:
    """Return UTF-8 bytes and the encoding they were read from (see :func:`decode_lines`).

    Raises:
        SourceError: the bytes are binary, not text.
    """
    data, encoding, _ = decode_lines(raw, name)
    return data, encoding


def decode_lines(raw: bytes, name: str) -> tuple[bytes, str, list[int]]:
    r"""Return UTF-8 bytes, the encoding they were read from and the lines with undecodable bytes.

    The encoding is decided on evidence: UTF-16 by its byte-order mark or, without one, by the
    zero bytes of ASCII text in every other place; UTF-8 when its valid multi-byte characters are
    at least as many as its invalid bytes (a UTF-8 file with one bad byte stays UTF-8, and only the
    lines holding bad bytes are returned, their bytes replaced by U+FFFD); else cp1252.

    Raises:
        SourceError: the bytes are binary, not text.

    Examples:
        >>> decode_lines(b"Zo\xc3\xab,1\nBad \xff,2\n", "x")[1:]
        ('utf-8', [2])
    """
    utf16 = utf16_of(raw)
    if utf16 is not None:
        return transcode_utf16(chunks(raw), utf16, name), "utf-16", []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    if raw.startswith(b"PK\x03\x04") and b"xl/" in raw[:HEAD]:
        raise SourceError(
            name,
            "is an Excel workbook (.xlsx) with a .csv name, not a CSV file",
            hint="open it in a spreadsheet and save it as CSV (UTF-8), or use the file from the "
            "LinkedIn export instead",
        )
    if b"\x00" in raw[:HEAD]:
        raise SourceError(
            name,
            "is binary data, not a text (CSV) file",
            hint="check that this is the file from the export, not a renamed one",
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return raw, encoding, []
    text = raw.decode("utf-8", errors="surrogateescape")
    bad = [m.start() for m in re.finditer(INVALID, text)]
    other = len(text) - len(text.encode("ascii", errors="ignore"))
    if other - sum(len(m) for m in re.findall(INVALID, text)) < len(bad):
        return raw.decode("cp1252", errors="replace").encode("utf-8"), "cp1252", []
    end = "\n" if "\n" in text else "\r"  # classic Mac OS line ends: CR alone
    lines = sorted({text.count(end, 0, start) + 1 for start in bad})
    return re.sub(INVALID, "\ufffd", text).encode("utf-8"), encoding, lines


def transcode_utf16(chunks: Iterable[bytes | memoryview], codec: str, name: str) -> bytes:
    """UTF-16 bytes, given in ``chunks``, as UTF-8: a chunk at a time.

    The whole text is never one Python string: 500 MB of UTF-16 (a 2018 export's messages) would
    take a gigabyte or two as one.

    Raises:
        SourceError: the bytes do not decode as ``codec``.
    """
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        parts = [decoder.decode(chunk).encode("utf-8") for chunk in chunks]
        parts.append(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError as error:
        raise SourceError(
            name,
            "starts like UTF-16 text but does not decode as UTF-16",
            hint="export the file again from LinkedIn",
        ) from error
    return b"".join(parts)


def chunks(source: bytes | Path) -> Iterator[bytes | memoryview]:
    """A file's bytes, :data:`CHUNK` at a time (read from its path, or viewed, never copied)."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
    else:
        view = memoryview(source)
        for start in range(0, len(source), CHUNK):
            yield view[start : start + CHUNK]


def whole(source: bytes | Path) -> bytes:
    """A file's bytes, read from its path if need be."""
    return source.read_bytes() if isinstance(source, Path) else source


CHUNK = 16 << 20
"""How much UTF-16 is transcoded at a time."""
INVALID = "[\udc80-\udcff]+"
"""Runs of bytes that are not UTF-8 (as ``surrogateescape`` decodes them)."""


def utf16_of(raw: bytes) -> str | None:
    """``utf-16`` (with a byte-order mark), ``utf-16-le``/``-be`` (without one, on evidence), or None."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[: min(len(raw), UTF16_SCAN) & ~1]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


UTF16_SCAN = 4096
