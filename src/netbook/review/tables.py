"""Tables a review shows: HTML in which every value is escaped text, never markup or script.

A name such as ``<script>alert(1)</script>`` is shown as those characters. The objects here have
``_repr_html_`` (Jupyter, nbconvert) and a plain-text ``__repr__`` (terminals, nbval).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from netbook.phrases import plural

Formats = Mapping[str, str]
"""Column -> format: ``int`` (1,234), ``float`` (0.12), ``percent`` (12%), ``signed`` (+0.12)."""


_CODE = re.compile(r"`([^`]+)`")


def prose(text: str) -> str:
    """``text`` as escaped HTML, with `backticked` commands shown as code.

    Examples:
        >>> prose("run `netbook due` <now>")
        'run <code>netbook due</code> &lt;now&gt;'
    """
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def cell(value: object, kind: str | None = None) -> str:
    """One value as display text (not yet escaped).

    Examples:
        >>> [cell(1234), cell(0.1234, "percent"), cell(-0.5, "signed"), cell(None), cell(2.0, "int")]
        ['1,234', '12%', '-0.50', '', '2']
    """
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.0%}"
    if kind == "signed" and isinstance(value, int | float):
        return f"{value:+,.2f}"
    if kind == "int" and isinstance(value, int | float):
        return f"{round(value):,}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Table:
    """A titled table of at most ``limit`` rows of ``frame``.

    Args:
        frame: the rows (all of them: the caption says how many there are).
        columns: column -> header, in display order.
        title: shown above the table.
        note: one sentence under the title (what the rows are, what to do).
        formats: how numbers are shown (see :data:`Formats`).
        limit: rows shown (0: all).
        empty: the text shown instead of an empty table.
        right: columns aligned right besides the numeric ones (pre-formatted numbers).
        more: the command that lists every row, named when rows are left out.
    """

    frame: pl.DataFrame
    columns: Mapping[str, str]
    title: str
    note: str = ""
    formats: Formats = field(default_factory=dict)
    limit: int = 25
    empty: str = "Nothing here."
    right: Sequence[str] = ()
    more: str = ""

    def _rows(self) -> list[list[str]]:
        shown = self.frame.head(self.limit) if self.limit else self.frame
        names = list(self.columns)
        return [
            [cell(v, self.formats.get(n)) for n, v in zip(names, row, strict=True)]
            for row in shown.select(names).iter_rows()
        ]

    def _count(self) -> str:
        total = self.frame.height
        if self.limit and total > self.limit:
            shown = f"{self.limit:,} of {total:,} shown"
            return f"{shown}; {total - self.limit:,} more: `{self.more}`" if self.more else shown
        return plural(total, "row")

    def _count_html(self) -> str:
        """:meth:`_count` with the command as code."""
        return prose(self._count())

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f'<div class="netbook-table"><h4>{e(self.title)}</h4>']
        if self.note:
            parts.append(f"<p>{prose(self.note)}</p>")
        if self.frame.is_empty():
            parts.append(f"<p><em>{prose(self.empty)}</em></p></div>")
            return "".join(parts)
        numeric = {n for n, t in self.frame.schema.items() if t.is_numeric()} | set(self.right)
        head = "".join(f"<th>{e(h)}</th>" for h in self.columns.values())
        label = {n: f' data-label="{e(h)}"' for n, h in self.columns.items()}  # phone layout
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="num"{label[n]}>{e(v)}</td>'
                if n in numeric
                else f"<td{label[n]}>{prose(v) if n == 'why' else e(v)}</td>"
                for n, v in zip(self.columns, row, strict=True)
            )
            + "</tr>"
            for row in self._rows()
        )
        parts.append(
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{self._count_html()}</small></p></div>"
        )
        return "".join(parts)

    def __repr__(self) -> str:
        lines = [self.title]
        if self.frame.is_empty():
            return "\n".join([*lines, self.empty])
        headers = list(self.columns.values())
        rows = self._rows()
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
        lines.append(f"({self._count()})")
        return "\n".join(line.rstrip() for line in lines)


@dataclass(frozen=True)
class Section:
    """Several tables (or texts) shown together (the notebook's heading names the section)."""

    parts: Sequence[Table | Text]

    def _repr_html_(self) -> str:
        inner = "".join(part._repr_html_() for part in self.parts)
        return f'<div class="netbook-section">{inner}</div>'

    def __repr__(self) -> str:
        return "\n\n".join(repr(part) for part in self.parts)


@dataclass(frozen=True)
class Text:
    """A few lines of plain text, shown as escaped HTML paragraphs."""

    lines: Sequence[str]

    def _repr_html_(self) -> str:
        return "".join(f"<p>{prose(line)}</p>" for line in self.lines)

    def __repr__(self) -> str:
        return "\n".join(self.lines)
