"""Google Contacts CSV ("Google CSV" from contacts.google.com, and in Takeout), both layouts.

- Current (since about 2023/24): ``First Name, Middle Name, Last Name, …, File As, Organization
  Name, Organization Title, …, Birthday, …, Labels, E-mail 1 - Label, E-mail 1 - Value, …,
  Phone 1 - Value, …, Website 1 - Value, …``.
- Legacy: ``Name, Given Name, Additional Name, Family Name, …, Birthday, …, Group Membership,
  E-mail 1 - Type, E-mail 1 - Value, …, Organization 1 - Name, …, Organization 1 - Title, …``.

Google writes ``E-mail N``, ``Phone N`` and ``Website N`` only up to the largest N in use, so they
are found by name pattern, never by position. Several values of one cell are joined with
``" ::: "``; a label or type starting with ``*`` (``* Home``) marks the primary value, which goes
first. ``Labels`` / ``Group Membership`` become tags (see :mod:`netbook.sources.contacts._records`
for system labels). Birthdays come as ``YYYY-MM-DD`` or, without a year, ``--MM-DD`` (sometimes
with a leading space).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._csv import (
    GOOGLE_SEPARATOR,
    NO_LIST,
    header_of,
    name_of,
    numbered,
    read_csv,
    require,
    split,
    text,
    unread_contact_columns,
    values,
    without_duplicates,
)
from netbook.sources.contacts._records import finish
from netbook.sources.tables import LINE

__all__ = ["GoogleContactsSource", "is_google"]

EXPECTED = "a Google Contacts CSV export (contacts.google.com → Export → Google CSV)"
_CURRENT_MARKERS = ("labels", "file as", "organization name", "phonetic first name")
_OWN = r"^(e-mail|phone) \d+ - (value|label|type)$"
"""Where Google keeps e-mails and phones."""
_KEPT_IN = "Google Contacts keeps e-mails in 'E-mail 1 - Value' and phones in 'Phone 1 - Value'"


def is_google(header: frozenset[str]) -> bool:
    """True for the header of either Google layout (normalised column names).

    Examples:
        >>> is_google(frozenset({"first name", "last name", "labels", "e-mail 1 - value"}))
        True
        >>> is_google(frozenset({"name", "given name", "family name", "group membership"}))
        True
        >>> is_google(frozenset({"first name", "last name", "e-mail address"}))  # Outlook CSV
        False
    """
    if "e-mail address" in header:
        return False
    current = {"first name", "last name"} <= header and any(m in header for m in _CURRENT_MARKERS)
    return current or {"given name", "family name"} <= header


def _primary_first(frame: pl.DataFrame, kind: str) -> pl.Expr:
    """Every ``<kind> N - Value`` value, those of ``*``-marked (primary) slots first."""
    primary, others = [], []
    for column in numbered(frame, rf"{kind} (\d+) - value"):
        label = text(
            frame, column.replace("- value", "- label"), column.replace("- value", "- type")
        )
        starred = label.str.strip_chars().str.starts_with("*").fill_null(False)
        cell = split(column, GOOGLE_SEPARATOR)
        primary.append(pl.when(starred).then(cell).otherwise(NO_LIST))
        others.append(pl.when(starred).then(NO_LIST).otherwise(cell))
    return pl.concat_list(primary + others) if primary else NO_LIST


def _records(frame: pl.DataFrame) -> pl.DataFrame:
    first = text(frame, "first name", "given name")
    last = text(frame, "last name", "family name")
    middle = text(frame, "middle name", "additional name")
    return frame.select(
        LINE,
        full_name=pl.coalesce(
            text(frame, "name"), name_of(first, middle, last), text(frame, "nickname")
        ),
        first_name=first,
        last_name=last,
        company=split(
            text(frame, "organization name", "organization 1 - name"), GOOGLE_SEPARATOR
        ).list.first(),
        position=split(
            text(frame, "organization title", "organization 1 - title"), GOOGLE_SEPARATOR
        ).list.first(),
        birthday=text(frame, "birthday"),
        emails=_primary_first(frame, "e-mail"),
        phones=_primary_first(frame, "phone"),
        urls=_primary_first(frame, "website"),
        tags=values(frame, ("labels", "group membership"), GOOGLE_SEPARATOR),
    )


class GoogleContactsSource:
    """Reads Google Contacts CSV exports in the current and the legacy layout."""

    name = "google"
    description = "Google Contacts CSV (contacts.google.com or Takeout), current and legacy layouts"

    def detect(self, path: Path) -> bool:
        """True when the first line of ``path`` is a Google Contacts CSV header."""
        return is_google(header_of(path))

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the contacts of ``path``."""
        table, raw = read_csv(path, "google contacts", ("first name", "given name"), EXPECTED)
        if table is not None:
            header = frozenset(table.frame.columns)
            frame = require(
                table,
                is_google(header),
                "First Name, Last Name and Labels (or Given Name and Family Name)",
                EXPECTED,
            )
            raw.records = _records(without_duplicates(frame, raw))
            raw.unread, raw.kept_in = unread_contact_columns(frame, _OWN), _KEPT_IN
        return finish(raw, self.name, owner)
