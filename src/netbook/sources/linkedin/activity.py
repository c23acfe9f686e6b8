"""Invitations, endorsements and recommendations: touches that are not messages."""

from __future__ import annotations

import polars as pl

from netbook.ids import join_key
from netbook.keys import name_key, normalise_urls
from netbook.sources._base import split_failures
from netbook.sources.dates import WITHIN, parse_datetime
from netbook.sources.linkedin.parts import Part, col, count_noise, part
from netbook.sources.tables import Table

US_TIME = "%m/%d/%y, %I:%M %p"
INVITATION_ZONE = "America/Los_Angeles"
"""Invitations' ``Sent At`` carries no zone; real files line up with US Pacific wall-clock time."""
ENDORSEMENT_TIME = "%Y/%m/%d %H:%M:%S UTC"


def _full_name(frame: pl.DataFrame, first: str, last: str) -> pl.Expr:
    return (
        pl.concat_str(
            [col(frame, first).fill_null(""), col(frame, last).fill_null("")], separator=" "
        )
        .str.strip_chars()
        .replace("", None)
    )


def _url_column(frame: pl.DataFrame, name: str) -> pl.Series:
    if name not in frame.columns:
        return pl.Series(name, [None] * frame.height, dtype=pl.String)
    return normalise_urls(frame[name])


def _event(
    channel: str, direction: pl.Expr, value: pl.Expr, key_parts: list[pl.Expr]
) -> dict[str, pl.Expr]:
    return {
        "occurred_at": pl.col("__at"),
        "channel": pl.lit(channel),
        "direction": direction,
        "initiated": pl.lit(channel == "invitation"),
        "value": value,
        "url": pl.col("__url"),
        "name": pl.col("__name"),
        "key": join_key(pl.lit(channel), *key_parts),
    }


def invitations(table: Table, file: str) -> Part:
    """Invitations.csv (all three eras): one touch per distinct invitation."""
    frame = table.frame
    outgoing = col(frame, "direction").str.to_uppercase() == "OUTGOING"
    frame = frame.with_columns(
        __out=outgoing.fill_null(False),
        __inviter=_url_column(frame, "inviterprofileurl"),
        __invitee=_url_column(frame, "inviteeprofileurl"),
    ).with_columns(
        __url=pl.when(pl.col("__out")).then("__invitee").otherwise("__inviter"),
        __name=pl.when(pl.col("__out")).then(col(frame, "to")).otherwise(col(frame, "from")),
        __at=parse_datetime("sent at", [US_TIME, "%m/%d/%Y, %I:%M %p"], INVITATION_ZONE),
    )
    bad = pl.col("sent at").is_null() | pl.col("__at").is_null()
    good, failures = split_failures(
        frame, file, [("sent at", bad, f"expected a time like '3/18/26, 7:40 AM', {WITHIN}")]
    )
    who = pl.coalesce("__url", name_key(pl.col("__name")))
    direction = pl.when(pl.col("__out")).then(pl.lit("outbound")).otherwise(pl.lit("inbound"))
    reason = (
        pl.when(pl.col("__name").is_null() & pl.col("__url").is_null())
        .then(pl.lit("missing participant"))
        .when(~pl.struct(pl.col("__out"), who, pl.col("__at")).is_first_distinct())
        .then(pl.lit("duplicate"))
    )
    good = good.with_columns(__noise=reason)
    noise = count_noise(good["__noise"])
    kept = good.filter(pl.col("__noise").is_null())
    events = kept.select(
        **_event(
            "invitation", direction, pl.lit("none"), [direction, who, pl.col("__at").dt.epoch("s")]
        )
    )
    contacts = kept.select(url=pl.col("__url"), name=pl.col("__name"), priority=pl.lit(3, pl.Int8))
    return part(events, contacts, failures, noise, table.frame.height)


def endorsements(tables: list[tuple[str, Table]], given: bool) -> Part:
    """Endorsement_(Received|Given)_Info.csv, twins merged; one touch per person and day.

    Each row keeps the file it came from: its failure names that file, and a row repeating one
    of an earlier twin is noise (``duplicate``) of its own file (``Part.noise_by_file``).
    """
    role = "endorsee" if given else "endorser"
    frames = [
        t.frame.select(
            "__line",
            __file=pl.lit(file),
            date=col(t.frame, "endorsement date"),
            skill=col(t.frame, "skill name"),
            first=col(t.frame, f"{role} first name"),
            last=col(t.frame, f"{role} last name"),
            url=col(t.frame, f"{role} public url"),
        )
        for file, t in tables
    ]
    frame = pl.concat(frames)
    rows = frame.height
    frame = frame.with_columns(
        __name=_full_name(frame, "first", "last"),
        __url=_url_column(frame, "url"),
        __at=parse_datetime("date", [ENDORSEMENT_TIME, "%Y-%m-%d %H:%M:%S UTC", "%Y/%m/%d"]),
    )
    bad = pl.col("date").is_null() | pl.col("__at").is_null()
    advice = f"expected a time like '2021/04/06 16:30:00 UTC', {WITHIN}"
    good_parts, failed_parts = [], []
    for file, _ in tables:
        good, failures = split_failures(
            frame.filter(pl.col("__file") == file), file, [("date", bad, advice)]
        )
        good_parts.append(good)
        failed_parts.append(failures)
    good = pl.concat(good_parts)
    failures = pl.concat(failed_parts)
    duplicate = ~pl.struct("date", "skill", name_key(pl.col("__name"))).is_first_distinct()
    missing = pl.col("__name").is_null() & pl.col("__url").is_null()
    good = good.with_columns(
        __noise=pl.when(missing)
        .then(pl.lit("missing participant"))
        .when(duplicate)
        .then(pl.lit("duplicate"))
    )
    noise = count_noise(good["__noise"])
    by_file = good.filter(pl.col("__noise").is_not_null()).group_by("__file", "__noise").len()
    kept = good.filter(pl.col("__noise").is_null())
    who = pl.coalesce("__url", name_key(pl.col("__name")))
    day = pl.col("__at").dt.date()
    per_day = (
        kept.group_by(who.alias("__who"), day.alias("__day"))
        .agg(pl.col("__at").min(), pl.col("__url").first(), pl.col("__name").first())
        .sort("__at", "__who")
    )
    direction = pl.lit("outbound" if given else "inbound")
    value = pl.lit("given" if given else "received")
    events = per_day.select(
        **_event("endorsement", direction, value, [direction, pl.col("__who"), pl.col("__day")])
    )
    contacts = per_day.select(
        url=pl.col("__url"), name=pl.col("__name"), priority=pl.lit(2, pl.Int8)
    )
    result = part(events, contacts, failures, noise, rows)
    result.noise_by_file = {(str(f), str(r)): int(n) for f, r, n in by_file.iter_rows()}
    return result


def recommendations(table: Table, file: str, given: bool) -> Part:
    """Recommendations_(Received|Given).csv: a strong, valuable touch; names and companies only."""
    frame = table.frame
    frame = frame.with_columns(
        __name=_full_name(frame, "first name", "last name"),
        __url=pl.lit(None, pl.String),
        __at=parse_datetime("creation date", [US_TIME, "%m/%d/%Y, %I:%M %p"]),
    )
    bad = pl.col("creation date").is_null() | pl.col("__at").is_null()
    good, failures = split_failures(
        frame,
        file,
        [("creation date", bad, f"expected a time like '03/02/24, 08:15 PM', {WITHIN}")],
    )
    missing = pl.col("__name").is_null()
    good = good.with_columns(__noise=pl.when(missing).then(pl.lit("missing participant")))
    noise = count_noise(good["__noise"])
    kept = good.filter(pl.col("__noise").is_null())
    direction = pl.lit("outbound" if given else "inbound")
    value = pl.lit("given" if given else "received")
    who = name_key(pl.col("__name"))
    events = kept.select(
        **_event("recommendation", direction, value, [direction, who, pl.col("__at").dt.epoch("s")])
    )
    contacts = kept.select(
        url=pl.col("__url"),
        name=pl.col("__name"),
        first_name=col(kept, "first name"),
        last_name=col(kept, "last name"),
        company=col(kept, "company"),
        position=col(kept, "job title"),
        priority=pl.lit(1, pl.Int8),
    )
    return part(events, contacts, failures, noise, table.frame.height)
