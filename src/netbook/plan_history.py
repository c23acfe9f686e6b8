"""The plans shown, week by week: what an item "carried" into this week's plan was shown in.

An item of this week's plan says how long it has been carried (``2nd week`` ... ``4th week``):
for how many weeks in a row, back from last week, a plan you were shown held it. Each week's plan
is recorded here when it is made (``netbook plan``, a review, the notebook's widgets), in
``plans.json`` in the workspace's folder: the actions chosen on its Sunday, before dropping what
was done since (that is read again from the store each time, so a touch imported later still
counts as done in its week).

- A plan made during its own week (today is its Sunday or one of the six days after) replaces
  that week's record: the latest plan of a week is the one you saw (an import, a logged touch or
  a setting may change it).
- A plan of another week (``--as-of`` a day before this week, a back-dated review) is recorded
  only if that week has none: looking back never rewrites what a week showed.
- A week with no record (no plan was made for it) was shown nothing: it carries nothing, and
  ends every streak. So a workspace's first plan carries nothing.

Records are written under a lock on the workspace's folder, so two plans made at once keep both.
Deleting the file forgets what was shown: the next plans carry nothing until weeks are recorded
again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Final

import polars as pl

from netbook.plan_cache import read_weeks, write_weeks
from netbook.workspace import Workspace

FILE: Final = Path("plans.json")
"""Where the plans are recorded, in the workspace's folder."""
VERSION: Final = "1"
"""Bumped when what is recorded changes shape."""
Weeks = dict[str, pl.DataFrame]
"""A Sunday (ISO) -> the actions chosen for its week."""


def load(workspace: Workspace, schema: pl.Schema, weeks: Collection[str] | None = None) -> Weeks:
    """The recorded weeks (none when the file is missing, unreadable or of another shape).

    ``schema``: the columns of a week's actions; a week recorded in another shape is not read.
    ``weeks``: only these Sundays (a plan reads its own and the three before; after years of
    weekly plans the file holds hundreds, and reading them all cost 65 ms a plan at 260 weeks).
    """
    return read_weeks(workspace.root / FILE, schema, "weeks", only=weeks, version=VERSION)


def record(
    workspace: Workspace, sunday: str, chosen: pl.DataFrame, *, replace: bool, known: Weeks
) -> None:
    """Record ``chosen`` as the plan of the week of ``sunday`` (see the module's rules).

    ``replace``: the plan was made during its own week. ``known``: what :func:`load` found before,
    ``sunday`` among the weeks read (nothing is written when it holds the week already as it would
    be recorded). The whole file is read again under the lock, so a plan recorded meanwhile by
    another run is kept; a failed write records nothing.
    """
    if sunday in known and (not replace or known[sunday].equals(chosen)):
        return
    with contextlib.suppress(OSError), _locked(workspace.root):
        weeks = load(workspace, chosen.schema)
        if sunday in weeks and (not replace or weeks[sunday].equals(chosen)):
            return
        weeks[sunday] = chosen
        write_weeks(workspace.root / FILE, "weeks", weeks, version=VERSION)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (no lock where the system has none)."""
    try:
        import fcntl
    except ImportError:  # Windows: plans made at the same moment may lose one record
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock
