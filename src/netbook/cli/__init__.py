"""The ``netbook`` command line: thin wrappers over the Python API, with rich output."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from netbook import api, doctor
from netbook.cli import brief as cli_brief
from netbook.cli import imports as cli_import
from netbook.cli import log as cli_log
from netbook.cli import rate as cli_rate
from netbook.cli import remind as cli_rituals_remind
from netbook.cli import review as cli_review
from netbook.cli import rituals as cli_rituals
from netbook.cli import ties as cli_ties
from netbook.cli.options import (
    AsOfOption,
    FormatOption,
    OutOption,
    QuietOption,
    WorkspaceOption,
    as_of_day,
)
from netbook.errors import NetbookError
from netbook.output import Format, ReportFormat, esc, printable, write
from netbook.private import use_private_umask
from netbook.sources import SOURCES
from netbook.startup import skip_slow_optional_imports
from netbook.workspace import Workspace

app = typer.Typer(
    help="netbook: your professional network, from your own exports, on your own machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
out_console = out
err = Console(stderr=True)


@app.command("import")
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
    code = cli_import.run_import(
        out, err, Workspace(workspace), paths, strict=strict, source=source, map_=map_, quiet=quiet
    )
    if code:
        raise typer.Exit(code)


@app.command("doctor")
def doctor_command(
    workspace: WorkspaceOption = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Report what the workspace holds and how each source's latest import went."""
    data = doctor.report(Workspace(workspace))
    if format is ReportFormat.json:
        out.print_json(json.dumps(data, default=str))
        return
    cli_import.print_doctor(out, data)


@app.command("people")
def people_command(
    query: Annotated[
        str | None, typer.Argument(help="Text to find in name, company, position.")
    ] = None,
    workspace: WorkspaceOption = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0 for all).")] = 25,
    format: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """List people, newest connections first, optionally matching QUERY."""
    frame = Workspace(workspace).people()
    if query:
        needle = query.casefold()
        frame = frame.filter(
            pl.any_horizontal(
                pl.col(c).str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
                for c in ("full_name", "company", "position", "profile_url", "email")
            )
        )
    frame = frame.sort("connected_on", "full_name", descending=[True, False], nulls_last=True)
    columns = ["full_name", "company", "position", "connected_on", "profile_url"]
    found = frame.select(columns).collect()
    shown = found.head(limit) if limit else found
    write(shown, format, out, out_console, columns, total=found.height)


LimitOption = Annotated[int, typer.Option(help="Rows in the table view (0: all); files get all.")]


def _limited(frame: pl.DataFrame, format: Format, limit: int) -> pl.DataFrame:
    return frame.head(limit) if format is Format.table and limit > 0 else frame


@app.command("health")
def health_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out: OutOption = None,
    limit: LimitOption = 25,
) -> None:
    """Every person's relationship health: recency, frequency, reciprocity, strength, layer, status."""
    ws = Workspace(workspace)
    frame = api.health(ws, as_of=as_of_day(ws, as_of)).sort(
        "strength", "person_id", descending=[True, False]
    )
    columns = [
        "full_name",
        "layer",
        "days_since_contact",
        "touches_365d",
        "strength",
        "status",
        "why",
    ]
    write(_limited(frame, format, limit), format, out, out_console, columns, total=frame.height)


@app.command("due")
def due_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out: OutOption = None,
    limit: LimitOption = 25,
) -> None:
    """Who to reach out to, most urgent first, and why."""
    ws = Workspace(workspace)
    frame = api.due(ws, as_of=as_of_day(ws, as_of))
    shown = _limited(frame, format, limit)
    columns = ["full_name", "company", "layer", "days_since_contact", "why"]
    write(shown, format, out, out_console, columns, total=frame.height)


@app.command("plan")
def plan_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """This week's plan: at most 10 actions, one per person, each with its why."""
    from netbook.plan import week_basis

    ws = Workspace(workspace)
    day = as_of_day(ws, as_of)
    frame = api.plan(ws, as_of=day)
    if format is Format.table:
        basis = week_basis(day)
        out_console.print(
            f"Week of {basis + timedelta(days=1)} (made as of {basis}): "
            f"{frame.height} action{'' if frame.height == 1 else 's'}",
            soft_wrap=True,
        )
        if frame.is_empty():
            in_touch = api.health(ws, as_of=day).filter(pl.col("contact_days") > 0).height
            out_console.print(
                "Nothing to do this week."
                if in_touch
                else "netbook sees no contact yet (connecting is not contact): import your "
                "messages (the full LinkedIn export's messages.csv), a calendar or an address "
                "book, or log touches with `netbook log`.",
                soft_wrap=True,
            )
            return
    write(frame, format, out, out_console, ["rank", "full_name", "action", "why", "since"])


@app.command("summary")
def summary_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    period: Annotated[
        str, typer.Option(help="week, month, quarter or year, ending at the as-of date.")
    ] = "month",
    format: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """Network health for a period beside the previous one: size, layers, diversity, dependency.

    The table uses the review's plain labels; JSON, CSV and Parquet keep the machine names.
    """
    from netbook.review.labels import heading, readable

    if period not in ("week", "month", "quarter", "year"):
        raise NetbookError(
            f"--period {period!r} is unknown", hint="use week, month, quarter or year"
        )
    ws = Workspace(workspace)
    day = as_of_day(ws, as_of)
    frame = api.summary(ws, as_of=day, period=period)  # type: ignore[arg-type]
    if format is not Format.table:
        write(frame, format, out, out_console, [])
        return
    title = heading(day, period)  # type: ignore[arg-type]
    if out is None:
        out_console.print(f"[bold]{esc(title)}[/]", highlight=False, soft_wrap=True)
    shown = readable(frame).rename({"label": "measure", "now": "this period", "before": "before"})
    write(shown, format, out, out_console, shown.columns)


@app.command("sources")
def sources_command() -> None:
    """List the sources netbook can import (built in and from plugins)."""
    for name, source in SOURCES.items():
        out.print(f"[bold]{name}[/]: {source.description}")


@app.command("sample")
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
            help="Also write an address book, an mbox and WhatsApp and Slack chats of the same "
            "network into this folder (contacts/, mail/, chats/).",
        ),
    ] = None,
) -> None:
    """Write a realistic synthetic LinkedIn export (no real person in it)."""
    from netbook.sample import write_later_sample, write_sample
    from netbook.sample.chats import write_off_linkedin
    from netbook.sample.common import export_path

    if connections < 10 or messages < 100:  # the generator's floor for a realistic export
        raise NetbookError(
            f"--connections {connections} --messages {messages} is too small",
            hint="use at least --connections 10 --messages 100",
        )

    if later_than_months:
        with err.status("Writing the later export ..."):
            later = write_later_sample(
                directory,
                seed=seed,
                connections=connections,
                messages=messages,
                exported_on=date.fromisoformat(exported_on),
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
            exported_on=date.fromisoformat(exported_on),
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
                    exported_on=date.fromisoformat(exported_on),
                )
            )
    out.print_json(json.dumps(data))
    _say_written(export_path(directory, date.fromisoformat(exported_on), zip=zip_))


def _say_written(path: Path) -> None:
    """Name the export ``sample`` wrote, on stderr (stdout stays one JSON document)."""
    err.print(
        f"wrote {esc(path)} (import it with `netbook import {esc(path)}`)",
        highlight=False,
        soft_wrap=True,
    )


cli_log.register(app)
cli_rate.register(app)
cli_review.register(app)
cli_rituals_remind.register(app)
cli_rituals.register(app)
cli_ties.register(app)
cli_brief.register(app)


def _say_waiting(text: str) -> None:
    sys.stderr.write(f"{printable(text, one_line=True)}\n")
    sys.stderr.flush()


def main() -> None:
    """Entry point: one clear line and exit 2 for bad input; a traceback only for netbook's bugs."""
    skip_slow_optional_imports()
    use_private_umask()
    Workspace.on_wait = _say_waiting
    try:
        code = app(prog_name="netbook", standalone_mode=False)  # usage errors: one line below
    except NoArgsIsHelpError as error:  # a bare ``netbook`` or group: the help was printed
        sys.exit(error.exit_code)
    except ClickException as error:  # a typo'd option, a bad value: one line, not a box
        sys.stderr.write(f"error: {printable(_usage(error), one_line=True)}\n")
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.stderr.write("error: aborted\n")
        sys.exit(1)
    except NetbookError as error:
        sys.stderr.write(f"error: {printable(str(error), one_line=True)}\n")
        sys.exit(error.exit_code)
    except OSError as error:  # a full disk, a read-only folder: the path and the reason, no trace
        where = printable(f"{error.filename}: ", one_line=True) if error.filename else ""
        sys.stderr.write(
            f"error: {where}{error.strerror or error} (check the path, its "
            "permissions and the free disk space)\n"
        )
        sys.exit(NetbookError.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _usage(error: ClickException) -> str:
    """A usage error and where to read how to use the command.

    ``No such option: --bogus (see `netbook due --help`)``: click's message without its box.
    """
    message = error.format_message().strip().rstrip(".")
    context = getattr(error, "ctx", None)
    path = context.command_path if context is not None else "netbook"
    return f"{message} (see `{path} --help`)"
