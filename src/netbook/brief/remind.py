"""Meeting reminders for ``netbook remind --ics``: each meeting ahead, linking to its HTML brief.

One all-day reminder per meeting (uid ``netbook-brief-<meeting_id>@netbook.local``) on the
meeting's local day, whose description is the ``file://`` URL of that day's brief
(:func:`netbook.brief.run.brief_path`) with the meeting's anchor; ``netbook brief --html`` writes
the file.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook.brief.meetings import MAX_DAYS, upcoming
from netbook.brief.render import anchor
from netbook.brief.run import brief_path
from netbook.workspace import Workspace


def brief_reminders(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """The meetings from ``as_of`` to ``days`` days later, each linking to its brief."""
    found = upcoming(workspace, as_of, min(days + 1, MAX_DAYS))
    rows = [
        {
            "uid": f"netbook-brief-{m['meeting_id']}@netbook.local",
            "on": m["day"],
            "summary": f"Brief: {m['title'] or 'meeting'} at {m['start_at']:%H:%M} UTC",
            "description": "Read the brief (write it with `netbook brief --html`): "
            + brief_path(workspace, m["day"]).resolve().as_uri()
            + "#"
            + anchor(m["meeting_id"]),
        }
        for m in found.iter_rows(named=True)
    ]
    schema = {"uid": pl.String, "on": pl.Date, "summary": pl.String, "description": pl.String}
    return pl.DataFrame(rows, schema=schema)
