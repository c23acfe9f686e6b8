"""What an import says about each file of a LinkedIn export: the ``files`` and ``noise`` frames."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import polars as pl

from netbook import schema
from netbook.sources.linkedin.archive import Export
from netbook.sources.linkedin.parts import Part
from netbook.sources.report import file_row

if TYPE_CHECKING:
    from netbook.sources.tables import Table


ZIP_BESIDE = "a zip beside the extracted files: the files were read, the zip was not"


def files(
    export: Export,
    tables: dict[str, Table | None],
    parts: dict[str, Part],
    skipped: dict[str, str],
    kinds: Mapping[str, str],
) -> pl.DataFrame:
    """One :data:`~netbook.schema.FILES` row per file; ``kept + noise + failed = rows`` for each.

    Twins merged into one part (the two endorsement files) each report their own rows; the part's
    noise and failures are told on the file they came from.
    """
    owners = {name: key for key in parts for name in key.split(" + ")}
    rows: list[dict[str, object]] = []
    for member in export.members:
        kind = kinds.get(member.key)
        if kind is None:  # not a file netbook reads: listed, never counted
            reason = ZIP_BESIDE if member.key.endswith(".zip") else None
            counts = {"rows": 0, "kept": 0, "noise": 0, "failed": 0}  # they add up: none read
            rows.append({"file": member.relpath, "status": "ignored", **counts, "reason": reason})
            continue
        table = tables.get(member.relpath)
        status = "empty" if table is None else "read"
        if member.relpath in skipped:
            status = "skipped"
        read = table.rows if table and status == "read" else 0
        key = owners.get(member.relpath)
        noise, failed, times = (
            _counts(parts[key], member.relpath, key) if key and status == "read" else (0, 0, None)
        )
        if table and status == "read":  # records dropped for bytes that are not text
            failed += len(table.unreadable)
        rows.append(
            file_row(
                member.relpath,
                kind,
                rows=read,
                noise=noise,
                failed=failed,
                encoding=table.encoding if table else None,
                status=status,
                times=times,
                reason=skipped.get(member.relpath),
            )
        )
    return schema.conform(pl.DataFrame(rows, schema=schema.FILES), schema.FILES).collect()


def _counts(part: Part, file: str, key: str) -> tuple[int, int, pl.Series]:
    """A file's own noise, failures and times; for twins, those that name it."""
    twins = key.split(" + ")
    events = part.events
    if len(twins) == 1:
        noise = sum(part.noise.values())
        failed = part.failures.height
    else:
        noise = sum(n for (f, _), n in part.noise_by_file.items() if f == file)
        failed = part.failures.filter(pl.col("file") == file).height
        events = events.clear() if file != twins[0] else events
    return noise, failed, events["occurred_at"]


def noise(parts: dict[str, Part]) -> pl.DataFrame:
    """The :data:`~netbook.schema.NOISE` rows of every part (twins: by the file they came from)."""
    rows = []
    for name, part in parts.items():
        if part.noise_by_file:
            rows += [
                {"file": file, "reason": reason, "rows": count}
                for (file, reason), count in sorted(part.noise_by_file.items())
            ]
        else:
            rows += [
                {"file": name, "reason": reason, "rows": count}
                for reason, count in sorted(part.noise.items())
            ]
    return pl.DataFrame(rows, schema=schema.NOISE)


UNMATCHED = (
    "{channel}(s) left unmatched: the name belongs to several connections without a profile URL "
    "(namesakes), so netbook does not guess which"
)


def unmatched(counts: Mapping[str, int], files: Mapping[str, str]) -> pl.DataFrame:
    """Notes (:data:`~netbook.schema.NOTES`) for interactions no person could be chosen for.

    Args:
        counts: interactions left unmatched, by channel.
        files: the file each channel's interactions came from.
    """
    rows = [
        {"file": files.get(channel, channel), "note": UNMATCHED.format(channel=channel), "rows": n}
        for channel, n in sorted(counts.items())
        if n
    ]
    return pl.DataFrame(rows, schema=schema.NOTES)
