"""Per-person health on a small constructed timeline, every value computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from netbook import schema
from netbook.metrics import CONTRACT, due, health
from netbook.metrics.touches import daily, first_seen
from netbook.settings import CadenceSettings, Settings, TimeSettings

AS_OF = date(2026, 3, 31)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


COLUMNS = [
    "interaction_id",
    "person_id",
    "occurred_at",
    "channel",
    "direction",
    "initiated",
    "value",
    "thread_id",
    "is_group",
]


def log(rows: list[tuple[object, ...]]) -> pl.LazyFrame:
    """Interactions from ``(id, person, when, channel, direction, initiated, value, thread, group)``."""
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row").with_columns(weight=pl.lit(1.0))
    return schema.conform(frame, schema.INTERACTIONS)


def people() -> pl.LazyFrame:
    rows = [
        ("a", "Ada Example", "Globex", "Engineering Manager", date(2025, 1, 1)),
        ("b", "Bo Sample", "Globex", "Sales Director", date(2026, 3, 25)),
        ("c", "Cy Person", "Initech", None, None),
        ("d", "Di Group", None, None, None),
        ("e", "Ed Old", "Hooli", "CTO", date(2020, 1, 1)),
    ]
    frame = pl.DataFrame(
        rows, schema=["person_id", "full_name", "company", "position", "connected_on"], orient="row"
    )
    return schema.conform(frame.with_columns(tags=pl.lit([], pl.List(pl.String))), schema.PEOPLE)


def interactions() -> pl.LazyFrame:
    # id, person, when, channel, direction, initiated, value, thread, group
    rows = [
        ("1", "a", at(2025, 1, 1, 12), "connection", None, False, "none", None, False),
        ("2", "a", at(2025, 6, 1, 9), "endorsement", "inbound", False, "received", None, False),
        ("3", "a", at(2025, 12, 1, 9), "recommendation", "outbound", False, "given", None, False),
        ("4", "a", at(2026, 3, 1, 10), "message", "outbound", True, "none", "t1", False),
        ("5", "a", at(2026, 3, 2, 10), "message", "inbound", False, "none", "t1", False),
        ("6", "a", at(2026, 3, 20, 10), "message", "outbound", False, "none", "t1", False),
        ("7", "b", at(2026, 3, 25, 12), "connection", None, False, "none", None, False),
        ("8", "c", at(2026, 3, 22, 23, 30), "message", "inbound", True, "none", "t2", False),
        ("9", "d", at(2026, 3, 30, 8), "message", "inbound", True, "none", "t3", True),
        ("10", "e", at(2020, 1, 1, 12), "connection", None, False, "none", None, False),
        ("11", "e", at(2026, 4, 5, 8), "message", "inbound", True, "none", "t4", False),
    ]
    return log(rows)


def settings(zone: str = "UTC") -> Settings:
    return Settings(time=TimeSettings(zone=zone))


def run(as_of: date = AS_OF, zone: str = "UTC") -> dict[str, dict[str, object]]:
    frame = health(people(), interactions(), as_of, settings(zone)).collect()
    assert frame.columns == list(CONTRACT)
    return {row["person_id"]: row for row in frame.to_dicts()}


def decay(age: float, half_life: float = 90) -> float:
    return float(2 ** (-age / half_life))


def test_recency_frequency_direction() -> None:
    a = run()["a"]
    assert a["last_contact_at"] == at(2026, 3, 20, 10)
    assert a["days_since_contact"] == 11
    assert a["touches_30d"] == 2.0  # messages 11 and 29 days old; the one 30 days old is out
    assert a["touches_90d"] == 3.0
    assert a["touches_365d"] == 6.5  # 3 messages + endorsement 0.5 + recommendation 3
    assert (a["outbound_365d"], a["inbound_365d"]) == (3, 2)
    # Connecting (2025-01-01) is not contact: it adds nothing to intensity.
    expected = decay(11) + decay(29) + decay(30) + 0.5 * decay(303) + 3 * decay(120)
    assert a["intensity"] == pytest.approx(expected)


def test_reciprocity_and_replies() -> None:
    a = run()["a"]
    assert a["reciprocity"] == pytest.approx(2 / 3)
    assert a["initiation_balance"] == 1.0
    assert a["give_ratio"] == 0.5
    # Your answer of 20 March came 18 days after theirs, past the 14-day pause: it restarted the
    # conversation rather than replied.
    assert a["your_reply_rate"] == 0.0
    # They answered your message of 1 March; yours of 20 March is 11 days old, still inside its
    # 14 days: not yet one they left unanswered, so it is not counted yet.
    assert a["their_reply_rate"] == 1.0
    assert a["your_reply_hours"] is None
    assert a["their_reply_hours"] == 24
    assert a["unanswered_inbound"] == 0
    # Conversations start 2025-06-01, 2025-12-01, 2026-03-01 (3-2 is the same one), 2026-03-20:
    # gaps 183, 90, 19 days, usual gap 90. The connection day is no conversation.
    assert a["median_gap_days"] == 90
    assert a["rhythm_ratio"] == pytest.approx(11 / 90)


def test_strength_components_and_layers() -> None:
    rows = run()
    # Only a and c were ever in contact; b (connected), d (a group message) and e (connected, a
    # message after the as-of date) have strength 0 and no layer.
    # a: closeness 0.8 (the only positive two-way rate; no meeting, so richness 0), frequency 1
    # (6.5 > 1), duration 1 (455 > 10 days), reciprocity 2/3 (3 days out, 2 in), structural 1
    # (Bo shares Globex). c: only theirs (balance 0), frequency 0.5, duration 0.5.
    weights = {"closeness": 0.7, "frequency": 0.1, "duration": 0.05, "reciprocity": 0.1}
    a = 0.7 * 0.8 + 0.1 + 0.05 + 0.1 * 2 / 3 + 0.05
    assert rows["a"]["strength"] == pytest.approx(a)
    assert rows["c"]["strength"] == pytest.approx(weights["frequency"] * 0.5 + 0.05 * 0.5)
    assert [rows[k]["strength"] for k in "bde"] == [0.0, 0.0, 0.0]
    assert rows["a"]["strength_closeness"] == pytest.approx(0.8)
    assert rows["a"]["strength_recency"] == 0.5  # c was in touch more recently; recency weighs 0
    # a has two-way contact on 5 days and 4 conversations in 303 days: in the active network.
    # c wrote once and was never answered: an acquaintance, however strong the ranks.
    assert {k: r["layer"] for k, r in rows.items()} == {
        "a": "support",
        "b": "acquaintance",
        "c": "acquaintance",
        "d": "acquaintance",
        "e": "acquaintance",
    }


def test_status_cadence_and_why() -> None:
    rows = run()
    a, b, c, d, e = (rows[k] for k in "abcde")
    # Support's cadence is 7 days, but a's usual gap is 90: late only after 90 days.
    assert (a["cadence_days"], a["expected_days"]) == (7, 90)
    assert (a["due_on"], a["overdue_ratio"]) == (date(2026, 6, 18), pytest.approx(11 / 90))
    assert (a["status"], a["why"]) == ("ok", None)
    assert (b["status"], b["why"]) == ("new", "connected 6 days ago, not in touch yet")
    # c wrote first and was never written to: a cold first message, not one waiting for you.
    assert (c["unanswered_inbound"], c["cold_inbound"]) == (0, 1)
    assert (c["status"], c["why"]) == (
        "ok",
        "wrote to you 9 days ago; you never wrote to them",
    )
    assert (d["last_contact_at"], d["status"], d["why"], d["cadence_days"]) == (
        None,
        "not in touch",
        None,
        None,
    )
    # e's only contact is after the as-of date; connecting in 2020 is not contact.
    assert (e["days_since_contact"], e["status"], e["why"]) == (None, "not in touch", None)


def test_due_queue_is_maintenance_ranked_by_lateness_and_importance() -> None:
    # Three ties in touch every week for a year (support by rank), then quiet for 10, 40 and 20
    # days; r is a mentor (her importance counts 1.5 times).
    week, day = timedelta(days=7), timedelta(days=1)
    rows = []
    for who, quiet in (("p", 10), ("q", 40), ("r", 20)):
        for n in range(52):
            when = AS_OF - day * quiet - week * n
            direction = "outbound" if n % 2 else "inbound"
            rows.append(
                (
                    f"{who}{n}",
                    who,
                    at(when.year, when.month, when.day, 12),
                    "message",
                    direction,
                    False,
                    "none",
                    f"t{who}",
                    False,
                )
            )
    crowd = pl.DataFrame(
        {"person_id": ["p", "q", "r"], "full_name": ["P", "Q", "R"], "role": [None, None, "mentor"]}
    ).with_columns(tags=pl.lit([], pl.List(pl.String)))
    queue = due(
        health(schema.conform(crowd, schema.PEOPLE), log(rows), AS_OF, settings())
    ).collect()
    # priority = overdue ratio (days over the 7-day cadence) x layer weight (support 5) x role.
    assert queue["person_id"].to_list() == ["q", "r", "p"]
    assert queue["priority"].to_list() == pytest.approx([40 / 7 * 5, 20 / 7 * 5 * 1.5, 10 / 7 * 5])
    assert queue["status"].to_list() == ["overdue", "overdue", "due"]
    assert queue["why"][0] == "5.7x overdue: last contact 40 days ago, support tie (every 7 days)"
    assert queue["why"][1].endswith("mentor (every 7 days)")


def test_due_queue_leaves_out_answers_new_connections_and_groups() -> None:
    queue = due(health(people(), interactions(), AS_OF, settings())).collect()
    # b is a new connection (welcome), c a cold first message, d only in a group, e never in
    # touch, a within its usual gap: none of them is relationship maintenance.
    assert queue.height == 0


def test_time_zone_edges() -> None:
    # Cy's message at 23:30 UTC on 22 March is 08:30 on 23 March in Tokyo.
    assert run(zone="UTC")["c"]["days_since_contact"] == 9
    assert run(zone="Asia/Tokyo")["c"]["days_since_contact"] == 8
    # As of 22 March in Los Angeles it is still 16:30 on the 22nd: seen; in Tokyo it is not yet.
    assert run(date(2026, 3, 22), "America/Los_Angeles")["c"]["days_since_contact"] == 0
    assert "c" not in run(date(2026, 3, 22), "Asia/Tokyo")  # not known yet there


def test_as_of_in_the_past_sees_no_future() -> None:
    rows = run(date(2026, 3, 10))
    assert sorted(rows) == ["a", "e"]  # b connected, c and d wrote, only later
    a = rows["a"]
    assert a["last_contact_at"] == at(2026, 3, 2, 10)
    assert a["unanswered_inbound"] == 1  # the reply of 20 March has not happened yet
    assert a["why"] == "wrote to you 8 days ago, no reply yet"


def test_cadence_overrides_person_then_role_then_tag() -> None:
    tagged = people().with_columns(
        role=pl.when(pl.col("person_id").is_in(["a", "c"])).then(pl.lit("mentor")),
        tags=pl.when(pl.col("person_id") == "b")
        .then(pl.lit(["alumni", "conference"]))
        .otherwise(pl.lit([], pl.List(pl.String))),
    )
    custom = Settings.model_validate(
        {
            "time": {"zone": "UTC"},
            "cadence": {
                "role": {"mentor": 14},
                "tag": {"alumni": 60, "conference": 20},
                "person": {"c": 3},
            },
        }
    )
    rows = {
        r["person_id"]: r
        for r in health(tagged, interactions(), AS_OF, custom).collect().to_dicts()
    }
    assert rows["c"]["cadence_days"] == 3  # person beats role
    assert rows["a"]["cadence_days"] == 14  # role beats layer (support, 7)
    assert rows["b"]["cadence_days"] == 20  # the shortest tag cadence
    assert rows["a"]["status"] == "ok" and rows["a"]["why"] is None  # 11 days < 14
    assert rows["d"]["cadence_days"] is None  # acquaintances have none


def test_rhythm_break_marks_decaying() -> None:
    # Weekly for ten weeks, then silent for 60 days: 60 / 7 > 8.
    rows = [
        (
            str(n),
            "z",
            at(2025, 12, 1, 12) + (at(2025, 1, 8) - at(2025, 1, 1)) * n,
            "message",
            "outbound" if n % 2 else "inbound",
            n == 0,
            "none",
            "tz",
            False,
        )
        for n in range(10)
    ]
    people_z = schema.conform(
        pl.DataFrame({"person_id": ["z"], "full_name": ["Zed"], "tags": [[]]}), schema.PEOPLE
    )
    last = date(2025, 12, 1) + (date(2025, 1, 8) - date(2025, 1, 1)) * 9
    as_of = last + (date(2025, 3, 2) - date(2025, 1, 1))  # 60 days later
    row = health(people_z, log(rows), as_of, settings()).collect().row(0, named=True)
    assert row["rhythm_ratio"] == pytest.approx(60 / 7)
    assert (row["status"], row["why"]) == (
        "decaying",
        "8.6x your usual gap of 7 days: last contact 60 days ago, support tie",
    )
    # With a cadence of 20 days (longer than the usual gap), the due queue ranks by 60 / 20: the
    # sentence says so, beside the broken rhythm.
    slower = settings().model_copy(update={"cadence": CadenceSettings(support=20)})
    row = health(people_z, log(rows), as_of, slower).collect().row(0, named=True)
    assert (row["rhythm_ratio"], row["overdue_ratio"]) == (pytest.approx(60 / 7), 3.0)
    assert row["why"] == (
        "8.6x your usual gap of 7 days (3.0x the cadence, every 20 days): last contact 60 days "
        "ago, support tie"
    )


def test_segments_on_a_larger_network() -> None:
    # 20 people: the first ten touched every week for a year, the next five touched a lot but not
    # for 200 days, the last five connected 3+ years ago and silent since, once strong.
    rows, ids = [], []
    for p in range(20):
        pid = f"p{p:02d}"
        ids.append(pid)
        base = (
            at(2025, 4, 1, 12) if p < 10 else at(2025, 1, 1, 12) if p < 15 else at(2021, 1, 1, 12)
        )
        for k in range(30 if p < 15 else 40):
            when = base + (at(2025, 1, 8) - at(2025, 1, 1)) * (k if p < 10 else k / 2)
            rows.append(
                (
                    f"{p}-{k}",
                    pid,
                    when,
                    "message",
                    "outbound" if k % 2 else "inbound",
                    k == 0,
                    "none",
                    f"t{p}",
                    False,
                )
            )
    # And 200 connections never in touch: no segment, and no weight in anyone's quintiles.
    quiet = [f"q{n:03d}" for n in range(200)]
    crowd = schema.conform(
        pl.DataFrame(
            {
                "person_id": ids + quiet,
                "tags": [[]] * 220,
                "connected_on": [None] * 20 + [date(2024, 1, 1)] * 200,
            }
        ),
        schema.PEOPLE,
    )
    result = health(crowd, log(rows), date(2025, 11, 1), settings())
    segments = dict(result.select("person_id", "segment").collect().iter_rows())
    assert {segments[f"p{p:02d}"] for p in range(10)} == {"champion"}
    assert {segments[f"p{p:02d}"] for p in range(10, 15)} == {"at risk"}
    assert {segments[f"p{p:02d}"] for p in range(15, 20)} == {"dormant high-value"}
    assert {segments[q] for q in quiet} == {None}
    # p00 writing every week and you never: as recent and frequent, but no champion.
    one_way = [(*r[:4], "inbound", *r[5:]) if r[1] == "p00" else r for r in rows]
    result = health(crowd, log(one_way), date(2025, 11, 1), settings())
    segments = dict(result.select("person_id", "segment").collect().iter_rows())
    assert segments["p00"] == "steady"
    assert {segments[f"p{p:02d}"] for p in range(1, 10)} == {"champion"}


def test_without_replies_only_reply_columns_change() -> None:
    full = health(people(), interactions(), AS_OF, settings()).collect()
    light = health(people(), interactions(), AS_OF, settings(), with_replies=False).collect()
    same = [
        "person_id",
        "days_since_contact",
        "touches_365d",
        "intensity",
        "strength",
        "layer",
        "cadence_days",
        "overdue_ratio",
        "segment",
    ]
    assert light.select(same).equals(full.select(same))
    assert light["your_reply_rate"].null_count() == light.height
    assert light["unanswered_inbound"].to_list() == [0] * light.height


@pytest.mark.parametrize("as_of", [date(2026, 3, 10), AS_OF])
def test_shared_daily_and_first_seen_give_the_same_frame(as_of: date) -> None:
    # A review passes one daily / first-seen frame to both of its dates; each date must still
    # see only its own past, exactly as a health frame computed on its own.
    log_ = interactions()
    shared = health(
        people(),
        log_,
        as_of,
        settings("Asia/Tokyo"),
        days=daily(log_, settings("Asia/Tokyo")),
        seen=first_seen(log_),
    ).collect()
    alone = health(people(), log_, as_of, settings("Asia/Tokyo")).collect()
    assert shared.equals(alone)
    assert shared.height == (2 if as_of < AS_OF else alone.height)


def test_reaching_out_by_any_channel_answers_a_message() -> None:
    # Ada's message of 2 March waits for a reply until 20 March; a call on 5 March answers it,
    # a call before it (1 March, 09:00) does not, and neither does a group message.
    def ada(extra: list[tuple[object, ...]]) -> dict[str, object]:
        rows = log([*interactions().collect().select(COLUMNS).rows(), *extra])
        frame = health(people(), rows, date(2026, 3, 10), settings()).collect()
        return frame.filter(pl.col("person_id") == "a").row(0, named=True)

    assert ada([])["unanswered_inbound"] == 1
    called = ada([("c1", "a", at(2026, 3, 5, 9), "call", "outbound", True, "none", None, False)])
    assert called["unanswered_inbound"] == 0
    assert called["why"] is None or "no reply" not in called["why"]
    early = ada([("c2", "a", at(2026, 3, 1, 9), "call", "outbound", True, "none", None, False)])
    assert early["unanswered_inbound"] == 1
    group = ada([("g1", "a", at(2026, 3, 5, 9), "message", "outbound", True, "none", "g", True)])
    assert group["unanswered_inbound"] == 1


def test_a_connection_made_after_as_of_is_not_seen_by_someone_known_before() -> None:
    # Cy wrote on 22 March and connected on 1 April: as of 31 March, Cy is known, not connected.
    later = people().with_columns(
        connected_on=pl.when(pl.col("person_id") == "c")
        .then(pl.lit(date(2026, 4, 1)))
        .otherwise(pl.col("connected_on"))
    )
    frame = health(later, interactions(), AS_OF, settings()).collect()
    c = {row["person_id"]: row for row in frame.to_dicts()}["c"]
    assert c["connected_on"] is None
    assert c["status"] != "new" and "connected" not in (c["why"] or "")
    on_the_day = health(later, interactions(), date(2026, 4, 1), settings()).collect()
    assert on_the_day.filter(pl.col("person_id") == "c")["connected_on"].to_list() == [
        date(2026, 4, 1)
    ]


def burst(start: datetime, days: int, as_of: date) -> dict[str, object]:
    """The health at ``as_of`` of a tie ``z`` written to daily, both ways, for ``days`` days."""
    rows = [
        (str(n), "z", start + timedelta(days=n), "message", ("outbound", "inbound")[n % 2], False)
        for n in range(days)
    ]
    frame = log([(*r, "none", "t9", False) for r in rows])
    person = people().filter(pl.col("person_id") == "a").with_columns(person_id=pl.lit("z"))
    return health(person, frame, as_of, settings()).collect().row(0, named=True)


def test_one_long_conversation_is_no_rhythm_of_one_a_year() -> None:
    """Daily messages for six weeks, then five weeks of silence: late against the layer's cadence.

    One conversation gives no usual gap: the tie must not wait 180 days of assumed prior silence
    plus its age (262 days) before it is due, as it did.
    """
    z = burst(at(2026, 1, 10, 9), 42, AS_OF)
    assert z["layer"] == "support" and z["median_gap_days"] is None
    assert z["days_since_contact"] == 39
    assert z["expected_days"] == z["cadence_days"] == 7
    assert z["status"] in {"overdue", "decaying"}


def test_an_answer_after_a_long_silence_restarts_the_conversation_and_is_no_reply() -> None:
    """An answer three years on is a new conversation: no 26,000-hour reply time, no reply."""
    rows = [
        ("1", "z", at(2023, 3, 1, 9), "message", "inbound", True, "none", "t9", False),
        ("2", "z", at(2026, 3, 1, 9), "message", "outbound", False, "none", "t9", False),
        ("3", "z", at(2026, 3, 2, 9), "message", "inbound", False, "none", "t9", False),
        ("4", "z", at(2026, 3, 3, 9), "message", "outbound", False, "none", "t9", False),
    ]
    person = people().filter(pl.col("person_id") == "a").with_columns(person_id=pl.lit("z"))
    z = health(person, log(rows), AS_OF, settings()).collect().row(0, named=True)
    assert z["your_reply_hours"] == 24.0  # the answer of 3 March, not the one of three years
    assert z["their_reply_hours"] == 24.0
    assert z["your_reply_rate"] == 0.5  # one of their two runs answered in time
    assert z["unanswered_inbound"] == 0


def test_a_strong_tie_of_one_conversation_keeps_its_layer_while_it_is_late() -> None:
    """Three weeks of daily messages, then eight months of silence: still a layer's tie, late.

    Its pace is judged while you were in touch; the silence since makes it late, and lapsed only
    after 18 months. It used to fall to an acquaintance, 'ok', half a year after it began.
    """
    z = burst(at(2025, 1, 10, 9), 21, date(2025, 9, 30))
    assert z["days_since_contact"] == 243
    # Three weeks of daily contact count as three conversations: sympathy (support needs four).
    assert z["layer"] == "sympathy"
    assert z["status"] in {"overdue", "decaying"}


def test_a_persons_messages_without_a_thread_are_one_conversation() -> None:
    """A source that names no thread (a hand-made CSV): Cy wrote, you answered the next day.
    Each message was a thread of its own, so the answer answered nothing (your rate 0.0), while
    the summary's reply rate took them as one conversation."""
    rows = [
        ("1", "c", at(2026, 3, 10, 9), "message", "inbound", False, "none", None, False),
        ("2", "c", at(2026, 3, 11, 9), "message", "outbound", False, "none", None, False),
    ]
    frame = health(people(), log(rows), AS_OF, settings()).collect()
    cy = frame.filter(pl.col("person_id") == "c").row(0, named=True)
    assert (cy["your_reply_rate"], cy["your_reply_hours"]) == (1.0, 24.0)
