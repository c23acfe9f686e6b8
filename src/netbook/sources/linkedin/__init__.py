"""The LinkedIn "Get a copy of your data" source: a zip, a folder, or a single file of one."""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from netbook import progress, schema
from netbook.errors import SourceError
from netbook.phrases import plural
from netbook.progress import stage
from netbook.sources._base import EVENTS, Loaded, OwnerHint, combine
from netbook.sources.cut import CUT_SHORT
from netbook.sources.dates import EARLIEST, latest
from netbook.sources.encodings import decode
from netbook.sources.linkedin import (
    activity,
    connections,
    messages,
    own_ids,
    people,
    profile,
    report,
)
from netbook.sources.linkedin import events as listed_events
from netbook.sources.linkedin.archive import Export, Member, normalise_name, open_export
from netbook.sources.linkedin.kinds import CORE, KINDS, MARKERS, Kind
from netbook.sources.linkedin.owner import identify
from netbook.sources.linkedin.parts import CONTACT, EVENT, Part
from netbook.sources.tables import Table, normalise_header, reading_stage

__all__ = ["KINDS", "LinkedInSource"]


_STREAM_FROM_DISK = 8 << 20
"""Files larger than this (in an unzipped export) are parsed and hashed from disk."""


def _read(source: bytes | Path, member: Member, kind: Kind, *, quiet: bool = False) -> Table | None:
    """``member``'s table (see :func:`~netbook.sources.tables.read_table`).

    ``quiet``: its stage is not told (a file parsed on the side: told when it was queued).
    """
    with progress.reporting(None) if quiet else nullcontext():
        return kind.read(source, member.display)


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class LinkedInSource:
    """Reads every era of LinkedIn's export (see ``shared/research/formats.md``)."""

    name = "linkedin"
    description = "LinkedIn data export: the zip, its folder, or one of its CSV files"
    owner_priority = 1
    """The export is the user's own account: its owner replaces one another source inferred."""

    def detect(self, path: Path) -> bool:
        """True for a zip or folder holding LinkedIn's files, or one of those files itself."""
        if path.is_file() and path.suffix.lower() == ".csv":
            kind = KINDS.get(normalise_name(path.name))
            return kind is not None and (kind.by_name or _has_header(path, kind))
        try:
            with open_export(path) as export:
                return any(export.named(marker) for marker in MARKERS)
        except Exception:
            return False

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the export at ``path``."""
        with open_export(path) as export, ThreadPoolExecutor(max_workers=2) as pool:
            hashes: dict[str, Future[str]] = {}
            skipped: dict[str, SourceError] = {}
            tables = self._read_tables(export, pool, hashes, skipped)
            if skipped and all(table is None for table in tables.values()):
                raise next(iter(skipped.values()))  # nothing could be read: nothing is imported
            own = own_ids.identifiers(
                self._first(tables, "owner emails"),
                self._first(tables, "owner phones"),
                owner.phone_region if owner else None,
            )
            owner = own_ids.extend(owner, own)
            result = self._build(export, tables, owner, skipped, pool)
            result.owner_identities = own
            result.files = result.files.with_columns(
                sha256=pl.col("file").replace_strict(
                    {k: f.result() for k, f in hashes.items()}, default=None, return_dtype=pl.String
                )
            )
            for member in export.members:
                if member.key in IMPORTED_CONTACTS:
                    result = combine(result, _imported_contacts(member, owner))
            return result

    def _read_tables(
        self,
        export: Export,
        pool: ThreadPoolExecutor,
        hashes: dict[str, Future[str]],
        skipped: dict[str, SourceError],
    ) -> dict[str, Table | None]:
        """Parse every known file; each file is read once and hashed on the side.

        The small files are parsed on the side too, while the large ones (messages.csv) are parsed
        here, one after the other; the tables come back in the export's order all the same, and
        an import fails or skips a file exactly as if they were read one by one in that order:

        - a member that cannot be inflated (a zip bomb, a damaged archive) fails the import, the
          archive itself being suspect, and nothing after it is read;
        - a :data:`CORE` file that cannot be parsed fails it too; any other such file goes to
          ``skipped`` with its reason.
        """
        reads: dict[str, tuple[Kind, Future[Table | None]]] = {}
        large: list[tuple[Member, Kind]] = []
        fatal: set[str] = set()  # members that could not be inflated: they fail the import

        def failed(member: Member, kind: Kind, error: SourceError) -> None:
            done = Future[Table | None]()
            done.set_exception(error)
            reads[member.relpath] = (kind, done)
            fatal.add(member.relpath)

        for member in export.members:
            kind = KINDS.get(member.key)
            if kind is None:
                continue  # never inflated: only the files netbook reads are
            if member.size > _STREAM_FROM_DISK:
                reads[member.relpath] = (kind, Future[Table | None]())  # its place in the order
                large.append((member, kind))
                continue
            try:
                source = member.read()
            except SourceError as error:
                failed(member, kind, error)
                break
            hashes[member.relpath] = pool.submit(_sha256, source)
            # Told here, in order (a file on the side is parsed silently): the progress line
            # then names messages.csv, parsed here, for as long as it takes.
            stage(reading_stage(member.display))
            reads[member.relpath] = (kind, pool.submit(_read, source, member, kind, quiet=True))
        for member, kind in large:
            try:
                big: bytes | Path = member.path if member.path is not None else member.read()
            except SourceError as error:
                failed(member, kind, error)
                break
            if isinstance(big, Path):  # parsed straight from disk, never held whole
                hashes[member.relpath] = pool.submit(_sha256_file, big)
            else:
                hashes[member.relpath] = pool.submit(_sha256, big)
            parsed = reads[member.relpath][1]
            try:
                parsed.set_result(_read(big, member, kind))
            except SourceError as error:
                parsed.set_exception(error)
            big = b""
        tables: dict[str, Table | None] = {}
        # In the export's order (a member that could not be inflated fails it before any later
        # one, never read, is reached).
        for relpath, (kind, reading) in reads.items():
            try:
                tables[relpath] = reading.result()
            except SourceError as error:
                if kind.name in CORE or relpath in fatal:
                    raise
                skipped[relpath] = error
        return tables

    @staticmethod
    def _first(tables: dict[str, Table | None], kind: str) -> Table | None:
        """The first table of ``kind`` read."""
        for relpath, table in tables.items():
            if table is not None and KINDS[normalise_name(relpath)].name == kind:
                return table
        return None

    def _build(
        self,
        export: Export,
        tables: dict[str, Table | None],
        hint: OwnerHint | None,
        skipped: dict[str, SourceError],
        pool: ThreadPoolExecutor,
    ) -> Loaded:
        def first(kind: str) -> Table | None:
            return self._first(tables, kind)

        profile_table, invitation_table = first("profile"), first("invitations")
        message_table = first("messages")
        owner = identify(
            hint,
            profile_table.frame if profile_table else None,
            invitation_table.frame if invitation_table else None,
            message_table.frame if message_table else None,
        )
        readers: dict[str, Callable[[Table, str], Part]] = {
            "connections": connections.load,
            "messages": lambda t, f: messages.load(t, f, owner),
            "ai messages": lambda t, f: messages.load_ai(t),
            "invitations": activity.invitations,
            "recommendations received": lambda t, f: activity.recommendations(t, f, given=False),
            "recommendations given": lambda t, f: activity.recommendations(t, f, given=True),
            "events": listed_events.load,
        }
        parts: dict[str, Part] = {}
        endorsements: dict[str, list[tuple[str, Table]]] = {}
        # The other files are read on the side while messages.csv, by far the largest, is read
        # here; each file's result (or error) is then taken in the files' order all the same.
        pending: dict[str, tuple[str, Table, Future[Part]]] = {}
        for relpath, table in tables.items():
            kind = KINDS[normalise_name(relpath)].name
            if table is None:
                continue
            if kind.startswith("endorsements"):
                endorsements.setdefault(kind, []).append((relpath, table))
            elif kind in readers:
                side = kind != "messages"
                reading = pool.submit(readers[kind], table, relpath) if side else Future[Part]()
                pending[relpath] = (kind, table, reading)
        endorsed = {
            " + ".join(r for r, _ in group): pool.submit(
                activity.endorsements, group, kind.endswith("given")
            )
            for kind, group in endorsements.items()
        }
        for relpath, (kind, table, reading) in pending.items():
            if kind == "messages":
                try:
                    reading.set_result(readers[kind](table, relpath))
                except SourceError as error:
                    reading.set_exception(error)
        for relpath, (kind, _, reading) in pending.items():
            try:
                parts[relpath] = reading.result()
            except SourceError as error:
                if kind in CORE:
                    raise
                skipped[relpath] = error
        for key, endorsing in endorsed.items():
            parts[key] = endorsing.result()
        # What is reported per file is taken now, so that the parsed tables can be let go of
        # before people are resolved (a large export's tables and events would not fit twice).
        kinds = {key: kind.name for key, kind in KINDS.items()}
        reasons = {relpath: str(error) for relpath, error in skipped.items()}
        files = report.files(export, tables, parts, reasons, kinds)
        _fail_if_unread(export, files, parts, tables)
        undated = _undated(tables)
        owner_row = profile.owner_frame(profile_table, owner)
        positions_table = first("positions")
        positions = profile.positions(positions_table) if positions_table else None
        del profile_table, invitation_table, message_table, positions_table
        undecodable = [t.failures(r) for r, t in tables.items() if t is not None]
        controls = [(r, CONTROLS, t.controls) for r, t in tables.items() if t and t.controls]
        tables.clear()
        events = pl.concat([p.events for p in parts.values()] or [pl.DataFrame(schema=EVENT)])
        contacts = pl.concat([p.contacts for p in parts.values()] or [pl.DataFrame(schema=CONTACT)])
        channels: dict[str, str] = {}
        for relpath, part in parts.items():
            for channel in part.events["channel"].unique():
                channels.setdefault(str(channel), relpath.split(" + ")[0])
            part.events = part.events.clear()
        exported_on = _exported_on(export) or _newest(events, hint.time_zone if hint else "UTC")
        stage("resolving people")
        frames = people.resolve(events, contacts, owner, exported_on)
        del events
        return Loaded.of(
            self.name,
            export.path,
            files=files,
            people=frames[0],
            identities=frames[1],
            interactions=frames[2],
            observations=frames[3],
            failures=pl.concat(
                [schema.empty(schema.FAILURES), *undecodable, *(p.failures for p in parts.values())]
            ),
            noise=pl.concat(
                [report.noise(parts), pl.DataFrame(controls, schema.NOISE, orient="row")]
            ),
            owner=owner_row,
            positions=positions,
            exported_on=exported_on,
            events=pl.concat([schema.empty(EVENTS), *(p.listed_events for p in parts.values())]),
            notes=pl.concat([report.unmatched(frames[4], channels), undated]),
        )


UNDATED = (
    "people without the day you connected (the file has no Connected On column): people, not "
    "connections, until an export with it is imported"
)
BLANK_DAYS = (
    "people without the day you connected (their Connected On is blank): people, not "
    "connections, until an export with it is imported"
)


def _undated(tables: dict[str, Table | None]) -> pl.DataFrame:
    """Notes for a Connections.csv without its days: the column deleted, or some left blank.

    A hidden member's row (no name, no profile) is noise, not counted here.
    """
    rows = []
    for relpath, table in tables.items():
        if table is None or KINDS[normalise_name(relpath)].name != "connections":
            continue
        frame = table.frame
        if "connected on" not in frame.columns:
            if frame.height:
                rows.append({"file": relpath, "note": UNDATED, "rows": frame.height})
            continue
        named = [c for c in ("first name", "last name", "url") if c in frame.columns]
        someone = pl.any_horizontal(pl.col(c).is_not_null() for c in named) if named else False
        blank = frame.select((pl.col("connected on").is_null() & someone).sum()).item()
        if blank:
            rows.append({"file": relpath, "note": BLANK_DAYS, "rows": int(blank)})
    return pl.DataFrame(rows, schema=schema.NOTES)


def _fail_if_unread(
    export: Export, files: pl.DataFrame, parts: dict[str, Part], tables: dict[str, Table | None]
) -> None:
    """Fail the import when not one row of Connections.csv or messages.csv could be read.

    A spreadsheet that rewrote every date in its own form leaves the file with rows and no row
    kept: importing the rest (endorsements, invitations) would pass for a network of no one.

    Raises:
        SourceError: naming the file, its first unreadable row and why.
    """
    unread = files.filter(
        pl.col("kind").is_in(list(CORE))
        & (pl.col("rows") > 0)
        & (pl.col("kept") == 0)
        & (pl.col("failed") > 0)
    )
    for row in unread.iter_rows(named=True):
        owner = next((p for key, p in parts.items() if row["file"] in key.split(" + ")), None)
        table = tables.get(row["file"])
        failures = pl.concat(
            [
                schema.empty(schema.FAILURES),
                *([table.failures(row["file"])] if table is not None else []),
                *([owner.failures.filter(pl.col("file") == row["file"])] if owner else []),
            ],
            how="diagonal_relaxed",
        )
        first = failures.sort("line").row(0, named=True) if failures.height else None
        display = next(m.display for m in export.members if m.relpath == row["file"])
        reason = f": the first, {first['reason']}" if first else ""
        cut = first is not None and CUT_SHORT in first["reason"]
        raise SourceError(
            display,
            f"none of its {plural(row['rows'], 'row')} could be read{reason}",
            line=first["line"] if first else None,
            hint=None  # the reason says what to do
            if cut
            else "import the file as LinkedIn wrote it, or save it again with dates as LinkedIn "
            "writes them",
        )


CONTROLS = "control characters removed (rows kept)"
"""The noise reason counting rows whose fields held NUL, ESC or other control characters."""
IMPORTED_CONTACTS = ("importedcontacts.csv", "contacts.csv")
"""The address books the owner synced to LinkedIn (read by the ``linkedin-contacts`` reader)."""


def _imported_contacts(member: Member, owner: OwnerHint | None) -> Loaded:
    """An imported-contacts file of the export, read as the standalone file would be."""
    from netbook.sources.contacts.imported import LinkedInImportedContactsSource

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / Path(member.relpath).name
        file.write_bytes(member.read())
        file.chmod(0o600)
        loaded = LinkedInImportedContactsSource().load(file, owner=owner)
    rename = {str(file): member.relpath, file.name: member.relpath}
    loaded.files = loaded.files.with_columns(pl.col("file").replace(rename))
    loaded.failures = loaded.failures.with_columns(pl.col("file").replace(rename))
    loaded.noise = loaded.noise.with_columns(pl.col("file").replace(rename))
    return loaded


def _has_header(path: Path, kind: Kind) -> bool:
    """True when one of the first lines of ``path`` has every column ``kind`` requires."""
    try:
        with path.open("rb") as handle:
            head, _ = decode(handle.read(4096), str(path))
    except (OSError, SourceError):
        return False
    for line in head.decode("utf-8", errors="replace").splitlines()[:10]:
        for delimiter in (",", ";", "\t"):
            fields = {normalise_header(f) for f in next(csv.reader([line], delimiter=delimiter))}
            if all(column in fields for column in kind.required):
                return True
    return False


def _exported_on(export: Export) -> date | None:
    """The date in the export's name, unless it is over a year after the import day (renamed)."""
    named, end = export.exported_on, latest().date() + timedelta(days=366)
    return named if named is not None and EARLIEST.date() <= named <= end else None


def _newest(events: pl.DataFrame, zone: str) -> date | None:
    """The local day (in the user's ``zone``) of the newest event: the day the export was made.

    An invitation at 8 PM in California is the next day in UTC: the export was still made that
    day, and a job change it shows is seen on that day, not the next.
    """
    newest = events["occurred_at"].max()
    if not isinstance(newest, datetime):
        return None
    return newest.astimezone(ZoneInfo(zone)).date()
