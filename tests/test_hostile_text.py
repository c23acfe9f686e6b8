"""Control characters and old line ends: stripped and counted at the source, escaped when printed."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import clirun
from netbook import Workspace
from netbook.output import esc
from netbook.sources.linkedin import CONTROLS

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def _row(first: str, last: str, slug: str) -> str:
    return f"{first},{last},https://www.linkedin.com/in/{slug},,Engines,Engineer,06 Apr 2026"


def test_a_cr_only_file_is_read_line_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    rows = [HEADER, _row("Ada", "Example", "ada"), _row("Bob", "Sample", "bob"), "x,,,,,,99 Foo"]
    (folder / "Connections.csv").write_bytes("\r".join(rows).encode() + b"\r")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([folder])
    assert sorted(ws.people().collect()["full_name"]) == ["Ada Example", "Bob Sample"]
    assert ws.table("failures").select("file", "line").rows() == [("Connections.csv", 4)]


def test_control_characters_are_stripped_from_names_and_counted(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    filler = [_row("Pad", f"Person{i}", f"pad-{i}") for i in range(1000)]
    rows = [HEADER, *filler, _row("Nul\0l", "Byte", "nul"), _row("\x1b[31mRed", "Esc\x07", "esc")]
    text = "\n".join(rows) + "\n"
    assert text.index("\0") > 65536  # past the part sniffed for binary data
    (folder / "Connections.csv").write_text(text, encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([folder])
    names = ws.people().collect()["full_name"]
    assert {"Null Byte", "[31mRed Esc"} <= set(names)
    assert not names.str.contains(r"[\x00-\x1f\x7f]").any()
    noise = ws.table("import_noise").filter(pl.col("reason") == CONTROLS)
    assert noise["rows"].to_list() == [2]
    assert ws.table("people").height == 1002


def test_names_and_paths_are_escaped_in_the_terminal(tmp_path: Path) -> None:
    assert esc("Ada\x1b[2J\rEve") == "Ada\\x1b[2J\\x0dEve"
    hostile = tmp_path / "export\x1b[31m\nnext.zip"
    done = clirun.netbook("import", str(hostile), "--workspace", str(tmp_path / "ws"))
    assert done.returncode == 2
    assert "\x1b" not in done.stderr and done.stderr.count("\n") == 1
    assert "\\x1b[31m" in done.stderr
