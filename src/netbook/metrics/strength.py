"""Tie strength in [0, 1] from percentile-ranked components, and Dunbar layers by strength rank."""

from __future__ import annotations

import polars as pl

from netbook.settings import Settings

COMPONENTS = ("recency", "closeness", "frequency", "duration", "reciprocity", "structural")
LAYERS = (("support", 5), ("sympathy", 15), ("close", 50), ("active", 150))
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


def components(settings: Settings) -> list[pl.Expr]:
    """The six components, each in [0, 1], named ``strength_<component>``."""
    del settings  # the components themselves have no parameters yet
    recency = pl.when(pl.col("days_since_contact").is_not_null()).then(
        1.0 / (1.0 + pl.col("days_since_contact"))
    )
    return [
        percentile(recency).alias("strength_recency"),
        # The user's own rating (1-5) overrides the proxy (metrics.md §2).
        pl.when(pl.col("closeness").is_not_null())
        .then((pl.col("closeness").cast(pl.Float64) - 1) / 4)
        .otherwise(percentile(pl.col("closeness_proxy")))
        .alias("strength_closeness"),
        percentile(pl.col("touches_365d")).alias("strength_frequency"),
        percentile(pl.col("duration_days").cast(pl.Float64) + 1.0).alias("strength_duration"),
        pl.col("reciprocity").fill_null(0.0).alias("strength_reciprocity"),
        percentile(pl.col("co_affiliated").cast(pl.Float64)).alias("strength_structural"),
    ]


def strength(settings: Settings) -> pl.Expr:
    """The weighted sum of the components (weights normalised to sum 1), in [0, 1]."""
    weights = settings.strength.normalised()
    total = pl.sum_horizontal(pl.col(f"strength_{c}") * weights[c] for c in COMPONENTS)
    return total.clip(0.0, 1.0).alias("strength")


def layer() -> pl.Expr:
    """Support / sympathy / close / active / acquaintance by strength rank (ties: person_id).

    Nobody untouched is ranked into a layer: without a touch (or with strength 0) a person is an
    acquaintance, whatever the structural component says.
    """
    touched = pl.col("days_since_contact").is_not_null() & (pl.col("strength") > 0)
    ranked = pl.when(touched).then(pl.col("strength"))
    rank = (
        pl.arg_sort_by([ranked, pl.col("person_id")], descending=[True, False], nulls_last=True)
        .arg_sort()
        .add(1)
    )
    (support, s1), (sympathy, s2), (close, s3), (active, s4) = LAYERS
    return (
        pl.when(~touched)
        .then(pl.lit("acquaintance"))
        .when(rank <= s1)
        .then(pl.lit(support))
        .when(rank <= s2)
        .then(pl.lit(sympathy))
        .when(rank <= s3)
        .then(pl.lit(close))
        .when(rank <= s4)
        .then(pl.lit(active))
        .otherwise(pl.lit("acquaintance"))
        .alias("layer")
    )
