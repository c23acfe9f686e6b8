"""Per-person aggregates of touches up to an as-of date: recency, frequency, intensity, reciprocity.

A *touch* is any interaction that is not part of a group conversation, on or before the as-of day
(days are counted in the workspace's time zone). Everything here is a polars expression or a lazy
query; nothing is collected.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

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


def touches(interactions: pl.LazyFrame, as_of: date, settings: Settings) -> pl.LazyFrame:
    """The interactions that count as touches at ``as_of``, with local day, age and weight."""
    zone = settings.time.zone
    weights = settings.weights.model_dump()
    return (
        interactions.filter(
            (pl.col("occurred_at") < pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC"))
            & ~pl.col("is_group").fill_null(False)
        )
        .with_columns(pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().alias(DAY))
        .with_columns(
            (pl.lit(as_of) - pl.col(DAY)).dt.total_days().alias(AGE),
            pl.col("channel")
            .cast(pl.String)
            .replace_strict(weights, default=0.0, return_dtype=pl.Float64)
            .mul(pl.col("weight").fill_null(1.0))
            .alias("w"),
        )
    )


def seen_by(interactions: pl.LazyFrame, as_of: date, zone: str) -> pl.LazyFrame:
    """The person ids in any interaction (group conversations too) up to ``as_of``."""
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    return interactions.filter(pl.col("occurred_at") < end).select("person_id").unique()


def _within(days: int) -> pl.Expr:
    return pl.col(AGE) < days


def decayed(half_life_days: float) -> pl.Expr:
    """Σ w · 2^(−age / h): the decayed intensity of a person's touches."""
    return (pl.col("w") * pl.lit(2.0).pow(-pl.col(AGE) / half_life_days)).sum()


def per_person(touched: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """One row per person with touches: the raw counts every later metric derives from."""
    outbound = pl.col("direction") == "outbound"
    inbound = pl.col("direction") == "inbound"
    counts = touched.group_by("person_id").agg(
        pl.col("occurred_at").max().alias("last_contact_at"),
        pl.col(DAY).max().alias("last_day"),
        pl.col(DAY).min().alias("first_day"),
        *((pl.col("w") * _within(n)).sum().alias(f"touches_{n}d") for n in (30, 90, 365)),
        (outbound & _within(365)).sum().alias("outbound_365d"),
        (inbound & _within(365)).sum().alias("inbound_365d"),
        decayed(settings.half_lives.activity_days).alias("intensity"),
        decayed(settings.half_lives.closeness_days).alias("closeness_proxy"),
        (outbound & pl.col("initiated")).sum().alias("initiated_out"),
        (inbound & pl.col("initiated")).sum().alias("initiated_in"),
        (pl.col("value") == "given").sum().alias("given"),
        (pl.col("value") == "received").sum().alias("received"),
        (pl.col("channel") != "connection").sum().alias("touch_count"),
    )
    # The median gap between distinct touch days. Sorting by a hash of the id only makes each
    # person's days contiguous (and in order); the result does not depend on the hash values.
    same = pl.col("person_id") == pl.col("person_id").shift(1)
    gaps = (
        touched.select("person_id", DAY)
        .unique()
        .sort(pl.col("person_id").hash(), "person_id", DAY)
        .with_columns(gap=pl.when(same).then((pl.col(DAY) - pl.col(DAY).shift(1)).dt.total_days()))
        .group_by("person_id")
        .agg(pl.col("gap").median().alias("median_gap_days"))
    )
    return counts.join(gaps, on="person_id", how="left")


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


def replies(touched: pl.LazyFrame) -> pl.LazyFrame:
    """Reply behaviour in 1:1 message threads, per person.

    A *run* is consecutive messages in one direction within a thread. You replied to a run of theirs
    when your next message in the thread follows it; the latency is measured from the last message
    of their run. A thread whose last message is theirs is *unanswered*.
    """
    # Each thread's messages contiguous and in time order (direction breaks ties), so that the
    # message before a message is simply the previous row when it belongs to the same thread.
    messages = touched.filter(pl.col("channel") == "message").sort(
        pl.col("thread_id").to_physical(), "occurred_at", "direction"
    )
    same = pl.col("thread_id") == pl.col("thread_id").shift(1)
    previous = pl.when(same).then(pl.col("direction").shift(1))
    marked = messages.with_columns(
        starts_run=(previous.is_null() | (previous != pl.col("direction"))),
        is_reply=previous.is_not_null() & (previous != pl.col("direction")),
        hours=pl.when(same).then(
            (pl.col("occurred_at") - pl.col("occurred_at").shift(1)).dt.total_seconds() / 3600
        ),
        is_last=(pl.col("thread_id") != pl.col("thread_id").shift(-1)).fill_null(True),
    )
    inbound, outbound = pl.col("direction") == "inbound", pl.col("direction") == "outbound"
    return marked.group_by("person_id").agg(
        (inbound & pl.col("starts_run")).sum().alias("inbound_runs"),
        (outbound & pl.col("starts_run")).sum().alias("outbound_runs"),
        (outbound & pl.col("is_reply")).sum().alias("your_replies"),
        (inbound & pl.col("is_reply")).sum().alias("their_replies"),
        pl.col("hours").filter(outbound & pl.col("is_reply")).median().alias("your_reply_hours"),
        pl.col("hours").filter(inbound & pl.col("is_reply")).median().alias("their_reply_hours"),
        (inbound & pl.col("is_last")).sum().alias("unanswered_inbound"),
        pl.col(DAY).filter(inbound & pl.col("is_last")).max().alias("unanswered_since"),
    )
