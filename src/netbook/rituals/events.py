"""The follow-up each person you met at an event is owed, and how well you keep up.

Which events there are and whom you met at each is :mod:`netbook.rituals.met`. Decisions:

- **Follow-up**: a touch with the person on a local day *after* the event's day and at most
  ``[rituals] follow_up_days`` later (``due_by``), both counted in the workspace's zone: an
  outbound touch outside a group (a message, a call you placed, an invitation to connect), or any
  touch you logged by hand. Touches on the event's day are part of the event, not a follow-up.
- **Status at an as-of day**: ``done`` (followed up by then: ``followed_up_on`` is the first such
  day), ``late`` (followed up after ``due_by``, within :data:`OWED_DAYS` of the event),
  ``overdue`` (not followed up, the as-of day after ``due_by``: still owed), ``missed`` (not
  followed up within :data:`OWED_DAYS` of the event: no longer owed), else ``open``. Events held
  after the as-of day and touches after it are not seen.
- **Rates** count decided follow-ups only: ``rate = done / (done + late + overdue + missed)``;
  ``open`` ones have not failed yet. The latency of a follow-up is the days from the event to
  ``followed_up_on``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from netbook.metrics.network import Period, local_day, period_bounds
from netbook.metrics.touches import one_to_one
from netbook.phrases import days_word
from netbook.rituals.met import MET_COLUMNS, TOUCH_COLUMNS, Event, add_event, met
from netbook.settings import Settings
from netbook.workspace import Workspace

__all__ = ["Event", "add_event", "follow_up_stats", "follow_up_status", "follow_ups", "met"]

COLUMNS = (
    *MET_COLUMNS,
    *("person", "due_by", "followed_up_on", "latency_days", "status", "why"),
)
"""The columns of :func:`follow_ups`, in order."""
STATUSES = ("done", "late", "overdue", "missed", "open")
"""The statuses of a follow-up: done in time, done late, owed past its day, no longer owed, owed."""
OWED = ("overdue", "open")
"""The statuses of a follow-up still owed."""
SUMMARY_COLUMNS = (
    *("event_id", "event", "source", "held_on", "people"),
    *("done", "late", "overdue", "missed", "open", "rate", "median_latency_days"),
)
"""The columns of :func:`summarise`: one row per event."""
STATS_COLUMNS = ("scope", "period_start", "period_end", *SUMMARY_COLUMNS)
"""The columns of :func:`follow_up_stats`."""
OWED_DAYS = 30
"""A follow-up after an event held longer ago than this is stale: no longer owed as an action."""


def follow_up_touches(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The touches that can be a follow-up: outbound outside a group, or logged by hand.

    A small meeting you organised is one too (see :func:`~netbook.metrics.touches.one_to_one`).
    """
    return interactions.filter(
        one_to_one()
        & ((pl.col("direction") == "outbound").fill_null(False) | (pl.col("source") == "log"))
    )


def follow_up_status(
    met: pl.LazyFrame, touches: pl.LazyFrame, as_of: date, *, days: int, time_zone: str
) -> pl.LazyFrame:
    """Each person met at an event held by ``as_of``, with their follow-up's status and why.

    Args:
        met: one row per event and person (``event``, ``held_on``, ``person_id`` at least).
        touches: interactions (``person_id``, ``occurred_at``, ``channel``, ``direction``,
            ``source``, ``is_group``, ``weight``); those after ``as_of`` are not seen.
        as_of: the day the status is for.
        days: a follow-up is due this many days after the event.
        time_zone: the zone local days are counted in.

    Returns:
        ``met``'s rows held on or before ``as_of`` with ``due_by``, ``followed_up_on``,
        ``latency_days``, ``status`` and ``why``; a row without a person (an event where nobody
        met is known) has no ``status``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> people = pl.LazyFrame({"event": ["Meetup"] * 3, "held_on": [date(2026, 11, 12)] * 3,
        ...     "person_id": ["a", "b", "c"]})
        >>> log = pl.LazyFrame({"person_id": ["a", "b"], "direction": ["outbound"] * 2,
        ...     "source": ["linkedin"] * 2, "is_group": [False] * 2, "channel": ["message"] * 2,
        ...     "weight": [1.0] * 2,
        ...     "occurred_at": [datetime(2026, 11, d, 9, tzinfo=timezone.utc) for d in (14, 12)]})
        >>> status = follow_up_status(people, log, date(2026, 11, 17), days=3, time_zone="UTC")
        >>> for row in status.select("person_id", "status", "why").collect().rows():
        ...     print(row)
        ('a', 'done', 'met at Meetup on 2026-11-12: followed up on 2026-11-14')
        ('b', 'overdue', 'met at Meetup on 2026-11-12: follow up by 2026-11-15 (2 days overdue)')
        ('c', 'overdue', 'met at Meetup on 2026-11-12: follow up by 2026-11-15 (2 days overdue)')
        >>> late = follow_up_status(people, log, date(2026, 11, 20), days=1, time_zone="UTC")
        >>> late.filter(pl.col("person_id") == "a").select("status", "why").collect().row(0)
        ('late', 'met at Meetup on 2026-11-12: followed up on 2026-11-14 (1 day late)')
    """
    return status_of(met, follow_up_days(touches, time_zone), as_of, days=days)


def follow_up_days(touches: pl.LazyFrame, time_zone: str) -> pl.LazyFrame:
    """The distinct ``person_id`` and local ``day`` of every touch that can be a follow-up."""
    day = local_day(time_zone).alias("day")
    return follow_up_touches(touches).select("person_id", day).unique()


def status_of(met: pl.LazyFrame, touched: pl.LazyFrame, as_of: date, *, days: int) -> pl.LazyFrame:
    """:func:`follow_up_status` from the :func:`follow_up_days` of the touches (any as-of day)."""
    held = met.filter(pl.col("held_on") <= as_of).with_columns(
        (pl.col("held_on") + timedelta(days=days)).alias("due_by")
    )
    seen = touched.filter(pl.col("day") <= as_of)
    first = (
        held.select("person_id", "held_on", "due_by")
        .unique()
        .join(seen, on="person_id")
        # In time or late (within the days a follow-up is owed): either ends what is owed; a
        # touch months on is no follow-up of the event.
        .filter(
            pl.col("day").is_between(
                pl.col("held_on") + timedelta(days=1), pl.col("held_on") + timedelta(days=OWED_DAYS)
            )
        )
        .group_by("person_id", "held_on")
        .agg(pl.col("day").min().alias("followed_up_on"))
    )
    late = (pl.lit(as_of) - pl.col("due_by")).dt.total_days()
    after = (pl.col("followed_up_on") - pl.col("due_by")).dt.total_days()
    status = (
        pl.when(pl.col("person_id").is_null())
        .then(pl.lit(None, pl.String))
        .when(after > 0)
        .then(pl.lit("late"))
        .when(pl.col("followed_up_on").is_not_null())
        .then(pl.lit("done"))
        .when(pl.lit(as_of) > pl.col("held_on") + timedelta(days=OWED_DAYS))
        .then(pl.lit("missed"))
        .when(late > 0)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("open"))
    )
    met_at = pl.format("met at {} on {}: ", pl.col("event"), pl.col("held_on"))
    why = (
        pl.when(pl.col("person_id").is_null())
        .then(
            pl.format("went to {} on {}: nobody met is known", pl.col("event"), pl.col("held_on"))
        )
        .when(pl.col("status") == "done")
        .then(met_at + pl.format("followed up on {}", pl.col("followed_up_on")))
        .when(pl.col("status") == "late")
        .then(
            met_at
            + pl.format(
                "followed up on {} ({} {} late)", pl.col("followed_up_on"), after, days_word(after)
            )
        )
        .when(pl.col("status") == "overdue")
        .then(
            met_at
            + pl.format("follow up by {} ({} {} overdue)", pl.col("due_by"), late, days_word(late))
        )
        .when(pl.col("status") == "missed")
        .then(
            met_at
            + pl.format(
                "not followed up (it was due by {}; after {} days, no longer owed)",
                pl.col("due_by"),
                pl.lit(OWED_DAYS),
            )
        )
        .otherwise(met_at + pl.format("follow up by {}", pl.col("due_by")))
    )
    return (
        held.join(first, on=["person_id", "held_on"], how="left", maintain_order="left")
        .with_columns(
            (pl.col("followed_up_on") - pl.col("held_on")).dt.total_days().alias("latency_days"),
            status.alias("status"),
        )
        .with_columns(why.alias("why"))
    )


def follow_ups(workspace: Workspace, as_of: date) -> pl.DataFrame:
    """Everyone met at an event held by ``as_of``, with their follow-up: :data:`COLUMNS`.

    Sorted by event (most recent first), then person. The review takes the ``overdue`` rows as
    actions.
    """
    return workspace.derived(("follow_ups", as_of), lambda: _follow_ups(workspace, as_of))


def owed_follow_ups(workspace: Workspace, as_of: date, since: date | None = None) -> pl.DataFrame:
    """The follow-ups not done by ``as_of`` after events held on or after ``since``.

    ``since`` defaults to :data:`OWED_DAYS` days before ``as_of``; the review's actions and
    ``netbook remind`` take these rows.
    """
    return owed(follow_ups(workspace, as_of), as_of, since)


def owed(frame: pl.DataFrame, as_of: date, since: date | None = None) -> pl.DataFrame:
    """The rows of :func:`follow_ups` still owed, of events held on or after ``since``.

    ``since`` defaults to :data:`OWED_DAYS` days before ``as_of``.
    """
    first = as_of - timedelta(days=OWED_DAYS) if since is None else since
    return frame.filter(pl.col("status").is_in(OWED) & (pl.col("held_on") >= first))


@dataclass(frozen=True)
class EventFrames:
    """What follow-ups are computed from."""

    met: pl.LazyFrame
    """Everyone met at an event (:func:`netbook.rituals.met.met`) with their name, ``person``."""
    touched: pl.LazyFrame
    """The :func:`follow_up_days` of the people met (whatever the as-of day)."""


def read_event_frames(workspace: Workspace) -> EventFrames:
    """Read :class:`EventFrames` from the workspace, in one consistent snapshot."""
    with workspace.reading():
        everyone = met(workspace)
        zone = workspace.settings().time.zone
        people = everyone.get_column("person_id").drop_nulls().unique()
        touched = workspace.derived(
            ("rituals", "follow_up_days", zone), lambda: _follow_up_days(workspace, zone, people)
        )
        names = workspace.people().select("person_id", pl.col("full_name").alias("person"))
    return EventFrames(everyone.lazy().join(names, on="person_id", how="left"), touched.lazy())


def _follow_up_days(workspace: Workspace, zone: str, people: pl.Series) -> pl.DataFrame:
    """:func:`follow_up_days` of ``people`` in the workspace's ``zone``, once per block.

    The outbound days are those of the per-day aggregates health reads (``any_out`` counts the
    outbound touches outside groups per local day of that zone): only the touches logged by hand
    are read from the log. Only the people met at events are kept (a follow-up is theirs): some
    hundreds of people's days, not every day of tens of thousands.
    """
    from netbook.frames import health_basis
    from netbook.metrics.touches import DAY

    met_people = pl.col("person_id").cast(pl.String).is_in(people.implode())
    outbound = health_basis(workspace).days.filter((pl.col("any_out") > 0) & met_people)
    logged = follow_up_touches(
        workspace.interactions(TOUCH_COLUMNS, where="source = 'log'").filter(
            (pl.col("source") == "log") & met_people
        )
    )
    return (
        pl.concat(
            [
                outbound.select(pl.col("person_id").cast(pl.String), pl.col(DAY).alias("day")),
                logged.select("person_id", local_day(zone).alias("day")),
            ]
        )
        .unique()
        .collect()
    )


def _follow_ups(workspace: Workspace, as_of: date) -> pl.DataFrame:
    settings = workspace.settings()
    return follow_up_table(read_event_frames(workspace), as_of, settings)


def follow_up_table(frames: EventFrames, as_of: date, settings: Settings) -> pl.DataFrame:
    """Everyone met at an event held by ``as_of`` in ``frames``, with their follow-up."""
    return (
        status_of(frames.met, frames.touched, as_of, days=settings.rituals.follow_up_days)
        .select(COLUMNS)
        .sort(
            ["held_on", "event", "event_id", "person", "person_id"],
            descending=[True, False, False, False, False],
            nulls_last=True,
        )
        .collect()
    )


def _counts() -> list[pl.Expr]:
    done = (pl.col("status") == "done").sum().cast(pl.Int64)
    late = (pl.col("status") == "late").sum().cast(pl.Int64)
    overdue = (pl.col("status") == "overdue").sum().cast(pl.Int64)
    missed = (pl.col("status") == "missed").sum().cast(pl.Int64)
    failed = late + overdue + missed  # the rate is of follow-ups in time
    return [
        pl.col("status").count().cast(pl.Int64).alias("people"),
        done.alias("done"),
        late.alias("late"),
        overdue.alias("overdue"),
        missed.alias("missed"),
        (pl.col("status") == "open").sum().cast(pl.Int64).alias("open"),
        pl.when(done + failed > 0).then(done / (done + failed)).alias("rate"),
        pl.col("latency_days").median().alias("median_latency_days"),
    ]


def summarise(status: pl.LazyFrame) -> pl.LazyFrame:
    """One row per event of :func:`follow_up_status`'s frame: :data:`SUMMARY_COLUMNS`.

    Examples:
        >>> status = pl.LazyFrame({"event_id": ["e", "e", "e"], "event": ["Meetup"] * 3,
        ...     "source": ["user"] * 3, "held_on": [date(2026, 11, 12)] * 3,
        ...     "status": ["done", "overdue", "open"], "latency_days": [2, None, None]})
        >>> summarise(status).collect().row(0)[4:]
        (3, 1, 0, 1, 0, 1, 0.5, 2.0)
    """
    return (
        status.group_by("event_id", "event", "source", "held_on")
        .agg(_counts())
        .sort("held_on", "event", "event_id")
        .select(SUMMARY_COLUMNS)
    )


def rate_between(status: pl.LazyFrame, start: date, end: date) -> pl.LazyFrame:
    """The follow-ups of events held in ``[start, end]`` as one row of counts and ``rate``."""
    return status.filter(pl.col("held_on").is_between(start, end)).select(_counts())


def follow_up_stats(workspace: Workspace, as_of: date, period: Period = "month") -> pl.DataFrame:
    """Follow-up rate and median latency of each event held in the period, and of the period.

    The period is :func:`~netbook.metrics.network.period_bounds` of ``as_of``; statuses are as of
    ``as_of``. One row per event (``scope`` ``event``), oldest first, then one for the whole
    period (``scope`` ``period``, with ``event_id``, ``event``, ``source`` and ``held_on`` null;
    ``median_latency_days`` is over every follow-up, not a median of medians).

    Returns:
        :data:`STATS_COLUMNS`.
    """
    start, end = period_bounds(as_of, period)
    status = follow_ups(workspace, as_of).lazy()
    bounds = [pl.lit(start).alias("period_start"), pl.lit(end).alias("period_end")]
    events = (
        summarise(status.filter(pl.col("held_on").is_between(start, end)))
        .with_columns(pl.lit("event").alias("scope"), *bounds)
        .select(STATS_COLUMNS)
    )
    whole = rate_between(status, start, end).with_columns(
        pl.lit("period").alias("scope"),
        *bounds,
        pl.lit(None, pl.String).alias("event_id"),
        pl.lit(None, pl.String).alias("event"),
        pl.lit(None, pl.String).alias("source"),
        pl.lit(None, pl.Date).alias("held_on"),
    )
    return pl.concat([events, whole.select(STATS_COLUMNS)]).collect()
