"""Invitations.csv details: the Jan 2024 URN columns, US Pacific times, re-sent duplicates."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from netbook.sources.linkedin import LinkedInSource

CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Example,https://www.linkedin.com/in/ada-example,,Globex,Engineer,20 Jan 2024
"""
INVITATIONS = """From,To,Sent At,Message,Direction,inviterProfileUrn,inviteeProfileUrn
Owner Example,Ada Example,"1/18/24, 11:40 PM",,OUTGOING,urn:li:member:1,urn:li:member:2
Owner Example,Ada Example,"1/18/24, 11:40 PM",,OUTGOING,urn:li:member:1,urn:li:member:2
Bo Sample,Owner Example,"7/4/23, 9:05 AM","Hi, met at the meetup",INCOMING,urn:li:member:3,urn:li:member:1
"""


def test_urn_era_invitations_match_connections_by_name(tmp_path: Path) -> None:
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    (tmp_path / "Invitations.csv").write_text(INVITATIONS)
    loaded = LinkedInSource().load(tmp_path)
    people = loaded.people.collect().sort("full_name")
    assert people["full_name"].to_list() == ["Ada Example", "Bo Sample"]
    assert people["profile_url"].to_list() == ["https://www.linkedin.com/in/ada-example", None]
    invitations = (
        loaded.interactions.filter(pl.col("channel") == "invitation")
        .join(loaded.people.select("person_id", "full_name"), on="person_id")
        .sort("occurred_at")
        .collect()
    )
    assert invitations.select("full_name", "direction", "occurred_at").rows() == [
        ("Bo Sample", "inbound", datetime(2023, 7, 4, 16, 5, tzinfo=UTC)),  # PDT, UTC-7
        ("Ada Example", "outbound", datetime(2024, 1, 19, 7, 40, tzinfo=UTC)),  # PST, UTC-8
    ]
    noise = {r["reason"]: r["rows"] for r in loaded.noise.to_dicts()}
    assert noise == {"duplicate": 1}
    assert loaded.owner["full_name"].to_list() == ["Owner Example"]
    assert loaded.owner["profile_url"].to_list() == [None]
    assert loaded.owner["identified_by"].to_list() == ["Invitations.csv"]


def test_an_invitation_sent_in_the_skipped_hour_is_kept(tmp_path: Path) -> None:
    # 2:17 AM on 8 March 2026 never showed on a Pacific clock (2:00 jumped to 3:00). It is read
    # as 2:17 PST, the offset before the jump (10:17 UTC), not dropped as unreadable.
    (tmp_path / "Connections.csv").write_text(CONNECTIONS)
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction\n"
        'Owner Example,Ada Example,"3/8/26, 2:17 AM",,OUTGOING\n'
        'Owner Example,Cy Other,"3/8/26, 3:17 AM",,OUTGOING\n'
    )
    loaded = LinkedInSource().load(tmp_path)
    invitations = loaded.interactions.filter(pl.col("channel") == "invitation").collect()
    assert sorted(invitations["occurred_at"].to_list()) == [
        datetime(2026, 3, 8, 10, 17, tzinfo=UTC),
        datetime(2026, 3, 8, 10, 17, tzinfo=UTC),
    ]
    assert loaded.failures.is_empty()
