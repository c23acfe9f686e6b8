"""Goals you set yourself (``[[goals]]`` in ``netbook.toml``), and how well you meet them.

A goal is ``metric`` at least (``comparison = "at_least"``, the default) or at most ``target``
every ``period``; :class:`netbook.settings.Goal` validates it when the settings are loaded. Each
goal is measured over the last N periods ending on the as-of day: the first is
:func:`~netbook.metrics.network.period_bounds` of the as-of day, each earlier one ends the day
before the next begins. Nothing after the as-of day is seen. The metrics (:data:`METRICS`):

- ``outreach_touches``: outbound touches outside groups in the period (connection events aside),
  imported or logged by hand.
- ``new_mentors_or_sponsors``: people whose role became ``mentor`` or ``sponsor`` in the period,
  from the roles you set (``netbook set PERSON --role mentor``; no source imports roles): a role
  set to one of the two when the person's previous role was neither.
- ``layer_within_cadence``: the share of the goal's ``layer`` touched within their cadence at the
  period's end (the review's layer compliance).
- ``give_ratio``: ``given / (given + received)`` over the period's touches.
- ``reply_rate``: the share you answered of the turns of inbound messages decided in the period
  (answered, or left unanswered for ``pause_days``; see :func:`~netbook.metrics.network_flows.activity`).
- ``follow_up_rate``: the share of people met at events held in the period that you followed up
  (:mod:`netbook.rituals.events`; decided follow-ups only).
- ``promise_keeping_rate``: the share of promises due in the period kept by their due day
  (:mod:`netbook.rituals.promises`).
- ``new_connection_follow_up_rate``: the share of the period's new connections touched within
  7 days (the summary's ``follow_up_rate``).
- any other metric of ``netbook summary`` (:data:`netbook.metrics.network_summary.METRICS`) by
  name, computed for each period as the summary computes it.

Follow-ups and promises are judged as of the as-of day for every period, so an earlier period's
rate is final and only the latest one may still change. A period without data (no promise due,
say) has a null value and ``met`` null.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Final

import polars as pl

from netbook import identity, metrics
from netbook.frames import ENGINE, health_basis
from netbook.metrics import network_summary
from netbook.metrics.network import Period, layer_health, local_day, period_bounds, previous_bounds
from netbook.metrics.network_flows import activity, reciprocity_balance, with_openings
from netbook.metrics.touches import end_of
from netbook.settings import Goal
from netbook.workspace import Workspace

METRICS: dict[str, str] = {
    "outreach_touches": "outbound touches outside groups",
    "new_mentors_or_sponsors": "people who became a mentor or sponsor",
    "layer_within_cadence": "share of a layer touched within cadence",
    "give_ratio": "given / (given + received)",
    "follow_up_rate": "people met at events followed up",
    "promise_keeping_rate": "promises kept by their day",
    "reply_rate": "inbound messages answered",
    "new_connection_follow_up_rate": "new connections followed up in 7 days",
}
"""The goal metrics of this module (any ``netbook summary`` metric is one too)."""
COLUMNS = (
    *("goal", "metric", "period", "period_start", "period_end"),
    *("value", "target", "comparison", "met"),
)
"""The columns of :func:`goal_attainment`, in order."""
LATEST_COLUMNS = (
    *("goal", "metric", "period", "period_end", "value", "target", "comparison", "met"),
    *("periods_met", "periods", "sparkline"),
)
"""The columns of :func:`latest`, in order."""
SPARKS = "▁▂▃▄▅▆▇█"
"""The bars of a sparkline, lowest first; a period without a value is ``·``."""
MENTOR_ROLES = ("mentor", "sponsor")
_TOLERANCE = 1e-9
_SCHEMA = pl.Schema(
    {
        "goal": pl.String,
        "metric": pl.String,
        "period": pl.String,
        "period_start": pl.Date,
        "period_end": pl.Date,
        "value": pl.Float64,
        "target": pl.Float64,
        "comparison": pl.String,
        "met": pl.Boolean,
    }
)
_LATEST_SCHEMA = pl.Schema(
    [
        *((c, _SCHEMA[c]) for c in LATEST_COLUMNS[:8]),
        ("periods_met", pl.Int64()),
        ("periods", pl.Int64()),
        ("sparkline", pl.String()),
    ]
)

SUGGESTED: Final = (
    Goal(name="4 outreach touches a week", metric="outreach_touches", target=4, period="week"),
    Goal(
        name="sympathy layer within cadence",
        metric="layer_within_cadence",
        layer="sympathy",
        target=0.9,
    ),
    Goal(name="give as often as you receive", metric="give_ratio", target=0.5),
    Goal(
        name="1 new mentor or sponsor a quarter",
        metric="new_mentors_or_sponsors",
        target=1,
        period="quarter",
    ),
)
"""Goals measured as suggestions while ``netbook.toml`` declares none (review, ``netbook goals``)."""


def last_periods(as_of: date, period: Period, count: int) -> list[tuple[date, date]]:
    """The ``count`` consecutive periods ending on ``as_of``, oldest first.

    Examples:
        >>> for start, end in last_periods(date(2026, 11, 22), "week", 2):
        ...     print(start, end)
        2026-11-09 2026-11-15
        2026-11-16 2026-11-22
    """
    bounds = [period_bounds(as_of, period)]
    while len(bounds) < count:
        bounds.append(period_bounds(bounds[-1][0] - timedelta(days=1), period))
    return bounds[::-1]


def is_met(value: float | None, target: float, comparison: str) -> bool | None:
    """Whether ``value`` meets ``target`` (None without a value).

    Examples:
        >>> is_met(4, 4, "at_least"), is_met(0.3, 0.25, "at_most"), is_met(None, 1, "at_least")
        (True, False, None)
    """
    if value is None:
        return None
    if comparison == "at_most":
        return value <= target + _TOLERANCE
    return value >= target - _TOLERANCE


def became_mentors(facts: pl.LazyFrame, start: date, end: date, *, time_zone: str) -> int:
    """People whose role became mentor or sponsor on a local day in ``[start, end]``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> at = [datetime(2026, 11, d, 12, tzinfo=timezone.utc) for d in (2, 3, 5, 6)]
        >>> facts = pl.LazyFrame({"fact_id": ["1", "2", "3", "4"], "person_id": ["a", "a", "b", "c"],
        ...     "field": ["role", "role", "role", "tag"],
        ...     "value": ["mentor", "sponsor", "peer", "mentor"], "set_at": at})
        >>> became_mentors(facts, date(2026, 11, 1), date(2026, 11, 30), time_zone="UTC")
        1
    """
    roles = facts.filter(pl.col("field") == "role").sort("set_at", "fact_id")
    previous = pl.col("value").shift(1).over("person_id")
    became = roles.filter(
        pl.col("value").is_in(MENTOR_ROLES)
        & ~previous.is_in(MENTOR_ROLES).fill_null(False)
        & local_day(time_zone, "set_at").is_between(start, end)
    )
    return int(became.select(pl.col("person_id").n_unique()).collect().item())


class _Measures:
    """What the goals read from one workspace at one as-of day, each read or computed once."""

    def __init__(self, workspace: Workspace, as_of: date) -> None:
        self.workspace = workspace
        self.as_of = as_of
        self.settings = workspace.settings()
        self.zone = self.settings.time.zone
        with workspace.reading():
            self.people = workspace.people()
            interactions = workspace.interactions(metrics.INTERACTION_COLUMNS)
            aliases = workspace.aliases()
            facts = workspace.table("facts")
        end = pl.lit(end_of(as_of, self.zone)).dt.convert_time_zone("UTC")
        self.interactions = interactions.filter(pl.col("occurred_at") < end).collect().lazy()
        self.facts = facts.with_columns(identity.canonical(pl.col("person_id"), aliases)).lazy()
        self._health: dict[date, pl.DataFrame] = {}
        self._summary: dict[tuple[date, str], pl.DataFrame] = {}

    @cached_property
    def _days(self) -> tuple[pl.LazyFrame, pl.LazyFrame]:
        # The whole log's per-day aggregate, shared with the rest of a review's block: health at a
        # day sees only the days up to it, and a person first seen later is not known then, so
        # the days after the as-of day change nothing.
        with self.workspace.reading():
            basis = health_basis(self.workspace)  # the aggregates: no log to read
            return basis.days.collect().lazy(), basis.seen.collect().lazy()

    def health(self, at: date) -> pl.DataFrame:
        """The per-person health at ``at`` (the columns the network metrics read)."""
        if at not in self._health:
            days, seen = self._days
            frame = metrics.health(
                self.people,
                self.interactions,
                at,
                self.settings,
                with_replies=False,
                days=days,
                seen=seen,
                why=False,
            )
            self._health[at] = frame.select(network_summary.HEALTH_COLUMNS).collect(engine=ENGINE)
        return self._health[at]

    def summary(self, end: date, period: Period) -> pl.DataFrame:
        """``netbook summary`` for the period ending ``end``."""
        key = (end, period)
        if key not in self._summary:
            previous_end = previous_bounds(end, period)[1]
            self._summary[key] = network_summary.summary(
                self.health(end).lazy(),
                self.health(previous_end).lazy(),
                self.opened,
                as_of=end,
                period=period,
                time_zone=self.zone,
                channel_weights=self.settings.weights.model_dump(),
                pause_days=self.settings.thresholds.pause_days,
                closing_chars=self.settings.thresholds.closing_chars,
                late_days=self.settings.thresholds.late_answer_days,
            ).collect(engine=ENGINE)
        return self._summary[key]

    @cached_property
    def opened(self) -> pl.LazyFrame:
        """The log with which touches open a conversation, marked once for every period."""
        t = self.settings.thresholds
        opened = with_openings(self.interactions, t.pause_days, t.late_answer_days)
        return opened.collect(engine=ENGINE).lazy()

    @cached_property
    def follow_ups(self) -> pl.LazyFrame:
        from netbook.rituals.events import follow_ups

        return follow_ups(self.workspace, self.as_of).lazy()

    @cached_property
    def promises(self) -> pl.LazyFrame:
        from netbook.rituals.promises import promises

        return promises(self.workspace, self.as_of).lazy()

    def value(self, goal: Goal, start: date, end: date) -> float | None:
        """``goal``'s metric over ``[start, end]``."""
        name = goal.metric
        if name in ("outreach_touches", "give_ratio"):
            t = self.settings.thresholds
            row = reciprocity_balance(
                self.opened,
                start,
                end,
                time_zone=self.zone,
                pause_days=t.pause_days,
                late_days=t.late_answer_days,
            )
            column = "outbound" if name == "outreach_touches" else "give_ratio"
            return _number(row.select(column).collect().item())
        if name == "reply_rate":
            t = self.settings.thresholds
            row = activity(
                self.opened,
                start,
                end,
                time_zone=self.zone,
                pause_days=t.pause_days,
                closing_chars=t.closing_chars,
                late_days=t.late_answer_days,
            )
            return _number(row.select("reply_rate").collect().item())
        if name == "new_mentors_or_sponsors":
            return float(became_mentors(self.facts, start, end, time_zone=self.zone))
        if name == "layer_within_cadence":
            layers = layer_health(self.health(end).lazy()).collect()
            return _number(layers.filter(pl.col("layer") == goal.layer)["compliance"].item())
        if name == "follow_up_rate":
            from netbook.rituals.events import rate_between

            return _number(rate_between(self.follow_ups, start, end).collect()["rate"].item())
        if name == "promise_keeping_rate":
            from netbook.rituals.promises import keeping

            return _number(keeping(self.promises, start, end).collect()["rate"].item())
        summary_name = "follow_up_rate" if name == "new_connection_follow_up_rate" else name
        table = self.summary(end, goal.period)
        return _number(table.filter(pl.col("metric") == summary_name)["current"].item())


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def goal_attainment(
    workspace: Workspace,
    as_of: date,
    periods: int = 8,
    *,
    goals: Sequence[Goal] | None = None,
) -> pl.DataFrame:
    """Each goal's value, target and whether it was met, over the last ``periods`` periods.

    Args:
        workspace: the workspace.
        as_of: the last day of the latest period.
        periods: how many periods per goal (each goal has its own period kind).
        goals: the goals (default: the workspace's ``[[goals]]``).

    Returns:
        :data:`COLUMNS`: one row per goal and period, goals in their order, oldest period first.
    """
    chosen = workspace.settings().goals if goals is None else list(goals)
    if not chosen or periods < 1:
        return pl.DataFrame(schema=_SCHEMA)
    measures = _Measures(workspace, as_of)
    rows = []
    for goal in chosen:
        for start, end in last_periods(as_of, goal.period, periods):
            value = measures.value(goal, start, end)
            rows.append(
                {
                    "goal": goal.name,
                    "metric": goal.metric,
                    "period": goal.period,
                    "period_start": start,
                    "period_end": end,
                    "value": value,
                    "target": goal.target,
                    "comparison": goal.comparison,
                    "met": is_met(value, goal.target, goal.comparison),
                }
            )
    return pl.DataFrame(rows, schema=_SCHEMA)


def sparkline(values: Sequence[float | None], target: float | None = None) -> str:
    """One bar per value, scaled from 0 to the largest value (or the target, if larger).

    Examples:
        >>> sparkline([0, 2, 4, None, 8], target=4)
        '▁▃▅·█'
    """
    known = [v for v in values if v is not None]
    top = max([*known, target or 0.0, 0.0])
    last = len(SPARKS) - 1
    return "".join(
        "·" if v is None else SPARKS[round(max(v, 0.0) / top * last) if top > 0 else 0]
        for v in values
    )


def latest(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per goal of :func:`goal_attainment`'s frame: its latest period and a sparkline.

    ``periods_met`` counts the periods met, of ``periods`` with a value.

    Returns:
        :data:`LATEST_COLUMNS`.
    """
    rows = []
    for name in frame["goal"].unique(maintain_order=True):
        goal = frame.filter(pl.col("goal") == name).sort("period_end")
        last = goal.row(-1, named=True)
        rows.append(
            {
                **{c: last[c] for c in LATEST_COLUMNS[:8]},
                "periods_met": int(goal["met"].fill_null(False).sum()),
                "periods": int(goal["value"].is_not_null().sum()),
                "sparkline": sparkline(goal["value"].to_list(), last["target"]),
            }
        )
    return pl.DataFrame(rows, schema=_LATEST_SCHEMA)


def goals_chart(frame: pl.DataFrame) -> Any:
    """Attainment over time: one panel per goal, its values and a dashed target line.

    Args:
        frame: :func:`goal_attainment`'s frame.

    Returns:
        A ``plotly.graph_objects.Figure``; met periods are green, missed ones red.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = frame["goal"].unique(maintain_order=True).to_list()
    if not names:
        figure = go.Figure()
        figure.add_annotation(
            text="No goals yet: add [[goals]] to netbook.toml",
            showarrow=False,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
        )
        figure.update_layout(
            template="plotly_white",
            height=200,
            title={"text": "Goals"},
            meta={
                "caption": "Goals you set, period by period. Good: the goals you care about, "
                "met most periods."
            },
        )
        return figure
    figure = make_subplots(
        rows=len(names), cols=1, subplot_titles=names, vertical_spacing=0.35 / len(names)
    )
    colours = {True: "#16a34a", False: "#dc2626", None: "#94a3b8"}
    for row, name in enumerate(names, start=1):
        goal = frame.filter(pl.col("goal") == name).sort("period_end")
        ends = goal["period_end"].to_list()
        met = goal["met"].to_list()
        sign = "≤" if goal["comparison"][0] == "at_most" else "≥"
        figure.add_trace(
            go.Scatter(
                x=ends,
                y=goal["value"].to_list(),
                mode="lines+markers",
                name=name,
                line={"color": "#2563eb"},
                marker={"color": [colours[m] for m in met], "size": 9},
                customdata=[["met" if m else "missed" if m is False else "no data"] for m in met],
                hovertemplate="%{x}: %{y:.2f} (%{customdata[0]})<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                x=ends,
                y=goal["target"].to_list(),
                mode="lines",
                name=f"target {sign} {goal['target'][0]:g}",
                line={"color": "#f59e0b", "dash": "dash"},
                hovertemplate=f"target {sign} %{{y:g}}<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        figure.update_yaxes(rangemode="tozero", row=row, col=1)
    figure.update_layout(
        title={"text": "Goals per period", "x": 0.01},
        meta={
            "caption": "Each goal's value in each period (green: met, red: missed) against its "
            "target (dashed). Good: the last few periods green."
        },
        template="plotly_white",
        height=120 + 220 * len(names),
        margin={"l": 60, "r": 30, "t": 80, "b": 40},
    )
    return figure
