"""Reading one WhatsApp chat text into message rows (owner and groups are decided later)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from netbook.errors import SourceError
from netbook.sources.chats.whatsapp._lines import (
    Header,
    clean,
    day_first,
    header,
    kind,
    said,
    timestamp,
)

_AGAIN = "choose the .txt (or .zip) WhatsApp wrote with Export chat, or export the chat again"
_TITLE = re.compile(
    r"^(?:WhatsApp Chat (?:with|mit|met|con|com|avec|med|z)\s+|WhatsApp Chat - |"
    r"Chat de WhatsApp con\s+|Conversa do WhatsApp com\s+|Discussion WhatsApp avec\s+)(?P<t>.+)$",
    re.IGNORECASE,
)
_GROUP_LINE = re.compile(
    r"\b(?:created (?:the )?group|created this group|changed the subject|changed this group|"
    r"changed the group|added|removed|left|joined using)\b",
    re.IGNORECASE,
)


@dataclass
class Line:
    """One message or system line of a chat, before the owner is known."""

    line: int
    local: datetime
    sender: str | None
    kind: str
    length: int
    text_end: str
    """The last 280 characters of the text (to tell a question; never stored)."""


@dataclass
class ChatText:
    """One chat file read: its name in reports, its title, lines, failures and group signs."""

    file: str
    title: str | None
    data: bytes
    lines: list[Line] = field(default_factory=list)
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    system_senders: set[str] = field(default_factory=set)
    group_line: bool = False

    @property
    def senders(self) -> list[str]:
        """Distinct senders in order of first message."""
        return list(dict.fromkeys(x.sender for x in self.lines if x.sender is not None))

    @property
    def is_group(self) -> bool:
        """Whether the chat is a group.

        That is more than two senders, a line about the group, or an iOS system line in the name
        of something that never sends (the group's subject).
        """
        senders = set(self.senders)
        return len(senders) > 2 or self.group_line or bool(self.system_senders - senders)


def title_of(name: str) -> str | None:
    """The chat's title from a file or zip name WhatsApp chose.

    Examples:
        >>> title_of("WhatsApp Chat with Ada Example.txt"), title_of("WhatsApp Chat - Bo.zip")
        ('Ada Example', 'Bo')
        >>> title_of("_chat.txt") is None
        True
    """
    match = _TITLE.match(PurePosixPath(name).stem.strip())
    return match.group("t").strip() if match else None


def looks_like_chat(data: bytes) -> bool:
    """True when the first non-empty line of ``data`` is a WhatsApp message header."""
    text = data[:4096].decode("utf-8", errors="replace")
    for raw in text.splitlines():
        line = clean(raw).strip()
        if line:
            return header(line) is not None
    return False


def _text(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(name, "is binary, not a chat text", line=line, hint=_AGAIN)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(name, "is not UTF-8 text", line=line, hint=_AGAIN) from None


def read_chat(data: bytes, name: str, title: str | None) -> ChatText:
    """Every message of a chat file, by header line; continuation lines extend the message.

    Raises:
        SourceError: the file is binary, not UTF-8, or does not start with a message header.
    """
    text = _text(data, name)
    chat = ChatText(name, title, data)
    heads: list[tuple[int, Header]] = []
    bodies: list[list[str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean(raw)
        head = header(line)
        if head is not None:
            heads.append((number, head))
            bodies.append([head.rest])
        elif bodies:
            bodies[-1].append(raw)
        elif line.strip():
            raise SourceError(
                name,
                f"is not a WhatsApp chat export: no date and time starts the line "
                f"'{line.strip()[:40]}'",
                line=number,
                hint=_AGAIN,
            )
    order = day_first([h for _, h in heads])
    for (number, head), body in zip(heads, bodies, strict=True):
        try:
            local = timestamp(head, order)
        except ValueError as error:
            chat.failures.append(
                (number, "date", f"unreadable date '{head.date} {head.time}': {error}; {_AGAIN}")
            )
            continue
        first = said(body[0], head.bracketed)
        whole = "\n".join([first.text, *body[1:]])
        if first.sender is None:
            if head.bracketed:
                name_part = body[0].partition(": ")[0].strip()
                if ": " in body[0]:
                    chat.system_senders.add(name_part)
            chat.group_line = chat.group_line or bool(_GROUP_LINE.search(first.text))
            chat.lines.append(Line(number, local, None, "system", 0, ""))
            continue
        what = kind(whole)
        chat.lines.append(Line(number, local, first.sender, what, len(whole), whole[-280:]))
    return chat


def chat_name(path: Path, base: Path | None) -> str:
    """How a file is named in reports: relative to the imported folder, else its name."""
    return path.relative_to(base).as_posix() if base is not None else path.name
