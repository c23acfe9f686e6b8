"""Which calendar events are meetings, with whom, and when each of their occurrences starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from netbook.keys import normalise_email
from netbook.sources.calendar.bounds import SERIES_CAP, latest_start, sane
from netbook.sources.dates import latest

NOT_MET = frozenset({"DECLINED", "DELEGATED"})
"""Attendance answers (``PARTSTAT``) of people who did not come."""
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE", "GROUP"})
"""Calendar user types (``CUTYPE``) that are not a person met: rooms, projectors, mailing lists."""
TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY"})
"""Recurrence frequencies no meeting has; such series are not expanded."""
EXPANSION_YEARS = 10
"""Recurring series are expanded over at most this many years before the export's moment."""

_TIME_PROPERTIES = {
    "DTSTART": "expected a date-time such as 20240105T100000Z",
    "DTEND": "expected a date-time such as 20240105T110000Z",
    "DURATION": "expected a duration such as PT1H",
    "RECURRENCE-ID": "expected a date-time such as 20240105T100000Z",
    "RRULE": "expected a rule such as FREQ=WEEKLY;COUNT=10",
    "RDATE": "expected date-times such as 20240105T100000Z",
    "EXDATE": "expected date-times such as 20240105T100000Z",
}
_STAMPS = ("DTSTAMP", "LAST-MODIFIED", "CREATED")
RecurrenceError = (ValueError, TypeError, OverflowError)
"""What expanding a malformed series raises (icalendar's and recurring-ical-events' errors are
``ValueError``; dateutil raises the others)."""


@dataclass(frozen=True)
class Attendee:
    """Someone met: a normalised address and the display name, when the event gives one."""

    email: str
    name: str | None


@dataclass(frozen=True)
class Meeting:
    """An event the owner attended with at least one other person."""

    organizer: str | None
    others: tuple[Attendee, ...]
    lists: int = 0
    """Mailing lists invited (``CUTYPE=GROUP``): people not named, each counted as
    :data:`LIST_SIZE`."""

    @property
    def size(self) -> int:
        """How many people besides the owner, a mailing list counted as :data:`LIST_SIZE`."""
        return len(self.others) + LIST_SIZE * self.lists

    def roles(self, owners: frozenset[str]) -> list[tuple[Attendee, str, bool]]:
        """Each attendee with the direction and whether that side initiated the meeting.

        The owner organised it: ``outbound``, initiated; the attendee organised it: ``inbound``,
        initiated; someone else (or nobody) did: ``mutual``, not initiated.
        """
        roles = []
        for person in self.others:
            if self.organizer is not None and self.organizer in owners:
                roles.append((person, "outbound", True))
            elif self.organizer == person.email:
                roles.append((person, "inbound", True))
            else:
                roles.append((person, "mutual", False))
        return roles


def values(event: icalendar.Event, name: str) -> list[object]:
    """The values of property ``name`` (a property may occur once, many times, or not at all)."""
    value = event.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def moment(event: icalendar.Event, name: str) -> date | None:
    """The date or date-time of property ``name`` (the first one), or None."""
    found = getattr(event.get(name), "dt", None)
    return found if isinstance(found, date) else None


def start(event: icalendar.Event) -> date:
    """The event's ``DTSTART``: a date-time, or a date for an all-day event.

    Raises:
        ValueError: there is none (events that passed :func:`problem` always have one).
    """
    found = moment(event, "DTSTART")
    if found is None:
        raise ValueError(f"event {uid(event)!r} has no readable DTSTART")
    return found


def uid(event: icalendar.Event) -> str:
    """The event's UID, or an empty string."""
    return str(event.get("UID", "")).strip()


def problem(event: icalendar.Event) -> tuple[str, str] | None:
    """Why ``event`` cannot be read, as ``(property, reason)``, or None when it can."""
    if not uid(event):
        return "UID", "the event has no UID: netbook cannot tell it from other events"
    if "DTSTART" not in event:
        return "DTSTART", "the event has no DTSTART: it has no time"
    for name, advice in _TIME_PROPERTIES.items():
        for value in values(event, name):
            if isinstance(value, icalendar.vBroken):
                raw = value.to_ical().decode("utf-8", errors="replace")[:40]
                return name, f"unreadable {name} '{raw}': {advice}"
    for name in ("RDATE", "EXDATE"):
        for value in values(event, name):
            if any(_not_a_day(d) for d in getattr(value, "dts", [])):
                kind = str(getattr(value, "params", {}).get("VALUE", "")) or "a time of day"
                return name, (
                    f"unreadable {name} (VALUE={kind}): it holds times of day without a date; "
                    f"{_TIME_PROPERTIES[name]}"
                )
    if moment(event, "DTSTART") is None:
        raw = getattr(event.get("DTSTART"), "dt", "")
        return "DTSTART", f"unreadable DTSTART '{raw}': {_TIME_PROPERTIES['DTSTART']}"
    return None


def _not_a_day(value: object) -> bool:
    """True for an RDATE or EXDATE entry that is neither a date, a date-time nor a period."""
    found = getattr(value, "dt", None)
    if isinstance(found, tuple):  # a PERIOD: (start, end or duration)
        found = found[0]
    return not isinstance(found, date)


def is_recurring(event: icalendar.Event) -> bool:
    """True when the event repeats (``RRULE`` or ``RDATE``)."""
    return "RRULE" in event or "RDATE" in event


def recurs_too_often(event: icalendar.Event) -> bool:
    """True for a rule repeating every second or minute (never a meeting; too many to expand)."""
    return any(
        str(f).upper() in TOO_OFTEN
        for rule in values(event, "RRULE")
        if isinstance(rule, icalendar.vRecur)
        for f in rule.get("FREQ", [])
    )


LIST_SIZE = 10
"""How many people a mailing list invited to a meeting counts as (its members are not named): a
meeting with one is a large group, never contact with each (see
:data:`netbook.metrics.touches.SMALL_MEETING`)."""


def lists_owner(events: list[icalendar.Event], owners: frozenset[str]) -> bool:
    """Whether most of ``events`` that list attendees name one of ``owners``.

    As organizer or attendee: the file is then the owner's calendar, and an event without them is
    someone else's. A calendar kept under an address netbook does not know (a second, work
    address) names the known one in few events, if any: then no event is taken for someone else's.
    """
    listing = named = 0
    for event in events:
        found = {
            normalise_email(str(value))
            for value in (*values(event, "ORGANIZER"), *values(event, "ATTENDEE"))
        }
        if values(event, "ATTENDEE"):
            listing += 1
            named += bool(found & owners)
    return listing > 0 and named * 2 > listing


def display_name(address: object) -> str | None:
    """The ``CN`` of an address, unless it is missing or just the address again."""
    params = getattr(address, "params", {})
    name = str(params.get("CN", "")).strip()
    return name if name and normalise_email(name) is None else None


def meeting(
    event: icalendar.Event, owners: frozenset[str], *, owner_listed: bool = False
) -> Meeting | str:
    """The meeting ``event`` is, or the reason it is not one (a noise reason).

    In this order: ``cancelled`` (``STATUS:CANCELLED``), ``all-day`` (a ``DATE`` start: blocks,
    holidays, birthdays), ``declined by owner`` (every ``ATTENDEE`` line of the owner says
    ``PARTSTAT=DECLINED``), ``without you`` (with ``owner_listed``, the owner's address being in
    most of the file's events: it lists attendees, none a group (``CUTYPE=GROUP``, through which
    the owner may be invited), and the owner is neither one of them nor the organizer, as in a
    colleague's meeting on a shared calendar), ``no other attendee``. The people met are the
    organizer and the attendees other than the owner, without those who declined or delegated and without rooms,
    resources and groups; an attendee with no answer (``NEEDS-ACTION``) counts as met, as the
    organizer's own export shows most attendees so.
    """
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    if not isinstance(start(event), datetime):
        return "all-day"
    organizer_value = event.get("ORGANIZER")
    organizer = normalise_email(str(organizer_value)) if organizer_value is not None else None
    others: dict[str, Attendee] = {}
    absent: set[str] = set()
    owner_answers: list[str] = []
    lists = 0  # mailing lists invited: the owner may be in the meeting through one
    for address in values(event, "ATTENDEE"):
        email = normalise_email(str(address))
        if email is None:
            continue
        params = getattr(address, "params", {})
        answer = str(params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        user_type = str(params.get("CUTYPE", "")).upper()
        lists += user_type == "GROUP"
        if email in owners:
            owner_answers.append(answer)
        elif answer in NOT_MET or user_type in NOT_PEOPLE:
            absent.add(email)
        else:
            others.setdefault(email, Attendee(email, display_name(address)))
    if owner_answers and all(answer == "DECLINED" for answer in owner_answers):
        return "declined by owner"
    listed = bool(owner_answers or others or absent)
    if owner_listed and listed and not owner_answers and organizer not in owners and not lists:
        return "without you"
    if organizer is not None and organizer not in owners and organizer not in absent:
        others.setdefault(organizer, Attendee(organizer, display_name(organizer_value)))
    if not others:
        return "no other attendee"
    return Meeting(organizer, tuple(others.values()), lists)


def to_utc(value: date, zone: ZoneInfo) -> datetime:
    """A start in UTC: floating times (and dates, at midnight) are wall-clock times in ``zone``.

    Examples:
        >>> to_utc(datetime(2024, 1, 5, 10, 0), ZoneInfo("Europe/Berlin")).isoformat()
        '2024-01-05T09:00:00+00:00'
    """
    moment = value if isinstance(value, datetime) else datetime.combine(value, time(0))
    if moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def horizon(events: list[icalendar.Event], zone: ZoneInfo) -> tuple[datetime | None, datetime]:
    """The export's moment and the end of recurrence expansion.

    The export's moment is the latest ``DTSTAMP``, ``LAST-MODIFIED`` or ``CREATED`` no later than
    the import day (None without any: a stamp in 9999 dates nothing); expansion ends there (else
    on the import day) or at the latest sane ``DTSTART`` of any event, whichever is later, never after
    :func:`~netbook.sources.calendar.bounds.latest_start`.

    ``events`` must all be readable (:func:`problem` is None) and not be empty.
    """
    found = [moment(event, name) for event in events for name in _STAMPS]
    today = latest()
    stamps = [s for s in (to_utc(v, zone) for v in found if v is not None) if s <= today]
    starts = [s for s in (to_utc(start(event), zone) for event in events) if sane(s)]
    exported = max(stamps) if stamps else None
    return exported, min(max([exported or today, *starts]), latest_start())


_UTC_ZONE = ZoneInfo("UTC")


class TooManyOccurrences(Exception):
    """A series has more occurrences in its window than it may keep."""


def expand(
    series: list[icalendar.Event],
    timezones: list[icalendar.Timezone],
    end: datetime,
    *,
    zone: ZoneInfo = _UTC_ZONE,
    cap: int = SERIES_CAP,
    until: datetime | None = None,
) -> list[icalendar.Event]:
    """The occurrences of one series (a master and its ``RECURRENCE-ID`` overrides) up to ``end``.

    Occurrences start at most :data:`EXPANSION_YEARS` before ``end``, so a rule without an end
    stays bounded; they are generated one at a time, and no more than ``cap`` are kept. Each
    occurrence carries its ``RECURRENCE-ID`` (its original start). ``until`` (default ``end``)
    stops later than ``end``, for planned meetings.

    Raises:
        TooManyOccurrences: the series has more than ``cap`` occurrences in the window.
        ValueError: (or another of :data:`RecurrenceError`) the series cannot be expanded.
    """
    calendar = icalendar.Calendar()
    for component in (*timezones, *series):
        calendar.add_component(component)
    begin = end - timedelta(days=round(365.25 * EXPANSION_YEARS))
    found: list[icalendar.Event] = []
    for occurrence in recurring_ical_events.of(calendar).after(begin):
        if not isinstance(occurrence, icalendar.Event):
            continue
        if to_utc(start(occurrence), zone) >= (until or end):
            break
        found.append(occurrence)
        if len(found) > cap:
            raise TooManyOccurrences(cap)
    return found
