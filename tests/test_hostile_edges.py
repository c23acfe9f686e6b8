"""Tracebacks where a line is promised: dates and numbers at the edge, full disks, odd paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

import clirun
from netbook import ConfigError, NetbookError, StoreError, Workspace
from netbook.cli import app
from netbook.settings import load_settings
from netbook.store import TABLES
from stores import copy_workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"


@pytest.fixture(scope="module")
def ws(mini_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    yield copy_workspace(mini_store, tmp_path_factory.mktemp("edges") / "ws")


def counts(ws: Workspace) -> dict[str, int]:
    return {t: ws.table(t).height for t in TABLES}


def fails(ws: Workspace, *args: str) -> NetbookError:
    result = CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])
    assert isinstance(result.exception, NetbookError), (args, result.exception, result.output)
    return result.exception


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize(
    "command",
    [["due"], ["summary"], ["structure"], ["goals"], ["remind", "--ics", "x.ics"], ["health"]],
    ids=lambda c: c[0],
)
def test_as_of_at_the_ends_of_the_calendar(ws: Workspace, command: list[str], day: str) -> None:
    before = counts(ws)
    error = fails(ws, *command, "--as-of", day)
    assert str(error) == f"--as-of {day} is out of range (use a day from 1970-01-01 to 2199-12-31)"
    assert counts(ws) == before


def test_remind_days_and_log_on_are_bounded(ws: Workspace, tmp_path: Path) -> None:
    before = counts(ws)
    ics = str(tmp_path / "r.ics")
    error = fails(ws, "remind", "--ics", ics, "--as-of", "2026-11-16", "--days", "999999999")
    assert "--days 999999999 is too far ahead" in str(error)
    error = fails(ws, "log", "Ada", "-c", "call", "--on", "9999-12-31T23:00-05:00")
    assert "--on 9999-12-31T23:00-05:00 is out of range" in str(error)
    assert counts(ws) == before


def test_settings_at_the_int64_maximum_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "netbook.toml"
    for body in (
        "[rituals]\nfollow_up_days = 9223372036854775807\n",
        "[thresholds]\ndormant_years = 1e300\n",
        "[thresholds]\ndormant_years = inf\n",
    ):
        path.write_text(body, encoding="utf-8")
        with pytest.raises(ConfigError, match=r"follow_up_days|dormant_years"):
            load_settings(path)


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--as-of", "2026-11-16", "-f", "csv", "-o"),
        ("structure", "--as-of", "2026-11-16", "--chart"),
        ("remind", "--as-of", "2026-11-16", "--ics"),
        ("goals", "--as-of", "2026-11-16", "-o"),
    ],
    ids=lambda a: a[0],
)
def test_an_unwritable_output_is_one_line(ws: Workspace, tmp_path: Path, args: tuple[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "out"
    error = fails(ws, *args, str(target))
    assert str(error).startswith(f"{target}: cannot be written (")


class FullDisk:
    """A DuckDB connection whose COMMIT fails as on a full disk."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def execute(self, query: str, *args: Any) -> Any:
        if query.strip().upper() == "COMMIT":
            raise duckdb.IOException("Could not write file: No space left on device")
        return self._connection.execute(query, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def test_a_full_disk_during_import_names_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([MINI])
    before = counts(ws)
    real = duckdb.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        connection = real(*args, **kwargs)
        return FullDisk(connection) if not kwargs.get("read_only") else connection

    monkeypatch.setattr("netbook.workspace.duckdb.connect", connect)
    changed = tmp_path / "changed"
    changed.mkdir()
    for file in MINI.iterdir():
        (changed / file.name).write_bytes(file.read_bytes().replace(b"Ada", b"Ida"))
    with pytest.raises(StoreError, match=r"netbook\.duckdb: could not be written .*No space left"):
        ws.import_paths([changed])
    monkeypatch.undo()
    assert counts(ws) == before


def test_a_full_disk_during_remind_names_the_file(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("netbook.rituals.remind.os.fsync", full)
    target = tmp_path / "r.ics"
    error = fails(ws, "remind", "--as-of", "2026-11-16", "--ics", str(target))
    assert str(error).startswith(f"{target}: cannot be written (No space left on device)")
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_an_unwritable_review_folder_is_one_line(ws: Workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "reviews"
    blocker.write_text("a file where the reports should go", encoding="utf-8")
    done = clirun.netbook(
        "review", "--as-of", "2026-11-16", "--out", str(blocker / "x"), "--workspace", str(ws.root)
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and str(blocker) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
