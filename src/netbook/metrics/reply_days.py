"""Reply behaviour per day over the whole log, stored at import: replies at any as-of date.

:func:`~netbook.metrics.replies.replies` at any as-of date from a few hundred thousand stored rows
instead of a million messages.

A message's marks (:func:`~netbook.metrics.replies.marked`) depend only on the messages before it
in its thread, so they are computed once over every message and summed per day:

- :func:`reply_days`: per person and local day, the runs and replies each way (counts add up over
  the days up to an as-of date), the hours each reply took (their median is taken at the
  as-of date) and the turns that start or stop waiting for an answer that day (+1 / -1: their
  sum up to an as-of date is the turns still pending then);
- :func:`thread_days`: per conversation (a thread with one person:
  :func:`~netbook.metrics.replies.same_conversation`) and local day, its state at the end of that
  day: whether its last run is theirs, when, the latest request in it and whether it opened it.

:func:`replies_at` combines the days up to an as-of date into what ``replies`` gives, exactly.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.metrics.replies import (
    ENDS,
    FLAGS,
    INBOUND,
    OUTBOUND,
    PENDING,
    THEIR_REPLY,
    YOUR_REPLY,
    closes,
    less_pending,
    same_conversation,
    waiting,
)
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
        **{name: pl.Int32() for name in PENDING},
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


READ: tuple[str, ...] = (
    "thread_id", "person_id", DAY, "occurred_at", "direction", "hours", "starts_run",
    "starts_turn", "restarts", "opens", "request", "called", "counts_turn", "answers",
)  # fmt: skip
"""The columns of :func:`~netbook.metrics.replies.marked` that :func:`reply_days` and
:func:`thread_days` read (marks kept in memory need no more)."""


def markable() -> pl.Expr:
    """Whether every message has a thread and a direction (what :func:`thread_days` relies on).

    Otherwise ``replies`` is computed from the messages (a person's messages without a thread
    are one conversation there, as in the summary's reply rate).
    """
    return pl.col("thread_id").is_not_null().all() & pl.col("direction").is_not_null().all()


def reply_days(marks: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Per person and local day: the :data:`~netbook.metrics.replies.FLAGS` counts, reply hours.

    ``marks``: :func:`~netbook.metrics.replies.marked` messages with their local day (``DAY``,
    :func:`~netbook.metrics.touches.local_day`) and ``person_id`` as a category (grouping by its
    code is faster than by the id string). The :data:`~netbook.metrics.replies.PENDING` columns
    count a turn +1 on the day it starts calling for an answer and -1 on the day it no longer
    waits (answered, or its window closed): see :func:`_waits`.
    """
    # Every value is a column before grouping: plain sums per group are faster than expressions
    # inside each group. An hour is kept where it is a reply's (it is never null there).
    days = (
        marks.select(
            "person_id",
            DAY,
            *(flag.alias(name) for name, flag in FLAGS.items()),
            your_hours=pl.when(YOUR_REPLY).then("hours"),
            their_hours=pl.when(THEIR_REPLY).then("hours"),
        )
        .group_by("person_id", DAY)
        .agg(
            *(pl.col(name).sum().cast(pl.UInt32) for name in FLAGS),
            pl.col("your_hours").filter(pl.col("your_replies")),
            pl.col("their_hours").filter(pl.col("their_replies")),
        )
    )
    waits = (
        _waits(marks, settings)
        .group_by("person_id", DAY)
        .agg(pl.col(name).sum().cast(pl.Int32) for name in PENDING)
    )
    # A day a turn stops waiting may hold no message of theirs or yours: a day of its own.
    return (
        days.join(waits, on=["person_id", DAY], how="full", coalesce=True)
        .with_columns(
            pl.col(*FLAGS, *PENDING).fill_null(0),
            pl.col("your_hours", "their_hours").fill_null([]),
        )
        .with_columns(pl.col("person_id").cast(pl.String))
        .select(REPLY_DAYS.names())
    )


def _waits(marks: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Per turn that calls for an answer and waits past its first day: +1 then, -1 when done.

    A turn waits from the day its first calling message came (``counts_turn``) to the day before
    it is answered or before its window closes (:func:`~netbook.metrics.replies.closes`, from its
    last message), whichever comes first: the days on which
    :func:`~netbook.metrics.replies.pending` counts it, from the messages up to that day.
    """
    same_next = same_conversation(-1)
    ends_turn = (~same_next | pl.col("starts_turn").shift(-1)).fill_null(True)
    answered = pl.when(same_next & pl.col("answers").shift(-1)).then(pl.col(DAY).shift(-1))
    # The turns' last messages first: the day a window closes is converted for those rows only.
    turns = (
        marks.with_columns(
            __from=pl.when(pl.col("counts_turn")).then(pl.col(DAY)).forward_fill(),
            __answered=answered,
        )
        .filter(ends_turn & (pl.col("called") > 0))
        # An answer comes before the window closes: it ends the wait (the same day: none).
        .filter(pl.col("__answered").is_null() | (pl.col("__answered") > pl.col("__from")))
        .with_columns(__done=pl.coalesce("__answered", closes(settings)))
        .filter(pl.col("__done") > pl.col("__from"))
        .select(
            "person_id",
            "__from",
            "__done",
            **{
                name: way.cast(pl.Int32)
                for name, way in zip(PENDING, (INBOUND, OUTBOUND), strict=True)
            },
        )
    )
    starts = turns.select("person_id", pl.col("__from").alias(DAY), *PENDING)
    stops = turns.select("person_id", pl.col("__done").alias(DAY), *(-pl.col(n) for n in PENDING))
    return pl.concat([starts, stops])


def thread_days(marks: pl.LazyFrame) -> pl.LazyFrame:
    """Per conversation (thread and person) and local day, its state after that day's last message.

    ``marks``: as :func:`reply_days` takes them.

    ``waits``: its last run is theirs and holds a request; then ``ended_at`` (its last message),
    ``asked_at`` and ``reason`` (its latest request) and ``theirs`` (the run opened the
    conversation) are what ``replies`` reads of that run. Only the days that change whether it
    waits, or what for, are kept: the state at an as-of day is that of the conversation's latest
    day up to it.
    """
    # The marks are in conversation order: each message's run began at the latest run start, its
    # conversation at the latest opening message, and its latest request is the latest request row
    # (one of this run when it is not before the run's start). Row numbers, not windows.
    row = pl.int_range(pl.len(), dtype=pl.UInt32)
    began, opened = pl.col("__began"), pl.col("__opened")
    asked = pl.col("__asked")
    in_run = asked.is_not_null() & (asked >= began)
    day = pl.col(DAY)
    ends_day = ~same_conversation(-1) | (day != day.shift(-1))
    states = (
        marks.with_columns(
            __began=pl.when(pl.col("starts_run")).then(row).forward_fill(),
            __opened=pl.when(pl.col("opens")).then(row).forward_fill(),
            __asked=pl.when(pl.col("request").is_not_null()).then(row).forward_fill(),
        )
        .with_columns(
            asked_at=pl.when(in_run).then(pl.col("occurred_at").gather(asked)),
            reason=pl.when(in_run).then(pl.col("request").gather(asked)),
        )
        .filter(ends_day.fill_null(True))  # the day's last message: the state at its end
        .select(
            pl.col("thread_id").cast(pl.String),
            DAY,
            waits=INBOUND & pl.col("asked_at").is_not_null(),
            person_id=pl.col("person_id").cast(pl.String),
            ended_at=pl.col("occurred_at"),
            asked_at=pl.col("asked_at"),
            reason=pl.col("reason"),
            theirs=began == opened,
        )
    )
    # A day not waiting after a day not waiting changes nothing: left out.
    same = same_conversation(1)
    changed = pl.col("waits") | pl.when(same).then(pl.col("waits").shift(1)).fill_null(False)
    return states.filter(changed).select(THREAD_DAYS.names())


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
        *(pl.col(name).sum() for name in PENDING),
    )
    last = (
        threads.filter(pl.col(DAY) <= as_of)
        .group_by("thread_id", "person_id")
        .agg(pl.all().sort_by(DAY).last())
        .filter(pl.col("waits"))
        .select(pl.col("thread_id").cast(pl.Categorical()), *ENDS[1:])
    )
    return waiting(less_pending(counted), last, as_of, settings, reached)
