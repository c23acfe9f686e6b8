"""``netbook brief``, ``netbook who`` and ``netbook intros``: prepare to meet, find a way in.

Thin wrappers over :mod:`netbook.brief`.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from netbook.cli.options import (
    AsOfOption,
    FormatOption,
    OutOption,
    WorkspaceOption,
    as_of_day,
    open_to_change,
    open_to_read,
    out,
    show_list,
)
from netbook.errors import InputError
from netbook.output import Format, esc, printable, write


class BriefFormat(StrEnum):
    """How a brief is printed."""

    table = "table"
    json = "json"
    md = "md"


FormatOpt = Annotated[BriefFormat, typer.Option("--format", "-f", help="table, json or md.")]


def _emit(found: dict[str, Any], format: BriefFormat, markdown: str) -> None:
    if format is BriefFormat.json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, sort_keys=True) + "\n")
    elif format is BriefFormat.md:
        sys.stdout.write(printable(markdown))
    else:
        from rich.markdown import Markdown  # markdown-it loads only for a brief shown here

        out.print(Markdown(printable(markdown)))


def brief_command(
    person: Annotated[
        str | None, typer.Argument(help="A name, e-mail, LinkedIn URL or person id.")
    ] = None,
    days: Annotated[int, typer.Option(help="Days of meetings to brief, from --as-of.")] = 7,
    as_of: AsOfOption = None,
    format: FormatOpt = BriefFormat.table,
    html: Annotated[
        bool, typer.Option("--html", help="Also write an offline HTML brief per day with meetings.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Brief each meeting of the next days (from imported calendars), or one PERSON."""
    from netbook.brief import brief_person, meeting_briefs
    from netbook.brief.render import markdown

    if html and person:
        raise InputError(
            "--html writes the briefs of each day's meetings, not one person's",
            hint="leave out PERSON, or use --format md for one person",
        )
    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    found = brief_person(ws, person, day) if person else meeting_briefs(ws, day, days)
    _emit(found, format, markdown(found))
    if html and not person:
        from netbook.brief.run import run_briefs

        meeting_days = [date.fromisoformat(m["day"]) for m in found["meetings"]]
        for path in run_briefs(ws, meeting_days):
            sys.stderr.write(f"wrote {printable(str(path), one_line=True)}\n")


def who_command(
    text: Annotated[str, typer.Argument(help="A company, a title or a tag.", show_default=False)],
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: Annotated[int, typer.Option(help="Rows in the table view (0: all).")] = 25,
    workspace: WorkspaceOption = None,
) -> None:
    """Who you know at a company (now, or before: job changes), or by title or tag, with a path."""
    import polars as pl

    from netbook.brief.who import who

    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    frame = who(ws, text, day).with_columns(pl.col("strength").round(2))
    columns = ["full_name", "match", "strength", "layer", "path"]
    nothing = f"Nobody you know matches {esc(repr(text))} (company, title or tag)."
    show_list(ws, frame, columns, format, out_file, limit=limit, nothing=nothing)


def intros_command(
    action: Annotated[
        str | None, typer.Argument(help="`done` to record an introduction you made.")
    ] = None,
    people: Annotated[
        list[str] | None, typer.Argument(help="With `done`: the two people introduced.")
    ] = None,
    on: Annotated[str | None, typer.Option(help="With `done`: the day (default today).")] = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: Annotated[int, typer.Option(help="Introductions listed at most.")] = 10,
    workspace: WorkspaceOption = None,
) -> None:
    """Introductions you could make (pairs who would gain and do not know each other), with why.

    `netbook intros done A B` records one you made: it is never suggested again and both get a
    touch (an intro you gave).
    """
    from netbook.brief.intros import intros, record_intro

    ws = open_to_read(workspace) if action is None else open_to_change(workspace)
    if action is not None:
        if action != "done" or not people or len(people) != 2:
            raise InputError(
                f"`netbook intros {action}` is unknown",
                hint="use `netbook intros` or `netbook intros done PERSON OTHER`",
            )
        a, b, added = record_intro(ws, people[0], people[1], as_of_day(ws, on))
        names = f"[bold]{esc(a.full_name)}[/] and [bold]{esc(b.full_name)}[/]"
        out.print(f"Recorded: you introduced {names}." if added else f"Already recorded: {names}.")
        return
    frame = intros(ws, as_of_day(ws, as_of), limit)
    write(frame, format, out_file, out, ["a_name", "b_name", "why"])


def register(app: typer.Typer) -> None:
    """Add ``brief``, ``who`` and ``intros`` to the ``netbook`` application."""
    app.command("brief")(brief_command)
    app.command("who")(who_command)
    app.command("intros")(intros_command)
