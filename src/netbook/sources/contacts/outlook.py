"""Outlook CSV contacts, in both dialects (``shared/research/formats.md`` §2.2).

- The 61-column "Outlook CSV" of contacts.google.com and outlook.live.com: ``First Name, Middle
  Name, Last Name, Title, …, E-mail Address, E-mail 2 Address, E-mail 3 Address, Home Phone, …,
  Mobile Phone, …, Job Title, …, Company, …, Web Page, Birthday, …`` (Google adds ``Categories``,
  ``;``-separated).
- Outlook desktop's export, starting ``Title, First Name, …, Company, …, Job Title, …``, with
  ``E-mail Type`` (``SMTP`` or ``EX``) next to each address and ``Categories``.

Both are read by column name. ``Title`` is an honorific (``Dr.``), never the job title. An ``EX``
address is an Exchange directory name, not an e-mail address, and is skipped. ``Birthday`` is a
locale date (``4/12/1985``, ``12.4.1985``) or ``0/0/00`` for none. Encodings: UTF-8 with or without
BOM, ANSI (cp1252) from older Outlook.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._csv import (
    NO_LIST,
    header_of,
    name_of,
    read_csv,
    require,
    split,
    text,
    values,
    without_duplicates,
)
from netbook.sources.contacts._records import finish
from netbook.sources.tables import LINE

__all__ = ["OutlookContactsSource", "is_outlook"]

EXPECTED = "an Outlook CSV export of contacts"
_EMAILS = ("e-mail", "e-mail 2", "e-mail 3")
_PHONES = (
    "mobile phone",
    "primary phone",
    "business phone",
    "business phone 2",
    "home phone",
    "home phone 2",
    "other phone",
    "car phone",
)
_SITES = ("web page", "personal web page", "business web page")
_CATEGORIES = r"\s*(?:[;,]|:::)\s*"


def is_outlook(header: frozenset[str]) -> bool:
    """True for an Outlook CSV header: ``First Name`` together with ``E-mail Address``.

    Examples:
        >>> is_outlook(frozenset({"title", "first name", "last name", "e-mail address"}))
        True
        >>> is_outlook(frozenset({"first name", "last name", "email address"}))  # LinkedIn
        False
    """
    return {"first name", "e-mail address"} <= header


def _emails(frame: pl.DataFrame) -> pl.Expr:
    parts = []
    for slot in _EMAILS:
        address = text(frame, f"{slot} address")
        exchange = (text(frame, f"{slot} type").str.to_uppercase() == "EX").fill_null(False)
        exchange = exchange | address.str.starts_with("/").fill_null(False)
        parts.append(pl.when(exchange).then(NO_LIST).otherwise(split(address)))
    return pl.concat_list(parts)


def _records(frame: pl.DataFrame) -> pl.DataFrame:
    first, last = text(frame, "first name"), text(frame, "last name")
    return frame.select(
        LINE,
        full_name=name_of(first, text(frame, "middle name"), last),
        first_name=first,
        last_name=last,
        company=text(frame, "company"),
        position=text(frame, "job title"),
        birthday=text(frame, "birthday"),
        emails=_emails(frame),
        phones=values(frame, _PHONES),
        urls=values(frame, _SITES),
        tags=values(frame, ("categories",), _CATEGORIES),
    )


class OutlookContactsSource:
    """Reads Outlook CSV contact exports (web and desktop dialects)."""

    name = "outlook"
    description = "Outlook CSV contacts (outlook.com, contacts.google.com or Outlook desktop)"

    def detect(self, path: Path) -> bool:
        """True when the first line of ``path`` is an Outlook CSV header."""
        return is_outlook(header_of(path))

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the contacts of ``path``."""
        table, raw = read_csv(path, "outlook contacts", ("first name",), EXPECTED)
        if table is not None:
            frame = require(
                table,
                is_outlook(frozenset(table.frame.columns)),
                "First Name and E-mail Address",
                EXPECTED,
            )
            raw.records = _records(without_duplicates(frame, raw))
        return finish(raw, self.name, owner)
