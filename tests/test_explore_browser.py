"""explore.ipynb in a real JupyterLab, driven by Debian's Chromium through Playwright.

The notebook runs top to bottom, its charts and widgets render, and a touch logged through the
widgets in the page reaches the workspace (read back here, from outside the kernel).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import nbformat
import polars as pl
import pytest
from playwright.sync_api import Page, sync_playwright

from netbook import api
from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
SAMPLE = ROOT / "data" / "sample" / "linkedin"
CHROMIUM = "/usr/bin/chromium"
AS_OF = date(2026, 11, 16)
NOTE = "browser test: coffee"
KERNEL_SECONDS = 90  # a cold kernel on 2 cores, plus the first imports
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SETTINGS = {
    # No "get notified about Jupyter news?" toast over the page.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # Every cell in the DOM and laid out, so off-screen charts draw too.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


CELL_ERRORS = """() => {
    const errors = [];
    for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
        for (const output of cell.type === 'code' ? cell.outputs.toJSON() : []) {
            if (output.output_type === 'error') errors.push(`${output.ename}: ${output.evalue}`);
        }
    }
    return errors;
}"""


ALIGNMENT = """() => [...document.querySelectorAll('.netbook-table table')].map(table => {
    const row = table.querySelector('tbody tr');
    const text = row.querySelector('td:not(.num)'), number = row.querySelector('td.num');
    return [getComputedStyle(text).textAlign, getComputedStyle(number).textAlign];
})"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workspace with the sample, the notebook pointing at it, and Jupyter's own folders."""
    workspace = tmp_path / "ws"
    Workspace(workspace).import_paths([SAMPLE], source="linkedin")
    lab = tmp_path / "lab"
    lab.mkdir()
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    (parameters,) = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    parameters.source = (
        f"workspace = {str(workspace)!r}\nsample = {str(SAMPLE)!r}\nas_of = {AS_OF.isoformat()!r}"
    )
    nbformat.write(notebook, lab / "explore.ipynb")
    jupyter = tmp_path / "jupyter"
    for plugin, values in SETTINGS.items():
        package, name = plugin.rsplit("/", 1)
        path = (
            jupyter / "config" / "lab" / "user-settings" / package / f"{name}.jupyterlab-settings"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    return workspace, lab, jupyter


@contextmanager
def jupyterlab(lab: Path, jupyter: Path) -> Iterator[tuple[str, str]]:
    """A JupyterLab server on a free local port; yields its URL and token, then shuts it down."""
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
        "JUPYTER_DATA_DIR": str(jupyter / "data"),
        "IPYTHONDIR": str(jupyter / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={lab}",
        "--expose-app-in-browser",
        "--allow-root",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    url = f"http://127.0.0.1:{port}"
    with (jupyter / "server.log").open("wb") as log:
        server = subprocess.Popen(
            command, cwd=lab, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    pytest.fail(f"jupyter lab exited: {(jupyter / 'server.log').read_text()}")
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.25)
            yield url, token
        finally:
            stop(server, url, token)


def stop(server: subprocess.Popen[bytes], url: str, token: str) -> None:
    """Shut the server and its kernels down; signal its process group if it does not exit."""
    if server.poll() is None:
        request = urllib.request.Request(
            f"{url}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
        )
        with suppress(OSError):  # it may close the connection as it goes
            urllib.request.urlopen(request, timeout=5).close()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_all(page: Page) -> None:
    """Wait for the notebook's kernel, run every cell and wait until each has run."""
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp?.shell?.currentWidget;
            return panel?.context?.path === 'explore.ipynb'
                && panel.sessionContext?.session?.kernel?.status === 'idle';
        }""",
        timeout=KERNEL_SECONDS * 1000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=KERNEL_SECONDS * 1000,
    )


def logged(workspace: Workspace, seconds: float = 15) -> pl.DataFrame:
    """The workspace's log once it has a row (polled: the kernel writes it)."""
    deadline = time.monotonic() + seconds
    while True:
        log = workspace.table("log")
        if not log.is_empty() or time.monotonic() > deadline:
            return log
        time.sleep(0.25)


def test_explore_notebook_in_jupyterlab(tmp_path: Path) -> None:
    workspace_path, lab, jupyter = prepare(tmp_path)
    workspace = Workspace(workspace_path)
    shot = tmp_path / "explore.png"
    errors: list[str] = []
    with jupyterlab(lab, jupyter) as (url, token), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2200})
            page.set_default_timeout(60_000)  # a cold JupyterLab on a busy 2-core machine
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{url}/lab/tree/explore.ipynb?token={token}&reset")
            run_all(page)
            assert page.evaluate(CELL_ERRORS) == []

            # Charts: the overview cell, and the card's strength breakdown and timeline.
            page.wait_for_function(
                "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3",
                timeout=30_000,
            )
            assert page.locator(".widget-dropdown select").count() >= 8
            table = page.locator(".netbook-explorer .netbook-table table")
            assert table.locator("tbody tr").count() == 50
            assert "316 of 316 people match" in page.locator(".netbook-caption").first.inner_text()
            shown = page.locator(".netbook-card-header").inner_text().splitlines()[0]
            assert shown and "Acting on: " + shown in page.locator(".netbook-target").inner_text()
            # Text reads from the left, numbers line up on the right, in every table.
            aligned = page.evaluate(ALIGNMENT)
            assert aligned and all(a == ["left", "right"] for a in aligned), aligned
            due = page.locator(".netbook-due")
            assert shown in due.inner_text()  # the sample's most urgent person is due

            page.locator(".netbook-log-channel select").select_option("meeting")
            page.locator(".netbook-log-on input").fill(AS_OF.isoformat())
            page.locator(".netbook-log-note input").fill(NOTE)
            page.locator("button.netbook-log-button").click()
            status = page.locator(".netbook-status")
            status.get_by_text("Logged meeting with").wait_for(timeout=30_000)
            assert shown in status.inner_text()
            # The due table further down was redrawn: no cell had to be run again.
            page.wait_for_function(
                "(name) => !document.querySelector('.netbook-due').innerText.includes(name)",
                arg=shown,
                timeout=30_000,
            )

            log = logged(workspace)
            assert log.height == 1, log
            entry = log.row(0, named=True)
            assert (entry["channel"], entry["note"]) == ("meeting", NOTE)
            health = api.health(workspace, as_of=AS_OF)
            person = health.filter(pl.col("person_id") == entry["person_id"]).row(0, named=True)
            assert person["full_name"] == shown and person["days_since_contact"] == 0
            page.locator(".netbook-explorer").evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    print(f"screenshot: {shot}")
    assert not errors, errors
