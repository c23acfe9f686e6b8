"""Where a `netbook review` spends its wall time: start-up, kernel, each cell, export, writing.

Runs `netbook review --period month` once in this process, through the command line's own entry
point, and prints a timeline in seconds since the process started (read from /proc): when the
kernel was launched and answered, when each cell started and how long it took (papermill's own
cell timings, read before the review removes them), the HTML export and the writing. Then, in
this process, how long each chart takes to build and to serialise through the ``netbook``
renderer, and the size of its HTML.

    python benchmarks/review_split.py WORKSPACE [--as-of 2026-11-16] [--out FOLDER] [--no-charts]
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

_CLOCK = time.CLOCK_BOOTTIME


def _process_start() -> float:
    """When this process started, on the boot-time clock (seconds)."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _now() -> float:
    return time.clock_gettime(_CLOCK)


class Timeline:
    """Named spans, as (start, seconds) on the boot-time clock."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, float, float]] = []

    def add(self, name: str, start: float, end: float | None = None) -> None:
        self.spans.append((name, start, (_now() if end is None else end) - start))

    def timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = _now()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, start)

        return wrapper


class _Patcher(importlib.abc.MetaPathFinder):
    """Calls ``patches[name](module)`` right after ``name`` is first imported (imports stay lazy)."""

    def __init__(self, patches: dict[str, Callable[[Any], None]]) -> None:
        self.patches = patches

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in self.patches:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        loader, patch = spec.loader, self.patches[name]
        execute = loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            patch(module)

        loader.exec_module = exec_module
        return spec


def _after_import(patches: dict[str, Callable[[Any], None]]) -> None:
    sys.meta_path.insert(0, _Patcher(patches))


def run(workspace: str, as_of: str, out: str) -> tuple[Timeline, float]:
    """One review of ``workspace`` into ``out`` through ``netbook.cli.main``; and the process start."""
    timeline = Timeline()
    started = _process_start()
    wall_minus_boot = time.time() - _now()
    from netbook.startup import skip_slow_optional_imports

    skip_slow_optional_imports()  # as `netbook` does first
    from netbook.cli import main

    def patch_client(client: Any) -> None:
        cls = client.NotebookClient
        cls.start_new_kernel = timeline.timed("papermill: launch the kernel", cls.start_new_kernel)
        cls.start_new_kernel_client = timeline.timed(
            "papermill: connect until the kernel answers", cls.start_new_kernel_client
        )

    def patch_export(export: Any) -> None:
        normalise = export.normalise

        def cells_then_normalise(notebook: Any, **kwargs: Any) -> Any:
            for cell in notebook.cells:
                stamps = cell.metadata.get("papermill", {})
                if cell.cell_type == "code" and stamps.get("start_time"):
                    at = datetime.fromisoformat(stamps["start_time"]).timestamp() - wall_minus_boot
                    timeline.add(f"cell {cell.get('id', '?')}", at, at + float(stamps["duration"]))
            return normalise(notebook, **kwargs)

        export.normalise = cells_then_normalise
        export.render = timeline.timed("export: ipynb text + nbconvert HTML", export.render)
        export.warm_exporter = timeline.timed(
            "export: load nbconvert (a thread)", export.warm_exporter
        )

    def patch_kernel(kernel: Any) -> None:
        if hasattr(kernel, "start"):  # netbook before the kernel started ahead of papermill: none
            kernel.start = timeline.timed("kernel: launch (kernel.start)", kernel.start)

    def patch_papermill(papermill: Any) -> None:
        papermill.execute_notebook = timeline.timed(
            "papermill.execute_notebook", papermill.execute_notebook
        )

    _after_import(
        {
            "nbclient.client": patch_client,
            "netbook.review.export": patch_export,
            "netbook.review.kernel": patch_kernel,
            "papermill": patch_papermill,
        }
    )
    start = _now()
    try:
        main(["review", "--period", "month", "--as-of", as_of, "-w", workspace, "-o", out, "-q"])
    except SystemExit as stop:
        if stop.code:
            raise
    timeline.add("the whole review, from `netbook.cli.main`", start)
    timeline.add("the process, from its start", started)
    return timeline, started


def charts(workspace: str, as_of: str) -> list[tuple[str, float, float, int]]:
    """Each chart of the review: seconds to build, seconds to serialise, bytes of HTML."""
    from netbook.review import notebook as nb
    from netbook.review import renderer as plotly_renderer

    review = nb.Review(workspace, period="month", as_of=as_of)
    rendering = plotly_renderer.NetbookRenderer()
    rendering.shown[0] = 1  # plotly.js goes with the first chart only: measured without it
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
        rows.append((name, built, _now() - start, len(bundle["text/html"])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace")
    parser.add_argument("--as-of", default="2026-11-16")
    parser.add_argument("--out")
    parser.add_argument("--no-charts", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netbook-review-split-") as scratch:
        timeline, started = run(args.workspace, args.as_of, args.out or scratch)
    print("seconds since the process started: from, to, taking")
    for name, start, seconds in sorted(timeline.spans, key=lambda s: (s[1], -s[2])):
        at = start - started
        print(f"  {at:6.2f} {at + seconds:6.2f} {seconds:6.2f}  {name}")
    cells = [s for name, _, s in timeline.spans if name.startswith("cell ")]
    print(f"  cells: {sum(cells):.2f} s in all")
    if not args.no_charts:
        print("charts in this process: build / serialise / HTML bytes")
        for name, built, shown, size in charts(args.workspace, args.as_of):
            print(f"    {name:<26}{built:6.3f} s {shown:6.3f} s {size:>10,}")


if __name__ == "__main__":
    main()
