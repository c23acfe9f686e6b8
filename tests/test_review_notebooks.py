"""The notebooks: getting-started runs under papermill, and both pass nbval (--nbval-lax)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from traitlets.config import Config

from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SAMPLE = ROOT / "data" / "sample" / "linkedin"
QUIET = Config({"KernelManager": {"transport_encryption": "auto"}})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("notebooks") / "ws")
    ws.import_paths([SAMPLE], source="linkedin")
    return ws


def outputs(notebook: nbformat.NotebookNode, cell_id: str) -> str:
    (cell,) = [c for c in notebook.cells if c.get("id") == cell_id]
    return "".join(o.get("text", "") for o in cell.outputs)


def test_getting_started_runs_from_import_to_review(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    executed = pm.execute_notebook(
        str(NOTEBOOKS / "getting-started.ipynb"),
        str(tmp_path / "getting-started.ipynb"),
        parameters={"workspace": str(ws)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS),
        config=QUIET,
    )
    assert executed.metadata.papermill.parameters == {"workspace": str(ws)}
    assert "people: 316 connections: 294" in outputs(executed, "doctor")
    assert outputs(executed, "review") == "review-2026-11.html\n"
    assert (ws / "reviews" / "review-2026-11.html").is_file()
    kinds = {o.output_type for c in executed.cells for o in c.get("outputs", [])}
    assert "error" not in kinds


def test_notebooks_pass_nbval(sample: Workspace) -> None:
    """nbval re-runs each notebook and compares the cells marked NBVAL_CHECK_OUTPUT."""
    env = {**os.environ, "NETBOOK_WORKSPACE": str(sample.root)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"),
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-q",
            str(NOTEBOOKS / "review.ipynb"),
            str(NOTEBOOKS / "getting-started.ipynb"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert " passed" in run.stdout and "failed" not in run.stdout
