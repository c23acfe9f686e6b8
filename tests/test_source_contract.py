"""The checked contract between a source and the store, and the builder sources share."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace, schema
from netbook.errors import ContractError, NetbookError
from netbook.sources import Loaded, OwnerHint, file_row, noise_rows
from netbook.sources.contract import checked
from netbook.store import TABLES

AT = datetime(2024, 3, 14, 17, 30, tzinfo=UTC)


def people(*ids: str) -> pl.DataFrame:
    frame = pl.DataFrame({"person_id": list(ids), "full_name": [f"Person {i}" for i in ids]})
    return schema.conform(frame, schema.PEOPLE).collect()


def interactions(*rows: tuple[str, str]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "interaction_id": [i for i, _ in rows],
            "person_id": [p for _, p in rows],
            "occurred_at": [AT] * len(rows),
            "channel": ["event"] * len(rows),
            "direction": ["mutual"] * len(rows),
            "source": ["broken"] * len(rows),
        }
    )
    return schema.conform(frame, schema.INTERACTIONS).collect()


class Broken:
    """A plugin whose ``load`` returns whatever the test sets."""

    name = "broken"
    description = "a source with a bug"

    def __init__(self, result: Loaded) -> None:
        self.result = result

    def detect(self, path: Path) -> bool:
        return True

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        return self.result


def result(**frames: pl.DataFrame) -> Loaded:
    frames.setdefault("people", people("a", "b"))
    frames.setdefault("interactions", interactions(("i1", "a"), ("i2", "b")))
    return Loaded.of(
        "broken",
        "x.json",
        files=[file_row("x.json", "broken", rows=2, raw=b"{}")],
        **frames,  # type: ignore[arg-type]
    )


def stored(ws: Workspace) -> dict[str, int]:
    return {table: ws.table(table).height for table in TABLES}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "x.json"
    path.write_text("{}", encoding="utf-8")
    return path


def test_a_good_result_is_stored(tmp_path: Path, export: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (imported,) = ws.import_paths([export], source=Broken(result()))
    assert (imported.written.people_added, imported.written.interactions_added) == (2, 2)
    assert ws.table("import_files")["sha256"].to_list() == [
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    ]


@pytest.mark.parametrize(
    ("frames", "rule"),
    [
        (
            {"interactions": interactions(("i1", "a"), ("i1", "b"))},
            r"interactions\.interaction_id is a primary key and 2 rows share one \(first: 'i1'\)",
        ),
        (
            {"interactions": interactions(("i1", "a"), ("i2", "nobody"))},
            r"every interactions\.person_id must be a people\.person_id of the same result, "
            r"and 1 row\(s\) are not \(first: 'nobody'\)",
        ),
        (
            {"interactions": interactions(("i1", "a")).drop("occurred_at")},
            r"interactions has no column 'occurred_at'",
        ),
        (
            {
                "interactions": interactions(("i1", "a")).with_columns(
                    pl.lit(None, schema.UTC).alias("occurred_at")
                )
            },
            r"interactions\.occurred_at is required and is null in 1 row\(s\)",
        ),
        (
            {"people": people("a", "b").with_columns(pl.col("tags").cast(pl.String))},
            r"people\.tags is String, not List\(String\)",
        ),
    ],
    ids=["duplicate key", "missing person", "missing column", "null required", "wrong type"],
)
def test_a_broken_result_is_one_line_naming_the_plugin_and_the_rule_and_nothing_is_stored(
    tmp_path: Path, export: Path, frames: dict[str, pl.DataFrame], rule: str
) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export], source=Broken(result()))
    before = stored(ws)
    with pytest.raises(
        ContractError,
        match=rf"^source 'broken' broke the source contract: {rule}; nothing was stored",
    ) as caught:
        ws.import_paths([export], source=Broken(result(**frames)))
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, NetbookError) and caught.value.exit_code == 2
    assert stored(ws) == before


def test_the_check_hands_back_collected_frames() -> None:
    loaded = checked(result())
    assert loaded.interactions.collect()["interaction_id"].to_list() == ["i1", "i2"]
    assert loaded.people.explain().startswith("DF [")  # collected once, not read again


def test_the_builder_fills_the_report_row_and_empty_tables() -> None:
    loaded = Loaded.of(
        "demo",
        Path("a.csv"),
        files=[
            file_row("a.csv", "csv", rows=4, noise=1, failed=1, raw=b"abc", times=pl.Series([AT]))
        ],
        noise=noise_rows("a.csv", {"the owner": 1, "spam": 0}),
        failures=[{"file": "a.csv", "line": 3, "column": "email", "reason": "unreadable"}],
    )
    row = loaded.files.row(0, named=True)
    assert (row["status"], row["kept"], row["first_at"], row["last_at"]) == ("read", 2, AT, AT)
    assert row["sha256"].startswith("ba7816bf")
    assert loaded.files.schema == schema.FILES and loaded.failures.schema == schema.FAILURES
    assert loaded.noise.rows() == [("a.csv", "the owner", 1)]
    assert loaded.path == "a.csv"
    assert loaded.interactions.collect().schema == schema.INTERACTIONS
    assert loaded.owner.schema == schema.OWNER and loaded.events.is_empty()


class Owning(Broken):
    """A source that says it is the user's own account."""

    owner_priority = 1


def named(owner: str) -> Loaded:
    loaded = result()
    loaded.owner = schema.conform(pl.DataFrame({"full_name": [owner]}), schema.OWNER).collect()
    return loaded


def test_a_source_declares_whether_its_owner_replaces_the_stored_one(
    tmp_path: Path, export: Path
) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export], source=Broken(named("Guessed Owner")))
    ws.import_paths([export], source=Broken(named("Another Guess")))
    assert ws.table("owner")["full_name"].to_list() == ["Guessed Owner"]  # only fills a gap
    ws.import_paths([export], source=Owning(named("Ada Owner")))
    assert ws.table("owner")["full_name"].to_list() == ["Ada Owner"]  # the account's own
    ws.import_paths([export], source=Broken(named("Late Guess")))
    assert ws.table("owner")["full_name"].to_list() == ["Ada Owner"]
