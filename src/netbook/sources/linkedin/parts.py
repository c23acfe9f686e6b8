"""The intermediate shape every LinkedIn file is turned into before people are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from netbook import schema
from netbook.ids import stable_ids
from netbook.schema import UTC, _schema
from netbook.sources._base import EVENTS

EVENT = _schema(
    {
        "occurred_at": UTC,
        "channel": pl.String,
        "direction": pl.String,
        "initiated": pl.Boolean,
        "value": pl.String,
        "thread_id": pl.Categorical(),
        "is_group": pl.Boolean,
        "content_length": pl.Int32,
        "is_html": pl.Boolean,
        "asks": pl.Boolean,
        "url": pl.Categorical(),
        "name": pl.Categorical(),
        "listed": pl.String,
        "interaction_id": pl.String,
    }
)
"""An interaction with one counterpart, named by normalised URL and/or display name, with its stable
id (:mod:`netbook.ids`). ``listed`` is the key of a Connections.csv row without a URL (see
:data:`CONTACT`), for that row's own connection event."""

CONTACT = _schema(
    {
        "url": pl.String,
        "name": pl.String,
        "first_name": pl.String,
        "last_name": pl.String,
        "company": pl.String,
        "position": pl.String,
        "email": pl.String,
        "connected_on": pl.Date,
        "priority": pl.Int8,
        "listed": pl.String,
    }
)
"""What a file says about a person; lower ``priority`` wins when files disagree. ``listed`` is
the identity of a Connections.csv row without a URL: ``name:<name key>|<connected on>``, plus
``|<company>`` when the name and day repeat (LinkedIn lists each member once, so namesakes with
another day or company are other people)."""


@dataclass
class Part:
    """One file's contribution."""

    events: pl.DataFrame = field(default_factory=lambda: schema.empty(EVENT))
    contacts: pl.DataFrame = field(default_factory=lambda: schema.empty(CONTACT))
    failures: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.FAILURES))
    noise: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    listed_events: pl.DataFrame = field(default_factory=lambda: schema.empty(EVENTS))
    """Events the file lists (Events.csv), not interactions: :data:`~netbook.sources._base.EVENTS`."""
    noise_by_file: dict[tuple[str, str], int] = field(default_factory=dict)
    """For a part read from twin files: noise rows by ``(file, reason)``."""

    @property
    def kept(self) -> int:
        """Rows that were neither noise nor failures."""
        return self.rows - sum(self.noise.values()) - self.failures.height


def col(frame: pl.DataFrame, name: str) -> pl.Expr:
    """The column ``name`` if the file has it, else nulls (optional columns come and go)."""
    return pl.col(name) if name in frame.columns else pl.lit(None, dtype=pl.String)


def count_noise(reasons: pl.Series) -> dict[str, int]:
    """Count non-null noise reasons."""
    counted = reasons.drop_nulls().value_counts(sort=True)
    return {str(r): int(n) for r, n in counted.iter_rows()}


def with_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Replace the natural ``key`` column by its stable ``interaction_id``."""
    return frame.with_columns(interaction_id=stable_ids(frame["key"])).drop("key")


def part(
    events: pl.DataFrame,
    contacts: pl.DataFrame,
    failures: pl.DataFrame,
    noise: dict[str, int],
    rows: int,
) -> Part:
    """A file's contribution from frames with a natural ``key``, conformed to the schemas."""
    return Part(
        events=schema.conform(with_ids(events), EVENT).collect(),
        contacts=schema.conform(contacts, CONTACT).collect(),
        failures=failures,
        noise=noise,
        rows=rows,
    )
