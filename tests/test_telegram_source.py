"""The Telegram source on constructed Telegram Desktop exports: a full one and one chat."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace
from netbook.errors import SourceError
from netbook.sources import OwnerHint, detect
from netbook.sources._base import Loaded
from netbook.sources.chats.telegram import TelegramSource

DATA = Path(__file__).parent / "data" / "chats"
FULL = DATA / "telegram" / "result.json"
SINGLE = DATA / "telegram_single" / "result.json"


def load(path: Path, owner: OwnerHint | None = None) -> Loaded:
    return TelegramSource().load(path, owner=owner)


def directions(loaded: Loaded) -> dict[str, int]:
    frame = loaded.interactions.collect()
    return dict(frame.group_by(pl.col("direction").cast(pl.String)).len().iter_rows())


def test_full_export_counts() -> None:
    loaded = load(FULL)
    frame = loaded.interactions.collect()
    assert loaded.people.collect()["full_name"].sort().to_list() == [
        "Ada Example",
        "Bo Sample",
        "Cy Third",
    ]
    assert directions(loaded) == {"outbound": 4, "inbound": 4}  # one group message to 2 members
    assert frame["is_group"].sum() == 4
    assert frame["channel"].cast(pl.String).to_list().count("call") == 1
    assert {r: n for _, r, n in loaded.noise.iter_rows()} == {
        "bot chat": 2,
        "channel post": 1,
        "missed call": 1,
        "system line": 1,
    }
    row = loaded.files.row(0, named=True)
    assert (row["rows"], row["kept"], row["noise"], row["failed"]) == (12, 7, 5, 0)
    # text as a list of parts: "Yes, " + "Friday" + " works"
    assert frame.filter(pl.col("direction") == "inbound")["content_length"].to_list()[2] == 17


def test_phones_from_the_exports_contacts_by_id_and_by_name() -> None:
    identities = load(FULL).identities.collect().filter(pl.col("kind") == "phone")
    assert sorted(identities["value"]) == ["+447700900111", "+447700900222"]


def test_single_chat_export_owner_is_the_other_sender_of_a_personal_chat() -> None:
    loaded = load(SINGLE)
    assert directions(loaded) == {"inbound": 1, "outbound": 1}
    assert loaded.people.collect()["full_name"].to_list() == ["Dee Person"]
    assert detect(SINGLE.parent).name == "telegram"


def test_a_group_alone_needs_the_owner_name(tmp_path: Path) -> None:
    chat = json.loads(FULL.read_text())["chats"]["list"][1]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(chat))
    with pytest.raises(SourceError, match="cannot tell which sender is you"):
        load(path)
    assert directions(load(path, OwnerHint(name="Sam Owner"))) == {"inbound": 2, "outbound": 2}


def test_json_that_is_not_telegrams_and_a_cut_file(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"participants": [{"name": "A"}], "messages": []}')
    assert not TelegramSource().detect(other)
    with pytest.raises(SourceError, match=r"other\.json: is JSON but not a Telegram export"):
        load(other)
    cut = tmp_path / "result.json"
    cut.write_bytes(FULL.read_bytes()[:900])
    with pytest.raises(SourceError, match=r"result.json:\d+: is not valid JSON"):
        load(cut)


def test_importing_twice_adds_nothing_and_a_failed_import_keeps_the_store(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (first,) = ws.import_paths([FULL])
    cut = tmp_path / "cut" / "result.json"
    cut.parent.mkdir()
    cut.write_bytes(FULL.read_bytes()[:900])
    with pytest.raises(SourceError):
        ws.import_paths([cut], source="telegram")
    (second,) = ws.import_paths([FULL])
    assert first.written.interactions_added == 8
    assert second.written.interactions_added == 0
    assert ws.interactions().collect().height == 8
