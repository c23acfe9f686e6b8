"""The as-of days netbook accepts, from the command line, a notebook's parameters or Python."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from netbook.errors import InputError

FIRST_DAY: Final = date(1970, 1, 1)
LAST_DAY: Final = date(2199, 12, 31)
"""Days netbook accepts: far from the ends of the calendar, so that a day plus or minus any setting
(:data:`netbook.settings.LARGEST` days) is still a day."""


BEHIND_DAYS: Final = 14
"""An as-of day this many days past the newest data or more gets a note: the days since read as
silence only because nothing newer was imported."""


def check_day(day: date, option: str, text: str) -> date:
    """``day`` if it lies between :data:`FIRST_DAY` and :data:`LAST_DAY`, else an error.

    Examples:
        >>> check_day(date(9999, 12, 31), "--as-of", "9999-12-31")
        Traceback (most recent call last):
        netbook.errors.InputError: --as-of 9999-12-31 is out of range (use a day from 1970-01-01 to 2199-12-31)
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(
            f"{option} {text} is out of range", hint=f"use a day from {FIRST_DAY} to {LAST_DAY}"
        )
    return day


def to_day(value: object, what: str = "as_of") -> date:
    """``value`` as a day netbook accepts: a date, a datetime's day, or ``YYYY-MM-DD``.

    A notebook's parameters give days as text.

    Examples:
        >>> to_day("2026-11-16"), to_day(datetime(2026, 11, 16, 9))
        (datetime.date(2026, 11, 16), datetime.date(2026, 11, 16))
        >>> to_day(None)
        Traceback (most recent call last):
        netbook.errors.InputError: as_of None is not a day (give a datetime.date or 'YYYY-MM-DD')

    Raises:
        InputError: not a day, or out of range.
    """
    if isinstance(value, datetime):
        return check_day(value.date(), what, value.date().isoformat())
    if isinstance(value, date):
        return check_day(value, what, value.isoformat())
    if isinstance(value, str):
        try:
            return check_day(date.fromisoformat(value.strip()), what, value.strip())
        except ValueError:
            pass
    if what.startswith("--"):  # an option of the command line, told as the others tell it
        raise InputError(f"{what} {value!r} is not a date", hint="write it as YYYY-MM-DD")
    raise InputError(f"{what} {value!r} is not a day", hint="give a datetime.date or 'YYYY-MM-DD'")
