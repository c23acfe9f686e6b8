"""Encodings decided on evidence: one bad byte is one unreadable row, never a mojibake file."""

from __future__ import annotations

import zipfile
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


def _zipped(path: Path, body: bytes) -> Path:
    """An export as LinkedIn sends it: a zip (its members are read from memory, not disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", body)
    return path


def _filler(size: int) -> str:
    """Plain ASCII rows of about ``size`` bytes: what pushes a later row past the file's head."""
    return "".join(
        f"Pad,Person{i},https://www.linkedin.com/in/pad-{i},,Filler,Role,01 Jan 2026\n"
        for i in range(size // 70)
    )


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["", "with a byte-order mark"])
@pytest.mark.parametrize("where", ["folder", "zip", "disk"])
@pytest.mark.parametrize("padding", [0, 70_000], ids=["in the head", "past the first 64 KB"])
def test_one_bad_byte_is_one_unreadable_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, padding: int, where: str, bom: bytes
) -> None:
    """In memory (a small file, a zip member) or parsed from its path (a large file)."""
    from netbook.sources import linkedin

    if where == "disk":
        monkeypatch.setattr(linkedin, "_STREAM_FROM_DISK", 0)
    zipped = where == "zip"
    filler = _filler(padding)
    body = bom + (HEADER + filler + "".join(ROWS)).encode("utf-8")
    bad_line = 2 + filler.count("\n") + 1  # Ada's row: header is line 1
    body = body.replace(b"Ada,Example", b"Ad\xff,Example")
    ws = Workspace(tmp_path / "ws")
    source = _zipped(tmp_path / "export.zip", body) if zipped else None
    ws.import_paths([source or _export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "李 小龙", "Élodie Brûlé"} <= names
    assert not any("Ã" in n for n in names)
    assert not any(n.startswith("Ad") and "Example" in n for n in names)
    failures = ws.table("failures")
    assert failures.select("file", "line").rows() == [("Connections.csv", bad_line)]
    assert "UTF-8" in failures["reason"][0]
    encoding = "utf-8-sig" if bom else "utf-8"
    files = ws.table("import_files")
    assert files["encoding"].to_list() == [encoding]
    # The counts add up: the dropped row is a failed row, not a kept one.
    assert files.select("rows", "kept", "failed").row(0) == (
        4 + padding // 70,
        3 + padding // 70,
        1,
    )
    assert ws.table("people").height == 3 + padding // 70


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_a_valid_file_past_the_head_is_read_whole(tmp_path: Path, zipped: bool) -> None:
    """A file whose head is plain ASCII and whose accents come later: UTF-8, every row read."""
    body = (HEADER + _filler(70_000) + "".join(ROWS)).encode("utf-8")
    ws = Workspace(tmp_path / "ws")
    source = _zipped(tmp_path / "export.zip", body) if zipped else None
    ws.import_paths([source or _export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "Ada Example", "李 小龙", "Élodie Brûlé"} <= names
    assert ws.table("failures").height == 0
    assert ws.table("import_files")["encoding"].to_list() == ["utf-8"]


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
def test_cp1252_accents_past_the_head_are_cp1252(tmp_path: Path, zipped: bool) -> None:
    """The head is plain ASCII; the accents after it are cp1252 bytes: decoded as cp1252."""
    body = (HEADER + _filler(70_000) + ROWS[0] + ROWS[1] + ROWS[3]).encode("cp1252")
    ws = Workspace(tmp_path / "ws")
    source = _zipped(tmp_path / "export.zip", body) if zipped else None
    ws.import_paths([source or _export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "Ada Example", "Élodie Brûlé"} <= names
    assert ws.table("failures").height == 0
    assert ws.table("import_files")["encoding"].to_list() == ["cp1252"]


def test_cp1252_file_is_still_read_as_cp1252(tmp_path: Path) -> None:
    body = (HEADER + ROWS[0] + ROWS[1] + ROWS[3]).encode("cp1252")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert names == {"Zoë Müller", "Ada Example", "Élodie Brûlé"}
    assert ws.table("failures").height == 0


@pytest.mark.parametrize("padding", [0, 70_000], ids=["short", "longer than the head"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text(tmp_path: Path, codec: str, padding: int) -> None:
    body = (HEADER + "".join(ROWS) + _filler(padding)).replace(",", "\t").encode(codec)
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "Ada Example", "李 小龙", "Élodie Brûlé"} <= names
    assert len(names) == 4 + padding // 70
    assert ws.table("import_files")["encoding"].to_list() == ["utf-16"]


def test_classic_mac_line_ends_with_a_bad_byte_past_the_head(tmp_path: Path) -> None:
    """CR-only line ends and a bad byte past the head: decoded on evidence, still split in rows."""
    filler = _filler(70_000)
    text = HEADER + filler + "".join(ROWS)
    body = text.replace("\n", "\r").encode("utf-8").replace(b"Ada,Example", b"Ad\xff,Example")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_zipped(tmp_path / "export.zip", body)])
    names = set(ws.people().collect()["full_name"].to_list())
    assert {"Zoë Müller", "李 小龙", "Élodie Brûlé"} <= names
    assert not any(n.startswith("Ad") and "Example" in n for n in names)
    bad_line = 2 + filler.count("\n") + 1  # Ada's row: header is line 1
    assert ws.table("failures").select("file", "line").rows() == [("Connections.csv", bad_line)]
    assert ws.table("people").height == 3 + 70_000 // 70


@pytest.mark.parametrize("from_disk", [False, True], ids=["in memory", "from disk"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_transcoded_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str, from_disk: bool
) -> None:
    """Pieces of 7 bytes cut code units and surrogate pairs (emoji): the text is the same."""
    from netbook.sources import encodings, linkedin

    monkeypatch.setattr(encodings, "CHUNK", 7)
    if from_disk:  # a large file is read from its path, not from memory
        monkeypatch.setattr(linkedin, "_STREAM_FROM_DISK", 0)
    rows = [
        *ROWS,
        "Émoji,Fan 🎉,https://www.linkedin.com/in/emoji-fan,,Party 🎈,Host,06 Apr 2026\n",
    ]
    body = (HEADER + "".join(rows)).replace(",", "\t").encode(codec)
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([_export(tmp_path / "export", body)])
    people = ws.people().collect()
    assert set(people["full_name"]) == {
        "Zoë Müller",
        "Ada Example",
        "李 小龙",
        "Élodie Brûlé",
        "Émoji Fan 🎉",
    }
    assert "Party 🎈" in people["company"].to_list()
    assert ws.table("import_files")["encoding"].to_list() == ["utf-16"]
