"""What every chat source shares: message rows in, canonical people, identities and interactions out.

A chat reader yields :class:`Message` rows (one per line or record it read, system lines and noise
included) and the :class:`Participant` they name; :func:`build` turns them into a
:class:`~netbook.sources._base.Loaded`:

- **People** are keyed by their strongest exact identifier: ``email:…``, then ``phone:…`` (the same
  keys the contact and e-mail sources use, so the same address or number is the same person
  everywhere), else ``<source>-user:<id>`` for a platform's user id, else ``<source>-name:<name>``.
  A chat display name is a ``name`` identity of that source only: it never joins a person of
  another source (the store merges exact e-mails and phones; names only suggest).
- **Interactions**: a message the owner sent is ``outbound``, one row per other member of its
  chat; any other message is ``inbound``, one row with its sender. Channel ``message`` (``call``
  for calls), weight 1 (less for a reaction), value ``none``, ``thread_id`` the chat, ``is_group`` for group chats. A
  message is ``initiated`` when no kept message of its chat came in the :data:`QUIET` before it
  (a new conversation). Only the text's length and whether it asks something are kept.
- **Stable ids**: an interaction hashes the source, the chat, the message's key (an id, or the
  time as the export writes it), its sender, its ordinal among equal keys and the counterpart:
  importing again, or the same chat in a later export, adds nothing.
- **Noise** is counted per file and reason; **files** has one row per file read (:func:`file_row`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from hashlib import sha256
from typing import Any

import polars as pl

from netbook import schema
from netbook.ids import stable_ids, stable_ids_of
from netbook.sources._base import Loaded
from netbook.sources.tables import ASKS

QUIET = timedelta(hours=24)
"""A message after this long without one in its chat starts a new conversation (``initiated``)."""

FILE_COLUMNS = schema.columns(
    {
        "file": pl.String,
        "kind": pl.String,
        "status": pl.String,
        "encoding": pl.String,
        "sha256": pl.String,
        "rows": pl.Int64,
        "kept": pl.Int64,
        "noise": pl.Int64,
        "failed": pl.Int64,
        "first_at": schema.UTC,
        "last_at": schema.UTC,
        "reason": pl.String,
    }
)


@dataclass(frozen=True)
class Participant:
    """Someone a chat names: a key unique within the source, and what identifies them."""

    key: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class Message:
    """One row a chat reader read: a message, a call, a system line or noise.

    ``sender`` is a participant key (None for a system line); ``outgoing`` is set by the owner
    rule of the source; ``noise`` names why the row is no touch (None for a touch).
    """

    file: str
    line: int
    chat: str
    occurred_at: datetime
    sender: str | None
    outgoing: bool = False
    length: int | None = None
    asks: bool | None = None
    noise: str | None = None
    channel: str = "message"
    key: str = ""
    """What identifies the message within its chat with its sender: an id, or the time as the
    export writes it (so a changed time zone setting changes no id)."""
    weight: float = 1.0
    counterparts: tuple[str, ...] = ()
    """Who the row touches when not the chat's rule (a reaction: the author of the message)."""
    counted: bool = True
    """False for a row that is part of another (a reaction): not a row of the files report."""


@dataclass
class Chat:
    """One conversation: its id, whether it is a group and its members other than the owner."""

    chat_id: str
    is_group: bool
    members: list[str] = field(default_factory=list)


@dataclass
class Read:
    """Everything a chat reader read from one export."""

    messages: list[Message] = field(default_factory=list)
    participants: dict[str, Participant] = field(default_factory=dict)
    chats: dict[str, Chat] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    reported: int = 0
    """Messages already counted in a files row (readers report each file right after reading it)."""

    def fail(self, file: str, line: int, column: str, reason: str) -> None:
        """Record a row that could not be read."""
        self.failures.append({"file": file, "line": line, "column": column, "reason": reason})


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes (the files report's ``sha256``)."""
    return sha256(data).hexdigest()


def file_row(
    read: Read,
    file: str,
    kind: str,
    data: bytes | None,
    *,
    status: str | None = None,
    reason: str | None = None,
) -> None:
    """Add ``file``'s :data:`~netbook.schema.FILES` row to ``read``, counted from its messages.

    The one place chat sources build a report row: rows are the messages and failures of the
    file, kept and noise split them, and first/last are the kept messages' times. Call it right
    after reading the file: it counts the messages added since the previous call.
    """
    mine = [m for m in read.messages[read.reported :] if m.file == file and m.counted]
    read.reported = len(read.messages)
    kept = [m.occurred_at for m in mine if m.noise is None]
    failed = sum(1 for f in read.failures if f["file"] == file)
    rows = len(mine) + failed
    read.files.append(
        {
            "file": file,
            "kind": kind,
            "status": status or ("read" if rows else "empty"),
            "encoding": "utf-8" if data is not None else None,
            "sha256": digest(data) if data is not None else None,
            "rows": rows,
            "kept": len(kept),
            "noise": len(mine) - len(kept),
            "failed": failed,
            "first_at": min(kept) if kept else None,
            "last_at": max(kept) if kept else None,
            "reason": reason,
        }
    )


def asks_of(text: str | None) -> bool | None:
    """Whether ``text`` asks something (see :func:`netbook.sources.tables.asks`).

    Examples:
        >>> asks_of("Free on Friday?"), asks_of("Thanks!"), asks_of(None)
        (True, False, None)
    """
    if text is None:
        return None
    return re.search(ASKS, text[-280:]) is not None


def _person_keys(people: Sequence[Participant], source: str) -> list[str]:
    keys = []
    for person in people:
        if person.email:
            keys.append(f"email:{person.email}")
        elif person.phone:
            keys.append(f"phone:{person.phone}")
        elif person.user_id:
            keys.append(f"{source}-user:{person.user_id}")
        else:
            keys.append(f"{source}-name:{_name_key(person.name or person.key)}")
    return keys


def _name_key(name: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", name).lower().split())


def _people(
    read: Read, used: set[str], source: str, observed_on: date | None
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    people = [read.participants[k] for k in sorted(used)]
    keys = _person_keys(people, source)
    ids = stable_ids(pl.Series(keys, dtype=pl.String)).to_list() if keys else []
    id_of = {p.key: i for p, i in zip(people, ids, strict=True)}
    rows = pl.DataFrame(
        {
            "person_id": ids,
            "full_name": [p.name for p in people],
            "email": [p.email for p in people],
        },
        schema={"person_id": pl.String, "full_name": pl.String, "email": pl.String},
    ).with_columns(
        sources=pl.lit([source], pl.List(pl.String)), observed_on=pl.lit(observed_on, pl.Date)
    )
    identities = [
        (i, kind, value)
        for p, i in zip(people, ids, strict=True)
        for kind, value in (
            ("name", _name_key(p.name) if p.name and any(c.isalpha() for c in p.name) else None),
            ("email", p.email),
            ("phone", p.phone),
        )
        if value
    ]
    frame = pl.DataFrame(
        identities, schema=["person_id", "kind", "value"], orient="row"
    ).with_columns(source=pl.lit(source))
    return (
        schema.conform(rows.unique("person_id").sort("person_id"), schema.PEOPLE).collect(),
        schema.conform(
            frame.unique().sort("person_id", "kind", "value"), schema.IDENTITIES
        ).collect(),
        id_of,
    )


def _pairs(read: Read) -> list[dict[str, Any]]:
    """One row per kept message and counterpart, with ``initiated`` per chat."""
    rows: list[dict[str, Any]] = []
    last_in: dict[str, datetime] = {}
    seen: dict[tuple[str, str | None, str], int] = {}
    kept = sorted(
        (m for m in read.messages if m.noise is None and m.sender is not None),
        key=lambda m: (m.occurred_at, m.file, m.line),
    )
    for message in kept:
        chat = read.chats[message.chat]
        before = last_in.get(message.chat)
        initiated = before is None or message.occurred_at - before > QUIET
        last_in[message.chat] = message.occurred_at
        slot = (message.chat, message.sender, message.key)
        ordinal = seen.get(slot, 0)
        seen[slot] = ordinal + 1
        sender = message.sender or ""
        others = [k for k in chat.members if k != sender] if message.outgoing else [sender]
        if message.counterparts:
            others = list(message.counterparts)
        for other in others:
            rows.append(
                {
                    "chat": message.chat,
                    "message": f"{message.key}\x1f{sender}\x1f{ordinal}",
                    "counterpart": other,
                    "occurred_at": message.occurred_at,
                    "channel": message.channel,
                    "weight": message.weight,
                    "direction": "outbound" if message.outgoing else "inbound",
                    "initiated": initiated,
                    "is_group": chat.is_group,
                    "content_length": message.length,
                    "asks": message.asks,
                }
            )
    return rows


_PAIRS = schema.columns(
    {
        "chat": pl.String,
        "message": pl.String,
        "counterpart": pl.String,
        "occurred_at": schema.UTC,
        "channel": pl.String,
        "weight": pl.Float64,
        "direction": pl.String,
        "initiated": pl.Boolean,
        "is_group": pl.Boolean,
        "content_length": pl.Int32,
        "asks": pl.Boolean,
    }
)


def build(source: str, path: str, read: Read, owner: pl.DataFrame | None = None) -> Loaded:
    """The :class:`~netbook.sources._base.Loaded` of everything ``read`` holds."""
    pairs = pl.DataFrame(_pairs(read), schema=_PAIRS)
    newest = pairs["occurred_at"].max()
    observed_on = newest.date() if isinstance(newest, datetime) else None
    used = set(pairs["counterpart"].to_list())
    people, identities, id_of = _people(read, used, source, observed_on)
    ids = stable_ids_of(
        pairs, [pl.lit(source), pl.col("chat"), pl.col("message"), pl.col("counterpart")]
    )
    interactions = (
        pairs.with_columns(
            interaction_id=ids,
            person_id=pl.col("counterpart").replace_strict(id_of, default=None),
            value=pl.lit("none"),
            source=pl.lit(source),
            thread_id=pl.col("chat"),
            is_html=pl.lit(False),
        )
        .unique("interaction_id", keep="first", maintain_order=True)
        .sort("occurred_at", "interaction_id")
    )
    noise = (
        pl.DataFrame(
            [(m.file, m.noise) for m in read.messages if m.noise is not None],
            schema=["file", "reason"],
            orient="row",
        )
        .group_by("file", "reason")
        .agg(rows=pl.len().cast(pl.Int64))
        .sort("file", "reason")
    )
    files = pl.DataFrame(read.files, schema=FILE_COLUMNS).sort("file")
    return Loaded(
        source=source,
        path=path,
        people=people.lazy(),
        identities=identities.lazy(),
        interactions=schema.conform(interactions, schema.INTERACTIONS),
        observations=schema.empty(schema.OBSERVATIONS).lazy(),
        files=schema.conform(files, schema.FILES).collect(),
        failures=pl.DataFrame(read.failures, schema=schema.FAILURES),
        noise=schema.conform(noise, schema.NOISE).collect(),
        owner=owner if owner is not None else schema.empty(schema.OWNER),
        exported_on=observed_on,
    )
