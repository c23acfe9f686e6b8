"""Per-person aggregates of touches up to an as-of date: recency, frequency, intensity, reciprocity.

A *touch* is any interaction that is not part of a group conversation, on or before the as-of day
(days are counted in the workspace's time zone). Everything here is a polars expression or a lazy
query; nothing is collected.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
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
    """The 1:1 messages and e-mails sent or received up to ``as_of`` (what replies are read from)."""
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    return conversations(interactions).filter(pl.col("occurred_at") < end)


def conversations(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """Every 1:1 message and e-mail, whenever sent (:func:`messages` without an as-of date)."""
    return interactions.filter(in_conversation())


def in_conversation() -> pl.Expr:
    """Whether an interaction is a 1:1 message or e-mail (false, never null)."""
    return (
        pl.col("channel").cast(pl.String).is_in(("message", "email"))
        & ~pl.col("is_group").fill_null(False)
    ).fill_null(False)


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


def decayed(weight: pl.Expr, factor: str) -> pl.Expr:
    """Σ w · 2^(−age / h) in a group: ``factor`` is a column of :func:`decay` made beforehand.

    The group's rows must be in date order, one a day (as :func:`per_person` and the network's
    history sort them): they are summed newest first, by increasing ``age_days``, so the sum
    has the same bits every time. (Reversing them is what sorting by age would do, without a
    sort per group; the factor is a column, not looked up inside the aggregation, which would
    copy the table per group.)
    """
    return (weight * pl.col(factor)).reverse().cum_sum().last()


MAX_AGE = 36_600
"""Ages in days the decay table covers (a century); older contact counts as that old."""


def decay(half_life_days: float, age: pl.Expr | None = None) -> pl.Expr:
    """2^(−age / h) for each row's whole-day ``age`` (default ``age_days``), from a table.

    Vectorised ``pow`` can differ in the last bit with how rows fall into SIMD lanes, so the same
    workspace could give different sums from run to run; Python's ``math`` gives one value per age.
    """
    days = pl.col(AGE) if age is None else age
    return pl.lit(_decay_table(half_life_days)).gather(days.cast(pl.Int64).clip(0, MAX_AGE))


@lru_cache(maxsize=8)
def _decay_table(half_life_days: float) -> pl.Series:
    return pl.Series([2.0 ** (-age / half_life_days) for age in range(MAX_AGE + 1)])


def channel_weight(settings: Settings) -> pl.Expr:
    """The weight of each interaction's channel (0 for a channel without one).

    A lookup by the channel's category code: a million rows cost a millisecond, not a string match.
    """
    weights = settings.weights.model_dump()
    table = pl.Series([float(weights.get(c, 0.0)) for c in Channel.categories], dtype=pl.Float64)
    return pl.lit(table).gather(pl.col("channel").cast(Channel).to_physical())


NOT_CONTACT = ("connection", "invitation")
"""Channels that start a relationship but are not contact: connecting, an invitation and its
acceptance count for a tie's duration, never for recency, frequency, rhythm, layers or lateness."""

RICH = ("meeting", "call", "event")
"""Channels that need both people at once: their share is a sign of closeness."""


SMALL_MEETING = 3
"""A calendar meeting with at most this many others (four people with you: a team's sync, a
meeting of three) is contact with each of them, as a conversation is; a larger one (an all-hands,
a webinar) is not, as a group chat is not. A calendar meeting's ``weight`` is 1 / its others."""


def one_to_one() -> pl.Expr:
    """Whether an interaction is contact with that person: outside a group, or a small meeting.

    Needs ``is_group``, ``channel`` and ``weight`` (see :data:`SMALL_MEETING`).

    Examples:
        >>> log = pl.DataFrame({"is_group": [False, True, True, True],
        ...     "channel": ["message", "message", "meeting", "meeting"],
        ...     "weight": [1.0, 0.5, 1 / 3, 0.25]})
        >>> log.select(one_to_one())["is_group"].to_list()
        [True, False, True, False]
    """
    small = (pl.col("channel").cast(pl.String) == "meeting") & (
        pl.col("weight").fill_null(1.0) >= 1 / SMALL_MEETING - 1e-9
    )
    return ~pl.col("is_group").fill_null(False) | small


def is_contact() -> pl.Expr:
    """Whether an interaction is contact: an exchange, not connecting or an invitation."""
    return ~pl.col("channel").cast(pl.String).is_in(NOT_CONTACT)


def local_day(zone: str) -> pl.Expr:
    """Each interaction's day in ``zone`` (the :data:`DAY` column)."""
    return pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().alias(DAY)


def daily(
    interactions: pl.LazyFrame, settings: Settings, *, day: pl.Expr | None = None
) -> pl.LazyFrame:
    """Contact summed per person and local day, over the whole log (no as-of date yet).

    Every per-person count is a sum over these rows, so one pass over a million interactions
    serves any number of as-of dates (a review needs two): :func:`per_person` filters the days
    up to its as-of date. Group conversations and meetings larger than :data:`SMALL_MEETING` are
    left out. A day with only a connection or an invitation is kept with ``touch_count`` 0 (it
    starts the relationship: its duration counts from it). Columns: ``person_id``, the local
    day, ``last_at`` and ``last_out_at`` (the day's latest contact, and latest of yours), ``w``
    (weighted contact), and counts ``outbound``, ``inbound``, ``initiated_out``,
    ``initiated_in``, ``given``, ``received``, ``rich`` (meetings, calls, events) and
    ``touch_count`` (all contact). ``day``: the local day when the caller has it already
    (default: :func:`local_day` in the settings' zone). Each person's rows are together and in
    date order.
    """
    contact = is_contact()
    outbound = contact & (pl.col("direction") == "outbound")
    inbound = contact & (pl.col("direction") == "inbound")
    counts = {
        "outbound": outbound,
        "inbound": inbound,
        "initiated_out": outbound & pl.col("initiated"),
        "initiated_in": inbound & pl.col("initiated"),
        "given": contact & (pl.col("value") == "given"),
        "received": contact & (pl.col("value") == "received"),
        "rich": contact & pl.col("channel").cast(pl.String).is_in(RICH),
        "touch_count": contact,
        "any_out": pl.col("direction") == "outbound",
    }
    # Every value is a column before grouping: plain sums and maxima per group are several times
    # faster than expressions filtered inside each group.
    return (
        interactions.filter(one_to_one())
        .select(
            # Grouping and sorting by the category codes is twice as fast as by the id strings.
            pl.col("person_id").cast(pl.Categorical),
            local_day(settings.time.zone) if day is None else day.alias(DAY),
            pl.when(contact).then(pl.col("occurred_at")).alias("last_at"),
            pl.when(outbound).then(pl.col("occurred_at")).alias("last_out_at"),
            pl.when(contact)
            .then(channel_weight(settings).mul(pl.col("weight").fill_null(1.0)))
            .otherwise(0.0)
            .alias("w"),
            **counts,
        )
        .group_by("person_id", DAY)
        .agg(
            pl.col("last_at", "last_out_at").max(),
            pl.col("w").sum(),
            *(pl.col(name).sum() for name in counts),
        )
        # Each person's days together and in date order: what its readers need, and a filter
        # keeps (they never sort again; which person comes first does not matter).
        .sort(pl.col("person_id").to_physical(), DAY)
    )


def per_person(days: pl.LazyFrame, as_of: date, settings: Settings) -> pl.LazyFrame:
    """One row per person with contact or a connection up to ``as_of``: the raw counts.

    Recency, frequency, intensity and rhythm come from contact days only. The *usual gap* (rhythm)
    is the median gap between conversations: contact days less than ``episode_days`` apart are one
    conversation, and a usual gap needs ``rhythm_min_gaps`` gaps (three conversations by default).
    ``contact_days`` counts days with contact; ``two_way_days`` counts them when contact went
    both ways over the tie's life (else 0): the evidence a Dunbar layer needs.

    Args:
        days: :func:`daily` of the interaction log (or rows of it, in its order: each person's
            days together and in date order).
        as_of: contact on later local days is not seen.
        settings: the workspace's settings (half-lives, thresholds).
    """
    t = settings.thresholds
    seen = days.filter(pl.col(DAY) <= as_of).with_columns(
        (pl.lit(as_of) - pl.col(DAY)).dt.total_days().alias(AGE)
    )
    contact = seen.filter(pl.col("touch_count") > 0)
    # Each person's days contiguous and in order (as daily gives them), so the gap to the previous
    # contact day is a shift. The order of people does not matter; float sums run over each
    # person's days in date order, so the result is the same bits every time.
    same = pl.col("person_id") == pl.col("person_id").shift(1)
    ordered = contact.with_columns(
        gap=pl.when(same).then((pl.col(DAY) - pl.col(DAY).shift(1)).dt.total_days()),
        __activity=decay(settings.half_lives.activity_days),
        __closeness=decay(settings.half_lives.closeness_days),
    )
    starts = ordered.filter(pl.col("gap").is_null() | (pl.col("gap") > t.episode_days))
    rhythm = (
        starts.with_columns(
            gap=pl.when(same).then((pl.col(DAY) - pl.col(DAY).shift(1)).dt.total_days())
        )
        .group_by("person_id")
        .agg(
            pl.len().alias("conversations"),
            pl.when(pl.col("gap").count() >= t.rhythm_min_gaps)
            .then(pl.col("gap").median())
            .alias("median_gap_days"),
            pl.col("gap").mean().alias("mean_gap_days"),
        )
    )
    # A day's weight is capped at a meeting's: a long chat on one day is one good day, not ten.
    day_weight = pl.col("w").clip(upper_bound=max(settings.weights.meeting, 1.0))
    counts = ordered.group_by("person_id").agg(
        pl.col("last_at").max().alias("last_contact_at"),
        pl.col("last_out_at").max().alias("last_outbound_at"),
        pl.col(DAY).max().alias("last_day"),
        pl.col(DAY).min().alias("first_contact_day"),
        *((pl.col("w") * _within(n)).sum().alias(f"touches_{n}d") for n in (30, 90, 365)),
        (pl.col("outbound") * _within(365)).sum().alias("outbound_365d"),
        (pl.col("inbound") * _within(365)).sum().alias("inbound_365d"),
        decayed(pl.col("w"), "__activity").alias("intensity"),
        decayed(day_weight, "__closeness").alias("closeness_proxy"),
        *(
            pl.col(c).sum()
            for c in (
                "initiated_out",
                "initiated_in",
                "given",
                "received",
                "rich",
                "touch_count",
                "outbound",
                "inbound",
            )
        ),
        pl.len().alias("contact_days"),
        # A meeting, call or event goes both ways, whoever logged it.
        ((pl.col("outbound") + pl.col("rich")) > 0).sum().alias("out_days"),
        ((pl.col("inbound") + pl.col("rich")) > 0).sum().alias("in_days"),
    )
    started = seen.group_by("person_id").agg(
        pl.col(DAY).min().alias("first_day"),
        (pl.col("any_out") > 0).any().alias("wrote"),
    )
    return (
        started.join(counts, on="person_id", how="left")
        .join(rhythm, on="person_id", how="left")
        .with_columns(
            two_way_days=pl.when((pl.col("out_days") > 0) & (pl.col("in_days") > 0))
            .then(pl.col("contact_days"))
            .otherwise(0),
        )
        .with_columns(pl.col("person_id").cast(pl.String))
    )
