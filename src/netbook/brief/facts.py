"""One person's brief: who they are, your history, what is owed, news, events, mutual people, tie.

Every fact is read from a stored row (a person, an interaction, an observation, a promise, an
event, a knows link) through :class:`~netbook.brief.context.Context`, never guessed; a section
with nothing stored is empty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from netbook.brief.context import Context
from netbook.brief.opener import opener
from netbook.metrics.strength import COMPONENTS
from netbook.metrics.touches import is_contact, one_to_one
from netbook.rituals.ties import company_key

RECENT = 5
"""Exchanges, events and mutual people listed at most."""
FIRST_SHARE = 0.2
"""An initiation balance beyond this share says who usually writes first."""


def _day(ctx: Context, column: str = "occurred_at") -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(ctx.zone).dt.date()


def who(ctx: Context, person_id: str) -> dict[str, Any]:
    """Name, company, position, how you know them (their sources) and since when."""
    row = ctx.people.filter(pl.col("person_id") == person_id).row(0, named=True)
    seen = ctx.interactions.filter(pl.col("person_id") == person_id).select(_day(ctx).min())
    first = seen.item() if seen.height else None
    starts = [d for d in (row["connected_on"], first) if d is not None]
    sources = sorted(row["sources"] or [])
    how = [f"connected on LinkedIn {row['connected_on']}"] if row["connected_on"] else []
    how += [f"in your {s} export" for s in sources if s != "linkedin"]
    return {
        "person_id": person_id,
        "full_name": row["full_name"],
        "company": row["company"],
        "position": row["position"],
        "profile_url": row["profile_url"],
        "how_you_know": how,
        "since": min(starts).isoformat() if starts else None,
    }


def history(ctx: Context, person_id: str) -> dict[str, Any]:
    """Last touch by channel, the last few exchanges, reply times, who usually writes first."""
    ahead = (pl.col("channel").cast(pl.String) == "meeting") & (_day(ctx) >= ctx.as_of)
    mine = ctx.interactions.filter(  # a meeting on the as-of day is the one being prepared
        (pl.col("person_id") == person_id) & one_to_one() & is_contact() & ~ahead
    ).sort("occurred_at", "interaction_id")
    rows = mine.select(
        pl.col("channel").cast(pl.String),
        pl.col("direction").cast(pl.String),
        _day(ctx).alias("on"),
    )
    last = (
        rows.group_by("channel", maintain_order=True)
        .last()
        .sort(["on", "channel"], descending=[True, False])
    )
    recent = rows.tail(RECENT).reverse()
    health = ctx.health.filter(pl.col("person_id") == person_id)
    balance = health["initiation_balance"][0] if health.height else None
    first = None
    if balance is not None:
        first = (
            "you" if balance > FIRST_SHARE else "they" if balance < -FIRST_SHARE else "both alike"
        )
    return {
        "last_by_channel": [_dated(r) for r in last.iter_rows(named=True)],
        "recent": [_dated(r) for r in recent.iter_rows(named=True)],
        "touches": mine.height,
        "your_reply_hours": _round(health["your_reply_hours"][0]) if health.height else None,
        "their_reply_hours": _round(health["their_reply_hours"][0]) if health.height else None,
        "writes_first": first,
    }


def owed(ctx: Context, person_id: str) -> dict[str, list[str]]:
    """Open promises both ways: yours (promises, a reply they wait for) and theirs (a reply)."""
    yours = ctx.promises.filter(pl.col("person_id") == person_id)["why"].to_list()
    health = ctx.health.filter(pl.col("person_id") == person_id)
    if health.height and health["unanswered_inbound"][0]:
        yours.append(f"a reply: they wrote on {health['unanswered_since'][0]}, no answer yet")
    theirs = []
    talk = ctx.interactions.filter(
        (pl.col("person_id") == person_id)
        & pl.col("channel").cast(pl.String).is_in(["message", "email"])
        & ~pl.col("is_group").fill_null(False)
    ).sort("occurred_at", "interaction_id")
    if talk.height:
        last = talk.row(talk.height - 1, named=True)
        if last["direction"] == "outbound" and last["asks"]:
            day = last["occurred_at"].astimezone(_zone(ctx)).date()
            theirs.append(f"a reply: you asked them something on {day}, no answer yet")
    return {"yours": yours, "theirs": theirs}


def news(ctx: Context, person_id: str) -> list[str]:
    """Job changes seen by the as-of day (newest first) and milestones in the next two weeks."""
    jobs = ctx.jobs.filter(pl.col("person_id") == person_id)["why"].head(2).to_list()
    ahead = ctx.milestones.filter(pl.col("person_id") == person_id)["why"].to_list()
    return [*jobs, *ahead]


def events(ctx: Context, person_id: str) -> list[dict[str, Any]]:
    """Events you both went to (recorded, LinkedIn, calendar group meetings), latest first."""
    found = (
        ctx.events.filter(pl.col("person_id") == person_id)
        .sort(["held_on", "event"], descending=[True, False])
        .head(RECENT)
    )
    return [
        {"event": r["event"], "held_on": r["held_on"].isoformat(), "source": r["source"]}
        for r in found.iter_rows(named=True)
    ]


def mutual(ctx: Context, person_id: str) -> list[dict[str, Any]]:
    """People you both know, by a stored fact (:mod:`netbook.brief.edges`), strongest tie first."""
    strength = ctx.health.select(
        other_id="person_id", full_name="full_name", strength="strength", works_at="company"
    )
    company = ctx.health.filter(pl.col("person_id") == person_id)["company"]
    now = company_key(pl.lit(company.item() if company.len() == 1 else None, pl.String))
    # Colleagues at the company both work at now (an old job's colleague is no news).
    there = (
        (pl.col("kind") == "colleagues")
        & (company_key(pl.col("key")) == now)
        & (company_key(pl.col("works_at")) == now)
    )
    found = (
        ctx.edges.filter(pl.col("a_id") == person_id)
        .select(other_id="b_id", how="detail", kind="kind", key="key")
        .join(strength, on="other_id")
        .with_columns(there=there.fill_null(False))
        .group_by("other_id", "full_name", "strength")
        .agg(pl.col("how").unique().sort().str.join("; "), pl.col("there").any())
        .sort(["strength", "other_id"], descending=[True, False])
        .head(RECENT)
    )
    return [
        {
            "person_id": r["other_id"],
            "full_name": r["full_name"],
            "how": r["how"],
            "works_there": r["there"],
        }
        for r in found.iter_rows(named=True)
    ]


def tie(ctx: Context, person_id: str) -> dict[str, Any]:
    """Tie strength, Dunbar layer, status and its why, and its two largest weighted parts."""
    row = ctx.health.filter(pl.col("person_id") == person_id)
    if row.is_empty():
        return {
            "strength": 0.0,
            "layer": None,
            "status": None,
            "why": None,
            "days_since": None,
            "made_of": [],
        }
    r = row.row(0, named=True)
    weighted = [(c, ctx.weights[c] * float(r[f"strength_{c}"] or 0.0)) for c in COMPONENTS]
    # Without any contact strength is 0 whatever its parts say: no part then explains it.
    parts = sorted(weighted, key=lambda p: (-p[1], p[0])) if r["strength"] else []
    return {
        "strength": round(float(r["strength"]), 2),
        "layer": r["layer"],
        "status": r["status"],
        "why": r["why"],
        "days_since": r["days_since_contact"],
        "made_of": [f"{name} +{value:.2f}" for name, value in parts[:2] if value > 0],
    }


def person_brief(ctx: Context, person_id: str) -> dict[str, Any]:
    """The whole brief of one person at ``ctx.as_of``, with one suggested opener."""
    found: dict[str, Any] = {
        "who": who(ctx, person_id),
        "history": history(ctx, person_id),
        "owed": owed(ctx, person_id),
        "news": news(ctx, person_id),
        "events": events(ctx, person_id),
        "mutual": mutual(ctx, person_id),
        "tie": tie(ctx, person_id),
    }
    found["opener"] = opener(found)
    return found


def _dated(row: dict[str, Any]) -> dict[str, Any]:
    on: date = row["on"]
    return {"channel": row["channel"], "direction": row["direction"], "on": on.isoformat()}


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _zone(ctx: Context) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(ctx.zone)
