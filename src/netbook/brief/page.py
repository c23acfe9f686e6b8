"""What the brief notebook shows: one day's meeting briefs as escaped HTML (and plain text)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from netbook.brief.render import html_block, markdown


class DayBrief:
    """The briefs of the meetings on ``day`` in the workspace at ``workspace``.

    ``_repr_html_`` escapes every stored string (a name such as ``<script>`` is shown as text);
    ``__repr__`` is the Markdown.
    """

    def __init__(self, workspace: str | Path | None, day: str | date) -> None:
        from netbook import brief
        from netbook.review.notebook import resolve_workspace

        ws = resolve_workspace(workspace)
        self.day = day if isinstance(day, date) else date.fromisoformat(day)
        self.found: dict[str, Any] = brief.meeting_briefs(ws, self.day, 1)

    def _repr_html_(self) -> str:
        return html_block(self.found)

    def __repr__(self) -> str:
        return markdown(self.found)
