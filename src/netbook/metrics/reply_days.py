"""Reply behaviour per day over the whole log, stored at import: replies at any as-of date.

:func:`~netbook.metrics.replies.replies` at any as-of date from a few hundred thousand stored rows
instead of a million messages.

A message's marks (:func:`~netbook.metrics.replies.marked`) depend only on the messages before it
in its thread, so they are computed once over every message and summed per day:

- :func:`reply_days`: per person and local day, the runs and replies each way (counts add up over
  the days up to an as-of date) and the hours each reply took (their median is taken at the
  as-of date);
- :func:`thread_days`: per thread and local day, the thread's state at the end of that day: whether
  its last run is theirs, who and when, the latest request in it and whether it opened the thread.

:func:`replies_at` combines the days up to an as-of date into what ``replies`` gives, exactly.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.metrics.replies import ENDS, FLAGS, INBOUND, THEIR_REPLY, YOUR_REPLY, waiting
from netbook.metrics.touches import DAY
from netbook.settings import Settings

_COUNTS: dict[str, pl.DataType] = {name: pl.UInt32() for name in FLAGS}
REPLY_DAYS = pl.Schema(
    {
        "person_id": pl.String(),
        DAY: pl.Date(),
        **_COUNTS,
        "your_hours": pl.List(pl.Float64),
        "their_hours": pl.List(pl.Float64),
    }
)
"""The columns of :func:`reply_days`."""
THREAD_DAYS = pl.Schema(
    {
        "thread_id": pl.String(),
        DAY: pl.Date(),
        "waits": pl.Boolean(),
        "person_id": pl.String(),
        "ended_at": schema.UTC,
        "asked_at": schema.UTC,
        "reason": pl.String(),
        "theirs": pl.Boolean(),
    }
)
"""The columns of :func:`thread_days`."""


def markable() -> pl.Expr:
    """Whether every message has a thread and a direction (what :func:`thread_days` relies on).

    Messages without are each a thread of their own in ``replies``: it is computed from them.
    """
    return pl.col("thread_id").is_not_null().all() & pl.col("direction").is_not_null().all()


def _day(zone: str) -> pl.Expr:
    return pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().alias(DAY)


def reply_days(marks: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Per person and local day: the :data:`~netbook.metrics.replies.FLAGS` counts, reply hours."""
    return (
        marks.group_by(pl.col("person_id").cast(pl.String), _day(settings.time.zone))
        .agg(
            *(flag.sum().cast(pl.UInt32).alias(name) for name, flag in FLAGS.items()),
            pl.col("hours").filter(YOUR_REPLY).alias("your_hours"),
            pl.col("hours").filter(THEIR_REPLY).alias("their_hours"),
        )
        .select(REPLY_DAYS.names())
    )


def thread_days(marks: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Per thread and local day, the thread's state after that day's last message.

    ``waits``: its last run is theirs and holds a request; then ``person_id`` (the run's first
    sender), ``ended_at`` (its last message), ``asked_at`` and ``reason`` (its latest request) and
    ``theirs`` (the run opened the thread) are what ``replies`` reads of that run. Only the days
    that change whether it waits, or what for, are kept: the state at an as-of day is that of the
    thread's latest day up to it.
    """
    run = pl.col("run")
    requested = pl.col("request").is_not_null()
    states = marks.with_columns(
        _day(settings.time.zone),
        # Every message within its run: who began it, its latest request up to that message.
        person_id=pl.when(pl.col("starts_run")).then(pl.col("person_id")).forward_fill(),
        asked_at=pl.when(requested).then(pl.col("occurred_at")).forward_fill().over(run),
        reason=pl.col("request").forward_fill().over(run),
        theirs=run == pl.when(pl.col("opens")).then(run).forward_fill(),
    )
    # Rows keep their thread order within each group: the last is the day's last message.
    # A last run of theirs without a request never waits: it is stored as not waiting, and a day
    # not waiting after a day not waiting is left out (the thread's state stays the same).
    days = (
        states.group_by(pl.col("thread_id").cast(pl.String), DAY)
        .agg(
            INBOUND.last().alias("waits"),
            pl.col("person_id").last().cast(pl.String),
            pl.col("occurred_at").last().alias("ended_at"),
            pl.col("asked_at", "reason", "theirs").last(),
        )
        .with_columns(pl.col("waits") & pl.col("asked_at").is_not_null())
        .sort("thread_id", DAY)
    )
    same = pl.col("thread_id") == pl.col("thread_id").shift(1)
    changed = pl.col("waits") | pl.when(same).then(pl.col("waits").shift(1)).fill_null(False)
    return days.filter(changed).select(THREAD_DAYS.names())


def replies_at(
    days: pl.LazyFrame,
    threads: pl.LazyFrame,
    as_of: date,
    settings: Settings,
    reached: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """``replies`` at ``as_of`` from :func:`reply_days` and :func:`thread_days` of the whole log.

    The same rows, values and types as :func:`~netbook.metrics.replies.replies` over the messages
    up to ``as_of`` (a message is up to ``as_of`` exactly when its local day is).
    """
    seen = days.filter(pl.col(DAY) <= as_of)
    counted = seen.group_by("person_id").agg(
        *(pl.col(name).sum().cast(pl.UInt32) for name in FLAGS),
        pl.col("your_hours").explode().median().alias("your_reply_hours"),
        pl.col("their_hours").explode().median().alias("their_reply_hours"),
    )
    last = (
        threads.filter(pl.col(DAY) <= as_of)
        .group_by("thread_id")
        .agg(pl.all().sort_by(DAY).last())
        .filter(pl.col("waits"))
        .select(pl.col("thread_id").cast(pl.Categorical()), *ENDS[1:])
    )
    return waiting(counted, last, as_of, settings, reached)
