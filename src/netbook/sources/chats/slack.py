"""The Slack source: a workspace export (the zip *Export data* writes, or its folder).

The export holds ``users.json`` (ids, names, ``profile.email``), ``channels.json``,
``dms.json`` and ``mpims.json`` (direct and group direct messages, each with ``members``), and a
folder per conversation (a channel's name, a DM's id, a group DM's name) of ``YYYY-MM-DD.json``
files, each a list of messages (``user``, ``ts`` in Unix seconds, ``text``, ``subtype``,
``thread_ts``, ``parent_user_id``). Only the text's length and whether it asks are kept.

**Owner**: the user whose ``profile.email`` is one of your addresses (``[owner] emails``,
LinkedIn's Email Addresses.csv) or whose name is ``[owner] name``; else the one member of every
DM; else the import stops with one line asking for them. Direct messages between others (in an
administrator's export) are noise.

**Touches**: DMs (one person) and group DMs (``is_group``); in a channel only a thread reply
between you and the thread's author (their reply to your post, or yours to theirs). **Noise**:
other channel posts, joins and other subtypes, bots' messages.

**People** are keyed by ``profile.email`` when the export has it (so they join the same address
anywhere), else by Slack user id within Slack.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from netbook.errors import SourceError
from netbook.keys import normalise_email
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

__all__ = ["SOURCE", "SlackSource"]

SOURCE = "slack"
_AGAIN = "choose the zip Slack's Export data wrote (or its unpacked folder)"
_ASK_OWNER = (
    'add your Slack address to netbook.toml ([owner] emails = ["you@example.com"]) or your '
    'name ([owner] name = "Your Name") and import again'
)
_KINDS = (
    ("dms.json", "dm"),
    ("mpims.json", "group dm"),
    ("channels.json", "channel"),
    ("groups.json", "channel"),
)


class SlackSource:
    """Slack workspace exports (see the module's docstring).

    Examples:
        >>> SlackSource().detect(Path("no-such.zip"))
        False
    """

    name = SOURCE
    description = "Slack: a workspace export zip (users.json, dms.json, channels) or its folder"

    def detect(self, path: Path) -> bool:
        """True for a zip or folder holding ``users.json`` and ``channels.json`` or ``dms.json``."""
        try:
            names = set(_Export.open(path).names) if path.exists() else set()
        except (SourceError, OSError):
            return False
        return "users.json" in names and bool({"channels.json", "dms.json"} & names)

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the export at ``path``.

        Raises:
            SourceError: not a readable zip, ``users.json`` or a list file is not JSON (naming the
                line), or no rule tells which user is the owner.
        """
        hint = owner or OwnerHint()
        export = _Export.open(path)
        if "users.json" not in export.names:
            raise SourceError(path, "holds no users.json: not a Slack export", hint=_AGAIN)
        read = Read()
        users = {u["id"]: u for u in _list(export, "users.json") if isinstance(u, dict)}
        conversations = [
            (conversation, kind)
            for name, kind in _KINDS
            if name in export.names
            for conversation in _list(export, name)
            if isinstance(conversation, dict)
        ]
        me = _owner(users, conversations, hint, path)
        for name in ("users.json", *(n for n, _ in _KINDS if n in export.names)):
            file_row(read, name, "list", export.read(name), status="read")
        for conversation, kind in conversations:
            _add_conversation(read, export, conversation, kind, users, me)
        return build(SOURCE, str(path), read)


class _Export:
    """The files of an export, zipped or unpacked, by their path under the export's root."""

    def __init__(self, names: dict[str, str], archive: zipfile.ZipFile | None, root: Path) -> None:
        self.names = names
        self.archive = archive
        self.root = root

    @classmethod
    def open(cls, path: Path) -> _Export:
        if path.is_dir():
            files = {p.relative_to(path).as_posix(): str(p) for p in path.rglob("*.json")}
            return cls(files, None, path)
        if path.suffix.lower() != ".zip" or not zipfile.is_zipfile(path):
            raise SourceError(path, "is not a Slack export zip", hint=_AGAIN)
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise SourceError(path, f"is not a readable zip ({error})", hint=_AGAIN) from None
        members = [n for n in archive.namelist() if n.endswith(".json")]
        tops = {PurePosixPath(n).parts[0] for n in members if "/" in n}
        prefix = ""
        if "users.json" not in members and len(tops) == 1:
            prefix = f"{next(iter(tops))}/"  # zipped with its folder
        names = {n.removeprefix(prefix): n for n in members if n.startswith(prefix)}
        return cls(names, archive, path)

    def read(self, name: str) -> bytes:
        member = self.names[name]
        if self.archive is not None:
            try:
                return self.archive.read(member)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise SourceError(
                    f"{self.root.name}!{name}", f"cannot be read ({error})", hint=_AGAIN
                ) from None
        return Path(member).read_bytes()


def _parse(data: bytes, name: str) -> list[Any]:
    value = json_of(data, name, _AGAIN)
    if not isinstance(value, list):
        raise SourceError(name, "is JSON but not a Slack list", hint=_AGAIN)
    return value


def _list(export: _Export, name: str) -> list[Any]:
    return _parse(export.read(name), name)


def _profile(user: dict[str, Any]) -> dict[str, Any]:
    profile = user.get("profile")
    return profile if isinstance(profile, dict) else {}


def _owner(
    users: dict[str, dict[str, Any]],
    conversations: list[tuple[dict[str, Any], str]],
    hint: OwnerHint,
    path: Path,
) -> str:
    mine = set(hint.emails)
    wanted = " ".join(hint.name.lower().split()) if hint.name else None
    for user_id, user in users.items():
        profile = _profile(user)
        if (normalise_email(str(profile.get("email") or "")) or "") in mine:
            return user_id
        names = {str(user.get("real_name") or ""), str(profile.get("real_name") or "")}
        if wanted and wanted in {" ".join(n.lower().split()) for n in names}:
            return user_id
    dms = [set(c.get("members") or []) for c, kind in conversations if kind == "dm"]
    common = set.intersection(*dms) if dms else set()
    if len(common) == 1:
        return str(next(iter(common)))
    raise SourceError(path, "cannot tell which Slack user is you", hint=_ASK_OWNER)


def _participant(read: Read, users: dict[str, dict[str, Any]], user_id: str) -> None:
    user = users.get(user_id, {})
    profile = _profile(user)
    name = user.get("real_name") or profile.get("real_name") or user.get("name")
    read.participants.setdefault(
        user_id,
        Participant(
            user_id,
            name=str(name) if name else None,
            email=normalise_email(str(profile.get("email") or "")),
            user_id=user_id,
        ),
    )


def _add_conversation(
    read: Read,
    export: _Export,
    conversation: dict[str, Any],
    kind: str,
    users: dict[str, dict[str, Any]],
    me: str,
) -> None:
    folder = str(conversation.get("name") or conversation.get("id"))
    chat_id = f"slack:{conversation.get('id') or folder}"
    everyone = [m for m in conversation.get("members") or [] if isinstance(m, str)]
    members = [m for m in everyone if m != me]
    outsider = kind != "channel" and me not in everyone
    if kind != "channel" and not outsider:
        for member in members:
            _participant(read, users, member)
    read.chats[chat_id] = Chat(chat_id, kind == "group dm", members if kind != "channel" else [])
    days = sorted(n for n in export.names if PurePosixPath(n).parent.as_posix() == folder)
    for day in days:
        data = export.read(day)
        try:
            messages = _parse(data, day)
        except SourceError as error:
            file_row(read, day, "messages", data, status="skipped", reason=str(error))
            continue
        for number, message in enumerate(messages, start=1):
            if isinstance(message, dict):
                _add_message(read, message, day, number, chat_id, kind, users, me, outsider)
        file_row(read, day, "messages", data)


def _add_message(
    read: Read,
    message: dict[str, Any],
    file: str,
    number: int,
    chat_id: str,
    kind: str,
    users: dict[str, dict[str, Any]],
    me: str,
    outsider: bool,
) -> None:
    try:
        occurred_at = datetime.fromtimestamp(float(message["ts"]), UTC)
    except (KeyError, ValueError, TypeError, OverflowError):
        read.fail(file, number, "ts", "a message without a readable ts; export again")
        return
    sender = message.get("user")
    sender = sender if isinstance(sender, str) else None
    noise = None
    if message.get("subtype") or message.get("bot_id") or users.get(sender or "", {}).get("is_bot"):
        noise = "bot message" if message.get("bot_id") else "system line"
    elif sender is None:
        noise = "no sender"
    elif outsider:
        noise = "not your conversation"
    text = str(message.get("text") or "")
    outgoing = sender == me
    if kind == "channel" and noise is None:
        parent = message.get("parent_user_id")
        reply = message.get("thread_ts") not in (None, message.get("ts"))
        author = parent if isinstance(parent, str) else None
        if reply and author and (author == me) != outgoing:
            thread = f"{chat_id}:{message.get('thread_ts')}"
            other = author if outgoing else (sender or "")
            _participant(read, users, other)
            read.chats.setdefault(thread, Chat(thread, False, [other]))
            chat_id = thread
        else:
            noise = "channel post"
    read.messages.append(
        Message(
            file=file,
            line=number,
            chat=chat_id,
            occurred_at=occurred_at,
            sender=sender,
            outgoing=outgoing,
            length=len(text),
            asks=asks_of(text),
            noise=noise,
            key=str(message.get("client_msg_id") or message.get("ts")),
        )
    )
