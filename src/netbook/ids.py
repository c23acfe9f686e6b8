"""Stable identifiers: the same natural key gives the same id on every machine and version.

polars' own ``hash`` is documented as unstable across versions, so ids are the first 16 hex digits of an
MD5 computed by DuckDB (already netbook's store engine) over Arrow, without a Python row loop.
"""

from __future__ import annotations

import duckdb
import polars as pl

_SEPARATOR = "\x1f"


def stable_ids(keys: pl.Series) -> pl.Series:
    """Hash each string of ``keys`` to a 16-character hex id; nulls stay null.

    Examples:
        The same as ``hashlib.md5(key.encode()).hexdigest()[:16]``:

        >>> stable_ids(pl.Series(["linkedin.com/in/ada"])).to_list()
        ['6eae4409d0d9e349']
    """
    frame = pl.DataFrame({"k": keys.cast(pl.String)})
    connection = duckdb.connect()
    try:
        connection.register("keys_frame", frame.to_arrow())
        result: pl.DataFrame = connection.sql(
            "SELECT substr(md5(k), 1, 16) AS id FROM keys_frame"
        ).pl()
    finally:
        connection.close()
    return result.get_column("id").alias(keys.name)


def join_key(*parts: pl.Expr) -> pl.Expr:
    """Join key parts with a separator that never occurs in exports (nulls become empty)."""
    return pl.concat_str([p.cast(pl.String).fill_null("") for p in parts], separator=_SEPARATOR)
