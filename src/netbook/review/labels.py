"""Plain labels and number formats of the network summary, shared by the review and ``summary``.

The review's headline cards and ``netbook summary`` say the same thing in the same words: a count
is an integer, a share a percentage (its change in percentage points), and the technical name comes
second. JSON, CSV and Parquet keep the machine names (``metric``) and the raw numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

import polars as pl

from netbook.metrics.network import Period, period_bounds, previous_bounds
from netbook.review.data import HEADLINE
from netbook.settings import SHARE_METRICS
from netbook.vocabulary import LAYERS

Kind = Literal["int", "percent", "float", "index", "balance"]
"""How a number is written: a count, a share, a plain number, an index in [0, 1] (two decimals),
or a balance in [-1, 1]."""

_ATTRIBUTE = {
    "company": "companies",
    "seniority": "seniority levels",
    "function": "job functions",
    "role": "roles you set",
}


def _labels() -> dict[str, tuple[str, Kind]]:
    labels: dict[str, tuple[str, Kind]] = {
        "size": ("People in your network", "int"),
        "active": ("Active ties (touched in 365 days)", "int"),
        "dormant_share": ("Dormant share of people ever in touch (silent 3+ years)", "percent"),
        "new_connections": ("New connections", "int"),
    }
    for layer in LAYERS:
        labels[f"layer_n_{layer}"] = (f"People in your {layer} layer", "int")
        labels[f"layer_fill_{layer}"] = (f"{layer.capitalize()} layer filled", "percent")
        labels[f"layer_compliance_{layer}"] = (
            f"{layer.capitalize()} layer within its cadence",
            "percent",
        )
    for attribute, plural in _ATTRIBUTE.items():
        labels[f"diversity_{attribute}_known"] = (f"Active ties with known {plural}", "int")
        labels[f"diversity_{attribute}_categories"] = (f"Different {plural}", "int")
        labels[f"diversity_{attribute}_blau"] = (f"Spread over {plural} (Blau index)", "index")
        labels[f"diversity_{attribute}_blau_normalised"] = (
            f"Spread over {plural}, 0 to 1 (normalised Blau)",
            "index",
        )
        labels[f"diversity_{attribute}_evenness"] = (f"Evenness over {plural} (Shannon)", "index")
    labels |= {
        "hhi": ("Concentration of your contact (HHI)", "index"),
        "top1_share": ("Contact with your top person", "percent"),
        "top3_share": ("Contact with your top 3 people", "percent"),
        "outbound": ("Touches you made (to them)", "int"),
        "inbound": ("Touches they made (to you)", "int"),
        "initiation_balance": ("Who opens conversations, +1 all you, -1 all them", "balance"),
        "outreach_per_week": ("Touches you made per week", "float"),
    }
    for layer in LAYERS:
        labels[f"churn_{layer}"] = (f"Left your {layer} layer since last period", "percent")
    for metric, (label, kind) in HEADLINE.items():  # the review's own words win
        labels[metric] = (label, kind)  # type: ignore[assignment]
    return labels


LABELS: Final = _labels()
"""Every metric of :func:`netbook.api.summary`: metric -> (plain label, kind)."""


def number(value: float | None, kind: Kind) -> str:
    """``value`` as written for people: ``316``, ``12%``, ``11.8``, ``+0.09``; empty when unknown.

    Examples:
        >>> [number(316.0, "int"), number(0.1234, "percent"), number(11.78, "float")]
        ['316', '12%', '11.8']
        >>> [number(-0.0001, "balance"), number(None, "int")]
        ['0.00', '']
    """
    if value is None:
        return ""
    if kind == "int":
        return f"{round(value):,}"
    if kind == "percent":
        return f"{_zero(round(value * 100)):.0f}%"
    if kind == "balance":
        return f"{_zero(round(value, 2)):+.2f}".replace("+0.00", "0.00")
    if kind == "index":
        return f"{_zero(round(value, 2)):.2f}"
    return f"{_zero(round(value, 1)):,.1f}"


def goal_value(metric: str, value: float | None) -> str:
    """A goal's value or target as written for people: shares as percentages, counts as integers.

    A goal on a ``netbook summary`` metric is written as the summary writes it.

    Examples:
        >>> [goal_value(m, v) for m, v in [("reply_rate", 0.857), ("outreach_touches", 4.0),
        ...     ("hhi", 0.123), ("dormant_share", 0.08)]]
        ['85.7%', '4', '0.12', '8%']

        A share just short of its target is not rounded up to it (``79.7% ≥ 80%``, missed).
    """
    if value is None:
        return "-"
    kind = "percent" if metric in SHARE_METRICS else LABELS.get(metric, ("", None))[1]
    if kind == "percent":
        percent = value * 100
        return f"{percent:.0f}%" if abs(percent - round(percent)) < 1e-9 else f"{percent:.1f}%"
    if kind is not None:
        return number(value, kind)
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.2f}"


def change(value: float | None, kind: Kind) -> str:
    """A change, signed: ``+9``, ``-6 pts`` (percentage points), ``+0.4``; ``0`` when none.

    Examples:
        >>> [change(9.0, "int"), change(-0.061, "percent"), change(-0.0004, "percent")]
        ['+9', '-6 pts', '0']
    """
    if value is None:
        return ""
    if kind == "int":
        rounded = float(round(value))
        text = f"{rounded:+,.0f}"
    elif kind == "percent":
        rounded = float(round(value * 100))
        text = f"{rounded:+.0f} pts"
    else:
        places = 2 if kind in ("balance", "index") else 1
        rounded = round(value, places)
        text = f"{rounded:+,.{places}f}"
    return "0" if rounded == 0 else text


def shown(value: float, kind: Kind) -> float:
    """``value`` rounded as :func:`number` writes it (a share in whole percent, and so on).

    Examples:
        >>> shown(0.0762, "percent"), shown(11.78, "float"), shown(315.6, "int")
        (0.08, 11.8, 316.0)
    """
    if kind == "int":
        return float(round(value))
    if kind == "percent":
        return round(value * 100) / 100
    return round(value, 2 if kind in ("balance", "index") else 1)


def shown_change(
    current: float | None, previous: float | None, delta: float | None, kind: Kind
) -> str:
    """:func:`change` between the values as written: ``8%`` beside ``7%`` is ``+1 pts``, not ``0``."""
    if current is not None and previous is not None:
        delta = shown(current, kind) - shown(previous, kind)
    return change(delta, kind)


def _zero(value: float) -> float:
    return 0.0 if value == 0 else value  # no "-0"


def heading(as_of: date, period: Period) -> str:
    """Both periods' dates, e.g. ``Month 2026-10-17 to 2026-11-16, beside 2026-09-17 to 2026-10-16``.

    Examples:
        >>> heading(date(2026, 11, 16), "month")
        'Month 2026-10-17 to 2026-11-16, beside the month before: 2026-09-17 to 2026-10-16'
    """
    start, end = period_bounds(as_of, period)
    before_start, before_end = previous_bounds(as_of, period)
    return (
        f"{period.capitalize()} {start} to {end}, beside the {period} before: "
        f"{before_start} to {before_end}"
    )


def readable(summary: pl.DataFrame) -> pl.DataFrame:
    """``summary`` in people's words: ``label, now, before, change`` as text (see :data:`LABELS`).

    Examples:
        >>> s = pl.DataFrame({"metric": ["size", "dormant_share"], "current": [316.0, 0.11],
        ...     "previous": [307.0, 0.1112], "change": [9.0, -0.0012]})
        >>> readable(s).rows()[0], readable(s).rows()[1][1:]
        (('People in your network', '316', '307', '+9'), ('11%', '11%', '0'))
        >>> s = s.with_columns(current=pl.Series([316.0, 0.076]), previous=pl.Series([307.0, 0.074]))
        >>> readable(s).row(1)[1:]
        ('8%', '7%', '+1 pts')
    """
    rows = []
    for metric, current, previous, delta in summary.select(
        "metric", "current", "previous", "change"
    ).iter_rows():
        label, kind = LABELS.get(metric, (metric, "float"))
        written = shown_change(current, previous, delta, kind)
        rows.append((label, number(current, kind), number(previous, kind), written))
    return pl.DataFrame(
        rows, schema=["label", "now", "before", "change"], orient="row"
    ).with_columns(pl.all().cast(pl.String))
