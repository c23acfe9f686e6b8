"""Reading one ``.ics`` file: its text, its structure (with line numbers) and its parsed VEVENTs.

icalendar keeps no line numbers and silently drops a VEVENT that has no ``END:VEVENT``, so the
unfolded lines are scanned here first: the scan finds where each VEVENT begins (the n-th
``BEGIN:VEVENT`` is the n-th VEVENT icalendar returns) and rejects files that are not iCalendar
or are cut off.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import x_wr_timezone

from netbook.errors import SourceError
from netbook.keys import normalise_email
from netbook.sources.calendar.text import decode as decode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_AGAIN = "export or download the calendar again"


@dataclass
class IcsFile:
    """One file as read: its events in file order, each with the line its ``BEGIN:VEVENT`` is on."""

    name: str
    encoding: str
    sha256: str
    events: list[icalendar.Event] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    timezones: list[icalendar.Timezone] = field(default_factory=list)
    calendar_name: str | None = None
    """``X-WR-CALNAME`` when it is an e-mail address (Google names the main calendar so)."""


def event_lines(text: str, name: str) -> list[int]:
    r"""The 1-based line on which each VEVENT of ``text`` begins, in file order.

    Folded continuation lines (starting with a space or tab) belong to the line before them.

    Raises:
        SourceError: the text does not begin with ``BEGIN:VCALENDAR``, or a component is never
            closed (a cut-off download), naming the line.

    Examples:
        >>> event_lines("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nEND:VEVENT\nEND:VCALENDAR\n", "a.ics")
        [2]
    """
    starts: list[int] = []
    open_components: list[tuple[str, int]] = []
    started = False
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        if not line.strip() or line[0] in " \t":
            continue
        if not started:
            if line.strip().upper() != "BEGIN:VCALENDAR":
                raise SourceError(
                    name,
                    f"is not an iCalendar file: it begins with {line.strip()[:40]!r} "
                    "instead of BEGIN:VCALENDAR",
                    line=number,
                    hint="choose the .ics file your calendar exported",
                )
            started = True
        key, _, value = line.partition(":")
        key, value = key.strip().upper(), value.strip().upper()
        if key == "BEGIN":
            if value == "VEVENT" and any(c == "VEVENT" for c, _ in open_components):
                raise _cut_off(name, open_components)
            if value == "VEVENT":
                starts.append(number)
            open_components.append((value, number))
        elif key == "END":
            if not open_components:
                raise SourceError(
                    name, f"has END:{value} without a BEGIN", line=number, hint=_AGAIN
                )
            if open_components[-1][0] != value:
                raise _cut_off(name, open_components)
            open_components.pop()
    if open_components:
        raise _cut_off(name, open_components)
    return starts


def _cut_off(name: str, open_components: list[tuple[str, int]]) -> SourceError:
    """The error for a component that is never closed: the innermost VEVENT, else the innermost."""
    events = [c for c in open_components if c[0] == "VEVENT"]
    component, line = events[-1] if events else open_components[-1]
    return SourceError(
        name,
        f"the {component} that begins on this line has no END:{component} "
        "(the file is cut off or damaged)",
        line=line,
        hint=_AGAIN,
    )


def read_ics(raw: bytes, name: str, shown: str | None = None) -> IcsFile:
    """Parse one file's bytes (see the module's docstring).

    Args:
        raw: the file's bytes.
        name: the name recorded in reports (relative to the imported folder).
        shown: the path named in errors (default: ``name``).

    ``X-WR-TIMEZONE`` (Google) is applied with :mod:`x_wr_timezone`, so that UTC and floating
    times are in the calendar's zone before recurrences are expanded; an unknown zone name is
    ignored.

    Raises:
        SourceError: not iCalendar, cut off, or rejected by icalendar.
    """
    text, encoding = decode(raw)
    shown = shown or name
    read = IcsFile(name, encoding, hashlib.sha256(raw).hexdigest())
    if not text.strip():
        return read
    lines = event_lines(text, shown)
    try:
        parsed = icalendar.Calendar.from_ical(text.encode("utf-8"), multiple=True)
    except ValueError as error:
        raise SourceError(
            shown,
            f"could not be parsed as iCalendar: {str(error).splitlines()[0][:120]}",
            hint=_AGAIN,
        ) from error
    calendars = parsed if isinstance(parsed, list) else [parsed]
    for calendar in calendars:
        standard = _standard(calendar)
        for component in standard.subcomponents:
            if isinstance(component, icalendar.Event):
                read.events.append(component)
            elif isinstance(component, icalendar.Timezone):
                read.timezones.append(component)
        calendar_name = normalise_email(str(calendar.get("X-WR-CALNAME", "")))
        read.calendar_name = read.calendar_name or calendar_name
    # The n-th BEGIN:VEVENT is the n-th event; should icalendar ever disagree, lines are unknown.
    matched = len(lines) == len(read.events)
    read.lines = list(lines) if matched else [None] * len(read.events)
    return read


def _standard(calendar: icalendar.Calendar) -> icalendar.Calendar:
    zone = calendar.get("X-WR-TIMEZONE")
    if zone is None:
        return calendar
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        del calendar["X-WR-TIMEZONE"]
        return calendar
    standard: icalendar.Calendar = x_wr_timezone.to_standard(calendar)
    return standard


def ics_files(path: Path) -> list[Path]:
    """``path`` itself, or every ``.ics`` file under the folder ``path`` (sorted)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".ics")
    return [path]
