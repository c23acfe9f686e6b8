"""One behaviour everywhere: each inconsistency a newcomer met on the command line, fixed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import api, userdata
from netbook.userdata import PersonNotFoundError
from netbook.workspace import Workspace
from stores import copy_workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 6, 1)


@pytest.fixture
def ws(berlin_ws: Workspace) -> Workspace:
    return berlin_ws


@pytest.fixture(scope="module")
def sample(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return copy_workspace(sample_store, tmp_path_factory.mktemp("sample") / "ws")


def role(ws: Workspace, name: str) -> object:
    health = api.health(ws, as_of=AS_OF)
    return health.filter(pl.col("full_name").str.starts_with(name))["role"].item()


def test_none_clears_a_role_and_set_says_what_it_saved(ws: Workspace) -> None:
    saved = netbook("set", "Zoë", "--role", "Mentor", "--tag", "berlin", "-w", str(ws.root))
    assert saved.returncode == 0, saved.stderr
    assert "role mentor, tag +berlin." in saved.stdout
    assert role(ws, "Zoë") == "mentor"
    cleared = netbook("set", "Zoë", "--role", "None", "--cadence", "2w", "-w", str(ws.root))
    assert cleared.returncode == 0, cleared.stderr
    assert "role cleared, cadence 14 days." in cleared.stdout
    assert role(ws, "Zoë") is None  # not the literal role "none"
    userdata.set_person(ws, "Zoë", role="peer")
    userdata.set_person(ws, "Zoë", role="-")
    assert role(ws, "Zoë") is None


def test_parquet_without_out_asks_for_out(ws: Workspace, tmp_path: Path) -> None:
    refused = netbook("people", "--format", "parquet", "-w", str(ws.root))
    assert refused.returncode == 2
    assert refused.stderr == "error: --format parquet needs --out FILE (name a .parquet file)\n"
    target = tmp_path / "people.parquet"
    written = netbook("people", "-f", "parquet", "-o", str(target), "-w", str(ws.root))
    assert written.returncode == 0, written.stderr
    assert pl.read_parquet(target).height == ws.people().collect().height


@pytest.mark.parametrize("command", ["structure", "doctor"])
def test_report_commands_offer_only_the_formats_they_write(command: str) -> None:
    help_text = netbook(command, "--help", columns=200).stdout
    assert "<table|json>" in help_text
    assert "csv" not in help_text and "parquet" not in help_text
    refused = netbook(command, "--format", "csv")
    assert refused.returncode == 2 and "'csv' is not one of 'table', 'json'" in refused.stderr


def test_log_help_lists_the_real_channels_in_any_case(ws: Workspace) -> None:
    help_text = " ".join(netbook("log", "add", "--help", columns=200).stdout.split())
    assert f"One of {', '.join(userdata.CHANNELS)} (any case)." in help_text
    assert "coffee" not in help_text
    for typed in ("Call", "MEETING", " note "):
        userdata.log_touch(ws, "Ada", channel=typed, on=AS_OF)
    assert sorted(ws.table("log")["channel"].to_list()) == ["call", "meeting", "note"]


def test_a_mistyped_name_gets_did_you_mean(ws: Workspace) -> None:
    result = netbook("log", "Ada Exampel", "-c", "call", "-w", str(ws.root))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: nobody matches 'Ada Exampel'; did you mean 'Ada Example, PhD'?"
    )
    with pytest.raises(PersonNotFoundError) as caught:
        userdata.find_person(ws, "Qwxz Vbnm")  # nothing near: no suggestion
    assert "did you mean" not in str(caught.value)


def test_due_shows_company_days_since_and_how_many_are_shown(sample: Workspace) -> None:
    result = netbook("due", "--as-of", "2026-11-16", "--limit", "3", "-w", str(sample.root))
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[1].split()
    assert header == ["full_name", "company", "layer", "days_since_contact", "why"]
    total = api.due(sample, as_of=date(2026, 11, 16)).height
    assert total > 3
    assert result.stdout.rstrip().endswith(
        f"3 of {total} shown (--limit 0 shows all, --format csv writes all)"
    )
    everyone = netbook("due", "--as-of", "2026-11-16", "--limit", "0", "-w", str(sample.root))
    assert "shown" not in everyone.stdout


def test_people_uses_the_light_table_style_with_a_footer(sample: Workspace) -> None:
    result = netbook("people", "--limit", "2", "-w", str(sample.root))
    assert result.returncode == 0, result.stderr
    assert "┏" not in result.stdout and "━" not in result.stdout  # no heavy box
    assert result.stdout.rstrip().endswith(
        f"2 of {sample.people().collect().height} shown (--limit 0 shows all, --format csv writes all)"
    )


def test_sample_names_the_zip_it_wrote(tmp_path: Path) -> None:
    result = netbook("sample", str(tmp_path), "--zip", "--connections", "20", "--messages", "200")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "Complete_LinkedInDataExport_11-16-2026.zip"
    assert written.is_file()
    assert result.stderr.strip().splitlines()[-1] == (
        f"wrote {written} (import it with `netbook import {written}`)"
    )


def test_log_echoes_what_it_saved(ws: Workspace) -> None:
    result = netbook(
        "log", "Ada", "-c", "meeting", "--on", "2026-05-02", "--gave", "intro", "--note", "hi",
        "-w", str(ws.root),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entry = ws.table("log")["entry_id"].item()
    assert result.stdout.strip() == (
        "Logged meeting with Ada Example, PhD on 2026-05-02 (meeting, outbound, gave intro, "
        f"note 'hi'); id {entry} (`netbook log undo {entry}` takes it back)."
    )


HELPS = [
    (),
    ("import",),
    ("doctor",),
    ("people",),
    ("due",),
    ("health",),
    ("summary",),
    ("sample",),
    ("log",),
    ("log", "add"),
    ("log", "list"),
    ("snooze",),
    ("set",),
    ("review",),
    ("structure",),
    ("merges",),
]


@pytest.mark.parametrize("command", HELPS, ids=lambda c: " ".join(c) or "netbook")
def test_no_help_row_shows_a_stray_bool(command: tuple[str, ...]) -> None:
    result = netbook(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout


def test_doctor_keeps_file_names_whole_at_80_columns(sample: Workspace) -> None:
    result = netbook("doctor", "-w", str(sample.root), columns=80)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    shown = set(re.findall(r"^ ?(\S+\.csv)\s", result.stdout, flags=re.MULTILINE))
    assert {"Connections.csv", "messages.csv", "Endorsement_Received_Info.csv"} <= shown
    assert "…" not in result.stdout


def test_summary_reads_like_the_review(sample: Workspace) -> None:
    result = netbook("summary", "--as-of", "2026-11-16", "-w", str(sample.root), columns=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Month 2026-10-17 to 2026-11-16, beside the month before: 2026-09-17 to 2026-10-16"
    )
    text = result.stdout
    assert "People in your network" in text and "Active ties (touched in 365 days)" in text
    assert "size " not in text and "_" not in text  # no machine names in the table
    frame = api.summary(sample, as_of=date(2026, 11, 16), period="month")
    size = int(frame.filter(pl.col("metric") == "size")["current"].item())
    size_row = next(line for line in lines if "People in your network" in line)
    assert size_row.split()[4] == f"{size:,}"  # an integer, not 316.00
    dormant = next(line for line in lines if line.strip().startswith("Dormant share"))
    assert re.search(r"\s\d+%\s+\d+%\s+([+-]\d+ pts|0)\s*$", dormant), dormant
    assert ".00" not in text and "-0 " not in text and "-0.00" not in text
    machine = netbook("summary", "--as-of", "2026-11-16", "-f", "csv", "-w", str(sample.root))
    assert machine.stdout.splitlines()[0] == "metric,current,previous,change"
    assert machine.stdout.splitlines()[1].startswith("size,")


def test_a_too_small_sample_is_one_line(tmp_path: Path) -> None:
    result = netbook("sample", str(tmp_path), "--connections", "5", "--messages", "50")
    assert result.returncode == 2
    assert result.stderr == (
        "error: --connections 5 --messages 50 is too small "
        "(use at least --connections 10 --messages 100)\n"
    )
