"""A review built while its kernel starts is the review the notebook's cell would have built.

``netbook.review.prepare`` builds the :class:`Review` named by ``NETBOOK_REVIEW_PREPARE`` in a
thread; ``Review(...)`` takes it only with the same parameters, and builds its own otherwise or
when the preparation failed (so the cell raises its own error). Also: the snapshot a review reads,
health computed once per block, and the import guard papermill loads under.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from netbook import api
from netbook.errors import InputError
from netbook.review import prepare
from netbook.review.notebook import Review
from netbook.startup import without
from netbook.workspace import Workspace

AS_OF = "2026-11-16"


def _parameters(ws: Workspace, as_of: str = AS_OF) -> dict[str, object]:
    return {
        "workspace": str(ws.root),
        "period": "month",
        "as_of": as_of,
        "pseudonymise": False,
        "renderer": "netbook",
    }


def _same(a: Review, b: Review) -> None:
    assert_frame_equal(a.health, b.health)
    assert_frame_equal(a.summary, b.summary)
    assert_frame_equal(a.week_plan, b.week_plan)
    assert_frame_equal(a.growth, b.growth)
    for mine, theirs in zip(a._actions, b._actions, strict=True):
        assert_frame_equal(mine, theirs)
    assert a.agreement().lines == b.agreement().lines
    assert a.intros().frame.equals(b.intros().frame)
    assert a.network_chart().to_plotly_json() == b.network_chart().to_plotly_json()


def test_the_prepared_review_is_taken_by_the_same_parameters(mini_ws: Workspace) -> None:
    environ = {prepare.ENV: prepare.encode(_parameters(mini_ws)), "OTHER": "kept"}
    assert prepare.start(environ)
    assert environ == {"OTHER": "kept"}  # the kernel's own subprocesses do not prepare again
    taken = Review(str(mini_ws.root), period="month", as_of=AS_OF)
    assert prepare.take() is None  # taken once
    built = Review.build(str(mini_ws.root), period="month", as_of=AS_OF)
    assert taken is not built
    _same(taken, built)
    assert taken.asked == built.asked


def test_a_review_prepared_for_today_is_taken_by_todays_date(
    mini_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `netbook review` without --as-of starts the kernel before it has found today's date (that
    # needs the workspace's zone); the cell then asks for that date by name.
    parameters = {**_parameters(mini_ws), "as_of": None}
    assert prepare.start({prepare.ENV: prepare.encode(parameters)})
    prepare._pending[0].result(timeout=120)  # built
    today = api.today(mini_ws).isoformat()

    def rebuilt(*args: object) -> None:
        raise AssertionError("the prepared review was not taken")

    monkeypatch.setattr(Review, "_build", rebuilt)
    taken = Review(str(mini_ws.root), period="month", as_of=today)
    assert str(taken.as_of) == today
    assert taken.asked[2] == today


def test_other_parameters_build_their_own_review(mini_ws: Workspace) -> None:
    assert prepare.start({prepare.ENV: prepare.encode(_parameters(mini_ws, "2026-10-31"))})
    review = Review(str(mini_ws.root), period="month", as_of=AS_OF)
    assert str(review.as_of) == AS_OF
    _same(review, Review.build(str(mini_ws.root), period="month", as_of=AS_OF))


def test_a_failed_preparation_leaves_the_error_to_the_cell(tmp_path: Path) -> None:
    empty = Workspace(tmp_path / "nothing")
    assert prepare.start({prepare.ENV: prepare.encode(_parameters(empty))})
    with pytest.raises(InputError, match="nothing has been imported"):
        Review(str(empty.root), period="month", as_of=AS_OF)


@pytest.mark.parametrize("value", [None, "", "not json", "[1, 2]"])
def test_nothing_is_prepared_without_a_parameters_object(value: str | None) -> None:
    environ = {} if value is None else {prepare.ENV: value}
    assert not prepare.start(environ)
    assert prepare.ENV not in environ
    assert prepare.take() is None


def test_a_snapshot_can_leave_columns_unread(mini_ws: Workspace) -> None:
    with mini_ws.snapshot({"interactions": ("person_id", "occurred_at")}):
        kept = mini_ws.table("interactions", ("person_id", "occurred_at"))
        with pytest.raises(pl.exceptions.ColumnNotFoundError):
            mini_ws.table("interactions", ("interaction_id",))
    assert not kept.is_empty()
    assert "interaction_id" in mini_ws.table("interactions").columns  # after the block: all


def test_health_is_computed_once_per_day_inside_a_block(mini_ws: Workspace) -> None:
    day = Review.build(mini_ws, as_of=AS_OF).as_of
    with mini_ws.snapshot():
        first = api.health(mini_ws, as_of=day)
        assert api.health(mini_ws, as_of=day) is first
    outside = api.health(mini_ws, as_of=day)
    assert outside is not first
    assert_frame_equal(outside, first)


def test_without_hides_a_module_only_inside_the_block() -> None:
    name = "tabnanny"  # in the standard library, and imported by nothing netbook uses
    if name in sys.modules:
        pytest.skip(f"{name} is imported already")
    with without(name, "json"):
        with pytest.raises(ImportError):
            __import__(name)
        import json  # imported before the block: never hidden

        assert json.dumps([1]) == "[1]"
    assert name not in sys.modules
    assert __import__(name).__name__ == name


def test_the_agreement_with_ratings_is_the_one_calibration_states(mini_ws: Workspace) -> None:
    from netbook import calibration, userdata

    review = Review.build(mini_ws, as_of=AS_OF)
    assert review.agreement().lines[0].startswith("You have not rated anyone yet")
    people = sorted(api.health(mini_ws, as_of=review.as_of)["person_id"])[:3]
    for who, closeness in zip(people, (5, 1, 3), strict=True):
        userdata.set_person(mini_ws, who, closeness=closeness)
    found = calibration.agreement(calibration.unrated(mini_ws, review.as_of))
    assert found.rated == 3
    lines = Review.build(mini_ws, as_of=AS_OF).agreement().lines
    assert lines == [found.sentence(), "Rate more people with `netbook rate` to sharpen it."]


@pytest.mark.parametrize(
    ("as_of", "told"),
    [
        ("2010-01-01", "Note: nothing in this workspace is dated on or before 2010-01-01"),
        ("2100-01-01", "and the days since read as silence"),
    ],
)
def test_a_review_outside_the_data_says_so(mini_ws: Workspace, as_of: str, told: str) -> None:
    """Empty lists before the data are no praise ('every follow-up made'); nor is silence after."""
    review = Review(str(mini_ws.root), period="month", as_of=as_of)
    assert told in review.plan().note  # the first thing the review says, before any list
    ordinary = Review(str(mini_ws.root), period="month", as_of="2026-04-10")
    assert not ordinary.plan().note.startswith("Note:")


def test_the_reviews_plan_tells_namesakes_apart(sample_ws: Workspace) -> None:
    """The review's plan table shows what `netbook plan` shows: which of two namesakes it means."""
    from netbook import plan

    review = Review(str(sample_ws.root), period="month", as_of=AS_OF)
    found = plan.plan(sample_ws, review.as_of)
    assert review.week_plan.equals(plan.told_apart(sample_ws, found))
    # The sample's plan has someone whose namesake is in the workspace: told by company.
    assert (review.week_plan["full_name"] != found["full_name"]).any()
