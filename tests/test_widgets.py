"""The widgets without a browser: filters, table, card and actions driven from Python."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from netbook import api, userdata, widgets
from netbook.errors import NetbookError
from netbook.userdata import PersonNotFoundError
from netbook.widgets.figures import PLOTLY_MIME
from netbook.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
UNTRUSTED = Path(__file__).parent / "data" / "widgets" / "untrusted.vcf"
AS_OF = date(2026, 11, 16)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def ws(sample_ws: Workspace) -> Workspace:
    """A fresh copy of the imported sample for each test (tests write to it)."""
    return sample_ws


@pytest.fixture
def view(ws: Workspace) -> widgets.Explorer:
    return widgets.explorer(ws, as_of=AS_OF)


def figure(output: Any) -> dict[str, Any]:
    """The plotly figure an Output widget shows."""
    (shown,) = output.outputs
    spec: dict[str, Any] = shown["data"][PLOTLY_MIME]
    return spec


def health_row(ws: Workspace, person_id: str) -> dict[str, Any]:
    return api.health(ws, as_of=AS_OF).filter(pl.col("person_id") == person_id).row(0, named=True)


def pick(view: widgets.Explorer, index: int) -> tuple[str, str]:
    """Select the picker's ``index``-th person; their id and name."""
    person_id = view.picker.options[index][1]
    view.picker.value = person_id
    return person_id, view.snapshot.person(person_id)["full_name"]


def test_the_table_shows_the_top_rows_with_the_count(view: widgets.Explorer) -> None:
    health = api.health(view.workspace, as_of=AS_OF)
    assert view.health.equals(health)
    assert f"{health.height} of {health.height} people match" in view.table.caption.value
    rows = view.table.rows
    assert rows.height == 50
    assert rows["priority"].to_list() == sorted(rows["priority"].to_list(), reverse=True)
    top = health.sort("priority", descending=True, nulls_last=True).row(0, named=True)
    assert rows["person_id"][0] == top["person_id"]
    for heading in ("Name", "Company", "Layer", "Status", "Days since contact", "Strength", "Why"):
        assert f">{heading}</th>" in view.table.grid.value
    # The picker lists the table's rows and the card shows the first.
    assert [v for _, v in view.picker.options] == rows["person_id"].to_list()
    assert view.card.person_id == top["person_id"]
    view.filters.limit.value = 25
    assert view.table.rows.height == 25 and "top 25 shown" in view.table.caption.value
    view.filters.order.value = "name"
    names = view.table.rows["full_name"].to_list()
    assert names == sorted(health["full_name"].to_list())[:25]


def test_filters_narrow_the_table(view: widgets.Explorer) -> None:
    health = view.health
    view.filters.layer.value = "support"
    expected = health.filter(pl.col("layer") == "support")
    assert set(view.table.rows["person_id"]) == set(expected["person_id"])
    assert f"{expected.height} of {health.height} people match" in view.table.caption.value
    view.filters.layer.value = ""
    view.filters.status.value = "dormant"
    assert set(view.table.rows["status"]) == {"dormant"}
    assert view.matches.height == health.filter(pl.col("status") == "dormant").height
    view.filters.status.value = ""
    view.filters.text.value = "COBALT"  # name, company or position, any case
    rows = view.table.rows
    assert rows.height > 0
    assert all(
        "cobalt" in " ".join(filter(None, (r["full_name"], r["company"], r["position"]))).lower()
        for r in rows.iter_rows(named=True)
    )
    company = rows["company"][0]
    view.filters.text.value = ""
    view.filters.company.value = company.upper()[:6]
    assert (
        view.matches.height
        == health.filter(
            pl.col("company").str.to_lowercase().str.contains(company.lower()[:6], literal=True)
        ).height
    )
    assert view.filters.company.options  # the most common companies are suggested
    view.filters.company.value = "no such company at all"
    assert view.table.rows.is_empty() and "No one matches" in view.table.grid.value
    assert view.card.person_id is None and view.picker.options == ()
    assert view.actions.person is None


def test_role_and_tag_filters_follow_what_was_set(view: widgets.Explorer) -> None:
    person_id, _ = pick(view, 3)
    view.actions.role.value = "Mentor"
    view.actions.tags.value = "alumni, climbing"
    view.actions.set_button.click()
    assert "mentor" in [v for _, v in view.filters.role.options]
    assert {"alumni", "climbing"} <= {v for _, v in view.filters.tag.options}
    view.filters.role.value = "mentor"
    assert view.table.rows["person_id"].to_list() == [person_id]
    view.filters.role.value = widgets.filters.NO_ROLE
    assert person_id not in view.table.rows["person_id"].to_list()
    assert view.matches.height == view.health.height - 1
    view.filters.role.value = ""
    view.filters.tag.value = "climbing"
    assert view.table.rows["person_id"].to_list() == [person_id]


def test_selecting_a_person_shows_their_card(view: widgets.Explorer) -> None:
    person_id, name = pick(view, 2)
    row = view.snapshot.person(person_id)
    assert view.card.person_id == person_id
    assert f">{html.escape(name)}</div>" in view.card.header.value
    assert f"{row['position']} at {row['company']}" in view.card.header.value
    assert f"{row['status']} · {row['layer']}" in view.card.header.value
    assert f">{row['days_since_contact']}</td>" in view.card.numbers.value
    timeline = figure(view.card.timeline)
    touches = view.snapshot.touches_of(person_id)
    assert sum(len(trace["x"]) for trace in timeline["data"]) == touches.height > 0
    assert {trace["name"] for trace in timeline["data"]} <= {
        "outbound",
        "inbound",
        "mutual",
        "unknown",
    }
    breakdown = figure(view.card.breakdown)
    component = breakdown["data"][0]
    assert len(component["y"]) == 6 and component["y"][0].startswith("recency")
    assert component["x"][0] == pytest.approx(row["strength_recency"])
    assert view.actions.person == userdata.Person(person_id, name)
    assert html.escape(name) in view.actions.target.value


def test_logging_a_touch_writes_and_refreshes(view: widgets.Explorer) -> None:
    ws = view.workspace
    person_id, name = pick(view, 4)
    before = health_row(ws, person_id)
    assert before["days_since_contact"] > 0
    touches = view.snapshot.touches_of(person_id).height
    actions = view.actions
    actions.channel.value = "meeting"
    actions.on.value = AS_OF
    actions.note.value = "coffee, talked about the new team"
    actions.gave.value = "intro"
    actions.log_button.click()

    log = ws.table("log")
    assert log.height == 1
    entry = log.row(0, named=True)
    assert entry["person_id"] == person_id and entry["channel"] == "meeting"
    assert entry["note"] == "coffee, talked about the new team"
    assert (entry["value"], entry["detail"]) == ("given", "intro")
    assert health_row(ws, person_id)["days_since_contact"] == 0
    # The views were recomputed: the same person is still shown, with the new touch.
    assert view.snapshot.person(person_id)["days_since_contact"] == 0
    assert view.card.person_id == person_id and view.picker.value == person_id
    assert view.snapshot.touches_of(person_id).height == touches + 1
    assert sum(len(t["x"]) for t in figure(view.card.timeline)["data"]) == touches + 1
    assert ">0</td>" in view.card.numbers.value
    assert f"Logged meeting with {name} on {AS_OF}" in view.status.value
    assert "netbook-ok" in view.status.value
    assert actions.note.value == "" and actions.gave.value == ""


def test_snooze_set_and_wake(view: widgets.Explorer) -> None:
    ws = view.workspace
    person_id, name = pick(view, 0)
    view.actions.until.value = AS_OF + timedelta(days=10)
    view.actions.snooze_button.click()
    assert f"Snoozed {name} until {AS_OF + timedelta(days=10)}" in view.status.value
    assert health_row(ws, person_id)["status"] == "snoozed"
    assert view.snapshot.person(person_id)["status"] == "snoozed"
    assert view.card.person_id == person_id  # kept, though the table order changed
    view.actions.cadence.value = "6w"
    view.actions.closeness.value = 4
    view.actions.set_button.click()
    assert f"Saved for {name}" in view.status.value
    row = health_row(ws, person_id)
    assert row["cadence_days"] == 42
    view.actions.wake_button.click()
    assert health_row(ws, person_id)["status"] != "snoozed"
    assert "awake again" in view.status.value


def test_errors_are_shown_in_the_widget(view: widgets.Explorer) -> None:
    ws = view.workspace

    def error() -> str:
        assert "netbook-error" in view.status.value, view.status.value
        return str(view.status.value)

    view.finder.value = "Nobody Byth Isname"
    view.find_button.click()
    assert "nobody matches" in error()
    view.finder.value = "Juniper"  # several people share the surname
    view.find_button.click()
    assert re.search(r"matches \d+ people: Ingrid Juniper", error())
    assert "nothing changed" in error()
    view.finder.value = view.health.sort("full_name")["full_name"][7]
    view.find_button.click()
    assert "Opened" in view.status.value
    assert view.card.person_id == view.health.sort("full_name")["person_id"][7]

    view.actions.on.value = None
    view.actions.log_button.click()
    assert "the touch has no date" in error()
    view.actions.cadence.value = "soon"
    view.actions.set_button.click()
    assert "cannot read cadence" in error()
    view.actions.cadence.value = ""
    view.actions.set_button.click()
    assert "nothing to save" in error()
    view.actions.until.value = AS_OF - timedelta(days=1)
    view.actions.snooze_button.click()
    assert "a snooze needs a day after the as-of date" in error()
    view.filters.text.value = "no such person anywhere"
    view.actions.log_button.click()
    assert "nobody is selected" in error()
    assert ws.table("log").is_empty() and ws.table("facts").is_empty()


def test_untrusted_text_is_escaped(view: widgets.Explorer) -> None:
    ws = view.workspace
    ws.import_paths([UNTRUSTED], source="vcard")
    userdata.log_touch(ws, "untrusted@example.com", channel="meeting", on=AS_OF)
    view.refresh_button.click()
    assert "Refreshed" in view.status.value
    view.filters.text.value = "script"
    assert view.table.rows["full_name"].to_list() == [SCRIPT]
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    values = {
        "table": view.table.grid.value,
        "header": view.card.header.value,
        "numbers": view.card.numbers.value,
        "target": view.actions.target.value,
    }
    assert escaped in values["table"] and escaped in values["header"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in values["table"]
    assert "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in values["header"]
    view.actions.log_button.click()
    values["status"] = view.status.value
    assert f"with {escaped} on" in values["status"]
    for name, value in values.items():
        assert "<script" not in value and "<img" not in value and "<b>bold" not in value, name
    # Dropdown labels are plain text in the browser: the name is kept as typed.
    assert view.picker.label.startswith(SCRIPT)
    table = widgets.people_table(view.matches)
    assert escaped in table.grid.value and "<script" not in table.grid.value


def test_public_pieces(ws: Workspace) -> None:
    card = widgets.contact_card(ws, "Jonas Müllerwald", as_of=AS_OF.isoformat())
    assert "Jonas Müllerwald" in card.header.value
    assert figure(card.timeline)["data"]
    with pytest.raises(PersonNotFoundError):
        widgets.contact_card(ws, "Nobody Byth Isname", as_of=AS_OF)
    due = api.due(ws, as_of=AS_OF)
    table = widgets.people_table(due, limit=5)
    assert table.rows.equals(due.head(5))
    assert f"{due.height} people" in table.caption.value
    overview = widgets.overview_figure(due)
    assert sum(sum(t["y"]) for t in overview.to_dict()["data"]) == due.height
    with pytest.raises(NetbookError, match="cannot read as_of"):
        widgets.explorer(ws, as_of="16 Nov")
    view = widgets.explorer(str(ws.root), as_of="2026-11-16", limit=10)
    assert view.as_of == AS_OF and view.table.rows.height == 10


def test_load_workspace_imports_the_sample_once(tmp_path: Path) -> None:
    ws = widgets.load_workspace(tmp_path / "fresh", sample=SAMPLE)
    assert ws.exists and ws.table("imports").height == 1
    again = widgets.load_workspace(tmp_path / "fresh", sample=SAMPLE)
    assert again.table("imports").height == 1
    empty = widgets.explorer(tmp_path / "empty", as_of=AS_OF)
    assert empty.table.rows.is_empty() and empty.card.person_id is None


def test_a_timeline_without_touches() -> None:
    touches = pl.DataFrame(
        schema={
            "occurred_at": pl.Datetime("us", "UTC"),
            "channel": pl.String,
            "direction": pl.String,
            "value": pl.String,
        }
    )
    spec = widgets.timeline_figure(touches, as_of=AS_OF).to_dict()
    assert not spec["data"]
    assert spec["layout"]["annotations"][0]["text"] == "no touches yet"


def test_the_week_plan_widget_shows_the_plan_and_done_drops_an_item(ws: Workspace) -> None:
    panel = widgets.week_plan(ws, as_of=AS_OF)
    expected = api.plan(ws, as_of=AS_OF)
    assert panel.plan.equals(expected)
    assert 1 <= len(panel.buttons) == expected.height <= 10
    text = "".join(getattr(c, "value", "") for c in panel.children[1:2])
    assert "Done" not in text  # the buttons are buttons, the rows are escaped text
    first = expected.row(0, named=True)
    panel.buttons[0].click()
    assert "Done: " in panel.status.value
    assert first["person_id"] not in panel.plan["person_id"].to_list()
    assert panel.plan.height == expected.height - 1
    # What Done wrote is in the workspace: a logged touch (or a kept promise).
    assert api.plan(ws, as_of=AS_OF).equals(panel.plan)


def test_the_rate_widget_stores_ratings_and_reports_agreement(ws: Workspace) -> None:
    panel = widgets.rate(ws, as_of=AS_OF)
    assert panel.people.height == 20 == len(panel.choices)
    for n, choice in enumerate(panel.choices[:14]):
        choice.value = 1 + n % 5
    panel.save()
    rated = ws.people().filter(pl.col("closeness").is_not_null()).collect()
    assert rated.height == 14
    assert "14 ratings saved" in panel.status.value
    assert "Spearman" in panel.status.value


def test_the_contact_card_undoes_a_logged_touch(view: widgets.Explorer) -> None:
    ws = view.workspace
    person_id, name = pick(view, 5)
    actions = view.actions
    assert actions.logged.options == ()  # nothing logged with them yet
    actions.channel.value = "call"
    actions.on.value = AS_OF
    actions.note.value = "wrong person"
    actions.log_button.click()
    [entry] = ws.table("log")["entry_id"].to_list()
    assert [value for _, value in actions.logged.options] == [entry]
    assert actions.logged.options[0][0] == f"{AS_OF} call: wrong person"
    actions.logged.value = entry
    actions.undo_button.click()
    assert ws.table("log").is_empty()
    assert f"Removed the call with {name} ({entry})" in view.status.value
    assert actions.logged.options == ()
    assert view.card.person_id == person_id
    # A day after today is refused in the widget as on the command line.
    actions.on.value = api.today(ws) + timedelta(days=2)
    actions.log_button.click()
    assert "is after today" in view.status.value and "pick the day it happened" in view.status.value
    assert ws.table("log").is_empty()


def test_the_overview_and_due_table_follow_the_explorers_actions(view: widgets.Explorer) -> None:
    overview, due, plan = view.overview(), view.due_table(limit=20), view.week_plan()
    queue = api.due(view.workspace, as_of=AS_OF)
    assert due.rows.equals(queue.head(20)) and "most urgent first" in due.caption.value
    first = queue.row(0, named=True)
    assert f"{queue.height} people" in due.caption.value

    def counts(spec: dict[str, Any]) -> dict[str, int]:
        return {t["name"]: sum(t["y"]) for t in spec["data"]}

    before = counts(figure(overview))
    assert view.select(first["person_id"])
    view.actions.channel.value = "meeting"
    view.actions.on.value = AS_OF
    view.actions.log_button.click()
    assert "Logged meeting" in view.status.value
    # Logged: they leave the due queue and the chart counts them as ok, without re-running a cell.
    assert first["person_id"] not in due.rows["person_id"].to_list()
    assert f"{queue.height - 1} people" in due.caption.value
    after = counts(figure(overview))
    assert after.get("ok", 0) == before.get("ok", 0) + 1
    assert after[first["status"]] == before[first["status"]] - 1
    # Done in the plan redraws the explorer's views too.
    shown = due.rows.height
    done = plan.plan.row(0, named=True)
    plan.buttons[0].click()
    assert "Done: " in plan.status.value
    assert done["person_id"] not in plan.plan["person_id"].to_list()
    assert view.snapshot.person(done["person_id"])["days_since_contact"] == 0
    assert due.rows.height <= shown


def test_timeline_markers_of_the_same_moment_are_stacked_apart() -> None:
    touches = pl.DataFrame(
        {
            "occurred_at": [datetime(2026, 11, 2, 9), datetime(2026, 11, 2, 9, 5)] * 3
            + [datetime(2025, 1, 1)],
            "channel": ["message"] * 6 + ["meeting"],
            "direction": ["outbound", "inbound"] * 3 + ["mutual"],
            "value": [None] * 7,
        }
    ).with_columns(pl.col("occurred_at").dt.replace_time_zone("UTC"))
    spec = widgets.timeline_figure(touches, as_of=AS_OF).to_dict()
    rows = [y for trace in spec["data"] for y in trace["y"]]
    assert len(rows) == 7 and len(set(rows)) == 7  # no two markers on the same spot
    axis = spec["layout"]["yaxis"]
    centre = dict(zip(axis["ticktext"], axis["tickvals"], strict=True))
    assert set(centre) == {"message", "meeting"}
    message = [y for y in rows if abs(y - centre["message"]) <= 0.4]
    assert len(message) == 6  # all within the message row, apart from the meeting's
    assert [y for y in rows if y not in message] == [centre["meeting"]]
    # The same touches always draw the same.
    assert widgets.timeline_figure(touches, as_of=AS_OF).to_dict() == spec


def test_html_table_shows_whole_values_escaped_and_aligned() -> None:
    why = "asked you something 10 days ago and has not had an answer yet; " * 3
    frame = pl.DataFrame(
        {
            "full_name": [SCRIPT, "Ann"],
            "why": [why, None],
            "strength": [0.5, 0.25],
            "now": ["92%", "+6 pts"],
        }
    )
    table = widgets.html_table(frame, headings={"now": "This month"})
    page = table._repr_html_()
    assert html.escape(why, quote=True) in page and "…" not in page and "..." not in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert ">Name</th>" in page and ">Why</th>" in page and ">This month</th>" in page
    cells = re.findall(r'<td style="([^"]*)">([^<]*)</td>', page)
    align = {value: re.search(r"text-align:(\w+)", style)[1] for style, value in cells}  # type: ignore[index]
    assert align["Ann"] == "left" and align["0.50"] == "right" and align["92%"] == "right"
    assert align["–"] == "left"  # a missing why is a text cell
    assert widgets.html_table(frame.clear())._repr_html_() == "<p><i>Nothing to show.</i></p>"
    assert repr(table).splitlines()[0] == "Name | Why | Strength | This month"


def test_the_people_table_aligns_text_left_and_numbers_right(view: widgets.Explorer) -> None:
    grid = view.table.grid.value
    assert '<th style="text-align:left">Name</th>' in grid
    assert '<th class="num" style="text-align:right">Days since contact</th>' in grid
