"""The earlier weeks' plans kept between runs: the same plan as computing them, never stale."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from imported import imported_on
from netbook import plan, plan_cache, plan_history, userdata
from netbook.rituals.ties import Network
from netbook.workspace import Workspace

AS_OF = date(2026, 11, 18)


@pytest.fixture
def sample_ws(sample_ws: Workspace) -> Workspace:
    """The sample as if imported on 1 October: its plans in November carry earlier weeks."""
    return imported_on(sample_ws, date(2026, 10, 1))


class Counted:
    """Counts the Sundays :func:`netbook.plan.read_sources` reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.days: list[date] = []
        real = plan.read_sources

        def counted(
            workspace: Workspace,
            basis: date,
            health: pl.DataFrame | None = None,
            network: Network | None = None,
            rituals: plan.Rituals | None = None,
        ) -> plan.Sources:
            self.days.append(basis)
            return real(workspace, basis, health, network, rituals)

        monkeypatch.setattr(plan, "read_sources", counted)


def _uncached(workspace: Workspace, as_of: date) -> pl.DataFrame:
    (workspace.root / plan_cache.FILE).unlink(missing_ok=True)
    found = plan.plan(workspace, as_of)
    (workspace.root / plan_cache.FILE).unlink(missing_ok=True)
    return found


def _made_anew(workspace: Workspace, as_of: date, per_week: int | None = None) -> pl.DataFrame:
    """The plan with every week computed from the store: nothing kept, no plan recorded."""
    for path in (plan_cache.FILE, plan_history.FILE):
        (workspace.root / path).unlink(missing_ok=True)
    return plan.plan(workspace, as_of, per_week=per_week)


def test_a_second_plan_chooses_nothing_again_and_is_the_same(
    sample_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    first = plan.plan(sample_ws, AS_OF)
    assert counted.days == [plan.week_basis(AS_OF)]  # earlier weeks are read as shown, not made
    path = sample_ws.root / plan_cache.FILE
    assert path.exists() and path.stat().st_mode & 0o077 == 0
    counted.days.clear()
    again = plan.plan(sample_ws, AS_OF)
    assert counted.days == []  # this week's actions were kept too
    assert again.equals(first)


def test_a_back_dated_plan_is_the_one_computed_without_kept_weeks(sample_ws: Workspace) -> None:
    earlier = AS_OF - timedelta(days=7)
    expected = _uncached(sample_ws, earlier)
    plan.plan(sample_ws, AS_OF)  # keeps the weeks before this one, some of them earlier's too
    assert plan.plan(sample_ws, earlier).equals(expected)


def test_a_logged_touch_a_setting_and_another_size_give_another_key(
    sample_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sunday = plan.week_basis(AS_OF)
    first = plan.plan(sample_ws, AS_OF)
    person = first["person_id"][0]
    # Logged in an earlier week: it changes what that week's plan left to do.
    userdata.log_touch(sample_ws, person, channel="call", on=AS_OF - timedelta(days=8))
    counted = Counted(monkeypatch)
    after = plan.plan(sample_ws, AS_OF)
    # This week's actions are chosen again; earlier weeks are read as their plans were made
    # (plan_history), and what was done in them is read again.
    assert counted.days == [sunday]
    assert person not in after["person_id"].to_list()
    assert after.equals(_made_anew(sample_ws, AS_OF))
    counted.days.clear()
    smaller = plan.plan(sample_ws, AS_OF, per_week=3)
    assert counted.days == [sunday]
    assert smaller.equals(_uncached_size(sample_ws, AS_OF, 3))
    text = sample_ws.settings_path.read_text()
    sample_ws.settings_path.write_text(text.replace("# pause_days = 14", "pause_days = 3"))
    counted.days.clear()
    plan.plan(sample_ws, AS_OF)
    assert counted.days == [sunday]


def _uncached_size(workspace: Workspace, as_of: date, per_week: int) -> pl.DataFrame:
    (workspace.root / plan_cache.FILE).unlink(missing_ok=True)
    return plan.plan(workspace, as_of, per_week=per_week)


@pytest.mark.parametrize("text", ["", "{", '{"key": 3}', '{"key": "x", "weeks": []}', "[1, 2]"])
def test_an_unreadable_or_foreign_file_is_ignored(sample_ws: Workspace, text: str) -> None:
    expected = _uncached(sample_ws, AS_OF)
    path: Path = sample_ws.root / plan_cache.FILE
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    assert plan.plan(sample_ws, AS_OF).equals(expected)


def test_kept_weeks_that_a_key_does_not_match_are_never_read(
    sample_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.plan(sample_ws, AS_OF)
    path = sample_ws.root / plan_cache.FILE
    kept = path.read_text()
    # Another store state (here: a promise made) with the old file in place.
    userdata_promise(sample_ws)
    path.write_text(kept)
    counted = Counted(monkeypatch)
    plan.plan(sample_ws, AS_OF)
    assert counted.days == [plan.week_basis(AS_OF)]


def userdata_promise(workspace: Workspace) -> None:
    from netbook.rituals import promises

    person = plan.plan(workspace, AS_OF)["person_id"][0]
    made = datetime(2026, 10, 29, 12, tzinfo=UTC)
    promises.add_promise(
        workspace, person, "send the slides", by=AS_OF + timedelta(days=30), made_at=made
    )


def test_a_review_snapshot_keeps_and_reads_the_same_weeks(
    sample_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _uncached(sample_ws, AS_OF)
    with sample_ws.snapshot():
        assert plan.plan(sample_ws, AS_OF).equals(expected)
    counted = Counted(monkeypatch)
    with sample_ws.snapshot():
        assert plan.plan(sample_ws, AS_OF).equals(expected)
    assert counted.days == []
    assert plan.plan(sample_ws, AS_OF).equals(expected)  # the command line reads them too
    assert counted.days == []
