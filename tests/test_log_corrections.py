"""Correcting what you recorded: today by default, no future by accident, list and undo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import api, userdata
from netbook.errors import NetbookError
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"


@pytest.fixture
def ws(berlin_ws: Workspace) -> Workspace:
    return berlin_ws


def test_on_defaults_to_today_and_the_future_needs_future(ws: Workspace) -> None:
    today = api.today(ws)
    result = netbook("log", "Ada Example", "-c", "Call", "-w", str(ws.root))  # any case
    assert result.returncode == 0, result.stderr
    assert f"Logged call with Ada Example, PhD on {today}" in result.stdout
    assert ws.table("log")["channel"].to_list() == ["call"]
    later = (today + timedelta(days=1)).isoformat()
    refused = netbook("log", "Ada Example", "-c", "call", "--on", later, "-w", str(ws.root))
    assert refused.returncode == 2
    assert refused.stderr == (
        f"error: --on {later} is after today ({today}) "
        "(log what happened; add --future to record it anyway)\n"
    )
    assert ws.table("log").height == 1  # nothing changed
    forced = netbook("log", "Ada", "-c", "call", "--on", later, "--future", "-w", str(ws.root))
    assert forced.returncode == 0, forced.stderr
    assert ws.table("log").height == 2
    with pytest.raises(NetbookError, match="after today"):
        userdata.check_not_future(ws, today + timedelta(days=400))
    userdata.check_not_future(ws, today)  # today itself is fine


def test_log_list_and_undo_round_trip(ws: Workspace) -> None:
    kept = userdata.log_touch(ws, "Ada Example", channel="meeting", on=date(2026, 5, 2))
    wrong = userdata.log_touch(ws, "zoe@example.com", channel="call", on=date(2026, 5, 3))
    listed = netbook("log", "list", "-w", str(ws.root))
    assert listed.returncode == 0, listed.stderr
    assert "2 logged touches" in listed.stdout
    assert listed.stdout.index(wrong) < listed.stdout.index(kept)  # newest first, ids whole
    only_ada = netbook("log", "list", "Ada", "-w", str(ws.root))
    assert kept in only_ada.stdout and wrong not in only_ada.stdout

    def zoe_last() -> object:
        health = api.health(ws, as_of=date(2026, 6, 1))
        return health.filter(pl.col("full_name").str.starts_with("Zo"))["last_contact_at"].item()

    assert zoe_last().date() == date(2026, 5, 3)  # type: ignore[attr-defined]
    undone = netbook("log", "undo", wrong, "-w", str(ws.root))
    assert undone.returncode == 0, undone.stderr
    assert f"Removed the call on 2026-05-03 ({wrong})" in undone.stdout
    assert ws.table("log")["entry_id"].to_list() == [kept]
    assert userdata.log_entries(ws)["entry_id"].to_list() == [kept]
    again = netbook("log", "undo", wrong, "-w", str(ws.root))
    assert again.returncode == 2
    assert again.stderr.startswith(f"error: no logged touch has id '{wrong}'; nothing changed")
    assert "netbook log list" in again.stderr
    # The undone call no longer counts: Zoë is back to her imported clock.
    last = zoe_last()
    assert last is None or last.date() != date(2026, 5, 3)  # type: ignore[attr-defined]


def test_a_past_snooze_warns_but_is_kept(ws: Workspace) -> None:
    result = netbook("snooze", "Ada Example", "--until", "2020-01-01", "-w", str(ws.root))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("warning: 2020-01-01 is not after today")
    assert "Ada Example, PhD is snoozed until 2020-01-01" in result.stdout
    later = (api.today(ws) + timedelta(days=30)).isoformat()
    quiet = netbook("snooze", "Ada Example", "--until", later, "-w", str(ws.root))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_undo_last_takes_back_the_touch_logged_last(ws: Workspace) -> None:
    """The README's flow runs as pasted: log, list, `log undo --last`, no id to copy."""
    root = str(ws.root)
    assert netbook("log", "Ada Example", "-c", "call", "-w", root).returncode == 0
    assert (
        netbook("log", "Ada Example", "-c", "meeting", "--note", "oops", "-w", root).returncode == 0
    )
    [kept, wrong] = ws.table("log").sort("logged_at")["entry_id"].to_list()
    undone = netbook("log", "undo", "--last", "-w", root)
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout.startswith("Removed the meeting on ") and f"({wrong})" in undone.stdout
    assert ws.table("log")["entry_id"].to_list() == [kept]
    both = netbook("log", "undo", kept, "--last", "-w", root)
    neither = netbook("log", "undo", "-w", root)
    for refused in (both, neither):
        assert refused.returncode == 2 and refused.stderr == (
            "error: give the id of the touch to remove, or --last (not both) "
            "(see the ids with `netbook log list`)\n"
        )
    assert ws.table("log")["entry_id"].to_list() == [kept]  # nothing changed
    assert netbook("log", "undo", "--last", "-w", root).returncode == 0
    empty = netbook("log", "undo", "--last", "-w", root)
    assert empty.returncode == 2
    assert empty.stderr == "error: nothing logged yet; nothing changed (see `netbook log list`)\n"
