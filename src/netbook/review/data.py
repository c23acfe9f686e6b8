"""The frames a review shows beyond :mod:`netbook.api`: growth by month, headline rows, settings.

Everything takes an explicit as-of date; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from netbook.metrics.network import Period, instant
from netbook.metrics.touches import one_to_one
from netbook.settings import Settings

HEADLINE: Final = {
    "size": ("People in your network", "int"),
    "active": ("Active ties (touched in 365 days)", "int"),
    "active_vs_150": ("Active ties against the ~150 one can keep up (Dunbar)", "percent"),
    "new_connections": ("New connections", "int"),
    "follow_up_rate": ("New connections followed up in 7 days", "percent"),
    "outreach_per_week": ("Touches you made per week", "float"),
    "reply_rate": ("Messages you answered", "percent"),
    "dormant_share": ("Dormant share of people ever in touch (silent 3+ years)", "percent"),
    "effective_relationships": ("People your contact rests on (1/HHI)", "float"),
    "give_ratio": ("Give ratio (given / given + received)", "percent"),
}
"""Headline metrics of :func:`netbook.api.summary`: metric -> (label, format)."""
MEANING: Final = {
    "size": "Everyone you are connected with or in touch with. Good: growing with people you "
    "have a reason to know.",
    "active": "The people you were in touch with in the last 365 days. Good: steady or growing.",
    "active_vs_150": "Your active ties as a share of the about 150 relationships one person can "
    "keep up (Dunbar's number). Good: near 100%; far above it, most ties get very little time.",
    "new_connections": "People you connected with in this period. Good: a few you will "
    "actually talk to.",
    "follow_up_rate": "Of this period's new connections, the share you wrote to within 7 days. "
    "Good: most of them.",
    "outreach_per_week": "Touches you made per week: messages, calls, meetings. Good: "
    "steady, at the pace your goals ask for.",
    "reply_rate": "Of the messages people sent you, the share you answered: each counts once you "
    "answer it or its time for an answer (pause_days, 14) runs out; a short 'Thanks!' asks for "
    "none. Good: close to 100%.",
    "dormant_share": "Of the people you were ever in touch with, the share silent for 3 years or "
    "more (connections never in touch are in neither count). Good: low; revive the strong ones.",
    "effective_relationships": "If your contact were spread evenly, this many people would "
    "carry it (1/HHI, the inverse Herfindahl index). Good: more than a handful; low means a few "
    "people carry your network.",
    "give_ratio": "Of the favours exchanged (LinkedIn endorsements and recommendations, and the "
    "intros, help or advice you log), the share you gave. Good: "
    "half or more.",
}
"""One plain sentence per headline metric: what it means, then what good looks like."""
GROWTH_MONTHS: Final[Mapping[Period, int]] = {"week": 12, "month": 12, "quarter": 24, "year": 48}
"""How many months the growth chart covers, by review period."""
ACTIVE_MONTHS: Final = 12
"""A tie is active at a month's end when touched in that month or the 11 before it."""


def headline(summary: pl.DataFrame) -> pl.DataFrame:
    """The :data:`HEADLINE` rows of ``summary``: ``metric, label, format, current, previous, change``.

    Examples:
        >>> s = pl.DataFrame({"metric": ["size", "hhi"], "current": [3.0, 0.5],
        ...     "previous": [2.0, 0.4], "change": [1.0, 0.1]})
        >>> headline(s).select("label", "change").rows()
        [('People in your network', 1.0)]
    """
    labels = pl.DataFrame(
        {
            "metric": list(HEADLINE),
            "label": [label for label, _ in HEADLINE.values()],
            "format": [kind for _, kind in HEADLINE.values()],
        }
    )
    return labels.join(summary, on="metric", how="inner", maintain_order="left")


def value(summary: pl.DataFrame, metric: str, column: str = "current") -> float | None:
    """One number of ``summary`` (None when missing or null)."""
    found = summary.filter(pl.col("metric") == metric).get_column(column)
    return None if found.is_empty() else found[0]


def months_back(as_of: date, months: int) -> date:
    """The first day of the month ``months - 1`` months before ``as_of``'s month.

    Examples:
        >>> months_back(date(2026, 11, 16), 12)
        datetime.date(2025, 12, 1)
    """
    index = as_of.year * 12 + as_of.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def growth(
    people: pl.LazyFrame,
    interactions: pl.LazyFrame,
    *,
    as_of: date,
    time_zone: str,
    months: int = 12,
) -> pl.DataFrame:
    """Month by month up to ``as_of``: connections, new connections, active ties and touches.

    One pass over the log: touches are counted per person and local month, and a person is an
    *active tie* at a month's end when they had a touch in that month or the 11 before it (the
    monthly version of "touched within 365 days"). A touch is any interaction outside group
    conversations, as in the per-person metrics. The last month runs to ``as_of`` only.

    Args:
        people: the people frame (``connected_on``).
        interactions: the interaction log (``person_id``, ``occurred_at``, ``is_group``,
            ``weight``, ``channel``, ``direction``).
        as_of: the last day counted.
        time_zone: the zone local days are counted in.
        months: how many months, ending with ``as_of``'s.

    Returns:
        ``month`` (its first day), ``connections`` (cumulative, connected by the month's end),
        ``new_connections``, ``active_ties``, ``touches`` (all), ``outbound`` (touches you made).

    Examples:
        >>> from datetime import datetime, timezone
        >>> people = pl.LazyFrame({"person_id": ["a", "b"],
        ...     "connected_on": [date(2026, 1, 5), date(2026, 3, 1)]})
        >>> log = pl.LazyFrame({"person_id": ["a", "a"], "is_group": [False, False],
        ...     "weight": [1.0, 1.0],
        ...     "occurred_at": [datetime(2026, 1, 9, tzinfo=timezone.utc)] * 2,
        ...     "channel": ["message", "message"], "direction": ["outbound", "inbound"]})
        >>> monthly = growth(people, log, as_of=date(2026, 3, 10), time_zone="UTC", months=3)
        >>> monthly.drop("month").rows()
        [(1, 1, 1, 2, 1), (1, 0, 1, 0, 0), (2, 1, 1, 0, 0)]
    """
    first = months_back(as_of, months)
    calendar = pl.LazyFrame(
        {"month": pl.date_range(first, as_of, interval="1mo", eager=True)}
    ).with_columns(pl.col("month").dt.month_start())
    index = pl.col("month").dt.year().cast(pl.Int32) * 12 + pl.col("month").dt.month()
    window = months_back(first, ACTIVE_MONTHS)  # the touches that make the first month's ties
    end = instant(as_of + timedelta(days=1), time_zone)
    touches = (
        interactions.filter(
            one_to_one()
            & (pl.col("occurred_at") >= instant(window, time_zone))
            & (pl.col("occurred_at") < end)
        )
        .group_by(
            pl.col("person_id"),
            pl.col("occurred_at")
            .dt.convert_time_zone(time_zone)
            .dt.date()
            .dt.month_start()
            .alias("month"),
        )
        .agg(
            touches=pl.len(),
            outbound=(pl.col("direction") == "outbound").sum(),
        )
        .with_columns(index.alias("index"))
    )
    monthly = touches.group_by("month").agg(
        pl.col("touches").sum().cast(pl.Int64), pl.col("outbound").sum().cast(pl.Int64)
    )
    active = (  # each person as a number: the exploded rows are 8 bytes, not an id string
        touches.select(
            pl.col("person_id").rank("dense").alias("person"),
            pl.int_ranges("index", pl.col("index") + ACTIVE_MONTHS).alias("at"),
        )
        .explode("at")
        .group_by("at")
        .agg(active_ties=pl.col("person").n_unique().cast(pl.Int64))
    )
    connected = people.filter(pl.col("connected_on") <= as_of).select(
        pl.col("connected_on").dt.month_start().alias("month")
    )
    before = connected.filter(pl.col("month") < first).select(pl.len().alias("before"))
    new = connected.group_by("month").agg(new_connections=pl.len().cast(pl.Int64))
    return (
        calendar.with_columns(index.alias("at"))
        .join(new, on="month", how="left")
        .join(active, on="at", how="left")
        .join(monthly, on="month", how="left")
        .join(before, how="cross")
        .with_columns(pl.col("new_connections", "active_ties", "touches", "outbound").fill_null(0))
        .sort("month")
        .select(
            "month",
            (pl.col("before") + pl.col("new_connections").cum_sum())
            .cast(pl.Int64)
            .alias("connections"),
            "new_connections",
            "active_ties",
            "touches",
            "outbound",
        )
        .collect()
    )


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
    """``key, value`` rows of a nested setting; a list of tables (goals) is numbered.

    Examples:
        >>> list(_flatten("goals", [{"name": "reach out", "layer": None}]))
        [('goals.1.name', 'reach out'), ('goals.1.layer', '(not set)')]
    """
    if isinstance(value, Mapping):
        if not value and prefix:
            yield prefix, "(none)"
        for key, inner in value.items():
            yield from _flatten(f"{prefix}.{key}" if prefix else str(key), inner)
    elif isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
        for number, inner in enumerate(value, start=1):
            yield from _flatten(f"{prefix}.{number}", inner)
    elif isinstance(value, list | tuple):
        yield prefix, ", ".join(str(v) for v in value) if value else "(none)"
    else:
        yield prefix, "(not set)" if value is None else str(value)


def settings_frame(settings: Settings) -> pl.DataFrame:
    """Every setting the review used as ``key, value`` rows (``weights.meeting``, ``3.0``).

    Examples:
        >>> frame = settings_frame(Settings())
        >>> frame.filter(pl.col("key") == "cadence.support").row(0)
        ('cadence.support', '7')
    """
    rows = list(_flatten("", settings.model_dump()))
    return pl.DataFrame(
        {"key": [k for k, _ in rows], "value": [v for _, v in rows]},
        schema={"key": pl.String, "value": pl.String},
    )


PRIVATE_SETTINGS: Final = ("owner.name", "owner.profile_url", "owner.emails")
"""Settings that identify the user: pseudonymised in a pseudonymised review."""
PRIVATE_PREFIXES: Final = ("cadence.person.",)
"""Settings whose key names a person (a profile URL or person id)."""
