"""``netbook who`` and ``netbook intros`` on the sample and a later export with job changes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from netbook.brief.edges import edges
from netbook.brief.intros import intros, record_intro
from netbook.brief.who import who
from netbook.cli import app
from netbook.errors import NetbookError
from netbook.rituals.ties import add_knows, company_key
from netbook.sample import LaterTruth, write_later_sample, write_sample
from netbook.workspace import Workspace

SIZE = {"seed": 7, "connections": 300, "messages": 3000}
LATER = date(2026, 12, 16)


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, LaterTruth]:
    root = tmp_path_factory.mktemp("who")
    write_sample(root / "first", zip=True, **SIZE)
    truth = write_later_sample(root / "later", zip=True, **SIZE)
    ws = Workspace(root / "ws")
    ws.import_paths([*(root / "first").glob("*.zip"), *(root / "later").glob("*.zip")])
    return ws, truth


def test_who_finds_everyone_at_a_company_and_those_who_left(
    later: tuple[Workspace, LaterTruth],
) -> None:
    ws, truth = later
    moved = next(c for c in truth.changes if c.kind == "new company")
    old = moved.from_company
    found = who(ws, old, LATER)
    people = ws.people().collect()
    now = people.filter(company_key(pl.col("company")).str.contains(old.lower(), literal=True))
    assert set(now["person_id"]) <= set(found["person_id"])
    left = found.filter(pl.col("match").str.contains("until"))
    assert moved.person_id in left["person_id"].to_list()
    assert found["strength"].to_list() == sorted(found["strength"].to_list(), reverse=True)
    assert found.equals(who(ws, old, LATER))


def test_every_path_edge_is_a_stored_fact(later: tuple[Workspace, LaterTruth]) -> None:
    ws, _ = later
    keys = ws.people().select(company_key(pl.col("company")).alias("key")).collect()["key"]
    company = (
        keys.drop_nulls()
        .value_counts(sort=True)
        .sort(["count", "key"], descending=[True, False])["key"][0]
    )
    found = who(ws, company, LATER).filter(pl.col("path").is_not_null())
    assert not found.is_empty()
    seen = ws.observations().collect()
    for row in found.iter_rows(named=True):
        assert row["edge_kind"] == "colleagues"
        both = seen.filter(
            pl.col("person_id").is_in([row["person_id"], row["via_id"]])
            & (pl.col("company").str.to_lowercase() == row["edge_key"].lower())
        )
        days = both.group_by("observed_on").agg(pl.col("person_id").n_unique())
        assert (days["person_id"] == 2).any(), row
        assert row["path"].startswith(f"via {row['via']}: colleague at {row['edge_key']}")


def test_intros_never_pair_people_who_know_each_other(
    later: tuple[Workspace, LaterTruth], tmp_path: Path
) -> None:
    ws = Workspace(tmp_path / "ws")
    shutil.copytree(later[0].root, ws.root)
    found = intros(ws, LATER)
    assert 0 < found.height <= 10
    facts = edges(ws, LATER)
    linked = set(zip(facts["a_id"], facts["b_id"], strict=True))
    pairs = list(zip(found["a_id"], found["b_id"], strict=True))
    assert not linked & set(pairs)
    assert len({p for pair in pairs for p in pair}) == 2 * len(pairs)
    a, b = pairs[0]
    add_knows(ws, a, b)
    assert (a, b) not in set(zip(*intros(ws, LATER).select("a_id", "b_id"), strict=True))
    c, d = pairs[1]
    touches = ws.table("log").height
    assert record_intro(ws, c, d, LATER)[2]
    assert not record_intro(ws, d, c, LATER)[2]
    assert ws.table("log").height == touches + 2
    again = intros(ws, LATER)
    assert (c, d) not in set(zip(again["a_id"], again["b_id"], strict=True))


def test_command_line(later: tuple[Workspace, LaterTruth]) -> None:
    ws, truth = later
    runner = CliRunner()
    base = ["--as-of", LATER.isoformat(), "-w", str(ws.root)]
    first = runner.invoke(app, ["who", truth.changes[0].from_company or "", *base, "-f", "json"])
    assert first.exit_code == 0, first.output
    assert (
        first.output
        == runner.invoke(
            app, ["who", truth.changes[0].from_company or "", *base, "-f", "json"]
        ).output
    )
    listed = runner.invoke(app, ["intros", *base, "--format", "csv"])
    assert listed.exit_code == 0 and listed.output.startswith("a_id,a_name,b_id,b_name")
    assert listed.output == runner.invoke(app, ["intros", *base, "--format", "csv"]).output
    wrong = runner.invoke(app, ["intros", "undo", "x", "y", "-w", str(ws.root)])
    assert isinstance(wrong.exception, NetbookError)
    assert "unknown" in str(wrong.exception)


def test_facts_about_a_few_people_are_the_whole_facts_about_them(
    later: tuple[Workspace, LaterTruth],
) -> None:
    ws, _ = later
    full = edges(ws, LATER)
    few = full["a_id"].unique().sort().gather_every(40).to_list()
    expected = full.filter(pl.col("a_id").is_in(few) | pl.col("b_id").is_in(few))
    assert not expected.is_empty()
    assert edges(ws, LATER, few).equals(expected)
