"""Raw messages out of an mbox file, a Maildir folder or a folder of ``.eml`` files, streaming.

An mbox is read in one pass: a message starts at a ``From `` line that begins the file or follows
an empty line (mboxrd and mboxo both write one), so memory holds one message (and a 1 MB chunk)
at a time, never the file. Each message carries the 1-based line of its ``From `` line; a Maildir or
``.eml`` message carries its position (1-based, files in name order) instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from netbook.errors import SourceError

_AGAIN = "export the mailbox again"
_CHUNK = 1 << 20
_SEPARATOR = re.compile(rb"\n\r?\nFrom ")
_ESCAPED = re.compile(rb"^>(>*From )", re.MULTILINE)
FROM_LINE = re.compile(rb"^From \S+ .*\d{4}")


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

    The file is read in 1 MB chunks and split where an empty line is followed by ``From `` (a
    regular-expression search in C, not a Python loop over lines); line numbers are counted with
    ``bytes.count``. ``>From `` lines are unescaped (mboxrd).

    Raises:
        SourceError: the file does not begin with a ``From `` line, or holds NUL bytes in a
            message's headers (a binary file named ``.mbox``), naming the line.
    """
    with path.open("rb") as handle:
        buffer = handle.read(_CHUNK)
        while b"\n" not in buffer[:1024] and len(buffer) < 1024 and (more := handle.read(_CHUNK)):
            buffer += more  # the whole first line, to check it
        report.digest.update(buffer)
        buffer = buffer.removeprefix(b"\xef\xbb\xbf")
        first = buffer.split(b"\n", 1)[0]
        if not (is_mbox_head(first) and FROM_LINE.match(first)):
            raise SourceError(
                report.name,
                "is not an mbox file: it does not begin with a 'From ' line",
                line=1,
                hint="choose the .mbox file of a mail export (Gmail Takeout, Thunderbird, "
                "Apple Mail)",
            )
        line = 1  # the line of buffer[0], which is always a message's From line
        searched = 0
        while True:
            found = _SEPARATOR.search(buffer, searched)
            if found is None:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                report.digest.update(chunk)
                searched = max(len(buffer) - 8, 0)  # a separator may straddle chunks
                buffer += chunk
                continue
            cut = found.end() - len(b"From ")
            yield _message(report, line, buffer[:cut])
            line += buffer.count(b"\n", 0, cut)
            buffer, searched = buffer[cut:], 0
    report.sha256 = report.digest.hexdigest()
    yield _message(report, line, buffer, cut_off=not buffer.endswith(b"\n"))


def _message(report: MailFile, line: int, data: bytes, cut_off: bool = False) -> RawMessage:
    """The message whose ``From `` line starts ``data``, without that line, unescaped."""
    report.messages += 1
    body = data.split(b"\n", 1)[1] if b"\n" in data else b""
    head_end = body.find(b"\n\n")
    if b"\x00" in (body if head_end < 0 else body[:head_end]):
        raise SourceError(
            report.name,
            f"holds binary data in the headers of the message starting on line {line}",
            line=line,
            hint=_AGAIN,
        )
    if b">From " in body:
        body = _ESCAPED.sub(rb"\1", body)
    return RawMessage(report.name, line, body, cut_off=cut_off)


def read_files(files: list[tuple[Path, str]], report: MailFile) -> Iterator[RawMessage]:
    """The messages of a Maildir or ``.eml`` folder, one file each, numbered by position."""
    for number, (item, flags) in enumerate(files, 1):
        report.messages += 1
        yield RawMessage(report.name, number, item.read_bytes(), flags=flags)
