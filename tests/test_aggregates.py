"""Per person-day aggregates stored at import: used while they match the store, never when stale."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace, aggregates, api, metrics, userdata
from netbook.metrics.replies import replies
from netbook.metrics.reply_days import replies_at
from netbook.metrics.touches import messages, per_person

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)


def _stored(workspace: Workspace) -> aggregates.Aggregates | None:
    with workspace.reading():
        return aggregates.stored(workspace, workspace.settings())


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("person_id").cast(pl.String)).sort(frame.columns[:2])


def test_import_stores_the_aggregates_the_log_gives(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    found = _stored(workspace)
    assert found is not None
    with workspace.reading():
        days, seen, replied = aggregates.compute(workspace, workspace.settings())
    assert found.days.schema == days.schema and found.seen.schema == seen.schema
    assert _sorted(found.days).equals(_sorted(days))
    assert _sorted(found.seen).equals(_sorted(seen))
    assert days.height > 1000
    assert found.replied is not None and replied is not None
    for kept, computed in zip(found.replied, replied, strict=True):
        assert kept.schema == computed.schema
        assert _sorted(kept).equals(_sorted(computed))
    assert found.replied[1]["waits"].sum() > 10


@pytest.mark.parametrize("back", [0, 3, 40, 200, 800])
def test_replies_from_the_stored_days_are_those_of_the_log(tmp_path: Path, back: int) -> None:
    """At any as-of day (the log continues after most of them), byte for byte."""
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    as_of = AS_OF - timedelta(days=back)
    settings = workspace.settings()
    with workspace.reading():
        found = _stored(workspace)
        log = workspace.interactions(metrics.INTERACTION_COLUMNS).collect().lazy()
    assert found is not None and found.replied is not None
    days, threads = found.replied[0].lazy(), found.replied[1].lazy()
    reached = per_person(found.days.lazy(), as_of, settings).select(
        "person_id", "last_outbound_at", "wrote"
    )
    for seen in (reached, None):
        sent = messages(log, as_of, settings.time.zone)
        computed = replies(sent, as_of, settings, seen).collect().sort("person_id")
        stored = replies_at(days, threads, as_of, settings, seen).collect().sort("person_id")
        assert stored.equals(computed)
        assert stored.schema == computed.schema
        assert computed["your_reply_hours"].is_not_null().sum() > 10
        assert back > 200 or computed["unanswered_inbound"].sum() > 0


def test_health_from_the_stored_days_is_that_of_the_log(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    settings = workspace.settings()
    with workspace.reading():
        found = _stored(workspace)
        log = workspace.interactions(metrics.INTERACTION_COLUMNS).collect().lazy()
        people = workspace.people()
    assert found is not None and found.replied is not None
    days, seen = found.days.lazy(), found.seen.lazy()
    kept = (found.replied[0].lazy(), found.replied[1].lazy())
    stored = metrics.health(people, None, AS_OF, settings, days=days, seen=seen, replied=kept)
    computed = metrics.health(people, log, AS_OF, settings, days=days, seen=seen)
    assert stored.collect().equals(computed.collect())
    with pytest.raises(ValueError, match="needs days, seen and replied"):
        metrics.health(people, None, AS_OF, settings, days=days, seen=seen)


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


def test_a_message_without_a_thread_leaves_replies_to_the_log(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    settings = workspace.settings()
    with workspace.reading():
        log = workspace.interactions(metrics.INTERACTION_COLUMNS).collect()
    first = log["channel"].cast(pl.String).eq("message").arg_max()
    unthreaded = log.with_columns(
        pl.when(pl.int_range(pl.len()) == first)
        .then(None)
        .otherwise(pl.col("thread_id"))
        .alias("thread_id")
    )
    assert aggregates.of(log.lazy(), settings).replied is not None
    assert aggregates.of(unthreaded.lazy(), settings).replied is None


def test_a_new_pause_makes_them_stale_and_health_follows_it(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    assert _stored(workspace) is not None
    text = workspace.settings_path.read_text()
    assert "# pause_days = 14" in text
    workspace.settings_path.write_text(text.replace("# pause_days = 14", "pause_days = 2"))
    assert _stored(workspace) is None
    with workspace.reading():
        settings = workspace.settings()
        found = aggregates.compute(workspace, settings)
    assert found.replied is not None
    frame = api.health(workspace, as_of=AS_OF)
    reply_columns = ["person_id", "unanswered_inbound", "unanswered_reason"]
    from_days = metrics.health(
        workspace.people(),
        None,
        AS_OF,
        settings,
        days=found.days.lazy(),
        seen=found.seen.lazy(),
        replied=(found.replied[0].lazy(), found.replied[1].lazy()),
    ).collect()
    assert frame.select(reply_columns).equals(from_days.select(reply_columns))
    assert (frame["unanswered_reason"] == "restarted").sum() > 0


def test_only_an_import_writes_the_interactions() -> None:
    """The fingerprint stands for the interactions by the imports table: no other writer."""
    write = re.compile(r"(INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+interactions\b", re.IGNORECASE)
    source = ROOT / "src" / "netbook"
    writers = {p.name for p in source.rglob("*.py") if write.search(p.read_text("utf-8"))}
    assert writers == set(aggregates.WRITERS)


def _older_imported(tmp_path: Path) -> Workspace:
    """A workspace holding an older export of the sample: the first half of its messages."""
    older = tmp_path / "older"
    shutil.copytree(SAMPLE, older)
    messages_csv = older / "messages.csv"
    lines = messages_csv.read_text("utf-8").splitlines(keepends=True)
    messages_csv.write_text("".join(lines[: len(lines) // 2]), "utf-8")
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([older])
    return workspace


def test_an_import_makes_them_stale_until_they_are_refreshed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _older_imported(tmp_path)
    assert _stored(workspace) is not None
    before = api.health(workspace, as_of=AS_OF)
    refresh = aggregates.refresh
    monkeypatch.setattr(aggregates, "refresh", lambda *args, **kwargs: None)
    workspace.import_paths([SAMPLE])  # the newer export adds messages; nothing is aggregated
    assert _stored(workspace) is None
    from_log = api.health(workspace, as_of=AS_OF)
    assert from_log["touches_365d"].sum() > before["touches_365d"].sum()
    refresh(workspace)
    assert _stored(workspace) is not None
    assert api.health(workspace, as_of=AS_OF).equals(from_log)


def _folders(workspace: Workspace) -> list[Path]:
    return sorted((workspace.root / aggregates.FOLDER).iterdir())


def test_they_are_kept_as_private_files_one_folder_per_store_state(tmp_path: Path) -> None:
    workspace = _older_imported(tmp_path)
    (first,) = _folders(workspace)
    names = {p.name for p in first.iterdir()}
    assert names == {aggregates.DAYS, aggregates.SEEN, aggregates.REPLIES, aggregates.THREADS}
    assert first.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in first.iterdir()} == {0o600}
    workspace.import_paths([SAMPLE])
    (second,) = _folders(workspace)  # the stale folder is gone
    assert second != first
    found = _stored(workspace)
    assert found is not None
    # Each person's days together and in date order, as read (no sort needed after reading).
    days = found.days.with_columns(pl.col("person_id").cast(pl.String))
    runs = days.select(pl.col("person_id").rle_id().max() + 1).item()
    assert runs == days["person_id"].n_unique()
    assert days.select((pl.col("local_day").diff().over(pl.col("person_id")) > 0).all()).item()


@pytest.mark.parametrize("damage", ["deleted", "truncated", "emptied"])
def test_health_is_the_same_without_them_or_with_them_damaged(tmp_path: Path, damage: str) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    kept = api.health(workspace, as_of=AS_OF)
    (folder,) = _folders(workspace)
    days = folder / aggregates.DAYS
    if damage == "deleted":
        shutil.rmtree(workspace.root / aggregates.FOLDER)
    elif damage == "truncated":
        days.write_bytes(days.read_bytes()[:5000])
    else:
        days.write_bytes(b"")
    assert _stored(workspace) is None
    assert api.health(workspace, as_of=AS_OF).equals(kept)
    # The next import keeps them again, whole.
    workspace.import_paths([SAMPLE])
    assert _stored(workspace) is not None
    assert api.health(workspace, as_of=AS_OF).equals(kept)


def test_the_tables_an_older_netbook_kept_them_in_are_dropped(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    kept = api.health(workspace, as_of=AS_OF)
    with workspace.transaction() as connection:
        for name in aggregates.LEGACY:
            connection.execute(f"CREATE TABLE {name} AS SELECT 1 AS x")
    with workspace.reading():
        assert workspace.reader is not None
        assert aggregates._legacy(workspace.reader) == sorted(aggregates.LEGACY)
    aggregates.refresh(workspace)
    with workspace.reading():
        assert workspace.reader is not None
        assert aggregates._legacy(workspace.reader) == []
    assert api.health(workspace, as_of=AS_OF).equals(kept)


def test_a_folder_that_cannot_be_written_only_leaves_them_unkept(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.import_paths([SAMPLE])
    kept = api.health(workspace, as_of=AS_OF)
    shutil.rmtree(workspace.root / aggregates.FOLDER)
    (workspace.root / aggregates.FOLDER).write_text("not a folder")  # a file in the way
    workspace.import_paths([SAMPLE])  # imports, and says nothing about the derived data
    assert _stored(workspace) is None
    assert api.health(workspace, as_of=AS_OF).equals(kept)
