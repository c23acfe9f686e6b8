"""Events (what, when) and whom you met there: recorded by you, from the calendar, from LinkedIn.

Decisions:

- **Events you record** (``netbook event add NAME --on DATE --met PERSON...``) are stored in the
  ``events`` and ``event_people`` tables (source ``user``); imports never change them.
- **Calendar meetings**: a *one-off group meeting* from an imported calendar is an event. Its rows
  are the interactions with channel ``meeting``, source ``calendar`` and ``is_group`` set, one
  event per meeting (``thread_id``, the calendar event's UID) and local day. A 1:1 meeting is not
  an event: it is a touch itself, as good as any follow-up. A UID held on several days is a
  recurring series (the weekly team meeting): routine, not an event to follow up. A meeting with
  more than ``[rituals] calendar_max_people`` others (an all-hands, a webinar) is not one either
  (``0`` turns calendar events off). Both are judged over the whole log, so an event stays an
  event whatever the as-of day. It is called by its title in the meetings table, else
  ``group meeting at HH:MM`` (its local start); its id is stable (a hash of UID and day).
- **LinkedIn's Events.csv** is imported into the ``events`` table (source ``linkedin``, with its
  status; :mod:`netbook.sources.linkedin.events`), as is any event an export lists (every source
  but ``user``). An event you went to is one whose status is
  ``attended``, ``attending``, ``registered``, ``going``, ``accepted`` or ``confirmed``, or that
  has none; ``interested``, ``relinquished``, ``declined`` and any other status are kept but are
  not events you went to. Whom you met there is inferred when events are read, never stored: the
  people you connected with (``connected_on``) on the event's day or up to ``[rituals]
  met_window_days`` (default 2) days after it, and the people with an invitation, sent or
  received, on one of those local days. It is a guess: a connection made that week for another
  reason counts too, and someone you met but did not connect with does not (record them with
  ``netbook event add``). An invitation you send after the event's day is an outbound touch, so
  it is also that person's follow-up. An event where nobody is inferred is still listed: it has
  one row without a person (and without a status) in :func:`met` and
  :func:`netbook.rituals.events.follow_ups`, and counts 0 people in
  :func:`netbook.rituals.events.summarise`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from netbook import identity, ids
from netbook.attendance import went
from netbook.errors import InputError
from netbook.metrics.network import local_day
from netbook.userdata import Person, find_person, touch_instant
from netbook.workspace import Workspace

MET_COLUMNS = ("event_id", "event", "source", "held_on", "person_id")
"""The columns of :func:`met`: one row per event and person met."""
TOUCH_COLUMNS = (
    *("person_id", "occurred_at", "channel", "direction", "source", "is_group", "weight"),
)
"""The interaction columns events and follow-ups read."""
_CALENDAR = "calendar"
_USER = "user"
"""The source of the events you record (every other source's were imported)."""
_MET_SCHEMA = pl.Schema(
    {
        "event_id": pl.String,
        "event": pl.String,
        "source": pl.String,
        "held_on": pl.Date,
        "person_id": pl.String,
    }
)


@dataclass(frozen=True)
class Event:
    """An event you recorded."""

    event_id: str
    name: str
    held_on: date
    people: tuple[Person, ...]
    added: int = 0
    """How many of ``people`` were not yet recorded as met at it (each a new touch)."""


def add_event(workspace: Workspace, name: str, *, on: date, met: Sequence[str]) -> Event:
    """Record that you met ``met`` at the event ``name`` on ``on``: one short write.

    Meeting someone is contact: each person met gets a touch on that day in the log (channel
    ``event``, noted "met at NAME"; ``netbook log list`` shows it, ``netbook log undo`` removes
    it). A touch on the event's day is part of the event, never its follow-up.

    Every person is found first (:func:`netbook.userdata.find_person`); if any is unknown or
    ambiguous, nothing is stored. Naming a person twice records them once, and recording the same
    event again (its name in any case, and its day) adds only the people not yet met at it.

    Args:
        workspace: the workspace.
        name: what the event was ("Berlin Meetup").
        on: the day it was held.
        met: each person met: a name, e-mail, profile URL or person id.

    Returns:
        The stored event.

    Raises:
        NetbookError: no name or nobody met; :class:`~netbook.userdata.PersonNotFoundError` or
            :class:`~netbook.userdata.AmbiguousPersonError` for a person (nothing is stored).
    """
    title = " ".join(name.split())
    if not title:
        raise InputError("an event needs a name", hint='e.g. "Berlin Meetup"')
    if not met:
        raise InputError("name at least one person you met", hint="--met PERSON, repeatable")
    found: dict[str, Person] = {}
    for query in met:
        person = find_person(workspace, query)
        found.setdefault(person.person_id, person)
    with workspace.transaction() as connection:
        same = connection.execute(
            "SELECT event_id FROM events WHERE lower(name) = lower(?) AND held_on = ? "
            "AND source = ? ORDER BY created_at LIMIT 1",
            [title, on, _USER],
        ).fetchone()
        event_id = str(same[0]) if same else uuid.uuid4().hex[:16]
        if same is None:
            connection.execute(
                "INSERT INTO events (event_id, name, held_on, source, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [event_id, title, on, _USER, datetime.now(UTC)],
            )
        known = {
            str(row[0])
            for row in connection.execute(
                "SELECT person_id FROM event_people WHERE event_id = ?", [event_id]
            ).fetchall()
        }
        added = [p for p in found if p not in known]
        if added:
            connection.executemany(
                "INSERT INTO event_people VALUES (?, ?, ?)", [(event_id, p, _USER) for p in added]
            )
            # Meeting someone is contact: one touch each, in the log (where it can be undone).
            now, at = datetime.now(UTC), touch_instant(workspace, on)
            connection.executemany(
                "INSERT INTO log VALUES (?, ?, ?, 'event', 'mutual', 'none', NULL, ?, ?)",
                [(uuid.uuid4().hex[:16], p, at, f"met at {title}", now) for p in added],
            )
    return Event(event_id, title, on, tuple(found.values()), len(added))


def calendar_events(interactions: pl.LazyFrame, *, time_zone: str, max_people: int) -> pl.LazyFrame:
    """The one-off group meetings of the calendar, one row per meeting and person met.

    Args:
        interactions: the canonical interactions (``thread_id``, ``occurred_at``, ``channel``,
            ``source``, ``is_group``, ``person_id``).
        time_zone: the zone local days and start times are counted in.
        max_people: larger meetings are not events (``0``: no meeting is).

    Returns:
        ``thread_id``, ``held_on``, ``event`` (its name) and ``person_id``, sorted.

    Examples:
        >>> from datetime import timezone
        >>> at = [datetime(2026, 11, d, 9, tzinfo=timezone.utc) for d in (12, 12, 13, 20, 27)]
        >>> log = pl.LazyFrame({"thread_id": ["meetup", "meetup", "solo", "weekly", "weekly"],
        ...     "occurred_at": at, "channel": ["meeting"] * 5, "source": ["calendar"] * 5,
        ...     "is_group": [True, True, False, True, True], "person_id": ["a", "b", "a", "a", "b"]})
        >>> for row in calendar_events(log, time_zone="Europe/Berlin", max_people=12).collect().rows():
        ...     print(row)
        ('meetup', datetime.date(2026, 11, 12), 'group meeting at 10:00', 'a')
        ('meetup', datetime.date(2026, 11, 12), 'group meeting at 10:00', 'b')
    """
    meetings = interactions.filter(
        (pl.col("channel") == "meeting")
        & (pl.col("source") == _CALENDAR)
        & pl.col("is_group").fill_null(False)
        & pl.col("thread_id").is_not_null()
    ).select(
        pl.col("thread_id").cast(pl.String),
        local_day(time_zone).alias("held_on"),
        pl.col("occurred_at").dt.convert_time_zone(time_zone).alias("local"),
        "person_id",
    )
    one_off = (
        meetings.group_by("thread_id")
        .agg(pl.col("held_on").n_unique().alias("days"))
        .filter(pl.col("days") == 1)
        .select("thread_id")
    )
    return (
        meetings.join(one_off, on="thread_id", how="semi")
        .with_columns(
            pl.col("person_id").n_unique().over("thread_id", "held_on").alias("people"),
            pl.format(
                "group meeting at {}", pl.col("local").min().over("thread_id").dt.strftime("%H:%M")
            ).alias("event"),
        )
        .filter(pl.col("people") <= max_people)
        .select("thread_id", "held_on", "event", "person_id")
        .unique()
        .sort("held_on", "thread_id", "person_id")
    )


def met_around(events: pl.LazyFrame, days: pl.LazyFrame, *, window: int) -> pl.LazyFrame:
    """Whom you met at each event: everyone with a day from the event's day to ``window`` after.

    Args:
        events: ``event_id``, ``name`` and ``held_on``.
        days: ``person_id`` and ``day``: the days you connected with or invited someone.
        window: how many days after the event's day still count.

    Returns:
        ``event_id``, ``event``, ``held_on`` and ``person_id``, one row per event and person; an
        event where nobody was met has one row with no ``person_id``.

    Examples:
        >>> events = pl.LazyFrame({"event_id": ["e", "f"], "name": ["Meetup", "Webinar"],
        ...     "held_on": [date(2026, 11, 12), date(2026, 11, 2)]})
        >>> days = pl.LazyFrame({"person_id": ["a", "b", "c", "d"],
        ...     "day": [date(2026, 11, d) for d in (12, 14, 15, 11)]})
        >>> for row in met_around(events, days, window=2).collect().rows():
        ...     print(row)
        ('f', 'Webinar', datetime.date(2026, 11, 2), None)
        ('e', 'Meetup', datetime.date(2026, 11, 12), 'a')
        ('e', 'Meetup', datetime.date(2026, 11, 12), 'b')
    """
    held = events.select("event_id", pl.col("name").alias("event"), "held_on")
    spans = held.select(
        "event_id",
        pl.date_ranges("held_on", pl.col("held_on") + pl.duration(days=window)).alias("day"),
    ).explode("day")
    found = (
        spans.join(days.select("person_id", "day").unique(), on="day")
        .select("event_id", "person_id")
        .unique()
    )
    return held.join(found, on="event_id", how="left").sort(
        "held_on", "event_id", "person_id", nulls_last=True
    )


def _went_to(events: pl.DataFrame) -> pl.DataFrame:
    """The imported events you went to (a store from before they were imported has none)."""
    if "status" not in events.columns:
        return events.clear()
    return events.filter(
        (pl.col("source") != _USER) & pl.col("held_on").is_not_null() & went(pl.col("status"))
    )


def _listed(
    went_to: pl.DataFrame,
    people: pl.LazyFrame,
    interactions: pl.LazyFrame,
    *,
    time_zone: str,
    window: int,
) -> pl.DataFrame:
    """The imported events you went to, with whom you met there (see the module's notes)."""
    connected = people.select("person_id", pl.col("connected_on").alias("day"))
    invited = interactions.filter(pl.col("channel") == "invitation").select(
        "person_id", local_day(time_zone).alias("day")
    )
    days = pl.concat([connected, invited]).filter(pl.col("day").is_not_null())
    found = met_around(went_to.lazy(), days, window=window)
    sources = went_to.lazy().select("event_id", "source")
    return found.join(sources, on="event_id", how="left").select(MET_COLUMNS).collect()


def met(workspace: Workspace) -> pl.DataFrame:
    """Every event, recorded, from LinkedIn or from the calendar, with each person met.

    Returns:
        :data:`MET_COLUMNS`; a LinkedIn event where nobody met is known has one row without a
        ``person_id``.

    Computed once per reading block (a cold week's plan asks at four Sundays).
    """
    with workspace.reading():
        return workspace.derived(("rituals", "met"), lambda: _met(workspace))


def _met(workspace: Workspace) -> pl.DataFrame:
    settings = workspace.settings()
    with workspace.reading():
        events = workspace.table("events")
        people = workspace.table("event_people")
        aliases = workspace.aliases()
        # Calendar meetings and invitations: all the log holds that tells of an event.
        interactions = workspace.interactions(
            ("thread_id", *TOUCH_COLUMNS), where="channel IN ('meeting', 'invitation')"
        )
        titles = workspace.table("meetings", ("uid", "title"))
        went_to = _went_to(events)
        everyone = workspace.people() if not went_to.is_empty() else None
    recorded = (
        people.select("event_id", "person_id")
        .join(events.select("event_id", "name", "source", "held_on"), on="event_id")
        .select(
            "event_id",
            pl.col("name").alias("event"),
            pl.col("source"),
            "held_on",
            identity.canonical(pl.col("person_id"), aliases).alias("person_id"),
        )
        .unique(["event_id", "person_id"])
    )
    calendar = calendar_events(
        interactions,
        time_zone=settings.time.zone,
        max_people=settings.rituals.calendar_max_people,
    ).collect()
    named = titles.drop_nulls().unique("uid", keep="first").sort("uid").rename({"uid": "thread_id"})
    calendar = calendar.join(named, on="thread_id", how="left", maintain_order="left").select(
        "thread_id", "held_on", pl.coalesce("title", "event").alias("event"), "person_id"
    )
    keys = calendar.select(ids.join_key(pl.lit(_CALENDAR), pl.col("thread_id"), pl.col("held_on")))
    from_calendar = calendar.select(
        ids.stable_ids(keys.to_series()).alias("event_id"),
        "event",
        pl.lit(_CALENDAR).alias("source"),
        "held_on",
        "person_id",
    )
    frames = [recorded, from_calendar]
    if everyone is not None:
        listed = _listed(
            went_to,
            everyone,
            interactions,
            time_zone=settings.time.zone,
            window=settings.rituals.met_window_days,
        )
        frames.append(listed)
    return pl.concat([f.select(MET_COLUMNS).cast(_MET_SCHEMA) for f in frames]).sort(
        "held_on", "event", "event_id", "person_id", nulls_last=True
    )
