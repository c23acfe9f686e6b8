"""The ``netbook`` command line: thin wrappers over the Python API, with rich output."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich import box
from rich.console import Console
from rich.table import Table

from netbook import api, cli_log, cli_review, cli_rituals, cli_rituals_remind, cli_ties, doctor
from netbook.cli_options import AsOfOption, FormatOption, OutOption, WorkspaceOption, as_of_day
from netbook.errors import NetbookError
from netbook.output import Format, esc, printable, safe_csv, write
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
) -> None:
    """Import exports into the workspace (atomic per path; importing twice adds nothing)."""
    ws = Workspace(workspace)
    columns = None
    if map_:
        from netbook.sources.generic import parse_mapping

        columns = parse_mapping(map_)
        source = source or "csv"
    for path in paths:
        with err.status(f"Importing {path} ..."):
            (result,) = ws.import_paths([path], strict=strict, source=source, columns=columns)
        loaded, written = result.loaded, result.written
        files = loaded.files
        read = files.filter(pl.col("status") == "read").height
        failed = loaded.failures.height
        noise = int(loaded.noise["rows"].sum())
        out.print(
            f"[bold]{esc(path)}[/] ({result.source}): {read} of {files.height} files read, "
            f"{written.people_added:,} new people, {written.interactions_added:,} new interactions "
            f"({noise:,} noise rows, {failed:,} unreadable rows) -> import #{written.import_id}",
            soft_wrap=True,  # one line per path, whatever the width: logs and scripts grep it
        )
        if failed:
            first = loaded.failures.row(0, named=True)
            out.print(
                f"  first unreadable row: {esc(first['file'])}:{first['line']}: "
                f"{esc(first['reason'])}",
                soft_wrap=True,
            )
    out.print(
        f"Workspace: {esc(ws.root)}  (see `netbook doctor -w {esc(ws.root)}`)", soft_wrap=True
    )


@app.command("doctor")
def doctor_command(
    workspace: WorkspaceOption = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """Report what the workspace holds and how each source's latest import went."""
    data = doctor.report(Workspace(workspace))
    if format is Format.json:
        out.print_json(json.dumps(data, default=str))
        return
    _print_doctor(data)


def _print_doctor(data: dict[str, Any]) -> None:
    owner = data["owner"]
    out.print(f"[bold]netbook doctor[/]  workspace {esc(data['workspace'])}")
    if owner:
        out.print(
            f"owner: {esc(owner['full_name'])} {esc(owner['profile_url'] or '')} "
            f"(from {owner['identified_by']})"
        )
    else:
        out.print(r"owner: unknown (set \[owner] name in netbook.toml)")
    msgs = data["messages"]
    out.print(
        f"people: {data['people']:,} ({data['connections']:,} connections)   messages: "
        f"{msgs['outbound']:,} sent, {msgs['inbound']:,} received, {msgs['group']:,} in groups   "
        f"span: {(data['first_at'] or '-')[:10]} to {(data['last_at'] or '-')[:10]}"
    )
    if data["merged_records"] or data["suggested_merges"]:
        out.print(
            f"one person, several sources: {data['merged_records']:,} records merged into others; "
            f"{data['suggested_merges']:,} suggested merges to review (`netbook merges`)"
        )
    if data["logged_touches"] or data["facts_set"]:
        out.print(
            f"recorded by you: {data['logged_touches']:,} touches, {data['facts_set']:,} settings "
            "(`netbook log`, `snooze`, `set`)"
        )
    for source in data["sources"]:
        out.print(
            f"\n[bold]{source['source']}[/] import #{source['import_id']} of {esc(source['path'])} "
            f"(data as of {source['exported_on'] or 'unknown'}, imported {source['imported_at']})"
        )
        table = Table(
            "file",
            "status",
            "rows",
            "kept",
            "noise",
            "failed",
            "span",
            box=box.SIMPLE,
            padding=(0, 1),
        )
        ignored = []
        for f in source["files"]:
            if f["status"] == "ignored":
                ignored.append(f["file"])
                continue
            span = f"{f['first_at']}..{f['last_at']}" if f["first_at"] else ""
            counts = [f["rows"], f["kept"], f["noise"], f["failed"]]
            table.add_row(
                esc(f["file"]), f["status"], *("" if c is None else f"{c:,}" for c in counts), span
            )
        out.print(table)
        if ignored:
            out.print("not used by netbook: " + esc(", ".join(ignored)))
        if source["noise"]:
            out.print(
                "noise (kept out of metrics): "
                + ", ".join(f"{n['reason']} {n['rows']:,}" for n in source["noise"])
            )
        for failure in source["failures"]:
            out.print(
                f"[yellow]unreadable[/] {failure['rows']:,} row(s) in {esc(failure['file'])} "
                f"(first at line {failure['first_line']}): {esc(failure['reason'])}"
            )
    if not data["sources"]:
        out.print("nothing imported yet: run `netbook import PATH`")


@app.command("people")
def people_command(
    query: Annotated[
        str | None, typer.Argument(help="Text to find in name, company, position.")
    ] = None,
    workspace: WorkspaceOption = None,
    limit: Annotated[int, typer.Option(help="Rows to show (0 for all).")] = 25,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
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
    if limit:
        frame = frame.head(limit)
    shown = frame.select(
        "full_name", "company", "position", "connected_on", "profile_url"
    ).collect()
    if format is Format.json:
        out.print_json(shown.write_json())
    elif format is Format.csv:
        sys.stdout.write(safe_csv(shown))
    else:
        table = Table("name", "company", "position", "connected", "profile")
        for row in shown.iter_rows():
            table.add_row(
                *("" if v is None else esc(str(v)) for v in row),
            )
        out.print(table)


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
    write(_limited(frame, format, limit), format, out, out_console, columns)


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
    write(shown, format, out, out_console, ["full_name", "layer", "status", "why"])


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
    """Network health for a period beside the previous one: size, layers, diversity, dependency."""
    if period not in ("week", "month", "quarter", "year"):
        raise NetbookError(
            f"--period {period!r} is unknown", hint="use week, month, quarter or year"
        )
    ws = Workspace(workspace)
    frame = api.summary(ws, as_of=as_of_day(ws, as_of), period=period)  # type: ignore[arg-type]
    write(frame, format, out, out_console, ["metric", "current", "previous", "change"])


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
) -> None:
    """Write a realistic synthetic LinkedIn export (no real person in it)."""
    from netbook.sample import write_later_sample, write_sample

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
    out.print_json(json.dumps(truth.to_dict()))


cli_log.register(app)
cli_review.register(app)
cli_rituals_remind.register(app)
cli_rituals.register(app)
cli_ties.register(app)


def _say_waiting(text: str) -> None:
    sys.stderr.write(f"{printable(text, one_line=True)}\n")
    sys.stderr.flush()


def main() -> None:
    """Entry point: one clear line and exit 2 for bad input; a traceback only for netbook's bugs."""
    skip_slow_optional_imports()
    use_private_umask()
    Workspace.on_wait = _say_waiting
    try:
        app()
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
