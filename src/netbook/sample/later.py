"""A later export of the sample network: the same people, some of them in a new job.

:func:`write_later_sample` rebuilds the export :func:`~netbook.sample.write_sample` writes for the
same arguments, moves about 5 % of the visible connections to a new company or promotes them in
theirs, and writes it dated some months later, with the truth of who changed how. Nothing else
happens in between: the other files are byte for byte those of the first export, so importing both
adds no interaction twice.

Netbook dates an export by the date in its name (``Complete_LinkedInDataExport_MM-DD-YYYY``), else
by its newest activity, which the later export shares with the first one. Write both as zips
(``zip=True``), or put the files in folders named with their dates, so that the job changes land
between the two export dates.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from netbook.keys import normalise_url
from netbook.sample import vocabulary as v
from netbook.sample.common import Person, csv_bytes, write_files
from netbook.sample.generator import CONNECTIONS, NOTES, build_export

PROMOTIONS = {"Junior ": "", "Associate ": "", "": "Senior ", "Senior ": "Lead "}
"""A title's seniority prefix and the prefix one step up (see :mod:`netbook.metrics.titles`)."""
PROMOTED_SHARE = 0.4
"""Of the people who change jobs and could be promoted, the share promoted in their company."""


@dataclass(frozen=True)
class JobChange:
    """One connection's job change between the two exports.

    Attributes:
        person_id: The id netbook gives the person (a hash of the normalised profile URL).
        profile_url: The profile URL as messages.csv writes it.
        kind: ``new company`` or ``promotion`` (same company, a more senior title).
        from_company: The company in the first export.
        from_position: The position in the first export.
        to_company: The company in the later export.
        to_position: The position in the later export.
    """

    person_id: str
    profile_url: str
    kind: str
    from_company: str
    from_position: str
    to_company: str
    to_position: str


@dataclass(frozen=True)
class LaterTruth:
    """What changed between the first export and the later one :func:`write_later_sample` wrote.

    Attributes:
        previous_on: The first export's date (``exported_on`` of :func:`write_sample`).
        exported_on: The later export's date.
        changes: One per person who changed jobs, sorted by person id.
        files: Every file name in the later export, sorted.
    """

    previous_on: date
    exported_on: date
    changes: tuple[JobChange, ...]
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The truth as JSON-friendly builtins (dates as ISO strings)."""
        data = asdict(self)
        data["previous_on"] = self.previous_on.isoformat()
        data["exported_on"] = self.exported_on.isoformat()
        data["changes"] = [asdict(c) for c in self.changes]
        data["files"] = list(self.files)
        return data


def months_later(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day.

    Examples:
        >>> months_later(date(2026, 11, 16), 1), months_later(date(2027, 1, 31), 1)
        (datetime.date(2026, 12, 16), datetime.date(2027, 2, 28))
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = 31
    while True:
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            last -= 1


def write_later_sample(
    directory: Path,
    *,
    seed: int = 7,
    connections: int = 300,
    messages: int = 3000,
    exported_on: date = date(2026, 11, 16),
    months: int = 1,
    job_change_share: float = 0.05,
    zip: bool = False,
) -> LaterTruth:
    """Write the export of :func:`~netbook.sample.write_sample` ``months`` later, with job changes.

    ``seed``, ``connections``, ``messages`` and ``exported_on`` name the first export (pass what
    was given to :func:`~netbook.sample.write_sample`). Of its visible connections with a company
    and a position, ``round(job_change_share * visible connections)`` change jobs: a promotion in
    their company (``Junior``/``Associate`` to plain, plain to ``Senior``, ``Senior`` to ``Lead``)
    for about 40 % of those whose title allows it, else a new company (keeping or changing the
    title). Only Connections.csv differs from the first export.

    Args:
        directory: Where to write; created if missing (see the module's note on dating folders).
        seed: The first export's seed; the job changes are drawn from a random source of their own.
        connections: The first export's Connections.csv rows.
        messages: The first export's messages.csv rows.
        exported_on: The first export's date.
        months: How many calendar months later the new export is taken (at least 1).
        job_change_share: The share of visible connections who change jobs, in [0, 1].
        zip: Write one ``Complete_LinkedInDataExport_MM-DD-YYYY.zip`` dated the later day.

    Returns:
        Who changed jobs and how.

    Raises:
        ValueError: If ``months`` < 1, ``job_change_share`` is outside [0, 1], or the first
            export's arguments are too small.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     truth = write_later_sample(Path(tmp), connections=100, messages=200)
        >>> truth.exported_on, len(truth.changes)
        (datetime.date(2026, 12, 16), 5)
    """
    if months < 1:
        raise ValueError("write_later_sample needs months >= 1")
    if not 0 <= job_change_share <= 1:
        raise ValueError("write_later_sample needs 0 <= job_change_share <= 1")
    export, _ = build_export(seed, connections, messages, exported_on)
    later = months_later(exported_on, months)
    rng = random.Random(f"netbook-later-{seed}-{months}")
    changes = _change_jobs(rng, export.contacts, job_change_share)
    export.files["Connections.csv"] = _rewrite(export.files["Connections.csv"], changes)
    write_files(directory, export.files, later, zip=zip)
    return LaterTruth(
        exported_on,
        later,
        tuple(sorted(changes.values(), key=lambda c: c.person_id)),
        tuple(sorted(export.files)),
    )


def _person_id(person: Person) -> str:
    key = normalise_url(person.url) or ""
    return hashlib.md5(key.encode()).hexdigest()[:16]


def _split_title(position: str) -> tuple[str, str] | None:
    """``(prefix, role)`` when ``position`` is a promotable sample title, else None."""
    for prefix in sorted(PROMOTIONS, key=len, reverse=True):
        role = position[len(prefix) :]
        if position.startswith(prefix) and role in v.ROLES and "Manager" not in role:
            return prefix, role
    return None


def _change_jobs(rng: random.Random, contacts: list[Person], share: float) -> dict[str, JobChange]:
    eligible = [p for p in contacts if p.company and p.position]
    count = min(len(eligible), round(share * len(contacts)))
    changes = {}
    for person in rng.sample(eligible, count):
        title = _split_title(person.position)
        if title is not None and rng.random() < PROMOTED_SHARE:
            company, position = person.company, PROMOTIONS[title[0]] + title[1]
            kind = "promotion"
        else:
            company = rng.choice([c for c in v.COMPANIES if c != person.company])
            position = person.position
            if rng.random() < 0.5:
                position = rng.choice(v.SENIORITY) + rng.choice(v.ROLES)
            kind = "new company"
        changes[person.quoted_url] = JobChange(
            _person_id(person),
            person.url,
            kind,
            person.company,
            person.position,
            company,
            position,
        )
    return changes


def _rewrite(connections: bytes, changes: dict[str, JobChange]) -> bytes:
    """Connections.csv with each changed person's company and position replaced."""
    notes = NOTES.encode()
    if not connections.startswith(notes):
        raise ValueError("Connections.csv does not start with the sample's notes")
    rows = list(csv.reader(io.StringIO(connections[len(notes) :].decode())))
    header, body = rows[0], rows[1:]
    if tuple(header) != CONNECTIONS:
        raise ValueError(f"unexpected Connections.csv header {header}")
    for row in body:
        change = changes.get(row[2])
        if change is not None:
            row[4], row[5] = change.to_company, change.to_position
    return notes + csv_bytes(header, body)
