"""A polars frame as a styled HTML table for a notebook: every row and every word, escaped.

``html_table(frame)`` is what a notebook cell ends with instead of the frame itself: polars' own
repr cuts long text ("why") with "..." and right-aligns everything; this shows whole values, text
on the left, numbers (and numbers written as text: ``92%``, ``+6 pts``) on the right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

import polars as pl

from netbook.widgets.render import HEADINGS, esc, text

_NUMBER: Final = re.compile(r"^[+\-−]?[\d,]*\.?\d+( ?(%|pts?|s|days?))?$|^–$")
"""A number written as text: ``1,234``, ``-0.5``, ``92%``, ``+6 pts``, or ``–`` (none)."""
_CELL: Final = "padding:3px 10px;vertical-align:top;border-bottom:1px solid #e0e0e0"
_LEFT: Final = f"{_CELL};text-align:left;white-space:normal;overflow-wrap:anywhere"
_RIGHT: Final = f"{_CELL};text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap"


def heading(column: str, headings: Mapping[str, str] | None = None) -> str:
    """A column's heading: ``headings``, else netbook's usual one, else its name in words.

    Examples:
        >>> heading("days_since_contact"), heading("touches_365d")
        ('Days since contact', 'Touches 365d')
    """
    given = (headings or {}).get(column) or HEADINGS.get(column)
    return given or column.replace("_", " ").strip().capitalize()


def numeric_columns(frame: pl.DataFrame) -> set[str]:
    """The columns to right-align: numbers, and text columns holding only numbers.

    Examples:
        >>> frame = pl.DataFrame({"label": ["Active"], "now": ["92%"], "n": [3]})
        >>> sorted(numeric_columns(frame))
        ['n', 'now']
    """
    found = set()
    for name, dtype in frame.schema.items():
        if dtype.is_numeric():
            found.add(name)
        elif dtype == pl.String:
            values = frame[name].drop_nulls()
            if not values.is_empty() and all(_NUMBER.match(v.strip()) for v in values):
                found.add(name)
    return found


class HtmlTable:
    """A frame drawn as an HTML table in a notebook (``_repr_html_``), and as text elsewhere."""

    def __init__(
        self,
        frame: pl.DataFrame,
        columns: Sequence[str] | None = None,
        headings: Mapping[str, str] | None = None,
    ) -> None:
        self.frame = frame.select(columns) if columns is not None else frame
        self.headings = dict(headings or {})

    def _repr_html_(self) -> str:
        frame = self.frame
        if frame.is_empty():
            return "<p><i>Nothing to show.</i></p>"
        right = numeric_columns(frame)
        style = {c: _RIGHT if c in right else _LEFT for c in frame.columns}
        head = "".join(
            f'<th style="{style[c]};border-bottom:2px solid #bbb">{esc(heading(c, self.headings))}'
            "</th>"
            for c in frame.columns
        )
        body = "".join(
            "<tr>"
            + "".join(f'<td style="{style[c]}">{esc(row[c])}</td>' for c in frame.columns)
            + "</tr>"
            for row in frame.iter_rows(named=True)
        )
        return (
            '<table class="netbook-frame" style="border-collapse:collapse;font-size:13px;'
            f'margin:0.3em 0"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )

    def __repr__(self) -> str:
        names = [heading(c, self.headings) for c in self.frame.columns]
        lines = [" | ".join(names)]
        lines += [" | ".join(text(v) for v in row) for row in self.frame.iter_rows()]
        return "\n".join(lines)


def html_table(
    frame: pl.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    headings: Mapping[str, str] | None = None,
) -> HtmlTable:
    """``frame`` (its ``columns``, in order, if given) as a styled, escaped HTML table.

    Args:
        frame: the rows to show, all of them: take ``.head(n)`` first for fewer.
        columns: the columns to show (default: all).
        headings: headings for some columns (default: netbook's usual ones, else the name in
            words: ``days_since_contact`` is "Days since contact").

    Returns:
        An object a notebook draws as the table (the last expression of a cell).
    """
    return HtmlTable(frame, columns, headings)
