"""Rituals speed at 30k connections and 1M messages: follow-ups, goals, ties, structure, reminders.

Uses the workspace metrics_bench.py imports under benchmarks/out (imported here if missing) and
prints, per call, the rows it returns and its best time of --repeat in one warm process. Goals are
the review's four suggested goals over 8 periods each.

    python benchmarks/rituals_bench.py [--connections 30000 --messages 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from import_bench import OUT, export

AS_OF = date(2026, 11, 16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from netbook import Workspace
    from netbook.rituals import events, goals, jobs, milestones, remind, structure, ties

    folder = export(args.connections, args.messages, zipped=False)
    workspace = Workspace(OUT / f"workspace-{args.connections}-{args.messages}")
    if not workspace.exists:
        workspace.import_paths([folder])
    with workspace.connect(write=True):
        pass  # a store from an older version gets this version's tables
    ics = Path(tempfile.mkdtemp()) / "netbook.ics"
    calls: dict[str, Callable[[], int]] = {
        "event follow-ups": lambda: events.follow_ups(workspace, AS_OF).height,
        "goals (4 x 8 periods)": lambda: (
            goals.goal_attainment(workspace, AS_OF, 8, goals=goals.SUGGESTED).height
        ),
        "dormant ties": lambda: ties.dormant_ties(workspace, AS_OF).height,
        "weak ties": lambda: ties.weak_ties(workspace, AS_OF).height,
        "structure (150)": lambda: structure.structure(workspace, AS_OF).alters,
        "job changes": lambda: jobs.job_changes(workspace, AS_OF).height,
        "milestones (14 days)": lambda: milestones.upcoming_milestones(workspace, AS_OF).height,
        "remind --ics": lambda: remind.write_ics(workspace, ics, as_of=AS_OF).height,
    }
    print(f"{'call':>22} {'rows':>7} {'best s':>7}")
    for name, call in calls.items():
        best, rows = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            rows = call()
            best = min(best, time.perf_counter() - start)
        print(f"{name:>22} {rows:>7,} {best:>7.2f}")


if __name__ == "__main__":
    main()
