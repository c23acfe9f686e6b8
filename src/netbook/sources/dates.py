"""Parsing the dozen date and time forms found in exports (English month names, fixed formats).

A generic CSV's ``occurred_at`` (:func:`occurred`) takes dates and times in any common spelling:
slashed dates are month first unless some row's first number is above 12 (then the whole column
is day first). A time with an offset is taken as written; one without is local to the workspace's
zone; a date alone is taken at noon there. Years outside 1900-2200 are not dates.

A local time is read as :func:`to_utc` reads it: the earlier of a time that repeats when clocks go
back, and, for a time in the hour skipped when they go forward, the offset before the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC as _UTC
from datetime import datetime, timedelta

import polars as pl

from netbook.schema import UTC

EARLIEST = datetime(1970, 1, 1, tzinfo=_UTC)
"""No activity in an export is older than this (a 0001 or 1900 date is a broken field)."""
LEEWAY = timedelta(days=2)
"""Activity may be this far after the import day (time zones, a clock a little ahead)."""
WITHIN = "dated from 1970 up to the import day"
"""What a readable activity time also is (a well-written time in 2030 is a broken row too)."""
AHEAD = timedelta(days=2 * 365)
"""Planned activity (a calendar's meetings) may be this much further ahead; nothing stored is later."""


def latest_planned() -> datetime:
    """The last instant anything stored may have: :func:`latest` plus :data:`AHEAD`."""
    return latest() + AHEAD


def latest() -> datetime:
    """The last instant activity may have: the import day plus :data:`LEEWAY` (later is unreadable).

    One far-future row (a message dated 9999-12-31) must never date a whole export.
    """
    return datetime.now(_UTC) + LEEWAY


def plausible(value: pl.Expr) -> pl.Expr:
    """``value`` (a UTC datetime or a date), null outside :data:`EARLIEST`..:func:`latest`.

    Examples:
        >>> from datetime import date
        >>> frame = pl.DataFrame({"d": [date(2024, 5, 4), date(9999, 12, 31), date(1, 1, 1)]})
        >>> frame.select(plausible(pl.col("d")))["d"].to_list()
        [datetime.date(2024, 5, 4), None, None]
    """
    end = latest()
    return pl.when(value.is_between(EARLIEST.date(), end.date())).then(value)


def plausible_at(value: pl.Expr) -> pl.Expr:
    """:func:`plausible` for a UTC datetime."""
    return pl.when(value.is_between(pl.lit(EARLIEST).cast(UTC), pl.lit(latest()).cast(UTC))).then(
        value
    )


def to_utc(naive: pl.Expr, zone: str) -> pl.Expr:
    """The UTC instant of wall-clock time ``naive`` in ``zone``.

    A time that repeats when clocks go back is the earlier one. A time in the gap when they go
    forward (2:17 AM on the night clocks jump from 2 to 3) never showed on a clock, yet exports
    hold such times (a device's local time written while the clock changed): it is read with the
    offset before the gap, as Python's ``zoneinfo`` reads it (2:17 AM PST: 3:17 AM PDT).

    Examples:
        >>> from datetime import datetime
        >>> frame = pl.DataFrame({"t": [datetime(2026, 3, 8, 2, 17), datetime(2026, 3, 8, 1, 59)]})
        >>> [str(t) for t in frame.select(to_utc(pl.col("t"), "America/Los_Angeles"))["t"]]
        ['2026-03-08 10:17:00+00:00', '2026-03-08 09:59:00+00:00']
    """
    local = naive.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    if zone == "UTC":
        return local.cast(UTC)
    # An hour earlier is before the gap (gaps are an hour or less): that instant plus the hour.
    before = (naive - pl.duration(hours=1)).dt.replace_time_zone(
        zone, ambiguous="earliest", non_existent="null"
    ) + pl.duration(hours=1)
    return pl.coalesce(local, before).dt.convert_time_zone("UTC").cast(UTC)


def parse_datetime(column: str, formats: Sequence[str], time_zone: str = "UTC") -> pl.Expr:
    """Parse ``column`` with the first matching format, as wall-clock time in ``time_zone``, to UTC.

    Times before 1970 or after the import day (:func:`plausible_at`) are null: unreadable rows.

    Examples:
        >>> frame = pl.DataFrame({"d": ["3/18/26, 7:40 AM", "2024-05-04 17:32:10 UTC", "soon"]})
        >>> frame.select(parse_datetime("d", ["%m/%d/%y, %I:%M %p", "%Y-%m-%d %H:%M:%S UTC"]))["d"].to_list()[2] is None
        True
    """
    text = pl.col(column)
    parsed = pl.coalesce(
        [text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True) for fmt in formats]
    )
    return plausible_at(to_utc(parsed, time_zone)).alias(column)


def parse_date(column: str, formats: Sequence[str]) -> pl.Expr:
    """Parse ``column`` to a Date with the first matching format (datetime formats keep the day).

    Examples:
        >>> frame = pl.DataFrame({"d": ["06 Apr 2026", "4/11/18, 9:05 AM", "07.02.2022", "07-Feb-22"]})
        >>> formats = ["%d %b %Y", "%m/%d/%y, %I:%M %p", "%d.%m.%Y", "%d-%b-%y"]
        >>> [str(d) for d in frame.select(parse_date("d", formats))["d"]]
        ['2026-04-06', '2018-04-11', '2022-02-07', '2022-02-07']
    """
    text = pl.col(column)
    attempts = []
    for fmt in formats:
        if any(code in fmt for code in ("%H", "%I", "%M")):
            attempts.append(text.str.strptime(pl.Datetime("us"), fmt, strict=False).dt.date())
        else:
            attempts.append(text.str.strptime(pl.Date, fmt, strict=False, exact=True))
    return pl.coalesce(attempts).alias(column)


def parse_datetimes(values: pl.Series, formats: Sequence[str], time_zone: str = "UTC") -> pl.Series:
    """:func:`parse_datetime` for a large column: each format is tried only on rows still unparsed.

    The format of the first value goes first, so a file in one format is parsed in one pass.

    Examples:
        >>> s = pl.Series("d", ["2024-05-04 17:32:10 UTC", "3/18/26, 7:40 AM", None, "x"])
        >>> [str(v) for v in parse_datetimes(s, ["%m/%d/%y, %I:%M %p", "%Y-%m-%d %H:%M:%S UTC"])]
        ['2024-05-04 17:32:10+00:00', '2026-03-18 07:40:00+00:00', 'None', 'None']
    """
    sample = values.drop_nulls().head(1)
    ordered = sorted(
        formats,
        key=lambda f: sample.str.strptime(pl.Datetime("us"), f, strict=False).null_count() > 0,
    )
    parsed = values.str.strptime(pl.Datetime("us"), ordered[0], strict=False, exact=True)
    for fmt in ordered[1:]:
        missing = (parsed.is_null() & values.is_not_null()).arg_true()
        if missing.is_empty():
            break
        retry = values.gather(missing).str.strptime(
            pl.Datetime("us"), fmt, strict=False, exact=True
        )
        parsed = parsed.scatter(missing, retry)
    at = pl.col("at")
    zoned = parsed.to_frame("at").select(plausible_at(to_utc(at, time_zone)))
    return zoned.to_series().alias(values.name)


# The occurred_at column of a generic CSV (see the module's notes).
_DATES = (
    *("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%y", "%d.%m.%Y", "{md}/%y", "{md}/%Y"),
    *("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%y", "%d-%b-%Y"),
)
_SECONDS = (":%S%.f", ":%S", "")
_ZONED = tuple(f"%Y-%m-%d{t}%H:%M{s}%#z" for t in "T " for s in _SECONDS)
_LOCAL = tuple(f"%Y-%m-%d{t}%H:%M{s}" for t in "T " for s in _SECONDS) + tuple(
    f"{d}{t}{s}"
    for d in ("{md}/%y", "{md}/%Y", "%d.%m.%y", "%d.%m.%Y")
    for t in (" %H:%M", " %I:%M", ", %I:%M")
    for s in ((":%S", "") if "%H" in t else (":%S %p", " %p"))
    if "%I" not in t or "/" in d
)
# A two-digit year goes before a four-digit one: "%Y" would read "24" as the year 24.


def _day_first(values: pl.Series) -> bool:
    """True when some slashed date cannot be month first (and none needs month first)."""
    parts = values.str.extract_groups(r"^(\d{1,2})/(\d{1,2})/").struct.unnest()
    first, second = (parts[c].cast(pl.Int64, strict=False) for c in parts.columns)
    return bool((first > 12).any()) and not bool((second > 12).any())


def occurred(values: pl.Series, zone: str) -> tuple[pl.Expr, pl.Expr]:
    """The UTC instant of each ``occurred_at`` cell, and its key (the time as written)."""
    md = "%d/%m" if _day_first(values) else "%m/%d"
    text = pl.col("occurred_at")
    zoned = pl.coalesce(text.str.strptime(UTC, f, strict=False, exact=True) for f in _ZONED)
    local = pl.coalesce(
        *(
            text.str.strptime(pl.Datetime("us"), f.format(md=md), strict=False, exact=True)
            for f in _LOCAL
        ),
        parse_date("occurred_at", [f.format(md=md) for f in _DATES]).dt.combine(pl.time(12)),
    )
    sane = pl.coalesce(zoned.dt.year(), local.dt.year()).is_between(1900, 2200)
    instant = pl.coalesce(zoned, to_utc(local, zone))
    key = pl.coalesce(
        zoned.dt.strftime("%Y-%m-%dT%H:%M:%SZ"), local.dt.strftime("%Y-%m-%dT%H:%M:%S")
    )
    return pl.when(sane).then(instant), pl.when(sane).then(key)
