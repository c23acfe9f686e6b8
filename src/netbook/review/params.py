"""A review's parameters: the period, its as-of date and the report's name."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final, cast

from netbook.errors import InputError

if TYPE_CHECKING:  # polars and DuckDB load after the review's kernel has started (see run_review)
    from netbook.metrics.network import Period
    from netbook.workspace import Workspace

RENDERER: Final = "netbook"
"""The offline plotly renderer of :mod:`netbook.review.renderer` (plotly is imported only there)."""
RENDERERS: Final = (RENDERER, "plotly_mimetype")
"""Renderers a review accepts. ``plotly_mimetype`` gives a small notebook for JupyterLab, but no
charts in the HTML report; the others plotly offers fetch from a CDN or name charts at random."""
PERIODS: Final = ("week", "month", "quarter", "year")


def check_period(period: str) -> Period:
    """``period`` if it is one of :data:`PERIODS`.

    Raises:
        NetbookError: it is not.
    """
    if period not in PERIODS:
        raise InputError(f"unknown period {period!r}", hint="use week, month, quarter or year")
    return cast("Period", period)


def parse_as_of(as_of: str | date | None, workspace: Workspace) -> date:
    """``as_of`` as a date; None is today in the workspace's time zone.

    Raises:
        NetbookError: a string that is not ``YYYY-MM-DD``.
    """
    if as_of is None:
        from netbook import api

        return api.today(workspace)
    return check_as_of(as_of)


def check_as_of(as_of: str | date) -> date:
    """``as_of`` as a date, in the range every command accepts (1970 to 2199).

    Raises:
        NetbookError: a string that is not ``YYYY-MM-DD``, or a day out of range.
    """
    from netbook.asof import to_day

    return to_day(as_of, "--as-of")


def report_stem(period: str, as_of: date) -> str:
    """The report's file name without extension: the calendar period that contains ``as_of``.

    Re-running a review of the same period (even on another day of it) replaces its report.

    Examples:
        >>> [report_stem(p, date(2026, 11, 16)) for p in ("week", "month", "quarter", "year")]
        ['review-2026-W47', 'review-2026-11', 'review-2026-Q4', 'review-2026']
        >>> report_stem("week", date(2027, 1, 1))  # ISO weeks: 1 January 2027 is in 2026's week 53
        'review-2026-W53'
    """
    check_period(period)
    if period == "week":
        year, week, _ = as_of.isocalendar()
        return f"review-{year}-W{week:02d}"
    if period == "month":
        return f"review-{as_of.year}-{as_of.month:02d}"
    if period == "quarter":
        return f"review-{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    return f"review-{as_of.year}"
