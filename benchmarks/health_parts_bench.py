"""Where one as-of day of health (and of the plan's ties network) spends its time, part by part.

Reads an imported workspace (nothing is written) and times, in one warm process, each part of
:func:`netbook.metrics.health` at one as-of day, computed apart: the per-person counts, reply
behaviour from the stored reply days, and the per-person columns derived from both (the
``tail``), plus the dormant-ties network of the week's plan. Wall and CPU seconds, best and
median of ``--repeat`` (the machine may be shared: CPU is the steadier figure).

    python benchmarks/health_parts_bench.py WORKSPACE [--as-of 2026-11-15] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from netbook import Workspace, metrics
from netbook.frames import ENGINE, health_basis
from netbook.metrics.reply_days import replies_at
from netbook.metrics.touches import per_person
from netbook.rituals import ties


def timed(name: str, call: Callable[[], object], repeat: int) -> None:
    """Print ``call``'s best and median wall and CPU seconds over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    cpus.sort()
    middle = repeat // 2
    print(
        f"{name:<24} wall {walls[0]:.3f} {walls[middle]:.3f}   cpu {cpus[0]:.3f} {cpus[middle]:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 15))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    workspace, as_of, repeat = Workspace(args.workspace), args.as_of, args.repeat
    if not workspace.exists:
        sys.exit(f"{workspace.root}: no workspace there; run `netbook import -w` first")

    with workspace.reading():
        settings = workspace.settings()
        basis = health_basis(workspace)
        replied = basis.replied()
        if replied is None:
            sys.exit(f"{workspace.root}: no stored reply days; import again with this netbook")
        print(f"per-day rows {basis.days.collect().height:,}, as of {as_of}, best and median:")
        counts = per_person(basis.days, as_of, settings).collect(engine=ENGINE)
        reached = counts.select("person_id", "last_outbound_at", "wrote").lazy()
        answers = replies_at(*replied, as_of, settings, reached).collect(engine=ENGINE)
        timed(
            "per-person counts",
            lambda: per_person(basis.days, as_of, settings).collect(engine=ENGINE),
            repeat,
        )
        timed(
            "reply behaviour",
            lambda: replies_at(*replied, as_of, settings, reached).collect(engine=ENGINE),
            repeat,
        )

        def health(*, parts: bool) -> pl.DataFrame:
            if not parts:
                return metrics.health(
                    basis.people, None, as_of, settings,
                    days=basis.days, seen=basis.seen, replied=replied,
                ).collect(engine=ENGINE)  # fmt: skip
            module = sys.modules["netbook.metrics.health"]
            kept = module.per_person, module.replies_at  # type: ignore[attr-defined]
            module.per_person = lambda *_: counts.lazy()  # type: ignore[attr-defined]
            module.replies_at = lambda *_: answers.lazy()  # type: ignore[attr-defined]
            try:
                return health(parts=False)
            finally:
                module.per_person, module.replies_at = kept  # type: ignore[attr-defined]

        timed("tail (counts given)", lambda: health(parts=True), repeat)
        timed("health, whole", lambda: health(parts=False), repeat)
        frame = health(parts=False)
        timed("ties history", lambda: ties.history(basis.days, as_of, settings).collect(), repeat)
        timed("ties network", lambda: ties.read_network(workspace, as_of, frame), repeat)


if __name__ == "__main__":
    main()
