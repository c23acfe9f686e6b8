"""What every ``netbook`` command shares: its consoles, its option types and how it reads a day.

Light on purpose: ``netbook --help`` imports this, so polars, DuckDB and the data layer are
imported by the commands when they run, never here.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from typer._click.core import Context
from typer.core import TyperOption

from netbook.asof import BEHIND_DAYS, to_day
from netbook.errors import InputError
from netbook.locations import ENV
from netbook.output import Format, ReportFormat, esc, printable, write

if TYPE_CHECKING:
    import polars as pl

    from netbook.metrics.network import Period as PeriodName
    from netbook.workspace import Workspace

out = Console(emoji=False)  # "file.csv:100:" is a file and a line, not an emoji
"""Where every command prints its results."""
err = Console(stderr=True, emoji=False)
"""Where every command prints progress, notes and warnings."""


class Period(StrEnum):
    """A period ending at the as-of day: what ``summary`` compares and ``review`` reports on."""

    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"

    @property
    def literal(self) -> PeriodName:
        """The period as the library names it."""
        return self.value


def parse_period(text: str) -> Period:
    """``--period``: one of :class:`Period`, or a one-line error.

    Examples:
        >>> parse_period("quarter")
        <Period.quarter: 'quarter'>
        >>> parse_period("fortnight")
        Traceback (most recent call last):
        netbook.errors.InputError: --period 'fortnight' is unknown (use week, month, quarter or year)
    """
    try:
        return Period(text)
    except ValueError:
        raise InputError(
            f"--period {text!r} is unknown", hint="use week, month, quarter or year"
        ) from None


WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", envvar=ENV, help="Workspace folder (default ./data)."),
]
PersonArgument = Annotated[
    str, typer.Argument(help="A name, e-mail, LinkedIn URL or person id.", show_default=False)
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today in the workspace's zone).")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f")]
ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write to FILE.")]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress line (it is shown only on a terminal anyway)."),
]
LimitOption = Annotated[int, typer.Option(help="Rows in the table view (0: all); files get all.")]
PeriodOption = Annotated[
    Period,
    typer.Option(
        parser=parse_period,
        metavar="<period>",
        help="week, month, quarter or year, ending at the as-of date.",
    ),
]


_display_type_rich = TyperOption.display_type_rich


def _no_flag_type(self: TyperOption, ctx: Context) -> str | None:
    """A flag's ``--help`` row shows no type (typer labels every flag ``<bool>``)."""
    return None if self.is_flag else _display_type_rich(self, ctx)


TyperOption.display_type_rich = _no_flag_type  # type: ignore[method-assign]


def parse_day(text: str, option: str) -> date:
    """``text`` as a date between :data:`FIRST_DAY` and :data:`LAST_DAY`, or an error naming ``option``.

    Examples:
        >>> parse_day("2026-11-16", "--on")
        datetime.date(2026, 11, 16)
        >>> parse_day("soon", "--as-of")
        Traceback (most recent call last):
        netbook.errors.InputError: --as-of 'soon' is not a date (write it as YYYY-MM-DD)
    """
    return to_day(text, option)


def as_of_day(workspace: Workspace, text: str | None) -> date:
    """``--as-of``: the given day, or today in the workspace's time zone.

    For today, a note on stderr when the newest import holds data only up to :data:`BEHIND_DAYS`
    or more days before: the days since read as silence (everyone looks later than they are).
    For a given day, a note when it is before the data or as far after it
    (:func:`~netbook.phrases.outside_the_data`).
    """
    from netbook import api
    from netbook.phrases import outside_the_data

    if text is not None:
        day = parse_day(text, "--as-of")
        if workspace.exists:  # a day before the data, or long after it: said, on stderr
            files = workspace.table("import_files", ("first_at", "last_at"))
            logged = workspace.table("log", ("occurred_at",))["occurred_at"]
            first = min((t for t in (files["first_at"].min(), logged.min()) if t), default=None)
            last = max((t for t in (files["last_at"].max(), logged.max()) if t), default=None)
            said = outside_the_data(
                day,
                first.date() if isinstance(first, datetime) else None,
                last.date() if isinstance(last, datetime) else None,
            )
            if said is not None:
                err.print(f"note: {said}.", soft_wrap=True, highlight=False)
        return day
    day = api.today(workspace)
    if workspace.exists:
        newest = workspace.table("imports", ("exported_on",))["exported_on"].max()
        if isinstance(newest, date) and (day - newest).days >= BEHIND_DAYS:
            err.print(
                f"note: your newest import holds data up to {newest}, {(day - newest).days} days "
                "ago, and the days since read as silence: import a newer export, or pass "
                f"--as-of {newest}.",
                soft_wrap=True,
                highlight=False,
            )
    return day


def open_workspace(path: Path | None) -> Workspace:
    """``--workspace``: the workspace at ``path``; a wait for another process's lock is told on stderr."""
    from netbook.workspace import Workspace

    Workspace.on_wait = _say_waiting
    return Workspace(path)


def open_to_read(path: Path | None) -> Workspace:
    """:func:`open_workspace` for a command that only reads; where nothing was imported, it ends.

    A mistyped ``--workspace`` gets one line naming the folder and what to do (exit 0), never an
    empty network reported as if it were one.
    """
    ws = open_workspace(path)
    if not ws.exists:
        say_empty(ws, "")
        raise typer.Exit(0)
    return ws


def open_to_change(path: Path | None) -> Workspace:
    """:func:`open_workspace` for a command that records something about people already imported.

    Raises:
        InputError: nothing was imported there (a mistyped ``--workspace``, say): nothing is
            created, and the line names the folder.
    """
    from netbook.errors import InputError

    ws = open_workspace(path)
    if not ws.exists:
        raise InputError(
            f"{ws.root}: nothing imported here",
            hint=f"check --workspace, or import an export first: `netbook import PATH -w {ws.root}`",
        )
    return ws


def _say_waiting(text: str) -> None:
    sys.stderr.write(f"{printable(text, one_line=True)}\n")
    sys.stderr.flush()


def say_empty(workspace: Workspace, nothing: str) -> None:
    """One line for an empty result: ``nothing`` found, or no workspace at all where one was named.

    A mistyped ``--workspace`` reads as an empty workspace; the line names the folder so it shows.
    """
    if workspace.exists:
        out.print(nothing, highlight=False, soft_wrap=True)
        return
    out.print(
        f"Nothing imported in {esc(workspace.root)}: check --workspace, or import an export "
        f"with `netbook import PATH -w {esc(workspace.root)}`.",
        highlight=False,
        soft_wrap=True,
    )


def print_table(title: str, columns: list[str], rows: list[list[object]]) -> None:
    """Print ``rows`` under ``columns`` as a titled table; the first column (an id) stays whole."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, overflow="fold", no_wrap=index == 0)  # an id stays whole
    for row in rows:
        table.add_row(*(esc("" if v is None else str(v)) for v in row))
    out.print(table)


def show_list(
    workspace: Workspace,
    frame: pl.DataFrame,
    columns: list[str],
    format: Format,
    out_file: Path | None,
    *,
    limit: int,
    nothing: str,
) -> None:
    """A list verb's output: ``nothing`` in one line when empty, else the first ``limit`` rows.

    The table view shows ``limit`` rows (0: all) with an "N of M shown" footer; files get all rows.
    """
    if frame.is_empty() and format is Format.table and out_file is None:
        say_empty(workspace, nothing)
        return
    shown = frame.head(limit) if format is Format.table and limit > 0 else frame
    write(shown, format, out_file, out, columns, total=frame.height)
