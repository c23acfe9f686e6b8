"""The rows chat readers produce, and the one helper that writes a file's report row.

:func:`file_row` is the only place chat sources build a :data:`~netbook.schema.FILES` row, so
switching to a shared builder changes one function.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from typing import Any

from netbook.errors import SourceError
from netbook.sources import report
from netbook.sources.tables import ASKS


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
        report.file_row(
            file,
            kind,
            rows=rows,
            noise=len(mine) - len(kept),
            failed=failed,
            raw=data,
            encoding="utf-8" if data is not None else None,
            status=status,
            first_at=min(kept) if kept else None,
            last_at=max(kept) if kept else None,
            reason=reason,
        )
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


def json_of(data: bytes, name: str, hint: str) -> Any:
    """The JSON document in ``data``; not UTF-8 or not JSON is a one-line error with its line.

    Examples:
        >>> json_of(b'{"a": 1}', "a.json", "export it again")
        {'a': 1}
    """
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(name, "is not UTF-8 JSON", line=line, hint=hint) from None
    except json.JSONDecodeError as error:
        raise SourceError(
            name, f"is not valid JSON ({error.msg}; cut off?)", line=error.lineno, hint=hint
        ) from None
