"""From what the files say to people: one key per person, stable ids, identities and observations."""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.ids import stable_ids
from netbook.keys import display_url, name_key
from netbook.sources._base import all_distinct
from netbook.sources.linkedin.owner import Owner

EVENT_PRIORITY = 5
SOURCE = "linkedin"


def resolve(
    events: pl.DataFrame, contacts: pl.DataFrame, owner: Owner | None, observed_on: date | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """Key every event and contact to a person and build the canonical frames.

    A person is keyed by normalised profile URL. A Connections.csv row without one is keyed by
    its own ``listed`` key (name and day: namesakes stay apart). A row with only a name takes the
    URL of the one person with that normalised name, when exactly one has a URL, else the key of
    the one connection of that name; when several connections without a URL share the name it is
    left unmatched (counted, never guessed); otherwise it is keyed by the name. The owner is never
    a person.

    Returns:
        ``people``, ``identities``, ``interactions`` and ``observations`` (with a null
        ``import_id``), and the interactions left unmatched by channel.
    """
    # Resolve each distinct (url, name) once; a million events name some thousands of people.
    seen = events.group_by("url", "name", "listed").agg(pl.col("occurred_at").max().alias("__at"))
    seen = seen.with_columns(
        __raw_url=pl.col("url"),
        __raw_name=pl.col("name"),
        url=pl.col("url").cast(pl.String),
        name=pl.col("name").cast(pl.String),
    ).with_columns(nk=name_key(pl.col("name")))
    contacts = contacts.with_columns(nk=name_key(pl.col("name")))
    listed = (
        contacts.filter(pl.col("listed").is_not_null())
        .select("nk", "listed")
        .unique()
        .group_by("nk")
        .agg(pl.col("listed").min().alias("__solo"), pl.len().alias("__listed"))
    )
    namesakes = listed.filter(pl.col("__listed") > 1)["nk"].implode()
    solo = listed.filter(pl.col("__listed") == 1).select("nk", "__solo")
    pairs = pl.concat([seen.select("nk", "url"), contacts.select("nk", "url")]).drop_nulls()
    unique_url = (
        pairs.unique()
        .group_by("nk")
        .agg(pl.col("url").first(), pl.len().alias("n"))
        .filter((pl.col("n") == 1) & ~pl.col("nk").is_in(namesakes))
        .select("nk", pl.col("url").alias("__named_url"))
    )

    def keyed(frame: pl.DataFrame) -> pl.DataFrame:
        frame = (
            frame.join(unique_url, on="nk", how="left")
            .join(solo, on="nk", how="left")
            .with_columns(url=pl.coalesce("url", "__named_url"))
        )
        not_owner = pl.lit(True)
        if owner is not None:
            is_owner = (pl.col("url") == pl.lit(owner.url)).fill_null(False) | (
                pl.col("url").is_null() & (pl.col("nk") == pl.lit(owner.key)).fill_null(False)
            )
            not_owner = ~is_owner
        unsure = (
            pl.col("url").is_null() & pl.col("listed").is_null() & pl.col("nk").is_in(namesakes)
        )
        by_name = pl.when(~unsure).then(pl.lit("name:") + pl.col("nk"))
        return (
            frame.filter(not_owner)
            .with_columns(person_key=pl.coalesce("url", "listed", "__solo", by_name))
            .drop("__named_url", "__solo")
        )

    seen, contacts = keyed(seen), keyed(contacts)
    raw = ["__raw_url", "__raw_name", "listed"]
    unmatched = (
        events.join(
            seen.filter(pl.col("person_key").is_null()).select(raw),
            left_on=["url", "name", "listed"],
            right_on=raw,
            how="semi",
            nulls_equal=True,
        )
        .group_by("channel")
        .len()
    )
    seen = seen.filter(pl.col("person_key").is_not_null())
    contacts = contacts.filter(pl.col("person_key").is_not_null())
    keys = pl.concat([contacts["person_key"], seen["person_key"]]).unique(maintain_order=True)
    ids = pl.DataFrame({"person_key": keys, "person_id": stable_ids(keys)})
    seen = seen.join(ids, on="person_key", how="left")
    contacts = contacts.join(ids, on="person_key", how="left")
    events = events.join(
        seen.select(
            pl.col("__raw_url").alias("url"),
            pl.col("__raw_name").alias("name"),
            "listed",
            "person_id",
        ),
        on=["url", "name", "listed"],
        how="inner",
        nulls_equal=True,
    ).drop("listed")

    described = pl.concat(
        [
            contacts,
            seen.select(
                "url",
                "name",
                "nk",
                "person_key",
                "person_id",
                "__at",
                priority=pl.lit(EVENT_PRIORITY, pl.Int8),
            ),
        ],
        how="diagonal_relaxed",
    ).sort(
        "priority",
        pl.col("__at").fill_null(pl.datetime(9999, 1, 1, time_zone="UTC")),
        "name",
        "url",
        descending=[False, True, False, False],
        nulls_last=True,
    )
    first = [
        pl.col(c).drop_nulls().first().alias(c)
        for c in (
            "name",
            "first_name",
            "last_name",
            "company",
            "position",
            "email",
            "connected_on",
            "url",
        )
    ]
    people = (
        described.group_by("person_id")
        .agg(first)
        .select(
            "person_id",
            full_name=pl.col("name").str.strip_chars(),
            first_name="first_name",
            last_name="last_name",
            company="company",
            position="position",
            email="email",
            profile_url=display_url(pl.col("url")),
            connected_on="connected_on",
            tags=pl.lit([], pl.List(pl.String)),
            sources=pl.lit([SOURCE], pl.List(pl.String)),
            observed_on=pl.lit(observed_on, pl.Date),
        )
        .sort("person_id")
    )

    identities = (
        pl.concat(
            [
                described.select("person_id", kind=pl.lit("linkedin_url"), value="url"),
                described.select("person_id", kind=pl.lit("name"), value="nk"),
                described.select(
                    "person_id", kind=pl.lit("email"), value=pl.col("email").str.to_lowercase()
                ),
                _connection_identities(contacts),
            ],
            how="diagonal_relaxed",
        )
        .drop_nulls("value")
        .unique()
        .with_columns(source=pl.lit(SOURCE))
        .sort("person_id", "kind", "value")
    )

    # The same interaction in two files (Invitations.csv beside the InvitationsIn.csv split from
    # it) is one interaction.
    # (A filter keeps the first of each id in place: ``unique(maintain_order=True)`` gathers every
    # column of a million rows through a hash table. Most exports repeat none: no filter then.)
    if not all_distinct(events, ["interaction_id"]):
        events = events.filter(pl.col("interaction_id").is_first_distinct())
    interactions = events.with_columns(
        initiated=pl.col("initiated").fill_null(False),
        is_group=pl.col("is_group").fill_null(False),
        weight=pl.lit(1.0),
        source=pl.lit(SOURCE),
    )
    observations = contacts.filter(pl.col("priority") == 0).select(
        "person_id", "company", "position", observed_on=pl.lit(observed_on, pl.Date)
    )
    return (
        schema.conform(people, schema.PEOPLE).collect(),
        schema.conform(identities, schema.IDENTITIES).collect(),
        schema.conform(interactions, schema.INTERACTIONS).collect(),
        schema.conform(observations, schema.OBSERVATIONS).collect(),
        {str(channel): int(n) for channel, n in unmatched.iter_rows()},
    )


def _connection_identities(contacts: pl.DataFrame) -> pl.DataFrame:
    """``linkedin_connection`` identities: a connection's name key and the day it was made.

    LinkedIn lists a member once, with the day you connected, in every export since: the same
    name connected the same day in two exports (one from before Connections.csv had its URL
    column, one after) is the same connection, and :mod:`netbook.identity` merges them.
    Namesakes connected the same day are told apart by their company, as a row's ``listed`` key
    is; a name, day and company two rows share identify neither.
    """
    rows = contacts.filter((pl.col("priority") == 0) & pl.col("connected_on").is_not_null())
    day = pl.col("nk") + pl.lit("|") + pl.col("connected_on").cast(pl.String)
    company = day + pl.lit("|") + name_key(pl.col("company")).fill_null("")
    value = pl.when(pl.len().over(day) > 1).then(company).otherwise(day)
    return (
        rows.select("person_id", kind=pl.lit("linkedin_connection"), value=value)
        .drop_nulls("value")
        .filter(pl.len().over("value") == 1)
    )
