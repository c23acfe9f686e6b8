"""Telling a delimited file cut short (a download or a copy that stopped) from a whole one.

A whole file's last record has every column of the header. A file that ends in the middle of a
record, between two fields or inside an unquoted one, still parses: the columns after the cut are
missing (null), and a URL or a name cut in two reads as another value. Only a file that does not
end with a line end can be cut so; that costs one byte to check, and a look at its tail when it
does not.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final

CUT_SHORT: Final = "it was cut short"
"""The words every :attr:`Cut.reason` holds (what the import line looks for)."""
_TAIL: Final = 1 << 20
"""How much of a file's end is read to find its last record (a longer record is not judged)."""


@dataclass(frozen=True)
class Cut:
    """The last record of a file cut short: the line it starts on, and its fields of ``width``."""

    line: int
    fields: int
    width: int
    quoted: bool = False
    """The file ends inside a quoted field of the record (its quote never closes)."""

    @property
    def reason(self) -> str:
        """Why the record is not read, and what to do (for the failures table)."""
        if self.quoted:
            return (
                f"the file ends inside a quoted field that opens on this row: {CUT_SHORT}, or a "
                "closing quote is missing; no row from here on is read: download the export "
                "again, or close the quote"
            )
        return (
            f"the file ends in the middle of this row ({self.fields} of {self.width} columns): "
            f"{CUT_SHORT}, and any rows after it are missing; download the export again"
        )


def line_start(raw: bytes, line: int) -> int:
    r"""The offset of the first byte of 1-based ``line`` in ``raw``.

    Examples:
        >>> line_start(b"a\nbb\nccc", 3)
        5
    """
    at = 0
    for _ in range(line - 1):
        at = raw.index(b"\n", at) + 1
    return at


def _ending(source: bytes | Path, size: int) -> bytes:
    if isinstance(source, bytes):
        return source[-size:]
    with source.open("rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - size))
        return handle.read()


def _line_ends(source: bytes | Path) -> int:
    if isinstance(source, bytes):
        return source.count(b"\n")
    count = 0
    with source.open("rb") as handle:
        while chunk := handle.read(16 << 20):
            count += chunk.count(b"\n")
    return count


def cut_record(source: bytes | Path, delimiter: str, width: int) -> Cut | None:
    r"""The last record of ``source`` when the file ends inside it (None: it ends whole).

    ``width``: the header's number of columns. Quotes must all close (a file cut inside a quoted
    field fails to parse before this is asked). A record is found from the end: a line end starts
    one when an even number of quotes follows it.

    Examples:
        >>> cut_record(b'a,b,c\n1,"x\ny",3\n4,"z"', ",", 3)
        Cut(line=4, fields=2, width=3, quoted=False)
        >>> cut_record(b"a,b,c\n1,2,3", ",", 3) is None  # no last line end, but whole
        True
        >>> cut_record(b"a,b,c\n1,2,3\n4,https://x.com/in/ad", ",", 3)
        Cut(line=3, fields=2, width=3, quoted=False)
        >>> cut_record(b"a,b,c\n1,2,3\n", ",", 3) is None
        True
    """
    tail = _ending(source, _TAIL)
    if not tail or tail.endswith((b"\n", b"\r")):
        return None
    start, quotes = None, 0
    for at in range(len(tail) - 1, -1, -1):
        byte = tail[at]
        if byte == 0x22:  # '"'
            quotes += 1
        elif byte == 0x0A and quotes % 2 == 0:
            start = at + 1
            break
    if start is None:  # the header itself, or a record longer than the tail: not judged
        return None
    text = tail[start:].decode("utf-8", errors="replace").replace("\r\n", "\n")
    fields = len(next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []))
    if fields >= width:
        return None
    line = _line_ends(source) - tail[start:].count(b"\n") + 1
    return Cut(line, fields, width)
