"""Command-line commands for what the user records by hand: log, snooze, set, merges."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from netbook import merges as mg
from netbook import userdata
from netbook.cli_options import PersonArgument, WorkspaceOption, check_day
from netbook.errors import NetbookError
from netbook.output import esc
from netbook.workspace import Workspace

out = Console()


def _when(text: str) -> date | datetime:
    try:
        when = (
            datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        )
    except ValueError:
        raise NetbookError(
            f"cannot read date {text!r}", hint="write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    check_day(when.date() if isinstance(when, datetime) else when, "--on", text)
    return when


def log_command(
    person: PersonArgument,
    channel: Annotated[
        str, typer.Option("--channel", "-c", help=f"One of {', '.join(userdata.CHANNELS)}.")
    ],
    on: Annotated[str, typer.Option(help="YYYY-MM-DD (or YYYY-MM-DDTHH:MM).")],
    note: Annotated[str | None, typer.Option(help="Your note (kept in the workspace).")] = None,
    gave: Annotated[
        str | None, typer.Option(help=f"What you gave, e.g. {', '.join(userdata.GIVES[:4])}.")
    ] = None,
    received: Annotated[str | None, typer.Option(help="What you received.")] = None,
    direction: Annotated[
        str, typer.Option(help="outbound (you reached out), inbound or mutual.")
    ] = "outbound",
    workspace: WorkspaceOption = None,
) -> None:
    """Log a touch by hand (a call, a coffee, a note); it resets the person's clock."""
    ws = Workspace(workspace)
    entry = userdata.log_touch(
        ws,
        person,
        channel=channel,
        on=_when(on),
        note=note,
        gave=gave,
        received=received,
        direction=direction,
    )
    who = userdata.find_person(ws, person)
    out.print(f"Logged {esc(channel)} with [bold]{esc(who.full_name)}[/] on {esc(on)} ({entry}).")


def snooze_command(
    person: PersonArgument,
    until: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD: hidden from `due` until then.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Wake them up now.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Hide a person from the due queue until a date."""
    if (until is None) == (not off):
        raise NetbookError("give either --until DATE or --off", hint="e.g. --until 2027-01-15")
    day = None if off else _when(until or "")
    if isinstance(day, datetime):
        day = day.date()
    who = userdata.snooze(Workspace(workspace), person, until=day)
    state = "awake" if day is None else f"snoozed until {day}"
    out.print(f"[bold]{esc(who.full_name)}[/] is {state}.")


def set_command(
    person: PersonArgument,
    role: Annotated[
        str | None, typer.Option(help=f"e.g. {', '.join(userdata.ROLES[:5])} ('' clears).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Add a tag (repeatable).")] = None,
    untag: Annotated[list[str] | None, typer.Option(help="Remove a tag (repeatable).")] = None,
    cadence: Annotated[
        str | None, typer.Option(help="Your cadence with them: 30d, 6w, 3m, 1y (0 clears).")
    ] = None,
    closeness: Annotated[int | None, typer.Option(help="How close you are, 1 to 5.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Set a person's role, tags, cadence or closeness."""
    who = userdata.set_person(
        Workspace(workspace),
        person,
        role=role,
        tags=tag or (),
        untag=untag or (),
        cadence_days=None if cadence is None else userdata.parse_cadence(cadence),
        closeness=closeness,
    )
    out.print(f"Updated [bold]{esc(who.full_name)}[/] ({who.person_id}).")


merges_app = typer.Typer(help="Review suggested merges of people, and undo merges.")


def _table(title: str, columns: list[str], rows: list[list[object]]) -> None:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(esc("" if v is None else str(v)) for v in row))
    out.print(table)


@merges_app.callback(invoke_without_command=True)
def merges_list(
    ctx: typer.Context,
    decided: Annotated[bool, typer.Option("--decided", help="Show your decisions.")] = False,
    merged: Annotated[bool, typer.Option("--merged", help="Show merged people.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """List suggested merges (default), your decisions, or merged people."""
    if ctx.invoked_subcommand is not None:
        return
    ws = Workspace(workspace)
    if decided:
        frame = mg.decided(ws)
        _table(
            "Decisions",
            ["decision", "verdict", "a", "b", "evidence", "decided", "undone"],
            [
                list(r)
                for r in frame.select(
                    "decision_id", "verdict", "a_id", "b_id", "evidence", "decided_at", "undone_at"
                ).iter_rows()
            ],
        )
        return
    if merged:
        frame = mg.merged(ws)
        _table("Merged people", frame.columns, [list(r) for r in frame.iter_rows()])
        return
    frame = mg.suggestions(ws)
    if frame.is_empty():
        out.print("No suggested merges.")
        return
    _table(
        f"{frame.height} suggested merges (accept or reject with `netbook merges accept ID`)",
        ["id", "score", "person", "company", "sources", "other", "company ", "sources ", "why"],
        [
            list(r)
            for r in frame.select(
                "suggestion_id",
                "score",
                "a_name",
                "a_company",
                "a_sources",
                "b_name",
                "b_company",
                "b_sources",
                "evidence",
            ).iter_rows()
        ],
    )


@merges_app.command("accept")
def merges_accept(
    suggestion: Annotated[str, typer.Argument(help="The suggestion id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Merge the two people of a suggestion."""
    decision = mg.accept(Workspace(workspace), suggestion)
    out.print(f"Merged (decision {decision}; `netbook merges undo {decision}` takes it back).")


@merges_app.command("reject")
def merges_reject(
    suggestion: Annotated[str, typer.Argument(help="The suggestion id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Remember that the two people of a suggestion are different."""
    decision = mg.reject(Workspace(workspace), suggestion)
    out.print(f"Kept apart (decision {decision}).")


@merges_app.command("split")
def merges_split(
    a: Annotated[str, typer.Argument(help="A person record id (see --merged).")],
    b: Annotated[str, typer.Argument(help="Another record id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Undo an automatic merge of two records."""
    decision = mg.split(Workspace(workspace), a, b)
    out.print(f"Split (decision {decision}).")


@merges_app.command("undo")
def merges_undo(
    decision: Annotated[str, typer.Argument(help="The decision id (see --decided).")],
    workspace: WorkspaceOption = None,
) -> None:
    """Take a decision back."""
    mg.undo(Workspace(workspace), decision)
    out.print(f"Decision {decision} undone.")


def register(app: typer.Typer) -> None:
    """Add these commands to the ``netbook`` application."""
    app.command("log")(log_command)
    app.command("snooze")(snooze_command)
    app.command("set")(set_command)
    app.add_typer(merges_app, name="merges")
