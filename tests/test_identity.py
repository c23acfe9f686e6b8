"""One person however many sources name them; suggested merges and the user's decisions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from netbook import api, merges, schema, store
from netbook.errors import NetbookError
from netbook.ids import stable_ids
from netbook.sources._base import Loaded
from netbook.sources.records import people_of
from netbook.workspace import Workspace

MINI = Path(__file__).parent / "data" / "linkedin" / "mini"


def contacts(
    source: str, rows: list[dict[str, object]], meetings: list[tuple[str, str]] = ()
) -> Loaded:  # type: ignore[assignment]
    """A source's result built from contact records, with meetings ``(email, ISO instant)``."""
    records = pl.DataFrame(
        [{"__line": i + 2, **r} for i, r in enumerate(rows)],
        schema_overrides={"emails": pl.List(pl.String), "phones": pl.List(pl.String)},
    )
    people, identities = people_of(records, source, date(2026, 5, 1))
    email_ids = identities.filter(pl.col("kind") == "email").select("person_id", "value")
    touches = pl.DataFrame(
        {"value": [m[0] for m in meetings], "at": [m[1] for m in meetings]},
        schema={"value": pl.String, "at": pl.String},
    ).join(email_ids, on="value")
    touches = touches.with_columns(key=pl.lit(source) + pl.col("value") + pl.col("at"))
    interactions = touches.select(
        interaction_id=stable_ids(touches["key"]),
        person_id="person_id",
        occurred_at=pl.col("at").str.to_datetime(time_zone="UTC"),
        channel=pl.lit("meeting"),
        direction=pl.lit("mutual"),
        initiated=pl.lit(False),
        weight=pl.lit(1.0),
        value=pl.lit("none"),
        source=pl.lit(source),
        is_group=pl.lit(False),
    )
    return Loaded(
        source=source,
        path=f"{source}.csv",
        people=people.lazy(),
        identities=identities.lazy(),
        interactions=schema.conform(interactions, schema.INTERACTIONS),
        observations=schema.empty(schema.OBSERVATIONS).lazy(),
        files=schema.empty(schema.FILES),
        failures=schema.empty(schema.FAILURES),
        noise=schema.empty(schema.NOISE),
    )


def write(ws: Workspace, loaded: Loaded) -> store.Written:
    with ws.connect(write=True) as connection:
        return store.write(connection, loaded, datetime.now(UTC))


GOOGLE = [
    {
        "full_name": "Zoë Sample",
        "emails": ["zoe@example.com", "zoe.home@example.org"],
        "phones": ["+15550100"],
        "tags": ["friends"],
        "birthday": "--02-29",
    },
    {"full_name": "Ada Example", "company": "Analytical Engines"},  # no identifier: a suggestion
    {"full_name": "Bo Shared", "emails": ["team@example.com"]},
]
CALENDAR = [{"full_name": "Zoe S.", "emails": ["zoe.home@example.org"]}]


@pytest.fixture
def ws(mini_ws: Workspace) -> Workspace:
    return mini_ws


def test_linkedin_google_and_calendar_are_one_person(ws: Workspace) -> None:
    before = ws.people().collect().height
    write(ws, contacts("google", GOOGLE))
    write(ws, contacts("calendar", CALENDAR, [("zoe.home@example.org", "2026-05-20T09:00:00")]))
    people = ws.people().collect()
    zoe = people.filter(pl.col("full_name").str.starts_with("Zoë"))
    assert zoe.height == 1
    zoe_row = zoe.row(0, named=True)
    assert zoe_row["sources"] == ["calendar", "google", "linkedin"]
    assert zoe_row["profile_url"] == "https://www.linkedin.com/in/zoë-sample-12ab34cd"
    assert zoe_row["birthday"] == "--02-29" and zoe_row["tags"] == ["friends"]
    ids = ws.identities().filter(pl.col("person_id") == zoe_row["person_id"]).collect()
    assert set(ids.filter(pl.col("kind") == "email")["value"]) == {
        "zoe@example.com",
        "zoe.home@example.org",
    }
    assert ids.filter(pl.col("kind") == "phone")["value"].to_list() == ["+15550100"]
    # Her LinkedIn messages and the calendar meeting are all hers.
    log = ws.interactions().filter(pl.col("person_id") == zoe_row["person_id"]).collect()
    assert set(log["source"]) == {"linkedin", "calendar"}
    # Ada (name only) and Bo are new records; Ada is not merged automatically.
    assert people.height == before + 2
    assert people.filter(pl.col("full_name").str.starts_with("Ada")).height == 2
    # Re-importing any of them changes nothing.
    again = [
        write(ws, contacts("google", GOOGLE)),
        write(
            ws, contacts("calendar", CALENDAR, [("zoe.home@example.org", "2026-05-20T09:00:00")])
        ),
    ]
    assert [(w.people_added, w.interactions_added, w.identities_added) for w in again] == [
        (0, 0, 0)
    ] * 2
    assert ws.people().collect().equals(people)
    health = api.health(ws, as_of=date(2026, 6, 1))
    assert (
        health.filter(pl.col("full_name").str.starts_with("Zoë"))["days_since_contact"].item() == 12
    )


def test_suggestions_accept_reject_undo_are_remembered(ws: Workspace) -> None:
    write(ws, contacts("google", GOOGLE))
    suggested = merges.suggestions(ws)
    assert suggested.height == 1
    pair = suggested.row(0, named=True)
    assert {pair["a_name"], pair["b_name"]} == {"Ada Example, PhD", "Ada Example"}
    assert pair["evidence"] == "same name, same company 'Analytical Engines'"
    assert pair["score"] == 100
    decision = merges.accept(ws, pair["suggestion_id"])
    ada = ws.people().filter(pl.col("full_name").str.starts_with("Ada")).collect()
    assert ada.height == 1
    assert ada["sources"].to_list() == [["google", "linkedin"]]
    assert merges.suggestions(ws).is_empty()
    write(ws, contacts("google", GOOGLE))  # remembered across imports
    assert ws.people().filter(pl.col("full_name").str.starts_with("Ada")).collect().height == 1
    merges.undo(ws, decision)
    assert ws.people().filter(pl.col("full_name").str.starts_with("Ada")).collect().height == 2
    assert merges.suggestions(ws).height == 1  # undone: suggested again
    merges.reject(ws, pair["suggestion_id"])
    assert merges.suggestions(ws).is_empty()
    with pytest.raises(NetbookError, match="no open suggestion"):
        merges.accept(ws, pair["suggestion_id"])


def test_split_undoes_an_automatic_merge(ws: Workspace) -> None:
    write(ws, contacts("google", GOOGLE))
    merged = merges.merged(ws)
    assert merged.height == 2  # Zoë: her LinkedIn record and her Google record
    a, b = merged["record_id"].to_list()
    decision = merges.split(ws, a, b)
    assert ws.people().filter(pl.col("full_name").str.starts_with("Zo")).collect().height == 2
    merges.undo(ws, decision)
    assert ws.people().filter(pl.col("full_name").str.starts_with("Zo")).collect().height == 1


def test_a_shared_inbox_joins_nobody(ws: Workspace) -> None:
    crowd = [{"full_name": f"Person {i}", "emails": ["team@example.com"]} for i in range(8)]
    for i, contact in enumerate(crowd):
        write(ws, contacts(f"src{i}", [contact]))
    assert ws.aliases().is_empty()


NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing."\n\n'
)
CONNECTIONS = [  # first, last, company, connected on
    ("Ada", "Example", "Analytical Engines", "08 Sep 2022"),
    ("Bo", "Sample", "Harbour Co", "03 Jan 2022"),
    ("Bo", "Sample", "Quay Ltd", "21 Jul 2022"),  # a namesake, another day
    ("Cy", "Twin", "North Co", "05 May 2021"),  # namesakes connected the same day
    ("Cy", "Twin", "South Co", "05 May 2021"),
]


def linkedin_export(folder: Path, *, urls: bool) -> Path:
    """A Connections.csv alone: 2022's six columns (no URL), or 2024's seven (``urls``)."""
    folder.mkdir()
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    rows = [
        (first, last, f"https://www.linkedin.com/in/{first}-{last}-{i}".lower(), company, on)
        for i, (first, last, company, on) in enumerate(CONNECTIONS)
    ]
    if urls:  # two years later: one more connection
        rows.append(("Dee", "New", "https://www.linkedin.com/in/dee-new", "Co", "02 Feb 2024"))
    else:
        header = header.replace("URL,", "")
    lines = [
        ",".join([first, last, *([url] if urls else []), "", company, "Role", on])
        for first, last, url, company, on in rows
    ]
    (folder / "Connections.csv").write_text(NOTES + header + "\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("old_first", [True, False])
def test_an_export_from_before_the_url_column_and_a_newer_one_are_one_network(
    old_first: bool, tmp_path: Path
) -> None:
    """A connection is the same one in a 2022 export (no URL column) and a 2024 export of it:
    its name and the day you connected merge the two records, whatever the order. Two rows of
    one Connections.csv are two people: namesakes are never merged, nor suggested as a merge."""
    old = linkedin_export(tmp_path / "Basic_LinkedInDataExport_09-12-2022", urls=False)
    new = linkedin_export(tmp_path / "Basic_LinkedInDataExport_02-03-2024", urls=True)
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([old, new] if old_first else [new, old])
    people = ws.people().collect()
    assert sorted(people["full_name"]) == [
        "Ada Example",
        "Bo Sample",
        "Bo Sample",
        "Cy Twin",
        "Cy Twin",
        "Dee New",
    ]
    assert people["connected_on"].null_count() == 0
    assert people["profile_url"].null_count() == 0  # each old record joined its newer one
    assert sorted(people.filter(pl.col("full_name") == "Cy Twin")["company"]) == [
        "North Co",
        "South Co",
    ]
    assert merges.suggestions(ws).is_empty()  # both Bo Samples are connections: two people
    alone = Workspace(tmp_path / "old alone")
    alone.import_paths([old])
    assert alone.people().collect().height == 5
    # No URL to tell them apart: the Bo Samples, connected on two days, are two people; the Cy
    # Twins, the same day, only may be (namesakes so rare netbook asks).
    suggested = merges.suggestions(alone)
    assert suggested.select("a_name", "b_name").rows() == [("Cy Twin", "Cy Twin")]


@pytest.mark.parametrize("name_first", [True, False])
def test_a_name_is_never_replaced_by_a_number_or_an_address(
    name_first: bool, ws: Workspace
) -> None:
    """A chat that knows someone only by their number (WhatsApp's "+44 7700 900115"), imported
    before or after the address book that names them: the person is called by the name."""
    named = contacts("google", [{"full_name": "Farah Juniper", "phones": ["+447700900115"]}])
    number = contacts("whatsapp", [{"full_name": "+44 7700 900115", "phones": ["+447700900115"]}])
    for loaded in (named, number) if name_first else (number, named):
        write(ws, loaded)
    farah = ws.people().filter(pl.col("sources").list.contains("whatsapp")).collect()
    assert farah["full_name"].to_list() == ["Farah Juniper"]
    unnamed = contacts("mail", [{"emails": ["p0@bigco.example"]}])  # no name: its address
    write(ws, unnamed)
    assert ws.people().filter(pl.col("sources").list.contains("mail")).collect()[
        "full_name"
    ].to_list() == ["p0@bigco.example"]


def test_an_import_that_shows_two_known_people_are_one_says_so(ws: Workspace) -> None:
    """A card holding both an address known from mail and a number known from a chat joins the
    two people: the import adds nobody and says one was merged, so the import lines add up."""
    before = ws.people().collect().height
    write(ws, contacts("mail", [{"full_name": "Ada Mail", "emails": ["ada@x.org"]}]))
    write(ws, contacts("chat", [{"full_name": "Ada Chat", "phones": ["+447700900001"]}]))
    card = {"full_name": "Ada Card", "emails": ["ada@x.org"], "phones": ["+447700900001"]}
    written = write(ws, contacts("vcard", [card]))
    assert (written.people_added, written.people_joined) == (0, 1)
    assert ws.people().collect().height == before + 1


@pytest.mark.parametrize("linkedin_first", [True, False])
def test_a_connections_name_leads_whatever_the_order(linkedin_first: bool, tmp_path: Path) -> None:
    """An address-book card with a connection's LinkedIn URL (one record with LinkedIn's): the
    person keeps the name LinkedIn gives, imported before or after the card, and a LinkedIn
    export older than the card still says they are a connection."""
    ws = Workspace(tmp_path / "ws")
    card = [{"full_name": "Zoe S.", "linkedin_url": "linkedin.com/in/zoë-sample-12ab34cd"}]
    if linkedin_first:
        ws.import_paths([MINI])
    write(ws, contacts("google", card))
    if not linkedin_first:
        ws.import_paths([MINI])
    zoe = ws.people().filter(pl.col("sources").list.contains("google")).collect()
    assert zoe["full_name"].to_list() == ["Zoë Sample"]
    # The card is dated later than the export: the export still adds what it knows.
    assert zoe.select("sources", "connected_on").rows() == [
        (["google", "linkedin"], date(2026, 2, 28))
    ]
