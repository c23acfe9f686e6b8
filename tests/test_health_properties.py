"""Properties of the per-person metrics on random timelines (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from netbook import schema
from netbook.metrics import health, strength
from netbook.metrics.strength import COMPONENTS as STRENGTH_COMPONENTS
from netbook.settings import Settings, TimeSettings

AS_OF = date(2026, 6, 30)
START = datetime(2024, 1, 1, tzinfo=UTC)
SETTINGS = Settings(time=TimeSettings(zone="Europe/Berlin"))
PEOPLE_IDS = [f"p{i:03d}" for i in range(40)]

touch = st.tuples(
    st.sampled_from(PEOPLE_IDS),
    st.integers(0, 1000 * 24 * 60),  # minutes after START (some after AS_OF)
    st.sampled_from(["message", "invitation", "endorsement", "meeting", "connection"]),
    st.sampled_from(["outbound", "inbound"]),
    st.booleans(),
    st.sampled_from(["t1", "t2", "t3", None]),
    st.booleans(),
)


def frames(
    rows: list[tuple[str, int, str, str, bool, str | None, bool]],
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    interactions = pl.DataFrame(
        {
            "interaction_id": [str(i) for i in range(len(rows))],
            "person_id": [r[0] for r in rows],
            "occurred_at": [START + timedelta(minutes=r[1]) for r in rows],
            "channel": [r[2] for r in rows],
            "direction": [None if r[2] == "connection" else r[3] for r in rows],
            "initiated": [r[4] for r in rows],
            "thread_id": [r[5] for r in rows],
            "is_group": [r[6] and r[2] == "message" for r in rows],
            "weight": [1.0] * len(rows),
        },
        schema_overrides={
            "occurred_at": schema.UTC,
            "direction": pl.String,
            "thread_id": pl.String,
        },
    )
    people = pl.DataFrame(
        {"person_id": PEOPLE_IDS, "company": [f"c{i % 7}" for i in range(len(PEOPLE_IDS))]}
    )
    return schema.conform(people, schema.PEOPLE), schema.conform(interactions, schema.INTERACTIONS)


CHECKS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@CHECKS
@given(st.lists(touch, max_size=60), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows, random) -> None:  # type: ignore[no-untyped-def]
    people, interactions = frames(rows)
    shuffled = rows[:]
    random.shuffle(shuffled)
    people2, interactions2 = frames(shuffled)
    first = health(people, interactions, AS_OF, SETTINGS).collect()
    second = health(people2.reverse(), interactions2, AS_OF, SETTINGS).collect()
    assert_frame_equal(first, second)


@CHECKS
@given(st.lists(touch, max_size=60))
def test_streaming_and_in_memory_agree(rows) -> None:  # type: ignore[no-untyped-def]
    people, interactions = frames(rows)
    query = health(people, interactions, AS_OF, SETTINGS)
    # The streaming engine sums floats in a varying order: equal up to rounding, not bit for bit.
    assert_frame_equal(
        query.collect(engine="in-memory"),
        query.collect(engine="streaming"),
        check_exact=False,
        rel_tol=1e-12,
    )


@CHECKS
@given(st.lists(touch, max_size=60), touch)
def test_adding_a_touch_never_lowers_touches(rows, extra) -> None:  # type: ignore[no-untyped-def]
    before = health(*frames(rows), AS_OF, SETTINGS).collect()
    after = health(*frames([*rows, extra]), AS_OF, SETTINGS).collect()
    joined = before.join(after, on="person_id", how="left", suffix="_after")
    for column in ("touches_30d", "touches_90d", "touches_365d"):
        assert (joined[f"{column}_after"] >= joined[column]).all()


@CHECKS
@given(st.lists(touch, max_size=120))
def test_strength_bounded_and_layer_caps_hold(rows) -> None:  # type: ignore[no-untyped-def]
    frame = health(*frames(rows), AS_OF, SETTINGS).collect()
    assert frame["strength"].is_between(0.0, 1.0).all()
    sizes = frame["layer"].value_counts().rows()
    caps = {"support": 5, "sympathy": 10, "close": 35, "active": 100, "acquaintance": 10**9}
    assert all(count <= caps[name] for name, count in sizes)
    untouched = frame.filter(pl.col("last_contact_at").is_null())
    assert (untouched["layer"] == "acquaintance").all()


RANGES = {
    "initiation_balance": (-1.0, 1.0),
    "reciprocity": (0.0, 1.0),
    "give_ratio": (0.0, 1.0),
    "your_reply_rate": (0.0, 1.0),
    "their_reply_rate": (0.0, 1.0),
    "strength": (0.0, 1.0),
    **{f"strength_{c}": (0.0, 1.0) for c in STRENGTH_COMPONENTS},
    "overdue_ratio": (0.0, float("inf")),
    "rhythm_ratio": (0.0, float("inf")),
    "intensity": (0.0, float("inf")),
    "days_since_contact": (0.0, float("inf")),
}
"""Every ratio, share and balance column, with the range it must stay in."""


@CHECKS
@given(st.lists(touch, max_size=120))
def test_every_ratio_share_and_balance_stays_in_range(rows) -> None:  # type: ignore[no-untyped-def]
    frame = health(*frames(rows), AS_OF, SETTINGS).collect()
    for column, (low, high) in RANGES.items():
        values = frame[column].drop_nulls().cast(pl.Float64)
        assert values.is_between(low, high).all(), (column, values.min(), values.max())
    in_touch = frame.filter(pl.col("contact_days") > 0)
    # Defined wherever there was contact: never null there.
    for column in ("days_since_contact", "strength", "intensity", "touches_365d"):
        assert in_touch[column].null_count() == 0, column
    # Where both sides started conversations, the balance is defined.
    assert frame["strength"].null_count() == 0
    # No contact, no lateness: connections and invitations alone are never due.
    never = frame.filter(pl.col("contact_days") == 0)
    assert never["status"].is_in(["new", "not in touch", "snoozed"]).all()
    assert never["overdue_ratio"].null_count() == never.height


@CHECKS
@given(st.integers(0, 800), st.randoms(use_true_random=False))
def test_layers_rank_by_strength_then_person_id(size, random) -> None:  # type: ignore[no-untyped-def]
    """Layer by layer from the innermost, the strongest ties that fit it, then by id.

    Strengths in quarters make many ties; one conversation (few contact days) fits only the
    active layer. The reference ranks every tie in Python; the metric sorts only each layer's top.
    """
    ids = [f"p{random.getrandbits(24):06x}{i}" for i in range(size)]
    since = [random.choice([None, 5, 40, 40, 400, 900]) for _ in ids]
    frame = pl.LazyFrame(
        {
            "person_id": ids,
            "strength": [random.randint(0, 4) / 4 for _ in ids],
            "closeness": [random.choice([None, 1, 3, 5]) for _ in ids],
            "two_way_days": [random.choice([None, 0, 2, 20, 20, 20]) for _ in ids],
            "days_since_contact": since,
            "first_contact_day": [AS_OF - timedelta(days=900)] * size,
            "last_day": [None if d is None else AS_OF - timedelta(days=d) for d in since],
            "conversations": [random.choice([1, 1, 2, 3, 4, 40]) for _ in ids],
            "contact_days": [random.choice([2, 13, 14, 60]) for _ in ids],
        },
        schema_overrides={
            "person_id": pl.String,
            "strength": pl.Float64,
            "closeness": pl.Int64,
            "two_way_days": pl.Int64,
            "days_since_contact": pl.Int64,
            "first_contact_day": pl.Date,
            "last_day": pl.Date,
            "conversations": pl.UInt32,
            "contact_days": pl.UInt32,
        },
    )
    rated = pl.col("closeness").fill_null(0) >= 3
    fits = strength.pace_days() <= strength.PACE_FIT * SETTINGS.cadence.active
    ranked = strength.eligible(SETTINGS) & (fits.fill_null(False) | rated)
    needs = {"support": 4, "sympathy": 3, "close": 2, "active": 0}  # conversations (or weeks)
    rows = (
        frame.with_columns(
            ranked.alias("ranked"),
            strength.conversations().alias("count"),
            rated.alias("rated"),
        )
        .collect()
        .rows(named=True)
    )
    order = sorted((r for r in rows if r["ranked"]), key=lambda r: (-r["strength"], r["person_id"]))
    sizes = [("support", 5), ("sympathy", 15), ("close", 50), ("active", 150)]  # cumulative
    expected = {r["person_id"]: "acquaintance" for r in rows}
    for name, size in sizes:
        free = [r for r in order if expected[r["person_id"]] == "acquaintance"]
        fit = [r for r in free if r["rated"] or r["count"] >= needs[name]]
        taken = sum(layer != "acquaintance" for layer in expected.values())
        for row in fit[: size - taken]:
            expected[row["person_id"]] = name
    layered = strength.with_layer(frame, SETTINGS, AS_OF).collect()
    assert layered["person_id"].to_list() == ids  # rows kept, in order
    assert dict(layered.select("person_id", "layer").iter_rows()) == expected
