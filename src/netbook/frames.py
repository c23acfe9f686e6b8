"""The frames every health computation reads, computed once per reading block and shared."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, TypeVar

import polars as pl

from netbook import aggregates, metrics
from netbook.metrics.touches import daily, first_seen
from netbook.workspace import Workspace

ENGINE: Final = "in-memory"
"""Metrics are collected with polars' in-memory engine: the streaming engine adds partial float
sums in a varying order, so its results can differ in the last bit from run to run, and the same
workspace and as-of date must give byte-identical output."""

T = TypeVar("T")


@dataclass(frozen=True)
class Basis:
    """What health at any as-of day reads: people, the per-day aggregates, and the log on demand.

    ``replied()``: the reply days stored at import (:mod:`netbook.metrics.reply_days`), None when
    they are not (reply behaviour then comes from ``log()``); read when first asked for.
    """

    people: pl.LazyFrame
    days: pl.LazyFrame
    seen: pl.LazyFrame
    replied: Callable[[], tuple[pl.LazyFrame, pl.LazyFrame] | None]
    log: Callable[[], pl.LazyFrame]


def health_basis(workspace: Workspace) -> Basis:
    """The :class:`Basis` of the workspace, read once per block.

    Inside a :meth:`~netbook.workspace.Workspace.reading` or ``snapshot`` block (a review, the
    week's plan, which need health at several days) it is computed once and shared; the log is
    read only when something asks for it (the aggregates are stale, or a caller needs it).
    """
    settings = workspace.settings()
    people = workspace.derived(("api", "people"), lambda: workspace.people().collect())

    def log() -> pl.LazyFrame:
        return workspace.derived(
            ("api", "interactions"),
            lambda: workspace.interactions(metrics.INTERACTION_COLUMNS).collect(),
        ).lazy()

    counted: list[tuple[pl.DataFrame, pl.DataFrame]] = []  # stored, else the log's (once)

    def counts(index: int) -> Callable[[], pl.DataFrame]:
        def get() -> pl.DataFrame:
            if not counted:
                found = aggregates.stored_counts(workspace, settings)
                if found is None:  # stale or none kept: from the log
                    days = daily(log(), settings).collect(engine=ENGINE)
                    found = days, first_seen(log()).collect(engine=ENGINE)
                counted.append(found)
            return counted[0][index]

        return get

    read: list[tuple[pl.DataFrame, pl.DataFrame] | None] = []  # the stored reply days (once)

    def replies(index: int) -> Callable[[], pl.DataFrame]:
        def get() -> pl.DataFrame:
            if not read:
                read.append(aggregates.stored_replies(workspace, settings))
            found = read[0]
            return aggregates.NONE if found is None else found[index]

        return get

    def replied() -> tuple[pl.LazyFrame, pl.LazyFrame] | None:
        keys = (aggregates.REPLIES_KEY, aggregates.THREADS_KEY)
        frames = {key: workspace.derived(key, replies(i)) for i, key in enumerate(keys)}
        found = aggregates.replied(frames)
        return None if found is None else (found[0].lazy(), found[1].lazy())

    seen = workspace.derived(aggregates.SEEN_KEY, counts(1))
    # In daily's order, kept or computed (each person's days together and in date order): the
    # order per_person and the network read them in.
    days = workspace.derived(aggregates.DAYS_KEY, counts(0))
    return Basis(people.lazy(), days.lazy(), seen.lazy(), replied, log)


def collect_while(
    queries: Sequence[pl.LazyFrame], meanwhile: Callable[[], T]
) -> tuple[list[pl.DataFrame], T]:
    """``queries`` collected on another thread, and what ``meanwhile`` returns, run on this one.

    The queries must read frames in memory only: ``meanwhile`` may then read the store (and
    collect queries of its own: polars shares its thread pool between both).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        collecting = pool.submit(pl.collect_all, queries, engine=ENGINE)
        done = meanwhile()
        return collecting.result(), done
