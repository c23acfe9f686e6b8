"""The per-person health frame: every metric of a person at an as-of date, in one lazy query."""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.metrics import status as st
from netbook.metrics import strength as sg
from netbook.metrics.replies import REPLIES, replies
from netbook.metrics.reply_days import replies_at
from netbook.metrics.touches import daily, end_of, first_seen, messages, per_person
from netbook.settings import Settings

CONTRACT = (
    "person_id",
    "full_name",
    "profile_url",
    "company",
    "position",
    "role",
    "tags",
    "connected_on",
    "last_contact_at",
    "days_since_contact",
    "touches_30d",
    "touches_90d",
    "touches_365d",
    "outbound_365d",
    "inbound_365d",
    "intensity",
    "initiation_balance",
    "reciprocity",
    "give_ratio",
    "your_reply_rate",
    "their_reply_rate",
    "your_reply_hours",
    "their_reply_hours",
    "unanswered_inbound",
    "strength",
    *(f"strength_{c}" for c in sg.COMPONENTS),
    "layer",
    "cadence_days",
    "due_on",
    "overdue_ratio",
    "rhythm_ratio",
    "segment",
    "status",
    "why",
    "priority",
    "contact_days",
    "median_gap_days",
    "unanswered_since",
    "unanswered_reason",
    "cold_inbound",
    "cold_since",
    "expected_days",
)
"""The columns of :func:`health`, in order (a public contract: add, never rename)."""


INTERACTION_COLUMNS = (
    "person_id",
    "occurred_at",
    "channel",
    "direction",
    "initiated",
    "value",
    "thread_id",
    "is_group",
    "weight",
    "content_length",
    "asks",
)
"""The interaction columns :func:`health` reads (its result does not depend on row order)."""


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator)


def health(
    people: pl.LazyFrame,
    interactions: pl.LazyFrame | None,
    as_of: date,
    settings: Settings,
    *,
    with_replies: bool = True,
    days: pl.LazyFrame | None = None,
    seen: pl.LazyFrame | None = None,
    replied: tuple[pl.LazyFrame, pl.LazyFrame] | None = None,
    why: bool = True,
) -> pl.LazyFrame:
    """Every person's relationship health at ``as_of``; interactions after it are not seen.

    Args:
        people: the canonical people frame.
        interactions: the canonical interactions frame (None: ``days``, ``seen`` and, with
            replies, ``replied`` given hold all it needs).
        as_of: the day the metrics are computed for (counted in ``settings.time.zone``).
        settings: the workspace's settings.
        with_replies: compute reply behaviour (rates, latencies, unanswered messages); network
            metrics do not need it, and it is a third of the work.
        days: :func:`~netbook.metrics.touches.daily` of ``interactions``, when the caller shares
            it between several as-of dates (a review computes two).
        seen: :func:`~netbook.metrics.touches.first_seen` of ``interactions``, likewise.
        replied: :func:`~netbook.metrics.reply_days.reply_days` and
            :func:`~netbook.metrics.reply_days.thread_days` of ``interactions`` (stored at
            import): reply behaviour from them instead of from every message.
        why: write the ``why`` sentences (else the column is null): a caller that reads only
            numbers and layers (the network summary) skips them, and the status they need.

    Returns:
        One row per person known at ``as_of`` (connected by then, or in any interaction by then),
        with the :data:`CONTRACT` columns, sorted by person_id.
    """
    needs_log = seen is None or days is None or (with_replies and replied is None)
    if interactions is None and needs_log:
        raise ValueError("health without the interactions needs days, seen and replied")
    log = (
        schema.conform(pl.LazyFrame(), schema.INTERACTIONS)
        if interactions is None
        else interactions
    )
    people = schema.conform(people, schema.PERSON_VIEW)
    # Back-dated: only people known by then (connected, or in any conversation, by as_of).
    seen = first_seen(log) if seen is None else seen
    end = pl.lit(end_of(as_of, settings.time.zone)).dt.convert_time_zone("UTC")
    known = pl.col("connected_on").is_not_null() & (pl.col("connected_on") <= as_of)
    people = (
        people.join(seen, on="person_id", how="left")
        .filter(known | (pl.col("first_seen_at") < end))
        .drop("first_seen_at")
        # Known by a conversation, connected only later: not connected yet at as_of.
        .with_columns(pl.when(known).then(pl.col("connected_on")).alias("connected_on"))
    )
    days = daily(log, settings) if days is None else days
    counts = per_person(days, as_of, settings)
    if with_replies:
        # Read twice (who you reached, and the join below): cached, or polars computes the
        # per-person counts twice. (Without replies they are read once.)
        counts = counts.cache()
        reached = counts.select("person_id", "last_outbound_at", "wrote")
        if replied is not None:
            answers = replies_at(*replied, as_of, settings, reached)
        else:
            answers = replies(messages(log, as_of, settings.time.zone), as_of, settings, reached)
        counts = counts.join(answers, on="person_id", how="left")
    else:
        counts = counts.with_columns(pl.lit(None, dtype).alias(c) for c, dtype in REPLIES.items())
    company = pl.col("company").str.to_lowercase().str.strip_chars()
    # Conversations opened: a thread's first message (or a source's own opening), and a message
    # that restarts its thread (counted with the replies: after ``pause_days`` of silence, and
    # no late answer, see replies.writes_again).
    opened_out, opened_in = (
        pl.col(f"initiated_{way}").cast(pl.Float64) + pl.col(f"restarts_{way}").fill_null(0)
        for way in ("out", "in")
    )
    frame = (
        people.join(counts, on="person_id", how="left")
        .with_columns(
            pl.col(c).fill_null(0)
            for c in (
                "touches_30d",
                "touches_90d",
                "touches_365d",
                "intensity",
                "closeness_proxy",
                "outbound_365d",
                "inbound_365d",
                "touch_count",
                "contact_days",
                "two_way_days",
                "unanswered_inbound",
                "cold_inbound",
                "conversations",
                "rich",
            )
        )
        .with_columns(
            days_since_contact=(pl.lit(as_of) - pl.col("last_day")).dt.total_days(),
            duration_days=(
                pl.lit(as_of) - pl.min_horizontal("first_day", "connected_on")
            ).dt.total_days(),
            cold_days=(pl.lit(as_of) - pl.col("cold_since")).dt.total_days(),
            days_since_connected=(pl.lit(as_of) - pl.col("connected_on")).dt.total_days(),
            unanswered_days=(pl.lit(as_of) - pl.col("unanswered_since")).dt.total_days(),
            snoozed=(pl.col("snoozed_until") >= as_of).fill_null(False),
            # Signed: the counts are unsigned, and out - in would wrap around below zero.
            initiation_balance=_ratio(opened_out - opened_in, opened_out + opened_in),
            reciprocity=_ratio(
                pl.min_horizontal("outbound_365d", "inbound_365d"),
                pl.max_horizontal("outbound_365d", "inbound_365d"),
            ),
            give_ratio=_ratio(pl.col("given"), pl.col("given") + pl.col("received")),
            your_reply_rate=_ratio(pl.col("your_replies"), pl.col("inbound_runs")),
            their_reply_rate=_ratio(pl.col("their_replies"), pl.col("outbound_runs")),
            co_affiliated=pl.when(company.is_not_null())
            .then(pl.len().over(company) - 1)
            .otherwise(0),
        )
        .with_columns(sg.components(settings))
        .with_columns(sg.strength(settings))
    )
    frame = (
        sg.with_layer(frame, settings, as_of)
        .with_columns(st.cadence(settings))
        .with_columns(
            due_on=pl.when(pl.col("touch_count") > 0).then(
                pl.col("last_day") + pl.duration(days=pl.col("expected_days"))
            ),
            overdue_ratio=_ratio(
                pl.col("days_since_contact").cast(pl.Float64), pl.col("expected_days")
            ),
            rhythm_ratio=_ratio(
                pl.col("days_since_contact").cast(pl.Float64), pl.col("median_gap_days")
            ),
        )
        .with_columns(st.status(settings))
        .with_columns(st.segment(settings), st.priority())
    )
    # A join polars cannot leave out: only when the sentences are read.
    frame = st.with_why(frame) if why else frame.with_columns(pl.lit(None, pl.String).alias("why"))
    return frame.select(CONTRACT).sort("person_id")


DUE = ("due", "overdue", "decaying")
"""The statuses of the due queue: ties late against their cadence or their own rhythm."""


def due(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The due queue: relationship maintenance only, most urgent first, each with its ``why``.

    Ties in a Dunbar layer (or with a cadence you set) that are due, overdue or decaying, ranked
    by ``priority`` (how late times how important: see :func:`netbook.metrics.status.priority`).
    Messages waiting for an answer, new connections and dormant ties are other kinds of action
    (see :mod:`netbook.plan`); snoozed people are hidden. The ``why`` says how late the tie is.
    """
    return (
        frame.filter(pl.col("status").is_in(DUE))
        .with_columns(st.lateness_why().alias("why"))
        .sort(
            ["priority", "days_since_contact", "person_id"],
            descending=[True, True, False],
            nulls_last=True,
        )
    )
