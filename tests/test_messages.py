"""messages.csv rows that are odd but real: no conversation id, owner named only by the settings."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from netbook.sources import OwnerHint
from netbook.sources.linkedin import LinkedInSource

HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
)
ME = "https://www.linkedin.com/in/me-example"
ADA = "https://www.linkedin.com/in/ada-example"


def test_message_without_conversation_id_is_its_own_thread(tmp_path: Path) -> None:
    (tmp_path / "messages.csv").write_text(
        HEADER
        + f",,Ada Example,{ADA},Me Example,{ME},2024-05-04 10:00:00 UTC,,hello,INBOX\n"
        + f",,Me Example,{ME},Ada Example,{ADA},2024-05-05 10:00:00 UTC,,hi!,INBOX\n"
        + f"2-X,,Ada Example,{ADA},Me Example,{ME},2024-05-06 10:00:00 UTC,,again,INBOX\n"
    )
    loaded = LinkedInSource().load(tmp_path, owner=OwnerHint("Me Example", ME))
    rows = (
        loaded.interactions.select(
            pl.col("thread_id").cast(pl.String), "direction", "initiated", "content_length"
        )
        .sort("thread_id")
        .collect()
        .rows()
    )
    assert rows == [
        ("2-X", "inbound", True, 5),
        ("row:0", "inbound", True, 5),
        ("row:1", "outbound", True, 3),
    ]
    assert loaded.owner["identified_by"].to_list() == ["netbook.toml"]
    assert loaded.people.collect()["full_name"].to_list() == ["Ada Example"]
