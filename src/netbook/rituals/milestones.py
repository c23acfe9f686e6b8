"""Milestones worth a message: birthdays, connection anniversaries and work anniversaries.

Decisions:

- **Birthdays** come from ``people.birthday`` (contacts, vCards, LinkedIn's Profile.csv):
  ``YYYY-MM-DD`` gives the age ("turns 40 on 2026-11-29"), ``--MM-DD`` only the day ("birthday
  on 2026-11-29"). A birthday in the year of birth itself is not a milestone.
- **29 February** is celebrated on 28 February in years that are not leap years (the day before
  the one that does not exist, as most calendars do); its ``why`` ends "(29 February)". The
  same holds for anniversaries of a 29 February.
- **Connection anniversaries** (from ``connected_on``) count at round years only: the first, then
  every fifth (1, 5, 10, 15, 20 ...). Each year would flood the calendar of anyone with a
  thousand connections; these are the ones people mark.
- **Work anniversaries** need the day a person started their job. Connections.csv does not have
  it, and neither has the people table, so the workspace has none today. :func:`occurrences`
  counts them, every full year, for any people frame with a ``started_on`` (Date) column, so a
  future source that knows start dates only has to provide it. The owner's own Positions.csv is
  the owner's career, not a contact's, and is not used.
- **A connection anniversary is one of a tie**: it counts only with someone you have been in
  touch with by the as-of day (a touch as below; the connection itself is none). Congratulating a
  stranger on a year of a connection never used is no relationship, and a Connections.csv alone
  would otherwise fill the week's plan and the calendar with them. Birthdays count for everyone:
  a birthday is known only of people in your address book or profile data.
- A milestone before the day you connected is not one of yours: a person with a
  ``connected_on`` counts only from then (people without one, from address books, always count).
- **Acknowledged**: a touch with the person (any interaction outside a group conversation other
  than the connection itself, imported or logged by hand) from :data:`WINDOW_DAYS` days before
  to :data:`WINDOW_DAYS` days after the milestone's day, both inclusive, counted in the
  workspace's zone and never after the as-of day. So a milestone in the last three days before
  the as-of day may still become acknowledged on a later run. A job change (see
  :mod:`netbook.rituals.jobs`) is a milestone on the day it was first seen (``changed_by``) for
  the acknowledgement rate, with the same window.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from netbook.metrics.network import Period, period_bounds
from netbook.phrases import plural_expr
from netbook.rituals import jobs
from netbook.settings import Settings
from netbook.workspace import Workspace

KINDS = ("birthday", "connection anniversary", "work anniversary")
"""The kinds of :func:`occurrences`; the acknowledgement rate adds ``job change``."""
COLUMNS = ("person_id", "full_name", "kind", "on", "years", "why")
"""The columns of :func:`upcoming_milestones`, in order."""
WINDOW_DAYS = 3
"""A touch this many days before or after a milestone, inclusive, acknowledges it."""
ROUND_EVERY = 5
"""Connection anniversaries count at 1 year and at every multiple of this many years."""


def _two(number: pl.Expr) -> pl.Expr:
    return number.cast(pl.String).str.zfill(2)


def _dated(people: pl.LazyFrame, column: str, kind: str) -> pl.LazyFrame:
    day = pl.col(column)
    return people.filter(day.is_not_null()).select(
        "person_id",
        "full_name",
        "company",
        "connected_on",
        kind=pl.lit(kind),
        since=day.dt.year().cast(pl.Int32),
        month=_two(day.dt.month()),
        day=_two(day.dt.day()),
    )


def _birthdays(people: pl.LazyFrame) -> pl.LazyFrame:
    pattern = r"^(\d{4}|-)-(\d{2})-(\d{2})$"
    text = pl.col("birthday").str.strip_chars()
    return people.filter(text.str.contains(pattern).fill_null(False)).select(
        "person_id",
        "full_name",
        "company",
        "connected_on",
        kind=pl.lit("birthday"),
        since=text.str.extract(pattern, 1).cast(pl.Int32, strict=False),
        month=text.str.extract(pattern, 2),
        day=text.str.extract(pattern, 3),
    )


def why() -> pl.Expr:
    """``turns 40 on …``, ``birthday on …``, ``10 years connected on …``, ``3 years at X on …``."""
    years, on = pl.col("years"), pl.col("on")
    leap = pl.when(pl.col("leap_day")).then(pl.lit(" (29 February)")).otherwise(pl.lit(""))
    company = pl.coalesce(pl.lit(" at ") + pl.col("company"), pl.lit(" in their job"))
    return (
        pl.when((pl.col("kind") == "birthday") & years.is_not_null())
        .then(pl.format("turns {} on {}", years, on))
        .when(pl.col("kind") == "birthday")
        .then(pl.format("birthday on {}", on))
        .when(pl.col("kind") == "connection anniversary")
        .then(pl.format("{} connected on {}", plural_expr(years, "year"), on))
        .otherwise(pl.format("{}{} on {}", plural_expr(years, "year"), company, on))
        + leap
    ).alias("why")


def occurrences(
    people: pl.LazyFrame, start: date, end: date, *, as_of: date | None = None
) -> pl.LazyFrame:
    """Every milestone of every person on a day from ``start`` to ``end``, both inclusive.

    Args:
        people: ``person_id``, ``full_name``, ``company``, ``connected_on``, ``birthday``, and
            optionally ``started_on`` (a Date: work anniversaries).
        start: the first day.
        end: the last day.
        as_of: people connected after this day are not known yet (default: ``end``).

    Returns:
        The :data:`COLUMNS` (``years`` null for a birthday without a year), by day, kind, name.

    Examples:
        >>> people = pl.LazyFrame({"person_id": ["a", "b"], "full_name": ["Ada", "Bo"],
        ...     "company": [None, None], "birthday": ["1986-11-29", "--02-29"],
        ...     "connected_on": [date(2016, 11, 20), None]})
        >>> occurrences(people, date(2026, 11, 16), date(2027, 3, 1)).select("why").collect()[
        ...     "why"].to_list()
        ['10 years connected on 2026-11-20', 'turns 40 on 2026-11-29', 'birthday on 2027-02-28 (29 February)']
    """
    names = people.collect_schema().names()
    people = people.with_columns(
        pl.lit(None, pl.String).alias(c) for c in ("full_name", "company") if c not in names
    )
    parts = [_birthdays(people), _dated(people, "connected_on", "connection anniversary")]
    if "started_on" in names:
        parts.append(_dated(people, "started_on", "work anniversary"))
    year = pl.col("year")
    leap_year = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    leap_day = (pl.col("month") == "02") & (pl.col("day") == "29")
    day = pl.when(leap_day & ~leap_year).then(pl.lit("28")).otherwise(pl.col("day"))
    on = pl.format("{}-{}-{}", year.cast(pl.String).str.zfill(4), pl.col("month"), day)
    years = (year - pl.col("since")).alias("years")
    kind = pl.col("kind")
    counts = (
        pl.when(kind == "birthday")
        .then(years.is_null() | (years >= 1))
        .when(kind == "connection anniversary")
        .then((years == 1) | ((years >= ROUND_EVERY) & (years % ROUND_EVERY == 0)))
        .otherwise(years >= 1)
    )
    known_by = pl.min_horizontal(pl.col("on"), pl.lit(as_of or end))
    calendar = pl.LazyFrame({"year": list(range(start.year, end.year + 1))}, {"year": pl.Int32})
    return (
        pl.concat(parts, how="vertical_relaxed")
        .join(calendar, how="cross")
        .with_columns(
            on.str.to_date("%Y-%m-%d", strict=False).alias("on"),
            years,
            (leap_day & ~leap_year).alias("leap_day"),
        )
        .filter(
            pl.col("on").is_between(start, end)
            & counts
            & (pl.col("connected_on").is_null() | (pl.col("connected_on") <= known_by))
        )
        .with_columns(why())
        .select(COLUMNS)
        .sort("on", "kind", "full_name", "person_id", nulls_last=True)
    )


def first_touches(days: pl.LazyFrame) -> pl.LazyFrame:
    """Each person's first touch day, from the touch days (:func:`netbook.rituals.jobs.touch_days`)."""
    return days.group_by("person_id").agg(pl.col("day").min())


def of_ties(milestones: pl.LazyFrame, first: pl.LazyFrame, as_of: date) -> pl.LazyFrame:
    """``milestones`` without the connection anniversaries of people never in touch by ``as_of``.

    Args:
        milestones: at least ``person_id`` and ``kind``.
        first: each person's first touch day (:func:`first_touches`).
        as_of: touches on later days are not seen.

    Examples:
        >>> found = pl.LazyFrame({"person_id": ["a", "b", "b"],
        ...     "kind": ["connection anniversary", "connection anniversary", "birthday"]})
        >>> first = pl.LazyFrame({"person_id": ["a"], "day": [date(2026, 11, 20)]})
        >>> of_ties(found, first, date(2026, 11, 30)).collect().rows()
        [('b', 'birthday'), ('a', 'connection anniversary')]
        >>> of_ties(found, first, date(2026, 11, 19)).collect().rows()
        [('b', 'birthday')]
    """
    ties = first.filter(pl.col("day") <= as_of).select("person_id")
    anniversaries = milestones.filter(pl.col("kind") == "connection anniversary")
    return pl.concat(
        [
            milestones.filter(pl.col("kind") != "connection anniversary"),
            anniversaries.join(ties, on="person_id", how="semi"),
        ]
    )


def upcoming_milestones(workspace: Workspace, as_of: date, days: int = 14) -> pl.DataFrame:
    """The milestones from ``as_of`` to ``days`` days later, both inclusive, soonest first.

    Args:
        workspace: the workspace.
        as_of: the first day (people connected later are not known yet).
        days: how far ahead to look (0: today only).

    Returns:
        The :data:`COLUMNS`: ``kind`` is one of :data:`KINDS`, ``on`` the day this year or next.

    Raises:
        ValueError: ``days`` is negative.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    zone = workspace.settings().time.zone
    with workspace.reading():  # the first touches once per reading block (the plan's Sundays)
        people = workspace.people()
        first = workspace.derived(
            ("rituals", "first_touches", zone),
            lambda: first_touches(jobs.stored_touch_days(workspace, zone)).collect(),
        )
    found = occurrences(people, as_of, as_of + timedelta(days=days), as_of=as_of)
    return (
        of_ties(found, first.lazy(), as_of)
        .sort("on", "kind", "full_name", "person_id", nulls_last=True)
        .collect()
    )


def acknowledgements(
    milestones: pl.LazyFrame, days: pl.LazyFrame, as_of: date, window: int = WINDOW_DAYS
) -> pl.LazyFrame:
    """``milestones`` with ``acknowledged``: a touch within ``window`` days of ``on``, by ``as_of``.

    Args:
        milestones: at least ``person_id`` and ``on``.
        days: the touch days (:func:`netbook.rituals.jobs.touch_days`).
        as_of: touches on later days are not seen.
        window: days before and after ``on``, inclusive.
    """
    near = (pl.col("day") - pl.col("on")).dt.total_days().abs() <= window
    hits = (
        milestones.select("person_id", "on")
        .unique()
        .join(days.filter(pl.col("day") <= as_of), on="person_id")
        .filter(near)
        .select("person_id", "on", acknowledged=pl.lit(True))
        .unique()
    )
    return milestones.join(hits, on=["person_id", "on"], how="left").with_columns(
        pl.col("acknowledged").fill_null(False)
    )


def acknowledgement_rate() -> pl.Expr:
    """The share of rows that are acknowledged (null for no rows).

    Examples:
        >>> frame = pl.DataFrame({"acknowledged": [True, False, False, True]})
        >>> frame.select(acknowledgement_rate()).item()
        0.5
    """
    return pl.col("acknowledged").cast(pl.Float64).mean().alias("acknowledgement_rate")


def milestone_acknowledgements(
    workspace: Workspace, as_of: date, period: Period = "month"
) -> pl.DataFrame:
    """Every milestone and job change in the ``period`` ending on ``as_of``, and if acknowledged.

    Args:
        workspace: the workspace.
        as_of: the period's last day (see :func:`netbook.metrics.network.period_bounds`).
        period: ``week``, ``month``, ``quarter`` or ``year``.

    Returns:
        :data:`COLUMNS` and ``acknowledged``, by day; ``kind`` is one of :data:`KINDS` or
        ``job change`` (on the day the change was first seen).
    """
    settings = workspace.settings()
    return acknowledged_in(jobs.read_job_frames(workspace), as_of, period, settings)


def acknowledged_in(
    frames: jobs.JobFrames, as_of: date, period: Period, settings: Settings
) -> pl.DataFrame:
    """:func:`milestone_acknowledgements` of ``frames``: milestones and job changes of the period."""
    start, _ = period_bounds(as_of, period)
    people = frames.people
    changes = (
        jobs.changes(frames.observations, as_of)
        .filter(pl.col("changed_by") >= start)
        .join(people.select("person_id", "full_name"), on="person_id", how="left")
        .select(
            "person_id",
            "full_name",
            kind=pl.lit("job change"),
            on="changed_by",
            years=pl.lit(None, pl.Int32),
            why=jobs.what(),
        )
    )
    found = pl.concat(
        [
            of_ties(
                occurrences(people, start, as_of, as_of=as_of), first_touches(frames.days), as_of
            ),
            changes,
        ]
    )
    days = frames.days.filter(pl.col("day") >= start - timedelta(days=WINDOW_DAYS))
    return (
        acknowledgements(found, days, as_of)
        .sort("on", "kind", "full_name", "person_id", nulls_last=True)
        .collect()
    )


def milestone_acknowledgement_rate(
    workspace: Workspace, as_of: date, period: Period = "month"
) -> float | None:
    """The share of milestones in the ``period`` ending on ``as_of`` acknowledged by a touch.

    Birthdays, round connection anniversaries, work anniversaries and job changes on a day of the
    period count; a touch from :data:`WINDOW_DAYS` days before to as many after acknowledges one
    (touches after ``as_of`` are not seen). See :func:`milestone_acknowledgements`.

    Returns:
        A share in [0, 1], or None when the period had no milestone.
    """
    frame = milestone_acknowledgements(workspace, as_of, period)
    if frame.is_empty():
        return None
    rate: float = frame.select(acknowledgement_rate()).item()
    return rate
