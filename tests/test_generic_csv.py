"""The generic ``csv`` source: any CSV of people through a column mapping, on the fixtures in
``tests/data/csv/`` (``README.md`` there lists them; every name, address and number is made up).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace, store
from netbook.errors import ConfigError, SchemaError, SourceError
from netbook.sources import SOURCES, OwnerHint, detect
from netbook.sources.generic import GenericCsvSource, parse_mapping

DATA = Path(__file__).parent / "data"
CSV = DATA / "csv"
BERLIN = OwnerHint(time_zone="Europe/Berlin", phone_region="DE")
MEETINGS = {
    "full_name": "Contact",
    "email": "Email",
    "occurred_at": "Met on",
    "channel": "Type",
    "direction": "Who started",
    "note": "Notes",
}


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def by_name(frame: pl.LazyFrame | pl.DataFrame) -> dict[str, dict[str, object]]:
    return {row["full_name"]: row for row in frame.lazy().collect().iter_rows(named=True)}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- people ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "columns",
    [
        {
            "full_name": "Name",
            "email": "E-mail",
            "phone": "Phone",
            "company": "Company",
            "position": "Job Title",
            "linkedin_url": "LinkedIn",
            "birthday": "Birthday",
            "tags": "Tags",
        },
        None,  # the same columns found under their obvious names
    ],
)
def test_people_only(columns: dict[str, str] | None) -> None:
    loaded = GenericCsvSource(columns).load(CSV / "people.csv", owner=BERLIN)
    people = by_name(loaded.people)
    assert sorted(people) == ["Ada Example", "Bo Sample", "Cy Placeholder"]
    ada = people["Ada Example"]
    assert ada["email"] == "ada@example.com"
    assert ada["company"] == "Example Corp"
    assert ada["position"] == "Engineer"
    assert ada["profile_url"] == "https://www.linkedin.com/in/ada-example"
    assert ada["birthday"] == "1985-04-12"
    assert ada["tags"] == ["conference", "friend"]
    assert ada["sources"] == ["csv"]
    assert people["Bo Sample"]["birthday"] == "--12-25"
    phones = loaded.identities.collect().filter(pl.col("kind") == "phone")["value"].sort()
    assert phones.to_list() == ["+14155550132", "+493012345678"]
    assert loaded.interactions.collect().is_empty()
    assert loaded.failures.is_empty()
    assert loaded.noise.rows() == [("people.csv", "empty row", 1)]
    files = loaded.files.row(0, named=True)
    assert (files["status"], files["rows"], files["kept"], files["noise"]) == ("read", 4, 3, 1)
    assert files["kind"] == "csv" and files["encoding"] == "utf-8" and len(files["sha256"]) == 64


def test_first_and_last_name_make_the_full_name(tmp_path: Path) -> None:
    path = write(tmp_path / "crm.csv", "Vorname,Nachname,Mail\nIda,Example,ida@example.com\n")
    columns = {"first_name": "Vorname", "last_name": "Nachname", "email": "Mail"}
    (ida,) = GenericCsvSource(columns).load(path).people.collect().iter_rows(named=True)
    assert (ida["full_name"], ida["first_name"], ida["last_name"]) == (
        "Ida Example",
        "Ida",
        "Example",
    )


def test_the_owners_own_row_is_noise() -> None:
    owner = OwnerHint(emails=("ada@example.com",), time_zone="Europe/Berlin", phone_region="DE")
    loaded = GenericCsvSource().load(CSV / "people.csv", owner=owner)
    assert "Ada Example" not in by_name(loaded.people)
    assert sorted(loaded.noise.select("reason", "rows").rows()) == [
        ("empty row", 1),
        ("the owner's own contact", 1),
    ]


def test_multi_valued_cells() -> None:
    columns = {"full_name": "Full Name", "email": "Emails", "phone": "Phones", "tags": "Labels"}
    loaded = GenericCsvSource(columns).load(CSV / "multi.csv", owner=BERLIN)
    people = by_name(loaded.people)
    assert people["Gus Example"]["tags"] == ["alumni", "vip"]
    identities = loaded.identities.collect()
    gus = identities.filter(pl.col("person_id") == people["Gus Example"]["person_id"])
    assert sorted(gus.filter(pl.col("kind") == "email")["value"]) == [
        "gus@example.com",
        "gus@work.example.com",
    ]
    assert sorted(gus.filter(pl.col("kind") == "phone")["value"]) == [
        "+14155550100",
        "+14155550101",
    ]
    # One bad address of two: a failure, and Hal is kept with the good one.
    assert people["Hal Example"]["email"] == "hal@example.com"
    assert loaded.failures.select("file", "line", "column").rows() == [("multi.csv", 3, "Emails")]
    assert "'not-an-address'" in loaded.failures["reason"][0]


def test_semicolon_delimited_cp1252_file() -> None:
    columns = {
        "full_name": "Name",
        "email": "E-Mail",
        "phone": "Telefon",
        "company": "Firma",
        "occurred_at": "Datum",
    }
    loaded = GenericCsvSource(columns).load(CSV / "semicolon_cp1252.csv", owner=BERLIN)
    assert loaded.files["encoding"].to_list() == ["cp1252"]
    people = by_name(loaded.people)
    assert people["Jörg Beispiel"]["company"] == "Müller & Söhne"
    assert people["Zoë Exemple"]["company"] == "Café Crème"
    phones = loaded.identities.collect().filter(pl.col("kind") == "phone")["value"].sort()
    assert phones.to_list() == ["+33123456789", "+49301234567"]  # 030 ... read in DE
    interactions = loaded.interactions.collect()
    # Dates alone are taken at 12:00 in the owner's zone (CET in March: 11:00 UTC).
    assert interactions["occurred_at"].to_list() == [at(2024, 3, 4, 11), at(2024, 3, 15, 11)]
    assert set(interactions["channel"]) == {"meeting"}
    assert set(interactions["direction"]) == {"mutual"}


# --- interactions -------------------------------------------------------------------------------


def test_people_and_interactions() -> None:
    loaded = GenericCsvSource(MEETINGS).load(CSV / "meetings.csv", owner=BERLIN)
    people = by_name(loaded.people)
    assert sorted(people) == [
        "Ada Example",
        "Bo Sample",
        "Dee Example",
        "Eve Example",
        "Fay Example",
    ]
    interactions = loaded.interactions.collect()
    assert interactions.select(
        "occurred_at", "channel", "direction", "initiated", "content_length"
    ).rows() == [
        (at(2024, 3, 4, 11), "meeting", "outbound", True, 25),  # "coffee", a date alone
        (at(2024, 4, 1, 9), "call", "inbound", True, None),  # ...Z is UTC
        (at(2024, 5, 10, 16, 30), "meeting", "mutual", False, None),  # CEST wall-clock time
    ]
    ids = interactions["person_id"].to_list()
    assert ids == [people[n]["person_id"] for n in ("Ada Example", "Bo Sample", "Ada Example")]
    assert set(interactions["source"]) == {"csv"}
    assert interactions["interaction_id"].n_unique() == 3
    # The note's text is nowhere, only its length.
    assert not any(
        frame.select(pl.col(pl.String).str.contains("new role").any()).to_series().any()
        for frame in (loaded.people.collect(), interactions, loaded.failures)
        if frame.select(pl.col(pl.String)).width
    )
    files = loaded.files.row(0, named=True)
    assert (files["first_at"], files["last_at"]) == (at(2024, 3, 4, 11), at(2024, 5, 10, 16, 30))
    assert files["failed"] == 2


def test_unparsable_values_are_failures_and_the_person_is_kept() -> None:
    loaded = GenericCsvSource(MEETINGS).load(CSV / "meetings.csv", owner=BERLIN)
    assert loaded.failures.select("file", "line", "column").rows() == [
        ("meetings.csv", 5, "Met on"),
        ("meetings.csv", 7, "Type"),
    ]
    reasons = loaded.failures["reason"].to_list()
    assert reasons[0] == (
        "unreadable Met on 'not a date': expected a date like 2024-03-04 or 2024-03-04 10:30 "
        "(kept the person)"
    )
    assert reasons[1].startswith("unreadable Type 'carrier pigeon': expected one of message, ")
    people = by_name(loaded.people)
    assert {"Dee Example", "Fay Example"} <= set(people)
    persons = set(loaded.interactions.collect()["person_id"])
    assert people["Dee Example"]["person_id"] not in persons


def test_dates_with_slashes_are_day_first_when_a_day_is_above_12(tmp_path: Path) -> None:
    path = write(
        tmp_path / "met.csv",
        "Name,Email,Date\nA One,a@example.com,25/12/2023\nB Two,b@example.com,3/4/2024 14:05\n"
        "C Three,c@example.com,2024-13-01\n",
    )
    columns = {"full_name": "Name", "email": "Email", "occurred_at": "Date"}
    loaded = GenericCsvSource(columns).load(path, owner=OwnerHint(time_zone="UTC"))
    assert loaded.interactions.collect()["occurred_at"].to_list() == [
        at(2023, 12, 25, 12),
        at(2024, 4, 3, 14, 5),
    ]
    assert loaded.failures.select("line", "column").rows() == [(4, "Date")]


def test_a_time_in_the_spring_forward_gap_is_read_with_the_offset_before_it(tmp_path: Path) -> None:
    # Berlin's clocks jumped from 02:00 to 03:00 on 31 March 2024: 02:30 never showed on a clock,
    # yet a hand-typed or device-written row may hold it. It is 02:30 CET, as zoneinfo reads it,
    # and the row is kept; 03:30 is CEST. A time that repeats (27 October, 02:30) is the earlier.
    path = write(
        tmp_path / "met.csv",
        "Name,Date\nA One,2024-03-31 02:30\nB Two,2024-03-31 03:45\nC Three,2024-10-27 02:30\n",
    )
    loaded = GenericCsvSource({"full_name": "Name", "occurred_at": "Date"}).load(path, owner=BERLIN)
    assert sorted(loaded.interactions.collect()["occurred_at"].to_list()) == [
        at(2024, 3, 31, 1, 30),
        at(2024, 3, 31, 1, 45),
        at(2024, 10, 27, 0, 30),
    ]
    assert loaded.failures.is_empty()


def test_unreadable_person_values_are_failures_and_the_person_is_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        "Name,Phone,LinkedIn,Birthday\nA One,030 1234567,https://example.com/a,1985-13-45\n",
    )
    columns = {"full_name": "Name", "phone": "Phone", "linkedin_url": "LinkedIn"}
    loaded = GenericCsvSource({**columns, "birthday": "Birthday"}).load(path)  # no phone_region
    (person,) = loaded.people.collect().iter_rows(named=True)
    assert (person["full_name"], person["profile_url"], person["birthday"]) == ("A One", None, None)
    assert loaded.failures.select("line", "column").rows() == [(2, "Birthday"), (2, "LinkedIn")]
    # Issue 11: a phone without +country is no failure: kept as written and told once as a note.
    (note,) = loaded.notes.iter_rows(named=True)
    assert "phone_region in netbook.toml" in note["note"] and note["rows"] == 1
    written = loaded.identities.collect().filter(pl.col("kind") == "phone_written")["value"]
    assert written.to_list() == ["030 1234567"]
    assert loaded.files["failed"].to_list() == [1]


def test_channel_and_direction_words(tmp_path: Path) -> None:
    path = write(
        tmp_path / "log.csv",
        "Who,Mail,When,Kind,Way\n"
        "A One,a@example.com,2024-01-02 10:00,Phone,Outgoing\n"
        "A One,a@example.com,2024-01-03 10:00,SMS,received\n"
        "A One,a@example.com,2024-01-04 10:00,Conference,\n"
        "A One,a@example.com,2024-01-05 10:00,email,sideways\n",
    )
    columns = {
        "full_name": "Who",
        "email": "Mail",
        "occurred_at": "When",
        "channel": "Kind",
        "direction": "Way",
    }
    loaded = GenericCsvSource(columns).load(path, owner=OwnerHint(time_zone="UTC"))
    assert loaded.interactions.collect().select("channel", "direction").rows() == [
        ("call", "outbound"),
        ("message", "inbound"),
        ("event", "mutual"),
    ]
    assert loaded.failures.select("line", "column").rows() == [(5, "Way")]


def test_ids_depend_on_the_rows_not_on_the_file_or_the_zone(tmp_path: Path) -> None:
    lines = (CSV / "meetings.csv").read_text(encoding="utf-8").splitlines()
    shuffled = write(tmp_path / "other name.csv", "\n".join([lines[0], *reversed(lines[1:])]))
    first = GenericCsvSource(MEETINGS).load(CSV / "meetings.csv", owner=BERLIN)
    again = GenericCsvSource(MEETINGS).load(shuffled, owner=OwnerHint(time_zone="Asia/Tokyo"))
    ids = first.interactions.collect()["interaction_id"].sort()
    assert again.interactions.collect()["interaction_id"].sort().equals(ids)


def test_a_note_in_a_free_text_column_is_only_measured(tmp_path: Path) -> None:
    path = write(
        tmp_path / "notes.csv",
        "Name,Email,Date,Description\nA One,a@example.com,2024-01-02,<p>Lunch</p>\n",
    )
    columns = {"full_name": "Name", "email": "Email", "occurred_at": "Date", "note": "Description"}
    row = GenericCsvSource(columns).load(path).interactions.collect().row(0, named=True)
    assert (row["content_length"], row["is_html"]) == (12, True)
    with pytest.raises(ConfigError, match="'position' is mapped to 'Description'"):
        GenericCsvSource({**columns, "position": "Description"}).load(path)


# --- mappings and errors ----------------------------------------------------------------------------


def test_an_unknown_field_is_a_config_error_listing_the_fields() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown field 'nickname'.*fields: full_name, first_name"
    ):
        GenericCsvSource({"full_name": "Name", "nickname": "Nick"})
    with pytest.raises(ConfigError, match="no column that identifies a person"):
        GenericCsvSource({"occurred_at": "Date"})


def test_parse_mapping() -> None:
    assert parse_mapping(["full_name=Name", "email=E-mail = work"]) == {
        "full_name": "Name",
        "email": "E-mail = work",
    }
    for bad, message in [
        (["full_name"], "not FIELD=HEADER"),
        (["=Name"], "not FIELD=HEADER"),
        (["full_name="], "empty header"),
        (["full_name=Name", "full_name=Other"], "mapped twice"),
        (["fullname=Name"], "unknown field 'fullname'"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parse_mapping(bad)


def test_a_mapped_header_missing_from_the_file_is_a_source_error() -> None:
    path = CSV / "people.csv"
    with pytest.raises(SourceError) as raised:
        GenericCsvSource({"full_name": "Name", "phone": "Mobile"}).load(path)
    error = raised.value
    assert (error.path, error.line) == (str(path), 1)
    assert str(error).startswith(f"{path}:1: has no column 'Mobile' (mapped to phone)")
    assert "its header has: Name, E-mail, Phone, Company, Job Title, LinkedIn" in str(error)


def test_headers_match_ignoring_case_and_spaces(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "note: exported\nFULL_NAME,e-mail\nA One,a@example.com\n")
    loaded = GenericCsvSource({"full_name": "Full Name", "email": "E-Mail"}).load(path)
    assert by_name(loaded.people)["A One"]["email"] == "a@example.com"
    assert loaded.failures.is_empty()


def test_without_a_mapping_a_file_without_known_columns_is_a_source_error(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "Wer,Wann\nA One,2024-01-02\n")
    with pytest.raises(SourceError, match=r"x.csv:1: has no column netbook knows.*--map"):
        GenericCsvSource().load(path)


def test_an_empty_file_is_read_as_empty(tmp_path: Path) -> None:
    loaded = GenericCsvSource(MEETINGS).load(write(tmp_path / "empty.csv", "\n"))
    assert loaded.files.select("status", "rows").rows() == [("empty", 0)]
    assert loaded.people.collect().is_empty()


# --- detection ------------------------------------------------------------------------------------

FOREIGN_HEADERS = {
    "google current": "First Name,Middle Name,Last Name,File As,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value",
    "google legacy": "Name,Given Name,Additional Name,Family Name,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value",
    "outlook web": "First Name,Middle Name,Last Name,Title,Suffix,Nickname,E-mail Address,"
    "E-mail 2 Address,Mobile Phone,Business Phone,Job Title,Company",
    "outlook desktop": "Title,First Name,Middle Name,Last Name,Company,Job Title,Business Phone,"
    "Home Phone,E-mail Address,E-mail Type,Categories",
    "linkedin connections": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "linkedin contacts 2022": "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,"
    "CreatedAt,Addresses,Sites,InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,"
    "Profiles",
    "no e-mail or phone": "Name,Company,Position",
    "no name": "Email,Phone,Company",
}


def test_detect_accepts_a_plain_people_csv(tmp_path: Path) -> None:
    source = GenericCsvSource()
    for header in ("Name,Email,Phone", "Full Name;E-mail", "First Name,Last Name,Phone,Notes"):
        path = write(tmp_path / "people.csv", header + "\n")
        assert source.detect(path), header
    assert detect(path).name == "csv"
    assert not source.detect(write(tmp_path / "people.txt", "Name,Email,Phone\n"))
    assert not source.detect(tmp_path / "missing.csv")
    assert not source.detect(tmp_path)


@pytest.mark.parametrize("kind", sorted(FOREIGN_HEADERS))
def test_detect_leaves_other_exports_alone(tmp_path: Path, kind: str) -> None:
    path = write(tmp_path / "contacts.csv", FOREIGN_HEADERS[kind] + "\n")
    assert not GenericCsvSource().detect(path)


def test_detect_claims_no_fixture_of_another_source() -> None:
    fixtures = [p for p in DATA.rglob("*") if p.is_file() and "csv" not in p.parent.parts]
    fixtures += list((DATA.parents[1] / "data" / "sample").rglob("*.csv"))
    assert len(fixtures) > 20
    claimed = [p for p in fixtures if GenericCsvSource().detect(p)]
    assert claimed == []


def test_detect_defers_to_any_other_source_that_claims_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Greedy:
        name = "greedy"
        description = "claims every file"

        def detect(self, path: Path) -> bool:
            return True

        def load(self, path: Path, *, owner: OwnerHint | None = None) -> object:
            raise NotImplementedError

    path = write(tmp_path / "people.csv", "Name,Email\n")
    assert GenericCsvSource().detect(path)
    monkeypatch.setitem(SOURCES._items, "greedy", Greedy())  # type: ignore[arg-type]
    assert not GenericCsvSource().detect(path)


# --- into a workspace -----------------------------------------------------------------------------


def workspace(root: Path) -> Workspace:
    root.mkdir()
    (root / "netbook.toml").write_text('[time]\nzone = "Europe/Berlin"\n', encoding="utf-8")
    return Workspace(root)


def test_import_into_a_workspace_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    path = CSV / "meetings.csv"
    (first,) = ws.import_paths([path], source="csv", columns=MEETINGS)
    assert (first.source, first.written.people_added, first.written.interactions_added) == (
        "csv",
        5,
        3,
    )
    (second,) = ws.import_paths([path], source="csv", columns=MEETINGS)
    assert (second.written.people_added, second.written.interactions_added) == (0, 0)
    assert ws.people().collect().height == 5
    stored = ws.interactions().collect()
    assert stored.height == 3 and set(stored["source"]) == {"csv"}
    assert ws.table("failures").height == 4  # two per import, kept with each import
    with pytest.raises(SchemaError, match=r"2 row\(s\) could not be read; first: meetings.csv:5"):
        ws.import_paths([path], source="csv", columns=MEETINGS, strict=True)


def test_a_mapped_source_written_like_the_workspace_does(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    copy = shutil.copy(CSV / "meetings.csv", tmp_path / "renamed.csv")
    added = []
    for path in (CSV / "meetings.csv", Path(copy)):
        loaded = GenericCsvSource(MEETINGS).load(path, owner=OwnerHint(time_zone="Europe/Berlin"))
        with ws.connect(write=True) as connection:
            written = store.write(connection, loaded, datetime.now(UTC))
        added.append((written.people_added, written.interactions_added))
    assert added == [(5, 3), (0, 0)]


def test_a_hand_made_csv_may_end_its_last_row_early_without_a_line_end(tmp_path: Path) -> None:
    """Only an export's file has every column on every row: here the last row's notes are left
    out and no line end follows it; that is a whole row, not a cut one."""
    people = tmp_path / "people.csv"
    people.write_bytes(
        b"name,email,company,notes\n"
        b"Ada Lovelace,ada@example.com,Analytical,met at a conf\n"
        b"Grace Hopper,grace@example.com"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([people])
    assert sorted(ws.people().collect()["full_name"]) == ["Ada Lovelace", "Grace Hopper"]
    assert ws.table("failures").is_empty()
