"""A contact card: who someone is, their numbers, their tie strength and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from netbook import userdata
from netbook.widgets._deps import ipw
from netbook.widgets.figures import figure_output, show_figure, strength_figure, timeline_figure
from netbook.widgets.render import heading_html, pairs_html
from netbook.widgets.snapshot import Snapshot, as_date, as_workspace, load_snapshot
from netbook.workspace import Workspace


def _pair(row: dict[str, Any], *columns: str) -> str:
    return " / ".join("–" if row[c] is None else str(row[c]) for c in columns)


def key_numbers(row: dict[str, Any], zone: str) -> dict[str, object]:
    """The numbers a card lists, by label, from a health row."""
    last = row["last_contact_at"]
    last_day = last.astimezone(ZoneInfo(zone)).date() if isinstance(last, datetime) else None
    return {
        "Role": row["role"],
        "Tags": row["tags"],
        "Last contact": last_day,
        "Days since contact": row["days_since_contact"],
        "Cadence (days)": row["cadence_days"],
        "Due on": row["due_on"],
        "Overdue ratio": row["overdue_ratio"],
        "Touches 30 / 90 / 365 days": _pair(row, "touches_30d", "touches_90d", "touches_365d"),
        "Out / in (365 days)": _pair(row, "outbound_365d", "inbound_365d"),
        "Initiation balance": row["initiation_balance"],
        "Reciprocity": row["reciprocity"],
        "Give ratio": row["give_ratio"],
        "Unanswered messages": row["unanswered_inbound"],
        "Segment": row["segment"],
        "Connected on": row["connected_on"],
    }


class ContactCard(ipw.VBox):  # type: ignore[misc]
    """One person: heading, key numbers, tie-strength breakdown and timeline.

    Attributes:
        person_id: who is shown (None when nobody is).
        header: name, position and company (``ipywidgets.HTML``).
        numbers: the key numbers (``ipywidgets.HTML``).
        breakdown: the tie-strength chart (``ipywidgets.Output``).
        timeline: the touches chart (``ipywidgets.Output``).
    """

    def __init__(self) -> None:
        self.person_id: str | None = None
        self.header = ipw.HTML()
        self.numbers = ipw.HTML(layout=ipw.Layout(width="55%"))
        self.breakdown = figure_output(width="45%")
        self.timeline = figure_output(width="100%")
        self.header.add_class("netbook-card-header")
        super().__init__([self.header, ipw.HBox([self.numbers, self.breakdown]), self.timeline])
        self.add_class("netbook-card")

    def show(self, snapshot: Snapshot, person_id: str) -> bool:
        """Show ``person_id`` as of the snapshot's date; False (and a note) if they are not in it."""
        row = snapshot.person(person_id)
        if row is None:
            self.clear(f"{person_id} is not in the network as of {snapshot.as_of.isoformat()}.")
            return False
        self.person_id = person_id
        where = " at ".join(v for v in (row["position"], row["company"]) if v)
        state = " · ".join(str(row[c]) for c in ("status", "layer", "why") if row[c])
        self.header.value = heading_html(
            row["full_name"] or person_id, where, state, row["profile_url"]
        )
        self.numbers.value = pairs_html(key_numbers(row, snapshot.zone))
        show_figure(self.breakdown, strength_figure(row, snapshot.weights))
        touches = snapshot.touches_of(person_id)
        show_figure(self.timeline, timeline_figure(touches, as_of=snapshot.as_of))
        return True

    def clear(self, message: str = "Nobody selected.") -> None:
        """Show nobody, with ``message`` in place of the heading."""
        self.person_id = None
        self.header.value = heading_html(message)
        self.numbers.value = ""
        self.breakdown.outputs = ()
        self.timeline.outputs = ()


def contact_card(
    workspace: Workspace | str | Path,
    person: str,
    *,
    as_of: date | str | None = None,
    snapshot: Snapshot | None = None,
) -> ContactCard:
    """A card for ``person`` (a name, e-mail, profile URL or person id).

    Args:
        workspace: the workspace or its folder.
        person: who (see :func:`netbook.userdata.find_person`).
        as_of: the day of the numbers (default: today in the workspace's time zone).
        snapshot: an already loaded :class:`~netbook.widgets.Snapshot` to reuse (then
            ``workspace`` and ``as_of`` are taken from it).

    Raises:
        PersonNotFoundError: nobody matches ``person``.
        AmbiguousPersonError: several people match.
    """
    if snapshot is None:
        ws = as_workspace(workspace)
        snapshot = load_snapshot(ws, as_date(ws, as_of))
    card = ContactCard()
    card.show(snapshot, userdata.find_person(snapshot.workspace, person).person_id)
    return card
