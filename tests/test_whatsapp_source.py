"""The WhatsApp source on constructed chats, one per OS and locale layout."""

from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import Workspace, api, schema
from netbook.errors import SourceError
from netbook.sources import OwnerHint, detect
from netbook.sources._base import Loaded
from netbook.sources.chats.whatsapp import WhatsAppSource

DATA = Path(__file__).parent / "data"
CHATS = DATA / "chats" / "whatsapp"
SAM = OwnerHint(name="Sam Owner", time_zone="Europe/Berlin")


def load(path: Path, owner: OwnerHint = SAM) -> Loaded:
    return WhatsAppSource().load(path, owner=owner)


def directions(loaded: Loaded) -> dict[str, int]:
    frame = loaded.interactions.collect()
    return dict(frame.group_by(pl.col("direction").cast(pl.String)).len().iter_rows())


def noise(loaded: Loaded) -> dict[str, int]:
    return {reason: rows for _, reason, rows in loaded.noise.iter_rows()}


def counts(loaded: Loaded) -> tuple[int, int, int, int]:
    row = loaded.files.row(0, named=True)
    return row["rows"], row["kept"], row["noise"], row["failed"]


def test_ios_day_first_24_hours_with_calls_media_and_a_multi_line_message() -> None:
    loaded = load(CHATS / "ios_en_gb.txt")
    frame = loaded.interactions.collect()
    assert counts(loaded) == (7, 4, 3, 0)
    assert directions(loaded) == {"outbound": 1, "inbound": 3}
    assert noise(loaded) == {"deleted message": 1, "missed call": 1, "system line": 1}
    assert loaded.people.collect()["full_name"].to_list() == ["Ada Example"]
    assert frame["occurred_at"][0] == datetime(2024, 1, 3, 8, 15, 2, tzinfo=UTC)  # Berlin, CET
    assert frame.select("content_length", "asks", "initiated").rows() == [
        (41, True, True),
        (34, False, False),  # three lines: "Yes!\nFriday works.\nSee you at noon"
        (None, None, True),  # the image, a day later: a new conversation
        (None, None, True),  # the call
    ]
    assert frame["channel"].cast(pl.String).to_list() == ["message"] * 3 + ["call"]
    assert not frame["is_group"].any()
    for name in ("people", "identities", "interactions"):
        assert getattr(loaded, name).collect().schema == getattr(schema, name.upper())


def test_android_us_group_with_a_number_media_and_narrow_spaces() -> None:
    loaded = load(CHATS / "WhatsApp Chat with Trip crew.txt")
    frame = loaded.interactions.collect()
    assert counts(loaded) == (9, 5, 4, 0)
    assert directions(loaded) == {"outbound": 6, "inbound": 3}  # 2 sent to 3 members, 3 received
    assert frame["is_group"].all()
    assert noise(loaded) == {"deleted message": 1, "system line": 3}
    phones = loaded.identities.collect().filter(pl.col("kind") == "phone")["value"]
    assert phones.to_list() == ["+447700900123"]
    assert frame["occurred_at"].min() == datetime(2023, 12, 30, 20, 6, tzinfo=UTC)  # 9:06 PM
    assert frame["occurred_at"].max() == datetime(2024, 1, 2, 9, 0, tzinfo=UTC)  # month first


def test_spanish_a_m_p_m_and_owner_from_the_chat_name() -> None:
    path = CHATS / "WhatsApp Chat with Dee Ejemplo.txt"
    loaded = load(path, OwnerHint(time_zone="Europe/Madrid"))
    assert counts(loaded) == (5, 3, 2, 0)
    assert directions(loaded) == {"inbound": 2, "outbound": 1}
    assert loaded.people.collect()["full_name"].to_list() == ["Dee Ejemplo"]
    assert "Sam Owner" in loaded.owner["identified_by"][0]
    times = loaded.interactions.collect()["occurred_at"].to_list()
    assert times[-1] == datetime(2023, 12, 31, 23, 30, tzinfo=UTC)  # 1/1/24 12:30 a. m.


def test_finnish_klo_with_dotted_times_and_no_telling_date_is_day_first() -> None:
    loaded = load(CHATS / "android_fi.txt")
    assert counts(loaded) == (4, 3, 1, 0)
    assert directions(loaded) == {"inbound": 1, "outbound": 2}
    times = loaded.interactions.collect()["occurred_at"].to_list()
    assert times[0] == datetime(2024, 1, 2, 8, 15, tzinfo=UTC)


def test_ios_us_month_first_decided_by_time_order() -> None:
    loaded = load(CHATS / "ios_en_us.txt")
    frame = loaded.interactions.collect()
    assert counts(loaded) == (4, 4, 0, 0)
    assert frame["occurred_at"].dt.date().to_list() == [
        date(2024, 1, 11),
        date(2024, 1, 12),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]
    assert frame["content_length"].null_count() == 1  # the attached photo


def test_ios_group_with_two_senders_is_a_group_by_its_header_lines() -> None:
    loaded = load(CHATS / "ios_group.txt")
    frame = loaded.interactions.collect()
    assert counts(loaded) == (5, 2, 3, 0)
    assert directions(loaded) == {"inbound": 1, "outbound": 1}
    assert frame["is_group"].all()


def test_the_whole_folder() -> None:
    loaded = load(CHATS)
    assert loaded.people.collect().height == 8
    assert directions(loaded) == {"outbound": 13, "inbound": 12}
    assert loaded.files["file"].to_list() == sorted(p.name for p in CHATS.iterdir())
    assert loaded.failures.is_empty()
    assert detect(CHATS).name == "whatsapp"


def test_the_zip_whatsapp_makes_reads_like_its_text(tmp_path: Path) -> None:
    archive = tmp_path / "WhatsApp Chat - Ada Example.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(CHATS / "ios_en_gb.txt", "_chat.txt")
        handle.writestr("00000012-PHOTO-2024-01-04-18-01-00.jpg", b"\xff\xd8\xff")
    assert detect(archive).name == "whatsapp"
    loaded = load(archive)
    assert loaded.files["file"].to_list() == ["WhatsApp Chat - Ada Example.zip!_chat.txt"]
    plain = load(CHATS / "ios_en_gb.txt").interactions.collect()
    zipped = loaded.interactions.collect()
    assert zipped.drop("interaction_id", "thread_id").equals(
        plain.drop("interaction_id", "thread_id")
    )
    assert zipped["thread_id"].cast(pl.String).unique().to_list() == ["whatsapp:Ada Example"]


def test_an_impossible_date_is_one_failed_row() -> None:
    loaded = load(DATA / "chats" / "whatsapp_bad" / "bad_date.txt")
    assert loaded.failures.select("file", "line", "column").rows() == [("bad_date.txt", 2, "date")]
    assert counts(loaded) == (3, 2, 0, 1)


def test_a_binary_file_named_txt_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Ada.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(SourceError, match=r"WhatsApp Chat with Ada.txt:3: is binary"):
        load(path)
    result = netbook("import", str(path), "-w", str(tmp_path / "ws"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_text_that_is_no_chat_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Ada.txt"
    path.write_text("\nShopping list\n[31/12/2023, 21:04:05] Ada: hi\n")
    with pytest.raises(SourceError, match=r":2: is not a WhatsApp chat export"):
        load(path)


def test_a_chat_that_cannot_tell_the_owner_asks_for_it_once(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    shutil.copy(CHATS / "WhatsApp Chat with Dee Ejemplo.txt", path)
    with pytest.raises(SourceError, match=r"cannot tell which sender is you") as error:
        load(path, OwnerHint())
    assert "[owner] name" in (error.value.hint or "")
    by_phone = load(path, OwnerHint(name="Dee Ejemplo"))
    assert directions(by_phone) == {"outbound": 2, "inbound": 1}


def test_owner_from_the_sender_in_every_chat(tmp_path: Path) -> None:
    for name in ("ios_en_gb.txt", "android_fi.txt"):
        shutil.copy(CHATS / name, tmp_path / name)
    loaded = load(tmp_path, OwnerHint())
    assert "Sam Owner (the sender in every chat)" in loaded.owner["identified_by"][0]
    assert directions(loaded) == {"outbound": 3, "inbound": 4}


def test_other_sources_do_not_claim_chats_and_chats_do_not_claim_them() -> None:
    for path in sorted(CHATS.iterdir()):
        assert detect(path).name == "whatsapp", path
    assert not WhatsAppSource().detect(DATA / "email")
    assert not WhatsAppSource().detect(DATA / "calendar")
    assert not WhatsAppSource().detect(DATA / "linkedin" / "mini")


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text('[owner]\nname = "Sam Owner"\n')
    ws = Workspace(root)
    (first,) = ws.import_paths([CHATS])
    (second,) = ws.import_paths([CHATS])
    assert first.written.interactions_added == 25
    assert second.written.interactions_added == 0
    assert ws.people().collect().height == 8


ZOE_VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Zoe Sample
EMAIL:zoe@example.com
TEL;TYPE=CELL:+44 7700 900456
END:VCARD
"""

ZOE_CHAT = """[20/05/2026, 09:00:00] Sam Owner: Coffee on Friday?
[20/05/2026, 09:05:00] +44 7700 900456: Yes please
[29/05/2026, 18:00:00] +44 7700 900456: See you soon
"""

ZOE_MAIL = """From sam@example.com Wed May 20 09:00:00 2026
From: Sam Owner <sam@example.com>
To: Zoe S. <zoe@example.com>
Subject: Catch up
Date: Fri, 15 May 2026 09:00:00 +0000
Message-ID: <z1@example.com>

Free for a call next week?

"""


def test_one_person_on_linkedin_in_mail_and_in_whatsapp(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text(
        '[owner]\nname = "Sam Owner"\nemails = ["sam@example.com"]\n[time]\nzone = "UTC"\n'
    )
    (tmp_path / "zoe.vcf").write_text(ZOE_VCARD)
    (tmp_path / "zoe.mbox").write_text(ZOE_MAIL)
    (tmp_path / "WhatsApp Chat with Zoe.txt").write_text(ZOE_CHAT)
    ws = Workspace(root)
    ws.import_paths([DATA / "linkedin" / "mini", tmp_path / "zoe.vcf"])
    as_of = date(2026, 6, 1)

    def zoe() -> dict[str, object]:
        health = api.health(ws, as_of=as_of).filter(pl.col("full_name").str.starts_with("Zo"))
        assert health.height == 1
        return health.row(0, named=True)

    before = zoe()
    ws.import_paths([tmp_path / "zoe.mbox", tmp_path / "WhatsApp Chat with Zoe.txt"])
    after = zoe()
    people = ws.people().filter(pl.col("full_name").str.starts_with("Zo")).collect()
    assert people.height == 1
    assert sorted(people["sources"][0]) == ["linkedin", "mbox", "vcard", "whatsapp"]
    assert after["touches_365d"] == before["touches_365d"] + 4
    assert after["outbound_365d"] == before["outbound_365d"] + 2
    assert after["inbound_365d"] == before["inbound_365d"] + 2
    assert after["days_since_contact"] == 3  # the chat on 29 May
    assert after["strength"] > before["strength"]


def test_a_chat_display_name_alone_joins_no_one(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text('[owner]\nname = "Sam Owner"\n')
    chat = tmp_path / "WhatsApp Chat with Zoe Sample.txt"
    chat.write_text(ZOE_CHAT.replace("+44 7700 900456", "Zoe Sample"))
    ws = Workspace(root)
    ws.import_paths([DATA / "linkedin" / "mini", chat])
    people = ws.people().filter(pl.col("full_name").str.starts_with("Zo")).collect()
    assert sorted(s for row in people["sources"] for s in row) == ["linkedin", "whatsapp"]
    assert people.height == 2


def test_owner_addresses_from_linkedin_apply_to_mail_in_the_same_import(tmp_path: Path) -> None:
    export = tmp_path / "linkedin"
    shutil.copytree(DATA / "linkedin" / "mini", export)
    (export / "Email Addresses.csv").write_text(
        "Email Address,Confirmed,Primary,Updated On\nme@example.com,Yes,Yes,2020-01-01\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export, DATA / "email" / "small.mbox"])
    mail = ws.interactions().filter(pl.col("source") == "mbox").collect()
    assert mail.group_by(pl.col("direction").cast(pl.String)).len().sort("direction").rows() == [
        ("inbound", 3),
        ("outbound", 14),
    ]


def test_ids_survive_a_new_time_zone_and_a_later_export(tmp_path: Path) -> None:
    path = CHATS / "ios_en_gb.txt"
    berlin = load(path).interactions.collect()
    utc = load(path, OwnerHint(name="Sam Owner", time_zone="UTC")).interactions.collect()
    assert sorted(berlin["interaction_id"]) == sorted(utc["interaction_id"])
    earlier = tmp_path / "ios_en_gb.txt"
    earlier.write_text("".join(path.read_text().splitlines(keepends=True)[:5]))
    before = set(load(earlier).interactions.collect()["interaction_id"])
    assert len(before) == 2
    assert before <= set(berlin["interaction_id"])


LOCALES = DATA / "chats" / "whatsapp_locales"


@pytest.mark.parametrize(
    ("name", "counts_", "first", "directions_"),
    [
        # dd.mm.yy with no day above 12: dots mean day first
        (
            "android_de.txt",
            (5, 3, 2, 0),
            datetime(2024, 1, 5, 8, 15),
            {"inbound": 2, "outbound": 1},
        ),
        # year first, no comma
        (
            "android_sv.txt",
            (3, 3, 0, 0),
            datetime(2024, 1, 5, 8, 15),
            {"inbound": 2, "outbound": 1},
        ),
        # bracketed without a comma, a multi-line message, a leading direction mark
        (
            "ios_pt_br.txt",
            (3, 3, 0, 0),
            datetime(2024, 1, 5, 8, 15, 2),
            {"inbound": 2, "outbound": 1},
        ),
    ],
)
def test_more_locale_layouts(
    name: str,
    counts_: tuple[int, int, int, int],
    first: datetime,
    directions_: dict[str, int],
) -> None:
    loaded = load(LOCALES / name)
    assert counts(loaded) == counts_
    assert directions(loaded) == directions_
    assert loaded.interactions.collect()["occurred_at"][0] == first.replace(tzinfo=UTC)
    assert loaded.failures.is_empty()
