"""This period's actions: who to reach out to, whom to answer, which new connections to follow up.

Each list comes from an :class:`ActionProvider`; the review shows every provider in
:data:`ACTION_PROVIDERS`, in order: open promises, event follow-ups, the due queue, unanswered
messages, new connections, job changes and milestones. A provider returns a frame of people with
a ``why`` (or another sentence column); append one to add a list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from netbook import metrics
from netbook.metrics.status import importance
from netbook.phrases import ago_expr as ago
from netbook.phrases import due_expr
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
        more: the command that lists every row (the review shows the first few).
    """

    key: str
    title: str
    note: str
    columns: Mapping[str, str]
    build: Callable[[ActionContext], pl.DataFrame]
    formats: Mapping[str, str] = field(default_factory=dict)
    empty: str = "Nothing to do here."
    more: str = ""


def _unanswered() -> pl.Expr:
    return (pl.col("unanswered_inbound") > 0) & (pl.col("status") != "snoozed")


def _by_importance(frame: pl.DataFrame, since: str) -> pl.DataFrame:
    return frame.with_columns(importance().alias("importance")).sort(
        ["importance", since, "person_id"], descending=[True, True, False], nulls_last=True
    )


def unanswered(context: ActionContext) -> pl.DataFrame:
    """Messages waiting for your answer: the most important tie first, then the freshest.

    The rule is :func:`netbook.metrics.replies.replies`': they started or restarted a conversation,
    or asked something, at most ``waiting_days`` ago. Snoozed people are left out.
    """
    return _by_importance(context.health.filter(_unanswered()), "unanswered_since")


def cold(context: ActionContext) -> pl.DataFrame:
    """First messages from people you never wrote to (recruiters, sales): freshest first."""
    found = context.health.filter((pl.col("cold_inbound") > 0) & (pl.col("status") != "snoozed"))
    return found.with_columns(
        pl.format("wrote to you on {}", pl.col("cold_since")).alias("why")
    ).sort(["cold_since", "person_id"], descending=[True, False])


def follow_ups(context: ActionContext) -> pl.DataFrame:
    """The period's new connections not followed up within 7 days, newest first.

    The same rows the headline's "new connections followed up" rate counts (one computation).
    """
    from netbook.metrics.network import FOLLOW_UP_DAYS, new_connection_follow_ups

    zone = context.settings.time.zone
    if context.workspace is None:
        return _no_rows("full_name", "why")
    interactions = context.workspace.interactions(
        ("person_id", "occurred_at", "channel", "direction", "is_group", "weight")
    )
    found = new_connection_follow_ups(
        context.health.lazy(), interactions, context.start, context.as_of, time_zone=zone
    ).collect()
    late = (pl.lit(context.as_of) - pl.col("connected_on")).dt.total_days()
    why = (
        pl.when(late > FOLLOW_UP_DAYS)
        .then(pl.format("connected {}, not followed up within {} days", ago(late), FOLLOW_UP_DAYS))
        .otherwise(pl.format("connected {}: write within {} days", ago(late), FOLLOW_UP_DAYS))
    )
    return (
        context.health.drop("why")
        .join(found.filter(~pl.col("followed")).select("person_id"), on="person_id", how="semi")
        .filter(pl.col("status") != "snoozed")
        .with_columns(why.alias("why"))
        .sort(["connected_on", "person_id"], descending=[True, False], nulls_last=True)
    )


def due_queue(context: ActionContext) -> pl.DataFrame:
    """The due queue of :func:`netbook.api.due`: relationship maintenance only."""
    return metrics.due(context.health.lazy()).collect(engine="in-memory")


def hide_plan(found: pl.DataFrame, pseudonymiser: Pseudonymiser) -> pl.DataFrame:
    """A plan for a pseudonymised review: people replaced, and whys that could name someone plain.

    The whys of answers, reach-outs and welcomes name no one; the others become the kind of action
    and its date (``a promise made on 2026-11-02``).
    """
    plain = {
        "keep a promise": "a promise made on {}",
        "follow up": "met at an event on {}",
        "congratulate": "a job change or milestone on {}",
        "revive": "silent since {}",
    }
    why = pl.col("why")
    for action, text in plain.items():
        why = (
            pl.when(pl.col("action") == action)
            .then(pl.format(text, pl.col("since")))
            .otherwise(why)
        )
    return pseudonymiser.frame(found.with_columns(why.alias("why")))


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
    found = jobs.fresh_changes(context.workspace, context.as_of)
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


def open_promises(context: ActionContext) -> pl.DataFrame:
    """Promises not kept yet, overdue and soonest due first (``when`` says how late or soon)."""
    from netbook.rituals import promises

    if context.workspace is None:
        return _no_rows("person", "text", "when")
    found = promises.open_promises(context.workspace, context.as_of)
    shown = context.hide(found, {"person": "Person", "text": "Promise"})
    when = due_expr("due_on", context.as_of).alias("when")
    return shown.with_columns(when).sort("due_on", "promise_id")


def event_follow_ups(context: ActionContext) -> pl.DataFrame:
    """People met at recent events who are owed a follow-up: overdue first, newest event first.

    Events held more than :data:`~netbook.rituals.events.OWED_DAYS` days before the review's end
    are stale, however long the review: a follow-up is not owed any more.
    """
    from netbook.rituals import events

    if context.workspace is None:
        return _no_rows("person", "event", "when")
    found = events.owed_follow_ups(context.workspace, context.as_of)
    when = due_expr("due_by", context.as_of, "today", "within {} {}").alias("when")
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
        more="netbook promise list",
    ),
    ActionProvider(
        key="event_follow_ups",
        title="Follow up: people you met at events",
        note="A message within a few days of meeting someone is what turns a meeting into a "
        "relationship. Events of the last 30 days.",
        columns={"person": "name", "event": "met at", "held_on": "on", "when": "follow up"},
        build=event_follow_ups,
        empty="Every person you met at an event in the last 30 days has been followed up.",
        more="netbook event follow-ups",
    ),
    ActionProvider(
        key="unanswered",
        title="Answer: messages waiting for your reply",
        note="They started or restarted a conversation, or asked you something, in the last 30 "
        "days, and you have not been in touch since. A short thank-you that closed a conversation "
        "is not waiting.",
        columns={**_PERSON, "layer": "layer", "why": "why"},
        build=unanswered,
        empty="No message is waiting for your reply.",
        more="netbook health --format csv",
    ),
    ActionProvider(
        key="due",
        title="Reach out: ties late against their cadence",
        note="Relationship maintenance: the most important and latest first (priority = how late "
        "x layer x role). The cadence comes from the Dunbar layer (stretched to your usual gap "
        "with them), role, tag or your own setting. Snoozed people are not shown.",
        columns={
            **_PERSON,
            "layer": "layer",
            "days_since_contact": "days since contact",
            "why": "why",
        },
        build=due_queue,
        empty="Nobody is due: every tie in your layers is within its cadence.",
        more="netbook due",
    ),
    ActionProvider(
        key="follow_up",
        title="Welcome: new connections not written to within a week of connecting",
        note="Connections of this period without a message of yours within 7 days of connecting, "
        "before or after (the headline's follow-up rate counts the same people).",
        columns={**_PERSON, "connected_on": "connected on", "why": "why"},
        build=follow_ups,
        empty="Every new connection of this period has been followed up.",
        more="netbook health --format csv",
    ),
    ActionProvider(
        key="job_changes",
        title="Congratulate: job changes since your last exports",
        note="Seen between two LinkedIn exports in the last 60 days; listed until you are in "
        "touch with them.",
        columns={"full_name": "name", "kind": "change", "to_company": "now at", "why": "why"},
        build=job_changes,
        empty="No recent job change to congratulate (import a newer export to see new ones).",
        more="netbook remind --ics FILE",
    ),
    ActionProvider(
        key="milestones",
        title="Celebrate: birthdays and anniversaries in the next two weeks",
        note="A short message on the day counts; a touch within 3 days acknowledges it.",
        columns={"full_name": "name", "kind": "milestone", "on": "on", "why": "why"},
        build=milestones,
        empty="No birthday or anniversary in the next two weeks.",
        more="netbook remind --ics FILE",
    ),
    ActionProvider(
        key="cold",
        title="Later: messages from people you never wrote to",
        note="Recruiters, sales and other cold first messages of the last 30 days: answer when you "
        "want to, they are not relationships yet.",
        columns={**_PERSON, "why": "why"},
        build=cold,
        empty="No cold first message in the last 30 days.",
        more="netbook health --format csv",
    ),
]
"""The review's action lists after the week's plan, in order. Append a provider to add one."""

ACTION_ROWS = 5
"""Rows each action list shows; the rest are counted with the command that lists them."""
