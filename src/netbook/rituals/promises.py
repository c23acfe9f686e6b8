"""Promises you make to people ("send the deck by Friday"), and whether you keep them.

Decisions:

- ``netbook promise PERSON TEXT --by DATE`` stores one row in the ``promises`` table, made now
  (``made_at``); ``netbook promise done ID [--on DATE]`` sets ``done_at`` to now, or to noon of the
  day given in the workspace's zone. Each is one short write; imports never touch the table. An id
  may be shortened to any unique prefix of at least :data:`MIN_PREFIX` characters.
- Days are local days in the workspace's zone: a promise is *made on* the local day of
  ``made_at`` and *done on* that of ``done_at``.
- **As of a day**, a promise made after it does not exist yet and one done after it is still
  open, so a back-dated as-of day sees what you knew then. ``status`` is ``done``, ``overdue``
  (not done and the as-of day is after ``due_on``) or ``open``.
- **Keeping rate** of a period: of the promises due in the period (made by the as-of day), the
  share done on or before their due day. Null when none was due.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import cast
from zoneinfo import ZoneInfo

import polars as pl

from netbook import identity
from netbook.errors import InputError
from netbook.metrics.network import Period, local_day, period_bounds
from netbook.phrases import days_word
from netbook.settings import Settings
from netbook.userdata import find_person
from netbook.workspace import Workspace

COLUMNS = (
    *("promise_id", "person_id", "person", "text", "due_on", "made_on", "done_on"),
    *("status", "days_overdue", "why"),
)
"""The columns of :func:`promises` and :func:`open_promises`, in order."""
STATUSES = ("done", "overdue", "open")
"""The statuses of a promise."""
MIN_PREFIX = 4
"""The shortest id prefix ``close_promise`` accepts."""


@dataclass(frozen=True)
class Promise:
    """A promise as stored."""

    promise_id: str
    person_id: str
    text: str
    due_on: date
    made_at: datetime
    done_at: datetime | None = None


def _moment(workspace: Workspace, on: date | datetime) -> datetime:
    zone = ZoneInfo(workspace.settings().time.zone)
    if isinstance(on, datetime):
        return (on if on.tzinfo else on.replace(tzinfo=zone)).astimezone(UTC)
    return datetime.combine(on, time(12), zone).astimezone(UTC)  # a day alone: its middle


def _day(workspace: Workspace, at: datetime) -> date:
    return at.astimezone(ZoneInfo(workspace.settings().time.zone)).date()


def add_promise(
    workspace: Workspace,
    person: str,
    text: str,
    *,
    by: date,
    made_at: date | datetime | None = None,
) -> Promise:
    """Record that you promised ``person`` to do ``text`` by ``by``.

    Args:
        workspace: the workspace.
        person: a name, e-mail, profile URL or person id (see
            :func:`~netbook.userdata.find_person`).
        text: what you promised.
        by: the day it is due.
        made_at: when you made it (default: now).

    Returns:
        The stored promise (its ``promise_id`` closes it).

    Raises:
        NetbookError: an empty text, a promise made in the future, a due day before it was made,
            or a person who is unknown or ambiguous (nothing is stored).
    """
    what = " ".join(text.split())
    if not what:
        raise InputError("a promise needs a text", hint='e.g. "send the deck"')
    now = datetime.now(UTC)
    made = now if made_at is None else _moment(workspace, made_at)
    if _day(workspace, made) > _day(workspace, now):
        raise InputError(
            f"--on {_day(workspace, made)} is in the future",
            hint="record it on the day you make it",
        )
    if by < _day(workspace, made):
        raise InputError(
            f"--by {by} is before the promise was made ({_day(workspace, made)})",
            hint="give the day it is due",
        )
    who = find_person(workspace, person)
    promise = Promise(uuid.uuid4().hex[:16], who.person_id, what, by, made)
    with workspace.connect(write=True) as connection:
        connection.execute(
            "INSERT INTO promises VALUES (?, ?, ?, ?, ?, ?)",
            [promise.promise_id, who.person_id, what, by, made, None],
        )
    return promise


def _one(workspace: Workspace, promise_id: str) -> dict[str, object]:
    key = promise_id.strip().lower()
    if len(key) < MIN_PREFIX:
        raise InputError(
            f"promise id {promise_id!r} is too short",
            hint=f"give at least {MIN_PREFIX} characters (see `netbook promise list --all`)",
        )
    found = workspace.table("promises").filter(pl.col("promise_id").str.starts_with(key))
    if found.is_empty():
        raise InputError(
            f"no promise {promise_id!r}", hint="see `netbook promise list --all` for the ids"
        )
    if found.height > 1:
        shown = ", ".join(sorted(found["promise_id"]))
        raise InputError(
            f"{promise_id!r} matches {found.height} promises ({shown}); nothing changed",
            hint="give more of the id",
        )
    return found.row(0, named=True)


def close_promise(
    workspace: Workspace, promise_id: str, *, on: date | datetime | None = None
) -> Promise:
    """Mark a promise done: now, or on ``on`` (a day counts at its noon in the workspace's zone).

    Raises:
        NetbookError: no promise (or several) has this id or prefix, it is done already, or ``on``
            is in the future or before the day it was made. Nothing is changed.
    """
    row = _one(workspace, promise_id)
    made_at = cast(datetime, row["made_at"])  # the store's column types
    if row["done_at"] is not None:
        done = cast(datetime, row["done_at"])
        raise InputError(
            f"promise {row['promise_id']} was done on {_day(workspace, done)} already",
            hint="nothing changed",
        )
    now = datetime.now(UTC)
    done_at = now if on is None else _moment(workspace, on)
    if _day(workspace, done_at) > _day(workspace, now):
        raise InputError(
            f"--on {_day(workspace, done_at)} is in the future", hint="close it on the day"
        )
    if _day(workspace, done_at) < _day(workspace, made_at):
        raise InputError(
            f"--on {_day(workspace, done_at)} is before the promise was made "
            f"({_day(workspace, made_at)})",
            hint="give the day you kept it",
        )
    with workspace.connect(write=True) as connection:
        connection.execute(
            "UPDATE promises SET done_at = ? WHERE promise_id = ? AND done_at IS NULL",
            [done_at, row["promise_id"]],
        )
    return Promise(
        str(row["promise_id"]),
        str(row["person_id"]),
        str(row["text"]),
        cast(date, row["due_on"]),
        made_at.astimezone(UTC),
        done_at,
    )


def promise_status(promises: pl.LazyFrame, as_of: date, *, time_zone: str) -> pl.LazyFrame:
    """The promises made by ``as_of``, each with ``made_on``, ``done_on``, ``status`` and ``why``.

    Args:
        promises: the ``promises`` table, with a ``person`` (name) column.
        as_of: the day the status is for; promises made later are left out, and one done later
            is not done yet.
        time_zone: the zone local days are counted in.

    Returns:
        :data:`COLUMNS`.

    Examples:
        >>> from datetime import timezone
        >>> made = datetime(2026, 11, 10, 9, tzinfo=timezone.utc)
        >>> rows = pl.LazyFrame({"promise_id": ["p", "q", "r"], "person_id": ["a"] * 3,
        ...     "person": ["Ada Example"] * 3, "text": ["send the deck", "intro to Bo", "call"],
        ...     "due_on": [date(2026, 11, 20), date(2026, 11, 25), date(2026, 11, 21)],
        ...     "made_at": [made, made, datetime(2026, 11, 23, tzinfo=timezone.utc)],
        ...     "done_at": [None, datetime(2026, 11, 21, tzinfo=timezone.utc), None]})
        >>> for why in promise_status(rows, date(2026, 11, 22), time_zone="UTC").collect()["why"]:
        ...     print(why)
        promised Ada Example 'send the deck' by 2026-11-20 (2 days overdue)
        promised Ada Example 'intro to Bo' by 2026-11-25: done on 2026-11-21
    """
    made_on = local_day(time_zone, "made_at")
    done_day = local_day(time_zone, "done_at")
    late = (pl.lit(as_of) - pl.col("due_on")).dt.total_days()
    early = -late
    days = days_word(late)
    promised = pl.format(
        "promised {} '{}' by {}",
        pl.coalesce("person", "person_id"),
        pl.col("text"),
        pl.col("due_on"),
    )
    late_done = (pl.col("done_on") - pl.col("due_on")).dt.total_days()
    why = (
        pl.when(pl.col("status") == "done")
        .then(
            promised
            + pl.format(": done on {}", pl.col("done_on"))
            + pl.when(late_done > 0)
            .then(
                pl.format(
                    ", {} {} late",
                    late_done,
                    days_word(late_done),
                )
            )
            .otherwise(pl.lit(""))
        )
        .when(pl.col("status") == "overdue")
        .then(promised + pl.format(" ({} {} overdue)", late, days))
        .when(late == 0)
        .then(promised + pl.lit(" (due today)"))
        .otherwise(promised + pl.format(" (due in {} {})", early, days))
    )
    return (
        promises.with_columns(made_on.alias("made_on"), done_day.alias("done_on"))
        .filter(pl.col("made_on") <= as_of)
        .with_columns(
            pl.when(pl.col("done_on") <= as_of).then(pl.col("done_on")).alias("done_on"),
        )
        .with_columns(
            pl.when(pl.col("done_on").is_not_null())
            .then(pl.lit("done"))
            .when(late > 0)
            .then(pl.lit("overdue"))
            .otherwise(pl.lit("open"))
            .alias("status"),
            pl.when(pl.col("done_on").is_null() & (late > 0))
            .then(late)
            .otherwise(0)
            .alias("days_overdue"),
        )
        .with_columns(why.alias("why"))
        .select(COLUMNS)
    )


def keeping(status: pl.LazyFrame, start: date, end: date) -> pl.LazyFrame:
    """Promises due in ``[start, end]`` and how many were kept: ``due``, ``kept``, ``rate``.

    ``status`` is :func:`promise_status`'s frame (as of a day on or after ``end``). Kept means
    done on or before the due day.

    Examples:
        >>> status = pl.LazyFrame({"due_on": [date(2026, 11, d) for d in (3, 10, 12, 30)],
        ...     "done_on": [date(2026, 11, 3), date(2026, 11, 11), None, None]})
        >>> keeping(status, date(2026, 11, 1), date(2026, 11, 15)).collect().row(0)
        (3, 1, 0.3333333333333333)
    """
    due = pl.len().cast(pl.Int64)
    kept = (pl.col("done_on") <= pl.col("due_on")).fill_null(False).sum().cast(pl.Int64)
    return status.filter(pl.col("due_on").is_between(start, end)).select(
        due.alias("due"),
        kept.alias("kept"),
        pl.when(due > 0).then(kept / due).alias("rate"),
    )


def read_promises(workspace: Workspace) -> pl.LazyFrame:
    """The stored promises, each under its person's current id, with their name (``person``)."""
    with workspace.reading():
        stored = workspace.table("promises")
        aliases = workspace.aliases()
        names = workspace.people().select("person_id", pl.col("full_name").alias("person"))
    stored = stored.with_columns(identity.canonical(pl.col("person_id"), aliases))
    return stored.lazy().join(names, on="person_id", how="left")


def promises(workspace: Workspace, as_of: date) -> pl.DataFrame:
    """Every promise made by ``as_of`` with its status: :data:`COLUMNS`, by due day."""
    settings = workspace.settings()
    return promise_table(read_promises(workspace), as_of, settings)


def promise_table(stored: pl.LazyFrame, as_of: date, settings: Settings) -> pl.DataFrame:
    """Every promise of :func:`read_promises`'s frame made by ``as_of``, with its status."""
    return (
        promise_status(stored, as_of, time_zone=settings.time.zone)
        .sort("due_on", "made_on", "promise_id")
        .collect()
    )


def open_promises(workspace: Workspace, as_of: date) -> pl.DataFrame:
    """The promises not done by ``as_of``, overdue and soonest due first, each with its ``why``.

    The review takes the ``overdue`` rows as actions.
    """
    return promises(workspace, as_of).filter(pl.col("status") != "done")


def promise_keeping_rate(
    workspace: Workspace, as_of: date, period: Period = "month"
) -> float | None:
    """The share of promises due in the period ending ``as_of`` that were done by their due day.

    Null (None) when no promise was due in the period.
    """
    start, end = period_bounds(as_of, period)
    rate = keeping(promises(workspace, as_of).lazy(), start, end).collect()["rate"].item()
    return None if rate is None else float(rate)
