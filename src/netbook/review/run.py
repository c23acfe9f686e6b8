"""Run the review notebook with papermill and keep its report: ``run_review`` (``netbook review``).

A run writes ``review-<period>.ipynb`` (the executed notebook) and ``review-<period>.html`` (the
report) into the output folder, each through a temporary file in the same folder and
``os.replace``: a reader sees the old report or the new one, never half of one. A failed run
changes neither: it raises :class:`ReviewError` naming the cell and the error, and leaves the
failed notebook as ``review-<period>.failed.ipynb`` for a look.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from netbook import locations
from netbook.errors import InputError
from netbook.errors import ReviewError as ReviewError
from netbook.progress import Listener
from netbook.review.params import (
    RENDERER,
    RENDERERS,
    check_as_of,
    check_period,
    parse_as_of,
    report_stem,
)

if TYPE_CHECKING:  # loaded once the kernel has started (see run_review)
    from netbook.metrics.network import Period
    from netbook.workspace import Workspace

NOTEBOOK: Final = "review.ipynb"
REPORTS: Final = "reviews"
"""The default output folder, inside the workspace."""


@dataclass(frozen=True)
class ReviewResult:
    """What a review run wrote.

    Attributes:
        html: the report.
        notebook: the executed notebook.
        period: ``week``, ``month``, ``quarter`` or ``year``.
        as_of: the period's last day.
        seconds: how long the run took.
    """

    html: Path
    notebook: Path
    period: Period
    as_of: date
    seconds: float


def find_notebook() -> Path:
    """The review notebook: packaged with netbook, else ``notebooks/`` of a source checkout.

    Raises:
        ReviewError: neither exists.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / NOTEBOOK, here.parents[2] / "notebooks" / NOTEBOOK):
        if candidate.is_file():
            return candidate
    raise ReviewError(
        f"cannot find {NOTEBOOK} (looked in {here} and the source checkout's notebooks/)",
        hint="reinstall netbook, or pass the notebook's path",
    )


def _write(path: Path, text: str) -> Path:
    """``text`` into a new owner-only temporary file next to ``path``; returns the temporary file."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


_CELL_FRAME = re.compile(r"^Cell In\[\d+\], line (\d+)\n(?:.*\n)*?-*>\s*\d+\s(.*)$", re.M)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def _where(error: Any, failed: Path) -> str:
    """The failing cell, as the user knows it: its id, prompt number, line and statement."""
    cell_id = None
    try:
        import nbformat

        kept = nbformat.read(failed, as_version=4)  # type: ignore[no-untyped-call]
        cell_id = next(
            (c.get("id") for c in kept.cells if c.get("execution_count") == error.exec_count),
            None,
        )
    except (OSError, ValueError):  # the failed notebook is only a nicety here
        pass
    prompt = f"In [{error.exec_count}]" if error.exec_count else f"cell {error.cell_index}"
    trace = _COLOUR.sub("", "\n".join(error.traceback or []))
    frames = _CELL_FRAME.findall(trace)  # the last: with chained errors the cell comes last
    arrow = frames[-1] if frames else None
    line = f", line {arrow[0]}: `{arrow[1].strip()[:80]}`" if arrow else ""
    return f"cell {cell_id!r} ({prompt}{line})" if cell_id else f"{prompt}{line}"


def _failure(error: Any, stem: str, kept: Path) -> ReviewError:
    """The user's message for papermill's ``PapermillExecutionError``."""
    return ReviewError(
        f"{stem} failed in {_where(error, kept)}: {error.ename}: {error.evalue}",
        hint=f"the previous report is unchanged; the failed run is in {kept}",
    )


def _not_run(error: Exception, stem: str, notebook: str) -> ReviewError:
    """The user's message for a notebook that could not be run (its kernel, mostly)."""
    from netbook.review import kernel

    if type(error) is RuntimeError and "didn't respond" in str(error):  # jupyter_client's words
        return ReviewError(
            f"{stem}: the review's notebook kernel started but did not answer within "
            f"{kernel.START_SECONDS} s",
            hint="the machine may be too busy, or something blocks local connections to "
            f"{kernel.LOOPBACK}; the previous report is unchanged",
        )
    return ReviewError(
        f"{stem}: could not run {notebook}: {type(error).__name__}: {error}",
        hint="the previous report is unchanged",
    )


def run_review(
    workspace: str | Path | Workspace | None,
    period: str = "month",
    as_of: str | date | None = None,
    out_dir: str | Path | None = None,
    pseudonymise: bool = False,
    renderer: str = RENDERER,
    *,
    notebook: str | Path | None = None,
    progress: bool | Listener = False,
    kernel_name: str | None = None,
) -> ReviewResult:
    """Run the review of ``period`` ending on ``as_of`` and write its notebook and HTML report.

    Args:
        workspace: the workspace folder (default: ``$NETBOOK_WORKSPACE``, else ``./data``).
        period: ``week``, ``month``, ``quarter`` or ``year``.
        as_of: the period's last day (default: today in the workspace's zone).
        out_dir: where reports go (default: ``reviews/`` in the workspace).
        pseudonymise: replace every name, company, e-mail and URL with a stable pseudonym.
        renderer: plotly renderer, one of :data:`netbook.review.renderer.OFFLINE`.
        notebook: the review notebook (default: :func:`find_notebook`).
        progress: tell the run's stages in words (``computing health``, ``rendering the
            report``): a callable hears each as it starts; ``True`` writes one line per stage to
            stderr; ``False`` says nothing.
        kernel_name: the Jupyter kernel to run it in (default: the Python running netbook).

    Returns:
        The paths written and how long it took.

    Raises:
        ReviewError: the notebook failed (the message names the cell and the error) or could not
            be run; the previous report is unchanged.
        NetbookError: a parameter is invalid or nothing has been imported into the workspace.
    """
    started = time.monotonic()
    listener = _listener(progress)
    checked = check_period(period)
    if renderer not in RENDERERS:
        from netbook.review import renderer as plotly_renderer

        plotly_renderer.use(renderer)  # raises, naming the renderers that work offline
    if workspace is None or isinstance(workspace, str | os.PathLike):
        root = locations.root(workspace)
    else:  # a Workspace
        root = workspace.root
    if not (root / locations.DATABASE).exists():
        raise InputError(
            f"{root}: nothing has been imported into this workspace",
            hint="run `netbook import PATH` first",
        )
    asked = None if as_of is None else check_as_of(as_of)
    source = Path(notebook) if notebook is not None else find_notebook()
    parameters: dict[str, object] = {
        "workspace": str(root.resolve()),
        "period": checked,
        "as_of": None if asked is None else asked.isoformat(),  # today, found by each side
        "pseudonymise": pseudonymise,
        "renderer": renderer,
    }
    # The kernel starts first, before this process loads polars and DuckDB, building the review's
    # data when it is the bundled notebook; this process meanwhile loads them and papermill and
    # nbconvert (a second or two of imports and template compiling), so the report is written as
    # soon as the last cell ran.
    manager = _start_kernel(
        lambda: report_stem(checked, parse_as_of(as_of, _workspace(workspace, root))),
        source,
        kernel_name or _this_python(),
        parameters if notebook is None else None,
    )
    try:
        ws = _workspace(workspace, root)
        day = parse_as_of(asked, ws)
        stem = report_stem(checked, day)
        parameters["as_of"] = day.isoformat()
        folder = Path(out_dir) if out_dir is not None else ws.root / REPORTS
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except BaseException:
        _stop_kernel(manager)
        raise
    html_path, notebook_path = folder / f"{stem}.html", folder / f"{stem}.ipynb"
    failed_path = folder / f"{stem}.failed.ipynb"
    with ThreadPoolExecutor(max_workers=1) as pool:
        warming = pool.submit(_warm_exporter)
        executed = _execute(
            source, folder, stem, failed_path, parameters, listener=listener, manager=manager
        )
        html = warming.result()
    from netbook.review import export, stages

    if listener is not None:
        listener(stages.RENDERING)
    export.normalise(executed, input_path=source, output_path=notebook_path)
    if pseudonymise:
        export.scrub(executed, str(ws.root.resolve()), "<workspace>")
    text, body = export.render(executed, html)
    written = [(_write(notebook_path, text), notebook_path), (_write(html_path, body), html_path)]
    for temporary, final in written:
        temporary.replace(final)
    failed_path.unlink(missing_ok=True)
    return ReviewResult(html_path, notebook_path, checked, day, time.monotonic() - started)


def _workspace(workspace: str | Path | Workspace | None, root: Path) -> Workspace:
    """The :class:`~netbook.workspace.Workspace` at ``root`` (``workspace`` when it is one)."""
    from netbook.workspace import Workspace

    return workspace if isinstance(workspace, Workspace) else Workspace(root)


def _warm_exporter() -> Any:
    """The report's HTML exporter, ready (None if it failed here: the render then says why)."""
    try:
        from netbook.review import export

        return export.warm_exporter()
    except Exception:  # the main thread builds it again and reports the error
        return None


def _listener(progress: bool | Listener) -> Listener | None:
    """Who hears the stages: ``progress`` itself, a line on stderr each (``True``), or nobody."""
    if callable(progress):
        return progress
    if not progress:
        return None

    def line(stage: str) -> None:
        sys.stderr.write(f"review: {stage}\n")
        sys.stderr.flush()

    return line


def _this_python() -> str:
    from netbook.review import kernel

    return kernel.THIS_PYTHON


def _start_kernel(
    stem: Callable[[], str], source: Path, kernel_name: str, parameters: dict[str, object] | None
) -> Any:
    """The notebook's kernel, started (see :func:`netbook.review.kernel.start`).

    ``stem`` gives the report's name for an error's message (it may read the workspace's zone).

    Raises:
        ReviewError: the kernel cannot be reached over the loopback network, or not started.
    """
    from jupyter_client.kernelspec import NoSuchKernel

    from netbook.review import kernel

    problem = kernel.loopback_problem()
    if problem is not None:
        raise ReviewError(
            f"{stem()}: the review's notebook kernel cannot be reached: connecting to "
            f"{kernel.LOOPBACK} (the local network it talks over) failed: {problem}",
            hint="bring the loopback interface up (`ip link set lo up`) or run the review "
            "outside this sandbox; the previous report is unchanged",
        )
    try:
        return kernel.start(kernel_name, parameters)
    except (NoSuchKernel, RuntimeError, OSError) as error:
        raise _not_run(error, stem(), source.name) from error


def _stop_kernel(manager: Any) -> None:
    """Stop the kernel if papermill did not (the run failed before it took the kernel over)."""
    from netbook.review import kernel

    kernel.stop(manager)


def _execute(
    source: Path,
    folder: Path,
    stem: str,
    failed_path: Path,
    parameters: dict[str, object],
    *,
    listener: Listener | None,
    kernel_name: str | None = None,
    manager: Any = None,
) -> Any:
    """The executed notebook (a ``NotebookNode``); a failure keeps it at ``failed_path``.

    It runs in ``manager``'s kernel (see :func:`_start_kernel`), else in a new ``kernel_name``
    kernel (default: :data:`~netbook.review.kernel.THIS_PYTHON`), stopped at the end.
    """
    if manager is None:
        manager = _start_kernel(lambda: stem, source, kernel_name or _this_python(), None)
    try:
        return _papermill(source, folder, stem, failed_path, parameters, manager, listener)
    finally:
        _stop_kernel(manager)


def _papermill(
    source: Path,
    folder: Path,
    stem: str,
    failed_path: Path,
    parameters: dict[str, object],
    manager: Any,
    listener: Listener | None,
) -> Any:
    """:func:`_execute` in ``manager``'s kernel (which papermill stops)."""
    from netbook.startup import without

    with without("pyarrow.fs"):  # papermill's hdfs:// back end: netbook reads local files only
        import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from netbook.review import kernel
    from netbook.review.stages import ENGINE

    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{stem}.", suffix=".ipynb")
    os.close(handle)
    scratch = Path(name)
    try:
        executed = papermill.execute_notebook(
            str(source),
            str(scratch),
            parameters=parameters,
            kernel_name=manager.kernel_name,
            km=manager,
            start_timeout=kernel.START_SECONDS,
            progress_bar=False,  # cell numbers mean nothing to a reader: the listener says stages
            engine_name=ENGINE,
            listener=listener,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as error:
        scratch.replace(failed_path)
        raise _failure(error, stem, failed_path) from None
    except (CellTimeoutError, DeadKernelError, RuntimeError, OSError) as error:
        scratch.unlink(missing_ok=True)
        raise _not_run(error, stem, source.name) from error
    scratch.unlink(missing_ok=True)
    return executed
