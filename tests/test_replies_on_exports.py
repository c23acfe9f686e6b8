"""Reply rates on a small LinkedIn export written as real files: an answer after a pause is none."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from exports import linkedin_export
from netbook import api
from netbook.workspace import Workspace

AS_OF = date(2026, 11, 16)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


FIRST = AS_OF - timedelta(days=25)
CONNECTIONS = [("ada-q", "Ada Quarry", "01 Jan 2024"), ("bo-r", "Bo Reed", "01 Jan 2024")]
MESSAGES = [
    ("t-ada", "ada-q", at(AS_OF - timedelta(days=200)), "Are you going to the meetup?"),
    ("t-ada", "ada-q", at(AS_OF - timedelta(days=100)), "Any news on the role?"),
    ("t-ada", "ada-q", at(FIRST), "Coffee next week?"),
    ("t-ada", ">ada-q", at(FIRST + timedelta(days=1)), "Yes, Tuesday?"),
    ("t-ada", ">ada-q", at(AS_OF - timedelta(days=5)), "Following up on the role"),
    ("t-bo", "bo-r", at(FIRST), "Hi! Quick question?"),
    ("t-bo", ">bo-r", at(FIRST, 15), "Sure, ask away"),
]
"""Ada writes three times months apart (the third answered, then you follow up); Bo asks once."""


def _imported(tmp_path: Path, messages: list[tuple[str, str, datetime, str]]) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS, messages)])
    return ws


def _current(ws: Workspace, metric: str) -> float:
    summary = api.summary(ws, as_of=AS_OF, period="year")
    return float(summary.filter(pl.col("metric") == metric)["current"].item())


def test_messages_left_unanswered_before_a_pause_count_against_the_reply_rate(
    tmp_path: Path,
) -> None:
    """Only Ada's last message was answered: a reply rate of 1 of 3 for you, in health and in
    the summary alike (the year holds her three turns and Bo's), not 'always answered'."""
    ws = _imported(tmp_path, MESSAGES)
    rate = dict(api.health(ws, as_of=AS_OF).select("full_name", "your_reply_rate").iter_rows())
    assert rate == {"Ada Quarry": 1 / 3, "Bo Reed": 1.0}
    assert _current(ws, "reply_rate") == 2 / 4


def test_a_conversation_reopened_after_a_pause_counts_as_opened(tmp_path: Path) -> None:
    """LinkedIn keeps one thread per person, so 'who opened it' was always its first sender
    (every balance +1 or -1). Ada opened it (you answered), reopened it twice after months; you
    reopened it once: -0.5, in health and in the summary (Bo opened his: -0.6 for the year)."""
    answered = ("t-ada", ">ada-q", at(AS_OF - timedelta(days=199)), "Yes!")
    ws = _imported(tmp_path, [MESSAGES[0], answered, *MESSAGES[1:]])
    balance = dict(
        api.health(ws, as_of=AS_OF).select("full_name", "initiation_balance").iter_rows()
    )
    assert balance == {"Ada Quarry": -0.5, "Bo Reed": -1.0}
    assert _current(ws, "initiation_balance") == pytest.approx(-0.6)
