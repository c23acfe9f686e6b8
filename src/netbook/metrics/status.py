"""Cadence, status, segment and the human-readable ``why`` of each person at an as-of date."""

from __future__ import annotations

from functools import partial

import polars as pl

from netbook.metrics.strength import LAPSED
from netbook.phrases import ago_expr as ago
from netbook.phrases import plural_expr as plural
from netbook.settings import Settings

IMPORTANCE = {"support": 5.0, "sympathy": 4.0, "close": 3.0, "active": 2.0, "acquaintance": 1.0}
KEY_ROLES = {"mentor": 1.5, "sponsor": 1.5, "leader": 1.25, "peer": 1.0, "mentee": 1.0}
INNER = ("support", "sympathy", "close")
"""The inner layers: a broken rhythm there is a reason to reach out before the cadence is up."""
OVERDUE = 2.0
"""An overdue ratio from which a due person is *overdue* (twice their cadence or more)."""


def cadence(settings: Settings) -> list[pl.Expr]:
    """``cadence_days`` and ``expected_days``: how often you aim to be in touch, and how late is late.

    The cadence comes from the person (set by hand, then settings), else their role, tag, or Dunbar
    layer. A cadence you set is kept as it is; a layer's cadence is stretched to your usual gap with
    that person when the gap is longer (a close tie you see every four months is not late at 91
    days): ``expected_days`` is what the overdue ratio divides by. The usual gap is the median gap
    between conversations, or, before there are enough for a median, their mean gap; a tie of one
    conversation has none yet (a burst of daily messages is no rhythm of one a year), so its
    layer's cadence is the measure.
    """
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
    chosen = pl.coalesce(by_person, by_role, by_tag)
    usual = pl.coalesce("median_gap_days", "mean_gap_days").round(0).cast(pl.Int64)
    return [
        pl.coalesce(chosen, by_layer).alias("cadence_days"),
        pl.coalesce(
            chosen, pl.when(by_layer.is_not_null()).then(pl.max_horizontal(by_layer, usual))
        ).alias("expected_days"),
    ]


def status(settings: Settings) -> pl.Expr:
    """snoozed, new, not in touch, dormant, lapsed, decaying, overdue, due or ok.

    Needs a boolean ``snoozed`` column. Someone you were never in contact with (connecting and
    invitations are not contact) is ``new`` when connected within ``new_days`` (a new connection
    to welcome) and ``not in touch`` otherwise: never due, overdue or decaying. Due, overdue and
    decaying need a cadence (a Dunbar layer, or one you set by role, tag or person). Decaying is
    a broken rhythm (the silence is ``rhythm_decaying`` times your usual gap) in a tie that is also
    past its cadence, or in one of the three inner layers, where a broken rhythm matters before.
    Lapsed is a tie of two-way contact silent for a year and a half (it has left your layers)
    but not yet dormant.
    """
    t = settings.thresholds
    days = pl.col("days_since_contact")
    in_touch = pl.col("touch_count").fill_null(0) > 0
    new = pl.col("connected_on").is_not_null() & (pl.col("days_since_connected") < t.new_days)
    kept = pl.col("cadence_days").is_not_null()
    late = pl.col("overdue_ratio") >= 1
    inner = pl.col("layer").is_in(INNER)
    return (
        pl.when(pl.col("snoozed"))
        .then(pl.lit("snoozed"))
        .when(~in_touch & new)
        .then(pl.lit("new"))
        .when(~in_touch)
        .then(pl.lit("not in touch"))
        .when(days >= t.dormant_years * 365)
        .then(pl.lit("dormant"))
        .when(
            (days >= LAPSED * settings.cadence.active)
            & (pl.col("two_way_days") >= t.layer_min_days)
            & ~kept
        )
        .then(pl.lit("lapsed"))
        .when(kept & (pl.col("rhythm_ratio") > t.rhythm_decaying) & (late | inner))
        .then(pl.lit("decaying"))
        .when(kept & (pl.col("overdue_ratio") >= OVERDUE))
        .then(pl.lit("overdue"))
        .when(kept & (pl.col("overdue_ratio") >= 1))
        .then(pl.lit("due"))
        .otherwise(pl.lit("ok"))
        .alias("status")
    )


_days = partial(plural, unit="day")


def _gap(days: pl.Expr) -> pl.Expr:
    """A median gap in days as the ratio beside it divides by: ``14 days``, ``31.5 days``.

    Examples:
        >>> pl.select(_gap(pl.lit(14.0)), _gap(pl.lit(31.5)).alias("b"), _gap(pl.lit(1.0)).alias("c")).row(0)
        ('14 days', '31.5 days', '1 day')
    """
    whole = days.round(0)
    return (
        pl.when(days == whole)
        .then(_days(whole.cast(pl.Int64)))
        .otherwise(pl.format("{} days", days.round(1)))
    )


REASONS = {
    "asked": "asked you something {}",
    "started": "wrote to you first {}",
    "restarted": "wrote again after a pause {}",
    "wrote": "wrote to you {}",
}
"""How the ``why`` tells each reason a message waits for your answer (see ``replies``)."""


def _waiting() -> pl.Expr:
    when = ago(pl.col("unanswered_days"))
    text = pl.lit(None, pl.String)
    for reason, phrase in REASONS.items():
        text = (
            pl.when(pl.col("unanswered_reason") == reason)
            .then(pl.format(phrase + ", no reply yet", when))
            .otherwise(text)
        )
    return text


def lateness_why() -> pl.Expr:
    """Why a tie needs maintenance (dormant, decaying, overdue, due), else null."""
    who = pl.coalesce(pl.col("role"), pl.format("{} tie", pl.col("layer")))
    every = (
        pl.when(pl.col("expected_days") > pl.col("cadence_days"))
        .then(pl.format("your usual gap {}", _days(pl.col("expected_days"))))
        .otherwise(pl.format("every {}", _days(pl.col("cadence_days"))))
    )
    silent = pl.format("last contact {} ago", _days(pl.col("days_since_contact")))
    overdue = pl.format(
        "{}x overdue: {}, {} ({})",
        pl.col("overdue_ratio").round(1).cast(pl.String),
        silent,
        who,
        every,
    )
    # The due queue ranks by the overdue ratio: when the cadence is longer than the usual gap,
    # the two differ, and the sentence gives both (23.8x the gap but 7.9x the cadence ranks low).
    ranked = pl.col("overdue_ratio").round(1)
    cadence_too = (
        pl.when(ranked.is_not_null() & (ranked != pl.col("rhythm_ratio").round(1)))
        .then(pl.format(" ({}x the cadence, every {})", ranked, _days(pl.col("cadence_days"))))
        .otherwise(pl.lit(""))
    )
    decaying = pl.format(
        "{}x your usual gap of {}{}: {}, {}",
        pl.col("rhythm_ratio").round(1).cast(pl.String),
        _gap(pl.col("median_gap_days")),
        cadence_too,
        silent,
        who,
    )
    years = (pl.col("days_since_contact") / 365).floor().cast(pl.Int64)
    months = (pl.col("days_since_contact") / 30.4).floor().cast(pl.Int64)
    return (
        pl.when(pl.col("status") == "dormant")
        .then(pl.format("silent {}", plural(years, "year")))
        .when(pl.col("status") == "lapsed")
        .then(pl.format("silent {}: no longer in your active network", plural(months, "month")))
        .when(pl.col("status") == "decaying")
        .then(decaying)
        .when(pl.col("status").is_in(["due", "overdue"]))
        .then(overdue)
    )


WHY_STATUSES = ("snoozed", "new", "dormant", "lapsed", "decaying", "due", "overdue")
"""The statuses :func:`why` has a sentence for (with a waiting message or a cold first one)."""


def with_why(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` with :func:`why`, written only for the rows that get a sentence.

    A few thousand of tens of thousands need one: the sentences are written for those rows alone
    and joined back by row (a sentence for every row, then dropped, took twice as long).
    """
    needs = (
        pl.col("status").is_in(WHY_STATUSES)
        | (pl.col("unanswered_inbound") > 0)
        | (pl.col("cold_inbound") > 0)
    )
    rows = frame.with_row_index("__row").cache()
    sentences = rows.filter(needs).select("__row", why())
    return rows.join(sentences, on="__row", how="left", maintain_order="left").drop("__row")


def why() -> pl.Expr:
    """One short sentence for every row that needs attention, else null.

    The most pressing reason wins: snoozed, a message waiting for your answer, a new connection,
    a cold first message, then :func:`lateness_why`. Rows without one of :data:`WHY_STATUSES`,
    a waiting message or a cold first message get none.
    """
    return (
        pl.when(pl.col("status") == "snoozed")
        .then(pl.format("snoozed until {}", pl.col("snoozed_until").cast(pl.String)))
        .when(pl.col("unanswered_inbound") > 0)
        .then(_waiting())
        .when(pl.col("status") == "new")
        .then(pl.format("connected {}, not in touch yet", ago(pl.col("days_since_connected"))))
        .when(pl.col("cold_inbound") > 0)
        .then(pl.format("wrote to you {}; you never wrote to them", ago(pl.col("cold_days"))))
        .otherwise(lateness_why())
        .alias("why")
    )


def importance() -> pl.Expr:
    """How much a tie matters: its layer's weight times its role's (mentor and sponsor 1.5)."""
    return pl.col("layer").replace_strict(
        IMPORTANCE, default=1.0, return_dtype=pl.Float64
    ) * pl.col("role").replace_strict(KEY_ROLES, default=1.0, return_dtype=pl.Float64)


def priority() -> pl.Expr:
    """The due queue's order: how late (the overdue ratio) times how important (layer, role).

    ``priority = overdue_ratio x layer weight x role weight``, where the overdue ratio is the days
    since contact over ``expected_days`` (the cadence, or your usual gap with them when longer),
    with layer weights support 5,
    sympathy 4, close 3, active 2, acquaintance 1 and role weights mentor and sponsor 1.5, leader
    1.25, others 1. Null without a cadence.
    """
    return (pl.col("overdue_ratio") * importance()).alias("priority")


def quintile(value: pl.Expr) -> pl.Expr:
    """1 (lowest fifth) to 5 (highest fifth) by rank; null stays null.

    Examples:
        >>> pl.DataFrame({"v": [1, 2, 3, 4, 5, None]}).select(quintile(pl.col("v")))["v"].to_list()
        [1.0, 2.0, 3.0, 4.0, 5.0, None]
    """
    return ((value.rank("average") - 1) * 5 / value.count()).floor().clip(0, 4) + 1


def segment(settings: Settings) -> pl.Expr:
    """RFM segment: champion, at risk, new, dormant high-value, or steady; null without contact.

    R, F and V are quintiles of recency, touches in 365 days and lifetime touches among the people
    you have been in touch with: ranked among thousands of connections never in touch, a single
    touch would make the top fifth of frequency (and a "champion"). Someone who wrote to you in
    the last 365 days while you wrote them nothing is ``steady``, however recent and frequent.
    """
    in_touch = pl.col("touch_count").fill_null(0) > 0
    recency = pl.when(pl.col("days_since_contact").is_not_null()).then(
        -pl.col("days_since_contact")
    )
    # Value is the lifetime of the tie (all touches ever), so a silent tie keeps its history.
    lifetime = pl.when(in_touch).then(pl.col("touch_count"))
    frequency = pl.when(in_touch).then(pl.col("touches_365d"))
    r, f, v = quintile(recency), quintile(frequency), quintile(lifetime)
    dormant = pl.col("days_since_contact") >= settings.thresholds.dormant_years * 365
    # Someone whose year of contact is all their messages, none of yours, is no champion.
    took_part = (pl.col("outbound_365d") > 0) | (pl.col("inbound_365d") == 0)
    return (
        pl.when(pl.col("status") == "new")
        .then(pl.lit("new"))
        .when(~in_touch)
        .then(pl.lit(None, pl.String))
        .when(dormant & (v >= 4))
        .then(pl.lit("dormant high-value"))
        .when((r >= 4) & (f >= 4) & (pl.col("touches_365d") > 0) & took_part)
        .then(pl.lit("champion"))
        .when((r <= 2) & (f >= 4) & (pl.col("touches_365d") > 0))
        .then(pl.lit("at risk"))
        .otherwise(pl.lit("steady"))
        .alias("segment")
    )
