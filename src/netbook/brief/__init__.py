"""Meeting and person briefs: everything netbook knows about someone before you meet them.

:func:`meeting_briefs` covers each meeting stored from a calendar in the days ahead;
:func:`brief_person` one person. Both are plain dicts of strings, numbers and lists (the
command line prints them, writes JSON or Markdown, and the brief notebook renders them to HTML).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netbook.brief.context import Context, read_context
from netbook.brief.facts import person_brief
from netbook.brief.meetings import meeting_brief, upcoming
from netbook.userdata import find_person
from netbook.workspace import Workspace

__all__ = ["Context", "brief_person", "meeting_briefs", "read_context"]


def meeting_briefs(
    workspace: Workspace, as_of: date, days: int = 7, ctx: Context | None = None
) -> dict[str, Any]:
    """Every meeting from ``as_of`` to ``days - 1`` days later, each attendee briefed."""
    found = upcoming(workspace, as_of, days)
    briefs = []
    if not found.is_empty():
        among = sorted({p for people in found["attendees"] for p in people})
        ctx = ctx or read_context(workspace, as_of, among)
        briefs = [meeting_brief(ctx, m) for m in found.iter_rows(named=True)]
    return {"as_of": as_of.isoformat(), "days": days, "meetings": briefs}


def brief_person(workspace: Workspace, query: str, as_of: date) -> dict[str, Any]:
    """The brief of the one person ``query`` names (a name, e-mail, LinkedIn URL or id)."""
    person = find_person(workspace, query)
    ctx = read_context(workspace, as_of, [person.person_id])
    return {"as_of": as_of.isoformat(), "person": person_brief(ctx, person.person_id)}
