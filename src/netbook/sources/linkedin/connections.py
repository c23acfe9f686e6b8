"""Connections.csv: every era (6 and 7 columns, the Notes preamble, Excel re-saves).

LinkedIn lists each member once. Two rows with the same name are two people unless they are the
same row twice (name, URL, day and company alike: noise, ``duplicate``); a row without a URL is
identified by its name and day (see :data:`~netbook.sources.linkedin.parts.CONTACT`).
"""

from __future__ import annotations

from datetime import time

import polars as pl

from netbook.ids import join_key
from netbook.keys import name_key, normalise_urls
from netbook.sources._base import split_failures
from netbook.sources.dates import parse_date, plausible
from netbook.sources.days import loose_days
from netbook.sources.linkedin.parts import Part, col, count_noise, part
from netbook.sources.tables import Table

CONNECTED_ON_FORMATS = (
    "%d %b %Y",
    "%m/%d/%y, %I:%M %p",
    "%d-%b-%y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d %B %Y",
)
CONNECTION_HOUR = time(12)
"""A connection has a date only; it is placed at noon UTC so it falls on that date in any zone."""


def _listed_key(frame: pl.DataFrame) -> pl.Series:
    """The identity of each row without a URL: its name key and day, then its company.

    Stable across re-imports (a row keeps its key whatever else the file holds, unless a namesake
    connected the same day); null for rows with a URL.
    """
    nk = name_key(pl.col("__name"))
    day = pl.lit("name:") + nk + pl.lit("|") + pl.col("__on").cast(pl.String).fill_null("")
    company = pl.col("company").fill_null("") if "company" in frame.columns else pl.lit("")
    key = pl.when(pl.len().over(day) > 1).then(day + pl.lit("|") + name_key(company)).otherwise(day)
    listed = pl.when(pl.col("__url").is_null() & nk.is_not_null()).then(key)
    return frame.select(listed.alias("__listed")).to_series()


def load(table: Table, file: str) -> Part:
    """People and connection events from Connections.csv."""
    frame = table.frame
    names = pl.concat_str(
        [col(frame, "first name").fill_null(""), col(frame, "last name").fill_null("")],
        separator=" ",
    ).str.strip_chars()
    frame = frame.with_columns(
        __name=names.replace("", None),
        __url=normalise_urls(frame["url"]) if "url" in frame.columns else pl.lit(None, pl.String),
        connected_on=col(frame, "connected on"),
    )
    hidden = pl.col("__name").is_null() & pl.col("__url").is_null()
    noise = count_noise(frame.select(pl.when(hidden).then(pl.lit("hidden member"))).to_series())
    frame = frame.filter(~hidden)
    # LinkedIn's own forms first; then a spreadsheet's or a locale's (15/11/2026, 15 nov. 2026).
    written = frame.get_column("connected_on")
    # A form that reads a two-digit year as four (15.11.26 as the year 26) is no reading at all.
    on = frame.select(plausible(parse_date("connected_on", CONNECTED_ON_FORMATS))).to_series()
    other = (on.is_null() & written.is_not_null()).arg_true()
    if not other.is_empty():
        loose = loose_days(written.gather(other)).to_frame("d").select(plausible(pl.col("d")))
        on = on.scatter(other, loose.to_series())
    parsed = frame.with_columns(pl.lit(on).alias("__on"))
    bad = pl.col("connected_on").is_not_null() & pl.col("__on").is_null()
    good, failures = split_failures(
        parsed,
        file,
        [("connected_on", bad, "expected a day like '06 Apr 2026', '15/11/2026' or '2026-11-15'")],
    )
    same_row = pl.struct("__url", "__name", "__on", col(good, "company"))
    duplicate = good.select(~same_row.is_first_distinct()).to_series()
    if duplicate.any():
        noise["duplicate"] = int(duplicate.sum())
    good = good.filter(~duplicate).with_columns(__listed=_listed_key(good.filter(~duplicate)))
    contacts = good.select(
        url=pl.col("__url"),
        name=pl.col("__name"),
        first_name=col(good, "first name"),
        last_name=col(good, "last name"),
        company=col(good, "company"),
        position=col(good, "position"),
        email=col(good, "email address").str.to_lowercase(),
        connected_on=pl.col("__on"),
        priority=pl.lit(0, dtype=pl.Int8),
        listed=pl.col("__listed"),
    )
    urlless = pl.col("__url").is_null()
    namesake = urlless & (urlless.sum().over(name_key(pl.col("__name"))) > 1)
    good = good.with_columns(
        __event_name=pl.when(namesake).then(pl.col("__listed")).otherwise(pl.col("__name"))
    )
    noon = pl.col("__on").cast(pl.Datetime("us")) + pl.duration(hours=CONNECTION_HOUR.hour)
    events = good.filter(pl.col("__on").is_not_null()).select(
        occurred_at=noon.dt.replace_time_zone("UTC"),
        channel=pl.lit("connection"),
        direction=pl.lit(None, dtype=pl.String),
        initiated=pl.lit(False),
        value=pl.lit("none"),
        thread_id=pl.lit(None, dtype=pl.String),
        is_group=pl.lit(False),
        content_length=pl.lit(None, dtype=pl.Int32),
        is_html=pl.lit(None, dtype=pl.Boolean),
        url=pl.col("__url"),
        name=pl.col("__name"),
        listed=pl.col("__listed"),
        key=join_key(pl.lit("connection"), pl.coalesce("__url", "__event_name")),
    )
    return part(events, contacts, failures, noise, table.frame.height)
