"""Message rows to canonical frames: direction from the owner's addresses, one row per counterpart."""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.ids import stable_ids_of
from netbook.sources.email._parse import LIST
from netbook.sources.records import people_of

SOURCE = "mbox"
LIST_THREAD = "mailing-list thread"
GROUP = 10
"""More other participants than this make a message a group message (a large CC fan-out)."""


def owners_of(rows: pl.DataFrame, configured: frozenset[str]) -> tuple[frozenset[str], str | None]:
    """The owner's addresses, and how they were found when the settings did not say.

    The rules, in order: the configured addresses (settings and LinkedIn's Email Addresses.csv)
    plus the senders of Gmail's ``Sent`` mail; else the address in the most messages as sender or
    recipient (ties: the alphabetically first), since a mailbox's owner is in all of its mail.
    """
    kept = rows.filter(pl.col("noise").is_null())
    sent = kept.filter(pl.col("sent_label")).select(
        pl.col("sender").struct.field("email").drop_nulls().unique()
    )
    found = configured | frozenset(sent.to_series().to_list())
    if configured:
        return found, None
    if found:
        return found, f"senders of mail labelled Sent: {', '.join(sorted(found))}"
    seen = (
        kept.select(
            pl.int_range(pl.len()).alias("message"),
            addresses=pl.concat_list(pl.concat_list("sender").list.drop_nulls(), "to"),
        )
        .explode("addresses")
        .select("message", email=pl.col("addresses").struct.field("email"))
        .drop_nulls()
        .unique()
        .group_by("email")
        .len()
        .sort(["len", "email"], descending=[True, False])
    )
    if seen.is_empty():
        return frozenset(), None
    address = seen["email"][0]
    return frozenset({address}), f"address in most messages: {address}"


def classify(rows: pl.DataFrame, owners: frozenset[str]) -> pl.DataFrame:
    """Each message's direction, counterparts and final noise reason.

    Adds ``outgoing``, ``counterparts``, ``others`` (participants other than the owner) and
    completes ``noise`` for the other messages of a thread holding list mail (a reply to a
    mailing list is not a touch with the list's address), duplicates and messages with no
    counterpart.
    """
    mine = pl.Series(sorted(owners), dtype=pl.String)

    def not_owner(addresses: pl.Expr) -> pl.Expr:
        email = pl.element().struct.field("email")
        return addresses.list.filter(email.is_not_null() & ~email.is_in(mine.implode()))

    outgoing = pl.col("sender").struct.field("email").is_in(mine.implode()) | pl.col("sent_label")
    no_list = pl.lit([], dtype=pl.List(rows.schema["to"].inner))  # type: ignore[attr-defined]
    sender = pl.concat_list(pl.col("sender")).list.drop_nulls()
    bcc = pl.when(pl.col("outgoing")).then(pl.col("bcc")).otherwise(no_list)
    frame = rows.with_columns(outgoing=outgoing.fill_null(False))
    frame = frame.with_columns(
        counterparts=not_owner(
            pl.when(pl.col("outgoing")).then(pl.concat_list("to", bcc)).otherwise(sender)
        ),
        others=not_owner(pl.concat_list(sender, "to", bcc))
        .list.eval(pl.element().struct.field("email"))
        .list.n_unique(),
    )
    duplicate = ~pl.col("message_key").is_first_distinct()
    lists = frame.filter(pl.col("noise") == LIST)["thread_key"].unique()
    return frame.with_columns(
        noise=pl.coalesce(
            "noise",
            pl.when(pl.col("thread_key").is_in(lists.implode())).then(pl.lit(LIST_THREAD)),
            pl.when(duplicate).then(pl.lit("duplicate message")),
            pl.when(pl.col("counterparts").list.len() == 0).then(pl.lit("no counterpart")),
        )
    )


def interactions_of(messages: pl.DataFrame) -> pl.DataFrame:
    """One row per kept message and counterpart (``email``, ``name`` and the message's facts)."""
    kept = messages.filter(pl.col("noise").is_null())
    first = pl.col("occurred_at") == pl.col("occurred_at").min().over("thread_key")
    return (
        kept.with_columns(initiated=~pl.col("is_reply") & first, is_group=pl.col("others") > GROUP)
        .explode("counterparts")
        .unnest("counterparts")
        .unique(["message_key", "email"], keep="first", maintain_order=True)
        .with_columns(
            direction=pl.when("outgoing").then(pl.lit("outbound")).otherwise(pl.lit("inbound")),
        )
    )


def frames(
    pairs: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, date | None]:
    """People, identities and interactions of the message-counterpart ``pairs``, and the newest day."""
    records = pairs.select(
        __line=pl.int_range(pl.len(), dtype=pl.Int64),
        full_name="name",
        emails=pl.concat_list("email"),
    )
    newest = pairs["occurred_at"].max()
    observed_on = newest.date() if newest is not None else None  # type: ignore[union-attr]
    people, identities = people_of(records, SOURCE, observed_on)
    person_of = identities.filter(pl.col("kind") == "email").select(
        "person_id", email=pl.col("value")
    )
    ids = stable_ids_of(pairs, [pl.lit(SOURCE), pl.col("message_key"), pl.col("email")])
    interactions = (
        pairs.with_columns(interaction_id=ids)
        .join(person_of, on="email", how="left", maintain_order="left")
        .with_columns(
            channel=pl.lit("email"),
            value=pl.lit("none"),
            weight=pl.lit(1.0),
            source=pl.lit(SOURCE),
            thread_id=pl.col("thread_key"),
        )
        .sort("occurred_at", "interaction_id")
    )
    return (
        people,
        identities,
        schema.conform(interactions, schema.INTERACTIONS).collect(),
        observed_on,
    )


def noise_of(messages: pl.DataFrame) -> pl.DataFrame:
    """Messages left out, counted per file and reason."""
    return (
        messages.filter(pl.col("noise").is_not_null())
        .group_by("file", reason="noise")
        .agg(rows=pl.len().cast(pl.Int64))
        .sort("file", "reason")
        .select(schema.NOISE.names())
    )
