"""A long reader (the review) never holds the store; a writer that has to wait says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import clirun
from netbook import Workspace, api
from netbook.review.notebook import Review

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"


def _workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([MINI])
    ws.settings_path.write_text("[store]\nlock_timeout_seconds = 1\n", encoding="utf-8")
    return ws


def _log(ws: Workspace) -> Any:
    return clirun.netbook_process(
        "log", "Ada Example", "-c", "call", "--on", "2026-11-10", "--workspace", str(ws.root)
    )


def test_a_log_written_while_a_review_reads_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(tmp_path)
    before = ws.table("log").height
    written = []
    summary = api.summary

    def summary_while_someone_logs(*args: Any, **kwargs: Any) -> Any:
        written.append(_log(ws))  # in the middle of the review's reading
        return summary(*args, **kwargs)

    monkeypatch.setattr(api, "summary", summary_while_someone_logs)
    Review(ws, period="month", as_of="2026-11-16")
    assert [done.returncode for done in written] == [0], written[0].stderr
    assert "waiting" not in written[0].stderr
    assert ws.table("log").height == before + 1


def test_a_waiting_writer_says_that_it_waits(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    before = ws.table("log").height
    with ws.connect(write=True):
        done = _log(ws)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"waiting for {ws.database}: another process is using it")
    assert lines[1].startswith("error:") and "in use by another process" in lines[1]
    assert len(lines) == 2
    assert ws.table("log").height == before
