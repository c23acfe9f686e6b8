"""What the address-book CSV sources share (Google, Outlook, LinkedIn's imported contacts).

Parsing is :func:`netbook.sources.tables.read_table`'s: UTF-8 with or without BOM, UTF-16 (tab
separated), cp1252 re-saves, sniffed delimiter, quoted multi-line fields, 1-based line of every
row. This module adds the cheap header peek ``detect`` uses, the file-level bookkeeping and
expressions for multi-valued cells.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from netbook.errors import SourceError
from netbook.sources.contacts._records import RawFile, read_bytes, sha256_of
from netbook.sources.encodings import utf16_of
from netbook.sources.tables import LINE, Table, normalise_header, read_table

_PEEK = 65536
NO_LIST = pl.lit([], dtype=pl.List(pl.String))
GOOGLE_SEPARATOR = r"\s*:::\s*"
"""Google joins several values of one cell with ``" ::: "``."""
DUPLICATE = "duplicate row"
_CONTACT_LIKE = r"(e-?mail|\bmail\b|\bphone\b|mobile|telephone|\btel\b|\bcell\b)"
"""Column names that hold a contact's e-mail or phone, whatever the format."""
_UNIT = "\x1f"


def header_of(path: Path) -> frozenset[str]:
    r"""The normalised column names on the first non-blank line of ``path`` (cheap: one read).

    Empty when ``path`` is not a readable text file.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder) / "c.csv"
        ...     _ = path.write_bytes("\ufeffFirst Name;E-mail Address\r\n".encode())
        ...     sorted(header_of(path))
        ['e-mail address', 'first name']
    """
    try:
        if not path.is_file():
            return frozenset()
        with path.open("rb") as handle:
            raw = handle.read(_PEEK)
    except OSError:
        return frozenset()
    wide = utf16_of(raw)  # with a byte-order mark, or without one on evidence
    if wide is not None:
        text = raw[: len(raw) // 2 * 2].decode(wide, errors="ignore")
    elif b"\x00" in raw:
        return frozenset()
    else:
        text = raw.decode("utf-8-sig", errors="replace")
    line = next((line for line in text.splitlines() if line.strip()), "")
    fields = max((next(csv.reader([line], delimiter=sep), []) for sep in (",", ";", "\t")), key=len)
    return frozenset(normalise_header(f) for f in fields)


def read_csv(
    path: Path, kind: str, anchors: tuple[str, ...], expected: str
) -> tuple[Table | None, RawFile]:
    """Parse ``path``; the :class:`RawFile` has everything but the records (the caller's part).

    Raises:
        SourceError: unreadable or binary bytes, or no header with one of ``anchors``.
    """
    raw = read_bytes(path)
    table = read_table(raw, str(path), anchors, expected)
    empty = pl.DataFrame({LINE: pl.Series([], dtype=pl.Int64)})
    result = RawFile(
        path=path,
        kind=kind,
        encoding=table.encoding if table else None,
        sha256=sha256_of(raw),
        records=empty,
        rows=table.rows if table else 0,
        empty=table is None,
    )
    if table is not None and table.unreadable:
        result.failures, result.dropped = table.failures(path.name), len(table.unreadable)
    return table, result


def without_duplicates(frame: pl.DataFrame, raw: RawFile) -> pl.DataFrame:
    """Drop rows identical in every column to an earlier row, counting them as noise."""
    columns = [c for c in frame.columns if c != LINE]
    if frame.is_empty() or not columns:
        return frame
    first = frame.select(pl.struct(columns).is_first_distinct()).to_series()
    duplicates = frame.height - int(first.sum())
    if duplicates:
        raw.noise[DUPLICATE] = duplicates
    return frame.filter(first)


def text(frame: pl.DataFrame, *names: str) -> pl.Expr:
    """The first of ``names`` the file has (coalesced when it has several), else nulls."""
    present = [pl.col(n) for n in names if n in frame.columns]
    if not present:
        return pl.lit(None, dtype=pl.String)
    return present[0] if len(present) == 1 else pl.coalesce(present)


def split(column: str | pl.Expr, separator: str | None = None) -> pl.Expr:
    """A cell as a list: split on the regular expression ``separator``, if any; empty when null."""
    value = pl.col(column) if isinstance(column, str) else column
    if separator:
        value = value.str.replace_all(separator, _UNIT)
    return value.str.split(_UNIT).fill_null(NO_LIST)


def values(frame: pl.DataFrame, names: Iterable[str], separator: str | None = None) -> pl.Expr:
    """Every value of the ``names`` columns the file has, split on ``separator``, in order."""
    parts = [split(n, separator) for n in names if n in frame.columns]
    return pl.concat_list(parts) if parts else NO_LIST


def numbered(frame: pl.DataFrame, pattern: str) -> list[str]:
    r"""Columns matching ``pattern`` (whose group 1 is a number), ordered by that number.

    Examples:
        >>> numbered(pl.DataFrame(schema=["e-mail 10 - value", "e-mail 2 - value", "x"]),
        ...     r"e-mail (\d+) - value")
        ['e-mail 2 - value', 'e-mail 10 - value']
    """
    found = ((re.fullmatch(pattern, c), c) for c in frame.columns)
    return [c for _, c in sorted((int(m[1]), c) for m, c in found if m)]


def name_of(*parts: pl.Expr) -> pl.Expr:
    """Name parts joined by single spaces, null when all are empty."""
    return (
        pl.concat_str(parts, separator=" ", ignore_nulls=True).str.strip_chars().replace("", None)
    )


def require(table: Table, ok: bool, wanted: str, expected: str) -> pl.DataFrame:
    """Take ``table``'s frame if ``ok`` (its header is of the kind wanted).

    Raises:
        SourceError: naming the file, its header line, what is missing and what was found.
    """
    if not ok:
        found = [c for c in table.frame.columns if c != LINE]
        raise SourceError(
            table.name,
            f"lacks {wanted} in its header (found: {', '.join(found[:8])})",
            line=table.header_line,
            hint=f"is this {expected}?",
        )
    return table.take()


def unread_contact_columns(frame: pl.DataFrame, own: str) -> dict[str, int]:
    """Columns that look like an e-mail or phone but are not where the format keeps them.

    ``Email`` or ``Mobile Phone`` in a file whose format has its own columns for them (``own``: a
    regular expression of their names), each with the rows that hold a value there.

    Examples:
        >>> frame = pl.DataFrame({"email": ["a@x.org", None], "e-mail 1 - value": ["b@y", None],
        ...     "phonetic first name": ["x", None], "mobile phone": [" ", None]})
        >>> unread_contact_columns(frame, "^e-mail [0-9]+ - value$")
        {'email': 1, 'mobile phone': 0}
    """
    return {
        column: int(frame[column].str.strip_chars().replace("", None).is_not_null().sum())
        for column in frame.columns
        if re.search(_CONTACT_LIKE, column) and not re.search(own, column)
    }
