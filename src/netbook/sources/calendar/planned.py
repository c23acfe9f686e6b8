"""The meeting occurrences of a calendar export as :data:`~netbook.schema.MEETINGS` rows.

Attendees are the person ids of the addresses met (the ids the import gives them; the store maps
them to the people they join). Each UID the files list without any occurrence left (a cancelled
one-off, a series whose every occurrence was cancelled or declined) has one ``cancelled`` row, so
that a re-import removes what was stored for it.
"""

from __future__ import annotations

import polars as pl

from netbook import schema
from netbook.ids import stable_ids_of
from netbook.sources.calendar.meetings import FileResult

SOURCE = "calendar"
_PLANNED = schema.columns(
    {
        "uid": pl.String,
        "recurrence_id": pl.String,
        "title": pl.String,
        "start_at": schema.UTC,
        "end_at": schema.UTC,
        "emails": pl.List(pl.String),
        "organizer": pl.String,
        "status": pl.String,
    }
)


def planned_meetings(results: list[FileResult], identities: pl.DataFrame) -> pl.DataFrame:
    """Every occurrence in ``results``, with attendee person ids from ``identities`` (e-mails)."""
    rows = pl.DataFrame([row for r in results for row in r.planned], schema=_PLANNED)
    person_of = identities.filter(pl.col("kind") == "email").select(
        "person_id", email=pl.col("value")
    )
    keyed = rows.with_columns(
        meeting_id=stable_ids_of(rows, [pl.col("uid"), pl.col("recurrence_id")])
    ).unique("meeting_id", keep="first", maintain_order=True)
    attendees = (
        keyed.select("meeting_id", email=pl.col("emails"))
        .explode("email")
        .join(person_of, on="email", how="inner")
        .group_by("meeting_id")
        .agg(pl.col("person_id").unique().sort().alias("attendees"))
    )
    organizers = keyed.select("meeting_id", email=pl.col("organizer")).join(
        person_of, on="email", how="inner"
    )
    found = (
        keyed.join(attendees, on="meeting_id", how="left")
        .join(
            organizers.select("meeting_id", organizer_id="person_id"), on="meeting_id", how="left"
        )
        .with_columns(source=pl.lit(SOURCE))
    )
    listed = sorted({u for r in results for u in r.uids} - set(found["uid"].to_list()))
    gone = pl.DataFrame(
        {"uid": listed, "status": ["cancelled"] * len(listed), "source": [SOURCE] * len(listed)},
        schema={"uid": pl.String, "status": pl.String, "source": pl.String},
    )
    frame = pl.concat(
        [schema.conform(found, schema.MEETINGS), schema.conform(gone, schema.MEETINGS)]
    )
    return frame.collect().sort("start_at", "meeting_id", "uid", nulls_last=True)
