"""What the workspace holds and how its imports went: the data behind ``netbook doctor``."""

from __future__ import annotations

from typing import Any

import polars as pl

from netbook.workspace import Workspace


def report(workspace: Workspace) -> dict[str, Any]:
    """A JSON-friendly account of the workspace: owner, people, interactions, the latest imports.

    For each source's latest import it lists every file (read, empty, ignored or skipped, with why)
    with its rows, kept, noise and failed rows (``kept + noise + failed = rows``), date range, noise
    and failures by reason, and the notes on values kept as written. Under ``earlier``, the files
    read by an earlier import of the source that no later one read again (a Connections.csv
    imported alone in June, then a messages.csv in December), each with its import and the days
    its data is older than the newest (``days_older``).
    """
    from netbook import merges

    records = workspace.table("people")
    people = workspace.people().collect()
    interactions = workspace.table("interactions")
    imports = workspace.table("imports").sort("import_id")
    owner = workspace.table("owner")
    messages = interactions.filter(pl.col("channel") == "message")
    one_to_one = messages.filter(~pl.col("is_group"))
    groups = (
        messages.filter(pl.col("is_group"))
        .select("thread_id", "occurred_at", "direction", "content_length")
        .unique()
    )
    latest = imports.group_by("source").agg(pl.col("import_id").max()).sort("source")
    sources = []
    for source, import_id in latest.iter_rows():
        row = imports.filter(pl.col("import_id") == import_id).row(0, named=True)
        files = workspace.table("import_files").filter(pl.col("import_id") == import_id)
        noise = workspace.table("import_noise").filter(pl.col("import_id") == import_id)
        failures = workspace.table("failures").filter(pl.col("import_id") == import_id)
        notes = workspace.table("import_notes").filter(pl.col("import_id") == import_id)
        sources.append(
            {
                "source": source,
                "import_id": import_id,
                "path": row["path"],
                "imported_at": row["finished_at"].isoformat(timespec="seconds"),
                "exported_on": row["exported_on"].isoformat() if row["exported_on"] else None,
                "people_added": row["people_added"],
                "interactions_added": row["interactions_added"],
                "earlier": _earlier(workspace, imports.filter(pl.col("source") == source)),
                "files": _records(files.drop("import_id", "sha256").sort("status", "file")),
                "noise": _records(
                    noise.group_by("reason")
                    .agg(pl.col("rows").sum())
                    .sort("rows", "reason", descending=[True, False])
                ),
                "noise_by_file": _records(noise.drop("import_id").sort("file", "reason")),
                "notes": _records(notes.drop("import_id").sort("file", "note")),
                "failures": _records(
                    failures.with_columns(reason=pl.col("reason").str.replace(r" '.*?'", ""))
                    .group_by("file", "column", "reason")
                    .agg(pl.len().alias("rows"), pl.col("line").min().alias("first_line"))
                    .sort("rows", "file", descending=[True, False])
                ),
            }
        )
    return {
        "workspace": str(workspace.root),
        "owner": owner.drop("import_id").row(0, named=True) if owner.height else None,
        "people": people.height,
        "connections": people.filter(pl.col("connected_on").is_not_null()).height,
        "person_records": records.height,
        "merged_records": workspace.aliases().height,
        "suggested_merges": merges.suggestions(workspace).height,
        "logged_touches": workspace.table("log").height,
        "facts_set": workspace.table("facts").height,
        "messages": {
            "outbound": one_to_one.filter(pl.col("direction") == "outbound").height,
            "inbound": one_to_one.filter(pl.col("direction") == "inbound").height,
            "group": groups.height,
        },
        "interactions": _records(
            interactions.group_by("channel", "direction")
            .agg(pl.len().alias("rows"))
            .sort("channel", "direction")
        ),
        "first_at": _iso(interactions["occurred_at"].min()),
        "last_at": _iso(interactions["occurred_at"].max()),
        "imports": imports.height,
        "sources": sources,
    }


def _earlier(workspace: Workspace, imports: pl.DataFrame) -> list[dict[str, Any]]:
    """The files an earlier import of one source read that no later import read again."""
    files = (
        workspace.table("import_files")
        .join(imports.select("import_id", "path", "exported_on"), on="import_id")
        .filter(pl.col("status") == "read")
        .with_columns(what=pl.coalesce("kind", pl.col("file").str.to_lowercase()))
    )
    latest = imports["import_id"].max()
    newest = imports["exported_on"].max()
    older = (
        files.sort("import_id")
        .unique("what", keep="last", maintain_order=True)
        .filter(pl.col("import_id") != latest)
        .with_columns(
            days_older=(pl.lit(newest, pl.Date) - pl.col("exported_on")).dt.total_days(),
            exported_on=pl.col("exported_on").cast(pl.String),
        )
        .sort("import_id", "file")
    )
    return _records(older.drop("sha256", "what"))


def _iso(value: object) -> str | None:
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else None


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    converted = frame.with_columns(
        pl.col(c).dt.strftime("%Y-%m-%d")
        for c, t in frame.schema.items()
        if isinstance(t, pl.Datetime)
    )
    return converted.to_dicts()
