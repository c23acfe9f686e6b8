"""Pieces every file of the sample export shares: made-up people, times and CSV writing."""

from __future__ import annotations

import base64
import csv
import io
import random
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from netbook.sample import vocabulary as v

PROFILE = "https://www.linkedin.com/in/"
M6 = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
    "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS",
)  # fmt: skip
"""The April 2026 messages.csv header (written with every field quoted)."""
DAY = 86_400


@dataclass
class Person:
    """A made-up member, with names exactly as Connections.csv writes them."""

    first: str
    last: str
    slug: str
    company: str = ""
    position: str = ""
    email: str = ""
    connected: date | None = None

    @property
    def name(self) -> str:
        """The display name used in messages and invitations."""
        return f"{self.first.strip()} {self.last.strip()}"

    @property
    def url(self) -> str:
        """The profile URL with the slug in raw Unicode (messages, invitations)."""
        return PROFILE + self.slug

    @property
    def quoted_url(self) -> str:
        """The profile URL with the slug percent-encoded (Connections.csv)."""
        return PROFILE + quote(self.slug, safe="")


class People:
    """Makes up people with unique slugs from one random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.slugs: set[str] = set()
        self.names: dict[str, int] = {}

    def make(self, *, connected: date | None = None, owner: bool = False) -> Person:
        """A new person; the owner gets a plain ASCII name without quirks.

        Args:
            connected: The day they connected with the owner, if they did.
            owner: Whether this is the export's owner.

        Returns:
            The person, with ~2 % credentials, ~0.6 % emoji and ~3.4 % stray spaces in names.
        """
        r = self.rng
        first = r.choice([n for n in v.FIRST_NAMES if n.isascii()] if owner else v.FIRST_NAMES)
        last = r.choice([n for n in v.LAST_NAMES if n.isascii()] if owner else v.LAST_NAMES)
        words = "".join(c if c.isalnum() else " " for c in f"{first} {last}".lower()).split()
        base = "-".join(words)
        slug = base if r.random() < 0.1 else ""
        while not slug or slug in self.slugs:
            slug = f"{base}-{r.getrandbits(32):08x}"
        self.slugs.add(slug)
        email = ""
        if r.random() < 0.02:
            email = (
                f"{ascii_word(first) or 'hi'}.{ascii_word(last) or 'x'}@{r.choice(v.EMAIL_DOMAINS)}"
            )
        x = 1.0 if owner else r.random()
        if x < 0.02:
            last += r.choice(v.CREDENTIALS)
        elif x < 0.026:
            last += " " + r.choice(v.NAME_EMOJI)
        elif x < 0.05:
            last += " "
        elif x < 0.06:
            first += " "
        company = "" if r.random() < 0.03 else r.choice(v.COMPANIES)
        title = (
            r.choice(v.TITLES) if r.random() < 0.15 else r.choice(v.SENIORITY) + r.choice(v.ROLES)
        )
        position = "" if r.random() < 0.03 else title
        person = Person(first, last, slug, company, position, email, connected)
        self.names[self.key(person)] = self.names.get(self.key(person), 0) + 1
        return person

    @staticmethod
    def key(person: Person) -> str:
        """The display name as loaders compare names: NFC, lower case, single spaces."""
        return " ".join(unicodedata.normalize("NFC", person.name).lower().split())

    def unique(self, person: Person) -> bool:
        """Whether nobody else made so far has the same display name."""
        return self.names.get(self.key(person), 0) == 1


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (``Zoë O'Neil`` gives ``zoeoneil``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def epoch(day: date) -> int:
    """Seconds since 1970 at midnight UTC starting ``day``."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def as_time(ts: int) -> datetime:
    """The UTC time ``ts`` seconds after 1970."""
    return datetime.fromtimestamp(ts, UTC)


def stamp(ts: int) -> str:
    """A messages.csv DATE such as ``2024-05-04 17:32:10 UTC``."""
    return as_time(ts).strftime("%Y-%m-%d %H:%M:%S UTC")


def us_time(ts: int, *, padded: bool) -> str:
    """``3/18/26, 7:40 AM`` (Invitations) or, ``padded``, ``03/18/26, 07:40 AM``."""
    t = as_time(ts)
    hour, half, year = t.hour % 12 or 12, "AM" if t.hour < 12 else "PM", t.year % 100
    if padded:
        return f"{t.month:02d}/{t.day:02d}/{year:02d}, {hour:02d}:{t.minute:02d} {half}"
    return f"{t.month}/{t.day}/{year:02d}, {hour}:{t.minute:02d} {half}"


def conversation_id(rng: random.Random, suffix: str = "_000") -> str:
    """``2-`` and the base64 of ``<uuid>_<3 digits>``, as LinkedIn writes them."""
    text = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}{suffix}"
    return "2-" + base64.b64encode(text.encode()).decode()


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, quote_all: bool = False
) -> bytes:
    """UTF-8 CSV with LF line ends, quoted only where needed unless ``quote_all``."""
    out = io.StringIO()
    if quote_all:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    else:
        writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def export_path(directory: Path, exported_on: date, *, zip: bool) -> Path:
    """Where :func:`write_files` writes: the dated zip in ``directory``, or ``directory`` itself.

    Examples:
        >>> export_path(Path("out"), date(2026, 11, 16), zip=True).name
        'Complete_LinkedInDataExport_11-16-2026.zip'
    """
    return (
        directory / f"Complete_LinkedInDataExport_{exported_on:%m-%d-%Y}.zip" if zip else directory
    )


def write_files(directory: Path, files: dict[str, bytes], exported_on: date, *, zip: bool) -> None:
    """Write an export's ``files`` (sorted by name) into ``directory``, or as one dated zip there.

    Args:
        directory: Where to write; created if missing.
        files: File name to bytes.
        exported_on: The export date: the zip's name and its members' times.
        zip: Write one ``Complete_LinkedInDataExport_MM-DD-YYYY.zip`` instead of the files.
    """
    directory.mkdir(parents=True, exist_ok=True)
    if not zip:
        for name in sorted(files):
            (directory / name).write_bytes(files[name])
        return
    stamp = (exported_on.year, exported_on.month, exported_on.day, 0, 0, 0)
    target = export_path(directory, exported_on, zip=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
