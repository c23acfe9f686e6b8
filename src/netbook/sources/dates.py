"""Parsing the dozen date and time forms found in exports (English month names, fixed formats)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from netbook.schema import UTC


def parse_datetime(column: str, formats: Sequence[str], time_zone: str = "UTC") -> pl.Expr:
    """Parse ``column`` with the first matching format, as wall-clock time in ``time_zone``, to UTC.

    Examples:
        >>> frame = pl.DataFrame({"d": ["3/18/26, 7:40 AM", "2024-05-04 17:32:10 UTC", "soon"]})
        >>> frame.select(parse_datetime("d", ["%m/%d/%y, %I:%M %p", "%Y-%m-%d %H:%M:%S UTC"]))["d"].to_list()[2] is None
        True
    """
    text = pl.col(column)
    parsed = pl.coalesce(
        [text.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True) for fmt in formats]
    )
    return (
        parsed.dt.replace_time_zone(time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .cast(UTC)
        .alias(column)
    )


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
