"""JupyterLab widgets: explore people, see a contact's timeline, log touches, snooze and set facts.

``explorer(workspace)`` is the whole thing; :func:`people_table`, :func:`contact_card` and the
figure builders are the pieces a review notebook can reuse; :func:`html_table` shows any frame as a
readable table. Widgets hold no metrics: they show
:func:`netbook.api.health` and write through :mod:`netbook.userdata`.
"""

from __future__ import annotations

from netbook.widgets.actions import ActionPanel
from netbook.widgets.card import ContactCard, contact_card
from netbook.widgets.explorer import Explorer, explorer
from netbook.widgets.figures import (
    overview_figure,
    show_figure,
    strength_figure,
    timeline_figure,
)
from netbook.widgets.filters import FilterBar, Filters, filter_people, rank
from netbook.widgets.html_table import HtmlTable, html_table
from netbook.widgets.plan import PlanPanel, RatePanel, rate, week_plan
from netbook.widgets.snapshot import Snapshot, load_snapshot, load_workspace
from netbook.widgets.table import PeopleTable, people_table

__all__ = [
    "ActionPanel",
    "ContactCard",
    "Explorer",
    "FilterBar",
    "Filters",
    "HtmlTable",
    "PeopleTable",
    "PlanPanel",
    "RatePanel",
    "Snapshot",
    "contact_card",
    "explorer",
    "filter_people",
    "html_table",
    "load_snapshot",
    "load_workspace",
    "overview_figure",
    "people_table",
    "rank",
    "rate",
    "show_figure",
    "strength_figure",
    "timeline_figure",
    "week_plan",
]
