"""What the widgets show: the health frame and the touches at an as-of date, read once per refresh."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from netbook import api, metrics
from netbook.errors import InputError
from netbook.metrics.touches import end_of
from netbook.workspace import Workspace

TOUCH_COLUMNS = ("person_id", "occurred_at", "channel", "direction", "value", "weight")
"""The interaction columns a contact's timeline shows."""


@dataclass(frozen=True)
class Snapshot:
    """Everyone's health at ``as_of`` and every 1:1 touch up to it, computed together.

    Attributes:
        workspace: where it was read from.
        as_of: the day the metrics are computed for.
        health: :func:`netbook.api.health` (the :data:`netbook.metrics.CONTRACT` columns).
        touches: :data:`TOUCH_COLUMNS` of each interaction up to ``as_of`` (group messages left
            out: they are not touches), ``occurred_at`` in the workspace's time zone.
        weights: the strength weight of each component (``recency`` ... ``structural``).
        zone: the workspace's time zone.
    """

    workspace: Workspace
    as_of: date
    health: pl.DataFrame
    touches: pl.DataFrame
    weights: dict[str, float]
    zone: str

    def person(self, person_id: str) -> dict[str, Any] | None:
        """The health row of ``person_id`` (None when they are not known at ``as_of``)."""
        rows = self.health.filter(pl.col("person_id") == person_id)
        return rows.row(0, named=True) if rows.height else None

    def touches_of(self, person_id: str) -> pl.DataFrame:
        """The touches with ``person_id``, oldest first."""
        return self.touches.filter(pl.col("person_id") == person_id).sort("occurred_at")


def load_snapshot(workspace: Workspace, as_of: date) -> Snapshot:
    """Compute health once and read the touches through the same store connection.

    The store is open only while both are read (a short read lock); nothing stays open afterwards,
    so the command line and other notebooks can write in between.
    """
    settings = workspace.settings()
    zone = settings.time.zone
    with workspace.reading():
        health = api.health(workspace, as_of=as_of)
        interactions = workspace.interactions(metrics.INTERACTION_COLUMNS)
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    touches = (
        interactions.filter((pl.col("occurred_at") < end) & ~pl.col("is_group").fill_null(False))
        .select(TOUCH_COLUMNS)
        .with_columns(pl.col("occurred_at").dt.convert_time_zone(zone))
        .collect()
    )
    return Snapshot(workspace, as_of, health, touches, settings.strength.normalised(), zone)


def as_workspace(workspace: Workspace | str | Path) -> Workspace:
    """``workspace`` itself, or the workspace at that path."""
    return workspace if isinstance(workspace, Workspace) else Workspace(workspace)


def as_date(workspace: Workspace, as_of: date | str | None) -> date:
    """``as_of`` as a date: a date, an ISO ``YYYY-MM-DD`` string, or None for today.

    Raises:
        NetbookError: the string is not a date.
    """
    if as_of is None:
        return api.today(workspace)
    if isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(as_of.strip())
    except ValueError:
        raise InputError(f"cannot read as_of {as_of!r}", hint="write YYYY-MM-DD") from None


def load_workspace(path: Workspace | str | Path, *, sample: str | Path | None = None) -> Workspace:
    """The workspace at ``path``; when it holds no store yet, ``sample`` is imported into it first.

    This makes a notebook run on a fresh checkout: point ``sample`` at the bundled
    ``data/sample/linkedin`` export.
    """
    workspace = as_workspace(path)
    if sample is not None and not workspace.exists:
        workspace.import_paths([Path(sample)])
    return workspace
