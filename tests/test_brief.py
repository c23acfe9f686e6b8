"""``netbook brief``: meeting briefs from a calendar, person briefs traceable to stored rows."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from exports import connections_export, profile
from netbook import api
from netbook.brief import brief_person, meeting_briefs
from netbook.brief.remind import brief_reminders
from netbook.brief.render import html_block
from netbook.brief.run import run_briefs
from netbook.cli import app
from netbook.rituals.promises import add_promise
from netbook.rituals.ties import add_knows
from netbook.workspace import Workspace

DATA = Path(__file__).parent / "data" / "calendar"
SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("calendar")
    ws = Workspace(root / "ws")
    for version in ("v1", "v2"):
        shutil.copy(DATA / f"planned_{version}.ics", root / "calendar.ics")
        ws.import_paths([root / "calendar.ics"])
    return ws


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("sample") / "ws")
    ws.import_paths([SAMPLE])
    return ws


def emails(ws: Workspace) -> dict[str, str]:
    ids = ws.identities().filter(pl.col("kind") == "email").collect()
    return dict(zip(ids["person_id"], ids["value"], strict=True))


def test_briefs_cover_exactly_the_meetings_ahead_and_their_attendees(calendar: Workspace) -> None:
    found = meeting_briefs(calendar, AS_OF, 7)
    address = emails(calendar)
    seen = [
        (m["title"], m["start"], sorted(address[p["who"]["person_id"]] for p in m["people"]))
        for m in found["meetings"]
    ]
    # Past coffee, the cancelled pitch, the sync moved off 19 November and December: not in it.
    assert seen == [
        ("Team sync (moved)", "2026-11-20 10:00", ["ada@example.com", "cy@example.com"]),
        ("Lunch with Bo", "2026-11-21 12:00", ["bo@example.com"]),
    ]
    one_day = meeting_briefs(calendar, date(2026, 11, 21), 1)["meetings"]
    assert [m["title"] for m in one_day] == ["Lunch with Bo"]
    reminders = brief_reminders(calendar, AS_OF, 14)
    # 15 days from the as-of day: the 26 November sync was cancelled.
    assert reminders["on"].to_list() == [date(2026, 11, 20), date(2026, 11, 21)]
    assert all(
        re.search(r"file://.*/briefs/brief-2026-11-2[01]\.html#meeting-[0-9a-f]+", d)
        for d in reminders["description"]
    )


def test_meeting_history_is_never_read_from_the_future(calendar: Workspace) -> None:
    ada = next(p for p, e in emails(calendar).items() if e == "ada@example.com")
    brief = brief_person(calendar, ada, AS_OF)["person"]
    days = [t["on"] for t in brief["history"]["recent"]]
    assert days and max(days) <= AS_OF.isoformat()
    # The weekly team sync of three (Thursday 12 November), not the sync moved to the 20th.
    assert brief["history"]["last_by_channel"] == [
        {"channel": "meeting", "direction": "outbound", "on": "2026-11-12"}
    ]


@pytest.mark.parametrize("name", ["Robin Fairbrook", "Maëlle Juniper", "Nadia Vantongeren"])
def test_person_briefs_on_the_sample_trace_to_stored_rows(sample: Workspace, name: str) -> None:
    people = sample.people().collect()
    matches = people.filter(pl.col("full_name").str.starts_with(name))
    pid = matches["person_id"][0]
    brief = brief_person(sample, pid, AS_OF)["person"]
    row = matches.row(0, named=True)
    who = brief["who"]
    assert (who["company"], who["position"]) == (row["company"], row["position"])
    log = (
        sample.interactions()
        .filter((pl.col("person_id") == pid) & ~pl.col("is_group").fill_null(False))
        .select(
            pl.col("channel").cast(pl.String),
            pl.col("direction").cast(pl.String),
            pl.col("occurred_at").dt.convert_time_zone(sample.settings().time.zone).dt.date(),
        )
        .collect()
    )
    stored = {(c, d, o.isoformat()) for c, d, o in log.rows()}
    for touch in brief["history"]["recent"] + brief["history"]["last_by_channel"]:
        assert (touch["channel"], touch["direction"], touch["on"]) in stored
    assert brief["history"]["recent"], "the sample has messages with each of them"
    for other in brief["mutual"]:
        mate = people.filter(pl.col("person_id") == other["person_id"]).row(0, named=True)
        if other["how"].startswith("colleague at"):
            seen = sample.observations().collect()
            both = seen.filter(pl.col("person_id").is_in([pid, mate["person_id"]]))
            shared = both.group_by("observed_on", pl.col("company").str.to_lowercase()).len()
            assert (shared["len"] == 2).any()
        else:
            groups = sample.interactions().filter(pl.col("is_group").fill_null(False)).collect()
            both = groups.filter(pl.col("person_id").is_in([pid, other["person_id"]]))
            shared = both.group_by("thread_id").agg(pl.col("person_id").n_unique())
            assert (shared["person_id"] == 2).any()
    assert brief["opener"]["text"] and brief["opener"]["based_on"]
    zone = sample.settings().time.zone
    first = (
        sample.interactions()
        .filter(pl.col("person_id") == pid)
        .select(pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().min())
        .collect()
        .item()
    )
    assert first <= AS_OF
    starts = [d for d in (row["connected_on"], first) if d is not None]
    assert who["since"] == min(starts).isoformat()
    health = api.health(sample, as_of=AS_OF).filter(pl.col("person_id") == pid).row(0, named=True)
    assert (brief["tie"]["strength"], brief["tie"]["layer"]) == (
        round(health["strength"], 2),
        health["layer"],
    )


def test_promises_and_knows_links_show_and_lead_the_opener(
    sample: Workspace, tmp_path: Path
) -> None:
    ws = Workspace(tmp_path / "ws")
    shutil.copytree(sample.root, ws.root)
    add_promise(
        ws, "Robin Fairbrook", "send the deck", by=date(2026, 11, 20), made_at=date(2026, 11, 10)
    )
    add_knows(ws, "Robin Fairbrook", "Nadia Vantongeren")
    brief = brief_person(ws, "Robin Fairbrook", date(2026, 12, 31))["person"]
    assert any("send the deck" in owed for owed in brief["owed"]["yours"])
    assert "send the deck" in brief["opener"]["text"]
    assert any(m["full_name"] == "Nadia Vantongeren" for m in brief["mutual"])


def test_same_workspace_and_day_give_the_same_output(sample: Workspace) -> None:
    runner = CliRunner()
    args = ["brief", "Robin Fairbrook", "--as-of", "2026-11-16", "-w", str(sample.root)]
    first = runner.invoke(app, [*args, "--format", "json"])
    second = runner.invoke(app, [*args, "--format", "json"])
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    assert json.loads(first.output)["person"]["who"]["full_name"] == "Robin Fairbrook"
    md = runner.invoke(app, [*args, "--format", "md"])
    assert "### Robin Fairbrook" in md.output and "- Opener:" in md.output


def test_the_html_brief_is_offline_and_escapes_stored_text(
    calendar: Workspace, tmp_path: Path
) -> None:
    ws = Workspace(tmp_path / "ws")
    shutil.copytree(calendar.root, ws.root)
    with ws.connect(write=True) as connection:
        connection.execute(
            "UPDATE people SET full_name = '<script>alert(1)</script>' WHERE person_id IN "
            "(SELECT person_id FROM identities WHERE value = 'bo@example.com')"
        )
        connection.execute("UPDATE meetings SET title = '<img src=x onerror=alert(2)>'")
    block = html_block(meeting_briefs(ws, AS_OF, 7))
    assert "<script>" not in block and "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    (page,) = run_briefs(ws, [date(2026, 11, 21)], tmp_path / "out")
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert" not in text and "<img src=x" not in text
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", text)
    again = run_briefs(ws, [date(2026, 11, 21)], tmp_path / "out")
    assert again[0].read_text(encoding="utf-8") == text


def test_the_command_line_briefs_the_meetings_ahead(calendar: Workspace) -> None:
    args = ["brief", "--as-of", "2026-11-16", "--days", "7", "-w", str(calendar.root)]
    shown = CliRunner().invoke(app, [*args, "--format", "md"])
    assert shown.exit_code == 0, shown.output
    headings = [line for line in shown.output.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 2026-11-20 10:00-10:30 Team sync (moved)",
        "## 2026-11-21 12:00-13:00 Lunch with Bo",
    ]
    assert "### Ada Example" in shown.output and "Pitch review" not in shown.output


def test_a_weekly_sync_of_three_is_contact_in_health(calendar: Workspace) -> None:
    """Ada's weekly team sync (the owner, Ada and Cy) keeps her in touch: last contact on
    Thursday 12 November, four days before the as-of day, a sync a week in the last 30 days."""
    ada = next(p for p, e in emails(calendar).items() if e == "ada@example.com")
    row = api.health(calendar, as_of=AS_OF).filter(pl.col("person_id") == ada).row(0, named=True)
    assert row["days_since_contact"] == 4
    # Four syncs, each half a meeting's weight of 3 (two others), and a 1:1 on 2 November.
    assert row["touches_30d"] == pytest.approx(4 * 0.5 * 3 + 3)


def test_an_all_hands_does_not_make_its_attendees_know_each_other(tmp_path: Path) -> None:
    """A meeting of 20 (an all-hands) links nobody in `who` / `intros` / briefs; a meeting of
    three links its two others."""
    from netbook.brief.edges import edges

    crowd = "".join(f"ATTENDEE:mailto:p{i}@big.example\n" for i in range(20))
    path = tmp_path / "work.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//netbook tests//EN\n"
        "BEGIN:VEVENT\nUID:all\nDTSTAMP:20261110T000000Z\nDTSTART:20261103T100000Z\n"
        "SUMMARY:All-hands\nORGANIZER:mailto:owner@example.com\n"
        "ATTENDEE:mailto:owner@example.com\n" + crowd + "END:VEVENT\n"
        "BEGIN:VEVENT\nUID:three\nDTSTAMP:20261110T000000Z\nDTSTART:20261104T100000Z\n"
        "SUMMARY:Design review\nORGANIZER:mailto:owner@example.com\n"
        "ATTENDEE:mailto:owner@example.com\nATTENDEE:mailto:p0@big.example\n"
        "ATTENDEE:mailto:p1@big.example\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    (ws.root / "netbook.toml").write_text('[owner]\nemails = ["owner@example.com"]\n')
    ws.import_paths([path])
    found = edges(ws, date(2026, 11, 16))
    assert found.height == 2  # p0 and p1, both ways, from the design review only
    assert set(found["detail"]) == {"met in 'Design review' 2026"}


def test_an_old_jobs_colleague_is_not_said_to_work_where_they_work_now(tmp_path: Path) -> None:
    """Farah moved from Bureau Fictief to Glasshouse: Aiko, of Bureau, does not 'work there too'."""
    from netbook.brief.opener import opener

    rows = {
        "10-01-2026": {"farah": "Bureau Fictief", "aiko": "Bureau Fictief", "bob": "Globex"},
        "11-01-2026": {"farah": "Glasshouse", "aiko": "Bureau Fictief", "bob": "Glasshouse"},
    }
    ws = Workspace(tmp_path / "ws")
    for day, companies in rows.items():
        export = connections_export(
            tmp_path / f"Complete_LinkedInDataExport_{day}",
            [
                (slug.title(), "Example", profile(slug), "", company, "Analyst", "01 Jan 2025")
                for slug, company in companies.items()
            ],
        )
        ws.import_paths([export])
    brief = brief_person(ws, "Farah Example", date(2026, 11, 16))["person"]
    mates = {m["full_name"]: m["works_there"] for m in brief["mutual"]}
    assert mates == {"Aiko Example": False, "Bob Example": True}
    # And the other way round: Aiko still works at Bureau Fictief, Farah does not any more.
    aikos = brief_person(ws, "Aiko Example", date(2026, 11, 16))["person"]["mutual"]
    assert {m["full_name"]: m["works_there"] for m in aikos} == {"Farah Example": False}
    # The opener says "works there too" of Bob only.
    told = {"who": {"full_name": "Farah Example", "company": "Glasshouse"}, "news": []}
    told |= {"history": {"recent": []}, "owed": {"yours": []}, "events": []}
    aiko, bob = sorted(brief["mutual"], key=lambda m: str(m["full_name"]))
    old = opener({**told, "mutual": [aiko]})
    assert old["text"] == "Hi Farah, how is Aiko Example doing? I believe you two know each other."
    now = opener({**told, "mutual": [bob]})
    assert (
        now["text"]
        == "Hi Farah, how are things at Glasshouse? Bob Example works there too, I think."
    )


def test_a_one_day_look_ahead_is_one_day(calendar: Workspace) -> None:
    from netbook.brief.render import markdown

    assert markdown(meeting_briefs(calendar, AS_OF, 1)).startswith(
        f"# Meeting briefs: 1 day from {AS_OF}"
    )
    assert markdown(meeting_briefs(calendar, AS_OF, 7)).startswith(
        f"# Meeting briefs: 7 days from {AS_OF}"
    )
