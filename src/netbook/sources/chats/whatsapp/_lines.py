"""WhatsApp chat lines: the message header in every OS and locale layout, and what a line says.

A message starts with a header line, either bracketed (iOS: ``[31/12/2023, 21:04:05] Ada: Hi``)
or followed by a dash (Android: ``31/12/2023, 21:04 - Ada: Hi``); any other line continues the
message before it. The date is three numbers split by ``/``, ``.`` or ``-`` (year first, or last
with two or four digits); the time is ``H:MM`` or ``H.MM`` with optional seconds, optionally
after ``klo`` (Finnish) and before a 12-hour marker (``PM``, ``p.m.``, ``p. m.``). Direction marks
(U+200E and friends) are dropped and narrow or non-breaking spaces (U+202F, U+00A0) read as spaces.

Whether ``01/02/2024`` is the 1st of February or January 2nd is decided per file from its data
(:func:`day_first`): a first number above 12 means day first, a second above 12 month first;
when no date tells, the order that keeps the messages in time order wins, and on a tie dots mean
day first, slashes with a 12-hour clock month first (the US layout), anything else day first.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


def _date(suffix: str) -> str:
    return rf"(?P<d{suffix}>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})\.?"


def _time(suffix: str) -> str:
    return (
        rf"(?:klo\s+)?(?P<t{suffix}>\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?)"
        rf"(?:\s*(?P<h{suffix}>[AaPp]\.?\s?[Mm]\.?))?"
    )


HEADER = re.compile(
    rf"^(?:\[{_date('1')},?\s+{_time('1')}\]\s?"
    rf"|{_date('2')},?\s+{_time('2')}\s+[-\u2013]\s)(?P<rest>.*)$"
)
"""A message header in either layout (groups ``d1``/``t1``/``h1`` bracketed, ``d2``... plain)."""

_QUOTES = set("\"'\u201c\u201d\u201e\u00ab\u00bb")
_MEDIA = re.compile(
    r"^(?:<[^<>]{3,60}>|null|\w+(?: \w+)? (?:omitted|ocultad[oa]|omitid[oa]|weggelassen|absente"
    r"|omess[oa]|weggelaten|utelämnad|jätetty pois))$",
    re.IGNORECASE,
)
"""Media placeholders: ``<Media omitted>`` (any language), ``image omitted``, ``áudio ocultado``."""
_DELETED = re.compile(
    r"^(?:this message was deleted|you deleted this message|diese nachricht wurde gelöscht"
    r"|se eliminó este mensaje|eliminaste este mensaje|ce message a été supprimé)\.?$",
    re.IGNORECASE,
)
_CALL = re.compile(r"^(?P<missed>missed )?(?:group )?(?:voice|video) call\b", re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    """A header line taken apart: the raw date and time, and what follows."""

    date: str
    time: str
    half: str | None
    rest: str
    bracketed: bool


def clean(line: str) -> str:
    r"""A line without leading direction marks, with narrow and non-breaking spaces as spaces.

    Examples:
        >>> clean("\u200e[1/2/24, 9:04\u202fPM] Ada: hi")
        '[1/2/24, 9:04 PM] Ada: hi'
    """
    return line.lstrip(MARKS).translate(_SPACES)


def header(line: str) -> Header | None:
    """The header of ``line`` (already :func:`clean`), or None for a continuation line.

    Examples:
        >>> header("31.12.2023 klo 21.04 - Ada: Hei").time
        '21.04'
        >>> header("[12/31/23, 9:04:05 p. m.] Bo: hi").half
        'p. m.'
        >>> header("just text") is None
        True
    """
    match = HEADER.match(line)
    if match is None:
        return None
    bracketed = match.group("d1") is not None
    suffix = "1" if bracketed else "2"
    return Header(
        match.group("d" + suffix),
        match.group("t" + suffix),
        match.group("h" + suffix),
        match.group("rest"),
        bracketed,
    )


def numbers(date: str) -> tuple[int, int, int, bool]:
    """The three numbers of a date and whether the year comes first.

    Examples:
        >>> numbers("2023-12-31"), numbers("31.12.23")
        ((2023, 12, 31, True), (31, 12, 23, False))
    """
    parts = re.split(r"[./-]", date)
    return int(parts[0]), int(parts[1]), int(parts[2]), len(parts[0]) == 4


def day_first(headers: list[Header]) -> bool:
    """Whether the file's dates put the day first (see the module's docstring).

    Examples:
        >>> rows = [header(f"{d}, 10:00 - A: x") for d in ("03/04/2024", "05/04/2024")]
        >>> day_first([h for h in rows if h])
        True
        >>> rows = [header(f"{d}, 10:00 AM - A: x") for d in ("1/2/24", "1/13/24")]
        >>> day_first([h for h in rows if h])
        False
    """
    pairs = [numbers(h.date) for h in headers]
    pairs = [p for p in pairs if not p[3]]
    if any(a > 12 for a, _, _, _ in pairs):
        return True
    if any(b > 12 for _, b, _, _ in pairs):
        return False
    as_day = _backwards([(c, b, a) for a, b, c, _ in pairs])
    as_month = _backwards([(c, a, b) for a, b, c, _ in pairs])
    if as_day != as_month:
        return as_day < as_month
    first = headers[0] if headers else None
    if first is None or "." in first.date:
        return True
    return not ("/" in first.date and any(h.half for h in headers))


def _backwards(dates: list[tuple[int, int, int]]) -> int:
    """How often a date comes before the one above it."""
    return sum(1 for a, b in itertools.pairwise(dates) if b < a)


def timestamp(head: Header, day_first_: bool) -> datetime:
    """The naive local time of a header.

    Raises:
        ValueError: the date or time is impossible (a 13th month, 25 o'clock).

    Examples:
        >>> timestamp(header("[31/12/2023, 9:04:05 p. m.] A: x"), True)
        datetime.datetime(2023, 12, 31, 21, 4, 5)
        >>> timestamp(header("12/31/23, 12:10 AM - A: x"), False)
        datetime.datetime(2023, 12, 31, 0, 10)
    """
    a, b, c, year_first = numbers(head.date)
    if year_first:
        year, month, day = a, b, c
    elif day_first_:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if year < 100:
        year += 2000
    parts = [int(p) for p in re.split(r"[:.]", head.time)]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if head.half:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {head.half}")
        pm = head.half.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return datetime(year, month, day, hour, minute, second)


@dataclass(frozen=True)
class Said:
    """What a header's rest says: a sender (None for a system line) and the text."""

    sender: str | None
    text: str


def said(rest: str, bracketed: bool) -> Said:
    r"""Split ``Name: text`` into sender and text; None for the sender of a system line.

    A line without a plausible sender, or an iOS line whose text starts with a direction mark
    and is no media placeholder, deleted message or call, is a system line.

    Examples:
        >>> said("Ada Example: Hi: there", False)
        Said(sender='Ada Example', text='Hi: there')
        >>> said('Ada changed the subject to "Trip: day 1"', False).sender is None
        True
        >>> said("Trip: \u200eMessages and calls are end-to-end encrypted.", True).sender is None
        True
        >>> said("Ada: \u200eimage omitted", True).sender
        'Ada'
    """
    name, colon, text = rest.partition(": ")
    sender = name.strip(MARKS + " ~\u2068\u2069").strip()
    if not colon or not sender or len(sender) > 80 or _QUOTES & set(sender):
        return Said(None, rest)
    if bracketed and text.startswith("\u200e") and kind(text) == "text":
        return Said(None, text)
    return Said(sender, text)


def kind(text: str) -> str:
    r"""``media``, ``deleted``, ``call``, ``missed call`` or ``text``.

    Examples:
        >>> kind("<Media omitted>"), kind("\u200eMissed voice call"), kind("Hello")
        ('media', 'missed call', 'text')
        >>> kind("\u200eáudio ocultado"), kind("\u200eContact card omitted"), kind("I omitted it")
        ('media', 'media', 'text')
    """
    bare = text.strip(MARKS + " ")
    if _MEDIA.match(bare):
        return "media"
    if _DELETED.match(bare):
        return "deleted"
    call = _CALL.match(bare)
    if call:
        return "missed call" if call.group("missed") else "call"
    return "text"
