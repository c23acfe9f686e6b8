"""The explorer's brief tab and "who do I know at" box, on a calendar with planned meetings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netbook.widgets import explorer
from netbook.workspace import Workspace

DATA = Path(__file__).parent / "data" / "calendar"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    shutil.copy(DATA / "planned_v2.ics", tmp_path / "calendar.ics")
    workspace.import_paths([tmp_path / "calendar.ics"])
    with workspace.connect(write=True) as connection:
        connection.execute(
            "UPDATE people SET full_name = '<b>Ada</b> Example', company = 'Acme' WHERE person_id IN "
            "(SELECT person_id FROM identities WHERE value = 'ada@example.com')"
        )
    return workspace


def test_the_brief_tab_offers_the_meetings_ahead_and_briefs_them(ws: Workspace) -> None:
    box = explorer(ws, "2026-11-16")
    assert box.tabs.get_title(0) == "brief" and box.tabs.get_title(1) == "who do I know at"
    labels = [label for label, _ in box.brief.meetings.options[1:]]
    assert labels == ["Fri 20 Nov 10:00 · Team sync (moved)", "Sat 21 Nov 12:00 · Lunch with Bo"]
    box.brief.meetings.value = box.brief.meetings.options[1][1]
    shown = box.brief.output.value
    assert "&lt;b&gt;Ada&lt;/b&gt; Example" in shown and "<b>Ada" not in shown
    assert "Cy Example" in shown and "Bo Example" not in shown
    ada = ws.identities().collect().filter(value="ada@example.com")["person_id"][0]
    assert box.select(ada)
    box.brief_person.click()
    person = box.brief.output.value
    assert "Brief as of 2026-11-16" in person and "&lt;b&gt;Ada&lt;/b&gt; Example" in person
    assert "Who: at Acme; in your calendar export; known since 2026-10-01" in person


def test_who_box_lists_people_at_a_company(ws: Workspace) -> None:
    box = explorer(ws, "2026-11-16")
    box.who.query.value = "acme"
    found = box.who.search()
    assert found["full_name"].to_list() == ["<b>Ada</b> Example"]
    assert "&lt;b&gt;Ada&lt;/b&gt;" in box.who.output.value and "<b>Ada" not in box.who.output.value
    box.who.query.value = "   "
    box.who.search()
    assert "needs a company" in box.who.status.value
