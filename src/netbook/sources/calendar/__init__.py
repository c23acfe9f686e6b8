"""The iCalendar source: the meetings in a calendar export, as interactions with the people met.

Input is one ``.ics`` file (Google Calendar's export or Takeout, Outlook's "Save calendar", any
RFC 5545 file) or a folder: then every ``.ics`` file under it is read (Takeout ships one file per
calendar), and an event in several files counts once.

**Meetings.** Each occurrence of a meeting gives one interaction per person met (see
:func:`~netbook.sources.calendar.events.meeting` for who counts): channel ``meeting``, value
``none``, ``thread_id`` the event's UID, ``occurred_at`` the occurrence's start in UTC. The owner
organised it: ``outbound``, initiated; the person met organised it: ``inbound``, initiated; someone
else did: ``mutual``, not initiated. With more than one other person it is a group meeting
(``is_group``; metrics do not count it as a one-to-one touch, so it never makes anyone due) and each
row weighs ``1 / others``: the meeting's attention is shared, so an all-hands adds to each person's
share of time much less than a one-to-one (a one-to-one weighs 1).

**Not meetings** (counted as noise, per event, by reason): cancelled events, all-day events,
events the owner declined, events with no other attendee (free/busy feeds hide attendees, so they
end up here), and series recurring every minute or second. ``TRANSP:TRANSPARENT`` ("show as
free") is not a reason: a meeting marked free still took place.

**Times.** A ``TZID`` resolves through the file's VTIMEZONE, an IANA name, or a Windows zone name
without a VTIMEZONE (Outlook; icalendar maps them to IANA); ``...Z`` is UTC; Google's
``X-WR-TIMEZONE`` is applied; a floating time (and a ``TZID`` nobody knows) is wall-clock time in
``OwnerHint.time_zone``.

**Recurrence window.** RRULE, RDATE, EXDATE and moved or cancelled instances (``RECURRENCE-ID``)
are expanded with recurring-ical-events, independently of the clock: up to the file's *horizon*,
the latest ``DTSTAMP``, ``LAST-MODIFIED``, ``CREATED`` or ``DTSTART`` of any event in it (an
export stamps its events with the moment it was taken, so a series expands up to the export), and
over at most the 10 years before the horizon (so a rule without an end cannot run on). One-off
events are kept whatever their date.

**Stable ids.** An interaction's id hashes the UID, the occurrence's *original* start (its
``RECURRENCE-ID``; a one-off's ``DTSTART``) and the attendee's address, so re-importing the same or
a later export adds nothing new for the same occurrence, even when an instance was moved. A later
export is believed for the UIDs it lists: an occurrence it moved takes its new time, and one it
cancelled (or no longer has, within ten years of the UID's latest occurrence) is deleted from
the interactions as from the meetings (:func:`netbook.store.write`).

**Planned meetings.** Every occurrence of a meeting, past or future, is also a row of
:data:`~netbook.schema.MEETINGS` (title, start, end, the people met), series expanded up to
:data:`~netbook.sources.calendar.bounds.PLANNED` after the horizon or the import day; only
occurrences up to the horizon are interactions. A re-import replaces the stored occurrences of every
UID the files list, so a moved occurrence keeps one copy and a cancelled one is removed.

**Owner.** See :func:`~netbook.sources.calendar.owner.identify`.

**Reports.** ``files`` has one row per file (``rows`` counts its VEVENTs); an event that cannot
be read (no UID, an unreadable DTSTART, a broken RRULE, ...) is a ``failures`` row with the line of
its ``BEGIN:VEVENT`` and the property to blame, and the rest of the file still loads. A file that is
not iCalendar or is cut off raises :class:`~netbook.errors.SourceError`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import polars as pl

from netbook import schema
from netbook.errors import SourceError
from netbook.ids import stable_ids_of
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.calendar.text import decode
from netbook.sources.records import people_of
from netbook.sources.report import file_row, noise_rows

if TYPE_CHECKING:
    from netbook.sources.calendar.meetings import FileResult

__all__ = ["CalendarSource"]

SOURCE = "calendar"


class CalendarSource:
    """Meetings from an iCalendar export (see the module's docstring).

    Examples:
        >>> source = CalendarSource()
        >>> source.name, source.detect(Path("calendar.ics")), source.detect(Path("no-such-folder"))
        ('calendar', False, False)
    """

    name = SOURCE
    description = "iCalendar (.ics) calendar export, or a folder of them: meetings and attendees"

    def detect(self, path: Path) -> bool:
        """True for an ``.ics`` file, a file starting ``BEGIN:VCALENDAR``, or a folder of ``.ics``.

        A folder is a calendar export only when ``.ics`` files are at least half of its files
        (hidden ones aside): a folder of other exports that happens to hold an invitation is not.
        """
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
            calendars = sum(1 for p in files if p.suffix.lower() == ".ics")
            return calendars > 0 and 2 * calendars >= len(files)
        if path.suffix.lower() == ".ics":
            return path.is_file()
        try:
            with path.open("rb") as handle:
                head = handle.read(64)
        except OSError:
            return False
        return decode(head)[0].lstrip().upper().startswith("BEGIN:VCALENDAR")

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the calendar export at ``path``.

        Raises:
            SourceError: ``path`` holds no ``.ics`` file, or a file is not iCalendar or is cut off.
        """
        # The iCalendar parser loads here, not at start-up: detecting sources stays light.
        from netbook.sources.calendar.meetings import ROWS, read_meetings
        from netbook.sources.calendar.owner import identify
        from netbook.sources.calendar.planned import planned_meetings
        from netbook.sources.calendar.read import ics_files, read_ics

        hint = owner or OwnerHint()
        zone = ZoneInfo(hint.time_zone)
        paths = ics_files(path)
        if not paths:
            raise SourceError(path, "holds no .ics file", hint="choose a calendar export (.ics)")
        base = path if path.is_dir() else path.parent
        files = [read_ics(p.read_bytes(), p.relative_to(base).as_posix(), str(p)) for p in paths]
        owners, owner_row = identify(hint, files)
        results = [read_meetings(read, owners, zone) for read in files]
        stamps = [r.exported_at for r in results if r.exported_at is not None]
        exported_on = max(stamps).astimezone(zone).date() if stamps else None
        rows = pl.DataFrame([row for r in results for row in r.rows], schema=ROWS)
        people, identities, interactions = _frames(rows, exported_on)
        meetings = planned_meetings(results, identities)
        return Loaded.of(
            SOURCE,
            path,
            files=_files(results, rows),
            people=people,
            identities=identities,
            interactions=interactions,
            failures=[f for r in results for f in r.failures],
            noise=[row for r in results for row in noise_rows(r.read.name, r.noise)],
            owner=owner_row,
            exported_on=exported_on,
            meetings=meetings,
        )


def _frames(
    rows: pl.DataFrame, exported_on: date | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """People, identities and interactions of the meeting rows."""
    records = (
        rows.select(pl.col("line").alias("__line"), full_name="name", email="email")
        .unique()
        .sort("__line", "email", "full_name", nulls_last=True)
        .select("__line", "full_name", emails=pl.concat_list("email"))
    )
    people, identities = people_of(records, SOURCE, exported_on)
    person_of = identities.filter(pl.col("kind") == "email").select(
        "person_id", email=pl.col("value")
    )
    interactions = (
        rows.with_columns(
            interaction_id=stable_ids_of(
                rows, [pl.col("thread_id"), pl.col("original_at"), pl.col("email")]
            )
        )
        .join(person_of, on="email", how="left", maintain_order="left")
        .unique("interaction_id", keep="first", maintain_order=True)
        .with_columns(
            channel=pl.lit("meeting"),
            value=pl.lit("none"),
            source=pl.lit(SOURCE),
        )
        .sort("occurred_at", "interaction_id")
    )
    return people, identities, schema.conform(interactions, schema.INTERACTIONS).collect()


def _files(results: list[FileResult], rows: pl.DataFrame) -> list[dict[str, object]]:
    """One :data:`~netbook.schema.FILES` row per file."""
    spans = {
        file: (first, last)
        for file, first, last in rows.group_by("file")
        .agg(pl.col("occurred_at").min(), pl.col("occurred_at").max().alias("last"))
        .iter_rows()
    }
    return [
        file_row(
            r.read.name,
            "calendar",
            rows=len(r.read.events),
            noise=r.noise.total(),
            failed=len(r.failures),
            sha256=r.read.sha256,
            encoding=r.read.encoding,
            first_at=spans.get(r.read.name, (None, None))[0],
            last_at=spans.get(r.read.name, (None, None))[1],
        )
        for r in results
    ]
