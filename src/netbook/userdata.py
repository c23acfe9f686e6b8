"""What the user records by hand: touches, snoozes, roles, tags, cadences, closeness.

Each call is one short write transaction on the workspace store: it lands whole or not at all,
survives the process being killed at any moment (DuckDB's write-ahead log), and waits for another
writer instead of failing (see :meth:`netbook.workspace.Workspace.connect`). Imports never write
these tables, so nothing here is changed or dropped by an import.

The same functions back the command line (``netbook log``, ``snooze``, ``set``) and the widgets.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import polars as pl

from netbook import schema
from netbook.errors import AmbiguousPersonError as AmbiguousPersonError
from netbook.errors import InputError
from netbook.errors import PersonNotFoundError as PersonNotFoundError
from netbook.keys import name_key, normalise_email, normalise_phone, normalise_url
from netbook.vocabulary import CHANNELS as CHANNELS
from netbook.vocabulary import CLEAR_ROLE as CLEAR_ROLE
from netbook.vocabulary import GIVES as GIVES
from netbook.vocabulary import ROLES as ROLES
from netbook.workspace import Workspace

_PERSON_ID = re.compile(r"^[0-9a-f]{16}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")
"""What a phone number typed as a query looks like (``+44 7700 900115``, ``(415) 555-0132``)."""


@dataclass(frozen=True)
class Person:
    """Who a query matched."""

    person_id: str
    full_name: str | None


def find_person(workspace: Workspace, query: str) -> Person:
    """The one person ``query`` names: a person id, an e-mail, a LinkedIn URL, a phone or a name.

    A name matches exactly (ignoring case and spacing), else by every word it contains.

    Raises:
        PersonNotFoundError: nobody matches.
        AmbiguousPersonError: several people match (they are listed).
    """
    text = query.strip()
    people = workspace.people().select("person_id", "full_name", "company", "profile_url", "email")
    identities = workspace.identities()
    email, url = normalise_email(text), normalise_url(text)
    phone = None
    if _PHONE.match(text):
        phone = normalise_phone(text, workspace.settings().owner.phone_region)
    if _PERSON_ID.match(text):
        found = people.filter(pl.col("person_id") == text)
        if found.collect().is_empty():  # a record merged into another person
            aliases = workspace.table("aliases").filter(pl.col("person_id") == text)
            merged = aliases.select(pl.col("canonical_id").alias("person_id")).lazy()
            found = people.join(merged, on="person_id", how="semi")
    elif email or url or phone:
        # An address a household or an office shares names each of them (see records.SHARED).
        by = ((["email", "shared_email"], email), (["linkedin_url"], url))
        kinds, value = next(((k, v) for k, v in by if v), (["phone", "shared_phone"], phone))
        ids = identities.filter(pl.col("kind").is_in(kinds) & (pl.col("value") == value))
        found = people.join(ids.select("person_id").unique(), on="person_id", how="semi")
    else:
        key = pl.select(name_key(pl.lit(text))).item()
        if not key:
            raise PersonNotFoundError("an empty name matches nobody", hint="type a name")
        names = name_key(pl.col("full_name"))
        found = people.filter(names == key)
        if found.collect().is_empty():
            words = key.split(" ")
            found = people.filter(
                pl.all_horizontal(names.str.contains(w, literal=True) for w in words)
            )
    matches = found.unique("person_id").sort("full_name", "person_id").collect()
    if matches.is_empty():
        everyone = people.select("full_name").collect()["full_name"]
        close = [] if email or url or phone else similar_names(everyone, text)  # not a name
        raise PersonNotFoundError(
            f"nobody matches {query!r}"
            + (f"; did you mean {' or '.join(repr(n) for n in close)}?" if close else ""),
            hint="check `netbook people`, or use an e-mail, a phone, a profile URL or a person id",
        )
    if matches.height > 1:
        raise AmbiguousPersonError(query, matches)
    row = matches.row(0, named=True)
    return Person(row["person_id"], row["full_name"])


def similar_names(names: pl.Series, text: str, *, limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``names`` that look like a mistyped ``text``, closest first.

    Examples:
        >>> similar_names(pl.Series(["Hana Kettleby", "Bo Sample"]), "Hanna Ketleby")
        ['Hana Kettleby']
    """
    from rapidfuzz import fuzz, process, utils

    choices = sorted({n for n in names.drop_nulls().to_list() if n})
    found = process.extract(
        text,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=70,
    )
    best = found[0][1] if found else 0.0
    return [name for name, score, _ in found if score >= best - 5]  # the close ones only


def touch_instant(workspace: Workspace, on: date | datetime) -> datetime:
    """When a touch on ``on`` happened, in UTC (a day alone: its noon in the workspace's zone)."""
    zone = ZoneInfo(workspace.settings().time.zone)
    if isinstance(on, datetime):
        local = on if on.tzinfo else on.replace(tzinfo=zone)
    else:
        local = datetime.combine(on, time(12), zone)  # a day without a time: its middle
    return local.astimezone(UTC)


def log_touch(
    workspace: Workspace,
    person: str,
    *,
    channel: str,
    on: date | datetime,
    note: str | None = None,
    gave: str | None = None,
    received: str | None = None,
    direction: str = "outbound",
) -> str:
    """Record a touch with ``person``; it counts in every metric from then on.

    Args:
        workspace: the workspace.
        person: a person id, e-mail, profile URL or name (see :func:`find_person`).
        channel: one of :data:`CHANNELS` (any case).
        on: the day (taken at noon in the workspace's zone) or the moment of the touch.
        note: your own note, kept in the workspace.
        gave: what you gave (e.g. ``intro``), which makes the touch a *given* one.
        received: what you received, which makes it a *received* one.
        direction: ``outbound`` (you reached out), ``inbound`` or ``mutual``.

    Returns:
        The id of the log entry.
    """
    channel = channel.strip().lower()
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}", hint=f"use one of {', '.join(CHANNELS)}")
    if direction not in schema.DIRECTIONS:
        raise InputError(
            f"unknown direction {direction!r}", hint=f"use one of {', '.join(schema.DIRECTIONS)}"
        )
    if gave and received:
        raise InputError("a touch is either given or received", hint="log two touches")
    who = find_person(workspace, person)
    entry = uuid.uuid4().hex[:16]
    value = "given" if gave else "received" if received else "none"
    with workspace.connect(write=True) as connection:
        connection.execute(
            "INSERT INTO log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                entry,
                who.person_id,
                touch_instant(workspace, on),
                channel,
                direction,
                value,
                gave or received,
                note,
                datetime.now(UTC),
            ],
        )
    return entry


def check_not_future(
    workspace: Workspace,
    on: date | datetime,
    *,
    option: str = "--on",
    hint: str = "log what happened; add --future to record it anyway",
) -> None:
    """Refuse a touch dated after today in the workspace's zone: it has not happened yet.

    Raises:
        NetbookError: ``on`` is after today (``hint`` says what to do instead).
    """
    zone = ZoneInfo(workspace.settings().time.zone)
    today = datetime.now(zone).date()
    day = touch_instant(workspace, on).astimezone(zone).date()
    if day > today:
        raise InputError(f"{option} {day} is after today ({today})", hint=hint)


_LOG_COLUMNS = ("entry_id", "occurred_at", "full_name", "channel", "direction", "detail", "note")


def log_entries(workspace: Workspace, person: str | None = None) -> pl.DataFrame:
    """What you logged by hand, newest first: ``entry_id, occurred_at, full_name, channel...``.

    Args:
        workspace: the workspace.
        person: only this person's touches (see :func:`find_person`); ``None`` for everyone's.
    """
    log = workspace.table("log")
    if person is not None:
        log = log.filter(pl.col("person_id") == find_person(workspace, person).person_id)
    names = workspace.people().select("person_id", "full_name").collect()
    zone = workspace.settings().time.zone
    return (
        log.join(names, on="person_id", how="left")
        .with_columns(pl.col("occurred_at").dt.convert_time_zone(zone))
        .sort("occurred_at", "logged_at", "entry_id", descending=True)
        .select(*_LOG_COLUMNS)
    )


def undo_touch(workspace: Workspace, entry_id: str) -> dict[str, object]:
    """Remove the logged touch ``entry_id`` (one write transaction) and return what it was.

    Raises:
        NetbookError: no logged touch has that id (nothing changed).
    """
    with workspace.connect(write=True) as connection:
        removed = connection.execute(
            "DELETE FROM log WHERE entry_id = ? RETURNING entry_id, person_id, occurred_at, channel",
            [entry_id.strip()],
        ).fetchall()
    if not removed:
        raise InputError(
            f"no logged touch has id {entry_id!r}; nothing changed",
            hint="see the ids with `netbook log list`",
        )
    keys = ("entry_id", "person_id", "occurred_at", "channel")
    return dict(zip(keys, removed[0], strict=True))


def _set(workspace: Workspace, person_id: str, values: Sequence[tuple[str, str | None]]) -> None:
    now = datetime.now(UTC)
    rows = [(uuid.uuid4().hex[:16], person_id, field, value, now) for field, value in values]
    with workspace.connect(write=True) as connection:
        connection.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?)", rows)


def snooze(workspace: Workspace, person: str, *, until: date | None) -> Person:
    """Hide ``person`` from the due queue until ``until`` (None wakes them now)."""
    who = find_person(workspace, person)
    _set(workspace, who.person_id, [("snoozed_until", until.isoformat() if until else None)])
    return who


def set_person(
    workspace: Workspace,
    person: str,
    *,
    role: str | None = None,
    tags: Sequence[str] = (),
    untag: Sequence[str] = (),
    cadence_days: int | None = None,
    closeness: int | None = None,
) -> Person:
    """Set what you know about ``person``: role, tags, your cadence with them, closeness 1–5.

    A ``role`` of ``""``, ``"none"`` or ``"-"`` (:data:`CLEAR_ROLE`) clears it; ``cadence_days=0``
    clears the override.
    """
    if closeness is not None and not 1 <= closeness <= 5:
        raise InputError(f"closeness {closeness} is out of range", hint="use 1 (distant) to 5")
    if cadence_days is not None and cadence_days < 0:
        raise InputError(f"cadence {cadence_days} days is negative", hint="use e.g. 30d or 0")
    who = find_person(workspace, person)
    values: list[tuple[str, str | None]] = []
    if role is not None:
        cleaned = role.strip().lower()
        values.append(("role", None if cleaned in CLEAR_ROLE else cleaned))
    values += [("tag", t.strip()) for t in tags if t.strip()]
    values += [("untag", t.strip()) for t in untag if t.strip()]
    if cadence_days is not None:
        values.append(("cadence_override", str(cadence_days) if cadence_days else None))
    if closeness is not None:
        values.append(("closeness", str(closeness)))
    if not values:
        raise InputError("nothing to set", hint="give --role, --tag, --cadence or --closeness")
    _set(workspace, who.person_id, values)
    return who


def parse_cadence(text: str) -> int:
    """Days from ``30``, ``30d``, ``6w``, ``3m`` (30 days) or ``1y`` (365 days).

    Examples:
        >>> [parse_cadence(t) for t in ("30", "30d", "6w", "3m", "1y")]
        [30, 30, 42, 90, 365]
    """
    match = re.fullmatch(r"\s*(\d+)\s*([dwmy]?)\s*", text.lower())
    if not match:
        raise InputError(f"cannot read cadence {text!r}", hint="write e.g. 30d, 6w, 3m or 1y")
    number, unit = int(match.group(1)), match.group(2) or "d"
    return number * {"d": 1, "w": 7, "m": 30, "y": 365}[unit]
