"""Profile.csv (the owner, with birthday) and Positions.csv (the owner's career)."""

from __future__ import annotations

import polars as pl

from netbook import schema
from netbook.sources.dates import parse_date
from netbook.sources.linkedin.owner import Owner
from netbook.sources.linkedin.parts import col
from netbook.sources.tables import Table


def birthday(text: pl.Expr) -> pl.Expr:
    """``Mar 6, 1990`` gives ``1990-03-06``; ``Mar 6`` (no year, 2022+) gives ``--03-06``.

    Examples:
        >>> pl.DataFrame({"b": ["Mar 06, 1990", "Mar 6", "Feb 29", None]}).select(birthday(pl.col("b")))["b"].to_list()
        ['1990-03-06', '--03-06', '--02-29', None]
    """
    with_year = text.str.strptime(pl.Date, "%b %d, %Y", strict=False).dt.strftime("%Y-%m-%d")
    # A leap year lets 'Feb 29' parse when the year is unknown.
    no_year = (
        (pl.lit("2000 ") + text)
        .str.strptime(pl.Date, "%Y %b %d", strict=False)
        .dt.strftime("--%m-%d")
    )
    return pl.coalesce(with_year, no_year)


def owner_frame(profile: Table | None, owner: Owner | None) -> pl.DataFrame:
    """The owner's row for the store."""
    if owner is None:
        return schema.empty(schema.OWNER)
    frame = profile.frame.head(1) if profile is not None else pl.DataFrame({"__line": [0]})
    row = frame.select(
        full_name=pl.lit(owner.name, pl.String),
        profile_url=pl.lit(f"https://www.{owner.url}" if owner.url else None, pl.String),
        birthday=birthday(col(frame, "birth date")),
        headline=col(frame, "headline"),
        identified_by=pl.lit(owner.identified_by),
    )
    return schema.conform(row, schema.OWNER).collect()


def positions(table: Table) -> pl.DataFrame:
    """The owner's positions, newest first as LinkedIn writes them."""
    frame = table.frame.with_columns(
        parse_date("started on", ["%b %Y", "%Y"])
        if "started on" in table.frame.columns
        else pl.lit(None, pl.Date).alias("started on"),
        parse_date("finished on", ["%b %Y", "%Y"])
        if "finished on" in table.frame.columns
        else pl.lit(None, pl.Date).alias("finished on"),
    )
    result = frame.select(
        company=col(frame, "company name"),
        title=col(frame, "title"),
        location=col(frame, "location"),
        started_on=pl.col("started on"),
        finished_on=pl.col("finished on"),
    )
    return schema.conform(result, schema.POSITIONS).collect()
