"""Speed of ``brief``, ``who`` and ``intros`` at 30k connections and 1M messages.

Uses the workspace metrics_bench.py imports under benchmarks/out (imported here if missing) and
prints, per call, the rows it returns and its best time of --repeat in one warm process. The
person briefed and the company searched are the strongest tie and the largest company.

    python benchmarks/brief_bench.py [--connections 30000 --messages 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date

from import_bench import OUT, export

AS_OF = date(2026, 11, 16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from netbook import Workspace, api
    from netbook.brief import brief_person, meeting_briefs
    from netbook.brief.edges import edges
    from netbook.brief.intros import intros
    from netbook.brief.who import who

    folder = export(args.connections, args.messages, zipped=False)
    workspace = Workspace(OUT / f"workspace-{args.connections}-{args.messages}")
    if not workspace.exists:
        workspace.import_paths([folder])
    with workspace.connect(write=True):
        pass  # a store from an older version gets this version's tables
    health = api.health(workspace, as_of=AS_OF)
    strongest = health.sort(["strength", "person_id"], descending=[True, False])["person_id"][0]
    company = (
        workspace.people().collect()["company"].drop_nulls().value_counts(sort=True)["company"][0]
    )
    calls: dict[str, Callable[[], int]] = {
        "edges (who knows whom)": lambda: edges(workspace, AS_OF).height,
        "brief PERSON": lambda: len(brief_person(workspace, strongest, AS_OF)["person"]),
        "brief (7 days)": lambda: len(meeting_briefs(workspace, AS_OF, 7)["meetings"]),
        f"who {company[:14]}": lambda: who(workspace, company, AS_OF).height,
        "intros": lambda: intros(workspace, AS_OF).height,
    }
    print(f"{'call':>24} {'rows':>7} {'best s':>7}")
    for name, call in calls.items():
        best, rows = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            rows = call()
            best = min(best, time.perf_counter() - start)
        print(f"{name:>24} {rows:>7,} {best:>7.2f}")


if __name__ == "__main__":
    main()
