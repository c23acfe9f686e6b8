"""Per person-day aggregates of the log, stored at import so health reads them instead of the log.

Every per-person count of :mod:`netbook.metrics` is a sum over :func:`~netbook.metrics.touches.daily`
(contact per person and local day) and starts from :func:`~netbook.metrics.touches.first_seen`;
reply behaviour at any day comes from :func:`~netbook.metrics.reply_days.reply_days` and
:func:`~netbook.metrics.reply_days.thread_days`. An import stores all four under a *fingerprint*
of what they were computed from: the interactions, the hand-logged touches and the merges (a
DuckDB hash over every row), the time zone, the channel weights and what makes a message a
request (``closing_chars``, ``pause_days``, ``late_answer_days``). A reader uses them only while the fingerprint still
matches; after anything else changed the log (``netbook log``, a merge, a new zone) it computes
them from the log as before, so the result is the same either way, byte for byte.

They are derived data, kept beside the store as Arrow IPC files in ``cache/aggregates/`` (one
folder per fingerprint, made whole and then renamed into place): they keep polars' types and row
order, so a reader loads them in milliseconds with no conversion or sort, and an import writes
them without a second store transaction. Deleting the folder is always safe (health then reads
the log until the next import).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Final, NamedTuple

import duckdb
import polars as pl

from netbook import metrics, schema, store
from netbook.metrics.replies import marked
from netbook.metrics.reply_days import (
    READ,
    REPLY_DAYS,
    THREAD_DAYS,
    markable,
    reply_days,
    thread_days,
)
from netbook.metrics.touches import DAY, conversations, daily, first_seen, local_day
from netbook.private import private_files, private_folder
from netbook.settings import Settings
from netbook.workspace import Workspace

ENGINE: Final = "in-memory"
VERSION: Final = "14"
"""Bumped whenever :func:`daily`, :func:`first_seen`, :func:`reply_days` or :func:`thread_days`
change what they compute, or the files change shape."""
FOLDER: Final = Path("cache") / "aggregates"
"""Where they are kept, in the workspace's folder: a folder per fingerprint (see :func:`refresh`)."""
DAYS, SEEN, REPLIES, THREADS = "days.arrow", "seen.arrow", "reply_days.arrow", "thread_days.arrow"
"""The files of one fingerprint's folder (the reply days only when there are some)."""
LEGACY: Final = (
    "aggregate_days",
    "aggregate_seen",
    "aggregate_meta",
    "aggregate_reply_days",
    "aggregate_thread_days",
)
"""Store tables netbook 0.x kept them in: dropped by the next refresh."""
ABANDONED_SECONDS: Final = 3600
"""A half-written folder this old belongs to a process that died: the next refresh removes it."""
DAYS_KEY, SEEN_KEY = ("api", "daily"), ("api", "first_seen")
REPLIES_KEY, THREADS_KEY = ("api", "reply_days"), ("api", "thread_days")
"""The keys of :meth:`~netbook.workspace.Workspace.derived` the aggregates are kept under."""


class Aggregates(NamedTuple):
    """What an import stores: :func:`daily`, :func:`first_seen` and the reply days.

    ``replied`` (:func:`reply_days`, :func:`thread_days`) is None when some message has no thread
    or no direction: reply behaviour is then computed from the log.
    """

    days: pl.DataFrame
    seen: pl.DataFrame
    replied: tuple[pl.DataFrame, pl.DataFrame] | None


KEYS = (DAYS_KEY, SEEN_KEY, REPLIES_KEY, THREADS_KEY)
NONE: Final = pl.DataFrame()
"""Kept under the reply keys when there are no reply days (a frame without columns)."""


def keyed(found: Aggregates) -> dict[tuple[Hashable, ...], pl.DataFrame]:
    """``found`` under its :data:`KEYS` (for :meth:`~netbook.workspace.Workspace.derived`)."""
    replies, threads = (NONE, NONE) if found.replied is None else found.replied
    return {DAYS_KEY: found.days, SEEN_KEY: found.seen, REPLIES_KEY: replies, THREADS_KEY: threads}


def replied(
    frames: dict[tuple[str, str], pl.DataFrame],
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The reply days of :func:`keyed` frames (None when there were none)."""
    replies, threads = frames[REPLIES_KEY], frames[THREADS_KEY]
    return None if replies.width == 0 or threads.width == 0 else (replies, threads)


_SOURCES: Final = ("imports", "log", "aliases")
"""The tables the aggregates are computed from (the imports stand for the interactions)."""
WRITERS: Final = ("store.py", "store_meetings.py")
"""The only modules that write the ``interactions`` table, inside an import's transaction
(``tests/test_aggregates.py`` checks it)."""


def fingerprint(connection: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    """What the aggregates depend on, as one digest (any change of a row changes it).

    The imported interactions change only in an import (:data:`WRITERS`), which adds a row to
    ``imports`` in the same transaction (its number and the time it finished): the digest of
    that small table stands for the million rows, which need no hashing on every read.
    """
    sources = store.digest(connection, _SOURCES)
    thresholds = settings.thresholds
    parts = (
        VERSION,
        sources,
        settings.time.zone,
        settings.weights.model_dump_json(),
        # What a request is, and a late answer (reply days).
        (thresholds.closing_chars, thresholds.pause_days, thresholds.late_answer_days),
        duckdb.__version__,
        pl.__version__,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def compute(workspace: Workspace, settings: Settings) -> Aggregates:
    """The :class:`Aggregates` of the workspace's whole log, from the log."""
    return of(workspace.interactions(metrics.INTERACTION_COLUMNS), settings)


def of(log: pl.LazyFrame, settings: Settings) -> Aggregates:
    """The :class:`Aggregates` of ``log`` (interactions in the canonical schema)."""
    # The person's category code and the local day, made once for every query below.
    log = (
        log.with_columns(pl.col("person_id").cast(pl.Categorical), local_day(settings.time.zone))
        .collect(engine=ENGINE)
        .lazy()
    )
    sent = conversations(log)
    queries = [daily(log, settings, day=pl.col(DAY)), first_seen(log)]
    if sent.select(markable()).collect().item():
        # Marked once, in memory (the columns read only): the reply days read them twice (the
        # days, the waiting turns) and the thread days once, and polars did not always share one
        # marking among three.
        marks = marked(sent, settings).select(READ).collect(engine=ENGINE).lazy()
        queries += [reply_days(marks, settings), thread_days(marks)]
    # In one call: polars runs them side by side. The days are kept in daily's order (each
    # person's together, in date order): their readers never sort them again.
    days, seen, *replied = pl.collect_all(queries, engine=ENGINE)
    return Aggregates(days, seen, (replied[0], replied[1]) if replied else None)


def refresh(workspace: Workspace, imported: pl.LazyFrame | None = None) -> None:
    """Compute the aggregates from the log and keep them under their fingerprint (after imports).

    They are computed in one read view, with that view's fingerprint: a write in between only
    makes them stale (never used), not wrong. ``imported``: the interactions the only import so
    far wrote; when the store holds exactly those (a first import: nothing logged, merged or
    imported before), they are aggregated as they are, without reading a million rows back.
    Files that cannot be written are only not kept (health reads the log meanwhile).
    """
    with workspace.reading():
        reader = workspace.reader
        if reader is None:  # nothing imported: nothing to aggregate
            return
        settings = workspace.settings()  # read through the block's connection
        digest = fingerprint(reader, settings)
        if imported is not None and _only(reader, imported):
            log = schema.conform(imported, schema.INTERACTIONS).select(metrics.INTERACTION_COLUMNS)
            found = of(schema.conform(log, schema.INTERACTIONS), settings)  # collected in of
        else:
            found = compute(workspace, settings)
        legacy = _legacy(reader)
    try:
        _keep(workspace.root / FOLDER, digest, found)
    except OSError:
        return
    if legacy:
        with workspace.transaction() as connection:
            for name in legacy:
                connection.execute(f"DROP TABLE IF EXISTS {name}")


def _keep(root: Path, digest: str, found: Aggregates) -> None:
    """Write ``found`` into ``root/digest`` whole (a rename), then remove every other folder."""
    files = {DAYS: found.days, SEEN: found.seen}
    if found.replied is not None:
        files[REPLIES], files[THREADS] = found.replied
    private_folder(root)
    target = root / digest
    if not target.is_dir():
        partial = root / f".{digest}.{os.getpid()}"
        try:
            with private_files():
                partial.mkdir(mode=0o700)
                for name, frame in files.items():
                    frame.write_ipc(partial / name)
            partial.rename(target)
        except OSError:
            if not target.is_dir():  # else another process kept the same aggregates first
                raise
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    for other in root.iterdir():
        abandoned = time.time() - other.stat().st_mtime > ABANDONED_SECONDS
        if other != target and (not other.name.startswith(".") or abandoned):
            shutil.rmtree(other, ignore_errors=True)


def _legacy(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of :data:`LEGACY` the store still holds."""
    listed = ", ".join("?" for _ in LEGACY)
    query = f"SELECT table_name FROM duckdb_tables() WHERE table_name IN ({listed})"
    return sorted(row[0] for row in connection.execute(query, list(LEGACY)).fetchall())


def _only(connection: duckdb.DuckDBPyConnection, imported: pl.LazyFrame) -> bool:
    """Whether the store's log is ``imported`` alone: one import, nothing logged or merged."""
    ((imports, interactions, logged, merged),) = connection.execute(
        "SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM interactions), "
        "(SELECT count(*) FROM log), (SELECT count(*) FROM aliases)"
    ).fetchall()
    rows = imported.select(pl.len()).collect().item()
    return bool(imports == 1 and interactions == rows and logged == 0 and merged == 0)


def stored(workspace: Workspace, settings: Settings) -> Aggregates | None:
    """The kept :class:`Aggregates` when they are those of the store as it is, else None.

    Reads in the :meth:`~netbook.workspace.Workspace.reading` block it runs in (None outside one).
    """
    counts = stored_counts(workspace, settings)
    if counts is None:
        return None
    return Aggregates(*counts, stored_replies(workspace, settings))


def _current(workspace: Workspace, settings: Settings) -> Path | None:
    """The folder of the aggregates of the store as it is (None: none kept, or stale)."""
    reader = workspace.reader
    if reader is None:
        return None
    folder = workspace.root / FOLDER / fingerprint(reader, settings)
    return folder if folder.is_dir() else None


def _read(path: Path, want: pl.Schema) -> pl.DataFrame | None:
    """The frame kept at ``path`` when it has the schema ``want`` (None: missing or unreadable)."""
    try:
        frame = pl.read_ipc(path)
    except (OSError, pl.exceptions.PolarsError):
        return None
    return frame if frame.schema == want else None


def stored_counts(
    workspace: Workspace, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The kept :func:`daily` (in per-person date order) and :func:`first_seen`, else None."""
    folder = _current(workspace, settings)
    if folder is None:
        return None
    want_days, want_seen = _schemas(settings)
    days, seen = _read(folder / DAYS, want_days), _read(folder / SEEN, want_seen)
    return None if days is None or seen is None else (days, seen)


def stored_replies(
    workspace: Workspace, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The kept reply days, else None (also when some message had no thread or direction)."""
    folder = _current(workspace, settings)
    if folder is None:
        return None
    days, threads = _read(folder / REPLIES, REPLY_DAYS), _read(folder / THREADS, THREAD_DAYS)
    return None if days is None or threads is None else (days, threads)


def _schemas(settings: Settings) -> tuple[pl.Schema, pl.Schema]:
    """The column types :func:`daily` and :func:`first_seen` give (DuckDB has no Categorical)."""
    empty = schema.conform(pl.LazyFrame(), schema.INTERACTIONS)
    return daily(empty, settings).collect_schema(), first_seen(empty).collect_schema()
