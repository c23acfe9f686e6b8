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
from netbook.keys import display_url, name_keys

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


def _keyed(records: pl.DataFrame) -> pl.DataFrame:
    """The records in :data:`RECORD_COLUMNS`, cleaned, with their ``nk`` and ``person_key``."""
    frame = schema.conform(records, RECORD_COLUMNS).collect()
    frame = frame.with_columns(
        _full_name().alias("full_name"),
        *(
            pl.col(c).fill_null([]).list.drop_nulls()
            for c in ("emails", "phones", "phones_written", "tags")
        ),
    )
    frame = frame.with_columns(nk=name_keys(frame["full_name"]))
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
    records: pl.DataFrame, source: str, observed_on: date | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical people and identities of ``records`` (see the module's docstring).

    Records without a name, URL, e-mail or phone are dropped (the caller counts them as noise).
    Records with the same key are one person: the first non-null value of each field wins, lists
    are merged.

    Returns:
        ``(people, identities)`` in :data:`~netbook.schema.PEOPLE` and
        :data:`~netbook.schema.IDENTITIES`, sorted by ``person_id``.
    """
    frame = _keyed(records).filter(pl.col("person_key").is_not_null())
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
            for c in ("emails", "phones", "phones_written", "tags")
        ),
    )
    people = grouped.select(
        "person_id",
        *scalar[:5],
        email=pl.col("emails").list.first(),
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
