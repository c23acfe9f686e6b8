"""Birthdays in the forms address books write them, to ``YYYY-MM-DD`` or ``--MM-DD`` (no year)."""

from __future__ import annotations

import re
from datetime import date, datetime

NO_DATE = frozenset({"0/0/00", "0/0/0000", "00/00/0000", "1/1/4501", "01/01/4501", "0000-00-00"})
"""Placeholders exporters write for "no date" (Outlook: ``0/0/00`` and its ``None`` date 1/1/4501)."""
_TIME = re.compile(
    r"(?:T\d{2}:?\d{2}|\s+\d{1,2}:\d{2})(?::?\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_FULL = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_NO_YEAR = re.compile(r"(?:--(\d{2})-?|(\d{1,2})-)(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})([/.])(\d{1,2})[/.](\d{4}|\d{2})")
_WORDS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d", "%b %d", "%d %B", "%d %b")


def normalise_birthday(text: str) -> str | None:
    """A birthday as ``YYYY-MM-DD``, or ``--MM-DD`` without a year; None when it cannot be read.

    Reads ISO dates with or without dashes (``19850412``), yearless ``--MM-DD``, ``--MMDD`` and
    ``MM-DD``, a trailing time (``T10:00:00Z``), US ``M/D/YYYY`` (``D/M`` when the first number
    cannot be a month), European ``D.M.YYYY`` and English month names. A two-digit year cannot be
    told apart (1925 or 2025), so only its month and day are kept; so is a year 0000.

    Examples:
        >>> [normalise_birthday(t) for t in ("1985-04-12", "19850412T000000Z", " --12-25", "--0229")]
        ['1985-04-12', '1985-04-12', '--12-25', '--02-29']
        >>> [normalise_birthday(t) for t in ("4/12/1985", "25/12/1985", "12.4.1985", "4/12/85")]
        ['1985-04-12', '1985-12-25', '1985-04-12', '--04-12']
        >>> [normalise_birthday(t) for t in ("April 12, 1985", "1985-02-29", "--02-30", "soon")]
        ['1985-04-12', None, None, None]
    """
    text = _TIME.sub("", text.strip())
    year: int | None = None
    if match := _FULL.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NO_YEAR.fullmatch(text):
        month, day = int(match[1] or match[2]), int(match[3])
    elif match := _SLASHED.fullmatch(text):
        first, second, last = int(match[1]), int(match[3]), match[4]
        month, day = (second, first) if match[2] == "." or first > 12 else (first, second)
        year = int(last) if len(last) == 4 else None
    else:
        return _in_words(text)
    return _formatted(year or None, month, day)


def _formatted(year: int | None, month: int, day: int) -> str | None:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: --02-29 is a birthday
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _in_words(text: str) -> str | None:
    for fmt in _WORDS:
        value, pattern = (text, fmt) if "%Y" in fmt else (f"{text} 2000", f"{fmt} %Y")
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        year = parsed.year if "%Y" in fmt else None
        return _formatted(year, parsed.month, parsed.day)
    return None
