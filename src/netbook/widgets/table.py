"""The people table: the top rows of a health frame as escaped HTML, with a count above them."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from netbook.widgets._deps import ipw
from netbook.widgets.render import TABLE_COLUMNS, esc, scrolling, table_html


class PeopleTable(ipw.VBox):  # type: ignore[misc]
    """A caption (how many match, how many are shown) over an HTML table.

    Attributes:
        caption: the count line (``ipywidgets.HTML``).
        grid: the table (``ipywidgets.HTML``).
        rows: the rows shown now, in order.
    """

    def __init__(self, columns: Sequence[str] = TABLE_COLUMNS) -> None:
        self.columns = tuple(columns)
        self.caption = ipw.HTML()
        self.grid = ipw.HTML()
        self.rows = pl.DataFrame()
        self.caption.add_class("netbook-caption")
        self.grid.add_class("netbook-table")
        super().__init__([self.caption, self.grid])

    def show(
        self, frame: pl.DataFrame, *, limit: int, total: int | None = None, note: str = ""
    ) -> None:
        """Show the first ``limit`` rows of ``frame`` (already filtered and sorted).

        Args:
            frame: the matching rows.
            limit: how many to show.
            total: how many people there are in all (for "12 of 316 match").
            note: appended to the count line, e.g. the sort order.
        """
        self.rows = frame.head(limit)
        noun = "person" if frame.height == 1 else "people"
        count = f"{frame.height:,} {noun}"
        if total is not None:
            count = f"{frame.height:,} of {total:,} people match"
        shown = (
            "all shown" if self.rows.height == frame.height else f"top {self.rows.height:,} shown"
        )
        details = "; ".join(p for p in (shown, note) if p)
        self.caption.value = f"<b>{esc(count)}</b> ({esc(details)})"
        self.grid.value = (
            scrolling(table_html(self.rows, self.columns))
            if self.rows.height
            else "<i>No one matches.</i>"
        )


def people_table(
    frame: pl.DataFrame, *, limit: int = 50, columns: Sequence[str] = TABLE_COLUMNS
) -> PeopleTable:
    """A widget showing the first ``limit`` rows of a health-like frame (e.g. the due queue).

    Every value is shown as text: names such as ``<script>`` are escaped, never run.

    Args:
        frame: rows with some of ``columns`` (others are skipped), in the order to show.
        limit: how many rows to show.
        columns: which columns, in order (default :data:`~netbook.widgets.render.TABLE_COLUMNS`).
    """
    table = PeopleTable(columns)
    table.show(frame, limit=limit)
    return table
