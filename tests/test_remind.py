"""``netbook remind``: promises, follow-ups, the due queue, milestones and job changes as iCalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import polars as pl
import pytest
import typer
from typer.testing import CliRunner

import clirun
from netbook import api, userdata
from netbook.cli import remind as cli_rituals_remind
from netbook.errors import NetbookError
from netbook.rituals import remind
from netbook.rituals.events import add_event
from netbook.rituals.promises import add_promise, close_promise
from netbook.sample import LaterTruth, write_later_sample, write_sample
from netbook.userdata import log_touch
from netbook.workspace import Workspace

SIZE = {"seed": 7, "connections": 200, "messages": 400}
AS_OF = date(2026, 12, 16)
ODD = 'Zoë "Zed" O\'Semi; Colon, Comma \\ Slash'
BOOK = (
    "Name,E-mail,Birthday\n"
    "Ada Example,ada@example.com,1990-01-02\n"
    f'"{ODD.replace(chr(34), chr(34) * 2)}",zed@example.com,--12-20\n'
    "Bo Sample,bo@example.com,--11-30\n"
)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, LaterTruth]:
    root = tmp_path_factory.mktemp("exports")
    write_sample(root / "first", zip=True, **SIZE)
    truth = write_later_sample(root / "later", zip=True, **SIZE)
    (first,) = (root / "first").glob("*.zip")
    (later,) = (root / "later").glob("*.zip")
    assert truth.exported_on == AS_OF
    return first, later, truth


@pytest.fixture
def ws(tmp_path: Path, exports: tuple[Path, Path, LaterTruth]) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    workspace.settings_path.write_text('[time]\nzone = "UTC"\n', encoding="utf-8")
    book = tmp_path / "book.csv"
    book.write_text(BOOK, encoding="utf-8")
    workspace.import_paths([exports[0], exports[1], book])
    return workspace


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID twice"
    return found


def person_id(ws: Workspace, name: str) -> str:
    frame = ws.people().filter(pl.col("full_name") == name).collect()
    assert frame.height == 1
    return str(frame["person_id"][0])


def test_calendar_holds_due_milestones_and_job_changes(
    ws: Workspace, exports: tuple[Path, Path, LaterTruth], tmp_path: Path
) -> None:
    truth = exports[2]
    # Three ties with a cadence of your own that falls due in the next three weeks.
    quiet = (
        api.health(ws, as_of=AS_OF)
        .filter((pl.col("status") == "ok") & pl.col("days_since_contact").is_between(1, 300))
        .sort("person_id")
        .head(3)
    )
    assert quiet.height == 3
    for ahead, row in zip((3, 5, 8), quiet.iter_rows(named=True), strict=True):
        userdata.set_person(ws, row["person_id"], cadence_days=row["days_since_contact"] + ahead)
    path = tmp_path / "out" / "netbook.ics"
    written = remind.write_ics(ws, path, as_of=AS_OF, days=21)  # into 2027
    found = events(path)
    assert set(found) == set(written["uid"])
    stamp = datetime(2026, 12, 16, tzinfo=UTC)
    for event in found.values():
        assert event["dtstamp"].dt == stamp
        assert event["dtend"].dt == event["dtstart"].dt + timedelta(days=1)
        assert str(event["transp"]) == "TRANSPARENT"
        assert AS_OF <= event["dtstart"].dt <= AS_OF + timedelta(days=21)

    # The due queue's head on the day itself; others on their due date within the three weeks;
    # at most DUE_PER_DAY a day, the most important first.
    queue = api.due(ws, as_of=AS_OF)
    health = api.health(ws, as_of=AS_OF)
    everyone_soon = health.filter(
        (pl.col("status") == "ok")
        & pl.col("due_on").is_between(AS_OF + timedelta(days=1), AS_OF + timedelta(days=21))
        & ~pl.col("person_id").is_in(queue["person_id"].implode())
    )
    due = queue.head(remind.DUE_PER_DAY)
    soon = (
        everyone_soon.sort(["due_on", "priority", "person_id"], descending=[False, True, False])
        .group_by("due_on", maintain_order=True)
        .head(remind.DUE_PER_DAY)
    )
    assert queue.height > remind.DUE_PER_DAY  # the limit is exercised
    assert soon.height > 0
    busiest = everyone_soon.group_by("due_on").len()["len"].max()
    days = sum(u.startswith("netbook-due-") for u in found)
    assert days == due.height + soon.height
    assert isinstance(busiest, int)
    if busiest > remind.DUE_PER_DAY:
        assert soon.height < everyone_soon.height
    for row in due.iter_rows(named=True):
        event = found[f"netbook-due-{row['person_id']}@netbook.local"]
        assert event["dtstart"].dt == AS_OF
        assert str(event["summary"]) == f"Reach out to {row['full_name']}"
        assert str(event["description"]) == row["why"]
    for row in soon.iter_rows(named=True):
        event = found[f"netbook-due-{row['person_id']}@netbook.local"]
        assert event["dtstart"].dt == row["due_on"]
        assert str(event["description"]).startswith(f"due on {row['due_on']} (every ")

    # Birthdays, with untrusted text escaped and read back as it was.
    zed = found[f"netbook-birthday-{person_id(ws, ODD)}-2026@netbook.local"]
    assert str(zed["summary"]) == f"Wish {ODD} a happy birthday"
    assert zed["dtstart"].dt == date(2026, 12, 20)
    assert str(zed["description"]) == "birthday on 2026-12-20"
    ada = found[f"netbook-birthday-{person_id(ws, 'Ada Example')}-2027@netbook.local"]
    assert ada["dtstart"].dt == date(2027, 1, 2)
    assert str(ada["description"]) == "turns 37 on 2027-01-02"
    assert not any(u.startswith(f"netbook-birthday-{person_id(ws, 'Bo Sample')}") for u in found)

    # Every job change, to congratulate today.
    for change in truth.changes:
        event = found[f"netbook-job-change-{change.person_id}-20261216@netbook.local"]
        assert event["dtstart"].dt == AS_OF
        assert str(event["summary"]).startswith("Congratulate ")
        what = "promotion" if change.kind == "promotion" else "new job"
        assert str(event["summary"]).endswith(f" on the {what}")
        assert str(event["description"]).endswith(": congratulate")
    assert sum(u.startswith("netbook-job-change-") for u in found) == len(truth.changes)
    anniversaries = [u for u in found if u.startswith("netbook-connection-anniversary-")]
    for uid in anniversaries:
        assert " connected with " in str(found[uid]["summary"])


def test_the_same_day_gives_the_same_bytes_and_a_later_export_updates(
    ws: Workspace, exports: tuple[Path, Path, LaterTruth], tmp_path: Path
) -> None:
    path = tmp_path / "netbook.ics"
    remind.write_ics(ws, path, as_of=AS_OF)
    first = path.read_bytes()
    remind.write_ics(ws, path, as_of=AS_OF)
    assert path.read_bytes() == first
    assert remind.write_ics(ws, tmp_path / "other.ics", as_of=AS_OF).height > 0
    assert (tmp_path / "other.ics").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".csv" and p.is_file()) == [
        "netbook.ics",
        "other.ics",
    ]
    assert path.stat().st_mode & 0o777 == 0o600

    # Congratulated: the job change's reminder goes, the others keep their UIDs.
    change = exports[2].changes[0]
    userdata.log_touch(ws, change.person_id, channel="message", on=AS_OF)
    remind.write_ics(ws, path, as_of=AS_OF + timedelta(days=1))
    again = events(path)
    gone = f"netbook-job-change-{change.person_id}-20261216@netbook.local"
    assert gone not in again
    assert f"netbook-job-change-{exports[2].changes[1].person_id}-20261216@netbook.local" in again
    assert next(iter(again.values()))["dtstamp"].dt == datetime(2026, 12, 17, tzinfo=UTC)


def test_promises_and_follow_ups_owed_are_reminded(ws: Workspace, tmp_path: Path) -> None:
    day = date(
        2026, 11, 25
    )  # back-dated: closing a promise or logging a touch is never in the future
    made = datetime(2026, 11, 10, 9, tzinfo=UTC)
    soon = add_promise(ws, "Ada Example", "send the deck", by=day + timedelta(days=3), made_at=made)
    late = add_promise(ws, "Bo Sample", "intro to Cy", by=day - timedelta(days=2), made_at=made)
    kept = add_promise(ws, "Bo Sample", "call back", by=day - timedelta(days=5), made_at=made)
    close_promise(ws, kept.promise_id, on=day - timedelta(days=6))
    far = add_promise(ws, "Ada Example", "book review", by=day + timedelta(days=30), made_at=made)
    meetup = add_event(
        ws, "Berlin Meetup", on=day - timedelta(days=5), met=["ada@example.com", "Bo Sample"]
    )
    add_event(ws, "Old Conference", on=day - timedelta(days=60), met=["Ada Example"])
    ada, bo = person_id(ws, "Ada Example"), person_id(ws, "Bo Sample")
    path = tmp_path / "netbook.ics"
    remind.write_ics(ws, path, as_of=day, days=14)
    found = events(path)
    promised = {u: e for u, e in found.items() if u.startswith("netbook-promise-")}
    assert {u: (e["dtstart"].dt, str(e["summary"])) for u, e in promised.items()} == {
        f"netbook-promise-{soon.promise_id}@netbook.local": (
            day + timedelta(days=3),
            "Keep your promise to Ada Example: send the deck",
        ),
        f"netbook-promise-{late.promise_id}@netbook.local": (
            day,
            "Keep your promise to Bo Sample: intro to Cy",
        ),
    }  # neither the kept one nor the one due after the window
    assert far.promise_id not in "".join(promised)
    assert "2 days overdue" in str(
        promised[f"netbook-promise-{late.promise_id}@netbook.local"]["description"]
    )
    owed = {u: e for u, e in found.items() if u.startswith(f"netbook-follow-up-{meetup.event_id}")}
    others = [u for u in found if u.startswith("netbook-follow-up-") and u not in owed]
    assert all(str(found[u]["dtstart"].dt) == str(day) for u in others)  # the sample's own events
    assert set(owed) == {
        f"netbook-follow-up-{meetup.event_id}-{pid}@netbook.local" for pid in (ada, bo)
    }  # the conference 60 days ago is stale
    for event in owed.values():
        assert event["dtstart"].dt == day
        assert str(event["summary"]).endswith("(Berlin Meetup)")
    # a message to Ada closes her follow-up; the next export drops it and keeps Bo's
    log_touch(ws, "Ada Example", channel="message", on=datetime(2026, 11, 22, 10, tzinfo=UTC))
    remind.write_ics(ws, path, as_of=day, days=14)
    again = {u for u in events(path) if u.startswith(f"netbook-follow-up-{meetup.event_id}")}
    assert again == {f"netbook-follow-up-{meetup.event_id}-{bo}@netbook.local"}
    result = clirun.netbook(
        "remind", "--ics", str(path), "--as-of", "2026-11-25", "-w", str(ws.root)
    )
    assert "2 promise" in result.stdout and f"{1 + len(others)} follow up" in result.stdout


def test_more_sources_plug_in(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    def calls(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "uid": ["netbook-call-1@netbook.local", "netbook-call-1@netbook.local"],
                "on": [as_of + timedelta(days=2), as_of],
                "summary": ["Call Ada", "a duplicate"],
            }
        )

    monkeypatch.setattr(remind, "REMINDER_SOURCES", [*remind.REMINDER_SOURCES, calls])
    frame = remind.reminders(ws, AS_OF, 14)
    row = frame.filter(pl.col("uid") == "netbook-call-1@netbook.local")
    assert row.select("on", "summary", "description").rows() == [
        (AS_OF + timedelta(days=2), "Call Ada", None)
    ]
    assert frame.equals(frame.sort("on", "uid"))
    only = remind.reminders(ws, AS_OF, 14, sources=[calls])
    assert only.height == 1

    def broken(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
        return pl.DataFrame({"on": [as_of]})

    with pytest.raises(NetbookError, match="broken returned no uid, summary"):
        remind.reminders(ws, AS_OF, 14, sources=[broken])
    with pytest.raises(NetbookError, match="negative"):
        remind.reminders(ws, AS_OF, -1)


def test_command_line(ws: Workspace, tmp_path: Path) -> None:
    expected = tmp_path / "expected.ics"
    remind.write_ics(ws, expected, as_of=AS_OF, days=7)
    path = tmp_path / "cli.ics"
    result = clirun.netbook(
        "remind", "--ics", str(path), "--as-of", "2026-12-16", "--days", "7", "-w", str(ws.root)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ")
    assert path.read_bytes() == expected.read_bytes()
    bad = clirun.netbook("remind", "--ics", str(path), "--as-of", "soon", "-w", str(ws.root))
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --as-of 'soon' is not a date")


def test_register_adds_the_command(ws: Workspace, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("noop")(lambda: None)
    cli_rituals_remind.register(app)
    path = tmp_path / "runner.ics"
    result = CliRunner().invoke(
        app, ["remind", "--ics", str(path), "--as-of", "2026-12-16", "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    assert "due" in result.output
    assert "job change" in result.output
    assert events(path)
