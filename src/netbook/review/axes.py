"""Axes people read at a glance: whole numbers for counts, percentages for shares.

Plotly picks tick steps by itself, and for a count up to 3 it draws ``0, 0.5, 1, 1.5``: half a
person. :func:`count_axis` steps by 1, 2, 5, 10, 20 ... with thousands separators.
"""

from __future__ import annotations

from typing import Any


def count_step(top: float | None, ticks: int = 6) -> int:
    """A whole step between count ticks (1, 2, 5, 10, 20, 50 ...) giving at most ``ticks`` ticks.

    Examples:
        >>> [count_step(t) for t in (None, 3, 7, 40, 316, 12_000)]
        [1, 1, 2, 10, 100, 2000]
    """
    step = 1
    while (top or 0) / step > ticks:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> 50 ...
            step = round(step * factor)
            if (top or 0) / step <= ticks:
                break
    return step


def count_axis(top: float | None, title: str, **extra: Any) -> dict[str, Any]:
    """An axis of whole numbers from 0 (``1,200``, never ``0.5`` of a person) up to ``top``."""
    return {
        "title": title,
        "tickformat": ",d",
        "tick0": 0,
        "dtick": count_step(top),
        "rangemode": "tozero",
        **extra,
    }


def share_axis(title: str, **extra: Any) -> dict[str, Any]:
    """An axis of shares from 0 to 100%, a tick every 20%."""
    return {"title": title, "tickformat": ".0%", "range": [0, 1], "dtick": 0.2, **extra}


def top(*values: Any) -> float:
    """The largest of ``values`` (numbers, lists of numbers or None), 0 when there is none."""
    found = [0.0]
    for item in values:
        for number in item if isinstance(item, list | tuple) else [item]:
            if isinstance(number, int | float):
                found.append(float(number))
    return max(found)
