"""Network-level metrics of a review period, from the interaction log.

A *touch* in the period is an interaction that is not part of a group conversation and whose
local date (``occurred_at`` in ``time_zone``) is within ``[start, end]``, both inclusive. Each
function returns a one-row lazy query; nothing is collected and nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

from netbook.metrics.network import instant, on_days, share
from netbook.metrics.replies import longer_than, same_conversation, writes_again
from netbook.metrics.touches import conversations, in_conversation, is_contact, one_to_one


def period_touches(
    interactions: pl.LazyFrame,
    start: date,
    end: date,
    *,
    time_zone: str,
    connections: bool = True,
) -> pl.LazyFrame:
    """The non-group interactions whose local date is in ``[start, end]``.

    Args:
        interactions: the canonical interactions frame.
        start: the first local day of the period.
        end: the last local day of the period.
        time_zone: the IANA zone local days are counted in.
        connections: keep connection and invitation events (they start a relationship but are
            not contact).

    Returns:
        The matching rows of ``interactions``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> log = pl.LazyFrame({"occurred_at": [datetime(2026, 1, 31, 23, 30, tzinfo=timezone.utc)],
        ...     "is_group": [False], "channel": ["message"], "weight": [1.0]})
        >>> period_touches(log, date(2026, 2, 1), date(2026, 2, 28), time_zone="Asia/Tokyo").collect().height
        1
    """
    kept = one_to_one() & on_days(start, end, time_zone)
    if not connections:
        kept = kept & is_contact()
    return interactions.filter(kept)


def dependency(
    interactions: pl.LazyFrame,
    start: date,
    end: date,
    *,
    time_zone: str,
    channel_weights: Mapping[str, float] | None = None,
) -> pl.LazyFrame:
    """How concentrated the period's touches are on a few people.

    Each person's share ``s_i`` is their summed ``weight`` (null counts as 1) over the period's
    contact (connecting and invitations are not contact), divided by the total. ``hhi = Σ s_i²``,
    ``effective_relationships = 1 / hhi``, ``top1_share`` and ``top3_share`` are the largest one
    and three shares summed. All are null when there are no touches (or their weights sum to 0).

    Args:
        interactions: the canonical interactions frame.
        start: the first local day of the period.
        end: the last local day of the period.
        time_zone: the IANA zone local days are counted in.
        channel_weights: when given, each touch's ``weight`` is multiplied by its channel's weight
            (0 for a channel not in the mapping), as the per-person metrics do.

    Returns:
        One row: ``hhi``, ``effective_relationships``, ``top1_share``, ``top3_share``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 1, 10, 12, tzinfo=timezone.utc)
        >>> log = pl.LazyFrame({"person_id": ["a", "a", "a", "b"], "occurred_at": [at] * 4,
        ...     "is_group": [False] * 4, "weight": [1.0] * 4, "channel": ["message"] * 4})
        >>> dependency(log, date(2026, 1, 1), date(2026, 1, 31), time_zone="UTC").collect().row(0)
        (0.625, 1.6, 0.75, 1.0)
    """
    weight = pl.col("weight").fill_null(1.0)
    if channel_weights is not None:
        by_channel = pl.col("channel").cast(pl.String)
        weight = weight * by_channel.replace_strict(
            dict(channel_weights), default=0.0, return_dtype=pl.Float64
        )
    per_person = (
        period_touches(interactions, start, end, time_zone=time_zone, connections=False)
        .group_by("person_id")
        .agg(weight.sum().alias("w"))
        .sort("person_id")  # float sums over people in a fixed order: reproducible to the bit
    )
    total = pl.col("w").sum()
    s = pl.col("w") / total
    some = total > 0
    return per_person.select(
        hhi=pl.when(some).then((s**2).sum()),
        effective_relationships=pl.when(some).then(1 / (s**2).sum()),
        top1_share=pl.when(some).then(s.max()),
        top3_share=pl.when(some).then(s.top_k(3).sum()),
    )


CONVERSATION_ROW = "conversation_row"
"""The column :func:`with_openings` numbers its rows in, in conversation order."""


def in_conversations(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The 1:1 messages and e-mails of ``interactions``, in *conversation order*.

    Each conversation's messages together (a thread with one person, or a person's messages
    without a thread: :func:`~netbook.metrics.replies.same_conversation`), in time order, yours
    first at one instant (as a person's marks order them: no answer before the question); a
    person's conversations in the order of their threads. The message before or after a
    message is then the row before or after it while it is of the same conversation.
    """
    return conversations(interactions).sort(
        pl.col("thread_id").to_physical(),
        "person_id",
        "occurred_at",
        "direction",
        maintain_order=True,
    )


def with_openings(interactions: pl.LazyFrame, pause_days: int, late_days: int = 30) -> pl.LazyFrame:
    """``interactions`` with ``opened`` (the touch opens a conversation), in conversation order.

    See :func:`reciprocity_balance`; a summary marks them once for the periods it compares, and
    ``interactions`` that have ``opened`` already (goals ask for many periods of one log) are
    returned as they are. As a person's count (:func:`~netbook.metrics.replies.marked`) takes
    them: a 1:1 message or e-mail that is its conversation's first, or restarts it
    (:func:`~netbook.metrics.replies.writes_again`: after ``pause_days`` of silence, and no
    answer to the other side's within ``late_days``). ``interactions`` must hold the
    ``max(pause_days, late_days)`` days before the touches to be judged: the first of a
    conversation read opens it.

    The 1:1 messages and e-mails come first, in :func:`in_conversations`' order, then the other
    rows; :data:`CONVERSATION_ROW` numbers them so. :func:`activity` reads marked interactions
    in that order (a sort by that column, which costs nothing while they are in it).
    """
    if "opened" in interactions.collect_schema().names():
        return interactions
    chats = in_conversations(interactions)
    at = pl.col("occurred_at")
    gap = pl.when(same_conversation(1)).then(at - at.shift(1))
    first_or_again = writes_again(gap, pause_days, late_days).fill_null(True)
    initiated = pl.col("initiated").fill_null(False)
    others = interactions.filter(~in_conversation())
    return pl.concat(
        [
            chats.with_columns(opened=initiated | first_or_again),
            others.with_columns(opened=initiated),
        ]
    ).with_row_index(CONVERSATION_ROW)


def reciprocity_balance(
    interactions: pl.LazyFrame,
    start: date,
    end: date,
    *,
    time_zone: str,
    pause_days: int = 14,
    late_days: int = 30,
) -> pl.LazyFrame:
    """Who reaches out and who gives, over the period's touches other than connection events.

    ``outbound`` and ``inbound`` count touches by direction (``mutual`` ones are in neither).
    ``initiation_balance = (out − in) / (out + in)`` counts the touches that open a conversation:
    those with ``initiated`` set, and a 1:1 message or e-mail that is its thread's first or
    follows ``pause_days`` of silence in it, other than a late answer (as a person's balance
    counts them, see :func:`with_openings`; ``interactions`` must hold the
    ``max(pause_days, late_days)`` days before the period). +1 means you start every
    conversation.
    ``give_ratio = given / (given + received)`` counts touches by ``value``. Both ratios are null
    when their denominator is 0.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = [datetime(2025, 6, 1, 12, tzinfo=timezone.utc)] + [
        ...     datetime(2026, 1, 10, 12, tzinfo=timezone.utc)] * 4
        >>> log = pl.LazyFrame({"occurred_at": at, "is_group": [False] * 5,
        ...     "channel": ["message"] * 5, "weight": [1.0] * 5, "person_id": ["a", "a", "b", "c", "d"],
        ...     "thread_id": ["t", "t", "u", "v", "w"],
        ...     "direction": ["inbound", "outbound", "outbound", "outbound", "inbound"],
        ...     "initiated": [True, False, True, False, True],
        ...     "value": ["none", "given", "none", "received", "given"]})
        >>> reciprocity_balance(log, date(2026, 1, 1), date(2026, 1, 31), time_zone="UTC").collect().row(0)
        (3, 1, 0.5, 0.6666666666666666)
    """
    outbound = pl.col("direction") == "outbound"
    inbound = pl.col("direction") == "inbound"
    interactions = with_openings(interactions, pause_days, late_days)
    started_out = (outbound & pl.col("opened")).sum().cast(pl.Int64)
    started_in = (inbound & pl.col("opened")).sum().cast(pl.Int64)
    given = (pl.col("value") == "given").sum().cast(pl.Int64)
    received = (pl.col("value") == "received").sum().cast(pl.Int64)
    touched = period_touches(interactions, start, end, time_zone=time_zone, connections=False)
    return touched.select(
        outbound=outbound.sum().cast(pl.Int64),
        inbound=inbound.sum().cast(pl.Int64),
        initiation_balance=share(started_out - started_in, started_out + started_in),
        give_ratio=share(given, given + received),
    )


def activity(
    interactions: pl.LazyFrame,
    start: date,
    end: date,
    *,
    time_zone: str,
    pause_days: int = 14,
    closing_chars: int = 60,
    late_days: int = 30,
) -> pl.LazyFrame:
    """Outreach per week, and how often you answered turns of inbound messages.

    ``outreach_per_week`` is the period's outbound touches (not group, not connection events)
    divided by ``days / 7``, ``days`` being the period's length including both ends.

    ``reply_rate``: in each 1:1 message or e-mail thread (not group, keyed by
    ``person_id`` and ``thread_id``; messages without a thread form one thread per person), a *turn*
    is a maximal sequence of consecutive inbound messages in time order, none after ``pause_days``
    of silence (such a message starts a turn of its own: the one before went unanswered). Only a
    turn that calls for an answer counts: one of its messages opens or restarts the thread
    (:func:`~netbook.metrics.replies.writes_again`: an answer to yours after ``pause_days`` but
    within ``late_days`` restarts nothing), asks something, or is longer than ``closing_chars``
    (a turn of short closers like ``Thanks!`` is none). A turn is *decided* when you answer it
    (the thread's next message is outbound, within ``pause_days`` of the turn's last) or when
    its ``pause_days`` run out unanswered; the rate is the share answered of the turns decided in
    the period. A turn still open at the end of ``end`` is neither answered nor missed yet: a
    later period decides it. Null without turns.

    Each turn is decided once, so the periods add up to a person's reply rate over the same
    days, for every turn that began at most ``max(pause_days, late_days)`` before the
    ``pause_days`` before the period (``interactions`` must hold the same again before that).
    A turn that went on longer (a message every few days, for weeks, never answered) is read
    from its middle, by what its messages say: it may be missed in the period that decides it.

    ``interactions`` marked by :func:`with_openings` (a summary's, or goals' for many periods)
    are read in their :data:`CONVERSATION_ROW` order, in any row order; others are sorted.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = [datetime(2026, 1, d, 12, tzinfo=timezone.utc) for d in (5, 6, 7, 8)]
        >>> log = pl.LazyFrame({"person_id": ["a"] * 4, "thread_id": ["t"] * 4,
        ...     "occurred_at": at, "is_group": [False] * 4, "channel": ["message"] * 4,
        ...     "weight": [1.0] * 4, "content_length": [200] * 4, "asks": [False] * 4,
        ...     "initiated": [None] * 4, "direction": ["inbound", "inbound", "outbound", "inbound"]})
        >>> activity(log, date(2026, 1, 1), date(2026, 1, 14), time_zone="UTC").collect().row(0)
        (0.5, 1.0)
        >>> activity(log, date(2026, 1, 15), date(2026, 1, 28), time_zone="UTC").collect().row(0)
        (0.0, 0.0)
        >>> activity(log, date(2026, 1, 1), date(2026, 1, 28), time_zone="UTC",
        ...     pause_days=1).collect().row(0)  # each message a day after the last: no replies
        (0.25, 0.0)

        The first turn (5 and 6 January) was answered on the 7th; the second (the 8th) was not,
        and its 14 days ran out on the 22nd: the next fortnight's.
    """
    weeks = ((end - start).days + 1) / 7
    touched = period_touches(interactions, start, end, time_zone=time_zone, connections=False)
    outreach = touched.select(
        outreach_per_week=(pl.col("direction") == "outbound").sum().cast(pl.Float64) / weeks
    )
    direction = pl.col("direction")
    pause = pl.duration(days=pause_days)
    ends = instant(end + timedelta(days=1), time_zone)
    # A turn decided in the period ended less than ``pause_days`` before its start (``since``);
    # a reply after the period's end decides nothing in it. Whether a message opens or restarts
    # its conversation (or answers late) needs ``quiet`` days before it read: so the turns that
    # began ``quiet`` before ``since`` are read whole, with ``quiet`` more before them. A turn
    # that went on longer is read from there, by what its messages say (whether the first read
    # opened the conversation is not known).
    since = instant(start, time_zone) - pause
    quiet = pl.duration(days=max(pause_days, late_days))
    # Each conversation's messages together and in time order: the message before or after a
    # message is the row before or after it while it is of the same conversation (no window per
    # conversation). Marked interactions are numbered in that order already.
    window = pl.col("occurred_at").is_between(since - 2 * quiet, ends, closed="left")
    if CONVERSATION_ROW in interactions.collect_schema().names():
        chats = interactions.filter(window & in_conversation()).sort(CONVERSATION_ROW)
    else:
        chats = in_conversations(interactions.filter(window))
    at = pl.col("occurred_at")
    same = same_conversation(1)
    inbound = direction == "inbound"
    previous = pl.when(pl.col("__same")).then(direction.shift(1))
    gap = pl.when(pl.col("__same")).then(at - at.shift(1))
    breaks = ~pl.col("__same") | (gap >= pause)
    # A message after a silence calls for an answer unless it answers the other side late (as a
    # person's marks say); a conversation's first message read, only when all of its ``quiet``
    # before was read (then nothing came for that long: it opens or restarts the conversation).
    opens = (
        pl.when(pl.col("__same"))
        .then(writes_again(gap, pause_days, late_days))
        .otherwise(at >= since - quiet)
    )
    long = longer_than(closing_chars)
    # A turn's answer is its last message's: the thread's next message, yours and in time. The
    # turn is decided then, or when its time for an answer has run out (the last instant of it).
    following = pl.col("__same").shift(-1).fill_null(False)
    answered = following & (direction.shift(-1) == "outbound") & (at.shift(-1) - at < pause)
    decided = (
        pl.when(answered).then(at.shift(-1)).otherwise(at + pause - pl.duration(microseconds=1))
    )
    # Calling messages so far in each row's turn (a running count less its value at the turn's
    # start), read at the turn's last message: rows in order, no group per turn.
    seen = pl.col("calls").cum_sum().cast(pl.Int64)
    before = pl.when(pl.col("starts")).then(seen - pl.col("calls").cast(pl.Int64)).forward_fill()
    ends_turn = inbound & (
        ~following | pl.col("starts").shift(-1) | (direction.shift(-1) != "inbound")
    )
    turns = (
        chats.with_columns(__same=same.fill_null(False))
        .with_columns(
            starts=inbound & (previous.ne_missing("inbound") | breaks),
            calls=opens | pl.col("asks").fill_null(False) | long,
        )
        .with_columns(called=seen - before, answered=answered, decided=decided)
        .filter(ends_turn.fill_null(inbound))
        .filter((pl.col("called") > 0) & on_days(start, end, time_zone, at="decided"))
    )
    replies = turns.select(reply_rate=pl.col("answered").mean())
    return pl.concat([outreach, replies], how="horizontal")
