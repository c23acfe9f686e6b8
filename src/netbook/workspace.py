"""A workspace: one folder with ``netbook.toml`` and an embedded DuckDB store.

Connections are short-lived (open, work, close) so that a notebook kernel, the command line and a
scheduled papermill run can share the store; a store locked by another process is retried, then
reported with :class:`~netbook.errors.StoreLockedError`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import ClassVar

import duckdb
import polars as pl

from netbook import locations, progress, schema, store
from netbook.errors import StoreError, StoreLockedError
from netbook.facts import apply_facts, log_interactions
from netbook.keys import normalise_phone
from netbook.locations import DATABASE as DATABASE
from netbook.locations import DEFAULT as DEFAULT
from netbook.locations import ENV as ENV
from netbook.private import private_files, private_folder
from netbook.settings import DEFAULT_TOML, Settings, StrengthWeights, load_settings
from netbook.sources import OwnerHint, Source, detect, load_with
from netbook.sources._base import Configurable, Loaded, owner_priority, raise_if_strict
from netbook.sources.contract import checked

SETTINGS = "netbook.toml"
STORE_MEMORY = "512MB"


@dataclass(frozen=True)
class ImportResult:
    """One path's import: what was read and what it added."""

    path: str
    source: str
    loaded: Loaded
    written: store.Written


class Workspace:
    """The folder at ``path`` (default: ``$NETBOOK_WORKSPACE``, else ``./data``)."""

    on_wait: ClassVar[Callable[[str], None] | None] = None
    """Told once, in words, when a connection waits for another process's lock (the CLI prints it)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.root = locations.root(path)
        self.database = self.root / DATABASE
        self.settings_path = self.root / SETTINGS
        self._reader: duckdb.DuckDBPyConnection | None = None
        self._writer: duckdb.DuckDBPyConnection | None = None
        self._snapshot: dict[str, pl.DataFrame] | None = None
        self._snapshot_digest: tuple[object, ...] | None = None
        self._read: dict[tuple[str, tuple[str, ...]], pl.DataFrame] = {}
        self._derived: dict[tuple[Hashable, ...], pl.DataFrame] = {}
        self._settings: Settings | None = None
        """The settings read in the current reading or snapshot block (read once per block)."""

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @property
    def exists(self) -> bool:
        """True once something has been imported."""
        return self.database.exists()

    def settings(self) -> Settings:
        """The validated settings (defaults when there is no ``netbook.toml`` yet).

        When ``netbook rate`` fitted strength weights that rank your ratings better than the
        defaults (see :mod:`netbook.calibration`), they replace ``[strength]``'s, unless
        ``[strength] fitted = false``. Within a :meth:`reading` or :meth:`snapshot` block they are
        read once (a review asks some forty times); a write in the block reads them again.
        """
        if self._settings is not None:
            return self._settings
        settings = self._read_settings()
        if (self._reader is not None or self._snapshot is not None) and self._writer is None:
            self._settings = settings
        return settings

    def _read_settings(self) -> Settings:
        settings = load_settings(self.settings_path)
        if not settings.strength.fitted or not self.exists:
            return settings
        if self._writer is not None:  # inside a write: read through it (no second connection)
            try:
                stored = frame_of(self._writer.sql("SELECT used, weights FROM calibration"))
            except duckdb.CatalogException:
                return settings
        else:
            stored = self.table("calibration")
        if stored.is_empty() or not stored["used"][0]:
            return settings
        weights = StrengthWeights(**json.loads(stored["weights"][0]))
        return settings.model_copy(update={"strength": weights})

    def _initialise(self) -> None:
        private_folder(self.root)
        if not self.settings_path.exists():
            with private_files():
                self.settings_path.write_text(DEFAULT_TOML, encoding="utf-8")
            self.settings_path.chmod(0o600)

    @contextmanager
    def connect(self, *, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; waits up to ``store.lock_timeout_seconds`` for a lock.

        Raises:
            StoreLockedError: another process kept the store locked for too long.
            StoreError: the file is not a netbook store.
        """
        timeout = load_settings(self.settings_path).store.lock_timeout_seconds
        if write:
            self._initialise()
        with private_files() if write else nullcontext():  # the store and its .wal: owner-only
            yield from self._connect(write, timeout)

    def _connect(self, write: bool, timeout: float) -> Iterator[duckdb.DuckDBPyConnection]:
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            try:
                connection = duckdb.connect(str(self.database), read_only=not write)
                break
            except duckdb.IOException as error:
                text = str(error)
                if "lock" not in text.casefold() or time.monotonic() >= deadline:
                    if "lock" in text.casefold():
                        raise StoreLockedError(
                            f"{self.database}: in use by another process for over {timeout:g} s",
                            hint="close the notebook or command using it, or raise "
                            "[store] lock_timeout_seconds in netbook.toml",
                        ) from error
                    raise StoreError(
                        f"{self.database}: cannot be opened ({text.splitlines()[0]})",
                        hint="if it is not a netbook store, move it away or choose another "
                        "--workspace",
                    ) from error
                if delay == 0.05 and Workspace.on_wait is not None:
                    Workspace.on_wait(
                        f"waiting for {self.database}: another process is using it "
                        f"(up to {timeout:g} s)"
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
            except duckdb.Error as error:
                raise StoreError(
                    f"{self.database}: is not a netbook store ({error})",
                    hint="point --workspace at another folder or move this file away",
                ) from error
        try:
            connection.execute("SET TimeZone = 'UTC'")
            if write:
                # Imports hand DuckDB a million rows at once; a cap makes it stream them to disk
                # in pieces instead of buffering. Reads keep insertion order: metrics sum floats
                # in row order, and the same workspace must give the same bits every time.
                connection.execute(f"SET memory_limit = '{STORE_MEMORY}'")
                connection.execute("SET preserve_insertion_order = false")
            if write:
                store.create(connection)
                for path in (self.database, self.database.with_suffix(".duckdb.wal")):
                    if path.exists():
                        path.chmod(0o600)
            if write:
                self._writer = connection
            yield connection
        except (duckdb.IOException, duckdb.FatalException) as error:
            raise StoreError(
                f"{self.database}: could not be written ({str(error).splitlines()[0][:160]})",
                hint="free some disk space or make the folder writable; the store is unchanged",
            ) from error
        finally:
            if write:
                self._writer = None
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection in one transaction: committed at the end, rolled back if it raises.

        ``with workspace.transaction() as connection: connection.execute(...)``.
        """
        with self.connect(write=True) as connection:
            connection.execute("BEGIN TRANSACTION")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                store.rollback(connection)
                raise
            finally:
                self._settings = None  # the write may have changed them (a fitted calibration)

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        strict: bool = False,
        source: str | Source | None = None,
        columns: Mapping[str, str] | None = None,
        on_stage: Callable[[str], None] | None = None,
    ) -> list[ImportResult]:
        """Import each path in its own transaction; a failing path changes nothing in the store.

        Within a path, a file that cannot be read (not the export's core file) is skipped: its
        ``files`` row says ``skipped`` and why, and the rest is imported.

        Args:
            paths: exports (files, folders, zips).
            strict: fail on any unreadable row or file (all or nothing).
            source: a source's name or a source object; by default each path's is detected.
            columns: options for a source that takes them (:class:`~netbook.sources._base.
                Configurable`: the generic ``csv`` source's column mapping; else its table of
                the settings, ``[csv]``).
            on_stage: told each stage as it starts, in words (``found a linkedin export``,
                ``reading messages.csv``, ``resolving people``, ``writing to the
                store``): what a progress line shows (see :mod:`netbook.progress`).

        Raises:
            SourceError: a path is missing or is not what it claims to be.
            SchemaError: ``strict`` and some rows or files could not be read.
            ContractError: a source returned frames that break :data:`netbook.schema.CONTRACT`
                (nothing is stored).
        """
        settings = self.settings()
        results = []
        for raw in paths:
            path = Path(raw)
            started = datetime.now(UTC)
            hint = self._owner_hint(settings)  # again per path: an earlier path may add addresses
            plugin = source if isinstance(source, Source) else detect(path, source)
            if not isinstance(source, Source) and isinstance(plugin, Configurable):
                plugin = plugin.configured(settings, columns)
            with progress.reporting(on_stage):  # the source and the store name their stages
                progress.stage(f"found a {plugin.name} export")
                loaded = checked(load_with(plugin, path, hint), plugin.name)
                raise_if_strict(loaded.failures, strict, loaded.files)
                progress.stage("writing to the store")
                with self.transaction() as connection:
                    written = store.write(
                        connection, loaded, started, owner_priority=owner_priority(plugin)
                    )
            results.append(ImportResult(str(path), plugin.name, loaded, written))
        if results:
            from netbook import aggregates

            # What health reads instead of the whole log (a first import aggregates its own rows).
            # The import is stored already: a store busy now only leaves them to a later import,
            # and health reads the log meanwhile.
            first = results[0].loaded.interactions if len(results) == 1 else None
            with suppress(StoreError):
                aggregates.refresh(self, first)
        return results

    def _owner_hint(self, settings: Settings) -> OwnerHint:
        """What the settings and the stored owner identities say about the user."""
        own = self.table("owner_identities") if self.exists else _OWN_IDENTITIES
        phones = [normalise_phone(p, settings.owner.phone_region) for p in settings.owner.phones]
        return OwnerHint(
            settings.owner.name,
            settings.owner.profile_url,
            tuple(
                dict.fromkeys(
                    [
                        *(e.strip().lower() for e in settings.owner.emails),
                        *own.filter(pl.col("kind") == "email")["value"],
                    ]
                )
            ),
            settings.owner.phone_region,
            settings.time.zone,
            tuple(
                dict.fromkeys(
                    [*(p for p in phones if p), *own.filter(pl.col("kind") == "phone")["value"]]
                )
            ),
        )

    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """Read several tables through one connection: one consistent view, opened once.

        ``with workspace.reading(): people, log = workspace.people(), workspace.interactions()``.
        Writers wait (up to ``store.lock_timeout_seconds``) while the block runs, so keep it short.
        """
        if self._reader is not None or self._snapshot is not None or not self.exists:
            yield self
            return
        with self.connect() as connection:
            self._reader = connection
            try:
                yield self
            finally:
                self._reader = None
                self._read.clear()
                self._derived.clear()
                self._settings = None

    @property
    def reader(self) -> duckdb.DuckDBPyConnection | None:
        """The connection of the :meth:`reading` block this runs in (None outside one)."""
        return self._reader

    @contextmanager
    def snapshot(self, columns: Mapping[str, Sequence[str]] | None = None) -> Iterator[Workspace]:
        """Read every table in one short connection, release the store, then read from memory.

        For long readers (a review): one consistent view, and writers (``netbook log``) never wait
        for the block, only for the moment the tables are copied.

        Args:
            columns: read only these columns of the tables named (a review reads no interaction
                ids: 60 MB less at a million messages); the block cannot read their others.
        """
        if self._reader is not None or self._snapshot is not None or not self.exists:
            yield self
            return
        from netbook import aggregates

        with self.reading():
            only = columns or {}
            tables = {name: self.table(name, only.get(name, ())) for name in store.TABLES}
            found = aggregates.stored(self, self.settings())
            digest = self.digest()
        self._snapshot = tables
        self._snapshot_digest = digest
        if found is not None:  # the per-day aggregates of this same view (see netbook.frames)
            self._derived.update(aggregates.keyed(found))
        try:
            yield self
        finally:
            self._snapshot = None
            self._snapshot_digest = None
            self._derived.clear()
            self._settings = None

    def digest(self) -> tuple[object, ...] | None:
        """Every stored row, as a few numbers: any write that changes a row changes them.

        The interactions are not hashed (a million rows): only an import writes them, and it
        adds an ``imports`` row in the same transaction (see :data:`netbook.aggregates.WRITERS`).
        Read in the :meth:`reading` or :meth:`snapshot` block it runs in (None outside one, or
        for a store from before some table existed).
        """
        if self._snapshot is not None:
            return self._snapshot_digest
        if self._reader is None:
            return None
        tables = tuple(t for t in store.TABLES if t != "interactions")
        try:
            return store.digest(self._reader, tables)
        except duckdb.CatalogException:
            return None

    def derived(
        self, key: tuple[Hashable, ...], compute: Callable[[], pl.DataFrame]
    ) -> pl.DataFrame:
        """``compute()``, computed once per :meth:`reading` block for ``key`` (always outside one).

        For frames several sections of one run need (the follow-ups at an as-of day, say): inside
        a block the store cannot change, so the same key gives the same frame.
        """
        if self._reader is None and self._snapshot is None:
            return compute()
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def has_derived(self, key: tuple[Hashable, ...]) -> bool:
        """Whether :meth:`derived` holds ``key`` in the current block (never outside one)."""
        return key in self._derived and (self._reader is not None or self._snapshot is not None)

    def table(self, name: str, columns: Sequence[str] = ()) -> pl.DataFrame:
        """A whole stored table (empty with the right columns before the first import)."""
        if name not in store.TABLES:
            raise StoreError(f"no table {name!r}", hint=f"tables: {', '.join(store.TABLES)}")
        if not self.exists:
            return _empty(name).select(columns or pl.all())
        if self._snapshot is not None:
            frame = self._snapshot[name]
            return frame.select(columns) if columns else frame
        wanted = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        query = f"SELECT {wanted} FROM {name}"
        try:
            if self._reader is not None:  # one view: each table is read once in the block
                key = (name, tuple(columns))
                if key not in self._read:
                    self._read[key] = frame_of(self._reader.sql(query))
                return self._read[key]
            with self.connect() as connection:
                stored = frame_of(connection.sql(query))
                return stored
        except duckdb.CatalogException:  # a store from before the table existed: none of it yet
            return _empty(name).select(columns or pl.all())

    def aliases(self) -> pl.DataFrame:
        """Merged person records: ``person_id`` (a record) -> ``canonical_id`` (its person)."""
        return self.table("aliases").sort("person_id")

    def people(self) -> pl.LazyFrame:
        """Every person, one row each however many sources describe them.

        The :data:`~netbook.schema.PERSON_VIEW` columns: the stored people merged by
        :mod:`netbook.identity`, with what the user set by hand (role, tags, cadence, closeness,
        snooze; :mod:`netbook.userdata`).
        """
        return self.derived(("people",), self._people).lazy()

    def _people(self) -> pl.DataFrame:
        from netbook import identity

        with self.reading():
            people, aliases = self.table("people"), self.aliases()
            facts = self.table("facts")
        people = identity.merge_people(schema.conform(people, schema.PEOPLE).collect(), aliases)
        facts = facts.with_columns(identity.canonical(pl.col("person_id"), aliases))
        merged = apply_facts(people, facts).sort("person_id")
        return schema.conform(merged, schema.PERSON_VIEW).collect()

    def interactions(
        self, columns: Sequence[str] = (), *, where: str | None = None
    ) -> pl.LazyFrame:
        """Every interaction, imported and logged by hand, in the canonical schema.

        Args:
            columns: read only these (the others are null), in store order; metrics that do not
                depend on row order use this to read a million rows in a fraction of the time.
            where: a DuckDB condition on the stored interactions that every row the caller
                wants meets (``"is_group"``, say): the store hands over only those, in store
                order, and the hand-logged ones all. It only narrows the read: callers still
                filter exactly, and get every row when the log is read whole anyway.

        Within a :meth:`reading` or :meth:`snapshot` block each selection is built once.
        """
        inside = self._reader is not None or self._snapshot is not None
        shared_key = ("interactions", _SHARED_COLUMNS)
        shared_ok = inside and bool(columns) and set(columns) <= set(_SHARED_COLUMNS)
        whole = where is None or shared_key in self._derived or self._snapshot is not None
        if shared_ok and whole:
            # Health, follow-ups, job changes and the plan each ask for a few columns: within a
            # block the log is read once for all of them, the others left null as asked.
            shared = self.derived(shared_key, lambda: self._interactions(_SHARED_COLUMNS))
            unread = [c for c in shared.columns if c not in columns]
            blank = [pl.lit(None, shared.schema[c]).alias(c) for c in unread]
            return shared.lazy().with_columns(blank)
        key = ("interactions", tuple(columns), where)
        return self.derived(key, lambda: self._interactions(columns, where)).lazy()

    def _interactions(self, columns: Sequence[str], where: str | None = None) -> pl.DataFrame:
        from netbook import identity

        with self.reading():
            frame = self._rows("interactions", columns, where)
            log, aliases = self.table("log"), self.aliases()
        frame = schema.conform(frame, schema.INTERACTIONS).collect()
        if not log.is_empty():
            frame = pl.concat([frame, log_interactions(log)], how="vertical")
        if not columns:
            frame = frame.sort("occurred_at", "interaction_id")
        return frame.with_columns(identity.canonical(pl.col("person_id"), aliases))

    def _rows(self, name: str, columns: Sequence[str], where: str | None) -> pl.DataFrame:
        """:meth:`table`, only the rows that meet ``where`` when the store is read (in order)."""
        if where is None or self._snapshot is not None or not self.exists:
            return self.table(name, columns)
        wanted = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        query = f"SELECT {wanted} FROM {name} WHERE {where}"
        try:
            if self._reader is not None:
                return frame_of(self._reader.sql(query))
            with self.connect() as connection:
                return frame_of(connection.sql(query))
        except duckdb.CatalogException:
            return _empty(name).select(columns or pl.all())

    def identities(self) -> pl.LazyFrame:
        """Every identifier of every person (a merged person has those of all their records)."""
        from netbook import identity

        with self.reading():
            frame, aliases = self.table("identities"), self.aliases()
        frame = frame.with_columns(identity.canonical(pl.col("person_id"), aliases)).unique()
        return _typed(frame.sort("person_id", "kind", "value", "source"), schema.IDENTITIES)

    def observations(self) -> pl.LazyFrame:
        """Each import's view of each connection's company and position (read once per block)."""
        with self.reading():
            return self.derived(("observations",), self._observations).lazy()

    def _observations(self) -> pl.DataFrame:
        from netbook import identity

        with self.reading():
            frame, aliases = self.table("observations"), self.aliases()
        frame = frame.with_columns(identity.canonical(pl.col("person_id"), aliases))
        return schema.conform(frame.sort("person_id", "observed_on"), schema.OBSERVATIONS).collect()


_SHARED_COLUMNS = (
    "person_id", "occurred_at", "channel", "direction", "initiated", "value", "source",
    "thread_id", "is_group", "weight", "content_length", "asks",
)  # fmt: skip
"""The interaction columns one read serves every metric and ritual with, in store order."""


_OWN_IDENTITIES = pl.DataFrame(schema={"kind": pl.String, "value": pl.String})
"""No owner identities (before the first import, without opening a store to learn its shape)."""


def frame_of(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """``relation``'s rows as a polars frame, through the Arrow C stream interface.

    The same frame as ``relation.pl()`` for every column type the store holds, without loading
    pyarrow and numpy (a quarter of a second of every command's start-up).
    """
    return pl.DataFrame(relation)


@cache
def _empty(name: str) -> pl.DataFrame:
    """The table ``name`` with no rows (for a workspace without a store, or an older store)."""
    with duckdb.connect() as memory:
        store.create(memory)
        return frame_of(memory.sql(f"SELECT * FROM {name}"))


def _typed(frame: pl.DataFrame, table: pl.Schema) -> pl.LazyFrame:
    """``frame`` cast to ``table`` once, as a lazy frame.

    A query that reads it several times (a review reads the interactions seven times) then does not
    cast a million rows each time.
    """
    return schema.conform(frame, table).collect().lazy()


def open_workspace(path: str | Path | None = None) -> Workspace:
    """The workspace at ``path`` (see :class:`Workspace` for the default)."""
    return Workspace(path)
