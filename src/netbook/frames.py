"""The frames every health computation reads, computed once per reading block and shared."""

from __future__ import annotations

from typing import Final

import polars as pl

from netbook import aggregates, metrics
from netbook.metrics.touches import daily, first_seen
from netbook.workspace import Workspace

ENGINE: Final = "in-memory"
"""Metrics are collected with polars' in-memory engine: the streaming engine adds partial float
sums in a varying order, so its results can differ in the last bit from run to run, and the same
workspace and as-of date must give byte-identical output."""


def health_inputs(
    workspace: Workspace,
) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """People, interactions, their per-day aggregate and first sightings, read once per block.

    Inside a :meth:`~netbook.workspace.Workspace.reading` or ``snapshot`` block (a review, the
    week's plan, which need health at several days) they are computed once and shared.
    """
    settings = workspace.settings()
    people = workspace.derived(("api", "people"), lambda: workspace.people().collect())
    interactions = workspace.derived(
        ("api", "interactions"),
        lambda: workspace.interactions(metrics.INTERACTION_COLUMNS).collect(),
    ).lazy()
    looked: list[tuple[pl.DataFrame, pl.DataFrame] | None] = []

    def stored() -> tuple[pl.DataFrame, pl.DataFrame] | None:
        """The aggregates stored at import, when still those of the store (looked up once)."""
        if not looked:
            reader = workspace.reader
            looked.append(aggregates.stored(reader, settings) if reader is not None else None)
        return looked[0]

    def days_of() -> pl.DataFrame:
        found = stored()
        return found[0] if found else daily(interactions, settings).collect(engine=ENGINE)

    def seen_of() -> pl.DataFrame:
        found = stored()
        return found[1] if found else first_seen(interactions).collect(engine=ENGINE)

    days = workspace.derived(aggregates.DAYS_KEY, days_of)
    seen = workspace.derived(aggregates.SEEN_KEY, seen_of)
    return people.lazy(), interactions, days.lazy(), seen.lazy()
