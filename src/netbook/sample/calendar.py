"""The sample network's calendar: ``calendar/work.ics``, the owner's meetings with close contacts.

:func:`calendar_ics` writes, for the owner and the close contacts of
:func:`~netbook.sample.chats.write_off_linkedin` (each attendee by the address their address-book
card and mail use, so every meeting joins the LinkedIn people), a Google-style export taken on the
morning of the export day:

- one-to-one meetings over the past ten months, organised by the owner or by the other person;
- group meetings (three to five people), some organised by one of them;
- a weekly "Team sync" series (Tuesdays 10:00, Europe/London) with one past occurrence cancelled
  and the occurrence in the week ahead moved to the Wednesday afternoon;
- one-to-one and group meetings in the week after the export (what ``netbook brief`` prepares).

It draws from its own random source, so the other sample files keep their bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
SERIES_UID = "team-sync@sample.example"
SERIES_START = date(2026, 6, 2)
"""A Tuesday: the series' first occurrence."""
_ONE_TO_ONE = ("Coffee with {first}", "{me} / {first}", "Catch-up: {first} and {me}",
               "Lunch with {first}", "Intro call")  # fmt: skip
_GROUP = ("Project review", "Quarterly planning", "Design critique", "Hiring panel",
          "Offsite prep", "Customer debrief")  # fmt: skip


@dataclass(frozen=True)
class Attendee:
    """One person in the calendar: display name and address."""

    name: str
    email: str

    @property
    def first(self) -> str:
        """The first name."""
        return self.name.split()[0]


@dataclass(frozen=True)
class CalendarTruth:
    """What a correct import of ``calendar/work.ics`` finds.

    Attributes:
        meetings_past: Meeting occurrences up to the export (series occurrences included, the
            cancelled one excluded).
        meetings_ahead: Occurrences in the seven days from the export day.
        meeting_touches_past: Interactions of the past occurrences (one per person met).
        cancelled: Cancelled occurrences (noise).
    """

    meetings_past: int
    meetings_ahead: int
    meeting_touches_past: int
    cancelled: int


def _fold(line: str) -> str:
    """``line`` folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence."""
    out: list[str] = []
    chunk = ""
    for char in line:
        if len((chunk + char).encode()) > (75 if not out else 74):
            out.append(chunk)
            chunk = ""
        chunk += char
    out.append(chunk)
    return "\r\n ".join(out) + "\r\n"


def _who(kind: str, person: Attendee, extra: str = "") -> str:
    name = person.name.replace('"', "")
    return f'{kind};CN="{name}"{extra}:mailto:{person.email}'


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


class _Calendar:
    def __init__(self, rng: random.Random, me: Attendee, stamp: datetime) -> None:
        self.rng, self.me, self.stamp = rng, me, stamp
        self.lines: list[str] = []

    def event(
        self,
        key: str,
        title: str,
        start: datetime,
        minutes: int,
        organizer: Attendee,
        people: list[Attendee],
        extra: list[str] | None = None,
    ) -> None:
        """One VEVENT: ``organizer`` plus ``people`` (the owner always attends)."""
        end = start + timedelta(minutes=minutes)
        times = (
            [f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
             f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}"]
            if start.tzinfo is LONDON
            else [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
        )  # fmt: skip
        attendees = [self.me, *(p for p in people if p != self.me)]
        if organizer not in attendees:
            attendees.append(organizer)
        self.lines += [
            "BEGIN:VEVENT",
            *times,
            f"DTSTAMP:{_utc(self.stamp)}",
            _who("ORGANIZER", organizer),
            f"UID:{key}",
            *(_who("ATTENDEE", p, ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED") for p in attendees),
            f"SUMMARY:{title}",
            *(extra or []),
            "END:VEVENT",
        ]

    def text(self) -> bytes:
        head = [
            "BEGIN:VCALENDAR",
            "PRODID:-//netbook sample//calendar//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{self.me.email}",
            "X-WR-TIMEZONE:Europe/London",
        ]
        return "".join(_fold(line) for line in [*head, *self.lines, "END:VCALENDAR"]).encode()

    def slot(self, day: date, hours: tuple[int, int] = (9, 17)) -> datetime:
        """A weekday start in UTC on ``day`` (or the Friday before a weekend)."""
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        hour = self.rng.randrange(*hours)
        return datetime.combine(day, time(hour, self.rng.choice((0, 30))), UTC)


def calendar_ics(
    rng: random.Random, me: Attendee, close: list[Attendee], exported_on: date
) -> tuple[bytes, CalendarTruth]:
    """The calendar export of the owner ``me`` with the ``close`` contacts (at least 24)."""
    stamp = datetime.combine(exported_on, time(7, 0), UTC)
    cal = _Calendar(rng, me, stamp)
    past = touches = 0
    for n in range(36):  # one-to-ones with the closest dozen, some more often than others
        person = close[min(int(rng.expovariate(0.25)), 13)]
        start = cal.slot(exported_on - timedelta(days=rng.randrange(2, 300)))
        title = rng.choice(_ONE_TO_ONE).format(first=person.first, me=me.first)
        organizer = me if rng.random() < 0.6 else person
        cal.event(f"one-{n}@sample.example", title, start, rng.choice((30, 60)), organizer,
                  [person])  # fmt: skip
        past, touches = past + 1, touches + 1
    for n in range(8):
        people = rng.sample(close[:18], rng.randint(3, 5))
        start = cal.slot(exported_on - timedelta(days=rng.randrange(3, 280)))
        organizer = me if rng.random() < 0.5 else people[0]
        cal.event(f"group-{n}@sample.example", rng.choice(_GROUP), start, 60, organizer, people)
        past, touches = past + 1, touches + len(people)
    team = close[18:21]
    first = datetime.combine(SERIES_START, time(10, 0), LONDON)
    cal.event(SERIES_UID, "Team sync", first, 30, me, team, ["RRULE:FREQ=WEEKLY;BYDAY=TU"])
    weeks = (exported_on - SERIES_START).days // 7 + 1  # Tuesdays up to the export
    cancelled = first + timedelta(weeks=16)
    cal.event(SERIES_UID, "Team sync", cancelled, 30, me, team, [
        f"RECURRENCE-ID;TZID=Europe/London:{cancelled:%Y%m%dT%H%M%S}",
        "STATUS:CANCELLED", "SEQUENCE:1"])  # fmt: skip
    past, touches = past + weeks - 1, touches + (weeks - 1) * len(team)
    ahead = 0
    moved_from = datetime.combine(exported_on + timedelta(days=1), time(10, 0), LONDON)
    moved_to = datetime.combine(exported_on + timedelta(days=2), time(15, 0), LONDON)
    cal.event(SERIES_UID, "Team sync (moved)", moved_to, 30, me, team, [
        f"RECURRENCE-ID;TZID=Europe/London:{moved_from:%Y%m%dT%H%M%S}",
        "SEQUENCE:1"])  # fmt: skip
    ahead += 1
    week = [  # (day offset, whom, title, organised by them)
        (0, [close[0]], "Coffee with {first}", False),
        (1, [close[9]], "Lunch with {first}", False),
        (3, [close[2], close[4], close[12]], "Product review", False),
        (4, [close[15]], "Intro call", True),
    ]
    for n, (offset, people, title, theirs) in enumerate(week):
        start = cal.slot(exported_on + timedelta(days=offset), (12, 17) if not offset else (9, 17))
        organizer = people[0] if theirs else me
        cal.event(f"ahead-{n}@sample.example", title.format(first=people[0].first), start, 45,
                  organizer, people)  # fmt: skip
        ahead += 1
    return cal.text(), CalendarTruth(past, ahead, touches, 1)
