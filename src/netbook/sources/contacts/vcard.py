"""vCard files (``.vcf``): versions 2.1, 3.0 and 4.0, one or many cards per file.

The bytes are prepared by :mod:`netbook.sources.contacts._vcard_lines` (folding, quoted-printable
with its charset, inline binaries, line numbers: its docstring says what vobject cannot do itself),
then each card is parsed by ``vobject``. Read: ``FN``, ``N`` (family; given; additional; prefix;
suffix), ``ORG`` (the company is its first part), ``TITLE``, ``BDAY`` (``19850412``,
``1985-04-12``, ``--0412``, ``--04-12``, with or without a time; Apple's ``X-APPLE-OMIT-YEAR``),
every ``EMAIL`` and ``TEL`` (preferred first: ``PREF``, ``TYPE=pref`` or 4.0's ``PREF=1``), ``URL``
and ``X-SOCIALPROFILE`` (for a LinkedIn profile) and ``CATEGORIES``.

A card vobject cannot parse is a failure at its ``BEGIN`` line and is left out; a card identical to
an earlier one is noise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from netbook import schema
from netbook.sources._base import Loaded, OwnerHint
from netbook.sources.contacts._records import RAW, RawFile, finish, read_bytes, sha256_of
from netbook.sources.contacts._vcard_lines import cards_of
from netbook.sources.tables import LINE

__all__ = ["VCardSource"]

SUFFIXES = (".vcf", ".vcard")
DUPLICATE = "duplicate card"
_LAST = 101


def _joined(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value if v)
    return (str(value).strip() or None) if value is not None else None


def _types(line: Any) -> set[str]:
    listed = [*line.params.get("TYPE", []), *getattr(line, "singletonparams", [])]
    return {t.strip().lower() for value in listed for t in str(value).split(",")}


def _rank(line: Any) -> int:
    """Lower comes first: 4.0's ``PREF=1..100``, else 1 for a ``pref`` type, else last."""
    pref = line.params.get("PREF")
    if pref and str(pref[0]).isdigit():
        return int(pref[0])
    return 1 if "pref" in _types(line) else _LAST


def _values(card: Any, *names: str) -> list[str]:
    lines = [line for name in names for line in card.contents.get(name, [])]
    ordered = sorted(lines, key=_rank)  # stable: the card's order among equals
    return [text for line in ordered if (text := _joined(line.value))]


def _birthday(card: Any) -> str | None:
    line = next(iter(card.contents.get("bday", [])), None)
    if line is None:
        return None
    text = _joined(line.value)
    omitted = line.params.get("X-APPLE-OMIT-YEAR")
    if text and omitted and text.startswith(str(omitted[0])):
        text = "--" + text[len(str(omitted[0])) :].lstrip("-")
    return text


def _record(line: int, card: Any) -> dict[str, Any]:
    name = next(iter(card.contents.get("n", [])), None)
    org = next(iter(card.contents.get("org", [])), None)
    companies = org.value if org is not None else []
    company = companies[0] if isinstance(companies, list) and companies else companies
    categories = [
        tag for entry in card.contents.get("categories", []) for tag in entry.value if tag
    ]
    return {
        LINE: line,
        "full_name": next(iter(_values(card, "fn")), None),
        "first_name": _joined(name.value.given) if name is not None else None,
        "last_name": _joined(name.value.family) if name is not None else None,
        "company": _joined(company),
        "position": next(iter(_values(card, "title")), None),
        "birthday": _birthday(card),
        "emails": _values(card, "email"),
        "phones": _values(card, "tel"),
        "urls": [url.replace("\\:", ":") for url in _values(card, "url", "x-socialprofile")],
        "tags": [str(tag) for tag in categories],
    }


class VCardSource:
    """Reads vCard 2.1, 3.0 and 4.0 files."""

    name = "vcard"
    description = "vCard files (.vcf): 2.1, 3.0 and 4.0, one or many cards"

    def detect(self, path: Path) -> bool:
        """True for a ``.vcf`` file, or any file that starts with ``BEGIN:VCARD``."""
        try:
            if not path.is_file():
                return False
            if path.suffix.lower() in SUFFIXES:
                return True
            with path.open("rb") as handle:
                head = handle.read(256)
        except OSError:
            return False
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore")
        return text.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCARD")

    def load(self, path: Path, *, owner: OwnerHint | None = None) -> Loaded:
        """Read every card of ``path``."""
        raw = read_bytes(path)
        parsed = cards_of(raw, str(path))
        failures = [(line, reason) for line, reason in parsed.bad_lines]
        records: list[dict[str, Any]] = []
        import vobject  # here, not at start-up: detecting sources stays light
        from vobject.base import VObjectError

        seen: set[tuple[str, ...]] = set()
        duplicates = dropped = 0
        for card in parsed.cards:
            key = tuple(content for _, content in card.lines)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            try:
                component = vobject.readOne(card.text())
                records.append(_record(card.line, component))
            except (VObjectError, ValueError, LookupError) as error:
                dropped += 1
                why = str(getattr(error, "msg", error))[:80]  # vobject's line numbers are not ours
                failures.append((card.line, f"unreadable vCard: {why} (card left out)"))
        frame = pl.DataFrame(failures, schema=["line", "reason"], orient="row")
        result = RawFile(
            path=path,
            kind="vcard",
            encoding=parsed.encoding,
            sha256=sha256_of(raw),
            records=pl.DataFrame(records, schema=RAW),
            rows=len(parsed.cards),
            noise={DUPLICATE: duplicates} if duplicates else {},
            failures=schema.conform(
                frame.with_columns(file=pl.lit(path.name), column=pl.lit("vcard")),
                schema.FAILURES,
            ).collect(),
            dropped=dropped,
            empty=not parsed.cards,
        )
        return finish(result, self.name, owner)
