"""The review's ritual sections: the habits it measures, your goals, ties to revive, your structure.

:class:`Rituals` is what :class:`netbook.review.notebook.Review` delegates to. Everything is read
at the review's as-of date; in a pseudonymised review the people and companies are pseudonymised
*before* the ties and the structure are computed, so every name, cluster label and ``why`` in these
sections is a pseudonym too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import Any, ClassVar, Final

import polars as pl

from netbook.metrics.network import Period, period_bounds, previous_bounds
from netbook.review import charts
from netbook.review.labels import goal_value
from netbook.review.pseudonym import Pseudonymiser
from netbook.review.tables import Section, Table, Text
from netbook.rituals import events, milestones, promises
from netbook.rituals import goals as gl
from netbook.rituals import structure as st
from netbook.rituals import ties as tl
from netbook.workspace import Workspace

PERIODS: Final = 8
"""Periods shown per goal."""
_PERSON: Final = {"full_name": "name", "company": "company", "position": "position"}


def hide_network(network: tl.Network, hide: Pseudonymiser) -> tl.Network:
    """``network`` with people, companies and ids pseudonymised (keys stay consistent)."""

    def ids(column: str) -> pl.Series:
        frame = pl.DataFrame({"person_id": network.pairs[column]})
        return hide.frame(frame)["person_id"].alias(column)

    keys = network.health["company_key"]
    labels = {k: hide.text(k, "Company") for k in keys.drop_nulls().unique().to_list()}
    health = hide.frame(network.health).with_columns(
        keys.replace_strict(labels, default=None, return_dtype=pl.String)
    )
    pairs = network.pairs.with_columns(ids("person_id"), ids("other_id"))
    return tl.Network(health, pairs)


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} days"


class Rituals:
    """The ritual sections of one review.

    Args:
        workspace: the workspace.
        as_of: the review's last day.
        period: the review's period.
        hide: the pseudonymiser of a pseudonymised review.
        limit: rows shown per list.
    """

    def __init__(
        self,
        workspace: Workspace,
        as_of: date,
        period: Period,
        hide: Pseudonymiser | None = None,
        limit: int = 25,
    ) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.period: Period = period
        self.hide = hide
        self.limit = limit

    @cached_property
    def network(self) -> tl.Network:
        """The co-affiliation network at the as-of date (pseudonymised when the review is)."""
        found = tl.read_network(self.workspace, self.as_of)
        return found if self.hide is None else hide_network(found, self.hide)

    @cached_property
    def close_network(self) -> st.Structure:
        """Your close network's structure (Burt's measures, clusters, bridges)."""
        return st.analyse(self.network, self.as_of)

    @cached_property
    def network_layout(self) -> charts.Layout:
        """The close network's layout for :meth:`network_chart` (computed with the sections)."""
        return charts.network_layout(self.close_network)

    @cached_property
    def declared(self) -> bool:
        """Whether ``netbook.toml`` declares goals (otherwise :data:`netbook.rituals.goals.SUGGESTED` are measured)."""
        return bool(self.workspace.settings().goals)

    @cached_property
    def attainment(self) -> pl.DataFrame:
        """:func:`netbook.rituals.goals.goal_attainment` of the declared or suggested goals."""
        chosen = None if self.declared else gl.SUGGESTED
        return gl.goal_attainment(self.workspace, self.as_of, PERIODS, goals=chosen)

    GROUPS: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("network", "close_network", "network_layout", "_ties"),
        ("attainment",),
        ("_habit_rows",),
    )
    """The sections, in groups that share nothing: each group can be computed in its own thread."""

    def prepare(self, names: Sequence[str] | None = None) -> None:
        """Compute every section now, or those ``names`` (inside the caller's reading block)."""
        for name in names if names is not None else [n for g in self.GROUPS for n in g]:
            getattr(self, name)

    @cached_property
    def _ties(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        ws, day, limit = self.workspace, self.as_of, self.limit
        return (
            tl.dormant_ties(ws, day, limit, network=self.network),
            tl.weak_ties(ws, day, limit, network=self.network),
        )

    @cached_property
    def _habit_rows(self) -> pl.DataFrame:
        ws, as_of = self.workspace, self.as_of
        (start, end), (before, last) = (
            period_bounds(as_of, self.period),
            previous_bounds(as_of, self.period),
        )
        met = events.follow_ups(ws, as_of).lazy()
        now, then = (
            events.rate_between(met, a, b).collect().row(0, named=True)
            for a, b in ((start, end), (before, last))
        )
        rows = [
            (
                "follow-up rate after events",
                _rate(now["rate"]),
                _rate(then["rate"]),
                f"{now['done']} of "
                f"{now['done'] + now['late'] + now['overdue'] + now['missed']} people met "
                f"followed up within {ws.settings().rituals.follow_up_days} days ({now['late']} "
                f"later, {now['overdue']} still owed, {now['missed']} missed; {now['open']} not "
                "due yet)",
            ),
            (
                "median follow-up latency",
                _days(now["median_latency_days"]),
                _days(then["median_latency_days"]),
                "days from the event to your first message or logged touch",
            ),
            (
                "promise-keeping rate",
                _rate(promises.promise_keeping_rate(ws, as_of, self.period)),
                _rate(promises.promise_keeping_rate(ws, last, self.period)),
                "promises due in the period that were done by their date",
            ),
            (
                "milestone acknowledgement rate",
                _rate(milestones.milestone_acknowledgement_rate(ws, as_of, self.period)),
                _rate(milestones.milestone_acknowledgement_rate(ws, last, self.period)),
                f"birthdays, anniversaries and job changes touched within "
                f"{milestones.WINDOW_DAYS} days",
            ),
        ]
        return pl.DataFrame(rows, schema=["habit", "current", "previous", "what"], orient="row")

    def habits(self) -> Table:
        """Follow-ups after events, promises kept and milestones acknowledged, beside last period.

        Follow-ups of both periods are judged at the review's as-of date (a follow-up owed past the
        previous period's end is not counted as missing).
        """
        return Table(
            self._habit_rows,
            {"habit": "", "current": "this period", "previous": "previous", "what": "what counts"},
            "Habits: follow-ups, promises, milestones",
            limit=0,
            right=("current", "previous"),
        )

    def goal_table(self) -> Table:
        """Each goal's latest period against its target, and how many periods met it."""
        frame = gl.latest(self.attainment) if self.attainment.height else None
        columns = ["goal", "period", "latest", "target", "met", "periods met", "trend"]
        rows = []
        for row in [] if frame is None else frame.iter_rows(named=True):
            sign = "≤" if row["comparison"] == "at_most" else "≥"
            rows.append(
                (
                    row["goal"],
                    f"{row['period']} to {row['period_end']}",
                    goal_value(row["metric"], row["value"]),
                    f"{sign} {goal_value(row['metric'], row['target'])}",
                    {True: "met", False: "missed", None: "no data"}[row["met"]],
                    f"{row['periods_met']} of {row['periods']}",
                    row["sparkline"],
                )
            )
        note = (
            "Your goals from netbook.toml, latest period first."
            if self.declared
            else "You have not set goals yet, so these are suggestions measured on your data: "
            "copy any into netbook.toml as a [[goals]] block (see its comments) and change "
            "the target."
        )
        return Table(
            pl.DataFrame(rows, schema=columns, orient="row"),
            {c: c for c in columns},
            "Goals",
            note=note,
            limit=0,
            empty="No goals.",
        )

    def goals_chart(self) -> Any:
        """Attainment per period, one panel per goal (:func:`netbook.rituals.goals.goals_chart`)."""
        return gl.goals_chart(self.attainment)

    def ties_section(self) -> Section:
        """Dormant ties worth reviving and moderately weak ties for a job search, with why."""
        dormant, weak = self._ties
        return Section(
            [
                Table(
                    dormant,
                    {**_PERSON, "why": "why"},
                    "Dormant ties worth reviving",
                    note="Silent for years but once strong, or senior: reconnecting brings both "
                    "new information and old trust (Levin, Walter and Murnighan 2011).",
                    limit=self.limit,
                    empty="No dormant ties worth reviving.",
                ),
                Table(
                    weak,
                    {**_PERSON, "why": "why"},
                    "Moderately weak ties (ask them in a job search)",
                    note="Some shared contexts (a company, a group, people who know each "
                    "other), little contact: the ties that helped job moves "
                    "most in LinkedIn's experiment (Rajkumar et al. 2022).",
                    limit=self.limit,
                    empty="No moderately weak ties: record who knows whom with `netbook knows`.",
                ),
            ]
        )

    def structure_section(self) -> Section:
        """Burt's measures of your close network and the bridging ties to protect."""
        found = self.close_network
        lines = st.describe(found)
        text = Text(lines)
        bridges = Table(
            found.bridges,
            {"full_name": "name", "company": "company", "strength": "strength", "why": "why"},
            "Bridging ties to protect",
            note="Each links you to a group no one else in your close network reaches.",
            formats={"strength": "float"},
            limit=10,
            empty="No bridging ties: your close ties all share contexts.",
        )
        return Section([text, bridges])

    def network_chart(self) -> Any:
        """The interactive network chart (:func:`netbook.review.charts.network_chart`)."""
        return charts.network_chart(self.close_network, layout=self.network_layout)
