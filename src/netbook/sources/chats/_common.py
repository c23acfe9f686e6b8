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

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl

from netbook import schema
from netbook.ids import stable_ids, stable_ids_of
from netbook.sources._base import Loaded
from netbook.sources.chats._model import (
    Chat,
    Message,
    Participant,
    Read,
    asks_of,
    file_row,
    json_of,
)

__all__ = [
    "QUIET",
    "Chat",
    "Message",
    "Participant",
    "Read",
    "asks_of",
    "build",
    "file_row",
    "json_of",
]

QUIET = timedelta(hours=24)
"""A message after this long without one in its chat starts a new conversation (``initiated``)."""


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
    noise = Counter((m.file, m.noise) for m in read.messages if m.noise is not None)
    return Loaded.of(
        source,
        path,
        files=sorted(read.files, key=lambda row: str(row["file"])),
        people=people.lazy(),
        identities=identities.lazy(),
        interactions=schema.conform(interactions, schema.INTERACTIONS),
        failures=read.failures,
        noise=[{"file": f, "reason": r, "rows": n} for (f, r), n in sorted(noise.items())],
        owner=owner,
        exported_on=observed_on,
    )
