"""Bounds that keep a calendar from running away: sane dates, rates and occurrence counts.

A 519-byte rule (``FREQ=DAILY`` with 24 ``BYHOUR`` times 60 ``BYMINUTE``) describes 1,440 events a
day; a ``DTSTAMP`` in 9999 would stretch expansion over the years 9989-9999. So meetings start
between :data:`EARLIEST` and :data:`FUTURE` after the import day, a series that repeats more than
:data:`MAX_PER_DAY` times a day is not a meeting, and expansion stops at :data:`SERIES_CAP`
occurrences of one series and :data:`FILE_CAP` occurrences of one file (the rest is noise, with
its reason).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

import icalendar

from netbook.sources.dates import AHEAD, latest_planned

EARLIEST: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""No meeting starts before this (an older start is a broken field)."""
FUTURE: Final = AHEAD
"""Meetings may be planned this far after the import day, no further."""
PLANNED: Final = timedelta(days=90)
"""Planned meetings are stored this far after the export's horizon (briefs look ahead from an as-of
date; interactions still end at the horizon)."""
MAX_PER_DAY: Final = 8
"""A series repeating more often than this in a day is not a meeting."""
SERIES_CAP: Final = 5_000
"""Occurrences of one series kept at most (a daily meeting for ten years has 3,653)."""
FILE_CAP: Final = 50_000
"""Occurrences of one file's series kept at most."""
TOO_FREQUENT: Final = f"recurs more than {MAX_PER_DAY} times a day"
TOO_MANY: Final = f"a series of over {SERIES_CAP:,} occurrences"
FILE_FULL: Final = f"over the file's {FILE_CAP:,} occurrences"

_PER_DAY = {
    "SECONDLY": 86400.0,
    "MINUTELY": 1440.0,
    "HOURLY": 24.0,
    "DAILY": 1.0,
    "WEEKLY": 1 / 7,
    "MONTHLY": 1 / 30,
    "YEARLY": 1 / 365,
}
_ORDER = list(_PER_DAY)
_WITHIN = {"BYSECOND": "SECONDLY", "BYMINUTE": "MINUTELY", "BYHOUR": "HOURLY"}
"""A ``BY`` part multiplies the rate when the frequency is coarser than the part's unit."""


def latest_start() -> datetime:
    """The last start a meeting may have: the import day plus :data:`FUTURE` (as anything stored)."""
    return latest_planned()


def planning_end(end: datetime) -> datetime:
    """Where a series' planned occurrences stop: :data:`PLANNED` after the horizon ``end``."""
    return min(end + PLANNED, latest_start())


def sane(moment: datetime) -> bool:
    """True when a meeting may start at ``moment`` (UTC)."""
    return EARLIEST <= moment <= latest_start()


def per_day(rule: icalendar.vRecur) -> float:
    """An upper estimate of how many times a day ``rule`` repeats.

    Examples:
        >>> per_day(icalendar.vRecur.from_ical("FREQ=DAILY;BYHOUR=0,1,2;BYMINUTE=0,30"))
        6.0
        >>> per_day(icalendar.vRecur.from_ical("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")) < 1
        True
    """
    frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
    if frequency not in _PER_DAY:
        frequency = "DAILY"
    base = rate = _PER_DAY[frequency]
    for part, unit in _WITHIN.items():
        count = len(rule.get(part, []))
        if count and _ORDER.index(frequency) > _ORDER.index(unit):
            rate *= count
    days = len(rule.get("BYDAY", []))
    if days and frequency in ("WEEKLY", "MONTHLY", "YEARLY"):
        rate = rate / base * days / 7
    interval = rule.get("INTERVAL") or [1]
    return rate / max(int(interval[0]), 1)


def too_frequent(event: icalendar.Event) -> bool:
    """True when one of ``event``'s rules repeats more than :data:`MAX_PER_DAY` times a day."""
    rules = event.get("RRULE")
    found = rules if isinstance(rules, list) else [rules] if rules is not None else []
    return any(isinstance(r, icalendar.vRecur) and per_day(r) > MAX_PER_DAY for r in found)
