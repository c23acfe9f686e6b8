"""Hand-made LinkedIn exports from every era (2018 to 2026), read as folders and as zips.

The fixtures are in ``tests/data/linkedin/<era>/``; ``tests/data/linkedin/README.md`` lists what each
covers and the counts asserted here. Every name in them is made up.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from exports import connections_export, profile
from netbook import SchemaError, SourceError, Workspace, doctor
from netbook.sources._base import Loaded
from netbook.sources.contacts.imported import LinkedInImportedContactsSource
from netbook.sources.linkedin import BLANK_DAYS, UNDATED, LinkedInSource
from netbook.store import TABLES

DATA = Path(__file__).parent / "data" / "linkedin"
BAD = DATA / "bad"
ERAS = ("2018", "2021", "2022", "2024", "2026")
FORMS = ("folder", "zip")


@dataclass(frozen=True)
class Era:
    """What one fixture export must produce."""

    people: int
    connections: int
    interactions: dict[tuple[str, str | None], int]
    messages: dict[str, int]
    owner: str
    owner_url: str | None
    birthday: str | None
    noise: dict[str, int]
    files: dict[str, str]
    exported_on: date


N21 = "Basic_LinkedInDataExport_06-05-2021 (1)/"
N22 = "Complete_LinkedInDataExport_09-12-2022 (1)/"

EXPECTED: dict[str, Era] = {
    "2018": Era(
        people=4,
        connections=3,
        interactions={
            ("connection", None): 3,
            ("invitation", "inbound"): 1,
            ("invitation", "outbound"): 1,
            ("message", "inbound"): 2,
            ("message", "outbound"): 2,
        },
        messages={"outbound": 2, "inbound": 2, "group": 0},
        owner="Quill Ashdown",
        owner_url=None,
        birthday="1990-03-06",
        noise={"hidden member": 1},
        files={
            "Connections.csv": "read",
            "Invitations.csv": "read",
            "Messages.csv": "read",
            "Positions.csv": "read",
            "Profile.csv": "read",
            "Shares.csv": "ignored",
        },
        exported_on=date(2018, 10, 31),
    ),
    "2021": Era(
        people=4,
        connections=3,
        interactions={
            ("connection", None): 3,
            ("invitation", "inbound"): 1,
            ("invitation", "outbound"): 1,
            ("message", "inbound"): 3,
            ("message", "outbound"): 2,
        },
        messages={"outbound": 2, "inbound": 3, "group": 0},
        owner="Juniper Vale",
        owner_url="https://www.linkedin.com/in/juniper-vale",
        birthday="--03-06",
        noise={"sponsored": 1},
        files={
            N21 + "Connections.csv": "read",
            N21 + "Invitations.csv": "read",
            N21 + "Profile.csv": "read",
            N21 + "messages.csv": "read",
        },
        exported_on=date(2021, 6, 5),
    ),
    "2022": Era(
        people=4,
        connections=3,
        interactions={
            ("connection", None): 3,
            ("endorsement", "inbound"): 2,
            ("invitation", "inbound"): 1,
            ("invitation", "outbound"): 1,
            ("message", "inbound"): 1,
            ("message", "outbound"): 2,
        },
        messages={"outbound": 2, "inbound": 1, "group": 0},
        owner="Lark Whitcombe",
        owner_url="https://www.linkedin.com/in/lark-whitcombe",
        birthday=None,
        noise={"spam": 1, "duplicate": 3},
        files={
            N22 + "Connections.csv": "read",
            N22 + "Endorsement Received Info.csv": "read",
            N22 + "Endorsement_Received_Info.csv": "read",
            N22 + "Invitations.csv": "read",
            N22 + "Profile.csv": "read",
            N22 + "messages.csv": "read",
        },
        exported_on=date(2022, 9, 12),
    ),
    "2024": Era(
        people=5,
        connections=4,
        interactions={
            ("connection", None): 4,
            ("endorsement", "inbound"): 2,
            ("endorsement", "outbound"): 1,
            ("invitation", "inbound"): 1,
            ("invitation", "outbound"): 1,
            ("message", "inbound"): 3,
            ("message", "outbound"): 4,
            ("recommendation", "inbound"): 1,
            ("recommendation", "outbound"): 1,
        },
        messages={"outbound": 2, "inbound": 2, "group": 2},
        owner="Rowan Eastleigh",
        owner_url="https://www.linkedin.com/in/rowan-eastleigh",
        birthday="--02-29",
        noise={
            "hidden member": 1,
            "ai coach": 2,
            "draft": 1,
            "duplicate": 1,
            "spam": 1,
            "sponsored": 1,
        },
        files={
            "Connections.csv": "read",
            "Endorsement_Given_Info.csv": "read",
            "Endorsement_Received_Info.csv": "read",
            "Invitations.csv": "read",
            "Positions.csv": "read",
            "Profile.csv": "read",
            "Recommendations_Given.csv": "read",
            "Recommendations_Received.csv": "read",
            "coach_messages.csv": "read",
            "messages.csv": "read",
        },
        exported_on=date(2024, 5, 20),
    ),
    "2026": Era(
        people=4,
        connections=3,
        interactions={
            ("connection", None): 3,
            ("invitation", "inbound"): 1,
            ("invitation", "outbound"): 1,
            ("message", "inbound"): 3,
            ("message", "outbound"): 1,
        },
        messages={"outbound": 1, "inbound": 3, "group": 0},
        owner="Imogen Farrowdale",
        owner_url="https://www.linkedin.com/in/imogen-farrowdale",
        birthday="--12-01",
        noise={"hidden member": 1, "missing participant": 1, "sponsored": 1},
        files={
            "Connections.csv": "read",
            "Invitations.csv": "read",
            "LearningCoachMessages.csv": "empty",
            "Profile.csv": "read",
            "messages.csv": "read",
        },
        exported_on=date(2026, 4, 7),
    ),
}


# ------------------------------------------------------------------------------------------ helpers
def zip_folder(folder: Path, target: Path) -> Path:
    """Zip every file under ``folder``, named relative to it (nested folders kept)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("zips")
    return {era: zip_folder(DATA / era, root / f"linkedin_{era}.zip") for era in ERAS}


def cases(*eras: str) -> list[object]:
    """``(era, form)`` parameters."""
    return [pytest.param(era, form, id=f"{era}-{form}", marks=[]) for era in eras for form in FORMS]


def where(era: str, form: str, zips: dict[str, Path]) -> Path:
    return DATA / era if form == "folder" else zips[era]


def load(path: Path) -> Loaded:
    return LinkedInSource().load(path)


def frames(loaded: Loaded) -> tuple[pl.DataFrame, pl.DataFrame]:
    return loaded.people.collect(), loaded.interactions.collect()


def person(people: pl.DataFrame, full_name: str) -> str:
    (found,) = people.filter(pl.col("full_name") == full_name)["person_id"].to_list()
    return str(found)


def by_channel(interactions: pl.DataFrame) -> dict[tuple[str, str | None], int]:
    counted = interactions.group_by("channel", "direction").len()
    return {(str(c), None if d is None else str(d)): n for c, d, n in counted.iter_rows()}


def message_counts(interactions: pl.DataFrame) -> dict[str, int]:
    """The counting rule: 1:1 rows by direction, and group messages (not rows) on their own."""
    messages = interactions.filter(pl.col("channel") == "message")
    single = messages.filter(~pl.col("is_group"))
    groups = messages.filter(pl.col("is_group")).select(
        "thread_id", "occurred_at", "direction", "content_length"
    )
    return {
        "outbound": single.filter(pl.col("direction") == "outbound").height,
        "inbound": single.filter(pl.col("direction") == "inbound").height,
        "group": groups.unique().height,
    }


def noise_by_reason(noise: pl.DataFrame) -> dict[str, int]:
    summed = noise.group_by("reason").agg(pl.col("rows").sum())
    return {str(r): int(n) for r, n in summed.iter_rows()}


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def counts(ws: Workspace) -> dict[str, int]:
    return {table: ws.table(table).height for table in TABLES}


# ------------------------------------------------------------------------------ every era, 2 forms
@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_people_and_interactions_by_channel(era: str, form: str, zips: dict[str, Path]) -> None:
    expected = EXPECTED[era]
    people, interactions = frames(load(where(era, form, zips)))
    assert people.height == expected.people
    assert people["person_id"].n_unique() == expected.people
    assert people.filter(pl.col("connected_on").is_not_null()).height == expected.connections
    assert by_channel(interactions) == expected.interactions
    assert interactions["person_id"].is_in(people["person_id"].implode()).all()
    assert interactions["interaction_id"].n_unique() == interactions.height


@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_message_counts_by_direction(era: str, form: str, zips: dict[str, Path]) -> None:
    _, interactions = frames(load(where(era, form, zips)))
    assert message_counts(interactions) == EXPECTED[era].messages


@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_owner_and_birthday(era: str, form: str, zips: dict[str, Path]) -> None:
    expected = EXPECTED[era]
    loaded = load(where(era, form, zips))
    assert loaded.owner.select("full_name", "profile_url", "birthday", "identified_by").rows() == [
        (expected.owner, expected.owner_url, expected.birthday, "Profile.csv")
    ]
    people, _ = frames(loaded)
    assert expected.owner not in people["full_name"].to_list()
    if expected.owner_url is not None:
        assert expected.owner_url not in people["profile_url"].to_list()


@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_noise_files_and_no_failures(era: str, form: str, zips: dict[str, Path]) -> None:
    expected = EXPECTED[era]
    loaded = load(where(era, form, zips))
    assert noise_by_reason(loaded.noise) == expected.noise
    assert dict(loaded.files.select("file", "status").iter_rows()) == expected.files
    assert loaded.failures.height == 0
    assert loaded.exported_on == expected.exported_on


@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_workspace_and_doctor(era: str, form: str, zips: dict[str, Path], tmp_path: Path) -> None:
    expected = EXPECTED[era]
    ws = Workspace(tmp_path / "ws")
    (result,) = ws.import_paths([where(era, form, zips)])
    assert result.source == "linkedin"
    assert result.written.people_added == expected.people
    assert result.written.interactions_added == sum(expected.interactions.values())
    report = doctor.report(ws)
    assert report["people"] == expected.people
    assert report["connections"] == expected.connections
    assert report["owner"]["full_name"] == expected.owner
    assert report["owner"]["birthday"] == expected.birthday
    (source,) = report["sources"]
    assert {n["reason"]: n["rows"] for n in source["noise"]} == expected.noise
    assert {f["file"]: f["status"] for f in source["files"]} == expected.files
    assert source["failures"] == []
    assert source["exported_on"] == expected.exported_on.isoformat()


@pytest.mark.parametrize(("era", "form"), cases(*ERAS))
def test_doctor_message_counts(era: str, form: str, zips: dict[str, Path], tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([where(era, form, zips)])
    assert doctor.report(ws)["messages"] == EXPECTED[era].messages


# -------------------------------------------------------------------------------- dates, per file
SPOT_CHECKS = [
    # era, person, channel, direction, every occurred_at of that person, channel and direction
    ("2018", "Bram Oakhurst", "connection", None, [utc(2018, 10, 30, 12)]),
    ("2018", "Bram Oakhurst", "message", "outbound", [utc(2018, 10, 30, 7, 15)]),
    ("2018", "Bram Oakhurst", "message", "inbound", [utc(2018, 10, 31, 16, 20)]),
    # "4/10/18, 6:30 PM" US Pacific (PDT, UTC-7) is the next day in UTC
    ("2018", "Dario Pennywhistle", "invitation", "outbound", [utc(2018, 4, 11, 1, 30)]),
    ("2018", "Celia Frostvale", "connection", None, [utc(2018, 6, 2, 12)]),
    ("2021", "Hana Okonkwo-Reyes, PhD", "connection", None, [utc(2021, 3, 15, 12)]),
    ("2021", "Gideon Hartwell", "message", "inbound", [utc(2021, 6, 3, 14, 22, 5)]),
    ("2021", "Gideon Hartwell", "invitation", "outbound", [utc(2021, 6, 1, 6, 45)]),
    # "1/14/21, 8:05 AM" in winter: PST, UTC-8
    ("2021", "Kasimir Brandt", "invitation", "inbound", [utc(2021, 1, 14, 16, 5)]),
    # two skills on one day are one endorsement, at the earlier time
    ("2022", "Mireille Castellan", "endorsement", "inbound", [utc(2022, 8, 30, 10, 15)]),
    ("2022", "Pavel Sorensen", "endorsement", "inbound", [utc(2022, 5, 2, 19, 45)]),
    ("2022", "Mireille Castellan", "invitation", "outbound", [utc(2022, 8, 29, 22, 5)]),
    ("2022", "Mireille Castellan", "message", "inbound", [utc(2022, 9, 9, 11)]),
    # "2/27/24, 4:05 PM": day > 12 so month-first; PST crosses midnight into the 28th
    ("2024", "Wendell Ashby", "invitation", "inbound", [utc(2024, 2, 28, 0, 5)]),
    # "3/18/24, 7:40 AM" is after the 2024-03-10 DST change: PDT, UTC-7
    ("2024", "Zoë Thistlewood", "invitation", "outbound", [utc(2024, 3, 18, 14, 40)]),
    ("2024", "Saoirse Delacroix", "endorsement", "outbound", [utc(2024, 5, 11, 12)]),
    ("2024", "Tobias Quenneville, MBA", "endorsement", "inbound", [utc(2024, 4, 2, 21, 30)]),
    ("2024", "Ulla Brightwater", "recommendation", "inbound", [utc(2024, 1, 15, 20, 15)]),
    ("2024", "Saoirse Delacroix", "recommendation", "outbound", [utc(2024, 5, 20, 9, 5)]),
    ("2024", "Saoirse Delacroix", "message", "inbound", [utc(2024, 5, 4, 17, 32, 10)]),
    ("2024", "Ulla Brightwater", "connection", None, [utc(2023, 12, 5, 12)]),
    ("2026", "Anselm Goldfinch", "message", "inbound", [utc(2026, 4, 7, 8, 15)]),
    ("2026", "Anselm Goldfinch", "invitation", "outbound", [utc(2026, 4, 6, 5, 20)]),
    ("2026", "Delphine Okafor, MBA", "invitation", "inbound", [utc(2026, 3, 20, 17, 16)]),
    ("2026", "Beatrix Moorcroft, PMP, CSM", "connection", None, [utc(2026, 2, 28, 12)]),
]


@pytest.mark.parametrize(
    ("era", "name", "channel", "direction", "expected"),
    [
        pytest.param(
            *check,
            id=f"{check[0]}-{check[2]}-{check[3]}-{check[1]}",
        )
        for check in SPOT_CHECKS
    ],
)
def test_dates_in_utc(
    era: str, name: str, channel: str, direction: str | None, expected: list[datetime]
) -> None:
    people, interactions = frames(load(DATA / era))
    mine = interactions.filter(
        (pl.col("person_id") == person(people, name)) & (pl.col("channel") == channel)
    )
    mine = mine.filter(
        pl.col("direction").is_null() if direction is None else pl.col("direction") == direction
    )
    assert sorted(mine["occurred_at"].to_list()) == expected


@pytest.mark.parametrize(
    ("era", "name", "connected_on"),
    [
        ("2021", "Ivo Lindqvist", date(2020, 11, 9)),
        ("2022", "Nikolai Varga, MBA", date(2022, 7, 21)),
        ("2024", "Zoë Thistlewood", date(2024, 3, 18)),
        ("2026", "Cosmo Ferreira ✅", date(2026, 1, 14)),
    ],
)
def test_connected_on(era: str, name: str, connected_on: date) -> None:
    people, _ = frames(load(DATA / era))
    assert people.filter(pl.col("full_name") == name)["connected_on"].to_list() == [connected_on]


# ------------------------------------------------------------------ 2018 without Messages.csv
def test_2018_without_messages_file(tmp_path: Path) -> None:
    """The 2018 export's other files, read without Messages.csv (an export of the other files only)."""
    folder = tmp_path / "2018"
    shutil.copytree(DATA / "2018", folder)
    (folder / "Messages.csv").unlink()
    loaded = load(folder)
    people, interactions = frames(loaded)
    assert sorted(people["full_name"].to_list()) == [
        "Bram Oakhurst",
        "Celia Frostvale",
        "Dario Pennywhistle",
        "Elke Marrow",
    ]
    assert people.filter(pl.col("full_name") == "Celia Frostvale").select(
        "email", "company", "connected_on"
    ).rows() == [("celia@example.org", "Frostvale, Ltd.", date(2018, 6, 2))]
    assert by_channel(interactions) == {
        ("connection", None): 3,
        ("invitation", "inbound"): 1,
        ("invitation", "outbound"): 1,
    }
    dario = interactions.filter(
        (pl.col("person_id") == person(people, "Dario Pennywhistle"))
        & (pl.col("channel") == "invitation")
    )
    assert dario["occurred_at"].to_list() == [utc(2018, 4, 11, 1, 30)]
    assert loaded.owner.select("full_name", "birthday", "identified_by").rows() == [
        ("Quill Ashdown", "1990-03-06", "Profile.csv")
    ]
    assert loaded.positions.rows() == [
        ("Ashdown Maps", "Cartographer", "Sylvania", date(2016, 3, 1), None),
        ("Inkwell Survey", "Assistant Surveyor", "Freedonia", date(2012, 1, 1), date(2016, 2, 1)),
    ]
    shares = loaded.files.filter(pl.col("file") == "Shares.csv")
    assert shares.select("kind", "status", "rows").rows() == [(None, "ignored", 0)]
    assert loaded.failures.height == 0
    assert loaded.noise.height == 0


def test_2018_m1_messages_use_direction_column() -> None:
    people, interactions = frames(load(DATA / "2018"))
    messages = interactions.filter(pl.col("channel") == "message").join(
        people.select("person_id", "full_name"), on="person_id"
    )
    rows = messages.sort("occurred_at").select("full_name", "direction", "is_group", "is_html")
    assert rows.rows() == [
        ("Celia Frostvale", "inbound", False, False),
        ("Celia Frostvale", "outbound", False, False),
        ("Bram Oakhurst", "outbound", False, True),
        ("Bram Oakhurst", "inbound", False, True),
    ]


# ------------------------------------------------------------------------------- 2021 / 2022 (M3)
@pytest.mark.parametrize("era", ["2021", "2022"])
def test_m3_one_to_one_conversations_are_not_groups(era: str) -> None:
    _, interactions = frames(load(DATA / era))
    messages = interactions.filter(pl.col("channel") == "message")
    assert messages.height == {"2021": 5, "2022": 3}[era]
    assert messages["is_group"].to_list() == [False] * messages.height


@pytest.mark.parametrize("era", ["2021", "2022"])
def test_m3_direction_from_owner_and_names_meet_urls(era: str) -> None:
    """Without a Direction column the owner decides; TO names meet the senders' URLs."""
    people, interactions = frames(load(DATA / era))
    messages = interactions.filter(pl.col("channel") == "message").join(
        people.select("person_id", "full_name", "profile_url"), on="person_id"
    )
    found = sorted(messages.select("full_name", "direction", "profile_url").rows())
    url = "https://www.linkedin.com/in/"
    expected = {
        "2021": [
            ("Gideon Hartwell", "inbound", url + "gideon-hartwell-4a1b"),
            ("Gideon Hartwell", "outbound", url + "gideon-hartwell-4a1b"),
            ("Hana Okonkwo-Reyes, PhD", "inbound", url + "hana-okonkwo-reyes"),
            ("Hana Okonkwo-Reyes, PhD", "outbound", url + "hana-okonkwo-reyes"),
            ("Ivo Lindqvist", "inbound", url + "ivo-lindqvist"),
        ],
        "2022": [
            ("Mireille Castellan", "inbound", url + "mireille-castellan"),
            ("Mireille Castellan", "outbound", url + "mireille-castellan"),
            ("Nikolai Varga, MBA", "outbound", None),
        ],
    }
    assert found == expected[era]


# ------------------------------------------------------------------------ 2022: twin endorsements
@pytest.mark.parametrize("form", FORMS)
def test_twin_endorsement_files_count_once(form: str, zips: dict[str, Path]) -> None:
    loaded = load(where("2022", form, zips))
    people, interactions = frames(loaded)
    endorsements = interactions.filter(pl.col("channel") == "endorsement")
    assert sorted(
        endorsements.join(people.select("person_id", "full_name"), on="person_id")
        .select("full_name", "value")
        .rows()
    ) == [("Mireille Castellan", "received"), ("Pavel Sorensen", "received")]
    # the endorser who is also a connection is one person, not two
    assert people.filter(pl.col("full_name") == "Mireille Castellan").height == 1
    twins = loaded.files.filter(pl.col("kind") == "endorsements received").sort("file")
    assert twins.select("encoding", "rows").rows() == [("utf-16", 3), ("utf-8", 3)]


@pytest.mark.parametrize("keep", ["Endorsement Received Info.csv", "Endorsement_Received_Info.csv"])
def test_either_twin_alone_gives_the_same_endorsements(keep: str, tmp_path: Path) -> None:
    both = frames(load(DATA / "2022"))[1].filter(pl.col("channel") == "endorsement")
    folder = tmp_path / "2022"
    shutil.copytree(DATA / "2022", folder)
    nested = folder / N22.rstrip("/")
    for twin in ("Endorsement Received Info.csv", "Endorsement_Received_Info.csv"):
        if twin != keep:
            (nested / twin).unlink()
    loaded = load(folder)
    alone = frames(loaded)[1].filter(pl.col("channel") == "endorsement")
    assert sorted(alone["interaction_id"].to_list()) == sorted(both["interaction_id"].to_list())
    assert sorted(alone["occurred_at"].to_list()) == [
        utc(2022, 5, 2, 19, 45),
        utc(2022, 8, 30, 10, 15),
    ]
    assert noise_by_reason(loaded.noise) == {"spam": 1}


# ------------------------------------------------------------------------------------------- 2024
@pytest.mark.parametrize("form", FORMS)
def test_percent_encoded_and_raw_unicode_slug_are_one_person(
    form: str, zips: dict[str, Path]
) -> None:
    loaded = load(where("2024", form, zips))
    people, interactions = frames(loaded)
    zoe = people.filter(pl.col("full_name") == "Zoë Thistlewood")
    assert zoe.select("profile_url", "email", "connected_on").rows() == [
        (
            "https://www.linkedin.com/in/zoë-thistlewood-12ab34cd",
            "zoe.t@example.com",
            date(2024, 3, 18),
        )
    ]
    zoe_id = zoe["person_id"].item()
    assert by_channel(interactions.filter(pl.col("person_id") == zoe_id)) == {
        ("connection", None): 1,
        ("invitation", "outbound"): 1,
        ("message", "inbound"): 1,
    }
    urls = loaded.identities.collect().filter(
        (pl.col("person_id") == zoe_id) & (pl.col("kind") == "linkedin_url")
    )
    assert urls["value"].to_list() == ["linkedin.com/in/zoë-thistlewood-12ab34cd"]
    assert not people["profile_url"].str.contains("%", literal=True).any()


@pytest.mark.parametrize("form", FORMS)
def test_group_messages_are_flagged(form: str, zips: dict[str, Path]) -> None:
    people, interactions = frames(load(where("2024", form, zips)))
    names = people.select("person_id", "full_name")
    group = (
        interactions.filter(pl.col("thread_id") == "2-R3JvdXAx")
        .join(names, on="person_id")
        .sort("occurred_at", "full_name")
        .select("full_name", "direction", "is_group", "occurred_at")
    )
    assert group.rows() == [
        ("Saoirse Delacroix", "outbound", True, utc(2024, 4, 1, 12)),
        ("Tobias Quenneville, MBA", "outbound", True, utc(2024, 4, 1, 12)),
        ("Tobias Quenneville, MBA", "inbound", True, utc(2024, 4, 1, 15, 30)),
    ]
    others = interactions.filter(
        (pl.col("channel") == "message") & (pl.col("thread_id") != "2-R3JvdXAx")
    )
    assert others.height == 4
    assert not others["is_group"].any()
    # "Tobias Quenneville, MBA" in TO is one person, not split on its comma
    assert people.filter(pl.col("full_name").str.contains("Tobias")).height == 1
    assert "MBA" not in people["full_name"].to_list()


def test_noise_rows_make_no_people() -> None:
    people, _ = frames(load(DATA / "2024"))
    assert sorted(people["full_name"].to_list()) == [
        "Saoirse Delacroix",
        "Tobias Quenneville, MBA",
        "Ulla Brightwater",
        "Wendell Ashby",
        "Zoë Thistlewood",
    ]


@pytest.mark.parametrize(
    ("drop", "identified_by", "people"),
    [
        (("Profile.csv",), "Invitations.csv", 5),
        (("Profile.csv", "Invitations.csv"), "message frequency", 4),
    ],
)
def test_owner_fallbacks_keep_directions(
    drop: tuple[str, ...], identified_by: str, people: int, tmp_path: Path
) -> None:
    folder = tmp_path / "2024"
    shutil.copytree(DATA / "2024", folder)
    for name in drop:
        (folder / name).unlink()
    loaded = load(folder)
    assert loaded.owner.select("full_name", "profile_url", "identified_by").rows() == [
        ("Rowan Eastleigh", "https://www.linkedin.com/in/rowan-eastleigh", identified_by)
    ]
    found, interactions = frames(loaded)
    assert found.height == people
    assert message_counts(interactions) == {"outbound": 2, "inbound": 2, "group": 2}


# ------------------------------------------------------------------------------------------- 2026
@pytest.mark.parametrize("form", FORMS)
def test_multiline_content_is_one_message(form: str, zips: dict[str, Path]) -> None:
    loaded = load(where("2026", form, zips))
    people, interactions = frames(loaded)
    messages = loaded.files.filter(pl.col("file") == "messages.csv")
    assert messages.select("rows", "kept", "noise", "failed").rows() == [(7, 4, 3, 0)]
    lengths = (
        interactions.filter((pl.col("channel") == "message") & (pl.col("direction") == "inbound"))
        .join(people.select("person_id", "full_name"), on="person_id")
        .sort("full_name")
        .select("full_name", "content_length", "is_html")
    )
    # 'Hi Imogen,\n\nThanks for connecting.\nBest, Anselm' and 'Agenda:\n- budget\n- hiring'
    assert lengths.rows() == [
        ("Anselm Goldfinch", 47, False),
        ("Beatrix Moorcroft, PMP, CSM", 25, False),
        ("Cosmo Ferreira ✅", 19, False),
    ]


def test_multiline_records_keep_their_line_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "2026"
    shutil.copytree(DATA / "2026", folder)
    path = folder / "messages.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace('"2026-03-01 10:00:00 UTC"', '"01/03/2026"')
    text = text.replace('"2026-01-14 18:00:00 UTC"', '"yesterday"')
    path.write_text(text, encoding="utf-8")
    failures = load(folder).failures
    # header on line 1, Anselm's message spans lines 2-5, Beatrix's 7-9, Cosmo's is line 13
    assert failures.select("file", "line", "column").rows() == [
        ("messages.csv", 7, "date"),
        ("messages.csv", 13, "date"),
    ]


def test_placeholder_coach_file_is_empty_and_adds_nothing() -> None:
    loaded = load(DATA / "2026")
    coach = loaded.files.filter(pl.col("file") == "LearningCoachMessages.csv")
    assert coach.select("kind", "status", "rows").rows() == [("ai messages", "empty", 0)]
    assert "ai coach" not in noise_by_reason(loaded.noise)


# ----------------------------------------------------------------------------------- Excel re-save
def test_excel_resave_is_parsed() -> None:
    loaded = load(BAD / "excel")
    people, interactions = frames(loaded)
    assert sorted(people.select("full_name", "company", "connected_on", "email").rows()) == [
        ("Jürgen Falkenrath", "Falkenrath, Wolff & Co.", date(2022, 2, 7), None),
        ("Liesel Amberg", "Amberg; Söhne GmbH", date(2021, 12, 31), "liesel@example.de"),
        ("Marek Novotny", None, date(2020, 3, 1), None),
    ]
    assert by_channel(interactions) == {("connection", None): 3}
    assert loaded.files.select("file", "status", "encoding", "rows").rows() == [
        ("Connections.csv", "read", "cp1252", 3)
    ]
    assert loaded.failures.height == 0


LOCALE_DAYS = {
    "excel, day first": ["15/11/2026", "3/11/2026", "28/02/2026"],
    "excel, month first": ["11/15/2026", "11/3/2026", "2/28/2026"],
    "excel, with a time": ["15/11/2026 00:00", "03/11/2026 00:00", "28/02/2026 00:00"],
    "excel, dashes": ["15-11-2026", "3-11-2026", "28-2-2026"],
    "libreoffice, german": ["15.11.26", "03.11.26", "28.02.26"],
    "excel, two-digit year": ["15/11/26", "3/11/26", "28/2/26"],
    "year first": ["2026/11/15", "2026/11/03", "2026/02/28"],
    "french": ["15 nov. 2026", "3 nov. 2026", "28 févr. 2026"],
    "german": ["15. Nov. 2026", "3. Nov. 2026", "28. Feb. 2026"],
    "spanish": ["15 de nov. de 2026", "3 de nov. de 2026", "28 de feb. de 2026"],
    "english, month first": ["Nov 15, 2026", "Nov 3, 2026", "Feb 28, 2026"],
}


def _connected_on(export: Path, days: list[str]) -> Path:
    """An export of one Connections.csv: a person P0, P1... per day, as listed (newest first)."""
    export.mkdir()
    rows = [
        f'P{i},Person,https://www.linkedin.com/in/p-{i},,Co,Role,"{d}"' for i, d in enumerate(days)
    ]
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    (export / "Connections.csv").write_text("\n".join([header, *rows]) + "\n")
    return export


@pytest.mark.parametrize("days", LOCALE_DAYS.values(), ids=LOCALE_DAYS.keys())
def test_connected_on_as_a_spreadsheet_or_a_locale_wrote_it(
    days: list[str], tmp_path: Path
) -> None:
    """A re-saved Connections.csv keeps every connection and its day, whatever form it took."""
    export = _connected_on(tmp_path / "export", days)
    loaded = load(export)
    assert loaded.failures.height == 0
    people, _ = frames(loaded)
    assert people.sort("full_name")["connected_on"].to_list() == [
        date(2026, 11, 15),
        date(2026, 11, 3),
        date(2026, 2, 28),
    ]


def test_an_ambiguous_column_is_read_in_the_order_linkedin_lists_it(tmp_path: Path) -> None:
    """Every number 12 or below: day first here, as only that reading lists the newest first."""
    days = ["10/12/2025", "05/12/2025", "03/11/2025", "12/10/2025", "01/09/2025"]
    export = _connected_on(tmp_path / "export", days)
    people, _ = frames(load(export))
    assert people.sort("full_name")["connected_on"].to_list() == [
        date(2025, 12, 10),
        date(2025, 12, 5),
        date(2025, 11, 3),
        date(2025, 10, 12),
        date(2025, 9, 1),
    ]


# -------------------------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", ["not_linkedin", "binary"])
def test_not_a_linkedin_file_raises_naming_it(case: str, form: str, tmp_path: Path) -> None:
    folder = BAD / case
    path = folder if form == "folder" else zip_folder(folder, tmp_path / f"{case}.zip")
    with pytest.raises(SourceError) as raised:
        load(path)
    named = str(folder / "Connections.csv") if form == "folder" else f"{path}!Connections.csv"
    assert raised.value.path == named
    assert str(raised.value).startswith(named + (":1: " if case == "not_linkedin" else ": "))
    assert raised.value.line == (1 if case == "not_linkedin" else None)


def test_empty_file_is_reported_and_nothing_else(tmp_path: Path) -> None:
    loaded = load(BAD / "empty")
    assert loaded.files.select("file", "kind", "status", "rows").rows() == [
        ("Connections.csv", "connections", "empty", 0)
    ]
    for frame in (loaded.people, loaded.interactions, loaded.identities, loaded.observations):
        assert frame.collect().height == 0
    for table in (loaded.failures, loaded.noise, loaded.owner, loaded.positions):
        assert table.height == 0
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([BAD / "empty"])
    stored = counts(ws)
    assert stored == {table: 1 if table in ("imports", "import_files") else 0 for table in TABLES}
    assert ws.table("import_files")["status"].to_list() == ["empty"]


def test_bad_date_is_one_failure_with_line_and_column() -> None:
    loaded = load(BAD / "bad_date")
    assert loaded.failures.select("file", "line", "column").rows() == [
        ("Connections.csv", 8, "connected_on")
    ]
    assert "'31 Foo 2026'" in loaded.failures["reason"].item()
    people, interactions = frames(loaded)
    assert sorted(people["full_name"].to_list()) == [
        "Anselm Goldfinch",
        "Beatrix Moorcroft, PMP, CSM",
        "Cosmo Ferreira ✅",
        "Dora Lindgren",
    ]
    assert by_channel(interactions) == {("connection", None): 4}
    assert loaded.files.select("rows", "kept", "noise", "failed").rows() == [(5, 4, 0, 1)]


def test_a_row_cut_short_is_a_failure_saying_what_is_missing(tmp_path: Path) -> None:
    """A row missing its date (not the file's last): its missing date is said, never a null reason."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    lines = messages.read_text(encoding="utf-8").splitlines()
    cut = ",".join(lines[1].split(",")[:6])  # up to the recipients: no date, no content
    messages.write_text("\n".join([*lines, cut, ""]), encoding="utf-8")
    failures = load(export).failures.filter(pl.col("file") == "messages.csv")
    assert failures.select("line", "column").rows() == [(len(lines) + 1, "date")]
    assert failures["reason"].to_list() == [
        "missing date: expected a time like '2024-05-04 17:32:10 UTC', dated from 1970 up to "
        "the import day"
    ]


@pytest.mark.parametrize("after", ["recipients", "date"])
def test_a_file_cut_between_fields_is_told_as_cut(tmp_path: Path, after: str) -> None:
    """A download that stopped after a field of the last row: that row is not read (its date alone
    would make a touch of an empty message), and the failure says the file was cut short."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    lines = messages.read_text(encoding="utf-8").splitlines()
    whole = load(export).interactions.collect().height
    fields = 6 if after == "recipients" else 7
    width = len(lines[0].split(","))
    messages.write_text(
        "\n".join([*lines, ",".join(lines[1].split(",")[:fields])]), encoding="utf-8"
    )
    loaded = load(export)
    failures = loaded.failures.filter(pl.col("file") == "messages.csv")
    assert failures.select("line", "column").rows() == [(len(lines) + 1, None)]
    assert failures["reason"].to_list() == [
        f"the file ends in the middle of this row ({fields} of {width} columns): it was cut short, "
        "and any rows after it are missing; download the export again"
    ]
    assert loaded.interactions.collect().height == whole
    row = loaded.files.filter(pl.col("file") == "messages.csv").row(0, named=True)
    assert row["kept"] + row["noise"] + row["failed"] == row["rows"]


def test_a_connection_cut_inside_its_url_is_not_a_person(tmp_path: Path) -> None:
    """An unquoted URL cut in two reads as another profile: the row is a failure, no person."""
    rows = [
        ("Ada", "Lovelace", profile("ada-lovelace-1"), "", "Acme", "CTO", "15 Nov 2026"),
        ("Bo", "Chen", profile("bo-chen-2"), "", "Globex", "Analyst", "14 Nov 2026"),
    ]
    export = connections_export(tmp_path / "export", rows)
    connections = export / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    connections.write_text(text[: text.index("bo-chen") + len("bo-c")], encoding="utf-8")
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export])
    urls = ws.people().select("profile_url").collect()["profile_url"].to_list()
    assert profile("ada-lovelace-1") in urls
    assert not [u for u in urls if u and "bo-c" in u]
    failures = ws.table("failures").select("file", "line").rows()
    assert failures == [("Connections.csv", 3)]


def test_a_whole_file_without_a_last_line_end_loses_nothing(tmp_path: Path) -> None:
    """Many tools write no line end after the last row: that row is read like any other."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    whole = load(export).interactions.collect().height
    messages.write_text(messages.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    loaded = load(export)
    assert loaded.failures.filter(pl.col("file") == "messages.csv").is_empty()
    assert loaded.interactions.collect().height == whole


def test_a_file_cut_inside_a_quoted_field_keeps_the_rows_before(tmp_path: Path) -> None:
    """Cut in the middle of a message's text (every field of a 2026 messages.csv is quoted, so a
    download that stops lands there): the whole rows are read, the cut one is a failure naming
    the line its open quote is on and what to do."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    lines = messages.read_text(encoding="utf-8").splitlines()
    whole = load(export).interactions.collect().height
    messages.write_text("\n".join([*lines, lines[1].split('"')[0] + '"Thanks, see y']))
    loaded = load(export)
    assert loaded.interactions.collect().height == whole
    failures = loaded.failures.filter(pl.col("file") == "messages.csv")
    assert failures["line"].to_list() == [len(lines) + 1]
    assert failures["reason"].to_list() == [
        "the file ends inside a quoted field that opens on this row: it was cut short, or a "
        "closing quote is missing; no row from here on is read: download the export again, or "
        "close the quote"
    ]
    row = loaded.files.filter(pl.col("file") == "messages.csv").row(0, named=True)
    assert row["kept"] + row["noise"] + row["failed"] == row["rows"]


def test_a_core_file_of_which_no_row_is_read_fails_the_import(tmp_path: Path) -> None:
    """Every date rewritten by a spreadsheet in a form not read: an error, not a network of no one."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    text = messages.read_text(encoding="utf-8")
    messages.write_text(
        re.sub(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}):\d{2} UTC", r"\3.\2.\1 \4", text)
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([DATA / "mini"])
    before = counts(ws)
    with pytest.raises(SourceError) as raised:
        ws.import_paths([export])
    assert raised.value.path == str(messages) and raised.value.line == 2
    assert "none of its" in str(raised.value) and "unreadable date '04.05.2024 17:32'" in str(
        raised.value
    )
    assert counts(ws) == before


def test_a_connections_file_without_its_dates_is_noted(tmp_path: Path) -> None:
    """Connected On deleted in a spreadsheet: the people are read, and the import says they are
    not connections yet (no day, no anniversary, no welcome)."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position\n"
        "Ada,Example,https://www.linkedin.com/in/ada-example,,Co,Role\n"
        "Bo,Sample,https://www.linkedin.com/in/bo-sample,,Co,Role\n"
    )
    loaded = load(export)
    assert loaded.notes.rows() == [("Connections.csv", UNDATED, 2)]
    people, _ = frames(loaded)
    assert people.height == 2 and people["connected_on"].null_count() == 2
    # The column kept, one day left blank (a hidden member's row, all blank, is noise).
    (export / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Example,https://www.linkedin.com/in/ada-example,,Co,Role,06 Apr 2026\n"
        "Bo,Sample,https://www.linkedin.com/in/bo-sample,,Co,Role,\n"
        ",,,,,,25 Feb 2026\n"
    )
    assert load(export).notes.rows() == [("Connections.csv", BLANK_DAYS, 1)]


def truncated_zip(tmp_path: Path) -> Path:
    whole = zip_folder(DATA / "2026", tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "Basic_LinkedInDataExport_04-07-2026.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    return cut


def test_truncated_zip_raises(tmp_path: Path) -> None:
    cut = truncated_zip(tmp_path)
    with pytest.raises(SourceError) as raised:
        load(cut)
    assert raised.value.path == str(cut)
    with pytest.raises(SourceError) as again:
        Workspace(tmp_path / "ws").import_paths([cut])
    assert again.value.path == str(cut)


def test_missing_path_raises(tmp_path: Path) -> None:
    missing = tmp_path / "Complete_LinkedInDataExport_01-01-2026.zip"
    with pytest.raises(SourceError) as raised:
        load(missing)
    assert raised.value.path == str(missing)
    with pytest.raises(SourceError):
        Workspace(tmp_path / "ws").import_paths([missing])
    assert not (tmp_path / "ws" / "netbook.duckdb").exists()


@pytest.mark.parametrize(
    "case", ["not_linkedin", "binary", "truncated_zip", "missing", "bad_date_strict"]
)
def test_bad_input_leaves_store_unchanged(case: str, tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([DATA / "2024"])
    before = counts(ws)
    assert before["people"] == 5 and before["interactions"] == 18
    strict = False
    if case == "truncated_zip":
        path = truncated_zip(tmp_path)
    elif case == "missing":
        path = tmp_path / "nope"
    elif case == "bad_date_strict":
        path, strict = BAD / "bad_date", True
    else:
        path = BAD / case
    error = SchemaError if strict else SourceError
    with pytest.raises(error):
        ws.import_paths([path], strict=strict)
    assert counts(ws) == before


def test_imported_contacts_inside_an_export_are_read(tmp_path: Path) -> None:
    # LinkedIn puts the address books the owner synced into the export; importing the export
    # imports them too, exactly as importing the file on its own would.
    export = tmp_path / "export"
    shutil.copytree(DATA / "2026", export)
    contacts = Path(__file__).parent / "data" / "contacts" / "linkedin_2026"
    shutil.copy(next(contacts.glob("*.csv")), export / "ImportedContacts.csv")
    loaded = LinkedInSource().load(export)
    files = loaded.files.filter(pl.col("file") == "ImportedContacts.csv")
    assert files["status"].to_list() == ["read"] and files["kept"].item() > 0
    people = loaded.people.collect()
    imported = people.filter(pl.col("sources").list.contains("linkedin-contacts"))
    assert imported.height == files["kept"].item()
    assert loaded.noise.filter(pl.col("file") == "ImportedContacts.csv")["rows"].sum() >= 1
    alone = LinkedInImportedContactsSource().load(export / "ImportedContacts.csv")
    assert set(imported["person_id"]) == set(alone.people.collect()["person_id"])


def test_a_core_file_cut_in_its_only_row_says_to_download_again(tmp_path: Path) -> None:
    """Nothing read because the download stopped in the only row: no advice about dates."""
    row = ("Ada", "Lovelace", profile("ada-lovelace-1"), "", "Acme", "CTO", "15 Nov 2026")
    export = connections_export(tmp_path / "export", [row])
    connections = export / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    connections.write_text(text[: text.index("ada-lo")], encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        Workspace(tmp_path / "ws").import_paths([export])
    told = str(raised.value)
    assert "none of its 1 row could be read" in told and "it was cut short" in told
    assert "dates" not in told


def test_a_cut_inside_a_character_in_a_quoted_field_loses_only_that_row(tmp_path: Path) -> None:
    """The download stopped between the two bytes of an 'á' in a message's text: the row before
    is whole and kept; the cut row is the one failure, told as cut short."""
    export = tmp_path / "export"
    shutil.copytree(DATA / "mini", export)
    messages = export / "messages.csv"
    raw = messages.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    whole = load(export).interactions.collect().height
    opening = lines[1].split('"')[0].encode("utf-8")
    messages.write_bytes(raw.rstrip(b"\n") + b"\n" + opening + b'"Ib\xc3')
    loaded = load(export)
    assert loaded.interactions.collect().height == whole
    failures = loaded.failures.filter(pl.col("file") == "messages.csv")
    assert failures["line"].to_list() == [len(lines) + 1]
    assert "it was cut short" in failures["reason"][0]
