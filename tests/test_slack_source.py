"""The Slack source on a constructed workspace export, unpacked and zipped."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace
from netbook.errors import SourceError
from netbook.sources import OwnerHint, detect
from netbook.sources._base import Loaded
from netbook.sources.chats.slack import SlackSource

SLACK = Path(__file__).parent / "data" / "chats" / "slack"


def load(path: Path, owner: OwnerHint | None = None) -> Loaded:
    return SlackSource().load(path, owner=owner)


def directions(loaded: Loaded) -> dict[str, int]:
    frame = loaded.interactions.collect()
    return dict(frame.group_by(pl.col("direction").cast(pl.String)).len().iter_rows())


def zipped(tmp_path: Path, within: str = "") -> Path:
    archive = tmp_path / "Acme Slack export Mar 1 2024 - Mar 9 2024.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for file in sorted(SLACK.rglob("*.json")):
            handle.write(file, within + file.relative_to(SLACK).as_posix())
    return archive


def test_dms_group_dms_and_thread_replies_are_touches_channel_posts_are_not() -> None:
    loaded = load(SLACK)
    frame = loaded.interactions.collect()
    assert directions(loaded) == {"outbound": 5, "inbound": 5}
    assert frame["is_group"].sum() == 3  # the group DM: Cy's message and mine to Ada and Cy
    threads = frame.filter(pl.col("thread_id").cast(pl.String).str.starts_with("slack:C01"))
    assert threads.height == 2  # Ada's reply to my post, mine to Bo's
    noise = loaded.noise.group_by("reason").agg(pl.col("rows").sum())
    assert dict(noise.iter_rows()) == {
        "bot message": 1,
        "channel post": 4,
        "system line": 2,
    }
    people = loaded.people.collect().sort("full_name")
    assert people.select("full_name", "email").rows() == [
        ("Ada Example", "ada@example.com"),
        ("Bo Sample", None),
        ("Cy Third", "cy@example.com"),
    ]
    files = loaded.files
    assert files.select(pl.col("rows", "kept", "noise", "failed").sum()).row(0) == (16, 9, 7, 0)


def test_the_zip_reads_like_the_folder_even_with_a_top_folder(tmp_path: Path) -> None:
    plain = load(SLACK).interactions.collect()
    for within in ("", "export/"):
        archive = zipped(tmp_path, within)
        assert detect(archive).name == "slack"
        assert load(archive).interactions.collect().equals(plain)


def test_owner_from_the_settings_address() -> None:
    loaded = load(SLACK, OwnerHint(emails=("ada@example.com",)))
    names = loaded.people.collect()["full_name"].sort().to_list()
    assert names == ["Cy Third", "Sam Owner"]  # Ada is the owner: Bo's DM is not hers


def test_no_owner_when_nothing_tells(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SLACK, export)
    (export / "dms.json").write_text("[]")
    with pytest.raises(SourceError, match="cannot tell which Slack user is you"):
        load(export)


def test_a_cut_day_file_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SLACK, export)
    day = export / "D02" / "2024-03-02.json"
    day.write_bytes(day.read_bytes()[:60])
    loaded = load(export)
    row = loaded.files.filter(pl.col("file") == "D02/2024-03-02.json").row(0, named=True)
    assert row["status"] == "skipped"
    assert "D02/2024-03-02.json:" in row["reason"]
    assert directions(loaded) == {"outbound": 4, "inbound": 4}


def test_a_cut_users_file_is_one_error(tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(SLACK, export)
    (export / "users.json").write_text('[{"id": "U01",')
    with pytest.raises(SourceError, match=r"users\.json:1: is not valid JSON"):
        load(export)


def test_importing_twice_adds_nothing_and_people_join_by_address(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "netbook.toml").write_text('[owner]\nemails = ["sam@example.com"]\n')
    ws = Workspace(tmp_path / "ws")
    mail = tmp_path / "ada.mbox"
    mail.write_text(
        "From ada@example.com Mon Mar 11 10:00:00 2024\nFrom: Ada <ada@example.com>\n"
        "To: sam@example.com\nDate: Mon, 11 Mar 2024 10:00:00 +0000\nMessage-ID: <a@x>\n\nHi\n\n"
    )
    (first,) = ws.import_paths([SLACK])
    (second,) = ws.import_paths([zipped(tmp_path)])
    ws.import_paths([mail])
    assert first.written.interactions_added == 10
    assert second.written.interactions_added == 0
    ada = ws.people().filter(pl.col("email") == "ada@example.com").collect()
    assert ada.height == 1
    assert sorted(ada["sources"][0]) == ["mbox", "slack"]
