"""Reading the ``occurred_at`` column of a generic CSV: dates and times in any common spelling.

Slashed dates are month first unless some row's first number is above 12 (then the whole column
is day first). A time with an offset is taken as written; one without is local to the workspace's
zone; a date alone is taken at noon there. Years outside 1900-2200 are not dates.
"""

from __future__ import annotations

import polars as pl

from netbook import schema
from netbook.sources.dates import parse_date

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
    zoned = pl.coalesce(text.str.strptime(schema.UTC, f, strict=False, exact=True) for f in _ZONED)
    local = pl.coalesce(
        *(
            text.str.strptime(pl.Datetime("us"), f.format(md=md), strict=False, exact=True)
            for f in _LOCAL
        ),
        parse_date("occurred_at", [f.format(md=md) for f in _DATES]).dt.combine(pl.time(12)),
    )
    sane = pl.coalesce(zoned.dt.year(), local.dt.year()).is_between(1900, 2200)
    instant = local.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    instant = pl.coalesce(zoned, instant.dt.convert_time_zone("UTC"))
    key = pl.coalesce(
        zoned.dt.strftime("%Y-%m-%dT%H:%M:%SZ"), local.dt.strftime("%Y-%m-%dT%H:%M:%S")
    )
    return pl.when(sane).then(instant), pl.when(sane).then(key)
