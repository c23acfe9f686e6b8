"""Whether you went to an imported event, from its status (shared by sources and rituals).

An export's events keep their status normalised (:func:`normalise_status`: lower case, single
spaces); you went to an event when its status is one of :data:`WENT` or when it has none (the
export lists your events, and nothing says otherwise).
"""

from __future__ import annotations

import polars as pl

WENT = frozenset(
    {"approved", "attended", "attending", "registered", "going", "accepted", "confirmed"}
)
"""Normalised statuses of an event you went to (or were going to). LinkedIn's own file holds only
``APPROVED`` (registered: going) and ``RELINQUISHED`` (withdrew)."""


def went(status: pl.Expr) -> pl.Expr:
    """True when a normalised ``status`` says you went to the event.

    Examples:
        >>> statuses = ["approved", "registered", None, "interested", "relinquished"]
        >>> pl.DataFrame({"s": statuses}).select(went(pl.col("s")))["s"].to_list()
        [True, True, True, False, False]
    """
    return status.is_null() | status.is_in(sorted(WENT))


def normalise_status(status: pl.Expr) -> pl.Expr:
    """Lower case, with runs of spaces, ``_`` and ``-`` as one space.

    Examples:
        >>> pl.DataFrame({"s": ["NOT_ATTENDING", " Attended ", None]}).select(
        ...     normalise_status(pl.col("s")))["s"].to_list()
        ['not attending', 'attended', None]
    """
    cleaned = status.str.to_lowercase().str.replace_all(r"[\s_-]+", " ").str.strip_chars()
    return pl.when(cleaned != "").then(cleaned)
