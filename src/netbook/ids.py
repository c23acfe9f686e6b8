"""Stable identifiers: the same natural key gives the same id on every machine and version.

polars' own ``hash`` is documented as unstable across versions, so ids are the first 16 hex digits of an
MD5 computed by DuckDB (already netbook's store engine) over Arrow, without a Python row loop (a handful
of keys of text: by hashlib, the same digest). A key is its parts joined by U+001F, a missing part
counting as empty.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from functools import cache

import duckdb
import polars as pl

_SEPARATOR = "\x1f"
_BATCH_ROWS = 100_000
_PYTHON_ROWS = 2_000
"""Up to this many keys of text are hashed by Python's hashlib: the same ids, without loading
pyarrow and an in-memory DuckDB for a handful of keys (a review's calendar events, say)."""


def _md5_prefix(parts: pl.DataFrame, texts: Mapping[str, str] | None = None) -> pl.Series:
    """The ids of ``parts``' rows; ``texts``: parts the same in every row, by name, in its place."""
    if parts.is_empty():  # nothing to hash: no need to load pyarrow (a command's start-up)
        return pl.Series("id", [], pl.String)
    fixed = dict(texts or {}) if len(texts or {}) < parts.width else {}  # a column stays
    if parts.height <= _PYTHON_ROWS and all(t == pl.String for t in parts.schema.dtypes()):
        return pl.Series("id", _hashed(parts, fixed), pl.String)
    import pyarrow as pa

    joined = f" || '{_SEPARATOR}' || ".join(
        _quoted(fixed[name]) if name in fixed else f"coalesce(CAST(\"{name}\" AS VARCHAR), '')"
        for name in parts.columns
    )
    parts = parts.drop(*fixed)
    # Several record batches let DuckDB hash on every core.
    table = parts.to_arrow()
    table = pa.Table.from_batches(table.to_batches(_BATCH_ROWS), schema=table.schema)
    with _LOCK:
        connection = _hasher()
        connection.register("parts_frame", table)
        try:
            result: pl.DataFrame = connection.sql(
                f"SELECT substr(md5({joined}), 1, 16) AS id FROM parts_frame"
            ).pl()
        finally:
            connection.unregister("parts_frame")
    return result.get_column("id")


def _hashed(parts: pl.DataFrame, fixed: Mapping[str, str]) -> list[str]:
    """The ids of ``parts``' rows of text, by hashlib: the key DuckDB's query would hash."""
    columns = parts.columns
    keys = (
        _SEPARATOR.join(
            fixed.get(name, value or "") for name, value in zip(columns, row, strict=True)
        )
        for row in parts.iter_rows()
    )
    return [hashlib.md5(key.encode()).hexdigest()[:16] for key in keys]


_LOCK = threading.Lock()


@cache
def _hasher() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB for every hash of the process (an import asks for about ten)."""
    connection = duckdb.connect()
    # Timestamps become text in the connection's zone: UTC, so ids do not depend on the machine.
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def stable_ids(keys: pl.Series) -> pl.Series:
    """Hash each string of ``keys`` to a 16-character hex id (a missing key hashes as empty).

    Examples:
        The same as ``hashlib.md5(key.encode()).hexdigest()[:16]``:

        >>> stable_ids(pl.Series(["linkedin.com/in/ada"])).to_list()
        ['6eae4409d0d9e349']
    """
    return _md5_prefix(pl.DataFrame({"k": keys.cast(pl.String)})).alias(keys.name)


def stable_ids_of(frame: pl.DataFrame, parts: list[pl.Expr]) -> pl.Series:
    r"""The id of the key made of ``parts`` for every row of ``frame``, without building the key.

    Examples:
        >>> frame = pl.DataFrame({"a": ["linkedin.com/in/ada"], "n": [None]})
        >>> stable_ids_of(frame, [pl.col("a"), pl.col("n")]).to_list() == stable_ids(
        ...     pl.Series(["linkedin.com/in/ada\x1f"])).to_list()
        True
    """
    columns = frame.select(p.alias(f"p{i}") for i, p in enumerate(parts))
    # A text part the same in every row (``pl.lit("message")``) goes into the query as it is,
    # not as a column of a million copies.
    texts = {
        f"p{i}": pl.select(p).item()
        for i, p in enumerate(parts)
        if p.meta.is_literal() and columns.schema[f"p{i}"] == pl.String
    }
    return _md5_prefix(columns, {k: v for k, v in texts.items() if v is not None}).alias(
        "interaction_id"
    )


def _quoted(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def join_key(*parts: pl.Expr) -> pl.Expr:
    """Join key parts with a separator that never occurs in exports (nulls become empty)."""
    return pl.concat_str([p.cast(pl.String).fill_null("") for p in parts], separator=_SEPARATOR)
