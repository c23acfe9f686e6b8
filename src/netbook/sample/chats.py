"""Where the sample network talks off LinkedIn: address book, mbox, WhatsApp, Slack, calendar.

:func:`write_off_linkedin` writes, for the network :func:`~netbook.sample.write_sample` makes with
the same arguments, the exports of the owner's closest contacts outside LinkedIn:

- ``contacts/phone.vcf``: their address-book cards (name, e-mail, phone, LinkedIn profile), the
  bridge that makes a number in WhatsApp and an address in mail the same LinkedIn connection;
- ``mail/sample.mbox``: threads with them, plus newsletters (noise);
- ``chats/whatsapp/``: one-to-one chats (Android, ``dd/mm/yyyy, HH:MM``; the contacts shown by
  number) and a group chat;
- ``chats/slack/``: a workspace export with DMs, a group DM and a channel thread;
- ``calendar/work.ics``: meetings with them, past and in the week ahead
  (:mod:`netbook.sample.calendar`).

It draws from a random source of its own, so the LinkedIn files stay byte for byte what
:func:`~netbook.sample.write_sample` writes; the same arguments always give the same bytes.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from netbook.sample.calendar import Attendee, calendar_ics
from netbook.sample.common import Person, ascii_word, epoch
from netbook.sample.generator import build_export

CLOSE = 24
"""Contacts with an address-book card (and so in mail, WhatsApp or Slack)."""
_LINES = ("How are you doing?", "Lunch next week?", "Thanks, that helps a lot.",
          "Sending the notes now.", "Can you review this?", "Great to catch up!",
          "Running 5 minutes late", "See you there", "Congrats on the new role!")  # fmt: skip


@dataclass(frozen=True)
class OffLinkedInTruth:
    """What a correct import of the files :func:`write_off_linkedin` writes finds.

    Attributes:
        close: Contacts with a card (each one LinkedIn connection).
        mail_outbound: Touches from mail the owner sent (one per recipient).
        mail_inbound: Mail received from a close contact.
        mail_noise: Newsletters.
        whatsapp_outbound: Touches from WhatsApp messages the owner sent (one per group member).
        whatsapp_inbound: WhatsApp messages received.
        slack_outbound: Touches from Slack messages the owner sent.
        slack_inbound: Slack messages received in DMs, the group DM and the thread.
        meetings_past: Meeting occurrences in the calendar up to the export.
        meetings_ahead: Meeting occurrences in the seven days from the export day.
        meeting_touches_past: Touches from the past meetings (one per person met).
        meetings_cancelled: Cancelled occurrences (noise).
    """

    close: int
    mail_outbound: int
    mail_inbound: int
    mail_noise: int
    whatsapp_outbound: int
    whatsapp_inbound: int
    slack_outbound: int
    slack_inbound: int
    meetings_past: int
    meetings_ahead: int
    meeting_touches_past: int
    meetings_cancelled: int


def _email(p: Person) -> str:
    return p.email or f"{ascii_word(p.first) or 'hi'}.{ascii_word(p.last) or 'x'}@example.net"


def _phone(i: int) -> str:
    return f"+44 7700 900{100 + i:03d}"


class _Writer:
    def __init__(self, rng: random.Random, owner: Person, close: list[Person], day: date) -> None:
        self.rng, self.owner, self.close = rng, owner, close
        self.end = epoch(day) - 86_400
        mail = f"{owner.first}.{owner.last}".lower().replace(" ", "").replace("'", "")
        self.me = f"{mail}@example.com"

    def when(self, days: int) -> int:
        return self.end - self.rng.randrange(days * 86_400)

    def vcard(self) -> bytes:
        cards = [
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{p.name}\r\nEMAIL;TYPE=INTERNET:{_email(p)}\r\n"
            f"TEL;TYPE=CELL:{_phone(i)}\r\nX-SOCIALPROFILE;TYPE=linkedin:{p.url}\r\nEND:VCARD\r\n"
            for i, p in enumerate(self.close)
        ]
        return "".join(cards).encode()

    def mbox(self) -> tuple[bytes, int, int, int]:
        parts: list[str] = []
        out = inbound = 0
        for i, p in enumerate(self.close[:16]):
            start = self.end - 30 * 86_400 - self.rng.randrange(300 * 86_400)
            for k in range(self.rng.randint(2, 6)):
                ts = start + k * self.rng.randint(3_600, 5 * 86_400)
                mine = (k % 2 == 0) == (i % 3 != 0)
                sender, to = (self.me, _email(p)) if mine else (_email(p), self.me)
                reply = f"In-Reply-To: <t{i}.0@sample.example>\n" if k else ""
                parts.append(self._mail(sender, to, ts, f"t{i}.{k}", reply, self._line()))
                out, inbound = (out + 1, inbound) if mine else (out, inbound + 1)
        for n in range(3):
            parts.append(
                self._mail(
                    "news@letters.example",
                    self.me,
                    self.when(300),
                    f"n{n}",
                    "List-Id: <weekly.letters.example>\n",
                    "This week's news",
                )
            )
        return "".join(parts).encode(), out, inbound, 3

    def _mail(self, sender: str, to: str, ts: int, key: str, extra: str, body: str) -> str:
        at = datetime.fromtimestamp(ts, UTC)
        return (
            f"From {sender} {at:%a %b %d %H:%M:%S %Y}\nFrom: {sender}\nTo: {to}\n"
            f"Subject: Catching up\nDate: {format_datetime(at)}\n"
            f"Message-ID: <{key}@sample.example>\n{extra}\n{body}\n\n"
        )

    def _line(self) -> str:
        return self.rng.choice(_LINES)

    def whatsapp(self) -> tuple[dict[str, bytes], int, int]:
        files: dict[str, bytes] = {}
        out = inbound = 0
        for i in range(8, 20):
            number = _phone(i)
            rows: list[tuple[int, str]] = []
            for _ in range(self.rng.randint(6, 30)):
                mine = self.rng.random() < 0.5
                rows.append((self.when(200), self.owner.name if mine else number))
                out, inbound = (out + 1, inbound) if mine else (out, inbound + 1)
            if not any(s == self.owner.name for _, s in rows):
                rows.append((self.when(200), self.owner.name))
                out += 1
            files[f"WhatsApp Chat with {number}.txt"] = self._chat(rows)
        members = [_phone(i) for i in (8, 9, 10)]
        rows = []
        for sender in [
            *members,
            *(self.rng.choice([self.owner.name, *members]) for _ in range(17)),
        ]:
            rows.append((self.when(120), sender))
            out, inbound = (out + 3, inbound) if sender == self.owner.name else (out, inbound + 1)
        files["WhatsApp Chat with Climbing.txt"] = self._chat(
            rows, first=f'{members[0]} created group "Climbing"'
        )
        return files, out, inbound

    def _chat(self, rows: list[tuple[int, str]], first: str = "") -> bytes:
        rows.sort()
        lines = []
        if first:
            at = datetime.fromtimestamp(rows[0][0] - 60, UTC)
            lines.append(f"{at:%d/%m/%Y, %H:%M} - {first}")
        for ts, sender in rows:
            at = datetime.fromtimestamp(ts, UTC)
            lines.append(f"{at:%d/%m/%Y, %H:%M} - {sender}: {self._line()}")
        return ("\n".join(lines) + "\n").encode()

    def slack(self) -> tuple[dict[str, bytes], int, int]:
        team = self.close[18:24]
        ids = [f"U{i + 2:02d}" for i in range(len(team))]
        users = [{"id": "U01", "name": "me", "real_name": self.owner.name,
                  "profile": {"real_name": self.owner.name, "email": self.me}}]  # fmt: skip
        users += [
            {"id": u, "name": ascii_word(p.first) or u, "real_name": p.name,
             "profile": {"real_name": p.name, "email": _email(p)}}
            for u, p in zip(ids, team, strict=True)
        ]  # fmt: skip
        dms = [{"id": f"D{u}", "members": ["U01", u]} for u in ids[:4]]
        mpims = [{"id": "G01", "name": "mpdm-me--team-1", "members": ["U01", *ids[3:6]]}]
        channels = [{"id": "C01", "name": "general", "members": ["U01", *ids]}]
        files = {name: json.dumps(value, indent=1).encode() for name, value in (
            ("users.json", users), ("dms.json", dms), ("mpims.json", mpims),
            ("channels.json", channels))}  # fmt: skip
        out = inbound = 0
        days: dict[str, list[dict[str, object]]] = {}
        for folder, members, fan in [*((d["id"], d["members"], 1) for d in dms),
                                     ("mpdm-me--team-1", ["U01", *ids[3:6]], 3)]:  # fmt: skip
            for _ in range(self.rng.randint(4, 12)):
                sender = self.rng.choice(members)
                ts = self.when(150)
                day = f"{folder}/{datetime.fromtimestamp(ts, UTC):%Y-%m-%d}.json"
                days.setdefault(day, []).append(
                    {"type": "message", "user": sender, "ts": f"{ts}.000100", "text": self._line()}
                )
                out, inbound = (out + fan, inbound) if sender == "U01" else (out, inbound + 1)
        post = self.when(60)
        thread = f"{post}.000100"
        days[f"general/{datetime.fromtimestamp(post, UTC):%Y-%m-%d}.json"] = [
            {"type": "message", "user": "U01", "ts": thread, "text": "Release notes are up"},
            {"type": "message", "user": ids[0], "ts": f"{post}.000200", "text": "Great work",
             "thread_ts": thread, "parent_user_id": "U01"},
        ]  # fmt: skip
        inbound += 1
        for day, rows in sorted(days.items()):
            rows.sort(key=lambda row: str(row["ts"]))
            files[day] = json.dumps(rows, indent=1).encode()
        return files, out, inbound


def write_off_linkedin(
    directory: Path,
    *,
    seed: int = 7,
    connections: int = 300,
    messages: int = 3000,
    exported_on: date = date(2026, 11, 16),
) -> OffLinkedInTruth:
    """Write the address book, mail, chats and calendar of the sample network into ``directory``.

    Returns:
        The counts a correct import reproduces.
    """
    export, _ = build_export(seed, connections, messages, exported_on)
    rng = random.Random(f"netbook-off-linkedin-{seed}")
    recent = [p for p in export.contacts if p.connected and p.connected < exported_on]
    close = rng.sample(recent, min(CLOSE, len(recent)))
    writer = _Writer(rng, export.owner, close, exported_on - timedelta(days=1))
    mbox, mail_out, mail_in, mail_noise = writer.mbox()
    chats, wa_out, wa_in = writer.whatsapp()
    slack, sl_out, sl_in = writer.slack()
    people = [Attendee(p.name, _email(p)) for p in close]
    ics, cal = calendar_ics(
        random.Random(f"netbook-calendar-{seed}"),
        Attendee(export.owner.name, writer.me),
        people,
        exported_on,
    )
    files = {"contacts/phone.vcf": writer.vcard(), "mail/sample.mbox": mbox}
    files["calendar/work.ics"] = ics
    files |= {f"chats/whatsapp/{name}": data for name, data in chats.items()}
    files |= {f"chats/slack/{name}": data for name, data in slack.items()}
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return OffLinkedInTruth(
        len(close), mail_out, mail_in, mail_noise, wa_out, wa_in, sl_out, sl_in,
        cal.meetings_past, cal.meetings_ahead, cal.meeting_touches_past, cal.cancelled,
    )  # fmt: skip
