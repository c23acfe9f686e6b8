"""Address-book sources: Google CSV (both layouts), Outlook CSV (both dialects), LinkedIn's imported
contacts (three eras) and vCard 2.1 / 3.0 / 4.0, on hand-made fixtures in ``tests/data/contacts/``
(``README.md`` there lists what each covers). Every name, address and number in them is made up.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import netbook.sources
from netbook import SourceError, Workspace
from netbook.sources import Source
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._birthdays import normalise_birthday
from netbook.sources.contacts.google import GoogleContactsSource
from netbook.sources.contacts.imported import LinkedInImportedContactsSource
from netbook.sources.contacts.outlook import OutlookContactsSource
from netbook.sources.contacts.vcard import VCardSource

DATA = Path(__file__).parent / "data" / "contacts"
LINKEDIN = Path(__file__).parent / "data" / "linkedin" / "2026"
US = OwnerHint(phone_region="US")
SOURCES: dict[str, Source] = {
    "google": GoogleContactsSource(),
    "outlook": OutlookContactsSource(),
    "linkedin-contacts": LinkedInImportedContactsSource(),
    "vcard": VCardSource(),
}
FIXTURES = {
    "google_current.csv": "google",
    "google_legacy.csv": "google",
    "outlook_web.csv": "outlook",
    "outlook_desktop.csv": "outlook",
    "linkedin_2018/Imported Contacts.csv": "linkedin-contacts",
    "linkedin_2022/Contacts.csv": "linkedin-contacts",
    "linkedin_2026/ImportedContacts.csv": "linkedin-contacts",
    "vcard21.vcf": "vcard",
    "vcard30.vcf": "vcard",
    "vcard40.vcf": "vcard",
}


def load(fixture: str, owner: OwnerHint | None = US) -> Loaded:
    return SOURCES[FIXTURES[fixture]].load(DATA / fixture, owner=owner)


def people(loaded: Loaded) -> dict[str, dict[str, object]]:
    frame = loaded.people.collect()
    return {row["full_name"]: row for row in frame.iter_rows(named=True)}


def identities(loaded: Loaded, name: str, kind: str) -> list[str]:
    frame = loaded.identities.collect().join(
        loaded.people.collect().select("person_id", "full_name"), on="person_id"
    )
    chosen = frame.filter((pl.col("full_name") == name) & (pl.col("kind") == kind))
    return sorted(chosen["value"].to_list())


def failures(loaded: Loaded) -> list[tuple[int, str]]:
    return [(row["line"], row["column"]) for row in loaded.failures.iter_rows(named=True)]


def noise(loaded: Loaded) -> dict[str, int]:
    return {row["reason"]: row["rows"] for row in loaded.noise.iter_rows(named=True)}


def counts(loaded: Loaded) -> tuple[int, int, int, int]:
    (row,) = loaded.files.iter_rows(named=True)
    return row["rows"], row["kept"], row["noise"], row["failed"]


# --- Google ------------------------------------------------------------------------------


def test_google_current_layout() -> None:
    loaded = load("google_current.csv", OwnerHint(emails=("owner@example.com",), phone_region="US"))
    found = people(loaded)
    assert sorted(found) == [
        "Ada Q. Example", "Bo Sample", "Cy Leap", "Dee Century", "Eve Invalid", "Gus"
    ]  # fmt: skip
    ada = found["Ada Q. Example"]
    assert ada["company"] == "Analytical Engines, Ltd."
    assert ada["position"] == "Engineer"
    assert ada["email"] == "ada@example.com"
    assert ada["profile_url"] == "https://www.linkedin.com/in/ada-example"
    assert ada["birthday"] == "1985-04-12"
    assert ada["tags"] == ["Friends", "starred"]  # "* myContacts" dropped, "* starred" kept
    assert identities(loaded, "Ada Q. Example", "email") == [
        "ada.work@example.org", "ada@example.com"
    ]  # fmt: skip
    assert identities(loaded, "Ada Q. Example", "phone") == ["+14155550101", "+14155550102"]
    assert found["Bo Sample"]["email"] == "bo@example.com"  # the "* Home" slot goes first
    assert found["Bo Sample"]["birthday"] == "--12-25"  # " --12-25", with its leading space
    assert found["Cy Leap"]["birthday"] == "--02-29"
    assert found["Dee Century"]["birthday"] == "2000-02-29"
    assert found["Eve Invalid"]["birthday"] is None  # 1985-02-29: kept without it
    assert found["Gus"]["tags"] == ["Book club"]
    assert failures(loaded) == [(8, "birthday"), (8, "email")]  # Ada's row spans lines 2-4
    assert noise(loaded) == {
        "no name, e-mail, phone or LinkedIn URL": 1,
        "the owner's own contact": 1,
    }
    assert counts(loaded) == (8, 5, 2, 1)  # kept + noise + failed = rows (issue 11)
    assert loaded.files["encoding"].item() == "utf-8"
    assert loaded.interactions.collect().is_empty()
    assert loaded.exported_on is None


def test_google_without_phone_region_keeps_local_numbers_as_written() -> None:
    # Issue 11: a number without +country is kept as written and told once, not a failed row.
    loaded = load("google_current.csv", owner=None)
    assert "phone" not in {column for _, column in failures(loaded)}
    assert identities(loaded, "Ada Q. Example", "phone") == ["+14155550101"]
    assert identities(loaded, "Ada Q. Example", "phone_written") == ["(415) 555-0102"]
    assert "Owner Example" in people(loaded)  # no owner hint: just another contact
    (note,) = loaded.notes.iter_rows(named=True)
    assert "phone_region" in note["note"] and note["rows"] == 2


def test_google_legacy_layout() -> None:
    loaded = load("google_legacy.csv")
    found = people(loaded)
    assert sorted(found) == ["Fay Example", "Zoë Sample"]
    fay = found["Fay Example"]
    assert fay["email"] == "fay@example.org"  # E-mail 2 - Type "* Work" is the primary
    assert fay["tags"] == ["Group A", "friends"]  # "* My Contacts" dropped
    assert fay["birthday"] == "--03-22"
    assert (fay["company"], fay["position"]) == ("Initech", "Analyst")
    assert fay["profile_url"] == "https://www.linkedin.com/in/fay-example"
    assert identities(loaded, "Fay Example", "phone") == ["+14155550105", "+14155550106"]
    assert found["Zoë Sample"]["tags"] == ["starred"]
    assert found["Zoë Sample"]["birthday"] == "1990-07-01"
    assert loaded.failures.is_empty() and loaded.noise.is_empty()


# --- Outlook -----------------------------------------------------------------------------


def test_outlook_web_dialect() -> None:
    loaded = load("outlook_web.csv")
    found = people(loaded)
    hal = found["Hal Example"]
    assert (hal["company"], hal["position"]) == ("Umbrella, Inc.", "Director")
    assert hal["birthday"] == "1985-04-12"
    assert hal["tags"] == ["Golf", "starred"]
    assert hal["profile_url"] == "https://www.linkedin.com/in/hal-example"
    assert identities(loaded, "Hal Example", "email") == ["hal.work@example.org", "hal@example.com"]
    # mobile and business phones; the company's main line is not the person's
    assert identities(loaded, "Hal Example", "phone") == ["+14155550107", "+14155550108"]
    assert found["Ivy Sample"]["birthday"] is None  # 0/0/00 is "no date", not a failure
    assert identities(loaded, "Jon Example", "phone") == ["+442079460101"]
    assert failures(loaded) == [(5, "birthday")]  # 13/13/1985; Hal's street spans two lines
    assert loaded.files["encoding"].item() == "utf-8-sig"


def test_outlook_desktop_dialect_in_cp1252() -> None:
    loaded = load("outlook_desktop.csv")
    found = people(loaded)
    assert sorted(found) == ["Kim Café", "Lou Example"]
    kim = found["Kim Café"]
    assert (kim["company"], kim["position"]) == ("Société Exemple", "Chef")  # "Dr." is no job
    assert kim["email"] == "kim@example.com"  # the EX (Exchange) address is skipped
    assert identities(loaded, "Kim Café", "email") == ["kim@example.com"]
    assert kim["birthday"] is None  # 1/1/4501 is Outlook's "none"
    assert kim["tags"] == ["Business", "Friends"]
    assert found["Lou Example"]["birthday"] == "1985-04-12"  # 12.4.1985
    assert loaded.files["encoding"].item() == "cp1252"
    assert noise(loaded) == {"no name, e-mail, phone or LinkedIn URL": 1}
    assert loaded.failures.is_empty()


# --- LinkedIn's imported contacts --------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected", "duplicates"),
    [
        ("linkedin_2018/Imported Contacts.csv", {"Max Example", "Nia Sample"}, 0),
        ("linkedin_2022/Contacts.csv", {"Oli Example", "Pat Sample"}, 0),
        ("linkedin_2026/ImportedContacts.csv", {"Quin R. Example", "Rae Sample"}, 3),
    ],
)
def test_linkedin_imported_contacts_eras(fixture: str, expected: set[str], duplicates: int) -> None:
    loaded = load(fixture, owner=None)
    assert set(people(loaded)) == expected
    assert noise(loaded).get("duplicate row", 0) == duplicates
    assert loaded.failures.is_empty()


def test_linkedin_imported_contacts_values() -> None:
    found = people(load("linkedin_2018/Imported Contacts.csv"))
    assert found["Max Example"]["profile_url"] == "https://www.linkedin.com/in/max-example"
    assert found["Nia Sample"]["birthday"] == "1990-07-04"
    loaded = load("linkedin_2022/Contacts.csv")
    assert identities(loaded, "Oli Example", "email") == ["oli.work@example.org", "oli@example.com"]
    assert people(loaded)["Oli Example"]["company"] == "Acme, Inc."
    assert noise(loaded) == {"no name, e-mail, phone or LinkedIn URL": 1}
    # 2026: the row's RegionCode reads "(415) 555-0111" even without the owner's region
    loaded = load("linkedin_2026/ImportedContacts.csv", owner=None)
    assert identities(loaded, "Quin R. Example", "phone") == ["+14155550111"]
    assert counts(loaded) == (5, 2, 3, 0)


# --- vCard -------------------------------------------------------------------------------


def test_vcard_21_quoted_printable() -> None:
    loaded = load("vcard21.vcf")
    found = people(loaded)
    adele = found["Adèle Examplé de la Très-Longue-Famille"]  # soft line break inside FN
    assert (adele["first_name"], adele["last_name"]) == ("Adèle", "Examplé")
    assert adele["company"] == "Café Exemple"  # soft line break inside ORG
    assert adele["birthday"] == "1985-04-12"
    assert adele["email"] == "adele@example.com"
    name = "Adèle Examplé de la Très-Longue-Famille"
    assert identities(loaded, name, "phone") == ["+14155550121", "+14155550122"]
    assert found["Jörg Müller"]["last_name"] == "Müller"  # CHARSET=ISO-8859-1; no CHARSET
    assert loaded.failures.is_empty() and loaded.noise.is_empty()  # the base64 photo is skipped
    assert counts(loaded) == (2, 2, 0, 0)


def test_vcard_30_folding_escapes_and_several_cards() -> None:
    loaded = load("vcard30.vcf")
    found = people(loaded)
    assert sorted(found) == ["Séverine Example", "Tom Apple", "Uma Broken", "Zoë Sample"]
    zoe = found["Zoë Sample"]
    assert (zoe["company"], zoe["position"]) == ("Acme, Inc.", "Head of Content, EMEA")
    assert zoe["email"] == "zoe.sample@example.org"  # TYPE=pref goes first
    assert zoe["tags"] == ["Friends, close", "starred"]
    assert zoe["profile_url"] == "https://www.linkedin.com/in/zoe-sample"  # item1.URL, "\:"
    severine = found["Séverine Example"]  # folded inside the two bytes of "é"
    assert severine["birthday"] == "--04-12"
    assert severine["profile_url"] == "https://www.linkedin.com/in/severine-example"
    assert found["Tom Apple"]["birthday"] == "--11-06"  # X-APPLE-OMIT-YEAR=1604
    assert found["Uma Broken"]["email"] == "uma@example.com"  # kept despite two failures
    assert failures(loaded) == [(51, "birthday"), (56, "vcard")]
    assert noise(loaded) == {"duplicate card": 1, "no name, e-mail, phone or LinkedIn URL": 1}
    assert counts(loaded) == (6, 3, 2, 1)  # Uma is kept, her row counted failed (issue 11)


def test_vcard_40_dates_and_preferences() -> None:
    loaded = load("vcard40.vcf")
    found = people(loaded)
    vic = found["Vic Example"]
    assert vic["birthday"] == "--04-12"  # --0412
    assert vic["email"] == "vic@example.org"  # PREF=1, though listed second
    assert vic["profile_url"] == "https://www.linkedin.com/in/vic-example"  # uk. sub-domain
    assert (vic["company"], vic["position"]) == ("Example Labs", "Staff Engineer")
    assert vic["tags"] == ["Conference 2024", "Mentors"]
    assert identities(loaded, "Vic Example", "email") == ["vic@example.com", "vic@example.org"]
    assert identities(loaded, "Vic Example", "phone") == ["+14155550141", "+14155550142"]
    assert found["Wes Sample"]["birthday"] == "1990-01-01"  # 19900101T103000Z
    assert found["Xan Leap"]["birthday"] == "--02-29"
    assert loaded.failures.is_empty()


def test_vcard_card_vobject_cannot_parse_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\rVERSION:3.0\rFN:Ada Example\rTEL;;VOICE:+1 415 555 0150\rEND:VCARD\r"
        b'BEGIN:VCARD\rVERSION:3.0\rFN:Bo Sample\rEMAIL;TYPE="home"x:bo@example.com\rEND:VCARD\r'
    )  # old Mac line endings; an empty parameter is harmless, a malformed quoted one is not
    loaded = VCardSource().load(path, owner=US)
    assert identities(loaded, "Ada Example", "phone") == ["+14155550150"]
    assert "Bo Sample" not in people(loaded)
    assert failures(loaded) == [(6, "vcard")]
    assert "card left out" in loaded.failures["reason"].item()
    assert counts(loaded) == (2, 1, 0, 1)


def test_empty_vcard_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "none.vcf"
    path.write_bytes(b"\r\n\r\n")
    loaded = VCardSource().load(path)
    assert loaded.files["status"].item() == "empty"
    assert loaded.people.collect().is_empty()


# --- shared behaviour --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-04-12", "1985-04-12"),
        ("19850412", "1985-04-12"),
        ("1985-04-12T10:00:00Z", "1985-04-12"),
        ("19850412T103000", "1985-04-12"),
        ("--0412", "--04-12"),
        ("--04-12", "--04-12"),
        (" --04-12", "--04-12"),
        ("04-12", "--04-12"),
        ("--0229", "--02-29"),
        ("--02-29", "--02-29"),
        ("2000-02-29", "2000-02-29"),
        ("1900-02-29", None),
        ("--02-30", None),
        ("4/12/1985", "1985-04-12"),
        ("12.4.1985", "1985-04-12"),
        ("Apr 12, 1985", "1985-04-12"),
        ("0000-04-12", "--04-12"),
        ("1985", None),
        ("", None),
    ],
)
def test_birthday_forms(text: str, expected: str | None) -> None:
    assert normalise_birthday(text) == expected


def test_owner_profile_url_marks_the_owners_card() -> None:
    owner = OwnerHint(profile_url="https://www.linkedin.com/in/vic-example/", phone_region="US")
    loaded = load("vcard40.vcf", owner)
    assert "Vic Example" not in people(loaded)
    assert noise(loaded) == {"the owner's own contact": 1}


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_reloading_gives_identical_frames(fixture: str) -> None:
    first, second = load(fixture), load(fixture)
    assert_frame_equal(first.people.collect(), second.people.collect())
    assert_frame_equal(first.identities.collect(), second.identities.collect())
    for name in ("files", "failures", "noise"):
        assert_frame_equal(getattr(first, name), getattr(second, name))
    assert first.files["sha256"].item() == second.files["sha256"].item()


# --- detection ---------------------------------------------------------------------------

OTHERS = {LINKEDIN / "Connections.csv": "linkedin", LINKEDIN / "messages.csv": "linkedin"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [*((DATA / f, s) for f, s in sorted(FIXTURES.items())), *OTHERS.items()],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_each_file_is_detected_by_exactly_its_source(path: Path, expected: str) -> None:
    assert netbook.sources.detect(path).name == expected
    claiming = [name for name, source in netbook.sources.SOURCES.items() if source.detect(path)]
    assert claiming == [expected]


def test_imported_contacts_are_only_claimed_as_a_single_csv(tmp_path: Path) -> None:
    copy = tmp_path / "Contacts.txt"
    copy.write_bytes((DATA / "linkedin_2022" / "Contacts.csv").read_bytes())
    assert not LinkedInImportedContactsSource().detect(copy)
    assert not LinkedInImportedContactsSource().detect(DATA / "linkedin_2022")


def test_vcard_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "contacts.txt"
    path.write_bytes(b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    assert VCardSource().detect(path)
    assert not VCardSource().detect(DATA / "google_current.csv")


# --- whole-file problems -----------------------------------------------------------------

OUTLOOK_HEADER = "First Name,Last Name,E-mail Address\nAda,Example,ada@example.com\n"
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Example\r\nEND:VCARD\r\n"


@pytest.mark.parametrize(
    ("source", "name", "content", "line", "message"),
    [
        ("google", "a.csv", "Foo,Bar\n1,2\n", 1, "no header"),
        ("google", "a.csv", OUTLOOK_HEADER, 1, "lacks First Name, Last Name and Labels"),
        ("outlook", "a.csv", "First Name,Last Name,Labels\nAda,Example,\n", 1, "lacks First Name"),
        ("outlook", "a.csv", "Name;Phone\n", 1, "no header"),
        ("linkedin-contacts", "Contacts.csv", OUTLOOK_HEADER, 1, "lacks FirstName"),
        ("vcard", "a.vcf", VCARD + "BEGIN:VCARD\r\nFN:Cut Short\r\n", 5, "without END:VCARD"),
        ("vcard", "a.vcf", "END:VCARD\r\n", 1, "without BEGIN:VCARD"),
        ("vcard", "a.vcf", VCARD + "\r\nFirst Name,Last Name\r\n", 6, "outside BEGIN:VCARD"),
        ("vcard", "a.vcf", "First Name,Last Name\r\n", 1, "outside BEGIN:VCARD"),
    ],
)
def test_bad_files_raise_with_file_and_line(
    tmp_path: Path, source: str, name: str, content: str, line: int, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as raised:
        SOURCES[source].load(path)
    assert raised.value.path == str(path)
    assert raised.value.line == line
    assert str(path) in str(raised.value)


def test_linkedin_connections_forced_as_imported_contacts_names_the_header_line() -> None:
    with pytest.raises(SourceError, match="lacks FirstName") as raised:
        LinkedInImportedContactsSource().load(LINKEDIN / "Connections.csv")
    assert raised.value.line == 4  # after LinkedIn's three-line "Notes:" preamble


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_binary_data_is_refused(tmp_path: Path, source: str) -> None:
    path = tmp_path / ("a.vcf" if source == "vcard" else "a.csv")
    path.write_bytes(b"PK\x03\x04\x00\x00binary\x00\xff")
    with pytest.raises(SourceError, match="binary") as raised:
        SOURCES[source].load(path)
    assert raised.value.path == str(path)


# --- end to end --------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "expected"), [("google_current.csv", 7), ("vcard30.vcf", 4)])
def test_workspace_import_is_idempotent(tmp_path: Path, fixture: str, expected: int) -> None:
    workspace = Workspace(tmp_path / "ws")
    (first,) = workspace.import_paths([DATA / fixture])
    assert first.source == FIXTURES[fixture]
    assert first.written.people_added == expected
    assert workspace.people().collect().height == expected
    (second,) = workspace.import_paths([DATA / fixture])
    assert second.written.people_added == 0
    assert workspace.people().collect().height == expected


def test_an_address_shared_by_a_household_or_a_switchboard_merges_nobody(tmp_path: Path) -> None:
    """Two contacts of different names with one e-mail (a family's) or one phone (an office's)
    are different people: each is kept, under its own name, and the shared value is kept for
    them but never merges them; one contact listed twice under one name is still one person."""
    book = tmp_path / "contacts.csv"
    book.write_text(
        "First Name,Last Name,Organization Name,Labels,E-mail 1 - Value,Phone 1 - Value\n"
        "Anna,Berg,,* myContacts,berg.family@example.com,\n"
        "Lars,Berg,,* myContacts,berg.family@example.com,\n"
        "Priya,Office,Switchco,* myContacts,priya@switchco.example,+44 20 7946 0000\n"
        "Tom,Office,Switchco,* myContacts,tom@switchco.example,+44 20 7946 0000\n"
        "Kim,Office,Switchco,* myContacts,kim@switchco.example,+44 20 7946 0000\n"
        "Ola,Twice,,* myContacts,ola@example.org,\n"
        "Ola,Twice,,Friends,ola@example.org,+44 7700 900123\n"
    )
    loaded = GoogleContactsSource().load(book, owner=US)
    found = people(loaded)
    assert sorted(found) == [
        "Anna Berg",
        "Kim Office",
        "Lars Berg",
        "Ola Twice",
        "Priya Office",
        "Tom Office",
    ]
    assert found["Lars Berg"]["email"] == "berg.family@example.com"
    assert identities(loaded, "Lars Berg", "email") == []
    assert identities(loaded, "Lars Berg", "shared_email") == ["berg.family@example.com"]
    assert identities(loaded, "Kim Office", "phone") == []
    assert identities(loaded, "Kim Office", "shared_phone") == ["+442079460000"]
    assert identities(loaded, "Kim Office", "email") == ["kim@switchco.example"]
    assert identities(loaded, "Ola Twice", "phone") == ["+447700900123"]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([book])
    assert ws.aliases().is_empty()
    assert ws.people().collect().height == 6


def test_a_cell_of_several_addresses_is_each_of_them(tmp_path: Path) -> None:
    """Two addresses typed in one cell (with ';' or ','), as a spreadsheet user does: both are
    the contact's, nothing is unreadable; a display name with a comma stays one address."""
    book = tmp_path / "contacts.csv"
    book.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Value,E-mail 2 - Value\n"
        'Imke,Quarrington,* myContacts,"imke.q@example.com; imke@private.example",\n'
        'Ola,Sample,* myContacts,"ola@example.org , ola@home.example ,",\n'
        'Anna,Berg,* myContacts,"Berg, Anna <anna@example.se>",\n'
    )
    loaded = GoogleContactsSource().load(book, owner=US)
    assert loaded.failures.is_empty()
    assert identities(loaded, "Imke Quarrington", "email") == [
        "imke.q@example.com",
        "imke@private.example",
    ]
    assert identities(loaded, "Ola Sample", "email") == ["ola@example.org", "ola@home.example"]
    assert identities(loaded, "Anna Berg", "email") == ["anna@example.se"]
    assert people(loaded)["Imke Quarrington"]["email"] == "imke.q@example.com"


def test_a_shared_address_names_each_of_its_people(tmp_path: Path) -> None:
    """`netbook brief ADDRESS` with a family's address lists each Berg to choose from; an unknown
    address suggests no name; a phone number finds its person."""
    from clirun import netbook

    book = tmp_path / "contacts.csv"
    book.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Value\n"
        "Anna,Berg,* myContacts,berg.family@example.com\n"
        "Lars,Berg,* myContacts,berg.family@example.com\n"
    )
    ws = str(tmp_path / "ws")
    assert netbook("import", str(book), "-w", ws).returncode == 0
    shared = netbook("brief", "berg.family@example.com", "-w", ws, "--as-of", "2026-11-16")
    assert shared.returncode == 2 and "matches 2 people: Anna Berg" in shared.stderr
    unknown = netbook("brief", "anna@elsewhere.example", "-w", ws, "--as-of", "2026-11-16")
    assert "nobody matches 'anna@elsewhere.example'" in unknown.stderr
    assert "did you mean" not in unknown.stderr
    phone = tmp_path / "phone.csv"
    phone.write_text(
        "First Name,Last Name,Labels,Phone 1 - Value\nOla,Sample,* myContacts,+44 7700 900123\n"
    )
    assert netbook("import", str(phone), "-w", ws).returncode == 0
    called = netbook("brief", "+44 7700 900123", "-w", ws, "--as-of", "2026-11-16")
    assert called.returncode == 0 and "Ola Sample" in called.stdout


def test_a_renamed_email_or_phone_column_is_told_not_dropped(tmp_path: Path) -> None:
    """'Email' and 'Mobile Phone' typed over Google's own headers: their values are not read,
    and a note says so, and where Google keeps them (renamed so, the file imports whole)."""
    book = tmp_path / "contacts.csv"
    book.write_text(
        "First Name,Last Name,Labels,Email,Mobile Phone\n"
        "Renamed,Header,* myContacts,renamed@h.example,+44 7700 900555\n"
        "Other,Person,* myContacts,,\n"
    )
    notes = GoogleContactsSource().load(book, owner=US).notes
    assert notes["rows"].to_list() == [1, 1]
    email, phone = notes["note"].to_list()
    assert email.startswith("values in column 'email' not read: Google Contacts keeps e-mails in")
    assert email.endswith("'Phone 1 - Value'; rename the column so and import the file again")
    assert phone.startswith("values in column 'mobile phone' not read")
    for fixture in ("google_current.csv", "google_legacy.csv"):  # Google's own: nothing unread
        assert not any("not read" in n for n in load(fixture).notes["note"])


def test_one_contact_listed_twice_under_variants_of_a_name_is_one_person(tmp_path: Path) -> None:
    """Accents, word order, a middle name or a title: one address is one contact's. Bob and
    Robert (a nickname, or two people) stay apart, and a merge is suggested."""
    from netbook import merges

    book = tmp_path / "contacts.csv"
    book.write_text(
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Value\n"
        "José Núñez,José,Núñez,* Home,jose@nunez.org,\n"
        "Jose Nunez,Jose,Nunez,* Work,jose@nunez.org,\n"
        "Anna Maria Schmidt,Anna Maria,Schmidt,* Home,ams@schmidt.org,\n"
        "Anna Schmidt,Anna,Schmidt,* Home,ams@schmidt.org,\n"
        "Dr. Lee Wong,Lee,Wong,* Home,lee@wong.org,\n"
        "Lee Wong,Lee,Wong,* Home,lee@wong.org,\n"
        "Chen Wei,Wei,Chen,,,+86 139 1234 5678\n"
        "Wei Chen,Wei,Chen,,,+86 139 1234 5678\n"
        "Bob Smith,Bob,Smith,* Home,bob@smith.org,\n"
        "Robert Smith,Robert,Smith,* Home,bob@smith.org,\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([book])
    assert sorted(ws.people().collect()["full_name"]) == [
        "Anna Maria Schmidt",
        "Bob Smith",
        "Chen Wei",
        "Dr. Lee Wong",
        "José Núñez",
        "Robert Smith",
    ]
    suggested = merges.suggestions(ws)
    assert suggested.select("a_name", "b_name", "evidence").rows() == [
        ("Bob Smith", "Robert Smith", "same e-mail bob@smith.org (one person, or a shared one?)")
    ]


def test_a_family_address_in_two_address_books_merges_nobody(tmp_path: Path) -> None:
    """Xaver Haus in Google and Yvonne Haus in Outlook, one family address: two people (the later
    book no longer renames the earlier's), asked about; re-importing changes nothing. Ada in
    Google and 'Ada Example' in Outlook, one address: one person."""
    from netbook import merges

    google, outlook = tmp_path / "google.csv", tmp_path / "outlook.csv"
    google.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Value\n"
        "Xaver,Haus,* myContacts,haus@home.org\n"
        "Ada,,* myContacts,ada@example.org\n"
    )
    outlook.write_text(
        "First Name,Middle Name,Last Name,Title,Suffix,E-mail Address,Mobile Phone\n"
        "Yvonne,,Haus,,,haus@home.org,\n"
        "Ada,,Example,,,ada@example.org,\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([google, outlook])
    ws.import_paths([outlook])
    people = ws.people().collect()
    assert sorted(people["full_name"]) == ["Ada Example", "Xaver Haus", "Yvonne Haus"]
    suggested = merges.suggestions(ws).select("a_name", "b_name").rows()
    assert [sorted(pair) for pair in suggested] == [["Xaver Haus", "Yvonne Haus"]]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_address_book_without_a_byte_order_mark_is_recognised(
    codec: str, tmp_path: Path
) -> None:
    """Some tools write UTF-16 without a byte-order mark: the file is still a Google CSV, found
    as one and read (it was 'not an export netbook recognises')."""
    path = tmp_path / "contacts.csv"
    text = "First Name,Last Name,Labels,E-mail 1 - Value\nZoë,Sample,* myContacts,zoe@example.org\n"
    path.write_bytes(text.encode(codec))
    assert netbook.sources.detect(path).name == "google"
    assert list(people(GoogleContactsSource().load(path))) == ["Zoë Sample"]
