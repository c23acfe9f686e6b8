"""Reminders as an iCalendar file: promises, follow-ups, who is due, milestones, job changes, meetings.

Every reminder is one all-day, transparent (free-time) event whose UID names what it is about, so
that importing or subscribing to a newer file updates each event instead of adding a copy:

- **Due** (``netbook-due-<person_id>@netbook.local``): the head of the due queue
  (:func:`netbook.api.due`) on the as-of day itself, since they are due or overdue now; and the
  people whose due date (last touch plus cadence) falls within the next ``days`` days, on that
  date; at most :data:`DUE_PER_DAY` a day, most important first. Snoozed people are left out until
  they wake.
- **Milestones** (``netbook-birthday-<person_id>-<year>@…``, ``netbook-connection-anniversary-…``,
  ``netbook-work-anniversary-…``): each of :func:`netbook.rituals.milestones.upcoming_milestones`
  on its day.
- **Job changes** (``netbook-job-change-<person_id>-<YYYYMMDD>@…``, the day the change was first
  seen): changes seen in the last :data:`RECENT_DAYS` days and not acknowledged yet, on the
  as-of day.
- **Follow-ups** (``netbook-follow-up-<event_id>-<person_id>@…``): everyone met at an event of the
  last :data:`~netbook.rituals.events.OWED_DAYS` days who has not been followed up yet, on the
  as-of day (it is owed now); a follow-up owed longer ago is stale and left out.
- **Promises** (``netbook-promise-<promise_id>@…``): every open promise on its due day, or on the
  as-of day once it is overdue.

- **Meetings** (``netbook-brief-<meeting_id>@…``): each meeting stored from a calendar in the
  window, on its day, its description the ``file://`` URL of its brief
  (:mod:`netbook.brief.remind`; ``netbook brief --html`` writes the page).

More kinds plug in by appending a :data:`ReminderSource` to :data:`REMINDER_SOURCES`. ``DTSTAMP``
is the as-of day at 00:00 UTC, never the clock, so the same workspace and as-of day give a
byte-identical file. The file is written to a temporary file beside it and renamed over it (never
half-written), readable by its owner only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import polars as pl

from netbook import api, metrics, schema
from netbook.errors import InputError, PluginError
from netbook.frames import ENGINE
from netbook.phrases import plural_expr
from netbook.rituals.events import OWED_DAYS, owed_follow_ups
from netbook.rituals.jobs import job_changes
from netbook.rituals.milestones import upcoming_milestones
from netbook.rituals.promises import open_promises
from netbook.workspace import Workspace

REMINDER = schema.columns(
    {"uid": pl.String, "on": pl.Date, "summary": pl.String, "description": pl.String}
)
"""What a reminder source returns: one row per all-day event (``description`` may be null)."""
ReminderSource = Callable[[Workspace, date, int], pl.DataFrame]
"""``source(workspace, as_of, days) -> frame`` in the :data:`REMINDER` schema: the reminders from
``as_of`` to ``days`` days later. A ``uid`` must be stable: the same thing gets the same uid on
every run (``netbook-<kind>-<person_id>...@netbook.local``)."""
DOMAIN = "netbook.local"
"""The right-hand side of every UID."""
RECENT_DAYS = OWED_DAYS
"""Job changes first seen longer ago than this are not reminded of any more."""
PRODID = "-//netbook//netbook remind//EN"
DUE_PER_DAY = 10
"""At most this many "reach out" reminders a day (the most urgent of the due queue first)."""


def uid(*parts: pl.Expr) -> pl.Expr:
    """``netbook-<part>-<part>...@netbook.local`` as an expression.

    Examples:
        >>> pl.select(uid(pl.lit("due"), pl.lit("0a1b"))).item()
        'netbook-due-0a1b@netbook.local'
    """
    return pl.concat_str([pl.lit("netbook"), *parts], separator="-") + pl.lit(f"@{DOMAIN}")


def due_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """The due queue's head on ``as_of``; then, each day, the people who fall due on it.

    At most :data:`DUE_PER_DAY` a day, most important first (the due queue's order): a calendar
    with hundreds of reminders a day is one nobody reads; ``netbook due`` lists everyone.
    """
    health = api.health(workspace, as_of=as_of).lazy()
    name = pl.coalesce("full_name", "profile_url", "person_id")
    waiting = metrics.due(health).head(DUE_PER_DAY)
    queue = waiting.select(
        uid(pl.lit("due"), pl.col("person_id")).alias("uid"),
        pl.lit(as_of).alias("on"),
        pl.format("Reach out to {}", name).alias("summary"),
        pl.col("why").alias("description"),
    )
    soon = (
        health.filter(
            (pl.col("status") == "ok")
            & pl.col("due_on").is_between(as_of + timedelta(days=1), as_of + timedelta(days=days))
        )
        .join(metrics.due(health), on="person_id", how="anti")
        .sort(["due_on", "priority", "person_id"], descending=[False, True, False])
        .group_by("due_on", maintain_order=True)
        .head(DUE_PER_DAY)
        .select(
            uid(pl.lit("due"), pl.col("person_id")).alias("uid"),
            pl.col("due_on").alias("on"),
            pl.format("Reach out to {}", name).alias("summary"),
            pl.format(
                "due on {} (every {} days, {})",
                "due_on",
                "cadence_days",
                pl.coalesce("role", "layer"),
            ).alias("description"),
        )
    )
    return pl.concat([queue, soon]).collect(engine=ENGINE)


def milestone_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """Each upcoming milestone (:func:`~netbook.rituals.milestones.upcoming_milestones`)."""
    frame = upcoming_milestones(workspace, as_of, days).lazy()
    name, kind, years = pl.coalesce("full_name", "person_id"), pl.col("kind"), pl.col("years")
    summary = (
        pl.when(kind == "birthday")
        .then(pl.format("Wish {} a happy birthday", name))
        .when(kind == "connection anniversary")
        .then(pl.format("{} connected with {}", plural_expr(years, "year"), name))
        .otherwise(
            pl.format("Congratulate {} on {} in their job", name, plural_expr(years, "year"))
        )
    )
    return frame.select(
        uid(kind.str.replace_all(" ", "-"), pl.col("person_id"), pl.col("on").dt.year()).alias(
            "uid"
        ),
        "on",
        summary.alias("summary"),
        pl.col("why").alias("description"),
    ).collect()


_CONGRATULATIONS = {
    "new company": "Congratulate {} on the new job",
    "promotion": "Congratulate {} on the promotion",
    "new role": "Congratulate {} on the new role",
}


def job_change_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """Recent job changes (:data:`RECENT_DAYS`) you have not been in touch about, on ``as_of``."""
    frame = job_changes(workspace, as_of).lazy()
    name, kind = pl.coalesce("full_name", "person_id"), pl.col("kind")
    summary = pl.coalesce(
        *(pl.when(kind == k).then(pl.format(text, name)) for k, text in _CONGRATULATIONS.items())
    )
    recent = pl.col("changed_by") >= as_of - timedelta(days=RECENT_DAYS)
    return (
        frame.filter(~pl.col("acknowledged") & recent)
        .select(
            uid(
                pl.lit("job-change"),
                pl.col("person_id"),
                pl.col("changed_by").dt.strftime("%Y%m%d"),
            ).alias("uid"),
            pl.lit(as_of).alias("on"),
            summary.alias("summary"),
            pl.col("why").alias("description"),
        )
        .collect()
    )


def follow_up_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """People met at a recent event, not followed up yet (:func:`~.events.owed_follow_ups`)."""
    owed = owed_follow_ups(workspace, as_of)
    name = pl.coalesce("person", "person_id")
    return owed.select(
        uid(pl.lit("follow-up"), pl.col("event_id"), pl.col("person_id")).alias("uid"),
        pl.lit(as_of).alias("on"),
        pl.format("Follow up with {} ({})", name, pl.col("event")).alias("summary"),
        pl.col("why").alias("description"),
    )


def promise_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """Open promises due within ``days`` days, on their day; overdue ones on ``as_of``."""
    open_ = open_promises(workspace, as_of).filter(pl.col("due_on") <= as_of + timedelta(days=days))
    name = pl.coalesce("person", "person_id")
    return open_.select(
        uid(pl.lit("promise"), pl.col("promise_id")).alias("uid"),
        pl.max_horizontal(pl.col("due_on"), pl.lit(as_of)).alias("on"),
        pl.format("Keep your promise to {}: {}", name, pl.col("text")).alias("summary"),
        pl.col("why").alias("description"),
    )


REMINDER_SOURCES: list[ReminderSource] = [
    promise_reminders,
    follow_up_reminders,
    due_reminders,
    milestone_reminders,
    job_change_reminders,
]
"""Where reminders come from, in order; append yours (a :data:`ReminderSource`). When two give the
same ``uid``, the first one's reminder is kept."""


def _brief_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """Each meeting ahead, linking to its brief (:mod:`netbook.brief.remind`)."""
    from netbook.brief.remind import brief_reminders

    return brief_reminders(workspace, as_of, days)


REMINDER_SOURCES.append(_brief_reminders)


MAX_DAYS = 3660
"""Reminders look at most about ten years ahead."""


def reminders(
    workspace: Workspace,
    as_of: date,
    days: int = 14,
    sources: Sequence[ReminderSource] | None = None,
) -> pl.DataFrame:
    """Every reminder from ``as_of`` to ``days`` days later, by day then uid.

    Args:
        workspace: the workspace.
        as_of: the first day; nothing later than it is seen (reviews can be back-dated).
        days: how far ahead to look.
        sources: where reminders come from (default :data:`REMINDER_SOURCES`).

    Returns:
        The :data:`REMINDER` columns, one row per distinct ``uid``.

    Raises:
        NetbookError: ``days`` is negative, or a source returned a frame without a needed column.
    """
    if days < 0:
        raise InputError(f"--days {days} is negative", hint="use 0 (today only) or more")
    if days > MAX_DAYS:
        raise InputError(f"--days {days} is too far ahead", hint=f"use at most {MAX_DAYS:,}")
    frames = []
    for source in REMINDER_SOURCES if sources is None else sources:
        frame = source(workspace, as_of, days)
        missing = [c for c in ("uid", "on", "summary") if c not in frame.columns]
        if missing:
            name = getattr(source, "__name__", repr(source))
            raise PluginError(
                f"reminder source {name} returned no {', '.join(missing)} column",
                hint="return a frame with uid, on, summary and description",
            )
        frames.append(schema.conform(frame, REMINDER).collect())
    if not frames:
        return schema.empty(REMINDER)
    return (
        pl.concat(frames)
        .filter(pl.col("uid").is_not_null() & pl.col("on").is_not_null())
        .unique("uid", keep="first", maintain_order=True)
        .sort("on", "uid")
    )


def to_ical(frame: pl.DataFrame, as_of: date) -> bytes:
    """``frame`` (in the :data:`REMINDER` schema) as an iCalendar file, one all-day event a row.

    Examples:
        >>> rows = pl.DataFrame({"uid": ["netbook-due-1@netbook.local"], "on": [date(2026, 12, 1)],
        ...     "summary": ["Reach out to Ada"], "description": [None]})
        >>> [line for line in to_ical(rows, date(2026, 12, 1)).decode().splitlines()
        ...     if line.startswith(("SUMMARY", "DTSTART", "DTSTAMP"))]
        ['SUMMARY:Reach out to Ada', 'DTSTART;VALUE=DATE:20261201', 'DTSTAMP:20261201T000000Z']
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "netbook")
    stamp = datetime.combine(as_of, time(0), UTC)
    for row in frame.iter_rows(named=True):
        event = icalendar.Event()
        event.add("uid", row["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", row["on"])
        event.add("dtend", row["on"] + timedelta(days=1))
        event.add("summary", row["summary"])
        if row["description"]:
            event.add("description", row["description"])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def write_ics(
    workspace: Workspace,
    path: str | Path,
    *,
    as_of: date,
    days: int = 14,
    sources: Sequence[ReminderSource] | None = None,
) -> pl.DataFrame:
    """Write the :func:`reminders` to the iCalendar file ``path``, atomically.

    Returns:
        The reminders written.
    """
    frame = reminders(workspace, as_of, days, sources)
    target = Path(path)
    data = to_ical(frame, as_of)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return frame
