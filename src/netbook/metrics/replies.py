"""Reply behaviour in 1:1 conversations, and the messages waiting for your answer, per person.

:func:`replies` computes it from the messages up to an as-of date: :func:`marked` (each message's
place in its conversation), :func:`counts` (turns, replies and latencies per person),
:func:`pending` (the turns not decided yet, taken off by :func:`less_pending`) and
:func:`waiting` (the conversations ending with a request of theirs).
:mod:`netbook.metrics.reply_days` computes the same result from per-day aggregates stored at
import, with :func:`marked`, :func:`closes`, :func:`less_pending` and :func:`waiting`.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook.metrics.touches import end_of
from netbook.settings import Settings

REPLIES = pl.Schema(
    {
        "inbound_runs": pl.UInt32,
        "outbound_runs": pl.UInt32,
        "your_replies": pl.UInt32,
        "their_replies": pl.UInt32,
        "your_reply_hours": pl.Float64,
        "their_reply_hours": pl.Float64,
        "restarts_out": pl.UInt32,
        "restarts_in": pl.UInt32,
        "unanswered_inbound": pl.UInt32,
        "unanswered_since": pl.Date,
        "unanswered_reason": pl.String,
        "cold_inbound": pl.UInt32,
        "cold_since": pl.Date,
    }
)
"""The columns :func:`replies` adds (null when a caller does not need them). ``inbound_runs`` and
``outbound_runs`` are the turns that call for an answer and are decided (answered, or their
``pause_days`` ran out) by the as-of day; the names are those of the stored columns."""

HOUR = 3600
PER_SECOND = 1 / HOUR
"""Hours per second. Seconds are multiplied by it: polars divides a column by a number either
exactly or by its reciprocal, depending on how the rows are chunked, so an hour could differ in
its last bit from run to run (one multiplication has one result)."""
ENDS = ("thread_id", "person_id", "ended_at", "asked_at", "reason", "theirs")
"""The columns of a thread's last run of theirs (the input of :func:`waiting`)."""

INBOUND, OUTBOUND = pl.col("direction") == "inbound", pl.col("direction") == "outbound"
YOUR_REPLY, THEIR_REPLY = OUTBOUND & pl.col("answers"), INBOUND & pl.col("answers")
FLAGS = {
    "inbound_runs": INBOUND & pl.col("counts_turn"),
    "outbound_runs": OUTBOUND & pl.col("counts_turn"),
    "your_replies": YOUR_REPLY,
    "their_replies": THEIR_REPLY,
    "restarts_out": OUTBOUND & pl.col("restarts"),
    "restarts_in": INBOUND & pl.col("restarts"),
}
"""Per message, what :func:`counts` adds up per person (the runs are turns that call for an answer).

The turns still waiting for an answer at the as-of day are taken off the runs (:func:`pending`).
"""
PENDING = ("pending_in", "pending_out")
"""Per person, the turns of theirs and yours still inside their answer window (:func:`pending`)."""


def _requests(settings: Settings, gap: pl.Expr) -> dict[str, pl.Expr]:
    """Per message of theirs: why it asks for an answer (null: it does not), over a sorted log.

    A message asks for an answer when it opens its thread, restarts it (:func:`writes_again`;
    ``gap`` as that takes it), or asks something. Without the question mark (an older store) a
    message longer than ``closing_chars`` counts as asking: only a short closer (``Thanks!``)
    never does.
    """
    t = settings.thresholds
    asked = pl.col("asks").fill_null(longer_than(t.closing_chars))
    return {
        "request": pl.when(pl.col("direction") != "inbound")
        .then(pl.lit(None, pl.String))
        .when(asked & pl.col("asks").is_not_null())
        .then(pl.lit("asked"))
        .when(pl.col("opens"))
        .then(pl.lit("started"))
        .when(writes_again(gap, t.pause_days, t.late_answer_days))
        .then(pl.lit("restarted"))
        .when(asked)
        .then(pl.lit("wrote"))
    }


def writes_again(gap: pl.Expr, pause_days: int, late_days: int) -> pl.Expr:
    """Whether a message restarts its conversation (null for a conversation's first message).

    It follows the conversation's previous message after ``pause_days`` of silence, and is no
    *late answer*: an answer to the other side's message within ``late_days``. A late answer is
    no reply in time either, but it restarts nothing: it opens no conversation and calls for an
    answer only by what it says (a question, or more than a closer), so a ``Thanks!`` three
    weeks after your note asks for nothing. A message after a longer silence, or after one of
    its own side's (they write again, unanswered), restarts the conversation, and so does one
    its source says opens a conversation (``initiated``: a chat export's message after a day
    without one), whatever came before: a chat's pace is not a mailbox's.

    ``gap``: the time since the conversation's previous message (a duration; null for its
    first), over rows in conversation order.
    """
    direction = pl.col("direction")
    answers = (direction.shift(1) != direction) & ~pl.col("initiated").fill_null(False)
    late = (gap < pl.duration(days=late_days)) & answers
    return (gap >= pl.duration(days=pause_days)) & ~late


def longer_than(closing_chars: int) -> pl.Expr:
    """Whether a message is longer than a closer may be (an unknown length counts as longer)."""
    return pl.col("content_length").fill_null(closing_chars + 1) > closing_chars


def same_conversation(offset: int) -> pl.Expr:
    """Whether the row ``offset`` rows away is of the same conversation: thread and person.

    An e-mail to two people (To and Cc) is one thread, and a conversation with each of them: who
    answered, or was answered, is told apart. A person's messages without a thread are one
    conversation.
    """
    return pl.col("thread_id").eq_missing(pl.col("thread_id").shift(offset)) & (
        pl.col("person_id") == pl.col("person_id").shift(offset)
    )


def marked(sent: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """Each message in conversation order, with its place in the conversation.

    A conversation is a thread with one person (:func:`same_conversation`); "thread" below means
    one.

    ``starts_run`` (a run is consecutive messages in one direction within a thread), ``is_reply``
    (it follows a run of the other side within ``pause_days``: a later answer is no reply, and
    one three years on restarts the conversation), ``starts_turn`` (it starts a run, or follows
    its own side after ``pause_days`` of silence: the messages before went unanswered, so a reply
    rate counts turns, not runs), ``restarts`` (it is the thread's first or restarts it,
    :func:`writes_again`, and its source did not already count it as opening a conversation: it
    opens one too),
    ``opens`` (the thread's first),
    ``hours`` since the thread's previous message, ``run`` (an id per run), ``request`` (see
    :func:`_requests`), ``calls`` (it calls for an answer: it opens or restarts the thread, asks
    something, or is longer than ``closing_chars``; a short ``Thanks!`` does not), ``called``
    (how many messages of its turn so far call for one), ``counts_turn`` (it is its turn's first
    that does: a turn of closers alone is no turn to answer) and ``answers`` (it is a reply to a
    turn that called for one).
    A message's marks depend only on the messages before it in its thread: the marks of the
    messages up to any day are the same whether later ones are marked too or not.
    """
    # Each conversation's messages contiguous and in time order (direction breaks ties: the same
    # marks whatever order the rows came in), so that the message before a message is simply the
    # previous row when it belongs to the same conversation.
    ordered = sent.sort(
        pl.col("thread_id").to_physical(),
        pl.col("person_id").cast(pl.Categorical).to_physical(),
        "occurred_at",
        "direction",
    )
    same = same_conversation(1)
    previous = pl.when(same).then(pl.col("direction").shift(1))
    gap = pl.when(same).then(pl.col("occurred_at") - pl.col("occurred_at").shift(1))
    hours = gap.dt.total_seconds() * PER_SECOND
    t = settings.thresholds
    in_time = hours < t.pause_days * 24
    starts_run = previous.is_null() | (previous != pl.col("direction"))
    # The first message calls for an answer, and so does one that restarts the conversation (a
    # late answer, by what it says, as any answer).
    anew = writes_again(gap, t.pause_days, t.late_answer_days).fill_null(True)
    long = longer_than(t.closing_chars)
    # Calling messages so far in each message's turn: a running count, less its value where the
    # turn began (rows, not a window per turn).
    seen = pl.col("calls").cum_sum().cast(pl.Int64)
    before = pl.when(pl.col("starts_turn")).then(seen - pl.col("calls").cast(pl.Int64))
    return (
        ordered.with_columns(
            starts_run=starts_run,
            starts_turn=starts_run | ~in_time.fill_null(True),
            restarts=anew & ~pl.col("initiated").fill_null(False),
            is_reply=previous.is_not_null() & (previous != pl.col("direction")) & in_time,
            opens=~same.fill_null(False),
            hours=hours,
            calls=anew | pl.col("asks").fill_null(False) | long,
        )
        .with_columns(
            run=pl.col("starts_run").cum_sum(),
            called=seen - before.forward_fill(),
            **_requests(settings, gap),
        )
        .with_columns(
            counts_turn=pl.col("calls") & (pl.col("called") == 1),
            answers=pl.col("is_reply") & (pl.col("called").shift(1) > 0),
        )
    )


def closes(settings: Settings) -> pl.Expr:
    """Per message: the local day its answer window has closed by (no reply can come in time).

    A reply is in time before ``pause_days`` have passed since the message (exactly: a clock
    change in between moves the day it closes on); the window is still open at the end of every
    day before this one. It converts instants: take it on as few rows as can be.
    """
    pause = pl.duration(days=settings.thresholds.pause_days)
    last = pl.col("occurred_at") + pause - pl.duration(microseconds=1)
    return last.dt.convert_time_zone(settings.time.zone).dt.date()


def pending(marks: pl.LazyFrame, as_of: date, settings: Settings) -> pl.LazyFrame:
    """Per person, the turns still waiting for an answer at ``as_of`` (:data:`PENDING`).

    ``marks``: :func:`marked` messages up to ``as_of``. A thread's last turn that calls for an
    answer is neither answered nor missed while its window is open (see :func:`closes`): a
    message that came last night is not yet one you left unanswered.
    """
    ends_thread = (~same_conversation(-1)).fill_null(True)
    return (
        marks.filter(ends_thread & (pl.col("called") > 0))
        .filter(closes(settings) > as_of)
        .group_by("person_id")
        .agg(INBOUND.sum().alias(PENDING[0]), OUTBOUND.sum().alias(PENDING[1]))
    )


def less_pending(counted: pl.LazyFrame) -> pl.LazyFrame:
    """:func:`counts`' runs less the :data:`PENDING` turns (then dropped)."""
    return counted.with_columns(
        (pl.col(runs).cast(pl.Int64) - pl.col(waits).fill_null(0)).cast(pl.UInt32)
        for runs, waits in zip(("inbound_runs", "outbound_runs"), PENDING, strict=True)
    ).drop(PENDING)


def counts(marks: pl.LazyFrame) -> pl.LazyFrame:
    """Runs and replies each way per person, and the median hours each side takes to reply."""
    return marks.group_by("person_id").agg(
        *(flag.sum().alias(name) for name, flag in FLAGS.items()),
        pl.col("hours").filter(YOUR_REPLY).median().alias("your_reply_hours"),
        pl.col("hours").filter(THEIR_REPLY).median().alias("their_reply_hours"),
    )


def ends(marks: pl.LazyFrame) -> pl.LazyFrame:
    """Each conversation's last run, when it is theirs: what it asks, when it ended, who opened it."""
    # The rows are in conversation order: each row's conversation ends at the next end row, whose
    # run is the conversation's last (a backward fill instead of a window over a million rows).
    ends_thread = (~same_conversation(-1)).fill_null(True)
    final = pl.when(ends_thread).then(pl.col("run")).backward_fill()
    last = marks.filter((pl.col("run") == final) & INBOUND)
    return last.group_by("thread_id", "person_id").agg(
        pl.col("occurred_at").max().alias("ended_at"),
        pl.col("occurred_at").filter(pl.col("request").is_not_null()).max().alias("asked_at"),
        pl.col("request").drop_nulls().last().alias("reason"),
        pl.col("opens").any().alias("theirs"),
    )


def waiting(
    counted: pl.LazyFrame,
    ended: pl.LazyFrame,
    as_of: date,
    settings: Settings,
    reached: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """:func:`counts` with the messages waiting for your answer at ``as_of`` (see :func:`replies`)."""
    zone = settings.time.zone
    if reached is not None:
        since = pl.col("last_outbound_at")
        ended = ended.join(reached, on="person_id", how="left").filter(
            since.is_null() | (pl.col("ended_at") > since)
        )
        cold = pl.col("theirs") & ~pl.col("wrote").fill_null(False)
    else:
        cold = pl.lit(False)
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    fresh = pl.col("asked_at") >= end - pl.duration(days=settings.thresholds.waiting_days)
    local_day = pl.col("asked_at").dt.convert_time_zone(zone).dt.date()
    waits = (
        ended.filter(fresh)
        .with_columns(cold=cold)
        .sort("asked_at", "thread_id")
        .group_by("person_id")
        .agg(
            (~pl.col("cold")).sum().cast(pl.UInt32).alias("unanswered_inbound"),
            local_day.filter(~pl.col("cold")).max().alias("unanswered_since"),
            pl.col("reason").filter(~pl.col("cold")).last().alias("unanswered_reason"),
            pl.col("cold").sum().cast(pl.UInt32).alias("cold_inbound"),
            local_day.filter(pl.col("cold")).max().alias("cold_since"),
        )
    )
    return counted.join(waits, on="person_id", how="left").with_columns(
        pl.col("unanswered_inbound", "cold_inbound").fill_null(0)
    )


def replies(
    sent: pl.LazyFrame,
    as_of: date,
    settings: Settings,
    reached: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Reply behaviour in 1:1 message threads, and the messages waiting for your answer, per person.

    A *run* is consecutive messages in one direction within a thread; a *turn* is a run, or its part
    after ``pause_days`` of silence. You replied to a turn of theirs when your next message in the
    thread follows it within ``pause_days`` (the reply rate: turns replied to, of their turns); the
    latency is measured from the last message of their turn. Only turns that call for an answer
    count (a turn of short closers like ``Thanks!`` does not, see :func:`marked`), and a turn still
    inside its ``pause_days`` at ``as_of`` and not answered yet is not counted yet
    (:func:`pending`): it is neither answered nor missed. A thread *waits* for your answer when
    it ends with a run of theirs holding a request (see :func:`_requests`: they started the
    thread, restarted it after a pause, or asked something), the latest request is at most
    ``waiting_days`` old, and you have not reached out to them since by any channel (``reached``:
    ``person_id``, ``last_outbound_at``, ``wrote``; a call answers a message too). A thread they
    started whom you never wrote to (``wrote`` false: no message, invitation or other contact of
    yours ever) is a *cold* first message, counted apart.

    Args:
        sent: :func:`~netbook.metrics.touches.messages` up to the as-of date.
        as_of: the day waiting is measured at (expiry).
        settings: the thresholds (``waiting_days``, ``pause_days``, ``closing_chars``).
        reached: each person's last outbound contact and whether you ever wrote to them.
    """
    marks = marked(sent, settings)
    counted = counts(marks).join(pending(marks, as_of, settings), on="person_id", how="left")
    return waiting(less_pending(counted), ends(marks), as_of, settings, reached)
