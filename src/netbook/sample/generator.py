"""Write a synthetic, deterministic 2026-era LinkedIn data export and say what is in it.

The files follow the formats in the research brief (formats.md §1 and §5), quirks included: the
``Notes:`` preamble, hidden connections, percent-encoded slugs, an all-quoted messages.csv with
multi-line content, sponsored, spam and hidden-member noise, duplicates, re-sent invitations and the
AI coach files, and the events you went to (:mod:`netbook.sample.events`). Everything is invented;
the same arguments always give the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

from netbook.sample import vocabulary as v
from netbook.sample.common import (
    DAY,
    People,
    Person,
    as_time,
    csv_bytes,
    epoch,
    us_time,
    write_files,
)
from netbook.sample.events import events_file
from netbook.sample.inbox import Inbox
from netbook.sample.owner import coach_files, owner_files
from netbook.sample.texts import long_texts

NOTES = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    " connections to see or download their email address using this setting"
    " https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
CONNECTIONS = (
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
)  # fmt: skip
PUBLIC = "www.linkedin.com/in/"
"""Endorsement files write profile URLs without a scheme."""
INVITATIONS = (
    "From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl",
)  # fmt: skip
RECOMMENDATIONS = (
    "First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status",
)  # fmt: skip


@dataclass(frozen=True)
class SampleTruth:
    """What a correct loader should find in an export written by :func:`write_sample`.

    Every count is taken from the rows actually written.

    Attributes:
        owner_name: The owner's display name, as in FROM/TO and Profile.csv.
        owner_url: The owner's profile URL (``https://www.linkedin.com/in/…``).
        connections: Data rows in Connections.csv, hidden ones included.
        hidden_connections: Connections.csv rows that are empty apart from the date.
        people: Distinct non-owner persons with a profile URL: visible connections, plus people seen
            in kept messages (sender or recipient) or in invitations.
        messages_outbound: Kept messages.csv rows in 1:1 conversations sent by the owner.
        messages_inbound: Kept messages.csv rows in 1:1 conversations sent to the owner.
        group_messages: Kept messages.csv rows in group conversations, either direction.
        message_noise: messages.csv rows kept out of metrics, by reason (``sponsored``, ``spam``,
            ``hidden member``, ``missing participant``, ``duplicate``).
        ai_coach_messages: Data rows in coach_messages.csv and learning_coach_messages.csv.
        invitations_outbound: Distinct OUTGOING invitations (re-sent copies excluded).
        invitations_inbound: Distinct INCOMING invitations.
        invitation_duplicates: Invitation rows that repeat an earlier row exactly.
        endorsements_received_rows: Data rows in Endorsement_Received_Info.csv.
        endorsements_given_rows: Data rows in Endorsement_Given_Info.csv.
        recommendations_received: Data rows in Recommendations_Received.csv.
        recommendations_given: Data rows in Recommendations_Given.csv.
        files: Every file name in the export, sorted (zip members when zipped).
    """

    owner_name: str
    owner_url: str
    connections: int
    hidden_connections: int
    people: int
    messages_outbound: int
    messages_inbound: int
    group_messages: int
    message_noise: dict[str, int]
    ai_coach_messages: int
    invitations_outbound: int
    invitations_inbound: int
    invitation_duplicates: int
    endorsements_received_rows: int
    endorsements_given_rows: int
    recommendations_received: int
    recommendations_given: int
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The truth as JSON-friendly builtins (``files`` becomes a list)."""
        data = asdict(self)
        data["files"] = list(self.files)
        return data


def write_sample(
    directory: Path,
    *,
    seed: int = 7,
    connections: int = 300,
    messages: int = 3000,
    exported_on: date = date(2026, 11, 16),
    zip: bool = False,
    realistic: bool = False,
) -> SampleTruth:
    """Write a synthetic LinkedIn "Get a copy of your data" export into ``directory``.

    Args:
        directory: Where to write; created if missing. The files go directly in it.
        seed: Seed of the only random source, so equal arguments give equal bytes.
        connections: Data rows in Connections.csv (at least 10).
        messages: Data rows in messages.csv, noise and duplicates included (at least 100).
        exported_on: The export date; all activity is before it.
        zip: Write one ``Complete_LinkedInDataExport_MM-DD-YYYY.zip`` with the same members instead.
        realistic: Give messages texts of real lengths (:mod:`netbook.sample.texts`) and write
            messages.csv in the 2024 layout (quoted only where needed), as the benchmarks do; the
            counts of the truth are the same.

    Returns:
        The counts a correct loader should reproduce.

    Raises:
        ValueError: If ``connections`` or ``messages`` is too small for a realistic export.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     truth = write_sample(Path(tmp), connections=50, messages=400)
        >>> (truth.connections, sum(truth.message_noise.values()) > 0)
        (50, True)
    """
    export, truth = build_export(seed, connections, messages, exported_on, realistic=realistic)
    write_files(directory, export.files, exported_on, zip=zip)
    return truth


def build_export(
    seed: int, connections: int, messages: int, exported_on: date, *, realistic: bool = False
) -> tuple[_Export, SampleTruth]:
    """The export :func:`write_sample` writes, built in memory: its files, contacts and truth.

    Raises:
        ValueError: If ``connections`` or ``messages`` is too small for a realistic export.
    """
    if connections < 10 or messages < 100:
        raise ValueError("write_sample needs connections >= 10 and messages >= 100")
    # Events.csv draws from a source of its own, so the other files do not depend on it.
    events = random.Random(f"netbook-events-{seed}")
    export = _Export(random.Random(seed), connections, messages, exported_on, events)
    export.long = long_texts(seed) if realistic else None
    return export, export.build()


class _Export:
    def __init__(
        self, rng: random.Random, connections: int, messages: int, day: date, events: random.Random
    ) -> None:
        self.rng, self.n_connections, self.n_messages = rng, connections, messages
        self.events_rng = events
        self.exported_on, self.limit = day, epoch(day) - 3600
        self.people = People(rng)
        self.files: dict[str, bytes] = {}
        self.contacts: list[Person] = []
        self.owner = self.people.make(owner=True)
        self.long: list[str] | None = None

    def build(self) -> SampleTruth:
        hidden, urls = self.connections()
        outbound, inbound, group, noise, seen = self.messages()
        out_inv, in_inv, dup_inv, invited = self.invitations()
        skills = self.rng.sample(v.SKILLS, 10)
        received, given = self.endorsements(skills)
        recommended = self.recommendations()
        self.files.update(owner_files(self.rng, self.owner, self.exported_on, skills))
        coach, ai = coach_files(self.rng, self.owner, self.limit)
        self.files.update(coach)
        self.files["Events.csv"] = events_file(self.events_rng, self.contacts, self.exported_on)
        people = (urls | seen | invited) - {self.owner.url, ""}
        return SampleTruth(
            self.owner.name, self.owner.url, self.n_connections, hidden, len(people), outbound,
            inbound, group, noise, ai, out_inv, in_inv, dup_inv, received, given, *recommended,
            tuple(sorted(self.files)),
        )  # fmt: skip

    def connections(self) -> tuple[int, set[str]]:
        r, n = self.rng, self.n_connections
        ago = [1 + int(2919 * (1 - r.random() ** 0.4)) for _ in range(n)]  # recent ones denser
        gone = set(r.sample(range(n), max(1, round(n * 0.02))))
        hidden = [i in gone for i in range(n)]
        rows: list[list[str]] = []
        for i in sorted(range(n), key=lambda i: ago[i]):
            day = self.exported_on - timedelta(days=ago[i])
            when = f"{day.day:02d} {v.MONTHS[day.month - 1]} {day.year}"
            if hidden[i]:
                rows.append(["", "", "", "", "", "", when])
                continue
            p = self.people.make(connected=day)
            self.contacts.append(p)
            rows.append([p.first, p.last, p.quoted_url, p.email, p.company, p.position, when])
        self.files["Connections.csv"] = NOTES.encode() + csv_bytes(CONNECTIONS, rows)
        return sum(hidden), {unquote(row[2]) for row in rows}

    def messages(self) -> tuple[int, int, int, dict[str, int], set[str]]:
        r, m, contacts = self.rng, self.n_messages, self.contacts
        sponsored, spam, hidden = (max(1, round(m * f)) for f in (0.01, 0.005, 0.005))
        rare = max(1, round(m * 0.001))
        inbox = Inbox(r, self.owner, self.limit, long=self.long)
        inbox.noise(sponsored, spam, hidden, self.people.make)
        budget = m - sponsored - spam - hidden - rare
        hiring = max(1, min(round(self.n_connections * 0.03), budget // 20))
        recruiters = [self.people.make() for _ in range(hiring)]
        chats = r.sample(contacts, min(round(0.7 * len(contacts)), max(1, budget // 6)))
        groups = max(1, round(0.031 * (len(chats) + len(recruiters))))
        weights = [r.lognormvariate(0, 1.1) for _ in range(len(chats) + len(recruiters) + groups)]
        spare, total = budget - len(weights), sum(weights)
        counts = [1 + int(spare * w / total) for w in weights]
        for i in sorted(range(len(counts)), key=lambda i: -weights[i])[: budget - sum(counts)]:
            counts[i] += 1
        for p, n in zip([*chats, *recruiters], counts, strict=False):
            inbox.chat(p, n, recruiter=p.connected is None)
        for n in counts[len(chats) + len(recruiters) :]:
            inbox.group(r.sample(contacts, min(len(contacts), r.randint(2, 5))), n)
        frame = inbox.frame(rare, rare)
        truth = inbox.truth(frame)
        self.files["messages.csv"] = inbox.csv(frame, layout=2024 if self.long else 2026)
        return truth

    def invitations(self) -> tuple[int, int, int, set[str]]:
        r, o, start = self.rng, self.owner, epoch(self.exported_on - timedelta(days=270))
        rows: list[tuple[int, list[str]]] = []

        def add(ts: int, p: Person, outgoing: bool) -> None:
            note = r.choice(v.INVITE_NOTES) if r.random() < 0.08 else ""
            note = note.format(first=(p if outgoing else o).first.strip())
            sender, invitee = (o, p) if outgoing else (p, o)
            direction = "OUTGOING" if outgoing else "INCOMING"
            when = us_time(ts, padded=False)
            rows.append(
                (ts, [sender.name, invitee.name, when, note, direction, sender.url, invitee.url])
            )

        for p in self.contacts:
            ts = epoch(p.connected or self.exported_on) + r.randrange(DAY) - r.randrange(4) * DAY
            if ts >= start and r.random() < 0.85:
                add(ts, p, r.random() < 0.55)
        sent = sum(row[4] == "OUTGOING" for _, row in rows)
        for outgoing, k in (
            (True, max(1, round(0.35 * sent))),
            (False, max(1, round(0.15 * sent))),
        ):
            for _ in range(k):
                add(r.randrange(start, self.limit), self.people.make(), outgoing)
        outgoing_rows = [i for i, (_, row) in enumerate(rows) if row[4] == "OUTGOING"]
        again = set(r.sample(outgoing_rows, max(1, round(0.03 * len(outgoing_rows)))))
        rows = [x for i, row in enumerate(rows) for x in ([row, row] if i in again else [row])]
        rows.sort(key=lambda row: -row[0])
        written = [row for _, row in rows]
        self.files["Invitations.csv"] = csv_bytes(INVITATIONS, written)
        distinct = {tuple(row) for row in written}
        out = sum(row[4] == "OUTGOING" for row in distinct)
        urls = {u for row in written for u in row[5:]}
        return out, len(distinct) - out, len(written) - len(distinct), urls

    def endorsements(self, skills: list[str]) -> tuple[int, int]:
        r, sizes = self.rng, []
        for kind, who, pool in (("Received", "Endorser", skills), ("Given", "Endorsee", v.SKILLS)):
            count = min(len(self.contacts), max(3, len(self.contacts) // 8))
            rows = [
                (r.randint(epoch(p.connected or self.exported_on), self.limit), s, p)
                for p in r.sample(self.contacts, count)
                for s in r.sample(pool, r.randint(1, 3))
            ]
            rows.sort(key=lambda row: -row[0])
            header = ["Endorsement Date", "Skill Name", f"{who} First Name", f"{who} Last Name"]
            header += [f"{who} Public Url", "Endorsement Status"]
            body = []
            for t, s, p in rows:
                when, url = as_time(t).strftime("%Y/%m/%d %H:%M:%S UTC"), PUBLIC + p.slug
                body.append([when, s, p.first.strip(), p.last.strip(), url, "ACCEPTED"])
            self.files[f"Endorsement_{kind}_Info.csv"] = csv_bytes(header, body)
            sizes.append(len(body))
        return sizes[0], sizes[1]

    def recommendations(self) -> tuple[int, int]:
        r, o, sizes = self.rng, self.owner, []
        # The files carry names but no URL: only unambiguous names can be matched to a connection.
        known = [p for p in self.contacts if p.company and p.position and self.people.unique(p)]
        for kind, status in (("Received", "VISIBLE"), ("Given", "")):
            people = r.sample(
                known, min(len(known), r.randint(3, 5) if status else r.randint(2, 4))
            )
            rows = [
                (r.randint(epoch(p.connected or self.exported_on), self.limit), p) for p in people
            ]
            rows.sort(key=lambda row: -row[0])
            body = []
            for t, p in rows:
                text = r.choice(v.RECOMMENDATIONS).format(first=(o if status else p).first.strip())
                body.append([p.first.strip(), p.last.strip(), p.company, p.position, text])
                body[-1] += [us_time(t, padded=True), status]
            self.files[f"Recommendations_{kind}.csv"] = csv_bytes(RECOMMENDATIONS, body)
            sizes.append(len(body))
        return sizes[0], sizes[1]
