"""Job changes: two sample exports a month apart give exactly the generator's changes."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from netbook import userdata
from netbook.keys import normalise_url
from netbook.rituals import jobs
from netbook.rituals.jobs import job_changes
from netbook.rituals.milestones import milestone_acknowledgements
from netbook.sample import LaterTruth, write_later_sample, write_sample
from netbook.workspace import Workspace

SIZE = {"seed": 7, "connections": 200, "messages": 400}


@dataclass(frozen=True)
class Exports:
    first: Path
    later: Path
    truth: LaterTruth


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    root = tmp_path_factory.mktemp("exports")
    write_sample(root / "first", zip=True, **SIZE)
    truth = write_later_sample(root / "later", zip=True, **SIZE)
    (first,) = (root / "first").glob("*.zip")
    (later,) = (root / "later").glob("*.zip")
    return Exports(first, later, truth)


@pytest.fixture
def ws(tmp_path: Path, exports: Exports) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    workspace.settings_path.write_text('[time]\nzone = "UTC"\n', encoding="utf-8")
    workspace.import_paths([exports.first, exports.later])
    return workspace


def test_job_changes_are_the_generators_truth(ws: Workspace, exports: Exports) -> None:
    truth = exports.truth
    found = job_changes(ws, truth.exported_on)
    assert found.columns == list(jobs.COLUMNS)
    expected = {
        (c.person_id, c.kind, c.from_company, c.from_position, c.to_company, c.to_position)
        for c in truth.changes
    }
    columns = ["person_id", "kind", "from_company", "from_position", "to_company", "to_position"]
    assert set(found.select(columns).rows()) == expected
    assert found.height == len(truth.changes) == 10
    assert {c.kind for c in truth.changes} == {"new company", "promotion"}
    assert found["changed_after"].unique().to_list() == [truth.previous_on]
    assert found["changed_by"].unique().to_list() == [truth.exported_on]
    assert found["full_name"].null_count() == 0
    assert not found["acknowledged"].any()
    moved = found.filter(pl.col("kind") == "new company").row(0, named=True)
    assert moved["why"] == (
        f"moved from {moved['from_company']} to {moved['to_company']} "
        f"(between {truth.previous_on} and {truth.exported_on}): congratulate"
    )
    promoted = found.filter(pl.col("kind") == "promotion").row(0, named=True)
    assert promoted["why"].startswith(
        f"promoted from {promoted['from_position']} to {promoted['to_position']} "
        f"at {promoted['to_company']} (between "
    )


def test_exports_imported_again_and_again_give_the_same_changes(
    tmp_path: Path, exports: Exports
) -> None:
    """A monthly user imports the same jobs many times: the changes and their dates stay."""
    truth = exports.truth
    copies = tmp_path / "copies"
    copies.mkdir()

    def dated(export: Path, day: date) -> Path:
        copy = copies / f"Complete_LinkedInDataExport_{day:%m-%d-%Y}.zip"
        shutil.copy(export, copy)
        return copy

    earlier = [dated(exports.first, truth.previous_on - timedelta(days=d)) for d in (90, 60, 30)]
    again = dated(exports.later, truth.exported_on + timedelta(days=30))
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    workspace.settings_path.write_text('[time]\nzone = "UTC"\n', encoding="utf-8")
    workspace.import_paths([*earlier, exports.first, exports.later, again])
    found = job_changes(workspace, truth.exported_on + timedelta(days=60))
    columns = ["person_id", "kind", "from_company", "from_position", "to_company", "to_position"]
    assert set(found.select(columns).rows()) == {
        (c.person_id, c.kind, c.from_company, c.from_position, c.to_company, c.to_position)
        for c in truth.changes
    }
    assert found.height == len(truth.changes)
    # Between the last export with the old job and the first with the new one.
    assert found["changed_after"].unique().to_list() == [truth.previous_on]
    assert found["changed_by"].unique().to_list() == [truth.exported_on]


def test_changes_do_not_depend_on_the_order_rows_are_read_in() -> None:
    """One export listing a person twice (two jobs, the same day and import) is read alike."""
    rows = {
        "person_id": ["a", "a", "a", "a", "b", "b"],
        "import_id": [1, 2, 2, 3, 1, 2],
        "observed_on": [date(2026, m, 1) for m in (8, 9, 9, 10)] + [date(2026, 8, 1)] * 2,
        "company": ["Globex", "Initech", "Globex", "Initech", None, "Hooli"],
        "position": ["Engineer", "Engineer", "Senior Engineer", "Engineer", None, "Analyst"],
    }
    frame = pl.DataFrame(rows)
    found = {
        tuple(jobs.changes(order.lazy(), date(2026, 12, 1)).collect().rows())
        for order in (frame, frame.reverse(), frame.sample(fraction=1.0, shuffle=True, seed=3))
    }
    assert len(found) == 1
    # The later of the two jobs by name ("Initech" after "Globex") is the one kept that day.
    assert [row[5] for row in found.pop()] == ["new company"]


def test_a_back_dated_review_does_not_see_the_later_export(ws: Workspace, exports: Exports) -> None:
    truth = exports.truth
    assert job_changes(ws, truth.exported_on - timedelta(days=1)).is_empty()
    assert job_changes(ws, truth.previous_on).is_empty()
    assert job_changes(ws, truth.exported_on + timedelta(days=400)).height == len(truth.changes)


def test_a_touch_since_the_change_was_seen_acknowledges_it(ws: Workspace, exports: Exports) -> None:
    truth = exports.truth
    first, second, *_ = truth.changes
    seen = truth.exported_on
    userdata.log_touch(ws, first.person_id, channel="call", on=seen + timedelta(days=2))
    # Before the change was seen (between the two exports) is no congratulation.
    userdata.log_touch(ws, second.person_id, channel="call", on=seen - timedelta(days=3))
    later = job_changes(ws, seen + timedelta(days=5))
    acknowledged = dict(later.select("person_id", "acknowledged").iter_rows())
    assert acknowledged[first.person_id] is True
    assert sum(acknowledged.values()) == 1
    row = later.filter(pl.col("person_id") == first.person_id).row(0, named=True)
    assert row["why"].endswith(f": in touch on {seen + timedelta(days=2)}")
    # The touch is in the future of a review on the day the export arrived.
    on_the_day = job_changes(ws, seen)
    assert not on_the_day["acknowledged"].any()


def test_job_changes_count_as_milestones_acknowledged_within_three_days(
    ws: Workspace, exports: Exports
) -> None:
    truth = exports.truth
    first, second, third, *_ = truth.changes
    seen = truth.exported_on
    userdata.log_touch(ws, first.person_id, channel="message", on=seen + timedelta(days=3))
    userdata.log_touch(ws, second.person_id, channel="message", on=seen + timedelta(days=4))
    userdata.log_touch(ws, third.person_id, channel="note", on=seen - timedelta(days=3))
    frame = milestone_acknowledgements(ws, seen + timedelta(days=10), "month")
    changes = frame.filter(pl.col("kind") == "job change")
    assert changes.height == len(truth.changes)
    assert changes["on"].unique().to_list() == [seen]
    hits = set(changes.filter("acknowledged")["person_id"])
    assert hits == {first.person_id, third.person_id}


def observed(rows: list[tuple[str, str | None, str | None]]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "person_id": ["p"] * len(rows),
            "import_id": list(range(1, len(rows) + 1)),
            "observed_on": [date(2026, 1, 1) + timedelta(days=30 * i) for i in range(len(rows))],
            "company": [r[1] for r in rows],
            "position": [r[2] for r in rows],
        }
    )


def test_kinds_and_sentences() -> None:
    history = observed(
        [
            ("", "Globex", "Senior Engineer"),
            ("same, other case and spaces", " globex ", "senior  engineer"),
            ("nothing listed: skipped", None, " "),
            ("promotion", "Globex", "Lead Engineer"),
            ("lateral", "Globex", "Lead Designer"),
            ("less senior: new role", "Globex", "Wizard ✨"),
            ("company dropped, title kept: none", None, "Wizard ✨"),
            ("new company", "Initech", "Wizard ✨"),
        ]
    )
    found = (
        jobs.acknowledge(
            jobs.changes(history, date(2027, 1, 1)),
            pl.LazyFrame(schema={"person_id": pl.String, "day": pl.Date}),
            date(2027, 1, 1),
        )
        .with_columns(jobs.why())
        .collect()
    )
    assert found.select("kind", "why").rows() == [
        (
            "promotion",
            "promoted from senior engineer to Lead Engineer at Globex "
            "(between 2026-01-31 and 2026-04-01): congratulate",
        ),
        (
            "new role",
            "changed role from Lead Engineer to Lead Designer at Globex "
            "(between 2026-04-01 and 2026-05-01): congratulate",
        ),
        (
            "new role",
            "changed role from Lead Designer to Wizard ✨ at Globex "
            "(between 2026-05-01 and 2026-05-31): congratulate",
        ),
        (
            "new company",
            "joined Initech (between 2026-06-30 and 2026-07-30): congratulate",
        ),
    ]


def test_touch_days_leave_out_groups_and_the_connection() -> None:
    at = pl.datetime(2026, 3, 1, 23, 30, time_zone="UTC")
    interactions = pl.LazyFrame(
        {
            "person_id": ["a", "a", "a", "b", "c", "d"],
            "channel": ["message", "message", "connection", "call", "meeting", "meeting"],
            "is_group": [False, True, False, None, True, True],
            "weight": [1.0, 0.5, 1.0, 1.0, 0.5, 0.2],  # c: a meeting of 3, d: of 6
        }
    ).with_columns(occurred_at=at)
    days = jobs.touch_days(interactions, "Europe/Berlin").sort("person_id").collect()
    assert days.rows() == [
        ("a", date(2026, 3, 2)),
        ("b", date(2026, 3, 2)),
        ("c", date(2026, 3, 2)),
    ]


def connections_rows(data: bytes) -> list[list[str]]:
    text = data.decode()
    return list(csv.reader(io.StringIO(text[text.index("First Name") :])))


def test_later_sample_changes_only_connections(tmp_path: Path, exports: Exports) -> None:
    small = {"seed": 3, "connections": 60, "messages": 150}
    write_sample(tmp_path / "first", **small)
    truth = write_later_sample(tmp_path / "later", months=2, job_change_share=0.1, **small)
    again = write_later_sample(tmp_path / "again", months=2, job_change_share=0.1, **small)
    assert truth == again
    assert truth.exported_on == date(2027, 1, 16)
    assert len(truth.changes) == 6
    for name in truth.files:
        before, after = (tmp_path / d / name for d in ("first", "later"))
        assert (tmp_path / "again" / name).read_bytes() == after.read_bytes()
        if name != "Connections.csv":
            assert before.read_bytes() == after.read_bytes(), name
    old = connections_rows((tmp_path / "first" / "Connections.csv").read_bytes())
    new = connections_rows((tmp_path / "later" / "Connections.csv").read_bytes())
    differ = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(differ) == len(truth.changes)
    by_id = {c.person_id: c for c in truth.changes}
    for a, b in differ:
        assert a[:4] + a[6:] == b[:4] + b[6:]
        change = by_id[hashlib.md5((normalise_url(a[2]) or "").encode()).hexdigest()[:16]]
        assert (change.from_company, change.from_position) == (a[4], a[5])
        assert (change.to_company, change.to_position) == (b[4], b[5])
    assert truth.to_dict()["exported_on"] == "2027-01-16"


def test_later_sample_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="months"):
        write_later_sample(tmp_path, months=0)
    with pytest.raises(ValueError, match="job_change_share"):
        write_later_sample(tmp_path, job_change_share=1.5)


@pytest.mark.parametrize("pseudonymise", [False, True])
def test_the_review_lists_job_changes_to_congratulate(
    ws: Workspace, exports: Exports, pseudonymise: bool
) -> None:
    from netbook.review import notebook as nb
    from netbook.review.actions import ACTION_ROWS

    review = nb.Review(ws, period="month", as_of=date(2026, 12, 16), pseudonymise=pseudonymise)
    page = review.actions()._repr_html_()
    assert "Congratulate: job changes" in page
    assert "Celebrate: birthdays and anniversaries" in page
    companies = {c.to_company for c in exports.truth.changes if c.to_company}
    found = jobs.job_changes(ws, date(2026, 12, 16))
    names = set(found["full_name"])
    assert names and companies
    shown = [n for n in names | companies if html.escape(n) in page]
    if pseudonymise:
        assert shown == []
    else:
        # The first rows of the list (newest first), and the command for the rest.
        first = found.head(ACTION_ROWS)
        assert set(first["full_name"]) <= set(shown)
        assert set(first["to_company"].drop_nulls()) <= set(shown)
        assert (found.height > ACTION_ROWS) == ("more: <code>netbook remind" in page)
