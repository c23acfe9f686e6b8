"""`netbook review --period month` wall time on the bundled sample and at 30k connections / 1M messages.

Each review is a fresh `python -m netbook review` process (start-up, papermill, kernel, nbconvert
included), run --repeat times into a temporary folder; the table shows the best and the worst
wall time, the time the kernel spends building the review (`Review(...)`: health, due, summary,
growth, in this process) and the report's size.

    python benchmarks/review_bench.py [--connections 30000 --messages 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_bench import OUT, export

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-16"


def review(workspace: Path, out: Path) -> tuple[float, Path]:
    start = time.perf_counter()
    run = subprocess.run(
        [
            *(sys.executable, "-m", "netbook", "review", "--period", "month"),
            *("--as-of", AS_OF, "-w", str(workspace), "--out", str(out), "--no-progress"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"netbook review failed:\n{run.stderr}")
    return seconds, Path(run.stdout.strip().splitlines()[-1])


def build(workspace: Path) -> float:
    from netbook.review import notebook as nb

    start = time.perf_counter()
    nb.Review(workspace, period="month", as_of=AS_OF)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from netbook import Workspace

    with tempfile.TemporaryDirectory(prefix="netbook-review-bench-") as scratch:
        sample = Workspace(Path(scratch) / "sample")
        sample.import_paths([ROOT / "data" / "sample" / "linkedin"], source="linkedin")
        big = OUT / f"workspace-{args.connections}-{args.messages}"
        if not Workspace(big).exists:
            Workspace(big).import_paths([export(args.connections, args.messages, zipped=False)])
        print(
            f"{'workspace':>22} {'people':>7} {'interactions':>13} {'best s':>7} {'worst s':>8} "
            f"{'kernel work s':>14} {'report MB':>10}"
        )
        for name, root in (("sample", sample.root), (big.name, big)):
            ws = Workspace(root)
            people = ws.people().collect().height
            log = ws.table("interactions", ["person_id"]).height
            times, report = [], Path()
            for i in range(args.repeat):
                seconds, report = review(root, Path(scratch) / f"out-{name}-{i}")
                times.append(seconds)
            work = build(root)
            size = report.stat().st_size / 1e6
            print(
                f"{name:>22} {people:>7,} {log:>13,} {min(times):>7.2f} {max(times):>8.2f} "
                f"{work:>14.2f} {size:>10.1f}"
            )


if __name__ == "__main__":
    main()
