"""Job changes: a connection's company or position differs between two LinkedIn exports.

Every import stores each connection's company and position as that export showed them (the
``observations`` table, dated by the export). Two consecutive observations of a person that
differ are a job change:

- **new company**: the company is now set and differs from before (a company first listed now
  counts too: "joined Initech");
- **promotion**: the same company and a new position whose seniority
  (:func:`netbook.metrics.titles.seniority`) is higher than the old one's;
- **new role**: the same company and any other new position (a lateral move, or a title whose
  seniority is unknown).

Companies and positions are compared ignoring case and runs of spaces. An export that lists
neither company nor position for a person says nothing about their job, so it is skipped: a
change is measured against the last export that did. Connections.csv does not say when the new
position started, so a change is known only to lie *between* the two export dates
(``changed_after``, ``changed_by``).

A change is **acknowledged** when there is a touch with the person (any interaction outside a group
conversation other than the connection itself, imported or logged by hand) on or after the day
the change was first seen (``changed_by``) and on or before the as-of day, counted in the
workspace's time zone. Its ``why`` then ends "in touch on <day>" instead of "congratulate".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from netbook.metrics.titles import SENIORITIES, seniority
from netbook.metrics.touches import DAY, is_contact, one_to_one
from netbook.settings import Settings
from netbook.workspace import Workspace

KINDS = ("new company", "promotion", "new role")
"""The kinds of job change."""
COLUMNS = (
    "person_id",
    "full_name",
    "from_company",
    "from_position",
    "to_company",
    "to_position",
    "kind",
    "changed_after",
    "changed_by",
    "acknowledged",
    "why",
)
"""The columns of :func:`job_changes`, in order."""
TOUCH_COLUMNS = ("person_id", "occurred_at", "channel", "is_group", "weight")
"""The interaction columns :func:`touch_days` reads."""


def _normalised(text: pl.Expr) -> pl.Expr:
    """Lower case, single spaces, no surrounding spaces; an empty text is null."""
    cleaned = text.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    return pl.when(cleaned != "").then(cleaned)


def seniority_rank(title: pl.Expr) -> pl.Expr:
    """The position of a title's seniority in :data:`~netbook.metrics.titles.SENIORITIES`.

    Higher is more senior; an unknown (blank) title is null.

    Examples:
        >>> titles = pl.DataFrame({"t": ["Junior Analyst", "Analyst", "Lead Analyst", None]})
        >>> titles.select(seniority_rank(pl.col("t")))["seniority"].to_list()
        [1, 2, 4, None]
    """
    ranks = {name: i for i, name in enumerate(SENIORITIES) if name != "unknown"}
    return seniority(title).replace_strict(ranks, default=None, return_dtype=pl.Int8)


def kind() -> pl.Expr:
    """``new company``, ``promotion`` or ``new role`` from ``from_*`` and ``to_*``; null if none."""
    company, before = _normalised(pl.col("to_company")), _normalised(pl.col("from_company"))
    position = _normalised(pl.col("to_position"))
    moved = company.is_not_null() & company.ne_missing(before)
    retitled = position.is_not_null() & position.ne_missing(_normalised(pl.col("from_position")))
    higher = seniority_rank(pl.col("to_position")) > seniority_rank(pl.col("from_position"))
    return (
        pl.when(moved)
        .then(pl.lit("new company"))
        .when(retitled & higher.fill_null(False))
        .then(pl.lit("promotion"))
        .when(retitled)
        .then(pl.lit("new role"))
        .alias("kind")
    )


def changes(observations: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """Every job change seen in an export dated on or before ``as_of``.

    Args:
        observations: the canonical observations (``person_id``, ``import_id``, ``observed_on``,
            ``company``, ``position``).
        as_of: exports dated later are not seen.

    Returns:
        ``person_id``, ``from_company``, ``from_position``, ``to_company``, ``to_position``,
        ``kind``, ``changed_after`` (the earlier export's date) and ``changed_by`` (the later's).

    Examples:
        >>> seen = pl.LazyFrame({
        ...     "person_id": ["a", "a", "a"], "import_id": [1, 2, 3],
        ...     "observed_on": [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)],
        ...     "company": ["Globex", "Globex", "Initech"],
        ...     "position": ["Engineer", "Senior Engineer", "Senior Engineer"]})
        >>> changes(seen, date(2026, 12, 1)).select("kind", "changed_by").collect().rows()
        [('promotion', datetime.date(2026, 10, 1)), ('new company', datetime.date(2026, 11, 1))]
    """
    tidy = [
        pl.col(c).str.replace_all(r"\s+", " ").str.strip_chars() for c in ("company", "position")
    ]
    stripped = [pl.when(t != "").then(t) for t in tidy]
    # Once stripped, a company or position that says nothing (blank, only spaces) is null.
    listed = pl.col("company").is_not_null() | pl.col("position").is_not_null()

    # Every import observes everyone again: a year of monthly exports holds each job a dozen
    # times. A row exported as the rows before and after it (the same person, company and
    # position, as written) makes no change with either, so only the first and last of each such
    # run are compared (the last keeps the date the old job was last seen), and only those are
    # cleaned: the changes are the same, at the cost of a few comparisons per row.
    def same(n: int) -> pl.Expr:
        """Whether the row ``n`` rows away is the same person's, with the same job as written."""
        return pl.all_horizontal(
            pl.col(c).eq_missing(pl.col(c).shift(n)) for c in ("person_id", "company", "position")
        )

    ordered = (
        observations.filter(pl.col("observed_on") <= as_of)
        # The job itself breaks ties (one export listing a person twice): the same rows in any
        # order give the same changes.
        .sort("person_id", "observed_on", "import_id", "company", "position", nulls_last=True)
        .filter(~(same(1) & same(-1)))
        .with_columns(stripped)
        .filter(listed)
        .unique(["person_id", "observed_on"], keep="last", maintain_order=True)
    )
    # In person order: the row before is the same person's earlier export, if theirs.
    earlier = pl.col("person_id").eq_missing(pl.col("person_id").shift(1))
    previous = [
        pl.when(earlier).then(pl.col(c).shift(1)).alias(f"from_{c}")
        for c in ("company", "position", "observed_on")
    ]
    return (
        ordered.with_columns(previous)
        .rename(
            {
                "company": "to_company",
                "position": "to_position",
                "observed_on": "changed_by",
                "from_observed_on": "changed_after",
            }
        )
        .filter(pl.col("changed_after").is_not_null())
        # Written alike is no change: kind() (a dozen patterns per title) reads only the others.
        .filter(
            pl.col("to_company").ne_missing(pl.col("from_company"))
            | pl.col("to_position").ne_missing(pl.col("from_position"))
        )
        .with_columns(kind())
        .filter(pl.col("kind").is_not_null())
        .select(
            "person_id",
            "from_company",
            "from_position",
            "to_company",
            "to_position",
            "kind",
            "changed_after",
            "changed_by",
        )
    )


def touch_days(interactions: pl.LazyFrame, zone: str) -> pl.LazyFrame:
    """The local days each person had a touch: outside group conversations, not the connection.

    Args:
        interactions: the canonical interactions (at least :data:`TOUCH_COLUMNS`).
        zone: the IANA zone days are counted in.

    Returns:
        Distinct ``person_id``, ``day``.
    """
    touch = one_to_one() & is_contact()
    day = pl.col("occurred_at").dt.convert_time_zone(zone).dt.date().alias("day")
    return interactions.filter(touch).select("person_id", day).unique()


def stored_touch_days(workspace: Workspace, zone: str) -> pl.LazyFrame:
    """:func:`touch_days` of the workspace's log, computed once per reading block.

    They do not depend on an as-of day: the week's plan and a review, which look at several,
    compute them once. In the workspace's own zone they are the days of the per-day aggregates
    health reads (:func:`~netbook.metrics.touches.daily`) that had contact, with no log to read.
    """
    with workspace.reading():
        key = ("rituals", "touch_days", zone)
        return workspace.derived(key, lambda: _touch_days(workspace, zone)).lazy()


def _touch_days(workspace: Workspace, zone: str) -> pl.DataFrame:
    from netbook.frames import health_basis

    if zone != workspace.settings().time.zone:
        return touch_days(workspace.interactions(TOUCH_COLUMNS), zone).collect()
    # daily() keeps the same rows (outside groups, per person and local day in this zone), and
    # counts contact (is_contact) in touch_count.
    days = health_basis(workspace).days.filter(pl.col("touch_count") > 0)
    return days.select(pl.col("person_id").cast(pl.String), pl.col(DAY).alias("day")).collect()


def acknowledge(found: pl.LazyFrame, days: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """``found`` with ``acknowledged_on``: the first touch day from ``changed_by`` to ``as_of``."""
    first = (
        found.select("person_id", "changed_by")
        .unique()
        .join(days.filter(pl.col("day") <= as_of), on="person_id")
        .filter(pl.col("day") >= pl.col("changed_by"))
        .group_by("person_id", "changed_by")
        .agg(pl.col("day").min().alias("acknowledged_on"))
    )
    return found.join(first, on=["person_id", "changed_by"], how="left", maintain_order="left")


def what() -> pl.Expr:
    """What happened and between which export dates, e.g. ``joined Initech (between ... and ...)``."""
    to_company, to_position = pl.col("to_company"), pl.col("to_position")
    from_company, from_position = pl.col("from_company"), pl.col("from_position")
    at = pl.when(to_company.is_not_null()).then(pl.lit(" at ") + to_company).otherwise(pl.lit(""))
    happened = (
        pl.when((pl.col("kind") == "new company") & from_company.is_not_null())
        .then(pl.format("moved from {} to {}", from_company, to_company))
        .when(pl.col("kind") == "new company")
        .then(pl.format("joined {}", to_company))
        .when((pl.col("kind") == "promotion") & from_position.is_not_null())
        .then(pl.format("promoted from {} to {}", from_position, to_position) + at)
        .when(from_position.is_not_null())
        .then(pl.format("changed role from {} to {}", from_position, to_position) + at)
        .otherwise(pl.format("new role as {}", to_position) + at)
    )
    span = pl.format(" (between {} and {})", pl.col("changed_after"), pl.col("changed_by"))
    return (happened + span).alias("why")


def why() -> pl.Expr:
    """:func:`what` and what to do: ``congratulate``, or ``in touch on`` the first touch since.

    Examples:
        >>> row = pl.DataFrame({"from_company": ["Globex"], "to_company": ["Initech"],
        ...     "from_position": ["CTO"], "to_position": ["CTO"], "kind": ["new company"],
        ...     "changed_after": [date(2026, 10, 16)], "changed_by": [date(2026, 11, 16)],
        ...     "acknowledged_on": [None]})
        >>> row.select(why()).item()
        'moved from Globex to Initech (between 2026-10-16 and 2026-11-16): congratulate'
    """
    then = (
        pl.when(pl.col("acknowledged_on").is_null())
        .then(pl.lit(": congratulate"))
        .otherwise(pl.format(": in touch on {}", pl.col("acknowledged_on")))
    )
    return (what() + then).alias("why")


@dataclass(frozen=True)
class JobFrames:
    """What job changes (and milestones' acknowledgements) are computed from."""

    observations: pl.LazyFrame
    """Each connection's company and position as each export showed them."""
    people: pl.LazyFrame
    """The people (``person_id``, ``full_name`` and their dates)."""
    days: pl.LazyFrame
    """Each person's touch days in the workspace's time zone (:func:`touch_days`)."""


def read_job_frames(workspace: Workspace) -> JobFrames:
    """Read :class:`JobFrames` from the workspace, in one consistent snapshot."""
    zone = workspace.settings().time.zone
    with workspace.reading():
        return JobFrames(
            workspace.observations(),
            workspace.people(),
            stored_touch_days(workspace, zone),
        )


def job_changes(workspace: Workspace, as_of: date) -> pl.DataFrame:
    """Every job change of a connection seen in an export dated on or before ``as_of``.

    Reads :class:`JobFrames`, then :func:`changes_of`.
    """
    settings = workspace.settings()
    return changes_of(read_job_frames(workspace), as_of, settings)


def changes_of(frames: JobFrames, as_of: date, settings: Settings) -> pl.DataFrame:
    """Every job change in ``frames`` seen in an export dated on or before ``as_of``.

    Args:
        frames: the observations, people and touches (at least two LinkedIn imports make a change
            visible).
        as_of: exports dated later, and touches on later days, are not seen.
        settings: the workspace's settings.

    Returns:
        The :data:`COLUMNS`, newest change first (then by person id): ``kind`` is one of
        :data:`KINDS`, ``changed_after``/``changed_by`` the dates of the two exports it happened
        between, ``acknowledged`` whether you were in touch since ``changed_by``, and ``why``
        e.g. ``moved from Globex to Initech (between 2026-10-16 and 2026-11-16): congratulate``.
    """
    seen = frames.observations.filter(pl.col("observed_on") <= as_of)
    if seen.select(pl.col("observed_on").n_unique()).collect().item() < 2:
        # One export shows no change: nothing to compare (a fresh workspace's every plan).
        frames = JobFrames(frames.observations.clear(), frames.people, frames.days.clear())
    found = acknowledge(changes(frames.observations, as_of), frames.days, as_of)
    return (
        found.join(frames.people.select("person_id", "full_name"), on="person_id", how="left")
        .with_columns(pl.col("acknowledged_on").is_not_null().alias("acknowledged"), why())
        .select(COLUMNS)
        .sort(["changed_by", "person_id"], descending=[True, False])
        .collect()
    )


FRESH_DAYS = 60
"""A job change seen between exports more than this many days ago is no longer news to act on."""


def fresh_changes(workspace: Workspace, as_of: date) -> pl.DataFrame:
    """The job changes not acknowledged yet, seen at most :data:`FRESH_DAYS` days before ``as_of``."""
    since = as_of - timedelta(days=FRESH_DAYS)
    return job_changes(workspace, as_of).filter(
        ~pl.col("acknowledged") & (pl.col("changed_by") >= since)
    )
