"""Events.csv: the LinkedIn events you went to, registered for or were interested in.

The file is ``Event Name,Event Time,Status,External Url``; its rows are events, not people, so
they become :data:`~netbook.sources._base.EVENTS` rows (stored in the ``events`` table), never
interactions. Whom you met there is inferred when the events are read
(:func:`netbook.rituals.met.met`).

Decisions:

- **Time**: ``Sep 5, 2022 12:00 PM - Sep 5, 2022 12:30 PM``; only the start is used, so a single
  time without a range reads the same, and so does a date without a time, a full month name or a
  24-hour clock. The file names no zone: the time is taken as wall-clock time where you were, so
  the day as written is the event's (local) day, ``held_on``. A row without a time has no day to
  follow up from: it is noise (``no time``), not a failure. A time that does not parse is a
  failure naming the file and the line.
- **Identity**: ``event_id`` is a stable hash of ``linkedin``, the name (spaces collapsed) and the
  start (``YYYY-MM-DD HH:MM``), so re-importing the file, or a later export listing the event
  again, finds the same event. A repeated row is noise (``duplicate``); a row without a name is
  noise (``missing name``).
- **Status** is kept, normalised to lower case and single spaces (``NOT_ATTENDING`` becomes
  ``not attending``). You went to the event (and are owed follow-ups for the people you met) when
  it is one of :data:`netbook.attendance.WENT` (LinkedIn's real ``APPROVED`` among them) or when no status is given
  (the file lists your events, and nothing says otherwise); any other status (``relinquished``,
  ``interested``, ``declined``, ``not attending``, ``withdrawn``, ``cancelled``, ``waitlisted``,
  one not seen before) is kept but is not an event you went to.
"""

from __future__ import annotations

import polars as pl

from netbook import schema
from netbook.attendance import WENT, normalise_status, went
from netbook.ids import join_key, stable_ids
from netbook.sources._base import EVENTS, split_failures
from netbook.sources.linkedin.parts import Part, col, count_noise
from netbook.sources.tables import Table

SOURCE = "linkedin"
"""The ``source`` of the events this file gives (part of their id)."""
__all__ = ["SOURCE", "WENT", "load", "normalise_status", "start", "went"]
TIME_FORMATS = (
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
)
"""Forms of the start of ``Event Time``: LinkedIn's, then with the other month names, clock and
ISO forms a spreadsheet round trip may leave."""
EXAMPLE = "'Sep 5, 2022 12:00 PM - Sep 5, 2022 12:30 PM'"


def start(text: pl.Expr) -> pl.Expr:
    """The naive start of an ``Event Time``: the part before `` - ``, parsed (null if it is not).

    Examples:
        >>> times = ["Sep 5, 2022 12:00 PM - Sep 5, 2022 12:30 PM", "Sep 05, 2022 9:05 AM",
        ...     "September 5, 2022", "Sep 5, 2022 14:00 – 15:00", "soon"]
        >>> for t in pl.DataFrame({"t": times}).select(start(pl.col("t")))["t"]:
        ...     print(t)
        2022-09-05 12:00:00
        2022-09-05 09:05:00
        2022-09-05 00:00:00
        2022-09-05 14:00:00
        None
    """
    first = text.str.replace_all(r"\s+", " ").str.replace(r" [-–—] .*$", "").str.strip_chars()
    return pl.coalesce(
        first.str.strptime(pl.Datetime("us"), fmt, strict=False, exact=True) for fmt in TIME_FORMATS
    )


def load(table: Table, file: str) -> Part:
    """The events of Events.csv, with its unreadable rows as failures and its noise counted."""
    frame = table.frame
    frame = frame.with_columns(
        __name=col(frame, "event name").str.replace_all(r"\s+", " ").str.strip_chars(),
        __start=start(col(frame, "event time")),
        __time=col(frame, "event time"),
    )
    bad = pl.col("__time").is_not_null() & pl.col("__start").is_null()
    good, failures = split_failures(
        frame, file, [("event time", bad, f"expected a time like {EXAMPLE}")]
    )
    key = join_key(
        pl.lit(SOURCE), pl.col("__name"), pl.col("__start").dt.strftime("%Y-%m-%d %H:%M")
    )
    good = good.with_columns(event_id=stable_ids(good.select(key).to_series()))
    reason = (
        pl.when(pl.col("__name").is_null() | (pl.col("__name") == ""))
        .then(pl.lit("missing name"))
        .when(pl.col("__start").is_null())
        .then(pl.lit("no time"))
        .when(~pl.col("event_id").is_first_distinct())
        .then(pl.lit("duplicate"))
    )
    good = good.with_columns(__noise=reason)
    kept = good.filter(pl.col("__noise").is_null())
    listed = kept.select(
        "event_id",
        name=pl.col("__name"),
        held_on=pl.col("__start").dt.date(),
        status=normalise_status(col(kept, "status")),
        url=col(kept, "external url"),
    )
    return Part(
        failures=failures,
        noise=count_noise(good["__noise"]),
        rows=table.frame.height,
        listed_events=schema.conform(listed, EVENTS).collect(),
    )
