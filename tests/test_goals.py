"""Goals: validation on load, each goal metric against hand-computed values, the CLI, the chart."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import userdata
from netbook.errors import ConfigError
from netbook.rituals import goals as gl
from netbook.rituals.events import add_event
from netbook.rituals.promises import add_promise, close_promise
from netbook.settings import GOAL_METRICS, Goal, load_settings
from netbook.workspace import Workspace
from stores import copy_workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
AS_OF = date(2026, 11, 22)  # a Sunday: weeks are 9-15 and 16-22 November


def workspace(store: Path, root: Path, goals: str = "") -> Workspace:
    """A copy of the mini export imported in Berlin (``store``) at ``root``, with ``goals``."""
    ws = copy_workspace(store, root)
    ws.settings_path.write_text(f'[time]\nzone = "Europe/Berlin"\n{goals}', encoding="utf-8")
    return ws


def goal(name: str, metric: str, target: float, period: str = "month", **extra: str) -> str:
    lines = [f'name = "{name}"', f'metric = "{metric}"', f"target = {target}"]
    lines += [f'period = "{period}"', *(f'{k} = "{v}"' for k, v in extra.items())]
    return "\n[[goals]]\n" + "\n".join(lines) + "\n"


def attained(ws: Workspace, as_of: date = AS_OF, periods: int = 2) -> dict[str, list[object]]:
    frame = gl.goal_attainment(ws, as_of, periods)
    assert frame.columns == list(gl.COLUMNS)
    return {
        name: list(zip(group["value"], group["met"], strict=True))
        for (name,), group in frame.group_by("goal", maintain_order=True)
    }


@pytest.fixture
def touched(berlin_store: Path, tmp_path: Path) -> Workspace:
    """Two outbound touches in the week to the 15th, one (and one inbound) in the next."""
    ws = workspace(
        berlin_store,
        tmp_path / "ws",
        goal("weekly outreach", "outreach_touches", 2, "week")
        + goal("not too much", "outreach_touches", 1, "week", comparison="at_most")
        + goal("give more", "give_ratio", 0.6)
        + goal("support in cadence", "layer_within_cadence", 0.3, layer="support"),
    )
    log = userdata.log_touch
    log(ws, "Ada", channel="message", on=date(2026, 11, 10), gave="intro")
    log(ws, "Zoë", channel="call", on=date(2026, 11, 12), received="advice")
    log(ws, "Ada", channel="message", on=date(2026, 11, 20))
    log(ws, "Grace", channel="call", on=date(2026, 11, 19), direction="inbound")
    # A touch or two makes nobody a Dunbar tie; your rating does (and keeps them in the layer).
    for name in ("Ada", "Zoë", "Grace"):
        userdata.set_person(ws, name, closeness=4)
    return ws


def test_goals_met_and_missed(touched: Workspace) -> None:
    assert attained(touched) == {
        "weekly outreach": [(2.0, True), (1.0, False)],
        "not too much": [(2.0, False), (1.0, True)],
        # One given, one received this month; nothing either way the month before.
        "give more": [(None, None), (0.5, False)],
        # All three are in the support layer (cadence 7 days) once in touch. On the 22nd Ada (20th)
        # and Grace (19th, inbound counts as contact) are within it, Zoë (12th) is not. The month
        # before, nobody had been in touch yet: no support tie, nothing to measure.
        "support in cadence": [(None, None), (pytest.approx(2 / 3), True)],
    }
    frame = gl.goal_attainment(touched, AS_OF, 2)
    weekly = frame.filter(pl.col("goal") == "weekly outreach")
    assert weekly.select("period_start", "period_end", "target", "comparison").rows() == [
        (date(2026, 11, 9), date(2026, 11, 15), 2.0, "at_least"),
        (date(2026, 11, 16), date(2026, 11, 22), 2.0, "at_least"),
    ]


def test_a_back_dated_as_of_sees_nothing_after_it(touched: Workspace) -> None:
    # The week of 14 to 20 November has Ada's message of the 20th; on the 19th it had not
    # happened, and the week of 13 to 19 November has only Grace's inbound call.
    assert attained(touched, date(2026, 11, 20), periods=1)["weekly outreach"] == [(1.0, False)]
    back = attained(touched, date(2026, 11, 19), periods=1)
    assert back["weekly outreach"] == [(0.0, False)]
    # On the 19th Grace (that day) and Zoë (the 12th: 7 days, the cadence) are within it, Ada
    # (the 10th) is not.
    assert back["support in cadence"] == [(pytest.approx(2 / 3), True)]


def test_mentors_follow_ups_and_promises(berlin_store: Path, tmp_path: Path) -> None:
    ws = workspace(
        berlin_store,
        tmp_path / "ws",
        goal("a mentor a quarter", "new_mentors_or_sponsors", 1, "quarter")
        + goal("follow up", "follow_up_rate", 0.5)
        + goal("keep promises", "promise_keeping_rate", 0.5),
    )
    facts = [
        ("1", "Grace", "sponsor", datetime(2026, 8, 15, 12, tzinfo=UTC)),  # quarter before
        ("2", "Ada", "mentor", datetime(2026, 11, 3, 12, tzinfo=UTC)),
        ("3", "Ada", "sponsor", datetime(2026, 11, 10, 12, tzinfo=UTC)),  # still a sponsor
        ("4", "Zoë", "peer", datetime(2026, 11, 5, 12, tzinfo=UTC)),
    ]
    ids = {who: userdata.find_person(ws, who).person_id for _, who, _, _ in facts}
    with ws.connect(write=True) as connection:
        for fact_id, who, role, set_at in facts:
            connection.execute(
                "INSERT INTO facts VALUES (?, ?, 'role', ?, ?)", [fact_id, ids[who], role, set_at]
            )
    add_event(ws, "Meetup", on=date(2026, 11, 12), met=["Ada", "Zoë"])
    userdata.log_touch(ws, "Ada", channel="message", on=date(2026, 11, 13))
    made = datetime(2026, 11, 1, 9, tzinfo=UTC)
    kept = add_promise(ws, "Ada", "send the deck", by=date(2026, 11, 18), made_at=made)
    add_promise(ws, "Zoë", "intro", by=date(2026, 11, 20), made_at=made)
    close_promise(ws, kept.promise_id, on=date(2026, 11, 17))
    assert attained(ws) == {
        "a mentor a quarter": [(1.0, True), (1.0, True)],
        "follow up": [(None, None), (0.5, True)],
        "keep promises": [(None, None), (0.5, True)],
    }
    # On the 14th Zoë's follow-up is still open (not decided) and no promise was due yet; the
    # quarter to the 14th begins on 15 August, the day Grace became a sponsor.
    assert attained(ws, date(2026, 11, 14), periods=1) == {
        "a mentor a quarter": [(2.0, True)],
        "follow up": [(1.0, True)],
        "keep promises": [(None, None)],
    }


def test_summary_metrics_by_name(berlin_store: Path, tmp_path: Path) -> None:
    ws = workspace(
        berlin_store,
        tmp_path / "ws",
        goal("grow", "new_connections", 3, "year")
        + goal("follow new ones up", "new_connection_follow_up_rate", 0.5, "year")
        + goal("no single basket", "top1_share", 0.5, "year", comparison="at_most"),
    )
    # Ada (6 April) and Zoë (28 February) connected in the year; neither was followed up.
    # The year has connection events and invitations only: not contact, so no share to measure.
    assert attained(ws, periods=1) == {
        "grow": [(2.0, False)],
        "follow new ones up": [(0.0, False)],
        "no single basket": [(None, None)],
    }


def test_every_goal_metric_is_implemented() -> None:
    assert tuple(gl.METRICS) == GOAL_METRICS
    assert gl.last_periods(date(2026, 3, 31), "month", 3) == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            goal("fine", "reply_rate", 0.5) + goal("weekly outreach", "outreach", 4, "week"),
            r"""goals\[1\] "weekly outreach": metric 'outreach' is unknown \(did you mean """
            r"'outreach_touches'\? known: outreach_touches, ",
        ),
        ('\n[[goals]]\nname = "no target"\nmetric = "hhi"\n', r'goals\[0\] "no target": target is missing'),
        (goal("x", "hhi", 0.2, "fortnight"), r"""goals\[0\] "x": period = 'fortnight': Input should be 'week'"""),
        (goal("x", "layer_within_cadence", 0.9), r'goals\[0\] "x": layer is missing: layer_within_cadence needs'),
        (goal("x", "layer_within_cadence", 0.9, layer="inner"), r"layer 'inner' is unknown"),
        (goal("x", "reply_rate", 90), r"target 90 is more than 1: reply_rate is a share"),
        (goal("x", "hhi", 0.2, layer="support"), r"layer applies to layer_within_cadence only"),
        (goal("x", "hhi", 0.2) + goal("x", "size", 9), r'goals\[1\] "x": the name is taken by goals\[0\]'),
        (goal("x", "hhi", 0.2, due="soon"), r"due = 'soon': unknown key \(goal keys: name, metric"),
        ("goals = 3\n", r"goals = 3: Input should be a valid list"),
    ],
)  # fmt: skip
def test_invalid_goals_name_the_goal(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "netbook.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_valid_goals_load_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "netbook.toml"
    path.write_text(goal("in cadence", "layer_within_cadence", 0.9, layer="sympathy"))
    (loaded,) = load_settings(path).goals
    assert loaded == Goal(
        name="in cadence", metric="layer_within_cadence", target=0.9, layer="sympathy"
    )
    assert (loaded.period, loaded.comparison) == ("month", "at_least")


def test_cli_invalid_goal_is_one_line_and_exit_2(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    ws.settings_path.write_text(
        goal("fine", "reply_rate", 0.5) + goal("weekly outreach", "outreach", 4, "week")
    )
    result = netbook("goals", "-w", str(ws.root), columns=400)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f'error: {ws.settings_path}: goals[1] "weekly outreach": ')
    assert "metric 'outreach' is unknown" in result.stderr


def test_cli_goals_table_and_json(touched: Workspace) -> None:
    where = ("-w", str(touched.root), "--as-of", "2026-11-22")
    table = netbook("goals", *where, "--periods", "2", columns=160)
    assert table.returncode == 0, table.stderr
    cells = [re.split(r"\s{2,}", line.strip()) for line in table.stdout.splitlines()]
    assert cells[1] == ["goal", "period", "latest", "target", "met", "periods met", "last 2"]
    assert cells[3:7] == [
        ["weekly outreach", "week to 2026-11-22", "1", "≥ 2", "✗", "1/2", "█▅"],
        ["not too much", "week to 2026-11-22", "1", "≤ 1", "✓", "1/2", "█▅"],
        ["give more", "month to 2026-11-22", "50%", "≥ 60%", "✗", "0/1", "·▇"],
        ["support in cadence", "month to 2026-11-22", "66.7%", "≥ 30%", "✓", "1/1", "·█"],
    ]
    rows = json.loads(netbook("goals", *where, "-f", "json").stdout)
    assert len(rows) == 4 * 8 and list(rows[0]) == list(gl.COLUMNS)
    assert rows[7] == {
        **{"goal": "weekly outreach", "metric": "outreach_touches", "period": "week"},
        **{"period_start": "2026-11-16", "period_end": "2026-11-22", "value": 1.0},
        **{"target": 2.0, "comparison": "at_least", "met": False},
    }
    assert netbook("goals", "-w", str(touched.root), "-f", "csv").stdout.startswith(
        ",".join(gl.COLUMNS)
    )


def test_latest_sparkline_and_chart(touched: Workspace) -> None:
    frame = gl.goal_attainment(touched, AS_OF, 4)
    summary = gl.latest(frame)
    assert summary.columns == list(gl.LATEST_COLUMNS)
    assert summary.select("goal", "value", "met", "periods_met", "periods").rows()[:2] == [
        ("weekly outreach", 1.0, False, 1, 4),
        ("not too much", 1.0, True, 3, 4),
    ]
    assert summary["sparkline"][0] == "▁▁█▅"
    figure = gl.goals_chart(frame)
    assert len(figure.data) == 2 * 4
    assert [a.text for a in figure.layout.annotations][:2] == ["weekly outreach", "not too much"]
    empty = gl.goals_chart(frame.clear())
    assert "No goals yet" in empty.layout.annotations[0].text
    assert gl.latest(frame.clear()).is_empty()


def test_cli_without_goals_measures_the_suggestions(berlin_store: Path, tmp_path: Path) -> None:
    ws = workspace(berlin_store, tmp_path / "ws")
    log = userdata.log_touch
    for day in (17, 18, 19, 20, 21):  # five outbound touches in the week to the 22nd
        log(ws, "Ada", channel="message", on=date(2026, 11, day))
    shown = netbook("goals", "-w", str(ws.root), "--as-of", AS_OF.isoformat(), "--periods", "2")
    assert shown.returncode == 0, shown.stderr
    assert "No goals yet" in shown.stdout and "Suggestions" in shown.stdout
    for word in ("outreach", "sympathy", "give", "mentor"):  # one per suggested goal
        assert word in shown.stdout
    assert len(gl.SUGGESTED) == 4
    outreach = gl.goal_attainment(ws, AS_OF, 2, goals=gl.SUGGESTED).filter(
        pl.col("metric") == "outreach_touches"
    )
    assert outreach.select("value", "met").rows() == [(0.0, False), (5.0, True)]
    as_json = netbook("goals", "-w", str(ws.root), "--as-of", AS_OF.isoformat(), "-f", "json")
    assert json.loads(as_json.stdout) == []  # machine formats hold only the goals you set
