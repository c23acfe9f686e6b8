"""One raw message to one row of facts: who, when, which thread, why it is noise, how long.

The text itself never leaves this module: only its length and whether it asks something.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime, tzinfo
from email import policy
from email.errors import MessageError, UndecodableBytesDefect
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import Any, cast

import polars as pl

from netbook import schema
from netbook.sources.email._read import RawMessage
from netbook.sources.keys import normalise_email
from netbook.sources.tables import ASKS

_PARSER = BytesParser(policy=policy.default)
_ASKS = re.compile(ASKS)
_TAGS = re.compile(r"<[^>]*>")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_WROTE = re.compile(r"^\s*(On .{0,200} wrote:|-----Original Message-----)\s*$", re.MULTILINE)
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)"
    r"([-+_.].*)?$"
)
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")

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
        message = _PARSER.parsebytes(raw.data)
        return _row(raw, message, zone)
    except MessageFailure:
        raise
    except (MessageError, ValueError, TypeError, IndexError, LookupError, AttributeError) as error:
        first = str(error).splitlines()[0][:80] if str(error) else type(error).__name__
        raise MessageFailure("header", f"unreadable message: {first}") from error


def _row(raw: RawMessage, message: EmailMessage, zone: tzinfo) -> dict[str, Any]:
    labels = {x.strip().lower() for x in str(message.get("X-Gmail-Labels", "")).split(",")}
    senders = _addresses(message, "From")
    sender = senders[0] if senders else None
    occurred_at = _date(message, zone)
    subject = str(message.get("Subject", ""))
    message_id = _ids(message.get("Message-ID"))
    references = _ids(message.get("References"))
    in_reply_to = _ids(message.get("In-Reply-To"))
    key = message_id[0] if message_id else _fallback_key(occurred_at, sender, subject)
    gmail_thread = str(message.get("X-GM-THRID", "")).strip()
    root = (references or in_reply_to or [key])[0]
    text, is_html = _text(message)
    return {
        "file": raw.file,
        "line": raw.number,
        "message_key": key,
        "occurred_at": occurred_at,
        "thread_key": f"gmail:{gmail_thread}" if gmail_thread else root,
        "is_reply": bool(references or in_reply_to),
        "sender": sender,
        "to": _addresses(message, "To") + _addresses(message, "Cc"),
        "bcc": _addresses(message, "Bcc"),
        "sent_label": "sent" in labels,
        "noise": _noise(message, labels, raw.flags, sender),
        "content_length": len(text) if text is not None else None,
        "is_html": is_html,
        "asks": bool(_ASKS.search(text[-280:])) if text is not None else None,
    }


def _addresses(message: Message, name: str) -> list[dict[str, str | None]]:
    found: list[dict[str, str | None]] = []
    for header in message.get_all(name) or []:
        defects = getattr(header, "defects", ())
        addresses: tuple[Address, ...] = getattr(header, "addresses", ())
        if any(isinstance(d, UndecodableBytesDefect) for d in defects):
            reason = f"undecodable bytes in the {name} header: expected UTF-8 or encoded words"
            raise MessageFailure(name, reason)
        for address in addresses:
            email = normalise_email(address.addr_spec)
            if email is None:
                continue
            display = " ".join(address.display_name.split()) or None
            found.append({"email": email, "name": None if display == email else display})
    return found


def _date(message: Message, zone: tzinfo) -> datetime:
    header = message.get("Date")
    when = getattr(header, "datetime", None)
    if not isinstance(when, datetime):
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
    return "sha1:" + hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def _noise(
    message: Message, labels: set[str], flags: str, sender: dict[str, str | None] | None
) -> str | None:
    """Why a message is not contact, judged from its headers, labels and flags alone."""
    if labels & {"spam", "trash"} or "T" in flags:
        return "spam or trash"
    if labels & {"draft", "drafts"} or "D" in flags or message.get("X-Mozilla-Draft-Info"):
        return "draft"
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto and auto != "no":
        return "automated (Auto-Submitted)"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if any(message.get(h) for h in _LIST_HEADERS) or precedence in {"bulk", "list", "junk"}:
        return "newsletter or mailing list"
    local = ((sender or {}).get("email") or "").partition("@")[0]
    if _NO_REPLY.match(local):
        return "no-reply sender"
    return None


def _text(message: EmailMessage) -> tuple[str | None, bool]:
    """The body a person wrote (plain text preferred; quoted history cut) and whether it was HTML."""
    body = cast(EmailMessage | None, message.get_body(preferencelist=("plain", "html")))
    if body is None:
        return None, False
    try:
        content = body.get_content()
    except (LookupError, ValueError, AttributeError):
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return None, False
    is_html = body.get_content_subtype() == "html"
    if is_html:
        content = html.unescape(_TAGS.sub(" ", content))
    wrote = _WROTE.search(content)
    if wrote:
        content = content[: wrote.start()]
    own = "\n".join(line for line in content.splitlines() if not line.lstrip().startswith(">"))
    return own.strip(), is_html
