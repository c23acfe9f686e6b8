"""Promises: recording and closing them, open and overdue ones, the keeping rate, back-dating."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from clirun import netbook
from netbook.errors import NetbookError
from netbook.rituals import promises as pr
from netbook.userdata import AmbiguousPersonError
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
ADA, GRACE, ZOE = "Ada Example, PhD", "Grace Sample, MBA", "Zoë Sample"


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 9, tzinfo=UTC)


@pytest.fixture
def ws(berlin_ws: Workspace) -> Workspace:
    return berlin_ws


@pytest.fixture
def made(ws: Workspace) -> dict[str, str]:
    """Four promises: one overdue, one kept, one kept late, one made later."""
    deck = pr.add_promise(ws, "Ada", "send the deck", by=date(2026, 11, 20), made_at=at(10))
    intro = pr.add_promise(ws, "Zoë", "intro to Bo", by=date(2026, 11, 18), made_at=at(10))
    notes = pr.add_promise(ws, "Grace", "share  notes ", by=date(2026, 11, 12), made_at=at(5))
    call = pr.add_promise(ws, "Ada", "call back", by=date(2026, 11, 25), made_at=at(21))
    pr.close_promise(ws, intro.promise_id, on=date(2026, 11, 17))
    pr.close_promise(ws, notes.promise_id[:6], on=date(2026, 11, 14))  # a prefix will do
    return {"deck": deck.promise_id, "intro": intro.promise_id, "notes": notes.promise_id,
            "call": call.promise_id}  # fmt: skip


def test_open_and_overdue_promises_with_why(ws: Workspace, made: dict[str, str]) -> None:
    frame = pr.open_promises(ws, date(2026, 11, 22))
    assert frame.columns == list(pr.COLUMNS)
    assert frame.select("promise_id", "status", "days_overdue").rows() == [
        (made["deck"], "overdue", 2),
        (made["call"], "open", 0),
    ]
    assert frame["why"].to_list() == [
        f"promised {ADA} 'send the deck' by 2026-11-20 (2 days overdue)",
        f"promised {ADA} 'call back' by 2026-11-25 (due in 3 days)",
    ]
    every = pr.promises(ws, date(2026, 11, 22))
    assert every.select("text", "made_on", "done_on", "status").rows() == [
        ("share notes", date(2026, 11, 5), date(2026, 11, 14), "done"),
        ("intro to Bo", date(2026, 11, 10), date(2026, 11, 17), "done"),
        ("send the deck", date(2026, 11, 10), None, "overdue"),
        ("call back", date(2026, 11, 21), None, "open"),
    ]
    assert every["why"][:2].to_list() == [
        f"promised {GRACE} 'share notes' by 2026-11-12: done on 2026-11-14, 2 days late",
        f"promised {ZOE} 'intro to Bo' by 2026-11-18: done on 2026-11-17",
    ]


def test_a_back_dated_as_of_does_not_see_later_promises_or_closings(
    ws: Workspace, made: dict[str, str]
) -> None:
    on_16th = pr.open_promises(ws, date(2026, 11, 16))
    # 'call back' was made on the 21st; 'intro to Bo' was done on the 17th; notes on the 14th.
    assert on_16th.select("text", "status").rows() == [
        ("intro to Bo", "open"),
        ("send the deck", "open"),
    ]
    assert on_16th["why"][0] == f"promised {ZOE} 'intro to Bo' by 2026-11-18 (due in 2 days)"
    on_13th = pr.open_promises(ws, date(2026, 11, 13))
    assert on_13th["why"][0] == f"promised {GRACE} 'share notes' by 2026-11-12 (1 day overdue)"
    assert pr.open_promises(ws, date(2026, 11, 20))["why"][0].endswith("by 2026-11-20 (due today)")
    assert pr.promises(ws, date(2026, 11, 4)).is_empty()


def test_promise_keeping_rate(ws: Workspace, made: dict[str, str]) -> None:
    # Month to the 22nd: deck (not done), intro (kept), notes (late) were due: 1 of 3.
    assert pr.promise_keeping_rate(ws, date(2026, 11, 22), "month") == pytest.approx(1 / 3)
    # Week of the 16th to the 22nd: deck and intro: 1 of 2.
    assert pr.promise_keeping_rate(ws, date(2026, 11, 22), "week") == 0.5
    # Back-dated to the 16th: only notes was due, and it was late.
    assert pr.promise_keeping_rate(ws, date(2026, 11, 16), "month") == 0.0
    assert pr.promise_keeping_rate(ws, date(2026, 11, 8), "week") is None


def test_bad_promises_and_closings_change_nothing(ws: Workspace, made: dict[str, str]) -> None:
    before = ws.table("promises").sort("promise_id")
    with pytest.raises(AmbiguousPersonError):
        pr.add_promise(ws, "a", "x", by=date(2026, 12, 1), made_at=at(10))
    with pytest.raises(NetbookError, match="needs a text"):
        pr.add_promise(ws, "Ada", " ", by=date(2026, 12, 1), made_at=at(10))
    with pytest.raises(NetbookError, match=r"--by 2026-11-09 is before the promise was made"):
        pr.add_promise(ws, "Ada", "x", by=date(2026, 11, 9), made_at=at(10))
    with pytest.raises(NetbookError, match="was done on 2026-11-17 already"):
        pr.close_promise(ws, made["intro"])
    with pytest.raises(NetbookError, match="no promise 'ffffffff'"):
        pr.close_promise(ws, "ffffffff")
    with pytest.raises(NetbookError, match="too short"):
        pr.close_promise(ws, "ab")
    with pytest.raises(NetbookError, match=r"--on 2026-11-09 is before the promise was made"):
        pr.close_promise(ws, made["deck"], on=date(2026, 11, 9))
    with pytest.raises(NetbookError, match=r"--on 2999-01-01 is in the future"):
        pr.close_promise(ws, made["deck"], on=date(2999, 1, 1))
    assert ws.table("promises").sort("promise_id").equals(before)


def test_cli_promise_as_the_issue_writes_it(ws: Workspace) -> None:
    where = ("-w", str(ws.root))
    made = netbook("promise", "Ada", "send the deck", "--by", "2099-01-01", *where)
    assert made.returncode == 0, made.stderr
    assert f"Promised {ADA} 'send the deck' by 2099-01-01" in made.stdout
    also = netbook("promise", "add", "Zoë", "intro to Bo", "--by", "2099-02-01", *where)
    assert also.returncode == 0, also.stderr
    listed = netbook("promise", "list", "-f", "json", *where)
    assert [p["text"] for p in json.loads(listed.stdout)] == ["send the deck", "intro to Bo"]
    deck = json.loads(listed.stdout)[0]["promise_id"]
    done = netbook("promise", "done", deck[:8], *where)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Promise {deck} 'send the deck': kept."
    assert "send the deck" not in netbook("promise", "list", *where).stdout
    every = json.loads(netbook("promise", "list", "--all", "-f", "json", *where).stdout)
    assert [(p["text"], p["status"]) for p in every] == [
        ("send the deck", "done"),
        ("intro to Bo", "open"),
    ]
    again = netbook("promise", "done", deck, *where)
    assert again.returncode == 2
    assert again.stderr.startswith(f"error: promise {deck} was done on ")
    assert again.stderr.count("\n") == 1
    assert "done" in netbook("promise", "--help").stdout


def test_a_promise_made_on_an_earlier_day(ws: Workspace) -> None:
    """Working through last week's notes: `--on` records the day a promise was made, so a due day
    before today is fine; a promise made in the future is refused and nothing is stored."""
    where = ("-w", str(ws.root))
    made = netbook("promise", "Ada", "send the deck", "--by", "2026-11-18", "--on", "2026-11-12",
                   *where)  # fmt: skip
    assert made.returncode == 0, made.stderr
    listed = json.loads(netbook("promise", "list", "--all", "-f", "json", *where).stdout)
    assert [(p["made_on"], p["due_on"]) for p in listed] == [("2026-11-12", "2026-11-18")]
    later = netbook("promise", "Ada", "call back", "--by", "2099-01-02", "--on", "2099-01-01",
                    *where)  # fmt: skip
    assert later.returncode == 2 and "--on 2099-01-01 is in the future" in later.stderr
    assert len(json.loads(netbook("promise", "list", "--all", "-f", "json", *where).stdout)) == 1


def test_options_may_come_first(ws: Workspace) -> None:
    """`netbook promise -w DIR Ada TEXT --by DAY` and `netbook promise -w DIR list` work as
    written (the workspace named before the person or the command)."""
    made = netbook("promise", "-w", str(ws.root), "Ada", "send the deck", "--by", "2099-01-01")
    assert made.returncode == 0, made.stderr
    listed = netbook("promise", "-w", str(ws.root), "list", "-f", "json")
    assert listed.returncode == 0, listed.stderr
    assert [p["text"] for p in json.loads(listed.stdout)] == ["send the deck"]
