"""The Telegram source: Telegram Desktop's JSON export (``result.json``), full or one chat.

Telegram Desktop's *Export Telegram data* (machine-readable JSON) writes ``result.json``: a full
export holds ``personal_information`` (you), ``contacts.list`` and ``chats.list``; a single chat's
export (*Export chat history* in a chat's menu) is one chat object. A chat has ``name``,
``type`` and ``id`` and ``messages``; a message has ``id``, ``type`` (``message`` or
``service``), ``date_unixtime`` (UTC; ``date`` is local and only read when the other is
missing), ``from`` and ``from_id`` (``user123``), and ``text`` as a string or a list of parts
(strings and ``{"type": ..., "text": ...}``); only the text's length and whether it asks
something are kept.

**Owner**: ``personal_information.user_id``; else, in a personal chat (whose ``id`` is the other
person's), the other sender; else the sender named ``[owner] name``; else the import stops with one
line asking for it.

**Touches**: personal chats and groups (``private_group``, ``*_supergroup``). A message you sent
in a group is a touch with each other member who wrote in it. A ``phone_call`` service message is
a ``call``; a missed or busy one is noise. **Noise**: other service messages (joins, pins, title
changes), bot chats, channels and your Saved Messages.

**People** are keyed by Telegram user id within Telegram; a phone number from the export's own
``contacts.list`` (matched by user id, else by the exact name the export shows) joins the person
with that number from any other source.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from netbook.errors import SourceError
from netbook.keys import normalise_phone
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.chats._common import (
    Chat,
    Message,
    Participant,
    Read,
    asks_of,
    build,
    file_row,
    json_of,
)

__all__ = ["SOURCE", "TelegramSource"]

SOURCE = "telegram"
TOUCHING = {"personal_chat", "private_group", "private_supergroup", "public_supergroup"}
GROUPS = TOUCHING - {"personal_chat"}
_QUIET = {"bot_chat": "bot chat", "saved_messages": "saved messages"}
_CHANNELS = {"private_channel", "public_channel"}
_TYPES = TOUCHING | _CHANNELS | set(_QUIET)
_SIGN = re.compile(
    rb'"personal_information"|"type":\s*"(?:' + "|".join(sorted(_TYPES)).encode() + rb')"'
)
_AGAIN = "choose the result.json Telegram Desktop wrote (Export Telegram data, format JSON)"
_ASK_OWNER = 'add your name as Telegram shows it to netbook.toml ([owner] name = "Your Name")'


class TelegramSource:
    """Telegram Desktop JSON exports (see the module's docstring).

    Examples:
        >>> TelegramSource().detect(Path("no-such.json"))
        False
    """

    name = SOURCE
    description = "Telegram: Telegram Desktop's JSON export (result.json), full or one chat"

    def detect(self, path: Path) -> bool:
        """True for a Telegram ``.json`` or a folder holding one as ``result.json``.

        The file's start must name Telegram's chat types or hold ``personal_information``.
        """
        try:
            if path.is_dir():
                return (path / "result.json").is_file() and self.detect(path / "result.json")
            if not path.is_file() or path.suffix.lower() != ".json":
                return False
            with path.open("rb") as handle:
                head = handle.read(65536)
        except OSError:
            return False
        return head.lstrip().startswith(b"{") and _SIGN.search(head) is not None

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the export at ``path``.

        Raises:
            SourceError: the file is not JSON (naming the line), not Telegram's, or no rule tells
                which sender is the owner.
        """
        hint = owner or OwnerHint()
        file = path / "result.json" if path.is_dir() else path
        data = file.read_bytes()
        document = _document(data, file.name)
        chats = _chats(document, file.name)
        read = Read()
        me = _owner_id(document, chats, hint, file.name)
        phones = _phones(document, hint)
        position = 0
        for chat in chats:
            position = _add_chat(
                read, chat, me, phones, file.name, ZoneInfo(hint.time_zone), position
            )
        file_row(read, file.name, "chat export", data)
        return build(SOURCE, str(path), read)


def _document(data: bytes, name: str) -> dict[str, Any]:
    document = json_of(data, name, _AGAIN)
    if not isinstance(document, dict):
        raise SourceError(name, "is JSON but not a Telegram export (no chat object)", hint=_AGAIN)
    return document


def _chats(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    if "messages" in document and document.get("type") in _TYPES:
        return [document]
    listed = document.get("chats")
    if isinstance(listed, dict) and isinstance(listed.get("list"), list):
        left = document.get("left_chats", {})
        extra = left.get("list", []) if isinstance(left, dict) else []
        return [c for c in [*listed["list"], *extra] if isinstance(c, dict)]
    raise SourceError(
        name, "is JSON but not a Telegram export (no chats and no messages)", hint=_AGAIN
    )


def _owner_id(
    document: dict[str, Any], chats: list[dict[str, Any]], hint: OwnerHint, name: str
) -> str | None:
    info = document.get("personal_information")
    if isinstance(info, dict) and info.get("user_id") is not None:
        return f"user{info['user_id']}"
    wanted = " ".join(hint.name.lower().split()) if hint.name else None
    for chat in chats:
        senders = {str(m.get("from_id")): m.get("from") for m in _messages(chat)}
        senders.pop("None", None)
        if chat.get("type") == "personal_chat":
            others = [s for s in senders if s != f"user{chat.get('id')}"]
            if len(others) == 1:
                return others[0]
        for sender, shown in senders.items():
            if wanted and isinstance(shown, str) and " ".join(shown.lower().split()) == wanted:
                return sender
    if any(_messages(c) for c in chats if c.get("type") in GROUPS):
        raise SourceError(name, "cannot tell which sender is you", hint=_ASK_OWNER)
    return None


def _messages(chat: dict[str, Any]) -> list[dict[str, Any]]:
    messages = chat.get("messages", [])
    return [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []


def _phones(document: dict[str, Any], hint: OwnerHint) -> dict[str, str]:
    """Phone numbers of the export's contacts, by ``user<id>`` and by the name shown."""
    contacts = document.get("contacts")
    listed = contacts.get("list", []) if isinstance(contacts, dict) else []
    found: dict[str, str] = {}
    for contact in listed if isinstance(listed, list) else []:
        if not isinstance(contact, dict):
            continue
        phone = normalise_phone(str(contact.get("phone_number") or ""), hint.phone_region)
        if phone is None:
            continue
        if contact.get("user_id"):
            found[f"user{contact['user_id']}"] = phone
        shown = " ".join(
            str(contact.get(k) or "").strip() for k in ("first_name", "last_name")
        ).strip()
        if shown:
            found.setdefault(f"name:{shown}", phone)
    return found


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _when(message: dict[str, Any], zone: ZoneInfo) -> datetime:
    if message.get("date_unixtime") is not None:
        return datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
    return datetime.fromisoformat(str(message["date"])).replace(tzinfo=zone).astimezone(UTC)


def _add_chat(
    read: Read,
    chat: dict[str, Any],
    me: str | None,
    phones: dict[str, str],
    file: str,
    zone: ZoneInfo,
    position: int,
) -> int:
    """Add ``chat``'s messages and return the count of messages up to its end.

    ``position`` counts the messages before it in the file: a failed message's line is its
    position.
    """
    kind = str(chat.get("type"))
    chat_id = f"telegram:{chat.get('id')}"
    quiet = "channel post" if kind in _CHANNELS else _QUIET.get(kind)
    if kind not in _TYPES:
        quiet = f"chat type {kind}"
    members: list[str] = []
    for number, message in enumerate(_messages(chat), start=position + 1):
        try:
            occurred_at = _when(message, zone)
        except (KeyError, ValueError, TypeError, OverflowError):
            read.fail(file, number, "date", f"message {message.get('id')} has no readable date")
            continue
        service = message.get("type") == "service"
        sender_id = message.get("actor_id" if service else "from_id")
        sender = str(sender_id) if sender_id else None
        shown = message.get("actor" if service else "from")
        noise = quiet
        channel = "message"
        if service and message.get("action") == "phone_call":
            channel = "call"
            if message.get("discard_reason") in {"missed", "busy"}:
                noise = noise or "missed call"
        elif service:
            noise = noise or "system line"
        if sender is not None and sender != me:
            phone = phones.get(sender) or phones.get(f"name:{shown}")
            read.participants.setdefault(
                sender,
                Participant(
                    sender,
                    name=shown if isinstance(shown, str) else None,
                    phone=phone,
                    user_id=sender,
                ),
            )
            if not service and sender not in members:
                members.append(sender)
        text = _text(message.get("text"))
        media = not text and channel == "message"
        read.messages.append(
            Message(
                file=file,
                line=number,
                chat=chat_id,
                occurred_at=occurred_at,
                sender=sender,
                outgoing=sender is not None and sender == me,
                length=None if media or channel == "call" else len(text),
                asks=None if media or channel == "call" else asks_of(text),
                noise=noise or (None if sender else "no sender"),
                channel=channel,
                key=str(message.get("id", "")),
            )
        )
    if kind == "personal_chat" and not members and chat.get("id") is not None:
        peer = f"user{chat['id']}"
        name = chat.get("name")
        read.participants.setdefault(
            peer,
            Participant(
                peer,
                name=name if isinstance(name, str) else None,
                phone=phones.get(peer),
                user_id=peer,
            ),
        )
        members.append(peer)
    read.chats[chat_id] = Chat(chat_id, kind in GROUPS, members)
    return position + len(_messages(chat))
