"""The week's actions chosen on its Sunday, kept between runs so that a plan asked again makes none.

The actions chosen for a week (on its Sunday; see :mod:`netbook.plan`) depend only on that
Sunday, the store, the settings and netbook's code, never on the day the plan is asked for (only
dropping what was done since reads that day). They are kept in ``cache/plan-weeks.json`` under a
*key* that digests all of them:

- every stored table, row by row (:meth:`~netbook.workspace.Workspace.digest`: the imports
  stand for the interactions);
- the settings as validated (with fitted strength weights), and the plan's size;
- the source of netbook's data layer and the polars and DuckDB versions.

Anything else (a logged touch, a merge, a promise, an edit of ``netbook.toml``, an import, a new
version) gives another key, and the week's actions are chosen again. A key that does not match
is never read; a cache that cannot be written is only not kept. (The earlier weeks a plan
compares with are the plans shown, as recorded: :mod:`netbook.plan_history`.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Collection
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

import duckdb
import polars as pl

from netbook.private import private_files, private_folder
from netbook.settings import Settings
from netbook.workspace import Workspace

FILE: Final = Path("cache") / "plan-weeks.json"
"""Where the weeks' actions are kept, in the workspace's folder."""
VERSION: Final = "3"
"""Bumped when what is kept changes shape."""
CODE: Final = ("cli", "review", "sample", "sources", "widgets", "notebooks", "brief")
"""Folders of the package a plan does not run (their code is not part of the key)."""
Chosen = dict[str, pl.DataFrame]
"""A Sunday (ISO) -> the actions chosen for its week, before dropping what was done since."""


def key(workspace: Workspace, settings: Settings, per_week: int) -> str | None:
    """The digest the weeks' actions of this workspace are kept under (None: not to be kept).

    Reads through the :meth:`~netbook.workspace.Workspace.reading` or ``snapshot`` block it
    runs in (see :meth:`~netbook.workspace.Workspace.digest`).
    """
    rows = workspace.digest()
    if rows is None:
        return None
    parts = (
        VERSION,
        rows,
        settings.model_dump_json(),
        per_week,
        _code(),
        duckdb.__version__,
        pl.__version__,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@cache
def _code() -> str:
    """A digest of the source of every module a plan may run."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in CODE:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(workspace: Workspace, digest: str | None, schema: pl.Schema) -> Chosen:
    """What is kept under ``digest`` (nothing when another key, or nothing, is kept).

    ``schema``: the columns of a week's chosen actions; a week kept in another shape is not read.
    """
    return {} if digest is None else read_weeks(workspace.root / FILE, schema, "chosen", key=digest)


def save(workspace: Workspace, digest: str | None, chosen: Chosen) -> None:
    """Keep ``chosen`` under ``digest`` (replacing what was kept); a failed write keeps nothing."""
    if digest is None or not chosen:
        return
    with contextlib.suppress(OSError):  # e.g. a file named cache where the folder goes
        write_weeks(workspace.root / FILE, "chosen", chosen, key=digest)


def read_weeks(
    path: Path, schema: pl.Schema, field: str, *, only: Collection[str] | None = None, **header: str
) -> dict[str, pl.DataFrame]:
    """The weeks' frames under ``field`` of the JSON file ``path`` written by :func:`write_weeks`.

    Nothing when the file is missing, unreadable, of another shape, or its ``header`` values
    differ; a week not in ``schema`` is left out, and so is a week not in ``only`` when it is
    given (a frame is made only for the weeks asked for: a file may hold hundreds).
    """
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: a file nested too deep
        return {}
    if not isinstance(found, dict) or any(found.get(k) != v for k, v in header.items()):
        return {}
    weeks = found.get(field)
    if not isinstance(weeks, dict):
        return {}
    return {
        day: frame
        for day, columns in weeks.items()
        if isinstance(day, str)
        and (only is None or day in only)
        and (frame := frame_of(columns, schema)) is not None
    }


def write_weeks(path: Path, field: str, weeks: dict[str, pl.DataFrame], **header: str) -> None:
    """Write ``weeks`` under ``field`` (beside ``header``) to ``path`` at once, owner-only.

    A concurrent reader sees the old file or the new one; a failed write (``OSError``) leaves
    the old one.
    """
    text = json.dumps(
        {**header, field: {day: columns_of(frame) for day, frame in weeks.items()}},
        sort_keys=True,
    )
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        private_folder(path.parent)
        with private_files():
            partial.write_text(text, "utf-8")
        partial.replace(path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def columns_of(frame: pl.DataFrame) -> dict[str, list[object]]:
    """``frame`` as lists by column, days as ISO text (JSON keeps floats exactly)."""
    days = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
    return frame.with_columns(pl.col(days).dt.to_string()).to_dict(as_series=False)


def frame_of(columns: object, schema: pl.Schema) -> pl.DataFrame | None:
    """The frame :func:`columns_of` made, in ``schema`` (None: not such a frame)."""
    if not isinstance(columns, dict) or sorted(columns) != sorted(schema.names()):
        return None
    text = pl.Schema({n: pl.String if t == pl.Date else t for n, t in schema.items()})
    try:
        frame = pl.DataFrame({n: columns[n] for n in schema.names()}, schema=text, strict=True)
        return frame.with_columns(
            pl.col(n).str.to_date("%Y-%m-%d") for n, t in schema.items() if t == pl.Date
        )
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        return None


def sunday(day: date) -> str:
    """The key of a week in :data:`Chosen` (and in :mod:`netbook.plan_history`)."""
    return day.isoformat()
