"""Import speed and memory at 1k/10k/30k connections and 10k/100k/1M messages.

Prints a table: the time and peak memory of ``Workspace.import_paths`` on a synthetic export from
``netbook.sample``, beside the floor (polars' bare ``read_csv`` of the same CSV files). Each
measurement runs in a fresh process so that peak memory is that import's alone.

    python benchmarks/import_bench.py [--sizes 1000:10000,10000:100000,30000:1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).parent / "out"

IMPORT = """
import json, resource, sys, time
from netbook import Workspace
start = time.perf_counter()
(result,) = Workspace(sys.argv[2]).import_paths([sys.argv[1]])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "interactions": result.written.interactions_added}))
"""

FLOOR = """
import json, resource, sys, time
from pathlib import Path
import polars as pl
files = [p for p in Path(sys.argv[1]).glob("*.csv") if p.stat().st_size > 1000]
start = time.perf_counter()
for path in files:
    skip = 3 if path.name == "Connections.csv" else 0
    pl.read_csv(path, infer_schema=False, skip_lines=skip, truncate_ragged_lines=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def export(connections: int, messages: int, zipped: bool) -> Path:
    """The generated export (cached under benchmarks/out): its folder, or its zip file."""
    from netbook.sample import write_sample

    folder = OUT / f"{'zip' if zipped else 'linkedin'}-{connections}-{messages}"
    found = sorted(folder.glob("*.zip")) if zipped else [folder / "messages.csv"]
    if not found or not found[0].exists():
        shutil.rmtree(folder, ignore_errors=True)
        write_sample(folder, seed=7, connections=connections, messages=messages, zip=zipped)
        found = sorted(folder.glob("*.zip")) if zipped else [folder / "messages.csv"]
    return found[0] if zipped else folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:10000,10000:100000,30000:1000000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is shown")
    args = parser.parse_args()
    columns = ("connections", "messages", "form", "MB", "import s", "peak MB", "floor s", "x floor")
    widths = (11, 9, 6, 6, 9, 8, 8, 8)
    header = " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    print(header)
    print("-" * len(header))
    for size in args.sizes.split(","):
        connections, messages = (int(n) for n in size.split(":"))
        folder = export(connections, messages, zipped=False)
        megabytes = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        floor = min(run(FLOOR, str(folder))["seconds"] for _ in range(args.repeat))
        for form in ("folder", "zip"):
            path = folder if form == "folder" else export(connections, messages, zipped=True)
            imports = []
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as workspace:
                    imports.append(run(IMPORT, str(path), workspace))
            best = min(r["seconds"] for r in imports)
            peak = max(r["peak_mb"] for r in imports)
            print(
                f"{connections:>11,} {messages:>9,} {form:>6} {megabytes:>6.0f} {best:>9.2f} "
                f"{peak:>8.0f} {floor:>8.2f} {best / floor:>8.1f}"
            )


if __name__ == "__main__":
    main()
