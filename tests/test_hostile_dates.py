"""One far-future (or ancient) row never dates an export: it is an unreadable row instead."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from netbook import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
FUTURE = (
    "2-ZZZZ==,,Ada Example,https://www.linkedin.com/in/ada-example,Owner Example,"
    "https://www.linkedin.com/in/owner-example,9999-12-31 23:59:59 UTC,,Hello from the future,"
    "INBOX,No,No\n"
)
ANCIENT = FUTURE.replace("9999-12-31 23:59:59", "0001-01-01 00:00:00").replace("ZZZZ", "YYYY")


def _export(folder: Path) -> Path:
    shutil.copytree(MINI, folder)
    messages = folder / "messages.csv"
    before = messages.read_text(encoding="utf-8")
    messages.write_text(before + FUTURE + ANCIENT, encoding="utf-8")
    return folder


def test_a_message_in_9999_is_unreadable_and_does_not_date_the_export(tmp_path: Path) -> None:
    export = _export(tmp_path / "export")
    lines = len((export / "messages.csv").read_text(encoding="utf-8").splitlines())
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])
    failures = ws.table("failures").filter(pl.col("file") == "messages.csv")
    assert failures["line"].to_list() == [lines - 1, lines]
    assert failures["reason"].str.contains("9999-12-31|0001-01-01").all()
    # The time is well written: the reason says what else a time must be.
    assert failures["reason"].str.ends_with("dated from 1970 up to the import day").all()
    observed = ws.table("observations")["observed_on"]
    assert observed.max() <= date.today()
    at = ws.interactions().collect()["occurred_at"]
    assert at.max().year < 9999  # type: ignore[union-attr]
    assert at.min().year >= 1970  # type: ignore[union-attr]
    assert ws.table("interactions").height == 9


def test_the_export_is_dated_by_its_name(tmp_path: Path) -> None:
    export = _export(tmp_path / "Complete_LinkedInDataExport_03-01-2026")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])
    assert set(ws.table("observations")["observed_on"].to_list()) == {date(2026, 3, 1)}


def test_a_later_genuine_export_still_updates_the_company(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "first")])
    later = tmp_path / f"Complete_LinkedInDataExport_{date.today() - timedelta(days=3):%m-%d-%Y}"
    shutil.copytree(MINI, later)
    connections = later / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    connections.write_text(text.replace('"Analytical Engines, Ltd."', "Difference Works"))
    ws.import_paths([later])
    people = ws.people().collect()
    ada = people.filter(pl.col("full_name").str.starts_with("Ada"))
    assert ada["company"].to_list() == ["Difference Works"]


def test_a_name_dated_9999_is_ignored_for_the_newest_activity(tmp_path: Path) -> None:
    export = _export(tmp_path / "Complete_LinkedInDataExport_12-31-9999")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])
    newest = ws.interactions().collect()["occurred_at"].max()
    assert set(ws.table("observations")["observed_on"].to_list()) == {newest.date()}  # type: ignore[union-attr]
