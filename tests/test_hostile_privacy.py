"""Everything netbook writes is its owner's alone: folder 0700, files 0600, even mid-write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import clirun
from netbook import Workspace
from netbook.private import private_folder

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
AS_OF = "2026-11-16"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_command_line_writes_owner_only_files(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a usual default (the subprocesses inherit it)
    try:
        _command_line_writes(tmp_path)
    finally:
        os.umask(previous)


def _command_line_writes(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    done = clirun.netbook("import", str(SAMPLE), "--workspace", str(ws))
    assert done.returncode == 0, done.stderr
    assert mode(ws) == 0o700
    files = [p for p in ws.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"netbook.duckdb", "netbook.toml"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    outputs = {
        "due.csv": ("due", "--as-of", AS_OF, "-f", "csv", "-o"),
        "chart.html": ("structure", "--as-of", AS_OF, "--chart"),
        "reminders.ics": ("remind", "--as-of", AS_OF, "--ics"),
    }
    for name, args in outputs.items():
        target = tmp_path / name
        done = clirun.netbook(*args, str(target), "--workspace", str(ws))
        assert done.returncode == 0, done.stderr
        assert mode(target) == 0o600, name
    assert Workspace(ws).table("people").height > 100


def test_the_store_and_its_log_are_owner_only_during_a_write(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        ws = Workspace(tmp_path / "ws")
        with ws.connect(write=True) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS probe AS SELECT 1 AS x")
            created = [p for p in ws.root.iterdir() if p.is_file()]
            assert "netbook.duckdb.wal" in {p.name for p in created}
            assert {p.name: mode(p) for p in created} == {p.name: 0o600 for p in created}
            assert mode(ws.root) == 0o700
        assert os.umask(0o022) == 0o022  # the library gave the caller's umask back
    finally:
        os.umask(previous)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    private_folder(folder)
    private_folder(tmp_path / "new" / "nested")
    assert mode(folder) == 0o755
    assert mode(tmp_path / "new" / "nested") == 0o700


def test_files_left_by_a_kill_9_mid_write_are_owner_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    ws = tmp_path / "ws"
    script = (
        "import os, signal\n"
        "from netbook import Workspace\n"
        f"ws = Workspace({str(ws)!r})\n"
        "with ws.connect(write=True) as connection:\n"
        "    connection.execute('CREATE TABLE big AS SELECT range AS x FROM range(100000)')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    previous = os.umask(0o022)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    finally:
        os.umask(previous)
    assert done.returncode == -9
    left = [p for p in ws.iterdir() if p.is_file()]
    assert "netbook.duckdb.wal" in {p.name for p in left}
    assert {p.name: mode(p) for p in left} == {p.name: 0o600 for p in left}
    assert mode(ws) == 0o700
