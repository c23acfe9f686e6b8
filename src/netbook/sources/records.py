"""Address-book records to canonical people and identities, shared by every contact-like source.

A source reads its format into *records*, one row per contact, with any of these columns (all
values already normalised; see :mod:`netbook.keys`):

- ``__line`` (Int64, the 1-based line the contact starts on), ``full_name``, ``first_name``,
  ``last_name``, ``company``, ``position``, ``birthday`` (``YYYY-MM-DD`` or ``--MM-DD``);
- ``linkedin_url`` (normalised, ``linkedin.com/in/...``), ``emails`` and ``phones`` (lists, E.164);
- ``phones_written``: numbers that could not be normalised, as written (identity kind
  ``phone_written``: kept for the user, never a key and never merging anyone);
- ``tags`` (labels / categories / groups, a list).

:func:`people_of` turns them into :data:`~netbook.schema.PEOPLE` and
:data:`~netbook.schema.IDENTITIES`. A contact's id comes from its strongest identifier (LinkedIn
URL, then first e-mail, then first phone, then name), keyed as the LinkedIn source keys people, so
the same URL is the same person id in every source; exact e-mails and phones then join people
across sources in the store.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import schema
from netbook.ids import stable_ids
from netbook.keys import display_url, may_be_one, name_keys

RECORD_COLUMNS = schema.columns(
    {
        "__line": pl.Int64,
        "full_name": pl.String,
        "first_name": pl.String,
        "last_name": pl.String,
        "company": pl.String,
        "position": pl.String,
        "birthday": pl.String,
        "linkedin_url": pl.String,
        "emails": pl.List(pl.String),
        "phones": pl.List(pl.String),
        "phones_written": pl.List(pl.String),
        "tags": pl.List(pl.String),
    }
)
"""The record columns :func:`people_of` reads (missing ones are null)."""


def person_key(frame: pl.DataFrame) -> pl.Series:
    """The natural key of each record: ``linkedin.com/in/…``, ``email:…``, ``phone:…`` or ``name:…``.

    Examples:
        >>> frame = pl.DataFrame({"linkedin_url": [None, None], "emails": [["a@x.org"], []],
        ...     "phones": [[], ["+15550100"]], "nk": ["ada", "bo"]})
        >>> person_key(frame).to_list()
        ['email:a@x.org', 'phone:+15550100']
    """
    return frame.select(
        pl.coalesce(
            pl.col("linkedin_url"),
            pl.lit("email:") + pl.col("emails").list.first(),
            pl.lit("phone:") + pl.col("phones").list.first(),
            pl.lit("name:") + pl.col("nk"),
        ).alias("person_key")
    )["person_key"]


def _full_name() -> pl.Expr:
    joined = pl.concat_str(
        [pl.col("first_name").fill_null(""), pl.col("last_name").fill_null("")], separator=" "
    ).str.strip_chars()
    return pl.coalesce(
        pl.col("full_name").str.strip_chars().replace("", None), joined.replace("", None)
    )


SHARED = {"emails": "shared_email", "phones": "shared_phone"}
"""In an address book, an e-mail or phone that contacts of names no one person has hold (a
household's address, an office's switchboard: see :func:`~netbook.keys.may_be_one`), under the
identity kind it is kept as: never a key, never merging anyone (a merge is suggested)."""


def _held_apart(names: list[str]) -> bool:
    """Whether some two of ``names`` cannot be one person's (see :func:`may_be_one`)."""
    return any(not may_be_one(a, b) for i, a in enumerate(names) for b in names[i + 1 :])


def _shared_apart(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the e-mails and phones contacts of different people hold set apart.

    They move out of ``emails`` / ``phones`` into ``shared_email`` / ``shared_phone`` (see
    :data:`SHARED`). ``José Núñez`` and ``Jose Nunez`` with one address are one contact listed
    twice; ``Anna Berg`` and ``Lars Berg`` are two.
    """
    moved = []
    for column, kind in SHARED.items():
        held = frame.select("full_name", "nk", pl.col(column)).explode(column).drop_nulls(column)
        several = held.drop_nulls("nk").group_by(column).agg(pl.col("full_name").unique().sort())
        several = several.filter(pl.col("full_name").list.len() > 1)
        shared = [
            value
            for value, names in several.iter_rows()
            if _held_apart([n for n in names if n is not None])
        ]
        values = pl.Series(column, shared, pl.String).implode()
        moved += [
            pl.col(column).list.filter(~pl.element().is_in(values)).alias(column),
            pl.col(column).list.filter(pl.element().is_in(values)).alias(kind),
        ]
    return frame.with_columns(moved)


def _keyed(records: pl.DataFrame, *, address_book: bool = False) -> pl.DataFrame:
    """The records in :data:`RECORD_COLUMNS`, cleaned, with their ``nk`` and ``person_key``.

    ``address_book``: with :data:`SHARED` identifiers set apart.
    """
    frame = schema.conform(records, RECORD_COLUMNS).collect()
    frame = frame.with_columns(
        _full_name().alias("full_name"),
        *(
            pl.col(c).fill_null([]).list.drop_nulls()
            for c in ("emails", "phones", "phones_written", "tags")
        ),
    )
    frame = frame.with_columns(nk=name_keys(frame["full_name"]))
    if address_book:
        frame = _shared_apart(frame)
    else:
        frame = frame.with_columns(pl.lit([], pl.List(pl.String)).alias(k) for k in SHARED.values())
    return frame.with_columns(person_key=person_key(frame))


def person_ids(records: pl.DataFrame) -> pl.Series:
    """The ``person_id`` :func:`people_of` gives each record (to link a record's interactions).

    Examples:
        >>> records = pl.DataFrame({"__line": [1], "full_name": ["Ada Example"]})
        >>> person_ids(records).to_list() == people_of(records, "demo")[0]["person_id"].to_list()
        True
    """
    return stable_ids(_keyed(records)["person_key"]).alias("person_id")


def people_of(
    records: pl.DataFrame,
    source: str,
    observed_on: date | None = None,
    *,
    address_book: bool = False,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical people and identities of ``records`` (see the module's docstring).

    Records without a name, URL, e-mail or phone are dropped (the caller counts them as noise).
    Records with the same key are one person: the first non-null value of each field wins, lists
    are merged. ``address_book``: each record is a contact the user keeps, so an e-mail or phone
    that contacts of names no one person has hold is shared (:data:`SHARED`), not theirs alone.
    (Not for mail or chats, where one address is written under many names; the store still keeps
    such names apart: :func:`netbook.identity.resolve`.)

    Returns:
        ``(people, identities)`` in :data:`~netbook.schema.PEOPLE` and
        :data:`~netbook.schema.IDENTITIES`, sorted by ``person_id``.
    """
    frame = _keyed(records, address_book=address_book).filter(pl.col("person_key").is_not_null())
    keys = frame["person_key"].unique(maintain_order=True)
    ids = pl.DataFrame({"person_key": keys, "person_id": stable_ids(keys)})
    frame = frame.join(ids, on="person_key", how="left").sort("__line")
    scalar = ("full_name", "first_name", "last_name", "company", "position", "birthday")
    grouped = frame.group_by("person_id").agg(
        *(pl.col(c).drop_nulls().first() for c in (*scalar, "linkedin_url", "nk")),
        *(
            pl.col(c)
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique(maintain_order=True)
            for c in ("emails", "phones", "phones_written", "tags", *SHARED.values())
        ),
    )
    # A contact without a name is shown by its address or number (never as nobody).
    shown = pl.coalesce(
        "full_name",
        pl.col("emails").list.first(),
        pl.col("shared_email").list.first(),
        pl.col("phones").list.first(),
        pl.col("phones_written").list.first(),
    )
    people = grouped.select(
        "person_id",
        shown.alias("full_name"),
        *scalar[1:5],
        email=pl.coalesce(pl.col("emails").list.first(), pl.col("shared_email").list.first()),
        profile_url=display_url(pl.col("linkedin_url")),
        connected_on=pl.lit(None, pl.Date),
        birthday="birthday",
        tags=pl.col("tags").list.sort(),
        role=pl.lit(None, pl.String),
        sources=pl.lit([source], pl.List(pl.String)),
        observed_on=pl.lit(observed_on, pl.Date),
    ).sort("person_id")
    identities = (
        pl.concat(
            [
                grouped.select("person_id", kind=pl.lit("linkedin_url"), value="linkedin_url"),
                grouped.select("person_id", kind=pl.lit("name"), value="nk"),
                grouped.select("person_id", kind=pl.lit("email"), value="emails").explode("value"),
                grouped.select("person_id", kind=pl.lit("phone"), value="phones").explode("value"),
                grouped.select(
                    "person_id", kind=pl.lit("phone_written"), value="phones_written"
                ).explode("value"),
                *(
                    grouped.select("person_id", kind=pl.lit(kind), value=kind).explode("value")
                    for kind in SHARED.values()
                ),
            ]
        )
        .filter(pl.col("value").is_not_null())
        .with_columns(source=pl.lit(source))
        .unique()
        .sort("person_id", "kind", "value")
    )
    return (
        schema.conform(people, schema.PEOPLE).collect(),
        schema.conform(identities, schema.IDENTITIES).collect(),
    )
