"""Network-level metrics of a review period, from the per-person health frame.

A review *period* is a pair of local dates ``(start, end)``, both inclusive, in the user's time zone
(:func:`period_bounds`, :func:`previous_bounds`). Every function here takes lazy frames and returns
a lazy query built from polars expressions; nothing is collected and nothing reads the clock.
Interaction-based metrics live in :mod:`netbook.metrics.network_flows`; the side-by-side review
table in :mod:`netbook.metrics.network_summary`.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import polars as pl

from netbook.errors import InputError
from netbook.metrics import titles
from netbook.metrics.touches import one_to_one
from netbook.vocabulary import LAYERS, TARGETS

Period = Literal["week", "month", "quarter", "year"]
ACTIVE_DAYS = 365
DORMANT_DAYS = 3 * 365
FOLLOW_UP_DAYS = 7
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_bounds(as_of: date, period: Period) -> tuple[date, date]:
    """The local dates ``(start, end)``, inclusive, of the period ending on ``as_of``.

    A week is the 7 days ending on ``as_of``. A month, quarter or year runs from the day after
    ``as_of`` 1, 3 or 12 calendar months earlier (clamped to the month's last day): the half-open
    ``[as_of + 1 day − N months, as_of + 1 day)``. So a period ending on a month's last day is
    whole calendar months, and 2024-02-29 ends the year that began on 2023-03-01.

    Args:
        as_of: the last day of the period.
        period: ``week``, ``month``, ``quarter`` or ``year``.

    Returns:
        ``(start, end)`` with ``end == as_of``.

    Raises:
        NetbookError: when ``period`` is none of the four.

    Examples:
        >>> period_bounds(date(2026, 11, 22), "month")
        (datetime.date(2026, 10, 23), datetime.date(2026, 11, 22))
        >>> period_bounds(date(2026, 3, 31), "month")
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
        >>> period_bounds(date(2026, 11, 22), "week")
        (datetime.date(2026, 11, 16), datetime.date(2026, 11, 22))
    """
    if period == "week":
        return as_of - timedelta(days=6), as_of
    if period not in _MONTHS:
        raise InputError(f"unknown period {period!r}", hint="use week, month, quarter or year")
    return _months_back(as_of + timedelta(days=1), _MONTHS[period]), as_of


def previous_bounds(as_of: date, period: Period) -> tuple[date, date]:
    """The period of the same kind that ends the day before :func:`period_bounds` starts.

    Months, quarters and years are calendar lengths, so the two periods can differ by a few days.

    Examples:
        >>> previous_bounds(date(2026, 11, 22), "month")
        (datetime.date(2026, 9, 23), datetime.date(2026, 10, 22))
        >>> previous_bounds(date(2026, 3, 31), "month")
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    """
    start, _ = period_bounds(as_of, period)
    return period_bounds(start - timedelta(days=1), period)


def local_day(time_zone: str, at: str = "occurred_at") -> pl.Expr:
    """The local date, in ``time_zone``, of the UTC datetime column ``at``."""
    return pl.col(at).dt.convert_time_zone(time_zone).dt.date()


def instant(day: date, time_zone: str) -> pl.Expr:
    """The first instant of the local ``day`` in ``time_zone``, as a UTC datetime literal."""
    start = datetime.combine(day, time(0), ZoneInfo(time_zone))
    return pl.lit(start).dt.convert_time_zone("UTC")


def on_days(start: date, end: date, time_zone: str, at: str = "occurred_at") -> pl.Expr:
    """Whether the UTC datetime ``at`` falls on a local day in ``[start, end]``.

    The same as ``local_day(time_zone, at).is_between(start, end)``, but compares instants, so a
    million rows need no time-zone conversion.

    Examples:
        >>> from datetime import timezone
        >>> utc = [datetime(2026, 1, 31, h, 30, tzinfo=timezone.utc) for h in (22, 23)]
        >>> log = pl.DataFrame({"occurred_at": utc})
        >>> log.select(on_days(date(2026, 2, 1), date(2026, 2, 28), "Europe/Berlin")).to_series().to_list()
        [False, True]
    """
    return (pl.col(at) >= instant(start, time_zone)) & (
        pl.col(at) < instant(end + timedelta(days=1), time_zone)
    )


def share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """``numerator / denominator`` as a float, null when the denominator is not positive."""
    return pl.when(denominator > 0).then(numerator.cast(pl.Float64) / denominator)


def network_size(health: pl.LazyFrame) -> pl.LazyFrame:
    """Network size, active ties against Dunbar's 150, and the dormant share.

    ``size`` counts your connections and the people you have been in touch with: not someone
    known only from an invitation never accepted or a group chat. ``active`` counts people with
    ``days_since_contact ≤ 365``. ``dormant_share`` is the share of
    people *ever contacted* (``days_since_contact`` not null) who have been silent at least 3 × 365
    days; never-contacted connections are in neither its numerator nor its denominator, and it is
    null when nobody was ever contacted.

    Examples:
        >>> health = pl.LazyFrame({"days_since_contact": [10, 400, 1200, None, None],
        ...     "connected_on": [None, None, None, date(2026, 1, 2), None]})
        >>> network_size(health).collect().row(0)  # the last one was only invited
        (4, 1, 0.006666666666666667, 0.3333333333333333)
    """
    days = pl.col("days_since_contact")
    active = (days <= ACTIVE_DAYS).sum().cast(pl.Int64)
    known = pl.col("connected_on").is_not_null() | days.is_not_null()
    return health.select(
        size=known.sum().cast(pl.Int64),
        active=active,
        active_vs_150=active.cast(pl.Float64) / 150,
        dormant_share=share((days >= DORMANT_DAYS).sum(), days.is_not_null().sum()),
    )


def new_connections(
    health: pl.LazyFrame, interactions: pl.LazyFrame, start: date, end: date, *, time_zone: str
) -> pl.LazyFrame:
    """New connections in the period, and the share of them you followed up within 7 days.

    ``new_connections`` counts people whose ``connected_on`` is in ``[start, end]``.
    ``follow_up_rate`` is the share of them with at least one *follow-up*: an interaction that is
    outbound, not in a group, not a ``connection`` or ``invitation`` event, whose local date is
    between ``connected_on`` and ``connected_on + 7`` days, both inclusive, and not after ``end``
    (a back-dated review never sees the future): a connection of the period's last days may still
    be followed up. Null when there are no new connections.

    Examples:
        >>> from datetime import datetime, timezone
        >>> health = pl.LazyFrame({"person_id": ["a", "b"],
        ...     "connected_on": [date(2026, 1, 5), date(2026, 1, 6)]})
        >>> touches = pl.LazyFrame({"person_id": ["a"], "channel": ["message"],
        ...     "direction": ["outbound"], "is_group": [False], "weight": [1.0],
        ...     "occurred_at": [datetime(2026, 1, 9, 12, tzinfo=timezone.utc)]})
        >>> new_connections(health, touches, date(2026, 1, 1), date(2026, 1, 31),
        ...     time_zone="Europe/Berlin").collect().row(0)
        (2, 0.5)
    """
    return new_connection_follow_ups(health, interactions, start, end, time_zone=time_zone).select(
        new_connections=pl.len().cast(pl.Int64),
        follow_up_rate=pl.col("followed").mean(),
    )


def new_connection_follow_ups(
    health: pl.LazyFrame, interactions: pl.LazyFrame, start: date, end: date, *, time_zone: str
) -> pl.LazyFrame:
    """Each connection made in ``[start, end]``: ``person_id``, ``connected_on``, ``followed``.

    Followed: a touch of yours within :data:`FOLLOW_UP_DAYS` of connecting, either way (a chat
    that led to the invitation is as good as a note after it). The rows :func:`new_connections`
    counts: a review's headline rate and its list of new connections not followed up come from
    this one frame, so they always agree.
    """
    new = health.filter(pl.col("connected_on").is_between(start, end)).select(
        "person_id", "connected_on"
    )
    outbound = interactions.filter(
        one_to_one()
        & ~pl.col("channel").is_in(["connection", "invitation"])
        & (pl.col("direction") == "outbound")
        # Nothing after the period's end is seen; a week before its start may precede a connection.
        & on_days(start - timedelta(days=FOLLOW_UP_DAYS), end, time_zone)
    )
    window = local_day(time_zone).is_between(
        pl.col("connected_on") - timedelta(days=FOLLOW_UP_DAYS),
        pl.col("connected_on") + timedelta(days=FOLLOW_UP_DAYS),
    )
    followed = (
        new.join(outbound, on="person_id").filter(window).select("person_id").unique()
    ).with_columns(followed=pl.lit(True))
    return new.join(followed, on="person_id", how="left").with_columns(
        pl.col("followed").fill_null(False)
    )


def _layers() -> pl.LazyFrame:
    return pl.LazyFrame(
        {"layer": LAYERS, "target": TARGETS}, schema={"layer": pl.String, "target": pl.Int64}
    )


def layer_health(health: pl.LazyFrame) -> pl.LazyFrame:
    """Fill and cadence compliance of each Dunbar layer; one row per layer, all four always.

    ``fill = n / target`` with exclusive targets 5, 10, 35, 100. ``compliance`` is the share of
    the layer with ``days_since_contact ≤ cadence_days``; someone never contacted (or without a
    cadence) is not compliant. ``compliance`` is null for an empty layer.

    Examples:
        >>> health = pl.LazyFrame({"layer": ["support", "support", "close"],
        ...     "days_since_contact": [3, 20, 50], "cadence_days": [7, 7, 90]})
        >>> layers = layer_health(health).collect()
        >>> layers["n"].to_list(), layers["fill"].to_list()
        ([2, 0, 1, 0], [0.4, 0.0, 0.02857142857142857, 0.0])
        >>> layers["compliance"].to_list()
        [0.5, None, 1.0, None]
    """
    compliant = (pl.col("days_since_contact") <= pl.col("cadence_days")).fill_null(False)
    counts = health.group_by("layer").agg(n=pl.len().cast(pl.Int64), compliance=compliant.mean())
    return (
        _layers()
        .join(counts, on="layer", how="left", maintain_order="left")
        .with_columns(pl.col("n").fill_null(0))
        .select(
            "layer", "n", "target", (pl.col("n") / pl.col("target")).alias("fill"), "compliance"
        )
    )


def churn(health: pl.LazyFrame, previous_health: pl.LazyFrame) -> pl.LazyFrame:
    """Per layer, the share of the previous review's members who are no longer in that layer.

    A member who moved to another layer, or who is missing from ``health`` altogether (the
    connection was removed), counts as moved out. One row per layer with ``previous_n``,
    ``moved_out`` and ``churn`` (null when the layer was empty at the previous review).

    Examples:
        >>> before = pl.LazyFrame({"person_id": ["a", "b", "c"],
        ...     "layer": ["support", "support", "close"]})
        >>> now = pl.LazyFrame({"person_id": ["a", "b"], "layer": ["support", "sympathy"]})
        >>> churn(now, before).collect()["churn"].to_list()
        [0.5, None, 1.0, None]
    """
    current = health.select("person_id", pl.col("layer").alias("layer_now"))
    moved = (
        previous_health.select("person_id", "layer")
        .join(current, on="person_id", how="left")
        .group_by("layer")
        .agg(
            previous_n=pl.len().cast(pl.Int64),
            moved_out=pl.col("layer_now").ne_missing(pl.col("layer")).sum().cast(pl.Int64),
        )
    )
    return (
        _layers()
        .select("layer")
        .join(moved, on="layer", how="left", maintain_order="left")
        .with_columns(pl.col("previous_n", "moved_out").fill_null(0))
        .with_columns(churn=share(pl.col("moved_out"), pl.col("previous_n")))
    )


_DERIVED = {"seniority": titles.seniority, "function": titles.function}


def diversity(health: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """Blau index and Shannon evenness of one attribute over active people who have it.

    The population is people with ``days_since_contact ≤ 365`` whose attribute is known: not
    null, not blank, not ``unknown``. ``seniority`` and ``function`` are derived from ``position``
    by :mod:`netbook.metrics.titles`; any other column is compared trimmed and lowercased. With
    ``p_k`` the share of category ``k`` and ``K`` categories present: ``blau = 1 − Σ p_k²``
    (null when nobody qualifies), ``blau_normalised = blau / (1 − 1/K)`` and ``evenness = H / ln K``
    with ``H = −Σ p_k ln p_k`` (both null when ``K ≤ 1``). ``known`` is the population size.

    Examples:
        >>> health = pl.LazyFrame({"company": ["Acme", "acme ", "Globex", None],
        ...     "days_since_contact": [1, 2, 3, 4]})
        >>> diversity(health, "company").collect().row(0)
        (3, 2, 0.4444444444444444, 0.8888888888888888, 0.9182958340544894)
    """
    derive = _DERIVED.get(column)
    source = "position" if derive else column
    raw = pl.col(source).cast(pl.String)
    value = derive(raw) if derive else raw.str.strip_chars().str.to_lowercase()
    # Count each distinct title (or company...) first: classifying a title is a dozen regular
    # expressions, and many people share one title.
    distinct = (
        health.filter(pl.col("days_since_contact") <= ACTIVE_DAYS)
        .group_by(raw.alias(source))
        .agg(n=pl.len())
    )
    counts = (
        distinct.select(value.alias("value"), "n")
        .filter(pl.col("value").is_not_null() & ~pl.col("value").is_in(["", "unknown"]))
        .group_by("value")
        .agg(pl.col("n").sum())
        .sort("value")  # float sums over categories in a fixed order: reproducible to the bit
    )
    p = pl.col("n") / pl.col("n").sum()
    k = pl.len()
    blau = 1 - (p**2).sum()
    return counts.select(
        known=pl.col("n").sum().cast(pl.Int64),
        categories=k.cast(pl.Int64),
        blau=pl.when(k > 0).then(blau),
        blau_normalised=pl.when(k > 1).then(blau / (1 - 1 / k)),
        evenness=pl.when(k > 1).then(-(p * p.log()).sum() / k.log()),
    )
