"""Per person-day aggregates of the log, stored at import so health reads them instead of the log.

Every per-person count of :mod:`netbook.metrics` is a sum over :func:`~netbook.metrics.touches.daily`
(contact per person and local day) and starts from :func:`~netbook.metrics.touches.first_seen`;
reply behaviour at any day comes from :func:`~netbook.metrics.reply_days.reply_days` and
:func:`~netbook.metrics.reply_days.thread_days`. An import stores all four, with a *fingerprint*
of what they were computed from: the interactions, the hand-logged touches and the merges (a
DuckDB hash over every row), the time zone, the channel weights and what makes a message a
request (``closing_chars``, ``pause_days``). A reader uses them only while the fingerprint still
matches; after anything else changed the log (``netbook log``, a merge, a new zone) it computes
them from the log as before, so the result is the same either way, byte for byte.
"""

from __future__ import annotations

import hashlib
from typing import Final, NamedTuple

import duckdb
import polars as pl

from netbook import metrics, schema, store
from netbook.metrics.replies import marked
from netbook.metrics.reply_days import (
    REPLY_DAYS,
    THREAD_DAYS,
    markable,
    reply_days,
    thread_days,
)
from netbook.metrics.touches import DAY, conversations, daily, first_seen, local_day
from netbook.settings import Settings
from netbook.workspace import Workspace, frame_of

ENGINE: Final = "in-memory"
VERSION: Final = "2"
"""Bumped whenever :func:`daily`, :func:`first_seen`, :func:`reply_days` or :func:`thread_days`
change what they compute."""
DAYS, SEEN, META = "aggregate_days", "aggregate_seen", "aggregate_meta"
REPLIES, THREADS = "aggregate_reply_days", "aggregate_thread_days"
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


def keyed(found: Aggregates) -> dict[tuple[str, str], pl.DataFrame]:
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
        (thresholds.closing_chars, thresholds.pause_days),  # what a request is (reply days)
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
        marks = marked(sent, settings)
        queries += [reply_days(marks), thread_days(marks)]
    # In one call: polars runs them side by side, and marks the messages once for both.
    days, seen, *replied = pl.collect_all(queries, engine=ENGINE)
    return Aggregates(days, seen, (replied[0], replied[1]) if replied else None)


def refresh(workspace: Workspace, imported: pl.LazyFrame | None = None) -> None:
    """Compute the aggregates from the log and store them with their fingerprint (after imports).

    They are computed in one read view, with that view's fingerprint: a write in between only
    makes them stale (never used), not wrong. ``imported``: the interactions the only import so
    far wrote; when the store holds exactly those (a first import: nothing logged, merged or
    imported before), they are aggregated as they are, without reading a million rows back.
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
    tables = {DAYS: found.days, SEEN: found.seen}
    if found.replied is not None:
        tables[REPLIES], tables[THREADS] = found.replied
    with workspace.transaction() as connection:
        for name, frame in tables.items():
            connection.register(f"new_{name}", frame.to_arrow())
        try:
            for name in (REPLIES, THREADS):
                connection.execute(f"DROP TABLE IF EXISTS {name}")
            for name in tables:
                connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM new_{name}")
            connection.execute(f"CREATE OR REPLACE TABLE {META} (fingerprint VARCHAR)")
            connection.execute(f"INSERT INTO {META} VALUES (?)", [digest])
        finally:
            for name in tables:
                connection.unregister(f"new_{name}")


def _only(connection: duckdb.DuckDBPyConnection, imported: pl.LazyFrame) -> bool:
    """Whether the store's log is ``imported`` alone: one import, nothing logged or merged."""
    ((imports, interactions, logged, merged),) = connection.execute(
        "SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM interactions), "
        "(SELECT count(*) FROM log), (SELECT count(*) FROM aliases)"
    ).fetchall()
    rows = imported.select(pl.len()).collect().item()
    return bool(imports == 1 and interactions == rows and logged == 0 and merged == 0)


def stored(connection: duckdb.DuckDBPyConnection, settings: Settings) -> Aggregates | None:
    """The stored :class:`Aggregates` when they are those of the store as it is, else None."""
    counts = stored_counts(connection, settings)
    if counts is None:
        return None
    return Aggregates(*counts, _stored_replies(connection))


def current(connection: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Whether the stored aggregates are those of the store as it is (none stored: False)."""
    try:
        found = connection.execute(f"SELECT fingerprint FROM {META}").fetchall()
        return len(found) == 1 and found[0][0] == fingerprint(connection, settings)
    except duckdb.CatalogException:  # imported by an older netbook: none stored yet
        return False


def stored_counts(
    connection: duckdb.DuckDBPyConnection, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The stored :func:`daily` and :func:`first_seen`, when :func:`current`, else None."""
    if not current(connection, settings):
        return None
    try:
        days = frame_of(connection.sql(f"SELECT * FROM {DAYS}"))
        seen = frame_of(connection.sql(f"SELECT * FROM {SEEN}"))
    except duckdb.CatalogException:
        return None
    want_days, want_seen = _schemas(settings)
    if days.columns != want_days.names() or seen.columns != want_seen.names():
        return None
    return days.cast(want_days), seen.cast(want_seen)


def stored_replies(
    connection: duckdb.DuckDBPyConnection, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The stored reply days when :func:`current` and some are stored, else None."""
    return _stored_replies(connection) if current(connection, settings) else None


def _stored_replies(
    connection: duckdb.DuckDBPyConnection,
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The stored reply days (None: some message had no thread or direction)."""
    (tables,) = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN (?, ?)", [REPLIES, THREADS]
    ).fetchall()
    if tables[0] != 2:
        return None
    days = frame_of(connection.sql(f"SELECT * FROM {REPLIES}"))
    threads = frame_of(connection.sql(f"SELECT * FROM {THREADS}"))
    if days.columns != REPLY_DAYS.names() or threads.columns != THREAD_DAYS.names():
        return None
    return days.cast(REPLY_DAYS), threads.cast(THREAD_DAYS)


def _schemas(settings: Settings) -> tuple[pl.Schema, pl.Schema]:
    """The column types :func:`daily` and :func:`first_seen` give (DuckDB has no Categorical)."""
    empty = schema.conform(pl.LazyFrame(), schema.INTERACTIONS)
    return daily(empty, settings).collect_schema(), first_seen(empty).collect_schema()
