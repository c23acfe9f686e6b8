"""Phone numbers of contact records: normalised to E.164, or kept as written and noted once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from netbook.keys import normalise_phone

NO_LIST = pl.lit([], dtype=pl.List(pl.String))


def _phone(raw: str, region: str | None) -> str | None:
    return normalise_phone(raw.removeprefix("tel:"), region)


NO_COUNTRY = (
    "phone number(s) kept as written: no country code (set phone_region in netbook.toml, e.g. "
    '"US", to read them)'
)
NOT_A_NUMBER = "phone number(s) kept as written: not a possible number for their country code"


def exploded(
    frame: pl.DataFrame,
    column: str,
    normalise: Callable[[str, str | None], str | None],
    keep: Sequence[str] = (),
) -> pl.DataFrame:
    """One row per non-blank value of the list ``column`` (``raw``), with its normalised ``value``.

    ``normalise(raw, region)`` runs once per distinct pair, not once per row. Columns ``__row``,
    ``keep`` and ``region`` come along.
    """
    long = (
        frame.select("__row", *keep, "region", pl.col(column).alias("raw"))
        .explode("raw")
        .with_columns(pl.col("raw").str.strip_chars())
        .filter(pl.col("raw").str.len_chars() > 0)
    )
    pairs = long.select("raw", "region").unique(maintain_order=True)
    values = [normalise(raw, region) for raw, region in pairs.iter_rows()]
    pairs = pairs.with_columns(value=pl.Series(values, dtype=pl.String))
    return long.join(
        pairs, on=["raw", "region"], how="left", nulls_equal=True, maintain_order="left"
    )


def phones(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Normalise ``phones``; the unreadable ones go, as written, to ``phones_written``.

    Returns:
        The frame and the notes (:data:`~netbook.schema.NOTES`): one per file and kind of problem.
    """
    long = exploded(frame, "phones", _phone)
    readable = pl.col("value").is_not_null()
    lists = long.group_by("__row", maintain_order=True).agg(
        pl.col("value").filter(readable).unique(maintain_order=True).alias("phones"),
        pl.col("raw").filter(~readable).unique(maintain_order=True).alias("phones_written"),
    )
    frame = frame.drop("phones").join(lists, on="__row", how="left", maintain_order="left")
    bad = long.filter(~readable)
    has_country = pl.col("raw").str.replace(r"^tel:", "").str.starts_with("+")
    notes = (
        bad.group_by(
            note=pl.when(has_country).then(pl.lit(NOT_A_NUMBER)).otherwise(pl.lit(NO_COUNTRY))
        )
        .agg(pl.len().cast(pl.Int64).alias("rows"))
        .select(file=pl.lit(file), note="note", rows="rows")
        .sort("note")
    )
    return frame.with_columns(pl.col("phones", "phones_written").fill_null(NO_LIST)), notes
