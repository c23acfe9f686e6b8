"""Reply rates on a small LinkedIn export written as real files: an answer after a pause is none."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from exports import linkedin_export
from netbook import api
from netbook.workspace import Workspace

AS_OF = date(2026, 11, 16)
ROOT = Path(__file__).resolve().parents[1]


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


FIRST = AS_OF - timedelta(days=25)
CONNECTIONS = [("ada-q", "Ada Quarry", "01 Jan 2024"), ("bo-r", "Bo Reed", "01 Jan 2024")]
MESSAGES = [
    ("t-ada", "ada-q", at(AS_OF - timedelta(days=200)), "Are you going to the meetup?"),
    ("t-ada", "ada-q", at(AS_OF - timedelta(days=100)), "Any news on the role?"),
    ("t-ada", "ada-q", at(FIRST), "Coffee next week?"),
    ("t-ada", ">ada-q", at(FIRST + timedelta(days=1)), "Yes, Tuesday?"),
    ("t-ada", ">ada-q", at(AS_OF - timedelta(days=5)), "Following up on the role"),
    ("t-bo", "bo-r", at(FIRST), "Hi! Quick question?"),
    ("t-bo", ">bo-r", at(FIRST, 15), "Sure, ask away"),
]
"""Ada writes three times months apart (the third answered, then you follow up); Bo asks once."""


def _imported(tmp_path: Path, messages: list[tuple[str, str, datetime, str]]) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS, messages)])
    return ws


def _current(ws: Workspace, metric: str) -> float:
    summary = api.summary(ws, as_of=AS_OF, period="year")
    return float(summary.filter(pl.col("metric") == metric)["current"].item())


def test_messages_left_unanswered_before_a_pause_count_against_the_reply_rate(
    tmp_path: Path,
) -> None:
    """Only Ada's last message was answered: a reply rate of 1 of 3 for you, in health and in
    the summary alike (the year holds her three turns and Bo's), not 'always answered'."""
    ws = _imported(tmp_path, MESSAGES)
    rate = dict(api.health(ws, as_of=AS_OF).select("full_name", "your_reply_rate").iter_rows())
    assert rate == {"Ada Quarry": 1 / 3, "Bo Reed": 1.0}
    assert _current(ws, "reply_rate") == 2 / 4


def test_a_conversation_reopened_after_a_pause_counts_as_opened(tmp_path: Path) -> None:
    """LinkedIn keeps one thread per person, so 'who opened it' was always its first sender
    (every balance +1 or -1). Ada opened it (you answered), reopened it twice after months; you
    reopened it once: -0.5, in health and in the summary (Bo opened his: -0.6 for the year)."""
    answered = ("t-ada", ">ada-q", at(AS_OF - timedelta(days=199)), "Yes!")
    ws = _imported(tmp_path, [MESSAGES[0], answered, *MESSAGES[1:]])
    balance = dict(
        api.health(ws, as_of=AS_OF).select("full_name", "initiation_balance").iter_rows()
    )
    assert balance == {"Ada Quarry": -0.5, "Bo Reed": -1.0}
    assert _current(ws, "initiation_balance") == pytest.approx(-0.6)


def _rates(ws: Workspace, as_of: date) -> dict[str, tuple[object, ...]]:
    frame = api.health(ws, as_of=as_of).select(
        "full_name", "your_reply_rate", "their_reply_rate", "unanswered_inbound"
    )
    return {row[0]: row[1:] for row in frame.iter_rows()}


def test_a_message_still_inside_its_answer_time_is_neither_answered_nor_missed(
    tmp_path: Path,
) -> None:
    """Bo asked again last night: not yet a message you left unanswered (your rate fell to 0.5),
    but waiting in the Answer list. Ada has not answered your follow-up of five days ago either
    (her rate was 0.0 of 2). Fifteen days on, both are missed; answered the next morning, Bo's
    counts as answered."""
    asked = ("t-bo", "bo-r", at(AS_OF - timedelta(days=1), 21), "Could we talk tomorrow?")
    ws = _imported(tmp_path, [*MESSAGES, asked])
    assert _rates(ws, AS_OF) == {"Ada Quarry": (1 / 3, 0.0, 0), "Bo Reed": (1.0, None, 1)}
    later = AS_OF + timedelta(days=15)
    assert _rates(ws, later) == {"Ada Quarry": (1 / 3, 0.0, 0), "Bo Reed": (0.5, None, 1)}
    answered = ("t-bo", ">bo-r", at(AS_OF, 9), "Sure, 10am works")
    ws = _imported(tmp_path / "answered", [*MESSAGES, asked, answered])
    assert _rates(ws, later)["Bo Reed"] == (1.0, None, 0)


def test_a_thanks_after_your_answer_asks_for_no_answer(tmp_path: Path) -> None:
    """Bo's 'Thanks!' closes the exchange: your reply rate stays 1.0 (it was 0.5), in health and in
    the summary alike. A short question is a turn to answer all the same."""
    thanks = ("t-bo", "bo-r", at(FIRST, 16), "Thanks!")
    ws = _imported(tmp_path, [*MESSAGES, thanks])
    assert _rates(ws, AS_OF)["Bo Reed"] == (1.0, None, 0)
    assert _current(ws, "reply_rate") == 2 / 4
    question = ("t-bo", "bo-r", at(FIRST, 16), "When?")
    ws = _imported(tmp_path / "question", [*MESSAGES, question])
    assert _rates(ws, AS_OF)["Bo Reed"] == (0.5, None, 1)
    assert _current(ws, "reply_rate") == 2 / 5


def test_a_late_thanks_asks_for_no_answer_and_writing_again_does(tmp_path: Path) -> None:
    """Ada's 'Thanks!' came 19 days after your note: a late answer, which asks for nothing, as
    any short closer after your message (it was 'wrote again after a pause' in the Answer list,
    and a turn you left unanswered). Bo's 'Hello again', 20 days after his own message you never
    answered (itself a late answer to yours), writes again: it waits for your answer. Cy's
    question you answered: the month's reply rate is 1 of 2 (Bo's first message is the one
    missed; it was 1 of 3). A closer answers yours late only within `waiting_days` (30): Dee's
    'Happy holidays!' eight months after your last message writes again."""
    people = [(s, n, "01 Jan 2024") for s, n in [("ada-q", "Ada Quarry"), ("bo-r", "Bo Reed"),
              ("cy-s", "Cy Stone"), ("dee-t", "Dee Tarn")]]  # fmt: skip
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    hello = "Great to meet you at the meetup last week, let's stay in touch for sure."
    messages = [
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=40)), note),
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=21)), "Thanks!"),
        ("t-bo", ">bo-r", at(AS_OF - timedelta(days=100)), "Nice to meet you!"),
        ("t-bo", "bo-r", at(AS_OF - timedelta(days=23)), hello),
        ("t-bo", "bo-r", at(AS_OF - timedelta(days=3)), "Hello again"),
        ("t-cy", "cy-s", at(AS_OF - timedelta(days=20)), "Free for a call?"),
        ("t-cy", ">cy-s", at(AS_OF - timedelta(days=19)), "Yes, Monday 10am works for me."),
        ("t-dee", ">dee-t", at(AS_OF - timedelta(days=240)), "Congrats on the new role!"),
        ("t-dee", "dee-t", at(AS_OF - timedelta(days=2)), "Happy holidays!"),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", people, messages)])
    rates = _rates(ws, AS_OF)
    assert rates["Ada Quarry"] == (None, 0.0, 0)  # her late 'Thanks!' answered nothing either
    assert rates["Bo Reed"] == (0.0, 0.0, 1)  # his second message is still inside its 14 days
    health = api.health(ws, as_of=AS_OF).select("full_name", "unanswered_reason")
    assert dict(health.iter_rows()) == {
        "Ada Quarry": None,
        "Bo Reed": "restarted",
        "Cy Stone": None,
        "Dee Tarn": "restarted",  # eight months on, no answer to yours: she writes again
    }
    summary = api.summary(ws, as_of=AS_OF, period="month")
    assert summary.filter(pl.col("metric") == "reply_rate")["current"].item() == 0.5


def test_a_late_answer_opens_nothing_even_at_the_edge_of_what_a_summary_reads(
    tmp_path: Path,
) -> None:
    """Ann's 'Thanks!' came 29 days after your note, on 1 October. The summary read 28 days
    before its periods, missed your note and took her 'Thanks!' for a conversation she opened:
    a turn you left unanswered (October 0.5, though Ben's question was answered and nothing else
    asked; the week of 12 October 0.0, though no turn was decided in it). Nor does a late answer
    open a conversation: you opened yours with Ann (her balance 1.0, it was 0.0), and the year's
    balance is even (you opened one, Ben one; it was -1/3)."""
    people = [("ann-p", "Ann Page", "01 Jan 2024"), ("ben-o", "Ben Ode", "01 Jan 2024")]
    note = "Here are the slides from the session, with the notes I took there for you all."
    messages = [
        ("t-ann", ">ann-p", datetime(2026, 9, 2, 13), note),
        ("t-ann", "ann-p", datetime(2026, 10, 1, 12), "Thanks!"),
        ("t-ben", "ben-o", datetime(2026, 10, 10, 12), "Free for a call next week?"),
        ("t-ben", ">ben-o", datetime(2026, 10, 11, 12), "Yes, Tuesday works."),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", people, messages)])

    def current(as_of: date, period: str, metric: str) -> float | None:
        summary = api.summary(ws, as_of=as_of, period=period)  # type: ignore[arg-type]
        value = summary.filter(pl.col("metric") == metric)["current"].item()
        return None if value is None else float(value)

    assert current(date(2026, 10, 31), "month", "reply_rate") == 1.0
    assert current(date(2026, 10, 18), "week", "reply_rate") is None
    health = api.health(ws, as_of=date(2026, 10, 31))
    rows = health.select("full_name", "initiation_balance", "your_reply_rate").iter_rows()
    assert {name: rest for name, *rest in rows} == {
        "Ann Page": [1.0, None],
        "Ben Ode": [-1.0, 1.0],
    }
    assert current(date(2026, 10, 31), "year", "initiation_balance") == 0.0


def test_a_turn_begun_before_a_summary_s_window_still_calls_for_an_answer(tmp_path: Path) -> None:
    """Cleo opened her thread late on 1 November and wrote again two hours later; you never
    answered. Her turn's 14 days ran out on 16 November, in the week to 22 November: 0.0 (the
    summary read her first message as one that tells nothing of the conversation, and said there
    was no turn). Dan wrote again 25 days after his own message, then 'ok' 13 days on: the same
    week. The weeks add up to the month, as each person's rate says."""
    people = [("cleo-v", "Cleo Vance", "01 Jan 2024"), ("dan-w", "Dan Wells", "01 Jan 2024")]
    messages = [
        ("t-cleo", "cleo-v", datetime(2026, 11, 1, 23), "Hi Olive"),
        ("t-cleo", "cleo-v", datetime(2026, 11, 2, 1), "Thanks for connecting"),
        ("t-dan", "dan-w", datetime(2026, 9, 27, 12), "See you around"),
        ("t-dan", "dan-w", datetime(2026, 10, 22, 12), "Hello again"),
        ("t-dan", "dan-w", datetime(2026, 11, 4, 12), "ok"),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", people, messages)])

    def rates(as_of: date, period: str) -> tuple[object, ...]:
        summary = api.summary(ws, as_of=as_of, period=period)  # type: ignore[arg-type]
        return summary.filter(pl.col("metric") == "reply_rate").select("current", "previous").row(0)

    assert rates(date(2026, 11, 22), "week") == (0.0, None)
    assert rates(date(2026, 11, 29), "week") == (None, 0.0)
    assert rates(date(2026, 11, 30), "month")[0] == 0.0
    health = api.health(ws, as_of=date(2026, 11, 30)).select("full_name", "your_reply_rate")
    assert dict(health.iter_rows()) == {"Cleo Vance": 0.0, "Dan Wells": 0.0}


def test_a_chat_s_new_conversation_is_no_late_answer(tmp_path: Path) -> None:
    """The bundled Slack export: 伟 Juniper's 'Congrats on the new role!' came 26 days after your
    last message. Slack, a chat, starts a conversation after a day without a message, so it is
    her opening, not a late answer, and it waits for yours (it had dropped out of the Answer
    list with the late-answer rule)."""
    shutil.copytree(ROOT / "data" / "sample" / "chats" / "slack", tmp_path / "slack")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([tmp_path / "slack"])
    health = api.health(ws, as_of=AS_OF).filter(pl.col("unanswered_since").is_not_null())
    waiting = {name: (reason, str(since)) for name, reason, since in health.select(
        "full_name", "unanswered_reason", "unanswered_since").iter_rows()}  # fmt: skip
    assert waiting["伟 Juniper"] == ("restarted", "2026-10-29")


def test_the_summary_reads_a_previous_period_as_its_own(tmp_path: Path) -> None:
    """May as the month before June is May as of its own last day (it read 7 days too few:
    Nia's 'Thanks!' to your note of 8 April then looked like a thread she opened, 1/3)."""
    people = [(s, n, "01 Jan 2024") for s, n in [("nia-c", "Nia Closer"), ("dee-a", "Dee Asker"),
              ("eli-l", "Eli Late")]]  # fmt: skip
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    long_question = "Would you have half an hour next week to talk about the platform team role?"
    messages = [
        ("t-nia", ">nia-c", datetime(2026, 4, 8, 10), note),
        ("t-nia", "nia-c", datetime(2026, 4, 20, 10), "Thanks!"),
        ("t-dee", "dee-a", datetime(2026, 5, 5, 10), long_question),
        ("t-dee", ">dee-a", datetime(2026, 5, 18, 9), "Yes, Tuesday works."),
        ("t-eli", "eli-l", datetime(2026, 5, 10, 10), long_question),
        ("t-eli", ">eli-l", datetime(2026, 5, 25, 11), "Sorry for the delay, yes."),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", people, messages)])

    def rate(as_of: date) -> tuple[float | None, float | None]:
        summary = api.summary(ws, as_of=as_of, period="month")
        return summary.filter(pl.col("metric") == "reply_rate").select("current", "previous").row(0)

    assert rate(date(2026, 5, 31))[0] == 0.5  # Dee answered in 13 days, Eli's 14 ran out
    assert rate(date(2026, 6, 30))[1] == 0.5


def test_a_clock_change_does_not_close_the_window_a_day_early(tmp_path: Path) -> None:
    """Los Angeles: your question at 23:30 on 23 February, their answer 335 hours later (00:15 on
    10 March, after clocks went forward). On 9 March it is still waiting, not missed."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text('[time]\nzone = "America/Los_Angeles"\n')
    question = "Would you have half an hour next week to talk about the platform team role?"
    messages = [
        ("t-ada", ">ada-q", datetime(2026, 2, 24, 7, 30), question),
        ("t-ada", "ada-q", datetime(2026, 3, 10, 7, 15), "Yes, gladly: Tuesday at ten would suit."),
    ]
    ws = Workspace(root)
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS[:1], messages)])
    rates = [
        api.health(ws, as_of=day).select("their_reply_rate").item()
        for day in (date(2026, 3, 9), date(2026, 3, 10))
    ]
    assert rates == [None, 1.0]


@pytest.mark.parametrize("question", ["来週コーヒーどう？", "هل أنت متاح غدا؟", "Free Friday?!"])
def test_a_short_question_in_any_script_asks_for_an_answer(tmp_path: Path, question: str) -> None:
    """After your long note, a short question of theirs is a turn to answer (it was taken for a
    closer: no turn at all, and nothing in the Answer list)."""
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    messages = [
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=3)), note),
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=2)), question),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS[:1], messages)])
    later = AS_OF + timedelta(days=15)
    assert _rates(ws, AS_OF)["Ada Quarry"] == (None, 1.0, 1)
    assert _rates(ws, later)["Ada Quarry"] == (0.0, 1.0, 1)


MAIL = """From olive@owner.example Mon Jun 01 10:00:00 2026
From: Olive Owner <olive@owner.example>
To: Pat Para <pat@acme.example>
Cc: Quinn Quill <quinn@acme.example>
Date: Mon, 01 Jun 2026 10:00:00 +0000
Subject: Plan
Message-ID: <a1@example.org>
Content-Type: text/plain; charset=utf-8

Could you both review the attached migration plan by Friday and tell me what you think?

From quinn@acme.example Mon Jun 01 12:00:00 2026
From: Quinn Quill <quinn@acme.example>
To: Olive Owner <olive@owner.example>
Cc: Pat Para <pat@acme.example>
Date: Mon, 01 Jun 2026 12:00:00 +0000
Subject: Re: Plan
Message-ID: <a2@example.org>
In-Reply-To: <a1@example.org>
References: <a1@example.org>
Content-Type: text/plain; charset=utf-8

Will do, thanks!
"""


def test_an_e_mail_to_two_people_is_a_conversation_with_each(tmp_path: Path) -> None:
    """To Pat, Cc Quinn; Quinn answers. Pat has not answered yet (the day after: not missed),
    Quinn has, in two hours (Pat was 'left unanswered' and Quinn had an answer time but no
    rate: one thread mixed both)."""
    (tmp_path / "box.mbox").write_text(MAIL, encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([tmp_path / "box.mbox"])
    frame = api.health(ws, as_of=date(2026, 6, 2)).select(
        "full_name", "their_reply_rate", "their_reply_hours"
    )
    assert {row[0]: row[1:] for row in frame.iter_rows()} == {
        "Pat Para": (None, None),
        "Quinn Quill": (1.0, 2.0),
    }


def _mail(key: str, sender: str, to: str, day: str, body: str, *replied: str) -> str:
    """One mbox message; ``replied``: the Message-IDs it answers, the thread's first first."""
    names = {"olive": "Olive Owner", "rex": "Rex Roe", "sam": "Sam Sole"}
    head = [
        f"From {sender}@example.org Mon Jun 01 10:00:00 2026",
        f"From: {names[sender]} <{sender}@example.org>",
        f"To: {names[to]} <{to}@example.org>",
        f"Date: {day} +0000",
        "Subject: Re: Intro" if replied else "Subject: Intro",
        f"Message-ID: <{key}@example.org>",
        *([f"In-Reply-To: <{replied[-1]}@example.org>"] if replied else []),
        *(["References: " + " ".join(f"<{r}@example.org>" for r in replied)] if replied else []),
        "Content-Type: text/plain; charset=utf-8",
    ]
    return "\n".join(head) + "\n\n" + body + "\n\n"


def test_a_signature_or_a_quoted_question_asks_for_nothing(tmp_path: Path) -> None:
    """Rex's 'Thanks!' above his four-line signature, Sam's 'Sounds good.' above Outlook's quote of
    your question: neither asks for an answer (each was 90 characters or a '?': a turn you left
    unanswered, and Sam's in the Answer list)."""
    quote = "________________________________\nFrom: Olive Owner\nSent: Monday\n\nCan we meet?"
    signature = "-- \nRex Roe\nPrincipal Engineer | Example Corp\nhttps://example.com | +44 20 7946"
    question = "Would you be able to introduce me to the data team lead at your company next month?"
    box = [
        _mail("r1", "rex", "olive", "Fri, 05 Jun 2026 10:00:00", question),
        _mail("r2", "olive", "rex", "Fri, 05 Jun 2026 15:00:00", "Sure, I have just written to her.", "r1"),
        _mail("r3", "rex", "olive", "Sat, 06 Jun 2026 09:00:00", f"Thanks!\n\n{signature}", "r1", "r2"),
        _mail("s1", "olive", "sam", "Mon, 08 Jun 2026 10:00:00", "Can we meet on Tuesday to go over it?"),
        _mail("s2", "sam", "olive", "Mon, 08 Jun 2026 11:00:00", f"Sounds good.\n\n{quote}", "s1"),
    ]  # fmt: skip
    (tmp_path / "box.mbox").write_text("".join(box), encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([tmp_path / "box.mbox"])
    assert _rates(ws, date(2026, 7, 1)) == {"Rex Roe": (1.0, None, 0), "Sam Sole": (None, 1.0, 0)}


def test_closers_in_a_conversation_begun_before_what_the_summary_reads_ask_nothing(
    tmp_path: Path,
) -> None:
    """Your note of 22 April, Carl's 'Thanks!' (5 May) and 'ok' (18 May): no turn to answer. The
    summary reads 28 days before June; its first message read ('Thanks!') counted as opening the
    conversation, so June's rate was 0.0."""
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    messages = [
        ("t-ada", ">ada-q", datetime(2026, 4, 22, 10), note),
        ("t-ada", "ada-q", datetime(2026, 5, 5, 9), "Thanks!"),
        ("t-ada", "ada-q", datetime(2026, 5, 18, 8), "ok"),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS[:1], messages)])
    for as_of, period in [(date(2026, 6, 30), "month"), (date(2026, 6, 7), "week")]:
        summary = api.summary(ws, as_of=as_of, period=period)  # type: ignore[arg-type]
        assert summary.filter(pl.col("metric") == "reply_rate")["current"].item() is None
    assert _rates(ws, date(2026, 6, 30))["Ada Quarry"] == (None, 1.0, 0)


def test_an_html_only_thanks_is_a_closer(tmp_path: Path) -> None:
    """Outlook's 'Thanks!' sent as HTML alone: its style sheet made it 230 characters, a turn you
    left unanswered (a helper's check)."""
    style = (
        "<style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:Calibri,sans-serif;}</style>"
    )
    thanks = _mail("r2", "rex", "olive", "Fri, 05 Jun 2026 15:00:00", "", "r1").replace(
        "text/plain", "text/html"
    )
    thanks = thanks.rstrip("\n") + f"\n\n<html><head>{style * 3}</head><body>"
    thanks += "<p class=MsoNormal>Thanks!</p></body></html>\n\n"
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    box = _mail("r1", "olive", "rex", "Fri, 05 Jun 2026 10:00:00", note) + thanks
    (tmp_path / "box.mbox").write_text(box, encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([tmp_path / "box.mbox"])
    assert _rates(ws, date(2026, 7, 1)) == {"Rex Roe": (None, 1.0, 0)}


def test_a_linkedin_thanks_in_html_is_a_closer(tmp_path: Path) -> None:
    """LinkedIn wraps some messages in HTML: this 'Thanks!' was 82 characters with its tags, and a
    turn you left unanswered (a helper's check). Its id is that of its raw text, as before."""
    note = "Here are the slides from Tuesday's session, as promised, with the notes I took there."
    thanks = '<div class="msg-body"><p><span style="font-weight:normal">Thanks!</span></p></div>'
    messages = [
        ("t-ada", ">ada-q", at(AS_OF - timedelta(days=30)), note),
        ("t-ada", "ada-q", at(AS_OF - timedelta(days=30), 14), thanks),
    ]
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([linkedin_export(tmp_path / "export", CONNECTIONS[:1], messages)])
    assert _rates(ws, AS_OF)["Ada Quarry"] == (None, 1.0, 0)
    # The id is that of the raw text's length: a plain text of 82 characters at that instant in
    # that conversation has the same id (stores imported before keep their ids).
    plain = [messages[0], (*messages[1][:3], "x" * len(thanks))]
    other = Workspace(tmp_path / "plain")
    other.import_paths([linkedin_export(tmp_path / "plain-export", CONNECTIONS[:1], plain)])
    lengths = [
        dict(
            w.table("interactions")
            .filter(pl.col("channel") == "message")
            .select("interaction_id", "content_length")
            .iter_rows()
        )
        for w in (ws, other)
    ]
    assert lengths[0].keys() == lengths[1].keys()
    assert sorted(lengths[0].values()) == [7, len(note)]
    assert sorted(lengths[1].values()) == sorted([len(note), len(thanks)])
