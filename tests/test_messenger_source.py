"""The Messenger source on constructed Facebook and Instagram messages exports."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace
from netbook.errors import SourceError
from netbook.sources import SOURCES, OwnerHint, detect
from netbook.sources._base import Loaded
from netbook.sources.chats.messenger import MessengerSource

DATA = Path(__file__).parent / "data"
MESSAGES = DATA / "chats" / "messenger"
ZOE = MESSAGES / "your_facebook_activity/messages/inbox/zoeamsel_101/message_1.json"


def load(path: Path, owner: OwnerHint | None = None) -> Loaded:
    return MessengerSource().load(path, owner=owner)


def directions(loaded: Loaded) -> dict[str, int]:
    frame = loaded.interactions.collect()
    return dict(frame.group_by(pl.col("direction").cast(pl.String)).len().iter_rows())


def test_facebook_and_instagram_counts() -> None:
    loaded = load(MESSAGES)
    frame = loaded.interactions.collect()
    assert loaded.people.collect()["full_name"].sort().to_list() == [
        "Bo Sample",
        "Cy Third",
        "Dee Person",
        "Zoë Ämsel",  # the mojibake "ZoÃ« Ã\x84msel" read back as UTF-8
    ]
    assert directions(loaded) == {"outbound": 7, "inbound": 7}
    assert frame["is_group"].sum() == 6
    reactions = frame.filter(pl.col("weight") == 0.25)
    assert reactions.group_by(pl.col("direction").cast(pl.String)).len().sort(
        "direction"
    ).rows() == [
        ("inbound", 2),  # Bo and Cy on my question to the group
        ("outbound", 1),  # mine on Zoë's message
    ]
    assert frame.filter(pl.col("channel") == "call").height == 1
    noise = loaded.noise.group_by("reason").agg(pl.col("rows").sum())
    assert dict(noise.iter_rows()) == {"missed call": 1, "system line": 1, "unsent message": 1}
    totals = loaded.files.select(pl.col("rows", "kept", "noise", "failed").sum()).row(0)
    assert totals == (13, 10, 3, 0)


def test_text_lengths_and_questions_after_fixing_the_encoding() -> None:
    frame = load(MESSAGES).interactions.collect().filter(pl.col("weight") == 1.0)
    zoe = frame.filter(pl.col("is_group").not_() & (pl.col("channel") == "message"))
    first = zoe.sort("occurred_at").row(0, named=True)
    assert (first["content_length"], first["asks"]) == (18, True)  # "Kaffee am Freitag?"


def test_the_zip_reads_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "facebook-sam-2024-03-15.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for file in sorted(MESSAGES.rglob("*.json")):
            handle.write(file, file.relative_to(MESSAGES).as_posix())
    assert detect(archive).name == "messenger"
    assert load(archive).interactions.collect().equals(load(MESSAGES).interactions.collect())


def test_one_conversation_needs_the_owner_name() -> None:
    with pytest.raises(SourceError, match="cannot tell which participant is you"):
        load(ZOE)
    assert directions(load(ZOE, OwnerHint(name="Sam Owner"))) == {"outbound": 4, "inbound": 1}


def test_a_cut_conversation_is_skipped_and_a_lone_one_is_an_error(tmp_path: Path) -> None:
    export = tmp_path / "messages"
    shutil.copytree(MESSAGES, export)
    cut = export / ZOE.relative_to(MESSAGES)
    cut.write_bytes(ZOE.read_bytes()[:200])
    loaded = load(export)
    skipped = loaded.files.filter(pl.col("status") == "skipped")
    assert skipped["file"].to_list() == [ZOE.relative_to(MESSAGES).as_posix()]
    assert directions(loaded) == {"outbound": 3, "inbound": 6}
    with pytest.raises(SourceError, match=r"message_1\.json:\d+: is not valid JSON"):
        load(cut, OwnerHint(name="Sam Owner"))


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (first,) = ws.import_paths([MESSAGES])
    (second,) = ws.import_paths([MESSAGES])
    assert first.written.interactions_added == 14
    assert second.written.interactions_added == 0


def test_each_source_claims_only_its_own_exports(tmp_path: Path) -> None:
    chats = DATA / "chats"
    expected = {
        chats / "whatsapp": "whatsapp",
        chats / "whatsapp" / "ios_en_gb.txt": "whatsapp",
        chats / "telegram": "telegram",
        chats / "telegram" / "result.json": "telegram",
        chats / "telegram_single": "telegram",
        chats / "slack": "slack",
        MESSAGES: "messenger",
        ZOE: "messenger",
        DATA / "email" / "small.mbox": "mbox",
        DATA / "linkedin" / "mini": "linkedin",
        DATA / "calendar" / "basic.ics": "calendar",
    }
    for path, name in expected.items():
        claims = [n for n, source in SOURCES.items() if source.detect(path)]
        assert claims[:1] == [name], (path, claims)
        assert detect(path).name == name
    for name in ("whatsapp", "telegram", "slack", "messenger"):
        source = SOURCES.get(name)
        assert not source.detect(DATA / "linkedin" / "mini"), name
        assert not source.detect(DATA / "email"), name
    other = tmp_path / "message_1.json"
    other.write_text(json.dumps([{"id": 1}]))
    assert not MessengerSource().detect(other)
