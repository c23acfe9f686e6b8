"""What real users' exports hold (issue 11): namesakes, re-saved files, the owner's own addresses.

Every fixture is under ``tests/data/linkedin/real/`` (see its README); each name in them is made up.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from netbook import SchemaError, SourceError, Workspace, doctor
from netbook.cli import app
from netbook.rituals import events as ev

REAL = Path(__file__).parent / "data" / "linkedin" / "real"
CALENDAR = Path(__file__).parent / "data" / "calendar"


def workspace(root: Path, toml: str = "") -> Workspace:
    """A workspace at ``root`` with ``toml`` as its settings."""
    root.mkdir(parents=True)
    (root / "netbook.toml").write_text(toml, encoding="utf-8")
    return Workspace(root)


def test_approved_is_going_and_relinquished_is_not(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([REAL / "events_approved"])
    assert ws.table("events").sort("name").select("name", "status").rows() == [
        ("Harbour Data Night", "approved"),
        ("Lantern Product Meetup", "approved"),
        ("Quarry Cloud Summit", "relinquished"),
    ]
    met = ev.met(ws).sort("event")
    assert sorted(met["event"].unique()) == ["Harbour Data Night", "Lantern Product Meetup"]


def files_of(ws: Workspace) -> dict[str, dict[str, object]]:
    """``doctor --format json``'s files of the latest import of every source, by file name."""
    report = doctor.report(ws)
    return {Path(f["file"]).name: f for s in report["sources"] for f in s["files"]}


def assert_counts_add_up(ws: Workspace) -> None:
    """kept + noise + failed = rows for every file netbook reads, as ``doctor`` reports it."""
    for name, f in files_of(ws).items():
        if f["status"] != "ignored":
            assert (f["kept"], f["noise"], f["failed"]) != (None, None, None), name
            assert f["kept"] + f["noise"] + f["failed"] == f["rows"], (name, f)


def test_a_resaved_optional_file_is_skipped_and_the_rest_imported(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    result = CliRunner().invoke(app, ["import", str(REAL / "resaved_optional"), "-w", str(root)])
    assert result.exit_code == 1, result.output
    line, skipped = result.output.splitlines()[:2]
    assert "3 of 4 files read, 1 skipped, 2 new people" in line
    assert "Recommendations_Received.csv:1: has the column 'Creation Date.1'" in skipped
    ws = Workspace(root)
    assert ws.table("people").height == 2
    files = files_of(ws)
    assert files["Recommendations_Received.csv"]["status"] == "skipped"
    assert "spreadsheet re-saved it" in str(files["Recommendations_Received.csv"]["reason"])
    assert_counts_add_up(ws)
    shown = CliRunner().invoke(app, ["doctor", "-w", str(root)])
    assert "skipped" in shown.output and "Creation Date.1" in shown.output


def test_strict_keeps_all_or_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    args = ["import", str(REAL / "resaved_optional"), "-w", str(root), "--strict"]
    with pytest.raises(SchemaError, match=r"1 file\(s\) could not be read; first: .*Recomm"):
        CliRunner().invoke(app, args, catch_exceptions=False)
    assert Workspace(root).table("people").is_empty()


def test_a_core_file_that_cannot_be_read_fails_the_import(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(REAL / "resaved_optional", export)
    (export / "messages.csv").write_text("CONVERSATION ID,FROM,TO\n2-A,Ada,Me\n")
    with pytest.raises(SourceError, match=r"messages.csv:1: lacks the column\(s\) date"):
        workspace(tmp_path / "ws").import_paths([export])
    assert Workspace(tmp_path / "ws").table("people").is_empty()


def test_phones_without_a_country_code_are_kept_as_written(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([REAL / "phones_2018" / "Imported Contacts.csv"])
    assert result.loaded.failures.is_empty()  # three failed rows before issue 11
    assert ws.table("people").height == 4  # every contact kept whatever its phone
    phones = ws.table("identities").filter(pl.col("kind").str.starts_with("phone"))
    assert sorted(phones.select("kind", "value").rows()) == [
        ("phone", "+14155550177"),  # "+1 415 555 0177 (Mobile)": it has its +country
        ("phone_written", "(415) 555-0144"),
        ("phone_written", "+1 555"),
        ("phone_written", "555-0199"),
    ]
    notes = {n["note"].split(": ")[1][:12]: n["rows"] for n in result.loaded.notes.to_dicts()}
    assert notes == {"no country c": 2, "not a possib": 1}
    assert_counts_add_up(ws)
    (source,) = doctor.report(ws)["sources"]
    assert [n["rows"] for n in source["notes"]] == [2, 1]


def test_phones_are_read_with_the_owner_region(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws", '[owner]\nphone_region = "US"\n')
    (result,) = ws.import_paths([REAL / "phones_2018" / "Imported Contacts.csv"])
    phones = ws.table("identities").filter(pl.col("kind") == "phone")["value"].sort().to_list()
    assert phones == ["+14155550144", "+14155550177", "+15550199"]  # possible (local) numbers
    assert result.loaded.notes["rows"].to_list() == [1]  # "+1 555" is none


def people_rows(ws: Workspace) -> list[tuple[object, ...]]:
    """(name, company, connected on) of every person, sorted."""
    people = ws.people().collect()
    return sorted(people.select("full_name", "company", "connected_on").rows(), key=str)


def test_namesakes_without_urls_stay_apart(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    (first,) = ws.import_paths([REAL / "namesakes"])
    names = [name for name, _, _ in people_rows(ws)]
    assert names.count("Sam Ferrow") == 2  # another day, another company: two people
    assert names.count("Juno Pemberly") == 2  # the same day, two companies
    assert {"Ines Calloway", "INES CALLOWAY"} <= set(names)  # only the case differs
    assert names.count("Otto Vance") == 1  # the same row twice is one person (noise)
    assert len(names) == 7
    assert first.loaded.noise.select("reason", "rows").rows() == [("duplicate", 1)]
    # Otto's name is unique: his messages are his. Sam's is not: left unmatched and told.
    interactions = ws.interactions().collect()
    otto = ws.people().filter(pl.col("full_name") == "Otto Vance").collect()["person_id"]
    assert interactions.filter(pl.col("channel") == "message")["person_id"].to_list() == [
        otto[0],
        otto[0],
    ]
    (note,) = doctor.report(ws)["sources"][0]["notes"]
    assert (note["file"], note["rows"]) == ("messages.csv", 1)
    assert "left unmatched" in note["note"]
    assert_counts_add_up(ws)
    ids = sorted(ws.table("people")["person_id"])
    (again,) = ws.import_paths([REAL / "namesakes"])
    assert (again.written.people_added, again.written.interactions_added) == (0, 0)
    assert sorted(ws.table("people")["person_id"]) == ids


def test_a_later_namesake_keeps_everyone_else(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    export = tmp_path / "export"
    shutil.copytree(REAL / "namesakes", export)
    ws.import_paths([export])
    before = dict(ws.table("people").select("person_id", "connected_on").rows())
    with (export / "Connections.csv").open("a", encoding="utf-8") as handle:
        handle.write("Otto,Vance,,Kite Labs,Founder,01 Mar 2024\n")
    (later,) = ws.import_paths([export])
    assert later.written.people_added == 1  # the new Otto; everyone else keeps their id
    after = dict(ws.table("people").select("person_id", "connected_on").rows())
    assert before.items() <= after.items()


def test_the_owner_is_never_a_contact(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    (export,) = ws.import_paths([REAL / "owner_ids"])
    assert ws.table("owner_identities").select("kind", "value").sort("kind", "value").rows() == [
        ("email", "c.ardwick@example.org"),
        ("email", "clementine.ardwick@example.com"),
        ("phone", "+442079460321"),
    ]
    assert sorted(ws.people().collect()["full_name"]) == ["Barnaby Holloway", "Rosalind Thorne"]
    noise = export.loaded.noise.filter(pl.col("file") == "ImportedContacts.csv")
    assert noise.select("reason", "rows").rows() == [("the owner's own contact", 2)]
    assert_counts_add_up(ws)
    # A later import of another source knows the owner's addresses too.
    (card,) = ws.import_paths([REAL / "owner_card.vcf"])
    assert card.loaded.noise.select("reason", "rows").rows() == [("the owner's own contact", 1)]
    assert sorted(ws.people().collect()["full_name"]) == ["Barnaby Holloway", "Rosalind Thorne"]


def test_twin_endorsement_files_each_count_their_own_rows(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([REAL / "endorsement_twins"])
    files = files_of(ws)
    legacy, current = files["Endorsement Received Info.csv"], files["Endorsement_Received_Info.csv"]
    assert (legacy["encoding"], legacy["rows"], legacy["kept"], legacy["noise"]) == (
        "utf-16", 4, 3, 0
    )  # fmt: skip
    assert legacy["failed"] == 1  # "last spring" is its own row, told on its own file
    assert (current["rows"], current["kept"], current["noise"], current["failed"]) == (2, 0, 2, 0)
    (source,) = doctor.report(ws)["sources"]
    assert source["noise_by_file"] == [
        {"file": "Endorsement_Received_Info.csv", "reason": "duplicate", "rows": 2}
    ]
    assert [f["file"] for f in source["failures"]] == ["Endorsement Received Info.csv"]
    endorsements = ws.table("interactions").filter(pl.col("channel") == "endorsement")
    assert endorsements.height == 3
    assert_counts_add_up(ws)


def test_an_excel_preamble_is_reported_at_the_header_line(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        workspace(tmp_path / "ws").import_paths([REAL / "excel_no_names"])
    message = str(caught.value)
    assert "Connections.csv:4: has no header with the column(s) first name, last name" in message
    assert "(its header has: URL, Email Address, Company, Position, Connected on)" in message


def test_a_headerless_file_names_the_columns_never_the_data(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        workspace(tmp_path / "ws").import_paths([REAL / "headerless"])
    message = str(caught.value)
    assert (
        "Connections.csv:1: has no header line with the column(s) first name, last name" in message
    )
    for value in ("Hester", "Quorndon", "Fulmar", "Chief Data Officer", "06 Apr 2026"):
        assert value not in message


def test_an_rdate_of_times_is_a_plain_failure(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([CALENDAR / "rdate_time.ics"])
    (failure,) = result.loaded.failures.iter_rows(named=True)
    assert (failure["line"], failure["column"]) == (4, "RDATE")
    assert failure["reason"].startswith("unreadable RDATE (VALUE=TIME): it holds times of day")
    assert "RRULE ''" not in failure["reason"] and "not supported" not in failure["reason"]


def test_a_single_inbound_message_is_not_a_group(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([REAL / "single_inbound"])  # Profile.csv names the owner, without a URL
    report = doctor.report(ws)
    assert report["owner"]["profile_url"] is None
    assert report["messages"] == {"outbound": 0, "inbound": 1, "group": 0}


def zipped(folder: Path, archive: Path) -> Path:
    """``folder``'s files as the zip LinkedIn sends (written on the fly)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for file in sorted(folder.iterdir()):
            handle.write(file, file.name)
    return archive


def test_a_folder_with_the_zip_beside_its_files_counts_once(tmp_path: Path) -> None:
    folder = tmp_path / "Downloads"
    shutil.copytree(REAL / "namesakes", folder)
    zipped(REAL / "namesakes", folder / "Basic_LinkedInDataExport_03-01-2023.zip")
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([folder])
    assert ws.people().collect().height == 7
    assert result.written.interactions_added == 9
    (row,) = result.loaded.files.filter(pl.col("file").str.ends_with(".zip")).to_dicts()
    assert row["status"] == "ignored"
    assert_counts_add_up(ws)


def test_a_folder_holding_only_the_zip_reads_the_zip(tmp_path: Path) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    zipped(REAL / "namesakes", folder / "Basic_LinkedInDataExport_03-01-2023.zip")
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([folder])
    assert result.source == "linkedin"
    assert ws.people().collect().height == 7


def test_invitations_split_by_hand_are_both_read(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([REAL / "split_invitations"])
    invitations = ws.table("interactions").filter(pl.col("channel") == "invitation")
    assert sorted(invitations["direction"]) == ["inbound", "outbound", "outbound"]
    files = files_of(ws)
    assert files["InvitationsIn.csv"]["status"] == files["InvitationsOut.csv"]["status"] == "read"
    assert_counts_add_up(ws)
    # Beside the original Invitations.csv, each invitation is still counted once.
    export = tmp_path / "export"
    shutil.copytree(REAL / "split_invitations", export)
    original = (REAL / "split_invitations" / "InvitationsOut.csv").read_text().splitlines()
    inbound = (REAL / "split_invitations" / "InvitationsIn.csv").read_text().splitlines()[1:]
    (export / "Invitations.csv").write_text("\n".join([*original, *inbound]) + "\n")
    (again,) = workspace(tmp_path / "ws2").import_paths([export])
    assert again.written.interactions_added == 4  # 1 connection + 3 invitations


def test_an_xlsx_renamed_to_csv_is_one_clear_line(tmp_path: Path) -> None:
    for path in (REAL / "xlsx_renamed", REAL / "xlsx_renamed" / "Connections.csv"):
        with pytest.raises(SourceError) as caught:
            workspace(tmp_path / path.name).import_paths([path])
        message = str(caught.value)
        assert "Connections.csv: is an Excel workbook (.xlsx) with a .csv name" in message
        assert "save it as CSV" in message and "\n" not in message


def test_the_2018_imported_contacts_in_an_export_have_no_failed_rows(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    (result,) = ws.import_paths([REAL / "export_2018"])
    assert result.loaded.failures.is_empty()
    contacts = files_of(ws)["Imported Contacts.csv"]
    assert (contacts["rows"], contacts["kept"], contacts["noise"], contacts["failed"]) == (
        4, 4, 0, 0
    )  # fmt: skip
    assert_counts_add_up(ws)
