"""The plans made, week by week: what an item "carried" into this week's plan was shown in.

An item of this week's plan says how long it has been carried (``2nd week`` ... ``4th week``) by
the plans of earlier weeks. Each week's plan is recorded here when it is made, in
``plans.json`` in the workspace's folder: the actions chosen on its Sunday, before dropping what
was done since (that is read again from the store each time, so a touch imported later still
counts as done in its week).

- The plan of the week asked for replaces its week's record: the latest plan made for a week is
  the one its items were shown in (an import during the week may change it).
- An earlier week with no record (no plan was made for it: the first plan after the first
  import, or a week without one) is computed from the store as it is, and recorded.

So a weekly user's first plan after an import computes one Sunday, not four, and an item counts
as carried because it was in the plan of that week as it was made then, not as the store would
make it today. Deleting the file is safe: the next plan computes the earlier weeks again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Final

import polars as pl

from netbook.plan_cache import columns_of, frame_of
from netbook.private import private_files
from netbook.workspace import Workspace

FILE: Final = Path("plans.json")
"""Where the plans are recorded, in the workspace's folder."""
VERSION: Final = "1"
"""Bumped when what is recorded changes shape."""
Weeks = dict[str, pl.DataFrame]
"""A Sunday (ISO) -> the actions chosen for its week."""


def load(workspace: Workspace, schema: pl.Schema) -> Weeks:
    """The recorded weeks (none when the file is missing, unreadable or of another shape).

    ``schema``: the columns of a week's actions; a week recorded in another shape is not read.
    """
    try:
        recorded = json.loads((workspace.root / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("version") != VERSION:
        return {}
    weeks = recorded.get("weeks")
    if not isinstance(weeks, dict):
        return {}
    return {
        day: frame
        for day, columns in weeks.items()
        if isinstance(day, str) and (frame := frame_of(columns, schema)) is not None
    }


def save(workspace: Workspace, weeks: Weeks) -> None:
    """Record ``weeks`` (all of them, replacing the file); a failed write records nothing."""
    if not weeks or not workspace.root.is_dir():
        return
    path = workspace.root / FILE
    text = json.dumps(
        {"version": VERSION, "weeks": {day: columns_of(frame) for day, frame in weeks.items()}},
        sort_keys=True,
    )
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with private_files():
            partial.write_text(text, "utf-8")
        partial.replace(path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        partial.unlink(missing_ok=True)
