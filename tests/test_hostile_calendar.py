"""Calendars that never end: bounded dates, rates and occurrence counts, each counted with a reason."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace
from netbook.sources.calendar import bounds as calendar_bounds
from netbook.sources.calendar import meetings as calendar_meetings

OWNER = "owner@example.com"


def event(uid: str, start: str, rule: str = "", stamp: str = "20260101T000000Z") -> str:
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:{stamp}\nDTSTART:{start}\nDURATION:PT30M\n"
        f"SUMMARY:Sync\n{rule}ORGANIZER:mailto:{OWNER}\n"
        f"ATTENDEE;CN=Ada:mailto:ada@example.com\nEND:VEVENT\n"
    )


def write(folder: Path, *events: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "calendar.ics"
    body = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//netbook tests//EN\n"
    path.write_text(body + "".join(events) + "END:VCALENDAR\n", encoding="utf-8")
    return path


def imported(tmp_path: Path, *events: str) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.settings_path.parent.mkdir(parents=True, exist_ok=True)
    ws.settings_path.write_text(f'[owner]\nemails = ["{OWNER}"]\n', encoding="utf-8")
    ws.import_paths([write(tmp_path / "in", *events)], source="calendar")
    return ws


def noise(ws: Workspace) -> dict[str, int]:
    frame = ws.table("import_noise")
    return dict(zip(frame["reason"].to_list(), frame["rows"].to_list(), strict=True))


def test_a_rule_of_1440_events_a_day_finishes_quickly(tmp_path: Path) -> None:
    hours = ",".join(str(h) for h in range(24))
    minutes = ",".join(str(m) for m in range(60))
    rule = f"RRULE:FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes}\n"
    started = time.monotonic()
    ws = imported(
        tmp_path, event("bomb", "20200101T000000Z", rule), event("one", "20250301T100000Z")
    )
    assert time.monotonic() - started < 20
    assert noise(ws) == {calendar_bounds.TOO_FREQUENT: 1}
    assert ws.table("interactions").height == 1


def test_a_series_over_its_cap_is_noise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_meetings, "SERIES_CAP", 200)  # 5,000 takes seconds to reach
    rule = "RRULE:FREQ=DAILY;BYHOUR=8,9,10,11,12,13\n"  # six a day: 21,900 in ten years
    ws = imported(tmp_path, event("busy", "20160101T080000Z", rule))
    assert noise(ws) == {calendar_bounds.TOO_MANY: 1}
    assert ws.table("interactions").height == 0


def test_a_file_stops_at_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_meetings, "FILE_CAP", 60)
    weekly = "RRULE:FREQ=WEEKLY;COUNT=40\n"
    ws = imported(
        tmp_path,
        event("a", "20250101T100000Z", weekly),
        event("b", "20250102T100000Z", weekly),
    )
    assert noise(ws) == {calendar_bounds.FILE_FULL: 1}
    assert ws.table("interactions").height == 40


def test_dates_outside_a_sane_range_are_refused(tmp_path: Path) -> None:
    weekly = "RRULE:FREQ=WEEKLY\n"
    ws = imported(
        tmp_path,
        event("future", "99991231T100000Z"),
        event("ancient", "19000105T100000Z", weekly),
        event("stamped", "20250106T100000Z", weekly, stamp="99991231T000000Z"),
    )
    failures = ws.table("failures").sort("line")
    assert failures["column"].to_list() == ["DTSTART", "DTSTART"]
    assert failures["reason"].str.contains("not a meeting date").all()
    at = ws.interactions().collect()["occurred_at"]
    assert at.min() == datetime(2025, 1, 6, 10, tzinfo=UTC)
    assert at.max().date() <= calendar_bounds.latest_start().date()  # type: ignore[union-attr]
    assert at.max().year < 9989  # type: ignore[union-attr]
    assert ws.table("interactions").height == at.len()
    assert pl.Series(at).dt.year().max() <= date.today().year + 3  # type: ignore[operator]
