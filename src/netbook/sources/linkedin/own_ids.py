"""The owner's own addresses and numbers: LinkedIn's Email Addresses.csv and PhoneNumbers.csv.

Both list the user's own identifiers (``Email Address,Confirmed,Primary,Updated On`` and
``Extension,Number,Type``, ``shared/research/formats.md`` §1.9). They are never people: they say
who the owner is, so that a contact carrying one of them (an imported address book's own card, a
vCard of oneself) is the owner, not a person, beside ``[owner] emails`` of the settings.
"""

from __future__ import annotations

import re
from dataclasses import replace

import polars as pl

from netbook import schema
from netbook.keys import normalise_email, normalise_phone
from netbook.sources._base import OwnerHint
from netbook.sources.tables import Table


def identifiers(emails: Table | None, phones: Table | None, region: str | None) -> pl.DataFrame:
    """The owner's identifiers (:data:`~netbook.schema.OWNER_IDENTITIES`) in the two files.

    A number is kept in E.164 when it can be read (with ``region`` for one without
    ``+country``), else as its digits.
    """
    rows: list[dict[str, str]] = []
    if emails is not None and "email address" in emails.frame.columns:
        for raw in emails.frame["email address"].drop_nulls().unique().sort():
            email = normalise_email(raw)
            if email:
                rows.append({"kind": "email", "value": email})
    if phones is not None and "number" in phones.frame.columns:
        for raw in phones.frame["number"].drop_nulls().unique().sort():
            rows.append({"kind": "phone", "value": phone_key(raw, region)})
    frame = pl.DataFrame(rows, schema=schema.OWNER_IDENTITIES)
    return frame.filter(pl.col("value").str.len_chars() > 0).unique().sort("kind", "value")


def phone_key(raw: str, region: str | None) -> str:
    """A number as owners' numbers are compared: E.164 when it can be read, else its digits.

    Examples:
        >>> phone_key("+1 415 555 0100", None), phone_key("555 0100", None)
        ('+14155550100', '5550100')
    """
    return normalise_phone(raw, region) or re.sub(r"\D", "", raw)


def extend(hint: OwnerHint | None, found: pl.DataFrame) -> OwnerHint:
    """``hint`` with the owner's addresses and numbers in ``found`` added."""
    hint = hint or OwnerHint()
    emails = found.filter(pl.col("kind") == "email")["value"].to_list()
    phones = found.filter(pl.col("kind") == "phone")["value"].to_list()
    return replace(
        hint,
        emails=tuple(dict.fromkeys([*hint.emails, *emails])),
        phones=tuple(dict.fromkeys([*hint.phones, *phones])),
    )
