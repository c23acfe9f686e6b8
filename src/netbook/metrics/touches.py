"""Per-person aggregates of touches up to an as-of date: recency, frequency, intensity, reciprocity.

A *touch* is any interaction that is not part of a group conversation, on or before the as-of day
(days are counted in the workspace's time zone). Everything here is a polars expression or a lazy
query; nothing is collected.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from netbook.schema import Channel
from netbook.settings import Settings

DAY = "local_day"
AGE = "age_days"


def end_of(as_of: date, zone: str) -> datetime:
    """The first instant after ``as_of`` in ``zone``: touches before it are seen, later ones not.

    Examples:
        >>> end_of(date(2026, 3, 1), "Asia/Tokyo").isoformat()
        '2026-03-02T00:00:00+09:00'
    """
    return datetime.combine(as_of + timedelta(days=1), time(0), ZoneInfo(zone))


def messages(interactions: pl.LazyFrame, as_of: date, zone: str) -> pl.LazyFrame:
    """The 1:1 messages sent or received up to ``as_of`` (the input of :func:`replies`)."""
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    return interactions.filter(
        (pl.col("channel") == "message")
        & (pl.col("occurred_at") < end)
        & ~pl.col("is_group").fill_null(False)
    )


def first_seen(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """Each person's first interaction of any kind, group conversations too.

    Columns ``person_id`` and ``first_seen_at``: a person not yet connected is known from then.
    """
    ids = pl.col("person_id")
    return (
        interactions.group_by(ids.cast(pl.Categorical))
        .agg(pl.col("occurred_at").min().alias("first_seen_at"))
        .with_columns(ids.cast(pl.String))
    )


def _within(days: int) -> pl.Expr:
    return pl.col(AGE) < days


def decayed(half_life_days: float) -> pl.Expr:
    """Σ w · 2^(−age / h): the decayed intensity of a person's touches."""
    return (pl.col("w") * pl.lit(2.0).pow(-pl.col(AGE) / half_life_days)).sum()


def channel_weight(settings: Settings) -> pl.Expr:
    """The weight of each interaction's channel (0 for a channel without one).

    A lookup by the channel's category code: a million rows cost a millisecond, not a string match.
    """
    weights = settings.weights.model_dump()
    table = pl.Series([float(weights.get(c, 0.0)) for c in Channel.categories], dtype=pl.Float64)
    return pl.lit(table).gather(pl.col("channel").cast(Channel).to_physical())


def daily(interactions: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Touches summed per person and local day, over the whole log (no as-of date yet).

    Every per-person count is a sum over these rows, so one pass over a million interactions serves
    any number of as-of dates (a review needs two): :func:`per_person` filters the days up to its
    as-of date. Columns: ``person_id``, the local day, ``last_at`` (the day's latest touch), ``w``
    (weighted touches), and counts ``outbound``, ``inbound``, ``initiated_out``, ``initiated_in``,
    ``given``, ``received`` and ``touch_count`` (touches other than connection events).
    """
    zone = settings.time.zone
    outbound = pl.col("direction") == "outbound"
    inbound = pl.col("direction") == "inbound"
    return (
        interactions.filter(~pl.col("is_group").fill_null(False))
        .with_columns(
            # Grouping and sorting by the category codes is twice as fast as by the id strings.
            pl.col("person_id").cast(pl.Categorical),
            pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().alias(DAY),
            channel_weight(settings).mul(pl.col("weight").fill_null(1.0)).alias("w"),
        )
        .group_by("person_id", DAY)
        .agg(
            pl.col("occurred_at").max().alias("last_at"),
            pl.when(outbound).then(pl.col("occurred_at")).max().alias("last_out_at"),
            pl.col("w").sum(),
            outbound.sum().alias("outbound"),
            inbound.sum().alias("inbound"),
            (outbound & pl.col("initiated")).sum().alias("initiated_out"),
            (inbound & pl.col("initiated")).sum().alias("initiated_in"),
            (pl.col("value") == "given").sum().alias("given"),
            (pl.col("value") == "received").sum().alias("received"),
            (pl.col("channel") != "connection").sum().alias("touch_count"),
        )
    )


def per_person(days: pl.LazyFrame, as_of: date, settings: Settings) -> pl.LazyFrame:
    """One row per person with touches up to ``as_of``: the raw counts every later metric uses.

    Args:
        days: :func:`daily` of the interaction log.
        as_of: touches on later local days are not seen.
        settings: the workspace's settings (half-lives).
    """
    seen = days.filter(pl.col(DAY) <= as_of).with_columns(
        (pl.lit(as_of) - pl.col(DAY)).dt.total_days().alias(AGE)
    )
    # Each person's days contiguous and in order, so the gap to the previous touch day is a shift.
    # The order of people (by category code) does not matter; float sums run over each person's
    # days in date order, so the result is the same bits every time.
    same = pl.col("person_id") == pl.col("person_id").shift(1)
    ordered = seen.sort(pl.col("person_id").to_physical(), DAY).with_columns(
        gap=pl.when(same).then((pl.col(DAY) - pl.col(DAY).shift(1)).dt.total_days())
    )
    counts = ordered.group_by("person_id").agg(
        pl.col("last_at").max().alias("last_contact_at"),
        pl.col("last_out_at").max().alias("last_outbound_at"),
        pl.col(DAY).max().alias("last_day"),
        pl.col(DAY).min().alias("first_day"),
        *((pl.col("w") * _within(n)).sum().alias(f"touches_{n}d") for n in (30, 90, 365)),
        (pl.col("outbound") * _within(365)).sum().alias("outbound_365d"),
        (pl.col("inbound") * _within(365)).sum().alias("inbound_365d"),
        decayed(settings.half_lives.activity_days).alias("intensity"),
        decayed(settings.half_lives.closeness_days).alias("closeness_proxy"),
        *(pl.col(c).sum() for c in ("initiated_out", "initiated_in", "given", "received")),
        pl.col("touch_count").sum(),
        pl.col("gap").median().alias("median_gap_days"),
    )
    return counts.with_columns(pl.col("person_id").cast(pl.String))


REPLIES = pl.Schema(
    {
        "inbound_runs": pl.UInt32,
        "outbound_runs": pl.UInt32,
        "your_replies": pl.UInt32,
        "their_replies": pl.UInt32,
        "your_reply_hours": pl.Float64,
        "their_reply_hours": pl.Float64,
        "unanswered_inbound": pl.UInt32,
        "unanswered_since": pl.Date,
    }
)
"""The columns :func:`replies` adds (null when a caller does not need them)."""


def replies(sent: pl.LazyFrame, zone: str, reached: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """Reply behaviour in 1:1 message threads, per person.

    A *run* is consecutive messages in one direction within a thread. You replied to a run of theirs
    when your next message in the thread follows it; the latency is measured from the last message
    of their run. A thread whose last message is theirs is *unanswered*, unless you reached out to
    them since by any channel (``reached``: ``person_id``, ``last_outbound_at``; a call answers a
    message too).
    """
    # Each thread's messages contiguous and in time order (direction breaks ties), so that the
    # message before a message is simply the previous row when it belongs to the same thread.
    ordered = sent.sort(pl.col("thread_id").to_physical(), "occurred_at", "direction")
    same = pl.col("thread_id") == pl.col("thread_id").shift(1)
    previous = pl.when(same).then(pl.col("direction").shift(1))
    marked = ordered.with_columns(
        starts_run=(previous.is_null() | (previous != pl.col("direction"))),
        is_reply=previous.is_not_null() & (previous != pl.col("direction")),
        hours=pl.when(same).then(
            (pl.col("occurred_at") - pl.col("occurred_at").shift(1)).dt.total_seconds() / 3600
        ),
        is_last=(pl.col("thread_id") != pl.col("thread_id").shift(-1)).fill_null(True),
    )
    inbound, outbound = pl.col("direction") == "inbound", pl.col("direction") == "outbound"
    counts = marked.group_by("person_id").agg(
        (inbound & pl.col("starts_run")).sum().alias("inbound_runs"),
        (outbound & pl.col("starts_run")).sum().alias("outbound_runs"),
        (outbound & pl.col("is_reply")).sum().alias("your_replies"),
        (inbound & pl.col("is_reply")).sum().alias("their_replies"),
        pl.col("hours").filter(outbound & pl.col("is_reply")).median().alias("your_reply_hours"),
        pl.col("hours").filter(inbound & pl.col("is_reply")).median().alias("their_reply_hours"),
    )
    ends = marked.filter(inbound & pl.col("is_last")).select("person_id", "occurred_at")
    if reached is not None:
        since = pl.col("last_outbound_at")
        ends = ends.join(reached, on="person_id", how="left").filter(
            since.is_null() | (pl.col("occurred_at") > since)
        )
    waiting = ends.group_by("person_id").agg(
        pl.len().cast(pl.UInt32).alias("unanswered_inbound"),
        pl.col("occurred_at").max().dt.convert_time_zone(zone).dt.date().alias("unanswered_since"),
    )
    return counts.join(waiting, on="person_id", how="left").with_columns(
        pl.col("unanswered_inbound").fill_null(0)
    )
