"""The week's plan: at most ``[plan] per_week`` actions, one per person, each with its why.

The plan answers "who should I reach out to this week, and why?". It draws from every kind of
action, in this order of precedence (a person with several gets the first):

1. **keep a promise** due this week or overdue (``netbook promise``);
2. **follow up** people met at an event, while the follow-up is owed;
3. **answer** a message that waits for your answer (see :func:`netbook.metrics.replies.replies`);
4. **reach out** to a tie late against its cadence or its own rhythm (the due queue, most
   important and latest first);
5. **congratulate** a job change, or a birthday or anniversary this week;
6. **revive** a dormant tie worth reviving;
7. **welcome** a new connection you are not in touch with yet.

Each round takes up to :data:`ROUND` items of each kind, in that order, until the plan is full: a
long list of one kind never crowds out the others. The plan is made at the end of the day before
the week starts (a Sunday for a Monday week; asked for on a Sunday, it is the coming week's), so
it is the same all week; an item done since (a
touch with the person, imported or logged; a promise marked done) drops out, and an item that was
in last week's plan too says so (``2nd week``): the plan you were shown then, as recorded in
the workspace (:mod:`netbook.plan_history`; a week without a plan carries nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import polars as pl

from netbook import api, metrics, plan_cache, plan_history
from netbook.metrics.status import importance
from netbook.metrics.touches import end_of, is_contact, one_to_one
from netbook.settings import Settings
from netbook.workspace import Workspace

if TYPE_CHECKING:
    from netbook.rituals.ties import Network

KINDS = ("keep a promise", "follow up", "answer", "reach out", "congratulate", "revive", "welcome")
"""The kinds of action, in order of precedence."""
ROUND = {
    "keep a promise": 2,
    "follow up": 1,
    "answer": 2,
    "reach out": 2,
    "congratulate": 1,
    "revive": 1,
    "welcome": 1,
}
"""How many items of each kind one round of the plan takes."""
COLUMNS = ("rank", "person_id", "full_name", "action", "why", "since", "carried")
"""The columns of :func:`plan`: ``since`` is when the reason began, ``carried`` e.g. ``2nd week``."""
CANDIDATE = pl.Schema(
    {
        "person_id": pl.String,
        "full_name": pl.String,
        "action": pl.String,
        "why": pl.String,
        "since": pl.Date,
        "order": pl.Float64,
    }
)
"""One possible action: ``order`` ranks it within its kind (smaller first)."""
WEEK = timedelta(days=7)
CARRY_WEEKS = 3
"""How many earlier weeks are looked at to say how long an item has been carried."""


def week_basis(as_of: date) -> date:
    """The Sunday a plan asked for on ``as_of`` is made at: the latest Sunday up to ``as_of``.

    A week's plan is made at the end of the Sunday before its Monday, so on a Sunday the plan is
    the coming week's (the week ending that day is over by the time it is read: a weekly review
    run on Monday morning for the week to Sunday shows the week ahead).

    Examples:
        >>> week_basis(date(2026, 11, 18)), week_basis(date(2026, 11, 16))
        (datetime.date(2026, 11, 15), datetime.date(2026, 11, 15))
        >>> week_basis(date(2026, 11, 15)), week_basis(date(2026, 11, 14))
        (datetime.date(2026, 11, 15), datetime.date(2026, 11, 8))
    """
    return as_of - timedelta(days=(as_of.weekday() + 1) % 7)


@dataclass(frozen=True)
class Sources:
    """What a plan is made of, read once: the health frame at a day and the ritual lists."""

    health: pl.DataFrame
    promises: pl.DataFrame
    follow_ups: pl.DataFrame
    job_changes: pl.DataFrame
    milestones: pl.DataFrame
    dormant: pl.DataFrame


@dataclass(frozen=True)
class Rituals:
    """The ritual lists of :class:`Sources`: read from the store, not from the health frame."""

    promises: pl.DataFrame
    follow_ups: pl.DataFrame
    job_changes: pl.DataFrame
    milestones: pl.DataFrame


def read_rituals(workspace: Workspace, basis: date) -> Rituals:
    """The :class:`Rituals` at ``basis`` (nothing later is seen)."""
    from netbook.rituals import events, jobs, milestones, promises

    owed_since = basis - timedelta(days=events.OWED_DAYS)
    return Rituals(
        promises=promises.open_promises(workspace, basis),
        follow_ups=events.owed_follow_ups(workspace, basis, owed_since),
        job_changes=jobs.fresh_changes(workspace, basis),
        milestones=milestones.upcoming_milestones(workspace, basis + timedelta(days=1), days=6),
    )


def read_sources(
    workspace: Workspace,
    basis: date,
    health: pl.DataFrame | None = None,
    network: Network | None = None,
    rituals: Rituals | None = None,
) -> Sources:
    """Everything :func:`candidates` needs at ``basis`` (nothing later is seen).

    ``health``: :func:`netbook.api.health` at ``basis``, ``network``:
    :func:`netbook.rituals.ties.read_network` at ``basis`` with that health, and ``rituals``:
    :func:`read_rituals` at ``basis``, when the caller has them already.
    """
    from netbook.rituals import ties

    if health is None:
        health = api.health(workspace, as_of=basis)
    if network is None:
        network = ties.read_network(workspace, basis, health)
    if rituals is None:
        rituals = read_rituals(workspace, basis)
    return Sources(
        health=health,
        promises=rituals.promises,
        follow_ups=rituals.follow_ups,
        job_changes=rituals.job_changes,
        milestones=rituals.milestones,
        dormant=ties.dormant_ties(workspace, basis, limit=10, network=network),
    )


def _named(frame: pl.DataFrame, health: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each person's ``full_name`` from the health frame."""
    names = health.select("person_id", "full_name")
    return frame.drop("full_name", strict=False).join(names, on="person_id", how="left")


def _rows(
    frame: pl.DataFrame, action: str, *, why: pl.Expr, since: pl.Expr, order: pl.Expr
) -> pl.DataFrame:
    return frame.select(
        "person_id",
        "full_name",
        pl.lit(action).alias("action"),
        why.cast(pl.String).alias("why"),
        since.cast(pl.Date).alias("since"),
        order.cast(pl.Float64).alias("order"),
    )


def candidates(sources: Sources, basis: date, settings: Settings) -> pl.DataFrame:
    """Every possible action at ``basis``, one per person (the first kind wins), ranked per kind.

    Snoozed people are left out of every kind but promises (a promise is yours to keep).
    """
    h = sources.health
    awake = h.filter(pl.col("status") != "snoozed").with_columns(importance().alias("importance"))
    week_end = basis + timedelta(days=7)
    due_soon = sources.promises.filter(pl.col("due_on") <= week_end)
    answer = awake.filter(pl.col("unanswered_inbound") > 0)
    queue = metrics.due(awake.lazy()).collect()
    welcome = awake.filter(pl.col("status") == "new")
    awake_ids = awake.select("person_id")
    # The closest ties first (one congratulation a round), then job changes before milestones,
    # the freshest change and the nearest day first.
    weights = awake.select("person_id", "importance")
    closest = -pl.col("importance") * 10_000
    congratulate = pl.concat(
        [
            _rows(
                _named(sources.job_changes, h).join(weights, on="person_id"),
                "congratulate",
                why=pl.col("why"),
                since=pl.col("changed_by"),
                order=closest + (pl.lit(basis) - pl.col("changed_by")).dt.total_days(),
            ),
            _rows(
                _named(sources.milestones, h).join(weights, on="person_id"),
                "congratulate",
                why=pl.col("why"),
                since=pl.col("on"),
                order=closest + (pl.col("on") - pl.lit(basis)).dt.total_days() + 1000,
            ),
        ]
    )
    found = pl.concat(
        [
            _rows(
                _named(due_soon, h),
                "keep a promise",
                why=pl.col("why"),
                since=pl.col("made_on"),
                order=(pl.col("due_on") - pl.lit(basis)).dt.total_days(),
            ),
            _rows(
                _named(sources.follow_ups, h).join(awake_ids, on="person_id", how="semi"),
                "follow up",
                why=pl.col("why"),
                since=pl.col("held_on"),
                order=(pl.lit(basis) - pl.col("held_on")).dt.total_days(),
            ),
            _rows(
                answer,
                "answer",
                why=pl.col("why"),
                since=pl.col("unanswered_since"),
                # The most important first, then the freshest (an old one may have expired).
                order=-pl.col("importance") * 1000
                + (pl.lit(basis) - pl.col("unanswered_since")).dt.total_days(),
            ),
            _rows(
                queue,
                "reach out",
                why=pl.col("why"),
                since=pl.col("due_on"),
                order=-pl.col("priority"),
            ),
            congratulate,
            _rows(
                _named(sources.dormant, h).join(awake_ids, on="person_id", how="semi"),
                "revive",
                why=pl.col("why"),
                since=pl.col("last_contact_at").dt.date(),
                order=-pl.col("score"),
            ),
            _rows(
                welcome,
                "welcome",
                why=pl.col("why"),
                since=pl.col("connected_on"),
                order=(pl.lit(basis) - pl.col("connected_on")).dt.total_days(),
            ),
        ]
    )
    kind = pl.col("action").replace_strict(
        {k: i for i, k in enumerate(KINDS)}, return_dtype=pl.Int32
    )
    return (
        found.with_columns(kind.alias("kind"))
        .sort("kind", "order", "person_id")
        .unique("person_id", keep="first", maintain_order=True)
        .with_columns(pl.int_range(pl.len()).over("kind").alias("place"))
    )


def choose(found: pl.DataFrame, per_week: int) -> pl.DataFrame:
    """At most ``per_week`` of :func:`candidates`, taken round by round (:data:`ROUND`)."""
    quota = pl.col("action").replace_strict(ROUND, return_dtype=pl.Int64)
    return (
        found.with_columns((pl.col("place") // quota).alias("round"))
        .sort("round", "kind", "place")
        .head(per_week)
        .sort("kind", "place")
        .select(CANDIDATE.names())
    )


def _contact_after(
    workspace: Workspace, basis: date, as_of: date, zone: str, read_from: date | None = None
) -> pl.DataFrame:
    """People in touch after ``basis`` up to ``as_of``: ``person_id``, ``outbound`` (you wrote).

    ``read_from``: an earlier day to read the store from, so that one read (kept for the block)
    serves the plans of several Sundays (default: ``basis``).
    """
    after = end_of(basis, zone)
    start = pl.lit(after).dt.convert_time_zone("UTC")
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    since = end_of(min(basis, read_from or basis), zone).astimezone(UTC).isoformat()
    with workspace.reading():  # the store hands over the rows since the plan was made only
        touches = workspace.interactions(
            ("person_id", "occurred_at", "channel", "direction", "is_group", "weight"),
            where=f"occurred_at >= TIMESTAMPTZ '{since}'",
        )
    return (
        touches.filter(
            is_contact()
            & one_to_one()
            & (pl.col("occurred_at") >= start)
            & (pl.col("occurred_at") < end)
        )
        .group_by("person_id")
        .agg((pl.col("direction") != "inbound").fill_null(True).any().alias("outbound"))
        .collect()
    )


def drop_done(
    chosen: pl.DataFrame, contact: pl.DataFrame, kept_promises: pl.DataFrame
) -> pl.DataFrame:
    """``chosen`` without the items done since.

    Done is a touch with the person (for an answer, a touch of yours), or, for a promise, the
    promise marked done.
    """
    touched = chosen.join(contact, on="person_id", how="left")
    done = (
        pl.when(pl.col("action") == "keep a promise")
        .then(pl.col("person_id").is_in(kept_promises["person_id"].implode()))
        .when(pl.col("action") == "answer")
        .then(pl.col("outbound").fill_null(False))
        .otherwise(pl.col("outbound").is_not_null())
    )
    return touched.filter(~done).drop("outbound")


def _ordinal(n: int) -> str:
    return {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")


def plan(workspace: Workspace, as_of: date, *, per_week: int | None = None) -> pl.DataFrame:
    """The week's plan at ``as_of``: :data:`COLUMNS`, at most ``per_week`` rows, ranked 1, 2, ...

    Args:
        workspace: the workspace.
        as_of: a day of the week the plan is for; nothing after it is seen.
        per_week: at most this many actions (default: ``[plan] per_week`` of the settings).
    """
    basis = week_basis(as_of)
    this = plan_cache.sunday(basis)
    with workspace.reading():  # one view of the store (one connection), each table read once
        settings = workspace.settings()
        limit = settings.plan.per_week if per_week is None else per_week
        zone = settings.time.zone
        digest = plan_cache.key(workspace, settings, limit)
        kept = plan_cache.load(workspace, digest, CANDIDATE)
        weeks = [plan_cache.sunday(basis - WEEK * back) for back in range(CARRY_WEEKS + 1)]
        shown = plan_history.load(workspace, CANDIDATE, weeks)  # this week's and those before
        # The weeks before, as the plans you were shown then (plan_history), back to the first
        # week without one; only weeks that ended after your first import count.
        began = _first_import_day(workspace, zone)
        earlier: list[tuple[date, pl.DataFrame]] = []
        for back in range(1, CARRY_WEEKS + 1):
            day = basis - WEEK * back
            if began is None or day + WEEK <= began or plan_cache.sunday(day) not in shown:
                break
            earlier.append((day, shown[plan_cache.sunday(day)]))
        ends = {basis: as_of} | {day: day + WEEK for day, _ in earlier}

        def done() -> dict[date, tuple[pl.DataFrame, pl.DataFrame]]:
            """Who was in touch in each week, and the promises kept (one read of the store)."""
            first = min(ends)
            return {
                day: (
                    _contact_after(workspace, day, end, zone, read_from=first),
                    _kept_promises(workspace, end),
                )
                for day, end in ends.items()
            }

        if this in kept:  # chosen on Sunday by a run before, on this same store
            chosen, since = kept[this], done()
        else:
            chosen, since = _choose(workspace, basis, settings, limit, done)
        plans = [drop_done(week, *since[day]) for day, week in [(basis, chosen), *earlier]]
        # Today in the block: its settings are read already (outside, they are read again).
        made_in_its_week = basis <= api.today(workspace) < basis + WEEK
    if this not in kept:
        plan_cache.save(workspace, digest, {**kept, this: chosen})
    if per_week is None:  # a plan of another size than the settings' is a view, not the week's
        plan_history.record(workspace, this, chosen, replace=made_in_its_week, known=shown)
    key = pl.format("{}|{}", "person_id", "action")
    carried, streak = pl.lit(1, pl.Int64), pl.lit(True)
    for week in plans[1:]:
        streak = streak & key.is_in(week.select(key).to_series().implode())
        carried = carried + streak.cast(pl.Int64)
    labels = {n: f"{n}{_ordinal(n)} week" for n in range(2, len(plans) + 1)}
    label = pl.col("weeks").replace_strict(labels, default=None, return_dtype=pl.String)
    return (
        plans[0]
        .with_columns(carried.alias("weeks"))
        .select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank"),
            "person_id",
            "full_name",
            "action",
            pl.when(label.is_not_null())
            .then(pl.format("{}; {}", pl.col("why"), label))
            .otherwise(pl.col("why"))
            .alias("why"),
            "since",
            label.alias("carried"),
        )
    )


T = TypeVar("T")


def _choose(
    workspace: Workspace,
    basis: date,
    settings: Settings,
    limit: int,
    meanwhile: Callable[[], T],
) -> tuple[pl.DataFrame, T]:
    """The actions chosen on Sunday ``basis`` (see :func:`choose`), and ``meanwhile()``.

    The health is collected on a worker while the store hands over the rituals and what
    ``meanwhile`` reads; then the ties network (the dormant ties to revive).
    """
    from netbook.rituals.ties import read_network

    def read() -> tuple[Rituals, T]:
        return read_rituals(workspace, basis), meanwhile()

    (health,), (rituals, found) = api.healths_while(workspace, [basis], read)
    network = read_network(workspace, basis, health)
    sources = read_sources(workspace, basis, health, network, rituals)
    return choose(candidates(sources, basis, settings), limit), found


def _first_import_day(workspace: Workspace, zone: str) -> date | None:
    """The local day the workspace's first import finished (None: nothing imported)."""
    first = workspace.table("imports", ("finished_at",))["finished_at"].min()
    return first.astimezone(ZoneInfo(zone)).date() if isinstance(first, datetime) else None


def _kept_promises(workspace: Workspace, until: date) -> pl.DataFrame:
    from netbook.rituals import promises

    return (
        promises.promises(workspace, until).filter(pl.col("status") == "done").select("person_id")
    )


def told_apart(workspace: Workspace, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (with ``person_id`` and ``full_name``) with namesakes' names told apart.

    A name someone else in the workspace has too (as ``netbook log NAME`` matches names) is
    followed by the person's company, or by the start of their id where the company does not
    tell them apart (none, or the same): "Mei Vantongeren (Globex)", "Sam Roe (b20c2c47)".
    """
    from netbook.keys import name_key

    key = name_key(pl.col("full_name"))
    names = frame.select(key.alias("key")).drop_nulls().to_series().implode()
    # Everyone named as someone in the frame is, and of those the names more than one person has.
    shared = (
        workspace.people()
        .select("person_id", "full_name", "company", key.alias("key"))
        .filter(pl.col("key").is_in(names))
        .filter(pl.len().over("key") > 1)
        .collect()
    )
    twice = frame.select(
        pl.col("full_name").is_duplicated() | key.is_in(shared["key"].implode()).fill_null(False)
    ).to_series()
    if not twice.any():
        return frame
    # The company tells namesakes apart only when no namesake has the same one (or none).
    telling = shared.filter(
        pl.col("company").is_not_null() & (pl.len().over("key", "company") == 1)
    ).select("person_id", "company")
    where = pl.coalesce("company", pl.col("person_id").str.slice(0, 8))
    return (
        frame.with_columns(twice.alias("__twice"))
        .join(telling, on="person_id", how="left", maintain_order="left")
        .with_columns(
            pl.when("__twice")
            .then(pl.format("{} ({})", "full_name", where))
            .otherwise("full_name")
            .alias("full_name")
        )
        .select(frame.columns)
    )
