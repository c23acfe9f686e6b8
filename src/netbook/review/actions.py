"""This period's actions: who to reach out to, whom to answer, which new connections to follow up.

Each list comes from an :class:`ActionProvider`; the review shows every provider in
:data:`ACTION_PROVIDERS`, in order: open promises, event follow-ups, the due queue, unanswered
messages, new connections, job changes and milestones. A provider returns a frame of people with
a ``why`` (or another sentence column); append one to add a list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from netbook import metrics
from netbook.review.pseudonym import Pseudonymiser
from netbook.settings import Settings
from netbook.workspace import Workspace


@dataclass(frozen=True)
class ActionContext:
    """What a provider may read: the health frame at the review's as-of date and the settings.

    Attributes:
        health: :func:`netbook.api.health` at ``as_of`` (pseudonymised when the review is).
        as_of: the review's last day.
        start: the review period's first day.
        settings: the workspace's settings.
    """

    health: pl.DataFrame
    as_of: date
    start: date
    settings: Settings
    workspace: Workspace | None = None
    pseudonymiser: Pseudonymiser | None = None

    def hide(self, frame: pl.DataFrame, text: Mapping[str, str] | None = None) -> pl.DataFrame:
        """``frame`` pseudonymised when the review is.

        Names and ids are replaced, and so are the ``text`` columns (column -> label kind, e.g.
        ``{"to_company": "Company"}``).
        """
        p = self.pseudonymiser
        if p is None:
            return frame
        extra = [
            pl.col(c).replace_strict(
                {v: p.text(v, kind) for v in frame[c].drop_nulls().unique().to_list()},
                default=None,
                return_dtype=pl.String,
            )
            for c, kind in (text or {}).items()
        ]
        return p.frame(frame.with_columns(extra) if extra else frame)


@dataclass(frozen=True)
class ActionProvider:
    """One list of actions in the review.

    Attributes:
        key: a short identifier (``due``, ``unanswered``, ``follow_up``).
        title: the list's heading.
        note: one sentence on what the rows are and what to do.
        columns: column of the provider's frame -> header, in display order.
        build: the rows, most urgent first (they carry at least ``person_id`` and ``why``).
        formats: display formats of numeric columns (see :data:`netbook.review.tables.Formats`).
        empty: what the review says when there are no rows.
    """

    key: str
    title: str
    note: str
    columns: Mapping[str, str]
    build: Callable[[ActionContext], pl.DataFrame]
    formats: Mapping[str, str] = field(default_factory=dict)
    empty: str = "Nothing to do here."


def _unanswered() -> pl.Expr:
    return (pl.col("unanswered_inbound") > 0) & (pl.col("status") != "snoozed")


def unanswered(context: ActionContext) -> pl.DataFrame:
    """People whose messages to you are unanswered, most important and longest waiting first.

    Snoozed people are left out; importance is the due queue's (layer and role).
    """
    # Their unanswered message is usually the last contact: the longest silence waited longest.
    return context.health.filter(_unanswered()).sort(
        ["priority", "days_since_contact", "person_id"],
        descending=[True, True, False],
        nulls_last=True,
    )


def follow_ups(context: ActionContext) -> pl.DataFrame:
    """New connections you have not followed up yet (status ``new``), newest first."""
    return context.health.filter((pl.col("status") == "new") & ~_unanswered()).sort(
        ["connected_on", "person_id"], descending=[True, False], nulls_last=True
    )


def due_queue(context: ActionContext) -> pl.DataFrame:
    """The due queue of :func:`netbook.api.due` without the rows of the two lists below it."""
    queue = metrics.due(context.health.lazy()).collect(engine="in-memory")
    return queue.filter(~_unanswered() & (pl.col("status") != "new"))


_PERSON = {"full_name": "name", "company": "company"}
_JOB_TEXT = {
    "from_company": "Company",
    "to_company": "Company",
    "from_position": "Position",
    "to_position": "Position",
}


def job_changes(context: ActionContext) -> pl.DataFrame:
    """Job changes you have not acknowledged with a touch yet, newest first."""
    from netbook.rituals import jobs

    if context.workspace is None:
        return pl.DataFrame(schema={c: pl.String for c in ("person_id", "full_name", "why")})
    found = jobs.job_changes(context.workspace, context.as_of).filter(~pl.col("acknowledged"))
    unseen = pl.lit(None, pl.Date).alias("acknowledged_on")  # not acknowledged: still to do
    return context.hide(found, _JOB_TEXT).with_columns(unseen).with_columns(jobs.why())


def milestones(context: ActionContext) -> pl.DataFrame:
    """Birthdays and anniversaries in the next two weeks, soonest first."""
    from netbook.rituals import milestones as ms

    if context.workspace is None:
        return pl.DataFrame(schema={c: pl.String for c in ("person_id", "full_name", "why")})
    return context.hide(ms.upcoming_milestones(context.workspace, context.as_of, days=14))


def _no_rows(*columns: str) -> pl.DataFrame:
    return pl.DataFrame(schema={c: pl.String for c in ("person_id", *columns)})


def _relative(day: str, as_of: date, today: str, ahead: str) -> pl.Expr:
    """``3 days overdue``, ``today``'s text, or ``ahead`` with the days to go (``due in {} {}``)."""
    late = (pl.lit(as_of) - pl.col(day)).dt.total_days()
    unit = pl.when(late.abs() == 1).then(pl.lit("day")).otherwise(pl.lit("days"))
    return (
        pl.when(late > 0)
        .then(pl.format("{} {} overdue", late, unit))
        .when(late == 0)
        .then(pl.lit(today))
        .otherwise(pl.format(ahead, late.abs(), unit))
        .alias("when")
    )


def open_promises(context: ActionContext) -> pl.DataFrame:
    """Promises not kept yet, overdue and soonest due first (``when`` says how late or soon)."""
    from netbook.rituals import promises

    if context.workspace is None:
        return _no_rows("person", "text", "when")
    found = promises.open_promises(context.workspace, context.as_of)
    shown = context.hide(found, {"person": "Person", "text": "Promise"})
    when = _relative("due_on", context.as_of, "due today", "due in {} {}")
    return shown.with_columns(when).sort("due_on", "promise_id")


def event_follow_ups(context: ActionContext) -> pl.DataFrame:
    """People met at recent events who are owed a follow-up: overdue first, newest event first.

    Events held more than :data:`~netbook.rituals.events.OWED_DAYS` days before the review's end
    (or before its start, in a longer review) are stale: a follow-up is not owed any more.
    """
    from netbook.rituals import events

    if context.workspace is None:
        return _no_rows("person", "event", "when")
    since = min(context.start, context.as_of - timedelta(days=events.OWED_DAYS))
    found = events.owed_follow_ups(context.workspace, context.as_of, since)
    when = _relative("due_by", context.as_of, "today", "within {} {}")
    shown = context.hide(found, {"person": "Person", "event": "Event"})
    return shown.with_columns(when).sort(
        ["status", "held_on", "person", "person_id"],
        descending=[True, True, False, False],
        nulls_last=True,
    )


ACTION_PROVIDERS: list[ActionProvider] = [
    ActionProvider(
        key="promises",
        title="Keep your word: promises still open",
        note="What you said you would do, overdue first. Close one with `netbook promise done ID`.",
        columns={"person": "to", "text": "promise", "due_on": "by", "when": "when"},
        build=open_promises,
        empty="No open promise. Record one with `netbook promise PERSON TEXT --by DATE`.",
    ),
    ActionProvider(
        key="event_follow_ups",
        title="Follow up: people you met at events",
        note="A message within a few days of meeting someone is what turns a meeting into a "
        "relationship.",
        columns={"person": "name", "event": "met at", "held_on": "on", "when": "follow up"},
        build=event_follow_ups,
        empty="Every person you met at an event has been followed up.",
    ),
    ActionProvider(
        key="due",
        title="Reach out: due by your cadence",
        note="Most urgent first; the cadence comes from the Dunbar layer, role, tag or your own "
        "setting. Snoozed people are not shown.",
        columns={
            **_PERSON,
            "layer": "layer",
            "status": "status",
            "days_since_contact": "days since contact",
            "why": "why",
        },
        build=due_queue,
        empty="Nobody is due: everyone is within their cadence.",
    ),
    ActionProvider(
        key="unanswered",
        title="Answer: messages waiting for your reply",
        note="Their last message to you has had no reply.",
        columns={**_PERSON, "unanswered_inbound": "unanswered", "layer": "layer", "why": "why"},
        build=unanswered,
        empty="No message is waiting for your reply.",
    ),
    ActionProvider(
        key="follow_up",
        title="Follow up: new connections you have not written to",
        note="A short note within a week of connecting is the best time to start.",
        columns={**_PERSON, "connected_on": "connected on", "why": "why"},
        build=follow_ups,
        empty="Every new connection has been followed up.",
    ),
    ActionProvider(
        key="job_changes",
        title="Congratulate: job changes since your last exports",
        note="Seen between two LinkedIn exports; listed until you are in touch with them.",
        columns={"full_name": "name", "kind": "change", "to_company": "now at", "why": "why"},
        build=job_changes,
        empty="No job change to congratulate (import a newer export to see new ones).",
    ),
    ActionProvider(
        key="milestones",
        title="Celebrate: birthdays and anniversaries in the next two weeks",
        note="A short message on the day counts; a touch within 3 days acknowledges it.",
        columns={"full_name": "name", "kind": "milestone", "on": "on", "why": "why"},
        build=milestones,
        empty="No birthday or anniversary in the next two weeks.",
    ),
]
"""The review's action lists, in order: promises lead. Append a provider to add one."""
