"""Start-up of the ``netbook`` command: ``--help``, ``--version`` and a bare ``import netbook.cli``.

Each runs --repeat times in a fresh process; prints the best and the median wall time. The verbs
import polars, DuckDB and the data layer when they run, so none of these loads them (the target
is under 0.3 s for ``netbook --help``).

    python benchmarks/cli_startup_bench.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    script = str(Path(sys.executable).with_name("netbook"))
    commands = {
        "netbook --help": [script, "--help"],
        "netbook --version": [script, "--version"],
        "import netbook.cli": [sys.executable, "-c", "import netbook.cli"],
        "python (nothing)": [sys.executable, "-c", "pass"],
    }
    print(f"{'command':>20} {'best s':>7} {'median s':>9}")
    for name, command in commands.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(command, check=False, capture_output=True)
            times.append(time.perf_counter() - start)
        print(f"{name:>20} {min(times):>7.3f} {statistics.median(times):>9.3f}")


if __name__ == "__main__":
    main()
