"""The workspace store: atomic, idempotent imports, settings validation and locking."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import pytest

from netbook import ConfigError, SourceError, StoreLockedError, Workspace
from netbook.store import TABLES

FIXTURE = Path(__file__).parent / "data" / "linkedin" / "mini"


def counts(ws: Workspace) -> dict[str, int]:
    return {t: ws.table(t).height for t in TABLES}


def test_import_twice_changes_no_count(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (first,) = ws.import_paths([FIXTURE])
    assert first.written.people_added == 3
    assert first.written.interactions_added == 9
    before = counts(ws)
    (second,) = ws.import_paths([FIXTURE])
    after = counts(ws)
    assert second.written.people_added == 0
    assert second.written.interactions_added == 0
    for table in ("people", "interactions", "identities", "observations", "owner", "positions"):
        assert after[table] == before[table], table
    assert after["imports"] == before["imports"] + 1


def test_api_frames_are_lazy_and_typed(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    people = ws.people().collect()
    interactions = ws.interactions().collect()
    assert sorted(people["full_name"].to_list()) == [
        "Ada Example, PhD",
        "Grace Sample, MBA",
        "Zoë Sample",
    ]
    assert str(interactions.schema["occurred_at"]) == "Datetime(time_unit='us', time_zone='UTC')"
    assert interactions.filter(interactions["channel"] == "message").height == 4
    assert interactions["person_id"].is_in(people["person_id"].implode()).all()


def test_bad_input_leaves_store_unchanged(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    before = counts(ws)
    junk = tmp_path / "junk" / "Connections.csv"
    junk.parent.mkdir()
    junk.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    with pytest.raises(SourceError, match=r"Connections\.csv: is binary data"):
        ws.import_paths([junk.parent])
    truncated = tmp_path / "export.zip"
    truncated.write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    with pytest.raises(SourceError, match="not a readable zip archive"):
        ws.import_paths([truncated])
    assert counts(ws) == before


def test_bad_settings_name_the_key(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.settings_path.write_text("[store]\nlock_timeout_seconds = -1\n")
    with pytest.raises(ConfigError, match=r"store\.lock_timeout_seconds = -1"):
        ws.settings()
    ws.settings_path.write_text("[owner]\nnickname = 'x'\n")
    with pytest.raises(ConfigError, match=r"owner\.nickname = 'x': unknown key"):
        ws.settings()


def test_owner_from_settings(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])  # creates netbook.toml
    ws.settings_path.write_text('[owner]\nname = "Owner Example"\n')
    ws.import_paths([FIXTURE])
    assert ws.table("owner")["identified_by"].to_list() == ["netbook.toml"]


@contextmanager
def store_held(ws: Workspace, seconds: float) -> Iterator[None]:
    """Another process holds the store open for ``seconds`` (it is running once this yields)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            c = duckdb.connect({str(ws.database)!r})
            print("locked", flush=True)
            time.sleep({seconds})
            c.close()
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_locked_store_is_retried_then_reported(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    ws.settings_path.write_text("[store]\nlock_timeout_seconds = 0.5\n")
    with store_held(ws, 30), pytest.raises(StoreLockedError, match="in use by another process"):
        ws.import_paths([FIXTURE])
    ws.import_paths([FIXTURE])  # released: works again


def test_store_files_are_private(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    assert ws.database.stat().st_mode & 0o077 == 0
    assert ws.settings_path.stat().st_mode & 0o077 == 0
    with duckdb.connect(str(ws.database), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM people").fetchone() == (3,)


def test_initiated_marks_the_message_that_opened_each_thread(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    messages = (
        ws.interactions()
        .filter(pl.col("channel") == "message")
        .select("thread_id", "direction", "initiated", "is_group", "content_length")
        .sort("thread_id", "direction")
        .collect()
    )
    assert messages.rows() == [
        ("2-AAAA==", "outbound", True, False, 17),
        ("2-AAAA==", "inbound", False, False, 23),
        ("2-BBBB==", "outbound", True, True, 23),
        ("2-BBBB==", "outbound", True, True, 23),
    ]


def test_large_files_parsed_from_disk_give_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netbook.sources.linkedin as linkedin

    in_memory = linkedin.LinkedInSource().load(FIXTURE)
    monkeypatch.setattr(linkedin, "_STREAM_FROM_DISK", 0)
    from_disk = linkedin.LinkedInSource().load(FIXTURE)
    assert from_disk.interactions.collect().equals(in_memory.interactions.collect())
    assert from_disk.people.collect().equals(in_memory.people.collect())
    assert from_disk.files.equals(in_memory.files)
    assert from_disk.failures.equals(in_memory.failures)


def test_each_export_keeps_its_view_of_companies(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    later = tmp_path / "Complete_LinkedInDataExport_05-01-2026"
    later.mkdir()
    for file in FIXTURE.iterdir():
        (later / file.name).write_bytes(file.read_bytes())
    connections = (later / "Connections.csv").read_text()
    (later / "Connections.csv").write_text(connections.replace("Globex,", "Initech,"))
    (result,) = ws.import_paths([later])
    assert result.written.people_added == 0
    assert result.written.observations_added == 2  # Zoë moved; Ada, unchanged, is seen again
    zoe = ws.people().filter(pl.col("full_name") == "Zoë Sample").collect()
    assert zoe["company"].to_list() == ["Initech"]
    seen = (
        ws.observations()
        .join(ws.people().select("person_id", "full_name"), on="person_id")
        .filter(pl.col("full_name") == "Zoë Sample")
        .select("observed_on", "company")
        .collect()
        .rows()
    )
    assert [(str(day), company) for day, company in seen] == [
        ("2026-04-06", "Globex"),
        ("2026-05-01", "Initech"),
    ]


def test_lock_released_in_time_is_waited_for(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    with store_held(ws, 1.5):
        (result,) = ws.import_paths([FIXTURE])  # the default timeout: waits, then imports
    assert result.written.interactions_added == 0


def _damage(archive: Path, member: str) -> None:
    """Flip a byte in the middle of ``member``'s compressed data (its checksum no longer holds)."""
    with zipfile.ZipFile(archive) as zipped:
        info = zipped.getinfo(member)
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def test_damaged_zip_member_is_reported_and_nothing_stored(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for file in sorted(FIXTURE.iterdir()):
            zipped.write(file, file.name)
    _damage(archive, "messages.csv")
    ws = Workspace(tmp_path / "ws")
    with pytest.raises(SourceError, match=r"export\.zip!messages\.csv: cannot be read"):
        ws.import_paths([archive])
    assert not ws.database.exists()
    ws.import_paths([FIXTURE])
    assert ws.people().collect().height == 3


@pytest.mark.parametrize(
    ("broken", "told"),
    [
        ("Connections.csv", r"export\.zip!Connections\.csv: .*binary"),
        ("messages.csv", r"export\.zip!Invitations\.csv: cannot be read"),
    ],
)
def test_the_first_bad_file_of_the_export_fails_it(tmp_path: Path, broken: str, told: str) -> None:
    # Files are parsed side by side, yet the import fails as if they were read one by one in the
    # export's order (by name): the first bad one is told, be it a core file that is not a table
    # (Connections.csv) or a damaged member (Invitations.csv, before messages.csv).
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for file in sorted(FIXTURE.iterdir()):
            payload = b"\x00\x01binary\x00" * 50 if file.name == broken else file.read_bytes()
            zipped.writestr(file.name, payload)
    _damage(archive, "Invitations.csv")
    with pytest.raises(SourceError, match=told):
        Workspace(tmp_path / "ws").import_paths([archive])


def test_process_killed_mid_import_leaves_the_previous_state(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE / "Connections.csv"])
    before = counts(ws)
    # A second import dies by SIGKILL inside its transaction, after the interactions are written.
    script = textwrap.dedent(f"""
        import os, signal
        from netbook import Workspace, store
        real = store._count
        def count(connection, table):
            if table == "observations" and connection.execute(
                "SELECT count(*) FROM interactions").fetchone()[0] > {before["interactions"]}:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(connection, table)
        store._count = count
        Workspace({str(ws.root)!r}).import_paths([{str(FIXTURE)!r}])
    """)
    died = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert died.returncode == -9
    assert counts(ws) == before
    (result,) = ws.import_paths([FIXTURE])
    assert result.written.interactions_added == 7


@pytest.mark.parametrize(
    ("name", "text", "missing"),
    [
        ("Invitations.csv", 'From,To,Sent At,Message\nA,B,"3/18/26, 7:40 AM",\n', "direction"),
        ("messages.csv", "CONVERSATION ID,FROM,TO\n2-A,Ada,Me\n", "date"),
        ("Connections.csv", "First Name,Company\nAda,Globex\n", "last name"),
    ],
)
def test_missing_required_column_fails_the_file(
    tmp_path: Path, name: str, text: str, missing: str
) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    before = counts(ws)
    export = tmp_path / "export"
    export.mkdir()
    (export / name).write_text(text)
    with pytest.raises(SourceError, match=rf"{name}:1: lacks the column\(s\) {missing} "):
        ws.import_paths([export])
    assert counts(ws) == before


def test_derived_frames_are_computed_once_per_reading_block(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([Path(__file__).parent / "data" / "linkedin" / "mini"])
    calls: list[int] = []

    def people() -> pl.DataFrame:
        calls.append(1)
        return ws.table("people")

    with ws.reading():
        first = ws.derived(("people",), people)
        assert ws.derived(("people",), people) is first
        ws.derived(("people", "other"), people)
    assert len(calls) == 2
    ws.derived(("people",), people)  # outside a block: always computed (the store may change)
    with ws.reading():
        ws.derived(("people",), people)  # a new block: a new view
    assert len(calls) == 4
