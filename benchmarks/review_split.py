"""Where a `netbook review` spends its wall time: start-up, kernel, each cell, export, writing.

Runs `netbook review --period month` once in this process (so start-up counts from the process's
own start, read from /proc), timing papermill's kernel start, each cell (papermill's own cell
timings, read before the review removes them), the HTML export and the writing; then, in this
process, how long each chart takes to build and to serialise through the ``netbook`` renderer.

    python benchmarks/review_split.py WORKSPACE [--as-of 2026-11-16] [--out FOLDER] [--no-charts]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_CLOCK = time.CLOCK_BOOTTIME


def _since_boot_of_process() -> float:
    """When this process started, on the boot-time clock (seconds)."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _now() -> float:
    return time.clock_gettime(_CLOCK)


class Split:
    """Named spans on the boot-time clock."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.spans: list[tuple[str, float]] = []
        self.cells: list[tuple[str, float]] = []

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = _now()
            try:
                return function(*args, **kwargs)
            finally:
                self.spans.append((name, _now() - start))

        return wrapper


def run(workspace: str, as_of: str, out: str) -> Split:
    """One review of ``workspace`` into ``out``, its time split."""
    split = Split()
    split.marks["process"] = _since_boot_of_process()
    split.marks["script"] = _now()
    from nbclient.client import NotebookClient

    from netbook.review import export, run as review_run

    NotebookClient.start_new_kernel = split.timed(  # type: ignore[method-assign]
        "kernel: launch the process", NotebookClient.start_new_kernel
    )
    NotebookClient.start_new_kernel_client = split.timed(  # type: ignore[method-assign]
        "kernel: connect until ready", NotebookClient.start_new_kernel_client
    )
    normalise = export.normalise

    def cells_then_normalise(notebook: Any, **kwargs: Any) -> Any:
        for cell in notebook.cells:
            seconds = cell.metadata.get("papermill", {}).get("duration")
            if cell.cell_type == "code" and seconds is not None:
                split.cells.append((cell.get("id", "?"), float(seconds)))
        start = _now()
        try:
            return normalise(notebook, **kwargs)
        finally:
            split.spans.append(("export: normalise", _now() - start))

    export.normalise = cells_then_normalise  # type: ignore[assignment]
    export.render = split.timed("export: ipynb text + nbconvert HTML", export.render)
    review_run._write = split.timed("writing the two files", review_run._write)  # type: ignore[attr-defined]
    review_run._execute = split.timed("papermill (kernel + cells)", review_run._execute)  # type: ignore[attr-defined]
    split.marks["imported"] = _now()
    review_run.run_review(workspace, "month", as_of, out)
    split.marks["done"] = _now()
    return split


def charts(workspace: str, as_of: str) -> list[tuple[str, float, float, int]]:
    """Each chart of the review: seconds to build, seconds to serialise, bytes of HTML."""
    from netbook.review import notebook as nb
    from netbook.review import renderer as plotly_renderer

    review = nb.Review(workspace, period="month", as_of=as_of)
    rendering = plotly_renderer.NetbookRenderer()
    rendering.shown[0] = 1  # plotly.js is measured once, below
    rows = []
    for name in (
        "strength_chart", "layers_chart", "cadence_chart", "reciprocity_chart", "diversity_chart",
        "dependency_chart", "growth_chart", "goals_chart", "network_chart",
    ):  # fmt: skip
        start = _now()
        figure = getattr(review, name)()
        built = _now() - start
        start = _now()
        bundle = rendering.to_mimebundle(figure.to_plotly_json())
        shown = _now() - start
        rows.append((name, built, shown, len(bundle["text/html"])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("--as-of", default="2026-11-16")
    parser.add_argument("--out")
    parser.add_argument("--no-charts", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netbook-review-split-") as scratch:
        split = run(args.workspace, args.as_of, args.out or scratch)
    marks = split.marks
    print(f"total (process start to report written)   {marks['done'] - marks['process']:6.2f} s")
    print(f"  interpreter start to this script         {marks['script'] - marks['process']:6.2f} s")
    print(f"  imports (netbook.review, nbclient)       {marks['imported'] - marks['script']:6.2f} s")
    for name, seconds in split.spans:
        print(f"  {name:<41}{seconds:6.2f} s")
    print(f"  cells, by papermill (sum {sum(s for _, s in split.cells):.2f} s):")
    for cell, seconds in split.cells:
        print(f"    {cell:<39}{seconds:6.2f} s")
    if not args.no_charts:
        print("charts in this process: build / serialise / HTML bytes")
        for name, built, shown, size in charts(args.workspace, args.as_of):
            print(f"    {name:<26}{built:6.3f} s {shown:6.3f} s {size:>10,}")


if __name__ == "__main__":
    main()
