"""Command-line commands for what the user records by hand: log, snooze, set."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from typer._click.core import Context
from typer.core import TyperGroup

from netbook.asof import check_day
from netbook.cli.options import (
    PersonArgument,
    WorkspaceOption,
    err,
    open_to_change,
    open_to_read,
    out,
    print_table,
)
from netbook.errors import InputError
from netbook.output import esc
from netbook.vocabulary import CHANNELS, CLEAR_ROLE, GIVES, ROLES


def _when(text: str) -> date | datetime:
    try:
        when = (
            datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        )
    except ValueError:
        raise InputError(
            f"cannot read date {text!r}", hint="write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    check_day(when.date() if isinstance(when, datetime) else when, "--on", text)
    return when


class _LogGroup(TyperGroup):
    """``netbook log PERSON ...`` logs a touch (the ``add`` command); ``list`` and ``undo`` too."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Read ``netbook log PERSON ...`` as ``netbook log add PERSON ...``."""
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["add", *args]
        return super().parse_args(ctx, args)


log_app = typer.Typer(
    cls=_LogGroup,
    no_args_is_help=True,
    help="Log a touch by hand (`netbook log PERSON -c call`), list what you logged, or undo it.",
)


@log_app.command("add")
def log_command(
    person: PersonArgument,
    channel: Annotated[
        str,
        typer.Option("--channel", "-c", help=f"One of {', '.join(CHANNELS)} (any case)."),
    ],
    on: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Your note (kept in the workspace).")] = None,
    gave: Annotated[
        str | None, typer.Option(help=f"What you gave, e.g. {', '.join(GIVES[:4])}.")
    ] = None,
    received: Annotated[str | None, typer.Option(help="What you received.")] = None,
    direction: Annotated[
        str, typer.Option(help="outbound (you reached out), inbound or mutual.")
    ] = "outbound",
    future: Annotated[
        bool, typer.Option("--future", help="Accept a day after today (a planned touch).")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Log a touch by hand (a call, a meeting, a note); it resets the person's clock."""
    from netbook import api, userdata

    written = None if on is None else _when(on)  # a usage error before the workspace's
    ws = open_to_change(workspace)
    when = api.today(ws) if written is None else written
    if not future:
        userdata.check_not_future(ws, when)
    entry = userdata.log_touch(
        ws,
        person,
        channel=channel,
        on=when,
        note=note,
        gave=gave,
        received=received,
        direction=direction,
    )
    who = userdata.find_person(ws, person)
    saved = f"{channel.strip().lower()}, {direction}"
    if gave or received:
        saved += f", {'gave' if gave else 'received'} {gave or received}"
    if note:
        saved += f", note {note!r}"
    out.print(
        f"Logged {esc(channel.strip().lower())} with [bold]{esc(who.full_name)}[/] on "
        f"{esc(when.isoformat())} ({esc(saved)}); id {entry} "
        f"(`netbook log undo {entry}` takes it back).",
        soft_wrap=True,
    )


@log_app.command("list")
def log_list_command(
    person: Annotated[
        str | None,
        typer.Argument(help="Only this person (name, e-mail, URL or id).", show_default=False),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List what you logged by hand, newest first, with the ids `netbook log undo` takes."""
    from netbook import userdata
    from netbook.phrases import plural

    frame = userdata.log_entries(open_to_read(workspace), person)
    if frame.is_empty():
        out.print(
            "Nothing logged yet." if person is None else f"Nothing logged with {esc(person)}."
        )
        return
    rows = [
        [
            r["entry_id"],
            r["occurred_at"].strftime("%Y-%m-%d %H:%M").removesuffix(" 12:00"),
            r["full_name"],
            r["channel"],
            r["direction"],
            r["detail"],
            r["note"],
        ]
        for r in frame.iter_rows(named=True)
    ]
    print_table(
        f"{plural(frame.height, 'logged touch', 'es')}",
        ["id", "when", "person", "channel", "direction", "gave/received", "note"],
        rows,
    )


@log_app.command("undo")
def log_undo_command(
    entry: Annotated[
        str | None, typer.Argument(help="The id (see `netbook log list`).", show_default=False)
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="The touch you logged most recently.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Remove a touch you logged by mistake: by its id, or the one logged last (--last)."""
    from netbook import userdata

    ws = open_to_change(workspace)
    if (entry is None) == (not last):
        raise InputError(
            "give the id of the touch to remove, or --last (not both)",
            hint="see the ids with `netbook log list`",
        )
    if entry is None:
        newest = ws.table("log").sort("logged_at", "entry_id").tail(1)
        if newest.is_empty():
            raise InputError("nothing logged yet; nothing changed", hint="see `netbook log list`")
        entry = str(newest["entry_id"][0])
    removed = userdata.undo_touch(ws, entry)
    when = removed["occurred_at"]
    day = (
        when.astimezone(ZoneInfo(ws.settings().time.zone)).date()
        if isinstance(when, datetime)
        else when
    )
    out.print(f"Removed the {esc(removed['channel'])} on {day} ({esc(removed['entry_id'])}).")


def snooze_command(
    person: PersonArgument,
    until: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD: hidden from `due` until then.")
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Wake them up now.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Hide a person from the due queue until a date."""
    from netbook import api, userdata

    if (until is None) == (not off):
        raise InputError("give either --until DATE or --off", hint="e.g. --until 2027-01-15")
    day = None if off else _when(until or "")
    if isinstance(day, datetime):
        day = day.date()
    ws = open_to_change(workspace)
    who = userdata.snooze(ws, person, until=day)
    today = api.today(ws)
    if day is not None and day <= today:
        err.print(
            f"warning: {day} is not after today ({today}): {esc(who.full_name)} shows in "
            "`netbook due` again at once; give a later --until to hide them",
            highlight=False,
            soft_wrap=True,
        )
    state = "awake" if day is None else f"snoozed until {day}"
    out.print(f"[bold]{esc(who.full_name)}[/] is {state}.")


def set_command(
    person: PersonArgument,
    role: Annotated[
        str | None, typer.Option(help=f"e.g. {', '.join(ROLES[:5])} ('none' clears).")
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
    from netbook import userdata

    days = None if cadence is None else userdata.parse_cadence(cadence)
    who = userdata.set_person(
        open_to_change(workspace),
        person,
        role=role,
        tags=tag or (),
        untag=untag or (),
        cadence_days=days,
        closeness=closeness,
    )
    saved = []
    if role is not None:
        cleaned = role.strip().lower()
        saved.append("role cleared" if cleaned in CLEAR_ROLE else f"role {cleaned}")
    saved += [f"tag +{t.strip()}" for t in tag or () if t.strip()]
    saved += [f"tag -{t.strip()}" for t in untag or () if t.strip()]
    if days is not None:
        saved.append(f"cadence {days} days" if days else "cadence cleared (the layer's again)")
    if closeness is not None:
        saved.append(f"closeness {closeness} of 5")
    out.print(
        f"Updated [bold]{esc(who.full_name)}[/] ({who.person_id}): {esc(', '.join(saved))}.",
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to the ``netbook`` application."""
    app.add_typer(log_app, name="log")
    app.command("snooze")(snooze_command)
    app.command("set")(set_command)
