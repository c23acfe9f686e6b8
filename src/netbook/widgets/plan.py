"""The week's plan with a Done button per action, and a panel to rate how close you are to people.

No metrics here: the plan is :func:`netbook.api.plan`, the people to rate
:func:`netbook.calibration.to_rate`; the buttons write through :mod:`netbook.userdata`,
:mod:`netbook.rituals.promises` and :func:`netbook.calibration.calibrate`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from netbook import api, calibration, userdata
from netbook.phrases import plural
from netbook.widgets._deps import ipw
from netbook.widgets.actions import reporting
from netbook.widgets.render import esc, ok_html
from netbook.widgets.snapshot import as_date, as_workspace
from netbook.workspace import Workspace

SCALE = (("skip", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5))
"""The rating buttons: skip, then 1 (distant) to 5 (very close)."""


def _row_html(row: dict[str, Any]) -> str:
    since = row["since"].isoformat() if row["since"] else ""
    return (
        f"<b>{row['rank']}. {esc(row['full_name'] or row['person_id'])}</b> · "
        f"<i>{esc(row['action'])}</i><br>{esc(row['why'] or '')}"
        f"<span style='color:#777'> (since {esc(since)})</span>"
    )


class PlanPanel(ipw.VBox):  # type: ignore[misc]
    """This week's plan; Done records what you did and the item drops out.

    Done on a promise marks that person's earliest open promise kept; on any other action it logs a
    touch with the person on :attr:`as_of` (a message of yours, noted with the action).

    Attributes:
        plan: the rows shown (``netbook.plan.COLUMNS``).
        buttons: one Done button per row, in order.
        status: the confirmation or error line.
    """

    def __init__(
        self, workspace: Workspace, as_of: date, on_change: Callable[[], None] | None = None
    ) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.on_change = on_change
        """Called after Done instead of :meth:`refresh` (an explorer redrawing itself and this)."""
        self.status = ipw.HTML()
        self.status.add_class("netbook-plan-status")
        self.plan = pl.DataFrame()
        self.buttons: list[Any] = []
        super().__init__([])
        self.add_class("netbook-plan")
        self.refresh()

    def refresh(self) -> None:
        """Recompute the plan and redraw it."""
        self.plan = api.plan(self.workspace, as_of=self.as_of)
        title = ipw.HTML(
            f"<h4>This week's plan ({plural(self.plan.height, 'action')}, "
            f"as of {esc(self.as_of.isoformat())})</h4>"
        )
        rows, self.buttons = [], []
        for row in self.plan.iter_rows(named=True):
            button = ipw.Button(description="Done", icon="check", layout=ipw.Layout(width="90px"))
            button.add_class("netbook-plan-done")
            button.on_click(lambda _, r=row: self.done(r["person_id"]))
            self.buttons.append(button)
            rows.append(ipw.HBox([button, ipw.HTML(_row_html(row))]))
        if not rows:
            rows.append(ipw.HTML("<p>Nothing to do this week.</p>"))
        self.children = [title, *rows, self.status]

    def done(self, person_id: str) -> None:
        """Record the plan's action for ``person_id`` as done, then redraw."""
        from netbook.rituals import promises

        found = self.plan.filter(pl.col("person_id") == person_id)
        if found.is_empty():
            return
        row = found.row(0, named=True)
        name = row["full_name"] or person_id
        with reporting(self.status):
            if row["action"] == "keep a promise":
                open_ = promises.open_promises(self.workspace, self.as_of).filter(
                    pl.col("person_id") == person_id
                )
                promises.close_promise(self.workspace, open_["promise_id"][0], on=self.as_of)
            else:
                userdata.log_touch(
                    self.workspace,
                    person_id,
                    channel="message",
                    on=self.as_of,
                    note=f"plan: {row['action']}",
                )
            (self.on_change or self.refresh)()
            self.status.value = ok_html(f"Done: {row['action']} {name}.")


class RatePanel(ipw.VBox):  # type: ignore[misc]
    """About 20 people across your layers to rate 1-5; Save stores them and checks strength.

    Attributes:
        people: the rows asked about.
        choices: one toggle (skip, 1-5) per row.
        status: what was saved and how well strength agrees with your ratings.
    """

    def __init__(self, workspace: Workspace, as_of: date, count: int = 20) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.people = calibration.to_rate(calibration.unrated(workspace, as_of), count)
        self.choices = [
            ipw.ToggleButtons(options=SCALE, value=0, style={"button_width": "44px"})
            for _ in range(self.people.height)
        ]
        lines = [
            ipw.HBox([choice, ipw.HTML(esc(_who(row)))])
            for choice, row in zip(self.choices, self.people.iter_rows(named=True), strict=True)
        ]
        self.save_button = ipw.Button(description="Save ratings", icon="save")
        self.save_button.add_class("netbook-rate-save")
        self.save_button.on_click(lambda _: self.save())
        self.status = ipw.HTML()
        self.status.add_class("netbook-rate-status")
        title = ipw.HTML("<h4>How close are you? 1 distant to 5 very close</h4>")
        super().__init__([title, *lines, self.save_button, self.status])
        self.add_class("netbook-rate")

    def save(self) -> None:
        """Store the ratings given, fit the strength weights, and say how well strength agrees."""
        with reporting(self.status):
            rated = 0
            for choice, person_id in zip(self.choices, self.people["person_id"], strict=True):
                if choice.value:
                    userdata.set_person(self.workspace, person_id, closeness=int(choice.value))
                    rated += 1
            fit = calibration.calibrate(self.workspace, self.as_of)
            frame = calibration.unrated(self.workspace, self.as_of, self.workspace.settings())
            agreement = calibration.agreement(frame)
            used = "fitted to your ratings" if fit.used else f"defaults kept: {fit.reason}"
            self.status.value = ok_html(
                f"{plural(rated, 'rating')} saved. {agreement.sentence()} Strength weights: {used}."
            )


def _who(row: dict[str, Any]) -> str:
    company = f", {row['company']}" if row["company"] else ""
    return f"{row['full_name'] or row['person_id']}{company} ({row['layer']})"


def week_plan(workspace: Workspace | str | Path, as_of: date | str | None = None) -> PlanPanel:
    """This week's plan with Done buttons (``as_of``: default today in the workspace's zone)."""
    ws = as_workspace(workspace)
    return PlanPanel(ws, as_date(ws, as_of))


def rate(workspace: Workspace | str | Path, as_of: date | str | None = None) -> RatePanel:
    """About 20 people to rate 1-5 (as ``netbook rate``), saved and checked at once."""
    ws = as_workspace(workspace)
    return RatePanel(ws, as_date(ws, as_of))
