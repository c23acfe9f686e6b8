"""The notebooks: getting-started runs under papermill, and both pass nbval (--nbval-lax)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from traitlets.config import Config

from netbook import api
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


def cell(notebook: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    (found,) = [c for c in notebook.cells if c.get("id") == cell_id]
    return found


def outputs(notebook: nbformat.NotebookNode, cell_id: str) -> str:
    return "".join(o.get("text", "") for o in cell(notebook, cell_id).outputs)


def test_getting_started_runs_from_import_to_review(tmp_path: Path) -> None:
    ws, reviews = tmp_path / "ws", tmp_path / "reviews"
    executed = pm.execute_notebook(
        str(NOTEBOOKS / "getting-started.ipynb"),
        str(tmp_path / "getting-started.ipynb"),
        parameters={"workspace": str(ws), "reviews": str(reviews)},
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS),
        config=QUIET,
    )
    assert executed.metadata.papermill.parameters == {"workspace": str(ws), "reviews": str(reviews)}
    assert "people: 316 connections: 294" in outputs(executed, "doctor")
    assert outputs(executed, "review") == "review-2026-11.html\n"
    # The review is kept where the user asked (the tour's workspace may be temporary), linked.
    report = reviews / "review-2026-11.html"
    assert report.is_file() and not (ws / "reviews").exists()
    (link, where) = [o.data["text/html"] for o in cell(executed, "review-link").outputs]
    assert f"<a href='{report}' target='_blank'>" in link and "Open the review: " in link
    assert str(report) in where
    # Tables are styled HTML with every word of the why, not polars' cut-off repr.
    for table in ("due", "health", "summary", "follow-ups", "dormant"):
        (shown,) = cell(executed, table).outputs
        assert shown.data["text/html"].startswith('<table class="netbook-frame"'), table
    plan = cell(executed, "due").outputs[0].data["text/html"]
    whys = api.plan(Workspace(ws), as_of=date(2026, 11, 16))["why"]
    assert all(html.escape(w, quote=True) in plan for w in whys)
    assert "People in your network" in cell(executed, "summary").outputs[0].data["text/html"]
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
