"""What every brief of one as-of day reads, computed once: health, ties, promises, news, events.

A brief is built only from these frames, and each of them only from stored rows up to the as-of
day (metrics never see a later interaction), so the same workspace and as-of give the same brief.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from netbook import api
from netbook.brief.edges import edges
from netbook.metrics.touches import end_of
from netbook.rituals.jobs import job_changes
from netbook.rituals.met import met
from netbook.rituals.milestones import upcoming_milestones
from netbook.rituals.promises import open_promises
from netbook.workspace import Workspace

MILESTONE_DAYS = 14
"""A birthday or anniversary this many days ahead is worth a mention."""


@dataclass(frozen=True)
class Context:
    """The frames briefs of one as-of day are drawn from.

    Attributes:
        as_of: the day the briefs are for.
        zone: the workspace's time zone (days are local days).
        health: :func:`netbook.api.health` at ``as_of``.
        interactions: every interaction up to the end of ``as_of``, 1:1 and group.
        people: the people (:data:`~netbook.schema.PERSON_VIEW`).
        observations: each export's view of each person's company and position.
        promises: open promises at ``as_of``.
        jobs: job changes seen by ``as_of``.
        milestones: milestones in the :data:`MILESTONE_DAYS` from ``as_of``.
        events: events and whom you met there, held by ``as_of``.
        edges: who knows whom among your people (:func:`netbook.brief.edges.edges`).
        weights: the weights of tie strength's components (normalised to sum 1).
    """

    as_of: date
    zone: str
    health: pl.DataFrame
    interactions: pl.DataFrame
    people: pl.DataFrame
    observations: pl.DataFrame
    promises: pl.DataFrame
    jobs: pl.DataFrame
    milestones: pl.DataFrame
    events: pl.DataFrame
    edges: pl.DataFrame
    weights: dict[str, float]

    def name(self, person_id: str) -> str:
        """The person's name, or their id when they have none."""
        found = self.people.filter(pl.col("person_id") == person_id)["full_name"]
        return str(found[0]) if found.len() and found[0] is not None else person_id


def read_context(workspace: Workspace, as_of: date, among: Sequence[str] | None = None) -> Context:
    """Everything briefs at ``as_of`` need, read in one pass over the store.

    With ``among``, who-knows-whom facts are read only for those people (those briefed).
    """
    settings = workspace.settings()
    zone = settings.time.zone
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    with workspace.reading():
        health = api.health(workspace, as_of=as_of)
        interactions = workspace.interactions().filter(pl.col("occurred_at") < end).collect()
        people = workspace.people().collect()
        observations = workspace.observations().filter(pl.col("observed_on") <= as_of).collect()
        promises = open_promises(workspace, as_of)
        jobs = job_changes(workspace, as_of)
        milestones = upcoming_milestones(workspace, as_of, MILESTONE_DAYS)
        events = met(workspace).filter(pl.col("held_on") <= as_of)
        facts = edges(workspace, as_of, among)
    return Context(
        as_of=as_of,
        zone=zone,
        health=health,
        interactions=interactions,
        people=people,
        observations=observations,
        promises=promises,
        jobs=jobs,
        milestones=milestones,
        events=events,
        edges=facts,
        weights=settings.strength.normalised(),
    )
