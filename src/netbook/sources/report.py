"""The rows a source reports per file: the ``files`` row and the ``noise`` rows of each file read.

Hand them to :meth:`netbook.sources.Loaded.of`, which makes the frames.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime

import polars as pl


def file_row(
    file: str,
    kind: str | None,
    *,
    rows: int,
    noise: int = 0,
    failed: int = 0,
    raw: bytes | None = None,
    sha256: str | None = None,
    encoding: str | None = None,
    status: str | None = None,
    times: pl.Series | None = None,
    first_at: datetime | None = None,
    last_at: datetime | None = None,
    reason: str | None = None,
) -> dict[str, object]:
    """One :data:`~netbook.schema.FILES` row: ``kept = rows - noise - failed``.

    Args:
        file: the file's name as the user knows it.
        kind: what it held (``csv``, ``calendar``...).
        rows: rows (records, messages, events) the file holds.
        noise: rows left out on purpose.
        failed: rows that could not be read.
        raw: the file's bytes, hashed into ``sha256``.
        sha256: the file's hash, when ``raw`` is not at hand.
        encoding: the text encoding it was read in.
        status: by default ``read``, or ``empty`` when no row was read.
        times: the times of its interactions (their first and last fill ``first_at`` and
            ``last_at``).
        first_at: the first interaction's time, when ``times`` is not given.
        last_at: the last interaction's time, when ``times`` is not given.
        reason: why a file was skipped.

    Examples:
        >>> row = file_row("a.csv", "csv", rows=3, noise=1, raw=b"")
        >>> row["status"], row["kept"], row["sha256"][:8]
        ('read', 2, 'e3b0c442')
    """
    if times is not None:
        first_at, last_at = times.min(), times.max()  # type: ignore[assignment]
    return {
        "file": file,
        "kind": kind,
        "status": status or ("read" if rows else "empty"),
        "encoding": encoding,
        "sha256": hashlib.sha256(raw).hexdigest() if raw is not None else sha256,
        "rows": rows,
        "kept": rows - noise - failed,
        "noise": noise,
        "failed": failed,
        "first_at": first_at,
        "last_at": last_at,
        "reason": reason,
    }


def noise_rows(file: str, counts: Mapping[str, int]) -> list[dict[str, object]]:
    """:data:`~netbook.schema.NOISE` rows of one file, by reason (sorted; zero counts left out).

    Examples:
        >>> noise_rows("a.csv", {"the owner": 1, "duplicate": 2, "spam": 0})
        [{'file': 'a.csv', 'reason': 'duplicate', 'rows': 2}, {'file': 'a.csv', 'reason': 'the owner', 'rows': 1}]
    """
    return [{"file": file, "reason": r, "rows": n} for r, n in sorted(counts.items()) if n]
