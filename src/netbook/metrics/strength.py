"""Tie strength in [0, 1] from percentile-ranked components, and Dunbar layers by strength rank."""

from __future__ import annotations

import math
from datetime import date

import polars as pl

from netbook import vocabulary
from netbook.metrics.touches import decay
from netbook.settings import Settings

COMPONENTS = ("recency", "closeness", "frequency", "duration", "reciprocity", "structural")
LAYERS = tuple(zip(vocabulary.LAYERS, vocabulary.SIZES, strict=True))
"""Dunbar's layers with their cumulative sizes; everyone further down is an acquaintance."""


def percentile(value: pl.Expr) -> pl.Expr:
    """Rank of a positive value among all rows, scaled to (0, 1]; zero or missing gives 0.

    Examples:
        >>> frame = pl.DataFrame({"v": [0.0, 2.0, 1.0, None, 2.0]})
        >>> [round(p, 3) for p in frame.select(percentile(pl.col("v")))["v"]]
        [0.0, 0.833, 0.333, 0.0, 0.833]
    """
    positive = pl.when(value > 0).then(value)
    return (positive.rank("average") / positive.count()).fill_null(0.0).cast(pl.Float64)


PRIOR_DAYS = 180.0
"""Days of silence every tie is assumed to start with when its contact rate is estimated: a tie of
a few weeks needs more than a burst of messages to look close."""


RATE_SHARE = 0.8
"""The closeness estimate's share from the two-way contact rate; the rest is channel richness (the
share of days in touch that had a meeting, call or event: Granovetter's intimacy proxy)."""


def contact_rate(settings: Settings) -> pl.Expr:
    """Days in touch per day of the relationship, recent years weighing more.

    The contact days decayed with the closeness half-life (``closeness_proxy``), over the same decay
    integrated over the relationship's duration plus :data:`PRIOR_DAYS`: a long steady tie and a
    short one with the same rhythm score alike, and years of silence wear a tie down slowly.
    """
    h = settings.half_lives.closeness_days
    days = pl.col("duration_days").fill_null(0).clip(lower_bound=0)
    exposure = (h / math.log(2)) * (1.0 - decay(h, days))
    return pl.col("closeness_proxy") / (exposure + PRIOR_DAYS)


def components(settings: Settings) -> list[pl.Expr]:
    """The six components, each in [0, 1], named ``strength_<component>``.

    They describe the relationship over its life. *Closeness* ranks the two-way contact rate: how
    many days a year you are in touch (:func:`contact_rate`), times how evenly both sides take part
    (days you wrote against days they did; a meeting or call counts for both), and, for a fifth,
    how many of those days were a meeting, call or event. *Reciprocity* is
    that evenness alone, *frequency* the weighted contact of the last 365 days, *duration* how long
    you have known each other, *structural* how many of your people share their company. *Recency*
    is there to be weighed if a user wants it; by default it weighs nothing, because lateness is
    measured against the cadence instead. Your own closeness rating replaces the closeness estimate.
    """
    recency = pl.when(pl.col("days_since_contact").is_not_null()).then(
        1.0 / (1.0 + pl.col("days_since_contact"))
    )
    out_days, in_days = pl.col("out_days").fill_null(0), pl.col("in_days").fill_null(0)
    balance = pl.when(pl.max_horizontal(out_days, in_days) > 0).then(
        pl.min_horizontal(out_days, in_days) / pl.max_horizontal(out_days, in_days)
    )
    in_touch = pl.col("touch_count") > 0
    return [
        percentile(recency).alias("strength_recency"),
        pl.when(pl.col("closeness").is_not_null())
        .then((pl.col("closeness").cast(pl.Float64) - 1) / 4)
        .otherwise(
            RATE_SHARE * percentile(contact_rate(settings) * balance.fill_null(0.0))
            + (1 - RATE_SHARE) * percentile(pl.col("rich") / pl.col("contact_days"))
        )
        .alias("strength_closeness"),
        percentile(pl.col("touches_365d")).alias("strength_frequency"),
        percentile(pl.when(in_touch).then(pl.col("duration_days").cast(pl.Float64) + 1.0)).alias(
            "strength_duration"
        ),
        balance.fill_null(0.0).cast(pl.Float64).alias("strength_reciprocity"),
        percentile(pl.when(in_touch).then(pl.col("co_affiliated").cast(pl.Float64))).alias(
            "strength_structural"
        ),
    ]


def strength(settings: Settings) -> pl.Expr:
    """The weighted sum of the components (weights normalised to sum 1), in [0, 1].

    Without any contact (and no rating of yours) a tie's strength is 0.
    """
    weights = settings.strength.normalised()
    total = pl.sum_horizontal(pl.col(f"strength_{c}") * weights[c] for c in COMPONENTS)
    known = (pl.col("touch_count") > 0) | pl.col("closeness").is_not_null()
    return pl.when(known).then(total.clip(0.0, 1.0)).otherwise(0.0).alias("strength")


LAPSED = 1.5
"""A tie silent longer than this many active-layer cadences (18 months by default) has left your
active network: it is no longer maintained but, once dormant and strong, revived."""
PACE_FIT = 1.0
"""A tie is in the active network (any layer) only if you were in touch about once a year or more
since you first were: at least one conversation per this many active-layer cadences."""
INNER_CONVERSATIONS = {"support": 4.0, "sympathy": 3.0, "close": 2.0}
"""A tie is in an inner layer (support, sympathy, close: your 50) only after this many
conversations (see :func:`conversations`): contact that came back after pauses, or went on for
weeks. One exchange, however it ranks in a quiet network, is at most an active tie; two (a
reply two weeks late is a second) at most a close one."""
WEEK_DAYS = 7.0
"""A conversation that goes on counts once per this many days of contact in it (see
:func:`pace_days`)."""


def conversations() -> pl.Expr:
    """How many conversations a tie has had, for its pace and its layer.

    Contact days less than ``episode_days`` apart are one conversation, so a chat that never
    pauses (daily for two years) would be one: it counts at least once per :data:`WEEK_DAYS`
    days of contact instead.
    """
    weeks = pl.col("contact_days").cast(pl.Float64) / WEEK_DAYS
    return pl.max_horizontal(pl.col("conversations").cast(pl.Float64), weeks)


def pace_days() -> pl.Expr:
    """Days per conversation while you were in touch (with :data:`PRIOR_DAYS` of silence).

    From the first contact day to the last: the silence since is :data:`LAPSED`'s to judge (and
    lateness's), or a strong tie of one conversation would leave its layer, and the due list,
    half a year after it began, however overdue it is.
    """
    span = (pl.col("last_day") - pl.col("first_contact_day")).dt.total_days().cast(pl.Float64)
    return (span + PRIOR_DAYS) / conversations()


def eligible(settings: Settings) -> pl.Expr:
    """Whether a tie may be ranked into a Dunbar layer.

    It needs ``layer_min_days`` days of contact that went both ways over its life (or a closeness
    rating of 3 or more from you), and must not have lapsed (silent for :data:`LAPSED` active
    cadences): one cold message, an invitation or a single old exchange never put anyone in your
    inner circle, and nor does a tie you have not been in touch with for a year and a half.
    """
    t = settings.thresholds
    evidence = (pl.col("two_way_days").fill_null(0) >= t.layer_min_days) | (
        pl.col("closeness").fill_null(0) >= 3
    )
    lapsed = min(t.dormant_years * 365, LAPSED * settings.cadence.active)
    awake = pl.col("days_since_contact") < lapsed
    return evidence & awake.fill_null(False) & (pl.col("strength") > 0)


def fits(settings: Settings, layer: str) -> pl.Expr:
    """Whether a tie may be in ``layer``: in touch about yearly or more often (:data:`PACE_FIT`).

    An inner layer also needs :data:`INNER_CONVERSATIONS` conversations (:func:`conversations`).
    """
    yearly = pace_days() <= PACE_FIT * settings.cadence.active
    if layer in INNER_CONVERSATIONS:
        yearly = yearly & (conversations() >= INNER_CONVERSATIONS[layer])
    return yearly.fill_null(False)


def with_layer(frame: pl.LazyFrame, settings: Settings, as_of: date) -> pl.LazyFrame:
    """``frame`` with ``layer``: support / sympathy / close / active / acquaintance.

    Layer by layer, from the innermost, the strongest :func:`eligible` ties that :func:`fits` the
    layer and no inner layer took, up to its cumulative size (5, 15, 50, 150).
    A tie of one exchange is never a support tie however it ranks in a quiet network (it may be
    an active one), a chat that goes on daily is never left out for being one long conversation,
    and a tie of sporadic contact is an acquaintance, never a late "active" tie.
    Your closeness rating of 3 or more keeps a tie in its rank's layer however little you are in
    touch (Wiese et al. 2015). Equal strengths are ranked by ``person_id``.

    Only the eligible ties are sorted (two-way contact, not lapsed: a fraction of the people),
    then joined back by row: ranking every row of tens of thousands took the health query an
    eighth of its time.
    """
    rated = pl.col("closeness").fill_null(0) >= 3
    rows = frame.with_row_index("__row").cache()
    # The eligible ties, strongest first; each layer, from the innermost, takes the strongest of
    # those that fit it and no inner layer took, up to its cumulative size (places an inner layer
    # could not fill pass outwards: 15 in sympathy or support, 150 in any layer). The gates nest,
    # so a running count per layer does it in one pass, without a join per layer.
    ordered = (
        rows.filter(eligible(settings))
        .select(
            "__row",
            *((fits(settings, name) | rated).alias(f"__fits_{name}") for name in vocabulary.LAYERS),
            pl.col("strength").alias("__ranked"),
            "person_id",
        )
        .sort(["__ranked", "person_id"], descending=[True, False])
    )
    layer = pl.lit(None, pl.String)
    free = pl.lit(True)
    before = pl.lit(0, pl.Int64)
    for name, size in LAYERS:
        candidate = free & pl.col(f"__fits_{name}")
        room = pl.lit(size, pl.Int64) - before
        here = candidate & (candidate.cast(pl.Int64).cum_sum() <= room)
        layer = pl.when(here).then(pl.lit(name)).otherwise(layer)
        before = before + pl.min_horizontal(candidate.cast(pl.Int64).sum(), room)
        free = free & ~here
    top = ordered.select("__row", layer.alias("layer")).filter(pl.col("layer").is_not_null())
    return (
        rows.join(top, on="__row", how="left", maintain_order="left")
        .with_columns(pl.col("layer").fill_null(pl.lit(vocabulary.ACQUAINTANCE)))
        .drop("__row")
    )
