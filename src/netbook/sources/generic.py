"""Any CSV of people, read through a column mapping: a CRM export, a conference list, a call log.

The mapping gives, for each netbook field, the CSV header it is read from (matched ignoring case,
with runs of spaces and underscores counting as one space):

- person fields: ``full_name``, ``first_name``, ``last_name``, ``company``, ``position``,
  ``email`` and ``phone`` (a cell may hold several, separated by ``;``, ``,`` or ``" ::: "``),
  ``linkedin_url``, ``birthday`` and ``tags`` (separated by ``;`` or ``,``);
- interaction fields: ``occurred_at`` (a date, or a date and time), ``channel``, ``direction``
  and ``note``. When ``occurred_at`` is mapped, every row with a value there is also one
  interaction with that row's person.

Without a mapping, person fields are found under their obvious names (:data:`OBVIOUS`); a date
column never becomes interactions unless it is mapped.

Decisions worth knowing:

- **Channel**: one of :data:`netbook.schema.CHANNELS` or a common synonym (:data:`CHANNEL_WORDS`:
  "phone" is a call, "sms" a message, "conference" an event). An empty cell, or no ``channel``
  column, means :data:`DEFAULT_CHANNEL`, ``meeting``: a dated row in a list kept by hand most
  often records meeting someone. Map ``channel`` for call logs and CRM activity exports.
- **Direction**: ``outbound`` ("out", "outgoing", "sent"), ``inbound`` ("in", "incoming",
  "received") or ``mutual`` ("both"); empty or unmapped means ``mutual``. ``initiated`` is set
  for outbound and inbound rows (someone reached out), not for mutual ones.
- **Times**: a time with an offset (``2024-03-04T10:00:00+01:00``, ``...Z``) is taken as written;
  one without is wall-clock time in ``OwnerHint.time_zone``; a date alone is taken at 12:00 there
  (midday keeps it on the same day in nearby zones). All are stored in UTC. Slashed dates are
  month first (``3/4/2024`` is 4 March) unless some row's first number is above 12: then the
  whole column is day first.
- **Notes** are never stored: only their length (``content_length``) and whether they look like
  HTML (``is_html``).
- **Stable ids**: an interaction's id hashes the source, the person's key (LinkedIn URL, else first
  e-mail, phone or name), the time as written (a date as its 12:00 wall-clock time, a time with an
  offset in UTC: changing the zone setting changes no id), the channel and the direction. Neither
  the file nor the row's position counts: importing the same rows again adds nothing, and rows
  alike in all of these are one interaction.
- **Bad values**: an unreadable e-mail, LinkedIn URL or birthday is a failure (file, line, the
  column's header, reason) and the person is kept without it; an unreadable date, channel or
  direction is a failure and the person is kept without that row's interaction. A phone number
  that cannot be read (no ``+country`` and no ``phone_region``) is kept as written and told once
  as a note, never a failure. A row with a failure counts as ``failed``, not ``kept``. A row with
  no name, e-mail, phone or LinkedIn URL is noise (``empty row``), as is the owner's own row (by
  e-mail, phone or LinkedIn URL).
- The file has no export date, so no ``observations`` (job-change history) are recorded.
- **Detection** (``netbook import FILE`` without ``--source``) is conservative: a ``.csv`` or
  ``.tsv`` whose first line has a name column and an e-mail or phone column under obvious names,
  without the distinctive columns of Google, Outlook or LinkedIn exports, and that no other
  registered source claims ("csv" sorts before most of them).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import polars as pl

from netbook import schema
from netbook.errors import ConfigError, SourceError
from netbook.ids import stable_ids, stable_ids_of
from netbook.keys import name_keys, normalise_email, normalise_urls
from netbook.sources._base import Loaded, OwnerHint, Source, split_failures
from netbook.sources.contacts._birthdays import normalise_birthday
from netbook.sources.contacts._phones import NO_LIST
from netbook.sources.contacts._phones import phones as phones_of
from netbook.sources.dates import occurred
from netbook.sources.encodings import decode
from netbook.sources.records import people_of, person_key
from netbook.sources.report import file_row, noise_rows
from netbook.sources.tables import HTML, LINE, LONG_TEXT, normalise_header, read_table

if TYPE_CHECKING:
    from netbook.settings import Settings

__all__ = ["CHANNEL_WORDS", "DEFAULT_CHANNEL", "FIELDS", "OBVIOUS", "GenericCsvSource"]
__all__ += ["guess_mapping", "parse_mapping"]

SOURCE: Final = "csv"
FIELDS: Final = (
    *("full_name", "first_name", "last_name", "company", "position", "email", "phone"),
    *("linkedin_url", "birthday", "tags", "occurred_at", "channel", "direction", "note"),
)
"""Every field a mapping may name."""
_IDENTIFYING = ("full_name", "first_name", "last_name", "email", "phone", "linkedin_url")
DEFAULT_CHANNEL: Final = "meeting"
OBVIOUS: Final[Mapping[str, tuple[str, ...]]] = {
    "full_name": ("name", "full name", "fullname", "contact name", "display name"),
    "first_name": ("first name", "firstname", "given name"),
    "last_name": ("last name", "lastname", "surname", "family name"),
    "company": ("company", "organization", "organisation", "employer"),
    "position": ("position", "job title"),
    "email": ("email", "e-mail", "email address", "mail", "emails"),
    "phone": ("phone", "phone number", "mobile", "telephone", "tel", "phones"),
    "linkedin_url": ("linkedin", "linkedin url", "linkedin profile"),
    "birthday": ("birthday", "date of birth", "birth date"),
    "tags": ("tags", "labels", "groups"),
}
"""The header names (normalised) each person field is read from when there is no mapping."""
CHANNEL_WORDS: Final[Mapping[str, str]] = {
    **{channel: channel for channel in schema.CHANNELS},
    **dict.fromkeys(("meet", "met", "in person", "coffee", "lunch", "dinner", "visit"), "meeting"),
    **dict.fromkeys(("phone", "phone call", "telephone", "voice", "video call"), "call"),
    **dict.fromkeys(("e-mail", "mail"), "email"),
    **dict.fromkeys(("sms", "text", "chat", "dm", "im", "whatsapp"), "message"),
    **dict.fromkeys(("conference", "meetup", "party"), "event"),
}
"""``channel`` cells (lower-cased) and the channel each one means."""
_DIRECTIONS: Final[Mapping[str, str]] = {
    **{direction: direction for direction in schema.DIRECTIONS},
    **dict.fromkeys(("out", "outgoing", "sent"), "outbound"),
    **dict.fromkeys(("in", "incoming", "received"), "inbound"),
    "both": "mutual",
}
# Columns of the contact exports other sources read (Google, Outlook, LinkedIn): never ours.
_FOREIGN = {
    *("given name", "family name", "group membership", "file as", "phonetic first name"),
    *("e-mail address", "e-mail type", "business phone", "home phone", "business fax"),
    *("connected on", "url", "profiles", "phonenumbers", "createdat", "bookmarkedat"),
}
_NUMBERED = re.compile(r"^[a-z -]+ \d+ - (value|type|label)$")  # Google's "E-mail 1 - Value"
_SEPARATORS = {"email": r"\s*(?:;|,|:::)\s*", "phone": r"\s*(?:;|,|:::)\s*", "tags": r"\s*[;,]\s*"}
_HEAD, _SCAN, _UNIT = 65536, 10, "\x1f"
EMPTY_ROW: Final = "empty row"
OWNER_ROW: Final = "the owner's own contact"


def _checked(columns: Mapping[str, str]) -> dict[str, str]:
    unknown = [f for f in columns if f not in FIELDS]
    if unknown:
        raise ConfigError(
            f"csv: unknown field {unknown[0]!r} in the column mapping",
            hint=f"fields: {', '.join(FIELDS)}",
        )
    mapping = {f: str(h).strip() for f, h in columns.items()}
    if blank := [f for f, h in mapping.items() if not h]:
        raise ConfigError(f"csv: field {blank[0]!r} is mapped to an empty header")
    if mapping and not any(f in mapping for f in _IDENTIFYING):
        raise ConfigError(
            "csv: the column mapping has no column that identifies a person",
            hint=f"map at least one of {', '.join(_IDENTIFYING)}",
        )
    return mapping


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``FIELD=Header`` strings (``--map`` options) as the mapping of :class:`GenericCsvSource`.

    Raises:
        ConfigError: a pair without ``=``, an unknown field, an empty header, a field given twice
            with different headers, or no field that identifies a person.

    Examples:
        >>> parse_mapping(["full_name=Name", " email = E-mail address "])
        {'full_name': 'Name', 'email': 'E-mail address'}
        >>> parse_mapping(["Name"])
        Traceback (most recent call last):
        ...
        netbook.errors.ConfigError: csv: 'Name' is not FIELD=HEADER (e.g. --map full_name=Name)
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, equals, header = (part.strip() for part in pair.partition("="))
        if not equals or not field:
            raise ConfigError(f"csv: {pair!r} is not FIELD=HEADER (e.g. --map full_name=Name)")
        if mapping.setdefault(field, header) != header:
            raise ConfigError(f"csv: {field!r} is mapped twice ({mapping[field]!r}, {header!r})")
    return _checked(mapping)


def guess_mapping(header: Sequence[str]) -> dict[str, str]:
    """The person fields found under their obvious names (:data:`OBVIOUS`) in ``header``.

    Examples:
        >>> guess_mapping(["Full Name", "E-mail", "Mobile", "Notes"])
        {'full_name': 'Full Name', 'email': 'E-mail', 'phone': 'Mobile'}
    """
    found = _by_name(header)
    names = {f: next((n for n in names if n in found), None) for f, names in OBVIOUS.items()}
    return {field: found[name] for field, name in names.items() if name is not None}


def _by_name(header: Sequence[str]) -> dict[str, str]:
    """Each header by its normalised name (the first of any duplicates), in file order."""
    found: dict[str, str] = {}
    for name in header:
        found.setdefault(normalise_header(name), name)
    return found


def _header_lines(raw: bytes, name: str) -> list[list[str]]:
    """The fields of each of the first lines (any could be the header), delimiter sniffed."""
    text = decode(raw[:_HEAD], name)[0].decode("utf-8", errors="replace")
    lines = []
    for line in text.splitlines()[:_SCAN]:
        rows = [next(csv.reader([line], delimiter=sep), []) for sep in (",", ";", "\t")]
        lines.append([f.strip() for f in max(rows, key=len) if f.strip()])
    return lines


def _is_people_header(header: list[str]) -> bool:
    names = set(_by_name(header))
    if names & _FOREIGN or any(_NUMBERED.match(n) for n in names):
        return False
    fields = set(guess_mapping(header))
    named = "full_name" in fields or {"first_name", "last_name"} <= fields
    return named and bool(fields & {"email", "phone"})


class GenericCsvSource:
    """People, and optionally interactions, from any CSV file (see the module's docstring).

    Args:
        columns: ``{field: CSV header}``; without it, person fields are found under their
            obvious names (:data:`OBVIOUS`).

    Raises:
        ConfigError: an unknown field (the message lists the fields), an empty header, or no
            field that identifies a person.
    """

    name = SOURCE
    description = "any CSV of people (CRM export, conference list, call log) via a column mapping"

    def __init__(self, columns: Mapping[str, str] | None = None) -> None:
        self.columns = _checked(columns or {})

    def configured(self, settings: Settings, options: Mapping[str, str] | None) -> Source:
        """This source with the column mapping ``options``, else ``[csv]`` of ``settings``."""
        columns = options or settings.csv
        return GenericCsvSource(columns) if columns else self

    def detect(self, path: Path) -> bool:
        """True for a ``.csv`` whose first line has a name and an e-mail or phone column.

        Conservative: never a file with the distinctive columns of Google, Outlook or LinkedIn
        exports, nor one any other registered source claims.
        """
        try:
            if path.suffix.lower() not in (".csv", ".tsv") or not path.is_file():
                return False
            with path.open("rb") as handle:
                lines = [line for line in _header_lines(handle.read(_HEAD), str(path)) if line]
        except (OSError, SourceError):
            return False
        if not lines or not _is_people_header(lines[0]):
            return False
        from netbook import sources  # at call time: tests swap the registry

        others = [s for n, s in sources.SOURCES.items() if n != self.name]
        return not any(s.detect(path) for s in others if not isinstance(s, GenericCsvSource))

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read the people (and, when ``occurred_at`` is mapped, interactions) of ``path``.

        Raises:
            SourceError: the file cannot be read, a mapped header is not in it, or (without a
                mapping) no column has an obvious name for a person.
            ConfigError: a field other than ``note`` is mapped to a free-text column.
        """
        owner = owner or OwnerHint()
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise SourceError(path, f"cannot be read ({error.strerror})") from error
        lines = _header_lines(raw, str(path))
        if not any(lines):
            return _loaded(path, raw, None, 0, {})
        mapping = self.columns or _guessed(path, lines)
        wanted = {normalise_header(h) for h in mapping.values()}
        first = next(i for i, line in enumerate(lines) if line)
        index = next((i for i, ln in enumerate(lines) if wanted & set(_by_name(ln))), first)
        present = _by_name(lines[index])
        for field, header in mapping.items():
            if normalise_header(header) not in present:
                raise SourceError(
                    path,
                    f"has no column {header!r} (mapped to {field}); its header has: "
                    f"{', '.join(present.values())}",
                    line=index + 1,
                    hint="fix the mapping: --map FIELD=HEADER, or [csv] in netbook.toml",
                )
        table = read_table(
            raw,
            str(path),
            tuple(sorted(wanted)),
            "a CSV with the mapped columns",
            whole_rows=False,  # a hand-made file may leave a row's last cells out
        )
        if table is None:
            return _loaded(path, raw, None, 0, {})
        labels = {f: present[normalise_header(h)] for f, h in mapping.items()}
        file, frame = path.name, _selected(table.take(), mapping)
        records, failures, noise, notes = _records(frame, file, labels, owner)
        interactions, bad = _interactions(records, file, labels, owner.time_zone)
        people, identities = people_of(records.filter(pl.col("__noise").is_null()), SOURCE)
        undecodable = table.failures(file)
        frames = (people, identities, interactions, pl.concat([undecodable, failures, bad]))
        return _loaded(path, raw, table.encoding, table.rows, noise, frames, notes)


def _guessed(path: Path, lines: list[list[str]]) -> dict[str, str]:
    for line in lines:
        mapping = guess_mapping(line)
        if any(f in mapping for f in _IDENTIFYING):
            return mapping
    found = next(line for line in lines if line)
    raise SourceError(
        path,
        f"has no column netbook knows as a name, e-mail or phone (found: {', '.join(found[:10])})",
        line=1,
        hint="map the columns: --source csv --map full_name=NAME_HEADER --map email=EMAIL_HEADER",
    )


def _selected(frame: pl.DataFrame, mapping: Mapping[str, str]) -> pl.DataFrame:
    """The mapped columns under their field names; a note only as its length and HTML flag."""
    columns = [pl.col(LINE)]
    for field, header in mapping.items():
        column, text = normalise_header(header), pl.col(normalise_header(header))
        long = column in LONG_TEXT  # read_table keeps only the length of such columns
        if field == "note":
            length = pl.col(f"{column}:length") if long else text.str.len_chars()
            html = pl.col(f"{column}:html") if long else text.str.contains(HTML)
            length = pl.when(length > 0).then(length.cast(pl.Int32))  # null: no note
            columns += [
                length.alias("content_length"),
                pl.when(length > 0).then(html).alias("is_html"),
            ]
        elif long:
            raise ConfigError(
                f"csv: {field!r} is mapped to {header!r}, a free-text column netbook never reads",
                hint="map that field to another column",
            )
        else:
            columns.append(text.alias(field))
    frame = frame.select(columns)
    missing = [pl.lit(None, pl.String).alias(f) for f in FIELDS[:-1] if f not in frame.columns]
    return frame.with_columns(missing).with_row_index("__row")


_Failed = Callable[[pl.DataFrame, str], pl.DataFrame]


def _failed(rows: pl.DataFrame, file: str, label: str, what: str, advice: str) -> pl.DataFrame:
    """:data:`~netbook.schema.FAILURES` for ``rows`` (with ``__line`` and their ``raw`` value)."""
    return rows.select(
        file=pl.lit(file),
        line=pl.col(LINE),
        column=pl.lit(label),
        reason=pl.format(
            "unreadable {} '{}': {}", pl.lit(what), pl.col("raw").str.slice(0, 40), pl.lit(advice)
        ),
    )


def _listed(
    frame: pl.DataFrame, field: str, normalise: Callable[[str], str | None], failed: _Failed
) -> tuple[pl.Series, pl.DataFrame]:
    """A multi-valued cell as a list of normalised values, each distinct value normalised once."""
    split = pl.col(field).str.replace_all(_SEPARATORS[field], _UNIT).str.split(_UNIT)
    long = (
        frame.select("__row", LINE, raw=split)
        .explode("raw")
        .with_columns(pl.col("raw").str.strip_chars())
        .filter(pl.col("raw").str.len_chars() > 0)
    )
    values = {raw: normalise(raw) for raw in long["raw"].unique().to_list()}
    long = long.with_columns(
        value=pl.col("raw").replace_strict(values, default=None, return_dtype=pl.String)
    )
    failures = failed(long.filter(pl.col("value").is_null()), field)
    kept = long.group_by("__row").agg(pl.col("value").drop_nulls().unique(maintain_order=True))
    joined = frame.select("__row").join(kept, on="__row", how="left", maintain_order="left")
    return joined["value"].fill_null([]).alias(f"{field}s"), failures


def _email(raw: str) -> str | None:
    inside = re.search(r"<([^<>]+)>", raw)  # "Ada Example <ada@example.com>"
    return normalise_email(inside[1] if inside else raw)


_ADVICE = {
    "email": ("email", "expected an address like ada@example.com"),
    "phone": (
        "phone",
        "expected a phone number; one without +country needs phone_region in netbook.toml",
    ),
    "linkedin_url": ("LinkedIn URL", "expected a profile like https://www.linkedin.com/in/name"),
    "birthday": ("birthday", "expected a date like 1985-04-12 or --04-12"),
}


def _records(
    frame: pl.DataFrame, file: str, labels: Mapping[str, str], owner: OwnerHint
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, int], pl.DataFrame]:
    """Contact records (:mod:`~netbook.sources.records`) plus ``person_key`` and ``__noise``.

    Returns:
        The records, the failures, the noise by reason and the notes (phone numbers kept as
        written).
    """

    def failed(rows: pl.DataFrame, field: str) -> pl.DataFrame:
        what, advice = _ADVICE[field]
        return _failed(rows, file, labels.get(field, field), what, f"{advice} (kept the person)")

    joined = pl.concat_str("first_name", "last_name", separator=" ", ignore_nulls=True)
    tags = pl.col("tags").str.replace_all(_SEPARATORS["tags"], _UNIT).str.split(_UNIT)
    birthdays = frame["birthday"].drop_nulls().unique()
    frame = frame.with_columns(
        full_name=pl.coalesce("full_name", joined.str.strip_chars().replace("", None)),
        tags=tags.list.eval(pl.element().str.strip_chars().replace("", None))
        .list.drop_nulls()
        .list.unique(maintain_order=True),
        url=normalise_urls(frame["linkedin_url"]),
        day=pl.col("birthday").replace_strict(
            {b: normalise_birthday(b) for b in birthdays}, default=None, return_dtype=pl.String
        ),
    )
    region = owner.phone_region
    emails, bad_emails = _listed(frame, "email", _email, failed)
    split = pl.col("phone").str.replace_all(_SEPARATORS["phone"], _UNIT).str.split(_UNIT)
    frame, notes = phones_of(
        frame.with_columns(phones=split.fill_null(NO_LIST), region=pl.lit(region, pl.String)), file
    )
    bad_urls = failed(
        frame.filter(pl.col("url").is_null()).select(LINE, raw="linkedin_url").drop_nulls(),
        "linkedin_url",
    )
    bad_days = failed(
        frame.filter(pl.col("day").is_null()).select(LINE, raw="birthday").drop_nulls(),
        "birthday",
    )
    frame = frame.drop("region").with_columns(emails, linkedin_url="url", birthday="day")
    own = pl.Series(owner.emails, dtype=pl.String)
    own_url = normalise_urls(pl.Series([owner.profile_url], dtype=pl.String)).item()
    own_phones = pl.Series(owner.phones, dtype=pl.String).implode()
    is_owner = (
        pl.col("emails").list.eval(pl.element().is_in(own.implode())).list.any()
        | pl.col("phones").list.eval(pl.element().is_in(own_phones)).list.any()
        | (pl.col("linkedin_url") == pl.lit(own_url, pl.String)).fill_null(False)
    )
    empty = pl.col("full_name").is_null() & pl.col("linkedin_url").is_null()
    empty = empty & (pl.col("emails").list.len() == 0) & (pl.col("phones").list.len() == 0)
    empty = empty & (pl.col("phones_written").list.len() == 0)
    reason = pl.when(is_owner).then(pl.lit(OWNER_ROW)).when(empty).then(pl.lit(EMPTY_ROW))
    frame = frame.drop("url", "day").with_columns(
        reason.alias("__noise"), nk=name_keys(frame["full_name"])
    )
    frame = frame.with_columns(person_key=person_key(frame))
    noise = {str(k): int(n) for k, n in frame["__noise"].drop_nulls().value_counts().iter_rows()}
    return frame, pl.concat([bad_emails, bad_urls, bad_days]), noise, notes


def _word(column: str, words: Mapping[str, str], default: str) -> pl.Expr:
    """The canonical word for each cell of ``column``: ``default`` when empty, null when unknown."""
    cell = pl.col(column).str.to_lowercase().str.replace_all(r"[\s_]+", " ").str.strip_chars()
    known = cell.replace_strict(dict(words), default=None, return_dtype=pl.String)
    return pl.when(cell.is_null() | (cell == "")).then(pl.lit(default)).otherwise(known)


def _interactions(
    records: pl.DataFrame, file: str, labels: Mapping[str, str], zone: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One interaction per kept row with an ``occurred_at`` cell, and the rows that failed."""
    rows = records.filter(pl.col("__noise").is_null() & pl.col("occurred_at").is_not_null())
    if "occurred_at" not in labels or rows.is_empty():
        return schema.empty(schema.INTERACTIONS), schema.empty(schema.FAILURES)
    at, key = occurred(rows["occurred_at"], zone)
    checked = [f for f in ("occurred_at", "channel", "direction") if f in labels]
    rows = rows.select(
        LINE,
        "person_key",
        *(c for c in ("content_length", "is_html") if c in rows.columns),
        *(pl.col(f).alias(labels[f]) for f in checked),  # failures name the file's columns
        __at=at,
        __key=key,
        __channel=_word("channel", CHANNEL_WORDS, DEFAULT_CHANNEL),
        __direction=_word("direction", _DIRECTIONS, "mutual"),
    )
    advice = {
        "occurred_at": ("__at", "expected a date like 2024-03-04 or 2024-03-04 10:30"),
        "channel": ("__channel", f"expected one of {', '.join(schema.CHANNELS)}"),
        "direction": ("__direction", "expected outbound, inbound or mutual"),
    }
    checks = [
        (labels[f], pl.col(advice[f][0]).is_null(), f"{advice[f][1]} (kept the person)")
        for f in checked
    ]
    rows, failures = split_failures(rows, file, checks)
    parts = [pl.col(c) for c in ("person_key", "__key", "__channel", "__direction")]
    interactions = (
        rows.with_columns(
            interaction_id=stable_ids_of(rows, [pl.lit(SOURCE), *parts]),
            person_id=stable_ids(rows["person_key"]),
            occurred_at="__at",
            channel="__channel",
            direction="__direction",
            initiated=pl.col("__direction") != "mutual",
            weight=pl.lit(1.0),
            value=pl.lit("none"),
            source=pl.lit(SOURCE),
            is_group=pl.lit(False),
        )
        .unique("interaction_id", keep="first", maintain_order=True)
        .sort("occurred_at", "interaction_id")
    )
    return schema.conform(interactions, schema.INTERACTIONS).collect(), failures


def _loaded(
    path: Path,
    raw: bytes,
    encoding: str | None,
    rows: int,
    noise: dict[str, int],
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame] | None = None,
    notes: pl.DataFrame | None = None,
) -> Loaded:
    """The :class:`Loaded` of ``path``: people, identities, interactions, failures; none: empty."""
    people, identities, interactions, failures = frames or (
        schema.empty(schema.PEOPLE),
        schema.empty(schema.IDENTITIES),
        schema.empty(schema.INTERACTIONS),
        schema.empty(schema.FAILURES),
    )
    failures = schema.conform(failures, schema.FAILURES).collect().sort("line", "column")
    failed = failures["line"].n_unique()  # kept + noise + failed = rows
    report = file_row(
        path.name,
        "csv",
        rows=rows,
        noise=sum(noise.values()),
        failed=failed,
        raw=raw,
        encoding=encoding,
        status="read" if frames else "empty",
        times=interactions["occurred_at"],
    )
    return Loaded.of(
        SOURCE,
        path,
        files=[report],
        people=people,
        identities=identities,
        interactions=interactions,
        failures=failures,
        noise=noise_rows(path.name, noise),
        notes=notes,
    )
