"""One raw message to one row of facts: who, when, which thread, why it is noise, how long.

The text itself never leaves this module: only its length and whether it asks something.

Header blocks are parsed with the standard library's ``compat32`` policy, which keeps headers as
the raw strings they are; the few headers netbook needs are then read with ``email.utils`` and
``email.header`` (the body: :mod:`netbook.sources.email._body`). ``policy.default`` parses every
header it is asked for into objects, which made a mailbox about five times slower (300 messages a
second) for nothing netbook uses.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, tzinfo
from email.errors import HeaderParseError, MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import polars as pl

from netbook import schema
from netbook.keys import normalise_email
from netbook.sources.email._body import headers, split, text
from netbook.sources.email._read import RawMessage
from netbook.sources.tables import ASKS

_ASKS = re.compile(ASKS)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)"
    r"([-+_.].*)?$"
)
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_SPECIAL = re.compile(r'["()\\:;]|=\?')
_PLAIN = re.compile(r"\s*(?:([^<>@,]*?)\s*<([^<>\s,]+)>|([^<>\s,]+))\s*")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
LIST = "newsletter or mailing list"
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post")

ADDRESS = pl.Struct({"email": pl.String, "name": pl.String})
ROWS = schema.columns(
    {
        "file": pl.String,
        "line": pl.Int64,
        "message_key": pl.String,
        "occurred_at": pl.Datetime("us", "UTC"),
        "thread_key": pl.String,
        "is_reply": pl.Boolean,
        "sender": ADDRESS,
        "to": pl.List(ADDRESS),
        "bcc": pl.List(ADDRESS),
        "sent_label": pl.Boolean,
        "noise": pl.String,
        "content_length": pl.Int32,
        "is_html": pl.Boolean,
        "asks": pl.Boolean,
    }
)
"""One row per message read: ``to`` holds To and Cc; ``noise`` the reason it is not contact, if
it is not (decided from the message alone; the owner's part is decided later)."""


Fields = dict[str, list[str]]
"""A message's raw header values by lower-cased name."""


def _first(fields: Fields, name: str, default: str | None = None) -> str | None:
    """The first value of header ``name`` (lower case), unfolded."""
    values = fields.get(name)
    return _FOLD.sub(" ", values[0]) if values else default


class MessageFailure(Exception):
    """A message that cannot be read: the header to blame and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def parse(raw: RawMessage, zone: tzinfo) -> dict[str, Any]:
    """The :data:`ROWS` row of one message.

    Raises:
        MessageFailure: the message is cut off, has no readable date or an undecodable address
            header.
    """
    if raw.cut_off:
        raise MessageFailure("message", "the file ends inside this message: download it again")
    try:
        head, body = split(raw.data)
        return _row(raw, headers(head), body, zone)
    except MessageFailure:
        raise
    except (MessageError, HeaderParseError, ValueError, TypeError, LookupError) as error:
        first = str(error).splitlines()[0][:80] if str(error) else type(error).__name__
        raise MessageFailure("header", f"unreadable message: {first}") from error


def _row(raw: RawMessage, message: Message, body: bytes, zone: tzinfo) -> dict[str, Any]:
    fields: Fields = {}
    for name, value in message.raw_items():
        fields.setdefault(name.lower(), []).append(value)
    labels = {x.strip().lower() for x in str(_first(fields, "x-gmail-labels", "")).split(",")}
    senders = _addresses(fields, "From")
    sender = senders[0] if senders else None
    occurred_at = _date(fields, zone)
    subject = str(_first(fields, "subject", ""))
    message_id = _ids(_first(fields, "message-id"))
    references = _ids(_first(fields, "references"))
    in_reply_to = _ids(_first(fields, "in-reply-to"))
    key = message_id[0] if message_id else _fallback_key(occurred_at, sender, subject)
    gmail_thread = str(_first(fields, "x-gm-thrid", "")).strip()
    root = (references or in_reply_to or [key])[0]
    noise = _noise(fields, labels, raw.flags, sender)
    words, is_html = text(message, body) if noise is None else (None, False)
    return {
        "file": raw.file,
        "line": raw.number,
        "message_key": key,
        "occurred_at": occurred_at,
        "thread_key": f"gmail:{gmail_thread}" if gmail_thread else root,
        "is_reply": bool(references or in_reply_to),
        "sender": sender,
        "to": _addresses(fields, "To") + _addresses(fields, "Cc"),
        "bcc": _addresses(fields, "Bcc"),
        "sent_label": "sent" in labels,
        "noise": noise,
        "content_length": len(words) if words is not None else None,
        "is_html": is_html,
        "asks": bool(_ASKS.search(words[-280:])) if words is not None else None,
    }


def _addresses(fields: Fields, name: str) -> list[dict[str, str | None]]:
    raws = [_header_text(name, v) for v in fields.get(name.lower(), ())]
    found: list[dict[str, str | None]] = []
    for display, address in _pairs(raws):
        email = normalise_email(address)
        if email is None:
            continue
        if "=?" in display:
            display = str(make_header(decode_header(display)))
        display = " ".join(display.split())
        found.append({"email": email, "name": display if display and display != email else None})
    return found


def _pairs(raws: list[str]) -> list[tuple[str, str]]:
    """``(display name, address)`` of every address in ``raws``.

    Plain lists are read by a regular expression; a header with quotes, comments, groups or
    encoded words by ``email.utils.getaddresses`` (the same result, several times slower).

    Examples:
        >>> _pairs(["Ada Example <ada@example.com>, bo@example.org"])
        [('Ada Example', 'ada@example.com'), ('', 'bo@example.org')]
        >>> _pairs(['"Example, Ada" <ada@example.com>'])
        [('Example, Ada', 'ada@example.com')]
    """
    if any(_SPECIAL.search(raw) for raw in raws):
        return getaddresses(raws)
    pairs: list[tuple[str, str]] = []
    for raw in raws:
        for part in raw.split(","):
            plain = _PLAIN.fullmatch(part)
            if plain is None:
                return getaddresses(raws)
            name, angled, bare = plain.groups()
            pairs.append(((name or "").strip(), angled or bare))
    return pairs


def _header_text(name: str, value: str) -> str:
    """A raw header's text, unfolded; 8-bit bytes are read as UTF-8 (RFC 6532).

    Raises:
        MessageFailure: the bytes are not UTF-8.
    """
    if _UNDECODABLE.search(value):
        try:
            value = value.encode("ascii", "surrogateescape").decode("utf-8")
        except UnicodeError:
            reason = f"undecodable bytes in the {name} header: expected UTF-8 or encoded words"
            raise MessageFailure(name, reason) from None
    return _FOLD.sub(" ", value)


def _date(fields: Fields, zone: tzinfo) -> datetime:
    header = _first(fields, "date")
    try:
        when = parsedate_to_datetime(str(header)) if header is not None else None
    except (ValueError, TypeError, IndexError):
        when = None
    if when is None:
        value = str(header)[:40] if header is not None else "none"
        raise MessageFailure("Date", f"unreadable Date '{value}': expected an RFC 5322 date")
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone)
    return when.astimezone(UTC)


def _ids(header: object) -> list[str]:
    """Message ids in a header, lower-cased, in order (``<a@b> <c@d>``)."""
    if header is None:
        return []
    text = str(header)
    found = _MESSAGE_ID.findall(text)
    if not found and text.strip() and " " not in text.strip():
        found = [text.strip()]
    return [x.lower() for x in found]


def _fallback_key(when: datetime, sender: dict[str, str | None] | None, subject: str) -> str:
    """A message without a Message-ID: the hash of its date, sender and subject."""
    parts = (when.isoformat(), (sender or {}).get("email") or "", subject)
    key = "\x1f".join(parts).encode("utf-8", "surrogateescape")
    return "sha1:" + hashlib.sha1(key, usedforsecurity=False).hexdigest()


def _noise(
    fields: Fields, labels: set[str], flags: str, sender: dict[str, str | None] | None
) -> str | None:
    """Why a message is not contact, judged from its headers, labels and flags alone."""
    if labels & {"spam", "trash"} or "T" in flags:
        return "spam or trash"
    if labels & {"draft", "drafts"} or "D" in flags or _first(fields, "x-mozilla-draft-info"):
        return "draft"
    auto = str(_first(fields, "auto-submitted", "no")).strip().lower()
    if auto and auto != "no":
        return "automated (Auto-Submitted)"
    precedence = str(_first(fields, "precedence", "")).strip().lower()
    if any(h in fields for h in _LIST_HEADERS) or precedence in {"bulk", "list", "junk"}:
        return LIST
    local = ((sender or {}).get("email") or "").partition("@")[0]
    if _NO_REPLY.match(local):
        return "no-reply sender"
    return None
