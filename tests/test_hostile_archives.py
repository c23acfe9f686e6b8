"""Zip bombs and odd files: only read members are inflated, within bounds; devices and pipes refused."""

from __future__ import annotations

import os
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

import clirun
from netbook import SourceError, Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"
MB = 1 << 20


def _zip(target: Path, extra: str, megabytes: int) -> Path:
    """The mini export zipped, with ``extra`` holding ``megabytes`` of zeros (inflated)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(MINI.iterdir()):
            archive.write(file, file.name)
        with archive.open(extra, "w", force_zip64=True) as member:
            chunk = b"\0" * MB
            for _ in range(megabytes):
                member.write(chunk)
    assert target.stat().st_size < megabytes * MB // 100
    return target


def test_an_ignored_bomb_is_never_inflated(tmp_path: Path) -> None:
    export = _zip(tmp_path / "export.zip", "Ad_Targeting.csv", 256)
    ws = Workspace(tmp_path / "ws")
    tracemalloc.start()
    try:
        ws.import_paths([export])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * MB
    assert ws.table("people").height == 3
    assert ws.table("interactions").height == 9


def test_a_bomb_netbook_would_read_is_refused(tmp_path: Path) -> None:
    export = _zip(tmp_path / "export.zip", "Profile.csv", 64)
    ws = Workspace(tmp_path / "ws")
    with pytest.raises(SourceError, match=r"Profile.csv.*would inflate .*zip bomb"):
        ws.import_paths([export])
    assert not ws.exists or ws.table("people").height == 0


def test_a_member_larger_than_it_declares_is_damaged(tmp_path: Path) -> None:
    export = tmp_path / "export.zip"
    shutil.copytree(MINI, tmp_path / "mini")
    text = (tmp_path / "mini" / "Invitations.csv").read_bytes()
    (tmp_path / "mini" / "Invitations.csv").write_bytes(text + b"\n" * 100_000)
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((tmp_path / "mini").iterdir()):
            archive.write(file, file.name)
    raw = bytearray(export.read_bytes())
    entry = raw.index(b"PK\x01\x02")  # the central directory: each member's declared sizes
    while raw[entry + 46 : entry + 46 + 15] != b"Invitations.csv":
        entry = raw.index(b"PK\x01\x02", entry + 4)
    raw[entry + 24 : entry + 28] = (len(text)).to_bytes(4, "little")  # claims the short size
    export.write_bytes(bytes(raw))
    with pytest.raises(SourceError, match=r"Invitations\.csv.*cannot be read"):
        Workspace(tmp_path / "ws").import_paths([export])


def test_a_fifo_and_a_device_are_refused_in_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    ws = Workspace(tmp_path / "ws")
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(SourceError, match="not a regular file or folder"):
            ws.import_paths([path])
        with pytest.raises(SourceError, match="not a regular file or folder"):
            ws.import_paths([path], source="linkedin")
    done = clirun.netbook("import", "/dev/zero", "--workspace", str(tmp_path / "ws"))
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and "/dev/zero" in done.stderr
    assert "Traceback" not in done.stderr
    assert not ws.exists


def test_a_fifo_inside_a_folder_of_exports_is_left_out(tmp_path: Path) -> None:
    """Looking for the exports in a folder never opens a FIFO (reading it would wait forever)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    os.mkfifo(folder / "contacts.csv")
    (folder / "cards.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Example\nEMAIL:ada@example.com\nEND:VCARD\n"
    )
    (folder / "work.ics").write_text("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    import threading

    from netbook.sources import exports_in

    found: list[list[Path]] = []
    looking = threading.Thread(target=lambda: found.append(exports_in(folder)), daemon=True)
    looking.start()
    looking.join(timeout=20)
    if looking.is_alive():  # stuck opening the FIFO: release it, and fail
        with (folder / "contacts.csv").open("wb"):
            pass
        pytest.fail("exports_in opened the FIFO")
    assert found == [[folder / "cards.vcf", folder / "work.ics"]]
