"""``netbook brief --html``: one offline HTML brief per day with meetings, through papermill.

Each day runs ``brief.ipynb`` like the review (:mod:`netbook.review.run`): the executed notebook is
normalised (no run times), rendered with the review's offline template (no script or style from
anywhere) and written atomically as ``brief-<day>.html`` in ``briefs/`` of the workspace.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Final

from netbook.review.run import ReviewError, _execute, _write
from netbook.workspace import Workspace

NOTEBOOK: Final = "brief.ipynb"
FOLDER: Final = "briefs"
"""The default output folder, inside the workspace."""


def find_notebook() -> Path:
    """The brief notebook: packaged with netbook, else ``notebooks/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / NOTEBOOK, here.parents[2] / "notebooks" / NOTEBOOK):
        if candidate.is_file():
            return candidate
    raise ReviewError(
        f"cannot find {NOTEBOOK} (looked in {here} and the source checkout's notebooks/)",
        hint="reinstall netbook",
    )


def brief_path(workspace: Workspace, day: date, out_dir: Path | None = None) -> Path:
    """Where the HTML brief of ``day`` is written."""
    return (out_dir or workspace.root / FOLDER) / f"brief-{day.isoformat()}.html"


def run_briefs(
    workspace: Workspace, days: list[date], out_dir: Path | None = None, *, kernel: Any = None
) -> list[Path]:
    """Write the HTML brief of each of ``days``; returns the files written, in day order."""
    from netbook.review import export

    source = find_notebook()
    written = []
    for day in sorted(set(days)):
        target = brief_path(workspace, day, out_dir)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        stem = target.stem
        failed = target.with_suffix(".failed.ipynb")
        parameters: dict[str, object] = {
            "workspace": str(workspace.root.resolve()),
            "day": day.isoformat(),
        }
        executed = _execute(
            source, target.parent, stem, failed, parameters, listener=None, kernel_name=kernel
        )
        export.normalise(executed, input_path=source, output_path=target.with_suffix(".ipynb"))
        _, body = export.render(executed)
        _write(target, body).replace(target)
        failed.unlink(missing_ok=True)
        written.append(target)
    return written
