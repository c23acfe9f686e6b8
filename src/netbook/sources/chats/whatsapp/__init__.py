"""The WhatsApp source: chats exported as text (*Export chat*, with or without media), as touches.

Input is one chat's ``.txt``, the ``.zip`` WhatsApp makes (``_chat.txt`` or ``WhatsApp Chat with
X.txt`` inside, media files ignored), or a folder of them. Every date and time layout of iOS and
Android in any locale is read (see :mod:`netbook.sources.chats.whatsapp._lines`); the day/month
order is decided per file from its dates. Times are local: the workspace's zone makes them UTC.

This is netbook's own parser, not whatstk or chat-miner: both need pandas (whatstk also
matplotlib and seaborn, and pins an older plotly than netbook's), keep every message's text in a
frame, and stop at the first line they cannot read, where netbook must count that line as a
failure, keep nothing but lengths, and decide the day/month order per file.

**Owner.** The sender whose name is ``[owner] name`` or whose number is one of ``[owner] phones``
(or the numbers from LinkedIn's PhoneNumbers.csv); else, in a two-person chat named after one of
them (``WhatsApp Chat with Ada.txt``), the other one; else the one sender in every chat of the
import (two chats or more). When none of these tells, the import stops with one line asking for
``[owner] name``. A chat you never wrote in has you as a silent member.

**Groups**: more than two senders, a line about the group (``created group``, ``added``, ``left``,
...), or an iOS system line in the group's name. In a group, a message you sent is one touch with
each other member; any other message is one touch with its sender.

**People** are keyed by phone when WhatsApp shows a number (a contact not in your address book),
else by display name within WhatsApp only: a chat name never joins anyone from another source.

**Noise** (counted, never touches): system lines (encryption notices, joins, subject changes),
deleted messages and missed calls. ``<Media omitted>`` and ``image omitted`` are messages without
a length. Calls are channel ``call``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import polars as pl

from netbook import schema
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
)
from netbook.sources.chats.whatsapp._read import ChatText, looks_like_chat, read_chat, title_of

__all__ = ["SOURCE", "WhatsAppSource"]

SOURCE = "whatsapp"
_ASK_OWNER = (
    'add your name as WhatsApp shows it to netbook.toml ([owner] name = "Your Name"), '
    'or your number ([owner] phones = ["+4917..."]), and import again'
)
_NOISE = {"system": "system line", "deleted": "deleted message", "missed call": "missed call"}


class WhatsAppSource:
    """WhatsApp chat exports (see the module's docstring).

    Examples:
        >>> WhatsAppSource().detect(Path("no-such.txt"))
        False
    """

    name = SOURCE
    description = "WhatsApp: a chat's Export chat .txt or .zip, or a folder of them"

    def detect(self, path: Path) -> bool:
        """True for a chat ``.txt``, a zip holding one, or a folder holding any of them.

        A chat ``.txt`` has a message header on its first line or is named ``WhatsApp Chat ...``.
        """
        try:
            if path.is_dir():
                return any(self._is_chat_file(p) for p in sorted(path.rglob("*")) if p.is_file())
            return path.is_file() and self._is_chat_file(path)
        except OSError:
            return False

    def _is_chat_file(self, path: Path) -> bool:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            if title_of(path.name) is not None:
                return True
            with path.open("rb") as handle:
                return looks_like_chat(handle.read(4096))
        if suffix == ".zip" and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return any(_chat_member(n) for n in archive.namelist())
        return False

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the chats at ``path``.

        Raises:
            SourceError: no chat is there, a chat file is not one (naming the line), or no rule
                tells which sender is the owner.
        """
        hint = owner or OwnerHint()
        read = Read()
        chats = [read_chat(data, name, title) for name, title, data in _chat_files(path, read)]
        if not chats and not read.files:
            raise SourceError(path, "holds no WhatsApp chat", hint="choose an exported chat .txt")
        owners, how = _owners(chats, hint)
        zone = ZoneInfo(hint.time_zone)
        for chat in chats:
            _add_chat(read, chat, owners, hint, zone)
            file_row(read, chat.file, "chat", chat.data)
        identified = (
            schema.empty(schema.OWNER)
            if how is None
            else schema.conform(pl.DataFrame({"identified_by": [how]}), schema.OWNER).collect()
        )
        return build(SOURCE, str(path), read, identified)


def _chat_member(name: str) -> bool:
    member = PurePosixPath(name)
    return member.suffix.lower() == ".txt" and (
        member.name == "_chat.txt" or title_of(member.name) is not None
    )


def _chat_files(path: Path, read: Read) -> list[tuple[str, str | None, bytes]]:
    """``(report name, title, bytes)`` of every chat at ``path``; other files are ignored rows."""
    if path.is_file():
        return _files_of(path, path.name, read)
    found: list[tuple[str, str | None, bytes]] = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        name = file.relative_to(path).as_posix()
        if file.name.startswith(".") or file.suffix.lower() not in {".txt", ".zip"}:
            continue
        try:
            found.extend(_files_of(file, name, read))
        except SourceError as error:
            file_row(read, name, "chat", None, status="skipped", reason=str(error))
    return found


def _files_of(file: Path, name: str, read: Read) -> list[tuple[str, str | None, bytes]]:
    if file.suffix.lower() != ".zip":
        data = file.read_bytes()
        if title_of(file.name) is None and not looks_like_chat(data):
            if file.suffix.lower() != ".txt" or b"\x00" in data[:4096]:
                read_chat(data, name, None)  # raises, naming the line
            file_row(read, name, "text", data, status="ignored", reason="not a WhatsApp chat")
            return []
        return [(name, title_of(file.name), data)]
    try:
        with zipfile.ZipFile(file) as archive:
            members = [n for n in archive.namelist() if _chat_member(n)]
            return [
                (f"{name}!{m}", title_of(m) or title_of(file.name), archive.read(m))
                for m in sorted(members)
            ]
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise SourceError(
            name, f"is not a readable zip archive ({error})", hint="export the chat again"
        ) from None


def _phone(sender: str, hint: OwnerHint) -> str | None:
    if not any(c.isdigit() for c in sender) or any(c.isalpha() for c in sender):
        return None
    return normalise_phone(sender, hint.phone_region)


def _owners(chats: list[ChatText], hint: OwnerHint) -> tuple[set[str], str | None]:
    """The owner's sender names, and how they were found when the settings did not say.

    Raises:
        SourceError: a chat with two or more senders has none of them known as the owner.
    """
    senders = {s for chat in chats for s in chat.senders}
    wanted = " ".join(hint.name.lower().split()) if hint.name else None
    phones = set(hint.phones)
    owners = {
        s
        for s in senders
        if (wanted and " ".join(s.lower().split()) == wanted) or _phone(s, hint) in phones
    }
    how: list[str] = []
    for chat in chats:
        if chat.title and len(chat.senders) == 2 and chat.title in chat.senders:
            other = next(s for s in chat.senders if s != chat.title)
            if other not in owners:
                owners.add(other)
                how.append(f"{other} (the other sender of the chat named {chat.title})")
    if len(chats) >= 2 and not owners:
        common = set.intersection(*(set(c.senders) for c in chats))
        if len(common) == 1:
            owners |= common
            how.append(f"{next(iter(common))} (the sender in every chat)")
    for chat in chats:
        if len(chat.senders) >= 2 and not owners & set(chat.senders):
            raise SourceError(
                chat.file,
                f"cannot tell which sender is you ({' or '.join(chat.senders[:4])})",
                hint=_ASK_OWNER,
            )
    return owners, "; ".join(how) or None


def _add_chat(
    read: Read, chat: ChatText, owners: set[str], hint: OwnerHint, zone: ZoneInfo
) -> None:
    """Add ``chat``'s messages, members and failures to ``read``."""
    chat_id = f"whatsapp:{chat.title or PurePosixPath(chat.file.split('!')[0]).stem}"
    others = [s for s in chat.senders if s not in owners]
    if not others and chat.title and not chat.is_group and chat.title not in owners:
        others = [chat.title]
    keys = {}
    for sender in {*others, *(x.sender for x in chat.lines if x.sender)}:
        phone = _phone(sender, hint)
        key = f"phone:{phone}" if phone else f"name:{' '.join(sender.lower().split())}"
        keys[sender] = key
        if sender not in owners:
            read.participants.setdefault(key, Participant(key, name=sender, phone=phone))
    read.chats[chat_id] = Chat(chat_id, chat.is_group, list(dict.fromkeys(keys[s] for s in others)))
    for number, column, reason in chat.failures:
        read.fail(chat.file, number, column, reason)
    for line in chat.lines:
        media = line.kind in {"media", "call", "missed call"}
        read.messages.append(
            Message(
                file=chat.file,
                line=line.line,
                chat=chat_id,
                occurred_at=line.local.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")),
                sender=keys[line.sender] if line.sender else None,
                outgoing=line.sender in owners,
                length=None if media else line.length,
                asks=None if media else asks_of(line.text_end),
                noise=_NOISE.get(line.kind),
                channel="call" if line.kind == "call" else "message",
                key=f"{line.local:%Y-%m-%dT%H:%M:%S}",
            )
        )
