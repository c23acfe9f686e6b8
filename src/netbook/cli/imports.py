"""What ``netbook import`` and ``netbook doctor`` print: one line per path, a table per source."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from rich import box
from rich.console import Console
from rich.table import Table

from netbook.cli.stages import StageLine
from netbook.output import esc
from netbook.phrases import plural
from netbook.sources.cut import CUT_SHORT
from netbook.workspace import Workspace

SKIPPED = 1
"""Exit code: imported, but some files were skipped (or were empty: Connections.csv, a file
holding nothing at all)."""


def run_import(
    out: Console,
    err: Console,
    ws: Workspace,
    paths: Sequence[Path],
    *,
    strict: bool,
    source: str | None,
    map_: list[str] | None,
    quiet: bool = False,
) -> int:
    """Import ``paths`` one by one, printing one line per path.

    On a terminal (and unless ``quiet``) a progress line on stderr names each stage as it starts:
    the file being read, resolving people, writing to the store. Otherwise nothing but the lines.

    Returns:
        The exit code: 0 when every file was read, :data:`SKIPPED` when some were skipped.
    """
    columns = None
    if map_:
        from netbook.sources.generic import parse_mapping

        columns = parse_mapping(map_)
        source = source or "csv"
    code = 0
    # A folder of several exports (contacts, mail, chats...): each on its own, and one that
    # fails is told and the others still imported.
    from netbook.errors import NetbookError
    from netbook.sources import exports_in

    groups = [exports_in(path) if source is None else [path] for path in paths]
    imported = 0
    for path, among in ((part, len(group) > 1) for group in groups for part in group):
        try:
            with StageLine(err, f"Importing {path.name}", quiet=quiet) as line:
                (result,) = ws.import_paths(
                    [path],
                    strict=strict,
                    source=source,
                    columns=columns,
                    on_stage=line.show if line.active else None,
                )
        except NetbookError as error:
            if not among:
                raise
            out.print(f"{esc(path)}: [red]not imported[/]: {esc(str(error))}", soft_wrap=True)
            code = SKIPPED
            continue
        imported += 1
        loaded, written = result.loaded, result.written
        files = loaded.files
        unread = files.filter(
            (pl.col("status") == "read") & (pl.col("kept") == 0) & (pl.col("failed") > 0)
        )
        read = files.filter(pl.col("status") == "read").height - unread.height
        skipped = files.filter(pl.col("status") == "skipped")
        failed = int(files["failed"].fill_null(0).sum())
        noise = int(files["noise"].fill_null(0).sum())
        notes, joined = loaded.notes.height, written.people_joined
        told = f", {notes:,} note{'s' if notes > 1 else ''} below" if notes else ""
        out.print(
            f"[bold]{esc(path)}[/] ({result.source}): {read} of {files.height} files read"
            + (f", {skipped.height} skipped" if skipped.height else "")
            + f", {written.people_added:,} new people"
            + (f", {joined:,} merged into others (one person in two sources)" if joined else "")
            + f", {_interactions(written.interactions_added)} ({plural(noise, 'noise row')}, "
            f"{plural(failed, 'unreadable row')}{told}) -> import #{written.import_id}",
            soft_wrap=True,  # one line per path, whatever the width: logs and scripts grep it
        )
        for reason in skipped["reason"]:
            out.print(f"  [yellow]skipped[/] {esc(reason)}", soft_wrap=True)
            code = SKIPPED
        empty = files.filter((pl.col("kind") == "connections") & (pl.col("status") == "empty"))
        for name in empty["file"]:
            out.print(
                f"  [yellow]empty[/] {esc(name)}: LinkedIn writes its header even with no "
                "connection, so the file was cut short or emptied: download the export again",
                soft_wrap=True,
            )
            code = SKIPPED
        if read == 0 and empty.is_empty() and skipped.is_empty():  # nothing in it at all
            for name in files.filter(pl.col("status") == "empty")["file"]:
                out.print(
                    f"  [yellow]empty[/] {esc(name)}: it holds nothing to import (no contact, "
                    "event or message): export it again, or choose another file",
                    soft_wrap=True,
                )
                code = SKIPPED
        cut = loaded.failures.filter(pl.col("reason").str.contains(CUT_SHORT, literal=True))
        others = loaded.failures.join(cut, on=["file", "line"], how="anti")
        if not others.is_empty():
            first = others.sort("file", "line").row(0, named=True)
            out.print(
                f"  first unreadable row: {esc(first['file'])}:{first['line']}: "
                f"{esc(first['reason'])}",
                soft_wrap=True,
            )
        for row in cut.iter_rows(named=True):  # rows after it are missing: worth an exit code
            out.print(
                f"  [yellow]cut short[/] {esc(row['file'])}:{row['line']}: {esc(row['reason'])}",
                soft_wrap=True,
            )
            code = SKIPPED
        for row in unread.iter_rows(named=True):  # read, and nothing of it kept
            out.print(
                f"  [yellow]unread[/] {esc(row['file'])}: none of its "
                f"{plural(row['rows'], 'row')} could be read: import it as it was exported",
                soft_wrap=True,
            )
            code = SKIPPED
        for note in loaded.notes.iter_rows(named=True):
            out.print(
                f"  note: {esc(note['file'])}: {note['rows']:,} {esc(note['note'])}",
                soft_wrap=True,
            )
    if not imported:  # every export of a folder failed: nothing was imported
        raise NetbookError(
            "nothing was imported (each export above could not be read)",
            hint="see the lines above",
        )
    out.print(
        f"Workspace: {esc(ws.root)}  (see `netbook doctor -w {esc(ws.root)}`)", soft_wrap=True
    )
    return code


def _interactions(added: int) -> str:
    """The interactions an import added, or removed (a moved or cancelled meeting re-imported).

    Examples:
        >>> _interactions(1234), _interactions(-1)
        ('1,234 new interactions', '1 interaction removed (meetings moved or cancelled)')
    """
    if added < 0:
        return f"{plural(-added, 'interaction')} removed (meetings moved or cancelled)"
    return f"{added:,} new interactions"


STALE_FILE_DAYS = 30
"""An earlier import's file this much older than the newest data is told to be refreshed."""


def print_doctor(out: Console, data: dict[str, Any]) -> None:
    """Print :func:`netbook.doctor.report`'s account as text."""
    owner = data["owner"]
    out.print(f"[bold]netbook doctor[/]  workspace {esc(data['workspace'])}")
    if owner:
        name = owner["full_name"] or "name unknown"  # a calendar's address alone, say
        out.print(
            f"owner: {esc(name)} {esc(owner['profile_url'] or '')} "
            f"(from {esc(owner['identified_by'])})"
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
        _print_source(out, source)
    if not data["sources"]:
        out.print("nothing imported yet: run `netbook import PATH`")


def _print_source(out: Console, source: dict[str, Any]) -> None:
    out.print(
        f"\n[bold]{source['source']}[/] import #{source['import_id']} of {esc(source['path'])} "
        f"(data as of {source['exported_on'] or 'unknown'}, imported {source['imported_at']})"
    )
    table = Table(box=box.SIMPLE, padding=(0, 1), pad_edge=False, collapse_padding=True)
    table.add_column("file", no_wrap=True)  # a file name is never cut: the span wraps instead
    for column in ("status", "rows", "kept", "noise", "failed"):
        table.add_column(column)
    table.add_column("span", overflow="fold")
    ignored = []
    for f in source["files"]:
        if f["status"] == "ignored":
            ignored.append(f["file"])
            continue
        gap = " to " if out.width >= 100 else "\n"  # at 80 columns the span takes two lines
        span = f"{f['first_at']}{gap}{f['last_at']}" if f["first_at"] else ""
        counts = [f["rows"], f["kept"], f["noise"], f["failed"]]
        table.add_row(
            esc(f["file"]), f["status"], *("" if c is None else f"{c:,}" for c in counts), span
        )
    out.print(table)
    for f in source.get("earlier", []):
        older = f["days_older"]
        stale = (
            f": {older:,} days older than the newest data, so what changed since is not seen; "
            "import it from a newer export"
            if older is not None and older > STALE_FILE_DAYS
            else ""
        )
        out.print(
            f"still from import #{f['import_id']} (data as of {f['exported_on'] or 'unknown'}): "
            f"{esc(f['file'])}, {plural(f['rows'], 'row')}, {f['kept']:,} kept{stale}",
            soft_wrap=True,
        )
    for f in source["files"]:
        if f["status"] == "skipped":
            out.print(f"[yellow]skipped[/] {esc(f['reason'])}", soft_wrap=True)
    if ignored:
        out.print("not used by netbook: " + esc(", ".join(ignored)))
    if source["noise"]:
        out.print(
            "noise (kept out of metrics): "
            + ", ".join(f"{n['reason']} {n['rows']:,}" for n in source["noise"])
        )
    for note in source.get("notes", []):
        out.print(
            f"note: {esc(note['file'])}: {note['rows']:,} {esc(note['note'])}", soft_wrap=True
        )
    for failure in source["failures"]:
        out.print(
            f"[yellow]unreadable[/] {failure['rows']:,} row(s) in {esc(failure['file'])} "
            f"(first at line {failure['first_line']}): {esc(failure['reason'])}"
        )
