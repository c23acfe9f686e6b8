"""Small LinkedIn exports written as real files, for tests that need a few exact rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
"""Connections.csv's header since 2023 (no Notes preamble: LinkedIn dropped it in some eras)."""


def connections_export(folder: Path, rows: Iterable[tuple[str, ...]]) -> Path:
    """``folder`` holding a Connections.csv of ``rows`` (one value per :data:`HEADER` column).

    Values are quoted as LinkedIn quotes them (only when needed); the folder is made if missing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return folder


def profile(slug: str) -> str:
    """A member's profile URL."""
    return f"https://www.linkedin.com/in/{slug}"


OWNER = ("Olive", "Owner", "https://www.linkedin.com/in/olive-owner")
NOTES = ["Notes:", '"When exporting your connection data, you may notice..."', ""]


def linkedin_export(
    root: Path,
    connections: list[tuple[str, str, str]],
    messages: list[tuple[str, str, datetime, str]] = (),  # type: ignore[assignment]
    invitations: list[tuple[str, str, datetime]] = (),  # type: ignore[assignment]
) -> Path:
    """A LinkedIn export folder.

    connections: (slug, full name, connected on "DD Mon YYYY").
    messages: (thread, slug, when, text); the slug's person sent it unless it starts with ">",
        which marks a message of the owner's to that person.
    invitations: (slug, direction OUTGOING/INCOMING, when).
    """
    root.mkdir(parents=True)
    names = {slug: name for slug, name, _ in connections}
    lines = [*NOTES, "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for slug, name, on in connections:
        first, last = name.split(" ", 1)
        lines.append(f"{first},{last},{profile(slug)},,Acme,Engineer,{on}")
    (root / "Connections.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if messages:
        with (root / "messages.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL)
            w.writerow(
                [
                    "CONVERSATION ID",
                    "CONVERSATION TITLE",
                    "FROM",
                    "SENDER PROFILE URL",
                    "TO",
                    "RECIPIENT PROFILE URLS",
                    "DATE",
                    "SUBJECT",
                    "CONTENT",
                    "FOLDER",
                    "ATTACHMENTS",
                ]
            )
            me = f"{OWNER[0]} {OWNER[1]}"
            for thread, who, when, text in messages:
                mine = who.startswith(">")
                slug = who.lstrip(">")
                sender, sender_url = (me, OWNER[2]) if mine else (names[slug], profile(slug))
                to, to_url = (names[slug], profile(slug)) if mine else (me, OWNER[2])
                stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC")
                w.writerow(
                    [thread, "", sender, sender_url, to, to_url, stamp, "", text, "INBOX", ""]
                )
    if invitations:
        with (root / "Invitations.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(
                [
                    "From",
                    "To",
                    "Sent At",
                    "Message",
                    "Direction",
                    "inviterProfileUrl",
                    "inviteeProfileUrl",
                ]
            )
            me = f"{OWNER[0]} {OWNER[1]}"
            for slug, direction, when in invitations:
                sent = f"{when.month}/{when.day}/{when.strftime('%y')}, {when.strftime('%I:%M %p').lstrip('0')}"
                pair = (me, names[slug], OWNER[2], profile(slug))
                if direction == "INCOMING":
                    pair = (names[slug], me, profile(slug), OWNER[2])
                w.writerow([pair[0], pair[1], sent, "", direction, pair[2], pair[3]])
    (root / "Profile.csv").write_text(
        "First Name,Last Name,Headline\nOlive,Owner,Engineer\n", encoding="utf-8"
    )
    return root
