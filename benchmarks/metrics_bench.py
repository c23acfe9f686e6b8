"""health / due / summary / plan speed at 30k connections and 1M messages, from the store.

Imports the generated export into a workspace under benchmarks/out (once), then prints a table:
the API call's time (best of --repeat, in one warm process) and the whole command's wall time
(fresh process, start-up included).

    python benchmarks/metrics_bench.py [--connections 30000 --messages 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from import_bench import OUT, export

AS_OF = date(2026, 11, 16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from netbook import Workspace, api

    folder = export(args.connections, args.messages, zipped=False)
    root = OUT / f"workspace-{args.connections}-{args.messages}"
    workspace = Workspace(root)
    if not workspace.exists:
        workspace.import_paths([folder])
    with workspace.connect(write=True):
        pass  # a store from an older version gets this version's tables, as any write gives it
    calls = {
        "health": lambda: api.health(workspace, as_of=AS_OF),
        "due": lambda: api.due(workspace, as_of=AS_OF),
        "summary": lambda: api.summary(workspace, as_of=AS_OF, period="month"),
        "plan": lambda: api.plan(workspace, as_of=AS_OF),
    }
    print(f"{'command':>8} {'rows':>7} {'api s':>7} {'command s':>10}")
    for name, call in calls.items():
        best, rows = float("inf"), 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            rows = call().height
            best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "netbook",
                name,
                "-w",
                str(root),
                "--as-of",
                AS_OF.isoformat(),
                "-f",
                "csv",
                "-o",
                str(Path(root) / f"{name}.csv"),
            ],
            check=True,
        )
        command = time.perf_counter() - start
        print(f"{name:>8} {rows:>7,} {best:>7.2f} {command:>10.2f}")


if __name__ == "__main__":
    main()
