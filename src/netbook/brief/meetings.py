"""The stored meetings starting in the days ahead, each with the people you will meet."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from netbook import identity, schema
from netbook.brief.context import Context
from netbook.brief.facts import person_brief
from netbook.errors import InputError
from netbook.metrics.touches import end_of
from netbook.workspace import Workspace

MAX_DAYS = 366
"""Briefs look at most a year ahead."""


def upcoming(workspace: Workspace, as_of: date, days: int) -> pl.DataFrame:
    """Meetings starting from the start of ``as_of`` to the end of ``days - 1`` days later.

    Attendees are the people they now are (merged records are one person). Returns the
    :data:`~netbook.schema.MEETINGS` columns plus ``day`` (local), by start then ``meeting_id``.

    Raises:
        InputError: ``days`` is below 1 or above :data:`MAX_DAYS`.
    """
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"--days {days} is out of range", hint=f"use 1 to {MAX_DAYS}")
    zone = workspace.settings().time.zone
    begin = pl.lit(end_of(as_of - timedelta(days=1), zone)).dt.convert_time_zone("UTC")
    end = pl.lit(end_of(as_of + timedelta(days=days - 1), zone)).dt.convert_time_zone("UTC")
    with workspace.reading():
        stored, aliases = workspace.table("meetings"), workspace.aliases()
    found = schema.conform(stored, schema.MEETINGS).filter(
        (pl.col("start_at") >= begin) & (pl.col("start_at") < end)
    )
    people = (
        found.select("meeting_id", "attendees")
        .explode("attendees")
        .drop_nulls("attendees")
        .with_columns(identity.canonical(pl.col("attendees"), aliases))
        .group_by("meeting_id")
        .agg(pl.col("attendees").unique().sort())
    )
    return (
        found.drop("attendees")
        .join(people, on="meeting_id", how="left")
        .with_columns(
            pl.col("attendees").fill_null([]),
            day=pl.col("start_at").dt.convert_time_zone(zone).dt.date(),
        )
        .sort("start_at", "meeting_id")
        .collect()
    )


def meeting_brief(ctx: Context, meeting: dict[str, Any]) -> dict[str, Any]:
    """One meeting with each attendee's brief (attendees known at the as-of day only)."""
    known = set(ctx.people["person_id"].to_list())
    local = meeting["start_at"].astimezone(_zone(ctx.zone))
    ends = meeting["end_at"].astimezone(_zone(ctx.zone)) if meeting["end_at"] else None
    people = [p for p in meeting["attendees"] if p in known]
    briefs = [person_brief(ctx, p) for p in people]
    briefs.sort(key=lambda b: (-b["tie"]["strength"], b["who"]["person_id"]))
    return {
        "meeting_id": meeting["meeting_id"],
        "uid": meeting["uid"],
        "title": meeting["title"] or "(no title)",
        "day": local.date().isoformat(),
        "start": local.strftime("%Y-%m-%d %H:%M"),
        "end": ends.strftime("%H:%M") if ends else None,
        "people": briefs,
    }


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
