"""Data commands: ``import``, ``doctor``, ``people``, ``sources`` and ``sample``.

Thin verbs: each reads its options, calls the library and prints; the data layer is imported
when a command runs, so that ``netbook --help`` stays light.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from netbook.cli.options import (
    FormatOption,
    OutOption,
    QuietOption,
    ReportFormatOption,
    WorkspaceOption,
    err,
    open_to_read,
    open_workspace,
    out,
    say_empty,
)
from netbook.errors import InputError
from netbook.output import Format, ReportFormat, esc, write


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Export zip files, folders or CSV files.")],
    workspace: WorkspaceOption = None,
    strict: Annotated[bool, typer.Option(help="Fail the import on any unreadable row.")] = False,
    source: Annotated[
        str | None, typer.Option(help="Force a source (see `netbook sources`).")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="For --source csv: FIELD=HEADER, repeatable (e.g. --map full_name=Name).",
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Import exports into the workspace (importing twice adds nothing).

    Exit code: 0 when every file was read, 1 when some files were skipped (named on the import
    line and in `netbook doctor`), 2 when nothing was imported.
    """
    from netbook.cli.imports import run_import

    code = run_import(
        out,
        err,
        open_workspace(workspace),
        paths,
        strict=strict,
        source=source,
        map_=map_,
        quiet=quiet,
    )
    if code:
        raise typer.Exit(code)


def doctor_command(
    workspace: WorkspaceOption = None,
    format: ReportFormatOption = ReportFormat.table,
) -> None:
    """Report what the workspace holds and how each source's latest import went."""
    from netbook import doctor
    from netbook.cli.imports import print_doctor

    data = doctor.report(open_to_read(workspace))
    if format is ReportFormat.json:
        out.print_json(json.dumps(data, default=str))
        return
    print_doctor(out, data)


def people_command(
    query: Annotated[
        str | None, typer.Argument(help="Text to find in name, company, position.")
    ] = None,
    workspace: WorkspaceOption = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0 for all).")] = 25,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """List people, newest connections first, optionally matching QUERY."""
    from netbook import api

    ws = open_to_read(workspace)
    found = api.search_people(ws, query)
    if found.is_empty() and format is Format.table and out_file is None:
        say_empty(ws, f"Nobody matches {esc(repr(query))}." if query else "No people yet.")
        return
    shown = found.head(limit) if limit else found
    write(shown, format, out_file, out, list(api.PEOPLE_COLUMNS), total=found.height)


def sources_command() -> None:
    """List the sources netbook can import (built in and from plugins)."""
    from netbook.sources import SOURCES

    for name, source in SOURCES.items():
        out.print(f"[bold]{name}[/]: {source.description}")


def sample_command(
    directory: Annotated[Path, typer.Argument(help="Where to write the synthetic export.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 7,
    connections: Annotated[int, typer.Option(help="Connections to generate.")] = 300,
    messages: Annotated[int, typer.Option(help="Messages to generate.")] = 3000,
    exported_on: Annotated[str, typer.Option(help="Export date, YYYY-MM-DD.")] = "2026-11-16",
    zip_: Annotated[bool, typer.Option("--zip", help="Write one LinkedIn-style zip.")] = False,
    later_than_months: Annotated[
        int,
        typer.Option(
            "--later-than-months",
            help="Write the same network this many months later, ~5% in new jobs (with --zip).",
        ),
    ] = 0,
    off_linkedin: Annotated[
        Path | None,
        typer.Option(
            "--off-linkedin",
            help="Also write an address book, an mbox, WhatsApp and Slack chats and a calendar of "
            "the same network into this folder (contacts/, mail/, chats/, calendar/).",
        ),
    ] = None,
) -> None:
    """Write a realistic synthetic LinkedIn export (no real person in it)."""
    from netbook.sample import write_later_sample, write_sample
    from netbook.sample.chats import write_off_linkedin
    from netbook.sample.common import export_path

    if connections < 10 or messages < 100:  # the generator's floor for a realistic export
        raise InputError(
            f"--connections {connections} --messages {messages} is too small",
            hint="use at least --connections 10 --messages 100",
        )
    day = date.fromisoformat(exported_on)
    if later_than_months:
        with err.status("Writing the later export ..."):
            later = write_later_sample(
                directory,
                seed=seed,
                connections=connections,
                messages=messages,
                exported_on=day,
                months=later_than_months,
                zip=zip_,
            )
        out.print_json(json.dumps(later.to_dict()))
        _say_written(export_path(directory, later.exported_on, zip=zip_))
        if not zip_:
            err.print(
                f"note: {esc(directory)} has the first export's activity, so netbook dates it by "
                f"its name: import it as a folder named Complete_LinkedInDataExport_"
                f"{later.exported_on:%m-%d-%Y}, or write it with --zip",
                highlight=False,
                soft_wrap=True,
            )
        return
    with err.status("Writing sample export ..."):
        truth = write_sample(
            directory,
            seed=seed,
            connections=connections,
            messages=messages,
            exported_on=day,
            zip=zip_,
        )
    data = truth.to_dict()
    if off_linkedin is not None:
        with err.status("Writing mail and chats ..."):
            data["off_linkedin"] = asdict(
                write_off_linkedin(
                    off_linkedin,
                    seed=seed,
                    connections=connections,
                    messages=messages,
                    exported_on=day,
                )
            )
    out.print_json(json.dumps(data))
    _say_written(export_path(directory, day, zip=zip_))


def _say_written(path: Path) -> None:
    """Name the export ``sample`` wrote, on stderr (stdout stays one JSON document)."""
    err.print(
        f"wrote {esc(path)} (import it with `netbook import {esc(path)}`)",
        highlight=False,
        soft_wrap=True,
    )
