"""``netbook remind``: promises, follow-ups, the due queue, milestones and job changes as iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netbook.cli.options import (
    AsOfOption,
    WorkspaceOption,
    as_of_day,
    open_to_read,
    out,
)
from netbook.output import esc
from netbook.private import writing


def remind_command(
    ics: Annotated[
        Path, typer.Option("--ics", help="The iCalendar file to write (replaced if it exists).")
    ],
    as_of: AsOfOption = None,
    days: Annotated[int, typer.Option(help="How many days ahead to look.")] = 14,
    workspace: WorkspaceOption = None,
) -> None:
    """Write reminders (promises, follow-ups, who is due, milestones, job changes, meeting briefs).

    Each reminder is an all-day event with a stable UID, so importing or subscribing to a newer file
    updates events instead of duplicating them; the same workspace and --as-of give the same bytes.
    """
    import polars as pl

    from netbook.rituals.remind import write_ics

    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    with writing(ics):
        frame = write_ics(ws, ics, as_of=day, days=days)
    kinds = (
        frame.group_by(pl.col("uid").str.extract(_KIND).alias("kind"))
        .len()
        .sort(["len", "kind"], descending=[True, False], nulls_last=True)
    )
    counts = ", ".join(f"{n} {(k or 'other').replace('-', ' ')}" for k, n in kinds.iter_rows())
    out.print(
        f"Wrote {frame.height} reminders ({esc(counts or 'none')}) from {day} to {esc(ics)}",
        highlight=False,
        soft_wrap=True,
    )


_KIND = r"^netbook-(follow-up|job-change|brief|connection-anniversary|work-anniversary|[a-z]+)-"
"""The kind of reminder a uid names (the multi-word kinds first)."""


def register(app: typer.Typer) -> None:
    """Add ``netbook remind`` to the ``netbook`` application."""
    app.command("remind")(remind_command)
