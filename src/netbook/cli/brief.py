"""``netbook brief``, ``netbook who`` and ``netbook intros``: prepare to meet, find a way in.

Thin wrappers over :mod:`netbook.brief`.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markdown import Markdown

from netbook.cli.options import AsOfOption, WorkspaceOption, as_of_day
from netbook.output import esc, printable
from netbook.workspace import Workspace

out = Console()


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

    ws = Workspace(workspace)
    day = as_of_day(ws, as_of)
    found = brief_person(ws, person, day) if person else meeting_briefs(ws, day, days)
    _emit(found, format, markdown(found))
    if html and not person:
        from netbook.brief.run import run_briefs

        meeting_days = [date.fromisoformat(m["day"]) for m in found["meetings"]]
        for path in run_briefs(ws, meeting_days):
            sys.stderr.write(f"wrote {printable(str(path), one_line=True)}\n")


def register(app: typer.Typer) -> None:
    """Add ``brief``, ``who`` and ``intros`` to the ``netbook`` application."""
    app.command("brief")(brief_command)


__all__ = ["register", "timedelta", "Path", "esc"]
