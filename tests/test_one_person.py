"""Issue 4's promise end to end, through the command line: one person across LinkedIn, a Google
Contacts CSV and a calendar; re-imports change nothing; bad input is one line and loses nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import Workspace

DATA = Path(__file__).parent / "data"
GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
)
GOOGLE = GOOGLE_HEADER + (
    "Zoë,,Sample,Globex,Head of Content,--02-29,* myContacts ::: Berlin,* Work,"
    "zoe@example.com ::: zoe.home@example.org,Mobile,+1 415 555 0142\n"
)
CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//netbook tests//one person//EN\r
BEGIN:VEVENT\r
UID:coffee-zoe@example.com\r
DTSTAMP:20260520T080000Z\r
DTSTART:20260520T090000Z\r
DTEND:20260520T093000Z\r
SUMMARY:Coffee\r
ORGANIZER;CN=Owner Example:mailto:owner@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED;CN=Owner Example:mailto:owner@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED;CN=Zoe S.:mailto:zoe.home@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    google, calendar = tmp_path / "contacts.csv", tmp_path / "work.ics"
    google.write_text(GOOGLE, encoding="utf-8")
    calendar.write_text(CALENDAR, encoding="utf-8", newline="")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "netbook.toml").write_text('[owner]\nemails = ["owner@example.com"]\n')
    return {
        "linkedin": DATA / "linkedin" / "mini",
        "google": google,
        "calendar": calendar,
        "ws": ws,
    }


def test_three_sources_one_person_and_reimports_change_nothing(files: dict[str, Path]) -> None:
    ws = str(files["ws"])
    told = 0
    for name in ("linkedin", "google", "calendar"):
        result = netbook("import", str(files[name]), "-w", ws)
        assert result.returncode == 0, result.stderr
        assert f"({name})" in result.stdout  # detected, not forced
        told += int(re.search(r"(\d+) new people", result.stdout).group(1))  # type: ignore[union-attr]
    # "new people" counts people still apart once matched: the imports add up to who is listed.
    assert told == len(json.loads(netbook("people", "-w", ws, "-f", "json", "--limit", "0").stdout))
    listed = netbook("people", "Zo", "-w", ws, "-f", "json")
    people = json.loads(listed.stdout)
    assert len(people) == 1, people
    workspace = Workspace(ws)
    zoe = workspace.people().filter(pl.col("full_name").str.starts_with("Zo")).collect()
    assert zoe["sources"].to_list() == [["calendar", "google", "linkedin"]]
    person = zoe["person_id"].item()
    ids = workspace.identities().filter(pl.col("person_id") == person).collect()
    assert {(k, v) for k, v in ids.select("kind", "value").iter_rows() if k != "name"} == {
        ("linkedin_url", "linkedin.com/in/zoë-sample-12ab34cd"),
        ("email", "zoe@example.com"),
        ("email", "zoe.home@example.org"),
        ("phone", "+14155550142"),
        ("linkedin_connection", "zoë sample|2026-02-28"),  # her name and the day you connected
    }
    log = workspace.interactions().filter(pl.col("person_id") == person).collect()
    assert set(log["source"]) == {"linkedin", "calendar"}
    before = {t: workspace.table(t).height for t in ("people", "identities", "interactions")}
    for name in ("calendar", "google", "linkedin"):
        again = netbook("import", str(files[name]), "-w", ws)
        assert "0 new people, 0 new interactions" in again.stdout, again.stdout
    assert {t: workspace.table(t).height for t in before} == before
    health = netbook("health", "-w", ws, "--as-of", "2026-05-21", "-f", "json")
    rows = [r for r in json.loads(health.stdout) if r["person_id"] == person]
    assert rows[0]["days_since_contact"] == 1  # the calendar meeting counts


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("google", GOOGLE_HEADER + "Ada,,Example\x00\x00\x00,,", "contacts.csv"),
        ("calendar", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n", "work.ics:2"),
        ("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Example\n", "cards.vcf:1"),
    ],
)
def test_bad_input_is_one_line_and_loses_nothing(
    files: dict[str, Path], tmp_path: Path, name: str, content: str, where: str
) -> None:
    ws = str(files["ws"])
    assert netbook("import", str(files["linkedin"]), "-w", ws).returncode == 0
    netbook("log", "Ada", "--channel", "call", "--on", "2026-05-01", "-w", ws)
    before = {t: Workspace(ws).table(t).height for t in ("people", "interactions", "log")}
    bad = tmp_path / where.split(":")[0]
    bad.write_text(content, encoding="utf-8")
    result = netbook("import", str(bad), "-w", ws)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and where in lines[0], lines
    assert {t: Workspace(ws).table(t).height for t in before} == before
