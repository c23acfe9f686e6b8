"""One calendar file's events as meeting rows, with its failures and noise counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import polars as pl

from netbook import schema
from netbook.sources.calendar.bounds import (
    EARLIEST,
    FILE_CAP,
    FILE_FULL,
    SERIES_CAP,
    TOO_FREQUENT,
    TOO_MANY,
    latest_start,
    planning_end,
    sane,
    too_frequent,
)
from netbook.sources.calendar.events import (
    Meeting,
    RecurrenceError,
    TooManyOccurrences,
    expand,
    horizon,
    is_recurring,
    lists_owner,
    meeting,
    moment,
    problem,
    recurs_too_often,
    start,
    to_utc,
    uid,
    values,
)
from netbook.sources.calendar.read import IcsFile

TOO_OFTEN_REASON = "recurs every minute or second"
ROWS = schema.columns(
    {
        "file": pl.String,
        "line": pl.Int64,
        "thread_id": pl.String,
        "occurred_at": schema.UTC,
        "original_at": pl.String,
        "email": pl.String,
        "name": pl.String,
        "direction": pl.String,
        "initiated": pl.Boolean,
        "is_group": pl.Boolean,
        "weight": pl.Float64,
    }
)
"""One person met at one occurrence; ``original_at`` (the occurrence's original start, UTC,
``YYYYMMDDTHHMMSSZ``) is part of the interaction's natural key."""


@dataclass
class FileResult:
    """One file's meetings (rows of :data:`ROWS`), failures and noise."""

    read: IcsFile
    zone: ZoneInfo
    rows: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    noise: Counter[str] = field(default_factory=Counter)
    exported_at: datetime | None = None
    expanded: int = 0
    """Occurrences of series kept so far (at most :data:`~.bounds.FILE_CAP`)."""
    planned: list[dict[str, Any]] = field(default_factory=list)
    """One row per meeting occurrence (see :func:`planned_row`), past and future."""
    uids: set[str] = field(default_factory=set)
    """Every readable event's UID: a re-import replaces what is stored for these."""
    owner_listed: bool = False
    """Whether the file names the owner in most events (see :func:`.events.lists_owner`)."""

    def fail(self, line: int | None, column: str, reason: str) -> None:
        """Record an event that cannot be read."""
        self.failures.append(
            {"file": self.read.name, "line": line, "column": column, "reason": reason}
        )

    def count(self, found: Meeting | str) -> None:
        """Count an event that is not a meeting as noise."""
        if isinstance(found, str):
            self.noise[found] += 1

    def add(
        self,
        event: icalendar.Event,
        found: Meeting,
        owners: frozenset[str],
        line: int | None,
        *,
        met: bool = True,
    ) -> None:
        """One row per person met at this occurrence of ``event`` (``met``: an interaction too)."""
        original = moment(event, "RECURRENCE-ID") or start(event)
        occurred_at = to_utc(start(event), self.zone)
        key = to_utc(original, self.zone).strftime("%Y%m%dT%H%M%SZ")
        self.planned.append(planned_row(event, found, owners, key, self.zone))
        if not met:
            return
        group = found.size > 1
        for person, direction, initiated in found.roles(owners):
            self.rows.append(
                {
                    "file": self.read.name,
                    "line": line,
                    "thread_id": uid(event),
                    "occurred_at": occurred_at,
                    "original_at": key,
                    "email": person.email,
                    "name": person.name,
                    "direction": direction,
                    "initiated": initiated,
                    "is_group": group,
                    "weight": 1.0 / found.size,
                }
            )


def read_meetings(read: IcsFile, owners: frozenset[str], zone: ZoneInfo) -> FileResult:
    """Read one file's events into rows.

    Unreadable events become failures. One-off events (no ``RRULE``/``RDATE`` in any event with
    their UID) are one occurrence each; a series (a master and its ``RECURRENCE-ID`` overrides)
    is expanded up to the file's horizon (:func:`~netbook.sources.calendar.events.horizon`).
    Every event read is counted once: as a failure, as noise by reason, or as kept.
    """
    result = FileResult(read, zone)
    readable: list[tuple[icalendar.Event, int | None]] = []
    for event, line in zip(read.events, read.lines, strict=True):
        issue = problem(event) or _insane(event, zone)
        if issue is None:
            readable.append((event, line))
            result.uids.add(uid(event))
        else:
            result.fail(line, *issue)
    if not readable:
        return result
    result.exported_at, end = horizon([event for event, _ in readable], zone)
    # An event without the owner is someone else's only when the file names the owner's address
    # in most events: a calendar kept under an address netbook does not know loses no meeting.
    result.owner_listed = lists_owner([event for event, _ in readable], owners)
    recurring = {uid(event) for event, _ in readable if is_recurring(event)}
    series: dict[str, list[tuple[icalendar.Event, int | None]]] = {}
    for event, line in readable:
        if uid(event) in recurring:
            series.setdefault(uid(event), []).append((event, line))
            continue
        found = meeting(event, owners, owner_listed=result.owner_listed)
        result.count(found)
        if isinstance(found, Meeting):
            result.add(event, found, owners, line)
    for members in series.values():
        _expand(result, members, owners, end)
    return result


def _insane(event: icalendar.Event, zone: ZoneInfo) -> tuple[str, str] | None:
    """Why ``event``'s start is no meeting date (before 1970, years after the import day)."""
    at = to_utc(start(event), zone)
    if sane(at):
        return None
    return "DTSTART", (
        f"DTSTART {at:%Y-%m-%d} is not a meeting date: netbook reads meetings from "
        f"{EARLIEST:%Y} to {latest_start():%Y-%m-%d}; fix the event's date"
    )


def _expand(
    result: FileResult,
    members: list[tuple[icalendar.Event, int | None]],
    owners: frozenset[str],
    end: datetime,
) -> None:
    """Add the occurrences of one series (its master and overrides) to ``result``."""
    if any(recurs_too_often(event) for event, _ in members):
        result.noise[TOO_OFTEN_REASON] += len(members)
        return
    if any(too_frequent(event) for event, _ in members):
        result.noise[TOO_FREQUENT] += len(members)
        return
    left = FILE_CAP - result.expanded
    try:
        occurrences = expand(
            [event for event, _ in members],
            result.read.timezones,
            end,
            zone=result.zone,
            cap=min(SERIES_CAP, left),
            until=planning_end(end),
        )
    except TooManyOccurrences:
        result.noise[TOO_MANY if left > SERIES_CAP else FILE_FULL] += len(members)
        return
    except RecurrenceError:
        rules = [rule for event, _ in members for rule in values(event, "RRULE")]
        raw = rules[0].to_ical().decode() if rules else ""  # type: ignore[attr-defined]
        what = f"RRULE '{raw[:40]}'" if raw else "RDATE"
        reason = (
            f"unreadable {what}: the series cannot be expanded (check its RRULE, RDATE and "
            "EXDATE lines against DTSTART)"
        )
        for _, line in members:
            result.fail(line, "RRULE" if raw else "RDATE", reason[:200])
        return
    result.expanded += len(occurrences)
    for event, _ in members:
        result.count(meeting(event, owners, owner_listed=result.owner_listed))
    masters = [line for event, line in members if "RECURRENCE-ID" not in event]
    line = masters[0] if masters else members[0][1]
    for occurrence in occurrences:
        found = meeting(occurrence, owners, owner_listed=result.owner_listed)
        if isinstance(found, Meeting):
            met = to_utc(start(occurrence), result.zone) < end
            result.add(occurrence, found, owners, line, met=met)


def planned_row(
    event: icalendar.Event, found: Meeting, owners: frozenset[str], key: str, zone: ZoneInfo
) -> dict[str, Any]:
    """One occurrence of a meeting as stored: title, start, end, the addresses met, organiser."""
    begins = to_utc(start(event), zone)
    ends = moment(event, "DTEND")
    duration = getattr(event.get("DURATION"), "dt", None)
    if ends is not None:
        finish = to_utc(ends, zone)
    elif isinstance(duration, timedelta):
        finish = begins + duration
    else:
        finish = begins
    title = str(event.get("SUMMARY", "")).strip()
    status = str(event.get("STATUS", "")).strip().lower()
    organizer = found.organizer if found.organizer not in owners else None
    return {
        "uid": uid(event),
        "recurrence_id": key,
        "title": title or None,
        "start_at": begins,
        "end_at": max(finish, begins),
        "emails": sorted(person.email for person in found.others),
        "organizer": organizer,
        "status": status or None,
    }
