"""The e-mail source: messages in an mbox, a Maildir or a folder of ``.eml`` files, as touches.

Input is an mbox file (Gmail Takeout's ``All mail Including Spam and Trash.mbox``, a Thunderbird
folder file, an Apple Mail ``X.mbox`` export folder), a folder of them, a Maildir (``cur``/``new``)
or a folder of ``.eml`` files; all go through the same code. An mbox is read in one streaming pass
(one message in memory at a time) with the standard library's ``email`` parser
(``policy.default``).

**Direction.** The owner's addresses are ``[owner] emails``, the addresses stored from LinkedIn's
Email Addresses.csv (both arrive as ``OwnerHint.emails``) and the senders of mail Gmail labels
``Sent``; with none of these, the address in the most messages (reported as ``Loaded.owner``).
A message from the owner (or labelled ``Sent``) is ``outbound``: one interaction per recipient
in To, Cc and Bcc other than the owner. Any other message is ``inbound``: one interaction with its
sender. Channel ``email``, weight 1, value ``none``.

**Threads.** ``thread_id`` is Gmail's ``X-GM-THRID``, else the first id in ``References`` (the
thread's root), else ``In-Reply-To``, else the message's own id. A message is ``initiated`` when it
replies to nothing and is the earliest of its thread. With more than :data:`GROUP` participants
other than the owner a message is a group message (``is_group`` on each of its rows).

**Text.** Never stored: ``content_length`` counts the characters of the plain body (or the HTML
body without tags) above the quoted history and the signature (``On ... wrote:`` in several
languages, an "Original Message" rule, Outlook's rule or ``From:``/``Sent:`` block, ``-- ``; in
HTML, a blockquote or a mail client's quote container; never a head or a style sheet), and
``asks`` says whether a question mark ends a word in its last 280 characters
(:func:`netbook.sources.tables.asks`).

**People** are keyed by address, named by the first display name seen with it, so they join people
from LinkedIn, contacts or calendars carrying the same address; a display name alone joins no one.

**Noise** (per message, by reason, never interactions): Gmail ``Spam``/``Trash`` labels and the
Maildir ``T`` flag; drafts (the ``Draft`` label, the ``D`` flag, Thunderbird's
``X-Mozilla-Draft-Info``); automated mail (``Auto-Submitted`` other than ``no``); newsletters and
lists (``List-Id``, ``List-Unsubscribe``, ``List-Post``, ``Precedence: bulk|list|junk``) and every
other message of a thread holding one (your reply to a list); no-reply senders; a message already
read (the same Message-ID twice); a message with no counterpart.

**Stable ids.** An interaction hashes ``mbox``, the Message-ID (else a hash of the date, the sender
and the subject) and the counterpart's address: importing again adds nothing.

**Reports.** ``files`` has one row per mbox file (or one for a Maildir or ``.eml`` folder). A
message that cannot be read (a cut-off last message, no readable date, an undecodable address
header) is a ``failures`` row whose line is its ``From `` line in an mbox, its position (1-based,
files in name order) in a folder. A file that is not an mbox (a binary file named ``.mbox``)
raises :class:`~netbook.errors.SourceError` naming it and the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from netbook import schema
from netbook.errors import SourceError
from netbook.keys import normalise_email
from netbook.progress import stage
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.email._frames import (
    GROUP,
    SOURCE,
    classify,
    frames,
    interactions_of,
    noise_of,
    owners_of,
)
from netbook.sources.email._parse import ROWS, MessageFailure, parse
from netbook.sources.email._read import (
    FROM_LINE,
    MailFile,
    RawMessage,
    eml_files,
    is_maildir,
    is_mbox_head,
    maildir_files,
    mbox_files,
    read_files,
    read_mbox,
)
from netbook.sources.report import file_row

__all__ = ["GROUP", "MboxSource"]

_BATCH = 5000


class MboxSource:
    """E-mail from an mbox, Maildir or ``.eml`` folder (see the module's docstring).

    Examples:
        >>> source = MboxSource()
        >>> source.name, source.detect(Path("no-such.mbox"))
        ('mbox', False)
    """

    name = SOURCE
    description = (
        "e-mail: an mbox file (Gmail Takeout, Thunderbird, Apple Mail), Maildir or .eml folder"
    )

    def detect(self, path: Path) -> bool:
        """True for a mailbox.

        That is an ``.mbox`` or ``.eml`` file, a file starting with an mbox ``From `` line, an
        Apple Mail ``.mbox`` folder, a Maildir, or a folder holding ``.mbox`` or ``.eml`` files.
        """
        try:
            if path.is_dir():
                return is_maildir(path) or bool(mbox_files(path)) or bool(eml_files(path))
            if not path.is_file():
                return False
            if path.suffix.lower() in {".mbox", ".eml", ".mbx"}:
                return True
            with path.open("rb") as handle:
                head = handle.read(256)
        except OSError:
            return False
        return is_mbox_head(head) and bool(FROM_LINE.match(head.removeprefix(b"\xef\xbb\xbf")))

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the mail at ``path``.

        Raises:
            SourceError: ``path`` holds no mailbox, or an mbox file is not one (naming the line).
        """
        hint = owner or OwnerHint()
        zone = ZoneInfo(hint.time_zone)
        reports: list[MailFile] = []
        batches: list[pl.DataFrame] = []
        rows: list[dict[str, Any]] = []
        failures: list[dict[str, Any]] = []
        for raw in _messages(path, reports):
            try:
                rows.append(parse(raw, zone))
            except MessageFailure as failure:
                failures.append(
                    {
                        "file": raw.file,
                        "line": raw.number,
                        "column": failure.column,
                        "reason": failure.reason,
                    }
                )
            if len(rows) >= _BATCH:
                batches.append(pl.DataFrame(rows, schema=ROWS))
                rows = []
                stage(f"reading {raw.file}: {len(batches) * _BATCH:,} messages")
        batches.append(pl.DataFrame(rows, schema=ROWS))
        messages = pl.concat(batches)
        configured = frozenset(e for e in map(normalise_email, hint.emails) if e is not None)
        owners, identified_by = owners_of(messages, configured)
        messages = classify(messages, owners)
        pairs = interactions_of(messages)
        stage("resolving people")
        people, identities, interactions, observed_on = frames(pairs)
        failed = pl.DataFrame(failures, schema=schema.FAILURES)
        return Loaded.of(
            SOURCE,
            path,
            files=_files(reports, messages, failed),
            people=people,
            identities=identities,
            interactions=interactions,
            failures=failed,
            noise=noise_of(messages),
            exported_on=observed_on,
            owner=_owner(identified_by),
        )


def _messages(path: Path, reports: list[MailFile]) -> Iterator[RawMessage]:
    """Every raw message at ``path``, whatever the layout, recording each file read in ``reports``."""
    if path.is_file() and path.suffix.lower() == ".eml":
        reports.append(MailFile(path.name, "eml"))
        yield from read_files([(path, "")], reports[-1])
        return
    if path.is_dir() and is_maildir(path):
        reports.append(MailFile(path.name, "maildir"))
        yield from read_files(maildir_files(path), reports[-1])
        return
    files = mbox_files(path)
    if path.is_dir() and not files:
        emls = eml_files(path)
        if not emls:
            raise SourceError(
                path, "holds no mailbox", hint="choose an .mbox file, a Maildir or a folder of .eml"
            )
        reports.append(MailFile(path.name, "eml"))
        yield from read_files([(p, "") for p in emls], reports[-1])
        return
    base = path if path.is_dir() else path.parent
    for file in files:
        name = file.relative_to(base).as_posix() if path.is_dir() else file.name
        reports.append(MailFile(name, "mbox"))
        yield from read_mbox(file, reports[-1])


def _owner(identified_by: str | None) -> pl.DataFrame:
    """The :data:`~netbook.schema.OWNER` row when the owner had to be inferred."""
    if identified_by is None:
        return schema.empty(schema.OWNER)
    return schema.conform(pl.DataFrame({"identified_by": [identified_by]}), schema.OWNER).collect()


def _files(
    reports: list[MailFile], messages: pl.DataFrame, failed: pl.DataFrame
) -> list[dict[str, object]]:
    """One :data:`~netbook.schema.FILES` row per file (or folder) read."""
    kept = messages.filter(pl.col("noise").is_null())
    noisy = dict(messages.group_by("file").agg(pl.col("noise").is_not_null().sum()).iter_rows())
    spans = {
        file: (first, last)
        for file, first, last in kept.group_by("file")
        .agg(pl.col("occurred_at").min(), pl.col("occurred_at").max().alias("last"))
        .iter_rows()
    }
    failures = dict(failed.group_by("file").len().iter_rows())
    return [
        file_row(
            r.name,
            r.kind,
            rows=r.messages,
            noise=noisy.get(r.name, 0),
            failed=failures.get(r.name, 0),
            sha256=r.sha256,
            encoding="binary",
            first_at=spans.get(r.name, (None, None))[0],
            last_at=spans.get(r.name, (None, None))[1],
        )
        for r in reports
    ]
