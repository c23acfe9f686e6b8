"""Per person-day aggregates of the log, stored at import so health reads them instead of the log.

Every per-person count of :mod:`netbook.metrics` is a sum over :func:`~netbook.metrics.touches.daily`
(contact per person and local day) and starts from :func:`~netbook.metrics.touches.first_seen`.
An import stores both, with a *fingerprint* of what they were computed from: the interactions, the
hand-logged touches and the merges (a DuckDB hash over every row), the time zone and the channel
weights. A reader uses them only while the fingerprint still matches; after anything else changed
the log (``netbook log``, a merge, a new zone) it computes them from the log as before, so the
result is the same either way, byte for byte.
"""

from __future__ import annotations

import hashlib
from typing import Final

import duckdb
import polars as pl

from netbook import metrics, schema
from netbook.metrics.touches import daily, first_seen
from netbook.settings import Settings
from netbook.workspace import Workspace

ENGINE: Final = "in-memory"
VERSION: Final = "1"
"""Bumped whenever :func:`daily` or :func:`first_seen` change what they compute."""
DAYS, SEEN, META = "aggregate_days", "aggregate_seen", "aggregate_meta"
DAYS_KEY, SEEN_KEY = ("api", "daily"), ("api", "first_seen")
"""The keys of :meth:`~netbook.workspace.Workspace.derived` the aggregates are kept under."""

_SOURCES = """SELECT
    (SELECT count(*) FROM interactions),
    (SELECT bit_xor(hash(interaction_id, person_id, occurred_at, channel, direction, initiated,
        weight, value, is_group)) FROM interactions),
    (SELECT count(*) FROM log), (SELECT bit_xor(hash(l)) FROM log l),
    (SELECT count(*) FROM aliases), (SELECT bit_xor(hash(a)) FROM aliases a)"""


def fingerprint(connection: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    """What the aggregates depend on, as one digest (any change of a row changes it)."""
    (sources,) = connection.execute(_SOURCES).fetchall()
    parts = (
        VERSION,
        sources,
        settings.time.zone,
        settings.weights.model_dump_json(),
        duckdb.__version__,
        pl.__version__,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def compute(workspace: Workspace, settings: Settings) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``daily`` and ``first_seen`` of the workspace's whole log, from the log."""
    interactions = workspace.interactions(metrics.INTERACTION_COLUMNS)
    days = daily(interactions, settings).collect(engine=ENGINE)
    return days, first_seen(interactions).collect(engine=ENGINE)


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
            log = schema.conform(log, schema.INTERACTIONS)
            days = daily(log, settings).collect(engine=ENGINE)
            seen = first_seen(log).collect(engine=ENGINE)
        else:
            days, seen = compute(workspace, settings)
    with workspace.connect(write=True) as connection:
        connection.register("new_days", days.to_arrow())
        connection.register("new_seen", seen.to_arrow())
        try:
            connection.execute("BEGIN TRANSACTION")
            connection.execute(f"CREATE OR REPLACE TABLE {DAYS} AS SELECT * FROM new_days")
            connection.execute(f"CREATE OR REPLACE TABLE {SEEN} AS SELECT * FROM new_seen")
            connection.execute(f"CREATE OR REPLACE TABLE {META} (fingerprint VARCHAR)")
            connection.execute(f"INSERT INTO {META} VALUES (?)", [digest])
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        finally:
            connection.unregister("new_days")
            connection.unregister("new_seen")


def _only(connection: duckdb.DuckDBPyConnection, imported: pl.LazyFrame) -> bool:
    """Whether the store's log is ``imported`` alone: one import, nothing logged or merged."""
    ((imports, interactions, logged, merged),) = connection.execute(
        "SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM interactions), "
        "(SELECT count(*) FROM log), (SELECT count(*) FROM aliases)"
    ).fetchall()
    rows = imported.select(pl.len()).collect().item()
    return bool(imports == 1 and interactions == rows and logged == 0 and merged == 0)


def stored(
    connection: duckdb.DuckDBPyConnection, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The stored ``daily`` and ``first_seen`` when they are those of the store as it is, else None."""
    try:
        found = connection.execute(f"SELECT fingerprint FROM {META}").fetchall()
        if len(found) != 1 or found[0][0] != fingerprint(connection, settings):
            return None
        days = connection.sql(f"SELECT * FROM {DAYS}").pl()
        seen = connection.sql(f"SELECT * FROM {SEEN}").pl()
    except duckdb.CatalogException:  # imported by an older netbook: none stored yet
        return None
    want_days, want_seen = _schemas(settings)
    if days.columns != want_days.names() or seen.columns != want_seen.names():
        return None
    return days.cast(dict(want_days)), seen.cast(dict(want_seen))


def _schemas(settings: Settings) -> tuple[pl.Schema, pl.Schema]:
    """The column types :func:`daily` and :func:`first_seen` give (DuckDB has no Categorical)."""
    empty = schema.conform(pl.LazyFrame(), schema.INTERACTIONS)
    return daily(empty, settings).collect_schema(), first_seen(empty).collect_schema()
