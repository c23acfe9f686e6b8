"""Command-line commands for rituals: events and follow-ups, promises, goals.

``netbook event add NAME --on DATE --met PERSON...``, ``event list``, ``event follow-ups``;
``netbook promise PERSON TEXT --by DATE`` (short for ``promise add``), ``promise done ID``,
``promise list``; ``netbook goals``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from netbook.cli.options import (
    AsOfOption,
    FormatOption,
    OutOption,
    PersonArgument,
    WorkspaceOption,
    as_of_day,
    err,
    open_to_change,
    open_to_read,
    open_workspace,
    out,
    parse_day,
    say_empty,
)
from netbook.output import Format, esc, write
from netbook.private import writing

if TYPE_CHECKING:
    from netbook.workspace import Workspace

AllOption = Annotated[bool, typer.Option("--all", help="Include the done ones.")]
EveryFollowUpOption = Annotated[
    bool, typer.Option("--all", help="Every follow-up: done, late, and of older events too.")
]


event_app = typer.Typer(
    help="Events you went to and whom you met there; each person is owed a follow-up.",
    no_args_is_help=True,
)


@event_app.command("add")
def event_add(
    name: Annotated[str, typer.Argument(help='What the event was, e.g. "Berlin Meetup".')],
    on: Annotated[str, typer.Option(help="The day it was held, YYYY-MM-DD.")],
    met: Annotated[
        list[str], typer.Option(help="A person you met (repeatable): name, e-mail, URL or id.")
    ],
    workspace: WorkspaceOption = None,
) -> None:
    """Record an event and whom you met; nothing is stored if a person is unknown or ambiguous."""
    from netbook.rituals.events import add_event
    from netbook.userdata import check_not_future

    day = parse_day(on, "--on")
    ws = open_to_change(workspace)
    check_not_future(ws, day, hint="record an event once it was held: whom you met is contact")
    event = add_event(ws, name, on=day, met=met)
    days = ws.settings().rituals.follow_up_days
    names = ", ".join(p.full_name or p.person_id for p in event.people)
    touched = (
        "a touch each, in `netbook log list`"
        if event.added == len(event.people)
        else f"{event.added} new, a touch each, in `netbook log list`"
        if event.added
        else "each already recorded: no new touch"
    )
    out.print(
        f"Recorded [bold]{esc(event.name)}[/] on {event.held_on} ({event.event_id}): met "
        f"{esc(names)} ({touched}); follow up within {days} days.",
        highlight=False,
        soft_wrap=True,
    )


@event_app.command("list")
def event_list(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Events held by the as-of day, with follow-up rate and median days to follow up.

    Recorded events, one-off group meetings from calendars, and LinkedIn's Events.csv; ``--format
    json`` (or csv) also lists whom you met (``met``).
    """
    import polars as pl

    from netbook.rituals.events import follow_ups, summarise

    ws = open_to_read(workspace)
    status = follow_ups(ws, as_of_day(ws, as_of))
    names = status.group_by("event_id").agg(
        pl.coalesce("person", "person_id").sort().str.join("; ").alias("met")
    )
    frame = (
        summarise(status.lazy())
        .collect()
        .join(names, on="event_id", how="left")
        .sort("held_on", "event", descending=[True, False])
    )
    if format is Format.table and frame.is_empty():
        out.print("No events yet: `netbook event add NAME --on DATE --met PERSON`.")
        return
    if format is Format.table:  # shares and days for people; files keep the numbers
        frame = frame.with_columns(
            pl.format("{}%", (pl.col("rate") * 100).round(0).cast(pl.Int64)).alias("rate"),
            pl.col("median_latency_days").round(1).alias("median days"),
        )
    columns = [
        "held_on",
        "event",
        "people",
        "done",
        "late",
        "overdue",
        "missed",
        "open",
        "rate",
        "median days",
    ]
    write(frame, format, out_file, out, columns)


@event_app.command("follow-ups")
def event_follow_ups(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    all_: EveryFollowUpOption = False,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Follow-ups owed to people met at events of the last 30 days (--all: done and stale too)."""
    import polars as pl

    from netbook.phrases import plural
    from netbook.rituals.events import OWED_DAYS, follow_ups, owed

    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    every = follow_ups(ws, day)
    frame = every if all_ else owed(every, day)
    stale = 0 if all_ else every.filter(pl.col("status") == "missed").height
    if format is Format.table and frame.is_empty():
        out.print("No follow-ups owed.")
    elif not frame.is_empty() or format is not Format.table:
        write(frame, format, out_file, out, ["person", "status", "why"])
    if stale and format is Format.table:
        err.print(
            f"{plural(stale, 'older follow-up')} (events over {OWED_DAYS} days ago): no longer "
            "owed, `--all` lists them.",
            soft_wrap=True,
        )


class _PromiseGroup(TyperGroup):
    """``netbook promise PERSON TEXT --by DATE`` is short for ``netbook promise add ...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Read a first word that is not a command (nor an option) as ``add``'s person.

        Options may come first (``netbook promise -w DIR Ada "send the deck" --by ...``,
        ``netbook promise -w DIR list``).
        """
        at = 0
        while at < len(args) and args[at].startswith("-"):
            at += 2 if args[at] in _VALUED else 1  # an option, and its value
        if at < len(args):
            first = args[at]
            if first not in self.commands:
                args = ["add", *args]
            elif at:  # `promise -w DIR list`: the command's own options, after it
                args = [first, *args[:at], *args[at + 1 :]]
        return super().parse_args(ctx, args)


_VALUED = frozenset({"-w", "--workspace", "--by", "--on"})
"""The options of ``promise add`` that take a value."""


promise_app = typer.Typer(
    cls=_PromiseGroup,
    help="Promises you make: `netbook promise PERSON TEXT --by DATE` records one "
    "(short for `promise add`), `netbook promise done ID` keeps it.",
    no_args_is_help=True,
)


@promise_app.command("add")
def promise_add(
    person: PersonArgument,
    text: Annotated[str, typer.Argument(help='What you promised, e.g. "send the deck".')],
    by: Annotated[str, typer.Option(help="The day it is due, YYYY-MM-DD.")],
    on: Annotated[
        str | None,
        typer.Option(help="The day you made it, YYYY-MM-DD (default: now), e.g. at a meeting."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Record a promise to a person, due by a day."""
    import polars as pl

    from netbook.rituals.promises import add_promise

    ws = open_to_change(workspace)
    made = None if on is None else parse_day(on, "--on")
    promise = add_promise(ws, person, text, by=parse_day(by, "--by"), made_at=made)
    who = ws.people().filter(pl.col("person_id") == promise.person_id).collect()
    name = who["full_name"].item() if who.height == 1 else promise.person_id
    out.print(
        f"Promised [bold]{esc(name)}[/] '{esc(promise.text)}' by {promise.due_on} "
        f"(`netbook promise done {promise.promise_id[:8]}` when it is done).",
        highlight=False,
    )


@promise_app.command("done")
def promise_done(
    promise_id: Annotated[str, typer.Argument(help="The promise's id (or its first characters).")],
    on: Annotated[
        str | None, typer.Option(help="The day you kept it, YYYY-MM-DD (default: now).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Mark a promise done."""
    from netbook.rituals.promises import close_promise

    ws = open_to_change(workspace)
    promise = close_promise(ws, promise_id, on=None if on is None else parse_day(on, "--on"))
    kept = promise.done_at is not None and _local(ws, promise.done_at) <= promise.due_on
    verdict = "kept" if kept else f"done after its day ({promise.due_on})"
    out.print(f"Promise {promise.promise_id} '{esc(promise.text)}': {verdict}.", highlight=False)


def _local(workspace: Workspace, at: datetime) -> date:
    return at.astimezone(ZoneInfo(workspace.settings().time.zone)).date()


@promise_app.command("list")
def promise_list(
    all_: AllOption = False,
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Open promises, overdue first (all, done ones too, with --all)."""
    import polars as pl

    from netbook.rituals.promises import open_promises, promises

    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    frame = promises(ws, day) if all_ else open_promises(ws, day)
    if format is Format.table and frame.is_empty():
        out.print("No open promises." if not all_ else "No promises yet.")
        return
    shown = frame.with_columns(pl.col("promise_id").str.slice(0, 8).alias("id"))
    write(
        shown if format is Format.table else frame, format, out_file, out, ["id", "status", "why"]
    )


def goals_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    periods: Annotated[int, typer.Option(min=1, max=104, help="Periods per goal.")] = 8,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Your goals from netbook.toml: the latest value against the target, and the last periods."""
    from netbook.review.labels import goal_value
    from netbook.rituals.goals import SUGGESTED, goal_attainment, latest

    ws = open_workspace(workspace)
    if not ws.exists and not ws.settings_path.exists():  # a mistyped --workspace: nothing there
        say_empty(ws, "")
        return
    day = as_of_day(ws, as_of)
    frame = goal_attainment(ws, day, periods)
    if format is not Format.table:
        write(frame, format, out_file, out, [])
        return
    if frame.is_empty():
        out.print(
            f"No goals yet: add a {esc('[[goals]]')} block to {esc(ws.settings_path)} "
            "(its comments show one). Suggestions, measured on your data:",
            highlight=False,
            soft_wrap=True,
        )
        frame = goal_attainment(ws, day, periods, goals=SUGGESTED)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    for column in ("goal", "period", "latest", "target", "met", "periods met", f"last {periods}"):
        table.add_column(column)
    for row in latest(frame).iter_rows(named=True):
        sign = "≤" if row["comparison"] == "at_most" else "≥"
        met = {True: "[green]✓[/]", False: "[red]✗[/]", None: "-"}[row["met"]]
        table.add_row(
            esc(row["goal"]),
            f"{row['period']} to {row['period_end']}",
            goal_value(row["metric"], row["value"]),
            f"{sign} {goal_value(row['metric'], row['target'])}",
            met,
            f"{row['periods_met']}/{row['periods']}",
            row["sparkline"],
        )
    if out_file is None:
        out.print(table)
    else:
        with writing(out_file), out_file.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=100, emoji=False).print(table)


def register(app: typer.Typer) -> None:
    """Add ``event``, ``promise`` and ``goals`` to the ``netbook`` application."""
    app.add_typer(event_app, name="event")
    app.add_typer(promise_app, name="promise")
    app.command("goals")(goals_command)
