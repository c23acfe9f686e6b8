"""Header lines of delimited files: delimiter, column names, and errors when a header is missing."""

from __future__ import annotations

import csv
import re

from netbook.errors import SourceError

HEADER_SCAN_LINES = 10
"""How many of a file's first lines are searched for its header."""


def normalise_header(name: str) -> str:
    """Case-fold a column name and collapse spaces and underscores.

    Examples:
        >>> normalise_header(" Sender_Profile  URL ")
        'sender profile url'
    """
    return re.sub(r"[\s_]+", " ", name.strip().casefold()).strip()


def sniff(line: str) -> str:
    """The delimiter of a header line: the one of ``,``, ``;`` and tab that splits it most."""
    counts = {sep: len(next(csv.reader([line], delimiter=sep), [])) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


_VALUE = re.compile(r"\d{2,}|@|://")
"""A field holding a value (a date, a number, an address, a URL), never a column name."""


def no_header(head: list[str], wanted: tuple[str, ...], name: str, expected: str) -> SourceError:
    """The error for a file without the header it needs, at the line of the header it has.

    The header is the first line of at least two column names (an Excel ``Notes:,,`` preamble
    and LinkedIn's quoted notice are skipped). A first line of values (a file without its header)
    is said to be one, and its values are never repeated: they are someone's name and company.
    """
    columns = ", ".join(wanted)
    for number, line in enumerate(head, start=1):
        fields = [f.strip() for f in next(csv.reader([line], delimiter=sniff(line)), [])]
        filled = [f for f in fields if f]
        if len(filled) < 2:
            continue
        if any(_VALUE.search(f) for f in filled):
            return SourceError(
                name,
                f"has no header line with the column(s) {columns}: line {number} holds values, "
                "not column names",
                line=number,
                hint=f"add the header line back or export {expected} again",
            )
        return SourceError(
            name,
            f"has no header with the column(s) {columns} (its header has: "
            f"{', '.join(filled[:10])[:160]})",
            line=number,
            hint=f"is this {expected}?",
        )
    return SourceError(
        name,
        f"has no header with the column(s) {columns} in its first {HEADER_SCAN_LINES} lines",
        line=1,
        hint=f"is this {expected}?",
    )


def raise_if_resaved(head: list[str], anchors: tuple[str, ...], name: str, expected: str) -> None:
    """Name a spreadsheet's renamed anchor column (``Creation Date.1``) when there is one.

    Raises:
        SourceError: a line has an anchor column with a ``.1``-style suffix.
    """
    for number, line in enumerate(head, start=1):
        for column in next(csv.reader([line], delimiter=sniff(line)), []):
            base = re.sub(r"\.\d+$", "", column.strip())
            if base != column.strip() and normalise_header(base) in anchors:
                raise SourceError(
                    name,
                    f"has the column {column.strip()!r} where LinkedIn writes {base!r}: a "
                    "spreadsheet re-saved it",
                    line=number,
                    hint=f"use {expected} as it came in the export, or rename the column",
                )
