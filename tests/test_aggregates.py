"""Per person-day aggregates stored at import: used while they match the store, never when stale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from netbook import Workspace, aggregates, api, userdata

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)


def _stored(workspace: Workspace) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    with workspace.reading():
        assert workspace.reader is not None
        return aggregates.stored(workspace.reader, workspace.settings())


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("person_id").cast(pl.String)).sort(frame.columns[:2])


def test_import_stores_the_aggregates_the_log_gives(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    found = _stored(workspace)
    assert found is not None
    with workspace.reading():
        days, seen = aggregates.compute(workspace, workspace.settings())
    assert found[0].schema == days.schema and found[1].schema == seen.schema
    assert _sorted(found[0]).equals(_sorted(days))
    assert _sorted(found[1]).equals(_sorted(seen))
    assert days.height > 1000


def test_a_logged_touch_makes_them_stale_and_health_still_sees_it(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    before = api.health(workspace, as_of=AS_OF)
    person = before.filter(pl.col("contact_days") == 0)["person_id"][0]
    userdata.log_touch(workspace, person, channel="call", on=AS_OF)
    assert _stored(workspace) is None
    after = api.health(workspace, as_of=AS_OF).filter(pl.col("person_id") == person)
    assert after["contact_days"].to_list() == [1]
    assert after["days_since_contact"].to_list() == [0]


def test_a_new_zone_makes_them_stale(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    assert _stored(workspace) is not None
    text = workspace.settings_path.read_text()
    assert '# zone = "Europe/Berlin"' in text
    workspace.settings_path.write_text(
        text.replace('# zone = "Europe/Berlin"', 'zone = "Pacific/Kiritimati"')
    )
    assert workspace.settings().time.zone == "Pacific/Kiritimati"
    assert _stored(workspace) is None
