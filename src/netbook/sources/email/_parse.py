"""One raw message to one row of facts: who, when, which thread, why it is noise, how long.

The text itself never leaves this module: only its length and whether it asks something.

Messages are parsed with the standard library's ``compat32`` policy, which keeps headers as the
raw strings they are; the few headers netbook needs are then read with ``email.utils`` and
``email.header``. ``policy.default`` parses every header it is asked for into objects, which made
a mailbox about ten times slower (300 messages a second) for nothing netbook uses.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime, tzinfo
from email import policy
from email.errors import HeaderParseError, MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import polars as pl

from netbook import schema
from netbook.sources.email._read import RawMessage
from netbook.sources.keys import normalise_email
from netbook.sources.tables import ASKS

_PARSER = BytesParser(policy=policy.compat32)
_ASKS = re.compile(ASKS)
_TAGS = re.compile(r"<[^>]*>")
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_WROTE = re.compile(r"^\s*(On .{0,200} wrote:|-----Original Message-----)\s*$", re.MULTILINE)
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)"
    r"([-+_.].*)?$"
)
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
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
        return _row(raw, _PARSER.parsebytes(raw.data), zone)
    except MessageFailure:
        raise
    except (MessageError, HeaderParseError, ValueError, TypeError, LookupError) as error:
        first = str(error).splitlines()[0][:80] if str(error) else type(error).__name__
        raise MessageFailure("header", f"unreadable message: {first}") from error


def _row(raw: RawMessage, message: Message, zone: tzinfo) -> dict[str, Any]:
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
    raws = [_header_text(name, v) for k, v in message.raw_items() if k.lower() == name.lower()]
    found: list[dict[str, str | None]] = []
    for display, address in getaddresses(raws):
        email = normalise_email(address)
        if email is None:
            continue
        if "=?" in display:
            display = str(make_header(decode_header(display)))
        display = " ".join(display.split())
        found.append({"email": email, "name": display if display and display != email else None})
    return found


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


def _date(message: Message, zone: tzinfo) -> datetime:
    header = message.get("Date")
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


def _text(message: Message) -> tuple[str | None, bool]:
    """The body a person wrote (plain text preferred; quoted history cut) and whether it was HTML."""
    body = _body(message)
    if body is None:
        return None, False
    payload = body.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None, False
    charset = body.get_content_charset() or "utf-8"
    try:
        content = payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        content = payload.decode("utf-8", errors="replace")
    is_html = body.get_content_subtype() == "html"
    if is_html:
        content = html.unescape(_TAGS.sub(" ", content))
    wrote = _WROTE.search(content)
    if wrote:
        content = content[: wrote.start()]
    own = "\n".join(line for line in content.splitlines() if not line.lstrip().startswith(">"))
    return own.strip(), is_html


def _body(message: Message) -> Message | None:
    """The first inline ``text/plain`` part, else the first inline ``text/html`` part."""
    html_part = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if str(part.get("Content-Disposition", "")).strip().lower().startswith("attachment"):
            continue
        subtype = part.get_content_subtype()
        if subtype == "plain":
            return part
        if subtype == "html" and html_part is None:
            html_part = part
    return html_part
