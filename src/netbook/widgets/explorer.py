"""The people explorer: filters, the table of matches, a contact card and actions, in one widget."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from netbook import metrics, userdata
from netbook.errors import InputError
from netbook.userdata import Person
from netbook.widgets._deps import ipw
from netbook.widgets.actions import ActionPanel, reporting
from netbook.widgets.brief import BriefPanel, WhoBox
from netbook.widgets.card import ContactCard
from netbook.widgets.figures import figure_output, overview_figure, show_figure
from netbook.widgets.filters import FilterBar, filter_people, rank
from netbook.widgets.plan import PlanPanel
from netbook.widgets.render import esc, ok_html
from netbook.widgets.snapshot import Snapshot, as_date, as_workspace, load_snapshot
from netbook.widgets.table import PeopleTable
from netbook.workspace import Workspace

DUE_COLUMNS = ("full_name", "company", "layer", "status", "days_since_contact", "why")
"""The due table's columns (as ``netbook due``)."""


def _label(row: dict[str, Any]) -> str:
    parts = (row["full_name"] or row["person_id"], row["company"], row["status"])
    return " · ".join(str(p) for p in parts if p)


class Explorer(ipw.VBox):  # type: ignore[misc]
    """Everyone in a workspace at an as-of date: filter, pick a person, act on them.

    Health is computed once per :meth:`refresh` (at start, after each action, on the Refresh
    button); filtering and sorting are polars over that frame, and the table shows the top rows
    only, so 30,000 people stay quick.

    Attributes:
        snapshot: what is shown (health and touches at :attr:`as_of`).
        matches: every row matching the filters, in table order.
        filters: the filter controls (:class:`~netbook.widgets.filters.FilterBar`).
        table: the matching people (:class:`~netbook.widgets.table.PeopleTable`).
        picker: the person shown on the card (a dropdown of the table's rows).
        finder, find_button: open anyone by name, e-mail, profile URL or id.
        card: the selected person (:class:`~netbook.widgets.card.ContactCard`).
        actions: log, snooze, set (:class:`~netbook.widgets.actions.ActionPanel`).
        status: the last confirmation or error.
        brief, who: the "brief" tab (a meeting, or the person on the card) and the "who do I
            know at" box (:mod:`netbook.widgets.brief`), in :attr:`tabs`.
    """

    def __init__(self, workspace: Workspace, as_of: date, *, limit: int = 50) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.matches = pl.DataFrame()
        self._views: list[Callable[[], None]] = []
        self._quiet = False
        self.filters = FilterBar(limit=limit)
        self.table = PeopleTable()
        self.picker = ipw.Dropdown(
            description="Contact", options=[], layout=ipw.Layout(width="60%")
        )
        self.picker.add_class("netbook-picker")
        self.finder = ipw.Text(description="Find", placeholder="name, e-mail, profile URL or id")
        self.find_button = ipw.Button(description="Open", icon="search")
        self.refresh_button = ipw.Button(description="Refresh", icon="refresh")
        self.status = ipw.HTML()
        self.status.add_class("netbook-status")
        self.card = ContactCard()
        self.actions = ActionPanel(
            workspace, as_of=as_of, status=self.status, on_change=self.refresh
        )
        title = ipw.HTML(f"<b>netbook</b> · {esc(workspace.root)} · as of {esc(as_of.isoformat())}")
        self.brief = BriefPanel(workspace, as_of)
        self.who = WhoBox(workspace, as_of)
        self.brief_person = ipw.Button(description="Brief this contact", icon="file-text")
        self.brief_person.on_click(lambda _: self._brief_card())
        self.tabs = ipw.Tab(children=[ipw.VBox([self.brief_person, self.brief]), self.who])
        self.tabs.set_title(0, "brief")
        self.tabs.set_title(1, "who do I know at")
        self.filters.on_change(self._filtered)
        self.picker.observe(self._picked, names="value")
        self.find_button.on_click(lambda _: self.find())
        self.refresh_button.on_click(lambda _: self._refresh_clicked())
        super().__init__(
            [
                ipw.HBox([title, self.refresh_button]),
                self.filters,
                self.table,
                ipw.HBox([self.picker, self.finder, self.find_button]),
                self.card,
                self.actions,
                self.status,
                self.tabs,
            ]
        )
        self.add_class("netbook-explorer")
        self.refresh()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change controls without their observers redrawing."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    @property
    def health(self) -> pl.DataFrame:
        """Everyone's health at :attr:`as_of` (as last computed)."""
        return self.snapshot.health

    def refresh(self) -> None:
        """Recompute health from the workspace and redraw, keeping filters and the person shown."""
        self.snapshot: Snapshot = load_snapshot(self.workspace, self.as_of)
        with self._quietly():
            self.filters.set_choices(self.snapshot.health)
        self.update(keep=True)
        for redraw in self._views:
            redraw()

    def _follow(self, redraw: Callable[[], None]) -> None:
        """Draw a view now and again after every refresh (an action, the Refresh button)."""
        redraw()
        self._views.append(redraw)

    def overview(self) -> Any:
        """The layers-by-status chart, redrawn after every action here (an ``ipywidgets.Output``)."""
        output = figure_output()
        output.add_class("netbook-overview")
        self._follow(lambda: show_figure(output, overview_figure(self.health)))
        return output

    def due_table(self, limit: int = 20) -> PeopleTable:
        """The due queue (as ``netbook due``), most urgent first, redrawn after every action here."""
        table = PeopleTable(DUE_COLUMNS)
        table.add_class("netbook-due")
        self._follow(
            lambda: table.show(
                metrics.due(self.health.lazy()).collect(), limit=limit, note="most urgent first"
            )
        )
        return table

    def week_plan(self) -> PlanPanel:
        """This week's plan with Done buttons; Done refreshes this explorer, an action the plan."""
        panel = PlanPanel(self.workspace, self.as_of, on_change=self.refresh)
        self._views.append(panel.refresh)
        return panel

    def update(self, *, keep: bool) -> None:
        """Apply the filters and redraw the table, the picker and the card.

        Args:
            keep: keep showing the current person even when the filters now hide them (after an
                action); else the first row is shown unless the current person is among the rows.
        """
        health = self.snapshot.health
        order = self.filters.order.value
        self.matches = rank(filter_people(health, self.filters.filters()), order)
        note = f"by {order}"
        self.table.show(
            self.matches, limit=self.filters.limit.value, total=health.height, note=note
        )
        rows = self.table.rows
        options = [(_label(r), r["person_id"]) for r in rows.iter_rows(named=True)]
        current = self.card.person_id
        ids = [pid for _, pid in options]
        if keep and current is not None and current not in ids:
            row = self.snapshot.person(current)
            if row is not None:
                options.insert(0, (_label(row), current))
                ids.insert(0, current)
        chosen = current if current in ids else (ids[0] if ids else None)
        with self._quietly():
            self.picker.options = options
            self.picker.value = chosen
        self._show(chosen)

    def _filtered(self) -> None:
        if not self._quiet:
            self.update(keep=False)

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self._show(change["new"])

    def _show(self, person_id: str | None) -> None:
        if person_id is None or not self.card.show(self.snapshot, person_id):
            if person_id is None:
                self.card.clear("No one matches the filters.")
            self.actions.set_person(None)
            return
        row = self.snapshot.person(person_id) or {}
        self.actions.set_person(Person(person_id, row.get("full_name")))

    def select(self, person_id: str) -> bool:
        """Show ``person_id`` on the card (added to the picker if the table hides them).

        Returns:
            False when they are not in the network at :attr:`as_of`.
        """
        row = self.snapshot.person(person_id)
        if row is None:
            return False
        with self._quietly():
            if person_id not in [pid for _, pid in self.picker.options]:
                self.picker.options = [(_label(row), person_id), *self.picker.options]
            self.picker.value = person_id
        self._show(person_id)
        return True

    def find(self) -> None:
        """Open the person typed in :attr:`finder`; an unknown or ambiguous query is reported."""
        with reporting(self.status):
            who = userdata.find_person(self.workspace, self.finder.value)
            name = who.full_name or who.person_id
            if not self.select(who.person_id):
                raise InputError(
                    f"{name} is not in the network as of {self.as_of.isoformat()}",
                    hint="they connected later; open the explorer at a later as_of",
                )
            self.status.value = ok_html(f"Opened {name}.")

    def _brief_card(self) -> None:
        """Show the brief of the person on the card in the brief tab."""
        if self.card.person_id is not None:
            self.brief.show_person(self.card.person_id)

    def _refresh_clicked(self) -> None:
        with reporting(self.status):
            self.refresh()
            self.status.value = ok_html(
                f"Refreshed: {self.snapshot.health.height:,} people as of {self.as_of.isoformat()}."
            )


def explorer(
    workspace: Workspace | str | Path, as_of: date | str | None = None, *, limit: int = 50
) -> Explorer:
    """The people explorer for ``workspace`` at ``as_of`` (default: today in its time zone).

    Args:
        workspace: the workspace or its folder.
        as_of: the day the numbers are for (a date or ``YYYY-MM-DD``).
        limit: how many of the matching people the table shows at first.

    Returns:
        An ``ipywidgets`` box; display it in JupyterLab (the last expression of a cell).
    """
    ws = as_workspace(workspace)
    return Explorer(ws, as_date(ws, as_of), limit=limit)
