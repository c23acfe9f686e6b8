"""An example netbook plugin: meetup attendee lists as a source, and one metric.

The export is one JSON file per event::

    {"event": {"id": "...", "title": "...", "starts_at": "2024-03-14T18:30:00+01:00"},
     "attendees": [{"name": "...", "email": "...", "linkedin": "...", "attended": true}, ...]}

Each attendee who came is a person and one interaction: channel ``event``, direction ``mutual``
(you were both there; nobody reached out), at the event's start. Attendees who did not come are
noise; an attendee with neither a name nor an e-mail address is a failure, and its "line" is its
1-based position in ``attendees`` (JSON has no useful line numbers).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from netbook import schema
from netbook.errors import SourceError
from netbook.ids import stable_ids_of
from netbook.keys import normalise_email, normalise_url
from netbook.settings import Settings
from netbook.sources import Loaded, OwnerHint, file_row, noise_rows
from netbook.sources.records import RECORD_COLUMNS, people_of, person_ids

__all__ = ["MeetupSource", "recent_share"]

NAME = "meetup"
EXPECTED = "a meetup attendee export (JSON with 'event' and 'attendees')"


def _parse(raw: bytes) -> dict[str, Any] | None:
    """The JSON object in ``raw``, or None when it is not a meetup export."""
    try:
        data = json.loads(raw)
    except ValueError:  # not JSON, or not UTF-8
        return None
    ok = isinstance(data, dict) and isinstance(data.get("event"), dict)
    return data if ok and isinstance(data.get("attendees"), list) else None


class MeetupSource:
    """Reads the attendee list of one meetup event (see the module's docstring).

    Examples:
        >>> MeetupSource().detect(Path("no-such-file.json"))
        False
    """

    name = NAME
    description = "attendee lists of meetup events (JSON)"

    def detect(self, path: Path) -> bool:
        """True for a ``.json`` file holding an ``event`` and its ``attendees``."""
        if path.suffix.lower() != ".json" or not path.is_file():
            return False
        try:
            return _parse(path.read_bytes()) is not None
        except OSError:
            return False

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the attendees of ``path``.

        Raises:
            SourceError: the file is not a meetup export, or its event has no readable start.
        """
        owner = owner or OwnerHint()
        raw = path.read_bytes()
        data = _parse(raw)
        if data is None:
            raise SourceError(path, "is not a meetup attendee export", hint=f"expected {EXPECTED}")
        event = data["event"]
        try:
            starts_at = datetime.fromisoformat(str(event["starts_at"]))
        except (KeyError, ValueError) as error:
            raise SourceError(
                path,
                f"has no readable event start 'starts_at' ({error})",
                hint="export the attendee list again",
            ) from error
        if starts_at.tzinfo is None:  # wall-clock time where the user lives
            starts_at = starts_at.replace(tzinfo=ZoneInfo(owner.time_zone))
        starts_at = starts_at.astimezone(UTC)
        records: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        noise: Counter[str] = Counter()
        for number, attendee in enumerate(data["attendees"], start=1):
            if not isinstance(attendee, dict):
                failures.append(_failure(path, number, "attendees", "not an attendee object"))
                continue
            if not attendee.get("attended"):
                noise["did not attend"] += 1
                continue
            email = normalise_email(attendee.get("email"))
            name = str(attendee.get("name") or "").strip() or None
            if email is not None and email in owner.emails:
                noise["the owner"] += 1  # the owner is never a person
            elif name is None and email is None:
                reason = "attendee with neither a name nor an e-mail address"
                failures.append(_failure(path, number, "name", reason))
            else:
                records.append(
                    {
                        "__line": number,
                        "full_name": name,
                        "emails": [email] if email else [],
                        "phones": [],
                        "linkedin_url": normalise_url(attendee.get("linkedin")),
                    }
                )
        frame = pl.DataFrame(records, schema=RECORD_COLUMNS)
        people, identities = people_of(frame, NAME, starts_at.date())
        interactions = _attendances(frame, str(event.get("id", path.stem)), starts_at)
        report = file_row(
            path.name,
            "meetup attendees",
            rows=len(data["attendees"]),
            noise=noise.total(),
            failed=len(failures),
            raw=raw,
            encoding="utf-8",
            times=interactions["occurred_at"],
        )
        return Loaded.of(
            NAME,
            path,
            files=[report],
            people=people,
            identities=identities,
            interactions=interactions,
            failures=failures,
            noise=noise_rows(path.name, noise),
            exported_on=starts_at.date(),
        )


def _failure(path: Path, number: int, column: str, reason: str) -> dict[str, Any]:
    """A :data:`~netbook.schema.FAILURES` row; ``line`` is the attendee's position in the list."""
    return {"file": path.name, "line": number, "column": column, "reason": reason}


def _attendances(records: pl.DataFrame, event_id: str, starts_at: datetime) -> pl.DataFrame:
    """One ``event`` interaction per attendee, its id stable over the event and the person."""
    frame = person_ids(records).to_frame().unique(maintain_order=True)
    frame = frame.with_columns(
        interaction_id=stable_ids_of(frame, [pl.lit(NAME), pl.lit(event_id), pl.col("person_id")]),
        occurred_at=pl.lit(starts_at),
        channel=pl.lit("event"),
        direction=pl.lit("mutual"),
        initiated=pl.lit(False),
        weight=pl.lit(1.0),
        value=pl.lit("none"),
        source=pl.lit(NAME),
        thread_id=pl.lit(event_id),
        is_group=pl.lit(False),
    )
    return schema.conform(frame, schema.INTERACTIONS).collect()


def recent_share(*, as_of: date, settings: Settings) -> pl.Expr:
    """The share of a person's weighted touches of the last year that fell in the last 90 days.

    Near 1: the tie is new or warming up; near 0: it is cooling down; null: no touch in a year.

    Examples:
        >>> from netbook.settings import Settings
        >>> frame = pl.DataFrame({"touches_90d": [3.0, 0.0, 0.0], "touches_365d": [4.0, 2.0, 0.0]})
        >>> share = recent_share(as_of=date(2024, 6, 1), settings=Settings())
        >>> frame.select(share).to_series().to_list()
        [0.75, 0.0, None]
    """
    return pl.when(pl.col("touches_365d") > 0).then(pl.col("touches_90d") / pl.col("touches_365d"))
