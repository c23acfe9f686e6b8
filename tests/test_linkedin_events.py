"""LinkedIn's Events.csv: read in every form, stored once, and the people met there followed up."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from clirun import netbook
from netbook import SchemaError, store
from netbook.rituals import events as ev
from netbook.sources.linkedin import LinkedInSource
from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
HEADER = "Event Name,Event Time,Status,External Url\n"
OWNER = "https://www.linkedin.com/in/owner-example"
MEETUP = '"Berlin Data Meetup","Nov 10, 2026 6:30 PM - Nov 10, 2026 9:00 PM",Attended,'
WEBINAR = '"Webinar: Pipelines","Oct 1, 2026 12:00 PM - Oct 1, 2026 1:00 PM",Attended,'
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Example,https://www.linkedin.com/in/ada-example,,Lumen,Engineer,10 Nov 2026\n"
    "Ben,Sample,https://www.linkedin.com/in/ben-sample,,Lumen,Engineer,12 Nov 2026\n"
    "Cat,Sample,https://www.linkedin.com/in/cat-sample,,Lumen,Engineer,13 Nov 2026\n"
    "Dan,Sample,https://www.linkedin.com/in/dan-sample,,Lumen,Engineer,09 Nov 2026\n"
)
"""Connected on the meetup's day (Ada), 2 days after (Ben), 3 days after (Cat), the day before."""
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Eve Sample,Owner Example,"11/11/26, 9:00 AM",,INCOMING,'
    f"https://www.linkedin.com/in/eve-sample,{OWNER}\n"
    'Owner Example,Fay Sample,"11/11/26, 9:00 AM",,OUTGOING,'
    f"{OWNER},https://www.linkedin.com/in/fay-sample\n"
)
"""The day after the meetup, Eve invited you and you invited Fay (itself a follow-up)."""
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER\n"
    f"2-AAAA==,,Owner Example,{OWNER},Ada Example,https://www.linkedin.com/in/ada-example,"
    "2026-11-11 10:00:00 UTC,,Great to meet you yesterday.,INBOX\n"
)
"""You wrote to Ada the day after the meetup."""


def event_id(name: str, start: str) -> str:
    return hashlib.md5(f"linkedin\x1f{name}\x1f{start}".encode()).hexdigest()[:16]


def write_export(
    folder: Path, events: str, *, encoding: str = "utf-8", people: bool = False
) -> Path:
    """An export folder with Events.csv (``events`` after the header) and, with ``people``, the
    connections, invitations and messages around the meetup."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Events.csv").write_bytes((HEADER + events).encode(encoding))
    if people:
        (folder / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
        (folder / "Invitations.csv").write_text(INVITATIONS, encoding="utf-8")
        (folder / "messages.csv").write_text(MESSAGES, encoding="utf-8")
    return folder


def workspace(root: Path, extra: str = "") -> Workspace:
    root.mkdir(parents=True)
    (root / "netbook.toml").write_text(
        f'[time]\nzone = "Europe/Berlin"\n[owner]\nname = "Owner Example"\n'
        f'profile_url = "{OWNER}"\n{extra}',
        encoding="utf-8",
    )
    return Workspace(root)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_every_time_form_and_encoding(tmp_path: Path, encoding: str) -> None:
    rows = [
        '"Café Meetup","Sep 5, 2022 12:00 PM - Sep 5, 2022 12:30 PM",Attended,https://e.example/1',
        'Single time,"Oct 7, 2023 9:00 AM",Registered,',
        'No time,"",Attended,',
        'Full month,"March 3, 2024 6:30 PM - March 3, 2024 8:00 PM",Attended,',
        'Two days,"Apr 08, 2024 07:00 AM - Apr 09, 2024 05:00 PM",Attended,',
        'Day only,"May 1, 2025",Attended,',
        'Clock,"Jun 2, 2025 18:00 \u2013 19:00",Attended,',
    ]
    loaded = LinkedInSource().load(
        write_export(tmp_path / "x", "\n".join(rows) + "\n", encoding=encoding)
    )
    assert loaded.failures.is_empty()
    assert loaded.noise.rows() == [("Events.csv", "no time", 1)]
    assert loaded.events.select("name", "held_on").rows() == [
        ("Café Meetup", date(2022, 9, 5)),
        ("Single time", date(2023, 10, 7)),
        ("Full month", date(2024, 3, 3)),
        ("Two days", date(2024, 4, 8)),
        ("Day only", date(2025, 5, 1)),
        ("Clock", date(2025, 6, 2)),
    ]
    assert loaded.events["event_id"][0] == event_id("Café Meetup", "2022-09-05 12:00")
    assert loaded.events["event_id"][4] == event_id("Day only", "2025-05-01 00:00")
    (file,) = loaded.files.filter(pl.col("file") == "Events.csv").iter_rows(named=True)
    assert (file["kind"], file["status"], file["rows"], file["kept"], file["noise"]) == (
        "events",
        "read",
        7,
        6,
        1,
    )


def test_a_bad_row_names_file_and_line_and_the_others_are_imported(tmp_path: Path) -> None:
    rows = [MEETUP, 'Broken,"next tuesday",Attended,', WEBINAR, ',"Oct 2, 2026 1:00 PM",Attended,']
    path = write_export(tmp_path / "x", "\n".join(rows) + "\n")
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([path], source="linkedin")
    assert result.loaded.failures.rows() == [
        (
            "Events.csv",
            3,
            "event time",
            "unreadable event time 'next tuesday': expected a time like "
            "'Sep 5, 2022 12:00 PM - Sep 5, 2022 12:30 PM'",
        )
    ]
    assert result.loaded.noise.rows() == [("Events.csv", "missing name", 1)]
    assert result.written.events_added == 2
    assert sorted(ws.table("events")["name"]) == ["Berlin Data Meetup", "Webinar: Pipelines"]
    assert ws.table("failures").select("file", "line").rows() == [("Events.csv", 3)]
    with pytest.raises(SchemaError, match=r"Events.csv:3: unreadable event time"):
        workspace(tmp_path / "strict").import_paths([path], source="linkedin", strict=True)


def test_statuses_are_kept_and_only_events_you_went_to_count(tmp_path: Path) -> None:
    statuses = ["Attended", "REGISTERED", "", "Interested", "RELINQUISHED", "NOT_ATTENDING"]
    rows = [f'E{i},"Nov {i + 1}, 2026 6:00 PM",{s},' for i, s in enumerate(statuses)]
    ws = workspace(tmp_path / "ws")
    ws.import_paths([write_export(tmp_path / "x", "\n".join(rows) + "\n")], source="linkedin")
    stored = ws.table("events").sort("name")
    assert stored.select("name", "source", "status").rows() == [
        ("E0", "linkedin", "attended"),
        ("E1", "linkedin", "registered"),
        ("E2", "linkedin", None),
        ("E3", "linkedin", "interested"),
        ("E4", "linkedin", "relinquished"),
        ("E5", "linkedin", "not attending"),
    ]
    # Nobody was met at any of them, but the ones you went to are still listed.
    assert ev.met(ws).select("event", "person_id").rows() == [
        ("E0", None),
        ("E1", None),
        ("E2", None),
    ]


def test_reimport_adds_nothing_and_a_later_status_wins(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ev_path = write_export(tmp_path / "x", f"{MEETUP}\n{WEBINAR}\n", people=True)
    first, again = ws.import_paths([ev_path, ev_path], source="linkedin")
    assert (first.written.events_added, again.written.events_added) == (2, 0)
    ev.add_event(ws, "Dinner", on=date(2026, 11, 12), met=["Ada"])
    before = ws.table("events").sort("event_id")
    assert before.height == 3
    meetup = event_id("Berlin Data Meetup", "2026-11-10 18:30")
    assert meetup in before["event_id"].to_list()
    # A later export: the webinar now says relinquished, the meetup is gone from the file.
    later = write_export(tmp_path / "y", WEBINAR.replace("Attended", "Relinquished") + "\n")
    (result,) = ws.import_paths([later], source="linkedin")
    assert result.written.events_added == 0
    after = ws.table("events").sort("event_id")
    assert (
        after.select("event_id", "name", "source").rows()
        == before.select("event_id", "name", "source").rows()
    )
    assert dict(after.select("name", "status").rows()) == {
        "Berlin Data Meetup": "attended",
        "Webinar: Pipelines": "relinquished",
        "Dinner": None,
    }


def test_a_failed_import_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([write_export(tmp_path / "x", f"{MEETUP}\n")], source="linkedin")
    before = ws.table("events")

    def broken(connection: duckdb.DuckDBPyConnection) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.identity, "resolve", broken)
    later = write_export(tmp_path / "y", f"{WEBINAR}\n{MEETUP.replace('Attended', 'Interested')}\n")
    with pytest.raises(RuntimeError, match="disk full"):
        ws.import_paths([later], source="linkedin")
    assert ws.table("events").equals(before)
    assert ws.table("imports").height == 1


@pytest.mark.parametrize(
    ("window", "met"),
    [
        (None, ["Ada", "Ben", "Eve", "Fay"]),  # the default, 2 days
        (3, ["Ada", "Ben", "Cat", "Eve", "Fay"]),
        (0, ["Ada"]),
    ],
)
def test_whom_you_met_is_inferred_within_the_window(
    tmp_path: Path, window: int | None, met: list[str]
) -> None:
    extra = "" if window is None else f"[rituals]\nmet_window_days = {window}\n"
    ws = workspace(tmp_path / "ws", extra)
    ws.import_paths([write_export(tmp_path / "x", f"{MEETUP}\n", people=True)], source="linkedin")
    names = ws.people().select("person_id", pl.col("full_name").str.split(" ").list.first())
    found = ev.met(ws).join(names.collect(), on="person_id", how="left")
    assert found["full_name"].sort().to_list() == met
    assert set(found["source"]) == {"linkedin"}


def test_people_met_are_owed_follow_ups(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    export = write_export(tmp_path / "x", f"{MEETUP}\n{WEBINAR}\n", people=True)
    ws.import_paths([export], source="linkedin")
    frame = ev.follow_ups(ws, date(2026, 11, 20))
    assert frame.select("event", "person", "followed_up_on", "status").rows() == [
        ("Berlin Data Meetup", "Ada Example", date(2026, 11, 11), "done"),
        ("Berlin Data Meetup", "Ben Sample", None, "overdue"),
        ("Berlin Data Meetup", "Eve Sample", None, "overdue"),
        ("Berlin Data Meetup", "Fay Sample", date(2026, 11, 11), "done"),
        ("Webinar: Pipelines", None, None, None),
    ]
    assert frame["why"][1] == (
        "met at Berlin Data Meetup on 2026-11-10: follow up by 2026-11-13 (7 days overdue)"
    )
    assert frame["why"][4] == "went to Webinar: Pipelines on 2026-10-01: nobody met is known"
    # Before the due day nothing is overdue yet.
    early = ev.follow_ups(ws, date(2026, 11, 12))
    assert early["status"].to_list() == ["done", "open", "open", "done", None]
    listed = netbook("event", "list", "--as-of", "2026-11-20", "-f", "json", "-w", str(ws.root))
    assert listed.returncode == 0, listed.stderr
    counts = [
        (e["event"], e["source"], e["people"], e["done"], e["overdue"])
        for e in json.loads(listed.stdout)
    ]
    assert counts == [
        ("Berlin Data Meetup", "linkedin", 4, 2, 2),
        ("Webinar: Pipelines", "linkedin", 0, 0, 0),
    ]
    owed = netbook("event", "follow-ups", "--as-of", "2026-11-20", "-w", str(ws.root), columns=200)
    assert owed.returncode == 0, owed.stderr
    assert "Ben Sample" in owed.stdout and "Ada Example" not in owed.stdout


OLD_EVENTS = """CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, name VARCHAR, held_on DATE, source VARCHAR,
    created_at TIMESTAMPTZ);"""


def test_a_store_from_before_events_were_imported(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    old = store.DDL.split("CREATE TABLE IF NOT EXISTS events (")[0]
    old += (
        OLD_EVENTS + store.DDL.split("ALTER TABLE events ADD COLUMN IF NOT EXISTS url VARCHAR;")[1]
    )
    assert "ALTER TABLE events" not in old and "created_at TIMESTAMPTZ);" in old
    with duckdb.connect(str(ws.database)) as connection:
        connection.execute(old)
        connection.execute(
            "INSERT INTO events VALUES ('e1', 'Dinner', DATE '2026-11-05', 'user', now())"
        )
        connection.execute("INSERT INTO event_people VALUES ('e1', 'p1', 'user')")
    # Read as it is (no write has added the new columns yet).
    assert ev.met(ws).select("event", "person_id").rows() == [("Dinner", "p1")]
    assert ev.follow_ups(ws, date(2026, 11, 20))["status"].to_list() == ["overdue"]
    # The first import adds the columns and the events; the recorded one stays as it was.
    ws.import_paths([write_export(tmp_path / "x", f"{MEETUP}\n")], source="linkedin")
    stored = ws.table("events").sort("held_on")
    assert stored.select("event_id", "name", "source", "status").rows() == [
        ("e1", "Dinner", "user", None),
        (
            event_id("Berlin Data Meetup", "2026-11-10 18:30"),
            "Berlin Data Meetup",
            "linkedin",
            "attended",
        ),
    ]
    assert ev.met(ws).select("event", "person_id").rows() == [
        ("Dinner", "p1"),
        ("Berlin Data Meetup", None),
    ]


def test_a_lone_events_csv_is_linkedins_only_with_its_header(tmp_path: Path) -> None:
    ours = tmp_path / "a" / "Events.csv"
    theirs = tmp_path / "b" / "events.csv"
    write_export(ours.parent, f"{MEETUP}\n")
    theirs.parent.mkdir()
    theirs.write_text("Name,Email,Date\nAda,ada@example.com,2026-11-10\n", encoding="utf-8")
    assert LinkedInSource().detect(ours)
    assert not LinkedInSource().detect(theirs)
    assert LinkedInSource().load(ours).events["name"].to_list() == ["Berlin Data Meetup"]


def test_the_bundled_sample_has_an_event_with_follow_ups_in_time_and_not(
    sample_ws: Workspace,
) -> None:
    ws = sample_ws
    frame = ev.follow_ups(ws, date(2026, 11, 16)).filter(pl.col("source") == "linkedin")
    per_event = ev.summarise(frame.lazy()).collect()
    missed = pl.col("late") + pl.col("overdue") + pl.col("open")  # late: after the due day
    mixed = per_event.filter((pl.col("done") > 0) & (missed > 0))
    assert mixed.height >= 1
    assert (mixed["held_on"] >= date(2026, 11, 2)).any()  # in the two weeks before the export
    assert (per_event["people"] == 0).any()  # a webinar where you connected with nobody
    stored = ws.table("events")
    assert set(stored["status"]) == {"attended", "registered", "interested"}
    assert stored["held_on"].max() > date(2026, 11, 16)  # one still to come
