"""The review's short list of introductions you could make (:mod:`netbook.brief.intros`)."""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook.brief.intros import intros
from netbook.review.pseudonym import Pseudonymiser
from netbook.review.tables import Table
from netbook.workspace import Workspace

ROWS = 5
"""Introductions the review lists (`netbook intros` lists up to ten)."""


def intros_table(workspace: Workspace, as_of: date, hide: Pseudonymiser | None) -> Table:
    """The top :data:`ROWS` introductions; a pseudonymised review shows labels, not names."""
    found = intros(workspace, as_of, ROWS)
    if hide is not None:
        found = found.with_columns(
            pl.col(c).map_elements(lambda v: hide.label(v, "Person"), return_dtype=pl.String)
            for c in ("a_name", "b_name")
        )
    return Table(
        found,
        {"a_name": "introduce", "b_name": "to", "gain": "what they share"},
        "Introductions you could make",
        note="Two of your people who would gain from meeting, whom nobody you know links yet. "
        "After you introduce them: `netbook intros done A B`.",
        limit=ROWS,
        empty="No introductions to suggest: netbook needs titles (a LinkedIn export) to see who "
        "would gain.",
        more="netbook intros",
    )
