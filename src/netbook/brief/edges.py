"""Who knows whom, from stored facts only: the edges ``who`` paths and ``intros`` read.

An edge between two of your people is one of:

- ``colleagues``: the same company in the same export (``observations``: both were seen there on
  the same day), with the first and last such day; a company seen with more than
  :data:`COLLEAGUES_MAX` of your people in one export gives no edges (colleagues in name only);
- ``group``: the same group conversation (``interactions`` with ``is_group``; a calendar group
  meeting or an e-mail thread to several people is one too), with its first and last day;
- ``meeting``: the same stored calendar meeting (``meetings``), with its day;
  a conversation or meeting with more than ``[rituals] calendar_max_people`` (12) of your people
  (an all-hands, a webinar, a mailing list) gives no edges: its members need not know each other;
- ``knows``: a link you recorded with ``netbook knows``.

Only rows up to the as-of day count (a knows link is a fact, not an event: it counts always).
Each edge is listed in both directions with ``kind``, ``key`` (the company, thread id, meeting id
or ``knows``), ``first_on``, ``last_on`` and a short ``detail``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from netbook import identity, schema
from netbook.metrics.touches import end_of
from netbook.rituals.ties import company_key
from netbook.workspace import Workspace

COLLEAGUES_MAX = 200
"""A company with more of your people than this in one export makes nobody colleagues."""
EDGES = pl.Schema(
    {
        "a_id": pl.String,
        "b_id": pl.String,
        "kind": pl.String,
        "key": pl.String,
        "first_on": pl.Date,
        "last_on": pl.Date,
        "detail": pl.String,
    }
)
"""The columns of :func:`edges`."""


def _span(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """``2019-22``, or ``2026`` for one year."""
    one, two = first.dt.year(), last.dt.year()
    return (
        pl.when(one == two)
        .then(one.cast(pl.String))
        .otherwise(pl.format("{}-{}", one, (two % 100).cast(pl.String).str.zfill(2)))
    )


def _pairs(members: pl.LazyFrame, key: str, among: pl.Series | None) -> pl.LazyFrame:
    """Every ordered pair of distinct people sharing ``key`` on a ``day``, with the first and last.

    ``members`` has ``person_id``, ``key`` and ``day`` (the pair shares the key on that day);
    with ``among``, only pairs whose first person is one of them.
    """
    other = members.select(key, "day", b_id="person_id")
    left = members.rename({"person_id": "a_id"})
    if among is not None:
        left = left.filter(pl.col("a_id").is_in(among.implode()))
    return (
        left.join(other, on=[key, "day"])
        .filter(pl.col("a_id") != pl.col("b_id"))
        .group_by("a_id", "b_id", key)
        .agg(first_on=pl.col("day").min(), last_on=pl.col("day").max(), times=pl.len())
    )


def edges(workspace: Workspace, as_of: date, among: Sequence[str] | None = None) -> pl.DataFrame:
    """Every stored who-knows-whom fact up to ``as_of`` (see the module), both directions.

    With ``among``, only the facts about those people (either side): much less work for a few.
    """
    chosen = None if among is None else pl.Series("among", list(among), pl.String)
    settings = workspace.settings()
    zone, crowd = settings.time.zone, settings.rituals.calendar_max_people
    end = pl.lit(end_of(as_of, zone)).dt.convert_time_zone("UTC")
    with workspace.reading():
        seen = workspace.observations()
        groups = workspace.interactions(("person_id", "occurred_at", "thread_id", "is_group"))
        meetings, knows = workspace.table("meetings"), workspace.table("knows")
        aliases = workspace.aliases()
    work = (
        seen.filter(pl.col("observed_on") <= as_of)
        .select(
            "person_id", "company", day="observed_on", company_key=company_key(pl.col("company"))
        )
        .drop_nulls("company_key")
        .filter(pl.len().over("company_key", "day") <= COLLEAGUES_MAX)
    )
    names = work.group_by("company_key").agg(pl.col("company").sort().first())
    colleagues = (
        _pairs(work.select("person_id", "company_key", "day"), "company_key", chosen)
        .join(names, on="company_key")
        .select(
            "a_id",
            "b_id",
            kind=pl.lit("colleagues"),
            key="company",
            first_on="first_on",
            last_on="last_on",
            detail=pl.format(
                "colleague at {} {}", "company", _span(pl.col("first_on"), pl.col("last_on"))
            ),
        )
    )
    talk = groups.filter(
        pl.col("is_group").fill_null(False) & (pl.col("occurred_at") < end)
    ).select(
        "person_id",
        thread=pl.col("thread_id").cast(pl.String),
        day=pl.col("occurred_at").dt.convert_time_zone(zone).dt.date(),
    )
    held = (
        schema.conform(meetings, schema.MEETINGS)
        .filter(pl.col("start_at") < end)
        .select(
            "uid",
            "title",
            day=pl.col("start_at").dt.convert_time_zone(zone).dt.date(),
            person_id=pl.col("attendees"),
        )
        .explode("person_id")
        .drop_nulls("person_id")
        .with_columns(identity.canonical(pl.col("person_id"), aliases))
        .unique()
        .filter(pl.col("person_id").n_unique().over("uid") <= crowd)
    )
    # A calendar meeting is also a group "conversation" among its interactions: counted once.
    stored_uids = held.select(thread="uid").unique()
    spans = talk.group_by("thread").agg(first_on=pl.col("day").min(), last_on=pl.col("day").max())
    members = (
        talk.select("person_id", "thread")
        .unique()
        .join(stored_uids, on="thread", how="anti")
        .filter(pl.len().over("thread") <= crowd)
    )
    threads = (
        _pairs(members.with_columns(day=pl.lit(0)), "thread", chosen)
        .drop("first_on", "last_on")
        .join(spans, on="thread")
        .select(
            "a_id",
            "b_id",
            kind=pl.lit("group"),
            key="thread",
            first_on="first_on",
            last_on="last_on",
            detail=pl.format("in a group conversation with you, last {}", "last_on"),
        )
    )
    titles = held.group_by("uid").agg(pl.col("title").drop_nulls().sort().first())
    met = (
        _pairs(held.select("person_id", "uid", "day").with_columns(day=pl.lit(0)), "uid", chosen)
        .drop("first_on", "last_on", "times")
        .join(
            held.group_by("uid").agg(first_on=pl.col("day").min(), last_on=pl.col("day").max()),
            on="uid",
        )
        .join(titles, on="uid")
        .select(
            "a_id",
            "b_id",
            kind=pl.lit("meeting"),
            key="uid",
            first_on="first_on",
            last_on="last_on",
            detail=pl.format(
                "met in '{}' {}",
                pl.col("title").fill_null("a meeting"),
                _span(pl.col("first_on"), pl.col("last_on")),
            ),
        )
    )
    linked = knows.lazy().select(
        a_id=identity.canonical(pl.col("a_id"), aliases),
        b_id=identity.canonical(pl.col("b_id"), aliases),
    )
    known = (
        pl.concat([linked, linked.select(a_id="b_id", b_id="a_id")])
        .filter(pl.col("a_id") != pl.col("b_id"))
        .select(
            "a_id",
            "b_id",
            kind=pl.lit("knows"),
            key=pl.lit("knows"),
            first_on=pl.lit(None, pl.Date),
            last_on=pl.lit(None, pl.Date),
            detail=pl.lit("you noted they know each other"),
        )
    )
    if chosen is not None:
        known = known.filter(pl.col("a_id").is_in(chosen.implode()))
    found = pl.concat([schema.conform(f, EDGES) for f in (colleagues, threads, met, known)])
    if chosen is not None:  # the other direction of each fact about them
        found = pl.concat([found, found.with_columns(a_id="b_id", b_id="a_id")])
    return (
        found.with_columns(
            identity.canonical(pl.col("a_id"), aliases), identity.canonical(pl.col("b_id"), aliases)
        )
        .filter(pl.col("a_id") != pl.col("b_id"))
        .unique()
        .sort("a_id", "b_id", "kind", "key", "first_on", "last_on", nulls_last=True)
        .collect()
    )
