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


def test_messages_left_unanswered_before_a_pause_count_against_the_reply_rate(
    tmp_path: Path,
) -> None:
    """Ada wrote three times, months apart, and only her last message was answered: a reply rate
    of 1 of 3 for you, in health and in the summary alike, not 'always answered'."""
    first = AS_OF - timedelta(days=25)
    connections = [("ada-q", "Ada Quarry", "01 Jan 2024"), ("bo-r", "Bo Reed", "01 Jan 2024")]
    messages = [
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=200)), "Are you going to the meetup?"),
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=100)), "Any news on the role?"),
        ("t-ada", "ada-q", at(first), "Coffee next week?"),
        ("t-ada", ">ada-q", at(first + timedelta(days=1)), "Yes, Tuesday?"),
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=5)), "Following up on the role"),
        ("t-bo", "bo-r", at(first), "Hi! Quick question?"),
        ("t-bo", ">bo-r", at(first, 15), "Sure, ask away"),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", connections, messages)])
    health = api.health(ws, as_of=AS_OF)
    rate = dict(health.select("full_name", "your_reply_rate").iter_rows())
    assert rate == {"Ada Quarry": 1 / 3, "Bo Reed": 1.0}
    # The year holds Ada's three turns (one answered) and Bo's (answered).
    summary = api.summary(ws, as_of=AS_OF, period="year")
    reply = summary.filter(pl.col("metric") == "reply_rate")["current"].item()
    assert reply == 2 / 4


def test_a_conversation_reopened_after_a_pause_counts_as_opened(tmp_path: Path) -> None:
    """LinkedIn keeps one thread per person, so 'who opened it' was always its first sender
    (every balance +1 or -1). Ada opened it, reopened it twice after months; you reopened it
    once: -0.5, in health and in the summary (Bo opened his: -0.6 for the year)."""
    first = AS_OF - timedelta(days=25)
    connections = [("ada-q", "Ada Quarry", "01 Jan 2024"), ("bo-r", "Bo Reed", "01 Jan 2024")]
    messages = [
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=200)), "Are you going to the meetup?"),
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=199)), "Yes!"),
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=100)), "Any news on the role?"),
        ("t-ada", "ada-q", at(first), "Coffee next week?"),
        ("t-ada", ">ada-q", at(first + timedelta(days=1)), "Yes, Tuesday?"),
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=5)), "Following up on the role"),
        ("t-bo", "bo-r", at(first), "Hi! Quick question?"),
        ("t-bo", ">bo-r", at(first, 15), "Sure, ask away"),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", connections, messages)])
    health = api.health(ws, as_of=AS_OF)
    balance = dict(health.select("full_name", "initiation_balance").iter_rows())
    assert balance == {"Ada Quarry": -0.5, "Bo Reed": -1.0}
    summary = api.summary(ws, as_of=AS_OF, period="year")
    opened = summary.filter(pl.col("metric") == "initiation_balance")["current"].item()
    assert opened == pytest.approx(-0.6)
