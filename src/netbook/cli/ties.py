"""``netbook knows``, ``netbook ties`` and ``netbook structure``: ties worth reviving or asking.

Thin wrappers over :mod:`netbook.rituals.ties` and :mod:`netbook.rituals.structure`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from netbook.cli.options import (
    AsOfOption,
    FormatOption,
    OutOption,
    ReportFormatOption,
    WorkspaceOption,
    as_of_day,
    open_to_change,
    open_to_read,
    out,
)
from netbook.errors import InputError
from netbook.output import Format, ReportFormat, esc, write
from netbook.private import writing

COMMON = ("kind", "person_id", "full_name", "company", "position", "days_since_contact", "why")
"""The columns of ``netbook ties`` without ``--dormant`` or ``--weak`` (both lists, one frame)."""


def knows_command(
    person: Annotated[
        str, typer.Argument(help="A name, e-mail, LinkedIn URL or person id.", show_default=False)
    ],
    other: Annotated[str, typer.Argument(help="Someone they know.", show_default=False)],
    workspace: WorkspaceOption = None,
) -> None:
    """Record that two people know each other (it links them in `ties --weak` and `structure`)."""
    from netbook.rituals.ties import add_knows

    a, b, added = add_knows(open_to_change(workspace), person, other)
    names = f"[bold]{esc(a.full_name)}[/] and [bold]{esc(b.full_name)}[/]"
    out.print(f"Noted: {names} know each other." if added else f"Already noted: {names}.")


def ties_command(
    dormant: Annotated[
        bool, typer.Option("--dormant", help="Only dormant ties worth reviving.")
    ] = False,
    weak: Annotated[
        bool, typer.Option("--weak", help="Only moderately weak ties (for a job search).")
    ] = False,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: Annotated[int, typer.Option(help="Rows per list (0: all).")] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """Dormant ties worth reviving and moderately weak ties to ask in a job search, with why."""
    import polars as pl

    from netbook.rituals.ties import dormant_ties, read_network, weak_ties

    ws = open_to_read(workspace)
    day = as_of_day(ws, as_of)
    both = dormant == weak
    network = read_network(ws, day)
    lists = []
    if dormant or both:
        found = dormant_ties(ws, day, limit, network=network)
        lists.append(("dormant", "Dormant ties worth reviving", found))
    if weak or both:
        found = weak_ties(ws, day, limit, network=network)
        lists.append(("weak", "Moderately weak ties for a job search", found))
    if format is Format.table and out_file is None:
        for _, title, frame in lists:
            out.print(f"[bold]{title}[/] on {day}: {frame.height}")
            if not frame.is_empty():  # the count says none: no empty table under it
                write(frame, format, None, out, ["full_name", "company", "position", "why"])
        return
    if both:
        frame = pl.concat(
            [f.select(pl.lit(kind).alias("kind"), *COMMON[1:]) for kind, _, f in lists]
        )
    else:
        frame = lists[0][2]
    write(frame, format, out_file, out, ["full_name", "company", "position", "why"])


def structure_command(
    as_of: AsOfOption = None,
    format: ReportFormatOption = ReportFormat.table,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Also write the interactive network chart (HTML) to FILE."),
    ] = None,
    size: Annotated[int, typer.Option(help="Your strongest ties to include.")] = 150,
    limit: Annotated[int, typer.Option(help="Bridging ties to show (0: all).")] = 10,
    workspace: WorkspaceOption = None,
) -> None:
    """Your close network's structure: effective size, constraint, and the bridges to protect."""
    from netbook.review.charts import network_chart
    from netbook.rituals.structure import describe, structure

    if size < 1:
        raise InputError(f"--size {size} is too small", hint="include at least one tie")
    ws = open_to_read(workspace)
    found = structure(ws, as_of_day(ws, as_of), size)
    bridges = found.bridges.head(limit) if limit > 0 else found.bridges
    if chart is not None:
        with writing(chart):
            network_chart(found).write_html(
                chart, include_plotlyjs=True, full_html=True, div_id="netbook-structure"
            )
    if format is ReportFormat.json:
        summary = {
            "as_of": found.as_of.isoformat(),
            "alters": found.alters,
            "ties": found.ties,
            "density": found.density,
            "effective_size": found.effective_size,
            "efficiency": found.efficiency,
            "constraint": found.constraint,
            "communities": found.communities,
            "bridges": bridges.drop("company_key", strict=False).to_dicts(),
        }
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]Your close network[/] on {found.as_of}", highlight=False)
    for line in describe(found):
        out.print(esc(line), highlight=False, soft_wrap=True)
    out.print(f"[bold]Bridging ties to protect[/]: {found.bridges.height}", highlight=False)
    if not bridges.is_empty():
        write(bridges, Format.table, None, out, ["full_name", "company", "strength", "why"])
    if chart is not None:
        out.print(f"Chart: {esc(chart)}")


def register(app: typer.Typer) -> None:
    """Add ``knows``, ``ties`` and ``structure`` to the ``netbook`` application."""
    app.command("knows")(knows_command)
    app.command("ties")(ties_command)
    app.command("structure")(structure_command)
