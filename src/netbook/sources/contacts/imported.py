"""LinkedIn's imported contacts: the address books its owner synced to LinkedIn, as one CSV file.

Three eras (``shared/research/formats.md`` §1.10), told apart by header only, with names compared
without spaces:

- 2018 ``Imported Contacts.csv``: ``First Name, Last Name, Companies, Title, Email Address, Phone
  Numbers, Created At, …, Sites, Full Name, Birthday, Location, Bookmarked At, Profiles``;
- 2022–2024 ``Contacts.csv``: ``Source, FirstName, LastName, Companies, Title, Emails,
  PhoneNumbers, CreatedAt, …, Sites, …, FullName, Birthday, Location, BookmarkedAt, Profiles``;
- April 2026 ``ImportedContacts.csv``: ``FirstName, MiddleName, LastName, …, Title, Emails,
  PhoneNumbers, CreatedAt, UpdatedAt, CountryCode, RegionCode, …`` (exact duplicate rows occur).

How several addresses or numbers share one cell is not documented: e-mails are split on commas,
semicolons and white space, phone numbers on commas and semicolons. ``RegionCode`` (or a
two-letter ``CountryCode``) reads that row's numbers written without ``+country``. Exact duplicate
rows are noise. Only a standalone file is claimed: inside an archive or its folder these files
belong to the ``linkedin`` source.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._csv import (
    header_of,
    name_of,
    read_csv,
    require,
    text,
    values,
    without_duplicates,
)
from netbook.sources.contacts._records import finish
from netbook.sources.tables import LINE

__all__ = ["LinkedInImportedContactsSource", "is_imported"]

EXPECTED = "LinkedIn's Imported Contacts.csv, Contacts.csv or ImportedContacts.csv"
_REQUIRED = frozenset({"firstname", "lastname", "phonenumbers", "createdat"})
_EMAILS = ("emails", "emailaddress")


def _compact(name: str) -> str:
    return name.replace(" ", "")


def is_imported(header: frozenset[str]) -> bool:
    """True for the header of any era of LinkedIn's imported contacts (normalised names).

    Examples:
        >>> is_imported(frozenset({"firstname", "lastname", "emails", "phonenumbers", "createdat"}))
        True
        >>> is_imported(frozenset({"first name", "last name", "email address", "connected on"}))
        False
    """
    compact = {_compact(h) for h in header}
    return compact >= _REQUIRED and any(e in compact for e in _EMAILS)


def _region(frame: pl.DataFrame) -> pl.Expr:
    codes = [pl.col(c) for c in ("regioncode", "countrycode") if c in frame.columns]
    letters = [pl.when(c.str.contains(r"^[A-Za-z]{2}$")).then(c) for c in codes]
    return pl.coalesce(letters) if letters else pl.lit(None, dtype=pl.String)


def _records(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.rename({c: _compact(c) for c in frame.columns if c != LINE})
    first, last = text(frame, "firstname"), text(frame, "lastname")
    return frame.select(
        LINE,
        full_name=pl.coalesce(
            text(frame, "fullname"), name_of(first, text(frame, "middlename"), last)
        ),
        first_name=first,
        last_name=last,
        company=text(frame, "companies"),
        position=text(frame, "title"),
        birthday=text(frame, "birthday"),
        emails=values(frame, _EMAILS, r"[\s,;]+"),
        phones=values(frame, ("phonenumbers",), r"\s*[,;]\s*"),
        urls=values(frame, ("profiles", "sites"), r"[\s,;]+"),
        region=_region(frame),
    )


class LinkedInImportedContactsSource:
    """Reads a standalone imported-contacts file from a LinkedIn export (2018, 2022–24, 2026)."""

    name = "linkedin-contacts"
    description = "LinkedIn's imported contacts as one file (Imported Contacts.csv, Contacts.csv)"

    def detect(self, path: Path) -> bool:
        """True for a single ``.csv`` file whose header is an imported-contacts header."""
        return path.suffix.lower() == ".csv" and is_imported(header_of(path))

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the contacts of ``path``."""
        table, raw = read_csv(
            path, "linkedin imported contacts", ("first name", "firstname"), EXPECTED
        )
        if table is not None:
            frame = require(
                table,
                is_imported(frozenset(table.frame.columns)),
                "FirstName, LastName, Emails, PhoneNumbers and CreatedAt",
                EXPECTED,
            )
            raw.records = _records(without_duplicates(frame, raw))
        return finish(raw, self.name, owner)
