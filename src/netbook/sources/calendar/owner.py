"""Whose calendar it is: the owner is never an attendee of their own meetings."""

from __future__ import annotations

from collections import Counter

import polars as pl

from netbook import schema
from netbook.keys import normalise_email
from netbook.sources._base import OwnerHint
from netbook.sources.calendar.events import display_name, values
from netbook.sources.calendar.read import IcsFile


def identify(hint: OwnerHint, files: list[IcsFile]) -> tuple[frozenset[str], pl.DataFrame]:
    """The owner's addresses and, when they had to be inferred, an :data:`~netbook.schema.OWNER` row.

    The rules, in order:

    1. the addresses in the settings (``OwnerHint.emails``); no owner row is reported then;
    2. the calendar's name (``X-WR-CALNAME``) when it is an address, as Google names a user's main
       calendar after their account;
    3. the address that occurs in the most events as ``ORGANIZER`` or ``ATTENDEE`` (ties: the one
       organising more events, then the alphabetically first), since a calendar's owner is in
       every meeting it holds.

    With no address anywhere, there is no owner (and no event has an attendee either).
    """
    configured = frozenset(e for e in (normalise_email(x) for x in hint.emails) if e is not None)
    if configured:
        return configured, schema.empty(schema.OWNER)
    address = next((f.calendar_name for f in files if f.calendar_name), None)
    how = "calendar name (X-WR-CALNAME)"
    if address is None:
        address = _most_frequent(files)
        how = "calendar organizer or attendee in most events"
    if address is None:
        return frozenset(), schema.empty(schema.OWNER)
    row = {"full_name": _name_of(address, files), "identified_by": f"{how}: {address}"}
    owner = schema.conform(pl.DataFrame([row]), schema.OWNER).collect()
    return frozenset({address}), owner


def _addresses(files: list[IcsFile], name: str) -> list[set[str]]:
    """Per event, the normalised addresses of property ``name``."""
    return [
        {e for e in (normalise_email(str(v)) for v in values(event, name)) if e is not None}
        for read in files
        for event in read.events
    ]


def _most_frequent(files: list[IcsFile]) -> str | None:
    organised: Counter[str] = Counter()
    for found in _addresses(files, "ORGANIZER"):
        organised.update(found)
    seen: Counter[str] = Counter()
    for organizers, attendees in zip(
        _addresses(files, "ORGANIZER"), _addresses(files, "ATTENDEE"), strict=True
    ):
        seen.update(organizers | attendees)
    if not seen:
        return None
    return min(seen, key=lambda a: (-seen[a], -organised[a], a))


def _name_of(address: str, files: list[IcsFile]) -> str | None:
    """The first display name (``CN``) given to ``address`` that is not the address itself."""
    for read in files:
        for event in read.events:
            for value in (*values(event, "ORGANIZER"), *values(event, "ATTENDEE")):
                if normalise_email(str(value)) != address:
                    continue
                name = display_name(value)
                if name is not None:
                    return name
    return None
