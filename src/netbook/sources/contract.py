"""The check between a source and the store: every result obeys :data:`netbook.schema.CONTRACT`.

A source's bug (two interactions with one id, an interaction with a person it does not describe, a
column missing or of the wrong type) is reported as one line naming the source and the rule, before
anything is written, never as wrong rows or a DuckDB error.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from netbook import schema
from netbook.errors import ContractError
from netbook.sources._base import Loaded, all_distinct
from netbook.sources.dates import EARLIEST, latest_planned


def _frames(loaded: Loaded) -> dict[str, pl.DataFrame]:
    return {
        "people": loaded.people.collect(),
        "identities": loaded.identities.collect(),
        "interactions": loaded.interactions.collect(),
        "observations": loaded.observations.collect(),
        "files": loaded.files,
    }


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _check_table(name: str, frame: pl.DataFrame, rules: schema.Rules) -> str | None:
    """The first rule ``frame`` breaks, in words, or None."""
    for column, dtype in rules.columns.items():
        if column not in frame.columns:
            return f"{name} has no column {column!r}"
        if frame.schema[column] != dtype:
            return f"{name}.{column} is {frame.schema[column]}, not {dtype}"
    extra = [column for column in frame.columns if column not in rules.columns]
    if extra:  # the store keeps exactly these columns (and never a message's text)
        return f"{name} has a column the store does not keep: {extra[0]!r}"
    for column in rules.required:
        nulls = frame[column].null_count()
        if nulls:
            return f"{name}.{column} is required and is null in {nulls} row(s)"
    if rules.key and frame.height and not all_distinct(frame, rules.key):
        repeated = frame.select(rules.key).is_duplicated()
        if repeated.any():
            first = frame.filter(repeated).row(0, named=True)
            key = ", ".join(rules.key)
            shown = ", ".join(_shown(first[c]) for c in rules.key)
            return (
                f"{name}.{key} is a primary key and {int(repeated.sum())} rows share one "
                f"(first: {shown})"
            )
    return None


def checked(loaded: Loaded, source: str | None = None) -> Loaded:
    """``loaded`` with its frames collected once, after checking them against the contract.

    Args:
        loaded: what a source returned.
        source: the source's name as the user knows it (default: ``loaded.source``).

    Raises:
        ContractError: naming the source and the first rule broken.
    """
    frames = _frames(loaded)
    for name, rules in schema.CONTRACT.items():
        broken = _check_table(name, frames[name], rules)
        if broken is not None:
            raise ContractError(source or loaded.source, broken)
    when = frames["interactions"]["occurred_at"]
    late = latest_planned()
    outside = when.filter(~when.is_between(EARLIEST, late))
    if not outside.is_empty():
        raise ContractError(
            source or loaded.source,
            f"interactions.occurred_at must be between {EARLIEST.date()} and {late.date()} "
            f"(planned meetings at most two years ahead), and {outside.len()} row(s) are not "
            f"(first: {outside[0].isoformat(sep=' ')})",
        )
    for table, column, target, key in schema.LINKS:
        values = frames[table][column]
        missing = values.filter(~values.is_in(frames[target][key].implode()))
        if not missing.is_empty():
            raise ContractError(
                source or loaded.source,
                f"every {table}.{column} must be a {target}.{key} of the same result, and "
                f"{missing.len()} row(s) are not (first: {_shown(missing[0])})",
            )
    return replace(
        loaded,
        people=frames["people"].lazy(),
        identities=frames["identities"].lazy(),
        interactions=frames["interactions"].lazy(),
        observations=frames["observations"].lazy(),
    )
