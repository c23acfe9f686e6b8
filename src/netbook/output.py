"""Writing result frames for people: a rich table, CSV (spreadsheet-safe), JSON or Parquet."""

from __future__ import annotations

import re
import sys
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from netbook.errors import InputError
from netbook.private import writing

if TYPE_CHECKING:
    import polars as pl


class Format(StrEnum):
    """Output formats of listing commands."""

    table = "table"
    json = "json"
    csv = "csv"
    parquet = "parquet"


class ReportFormat(StrEnum):
    """Output formats of commands that print a report rather than rows: a table or JSON."""

    table = "table"
    json = "json"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, *, one_line: bool = False) -> str:
    r"""``text`` with control characters (ESC, NUL, CR...) shown as ``\x..``: never run by a terminal.

    ``one_line`` shows line breaks and tabs so too (an error message is one line).

    Examples:
        >>> printable("Ada\x1b[31m Red\x00")
        'Ada\\x1b[31m Red\\x00'
    """
    pattern = _CONTROL_OR_BREAK if one_line else _CONTROL
    return pattern.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


def esc(value: object) -> str:
    """Data (names, file names) is shown as text, never read as rich markup or terminal codes."""
    return escape(printable(str(value)))


def safe_csv(frame: pl.DataFrame) -> str:
    """CSV with formula-like cells neutralised (spreadsheet injection) and lists joined by ``;``.

    Examples:
        >>> import polars as pl
        >>> print(safe_csv(pl.DataFrame({"a": ["=1+1", "ok"], "t": [["x", "y"], []]})), end="")
        a,t
        '=1+1,x;y
        ok,""
    """
    return _neutralised(frame).write_csv()


def _neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` as :func:`safe_csv` writes it."""
    import polars as pl  # here, not above: the command line's --help loads no polars

    flat = frame.with_columns(
        pl.col(c).list.join(";") for c, t in frame.schema.items() if isinstance(t, pl.List)
    )
    risky = r"^[=+\-@\t\r]"
    cleaned = flat.with_columns(
        pl.when(pl.col(c).str.contains(risky))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, t in flat.schema.items()
        if t == pl.String
    )
    return cleaned


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return esc(value)


def write(
    frame: pl.DataFrame,
    format: Format,
    out: Path | None,
    console: Console,
    table_columns: list[str],
    *,
    total: int | None = None,
) -> None:
    """Show ``frame`` (the table view shows ``table_columns``) or write it to ``out``.

    Args:
        frame: the rows to show or write.
        format: table, CSV, JSON or Parquet.
        out: the file to write, or ``None`` for the terminal.
        console: where a table is shown.
        table_columns: the columns a table shows.
        total: how many rows there are in all when ``frame`` is the first of them; a table then
            ends with "25 of 153 shown".

    Raises:
        NetbookError: Parquet was asked for without ``--out``, or ``out`` cannot be written.
    """
    with writing(out) if out is not None else nullcontext():
        _write(frame, format, out, console, table_columns)
    if format is Format.table and out is None and total is not None:
        say_shown(console, frame.height, total)


def say_shown(console: Console, shown: int, total: int) -> None:
    """End a table of the first ``shown`` of ``total`` rows with "25 of 153 shown" (if fewer)."""
    if total > shown:
        console.print(
            f"{shown:,} of {total:,} shown (--limit 0 shows all, --format csv writes all)",
            highlight=False,
        )


def _write(
    frame: pl.DataFrame,
    format: Format,
    out: Path | None,
    console: Console,
    table_columns: list[str],
) -> None:
    if format is Format.parquet:
        if out is None:
            raise InputError("--format parquet needs --out FILE", hint="name a .parquet file")
        frame.write_parquet(out)
    elif format is Format.table:
        table = Table(*table_columns, box=box.SIMPLE, padding=(0, 1))
        for row in frame.select(table_columns).iter_rows():
            table.add_row(*(_cell(v) for v in row))
        if out is None:
            console.print(table)
        else:
            with out.open("w", encoding="utf-8") as handle:
                Console(file=handle, width=100, emoji=False).print(table)
    elif format is Format.csv and out is not None:
        _neutralised(frame).write_csv(out)  # straight to the file: no 13 MB string at 30k people
    else:
        text = safe_csv(frame) if format is Format.csv else frame.write_json() + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
