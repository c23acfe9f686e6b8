"""Do netbook's strength, layers, due queue and plan agree with a simulated network's truth?

For each seed, builds :func:`simnet.simulate`, runs ``netbook.metrics.health`` and ``due``, stores
the network in a temporary workspace for ``netbook.plan.plan``, and scores them against the truth:

- spearman: rank correlation of ``strength`` with the latent closeness, over the people with any
  visible contact (an interaction other than a connection or an invitation);
- spearman150: the same over the true active network (the true support to active layers);
- inner50: share of the truly closest 50 people whose ``layer`` is support, sympathy or close;
- due_first20: share of the due queue's first 20 rows truly overdue, drifting or dormant-strong;
- plan_first20: the same for the plan's reach-out / revive rows; plan_rows: the plan's length;
- due_size, due_share: rows in the due queue, and per person with any visible contact;
- wait_p, wait_r: precision and recall of ``unanswered_inbound > 0`` for the truth's ``waiting``.

    cd /work/main && .venv/bin/python benchmarks/insight_bench.py [--seeds 5] [--connections 1500]
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from simnet import Sim, simulate

AIMS = {"spearman": 0.85, "inner50": 0.8, "due_first20": 0.9, "plan_first20": 0.9}
COLUMNS = (
    "spearman",
    "spearman150",
    "inner50",
    "due_first20",
    "plan_first20",
    "due_size",
    "due_share",
    "plan_rows",
    "wait_p",
    "wait_r",
    "seconds",
)
INNER = ("support", "sympathy", "close")
REACH_OUT = ("reach out", "revive")
"""The plan's actions scored against the truth (answers, welcomes and the like are not ties)."""


def spearman(x: pl.Series, y: pl.Series) -> float:
    """Spearman's rank correlation (scipy when installed, else polars)."""
    try:
        from scipy.stats import spearmanr
    except ImportError:
        frame = pl.DataFrame({"x": x, "y": y}).drop_nulls()
        value = frame.select(pl.corr("x", "y", method="spearman")).item()
        return float("nan") if value is None else float(value)
    return float(spearmanr(x.to_list(), y.to_list(), nan_policy="omit").statistic)


def _workspace(sim: Sim, root: Path) -> Any:
    """A workspace holding the simulated people and interactions (as an import would store them)."""
    from netbook import schema, store
    from netbook.workspace import Workspace

    workspace = Workspace(root)
    people = schema.conform(sim.people, schema.PEOPLE).collect()
    interactions = schema.conform(sim.interactions, schema.INTERACTIONS).collect()
    with workspace.connect(write=True) as connection:
        store.create(connection)
        connection.register("sim_people", people.to_arrow())
        connection.register("sim_interactions", interactions.to_arrow())
        connection.execute("INSERT INTO people SELECT * FROM sim_people")
        connection.execute("INSERT INTO interactions SELECT * FROM sim_interactions")
    return workspace


def _plan(sim: Sim) -> pl.DataFrame:
    """The week's plan (``netbook.plan.plan``) of the simulated network at its as-of day."""
    from netbook import plan

    with tempfile.TemporaryDirectory() as folder:
        return plan.plan(_workspace(sim, Path(folder) / "ws"), sim.as_of)


def _share(frame: pl.DataFrame, truth: pl.DataFrame, n: int = 20) -> float:
    """Share of ``frame``'s first ``n`` rows truly overdue, drifting or dormant-strong."""
    head = frame.head(n).select("person_id").join(truth, on="person_id", how="left")
    if head.height == 0:
        return float("nan")
    hit = pl.col("truly_overdue") | pl.col("drifting") | pl.col("dormant_strong")
    return float(head.select(hit.fill_null(False).mean()).item())


def score(seed: int, connections: int, *, with_plan: bool = True) -> dict[str, float | str]:
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
    active = both.filter(pl.col("true_layer") != "acquaintance")
    top50 = truth.sort("closeness", descending=True).head(50).select("person_id")
    layers = top50.join(frame.select("person_id", "layer"), on="person_id", how="left")

    predicted = both.get_column("unanswered_inbound").fill_null(0) > 0
    actual = both.get_column("waiting")
    hits = int((predicted & actual).sum())

    row: dict[str, float | str] = {
        "spearman": spearman(contacted["strength"], contacted["closeness"]),
        "spearman150": spearman(active["strength"], active["closeness"]),
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
    if with_plan:
        plan = _plan(sim).sort("rank")
        reach = plan.filter(pl.col("action").is_in(REACH_OUT))
        row["plan_first20"] = _share(reach, truth)
        row["plan_rows"] = float(plan.height)
    else:
        row["plan_rows"] = "n/a"
    row["seconds"] = time.perf_counter() - start
    return row


def _cell(value: float | str, column: str) -> str:
    if isinstance(value, str):
        return f"{value:>13}"
    if math.isnan(value):
        return f"{'nan':>13}"
    if column in ("due_size", "plan_rows"):
        return f"{value:>13.0f}"
    if column == "seconds":
        return f"{value:>13.2f}"
    return f"{value:>13.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=1500)
    parser.add_argument(
        "--no-plan", action="store_true", help="skip the plan (a netbook without netbook.plan)"
    )
    args = parser.parse_args()

    rows = {
        seed: score(seed, args.connections, with_plan=not args.no_plan)
        for seed in range(1, args.seeds + 1)
    }
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
