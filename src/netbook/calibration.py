"""Tie strength checked against, and fitted to, your own closeness ratings (``netbook rate``).

You rate people 1 (distant) to 5 (close); the ratings are kept as ``closeness`` facts (the same as
``netbook set --closeness``). netbook then measures how well its strength, computed *without* your
ratings, agrees with them: Spearman's rank correlation, and strong/weak accuracy (rated 4-5 against
1-2; netbook calls a tie strong when it is in the three inner layers) beside the 85% Gilbert and
Karahalios (2009) report for their model. With :data:`MIN_RATINGS` or more, it fits the strength
weights to the ratings: non-negative least squares over the six components, cross-validated over
:data:`FOLDS` folds, kept only when they rank held-out ratings better than the defaults; the
workspace then uses them (``[strength] fitted = false`` turns that off). A rating always replaces
the closeness estimate of the person rated, so a tie you rate close is never made weak by little
contact (Wiese et al. 2015).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from netbook.metrics.strength import COMPONENTS
from netbook.settings import Settings
from netbook.workspace import Workspace

MIN_RATINGS = 12
"""Ratings needed before weights are fitted."""
FOLDS = 5
"""Cross-validation folds."""
MARGIN = 0.02
"""How much better (held-out Spearman) fitted weights must rank the ratings to be used."""
STRONG, WEAK = 4, 2
"""Ratings from which a tie counts as strong, and up to which as weak."""
PAPER_ACCURACY = 0.85
"""Gilbert and Karahalios (2009): strong/weak accuracy of their model."""
INNER = ("support", "sympathy", "close")
TABLE = "calibration"


@dataclass(frozen=True)
class Agreement:
    """How strength agrees with the ratings (``None`` where there are too few)."""

    rated: int
    spearman: float | None
    accuracy: float | None
    judged: int

    def sentence(self) -> str:
        """The agreement in plain words."""
        if self.rated == 0:
            return "You have not rated anyone yet: `netbook rate` asks about 20 people."
        parts = [f"{self.rated} people rated"]
        if self.spearman is not None:
            parts.append(f"strength ranks them like you do with Spearman {self.spearman:.2f}")
        if self.accuracy is not None:
            parts.append(
                f"strong versus weak agrees {self.accuracy:.0%} of the time on {self.judged} "
                f"(Gilbert and Karahalios 2009 report {PAPER_ACCURACY:.0%})"
            )
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Fit:
    """The outcome of :func:`fit`."""

    weights: dict[str, float]
    used: bool
    rated: int
    default_spearman: float | None
    fitted_spearman: float | None
    reason: str


def _spearman(frame: pl.DataFrame, x: str, y: str) -> float | None:
    if frame.height < 3:
        return None
    value = frame.select(pl.corr(x, y, method="spearman")).item()
    return None if value is None or value != value else float(value)  # NaN: no variation


def unrated(workspace: Workspace, as_of: date, settings: Settings | None = None) -> pl.DataFrame:
    """Health at ``as_of`` computed as if you had rated nobody, with your ``rating`` beside it."""
    from netbook import metrics

    settings = settings or workspace.settings()
    with workspace.reading():
        people = workspace.people().collect()
        interactions = workspace.interactions(metrics.INTERACTION_COLUMNS)
    ratings = people.select("person_id", pl.col("closeness").alias("rating"))
    blind = people.with_columns(pl.lit(None, pl.Int64).alias("closeness")).lazy()
    frame = metrics.health(blind, interactions, as_of, settings, with_replies=False).collect()
    return frame.join(ratings, on="person_id", how="left")


def agreement(frame: pl.DataFrame) -> Agreement:
    """Agreement of ``strength`` and ``layer`` with ``rating`` over the rated rows of ``frame``."""
    rated = frame.filter(pl.col("rating").is_not_null())
    judged = rated.filter((pl.col("rating") >= STRONG) | (pl.col("rating") <= WEAK))
    right = judged.select(
        ((pl.col("rating") >= STRONG) == pl.col("layer").is_in(INNER)).mean()
    ).item()
    return Agreement(
        rated=rated.height,
        spearman=_spearman(rated, "strength", "rating"),
        accuracy=None if judged.height < 4 else float(right),
        judged=judged.height,
    )


def nnls(rows: list[list[float]], target: list[float], sweeps: int = 300) -> list[float]:
    """Least squares with non-negative coefficients, plus a free intercept (the last value).

    Cyclic coordinate descent: small and exact enough for six components and a few hundred rows.

    Examples:
        The second column would want a negative weight: it stays at 0 and the intercept moves.

        >>> rows = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0]]
        >>> [round(v, 3) for v in nnls(rows, [2.0, -1.0, 1.0, 4.0])]
        [2.5, 0.0, -1.0]
    """
    width = len(rows[0])
    weights = [0.0] * (width + 1)
    columns = [[r[j] for r in rows] + [] for j in range(width)] + [[1.0] * len(rows)]
    residual = list(target)
    norms = [sum(v * v for v in c) for c in columns]
    for _ in range(sweeps):
        for j, column in enumerate(columns):
            if norms[j] == 0:
                continue
            step = sum(c * r for c, r in zip(column, residual, strict=True)) / norms[j]
            new = weights[j] + step
            if j < width:
                new = max(new, 0.0)
            change = new - weights[j]
            if change:
                residual = [r - change * c for r, c in zip(residual, column, strict=True)]
                weights[j] = new
    return weights


def _strength(frame: pl.DataFrame, weights: dict[str, float]) -> pl.Expr:
    total = sum(weights.values()) or 1.0
    return pl.sum_horizontal(pl.col(f"strength_{c}") * (weights[c] / total) for c in COMPONENTS)


def fit(frame: pl.DataFrame, settings: Settings) -> Fit:
    """Fit the strength weights to the ratings of :func:`unrated`'s ``frame``.

    The rated rows are split into :data:`FOLDS` folds (by person id, so the split is the same
    every time); each fold's strength is computed with weights fitted on the others, and Spearman
    over all held-out rows is compared with the default weights'.
    """
    defaults = settings.strength.normalised()
    rated = frame.filter(pl.col("rating").is_not_null()).sort("person_id")
    if rated.height < MIN_RATINGS:
        return Fit(defaults, False, rated.height, None, None, f"fewer than {MIN_RATINGS} ratings")
    names = [f"strength_{c}" for c in COMPONENTS]
    rated = rated.with_columns(
        ((pl.col("rating").cast(pl.Float64) - 1) / 4).alias("target"),
        (pl.int_range(pl.len()) % FOLDS).alias("fold"),
    )

    def solve(part: pl.DataFrame) -> dict[str, float]:
        found = nnls([list(r) for r in part.select(names).iter_rows()], part["target"].to_list())
        return dict(zip(COMPONENTS, found[: len(COMPONENTS)], strict=True))

    held = []
    for fold in range(FOLDS):
        weights = solve(rated.filter(pl.col("fold") != fold))
        if sum(weights.values()) == 0:
            weights = defaults
        held.append(
            rated.filter(pl.col("fold") == fold).with_columns(
                _strength(rated, weights).alias("fitted"), _strength(rated, defaults).alias("base")
            )
        )
    pooled = pl.concat(held)
    fitted_cv, default_cv = (
        _spearman(pooled, "fitted", "rating"),
        _spearman(pooled, "base", "rating"),
    )
    weights = solve(rated)
    total = sum(weights.values())
    better = (
        total > 0
        and fitted_cv is not None
        and (default_cv is None or fitted_cv > default_cv + MARGIN)
    )
    if not better:
        return Fit(
            defaults, False, rated.height, default_cv, fitted_cv, "no better than the defaults"
        )
    normalised = {c: round(w / total, 4) for c, w in weights.items()}
    return Fit(normalised, True, rated.height, default_cv, fitted_cv, "fitted to your ratings")


def calibrate(workspace: Workspace, as_of: date) -> Fit:
    """Fit the weights to the ratings so far and store the result (fitted or not)."""
    from netbook.settings import load_settings

    base = load_settings(workspace.root / "netbook.toml")  # the file's weights, not a past fit
    result = fit(unrated(workspace, as_of, base), base)
    row = pl.DataFrame(
        {
            "fitted_at": [datetime.now(UTC)],
            "as_of": [as_of],
            "rated": [result.rated],
            "used": [result.used],
            "weights": [json.dumps(result.weights, sort_keys=True)],
            "default_spearman": [result.default_spearman],
            "fitted_spearman": [result.fitted_spearman],
        }
    )
    with workspace.connect(write=True) as connection:
        connection.register("new_fit", row.to_arrow())
        connection.execute(f"DELETE FROM {TABLE}")
        connection.execute(f"INSERT INTO {TABLE} SELECT * FROM new_fit")
    return result


def to_rate(frame: pl.DataFrame, count: int = 20) -> pl.DataFrame:
    """About ``count`` people to rate, unrated yet, spread across the layers (and the rest).

    The same workspace and day give the same people: within a layer, people are taken in the order
    of a hash of their id.
    """
    candidates = frame.filter(pl.col("rating").is_null() & (pl.col("contact_days") > 0))
    groups = [*INNER, "active", "acquaintance"]
    per = max(1, count // len(groups))
    order = pl.col("person_id").hash(seed=7)
    picked = (
        candidates.sort(order)
        .with_columns(pl.int_range(pl.len()).over("layer").alias("__place"))
        .filter(pl.col("__place") < per)
        .drop("__place")
    )
    rest = candidates.join(picked, on="person_id", how="anti").sort(order)
    chosen = pl.concat([picked, rest.head(max(0, count - picked.height))])
    rank = pl.col("layer").replace_strict(
        {g: i for i, g in enumerate(groups)}, default=len(groups), return_dtype=pl.Int32
    )
    return chosen.sort(rank, "full_name", "person_id").head(count)
