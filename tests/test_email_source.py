"""The e-mail source on constructed mailboxes: an mbox, a Gmail Takeout mbox, a Maildir, .eml files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import Workspace, api, schema
from netbook.errors import SourceError
from netbook.sources import OwnerHint, detect
from netbook.sources._base import Loaded
from netbook.sources.email import MboxSource

DATA = Path(__file__).parent / "data"
MAIL = DATA / "email"
ME = OwnerHint(emails=("me@example.com",))


def load(path: Path, owner: OwnerHint = ME) -> Loaded:
    return MboxSource().load(path, owner=owner)


def directions(loaded: Loaded) -> dict[str, int]:
    frame = loaded.interactions.collect()
    return dict(frame.group_by(pl.col("direction").cast(pl.String)).len().iter_rows())


def noise(loaded: Loaded) -> dict[str, int]:
    return {reason: rows for _, reason, rows in loaded.noise.iter_rows()}


def test_small_mbox_counts() -> None:
    loaded = load(MAIL / "small.mbox")
    interactions = loaded.interactions.collect()
    assert loaded.people.collect().height == 15  # Ada, Bo, Dee, Eve and 11 party guests
    assert directions(loaded) == {"outbound": 14, "inbound": 3}
    assert interactions["is_group"].sum() == 12  # the party: 11 in To, Bo in Bcc
    assert (interactions["channel"].cast(pl.String) == "email").all()
    assert noise(loaded) == {
        "automated (Auto-Submitted)": 1,
        "newsletter or mailing list": 2,
        "no counterpart": 1,
        "no-reply sender": 1,
    }
    assert loaded.failures.select("file", "line", "column").rows() == [("small.mbox", 94, "Date")]
    assert "sometime soon" in loaded.failures["reason"][0]
    files = loaded.files.row(0, named=True)
    assert (files["rows"], files["kept"], files["noise"], files["failed"]) == (11, 5, 5, 1)
    for name in ("people", "identities", "interactions"):
        frame = getattr(loaded, name).collect()
        assert frame.schema == getattr(schema, name.upper())


def test_thread_reply_length_and_question() -> None:
    frame = load(MAIL / "small.mbox").interactions.collect().sort("occurred_at")
    lunch = frame.filter(pl.col("thread_id").cast(pl.String) == "m1@example.com")
    assert lunch.select("direction", "initiated", "content_length", "asks").rows() == [
        ("outbound", True, 26, True),
        ("outbound", True, 26, True),
        ("inbound", False, 37, False),  # the quoted question below "On ... wrote:" is cut
    ]
    html = frame.filter(pl.col("is_html"))
    assert html.select("content_length", "asks").rows() == [(12, True)]
    no_id = frame.filter(pl.col("thread_id").cast(pl.String).str.starts_with("sha1:"))
    assert no_id.select("direction", "initiated").rows() == [("inbound", True)]


def test_people_are_named_by_their_display_name() -> None:
    people = load(MAIL / "small.mbox").people.collect()
    ada = people.filter(pl.col("email") == "ada@example.com")
    assert ada["full_name"].to_list() == ["Ada Example"]
    assert "me@example.com" not in people["email"].to_list()  # the owner is never a person


def test_gmail_takeout_labels_threads_and_owner_from_sent() -> None:
    loaded = load(MAIL / "gmail.mbox", OwnerHint())  # the owner comes from the Sent label
    frame = loaded.interactions.collect().sort("occurred_at")
    assert sorted(loaded.people.collect()["full_name"]) == ["Yan Öther", "Zoe Sample"]
    assert frame.select(pl.col("thread_id").cast(pl.String), "direction", "initiated").rows() == [
        ("gmail:1790000000000000111", "outbound", True),
        ("gmail:1790000000000000111", "inbound", False),
        ("gmail:1790000000000000666", "inbound", True),
    ]
    assert frame["asks"].to_list() == [True, False, True]
    assert noise(loaded) == {"draft": 1, "spam or trash": 2}
    assert loaded.failures.is_empty()


def test_owner_is_the_address_in_most_messages_when_nothing_says() -> None:
    loaded = load(MAIL / "small.mbox", OwnerHint())
    assert loaded.owner["identified_by"].to_list() == ["address in most messages: me@example.com"]
    assert directions(loaded) == {"outbound": 14, "inbound": 3}
    assert load(MAIL / "small.mbox").owner.is_empty()


def test_maildir_flags() -> None:
    loaded = load(MAIL / "maildir")
    assert directions(loaded) == {"inbound": 1, "outbound": 1}
    assert sorted(loaded.people.collect()["full_name"]) == ["Ada Example", "Bo Sample"]
    assert noise(loaded) == {"draft": 1, "spam or trash": 1}
    assert loaded.files.select("file", "kind", "rows").rows() == [("maildir", "maildir", 4)]


def test_eml_folder_with_an_undecodable_header() -> None:
    loaded = load(MAIL / "eml")
    assert directions(loaded) == {"outbound": 1}
    assert noise(loaded) == {"newsletter or mailing list": 1}
    assert loaded.failures.select("line", "column").rows() == [(2, "From")]  # 2nd file by name
    assert "undecodable" in loaded.failures["reason"][0]


def test_the_same_interaction_ids_in_every_layout(tmp_path: Path) -> None:
    eml = tmp_path / "one.eml"
    shutil.copy(MAIL / "eml" / "01-to-ada.eml", eml)
    first = load(eml).interactions.collect()["interaction_id"]
    folder = load(MAIL / "eml").interactions.collect()["interaction_id"]
    assert first.to_list() == folder.to_list()


def test_detect(tmp_path: Path) -> None:
    source = MboxSource()
    thunderbird = tmp_path / "Inbox"  # Thunderbird's folder files have no suffix
    shutil.copy(MAIL / "small.mbox", thunderbird)
    apple = tmp_path / "Work.mbox"  # Apple Mail exports a folder holding an "mbox" file
    apple.mkdir()
    shutil.copy(MAIL / "small.mbox", apple / "mbox")
    note = tmp_path / "note.txt"
    note.write_text("From the desk of Ada: hello\n")
    for path in (MAIL / "small.mbox", MAIL / "maildir", MAIL / "eml", thunderbird, apple):
        assert source.detect(path), path
        assert detect(path).name == "mbox", path
    assert not source.detect(note)
    assert not source.detect(DATA / "linkedin" / "mini")
    assert load(apple).interactions.collect().height == 17


def test_binary_file_named_mbox_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "All mail Including Spam and Trash.mbox"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with pytest.raises(SourceError, match=r"Trash.mbox:1: is not an mbox file"):
        load(path)


def test_nul_bytes_in_headers_are_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.mbox"
    path.write_bytes(b"From x@y.org Mon Jan  1 00:00:00 2024\nFrom: a\x00\x00@b.org\n\nbody\n")
    with pytest.raises(SourceError, match="binary data"):
        load(path)


def test_truncated_mbox_loses_only_its_last_message(tmp_path: Path) -> None:
    raw = (MAIL / "small.mbox").read_bytes()
    path = tmp_path / "cut.mbox"
    path.write_bytes(raw[: raw.rindex(b"Can we")])
    loaded = load(path)
    assert loaded.failures.select("column").rows() == [("message",), ("Date",)][::-1]
    assert "ends inside" in loaded.failures["reason"][1]
    assert directions(loaded) == {"outbound": 14, "inbound": 2}  # Eve's message is the cut one


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (first,) = ws.import_paths([MAIL / "gmail.mbox"])
    (second,) = ws.import_paths([MAIL / "gmail.mbox"])
    assert first.written.interactions_added == 3
    assert second.written.interactions_added == 0
    assert ws.people().collect().height == 2


def test_owner_addresses_from_linkedin_email_addresses(tmp_path: Path) -> None:
    export = tmp_path / "linkedin"
    shutil.copytree(DATA / "linkedin" / "mini", export)
    (export / "Email Addresses.csv").write_text(
        "Email Address,Confirmed,Primary,Updated On\nme@example.com,Yes,Yes,2020-01-01\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])  # the owner's addresses are read once per import call
    ws.import_paths([MAIL / "small.mbox"])
    mail = ws.interactions().filter(pl.col("source") == "mbox").collect()
    assert mail.group_by(pl.col("direction").cast(pl.String)).len().sort("direction").rows() == [
        ("inbound", 3),
        ("outbound", 14),
    ]
    assert ws.people().filter(pl.col("email") == "me@example.com").collect().is_empty()


ZOE_MAIL = """From me@example.com Wed May 20 09:00:00 2026
From: Owner Example <me@example.com>
To: Zoe S. <ZOE@example.com>
Subject: Catch up
Date: Wed, 20 May 2026 09:00:00 +0000
Message-ID: <z1@example.com>

Free for a call next week?

From zoe@example.com Mon May 25 10:00:00 2026
From: Zoe S. <zoe@example.com>
To: me@example.com
Subject: Re: Catch up
Date: Mon, 25 May 2026 10:00:00 +0000
Message-ID: <z2@example.com>
In-Reply-To: <z1@example.com>
References: <z1@example.com>

Yes, Tuesday.

"""


def test_linkedin_connection_and_mail_are_one_person(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text('[owner]\nemails = ["me@example.com"]\n')
    mbox = tmp_path / "zoe.mbox"
    mbox.write_text(ZOE_MAIL)
    ws = Workspace(root)
    ws.import_paths([DATA / "linkedin" / "mini"])
    as_of = date(2026, 6, 1)

    def zoe() -> dict[str, object]:
        health = api.health(ws, as_of=as_of).filter(pl.col("full_name").str.starts_with("Zo"))
        assert health.height == 1
        return health.row(0, named=True)

    before = zoe()
    ws.import_paths([mbox])
    after = zoe()
    people = ws.people().filter(pl.col("full_name").str.starts_with("Zo")).collect()
    assert people["sources"].to_list() == [["linkedin", "mbox"]]
    assert after["person_id"] == before["person_id"]
    assert after["days_since_contact"] == 7  # 25 May to 1 June
    assert before["days_since_contact"] is None or before["days_since_contact"] > 7
    assert after["touches_365d"] == before["touches_365d"] + 2
    assert after["outbound_365d"] == before["outbound_365d"] + 1
    assert after["inbound_365d"] == before["inbound_365d"] + 1


def test_raw_utf8_headers_are_read_and_a_cut_multipart_loads(tmp_path: Path) -> None:
    path = tmp_path / "utf8.mbox"
    path.write_bytes(
        "From x@y.org Mon Jan  1 00:00:00 2024\n"
        "From: Zoë Sample <zoe@example.com>\nTo: me@example.com\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-ID: <u1@example.com>\n"
        'Content-Type: multipart/alternative; boundary="zz"\n\n'
        "--zz\nContent-Type: text/plain; charset=latin-1\n\n".encode()
        + "Caf\xe9?\n".encode("latin-1")
    )
    loaded = load(path)
    assert loaded.people.collect()["full_name"].to_list() == ["Zoë Sample"]
    assert loaded.interactions.collect().select("content_length", "asks").rows() == [(5, True)]


def test_command_line_lists_mbox_and_reports_a_binary_mbox_on_one_line(tmp_path: Path) -> None:
    assert "mbox: e-mail" in netbook("sources").stdout
    path = tmp_path / "mail.mbox"
    path.write_bytes(bytes(range(256)) * 4)
    result = netbook("import", str(path), "-w", str(tmp_path / "ws"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "mail.mbox:1: is not an mbox file" in result.stderr


LIST_MAIL = """From cy@example.net Mon Jan  1 10:00:00 2024
From: Cy Person <cy@example.net>
To: topic@lists.example.net
List-Id: <topic.lists.example.net>
Date: Mon, 1 Jan 2024 10:00:00 +0000
Message-ID: <l1@example.net>

Anyone tried this?

From me@example.com Mon Jan  1 11:00:00 2024
From: me@example.com
To: topic@lists.example.net
Date: Mon, 1 Jan 2024 11:00:00 +0000
Message-ID: <l2@example.com>
In-Reply-To: <l1@example.net>
References: <l1@example.net>

Yes, it works.

From me@example.com Mon Jan  1 11:00:00 2024
From: me@example.com
To: topic@lists.example.net
Date: Mon, 1 Jan 2024 11:00:00 +0000
Message-ID: <l2@example.com>
In-Reply-To: <l1@example.net>
References: <l1@example.net>

Yes, it works.

"""


def test_a_reply_to_a_mailing_list_and_its_copy_are_noise(tmp_path: Path) -> None:
    path = tmp_path / "list.mbox"
    path.write_text(LIST_MAIL)
    loaded = load(path)
    assert loaded.interactions.collect().is_empty()
    assert noise(loaded) == {"mailing-list thread": 2, "newsletter or mailing list": 1}


def test_a_message_read_twice_counts_once(tmp_path: Path) -> None:
    path = tmp_path / "twice.mbox"
    path.write_bytes((MAIL / "gmail.mbox").read_bytes() * 2)
    loaded = load(path, OwnerHint())
    assert directions(loaded) == {"outbound": 1, "inbound": 2}
    assert noise(loaded) == {"draft": 2, "duplicate message": 3, "spam or trash": 4}


@pytest.mark.parametrize("chunk", [7, 16, 64, 1 << 20])
def test_messages_split_across_chunks(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    import netbook.sources.email._read as read

    monkeypatch.setattr(read, "_CHUNK", chunk)
    loaded = load(MAIL / "small.mbox")
    assert loaded.files["rows"].to_list() == [11]
    assert loaded.failures["line"].to_list() == [94]
    assert directions(loaded) == {"outbound": 14, "inbound": 3}
