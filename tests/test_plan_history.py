"""The plans shown, week by week: an item is carried when the plan of last week showed it."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from exports import linkedin_export
from imported import imported_on
from netbook import api, plan, plan_cache, plan_history
from netbook.workspace import Workspace
from test_plan_cache import Counted
from test_week_plan import _close_pair, at

LAST_WEEK, THIS_WEEK = date(2026, 11, 10), date(2026, 11, 17)  # weeks of 9 and 16 November
CLEO = ("cleo", "Cleo Late", "01 Jan 2024")
MET = [  # you wrote to Cleo in September: a question of hers waits for your answer
    ("t-cleo", ">cleo", at(date(2026, 9, 10), 9), "Good to meet you at the meetup, Cleo."),
    ("t-cleo", "cleo", at(date(2026, 9, 10), 18), "Likewise, thanks!"),
]
CV = ("t-cleo", "cleo", at(date(2026, 11, 6), 9), "Could you look at my CV before Friday?")


def _forgotten(workspace: Workspace) -> None:
    """No plan kept or recorded: the next one computes every earlier week from the store."""
    (workspace.root / plan_cache.FILE).unlink(missing_ok=True)
    (workspace.root / plan_history.FILE).unlink(missing_ok=True)


def _weekly(tmp_path: Path) -> Workspace:
    """Amy and Bob due since 5 November; last week's plan made on Tuesday 10 November.

    Then a fuller export is imported: Cleo's question of 6 November (unanswered) was not in the
    first one, so last week's plan never showed her.
    """
    connections, messages = _close_pair()
    messages += MET
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "first", [*connections, CLEO], messages)])
    imported_on(ws, date(2026, 11, 1))
    shown = api.plan(ws, as_of=LAST_WEEK)
    assert sorted(shown["full_name"]) == ["Amy Close", "Bob Close"]
    ws.import_paths([linkedin_export(tmp_path / "fuller", [*connections, CLEO], [*messages, CV])])
    return ws


def test_an_item_is_carried_only_if_the_plan_of_its_week_showed_it(tmp_path: Path) -> None:
    ws = _weekly(tmp_path)
    found = api.plan(ws, as_of=THIS_WEEK)
    carried = dict(zip(found["full_name"], found["carried"], strict=True))
    # Cleo waits for an answer since 6 November, but last week's plan did not know it.
    assert carried == {"Cleo Late": None, "Amy Close": "2nd week", "Bob Close": "2nd week"}
    assert found.filter(pl.col("full_name") == "Cleo Late")["action"].to_list() == ["answer"]
    # Forgotten what was shown: nothing is carried (the store as it is now would have put her in
    # last week's plan, but no plan showed her).
    _forgotten(ws)
    again = api.plan(ws, as_of=THIS_WEEK)
    assert again.drop("why", "carried").equals(found.drop("why", "carried"))
    assert again["carried"].to_list() == [None, None, None]


def test_a_weekly_users_plan_after_an_import_makes_only_its_own_sunday(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _weekly(tmp_path)
    counted = Counted(monkeypatch)
    first = api.plan(ws, as_of=THIS_WEEK)
    assert counted.days == [date(2026, 11, 15)]
    # Asked again: the same plan, from what was kept and recorded.
    counted.days.clear()
    assert api.plan(ws, as_of=THIS_WEEK).equals(first)
    assert counted.days == []
    path = ws.root / plan_history.FILE
    assert path.stat().st_mode & 0o077 == 0
    assert sorted(plan_history.load(ws, plan.CANDIDATE)) == ["2026-11-08", "2026-11-15"]


def test_a_recorded_week_still_drops_what_was_done_in_it(tmp_path: Path) -> None:
    connections, messages = _close_pair()
    messages += MET
    ws = _weekly(tmp_path)
    # You had written to Amy on Thursday 12 November; the export that holds it comes later.
    done = ("t-amy", ">amy", at(date(2026, 11, 12), 10), "Lunch on the 26th?")
    fuller = [*messages, CV, done]
    ws.import_paths([linkedin_export(tmp_path / "later", [*connections, CLEO], fuller)])
    found = api.plan(ws, as_of=THIS_WEEK)
    assert "Amy Close" not in found["full_name"].to_list()  # written to: not due again yet
    assert dict(zip(found["full_name"], found["carried"], strict=True))["Bob Close"] == "2nd week"


def test_a_plan_made_in_its_week_replaces_its_record_looking_back_never_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _weekly(tmp_path)
    last_sunday = plan_cache.sunday(date(2026, 11, 8))
    before = plan_history.load(ws, plan.CANDIDATE)[last_sunday]
    assert "Cleo Late" not in before["full_name"].to_list()
    # Asked for again weeks later (a back-dated plan or review): it shows Cleo, now imported,
    # but the week's record stays what the week showed, and this week's plan says so.
    assert "Cleo Late" in api.plan(ws, as_of=LAST_WEEK)["full_name"].to_list()
    assert plan_history.load(ws, plan.CANDIDATE)[last_sunday].equals(before)
    found = api.plan(ws, as_of=THIS_WEEK)
    assert dict(zip(found["full_name"], found["carried"], strict=True))["Cleo Late"] is None
    # Asked for during that week itself (after the import on Thursday 12 November): the latest
    # plan of a week is the one you saw.
    monkeypatch.setattr(api, "today", lambda workspace: date(2026, 11, 12))
    api.plan(ws, as_of=date(2026, 11, 12))
    after = plan_history.load(ws, plan.CANDIDATE)[last_sunday]
    assert "Cleo Late" in after["full_name"].to_list()
    monkeypatch.undo()
    found = api.plan(ws, as_of=THIS_WEEK)
    assert dict(zip(found["full_name"], found["carried"], strict=True))["Cleo Late"] == "2nd week"


def test_a_view_of_another_size_records_nothing(tmp_path: Path) -> None:
    ws = _weekly(tmp_path)
    text = (ws.root / plan_history.FILE).read_text()
    plan.plan(ws, THIS_WEEK, per_week=1)
    assert (ws.root / plan_history.FILE).read_text() == text


def test_the_first_plan_carries_nothing_and_a_week_without_a_plan_ends_a_streak(
    tmp_path: Path,
) -> None:
    connections, messages = _close_pair()
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", connections, messages)])
    imported_on(ws, date(2026, 10, 29))  # a Thursday: the week of 25 October ended after it
    # Amy and Bob are due from 5 November; no plan was made before 17 November.
    assert api.plan(ws, as_of=THIS_WEEK)["carried"].to_list() == [None, None]
    # Plans of the weeks of 2 and 9 November made now are recorded (they had none) ...
    api.plan(ws, as_of=date(2026, 11, 3))
    api.plan(ws, as_of=LAST_WEEK)
    assert api.plan(ws, as_of=THIS_WEEK)["carried"].to_list() == ["2nd week", "2nd week"]
    # ... and the plan of the week after next carries nothing: no plan was made the week before.
    assert api.plan(ws, as_of=date(2026, 12, 1))["carried"].to_list() == [None, None]


def test_plans_recorded_at_the_same_moment_are_all_kept(tmp_path: Path) -> None:
    ws = _weekly(tmp_path)
    week = plan_history.load(ws, plan.CANDIDATE)[plan_cache.sunday(date(2026, 11, 8))]
    sundays = [plan_cache.sunday(date(2026, 1, 4) + timedelta(weeks=n)) for n in range(16)]
    start = threading.Barrier(len(sundays))

    def record(sunday: str) -> None:
        start.wait()
        plan_history.record(ws, sunday, week, replace=False, known={})

    threads = [threading.Thread(target=record, args=(sunday,)) for sunday in sundays]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorded = plan_history.load(ws, plan.CANDIDATE)
    assert set(sundays) <= set(recorded)
    assert all(recorded[sunday].equals(week) for sunday in sundays)


def test_years_of_recorded_plans_are_kept_and_a_plan_reads_only_its_own_weeks(
    tmp_path: Path,
) -> None:
    ws = _weekly(tmp_path)
    path = ws.root / plan_history.FILE
    recorded = json.loads(path.read_text())
    last = recorded["weeks"]["2026-11-08"]
    # Six years of weekly plans before October (the week of 25 October had none).
    old = [plan_cache.sunday(date(2026, 10, 18) - timedelta(weeks=n)) for n in range(300)]
    recorded["weeks"] |= dict.fromkeys(old, last)
    path.write_text(json.dumps(recorded))
    found = api.plan(ws, as_of=THIS_WEEK)
    carried = dict(zip(found["full_name"], found["carried"], strict=True))
    assert carried == {"Cleo Late": None, "Amy Close": "2nd week", "Bob Close": "2nd week"}
    # This week's plan is recorded beside every earlier one, none lost.
    kept = plan_history.load(ws, plan.CANDIDATE)
    assert len(kept) == 302
    assert set(old) | {"2026-11-08", "2026-11-15"} == set(kept)
    assert kept[old[-1]].equals(kept["2026-11-08"])
    # Asked for some weeks, only those recorded come back.
    assert list(plan_history.load(ws, plan.CANDIDATE, ["2026-11-15", "1999-01-03"])) == [
        "2026-11-15"
    ]


HUGE = (  # a hand-edited order no float holds
    '{"version": "1", "weeks": {"2026-11-08": {"person_id": ["p"], "full_name": ["P"], '
    '"action": ["answer"], "why": ["w"], "since": ["2026-11-01"], "order": [1' + "0" * 400 + "]}}}"
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"version": "1", "weeks": []}',
        '{"version": "0", "weeks": {}}',
        "[1, 2]",
        "[" * 100_000 + "]" * 100_000,
        HUGE,
    ],
)
def test_an_unreadable_or_foreign_record_is_no_plan_shown(tmp_path: Path, text: str) -> None:
    ws = _weekly(tmp_path)
    _forgotten(ws)
    expected = api.plan(ws, as_of=THIS_WEEK)
    _forgotten(ws)
    (ws.root / plan_history.FILE).write_text(text)
    assert api.plan(ws, as_of=THIS_WEEK).equals(expected)
    # The file is rewritten whole, readable again.
    assert list(plan_history.load(ws, plan.CANDIDATE)) == ["2026-11-15"]
