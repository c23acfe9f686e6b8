"""The owner's own files: profile, jobs, skills, account details, learning and AI coach chats."""

from __future__ import annotations

import random
from datetime import date, timedelta

from netbook.sample import vocabulary as v
from netbook.sample.common import (
    DAY,
    M6,
    Person,
    as_time,
    conversation_id,
    csv_bytes,
    epoch,
    stamp,
    us_time,
)

LEARNING = (
    "Content Title", "Content Description", "Content Type", "Content Last Watched Date (if viewed)",
    "Content Completed At (if completed)", "Content Saved", "Notes taken on videos (if taken)", "",
)  # fmt: skip
"""Learning.csv's header, whose trailing comma gives an empty last column name."""
PROFILE = (
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
    "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers",
)  # fmt: skip


def _month(day: date) -> str:
    return f"{v.MONTHS[day.month - 1]} {day.year}"


def owner_files(
    rng: random.Random, owner: Person, exported_on: date, skills: list[str]
) -> dict[str, bytes]:
    """Profile, Positions, Skills, Email Addresses, Registration, Rich_Media and Learning.

    Args:
        rng: The export's random source.
        owner: The owner.
        exported_on: The export date; every date is before it.
        skills: The owner's skills, in Skills.csv order.

    Returns:
        File name to bytes.
    """
    r, limit, files = rng, epoch(exported_on) - 3600, {}
    jobs: list[list[str]] = []
    begin, end = exported_on - timedelta(days=r.randint(200, 1100)), ""
    for i, company in enumerate(r.sample(v.COMPANIES[:-2], r.randint(3, 4))):
        title = (r.choice(v.SENIORITY[3:6]) if i == 0 else "") + r.choice(v.ROLES)
        place = r.choice(v.LOCATIONS)
        jobs.append(
            [company + " " * (i == 2), title, v.JOB_DESCRIPTIONS[i], place, _month(begin), end]
        )
        finished = begin - timedelta(days=r.randint(15, 60))
        begin, end = finished - timedelta(days=r.randint(400, 1500)), _month(finished)
    header = ("Company Name", "Title", "Description", "Location", "Started On", "Finished On")
    files["Positions.csv"] = csv_bytes(header, jobs)
    headline = f"{jobs[0][1]} at {jobs[0][0]} | {r.choice(v.HEADLINE_TAGS)}"
    birthday = f"{r.choice(v.MONTHS)} {r.randint(1, 28)}"
    industry, place = r.choice(v.INDUSTRIES), jobs[0][3]
    about = [headline, v.SUMMARY, industry, "", place]
    files["Profile.csv"] = csv_bytes(
        PROFILE, [[owner.first, owner.last, "", "", birthday, *about, "", "", ""]]
    )
    files["Skills.csv"] = csv_bytes(("Name",), [[s] for s in skills])
    times = sorted(r.randrange(limit - 3000 * DAY, limit) for _ in range(6))
    mail = f"{owner.first}.{owner.last}".lower().replace(" ", "").replace("'", "")
    files["Email Addresses.csv"] = csv_bytes(
        ("Email Address", "Confirmed", "Primary", "Updated On"),
        [
            [f"{mail}@example.com", "Yes", "Yes", us_time(times[5], padded=True)],
            [f"{mail}@example.org", "Yes", "No", us_time(times[1], padded=True)],
        ],
    )
    files["Registration.csv"] = csv_bytes(
        ("Registered At", "Registration Ip", "Subscription Types"),
        [[us_time(times[0] - 900 * DAY, padded=True), f"203.0.113.{r.randint(1, 254)}", ""]],
    )
    photo = as_time(times[4])
    said = (
        f"You uploaded a profile photo on {v.MONTH_NAMES[photo.month - 1]} {photo.day}, "
        f"{photo.year} at {photo.hour % 12 or 12}:{photo.minute:02d} "
        f"{'AM' if photo.hour < 12 else 'PM'} (GMT)"
    )
    link = f"https://media.licdn.com/dms/image/v2/D4E03AQ{r.getrandbits(64):016x}/0/{times[4]}000"
    media = ("Date/Time", "Media Description", "Media Link")
    files["Rich_Media.csv"] = csv_bytes(media, [[said, "", link]])
    learning = []
    for (title, description, kind), t in zip(v.LEARNING, times[2:5], strict=True):
        watched = as_time(t).strftime("%Y-%m-%d %H:%M UTC")
        done = as_time(t + 3600).strftime("%Y-%m-%d %H:%M UTC") if r.random() < 0.5 else "N/A"
        saved = r.choice(("false", "true"))
        learning.append([title, description, kind, watched, done, saved, "N/A", ""])
    files["Learning.csv"] = csv_bytes(LEARNING, learning)
    return files


def coach_files(rng: random.Random, owner: Person, limit: int) -> tuple[dict[str, bytes], int]:
    """coach_messages.csv, learning_coach_messages.csv and the not-a-CSV LearningCoachMessages.csv.

    The owner's rows have an empty TO; the coach's rows come from an empty FROM (coach_messages.csv)
    or from ``LinkedIn Learning Coach`` (learning_coach_messages.csv), always without a URL.

    Args:
        rng: The export's random source.
        owner: The owner.
        limit: The latest possible message time (seconds since 1970).

    Returns:
        File name to bytes, and the number of message rows written.
    """
    files, total = {}, 0
    for name, coach, turns in (
        ("coach_messages.csv", "", 3),
        ("learning_coach_messages.csv", "LinkedIn Learning Coach", 1),
    ):
        rows: list[list[str]] = []
        for _ in range(turns):
            cid, ts = conversation_id(rng, "_100"), rng.randrange(limit - 400 * DAY, limit - DAY)
            answer, question = rng.choice(v.COACH_ANSWERS), rng.choice(v.COACH_QUESTIONS)
            rows.append([cid, "", coach, "", owner.name, owner.url, stamp(ts + 42), "", answer])
            rows.append([cid, "", owner.name, owner.url, "", "", stamp(ts), "", question])
        files[name] = csv_bytes(M6, [[*row, "INBOX", ""] for row in rows], quote_all=True)
        total += len(rows)
    files["LearningCoachMessages.csv"] = b"No conversations found\n"
    return files, total
