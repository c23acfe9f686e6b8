"""One suggested opener drawn from a brief's facts, by fixed rules (no language model).

The first rule whose fact exists wins: news (a job change or milestone), something you owe them,
an event you both went to, someone you both know, your last exchange, else their work. The
opener names the fact it is based on, so it can be checked.
"""

from __future__ import annotations

from typing import Any

from netbook.keys import name_words
from netbook.phrases import work


def opener(brief: dict[str, Any]) -> dict[str, str]:
    """``{"text": ..., "based_on": ...}`` for a brief (see the module's rules)."""
    who, history = brief["who"], brief["history"]
    first = (who.get("full_name") or "").split(" ")[0]
    if not name_words(first):  # known by an address or a number
        first = "there"
    news = [fact for fact in brief["news"] if " connected on " not in fact]  # not news to them
    if news:
        return {"text": f"Hi {first}, {_news(news[0])}", "based_on": news[0]}
    owed = brief["owed"]["yours"]
    if owed:
        return {
            "text": f"Hi {first}, {_owing(owed[0])}",
            "based_on": owed[0],
        }
    if brief["events"]:
        event = brief["events"][0]
        return {
            "text": f"Hi {first}, good to see you again after {event['event']} "
            f"({event['held_on']}).",
            "based_on": f"event: {event['event']} on {event['held_on']}",
        }
    if brief["mutual"]:
        other = brief["mutual"][0]
        name = other["full_name"] or "a friend"
        text = (
            f"Hi {first}, how are things at {who.get('company')}? {name} works there too, I think."
            if other.get("works_there")
            else f"Hi {first}, how is {name} doing? I believe you two know each other."
        )
        return {"text": text, "based_on": f"mutual: {name} ({other['how']})"}
    if history["recent"]:
        last = history["recent"][0]
        return {
            "text": f"Hi {first}, picking up from our last {last['channel']} on {last['on']}: "
            "how did things go since?",
            "based_on": f"last exchange: {last['channel']} on {last['on']}",
        }
    does = work(who.get("position"), who.get("company"))
    role = f" as {does}" if does and not does.startswith("at ") else f" {does}" if does else ""
    return {
        "text": f"Hi {first}, I'd love to hear what you are working on{role}.",
        "based_on": f"profile: {does}" if does else "no stored history yet",
    }


def _news(fact: str) -> str:
    """The opener's words for a job change or a milestone ahead.

    Examples:
        >>> _news("birthday on 2026-11-20")
        'happy birthday in advance (2026-11-20)!'
        >>> _news("turns 40 on 2026-11-20")
        'happy birthday in advance (2026-11-20)!'
        >>> _news("3 years at Acme on 2026-11-20")
        'congratulations on 3 years at Acme!'
        >>> _news("new job: CTO at Acme (seen 2026-11-01)")
        'I saw the news (new job): congratulations!'
    """
    if fact.startswith(("birthday on ", "turns ")):
        return f"happy birthday in advance ({fact.rsplit(' on ', 1)[1].split(' ')[0]})!"
    if " years at " in fact or " year at " in fact or " in their job on " in fact:
        return f"congratulations on {fact.rsplit(' on ', 1)[0]}!"
    return f"I saw the news ({fact.split(' (')[0].split(':')[0]}): congratulations!"


def _owing(fact: str) -> str:
    """The opener's words for something owed: a promise (``promised X 'text' by ...``) or a reply.

    Examples:
        >>> _owing("promised Ada Example 'send the deck' by 2026-11-20 (2 days overdue)")
        "I haven't forgotten: send the deck."
        >>> _owing("a reply: they wrote on 2026-11-07, no answer yet")
        'sorry for the slow reply to your message of 2026-11-07.'
    """
    if fact.startswith("promised ") and "'" in fact:
        return f"I haven't forgotten: {fact.split(chr(39), 1)[1].rsplit(chr(39) + ' by ', 1)[0]}."
    if fact.startswith("a reply: they wrote on "):
        day = fact.removeprefix("a reply: they wrote on ").split(",")[0]
        return f"sorry for the slow reply to your message of {day}."
    return f"before anything else: {fact.split(' (')[0]}."
