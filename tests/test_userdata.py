"""What the user records by hand: it counts at once, survives imports, crashes and a second writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import api, userdata
from netbook.errors import NetbookError
from netbook.userdata import AmbiguousPersonError, PersonNotFoundError
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
AS_OF = date(2026, 6, 1)


@pytest.fixture
def ws(berlin_ws: Workspace) -> Workspace:
    return berlin_ws


def row(ws: Workspace, name: str, as_of: date = AS_OF) -> dict[str, object]:
    frame = api.health(ws, as_of=as_of).filter(pl.col("full_name").str.starts_with(name))
    assert frame.height == 1, frame
    return frame.row(0, named=True)


def test_a_logged_touch_resets_the_clock(ws: Workspace) -> None:
    before = row(ws, "Ada")
    assert before["days_since_contact"] > 30
    result = netbook(
        "log",
        "Ada Example",
        "--channel",
        "call",
        "--on",
        "2026-05-30",
        "--gave",
        "intro",
        "--note",
        "talked about the new team",
        "-w",
        str(ws.root),
    )
    assert result.returncode == 0, result.stderr
    assert "Logged call with Ada Example" in result.stdout
    after = row(ws, "Ada")
    assert after["days_since_contact"] == 2
    assert after["last_contact_at"].isoformat() == "2026-05-30T10:00:00+00:00"  # noon in Berlin
    assert after["touches_30d"] == pytest.approx(2.0)  # a call weighs 2
    assert after["outbound_365d"] == before["outbound_365d"] + 1
    # The future is not seen: as of the day before, the call has not happened.
    assert (
        row(ws, "Ada", date(2026, 5, 29))["days_since_contact"] == before["days_since_contact"] - 3
    )
    # By e-mail and by URL too; the note is kept.
    userdata.log_touch(ws, "zoe@example.com", channel="meeting", on=date(2026, 5, 31))
    userdata.log_touch(
        ws, "https://www.linkedin.com/in/ada-example/", channel="note", on=date(2026, 5, 31)
    )
    log = ws.table("log").sort("occurred_at", "channel")
    assert log["note"].to_list() == ["talked about the new team", None, None]
    assert log["detail"].to_list() == ["intro", None, None]
    assert log["value"].to_list() == ["given", "none", "none"]


def test_ambiguous_and_unknown_people_change_nothing(ws: Workspace) -> None:
    with pytest.raises(AmbiguousPersonError) as caught:
        userdata.log_touch(ws, "a", channel="call", on=AS_OF)  # in Ada's and Zoë's names
    assert caught.value.candidates.height >= 2
    with pytest.raises(PersonNotFoundError):
        userdata.snooze(ws, "Nobody Atall", until=AS_OF)
    result = netbook("log", "e", "--channel", "call", "--on", "2026-05-30", "-w", str(ws.root))
    assert result.returncode == 2
    assert result.stderr.startswith("error: 'e' matches ")
    assert "Ada Example" in result.stderr and "nothing changed" in result.stderr
    assert ws.table("log").is_empty() and ws.table("facts").is_empty()
    with pytest.raises(NetbookError, match="unknown channel"):
        userdata.log_touch(ws, "Ada", channel="fax", on=AS_OF)


def test_snooze_set_and_reimport(ws: Workspace) -> None:
    userdata.set_person(ws, "Ada", cadence_days=14)  # your cadence: due however few the touches
    assert api.due(ws, as_of=AS_OF)["full_name"].str.starts_with("Ada").any()
    userdata.snooze(ws, "Ada", until=date(2026, 7, 1))
    assert row(ws, "Ada")["status"] == "snoozed"
    assert row(ws, "Ada")["why"] == "snoozed until 2026-07-01"
    assert not api.due(ws, as_of=AS_OF)["full_name"].str.starts_with("Ada").any()
    assert row(ws, "Ada", date(2026, 7, 2))["status"] != "snoozed"  # wakes after the date
    result = netbook(
        "set",
        "Zoë",
        "--role",
        "mentor",
        "--tag",
        "coffee",
        "--tag",
        "berlin",
        "--cadence",
        "2w",
        "--closeness",
        "5",
        "-w",
        str(ws.root),
    )
    assert result.returncode == 0, result.stderr
    zoe = row(ws, "Zoë")
    assert zoe["role"] == "mentor"
    assert zoe["tags"] == ["berlin", "coffee"]
    assert zoe["cadence_days"] == 14
    assert zoe["strength_closeness"] == 1.0
    userdata.set_person(ws, "Zoë", untag=["berlin"], role="")
    zoe = row(ws, "Zoë")
    assert zoe["tags"] == ["coffee"] and zoe["role"] is None
    counts = {t: ws.table(t).height for t in ("log", "facts")}
    ws.import_paths([MINI], source="linkedin")  # an import never touches what you recorded
    assert {t: ws.table(t).height for t in counts} == counts
    assert row(ws, "Ada")["status"] == "snoozed"


WRITER = """
import sys
from datetime import date
from netbook import userdata
from netbook.workspace import Workspace
ws = Workspace(sys.argv[1])
for i in range(int(sys.argv[2])):
    entry = userdata.log_touch(ws, sys.argv[3], channel="note", on=date(2026, 1, 1 + i % 28))
    print(entry, flush=True)
"""


def _writer(ws: Workspace, count: int, person: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(ws.root), str(count), person],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )


@pytest.mark.parametrize("after_lines", [1, 5])
def test_killed_mid_write_loses_nothing_committed(ws: Workspace, after_lines: int) -> None:
    process = _writer(ws, 10_000, "Ada Example")
    assert process.stdout is not None
    committed = [process.stdout.readline().strip() for _ in range(after_lines)]
    time.sleep(0.05 * after_lines)  # let it be somewhere inside a later write
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate()
    committed += [line for line in rest.splitlines() if line]
    stored = set(ws.table("log")["entry_id"].to_list())
    assert set(committed) <= stored  # every write it reported is there
    assert len(stored) - len(committed) <= 1  # at most the one it had no time to report
    assert api.health(ws, as_of=AS_OF).height > 0  # and the store still opens and computes


def test_two_writers_both_land(ws: Workspace) -> None:
    first, second = _writer(ws, 15, "Ada Example"), _writer(ws, 15, "zoe@example.com")
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert ws.table("log").height == 30
    log = ws.table("log")
    assert log.group_by("person_id").len()["len"].sort().to_list() == [15, 15]
