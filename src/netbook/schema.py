"""The canonical model, declared once as polars schemas.

Sources produce frames in these schemas; the store keeps them; metrics read them. Naming: ``*_at`` is a
UTC datetime, ``*_on`` a date, ``*_id`` a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl


def columns(spec: Mapping[str, Any]) -> pl.Schema:
    """A polars schema from a ``{name: dtype}`` mapping (typed loosely for mypy)."""
    return pl.Schema(spec)


_schema = columns


CHANNELS = (
    "message",
    "invitation",
    "endorsement",
    "recommendation",
    "meeting",
    "call",
    "email",
    "event",
    "note",
    "connection",
)
DIRECTIONS = ("outbound", "inbound", "mutual")
VALUES = ("given", "received", "none")

Channel = pl.Enum(CHANNELS)
Direction = pl.Enum(DIRECTIONS)
Value = pl.Enum(VALUES)
UTC = pl.Datetime("us", "UTC")

PEOPLE = _schema(
    {
        "person_id": pl.String,
        "full_name": pl.String,
        "first_name": pl.String,
        "last_name": pl.String,
        "company": pl.String,
        "position": pl.String,
        "email": pl.String,
        "profile_url": pl.String,
        "connected_on": pl.Date,
        "birthday": pl.String,
        "tags": pl.List(pl.String),
        "role": pl.String,
        "sources": pl.List(pl.String),
        "observed_on": pl.Date,
    }
)
"""One row per resolved person. ``birthday`` is ``YYYY-MM-DD`` or ``--MM-DD`` when the year is unknown;
``observed_on`` is the date of the newest export that described the person."""

PERSON_VIEW = _schema(
    {
        **PEOPLE,
        "cadence_override": pl.Int64,
        "closeness": pl.Int64,
        "snoozed_until": pl.Date,
    }
)
"""A person as metrics see them: :data:`PEOPLE` plus what the user set by hand (a cadence override in
days, closeness 1-5, snoozed until a date)."""

IDENTITIES = _schema(
    {
        "person_id": pl.String,
        "kind": pl.String,
        "value": pl.String,
        "source": pl.String,
    }
)
"""One row per identifier seen in a source: ``linkedin_url``, ``name`` (normalised), ``email``,
``phone``, ``linkedin_connection`` (a connection's name and day: see :mod:`netbook.identity`)."""

INTERACTIONS = _schema(
    {
        "interaction_id": pl.String,
        "person_id": pl.String,
        "occurred_at": UTC,
        "channel": Channel,
        "direction": Direction,
        "initiated": pl.Boolean,
        "weight": pl.Float64,
        "value": Value,
        "source": pl.String,
        "thread_id": pl.Categorical(),
        "is_group": pl.Boolean,
        "content_length": pl.Int32,
        "is_html": pl.Boolean,
        "asks": pl.Boolean,
    }
)
"""One row per contact event with one person. ``direction`` is null for a connection event; a group
message yields one row per identified counterpart with ``is_group`` set. Message text is never kept:
only its length, whether it was HTML and whether it ``asks`` something (a question mark near its
end; null where the source cannot tell)."""

OBSERVATIONS = _schema(
    {
        "person_id": pl.String,
        "import_id": pl.Int64,
        "observed_on": pl.Date,
        "company": pl.String,
        "position": pl.String,
    }
)
"""A person's company and position as one export described them (job changes diff these)."""

MEETINGS = _schema(
    {
        "meeting_id": pl.String,
        "uid": pl.String,
        "recurrence_id": pl.String,
        "title": pl.String,
        "start_at": UTC,
        "end_at": UTC,
        "attendees": pl.List(pl.String),
        "organizer_id": pl.String,
        "status": pl.String,
        "source": pl.String,
    }
)
"""One occurrence of a calendar meeting, past or planned: its ``uid`` and ``recurrence_id`` (the
occurrence's original start, UTC ``YYYYMMDDTHHMMSSZ``) are its key (``meeting_id`` hashes them),
``attendees`` the person ids met (sorted), ``organizer_id`` the organiser when it is not you.
``status`` is the event's STATUS (``confirmed``, ``tentative`` or null); a source marks an event it
lists as ``cancelled`` so that a re-import removes the stored copy."""

FAILURES = _schema(
    {
        "file": pl.String,
        "line": pl.Int64,
        "column": pl.String,
        "reason": pl.String,
    }
)
"""A row that could not be read: the file, the 1-based line it starts on, the column and why."""

NOISE = pl.Schema({"file": pl.String, "reason": pl.String, "rows": pl.Int64})
"""Rows that were read but kept out of metrics (sponsored, drafts, spam, ...), counted by reason."""

FILES = _schema(
    {
        "file": pl.String,
        "kind": pl.String,
        "status": pl.String,
        "encoding": pl.String,
        "sha256": pl.String,
        "rows": pl.Int64,
        "kept": pl.Int64,
        "noise": pl.Int64,
        "failed": pl.Int64,
        "first_at": UTC,
        "last_at": UTC,
        "reason": pl.String,
    }
)
"""What happened to each file of an export: ``status`` is ``read``, ``empty``, ``ignored`` or
``skipped`` (it could not be read; ``reason`` says why and what to do). For every file
``kept + noise + failed = rows``."""

OWNER_IDENTITIES = pl.Schema({"kind": pl.String, "value": pl.String})
"""The owner's own identifiers (``email`` lower-cased, ``phone`` in E.164 or as digits), from the
export's Email Addresses.csv and PhoneNumbers.csv: a contact carrying one is the owner."""

NOTES = pl.Schema({"file": pl.String, "note": pl.String, "rows": pl.Int64})
"""Values kept as written that netbook could not normalise (a phone number without a country
code, say), one line per file and kind of note with how many values it covers: read, kept, and
told once, never a failed row."""

OWNER = _schema(
    {
        "full_name": pl.String,
        "profile_url": pl.String,
        "birthday": pl.String,
        "headline": pl.String,
        "identified_by": pl.String,
    }
)
"""The user themself: never a row of ``people``."""

POSITIONS = _schema(
    {
        "company": pl.String,
        "title": pl.String,
        "location": pl.String,
        "started_on": pl.Date,
        "finished_on": pl.Date,
    }
)
"""The owner's own career, from ``Positions.csv``."""


@dataclass(frozen=True)
class Rules:
    """What the store relies on in one table a source hands over (see :data:`CONTRACT`)."""

    columns: pl.Schema
    """Every column, with its type."""
    key: tuple[str, ...] = ()
    """The primary key: no two rows share it (empty: the rows are a set, duplicates are one)."""
    required: tuple[str, ...] = ()
    """Columns that are never null."""


CONTRACT: Mapping[str, Rules] = {
    "people": Rules(PEOPLE, required=("person_id",)),
    "identities": Rules(IDENTITIES, required=("person_id", "kind", "value")),
    "interactions": Rules(
        INTERACTIONS,
        key=("interaction_id",),
        required=("interaction_id", "person_id", "occurred_at", "channel", "source"),
    ),
    "observations": Rules(OBSERVATIONS, required=("person_id",)),
    "files": Rules(FILES, key=("file",), required=("file", "status")),
}
"""The contract of a source's result (:class:`netbook.sources.Loaded`), checked before anything
is stored. ``people`` may describe one person in several rows (the newest ``observed_on`` wins
and lists are merged, as for two exports), so its rows share ``person_id`` by design."""

LINKS = (("interactions", "person_id", "people", "person_id"),)
"""``(table, column, table, column)``: every value of the first column is one of the second's:
an interaction is with a person the same result describes."""


def empty(schema: pl.Schema) -> pl.DataFrame:
    """An empty frame with ``schema``.

    Examples:
        >>> empty(FAILURES).columns
        ['file', 'line', 'column', 'reason']
    """
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame | pl.LazyFrame, schema: pl.Schema) -> pl.LazyFrame:
    """Select and cast ``frame`` to exactly ``schema``; missing columns become nulls."""
    lazy = frame.lazy()
    present = set(lazy.collect_schema().names())
    return lazy.select(
        [
            (pl.col(name) if name in present else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )
