"""Events and follow-ups: recorded events, one-off group meetings from calendars, statuses, rates."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import userdata
from netbook.errors import NetbookError
from netbook.rituals import events as ev
from netbook.userdata import AmbiguousPersonError, PersonNotFoundError
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
ADA, GRACE, ZOE = "Ada Example, PhD", "Grace Sample, MBA", "Zoë Sample"


def workspace(root: Path, extra: str = "") -> Workspace:
    ws = Workspace(root)
    root.mkdir(parents=True)
    ws.settings_path.write_text(f'[time]\nzone = "Europe/Berlin"\n{extra}', encoding="utf-8")
    return ws


@pytest.fixture
def ws(berlin_ws: Workspace) -> Workspace:
    """Ada, Zoë and Grace; three events and the touches after them."""
    ws = berlin_ws
    ev.add_event(ws, "Berlin Meetup", on=date(2026, 11, 12), met=["Ada", "Zoë", "Grace"])
    ev.add_event(ws, "Team dinner", on=date(2026, 11, 5), met=["Ada"])
    ev.add_event(ws, "Old conference", on=date(2026, 10, 1), met=["Zoë"])
    log = userdata.log_touch
    log(ws, "Ada", channel="call", on=date(2026, 11, 6))  # the dinner's follow-up, 1 day
    log(ws, "Ada", channel="message", on=date(2026, 11, 14))  # the meetup's, 2 days
    log(ws, "Zoë", channel="message", on=date(2026, 11, 12))  # on the day itself: not one
    log(ws, "Grace", channel="call", on=date(2026, 11, 16), direction="inbound")  # 1 day late
    return ws


def rows(ws: Workspace, as_of: date) -> list[tuple[object, ...]]:
    frame = ev.follow_ups(ws, as_of)
    assert frame.columns == list(ev.COLUMNS)
    return frame.select("event", "person", "followed_up_on", "latency_days", "status").rows()


def test_follow_ups_done_late_overdue_and_open(ws: Workspace) -> None:
    frame = ev.follow_ups(ws, date(2026, 11, 17))
    # A touch after the due day ends what is owed, as a late follow-up; Zoë's message of the
    # meetup's day, six weeks after the old conference, is no follow-up of it.
    assert frame.select("event", "person", "due_by", "followed_up_on", "status").rows() == [
        ("Berlin Meetup", ADA, date(2026, 11, 15), date(2026, 11, 14), "done"),
        ("Berlin Meetup", GRACE, date(2026, 11, 15), date(2026, 11, 16), "late"),
        ("Berlin Meetup", ZOE, date(2026, 11, 15), None, "overdue"),
        ("Team dinner", ADA, date(2026, 11, 8), date(2026, 11, 6), "done"),
        ("Old conference", ZOE, date(2026, 10, 4), None, "missed"),
    ]
    assert frame["why"].to_list() == [
        "met at Berlin Meetup on 2026-11-12: followed up on 2026-11-14",
        "met at Berlin Meetup on 2026-11-12: followed up on 2026-11-16 (1 day late)",
        "met at Berlin Meetup on 2026-11-12: follow up by 2026-11-15 (2 days overdue)",
        "met at Team dinner on 2026-11-05: followed up on 2026-11-06",
        "met at Old conference on 2026-10-01: not followed up (it was due by 2026-10-04; after 30 "
        "days, no longer owed)",
    ]
    assert frame["latency_days"].to_list() == [2, 4, None, 1, None]
    # Only Zoë is still owed a follow-up (the old conference's is stale).
    owed = ev.owed_follow_ups(ws, date(2026, 11, 17))
    assert owed.select("event", "person").rows() == [("Berlin Meetup", ZOE)]
    assert set(frame["source"]) == {"user"}


def test_a_back_dated_as_of_sees_neither_later_events_nor_later_touches(ws: Workspace) -> None:
    # On the 13th Ada's message of the 14th has not happened: every meetup follow-up is open.
    assert rows(ws, date(2026, 11, 13))[:3] == [
        ("Berlin Meetup", ADA, None, None, "open"),
        ("Berlin Meetup", GRACE, None, None, "open"),
        ("Berlin Meetup", ZOE, None, None, "open"),
    ]
    assert ev.follow_ups(ws, date(2026, 11, 13))["why"][0] == (
        "met at Berlin Meetup on 2026-11-12: follow up by 2026-11-15"
    )
    # The due day itself is still open; the day after is 1 day overdue.
    assert [r[4] for r in rows(ws, date(2026, 11, 15))[:3]] == ["done", "open", "open"]
    assert ev.follow_ups(ws, date(2026, 11, 16))["why"][2].endswith("(1 day overdue)")
    assert [r[4] for r in rows(ws, date(2026, 11, 11))][1] == "missed"  # Zoë's, before the 12th
    # Owed (overdue) for 30 days after the event, then missed: no longer owed.
    assert [r[4] for r in rows(ws, date(2026, 10, 31))][-1] == "overdue"
    assert [r[4] for r in rows(ws, date(2026, 11, 1))][-1] == "missed"
    assert [r[0] for r in rows(ws, date(2026, 11, 11))] == ["Team dinner", "Old conference"]
    assert ev.follow_ups(ws, date(2026, 9, 30)).is_empty()


def test_follow_up_stats_per_event_and_period(ws: Workspace) -> None:
    stats = ev.follow_up_stats(ws, date(2026, 11, 17), "month")
    assert stats.columns == list(ev.STATS_COLUMNS)
    assert stats.select(
        "scope", "event", "people", "done", "late", "overdue", "open", "rate", "median_latency_days"
    ).rows() == [
        ("event", "Team dinner", 1, 1, 0, 0, 0, 1.0, 1.0),
        # Grace's late follow-up is no follow-up in time: the rate stays 1 of 3.
        ("event", "Berlin Meetup", 3, 1, 1, 1, 0, pytest.approx(1 / 3), 3.0),
        ("period", None, 4, 2, 1, 1, 0, 0.5, 2.0),
    ]
    assert stats["period_start"].unique().to_list() == [date(2026, 10, 18)]
    # Open follow-ups are not decided yet: on the 13th only the dinner's counts.
    early = ev.follow_up_stats(ws, date(2026, 11, 13), "month").row(-1, named=True)
    assert (early["people"], early["done"], early["open"], early["rate"]) == (4, 1, 3, 1.0)
    # A week without events has a period row with no rate.
    empty = ev.follow_up_stats(ws, date(2026, 9, 20), "week")
    assert empty.select("scope", "people", "rate").rows() == [("period", 0, None)]


def test_which_touches_follow_up() -> None:
    met = pl.LazyFrame(
        {"event": ["E"] * 6, "held_on": [date(2026, 11, 12)] * 6, "person_id": list("abcdef")}
    )
    at = datetime(2026, 11, 13, 12, tzinfo=UTC)
    touches = pl.LazyFrame(
        {
            "person_id": list("abcdef"),
            "occurred_at": [at] * 6,
            "channel": ["message", "message", "note", "meeting", "meeting", "meeting"],
            "direction": ["inbound", "outbound", "inbound", "mutual", "outbound", "outbound"],
            "source": ["linkedin", "linkedin", "log", "calendar", "calendar", "calendar"],
            "is_group": [False, True, False, False, True, True],
            "weight": [1.0, 0.5, 1.0, 1.0, 0.5, 0.25],  # a meeting's: 1 / its others
        }
    )
    status = ev.follow_up_status(met, touches, date(2026, 11, 13), days=3, time_zone="UTC")
    # An imported inbound message, an outbound group message, a meeting someone else set up and
    # a meeting of five you set up are not yours to count; anything you logged is, and so is a
    # meeting of three you set up.
    assert status.select("person_id", "status").collect().rows() == [
        ("a", "open"),
        ("b", "open"),
        ("c", "done"),
        ("d", "open"),
        ("e", "done"),
        ("f", "open"),
    ]


def test_an_unknown_or_ambiguous_person_stores_nothing(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([MINI], source="linkedin")
    with pytest.raises(AmbiguousPersonError, match="'a' matches 3 people"):
        ev.add_event(ws, "Meetup", on=date(2026, 11, 12), met=["Ada", "a"])
    with pytest.raises(PersonNotFoundError):
        ev.add_event(ws, "Meetup", on=date(2026, 11, 12), met=["Nobody Atall"])
    with pytest.raises(NetbookError, match="needs a name"):
        ev.add_event(ws, "  ", on=date(2026, 11, 12), met=["Ada"])
    assert ws.table("events").is_empty() and ws.table("event_people").is_empty()
    result = netbook(
        *("event", "add", "Meetup", "--on", "2026-11-12", "--met", "Ada", "--met", "e"),
        *("-w", str(ws.root)),
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: 'e' matches ") and result.stderr.count("\n") == 1
    assert ws.table("events").is_empty() and ws.table("event_people").is_empty()
    # Naming someone twice records them once.
    event = ev.add_event(ws, "Meetup", on=date(2026, 11, 12), met=["Ada", "ada example"])
    assert len(event.people) == 1 and ws.table("event_people").height == 1


def test_cli_event_add_list_and_follow_ups(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([MINI], source="linkedin")
    where = ("-w", str(ws.root))
    added = netbook(
        *("event", "add", "Berlin Meetup", "--on", "2026-11-12", "--met", "Ada"),
        *("--met", "Grace", *where),
    )
    assert added.returncode == 0, added.stderr
    assert "Recorded Berlin Meetup on 2026-11-12" in added.stdout
    assert "follow up within 3 days" in added.stdout
    userdata.log_touch(ws, "Ada", channel="message", on=date(2026, 11, 13))
    listed = netbook("event", "list", "--as-of", "2026-11-20", "-f", "json", *where)
    assert listed.returncode == 0, listed.stderr
    (event,) = json.loads(listed.stdout)
    assert (event["event"], event["people"], event["done"], event["overdue"]) == (
        "Berlin Meetup",
        2,
        1,
        1,
    )
    assert event["met"] == f"{ADA}; {GRACE}"
    assert event["rate"] == 0.5
    table = netbook("event", "list", "--as-of", "2026-11-20", *where, columns=200)
    assert "Berlin Meetup" in table.stdout and "50%" in table.stdout  # the follow-up rate
    owed = netbook("event", "follow-ups", "--as-of", "2026-11-20", *where, columns=200)
    assert owed.returncode == 0, owed.stderr
    assert "follow up by 2026-11-15 (5 days overdue)" in owed.stdout and ADA not in owed.stdout
    everyone = netbook("event", "follow-ups", "--all", "--as-of", "2026-11-20", *where)
    assert ADA in everyone.stdout
    # A month and more after the event, the follow-up is stale: no longer owed, told, listed.
    stale = netbook("event", "follow-ups", "--as-of", "2026-12-20", *where, columns=200)
    assert stale.stdout == "No follow-ups owed.\n"
    assert "1 older follow-up (events over 30 days ago): no longer owed" in stale.stderr
    stale_all = netbook("event", "follow-ups", "--all", "--as-of", "2026-12-20", *where)
    assert GRACE in stale_all.stdout and ADA in stale_all.stdout


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//netbook tests//constructed//EN
{events}END:VCALENDAR
"""


def vevent(uid: str, start: str, people: list[str], extra: str = "") -> str:
    attendees = "".join(
        f"ATTENDEE;PARTSTAT=ACCEPTED;CN={p.title()} Test:mailto:{p}@example.com\n" for p in people
    )
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20261201T000000Z\nDTSTART:{start}\n"
        f"DTEND:{start[:-3]}59Z\nSUMMARY:Meetup prep\n"
        f"ORGANIZER:mailto:owner@example.com\n{extra}{attendees}END:VEVENT\n"
    )


@pytest.fixture
def calendar(tmp_path: Path) -> Path:
    crowd = [f"guest{i:02d}" for i in range(13)]
    events = "".join(
        [
            vevent("meetup@example.com", "20261112T170000Z", ["ann", "ben", "cat"]),
            vevent(
                "weekly@example.com",
                "20261102T090000Z",
                ["ann", "ben"],
                "RRULE:FREQ=WEEKLY;COUNT=2\n",
            ),
            vevent("one@example.com", "20261113T090000Z", ["ann"]),
            vevent("allhands@example.com", "20261110T090000Z", crowd),
        ]
    )
    path = tmp_path / "work.ics"
    path.write_text(ICS.format(events=events).replace("\n", "\r\n"), encoding="utf-8")
    return path


def test_one_off_group_meetings_of_the_calendar_are_events(tmp_path: Path, calendar: Path) -> None:
    ws = workspace(tmp_path / "ws", '[owner]\nemails = ["owner@example.com"]\n')
    ws.import_paths([calendar], source="calendar")
    userdata.log_touch(ws, "cat@example.com", channel="call", on=date(2026, 11, 14))
    met = ev.met(ws)
    # Not the weekly series, not the 1:1, not the all-hands with 13 others; named by its title.
    key = "calendar\x1fmeetup@example.com\x1f2026-11-12"
    assert met.select("event", "source", "held_on").unique().rows() == [
        ("Meetup prep", "calendar", date(2026, 11, 12))
    ]
    assert met["event_id"].unique().to_list() == [hashlib.md5(key.encode()).hexdigest()[:16]]
    frame = ev.follow_ups(ws, date(2026, 11, 20))
    # The 1:1 meeting you set up with Ann the next day is a follow-up.
    assert frame.select("person", "followed_up_on", "status").rows() == [
        ("Ann Test", date(2026, 11, 13), "done"),
        ("Ben Test", None, "overdue"),
        ("Cat Test", date(2026, 11, 14), "done"),
    ]
    assert frame["why"][1] == (
        "met at Meetup prep on 2026-11-12: follow up by 2026-11-15 (5 days overdue)"
    )


@pytest.mark.parametrize(("most", "events"), [(0, []), (13, ["allhands", "meetup"])])
def test_calendar_max_people(tmp_path: Path, calendar: Path, most: int, events: list[str]) -> None:
    ws = workspace(
        tmp_path / "ws",
        f'[owner]\nemails = ["owner@example.com"]\n[rituals]\ncalendar_max_people = {most}\n',
    )
    ws.import_paths([calendar], source="calendar")
    held = ev.met(ws).select("held_on").unique().sort("held_on")["held_on"].to_list()
    expected = {"allhands": date(2026, 11, 10), "meetup": date(2026, 11, 12)}
    assert held == [expected[e] for e in events]


def test_follow_up_days_setting(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", "[rituals]\nfollow_up_days = 7\n")
    ws.import_paths([MINI], source="linkedin")
    ev.add_event(ws, "Meetup", on=date(2026, 11, 12), met=["Grace"])
    userdata.log_touch(ws, "Grace", channel="message", on=date(2026, 11, 19))
    assert rows(ws, date(2026, 11, 30)) == [("Meetup", GRACE, date(2026, 11, 19), 7, "done")]


def test_recording_an_event_again_adds_only_the_people_not_yet_met(berlin_ws: Workspace) -> None:
    """The same event (any case) on the same day is one event: nobody is counted twice."""
    ws = berlin_ws
    first = ev.add_event(ws, "Winter Meetup", on=date(2026, 11, 20), met=["Ada", "Zoë"])
    again = ev.add_event(ws, "winter  meetup", on=date(2026, 11, 20), met=["Zoë", "Grace"])
    assert again.event_id == first.event_id
    frame = ev.follow_ups(ws, date(2026, 11, 21))
    assert sorted(frame["person"].to_list()) == sorted([ADA, GRACE, ZOE])
    other_day = ev.add_event(ws, "Winter Meetup", on=date(2026, 11, 27), met=["Ada"])
    assert other_day.event_id != first.event_id


def test_meeting_someone_at_an_event_is_contact_on_its_day_not_its_follow_up(
    tmp_path: Path,
) -> None:
    """A recorded event is a touch with each person met (README: an event is contact)."""
    from netbook import api

    ws = workspace(tmp_path / "ws")
    ws.import_paths([MINI], source="linkedin")
    before = api.health(ws, as_of=date(2026, 11, 20)).filter(pl.col("full_name") == GRACE)
    assert before["last_contact_at"].item() is None or (
        before["last_contact_at"].item().date() < date(2026, 11, 12)
    )
    where = ("-w", str(ws.root))
    added = netbook("event", "add", "Berlin Meetup", "--on", "2026-11-12", "--met", "Grace", *where)
    assert added.returncode == 0, added.stderr
    assert "(a touch each, in `netbook log list`)" in added.stdout
    # Recorded again with Grace: one touch, not two, and it says so.
    again = netbook("event", "add", "berlin meetup", "--on", "2026-11-12", "--met", "Grace", *where)
    assert "(each already recorded: no new touch)" in again.stdout
    after = api.health(ws, as_of=date(2026, 11, 20)).filter(pl.col("full_name") == GRACE)
    assert after["last_contact_at"].item().astimezone(UTC).date() == date(2026, 11, 12)
    assert after["days_since_contact"].item() == 8
    # The touch is in the log, where it can be undone; it is no follow-up of the event itself.
    log = userdata.log_entries(ws)
    assert log.select("full_name", "channel", "note").rows() == [
        (GRACE, "event", "met at Berlin Meetup")
    ]
    assert rows(ws, date(2026, 11, 20)) == [("Berlin Meetup", GRACE, None, None, "overdue")]
    # A back-dated health does not see it; an event after today is refused, nothing stored.
    earlier = api.health(ws, as_of=date(2026, 11, 11)).filter(pl.col("full_name") == GRACE)
    assert earlier["last_contact_at"].item() == before["last_contact_at"].item()
    future = netbook("event", "add", "Next year", "--on", "2099-01-01", "--met", "Grace", *where)
    assert future.returncode != 0
    assert "--on 2099-01-01 is after today" in future.stderr
    assert userdata.log_entries(ws).height == 1
