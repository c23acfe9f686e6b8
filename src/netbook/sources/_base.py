"""What every source returns, and the helpers sources share for rows that fail or are noise."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import polars as pl

from netbook import schema
from netbook.errors import SchemaError
from netbook.sources.tables import LINE

if TYPE_CHECKING:
    from netbook.settings import Settings


@dataclass(frozen=True)
class OwnerHint:
    """What the workspace's settings say about the user, if anything."""

    name: str | None = None
    profile_url: str | None = None
    emails: tuple[str, ...] = ()
    """The user's own addresses, lower-cased (never an attendee or a contact)."""
    phone_region: str | None = None
    """The ISO country code for phone numbers written without ``+country``."""
    time_zone: str = "UTC"
    """The workspace's zone (for calendar events without one)."""
    phones: tuple[str, ...] = ()
    """The user's own numbers (E.164, or digits when unreadable): never a contact's."""


EVENTS = pl.Schema(
    {
        "event_id": pl.String,
        "name": pl.String,
        "held_on": pl.Date,
        "status": pl.String,
        "url": pl.String,
    }
)
"""Events an export lists (LinkedIn's Events.csv): a stable ``event_id`` (a hash of the source, the
name and the start), the local day it was ``held_on``, the ``status`` (normalised: lower case,
single spaces, e.g. ``attended``) and the event's ``url``. Stored in the ``events`` table."""


Frame = pl.DataFrame | pl.LazyFrame
Rows = pl.DataFrame | Sequence[Mapping[str, object]]
"""A frame, or the rows of a small table (the per-file report, failures, noise)."""


@dataclass
class Loaded:
    """A source's result in the canonical schemas (see :mod:`netbook.schema`)."""

    source: str
    path: str
    people: pl.LazyFrame
    identities: pl.LazyFrame
    interactions: pl.LazyFrame
    observations: pl.LazyFrame
    files: pl.DataFrame
    failures: pl.DataFrame
    noise: pl.DataFrame
    owner: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.OWNER))
    positions: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.POSITIONS))
    exported_on: date | None = None
    events: pl.DataFrame = field(default_factory=lambda: schema.empty(EVENTS))
    notes: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.NOTES))
    owner_identities: pl.DataFrame = field(
        default_factory=lambda: schema.empty(schema.OWNER_IDENTITIES)
    )
    meetings: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.MEETINGS))
    """Meeting occurrences (:data:`~netbook.schema.MEETINGS`): every stored occurrence of a UID
    listed here is replaced by these rows (``cancelled`` rows only remove)."""

    @classmethod
    def of(
        cls,
        source: str,
        path: str | Path,
        *,
        files: Rows,
        people: Frame | None = None,
        identities: Frame | None = None,
        interactions: Frame | None = None,
        observations: Frame | None = None,
        failures: Rows | None = None,
        noise: Rows | None = None,
        notes: Rows | None = None,
        owner: pl.DataFrame | None = None,
        positions: pl.DataFrame | None = None,
        events: pl.DataFrame | None = None,
        owner_identities: pl.DataFrame | None = None,
        exported_on: date | None = None,
        meetings: pl.DataFrame | None = None,
    ) -> Loaded:
        """A source's result: what is not given is empty, small tables are given as rows.

        Args:
            source: the source's name.
            path: what was imported.
            files: the per-file report: :func:`~netbook.sources.report.file_row` rows (or a
                :data:`~netbook.schema.FILES` frame).
            people: :data:`~netbook.schema.PEOPLE` (finish frames with
                :func:`netbook.schema.conform`). The import checks these four frames against
                :data:`netbook.schema.CONTRACT` (keys, required columns, every interaction's
                person) before anything is stored.
            identities: :data:`~netbook.schema.IDENTITIES`.
            interactions: :data:`~netbook.schema.INTERACTIONS`.
            observations: :data:`~netbook.schema.OBSERVATIONS`.
            failures: rows (dicts) or a frame of :data:`~netbook.schema.FAILURES`.
            noise: :data:`~netbook.schema.NOISE` rows (see :func:`~netbook.sources.report.noise_rows`).
            notes: :data:`~netbook.schema.NOTES` rows.
            owner: the :data:`~netbook.schema.OWNER` row, if the export names its owner.
            positions: the owner's :data:`~netbook.schema.POSITIONS`.
            events: the :data:`EVENTS` the export lists.
            owner_identities: the owner's own :data:`~netbook.schema.OWNER_IDENTITIES`.
            exported_on: the day the export was made, if known.
            meetings: planned :data:`~netbook.schema.MEETINGS` occurrences (calendars).

        Examples:
            >>> from netbook.sources.report import file_row
            >>> loaded = Loaded.of("demo", "a.json", files=[file_row("a.json", "demo", rows=0)])
            >>> loaded.files.select("status", "kept").row(0), loaded.people.collect().height
            (('empty', 0), 0)
        """
        return cls(
            source=source,
            path=str(path),
            people=_lazy(people, schema.PEOPLE),
            identities=_lazy(identities, schema.IDENTITIES),
            interactions=_lazy(interactions, schema.INTERACTIONS),
            observations=_lazy(observations, schema.OBSERVATIONS),
            files=_frame(files, schema.FILES),
            failures=_frame(failures, schema.FAILURES),
            noise=_frame(noise, schema.NOISE),
            notes=_frame(notes, schema.NOTES),
            owner=owner if owner is not None else schema.empty(schema.OWNER),
            positions=positions if positions is not None else schema.empty(schema.POSITIONS),
            events=events if events is not None else schema.empty(EVENTS),
            owner_identities=(
                owner_identities
                if owner_identities is not None
                else schema.empty(schema.OWNER_IDENTITIES)
            ),
            meetings=meetings if meetings is not None else schema.empty(schema.MEETINGS),
            exported_on=exported_on,
        )


def _lazy(frame: Frame | None, table: pl.Schema) -> pl.LazyFrame:
    return (frame if frame is not None else schema.empty(table)).lazy()


def _frame(rows: Rows | None, table: pl.Schema) -> pl.DataFrame:
    if rows is None:
        return schema.empty(table)
    frame = rows if isinstance(rows, pl.DataFrame) else pl.DataFrame(list(rows))
    if frame.width == 0:
        return schema.empty(table)
    return schema.conform(frame, table).collect()


def combine(main: Loaded, extra: Loaded) -> Loaded:
    """``main`` with ``extra``'s rows added (one import of two readers' results).

    ``extra``'s file rows replace ``main``'s rows for the same files (e.g. a file ``main`` listed
    as ignored and ``extra`` read).
    """
    files = pl.concat(
        [main.files.filter(~pl.col("file").is_in(extra.files["file"].implode())), extra.files]
    )
    return Loaded(
        source=main.source,
        path=main.path,
        people=pl.concat([main.people, extra.people]),
        identities=pl.concat([main.identities, extra.identities]),
        interactions=pl.concat([main.interactions, extra.interactions]),
        observations=pl.concat([main.observations, extra.observations]),
        files=files.sort("file"),
        failures=pl.concat([main.failures, extra.failures]),
        noise=pl.concat([main.noise, extra.noise]),
        owner=main.owner,
        positions=main.positions,
        exported_on=main.exported_on,
        events=pl.concat([main.events, extra.events]),
        notes=pl.concat([main.notes, extra.notes]),
        owner_identities=pl.concat([main.owner_identities, extra.owner_identities]).unique(),
        meetings=pl.concat([main.meetings, extra.meetings]),
    )


@runtime_checkable
class Source(Protocol):
    """A plugin that turns one kind of export into canonical frames."""

    name: str
    description: str

    def detect(self, path: Path) -> bool:
        """True when ``path`` looks like this source's export."""
        ...

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read ``path``; bad rows go to ``Loaded.failures``, whole-file problems raise SourceError."""
        ...


OWNER_FILLS_GAP = 0
"""A source's default :func:`owner_priority`: the owner it finds only fills a gap."""


def owner_priority(source: object) -> int:
    """How much a source's idea of the owner counts (its optional ``owner_priority`` attribute).

    ``0`` (:data:`OWNER_FILLS_GAP`, the default): the owner it finds (a calendar's most frequent
    organiser, say) is stored only when none is yet. Above 0: the export is the user's own account
    (LinkedIn's), so its owner replaces the stored one.
    """
    value = getattr(source, "owner_priority", OWNER_FILLS_GAP)
    return value if isinstance(value, int) else OWNER_FILLS_GAP


@runtime_checkable
class Configurable(Protocol):
    """A source that takes options (the generic CSV source's column mapping), optionally."""

    def configured(self, settings: Settings, options: Mapping[str, str] | None) -> Source:
        """This source with ``options``, else with its own table of ``settings``, else itself."""
        ...


def all_distinct(frame: pl.DataFrame, columns: Sequence[str]) -> bool:
    """Whether no two rows of ``frame`` hold the same values in ``columns`` (nulls alike).

    Rows whose hashes differ differ, so a million distinct ids are told apart by their hashes
    alone (a fifth of the time of comparing them); only when two hashes are equal are the values
    compared.

    Examples:
        >>> all_distinct(pl.DataFrame({"id": ["a", "b", None]}), ["id"])
        True
        >>> all_distinct(pl.DataFrame({"id": ["a", "b", "a"]}), ["id"])
        False
    """
    keys = frame.select(columns)
    if keys.hash_rows().n_unique() == keys.height:
        return True
    return not bool(keys.is_duplicated().any())


def split_failures(
    frame: pl.DataFrame, file: str, checks: list[tuple[str, pl.Expr, str]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Separate rows that fail any check from the rest.

    Args:
        frame: rows with a ``__line`` column.
        file: the file name recorded with each failure.
        checks: ``(column, is_bad, what_to_do)``; the first failing check names a row's failure.

    Returns:
        The good rows and a :data:`netbook.schema.FAILURES` frame.
    """
    if not checks:
        return frame, schema.empty(schema.FAILURES)
    column_of = pl.lit(None, dtype=pl.String)
    reason_of = pl.lit(None, dtype=pl.String)
    for column, bad, advice in reversed(checks):
        raw = pl.col(column).cast(pl.String).str.slice(0, 40)
        column_of = pl.when(bad).then(pl.lit(column)).otherwise(column_of)
        reason = (
            pl.when(raw.is_null())  # an empty field (a row cut short, say)
            .then(pl.format("missing {}: {}", pl.lit(column), pl.lit(advice)))
            .otherwise(pl.format("unreadable {} '{}': {}", pl.lit(column), raw, pl.lit(advice)))
        )
        reason_of = pl.when(bad).then(reason).otherwise(reason_of)
    if not frame.select(pl.any_horizontal(bad for _, bad, _ in checks).any()).item():
        return frame, schema.empty(schema.FAILURES)  # the usual case: no copy of a large frame
    marked = frame.with_columns(column_of.alias("__column"), reason_of.alias("__reason"))
    failures = marked.filter(pl.col("__column").is_not_null()).select(
        pl.lit(file).alias("file"),
        pl.col(LINE).alias("line"),
        pl.col("__column").alias("column"),
        pl.col("__reason").alias("reason"),
    )
    good = marked.filter(pl.col("__column").is_null()).drop("__column", "__reason")
    return good, failures


def raise_if_strict(
    failures: pl.DataFrame, strict: bool, files: pl.DataFrame | None = None
) -> None:
    """In strict mode a skipped file or any failed row fails the whole import.

    Raises:
        SchemaError: naming the first skipped file and why, else the failed rows' count and the
            first of them.
    """
    if not strict:
        return
    skipped = files.filter(pl.col("status") == "skipped") if files is not None else None
    if skipped is not None and not skipped.is_empty():
        reason = skipped["reason"][0]
        raise SchemaError(
            f"{skipped.height} file(s) could not be read; first: {reason}",
            hint="fix or remove that file, or import without --strict to skip it",
        )
    if failures.is_empty():
        return
    first = failures.row(0, named=True)
    raise SchemaError(
        f"{failures.height} row(s) could not be read; first: {first['file']}:{first['line']}: "
        f"{first['reason']}",
        hint="fix those rows or import without --strict to skip and count them",
    )
