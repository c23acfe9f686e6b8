"""What counts as contact, which messages wait, and the week's plan, on small LinkedIn exports.

Each export is written as real CSV files (the owner is Olive Owner) and imported as a user would.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import cast

import polars as pl
import pytest

from exports import linkedin_export
from imported import imported_on
from netbook import api, plan, plan_cache
from netbook.plan import week_basis
from netbook.workspace import Workspace

AS_OF = date(2026, 11, 18)  # a Wednesday: the plan is made as of Sunday 15 November


def workspace(tmp_path: Path, folder: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([folder])
    return ws


def by_slug(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {r["profile_url"].rsplit("/", 1)[-1]: r for r in frame.to_dicts()}


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_invitation_and_acceptance_only_is_not_contact(tmp_path: Path) -> None:
    # Ann accepted your invitation a day after you sent it, Ben two years ago: nothing else.
    folder = linkedin_export(
        tmp_path / "export",
        [("ann", "Ann Early", "10 Nov 2026"), ("ben", "Ben Old", "01 Mar 2024")],
        invitations=[
            ("ann", "OUTGOING", datetime(2026, 11, 9, 9)),
            ("ben", "INCOMING", datetime(2024, 2, 29, 9)),
        ],
    )
    ws = workspace(tmp_path, folder)
    rows = by_slug(api.health(ws, as_of=AS_OF))
    ann, ben = rows["ann"], rows["ben"]
    assert (ann["status"], ann["layer"], ann["days_since_contact"]) == ("new", "acquaintance", None)
    assert ann["why"] == "connected 8 days ago, not in touch yet"
    assert (ben["status"], ben["layer"], ben["why"]) == ("not in touch", "acquaintance", None)
    assert ben["rhythm_ratio"] is None and ben["overdue_ratio"] is None
    assert api.due(ws, as_of=AS_OF).is_empty()
    plan = api.plan(ws, as_of=AS_OF)
    # Ann connected 8 days before the plan's Sunday: welcome her. Ben is left alone.
    assert plan.select("full_name", "action").rows() == [("Ann Early", "welcome")]


def test_connections_only_export_gives_an_honest_empty_answer(tmp_path: Path) -> None:
    folder = linkedin_export(
        tmp_path / "export",
        [(f"p{n}", f"Person N{n}", f"0{1 + n % 9} Jan 20{15 + n % 10}") for n in range(40)],
    )
    ws = workspace(tmp_path, folder)
    health = api.health(ws, as_of=AS_OF)
    assert set(health["status"]) == {"not in touch"}
    assert set(health["layer"]) == {"acquaintance"}
    assert health["strength"].max() == 0.0
    assert api.due(ws, as_of=AS_OF).is_empty()
    assert api.plan(ws, as_of=AS_OF).is_empty()


def test_which_messages_wait_for_an_answer(tmp_path: Path) -> None:
    day = AS_OF
    folder = linkedin_export(
        tmp_path / "export",
        [
            ("qia", "Qia Asks", "01 Jan 2025"),
            ("tom", "Tom Thanks", "01 Jan 2025"),
            ("old", "Olaf Old", "01 Jan 2023"),
            ("rec", "Rex Recruiter", "01 Jan 2025"),
        ],
        [
            # You wrote to Qia a month ago; she replied 3 days ago with a question.
            ("t1", ">qia", at(day - timedelta(days=30)), "Hi Qia, how is the new team going?"),
            (
                "t1",
                "qia",
                at(day - timedelta(days=3)),
                "Great! Could you review my talk on Friday?",
            ),
            # You asked Tom for a favour, he said thanks and nothing waits.
            ("t2", ">tom", at(day - timedelta(days=5)), "Here is the intro you asked for, enjoy."),
            ("t2", "tom", at(day - timedelta(days=4)), "Thanks!"),
            # Olaf asked something 680 days ago: expired.
            (
                "t3",
                ">old",
                at(day - timedelta(days=700)),
                "Hello Olaf, long time no see, how are you?",
            ),
            ("t3", "old", at(day - timedelta(days=680)), "All good, shall we meet for a coffee?"),
            # A recruiter you never wrote to.
            ("t4", "rec", at(day - timedelta(days=2)), "Hi! Are you open to new opportunities?"),
        ],
    )
    ws = workspace(tmp_path, folder)
    rows = by_slug(api.health(ws, as_of=AS_OF))
    assert rows["qia"]["unanswered_inbound"] == 1
    assert rows["qia"]["why"] == "asked you something 3 days ago, no reply yet"
    assert rows["tom"]["unanswered_inbound"] == 0  # a short closer after your message
    assert rows["old"]["unanswered_inbound"] == 0  # waiting expires after 30 days
    assert (rows["rec"]["unanswered_inbound"], rows["rec"]["cold_inbound"]) == (0, 1)
    plan = api.plan(ws, as_of=AS_OF)
    answers = plan.filter(pl.col("action") == "answer")
    assert answers["full_name"].to_list() == ["Qia Asks"]
    assert "Rex Recruiter" not in plan["full_name"].to_list()


def test_new_connections_followed_up_agree_in_headline_and_list(tmp_path: Path) -> None:
    from netbook.metrics.network import period_bounds
    from netbook.review.actions import ActionContext, follow_ups

    folder = linkedin_export(
        tmp_path / "export",
        [("fay", "Fay Followed", "02 Nov 2026"), ("nia", "Nia Neglected", "03 Nov 2026")],
        [("t1", ">fay", datetime(2026, 11, 4, 9), "Great to meet you at the meetup, Fay!")],
    )
    ws = workspace(tmp_path, folder)
    summary = dict(
        api.summary(ws, as_of=AS_OF, period="month").select("metric", "current").iter_rows()
    )
    assert summary["new_connections"] == 2
    assert summary["follow_up_rate"] == 0.5
    start, _ = period_bounds(AS_OF, "month")
    context = ActionContext(api.health(ws, as_of=AS_OF), AS_OF, start, ws.settings(), ws)
    listed = follow_ups(context)
    assert listed["full_name"].to_list() == ["Nia Neglected"]
    assert listed["why"][0] == "connected 15 days ago, not followed up within 7 days"


def _close_pair() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, datetime, str]]]:
    """Amy and Bob, close ties in touch every other week for a year, the last time on 22 October."""
    connections = [("amy", "Amy Close", "01 Jan 2024"), ("bob", "Bob Close", "01 Jan 2024")]
    messages = []
    for slug in ("amy", "bob"):
        for n in range(26):
            day = date(2025, 11, 6) + timedelta(days=14 * n)
            messages.append((f"t-{slug}", slug, at(day, 9), f"Hi, about the project, week {n}."))
            messages.append((f"t-{slug}", f">{slug}", at(day, 15), "Sounds good, talk soon then."))
    return connections, messages


def test_plan_is_stable_within_a_week_done_items_drop_and_carried_items_say_so(
    tmp_path: Path,
) -> None:
    # Two close ties in touch every other week for a year; the last time on 22 October. With a
    # usual gap of 14 days they are due from 5 November: in the plan of the week of 9 November,
    # carried into the week of 16 November.
    connections, messages = _close_pair()
    ws = workspace(tmp_path, linkedin_export(tmp_path / "export", connections, messages))
    monday, saturday, sunday = date(2026, 11, 16), date(2026, 11, 21), date(2026, 11, 22)
    # Imported today: no plan of those weeks was ever shown, so none is carried.
    assert api.plan(ws, as_of=monday)["carried"].to_list() == [None, None]
    imported_on(ws, date(2026, 11, 1))  # as if netbook had your data since 1 November
    api.plan(ws, as_of=date(2026, 11, 10))  # the plan you were shown last week (recorded)
    first = api.plan(ws, as_of=monday)
    assert set(first["action"]) == {"reach out"}
    assert sorted(first["full_name"]) == ["Amy Close", "Bob Close"]
    assert first.columns == ["rank", "person_id", "full_name", "action", "why", "since", "carried"]
    # The same all week; on Sunday, the week ending that day is over: its plan is the next week's
    # (made that Sunday, so the same as the next Monday's), the two still due, a third week.
    assert api.plan(ws, as_of=saturday).equals(first)
    assert week_basis(sunday) == sunday
    coming = api.plan(ws, as_of=sunday)
    assert coming.equals(api.plan(ws, as_of=date(2026, 11, 23)))
    assert coming["carried"].to_list() == ["3rd week", "3rd week"]
    # The command says from when its days are counted (its reasons are Sunday's all week).
    from clirun import netbook

    head = {
        day: netbook("plan", "-w", str(ws.root), "--as-of", day).stdout.splitlines()[0]
        for day in ("2026-11-22", "2026-11-25")
    }
    assert head["2026-11-22"] == "Week of 2026-11-23 (made as of Sunday 2026-11-22): 2 actions"
    assert head["2026-11-25"] == (
        "Week of 2026-11-23 (made as of Sunday 2026-11-22, its days counted from then): 2 actions"
    )
    # Both were already in last week's plan: carried over.
    assert first["carried"].to_list() == ["2nd week", "2nd week"]
    assert all(why.endswith("; 2nd week") for why in first["why"])
    previous = api.plan(ws, as_of=date(2026, 11, 9))
    assert previous["carried"].to_list() == [None, None]
    # You call Amy on Wednesday: she drops out of this week's plan, Bob stays.
    from netbook import userdata

    userdata.log_touch(ws, "Amy Close", channel="call", on=date(2026, 11, 18))
    later = api.plan(ws, as_of=date(2026, 11, 19))
    assert later["full_name"].to_list() == ["Bob Close"]
    assert week_basis(date(2026, 11, 19)) == date(2026, 11, 15)
    # First imported on Monday 16 November: the week of the 9th was over, that of the 16th not.
    imported_on(ws, date(2026, 11, 16))
    assert api.plan(ws, as_of=sunday)["carried"].to_list() == ["2nd week"]


def test_a_plan_kept_from_monday_still_drops_what_is_done_later_in_the_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Amy and Bob are due in the week of 16 November (as above); you write to Amy on Wednesday
    # 18 November, and the export you import on Friday holds that message.
    connections, messages = _close_pair()
    messages.append(("t-amy", ">amy", at(date(2026, 11, 18), 10), "Coffee next week, Amy?"))
    ws = workspace(tmp_path, linkedin_export(tmp_path / "export", connections, messages))
    imported_on(ws, date(2026, 11, 1))
    api.plan(ws, as_of=date(2026, 11, 10))  # the plan you were shown last week (recorded)
    monday, friday = date(2026, 11, 16), date(2026, 11, 20)
    kept = ws.root / plan_cache.FILE

    def uncached(day: date) -> pl.DataFrame:
        kept.unlink(missing_ok=True)
        found = api.plan(ws, as_of=day)
        kept.unlink(missing_ok=True)
        return found

    on_monday, on_friday = uncached(monday), uncached(friday)
    assert sorted(on_monday["full_name"]) == ["Amy Close", "Bob Close"]
    assert on_friday["full_name"].to_list() == ["Bob Close"]
    assert on_friday["carried"].to_list() == ["2nd week"]
    made: list[date] = []
    real = plan.read_sources

    def counted(*args: object, **kwargs: object) -> plan.Sources:
        made.append(cast(date, args[1]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan, "read_sources", counted)
    for first, then, expected in ((monday, friday, on_friday), (friday, monday, on_monday)):
        kept.unlink(missing_ok=True)
        api.plan(ws, as_of=first)
        made.clear()
        # This week's actions were chosen on Sunday by the first run: none is chosen again,
        # and what was done by the day asked for still drops out.
        assert api.plan(ws, as_of=then).equals(expected)
        assert made == []


@pytest.mark.parametrize("per_week", [1, 3])
def test_plan_takes_at_most_per_week_one_per_person(tmp_path: Path, per_week: int) -> None:
    from netbook import plan as weekly

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "linkedin"
    ws = workspace(tmp_path, sample)
    found = weekly.plan(ws, date(2026, 11, 16), per_week=per_week)
    assert found.height == per_week
    assert found["person_id"].n_unique() == found.height
    assert found["rank"].to_list() == list(range(1, per_week + 1))


def test_the_sample_plan_is_short_and_every_row_says_why(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "linkedin"
    ws = workspace(tmp_path, sample)
    found = api.plan(ws, as_of=date(2026, 11, 16))
    assert 1 <= found.height <= 10
    assert found["why"].null_count() == 0 and (found["why"].str.len_chars() > 10).all()
    assert found["person_id"].n_unique() == found.height
    assert found["since"].null_count() == 0
    # Several kinds, not one list crowding out the rest.
    assert found["action"].n_unique() >= 3


def test_the_congratulation_of_a_round_goes_to_the_closest_tie(tmp_path: Path) -> None:
    """One congratulation a round: a close tie's job change before an acquaintance's fresher one."""
    connections, messages = _close_pair()
    ws = workspace(tmp_path, linkedin_export(tmp_path / "export", connections, messages))
    basis = week_basis(AS_OF)
    sources = plan.read_sources(ws, basis)
    ids = dict(sources.health.select("full_name", "person_id").iter_rows())
    # Neither is due nor waiting: only their job changes are left to act on.
    quiet = sources.health.with_columns(
        layer=pl.when(pl.col("full_name") == "Amy Close").then(pl.lit("support")),
        status=pl.lit("ok"),
        overdue_ratio=pl.lit(None, pl.Float64),
        unanswered_inbound=pl.lit(0, sources.health["unanswered_inbound"].dtype),
    ).with_columns(pl.col("layer").fill_null("acquaintance"))
    changes = pl.DataFrame(
        {
            "person_id": [ids["Amy Close"], ids["Bob Close"]],
            "full_name": ["Amy Close", "Bob Close"],
            "why": ["moved to Initech", "moved to Globex"],
            "changed_by": [basis - timedelta(days=20), basis - timedelta(days=2)],
        }
    )
    found = plan.candidates(
        plan.Sources(
            quiet,
            sources.promises,
            sources.follow_ups.clear(),
            changes,
            sources.milestones.clear(),
            sources.dormant.clear(),
        ),
        basis,
        ws.settings(),
    )
    congratulate = found.filter(pl.col("action") == "congratulate")
    assert congratulate["full_name"].to_list() == ["Amy Close", "Bob Close"]
    chosen = plan.choose(found, 1)
    assert chosen.select("full_name", "action").rows() == [("Amy Close", "congratulate")]


def test_an_undated_export_is_of_the_users_local_day(tmp_path: Path) -> None:
    """A message at 8 PM in California is the next day in UTC: the export was made that evening."""
    folder = linkedin_export(
        tmp_path / "export",
        [("amy", "Amy Close", "01 Jan 2024")],
        [("t-amy", "amy", datetime(2026, 10, 13, 3, 11), "Hi, see you Monday?")],  # UTC
    )
    ws = Workspace(tmp_path / "ws")
    (tmp_path / "ws").mkdir()
    ws.settings_path.write_text('[time]\nzone = "America/Los_Angeles"\n', encoding="utf-8")
    ws.import_paths([folder])
    assert ws.table("imports", ("exported_on",))["exported_on"].to_list() == [date(2026, 10, 12)]
