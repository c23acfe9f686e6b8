"""Milestones: birthdays, round connection anniversaries, work anniversaries, acknowledgements."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from netbook import userdata
from netbook.rituals import milestones as ms
from netbook.rituals.milestones import (
    milestone_acknowledgement_rate,
    milestone_acknowledgements,
    occurrences,
    upcoming_milestones,
)
from netbook.workspace import Workspace


def people(rows: list[dict[str, object]], *, started: bool = False) -> pl.LazyFrame:
    schema: dict[str, pl.DataType] = {
        "person_id": pl.String(),
        "full_name": pl.String(),
        "company": pl.String(),
        "birthday": pl.String(),
        "connected_on": pl.Date(),
    }
    if started:
        schema["started_on"] = pl.Date()
    return pl.LazyFrame(rows, schema=schema)


def found(frame: pl.LazyFrame, start: date, end: date, **kwargs: date) -> list[tuple[object, ...]]:
    result = occurrences(frame, start, end, **kwargs).collect()
    assert result.columns == list(ms.COLUMNS)
    return result.select("person_id", "kind", "on", "years", "why").rows()


def test_birthdays_with_and_without_a_year() -> None:
    frame = people(
        [
            {"person_id": "a", "full_name": "Ada", "birthday": "1986-11-29"},
            {"person_id": "b", "full_name": "Bo", "birthday": "--11-20"},
            {"person_id": "c", "full_name": "Cy", "birthday": "1990-12-01"},  # after the window
            {"person_id": "d", "full_name": "Di", "birthday": "not a date"},
            {"person_id": "e", "full_name": "Ed", "birthday": "2026-11-18"},  # born this year
        ]
    )
    assert found(frame, date(2026, 11, 16), date(2026, 11, 30)) == [
        ("b", "birthday", date(2026, 11, 20), None, "birthday on 2026-11-20"),
        ("a", "birthday", date(2026, 11, 29), 40, "turns 40 on 2026-11-29"),
    ]


def test_february_29_is_celebrated_on_the_28th_in_other_years() -> None:
    frame = people(
        [
            {"person_id": "a", "full_name": "Ada", "birthday": "2000-02-29"},
            {"person_id": "b", "full_name": "Bo", "birthday": "--02-29"},
            {"person_id": "c", "full_name": "Cy", "connected_on": date(2024, 2, 29)},
        ]
    )
    assert found(frame, date(2027, 2, 27), date(2027, 3, 1)) == [
        ("a", "birthday", date(2027, 2, 28), 27, "turns 27 on 2027-02-28 (29 February)"),
        ("b", "birthday", date(2027, 2, 28), None, "birthday on 2027-02-28 (29 February)"),
    ]
    assert found(frame, date(2028, 2, 27), date(2028, 3, 1)) == [
        ("a", "birthday", date(2028, 2, 29), 28, "turns 28 on 2028-02-29"),
        ("b", "birthday", date(2028, 2, 29), None, "birthday on 2028-02-29"),
    ]
    # A 29 February connection is a year old on 28 February 2025.
    assert found(frame, date(2025, 2, 28), date(2025, 2, 28))[2] == (
        "c",
        "connection anniversary",
        date(2025, 2, 28),
        1,
        "1 year connected on 2025-02-28 (29 February)",
    )


def test_a_window_across_new_year() -> None:
    frame = people(
        [
            {"person_id": "a", "full_name": "Ada", "birthday": "1990-01-03"},
            {"person_id": "b", "full_name": "Bo", "birthday": "--12-30"},
            {"person_id": "c", "full_name": "Cy", "birthday": "--12-24"},  # the day before
            {"person_id": "d", "full_name": "Di", "connected_on": date(2022, 1, 7)},
        ]
    )
    assert found(frame, date(2026, 12, 25), date(2027, 1, 8)) == [
        ("b", "birthday", date(2026, 12, 30), None, "birthday on 2026-12-30"),
        ("a", "birthday", date(2027, 1, 3), 37, "turns 37 on 2027-01-03"),
        ("d", "connection anniversary", date(2027, 1, 7), 5, "5 years connected on 2027-01-07"),
    ]


def test_connection_anniversaries_count_at_one_year_and_every_fifth() -> None:
    rows = [
        {"person_id": f"y{n}", "full_name": f"P{n}", "connected_on": date(2026 - n, 6, 10)}
        for n in (0, 1, 2, 3, 4, 5, 6, 10, 11, 15, 20, 25)
    ]
    result = found(people(rows), date(2026, 6, 1), date(2026, 6, 30))
    assert sorted(r[3] for r in result) == [1, 5, 10, 15, 20, 25]
    assert ("y1", "1 year connected on 2026-06-10") in [(r[0], r[4]) for r in result]


def test_people_not_yet_connected_have_no_milestones() -> None:
    frame = people(
        [
            {"person_id": "a", "full_name": "Ada", "birthday": "--06-10"},
            {
                "person_id": "b",
                "full_name": "Bo",
                "birthday": "--06-10",
                "connected_on": date(2026, 6, 12),
            },
            {
                "person_id": "c",
                "full_name": "Cy",
                "birthday": "--06-10",
                "connected_on": date(2026, 6, 9),
            },
        ]
    )
    # On the 10th, Bo is not a connection yet, however far the window reaches.
    assert [r[0] for r in found(frame, date(2026, 6, 1), date(2026, 6, 30))] == ["a", "c"]
    assert [
        r[0] for r in found(frame, date(2026, 6, 1), date(2026, 6, 30), as_of=date(2026, 6, 5))
    ] == ["a"]


def test_work_anniversaries_when_a_start_date_is_known() -> None:
    frame = people(
        [
            {
                "person_id": "a",
                "full_name": "Ada",
                "company": "Globex",
                "started_on": date(2023, 3, 2),
            },
            {"person_id": "b", "full_name": "Bo", "started_on": date(2025, 3, 3)},
            {"person_id": "c", "full_name": "Cy", "started_on": date(2026, 3, 1)},  # just started
        ],
        started=True,
    )
    assert found(frame, date(2026, 3, 1), date(2026, 3, 7)) == [
        ("a", "work anniversary", date(2026, 3, 2), 3, "3 years at Globex on 2026-03-02"),
        ("b", "work anniversary", date(2026, 3, 3), 1, "1 year in their job on 2026-03-03"),
    ]


def test_acknowledged_within_three_days_either_side() -> None:
    milestones = pl.LazyFrame(
        {"person_id": ["a", "b", "c", "d", "e"], "on": [date(2026, 11, 10)] * 5}
    )
    days = pl.LazyFrame(
        {
            "person_id": ["a", "b", "c", "d", "e", "e"],
            "day": [
                date(2026, 11, 7),  # 3 days before: yes
                date(2026, 11, 6),  # 4 days before: no
                date(2026, 11, 13),  # 3 days after: yes
                date(2026, 11, 14),  # 4 days after: no
                date(2026, 11, 10),  # the day itself, twice: one acknowledgement
                date(2026, 11, 10),
            ],
        }
    )
    result = ms.acknowledgements(milestones, days, date(2026, 11, 30)).sort("person_id").collect()
    assert result["acknowledged"].to_list() == [True, False, True, False, True]
    assert result.select(ms.acknowledgement_rate()).item() == pytest.approx(0.6)
    # Touches after the as-of day are not seen.
    early = ms.acknowledgements(milestones, days, date(2026, 11, 12)).sort("person_id").collect()
    assert early["acknowledged"].to_list() == [True, False, False, False, True]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.root.mkdir()
    workspace.settings_path.write_text('[time]\nzone = "UTC"\n', encoding="utf-8")
    book = tmp_path / "people.csv"
    book.write_text(
        "Name,E-mail,Birthday\n"
        "Ada Example,ada@example.com,1986-11-05\n"
        "Bo Sample,bo@example.com,--11-10\n"
        "Cy Placeholder,cy@example.com,--11-20\n"
        "Di Muster,di@example.com,1990-11-26\n"
        "Ed Beispiel,ed@example.com,--11-29\n"
        "Fay Later,fay@example.com,--12-03\n"
        "Gus Before,gus@example.com,--10-31\n",
        encoding="utf-8",
    )
    workspace.import_paths([book])
    return workspace


def test_upcoming_milestones_in_a_workspace(ws: Workspace) -> None:
    frame = upcoming_milestones(ws, date(2026, 11, 20), days=14)
    assert frame.select("full_name", "on", "years", "why").rows() == [
        ("Cy Placeholder", date(2026, 11, 20), None, "birthday on 2026-11-20"),
        ("Di Muster", date(2026, 11, 26), 36, "turns 36 on 2026-11-26"),
        ("Ed Beispiel", date(2026, 11, 29), None, "birthday on 2026-11-29"),
        ("Fay Later", date(2026, 12, 3), None, "birthday on 2026-12-03"),
    ]
    assert upcoming_milestones(ws, date(2026, 11, 21), days=0).is_empty()
    with pytest.raises(ValueError, match="days"):
        upcoming_milestones(ws, date(2026, 11, 21), days=-1)


def test_acknowledgement_rate_of_a_month(ws: Workspace) -> None:
    touch = userdata.log_touch
    touch(ws, "Ada Example", channel="call", on=date(2026, 11, 2))  # 3 days before: yes
    touch(ws, "Bo Sample", channel="message", on=date(2026, 11, 14))  # 4 days after: no
    touch(ws, "Cy Placeholder", channel="message", on=date(2026, 11, 23))  # 3 days after: yes
    touch(ws, "Di Muster", channel="message", on=date(2026, 12, 1))  # after the as-of day
    touch(ws, "Gus Before", channel="call", on=date(2026, 11, 1))  # milestone in October
    # November 2026 (the month ending on the 30th): Ada, Bo, Cy, Di and Ed; 2 of 5 acknowledged.
    frame = milestone_acknowledgements(ws, date(2026, 11, 30), "month")
    assert frame.select("full_name", "acknowledged").rows() == [
        ("Ada Example", True),
        ("Bo Sample", False),
        ("Cy Placeholder", True),
        ("Di Muster", False),
        ("Ed Beispiel", False),
    ]
    assert milestone_acknowledgement_rate(ws, date(2026, 11, 30), "month") == pytest.approx(0.4)
    # A week ending on 23 November holds Cy's birthday only, acknowledged on the last day.
    assert milestone_acknowledgement_rate(ws, date(2026, 11, 23), "week") == pytest.approx(1.0)
    # ... and not if the review is run the day before the touch.
    assert milestone_acknowledgement_rate(ws, date(2026, 11, 22), "week") == pytest.approx(0.0)
    assert milestone_acknowledgement_rate(ws, date(2026, 9, 30), "month") is None


def test_connection_anniversaries_are_those_of_ties_in_touch(tmp_path: Path) -> None:
    """A Connections.csv alone holds no tie: a year of a connection never used is no milestone."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Example,https://www.linkedin.com/in/ada-example,,Co,Role,25 Nov 2025\n"
        "Bo,Sample,https://www.linkedin.com/in/bo-sample,,Co,Role,26 Nov 2025\n",
        encoding="utf-8",
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])
    assert upcoming_milestones(ws, date(2026, 11, 20), days=14).is_empty()
    userdata.log_touch(ws, "Ada Example", channel="call", on=date(2026, 6, 2))
    frame = upcoming_milestones(ws, date(2026, 11, 20), days=14)
    assert frame.select("full_name", "why").rows() == [
        ("Ada Example", "1 year connected on 2026-11-25")
    ]
    month = milestone_acknowledgements(ws, date(2026, 11, 30), "month")
    assert month.select("full_name", "acknowledged").rows() == [("Ada Example", False)]
    # Bo is in touch only after the as-of day: not yet a tie then.
    userdata.log_touch(ws, "Bo Sample", channel="call", on=date(2026, 11, 22))
    assert upcoming_milestones(ws, date(2026, 11, 20), days=14)["full_name"].to_list() == [
        "Ada Example"
    ]
    assert upcoming_milestones(ws, date(2026, 11, 22), days=14)["full_name"].to_list() == [
        "Ada Example",
        "Bo Sample",
    ]
