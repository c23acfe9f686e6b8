"""Dunbar layers on small LinkedIn exports written as real files: who is in your inner circle."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from exports import linkedin_export
from netbook import api
from netbook.workspace import Workspace

AS_OF = date(2026, 11, 16)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_a_daily_chat_is_a_support_tie_and_one_old_exchange_is_not(tmp_path: Path) -> None:
    """Daily contact for two years is one long conversation by its gaps: it is still the closest
    tie. One exchange a year ago ranks high among people who never answered, but is no inner
    circle tie (at most an active one, so it is not '50x overdue' against a weekly cadence)."""
    quiet = [f"quiet-{i}" for i in range(12)]
    connections = [
        ("dana-daily", "Dana Daily", "01 Jan 2024"),
        ("olly-once", "Olly Once", "01 Jan 2024"),
        *((slug, f"Quiet {slug.split('-')[1]}son", "01 Jan 2024") for slug in quiet),
    ]
    messages = []
    for back in range(1, 700):
        day = AS_OF - timedelta(days=back)
        messages += [
            ("t-dana", ">dana-daily", at(day, 9), "Morning!"),
            ("t-dana", "dana-daily", at(day, 10), "Hi"),
        ]
    once = AS_OF - timedelta(days=330)
    messages += [
        ("t-olly", ">olly-once", at(once), "Coffee some time?"),
        ("t-olly", "olly-once", at(once + timedelta(days=1)), "Thanks, not right now."),
    ]
    for n, slug in enumerate(quiet):  # you wrote, they never answered
        messages.append((f"t-{slug}", f">{slug}", at(AS_OF - timedelta(days=20 + n)), "Hello"))
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", connections, messages)])
    health = api.health(ws, as_of=AS_OF)
    layer = dict(health.select("full_name", "layer").iter_rows())
    assert layer["Dana Daily"] == "support"
    assert layer["Olly Once"] == "active"
    assert {layer[f"Quiet {i}son"] for i in range(12)} == {"acquaintance"}
    queue = api.due(ws, as_of=AS_OF)
    assert "Olly Once" not in queue["full_name"].to_list()
