"""The sample's mail, chats and address book: deterministic, committed as generated, and one
network with the LinkedIn sample (each close contact is one person across every source)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from netbook import Workspace, api
from netbook.sample import write_sample
from netbook.sample.chats import write_off_linkedin

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
FOLDERS = ("contacts", "mail", "chats", "calendar")


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in FOLDERS
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def test_committed_files_are_the_generators_output(tmp_path: Path) -> None:
    write_off_linkedin(tmp_path, seed=7)
    assert digest(tmp_path) == digest(SAMPLE)


def test_one_network_across_linkedin_mail_whatsapp_and_slack(tmp_path: Path) -> None:
    truth = write_off_linkedin(tmp_path / "off", seed=3, connections=120, messages=600)
    write_sample(tmp_path / "linkedin", seed=3, connections=120, messages=600)
    off = tmp_path / "off"
    paths = [
        tmp_path / "linkedin",
        off / "contacts" / "phone.vcf",
        off / "mail" / "sample.mbox",
        off / "chats" / "whatsapp",
        off / "chats" / "slack",
        off / "calendar" / "work.ics",
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths(paths)
    log = ws.interactions().collect()
    counts = dict(
        log.group_by(pl.concat_str("source", pl.col("direction").cast(pl.String), separator=" "))
        .len()
        .iter_rows()
    )
    assert counts["mbox outbound"] == truth.mail_outbound
    assert counts["mbox inbound"] == truth.mail_inbound
    assert counts["whatsapp outbound"] == truth.whatsapp_outbound
    assert counts["whatsapp inbound"] == truth.whatsapp_inbound
    assert counts["slack outbound"] == truth.slack_outbound
    assert counts["slack inbound"] == truth.slack_inbound
    export = datetime(2026, 11, 16, 7, tzinfo=UTC)
    meetings = log.filter(pl.col("source") == "calendar")
    assert meetings.filter(pl.col("occurred_at") < export).height == truth.meeting_touches_past
    with ws.reading():
        planned = ws.table("meetings")
    assert planned.filter(pl.col("start_at") < export).height == truth.meetings_past
    week = planned.filter(pl.col("start_at").is_between(export, export + timedelta(days=7)))
    assert week.height == truth.meetings_ahead
    assert week.filter(pl.col("title") == "Team sync (moved)").height == 1
    assert planned.filter(pl.col("start_at") == datetime(2026, 11, 17, 10, tzinfo=UTC)).is_empty()
    people = ws.people().collect()
    joined = people.filter(pl.col("sources").list.contains("vcard"))
    assert joined.height == truth.close
    assert joined["sources"].list.contains("linkedin").all()
    met = people.filter(pl.col("sources").list.contains("calendar"))
    assert met["sources"].list.contains("vcard").all()  # every attendee joined a card
    off_linkedin = joined.filter(
        pl.col("sources").list.contains("whatsapp") | pl.col("sources").list.contains("slack")
    )
    assert off_linkedin.height >= truth.close // 2
    health = api.health(ws, as_of=date(2026, 11, 16))
    close = health.filter(pl.col("person_id").is_in(joined["person_id"].implode()))
    assert close.height == truth.close
    mine = log.filter(pl.col("person_id").is_in(joined["person_id"].implode()))
    on_linkedin = mine.filter(pl.col("source") == "linkedin").height
    assert mine.height - on_linkedin > on_linkedin  # their contact is mostly off LinkedIn
    (again,) = ws.import_paths([off / "chats" / "whatsapp"])
    assert again.written.interactions_added == 0


def test_a_folder_of_several_exports_imports_each_as_make_review_does(tmp_path: Path) -> None:
    """`netbook import data/sample`: the LinkedIn export first, then each other export in it."""
    from clirun import netbook

    one = netbook("import", str(SAMPLE), "-w", str(tmp_path / "one"), columns=200)
    assert one.returncode == 0, one.stderr
    named = [line.split(" (")[0] for line in one.stdout.splitlines() if " -> import #" in line]
    assert named == [
        str(SAMPLE / "linkedin"),
        str(SAMPLE / "calendar"),
        str(SAMPLE / "chats" / "slack"),
        str(SAMPLE / "chats" / "whatsapp"),
        str(SAMPLE / "contacts" / "phone.vcf"),
        str(SAMPLE / "mail"),
    ]
    each = Workspace(tmp_path / "each")
    off = ("contacts/phone.vcf", "mail/sample.mbox", "chats/whatsapp", "chats/slack")
    each.import_paths(
        [SAMPLE / "linkedin", *(SAMPLE / f for f in off), SAMPLE / "calendar/work.ics"]
    )
    whole = Workspace(tmp_path / "one")
    for table in ("people", "interactions"):
        assert whole.table(table).height == each.table(table).height, table


def test_exports_side_by_side_in_any_layout_are_each_imported(tmp_path: Path) -> None:
    """A LinkedIn zip beside a calendar folder, two LinkedIn exports, one a few folders down."""
    import shutil
    import zipfile

    from clirun import netbook

    def zipped(target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w") as archive:
            for file in sorted((SAMPLE / "linkedin").iterdir()):
                archive.write(file, file.name)
        return target

    def imported(folder: Path, ws: str) -> tuple[int, list[str]]:
        done = netbook("import", str(folder), "-w", str(tmp_path / ws), columns=300)
        lines = [line.split(" (")[0] for line in done.stdout.splitlines() if " -> import #" in line]
        return done.returncode, [str(Path(line).relative_to(folder)) for line in lines]

    side = tmp_path / "side"
    zipped(side / "Complete_LinkedInDataExport_11-16-2026.zip")
    shutil.copytree(SAMPLE / "calendar", side / "calendar")
    assert imported(side, "a") == (0, ["Complete_LinkedInDataExport_11-16-2026.zip", "calendar"])

    two = tmp_path / "two"
    zipped(two / "Basic_LinkedInDataExport_03-16-2026.zip")
    zipped(two / "Basic_LinkedInDataExport_12-16-2025.zip")  # older: imported first
    assert imported(two, "b") == (
        0,
        ["Basic_LinkedInDataExport_12-16-2025.zip", "Basic_LinkedInDataExport_03-16-2026.zip"],
    )

    deep = tmp_path / "deep"
    shutil.copytree(SAMPLE / "linkedin", deep / "2026" / "linkedin")
    (deep / "phone" / "backup").mkdir(parents=True)
    shutil.copy(SAMPLE / "contacts" / "phone.vcf", deep / "phone" / "backup")
    (deep / "notes.txt").write_text("not an export\n")
    (deep / ".DS_Store").write_bytes(b"\0\1")
    assert imported(deep, "c") == (0, ["2026/linkedin", "phone/backup/phone.vcf"])

    # One export that cannot be read is told; the others are imported, and the exit code is 1.
    broken = tmp_path / "broken"
    shutil.copytree(side, broken)
    ics = broken / "calendar" / "work.ics"
    ics.write_text(ics.read_text(encoding="utf-8").rsplit("END:VEVENT", 1)[0], encoding="utf-8")
    done = netbook("import", str(broken), "-w", str(tmp_path / "d"), columns=300)
    assert done.returncode == 1, done.stderr
    assert f"{broken / 'calendar'}: not imported: " in done.stdout
    assert "-> import #1" in done.stdout and "-> import #2" not in done.stdout
