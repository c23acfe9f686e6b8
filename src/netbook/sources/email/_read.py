"""Raw messages out of an mbox file, a Maildir folder or a folder of ``.eml`` files, streaming.

An mbox is read line by line in one pass: a message starts at a ``From `` line that begins the
file or follows an empty line (mboxrd and mboxo both write one), so memory holds one message at a
time, never the file. Each message carries the 1-based line of its ``From `` line; a Maildir or
``.eml`` message carries its position (1-based, files in name order) instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from netbook.errors import SourceError

_AGAIN = "export the mailbox again"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RawMessage:
    """One message's bytes and where it was found."""

    file: str
    number: int
    """1-based: the message's ``From `` line in an mbox, its position in a folder."""
    data: bytes
    flags: str = ""
    """Maildir flags (``D`` draft, ``T`` trashed, ``S`` seen...), empty elsewhere."""
    cut_off: bool = False
    """The file ends inside this message (a truncated download)."""


@dataclass
class MailFile:
    """What was read of one file or folder, filled in while its messages are consumed."""

    name: str
    kind: str
    sha256: str | None = None
    messages: int = 0
    digest: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)


def is_mbox_head(head: bytes) -> bool:
    r"""Whether ``head`` (a file's first bytes) starts the way every mbox does: ``From <sender> <date>``.

    Examples:
        >>> is_mbox_head(b"From 1234@xxx Mon Jan 01 00:00:00 +0000 2024\nX-GM-THRID: 1\n")
        True
        >>> is_mbox_head(b"\x89PNG\r\n")
        False
    """
    head = head.removeprefix(b"\xef\xbb\xbf")
    return head.startswith(b"From ") and b"\x00" not in head[:1024]


def mbox_files(path: Path) -> list[Path]:
    """The mbox files at ``path``.

    That is the file itself, an Apple Mail ``X.mbox`` folder's ``mbox`` file, or every ``.mbox``
    file (or Apple Mail folder) under a folder, in name order.
    """
    if path.is_file():
        return [path]
    inner = path / "mbox"
    if path.suffix.lower() == ".mbox" and inner.is_file():
        return [inner]
    found: list[Path] = []
    for candidate in sorted(path.rglob("*")):
        if candidate.suffix.lower() != ".mbox":
            continue
        if candidate.is_file():
            found.append(candidate)
        elif (candidate / "mbox").is_file():
            found.append(candidate / "mbox")
    return found


def maildir_files(path: Path) -> list[tuple[Path, str]]:
    """The messages of a Maildir (``cur`` and ``new``, with their flags), in name order."""
    found: list[tuple[Path, str]] = []
    for folder in (path / "cur", path / "new"):
        if folder.is_dir():
            for item in sorted(folder.iterdir()):
                if item.is_file() and not item.name.startswith("."):
                    _, _, info = item.name.partition(":2,")
                    found.append((item, info))
    return found


def is_maildir(path: Path) -> bool:
    """A folder with ``cur`` and ``new`` subfolders."""
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def eml_files(path: Path) -> list[Path]:
    """The ``.eml`` files under a folder, in name order."""
    return sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())


def read_mbox(path: Path, report: MailFile) -> Iterator[RawMessage]:
    """The messages of one mbox file, one at a time.

    Raises:
        SourceError: the file does not begin with a ``From `` line, or holds NUL bytes where
            headers are (a binary file named ``.mbox``), naming the line.
    """
    lines: list[bytes] = []
    start = 0
    previous_blank = True
    number = 0
    with path.open("rb") as handle:
        for number, line in enumerate(_lines(handle, report), 1):
            if line.startswith(b"From ") and previous_blank:
                if lines:
                    yield _message(report, start, lines)
                lines = []
                start = number
            elif start == 0:
                if number == 1 and is_mbox_head(line.removeprefix(b"\xef\xbb\xbf")):
                    start = 1
                    continue
                raise SourceError(
                    report.name,
                    "is not an mbox file: it does not begin with a 'From ' line",
                    line=number,
                    hint="choose the .mbox file of a mail export (Gmail Takeout, Thunderbird, "
                    "Apple Mail)",
                )
            else:
                if b"\x00" in line and len(lines) < 200 and not _past_headers(lines):
                    raise SourceError(
                        report.name,
                        f"holds binary data in the headers of the message starting on line {start}",
                        line=number,
                        hint=_AGAIN,
                    )
                lines.append(line)
            previous_blank = line in (b"\n", b"\r\n")
    report.sha256 = report.digest.hexdigest()
    if lines or start:
        cut = bool(lines) and not lines[-1].endswith(b"\n")
        yield _message(report, start, lines, cut_off=cut)


def _past_headers(lines: list[bytes]) -> bool:
    return any(line in (b"\n", b"\r\n") for line in lines)


def _lines(handle: BinaryIO, report: MailFile) -> Iterator[bytes]:
    """The file's lines, hashing its bytes as they pass."""
    rest = b""
    while chunk := handle.read(_CHUNK):
        report.digest.update(chunk)
        chunk = rest + chunk
        parts = chunk.split(b"\n")
        rest = parts.pop()
        for part in parts:
            yield part + b"\n"
    if rest:
        yield rest


def _message(report: MailFile, start: int, lines: list[bytes], cut_off: bool = False) -> RawMessage:
    report.messages += 1
    data = b"".join(
        line[1:] if line.startswith(b">") and line.lstrip(b">").startswith(b"From ") else line
        for line in lines
    )
    return RawMessage(report.name, start, data, cut_off=cut_off)


def read_files(files: list[tuple[Path, str]], report: MailFile) -> Iterator[RawMessage]:
    """The messages of a Maildir or ``.eml`` folder, one file each, numbered by position."""
    for number, (item, flags) in enumerate(files, 1):
        report.messages += 1
        yield RawMessage(report.name, number, item.read_bytes(), flags=flags)
