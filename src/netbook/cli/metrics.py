"""Metric commands: ``health``, ``due``, ``plan`` and ``summary``.

Thin verbs over :mod:`netbook.api`; polars and the data layer are imported when a command runs.
"""

from __future__ import annotations

from datetime import timedelta

from netbook.cli.options import (
    AsOfOption,
    FormatOption,
    LimitOption,
    OutOption,
    Period,
    PeriodOption,
    WorkspaceOption,
    as_of_day,
    open_to_read,
    out,
    show_list,
)
from netbook.output import Format, esc, write


def health_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: LimitOption = 25,
) -> None:
    """Every person's relationship health: recency, frequency, reciprocity, strength, layer, status."""
    from netbook import api

    ws = open_to_read(workspace)
    with ws.reading():  # one connection for today's date (the workspace's zone) and the health
        frame = api.health(ws, as_of=as_of_day(ws, as_of))
    frame = frame.sort("strength", "person_id", descending=[True, False])
    columns = [
        "full_name",
        "layer",
        "days_since_contact",
        "touches_365d",
        "strength",
        "status",
        "why",
    ]
    show_list(ws, frame, columns, format, out_file, limit=limit, nothing="No people yet.")


def due_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: LimitOption = 25,
) -> None:
    """Who to reach out to, most urgent first, and why."""
    from netbook import api

    ws = open_to_read(workspace)
    with ws.reading():  # one connection for today's date and the queue
        frame = api.due(ws, as_of=as_of_day(ws, as_of))
    columns = ["full_name", "company", "layer", "days_since_contact", "why"]
    show_list(ws, frame, columns, format, out_file, limit=limit, nothing="Nobody is due.")


def plan_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """This week's plan: at most 10 actions, one per person, each with its why."""
    import polars as pl

    from netbook import api
    from netbook.phrases import plural
    from netbook.plan import told_apart, week_basis

    ws = open_to_read(workspace)
    with ws.reading():  # one connection for today's date, the plan and the names it shows
        day = as_of_day(ws, as_of)
        frame = api.plan(ws, as_of=day)
        if format is Format.table and not frame.is_empty():
            frame = told_apart(ws, frame)
    if format is Format.table:
        basis = week_basis(day)
        out.print(
            f"Week of {basis + timedelta(days=1)} (made as of Sunday {basis}"
            + ("" if basis == day else ", its days counted from then")
            + f"): {plural(frame.height, 'action')}",
            soft_wrap=True,
        )
        if frame.is_empty():
            in_touch = api.health(ws, as_of=day).filter(pl.col("contact_days") > 0).height
            out.print(
                "Nothing to do this week."
                if in_touch
                else "netbook sees no contact yet (connecting is not contact): import your "
                "messages (the full LinkedIn export's messages.csv), a calendar or an address "
                "book, or log touches with `netbook log`.",
                soft_wrap=True,
            )
            return
    write(frame, format, out_file, out, ["rank", "full_name", "action", "why", "since"])


def summary_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    period: PeriodOption = Period.month,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Network health for a period beside the previous one: size, layers, diversity, dependency.

    The table uses the review's plain labels; JSON, CSV and Parquet keep the machine names.
    """
    from netbook import api
    from netbook.review.labels import heading, readable

    ws = open_to_read(workspace)
    with ws.reading():  # one connection for today's date and the summary
        day = as_of_day(ws, as_of)
        frame = api.summary(ws, as_of=day, period=period.literal)
    if format is not Format.table:
        write(frame, format, out_file, out, [])
        return
    if out_file is None:
        out.print(f"[bold]{esc(heading(day, period.literal))}[/]", highlight=False, soft_wrap=True)
    shown = readable(frame).rename({"label": "measure", "now": "this period", "before": "before"})
    write(shown, format, out_file, out, shown.columns)
