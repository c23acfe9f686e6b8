"""Stable ids: the same digest whichever way a key is hashed (hashlib for a few, DuckDB for many)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import polars as pl
import pytest

from netbook import ids

KEYS = ["linkedin.com/in/ada", "", None, "Zoë Ünal", "名前", "a\x1fb", "it's", "x" * 300]


def _expected(key: str | None) -> str:
    return hashlib.md5((key or "").encode()).hexdigest()[:16]


@pytest.mark.parametrize("copies", [1, ids._PYTHON_ROWS // len(KEYS) + 1])
def test_a_key_of_text_hashes_to_its_md5_prefix_few_or_many(copies: int) -> None:
    keys = pl.Series("k", KEYS * copies, pl.String)
    assert (keys.len() <= ids._PYTHON_ROWS) == (copies == 1)  # one hashlib run, one DuckDB run
    assert ids.stable_ids(keys).to_list() == [_expected(k) for k in KEYS] * copies


@pytest.mark.parametrize("copies", [1, ids._PYTHON_ROWS + 1])
def test_keys_of_several_parts_with_a_fixed_text_hash_alike_few_or_many(copies: int) -> None:
    frame = pl.DataFrame({"a": ["t1", None, "t3"] * copies, "b": ["x", "y", None] * copies})
    found = ids.stable_ids_of(frame, [pl.lit("message"), pl.col("a"), pl.col("b")]).to_list()
    want = [_expected(f"message\x1f{a or ''}\x1f{b or ''}") for a, b in frame.iter_rows()]
    assert found == want


def test_a_part_that_is_not_text_is_hashed_as_duckdb_writes_it() -> None:
    # Only text is hashed in Python: a time goes through DuckDB's own cast (UTC), as it always did.
    frame = pl.DataFrame({"at": [datetime(2024, 5, 4, 17, 32, 10, tzinfo=UTC)]})
    found = ids.stable_ids_of(frame, [pl.lit("message"), pl.col("at")]).to_list()
    assert found == [_expected("message\x1f2024-05-04 17:32:10+00")]
