"""What the review notebook calls: one :class:`Review` per run, each section one method.

``notebooks/review.ipynb`` holds no logic of its own::

    from netbook.review import notebook as nb
    review = nb.Review(workspace, period=period, as_of=as_of, pseudonymise=pseudonymise)
    review.actions()                  # tables, shown as escaped HTML
    review.growth_chart().show()      # plotly figures, through the offline ``netbook`` renderer

Everything is computed once, when the :class:`Review` is made, through one read of the store.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import polars as pl

from netbook import api
from netbook import plan as weekly
from netbook.errors import InputError
from netbook.metrics import INTERACTION_COLUMNS
from netbook.metrics.network import period_bounds, previous_bounds
from netbook.phrases import outside_the_data
from netbook.review import charts, data, prepare
from netbook.review import renderer as plotly_renderer
from netbook.review.actions import ACTION_PROVIDERS, ACTION_ROWS, ActionContext, hide_plan
from netbook.review.intros import intros_table
from netbook.review.params import check_period, parse_as_of
from netbook.review.pseudonym import Pseudonymiser
from netbook.review.rituals import Rituals
from netbook.review.tables import Section, Table, Text
from netbook.settings import Settings
from netbook.workspace import DEFAULT, ENV, Workspace

# fmt: off
READ: Final = {
    "interactions": (
        "person_id", "occurred_at", "channel", "direction", "initiated", "value", "source",
        "thread_id", "is_group", "weight", "content_length", "asks",
    )
}
# fmt: on
"""The columns of the log a review reads (no interaction ids), in store order."""
_ADJECTIVE: Final = {"week": "Weekly", "month": "Monthly", "quarter": "Quarterly", "year": "Yearly"}


def _format(number: float | None, kind: str) -> str:
    if number is None:
        return "–"
    if kind == "percent":
        return f"{number:.0%}"
    if kind == "int":
        return f"{number:,.0f}"
    return f"{number:,.2f}"


def _shown_change(row: dict[str, Any]) -> str:
    """The change between the values as :func:`_format` writes them (8% beside 7% is +1 pts).

    Examples:
        >>> _shown_change({"current": 0.076, "previous": 0.074, "format": "percent", "change": 0.002})
        '+1 pts'
        >>> _shown_change({"current": None, "previous": 3.0, "format": "int", "change": None})
        '–'
    """
    current, previous, kind = row["current"], row["previous"], row["format"]
    if current is None or previous is None:
        return _change(row["change"], kind)
    digits = 0 if kind == "int" else 2
    return _change(round(current, digits) - round(previous, digits), kind)


def _change(number: float | None, kind: str) -> str:
    if number is None:
        return "–"
    if kind == "percent":
        return f"{round(number * 100):+d} pts"
    if kind == "int":
        return f"{round(number):+,d}"
    return f"{round(number, 2) + 0.0:+,.2f}"


class Review:
    """A network review of ``period`` ending on ``as_of``, beside the period before it.

    Args:
        workspace: the workspace folder (default: see :func:`resolve_workspace`).
        period: ``week``, ``month``, ``quarter`` or ``year``.
        as_of: the period's last day, ``YYYY-MM-DD`` (default: today in the workspace's zone).
        pseudonymise: replace every name, company, e-mail and URL with a stable pseudonym.
        renderer: plotly renderer for the charts (see :data:`netbook.review.renderer.OFFLINE`).
        limit: rows shown per action list.

    Raises:
        NetbookError: nothing has been imported into the workspace, or a parameter is invalid.
        ConfigError: the workspace's ``netbook.toml`` is invalid.
    """

    def __init__(
        self,
        workspace: str | Path | Workspace | None = None,
        *,
        period: str = "month",
        as_of: str | date | None = None,
        pseudonymise: bool = False,
        renderer: str = plotly_renderer.NAME,
        limit: int = 25,
    ) -> None:
        ready = prepare.take()  # built while the kernel started (netbook.review.prepare)
        day = as_of.isoformat() if isinstance(as_of, date) else as_of
        if ready is not None and ready.asked == (
            workspace,
            period,
            day,
            pseudonymise,
            renderer,
            limit,
        ):
            self.__dict__.update(ready.__dict__)
            return
        self._build(workspace, period, as_of, pseudonymise, renderer, limit)

    @classmethod
    def build(
        cls,
        workspace: str | Path | Workspace | None = None,
        *,
        period: str = "month",
        as_of: str | date | None = None,
        pseudonymise: bool = False,
        renderer: str = plotly_renderer.NAME,
        limit: int = 25,
    ) -> Review:
        """A new review, never the prepared one (see :class:`Review` for the arguments)."""
        review = cls.__new__(cls)
        review._build(workspace, period, as_of, pseudonymise, renderer, limit)
        return review

    def _build(
        self,
        workspace: str | Path | Workspace | None,
        period: str,
        as_of: str | date | None,
        pseudonymise: bool,
        renderer: str,
        limit: int,
    ) -> None:
        ws = resolve_workspace(workspace)
        self._workspace = ws
        if not ws.exists:
            raise InputError(
                f"{ws.root}: nothing has been imported into this workspace",
                hint="run `netbook import PATH` first, or point the review at another workspace",
            )
        self.workspace = ws
        self.settings = ws.settings()
        self.period = check_period(period)
        self.as_of = parse_as_of(as_of, ws)
        self.asked = (workspace, period, self.as_of.isoformat(), pseudonymise, renderer, limit)
        """The arguments this review was built with, its as-of day found (today when None)."""
        self.pseudonymise = pseudonymise
        self.limit = limit
        self.bounds = period_bounds(self.as_of, self.period)
        self.previous = previous_bounds(self.as_of, self.period)
        plotly_renderer.use(renderer)
        zone = self.settings.time.zone
        self._hide = Pseudonymiser.for_workspace(ws.root) if pseudonymise else None
        self.rituals = Rituals(ws, self.as_of, self.period, self._hide, limit)
        with ws.snapshot(READ):  # every section below reads one copy; writers need not wait
            health = api.health(ws, as_of=self.as_of)  # with people and the log: shared below
            people = ws.people()
            interactions = ws.interactions(INTERACTION_COLUMNS)
            # The summary reads the whole log at two days: alone, its peak of memory meets no other.
            self.summary = api.summary(ws, as_of=self.as_of, period=self.period)
            # The week's plan and the rituals' sections run beside the rest: each is many small
            # polars queries, which leave a core idle when run one after another.
            with ThreadPoolExecutor(max_workers=3, thread_name_prefix="netbook-review") as pool:
                planned = pool.submit(weekly.plan, ws, self.as_of)
                prepared = [pool.submit(self.rituals.prepare, g) for g in Rituals.GROUPS]
                self.health = self._hide.frame(health) if self._hide else health
                context = ActionContext(
                    self.health, self.as_of, self.bounds[0], self.settings, ws, self._hide
                )
                self._actions = [provider.build(context) for provider in ACTION_PROVIDERS]
                self._agreement = _agreement(ws, self.as_of, self.settings, people)
                self._intros = intros_table(ws, self.as_of, self._hide)
                self.growth = data.growth(
                    people,
                    interactions,
                    as_of=self.as_of,
                    time_zone=zone,
                    months=data.GROWTH_MONTHS[self.period],
                )
                self._scope, self._outside = _scope(people, interactions, self.as_of)
                found = planned.result()
                for future in prepared:
                    future.result()
            # Pseudonyms tell everyone apart; real names are followed by what tells namesakes apart.
            self.week_plan = (
                hide_plan(found, self._hide) if self._hide else weekly.told_apart(ws, found)
            )

    def title(self) -> Text:
        """What the review covers."""
        (start, end), (before, last) = self.bounds, self.previous
        lines = [
            f"{_ADJECTIVE[self.period]} review as of {self.as_of}: {start} to {end}, "
            f"compared with {before} to {last}.",
        ]
        if self.pseudonymise:
            lines.append("Names, companies, e-mails and URLs are pseudonymised.")
        return Text(lines)

    def scope(self) -> Text:
        """What the workspace holds (independent of the period: a check that the right data is used)."""
        return self._scope

    def plan(self) -> Table:
        """This week's plan (:mod:`netbook.plan`): at most 10 actions, one per person, with why."""
        basis = weekly.week_basis(self.as_of)
        monday = basis + timedelta(days=1)
        return Table(
            self.week_plan,
            {"rank": "#", "full_name": "who", "action": "do", "why": "why", "since": "since"},
            f"Week of Monday {monday}",
            note=(f"Note: {self._outside}. " if self._outside else "")
            + "At most one action per person, across promises, follow-ups, answers, reaching "
            f"out, congratulations, revivals and welcomes, made as of Sunday {basis}: it stays the "
            "same all week (its days counted from that Sunday), and what you do drops out. Also "
            "from the command line: `netbook plan`.",
            limit=0,
            empty="Nothing to do this week. Import messages, a calendar or contacts, or log "
            "touches with `netbook log`, and the plan fills in.",
        )

    def actions(self) -> Section:
        """The other actions: one table per :data:`~netbook.review.actions.ACTION_PROVIDERS`.

        Each shows its first :data:`~netbook.review.actions.ACTION_ROWS` rows (or ``limit``) and
        names the command that lists the rest.
        """
        tables = [
            Table(
                frame,
                provider.columns,
                provider.title,
                note=provider.note,
                formats=provider.formats,
                limit=min(self.limit, ACTION_ROWS) if self.limit else ACTION_ROWS,
                empty=provider.empty,
                more=provider.more,
            )
            for provider, frame in zip(ACTION_PROVIDERS, self._actions, strict=True)
        ]
        return Section(tables)

    def headline(self) -> Table:
        """The headline numbers with the previous period's and the change."""
        rows = data.headline(self.summary)
        frame = pl.DataFrame(
            [
                {
                    "label": r["label"],
                    "current": _format(r["current"], r["format"]),
                    "previous": _format(r["previous"], r["format"]),
                    "change": _shown_change(r),
                    "meaning": data.MEANING[r["metric"]],
                }
                for r in rows.iter_rows(named=True)
            ],
            schema={c: pl.String for c in ("label", "current", "previous", "change", "meaning")},
        )
        return Table(
            frame,
            {
                "label": "",
                "current": "this period",
                "previous": "previous",
                "change": "change",
                "meaning": "what it means, and what good looks like",
            },
            "Headline numbers",
            limit=0,
            right=("current", "previous", "change"),
        )

    def headline_chart(self) -> charts.Figure:
        """Key numbers with their change (plotly indicators)."""
        return charts.headline(self.summary)

    def agreement(self) -> Text:
        """How well strength agrees with your own closeness ratings (``netbook rate``)."""
        return self._agreement

    def strength_chart(self) -> charts.Figure:
        """The distribution of tie strength by layer."""
        return charts.strength_distribution(self.health)

    def layers_chart(self) -> charts.Figure:
        """Layer fill against the targets 5 / 10 / 35 / 100."""
        return charts.layer_fill(self.summary)

    def cadence_chart(self) -> charts.Figure:
        """Cadence compliance per layer."""
        return charts.cadence_compliance(self.summary)

    def reciprocity_chart(self) -> charts.Figure:
        """Touches by direction, initiation balance and give ratio."""
        return charts.reciprocity(self.summary)

    def diversity_chart(self) -> charts.Figure:
        """Normalised Blau index per attribute."""
        return charts.diversity(self.summary)

    def dependency_chart(self) -> charts.Figure:
        """HHI and the top-1 and top-3 shares, with the alert threshold."""
        return charts.dependency(self.summary, self.settings.thresholds.dependency_top1)

    def growth_chart(self) -> charts.Figure:
        """Connections, active ties and touches per month."""
        return charts.growth(self.growth)

    def habits(self) -> Table:
        """Follow-up rate after events, promise-keeping and milestone acknowledgement rates."""
        return self.rituals.habits()

    def goals(self) -> Table:
        """Each goal's latest period against its target (suggested goals while none are set)."""
        return self.rituals.goal_table()

    def goals_chart(self) -> charts.Figure:
        """Goal attainment per period, one panel per goal."""
        return self.rituals.goals_chart()

    def ties(self) -> Section:
        """Dormant ties worth reviving and moderately weak ties for a job search."""
        return self.rituals.ties_section()

    def structure(self) -> Section:
        """Burt's measures of your close network and the bridging ties to protect."""
        return self.rituals.structure_section()

    def intros(self) -> Table:
        """The top few introductions you could make (`netbook intros`)."""
        return self._intros

    def network_chart(self) -> charts.Figure:
        """Your close network: clusters, bridges and strength (interactive)."""
        return self.rituals.network_chart()

    def settings_table(self) -> Table:
        """Every setting the review used (the owner's identity pseudonymised when asked)."""
        frame = data.settings_frame(self.settings)
        if self._hide is not None:
            hide = self._hide
            private = pl.col("key").is_in(data.PRIVATE_SETTINGS) & (pl.col("value") != "(not set)")
            frame = frame.with_columns(
                pl.when(private)
                .then(pl.col("value").map_batches(lambda s: _labels(hide, s, "Owner")))
                .otherwise(pl.col("value"))
                .alias("value"),
                pl.when(pl.col("key").str.starts_with(data.PRIVATE_PREFIXES[0]))
                .then(
                    pl.lit(data.PRIVATE_PREFIXES[0])
                    + pl.col("key").map_batches(lambda s: _labels(hide, s, "Person"))
                )
                .otherwise(pl.col("key"))
                .alias("key"),
            )
        return Table(
            frame,
            {"key": "setting", "value": "value"},
            f"Settings used (from {self.workspace.settings_path.name})",
            limit=0,
        )


def _agreement(ws: Workspace, as_of: date, settings: Settings, people: pl.LazyFrame) -> Text:
    """:meth:`Review.agreement`: strength beside the closeness ratings, if anyone is rated."""
    from netbook import calibration

    if people.select(pl.col("closeness").is_not_null().any()).collect().item():
        found = calibration.agreement(calibration.unrated(ws, as_of, settings))
    else:  # nobody rated: the same empty agreement, without health computed to be compared
        found = calibration.Agreement(rated=0, spearman=None, accuracy=None, judged=0)
    lines = [found.sentence()]
    if found.rated:
        lines.append("Rate more people with `netbook rate` to sharpen it.")
    return Text(lines)


def _labels(hide: Pseudonymiser, values: pl.Series, kind: str) -> pl.Series:
    return pl.Series(values.name, [hide.label(v, kind) for v in values.to_list()], pl.String)


def _scope(
    people: pl.LazyFrame, interactions: pl.LazyFrame, as_of: date
) -> tuple[Text, str | None]:
    """What the workspace holds, and what to say when ``as_of`` is before its data or long after."""
    counts = people.select(
        pl.len().alias("people"), pl.col("connected_on").is_not_null().sum().alias("connections")
    ).collect()
    span = interactions.select(
        pl.len().alias("interactions"),
        pl.col("occurred_at").min().dt.date().alias("first"),
        pl.col("occurred_at").max().dt.date().alias("last"),
    ).collect()
    n, connections = counts.row(0)
    total, first, last = span.row(0)
    when = f" from {first} to {last} (UTC)" if first else ""
    held = (
        f"The workspace holds {n:,} people ({connections:,} connections) and {total:,} "
        f"interactions{when}."
    )
    return Text([held]), outside_the_data(as_of, first, last)


def resolve_workspace(workspace: str | Path | Workspace | None) -> Workspace:
    """The review's workspace; None is ``$NETBOOK_WORKSPACE``, else ``./data``, else ``../data``.

    The last is the checkout's ``data`` folder when JupyterLab runs the notebook from
    ``notebooks/`` (the kernel's working folder is the notebook's).
    """
    if isinstance(workspace, Workspace):
        return workspace
    found = Workspace(workspace)
    if workspace is None and not os.environ.get(ENV) and not found.exists:
        parent = Workspace(Path("..") / DEFAULT)
        if parent.exists:
            return parent
    return found


_TOURS: list[tempfile.TemporaryDirectory[str]] = []


def tour_workspace(path: str | Path | None = None) -> Workspace:
    """The workspace at ``path``; None gives a new temporary one, removed when the kernel exits."""
    if path is not None:
        return Workspace(path)
    folder = tempfile.TemporaryDirectory(prefix="netbook-tour-")
    _TOURS.append(folder)  # kept alive (and so not removed) until the process exits
    return Workspace(Path(folder.name) / "workspace")


def use_renderer(name: str = plotly_renderer.NAME) -> None:
    """Show plotly figures through ``name`` (see :data:`netbook.review.renderer.OFFLINE`)."""
    plotly_renderer.use(name)
