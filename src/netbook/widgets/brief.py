"""The explorer's "brief" tab (a meeting or a person) and its "who do I know at" box.

Both show what :mod:`netbook.brief` computes, as escaped HTML: a name such as ``<script>`` is
text. The brief's facts are read once per as-of day (the first time a brief is shown).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from netbook.brief import Context, read_context
from netbook.brief.facts import person_brief
from netbook.brief.meetings import meeting_brief, upcoming
from netbook.brief.render import html_block
from netbook.brief.who import who
from netbook.widgets._deps import ipw
from netbook.widgets.actions import reporting
from netbook.widgets.render import ok_html, scrolling, table_html
from netbook.workspace import Workspace

DAYS = 7
"""Days of meetings the brief tab offers."""
WHO_COLUMNS = ("full_name", "match", "strength", "layer", "path")


class BriefPanel(ipw.VBox):  # type: ignore[misc]
    """Pick a meeting of the next :data:`DAYS` days (or show a person) and read their brief.

    Attributes:
        meetings: the meeting picker (``(label, meeting_id)`` options).
        output: the brief shown.
        status: errors, if any.
    """

    def __init__(self, workspace: Workspace, as_of: date) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self._context: Context | None = None
        self._found = upcoming(workspace, as_of, DAYS)
        zone = ZoneInfo(workspace.settings().time.zone)
        options = [
            (
                f"{m['start_at'].astimezone(zone):%a %d %b %H:%M} · {m['title'] or '(no title)'}",
                m["meeting_id"],
            )
            for m in self._found.iter_rows(named=True)
        ]
        self.meetings = ipw.Dropdown(
            description="Meeting", options=[("(pick a meeting)", None), *options]
        )
        self.output = ipw.HTML()
        self.status = ipw.HTML()
        self.meetings.observe(self._picked, names="value")
        super().__init__([self.meetings, self.output, self.status])
        self.add_class("netbook-brief-panel")

    @property
    def context(self) -> Context:
        """The facts briefs draw from (read on first use)."""
        if self._context is None:
            self._context = read_context(self.workspace, self.as_of)
        return self._context

    def _picked(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.show_meeting(change["new"])

    def show_meeting(self, meeting_id: str) -> None:
        """Show the brief of the meeting ``meeting_id`` (one of :attr:`meetings`)."""
        with reporting(self.status):
            row = self._found.filter(pl.col("meeting_id") == meeting_id).row(0, named=True)
            found = {
                "as_of": self.as_of.isoformat(),
                "days": DAYS,
                "meetings": [meeting_brief(self.context, row)],
            }
            self.output.value = scrolling(html_block(found), height="600px")

    def show_person(self, person_id: str) -> None:
        """Show one person's brief."""
        with reporting(self.status):
            found = {
                "as_of": self.as_of.isoformat(),
                "person": person_brief(self.context, person_id),
            }
            self.output.value = scrolling(html_block(found), height="600px")


class WhoBox(ipw.VBox):  # type: ignore[misc]
    """Type a company, title or tag: who you know there, strongest first, with a path."""

    def __init__(self, workspace: Workspace, as_of: date) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.query = ipw.Text(description="Who at", placeholder="a company, title or tag")
        self.button = ipw.Button(description="Find", icon="search")
        self.output = ipw.HTML()
        self.status = ipw.HTML()
        self.button.on_click(lambda _: self.search())
        super().__init__([ipw.HBox([self.query, self.button]), self.output, self.status])
        self.add_class("netbook-who")

    def search(self) -> pl.DataFrame:
        """List the people matching :attr:`query` (and return them)."""
        found = pl.DataFrame()
        with reporting(self.status):
            found = who(self.workspace, self.query.value, self.as_of)
            self.output.value = scrolling(table_html(found, WHO_COLUMNS))
            self.status.value = ok_html(f"{found.height:,} found for {self.query.value!r}.")
        return found
