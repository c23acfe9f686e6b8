"""Do netbook's strength, layers, due queue and plan agree with a simulated network's truth?

For each seed, builds :func:`simnet.simulate`, runs ``netbook.metrics.health`` and ``due`` (and
``netbook.plan.plan_frame`` when there is one) and scores them against the truth:

- spearman: rank correlation of ``strength`` with the latent closeness, over the people with any
  visible contact (an interaction other than a connection or an invitation);
- inner50: share of the truly closest 50 people whose ``layer`` is support, sympathy or close;
- due_first20: share of the due queue's first 20 rows truly overdue, drifting or dormant-strong;
- plan_first20: the same for the plan's reach-out / revive rows (n/a without a plan);
- due_size, due_share: rows in the due queue, and per person with any visible contact;
- wait_p, wait_r: precision and recall of ``unanswered_inbound > 0`` for the truth's ``waiting``.

    cd /work/main && .venv/bin/python benchmarks/insight_bench.py [--seeds 5] [--connections 1500]
"""

from __future__ import annotations

import argparse
import inspect
import math
import time
from collections.abc import Callable
from typing import Any

import polars as pl

from simnet import Sim, simulate

AIMS = {"spearman": 0.85, "inner50": 0.8, "due_first20": 0.9, "plan_first20": 0.9}
COLUMNS = (
    "spearman",
    "inner50",
    "due_first20",
    "plan_first20",
    "due_size",
    "due_share",
    "wait_p",
    "wait_r",
    "seconds",
)
INNER = ("support", "sympathy", "close")
REACH_OUT = ("reach", "revive")
"""A plan row is a reach-out or revive when its action (lower-cased) contains one of these words."""


def spearman(x: pl.Series, y: pl.Series) -> float:
    """Spearman's rank correlation (scipy when installed, else polars)."""
    try:
        from scipy.stats import spearmanr
    except ImportError:
        frame = pl.DataFrame({"x": x, "y": y}).drop_nulls()
        value = frame.select(pl.corr("x", "y", method="spearman")).item()
        return float("nan") if value is None else float(value)
    return float(spearmanr(x.to_list(), y.to_list(), nan_policy="omit").statistic)


def _planner() -> Callable[..., Any] | None:
    try:
        from netbook import plan

        return plan.plan_frame
    except (ImportError, AttributeError):
        return None


def _plan(planner: Callable[..., Any], health: pl.DataFrame, sim: Sim, settings: Any) -> Any:
    """Call ``plan_frame`` with whichever of its parameters this benchmark can give."""
    offer = {
        "as_of": sim.as_of,
        "settings": settings,
        "people": sim.people,
        "interactions": sim.interactions,
    }
    names = list(inspect.signature(planner).parameters)
    kwargs = {k: v for k, v in offer.items() if k in names[1:]}
    result = planner(health, **kwargs)
    return result.collect() if isinstance(result, pl.LazyFrame) else result


def _share(frame: pl.DataFrame, truth: pl.DataFrame, n: int = 20) -> float:
    """Share of ``frame``'s first ``n`` rows truly overdue, drifting or dormant-strong."""
    head = frame.head(n).select("person_id").join(truth, on="person_id", how="left")
    if head.height == 0:
        return float("nan")
    hit = pl.col("truly_overdue") | pl.col("drifting") | pl.col("dormant_strong")
    return float(head.select(hit.fill_null(False).mean()).item())


def score(seed: int, connections: int) -> dict[str, float | str]:
    """One seed's row of the table."""
    from netbook.metrics import due, health
    from netbook.settings import Settings

    start = time.perf_counter()
    sim = simulate(seed, connections=connections)
    settings = Settings()
    frame = health(sim.people.lazy(), sim.interactions.lazy(), sim.as_of, settings).collect()
    queue = due(frame.lazy()).collect()
    truth = sim.truth

    visible = (
        sim.interactions.filter(~pl.col("channel").is_in(["connection", "invitation"]))
        .select("person_id")
        .unique()
    )
    both = frame.join(truth, on="person_id", how="inner")
    contacted = both.join(visible, on="person_id", how="semi")
    top50 = truth.sort("closeness", descending=True).head(50).select("person_id")
    layers = top50.join(frame.select("person_id", "layer"), on="person_id", how="left")

    predicted = both.get_column("unanswered_inbound").fill_null(0) > 0
    actual = both.get_column("waiting")
    hits = int((predicted & actual).sum())

    row: dict[str, float | str] = {
        "spearman": spearman(contacted["strength"], contacted["closeness"]),
        "inner50": float(
            layers.select(pl.col("layer").is_in(INNER).fill_null(False).mean()).item()
        ),
        "due_first20": _share(queue, truth),
        "plan_first20": "n/a",
        "due_size": float(queue.height),
        "due_share": queue.height / max(visible.height, 1),
        "wait_p": hits / int(predicted.sum()) if predicted.sum() else float("nan"),
        "wait_r": hits / int(actual.sum()) if actual.sum() else float("nan"),
    }
    planner, plan = _planner(), None
    if planner is not None:
        try:
            plan = _plan(planner, frame, sim, settings)
        except TypeError as error:  # a signature this benchmark does not know yet
            print(f"plan: n/a ({error})")
    if plan is not None:
        if "rank" in plan.columns:
            plan = plan.sort("rank")
        if "action" in plan.columns:
            words = "|".join(REACH_OUT)
            plan = plan.filter(
                pl.col("action").cast(pl.String).str.to_lowercase().str.contains(words)
            )
        row["plan_first20"] = _share(plan, truth)
    row["seconds"] = time.perf_counter() - start
    return row


def _cell(value: float | str, column: str) -> str:
    if isinstance(value, str):
        return f"{value:>13}"
    if math.isnan(value):
        return f"{'nan':>13}"
    if column == "due_size":
        return f"{value:>13.0f}"
    if column == "seconds":
        return f"{value:>13.2f}"
    return f"{value:>13.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=1500)
    args = parser.parse_args()

    if _planner() is None:
        print("plan: n/a")
    rows = {seed: score(seed, args.connections) for seed in range(1, args.seeds + 1)}
    print(f"{'seed':>6}" + "".join(f"{c:>13}" for c in COLUMNS))
    for seed, row in rows.items():
        print(f"{seed:>6}" + "".join(_cell(row[c], c) for c in COLUMNS))
    mean: dict[str, float | str] = {}
    for c in COLUMNS:
        values = [v for v in (row[c] for row in rows.values()) if isinstance(v, float)]
        values = [v for v in values if not math.isnan(v)]
        mean[c] = sum(values) / len(values) if values else "n/a"
    print(f"{'mean':>6}" + "".join(_cell(mean[c], c) for c in COLUMNS))
    print()
    print(
        "aims: "
        + ", ".join(f"{name} >= {aim}" for name, aim in AIMS.items() if name != "plan_first20")
        + f" (plan_first20 >= {AIMS['plan_first20']} likewise)"
    )


if __name__ == "__main__":
    main()
