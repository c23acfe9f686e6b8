r"""The Messenger source: Facebook and Instagram *Download your information* messages (JSON).

Both write a folder per conversation (``messages/inbox/<name>_<id>/``, also ``archived_threads``,
``message_requests``, ``e2ee_cutover``) of ``message_1.json``, ``message_2.json``, ...: an object
with ``participants`` (``[{"name": ...}]``), ``messages`` (``sender_name``, ``timestamp_ms``,
``content``, ``reactions``, ``call_duration``, ``is_unsent``, media lists), ``title`` and
``thread_path``. Both write text as UTF-8 bytes escaped one by one (``"\u00c3\u00a9"`` for
``é``): netbook reads it back as UTF-8 (:func:`unmangle`). Input is that folder, the zip, or one
``message_N.json``. Only the text's length and whether it asks are kept.

**Owner**: the participant named ``[owner] name``; else the one participant of every
conversation (two or more); else the import stops with one line asking for ``[owner] name``.

**Touches**: messages (channel ``message``; photos, stickers and shares without text have no
length), calls (``call_duration`` above 0, channel ``call``), and reactions: one to a message of
someone else is a touch with that someone (weight :data:`REACTION`, at the message's time: the
export does not say when the reaction came). A conversation with more than
two participants is a group. **Noise**: unsent messages, missed calls (``call_duration`` 0), joins
and leaves (``Subscribe``/``Unsubscribe``), and conversations with Facebook users whose name is
gone (``Facebook user``).

**People** are keyed by display name within Messenger: the export has no other identifier, so
they never join anyone from another source by themselves (names only suggest).
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from netbook.errors import SourceError
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

__all__ = ["REACTION", "SOURCE", "MessengerSource", "unmangle"]

SOURCE = "messenger"
REACTION = 0.25
"""The weight of a reaction, against 1 for a message."""
_FILE = re.compile(r"^message_\d+\.json$")
_SIGN = re.compile(rb'"participants"\s*:\s*\[')
_MEDIA = ("photos", "videos", "audio_files", "gifs", "files", "sticker", "share")
_GONE = {"facebook user", "instagram user"}
_AGAIN = "choose the messages folder (or zip) of Download your information, format JSON"
_ASK_OWNER = (
    'add your name as Facebook or Instagram shows it to netbook.toml ([owner] name = "Your '
    'Name") and import again'
)


def unmangle(value: str) -> str:
    """Text Meta wrote as UTF-8 bytes escaped as Latin-1 characters, read back as UTF-8.

    Examples:
        >>> unmangle("ZoÃ«"), unmangle("plain"), unmangle("Zoë")
        ('Zoë', 'plain', 'Zoë')
    """
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _fixed(value: Any) -> Any:
    if isinstance(value, str):
        return unmangle(value)
    if isinstance(value, list):
        return [_fixed(v) for v in value]
    if isinstance(value, dict):
        return {k: _fixed(v) for k, v in value.items()}
    return value


class MessengerSource:
    """Facebook / Instagram messages exports (see the module's docstring).

    Examples:
        >>> MessengerSource().detect(Path("no-such.json"))
        False
    """

    name = SOURCE
    description = "Facebook / Instagram Messenger: Download your information messages (JSON)"

    def detect(self, path: Path) -> bool:
        """True for a ``message_N.json`` with ``participants``, or a folder or zip holding one."""
        try:
            if path.is_dir():
                return any(self._is_thread(p) for p in path.rglob("message_*.json"))
            if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    return any(_FILE.match(PurePosixPath(n).name) for n in archive.namelist())
            return path.is_file() and self._is_thread(path)
        except OSError:
            return False

    def _is_thread(self, path: Path) -> bool:
        if not _FILE.match(path.name):
            return False
        with path.open("rb") as handle:
            return _SIGN.search(handle.read(4096)) is not None

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the conversations at ``path``.

        Raises:
            SourceError: nothing to read, a lone file that is not a thread (naming the line), or
                no rule tells which participant is the owner.
        """
        hint = owner or OwnerHint()
        read = Read()
        threads: list[tuple[str, bytes, dict[str, Any]]] = []
        for name, data in _thread_files(path):
            try:
                threads.append((name, data, _thread(data, name)))
            except SourceError as error:
                if path.is_file():
                    raise
                file_row(read, name, "messages", data, status="skipped", reason=str(error))
        if not threads and not read.files:
            raise SourceError(path, "holds no Messenger conversation", hint=_AGAIN)
        me = _owner([t for _, _, t in threads], hint, path)
        for name, data, thread in threads:
            _add_thread(read, name, thread, me)
            file_row(read, name, "messages", data)
        return build(SOURCE, str(path), read)


def _thread_files(path: Path) -> list[tuple[str, bytes]]:
    if path.is_dir():
        return [
            (p.relative_to(path).as_posix(), p.read_bytes())
            for p in sorted(path.rglob("message_*.json"))
            if _FILE.match(p.name)
        ]
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                return [
                    (f"{path.name}!{n}", archive.read(n))
                    for n in sorted(archive.namelist())
                    if _FILE.match(PurePosixPath(n).name)
                ]
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise SourceError(path, f"is not a readable zip ({error})", hint=_AGAIN) from None
    return [(path.name, path.read_bytes())]


def _thread(data: bytes, name: str) -> dict[str, Any]:
    value = json_of(data, name, _AGAIN)
    if not isinstance(value, dict) or not isinstance(value.get("participants"), list):
        raise SourceError(name, "is JSON but not a Messenger conversation", hint=_AGAIN)
    fixed: dict[str, Any] = _fixed(value)
    return fixed


def _names(thread: dict[str, Any]) -> list[str]:
    return [
        str(p["name"])
        for p in thread.get("participants", [])
        if isinstance(p, dict) and p.get("name")
    ]


def _owner(threads: list[dict[str, Any]], hint: OwnerHint, path: Path) -> str | None:
    every = [set(_names(t)) for t in threads]
    if hint.name:
        wanted = " ".join(hint.name.lower().split())
        for names in every:
            for name in names:
                if " ".join(name.lower().split()) == wanted:
                    return name
    if len(every) >= 2:
        common = set.intersection(*every)
        if len(common) == 1:
            return next(iter(common))
    if not every:
        return None
    raise SourceError(path, "cannot tell which participant is you", hint=_ASK_OWNER)


def _add_thread(read: Read, file: str, thread: dict[str, Any], me: str | None) -> None:
    key = str(thread.get("thread_path") or PurePosixPath(file).parent.as_posix())
    chat_id = f"messenger:{key}"
    names = _names(thread)
    members = [n for n in names if n != me and n.lower() not in _GONE]
    for name in members:
        read.participants.setdefault(name, Participant(name, name=name))
    read.chats[chat_id] = Chat(chat_id, len(names) > 2, members)
    messages = thread.get("messages", [])
    for number, message in enumerate(messages if isinstance(messages, list) else [], start=1):
        if isinstance(message, dict):
            _add_message(read, file, number, chat_id, message, me)


def _add_message(
    read: Read, file: str, number: int, chat_id: str, message: dict[str, Any], me: str | None
) -> None:
    try:
        occurred_at = datetime.fromtimestamp(int(message["timestamp_ms"]) / 1000, UTC)
    except (KeyError, ValueError, TypeError, OverflowError):
        read.fail(file, number, "timestamp_ms", "a message without a readable time; export again")
        return
    sender = message.get("sender_name")
    sender = sender if isinstance(sender, str) else None
    text = message.get("content") if isinstance(message.get("content"), str) else None
    channel = "message"
    noise = None
    if message.get("is_unsent"):
        noise = "unsent message"
    elif message.get("type") in {"Subscribe", "Unsubscribe"}:
        noise = "system line"
    elif "call_duration" in message or message.get("type") == "Call":
        channel = "call"
        noise = None if int(message.get("call_duration") or 0) > 0 else "missed call"
    elif sender is None or sender.lower() in _GONE:
        noise = "unknown sender"
    media = text is None or channel == "call"
    if sender is not None and sender != me and sender.lower() not in _GONE:
        read.participants.setdefault(sender, Participant(sender, name=sender))
    read.messages.append(
        Message(
            file=file,
            line=number,
            chat=chat_id,
            occurred_at=occurred_at,
            sender=sender,
            outgoing=sender == me,
            length=None if media else len(text or ""),
            asks=None if media else asks_of(text),
            noise=noise,
            channel=channel,
            key=str(message.get("timestamp_ms")),
        )
    )
    if noise is not None or sender is None:
        return
    for reaction in message.get("reactions") or []:
        actor = reaction.get("actor") if isinstance(reaction, dict) else None
        if not isinstance(actor, str) or actor == sender or actor.lower() in _GONE:
            continue
        if me not in {actor, sender}:
            continue
        if actor != me:
            read.participants.setdefault(actor, Participant(actor, name=actor))
        read.messages.append(
            Message(
                file=file,
                line=number,
                chat=chat_id,
                occurred_at=occurred_at,
                sender=actor,
                outgoing=actor == me,
                key=f"reaction:{message.get('timestamp_ms')}",
                weight=REACTION,
                counterparts=(sender if actor == me else actor,),
                counted=False,
            )
        )
