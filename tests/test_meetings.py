"""Meetings stored from calendars: future and recurring ones, moved and cancelled on re-import."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import api
from netbook.workspace import Workspace

DATA = Path(__file__).parent / "data" / "calendar"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def imported(tmp_path: Path, *versions: str) -> Workspace:
    """A workspace that imported each version of the planned-meetings calendar in turn."""
    ws = Workspace(tmp_path / "ws")
    for version in versions:
        shutil.copy(DATA / f"planned_{version}.ics", tmp_path / "calendar.ics")
        ws.import_paths([tmp_path / "calendar.ics"])
    return ws


def stored(ws: Workspace) -> pl.DataFrame:
    emails = ws.identities().filter(pl.col("kind") == "email").select("person_id", "value")
    return (
        ws.table("meetings")
        .explode("attendees")
        .join(emails.collect(), left_on="attendees", right_on="person_id", how="left")
        .group_by("meeting_id", "uid", "recurrence_id", "title", "start_at", "end_at")
        .agg(pl.col("value").sort().alias("emails"))
        .sort("start_at", "uid")
    )


def test_future_recurring_and_one_off_meetings_are_stored(tmp_path: Path) -> None:
    ws = imported(tmp_path, "v1")
    meetings = stored(ws)
    sync = meetings.filter(pl.col("uid") == "team-sync@example.com")
    # Weekly from 1 October, expanded past the export's horizon (10 December) for planning.
    assert sync["start_at"].min() == at("2026-10-01T09:00:00")
    assert sync["start_at"].max() >= at("2027-03-01T00:00:00")
    assert sync["emails"][0].to_list() == ["ada@example.com", "cy@example.com"]
    lunch = meetings.filter(pl.col("uid") == "lunch-bo@example.com").row(0, named=True)
    assert (lunch["title"], lunch["start_at"], lunch["end_at"]) == (
        "Lunch with Bo",
        at("2026-11-18T12:00:00"),
        at("2026-11-18T13:00:00"),
    )
    assert meetings.filter(pl.col("uid") == "pitch-dee@example.com").height == 1


def test_a_reimport_replaces_moved_and_removes_cancelled_meetings(tmp_path: Path) -> None:
    ws = imported(tmp_path, "v1", "v2", "v2")
    meetings = stored(ws)
    assert meetings["meeting_id"].n_unique() == meetings.height == ws.table("meetings").height
    lunch = meetings.filter(pl.col("uid") == "lunch-bo@example.com")
    assert lunch["start_at"].to_list() == [at("2026-11-21T12:00:00")]  # one copy, moved
    moved = meetings.filter(pl.col("recurrence_id") == "20261119T090000Z")
    assert moved.select("title", "start_at").rows() == [
        ("Team sync (moved)", at("2026-11-20T10:00:00"))
    ]
    assert meetings.filter(pl.col("recurrence_id") == "20261126T090000Z").is_empty()
    assert meetings.filter(pl.col("uid") == "pitch-dee@example.com").is_empty()


def test_planned_meetings_are_never_touches_before_they_happen(tmp_path: Path) -> None:
    ws = imported(tmp_path, "v1")
    bo = ws.identities().filter(pl.col("value") == "bo@example.com").collect()["person_id"][0]
    before = api.health(ws, as_of=date(2026, 11, 16)).filter(pl.col("person_id") == bo)
    after = api.health(ws, as_of=date(2026, 11, 19)).filter(pl.col("person_id") == bo)
    assert before.is_empty() or before["touches_365d"][0] == 0
    assert after["touches_365d"][0] > 0


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_meetings_of_other_sources_are_left_alone(tmp_path: Path, version: str) -> None:
    ws = imported(tmp_path, version)
    with ws.connect(write=True) as connection:
        connection.execute(
            "INSERT INTO meetings (meeting_id, uid, title, source) "
            "VALUES ('m', 'lunch-bo@example.com', 'kept', 'other')"
        )
    shutil.copy(DATA / "planned_v2.ics", tmp_path / "calendar.ics")
    ws.import_paths([tmp_path / "calendar.ics"])
    assert ws.table("meetings").filter(pl.col("source") == "other")["title"].to_list() == ["kept"]


def test_a_reimport_moves_and_removes_the_meetings_interactions_too(tmp_path: Path) -> None:
    ws = imported(tmp_path, "v1", "v2")
    (tmp_path / "fresh").mkdir()
    fresh = imported(tmp_path / "fresh", "v2")

    def log(workspace: Workspace) -> list[tuple[str, datetime]]:
        frame = workspace.table("interactions").sort("interaction_id")
        return list(zip(frame["interaction_id"], frame["occurred_at"], strict=True))

    assert log(ws) == log(fresh)  # as if only the newer export had been imported
    stored = ws.table("interactions")
    assert stored.filter(pl.col("thread_id") == "pitch-dee@example.com").is_empty()
    lunch = stored.filter(pl.col("thread_id") == "lunch-bo@example.com")["occurred_at"]
    assert lunch.to_list() == [at("2026-11-21T12:00:00")]
    ws.import_paths([tmp_path / "calendar.ics"])
    assert log(ws) == log(fresh)
