"""The iCalendar source: meetings, recurrences, time zones, noise, owner, failures and re-imports."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import schema
from netbook.errors import SourceError
from netbook.ids import stable_ids
from netbook.sources import OwnerHint
from netbook.sources._base import Loaded
from netbook.sources.calendar import CalendarSource
from netbook.workspace import Workspace

DATA = Path(__file__).parent / "data" / "calendar"
OWNER = OwnerHint(emails=("Owner@Example.com",), time_zone="Europe/Berlin")


def load(name: str, owner: OwnerHint | None = OWNER) -> Loaded:
    return CalendarSource().load(DATA / name, owner=owner)


def meetings(loaded: Loaded) -> pl.DataFrame:
    """Interactions with the attendee's address instead of the person id."""
    emails = loaded.identities.filter(pl.col("kind") == "email").select("person_id", email="value")
    return (
        loaded.interactions.join(emails, on="person_id", how="left")
        .select(
            pl.col("thread_id").cast(pl.String),
            "occurred_at",
            "email",
            pl.col("direction").cast(pl.String),
            "initiated",
            "is_group",
            "weight",
        )
        .sort("occurred_at", "email")
        .collect()
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def of(frame: pl.DataFrame, uid: str) -> pl.DataFrame:
    return frame.filter(pl.col("thread_id") == uid)


def write(folder: Path, events: str, header: str = "") -> Path:
    path = folder / "calendar.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//netbook tests//EN\n"
        + header
        + events
        + "END:VCALENDAR\n"
    )
    return path


# -- one-off meetings, time zones and directions -------------------------------------------


def test_frames_follow_the_canonical_schemas() -> None:
    loaded = load("basic.ics")
    assert loaded.interactions.collect_schema() == schema.INTERACTIONS
    assert loaded.people.collect_schema() == schema.PEOPLE
    assert loaded.identities.collect_schema() == schema.IDENTITIES
    assert loaded.files.schema == schema.FILES
    assert loaded.failures.schema == schema.FAILURES
    assert loaded.noise.schema == schema.NOISE
    assert loaded.observations.collect().is_empty()
    frame = loaded.interactions.collect()
    assert set(frame["channel"]) == {"meeting"}
    assert set(frame["value"]) == {"none"}
    assert set(frame["source"]) == {"calendar"}
    assert frame["content_length"].null_count() == frame.height
    assert frame["is_html"].null_count() == frame.height


def test_tzid_with_vtimezone_is_converted_to_utc() -> None:
    rows = of(meetings(load("basic.ics")), "berlin-1on1@example.com")
    # 10:00 in Berlin in winter (CET, UTC+1); the address was folded mid-way.
    assert rows.select("occurred_at", "email").rows() == [
        (at("2024-01-15T09:00:00"), "ada@example.com")
    ]


def test_utc_meeting_organised_by_the_attendee_is_inbound() -> None:
    rows = of(meetings(load("basic.ics")), "utc-from-bob@example.com")
    assert rows.drop("thread_id").rows() == [
        (at("2024-02-20T15:00:00"), "bob@example.com", "inbound", True, False, 1.0)
    ]


def test_floating_time_is_read_in_the_owner_zone() -> None:
    berlin = of(meetings(load("basic.ics")), "floating-carol@example.com")
    new_york = of(
        meetings(
            load(
                "basic.ics", OwnerHint(emails=("owner@example.com",), time_zone="America/New_York")
            )
        ),
        "floating-carol@example.com",
    )
    assert berlin["occurred_at"].to_list() == [at("2024-03-05T08:00:00")]
    assert new_york["occurred_at"].to_list() == [at("2024-03-05T14:00:00")]
    # Nobody organised it: neither side initiated.
    assert berlin.select("direction", "initiated").rows() == [("mutual", False)]


def test_windows_zone_name_without_vtimezone() -> None:
    rows = of(meetings(load("basic.ics")), "outlook-windows-zone@example.com")
    # "Pacific Standard Time" is America/Los_Angeles: 09:00 PDT on 10 April is 16:00 UTC.
    assert rows.select("occurred_at", "email", "direction").rows() == [
        (at("2024-04-10T16:00:00"), "ada@example.com", "outbound")
    ]


def test_owner_organising_is_outbound_and_initiated() -> None:
    rows = of(meetings(load("basic.ics")), "berlin-1on1@example.com")
    assert rows.select("direction", "initiated", "is_group", "weight").rows() == [
        ("outbound", True, False, 1.0)
    ]


def test_group_meeting_shares_its_weight_and_drops_rooms() -> None:
    rows = of(meetings(load("basic.ics")), "group@example.com")
    assert rows["email"].to_list() == ["ada@example.com", "bob@example.com", "carol@example.com"]
    assert rows["is_group"].all()
    assert rows["weight"].to_list() == pytest.approx([1 / 3] * 3)
    assert set(rows["direction"]) == {"outbound"}


def test_attendee_who_declined_is_not_met() -> None:
    rows = of(meetings(load("basic.ics")), "erin-declined@example.com")
    assert rows.select("email", "is_group").rows() == [("ada@example.com", False)]


def test_noise_is_counted_by_reason() -> None:
    loaded = load("basic.ics")
    assert dict(loaded.noise.select("reason", "rows").iter_rows()) == {
        "all-day": 1,
        "cancelled": 1,
        "declined by owner": 1,
        "no other attendee": 1,
    }
    threads = set(meetings(loaded)["thread_id"])
    for uid in ("declined-by-owner", "cancelled", "all-day", "focus-block"):
        assert f"{uid}@example.com" not in threads
    file = loaded.files.row(0, named=True)
    assert (file["file"], file["status"], file["rows"], file["kept"]) == (
        "basic.ics",
        "read",
        10,
        6,
    )
    assert (file["noise"], file["failed"]) == (4, 0)
    assert (file["first_at"], file["last_at"]) == (at("2024-01-15T09:00"), at("2024-04-18T09:00"))
    assert len(file["sha256"]) == 64


def test_people_are_matched_by_email_with_names_from_cn() -> None:
    loaded = load("basic.ics")
    people = loaded.people.collect().select("full_name", "email").sort("email")
    assert people.rows() == [
        ("Ada Example", "ada@example.com"),
        ("Bob Sample", "bob@example.com"),
        ("Carol Example", "carol@example.com"),
    ]
    # The owner, rooms and people who only declined are nobody's contact.
    ids = set(loaded.people.collect()["person_id"])
    assert set(loaded.interactions.collect()["person_id"]) == ids
    assert ids == set(
        stable_ids(
            pl.Series(["email:ada@example.com", "email:bob@example.com", "email:carol@example.com"])
        )
    )


# -- recurrence --------------------------------------------------------------------------------


def test_weekly_count() -> None:
    rows = of(meetings(load("recurring.ics")), "weekly-count@example.com")
    assert rows["occurred_at"].to_list() == [
        at(f"2024-01-{day}T09:00:00") for day in ("08", "15", "22", "29")
    ]


def test_weekly_until() -> None:
    rows = of(meetings(load("recurring.ics")), "weekly-until@example.com")
    assert rows["occurred_at"].to_list() == [
        at(f"2024-01-{day}T14:00:00") for day in ("09", "16", "23")
    ]
    assert set(rows["direction"]) == {"inbound"}


def test_exdate_and_moved_instance() -> None:
    rows = of(meetings(load("recurring.ics")), "weekly-exdate@example.com")
    # 17 January is excluded; 24 January moved to Thursday the 25th at 14:00 Berlin.
    assert rows["occurred_at"].to_list() == [
        at("2024-01-10T15:00:00"),
        at("2024-01-25T13:00:00"),
        at("2024-01-31T15:00:00"),
        at("2024-02-07T15:00:00"),
    ]


def test_moved_instance_keeps_the_id_of_its_original_start() -> None:
    ids = (
        load("recurring.ics")
        .interactions.filter(pl.col("occurred_at") == at("2024-01-25T13:00:00"))
        .collect()["interaction_id"]
    )
    expected = stable_ids(
        pl.Series(["weekly-exdate@example.com\x1f20240124T150000Z\x1fcarol@example.com"])
    )
    assert ids.to_list() == expected.to_list()


def test_infinite_rule_stops_at_the_export_moment() -> None:
    loaded = load("recurring.ics")
    rows = of(meetings(loaded), "weekly-forever@example.com")
    # The latest DTSTAMP is 1 April 00:00 UTC; 18 March was declined in an overridden instance.
    assert rows["occurred_at"].to_list() == [
        at("2024-03-04T10:00:00"),
        at("2024-03-11T10:00:00"),
        at("2024-03-25T10:00:00"),
    ]
    assert loaded.exported_on is not None and loaded.exported_on.isoformat() == "2024-04-01"
    assert dict(loaded.noise.select("reason", "rows").iter_rows()) == {
        "declined by owner": 1,
        "no other attendee": 1,
    }


def test_infinite_rule_expands_over_at_most_ten_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "BEGIN:VEVENT\nUID:daily@example.com\nDTSTAMP:20240101T000000Z\n"
        "DTSTART:20000103T090000Z\nRRULE:FREQ=DAILY\n"
        "ORGANIZER:mailto:owner@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n",
    )
    frame = CalendarSource().load(path, owner=OWNER).interactions.collect()
    first, last = frame["occurred_at"].min(), frame["occurred_at"].max()
    assert last == at("2023-12-31T09:00:00")
    assert first is not None and first >= at("2013-12-31T00:00:00")
    assert 3600 < frame.height <= 3654


def test_rule_repeating_every_minute_is_noise(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "BEGIN:VEVENT\nUID:ping@example.com\nDTSTAMP:20240101T000000Z\n"
        "DTSTART:20000103T090000Z\nRRULE:FREQ=MINUTELY\n"
        "ORGANIZER:mailto:owner@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n",
    )
    loaded = CalendarSource().load(path, owner=OWNER)
    assert loaded.interactions.collect().is_empty()
    assert loaded.noise["reason"].to_list() == ["recurs every minute or second"]


def test_google_x_wr_timezone_keeps_wall_clock_time_across_dst(tmp_path: Path) -> None:
    # Google writes UTC times and names the zone once; 10:00 in Berlin is 09:00 UTC before the
    # change to summer time (31 March) and 08:00 UTC after it.
    event = (
        "BEGIN:VEVENT\nUID:google@example.com\nDTSTAMP:20240501T000000Z\n"
        "DTSTART:20240321T090000Z\nRRULE:FREQ=WEEKLY;COUNT=3\n"
        "ORGANIZER:mailto:owner@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n"
    )
    path = write(tmp_path, event, header="X-WR-TIMEZONE:Europe/Berlin\n")
    rows = meetings(CalendarSource().load(path, owner=OWNER))
    assert rows["occurred_at"].to_list() == [
        at("2024-03-21T09:00:00"),
        at("2024-03-28T09:00:00"),
        at("2024-04-04T08:00:00"),
    ]
    path = write(tmp_path, event, header="X-WR-TIMEZONE:Nowhere/Atlantis\n")
    rows = meetings(CalendarSource().load(path, owner=OWNER))
    assert rows["occurred_at"].to_list()[-1] == at("2024-04-04T09:00:00")


# -- owner -------------------------------------------------------------------------------------


def test_owner_is_inferred_from_the_most_frequent_address() -> None:
    loaded = load("basic.ics", owner=None)
    assert loaded.owner.select("full_name", "identified_by").rows() == [
        ("Olive Owner", "calendar organizer or attendee in most events: owner@example.com")
    ]
    assert meetings(loaded).equals(
        meetings(load("basic.ics", OwnerHint(emails=("owner@example.com",))))
    )


def test_owner_from_settings_is_not_reported_again() -> None:
    assert load("basic.ics").owner.is_empty()


def test_owner_is_the_calendar_name_when_it_is_an_address(tmp_path: Path) -> None:
    # Ada is in as many events and organises them, but Google names the main calendar after its
    # owner.
    events = "".join(
        f"BEGIN:VEVENT\nUID:{n}@example.com\nDTSTART:2024010{n}T090000Z\n"
        "ORGANIZER:mailto:ada@example.com\nATTENDEE:mailto:ada@example.com\n"
        "ATTENDEE:mailto:owner@example.com\n"
        + ("ATTENDEE:mailto:bob@example.com\n" if n % 2 else "")
        + "END:VEVENT\n"
        for n in range(1, 6)
    )
    path = write(tmp_path, events, header="X-WR-CALNAME:Owner@Example.com\n")
    loaded = CalendarSource().load(path, owner=OwnerHint())
    assert loaded.owner["identified_by"].to_list() == [
        "calendar name (X-WR-CALNAME): owner@example.com"
    ]
    rows = meetings(loaded)
    assert set(rows["email"]) == {"ada@example.com", "bob@example.com"}
    assert "owner@example.com" not in set(loaded.identities.collect()["value"])


# -- ids, failures, bad files ------------------------------------------------------------------


def test_interaction_ids_are_stable_across_loads() -> None:
    first = load("recurring.ics").interactions.collect()
    second = load("recurring.ics").interactions.collect()
    assert first["interaction_id"].to_list() == second["interaction_id"].to_list()
    assert first["interaction_id"].is_unique().all()
    assert first.equals(second)


def test_unparsable_dtstart_is_one_failure_and_the_rest_loads() -> None:
    loaded = load("bad_dtstart.ics")
    assert loaded.failures.select("file", "line", "column").rows() == [
        ("bad_dtstart.ics", 11, "DTSTART")
    ]
    assert loaded.failures["reason"][0].startswith("unreadable DTSTART '2024-02-21 15:00'")
    assert meetings(loaded)["thread_id"].to_list() == [
        "good-before@example.com",
        "good-after@example.com",
    ]
    file = loaded.files.row(0, named=True)
    assert (file["rows"], file["kept"], file["failed"]) == (3, 2, 1)


def test_broken_rule_is_a_failure_of_its_event(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "BEGIN:VEVENT\nUID:ok@example.com\nDTSTART:20240105T100000Z\n"
        "ORGANIZER:mailto:owner@example.com\nATTENDEE:mailto:ada@example.com\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:rule@example.com\nDTSTART:20240105T100000Z\nRRULE:FREQ=SOMETIMES\n"
        "ORGANIZER:mailto:owner@example.com\nATTENDEE:mailto:bob@example.com\nEND:VEVENT\n",
    )
    loaded = CalendarSource().load(path, owner=OWNER)
    assert loaded.failures.select("line", "column").rows() == [(10, "RRULE")]
    assert meetings(loaded)["email"].to_list() == ["ada@example.com"]


def test_file_that_is_not_icalendar_raises_with_file_and_line() -> None:
    with pytest.raises(
        SourceError, match=r"not_calendar\.ics:1: is not an iCalendar file"
    ) as error:
        load("not_calendar.ics")
    assert error.value.line == 1


def test_cut_off_event_raises_with_the_line_it_begins_on() -> None:
    with pytest.raises(SourceError, match=r"truncated\.ics:11: the VEVENT .* no END:VEVENT"):
        load("truncated.ics")


def test_detect() -> None:
    source = CalendarSource()
    assert source.detect(DATA / "basic.ics")
    assert not source.detect(DATA.parent / "linkedin")
    assert not source.detect(Path(__file__))


def test_detect_reads_the_first_bytes_of_other_names(tmp_path: Path) -> None:
    exported = tmp_path / "export.txt"
    shutil.copy(DATA / "basic.ics", exported)
    assert CalendarSource().detect(exported)
    # A folder is a calendar export only when it holds .ics files.
    assert not CalendarSource().detect(tmp_path)
    shutil.copy(DATA / "basic.ics", tmp_path / "work.ics")
    assert CalendarSource().detect(tmp_path)


def test_folder_reads_every_file_and_counts_an_event_once(tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    shutil.copy(DATA / "basic.ics", tmp_path / "work" / "basic.ics")
    shutil.copy(DATA / "basic.ics", tmp_path / "copy.ics")
    shutil.copy(DATA / "recurring.ics", tmp_path / "work" / "recurring.ics")
    (tmp_path / "work" / "empty.ics").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not read")
    loaded = CalendarSource().load(tmp_path, owner=OWNER)
    assert loaded.files.select("file", "status").rows() == [
        ("copy.ics", "read"),
        ("work/basic.ics", "read"),
        ("work/empty.ics", "empty"),
        ("work/recurring.ics", "read"),
    ]
    alone = (
        load("basic.ics").interactions.collect().height
        + load("recurring.ics").interactions.collect().height
    )
    assert loaded.interactions.collect().height == alone


def test_reimport_adds_nothing(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "workspace")
    first = workspace.import_paths([DATA / "recurring.ics"], source="calendar")
    assert first[0].written.interactions_added == 14
    again = workspace.import_paths([DATA / "recurring.ics"], source="calendar")
    assert again[0].written.interactions_added == 0
    assert again[0].written.people_added == 0
    assert workspace.interactions().collect().height == 14


def test_a_folder_of_other_exports_holding_one_invitation_is_no_calendar(tmp_path: Path) -> None:
    shutil.copy(DATA / "basic.ics", tmp_path / "invite.ics")
    for name in ("Connections.csv", "messages.csv", "Invitations.csv"):
        (tmp_path / name).write_text("First Name,Last Name\n")
    assert not CalendarSource().detect(tmp_path)


def test_a_meeting_of_others_on_a_shared_calendar_is_not_yours(tmp_path: Path) -> None:
    """A file that names the owner in most of its meetings also holds a colleague's 1:1 (the
    owner neither organises nor attends it): it is noise "without you", no contact with either of
    them. One to which a mailing list is invited may hold the owner through it: kept, as a large
    group (no contact). A file that names the owner's known address in few meetings (kept under a
    second address netbook does not know) loses nothing. An attendee without a name is shown by
    the address."""
    mine = "".join(
        f"BEGIN:VEVENT\nUID:mine{day}\nDTSTAMP:20261110T000000Z\nDTSTART:202611{day}T100000Z\n"
        "SUMMARY:Coffee\nORGANIZER:mailto:owner@example.com\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:owner@example.com\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ada@example.com\nEND:VEVENT\n"
        for day in ("02", "03", "06")
    )
    others = (
        "BEGIN:VEVENT\nUID:theirs\nDTSTAMP:20261110T000000Z\nDTSTART:20261104T100000Z\n"
        "SUMMARY:Their 1:1\nORGANIZER;CN=Katja:mailto:katja@example.net\n"
        "ATTENDEE;CN=Katja:mailto:katja@example.net\n"
        "ATTENDEE;CN=Aiko:mailto:aiko@example.net\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:team\nDTSTAMP:20261110T000000Z\nDTSTART:20261105T100000Z\n"
        "SUMMARY:All-hands\nORGANIZER;CN=Bo:mailto:bo@example.org\n"
        "ATTENDEE;CN=Bo:mailto:bo@example.org\n"
        "ATTENDEE;CUTYPE=GROUP:mailto:everyone@example.org\nEND:VEVENT\n"
    )
    shared = tmp_path / "shared"
    shared.mkdir()
    loaded = CalendarSource().load(write(shared, mine + others), owner=OWNER)
    found = meetings(loaded)
    assert found.select("email", "is_group").rows() == [
        ("ada@example.com", False),
        ("ada@example.com", False),
        ("bo@example.org", True),  # the all-hands: a mailing list counts as ten people
        ("ada@example.com", False),
    ]
    assert found.filter(pl.col("email") == "bo@example.org")["weight"].item() == 1 / 11
    assert dict(loaded.noise.select("reason", "rows").iter_rows()) == {"without you": 1}
    names = loaded.people.collect().sort("email")["full_name"].to_list()
    assert names == ["ada@example.com", "Bo"]
    work = tmp_path / "work"  # a second address: the known one is in one meeting of three
    work.mkdir()
    second = (mine[: mine.index("END:VEVENT") + 11] + others).replace("Coffee", "Intro")
    second += others.replace("UID:", "UID:2-").replace("katja@", "kim@")
    kept = CalendarSource().load(write(work, second), owner=OWNER)
    assert "without you" not in set(kept.noise["reason"])
    assert sorted(set(meetings(kept)["email"])) == [
        "ada@example.com",
        "aiko@example.net",
        "bo@example.org",
        "katja@example.net",
        "kim@example.net",
    ]
