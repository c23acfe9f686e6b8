"""Raw contact records to a :class:`~netbook.sources._base.Loaded`: what every contact source shares.

A reader turns its file into *raw records* (:data:`RAW`): one row per contact, values as written,
multi-valued fields as lists. :func:`finish` normalises them (:mod:`netbook.keys`), records
unreadable values, counts noise and builds people with
:func:`netbook.sources.records.people_of`.

Decisions worth knowing:

- An unreadable birthday or e-mail address is a *failure* (file, line, column, reason), but the
  contact is kept without that value: one bad field never loses a person. In the ``files`` frame
  its line counts as ``failed``, not ``kept``, so that ``kept + noise + failed = rows``.
- A phone number without ``+country`` is read with the row's own region (LinkedIn's ``RegionCode``)
  or else the owner's ``phone_region``. A number that still cannot be read is kept as written
  (identity kind ``phone_written``, which never merges anyone) and told once per file as a note
  (:data:`~netbook.schema.NOTES`): the contact is kept and its row is not a failure.
- Web sites that are not LinkedIn profiles are ignored; the first LinkedIn profile is kept.
- Group labels: a leading ``"* "`` marks a system group (Google); it is stripped and the name
  lower-cased (``* starred`` → ``starred``). Membership markers that every contact carries
  (``myContacts``, ``My Contacts``, ``Other Contacts``) are dropped.
- A contact with one of the owner's own e-mail addresses, phone numbers (the settings, or the
  LinkedIn export's Email Addresses.csv and PhoneNumbers.csv) or profile URL is the owner's own
  card (noise), as is a contact left with no name, e-mail, phone or LinkedIn URL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from netbook import schema
from netbook.errors import SourceError
from netbook.keys import normalise_email, normalise_url
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._birthdays import NO_DATE, normalise_birthday
from netbook.sources.contacts._phones import exploded, phones
from netbook.sources.records import people_of
from netbook.sources.report import file_row, noise_rows
from netbook.sources.tables import LINE

TEXT = ("full_name", "first_name", "last_name", "company", "position", "birthday", "region")
LISTS = ("emails", "phones", "urls", "tags")
RAW = schema.columns(
    {LINE: pl.Int64, **dict.fromkeys(TEXT, pl.String), **dict.fromkeys(LISTS, pl.List(pl.String))}
)
"""Raw record columns: ``urls`` are web sites (LinkedIn profiles are picked out), ``region`` an ISO
country for that row's phone numbers; missing columns are null."""

EMPTY = "no name, e-mail, phone or LinkedIn URL"
OWNER = "the owner's own contact"
_MEMBERSHIP = ("mycontacts", "othercontacts")
_NO_LIST = pl.lit([], dtype=pl.List(pl.String))


def sha256_of(raw: bytes) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``.

    Raises:
        SourceError: the file cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(
            path, f"cannot be read ({error.strerror})", hint="check the path"
        ) from error


@dataclass
class RawFile:
    """One file as its reader left it."""

    path: Path
    kind: str
    encoding: str | None
    sha256: str
    records: pl.DataFrame
    """Raw records (:data:`RAW` columns, missing ones are null)."""
    rows: int
    noise: dict[str, int] = field(default_factory=dict)
    failures: pl.DataFrame = field(default_factory=lambda: schema.empty(schema.FAILURES))
    dropped: int = 0
    """Records the reader could not read at all (each has a failure)."""
    empty: bool = False
    unread: dict[str, int] = field(default_factory=dict)
    """Columns that look like a contact's e-mail or phone but are not where the format keeps
    them (a header renamed in a spreadsheet): each with the rows holding a value, told as a
    note."""
    kept_in: str = ""
    """Where the format keeps e-mails and phones, for the note on :attr:`unread` columns."""


def _several_emails() -> pl.Expr:
    """``emails`` with a cell of several addresses read as each of them.

    As people type them in a spreadsheet: ``a@x.org; b@y.org``, ``a@x.org, b@y.org``. A cell of
    one address stays whole (``Berg, Anna <anna@x.se>``).
    """
    several = pl.element().str.count_matches("@") > 1
    parts = (
        pl.when(several)
        .then(pl.element().str.extract_all(r"[^;,\s]+"))
        .otherwise(pl.element().str.extract_all(r"(?s).+"))
    )
    return pl.col("emails").list.eval(parts.list.explode(keep_nulls=False, empty_as_null=False))


def _email(raw: str, _: str | None) -> str | None:
    inside = re.search(r"<([^<>]+)>", raw)
    return normalise_email(inside[1] if inside else raw)


def _normalised(
    frame: pl.DataFrame,
    file: str,
    column: str,
    label: str,
    normalise: Callable[[str, str | None], str | None],
    advice: str,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Normalise the list ``column`` once per distinct value; unreadable values become failures."""
    long = exploded(frame, column, normalise, keep=(LINE,))
    failures = long.filter(pl.col("value").is_null()).select(
        file=pl.lit(file),
        line=pl.col(LINE),
        column=pl.lit(label),
        reason=pl.format(
            "unreadable {} '{}': {}", pl.lit(label), pl.col("raw").str.slice(0, 40), pl.lit(advice)
        ),
    )
    kept = (
        long.filter(pl.col("value").is_not_null())
        .group_by("__row", maintain_order=True)
        .agg(pl.col("value").unique(maintain_order=True).alias(column))
    )
    frame = frame.drop(column).join(kept, on="__row", how="left", maintain_order="left")
    return frame.with_columns(pl.col(column).fill_null(_NO_LIST)), failures


def _birthdays(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = pl.col("birthday")
    frame = frame.with_columns(pl.when(~raw.is_in(list(NO_DATE))).then(raw).alias("birthday"))
    distinct = frame["birthday"].drop_nulls().unique().to_list()
    mapping = {text: normalise_birthday(text) for text in distinct}
    parsed = frame["birthday"].replace_strict(mapping, default=None, return_dtype=pl.String)
    bad = frame["birthday"].is_not_null() & parsed.is_null()
    failures = frame.filter(bad).select(
        file=pl.lit(file),
        line=pl.col(LINE),
        column=pl.lit("birthday"),
        reason=pl.format(
            "unreadable birthday '{}': expected a date like 1985-04-12 or --04-12 (kept the "
            "contact without it)",
            raw.str.slice(0, 40),
        ),
    )
    return frame.with_columns(parsed.alias("birthday")), failures


def _tags() -> pl.Expr:
    label = pl.element().str.strip_chars()
    name = label.str.strip_chars_start("* ")
    key = name.str.to_lowercase().str.replace_all(r"\s+", "")
    tag = (
        pl.when(key.is_in(list(_MEMBERSHIP)) | (name.str.len_chars() == 0))
        .then(None)
        .when(label.str.starts_with("*"))
        .then(name.str.to_lowercase())
        .otherwise(name)
    )
    return pl.col("tags").list.eval(tag).list.drop_nulls().list.unique(maintain_order=True)


def _linkedin_urls(frame: pl.DataFrame) -> pl.Series:
    urls = frame.select("__row", pl.col("urls").alias("url")).explode("url").drop_nulls()
    distinct = urls["url"].unique().to_list()
    mapping = {url: normalise_url(url) for url in distinct}
    urls = urls.with_columns(
        pl.col("url").replace_strict(mapping, default=None, return_dtype=pl.String)
    ).drop_nulls()
    first = urls.group_by("__row", maintain_order=True).agg(pl.col("url").first())
    joined = frame.select("__row").join(first, on="__row", how="left", maintain_order="left")
    return joined["url"].alias("linkedin_url")


def finish(raw: RawFile, source: str, owner: OwnerHint | None) -> Loaded:
    """Normalise ``raw``'s records into people and identities, with files, failures and noise."""
    owner = owner or OwnerHint()
    file = raw.path.name
    frame = schema.conform(raw.records, RAW).collect().with_row_index("__row")
    frame = frame.with_columns(
        *(pl.col(c).str.strip_chars().replace("", None) for c in TEXT),
        *(pl.col(c).fill_null(_NO_LIST) for c in LISTS),
    )
    if owner.phone_region:
        frame = frame.with_columns(pl.col("region").fill_null(owner.phone_region))
    frame = frame.with_columns(pl.col("region").str.to_uppercase())
    frame = frame.with_columns(_tags().alias("tags"), _linkedin_urls(frame))
    frame, email_failures = _normalised(
        frame.with_columns(_several_emails()),
        file,
        "emails",
        "email",
        _email,
        "expected an address like ada@example.com",
    )
    frame, notes = phones(frame, file)
    notes = pl.concat([notes, _unread_notes(raw)])
    frame, birthday_failures = _birthdays(frame, file)
    owner_url = normalise_url(owner.profile_url)
    own = pl.Series(list(owner.emails), dtype=pl.String)
    own_phones = pl.Series(list(owner.phones), dtype=pl.String).implode()
    written = pl.col("phones_written").list.eval(pl.element().str.replace_all(r"\D", ""))
    is_owner = (
        pl.col("emails").list.eval(pl.element().is_in(own.implode())).list.any()
        | pl.col("phones").list.eval(pl.element().is_in(own_phones)).list.any()
        | written.list.eval(pl.element().is_in(own_phones)).list.any()
        | (pl.col("linkedin_url") == pl.lit(owner_url, pl.String)).fill_null(False)
    )
    named = pl.any_horizontal(pl.col("full_name", "first_name", "last_name").is_not_null())
    reachable = (pl.col("emails").list.len() > 0) | (pl.col("phones").list.len() > 0)
    empty = ~named & ~reachable & pl.col("linkedin_url").is_null()
    reason = pl.when(is_owner).then(pl.lit(OWNER)).when(empty).then(pl.lit(EMPTY))
    frame = frame.with_columns(reason.alias("__noise"))
    noise = dict(raw.noise)
    for value, count in frame["__noise"].drop_nulls().value_counts().iter_rows():
        noise[str(value)] = noise.get(str(value), 0) + int(count)
    people, identities = people_of(
        frame.filter(pl.col("__noise").is_null()), source, address_book=True
    )
    failures = pl.concat(
        [raw.failures, email_failures, birthday_failures], how="vertical_relaxed"
    ).sort("line", "column", "reason")
    failures = schema.conform(failures, schema.FAILURES).collect()
    return Loaded.of(
        source,
        raw.path,
        files=[_files(raw, noise, _failed_records(frame, failures))],
        people=people,
        identities=identities,
        failures=failures,
        noise=noise_rows(file, noise),
        notes=notes,
    )


def _unread_notes(raw: RawFile) -> pl.DataFrame:
    """The :data:`~netbook.schema.NOTES` of ``raw.unread`` (columns left unread)."""
    rows = [
        {
            "file": raw.path.name,
            "note": f"values in column {column!r} not read: {raw.kept_in}; rename the column so "
            "and import the file again",
            "rows": count,
        }
        for column, count in sorted(raw.unread.items())
        if count
    ]
    return pl.DataFrame(rows, schema=schema.NOTES)


def _failed_records(frame: pl.DataFrame, failures: pl.DataFrame) -> int:
    """Records kept (not noise) with a failure on the line they start on."""
    lines = failures["line"].unique().implode()
    return frame.filter(pl.col("__noise").is_null() & pl.col(LINE).is_in(lines)).height


def _files(raw: RawFile, noise: dict[str, int], failed_kept: int) -> dict[str, object]:
    """The file's row: ``kept + noise + failed = rows``.

    A record read with an unreadable value (kept without it) counts as ``failed``, as does one
    that could not be read at all (``raw.dropped``).
    """
    return file_row(
        raw.path.name,
        raw.kind,
        rows=raw.rows,
        noise=sum(noise.values()),
        failed=failed_kept + raw.dropped,
        sha256=raw.sha256,
        encoding=raw.encoding,
        status="empty" if raw.empty else "read",
    )
