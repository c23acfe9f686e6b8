"""Network-level metrics on small hand-built frames; every expected value is worked out by hand.

All people and companies are invented.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from netbook.errors import NetbookError
from netbook.metrics import titles
from netbook.metrics.network import (
    churn,
    diversity,
    layer_health,
    network_size,
    new_connections,
    period_bounds,
    previous_bounds,
)
from netbook.metrics.network_flows import (
    activity,
    dependency,
    period_touches,
    reciprocity_balance,
    with_openings,
)
from netbook.metrics.network_summary import METRICS, summary
from netbook.schema import Channel, Direction, Value

HEALTH = pl.Schema(
    {
        "person_id": pl.String,
        "company": pl.String,
        "position": pl.String,
        "role": pl.String,
        "connected_on": pl.Date,
        "last_contact_at": pl.Datetime("us", "UTC"),
        "days_since_contact": pl.Int64,
        "strength": pl.Float64,
        "layer": pl.String,
        "cadence_days": pl.Int64,
        "intensity": pl.Float64,
        "status": pl.String,
    }
)
INTERACTIONS = pl.Schema(
    {
        "person_id": pl.String,
        "occurred_at": pl.Datetime("us", "UTC"),
        "channel": Channel,
        "direction": Direction,
        "initiated": pl.Boolean,
        "value": Value,
        "thread_id": pl.Categorical(),
        "is_group": pl.Boolean,
        "weight": pl.Float64,
        "content_length": pl.Int32,
        "asks": pl.Boolean,
    }
)
CADENCE = {"support": 7, "sympathy": 30, "close": 90, "active": 365}
AS_OF = datetime(2026, 7, 1, tzinfo=UTC)


def person(person_id: str, days: int | None = None, layer: str = "acquaintance", **kw: Any) -> dict:
    row: dict[str, Any] = {
        "person_id": person_id,
        "company": None,
        "position": None,
        "role": None,
        "connected_on": None,
        "last_contact_at": None if days is None else AS_OF - timedelta(days=days),
        "days_since_contact": days,
        "strength": 0.5,
        "layer": layer,
        "cadence_days": CADENCE.get(layer),
        "intensity": 1.0,
        "status": "ok",
    }
    row.update(kw)
    return row


def health(*people: dict) -> pl.LazyFrame:
    return pl.LazyFrame(list(people), schema=HEALTH)


def touch(
    person_id: str,
    at: datetime,
    direction: str | None = "outbound",
    channel: str = "message",
    *,
    initiated: bool = False,
    value: str = "none",
    thread: str | None = None,
    group: bool = False,
    weight: float | None = 1.0,
    length: int | None = None,
    asks: bool | None = None,
) -> dict:
    return {
        "person_id": person_id,
        "occurred_at": at,
        "channel": channel,
        "direction": direction,
        "initiated": initiated,
        "value": value,
        "thread_id": thread or f"thread-{person_id}",
        "is_group": group,
        "weight": weight,
        "content_length": length,
        "asks": asks,
    }


def log(*touches: dict) -> pl.LazyFrame:
    return pl.LazyFrame(list(touches), schema=INTERACTIONS)


def at(day: date | str, hour: int = 12, minute: int = 0) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)


def one(frame: pl.LazyFrame) -> dict[str, Any]:
    assert isinstance(frame, pl.LazyFrame)
    rows = frame.collect().to_dicts()
    assert len(rows) == 1
    return rows[0]


JUNE = (date(2026, 6, 1), date(2026, 6, 30))


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "period", "expected"),
    [
        (date(2026, 11, 22), "week", (date(2026, 11, 16), date(2026, 11, 22))),
        (date(2026, 11, 22), "month", (date(2026, 10, 23), date(2026, 11, 22))),
        (date(2026, 11, 22), "quarter", (date(2026, 8, 23), date(2026, 11, 22))),
        (date(2026, 11, 22), "year", (date(2025, 11, 23), date(2026, 11, 22))),
        (date(2026, 3, 31), "month", (date(2026, 3, 1), date(2026, 3, 31))),
        (date(2026, 3, 30), "month", (date(2026, 2, 28), date(2026, 3, 30))),
        (date(2026, 2, 28), "month", (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 5, 31), "quarter", (date(2026, 3, 1), date(2026, 5, 31))),
        (date(2026, 5, 30), "quarter", (date(2026, 2, 28), date(2026, 5, 30))),
        (date(2026, 1, 15), "month", (date(2025, 12, 16), date(2026, 1, 15))),
        (date(2024, 2, 29), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2024, 3, 29), "month", (date(2024, 2, 29), date(2024, 3, 29))),
        (date(2024, 2, 29), "year", (date(2023, 3, 1), date(2024, 2, 29))),
        (date(2025, 2, 28), "year", (date(2024, 3, 1), date(2025, 2, 28))),
        (date(2024, 3, 1), "week", (date(2024, 2, 24), date(2024, 3, 1))),
    ],
)
def test_period_bounds(as_of: date, period: Any, expected: tuple[date, date]) -> None:
    assert period_bounds(as_of, period) == expected


@pytest.mark.parametrize(
    ("as_of", "period", "expected"),
    [
        (date(2026, 11, 22), "week", (date(2026, 11, 9), date(2026, 11, 15))),
        (date(2026, 11, 22), "month", (date(2026, 9, 23), date(2026, 10, 22))),
        (date(2026, 3, 31), "month", (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2024, 3, 31), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2024, 2, 29), "year", (date(2022, 3, 1), date(2023, 2, 28))),
        (date(2026, 6, 30), "quarter", (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_previous_bounds(as_of: date, period: Any, expected: tuple[date, date]) -> None:
    assert previous_bounds(as_of, period) == expected


@pytest.mark.parametrize(
    ("period", "shortest", "longest"),
    [("week", 7, 7), ("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366)],
)
def test_periods_tile_the_calendar(period: Any, shortest: int, longest: int) -> None:
    day = date(2023, 1, 1)
    while day <= date(2025, 12, 31):
        start, end = period_bounds(day, period)
        before_start, before_end = previous_bounds(day, period)
        assert end == day
        assert before_end == start - timedelta(days=1), day
        assert shortest <= (end - start).days + 1 <= longest, day
        assert before_start <= before_end
        day += timedelta(days=1)


def test_unknown_period_is_refused() -> None:
    with pytest.raises(NetbookError, match="unknown period 'fortnight'"):
        period_bounds(date(2026, 1, 1), "fortnight")  # type: ignore[arg-type]


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "seniority", "function"),
    [
        ("Software Engineer", "individual contributor", "engineering"),
        ("Senior Software Engineer", "senior", "engineering"),
        ("Sr. Data Analyst", "senior", "data"),
        ("Staff Engineer", "lead/principal", "engineering"),
        ("Engineering Manager", "manager", "engineering"),
        ("Director of Product Management", "director", "product"),
        ("Head of Data", "director", "data"),
        ("Vice President, Sales", "vp", "sales"),
        ("SVP Marketing", "vp", "marketing"),
        ("Chief Financial Officer", "c-level", "finance"),
        ("President", "c-level", "executive"),
        ("Founder & CEO", "founder/owner", "executive"),
        ("Owner", "founder/owner", "executive"),
        ("Inhaberin", "founder/owner", "executive"),
        ("Software Engineer | Co-Founder", "founder/owner", "executive"),
        ("Product Owner", "individual contributor", "product"),
        ("Geschäftsführer", "c-level", "executive"),
        ("Directeur Marketing", "director", "marketing"),
        ("Gerente de Ventas", "manager", "sales"),
        ("Teamleiter Vertrieb", "manager", "sales"),
        ("Praktikant Marketing", "intern", "marketing"),
        ("Junior Recruiter", "junior", "hr/people"),
        ("Rechtsanwalt", "individual contributor", "legal"),
        ("PhD Student", "intern", "research/academia"),
        ("Management Consultant", "individual contributor", "consulting"),
        ("Operations Manager", "manager", "operations"),
        ("Product Designer", "individual contributor", "design"),
        ("Gardener", "individual contributor", "other"),
        ("  ", "unknown", "unknown"),
        (None, "unknown", "unknown"),
    ],
)
def test_titles(title: str | None, seniority: str, function: str) -> None:
    frame = pl.DataFrame({"position": [title]}, schema={"position": pl.String})
    got = frame.select(titles.seniority(pl.col("position")), titles.function(pl.col("position")))
    assert got.row(0) == (seniority, function)


def test_title_labels_are_declared() -> None:
    frame = pl.DataFrame({"position": ["Intern", "CTO", "Nurse", None]})
    got = frame.select(titles.seniority(pl.col("position")), titles.function(pl.col("position")))
    assert set(got["seniority"]) <= set(titles.SENIORITIES)
    assert set(got["function"]) <= set(titles.FUNCTIONS)


# --- network size -----------------------------------------------------------------------------


def test_network_size() -> None:
    days = [10, 365, 366, 1094, 1095, 2000, None]
    connected = date(2026, 1, 2)
    frame = health(
        *(person(f"p{i}", d) for i, d in enumerate(days)),
        person("invited-only"),  # never connected nor in touch: not in your network
        person("connected", connected_on=connected),
    )
    assert one(network_size(frame)) == {
        "size": 7,
        "active": 2,
        "active_vs_150": pytest.approx(2 / 150),
        "dormant_share": pytest.approx(2 / 6),
    }


def test_network_size_of_an_empty_network() -> None:
    assert one(network_size(health())) == {
        "size": 0,
        "active": 0,
        "active_vs_150": 0.0,
        "dormant_share": None,
    }


def test_dormant_share_is_null_when_nobody_was_ever_contacted() -> None:
    connected = date(2026, 1, 2)
    people = health(person("a", connected_on=connected), person("b", connected_on=connected))
    got = one(network_size(people))
    assert (got["size"], got["active"], got["dormant_share"]) == (2, 0, None)


# --- new connections --------------------------------------------------------------------------

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def test_new_connections_and_follow_up_rate() -> None:
    people = health(
        person("a", connected_on=date(2026, 3, 5)),
        person("b", connected_on=date(2026, 3, 10)),
        person("c", connected_on=date(2026, 3, 15)),
        person("d", connected_on=date(2026, 2, 28)),
        person("e", connected_on=date(2026, 3, 31)),
        person("f", connected_on=date(2026, 3, 20)),
        person("g"),
        person("h", connected_on=date(2026, 3, 25)),
    )
    touches = log(
        touch("a", at("2026-03-12")),  # day 7: a follow-up
        touch("b", at("2026-03-18")),  # day 8: too late
        touch("c", at("2026-03-16"), "inbound"),  # theirs, not yours
        touch("c", at("2026-03-16"), group=True),  # group message
        touch("c", at("2026-03-15"), None, "connection"),
        touch("c", at("2026-03-15"), "outbound", "invitation"),
        touch("d", at("2026-03-01")),  # connected before the period
        touch("e", at("2026-04-03")),  # after the period, within 7 days: counts
        touch("f", at("2026-03-19")),  # the day before connecting (what led to it): counts
        touch("h", at("2026-03-17")),  # 8 days before connecting: too early
    )
    got = one(new_connections(people, touches, *MARCH, time_zone="UTC"))
    assert got == {"new_connections": 6, "follow_up_rate": pytest.approx(2 / 6)}


@pytest.mark.parametrize(
    ("time_zone", "rate"),
    [("UTC", 1.0), ("Asia/Tokyo", 0.5), ("America/Los_Angeles", 1.0)],
)
def test_follow_up_window_uses_local_days(time_zone: str, rate: float) -> None:
    people = health(
        person("a", connected_on=date(2026, 3, 5)),
        person("b", connected_on=date(2026, 3, 5)),
    )
    touches = log(
        # 2026-03-12 23:30 UTC is 2026-03-13 (day 8) in Tokyo, still 03-12 in Los Angeles.
        touch("a", at("2026-03-12", 23, 30)),
        # 2026-03-05 03:00 UTC is 2026-03-04 (the day before connecting: counts) in Los Angeles.
        touch("b", at("2026-03-05", 3)),
    )
    got = one(new_connections(people, touches, *MARCH, time_zone=time_zone))
    assert got == {"new_connections": 2, "follow_up_rate": pytest.approx(rate)}


def test_no_new_connections() -> None:
    people = health(person("a", connected_on=date(2025, 1, 1)))
    got = one(new_connections(people, log(touch("a", at("2026-03-02"))), *MARCH, time_zone="UTC"))
    assert got == {"new_connections": 0, "follow_up_rate": None}


# --- layers and churn -------------------------------------------------------------------------


def test_layer_health() -> None:
    frame = health(
        person("s1", 5, "support"),
        person("s2", 7, "support"),
        person("s3", 8, "support"),
        person("s4", None, "support"),  # never contacted: not compliant
        person("c1", 100, "close"),
        person("a1", 365, "active"),
        person("a2", 10, "active"),
        person("q1", 3, "acquaintance"),
    )
    got = layer_health(frame).collect()
    assert got.columns == ["layer", "n", "target", "fill", "compliance"]
    assert got["layer"].to_list() == ["support", "sympathy", "close", "active"]
    assert got["n"].to_list() == [4, 0, 1, 2]
    assert got["target"].to_list() == [5, 10, 35, 100]
    assert got["fill"].to_list() == pytest.approx([0.8, 0.0, 1 / 35, 0.02])
    assert got["compliance"].to_list() == [0.5, None, 0.0, 1.0]


def test_layer_health_of_an_empty_network() -> None:
    got = layer_health(health()).collect()
    assert got.rows() == [
        ("support", 0, 5, 0.0, None),
        ("sympathy", 0, 10, 0.0, None),
        ("close", 0, 35, 0.0, None),
        ("active", 0, 100, 0.0, None),
    ]


def test_churn() -> None:
    before = health(
        person("a", 1, "support"),
        person("b", 1, "support"),
        person("c", 1, "support"),
        person("d", 1, "support"),
        person("e", 1, "sympathy"),
        person("f", 1, "active"),
    )
    now = health(
        person("a", 1, "support"),
        person("b", 1, "sympathy"),  # moved out
        person("c", 1, "acquaintance"),  # moved out
        # d is gone altogether: moved out
        person("e", 1, "support"),  # moved in to support, out of sympathy
        person("f", 1, "active"),
        person("g", 1, "support"),  # new: not churn
    )
    got = churn(now, before).collect()
    assert got.columns == ["layer", "previous_n", "moved_out", "churn"]
    assert got.rows() == [
        ("support", 4, 3, 0.75),
        ("sympathy", 1, 1, 1.0),
        ("close", 0, 0, None),
        ("active", 1, 0, 0.0),
    ]


def test_churn_without_a_previous_review() -> None:
    got = churn(health(person("a", 1, "support")), health()).collect()
    assert got["churn"].to_list() == [None, None, None, None]
    assert got["previous_n"].to_list() == [0, 0, 0, 0]


# --- diversity --------------------------------------------------------------------------------

THREE_WAY = {
    "known": 4,
    "categories": 3,
    "blau": pytest.approx(0.625),
    "blau_normalised": pytest.approx(0.9375),
    "evenness": pytest.approx(1.5 * math.log(2) / math.log(3)),
}


def test_diversity_over_company() -> None:
    frame = health(
        person("a", 1, company="Acme"),
        person("b", 2, company=" acme"),
        person("c", 3, company="Globex"),
        person("d", 4, company="Initech"),
        person("e", 5),  # no company
        person("f", 6, company=""),
        person("g", 400, company="Umbrella"),  # not active
        person("h", None, company="Umbrella"),  # never contacted
    )
    assert one(diversity(frame, "company")) == THREE_WAY


def test_diversity_over_seniority_from_position() -> None:
    frame = health(
        person("a", 1, position="Senior Engineer"),
        person("b", 1, position="Sr. Designer"),
        person("c", 1, position="Staff Engineer"),
        person("d", 1, position="CEO"),
        person("e", 1),  # unknown: left out
    )
    assert one(diversity(frame, "seniority")) == THREE_WAY


def test_diversity_over_function_from_position() -> None:
    frame = health(
        person("a", 1, position="Software Engineer"),
        person("b", 1, position="Backend Developer"),
        person("c", 1, position="Data Engineer"),
        person("d", 1, position="Account Executive"),
        person("e", 1, position=" "),
    )
    assert one(diversity(frame, "function")) == THREE_WAY


def test_diversity_over_role() -> None:
    frame = health(
        person("a", 1, role="mentor"),
        person("b", 1, role="peer"),
        person("c", 1, role="peer"),
        person("d", 1, role="peer"),
    )
    entropy = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
    assert one(diversity(frame, "role")) == {
        "known": 4,
        "categories": 2,
        "blau": pytest.approx(0.375),
        "blau_normalised": pytest.approx(0.75),
        "evenness": pytest.approx(entropy / math.log(2)),
    }


def test_diversity_with_one_category() -> None:
    frame = health(person("a", 1, company="Acme"), person("b", 2, company="ACME"))
    assert one(diversity(frame, "company")) == {
        "known": 2,
        "categories": 1,
        "blau": 0.0,
        "blau_normalised": None,
        "evenness": None,
    }


def test_diversity_of_an_empty_network() -> None:
    assert one(diversity(health(), "role")) == {
        "known": 0,
        "categories": 0,
        "blau": None,
        "blau_normalised": None,
        "evenness": None,
    }


# --- dependency and time zones ----------------------------------------------------------------


def test_dependency() -> None:
    touches = log(
        touch("a", at("2026-06-02")),
        touch("a", at("2026-06-03"), "inbound"),
        touch("a", at("2026-06-04")),
        touch("a", at("2026-06-05"), None, "connection", weight=0.5),
        touch("b", at("2026-06-10"), "mutual", "meeting", weight=2.0),
        touch("c", at("2026-06-11")),
        touch("d", at("2026-06-12"), weight=0.5),
        touch("e", at("2026-06-13"), group=True, weight=5.0),
        touch("f", at("2026-07-01")),
    )
    # Connecting is not contact: a 3, b 2, c 1, d 0.5 of 6.5: shares 6/13, 4/13, 2/13, 1/13
    assert one(dependency(touches, *JUNE, time_zone="UTC")) == {
        "hhi": pytest.approx(57 / 169),
        "effective_relationships": pytest.approx(169 / 57),
        "top1_share": pytest.approx(6 / 13),
        "top3_share": pytest.approx(12 / 13),
    }


def test_dependency_with_channel_weights_and_missing_weights() -> None:
    touches = log(
        touch("a", at("2026-06-02"), weight=None),  # counts as 1
        touch("a", at("2026-06-03")),
        touch("b", at("2026-06-04"), "mutual", "meeting"),
        touch("c", at("2026-06-05"), "outbound", "call"),  # channel not weighted: 0
    )
    got = one(
        dependency(
            touches, *JUNE, time_zone="UTC", channel_weights={"message": 1.0, "meeting": 3.0}
        )
    )
    assert got == {
        "hhi": pytest.approx(0.52),
        "effective_relationships": pytest.approx(1 / 0.52),
        "top1_share": pytest.approx(0.6),
        "top3_share": pytest.approx(1.0),
    }


@pytest.mark.parametrize("touches", [log(), log(touch("a", at("2026-06-02"), group=True))])
def test_dependency_without_touches(touches: pl.LazyFrame) -> None:
    assert one(dependency(touches, *JUNE, time_zone="UTC")) == {
        "hhi": None,
        "effective_relationships": None,
        "top1_share": None,
        "top3_share": None,
    }


EDGES = log(
    touch("x", at("2026-06-30", 23, 30), weight=1.0),  # Tokyo: 07-01, out
    touch("y", at("2026-05-31", 23, 30), weight=2.0),  # Tokyo: 06-01, in
    touch("w", at("2026-06-01", 3), weight=4.0),  # Los Angeles: 05-31, out
    touch("v", at("2026-07-01", 5), weight=8.0),  # Los Angeles: 06-30, in
    touch("z", at("2026-06-15"), weight=16.0),
)


@pytest.mark.parametrize(
    ("time_zone", "people", "top1"),
    [
        ("UTC", ["w", "x", "z"], 16 / 21),
        ("Asia/Tokyo", ["w", "y", "z"], 16 / 22),
        ("America/Los_Angeles", ["v", "x", "z"], 16 / 25),
    ],
)
def test_period_edges_follow_the_time_zone(time_zone: str, people: list[str], top1: float) -> None:
    kept = period_touches(EDGES, *JUNE, time_zone=time_zone).collect()
    assert sorted(kept["person_id"]) == people
    assert one(dependency(EDGES, *JUNE, time_zone=time_zone))["top1_share"] == pytest.approx(top1)
    assert one(reciprocity_balance(EDGES, *JUNE, time_zone=time_zone))["outbound"] == 3


# --- reciprocity ------------------------------------------------------------------------------


def test_reciprocity_balance() -> None:
    touches = log(
        touch("a", at("2026-06-02"), "outbound", initiated=True, value="given"),
        touch("a", at("2026-06-03"), "outbound", "email", initiated=True),
        touch("b", at("2026-06-04"), "outbound", value="received"),
        touch("b", at("2026-06-05"), "inbound", initiated=True, value="received"),
        touch("c", at("2026-06-06"), "inbound", "call", value="received"),
        touch("c", at("2026-06-07"), "mutual", "meeting", initiated=True, value="given"),
        touch("d", at("2026-06-08"), None, "connection", initiated=True, value="given"),
        touch("d", at("2026-06-09"), "outbound", initiated=True, value="given", group=True),
        touch("d", at("2026-07-02"), "outbound", initiated=True, value="given"),
    )
    # Opened: a's message and e-mail, b's first message (its thread's first, though its source
    # did not mark it), b's answer (marked): 3 yours, 1 theirs.
    assert one(reciprocity_balance(touches, *JUNE, time_zone="UTC")) == {
        "outbound": 3,
        "inbound": 2,
        "initiation_balance": pytest.approx(2 / 4),
        "give_ratio": pytest.approx(0.4),
    }


def test_reciprocity_balance_when_they_start_more() -> None:
    touches = log(
        touch("a", at("2026-06-02"), "outbound", initiated=True),
        *(touch("a", at(f"2026-06-1{i}"), "inbound", initiated=True) for i in range(3)),
    )
    got = one(reciprocity_balance(touches, *JUNE, time_zone="UTC"))
    assert got == {"outbound": 1, "inbound": 3, "initiation_balance": -0.5, "give_ratio": None}


def test_reciprocity_balance_without_touches() -> None:
    assert one(reciprocity_balance(log(), *JUNE, time_zone="UTC")) == {
        "outbound": 0,
        "inbound": 0,
        "initiation_balance": None,
        "give_ratio": None,
    }


# --- activity ---------------------------------------------------------------------------------

FORTNIGHT = (date(2026, 6, 1), date(2026, 6, 14))
CONVERSATIONS = log(
    # a: one run answered, then a second run never answered
    touch("a", at("2026-06-02"), "inbound"),
    touch("a", at("2026-06-03"), "inbound"),
    touch("a", at("2026-06-04"), "outbound"),
    touch("a", at("2026-06-10"), "inbound"),
    # b: answered only after the fortnight
    touch("b", at("2026-06-05"), "inbound"),
    touch("b", at("2026-06-20"), "outbound"),
    # c: the run started in May, so it is not this period's
    touch("c", at("2026-05-30"), "inbound"),
    touch("c", at("2026-06-02"), "inbound"),
    touch("c", at("2026-06-03"), "outbound"),
    # d: answered the same day
    touch("d", at("2026-06-01", 9), "outbound"),
    touch("d", at("2026-06-02", 9), "inbound"),
    touch("d", at("2026-06-02", 17), "outbound", "message"),
    # e: answered in another thread, which does not count
    touch("e", at("2026-06-07"), "inbound", thread="e-1"),
    touch("e", at("2026-06-08"), "outbound", thread="e-2"),
    # group: never counted
    touch("g", at("2026-06-06"), "inbound", thread="group", group=True),
    touch("g", at("2026-06-06", 13), "outbound", thread="group", group=True),
    # a connection event and an email: outreach only for the email
    touch("h", at("2026-06-09"), None, "connection"),
    touch("h", at("2026-06-09"), "outbound", "email"),
)


def test_activity() -> None:
    # outbound non-group non-connection in 06-01..06-14: a 06-04, c 06-03, d 06-01, d 06-02,
    # e 06-08, h email 06-09 = 6 over 2 weeks. Turns decided in the fortnight: a's first
    # (answered 06-04), c's (begun in May, answered 06-03), d's (answered 06-02). a's second,
    # b's and e's are still inside their 14 days on 06-14: not missed yet, not counted.
    assert one(activity(CONVERSATIONS, *FORTNIGHT, time_zone="UTC")) == {
        "outreach_per_week": pytest.approx(3.0),
        "reply_rate": pytest.approx(1.0),
    }


def test_activity_counts_turns_when_answered_or_missed() -> None:
    got = one(activity(CONVERSATIONS, *JUNE, time_zone="UTC"))
    # 7 outbound over 30/7 weeks (b's reply on 06-20 joins). By the end of June every turn is
    # decided: a's second (missed 06-24), b's (missed 06-19: the reply came 15 days on, after
    # pause_days of silence, as a person's rate says) and e's (missed 06-21, answered in another
    # thread) against a's first, c's and d's.
    assert got == {
        "outreach_per_week": pytest.approx(7 * 7 / 30),
        "reply_rate": pytest.approx(3 / 6),
    }
    late = one(activity(CONVERSATIONS, *JUNE, time_zone="UTC", pause_days=16))
    assert late["reply_rate"] == pytest.approx(4 / 6)


def test_the_periods_add_up_each_turn_decided_once() -> None:
    halves = [(date(2026, 6, 1), date(2026, 6, 20)), (date(2026, 6, 21), date(2026, 6, 30))]
    rates = [one(activity(CONVERSATIONS, *h, time_zone="UTC"))["reply_rate"] for h in halves]
    # 06-01..06-20: a's first, c's, d's answered, b's missed; 06-21..30: a's second, e's missed.
    assert rates == [pytest.approx(3 / 4), 0.0]


def test_a_turn_of_closers_alone_asks_for_nothing() -> None:
    """'Thanks!' after your answer is no message left unanswered; a question is, however short."""
    thanks = [
        touch("a", at("2026-06-02"), "inbound", length=200, asks=False),
        touch("a", at("2026-06-03"), "outbound", length=200, asks=False),
        touch("a", at("2026-06-04"), "inbound", length=7, asks=False),
    ]
    assert one(activity(log(*thanks), *JUNE, time_zone="UTC"))["reply_rate"] == 1.0
    question = [*thanks[:2], touch("a", at("2026-06-04"), "inbound", length=7, asks=True)]
    assert one(activity(log(*question), *JUNE, time_zone="UTC"))["reply_rate"] == 0.5


@pytest.mark.parametrize(
    ("time_zone", "rate"), [("UTC", 1.0), ("Asia/Tokyo", None), ("America/Los_Angeles", 1.0)]
)
def test_reply_at_the_period_edge(time_zone: str, rate: float | None) -> None:
    """In Tokyo the answer came on 06-15: the turn is still open at the period's end."""
    touches = log(
        touch("a", at("2026-06-14", 10), "inbound"),
        touch("a", at("2026-06-14", 23, 30), "outbound"),  # Tokyo: 06-15, after the end
    )
    assert one(activity(touches, *FORTNIGHT, time_zone=time_zone))["reply_rate"] == rate


def test_activity_without_touches() -> None:
    assert one(activity(log(), *FORTNIGHT, time_zone="UTC")) == {
        "outreach_per_week": 0.0,
        "reply_rate": None,
    }


# --- summary ----------------------------------------------------------------------------------


def test_summary_puts_both_periods_side_by_side() -> None:
    # as_of 2026-03-31, month: current 03-01..03-31, previous 02-01..02-28
    previous = health(
        person("a", 20, "support", company="Acme", connected_on=date(2026, 2, 3)),
        person("b", 40, "support", company="Acme"),
        person("d", 100, "support", company="Acme"),  # gone by now
    )
    current = health(
        person("a", 3, "support", company="Acme", connected_on=date(2026, 2, 3)),
        person("b", 70, "sympathy", company="Globex"),
        person("c", 2, "support", company="Initech", connected_on=date(2026, 3, 10)),
    )
    touches = log(
        touch("a", at("2026-02-05")),
        touch("a", at("2026-02-06"), "inbound"),
        touch("a", at("2026-03-28")),
        touch("c", at("2026-03-11")),
        touch("c", at("2026-03-12")),
        touch("c", at("2026-03-13"), group=True),
    )
    table = summary(
        current, previous, touches, as_of=date(2026, 3, 31), period="month", time_zone="UTC"
    ).collect()
    assert table.columns == ["metric", "current", "previous", "change"]
    assert table["metric"].to_list() == list(METRICS)
    rows = {r[0]: r[1:] for r in table.rows()}
    assert rows["size"] == (3.0, 3.0, 0.0)
    assert rows["new_connections"] == (1.0, 1.0, 0.0)
    assert rows["follow_up_rate"] == (1.0, 1.0, 0.0)
    assert rows["layer_n_support"] == (2.0, 3.0, -1.0)
    assert rows["layer_compliance_support"] == (1.0, 0.0, 1.0)
    assert rows["layer_fill_sympathy"] == (pytest.approx(0.1), 0.0, pytest.approx(0.1))
    assert rows["churn_support"] == (pytest.approx(2 / 3), None, None)
    assert rows["diversity_company_categories"] == (3.0, 1.0, 2.0)
    assert rows["outbound"] == (3.0, 1.0, 2.0)
    assert rows["inbound"] == (0.0, 1.0, -1.0)
    assert rows["outreach_per_week"] == (
        pytest.approx(21 / 31),
        0.25,
        pytest.approx(21 / 31 - 0.25),
    )
    assert rows["hhi"] == (pytest.approx(5 / 9), 1.0, pytest.approx(5 / 9 - 1))


def test_summary_uses_previous_interactions_when_given() -> None:
    people = health(person("a", 1, "support"))
    touches = log(touch("a", at("2026-06-20")))
    earlier = log(touch("a", at("2026-06-10")), touch("b", at("2026-06-11")))
    table = summary(
        people,
        people,
        touches,
        as_of=date(2026, 6, 21),
        period="week",
        time_zone="UTC",
        previous_interactions=earlier,
    ).collect()
    rows = {r[0]: r[1:] for r in table.rows()}
    assert rows["outbound"] == (1.0, 2.0, -1.0)
    assert rows["top1_share"] == (1.0, 0.5, 0.5)


def test_summary_of_an_empty_network() -> None:
    table = summary(
        health(), health(), log(), as_of=date(2026, 6, 30), period="quarter", time_zone="UTC"
    ).collect()
    rows = {r[0]: r[1:] for r in table.rows()}
    assert table.height == len(METRICS)
    assert rows["size"] == (0.0, 0.0, 0.0)
    assert rows["layer_compliance_close"] == (None, None, None)
    assert rows["hhi"] == (None, None, None)
    assert rows["reply_rate"] == (None, None, None)


def test_reply_rate_is_the_same_whatever_order_the_rows_come_in() -> None:
    """Your message and theirs at one instant: never an answer before the question, either way."""
    same = [touch("a", at("2026-06-03"), "inbound"), touch("a", at("2026-06-03"), "outbound")]
    rates = {
        one(activity(log(*rows), *JUNE, time_zone="UTC"))["reply_rate"]
        for rows in (same, same[::-1])
    }
    assert rates == {0.0}


def test_reply_rate_counts_e_mail_threads_as_a_person_does() -> None:
    mail = log(
        touch("a", at("2026-06-05"), "inbound", "email"),
        touch("a", at("2026-06-06"), "outbound", "email"),
    )
    assert one(activity(mail, *FORTNIGHT, time_zone="UTC"))["reply_rate"] == 1.0


def test_openings_are_counted_per_conversation_and_never_across_other_touches() -> None:
    """A message after 41 days of silence in its thread opens a conversation; an endorsement in
    between is not part of the thread; a person's messages without a thread are one conversation
    (as a person's balance counts them: they were never counted here)."""
    touches = log(
        touch("a", at("2026-05-20"), "outbound", initiated=True, thread="t"),
        touch("a", at("2026-06-20"), "outbound", "endorsement"),
        touch("a", at("2026-06-30"), "inbound", thread="t"),
        touch("b", at("2026-06-01"), "outbound", thread=None),
    )
    without = touches.with_columns(
        pl.when(pl.col("person_id") == "b")
        .then(None)
        .otherwise(pl.col("thread_id"))
        .alias("thread_id")
    )
    later = log(touch("b", at("2026-06-29"), "outbound"))
    both = pl.concat([without, later.with_columns(pl.lit(None, pl.Categorical).alias("thread_id"))])
    got = one(reciprocity_balance(both, date(2026, 6, 1), date(2026, 6, 30), time_zone="UTC"))
    # a: opened by you in May, reopened by them (06-30, more than waiting_days on: no late
    # answer); b: you opened (06-01) and reopened 28 days on (06-29, after your own): 2 out, 1 in.
    assert got["initiation_balance"] == pytest.approx(1 / 3)


def test_an_e_mail_to_two_people_opens_a_conversation_with_each() -> None:
    """To Pat, Cc Quinn (one thread, two rows at one instant): you opened two conversations, as
    each person's balance counts them; Quinn's message 44 days on reopens hers (20 days on, it
    would be a late answer, opening none). It was one opening of yours (the second row followed
    the first by 0 seconds)."""
    touches = log(
        touch("p", at("2026-06-01"), "outbound", "email", thread="m"),
        touch("q", at("2026-06-01"), "outbound", "email", thread="m"),
        touch("q", at("2026-07-15"), "inbound", "email", thread="m"),
    )
    got = one(reciprocity_balance(touches, date(2026, 6, 1), date(2026, 7, 31), time_zone="UTC"))
    assert got["initiation_balance"] == pytest.approx(1 / 3)
    late = touches.with_columns(
        occurred_at=pl.when(pl.col("direction") == "inbound")
        .then(pl.lit(at("2026-06-21")))
        .otherwise(pl.col("occurred_at"))
    )
    assert one(reciprocity_balance(late, *JUNE, time_zone="UTC"))["initiation_balance"] == 1.0


def _late_thanks(days: int, initiated: bool = False) -> pl.LazyFrame:
    """Your note (long) on 1 June; their 'Thanks!' ``days`` later (its source may say it opens a
    conversation, as a chat's does after a day of quiet); Bea's question, answered."""
    thanks = at("2026-06-01") + timedelta(days=days)
    return log(
        touch("a", at("2026-06-01"), "outbound", length=120, asks=False),
        touch("a", thanks, "inbound", initiated=initiated, length=7, asks=False),
        touch("b", at("2026-06-20"), "inbound", length=20, asks=True),
        touch("b", at("2026-06-21"), "outbound", length=20, asks=False),
    )


@pytest.mark.parametrize(
    ("days", "late_days", "initiated", "rate", "balance"),
    [
        (20, 30, False, 1.0, 0.0),  # a late answer: no turn, no opening of theirs
        (29, 30, False, 1.0, 0.0),
        (30, 30, False, 0.5, -1 / 3),  # 30 days on: they write again, a turn left unanswered
        (20, 14, False, 0.5, -1 / 3),  # late_days no longer than pause_days: no late answers
        (10, 30, False, 1.0, 0.0),  # in time: a closer, no turn
        (20, 30, True, 0.5, -1 / 3),  # its source says it opens a conversation: no late answer
    ],
)
def test_a_late_answer_restarts_nothing(
    days: int, late_days: int, initiated: bool, rate: float, balance: float
) -> None:
    """The summary's reply rate and initiation balance over July and June, as a person counts:
    Bea's answered question is one turn and one opening of hers, your note one of yours."""
    period = (date(2026, 6, 1), date(2026, 7, 31))
    frame = _late_thanks(days, initiated)
    got = one(activity(frame, *period, time_zone="UTC", late_days=late_days))
    assert got["reply_rate"] == rate
    flows = reciprocity_balance(frame, *period, time_zone="UTC", late_days=late_days)
    assert one(flows)["initiation_balance"] == pytest.approx(balance)


def test_marked_interactions_are_read_in_conversation_order_whatever_their_row_order() -> None:
    """activity reads marked interactions in with_openings' order (it used to trust the rows:
    sorted by time, a turn's answer looked like another thread's message, 0.0 for 1/3)."""
    rows = [
        touch("a", at("2026-06-02"), "inbound", length=100),
        touch("b", at("2026-06-03"), "inbound", length=100),
        touch("a", at("2026-06-04"), "outbound", length=100),
        touch("c", at("2026-06-05"), "inbound", length=100),
        touch("b", at("2026-06-30"), "outbound", length=100),
    ]
    marked = with_openings(log(*rows), 14).collect()
    expected = one(activity(log(*rows), *JUNE, time_zone="UTC"))["reply_rate"]
    assert expected == pytest.approx(1 / 3)
    for order in (
        marked.sort("occurred_at"),
        marked.reverse(),
        marked.sample(fraction=1.0, seed=3, shuffle=True),
    ):
        assert one(activity(order.lazy(), *JUNE, time_zone="UTC"))["reply_rate"] == expected
