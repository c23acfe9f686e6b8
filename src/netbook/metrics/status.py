"""Cadence, status, segment and the human-readable ``why`` of each person at an as-of date."""

from __future__ import annotations

import polars as pl

from netbook.settings import Settings

IMPORTANCE = {"support": 5.0, "sympathy": 4.0, "close": 3.0, "active": 2.0, "acquaintance": 1.0}
KEY_ROLES = {"mentor": 1.5, "sponsor": 1.5, "leader": 1.25, "peer": 1.0, "mentee": 1.0}
OVERDUE = 2.0
"""An overdue ratio from which a due person is *overdue* (twice their cadence or more)."""


def cadence(settings: Settings) -> pl.Expr:
    """Days between touches: by person (by hand, then settings), else role, tag, or layer."""
    c = settings.cadence
    by_layer = pl.col("layer").replace_strict(
        {"support": c.support, "sympathy": c.sympathy, "close": c.close, "active": c.active},
        default=None,
        return_dtype=pl.Int64,
    )
    by_role = pl.col("role").replace_strict(c.role, default=None, return_dtype=pl.Int64)
    by_tag = (
        pl.col("tags")
        .list.eval(pl.element().replace_strict(c.tag, default=None, return_dtype=pl.Int64))
        .list.min()
        if c.tag
        else pl.lit(None, pl.Int64)
    )
    by_person = pl.coalesce(
        pl.col("cadence_override"),
        pl.col("person_id").replace_strict(c.person, default=None, return_dtype=pl.Int64),
        pl.col("profile_url").replace_strict(c.person, default=None, return_dtype=pl.Int64),
    )
    return pl.coalesce(by_person, by_role, by_tag, by_layer).alias("cadence_days")


def status(settings: Settings) -> pl.Expr:
    """snoozed, new, dormant, decaying, overdue, due or ok (needs a boolean ``snoozed`` column)."""
    t = settings.thresholds
    days = pl.col("days_since_contact")
    new = (
        pl.col("connected_on").is_not_null()
        & (pl.col("days_since_connected") < t.new_days)
        & (pl.col("touch_count") == 0)
    )
    return (
        pl.when(pl.col("snoozed"))
        .then(pl.lit("snoozed"))
        .when(new)
        .then(pl.lit("new"))
        .when(days >= t.dormant_years * 365)
        .then(pl.lit("dormant"))
        .when(pl.col("rhythm_ratio") > t.rhythm_decaying)
        .then(pl.lit("decaying"))
        .when(pl.col("overdue_ratio") >= OVERDUE)
        .then(pl.lit("overdue"))
        .when(pl.col("overdue_ratio") >= 1)
        .then(pl.lit("due"))
        .otherwise(pl.lit("ok"))
        .alias("status")
    )


def _days(count: pl.Expr) -> pl.Expr:
    """``1 day``, ``9 days``."""
    return pl.format("{} day", count.cast(pl.String)) + pl.when(count == 1).then(
        pl.lit("")
    ).otherwise(pl.lit("s"))


def why() -> pl.Expr:
    """One short sentence for every row that needs attention, else null."""
    who = pl.coalesce(pl.col("role"), pl.col("layer"))
    unanswered = pl.format("wrote to you {} ago, no reply", _days(pl.col("unanswered_days")))
    overdue = pl.format("{}x overdue, {}", pl.col("overdue_ratio").round(1).cast(pl.String), who)
    return (
        pl.when(pl.col("status") == "snoozed")
        .then(pl.format("snoozed until {}", pl.col("snoozed_until").cast(pl.String)))
        .when(pl.col("unanswered_inbound") > 0)
        .then(unanswered)
        .when(pl.col("status") == "new")
        .then(
            pl.format("connected {} days ago, not followed up yet", pl.col("days_since_connected"))
        )
        .when(pl.col("status") == "dormant")
        .then(
            pl.format(
                "silent {} years, {}",
                (pl.col("days_since_contact") / 365).floor().cast(pl.Int64),
                who,
            )
        )
        .when(pl.col("status") == "decaying")
        .then(
            pl.format(
                "{}x your usual gap, {}", pl.col("rhythm_ratio").round(1).cast(pl.String), who
            )
        )
        .when(pl.col("status").is_in(["due", "overdue"]))
        .then(overdue)
        .alias("why")
    )


def priority() -> pl.Expr:
    """How urgent a due row is: overdue priority times importance (layer, role); unanswered first."""
    overdue = (
        (pl.col("days_since_contact") - pl.col("cadence_days")).clip(0) / pl.col("cadence_days")
    ).fill_null(0.0)
    importance = pl.col("layer").replace_strict(
        IMPORTANCE, default=1.0, return_dtype=pl.Float64
    ) * pl.col("role").replace_strict(KEY_ROLES, default=1.0, return_dtype=pl.Float64)
    unanswered = (pl.col("unanswered_inbound") > 0).cast(pl.Float64) * 10
    return ((overdue + unanswered + 1.0) * importance).alias("priority")


def quintile(value: pl.Expr) -> pl.Expr:
    """1 (lowest fifth) to 5 (highest fifth) by rank; null stays null.

    Examples:
        >>> pl.DataFrame({"v": [1, 2, 3, 4, 5, None]}).select(quintile(pl.col("v")))["v"].to_list()
        [1.0, 2.0, 3.0, 4.0, 5.0, None]
    """
    return ((value.rank("average") - 1) * 5 / value.count()).floor().clip(0, 4) + 1


def segment(settings: Settings) -> pl.Expr:
    """RFM segment: champion, at risk, new, dormant high-value, or steady.

    R, F and V are quintiles of recency, touches in 365 days and lifetime touches.
    """
    recency = pl.when(pl.col("days_since_contact").is_not_null()).then(
        -pl.col("days_since_contact")
    )
    # Value is the lifetime of the tie (all touches ever), so a silent tie keeps its history.
    lifetime = pl.when(pl.col("touch_count") > 0).then(pl.col("touch_count"))
    r, f, v = quintile(recency), quintile(pl.col("touches_365d")), quintile(lifetime)
    dormant = pl.col("days_since_contact") >= settings.thresholds.dormant_years * 365
    return (
        pl.when(pl.col("status") == "new")
        .then(pl.lit("new"))
        .when(dormant & (v >= 4))
        .then(pl.lit("dormant high-value"))
        .when((r >= 4) & (f >= 4) & (pl.col("touches_365d") > 0))
        .then(pl.lit("champion"))
        .when((r <= 2) & (f >= 4) & (pl.col("touches_365d") > 0))
        .then(pl.lit("at risk"))
        .otherwise(pl.lit("steady"))
        .alias("segment")
    )
