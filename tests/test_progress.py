"""Progress in words: an import and a review name their stages on a terminal, and only there."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from clirun import netbook
from netbook.review import run_review
from netbook.review.stages import RENDERING, STARTING
from netbook.sources import linkedin
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def on_a_terminal(*args: str) -> tuple[int, str]:
    """``netbook ARGS`` with stdin, stdout and stderr on a pseudo-terminal: its code and screen."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "netbook", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={"COLUMNS": "120", "TERM": "xterm", "PATH": "/usr/bin:/bin"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 1 << 16)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("progress") / "ws")
    ws.import_paths([MINI], source="linkedin")
    return ws


@pytest.mark.parametrize("threshold", [None, 700])
def test_an_import_tells_its_stages_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threshold: int | None
) -> None:
    if threshold is not None:  # Connections.csv and messages.csv (over 700 bytes) count as large
        monkeypatch.setattr(linkedin, "_STREAM_FROM_DISK", threshold)
    stages: list[str] = []
    Workspace(tmp_path / "ws").import_paths([MINI], source="linkedin", on_stage=stages.append)
    assert stages[0] == "found a linkedin export"
    names = sorted(f.name for f in MINI.iterdir())
    large = [n for n in names if threshold is not None and (MINI / n).stat().st_size > threshold]
    # Each file once, in the export's order; the large ones last, parsed one by one while the
    # small ones are parsed on the side: the progress line names the file that takes the time.
    told = [n for n in names if n not in large] + large
    assert [s.removeprefix("reading ") for s in stages if s.startswith("reading ")] == told
    assert stages[-4:] == [
        f"reading {told[-1]}",
        "resolving people",
        "writing to the store",
        "matching people across sources",
    ]


def test_an_import_on_a_terminal_names_each_stage(tmp_path: Path) -> None:
    code, screen = on_a_terminal("import", str(MINI), "-w", str(tmp_path / "ws"))
    assert code == 0, screen
    for stage in ("reading messages.csv", "resolving people", "writing to the store"):
        assert f"Importing mini: {stage} ..." in screen
    assert "3 files" not in screen and "cell" not in screen.casefold()
    assert "new people" in screen  # the import's own line follows


def test_an_import_without_a_terminal_or_quiet_prints_only_its_lines(tmp_path: Path) -> None:
    piped = netbook("import", str(MINI), "-w", str(tmp_path / "piped"))
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    lines = piped.stdout.splitlines()
    assert lines[0].startswith(f"{MINI} (linkedin): ") and lines[-1].startswith("Workspace: ")
    assert not any(w in piped.stdout for w in ("Importing", "reading", "resolving", "writing"))
    code, screen = on_a_terminal("import", str(MINI), "-w", str(tmp_path / "quiet"), "--quiet")
    assert code == 0, screen
    assert "reading" not in screen and "Importing" not in screen
    assert not set(SPINNER) & set(screen)


def test_a_review_tells_named_stages_not_cells(mini: Workspace, tmp_path: Path) -> None:
    """A notebook's cells name their stages in metadata; unnamed cells continue the last one."""
    book = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    book.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "3"}
    book.cells.append(nbformat.v4.new_code_cell("workspace = None"))  # type: ignore[no-untyped-call]
    book.cells[0].metadata["tags"] = ["parameters"]
    cells = [("print(1)", "adding up"), ("print(2)", None), ("print(3)", "drawing")]
    for source, stage in cells:
        cell = nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
        if stage:
            cell.metadata["netbook"] = {"stage": stage}
        book.cells.append(cell)
    path = tmp_path / "tiny.ipynb"
    nbformat.write(book, path)  # type: ignore[no-untyped-call]
    heard: list[str] = []
    run_review(mini, "month", "2026-11-16", tmp_path / "out", notebook=path, progress=heard.append)
    assert heard == [STARTING, "adding up", "drawing", RENDERING]


def test_the_review_notebook_names_a_stage_for_each_section() -> None:
    from netbook.review.run import find_notebook
    from netbook.review.stages import stage_of

    book = nbformat.read(find_notebook(), as_version=4)  # type: ignore[no-untyped-call]
    named = [stage_of(c) for c in book.cells if stage_of(c)]
    assert named[0] == "reading the workspace"
    for stage in ("computing health", "computing ties", "computing structure"):
        assert stage in named
    assert len(named) == len(set(named))


def test_a_review_on_a_terminal_names_its_stages(mini: Workspace, tmp_path: Path) -> None:
    args = ("review", "--as-of", "2026-11-16", "-w", str(mini.root), "--out", str(tmp_path))
    code, screen = on_a_terminal(*args)
    assert code == 0, screen
    for stage in ("computing health", "computing structure", RENDERING):
        assert f"Review: {stage} ..." in screen
    assert "Executing" not in screen and "cell/s" not in screen  # no papermill bar
    assert screen.rstrip().endswith(str(tmp_path / "review-2026-11.html"))
