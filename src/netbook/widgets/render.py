"""HTML for the widgets, built from data that is never trusted: every value is escaped.

Names, companies and notes come from exports and from the user; ``<script>`` in a name must show
as those characters. Everything here goes through :func:`esc`; nothing from data becomes a tag, an
attribute or a link.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

import polars as pl

from netbook.errors import NetbookError

TABLE_COLUMNS: Final = (
    "full_name",
    "company",
    "layer",
    "status",
    "days_since_contact",
    "strength",
    "why",
)
"""The health columns of the people table, in order."""

HEADINGS: Final = {
    "full_name": "Name",
    "company": "Company",
    "position": "Position",
    "layer": "Layer",
    "status": "Status",
    "role": "Role",
    "tags": "Tags",
    "days_since_contact": "Days since contact",
    "strength": "Strength",
    "priority": "Priority",
    "why": "Why",
}

_CELL = "padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd"
_STYLE = (
    "<style>.netbook-rows{border-collapse:collapse;font-size:12px}"
    f".netbook-rows th,.netbook-rows td{{{_CELL}}}"
    ".netbook-rows .num{text-align:right}</style>"
)


def esc(value: object) -> str:
    """``value`` as HTML text: markup characters and quotes escaped.

    Examples:
        >>> esc("<script>alert(1)</script>")
        '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape(text(value), quote=True)


def text(value: object) -> str:
    """A value as a person reads it: ``–`` for missing, 2 decimals, lists joined by commas.

    Examples:
        >>> [text(v) for v in (None, 0.5, 3, ["a", "b"], date(2026, 1, 2))]
        ['–', '0.50', '3', 'a, b', '2026-01-02']
    """
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def table_html(frame: pl.DataFrame, columns: Sequence[str] = TABLE_COLUMNS) -> str:
    """An HTML table of ``frame``'s ``columns`` (those it has), every cell escaped."""
    shown = [c for c in columns if c in frame.columns]
    numeric = {c for c in shown if frame.schema[c].is_numeric()}
    # Inline alignment: JupyterLab's own table style right-aligns every cell, and a class rule
    # of the same weight may lose to it; text reads from the left, numbers line up on the right.
    kind = {
        c: ' class="num" style="text-align:right"' if c in numeric else ' style="text-align:left"'
        for c in shown
    }
    head = "".join(f"<th{kind[c]}>{esc(HEADINGS.get(c, c))}</th>" for c in shown)
    rows = [
        "<tr>" + "".join(f"<td{kind[c]}>{esc(row[c])}</td>" for c in shown) + "</tr>"
        for row in frame.select(shown).iter_rows(named=True)
    ]
    return (
        f'{_STYLE}<table class="netbook-rows"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def scrolling(inner: str, *, height: str = "420px") -> str:
    """``inner`` (already HTML) in a box that scrolls when taller than ``height``."""
    return f'<div style="max-height:{height};overflow:auto">{inner}</div>'


def pairs_html(pairs: Mapping[str, Any], *, per_row: int = 2) -> str:
    """A table of labels and values (both escaped), ``per_row`` pairs to a row, as wide as its box."""
    label = "font-weight:normal;color:#555"
    cells = [
        f'<th style="{_CELL};{label}">{esc(name)}</th>'
        f'<td style="{_CELL};overflow-wrap:anywhere">{esc(value)}</td>'
        for name, value in pairs.items()
    ]
    rows = "".join(
        f"<tr>{''.join(cells[i : i + per_row])}</tr>" for i in range(0, len(cells), per_row)
    )
    style = "border-collapse:collapse;font-size:12px;line-height:1.3;width:100%"
    return f'<table style="{style}">{rows}</table>'


def heading_html(title: object, *lines: object) -> str:
    """A card's heading: ``title`` in bold, each of ``lines`` (if any) beneath it."""
    below = "".join(f'<div style="color:#555">{esc(line)}</div>' for line in lines if line)
    return f'<div style="font-size:15px;font-weight:bold">{esc(title)}</div>{below}'


def ok_html(message: str) -> str:
    """A confirmation line."""
    return f'<div class="netbook-ok" style="color:#1b5e20">✓ {esc(message)}</div>'


def error_html(error: NetbookError | str) -> str:
    """An error line: the message and its hint, never a traceback."""
    return f'<div class="netbook-error" style="color:#b00020">⚠ {esc(error)}</div>'
