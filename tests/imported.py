"""A workspace as if its imports had finished on another day (what a plan carries depends on it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from netbook import aggregates
from netbook.workspace import Workspace


def imported_on(workspace: Workspace, day: date) -> Workspace:
    """``workspace`` with every import finished on ``day`` (its aggregates kept anew)."""
    with workspace.transaction() as connection:
        connection.execute(
            "UPDATE imports SET finished_at = ?", [datetime.combine(day, time(9), UTC)]
        )
    aggregates.refresh(workspace)
    return workspace
