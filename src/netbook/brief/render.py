"""A brief as Markdown (also what the terminal shows) and as escaped HTML for the day's report."""

from __future__ import annotations

import html
from typing import Any

from netbook.phrases import plural, work


def _hours(value: float | None) -> str:
    """A reply time: hours under two days, else days.

    Examples:
        >>> _hours(4.2), _hours(111.1), _hours(None)
        ('4.2 h', '4.6 days', 'no reply in time')
    """
    if value is None:
        return "no reply in time"
    return f"{value:g} h" if value < 48 else f"{value / 24:.1f} days"


def _replies(history: dict[str, Any]) -> str:
    """Reply times both ways and who writes first, or that there is no exchange to tell.

    Examples:
        >>> _replies({"your_reply_hours": None, "their_reply_hours": 3.0, "writes_first": "they"})
        '- Replies: you: no reply in time, they: reply in 3 h; usually writes first: they'
    """
    mine, theirs = history["your_reply_hours"], history["their_reply_hours"]
    first = history["writes_first"]
    if mine is None and theirs is None and first is None:
        return "- Replies: no exchange yet"
    sides = [
        f"{who} {'reply in ' + _hours(hours) if hours is not None else 'no reply in time'}"
        for who, hours in (("you:", mine), ("they:", theirs))
    ]
    return f"- Replies: {', '.join(sides)}; usually writes first: {first or 'unknown'}"


def _work(position: str | None, company: str | None) -> str:
    """:func:`netbook.phrases.work`, or that nothing is known."""
    return work(position, company) or "no company on record"


def person_lines(brief: dict[str, Any]) -> list[str]:
    """One person's brief as Markdown lines (plain text; nothing here is markup but the bullets)."""
    who, history, owed, tie = brief["who"], brief["history"], brief["owed"], brief["tie"]
    work = _work(who["position"], who["company"])
    how = "; ".join(who["how_you_know"]) or "no source says"
    lines = [
        f"### {who['full_name'] or who['person_id']}",
        f"- Who: {work}; {how}; known since {who['since'] or 'unknown'}",
        f"- Tie: strength {tie['strength']:.2f}, {tie['layer'] or 'not ranked'}"
        + (f", {tie['status']}" if tie["status"] else "")
        + (f" ({tie['why']})" if tie["why"] else "")
        + (f"; mostly {' and '.join(tie['made_of'])}" if tie["made_of"] else ""),
    ]
    last = ", ".join(
        f"{t['channel']} {t['on']} ({t['direction']})" for t in history["last_by_channel"]
    )
    lines.append(f"- Last touch by channel: {last or 'none yet'}")
    recent = ", ".join(f"{t['on']} {t['channel']} {t['direction']}" for t in history["recent"])
    lines.append(f"- Last exchanges: {recent or 'none yet'}")
    lines.append(_replies(history))
    lines.append(f"- You owe: {'; '.join(owed['yours']) or 'nothing open'}")
    lines.append(f"- They owe: {'; '.join(owed['theirs']) or 'nothing open'}")
    lines.append(f"- News: {'; '.join(brief['news']) or 'none seen'}")
    went = ", ".join(f"{e['event']} ({e['held_on']})" for e in brief["events"])
    lines.append(f"- Events you both went to: {went or 'none recorded'}")
    both = "; ".join(f"{m['full_name']} ({m['how']})" for m in brief["mutual"])
    lines.append(f"- People you both know: {both or 'none on record'}")
    opener = brief["opener"]
    lines.append(f'- Opener: "{opener["text"]}" (from {opener["based_on"]})')
    return lines


def meeting_lines(meeting: dict[str, Any]) -> list[str]:
    """A meeting's heading and each attendee's brief as Markdown lines."""
    span = f"{meeting['start']}" + (f"-{meeting['end']}" if meeting["end"] else "")
    lines = [f"## {span} {meeting['title']}"]
    if not meeting["people"]:
        lines.append("Nobody netbook knows is invited.")
    for person in meeting["people"]:
        lines += ["", *person_lines(person)]
    return lines


def markdown(found: dict[str, Any]) -> str:
    """A :func:`~netbook.brief.meeting_briefs` or :func:`~netbook.brief.brief_person` result."""
    if "person" in found:
        return (
            "\n".join([f"# Brief as of {found['as_of']}", "", *person_lines(found["person"])])
            + "\n"
        )
    lines = [f"# Meeting briefs: {plural(found['days'], 'day')} from {found['as_of']}"]
    if not found["meetings"]:
        lines += ["", "No meetings in your imported calendars in these days."]
    for meeting in found["meetings"]:
        lines += ["", *meeting_lines(meeting)]
    return "\n".join(lines) + "\n"


def _html(lines: list[str]) -> list[str]:
    """Markdown lines (headings, bullets, text) as escaped HTML lines."""
    out: list[str] = []
    in_list = False
    for line in lines:
        text = html.escape(line.lstrip("#- ").strip(), quote=True)
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{text}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        level = len(line) - len(line.lstrip("#"))
        if level and line[level : level + 1] == " ":
            out.append(f"<h{level + 1}>{text}</h{level + 1}>")
        elif text:
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return out


def anchor(meeting_id: str) -> str:
    """The id of a meeting's section in the day's HTML brief (linked from `netbook remind`)."""
    return f"meeting-{meeting_id}"


def html_block(found: dict[str, Any]) -> str:
    """:func:`markdown` as escaped HTML, one section per meeting: every stored string is text."""
    out = ['<div class="netbook-brief">']
    if "person" in found or not found["meetings"]:
        out += _html(markdown(found).splitlines())
    else:
        out += _html(markdown({**found, "meetings": []}).splitlines()[:1])
        for meeting in found["meetings"]:
            out.append(f'<section id="{html.escape(anchor(meeting["meeting_id"]))}">')
            out += _html(meeting_lines(meeting))
            out.append("</section>")
    out.append("</div>")
    return "\n".join(out)
