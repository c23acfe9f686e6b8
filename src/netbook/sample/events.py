"""Events.csv of the sample export: meetups, conferences and webinars on days people connected.

The file is drawn from a random source of its own (derived from the seed) and only reads who
connected when, so every other file of the export is the same with or without it. Events are put
where the export already has connections on the day or the day after, so that netbook infers whom
you met there; whether each of them was followed up then comes from the messages already in the
export. The most recent event is in the two weeks before the export, on the day with the most such
connections, early enough that every follow-up is done or overdue by the export date.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from netbook.sample import vocabulary as v
from netbook.sample.common import Person, csv_bytes

HEADER = ("Event Name", "Event Time", "Status", "External Url")
RECENT = range(4, 15)
"""Days before the export the recent event may be held (its follow-ups are due 3 days later)."""
PAST_EVENTS = 5
"""Events on connection days of earlier years, at most one a year."""
_KINDS = ("meetup", "conference", "webinar")


def clock(at: datetime) -> str:
    """``Sep 5, 2022 12:00 PM``, as Events.csv writes a time.

    Examples:
        >>> clock(datetime(2022, 9, 5, 18, 30))
        'Sep 5, 2022 6:30 PM'
    """
    hour, half = at.hour % 12 or 12, "AM" if at.hour < 12 else "PM"
    return f"{v.MONTHS[at.month - 1]} {at.day}, {at.year} {hour}:{at.minute:02d} {half}"


def events_file(rng: random.Random, contacts: Sequence[Person], exported_on: date) -> bytes:
    """Events.csv for an export of ``contacts`` taken on ``exported_on``, newest event first.

    Args:
        rng: The file's own random source.
        contacts: The visible connections, with the day each connected.
        exported_on: The export date.

    Returns:
        The file: the recent event, up to :data:`PAST_EVENTS` earlier ones, an attended webinar
        where nobody connected, one you were only interested in, and one you registered for that
        is still to come.
    """
    connected = Counter(p.connected for p in contacts if p.connected is not None)

    def around(day: date) -> int:
        return connected[day] + connected[day + timedelta(days=1)]

    rows: list[tuple[datetime, list[str]]] = []

    def add(kind: str, day: date, status: str) -> None:
        rows.append(_event(rng, kind, day, status))

    recent = [exported_on - timedelta(days=k) for k in RECENT]
    add("meetup", max(recent, key=lambda d: (around(d), connected[d], d)), "Attended")
    cutoff = exported_on - timedelta(days=max(RECENT) + 30)
    years = sorted({d.year for d in connected if d < cutoff})
    for year in sorted(rng.sample(years, min(PAST_EVENTS, len(years)))):
        day = rng.choice(sorted(d for d in connected if d.year == year and d < cutoff))
        day -= timedelta(days=rng.choice((0, 0, 1)))  # the connection that day or the next
        add(rng.choice(_KINDS), day, rng.choice(("Attended", "Attended", "Registered")))
    for _ in range(1000):  # an online event where you connected with nobody
        day = exported_on - timedelta(days=rng.randrange(300, 2000))
        if not any(connected[day + timedelta(days=k)] for k in range(3)):
            add("webinar", day, "Attended")
            break
    if connected:
        add(rng.choice(_KINDS), rng.choice(sorted(connected)), "Interested")
    add("conference", exported_on + timedelta(days=rng.randint(10, 40)), "Registered")
    rows.sort(key=lambda row: row[0], reverse=True)
    return csv_bytes(HEADER, [row for _, row in rows])


def _event(rng: random.Random, kind: str, day: date, status: str) -> tuple[datetime, list[str]]:
    """One row: a name, a start and end, and a link (a LinkedIn event page, a site or none)."""
    if kind == "meetup":
        name = rng.choice(v.MEETUPS).format(
            n=rng.randint(3, 60), month=v.MONTH_NAMES[day.month - 1]
        )
        start = datetime.combine(day, time(18, 30))
        end = start + timedelta(hours=rng.choice((2, 2.5, 3)))
    elif kind == "conference":
        name = rng.choice(v.CONFERENCES).format(year=day.year)
        start = datetime.combine(day, time(9))
        end = datetime.combine(day + timedelta(days=1), time(17))
    else:
        name = rng.choice(v.WEBINARS)
        start = datetime.combine(day, time(12))
        end = start + timedelta(hours=1)
    link = rng.random()
    if link < 0.6:
        url = f"https://www.linkedin.com/events/{rng.randrange(10**18, 10**19)}/"
    elif link < 0.8:
        words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
        url = f"https://events.example.org/{'-'.join(words[:3])}"
    else:
        url = ""
    return start, [name, f"{clock(start)} - {clock(end)}", status, url]
