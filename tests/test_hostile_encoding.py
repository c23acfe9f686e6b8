"""Encodings decided on evidence: one bad byte is one unreadable row, never a mojibake file."""

from __future__ import annotations

from pathlib import Path

import pytest

from netbook import Workspace

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = [
    "Zoë,Müller,https://www.linkedin.com/in/zoe-muller,,Café Ltd,Chef,06 Apr 2026\n",
    "Ada,Example,https://www.linkedin.com/in/ada-example,,Engines,Engineer,06 Apr 2026\n",
    "李,小龙,https://www.linkedin.com/in/li-xiaolong,,Dojo,Teacher,06 Apr 2026\n",
    "Élodie,Brûlé,https://www.linkedin.com/in/elodie-brule,,Opéra,Singer,06 Apr 2026\n",
]


def _export(folder: Path, body: bytes) -> Path:
    folder.mkdir()
    (folder / "Connections.csv").write_bytes(body)
    return folder


@pytest.mark.parametrize("padding", [0, 70_000], ids=["in the head", "past the first 64 KB"])
def test_one_bad_byte_is_one_unreadable_row(tmp_path: Path, padding: int) -> None:
    filler = "".join(
        f"Pad,Person{i},https://www.linkedin.com/in/pad-{i},,Filler,Role,01 Jan 2026\n"
        for i in range(padding // 70)
    )
    body = (HEADER + filler + "".join(ROWS)).encode("utf-8")
    bad_line = 2 + filler.count("\n") + 1  # Ada's row: header is line 1
    body = body.replace(b"Ada,Example", b"Ad\xff,Example")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "李 小龙", "Élodie Brûlé"} <= names
    assert not any("Ã" in n for n in names)
    assert not any(n.startswith("Ad") and "Example" in n for n in names)
    failures = ws.table("failures")
    assert failures.select("file", "line").rows() == [("Connections.csv", bad_line)]
    assert "UTF-8" in failures["reason"][0]
    assert ws.table("import_files")["encoding"].to_list() == ["utf-8"]
    assert ws.table("people").height == 3 + padding // 70


def test_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    body = (HEADER + ROWS[0] + ROWS[1] + ROWS[3]).encode("cp1252")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert names == {"Zoë Müller", "Ada Example", "Élodie Brûlé"}
    assert ws.table("failures").height == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path: Path, codec: str) -> None:
    body = (HEADER + "".join(ROWS)).replace(",", "\t").encode(codec)
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert names == {"Zoë Müller", "Ada Example", "李 小龙", "Élodie Brûlé"}
    assert ws.table("import_files")["encoding"].to_list() == ["utf-16"]
