"""Every network-level metric of a review period next to the previous period's, in long form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from netbook.metrics.network import (
    Period,
    churn,
    diversity,
    layer_health,
    network_size,
    new_connections,
    period_bounds,
    previous_bounds,
)
from netbook.metrics.network_flows import (
    activity,
    dependency,
    reciprocity_balance,
    with_openings,
)
from netbook.vocabulary import DIVERSITY_ATTRIBUTES, LAYER_STATS, SUMMARY_METRICS

HEALTH_COLUMNS = (
    *("person_id", "company", "position", "role", "connected_on"),
    *("days_since_contact", "layer", "cadence_days"),
)
"""The columns of the health frames :func:`summary` reads."""
METRICS = SUMMARY_METRICS
"""The rows of :func:`summary`, in order."""


def _long(frame: pl.LazyFrame, prefix: str = "") -> pl.LazyFrame:
    return (
        frame.select(pl.all().cast(pl.Float64))
        .unpivot(variable_name="metric", value_name="value")
        .with_columns((pl.lit(prefix) + pl.col("metric")).alias("metric"))
    )


def _by_layer(frame: pl.LazyFrame, prefix: str, columns: tuple[str, ...]) -> pl.LazyFrame:
    return (
        frame.select("layer", *(pl.col(c).cast(pl.Float64) for c in columns))
        .unpivot(on=list(columns), index="layer", variable_name="metric", value_name="value")
        .select(
            pl.concat_str(pl.lit(prefix), "metric", pl.lit("_"), "layer").alias("metric"),
            "value",
        )
    )


def _metrics(
    health: pl.LazyFrame,
    interactions: pl.LazyFrame,
    bounds: tuple[date, date],
    time_zone: str,
    channel_weights: Mapping[str, float] | None,
    pause_days: int,
    closing_chars: int,
    late_days: int,
) -> pl.LazyFrame:
    start, end = bounds
    return pl.concat(
        [
            _long(network_size(health)),
            _long(new_connections(health, interactions, start, end, time_zone=time_zone)),
            _by_layer(layer_health(health), "layer_", LAYER_STATS),
            *(_long(diversity(health, a), f"diversity_{a}_") for a in DIVERSITY_ATTRIBUTES),
            _long(
                dependency(
                    interactions, start, end, time_zone=time_zone, channel_weights=channel_weights
                )
            ),
            _long(
                reciprocity_balance(
                    interactions,
                    start,
                    end,
                    time_zone=time_zone,
                    pause_days=pause_days,
                    late_days=late_days,
                )
            ),
            _long(
                activity(
                    interactions,
                    start,
                    end,
                    time_zone=time_zone,
                    pause_days=pause_days,
                    closing_chars=closing_chars,
                    late_days=late_days,
                )
            ),
        ]
    )


def summary(
    health: pl.LazyFrame,
    previous_health: pl.LazyFrame,
    interactions: pl.LazyFrame,
    *,
    as_of: date,
    period: Period,
    time_zone: str,
    previous_interactions: pl.LazyFrame | None = None,
    channel_weights: Mapping[str, float] | None = None,
    pause_days: int = 14,
    closing_chars: int = 60,
    late_days: int = 30,
) -> pl.LazyFrame:
    """This period's network metrics beside the previous period's: ``metric, current, previous, change``.

    ``current`` is computed from ``health`` (as of ``as_of``) over :func:`period_bounds`;
    ``previous`` from ``previous_health`` (as of the previous period's end) over
    :func:`previous_bounds`, with ``previous_interactions`` when given, else the same log.
    ``change = current − previous``. All values are Float64 (counts too). The rows are
    :data:`METRICS`, in this order:

    - ``size``, ``active``, ``active_vs_150``, ``dormant_share``;
    - ``new_connections``, ``follow_up_rate``;
    - ``layer_{n,fill,compliance}_{support,sympathy,close,active}``;
    - ``diversity_{company,seniority,function,role}_{known,categories,blau,blau_normalised,evenness}``;
    - ``hhi``, ``effective_relationships``, ``top1_share``, ``top3_share``;
    - ``outbound``, ``inbound``, ``initiation_balance``, ``give_ratio``;
    - ``outreach_per_week``, ``reply_rate``;
    - ``churn_{support,sympathy,close,active}``: members of ``previous_health``'s layer who left it
      by ``health``; its ``previous`` is always null (it would need the review before that).

    Args:
        health: the per-person health frame at ``as_of``.
        previous_health: the per-person health frame at the previous period's end.
        interactions: the canonical interactions frame.
        as_of: the last day of the current period.
        period: ``week``, ``month``, ``quarter`` or ``year``.
        time_zone: the IANA zone local days are counted in.
        previous_interactions: the log to use for the previous period, if not ``interactions``.
        channel_weights: per-channel weights for :func:`~netbook.metrics.network_flows.dependency`.
        pause_days: silence after which an answer is no reply (``reply_rate``) and a message
            opens a conversation (``initiation_balance``), as per person.
        closing_chars: a message this short and without a question asks for no answer
            (``reply_rate``), as per person.
        late_days: an answer after ``pause_days`` but within this many days is a late answer:
            it opens no conversation (``initiation_balance``) and calls for an answer only by
            what it says (``reply_rate``), as per person (``[thresholds] late_answer_days``).

    Returns:
        One row per name in :data:`METRICS`.

    Examples:
        >>> from datetime import datetime, timezone
        >>> health = pl.LazyFrame({"person_id": ["a"], "company": ["Acme"], "position": ["CEO"],
        ...     "role": ["peer"], "connected_on": [date(2026, 1, 2)], "days_since_contact": [3],
        ...     "layer": ["support"], "cadence_days": [7]})
        >>> log = pl.LazyFrame({"person_id": ["a"], "is_group": [False], "channel": ["message"],
        ...     "occurred_at": [datetime(2026, 1, 5, 9, tzinfo=timezone.utc)], "thread_id": ["t"],
        ...     "direction": ["outbound"], "initiated": [True], "value": ["none"], "weight": [1.0],
        ...     "content_length": [80], "asks": [True]})
        >>> table = summary(health, health.clear(), log, as_of=date(2026, 1, 7), period="week",
        ...     time_zone="UTC").collect()
        >>> table.filter(pl.col("metric").is_in(["size", "follow_up_rate", "outreach_per_week"])).rows()
        [('size', 1.0, 0.0, 1.0), ('follow_up_rate', 1.0, None, None), ('outreach_per_week', 1.0, 0.0, 1.0)]
    """
    # Which touches open a conversation, marked once for both periods (a sort of every thread),
    # unless the caller marked them already (goals ask for many periods of one log).
    interactions = with_openings(interactions, pause_days, late_days).cache()
    before = (
        interactions
        if previous_interactions is None
        else with_openings(previous_interactions, pause_days, late_days)
    )
    current = _metrics(
        health,
        interactions,
        period_bounds(as_of, period),
        time_zone,
        channel_weights,
        pause_days,
        closing_chars,
        late_days,
    ).rename({"value": "current"})
    previous = _metrics(
        previous_health,
        before,
        previous_bounds(as_of, period),
        time_zone,
        channel_weights,
        pause_days,
        closing_chars,
        late_days,
    ).rename({"value": "previous"})
    churned = _by_layer(churn(health, previous_health), "", ("churn",)).select(
        "metric", pl.col("value").alias("current"), pl.lit(None, pl.Float64).alias("previous")
    )
    rows = pl.concat([current.join(previous, on="metric", how="left"), churned])
    return (
        pl.LazyFrame({"metric": METRICS}, schema={"metric": pl.String})
        .join(rows, on="metric", how="left", maintain_order="left")
        .with_columns(change=pl.col("current") - pl.col("previous"))
    )
