"""The Python API the notebooks and the command line call: frames in, polars DataFrames out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Final, TypeVar

import polars as pl

from netbook import metrics
from netbook.asof import to_day
from netbook.errors import PluginError
from netbook.frames import ENGINE, collect_while, health_basis
from netbook.metrics import network_summary
from netbook.metrics.network import FOLLOW_UP_DAYS, Period, previous_bounds
from netbook.metrics.network_flows import with_openings
from netbook.registry import Registry
from netbook.workspace import Workspace

if TYPE_CHECKING:
    from netbook.settings import Settings

T = TypeVar("T")

MetricPlugin = Callable[..., pl.Expr]
"""A ``netbook.metrics`` entry point: ``f(*, as_of, settings) -> pl.Expr``, evaluated over the
health frame (its columns are the contract :data:`netbook.metrics.CONTRACT`); the expression's
name is the entry point's name."""


def _metric(obj: object) -> MetricPlugin:
    if not callable(obj):
        raise PluginError(f"{obj!r} is not a metric (a callable returning a polars expression)")
    return obj


METRICS: Registry[MetricPlugin] = Registry("netbook.metrics", _metric)


def today(workspace: Workspace) -> date:
    """Today in the workspace's time zone (the default as-of date of the command line)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(workspace.settings().time.zone)).date()


def health(workspace: Workspace, *, as_of: date | str) -> pl.DataFrame:
    """Every person's health at ``as_of`` (see :data:`netbook.metrics.CONTRACT`), plus plugin columns.

    Inside a reading or snapshot block (a review) it is computed once per ``as_of`` (a
    ``datetime.date``, or ``YYYY-MM-DD`` as a notebook's parameter gives it).
    """
    (frame,) = healths(workspace, [to_day(as_of)])
    return frame


def healths(workspace: Workspace, days: Sequence[date]) -> list[pl.DataFrame]:
    """:func:`health` at each of ``days``, computed side by side (the week's plan needs several).

    Inside a reading or snapshot block, a day already computed in the block is not computed again.
    """
    found, _ = healths_while(workspace, days, _nothing)
    return found


def healths_while(
    workspace: Workspace, days: Sequence[date], meanwhile: Callable[[], T]
) -> tuple[list[pl.DataFrame], T]:
    """:func:`healths`, and what ``meanwhile`` returns: it runs while they are collected.

    The store is read first; the frames are then collected on another thread from memory alone,
    so ``meanwhile`` may read the store on this one (the week's plan reads its rituals).
    """
    missing = [day for day in dict.fromkeys(days) if not workspace.has_derived(_key(day))]
    queries = _health_queries(workspace, missing) if missing else []
    collected, done = collect_while(queries, meanwhile)
    if missing and (plugins := METRICS.items()):
        settings = workspace.settings()
        collected = [
            _with_plugins(frame, plugins, day, settings)
            for day, frame in zip(missing, collected, strict=True)
        ]
    computed = dict(zip(missing, collected, strict=True))
    found = [workspace.derived(_key(day), partial(computed.__getitem__, day)) for day in days]
    return found, done


def _nothing() -> None:
    return None


def _key(day: date) -> tuple[str, str, date]:
    return ("api", "health", day)


def _health_queries(workspace: Workspace, days: Sequence[date]) -> list[pl.LazyFrame]:
    """The health query at each of ``days``, over frames read from the store now."""
    with workspace.reading():  # one connection for the settings' calibration and the tables
        settings = workspace.settings()
        basis = health_basis(workspace)
        replied = basis.replied()
        log = basis.log() if replied is None else None  # else health reads no message
    queries = []
    for as_of in days:
        queries.append(
            metrics.health(
                basis.people,
                log,
                as_of,
                settings,
                days=basis.days,
                seen=basis.seen,
                replied=replied,
            )
        )
    return queries


_FIX = "fix or uninstall the package that provides it; NETBOOK_DISABLE_PLUGINS=1 runs without"


def _with_plugins(
    frame: pl.DataFrame, plugins: list[tuple[str, MetricPlugin]], as_of: date, settings: Settings
) -> pl.DataFrame:
    """``frame`` (a health frame) with each metric plugin's column, evaluated one by one.

    A plugin adds a column: it never replaces one of netbook's. One that fails (raises, returns
    no expression, reads a column the frame does not have) is named, in one line.

    Raises:
        PluginError: naming the plugin and what it did.
    """
    own = set(frame.columns)
    extra = []
    for name, plugin in plugins:
        if name in own:
            raise PluginError(
                f"metric plugin {name!r} would replace netbook's own column {name!r}",
                hint="give its entry point another name (a plugin only adds columns)",
            )
        try:
            expression = plugin(as_of=as_of, settings=settings)
        except Exception as error:
            raise PluginError(
                f"metric plugin {name!r} failed: {type(error).__name__}: {_first_line(error)}",
                hint=_FIX,
            ) from error
        if not isinstance(expression, pl.Expr):
            raise PluginError(
                f"metric plugin {name!r} returned {type(expression).__name__}, not pl.Expr",
                hint=_FIX,
            )
        try:  # a constant (or an aggregate) is given to everyone, as polars broadcasts it
            column = frame.with_columns(expression.alias(name)).get_column(name)
        except Exception as error:
            raise PluginError(
                f"metric plugin {name!r} failed on the health frame: {type(error).__name__}: "
                f"{_first_line(error)}",
                hint=_FIX,
            ) from error
        extra.append(column)
    return frame.with_columns(extra)


def _first_line(error: BaseException, most: int = 160) -> str:
    """The first line of what ``error`` says, cut at ``most`` characters.

    Polars appends its query plan, and a missing column's message lists every column there is.
    """
    line = next(iter(str(error).strip().splitlines()), "")
    return line if len(line) <= most else f"{line[: most - 3]}..."


def due(workspace: Workspace, *, as_of: date | str) -> pl.DataFrame:
    """The due queue at ``as_of``: most urgent first, each with its ``why``."""
    return metrics.due(health(workspace, as_of=to_day(as_of)).lazy()).collect(engine=ENGINE)


def plan(workspace: Workspace, *, as_of: date | str) -> pl.DataFrame:
    """The week's plan at ``as_of`` (see :mod:`netbook.plan`): at most ``[plan] per_week`` rows."""
    from netbook import plan as weekly

    return weekly.plan(workspace, to_day(as_of))


SUMMARY_COLUMNS: Final = (
    "person_id", "occurred_at", "channel", "direction", "initiated", "value", "thread_id",
    "is_group", "weight", "content_length", "asks",
)  # fmt: skip
"""The interaction columns the network metrics of :func:`summary` read."""


def _since(start: date, pause_days: int, late_days: int) -> str:
    """A DuckDB condition met by every interaction the network metrics from ``start`` on read.

    Those on ``start`` or later, from a day early (local days start up to 14 hours before UTC's
    do), and before them, with ``quiet = max(pause_days, late_days)``, the longest of:

    - a week and ``quiet``: a new connection may have been written to in the week before, and a
      message whose conversation holds none in the ``quiet`` days before it opens or restarts
      the conversation whatever came before (it follows a silence, and is no late answer), so no
      thread's whole history is needed (see
      :func:`~netbook.metrics.network_flows.with_openings`);
    - ``pause_days`` and twice ``quiet``: the reply rate counts the turns decided in the period,
      whose last message came at most ``pause_days`` before it; those that began up to
      ``quiet`` before that are read whole, with their own ``quiet`` (see
      :func:`~netbook.metrics.network_flows.activity`, which reads no further back).
    """
    quiet = max(pause_days, late_days)
    days = 1 + max(FOLLOW_UP_DAYS + quiet, pause_days + 2 * quiet)
    first = datetime.combine(start - timedelta(days=days), time(0), UTC).isoformat()
    return f"occurred_at >= TIMESTAMPTZ '{first}'"


def summary(workspace: Workspace, *, as_of: date | str, period: Period = "month") -> pl.DataFrame:
    """Every network metric for the ``period`` ending at ``as_of``, beside the previous period's.

    Returns:
        Long form: ``metric``, ``current``, ``previous``, ``change`` (see
        :data:`netbook.metrics.network_summary.METRICS`).
    """
    as_of = to_day(as_of)
    previous_start, previous_end = previous_bounds(as_of, period)
    with workspace.reading():
        settings = workspace.settings()
        # The per-day aggregates serve health at both dates (and, in a review's block, its
        # health too); the two health frames are collected once here: the network metrics read
        # each of them ten times. They are collected (from frames in memory) while the store
        # hands over the recent interactions (``recent``).
        basis = health_basis(workspace)
        healths = [
            metrics.health(
                basis.people,
                None,
                at,
                settings,
                with_replies=False,
                days=basis.days,
                seen=basis.seen,
                why=False,
            ).select(network_summary.HEALTH_COLUMNS)
            for at in (as_of, previous_end)
        ]
        pause_days, late_days = settings.thresholds.pause_days, settings.thresholds.late_answer_days

        def recent() -> pl.LazyFrame:
            # Their conversations sorted and openings marked while the healths are collected:
            # the summary reads them so for both periods.
            where = _since(previous_start, pause_days, late_days)
            log = workspace.interactions(SUMMARY_COLUMNS, where=where)
            return with_openings(log, pause_days, late_days).collect(engine=ENGINE).lazy()

        (current, previous), interactions = collect_while(healths, recent)
    return network_summary.summary(
        current.lazy(),
        previous.lazy(),
        interactions,
        as_of=as_of,
        period=period,
        time_zone=settings.time.zone,
        channel_weights=settings.weights.model_dump(),
        pause_days=pause_days,
        closing_chars=settings.thresholds.closing_chars,
        late_days=late_days,
    ).collect(engine=ENGINE)


PEOPLE_COLUMNS: Final = ("full_name", "company", "position", "connected_on", "profile_url")
"""What :func:`search_people` returns for each person."""
SEARCHED: Final = ("full_name", "company", "position", "profile_url", "email")
"""The fields :func:`search_people` looks in."""


def search_people(workspace: Workspace, query: str | None = None) -> pl.DataFrame:
    """People whose name, company, position, profile URL or e-mail holds ``query`` (any case).

    Newest connections first, then by name; every person when ``query`` is empty.
    """
    frame = workspace.people()
    if query:
        needle = query.casefold()
        frame = frame.filter(
            pl.any_horizontal(
                pl.col(c).str.to_lowercase().str.contains(needle, literal=True).fill_null(False)
                for c in SEARCHED
            )
        )
    return (
        frame.sort("connected_on", "full_name", descending=[True, False], nulls_last=True)
        .select(PEOPLE_COLUMNS)
        .collect()
    )
