"""Plotly figures of a review, each built from frames of :mod:`netbook.api` (polars in, figure out).

Every builder takes the long-form summary (``metric, current, previous, change``), the health frame
or the growth frame and returns a :class:`plotly.graph_objects.Figure`; nothing here computes a
metric. Values are handed to plotly as lists, so no pandas is needed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from netbook.review.axes import count_axis, share_axis, top
from netbook.review.data import value
from netbook.rituals.structure import (
    ALONE,
    ALONE_LABEL,
    EGO,
    PALETTE,
    SEED,
    Structure,
    ego_graph,
    spring_layout,
)
from netbook.vocabulary import DIVERSITY_ATTRIBUTES, LAYER_ORDER, LAYERS, TARGETS

Figure = Any
"""A ``plotly.graph_objects.Figure`` (plotly ships no type information)."""
CURRENT: Final = "#2563eb"
PREVIOUS: Final = "#94a3b8"
TARGET: Final = "#f59e0b"
LAYER_COLOURS: Final = {
    "support": "#1d4ed8",
    "sympathy": "#2563eb",
    "close": "#60a5fa",
    "active": "#93c5fd",
    "acquaintance": "#cbd5e1",
}
HEIGHT: Final = 420
COLUMNS: Final = ("current", "previous")
"""The summary's two periods."""


def _layout(figure: Figure, title: str, caption: str = "", **extra: Any) -> Figure:
    """Title, size and style of ``figure``, and its plain sentence.

    ``caption`` says what the chart means and what good looks like; it is kept in ``layout.meta``
    and shown above the chart by :mod:`netbook.review.renderer`.
    """
    if caption:
        figure.update_layout(meta={"caption": caption})
    figure.update_layout(
        title={"text": title, "x": 0.01},
        template="plotly_white",
        height=extra.pop("height", HEIGHT),
        margin=extra.pop("margin", {"l": 60, "r": 30, "t": 70, "b": 50}),
        legend={"orientation": "h", "y": -0.15},
        **extra,
    )
    return figure


def caption(figure: Figure) -> str:
    """The plain sentence a chart carries (empty when it has none)."""
    meta = figure.layout.meta
    return str(meta.get("caption", "")) if isinstance(meta, dict) else ""


def _nothing(figure: Figure, why: str) -> Figure:
    """``figure`` with no data drawn and ``why`` in the middle: no empty bars, no bare axes."""
    figure.data = []
    figure.layout.annotations = []  # subplot titles over nothing would mislead too
    figure.add_annotation(
        text=why, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 14}
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def _known(summary: pl.DataFrame, metrics: Sequence[str]) -> bool:
    return any(
        value(summary, m, column) is not None for m in metrics for column in ("current", "previous")
    )


def _pair(
    summary: pl.DataFrame, metrics: Sequence[str], labels: Sequence[str], hover: str = "%{y:.2f}"
) -> list[Any]:
    """Two bar traces, previous and this period, of ``metrics`` in ``summary``."""
    return [
        go.Bar(
            name=name,
            x=list(labels),
            y=[value(summary, m, column) for m in metrics],
            marker_color=colour,
            hovertemplate=f"{name}: {hover}<extra></extra>",
        )
        for name, column, colour in (
            ("previous period", "previous", PREVIOUS),
            ("this period", "current", CURRENT),
        )
    ]


def headline(summary: pl.DataFrame) -> Figure:
    """The review's key numbers with their change since the previous period."""
    shown = [
        ("size", "People", ",.0f"),
        ("active", "Active ties", ",.0f"),
        ("new_connections", "New connections", ",.0f"),
        ("outreach_per_week", "Your touches / week", ".1f"),
        ("follow_up_rate", "Followed up", ".0%"),
        ("reply_rate", "Messages answered", ".0%"),
    ]
    figure = make_subplots(rows=2, cols=3, specs=[[{"type": "indicator"}] * 3] * 2)
    for i, (metric, title, fmt) in enumerate(shown):
        current, previous = value(summary, metric), value(summary, metric, "previous")
        figure.add_trace(
            go.Indicator(
                mode="number+delta" if previous is not None else "number",
                value=current if current is not None else 0,
                number={"valueformat": fmt},
                delta={"reference": previous, "valueformat": fmt} if previous is not None else None,
                title={"text": title},
            ),
            row=i // 3 + 1,
            col=i % 3 + 1,
        )
    return _layout(
        figure,
        "This period and its change",
        "Six numbers of this period, each with its change since the previous one (green: up). "
        "Good: active ties and your touches steady or up, new connections followed up and "
        "messages answered near 100%.",
        height=420,
        margin={"l": 30, "r": 30, "t": 110, "b": 20},
    )


def strength_distribution(health: pl.DataFrame) -> Figure:
    """How strong your ties are: a histogram of tie strength, stacked by Dunbar layer."""
    figure = go.Figure()
    for layer in LAYER_ORDER:
        strengths = health.filter(pl.col("layer") == layer).get_column("strength")
        figure.add_trace(
            go.Histogram(
                name=layer,
                x=strengths.to_list(),
                xbins={"start": 0.0, "end": 1.0, "size": 0.05},
                marker_color=LAYER_COLOURS[layer],
                hovertemplate=f"{layer}: %{{y}} people<extra></extra>",
            )
        )
    if health.is_empty():
        _nothing(figure, "Nobody to show yet: import an export or a contacts file.")
    return _layout(
        figure,
        "Tie strength by layer",
        "How many people have each tie strength, coloured by layer (support: your closest 5). "
        "Good: a few strong ties on the right and many light ones, not everyone near 0.",
        barmode="stack",
        xaxis={"title": "tie strength", "range": [0, 1], "dtick": 0.1, "tickformat": ".1f"},
        yaxis=count_axis(_largest_bin(health), "people"),
    )


def _largest_bin(health: pl.DataFrame) -> float:
    """How many people the fullest 0.05-wide strength bin of :func:`strength_distribution` holds."""
    if health.is_empty():
        return 0.0
    bins = (pl.col("strength").fill_null(0.0) / 0.05).floor().clip(0, 19)
    return float(max(health.group_by(bins.alias("bin")).len()["len"].to_list()))


def layer_fill(summary: pl.DataFrame) -> Figure:
    """Members of each Dunbar layer against its target (5 / 10 / 35 / 100, exclusive)."""
    figure = go.Figure(_pair(summary, [f"layer_n_{layer}" for layer in LAYERS], LAYERS, "%{y}"))
    figure.add_trace(
        go.Scatter(
            name="target",
            x=list(LAYERS),
            y=list(TARGETS),
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 40, "line": {"width": 3}},
            marker_color=TARGET,
            hovertemplate="target: %{y}<extra></extra>",
        )
    )
    return _layout(
        figure,
        "Layers against Dunbar's targets",
        "How many people are in each layer of closeness, against the numbers most people keep "
        "(5, 10, 35 and 100). Good: the inner layers full; the outer ones need not be.",
        barmode="group",
        yaxis=count_axis(
            top(
                list(TARGETS),
                *(value(summary, f"layer_n_{layer}", c) for layer in LAYERS for c in COLUMNS),
            ),
            "people",
        ),
    )


def _listed(words: list[str]) -> str:
    """Words as a sentence lists them.

    Examples:
        >>> _listed(["role"]), _listed(["company", "role"]), _listed(["a", "b", "c"])
        ('role', 'company and role', 'a, b and c')
    """
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def cadence_compliance(summary: pl.DataFrame) -> Figure:
    """Share of each layer touched within its cadence, this period and the previous one."""
    metrics = [f"layer_compliance_{layer}" for layer in LAYERS]
    figure = go.Figure(_pair(summary, metrics, LAYERS, "%{y:.0%}"))
    if not _known(summary, metrics):
        _nothing(figure, "No layer has anyone in it yet, so there is no cadence to keep.")
    return _layout(
        figure,
        "Layers within their cadence",
        "Of the people in each layer, the share you were in touch with as often as the layer "
        "asks (every 7, 30, 90 or 365 days). Good: near 100% for support and sympathy. The due "
        "list is gentler: it gives a tie its own usual gap when that is longer.",
        barmode="group",
        yaxis=share_axis("within cadence"),
    )


def reciprocity(summary: pl.DataFrame) -> Figure:
    """Who reaches out and who gives: touches by direction, initiation balance and give ratio."""
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("Who reaches out", "Who opens, give ratio"),
    )
    for trace in _pair(summary, ["outbound", "inbound"], ["you → them", "them → you"], "%{y}"):
        figure.add_trace(trace, row=1, col=1)
    ratios = _pair(
        summary,
        ["initiation_balance", "give_ratio"],
        ["balance", "give ratio"],
    )
    for trace in ratios:
        trace.showlegend = False
        figure.add_trace(trace, row=1, col=2)
    counts = [value(summary, m, c) for m in ("outbound", "inbound") for c in COLUMNS]
    figure.update_yaxes(count_axis(top(counts), "touches"), row=1, col=1)
    figure.update_yaxes(
        range=[-1.05, 1.05],
        tickvals=[-1, -0.5, 0, 0.5, 1],
        ticktext=["−1", "−0.5", "0", "+0.5", "+1"],  # the caption says who is +1
        row=1,
        col=2,
    )
    if not _known(summary, ["outbound", "inbound", "initiation_balance", "give_ratio"]):
        _nothing(figure, "No touches in either period, so nobody reached out yet.")
    return _layout(
        figure,
        "Reciprocity and give / take",
        "Left: touches you started and touches they started. Right: who starts (+1: always you, "
        "-1: always them) and the share of recorded favours you gave. Good: balance near 0, give "
        "ratio at half or more.",
        barmode="group",
    )


def diversity(summary: pl.DataFrame) -> Figure:
    """Normalised Blau index of each attribute over active ties (0 = all alike, 1 = all different)."""
    shown = [a for a in DIVERSITY_ATTRIBUTES if _known(summary, [f"diversity_{a}_blau_normalised"])]
    missing = [a for a in DIVERSITY_ATTRIBUTES if a not in shown]
    figure = go.Figure(_pair(summary, [f"diversity_{a}_blau_normalised" for a in shown], shown))
    sentence = (
        "How varied your active ties are by company, seniority, function and role: 0 means all "
        "alike, 1 as varied as can be (normalised Blau index). Good: well above 0.5."
    )
    if missing:
        sentence += f" Not shown: {_listed(missing)}, which none of your active ties has yet" + (
            " (set roles with `netbook set NAME --role mentor`)." if "role" in missing else "."
        )
    if not shown:
        _nothing(figure, "No active tie has a company, position or role yet.")
    return _layout(
        figure,
        "Diversity of active ties",
        sentence,
        barmode="group",
        yaxis={"title": "how varied (0 to 1)", "range": [0, 1], "dtick": 0.2, "tickformat": ".1f"},
    )


def dependency(summary: pl.DataFrame, alert: float | None = None) -> Figure:
    """How concentrated your interaction is: HHI and the top-1 and top-3 people's shares.

    Args:
        summary: the long-form summary.
        alert: the top-1 share above which one person is a dependency (a dashed line).
    """
    labels = ["your top person", "your top 3 people"]
    figure = go.Figure(_pair(summary, ["top1_share", "top3_share"], labels, "%{y:.1%}"))
    if alert is not None:
        figure.add_hline(
            y=alert,
            line_dash="dash",
            line_color=TARGET,
            annotation_text=f"alert: one person over {alert:.0%}",
            annotation_position="top left",
        )
    effective = value(summary, "effective_relationships")
    hhi = value(summary, "hhi")
    if not _known(summary, ["top1_share", "top3_share"]):
        _nothing(figure, "No touches in either period, so no one carries your contact yet.")
    spread = (
        ""
        if effective is None or hhi is None
        else f" Your contact rests on about {effective:,.0f} "
        f"{'person' if round(effective) == 1 else 'people'} (1/HHI, HHI {hhi:.2f})."
    )
    return _layout(
        figure,
        "How much a few people carry",
        "The share of your contact this period with your single most frequent person and with "
        f"your top three. Good: under the dashed alert line.{spread}",
        barmode="group",
        yaxis=share_axis("share of your contact"),
    )


def growth(monthly: pl.DataFrame) -> Figure:
    """Connections and active ties month by month, with the month's touches as bars."""
    months = monthly.get_column("month").to_list()
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    for column, name, colour in (
        ("connections", "connections", PREVIOUS),
        ("active_ties", "active ties (touched in the last 12 months)", CURRENT),
    ):
        figure.add_trace(
            go.Scatter(
                name=name,
                x=months,
                y=monthly.get_column(column).to_list(),
                mode="lines+markers",
                line_color=colour,
                hovertemplate=f"%{{x|%b %Y}}: %{{y:,d}} {name.split(' (')[0]}<extra></extra>",
            ),
            secondary_y=False,
        )
    figure.add_trace(
        go.Bar(
            name="touches in the month",
            x=months,
            y=monthly.get_column("touches").to_list(),
            marker_color=TARGET,
            opacity=0.35,
            hovertemplate="%{x|%b %Y}: %{y:,d} touches<extra></extra>",
        ),
        secondary_y=True,
    )
    people = top(monthly.get_column("connections").to_list(), monthly["active_ties"].to_list())
    touches = top(monthly.get_column("touches").to_list())
    figure.update_yaxes(count_axis(people, "people"), secondary_y=False)
    figure.update_yaxes(count_axis(touches, "touches", showgrid=False), secondary_y=True)
    figure.update_xaxes(type="date", tickformat="%b %Y", hoverformat="%b %Y")
    if monthly.is_empty():
        _nothing(figure, "No months to show yet: import an export first.")
    return _layout(
        figure,
        "Growth per month",
        "Lines: people you are connected with, and those you were in touch with in the 12 months "
        "before each month's end. Bars: touches in the month. Good: the active line steady or "
        "rising, not drifting away from the connections line.",
    )


Layout = tuple[Any, dict[int, tuple[float, float]]]
"""The ego graph of a close network and its nodes' positions."""


def network_layout(found: Structure, seed: int = SEED) -> Layout:
    """The ego graph of ``found`` and its spring layout: the slow part of :func:`network_chart`."""
    graph = ego_graph(found.nodes, found.edges)
    return graph, spring_layout(graph, seed)


def network_chart(found: Structure, seed: int = SEED, layout: Layout | None = None) -> Figure:
    """Your close network: node size by strength, colour by cluster, names and companies on hover.

    The layout is :func:`~netbook.rituals.structure.spring_layout` with a fixed ``seed``: the same
    structure gives the same figure, byte for byte. Names and companies are escaped (plotly reads hover text as HTML).

    Args:
        found: the close network.
        seed: the layout's seed.
        layout: :func:`network_layout` of ``found`` and ``seed``, if computed already.
    """
    graph, position = layout if layout is not None else network_layout(found, seed)
    index = {p: v for v in graph if (p := graph.nodes[v]["person_id"]) is not None}
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in found.edges.select("a_id", "b_id").iter_rows():
        (x0, y0), (x1, y1) = position[index[a]], position[index[b]]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    traces = [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"width": 0.6, "color": "#cbd5e1"},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    nodes = found.nodes.with_columns(
        lone=pl.len().over("community") == 1,
    )
    groups = nodes.filter(~pl.col("lone"))["community"].unique().sort().to_list()
    for number, community in enumerate([*groups, None]):
        rows = nodes.filter(
            pl.col("lone") if community is None else pl.col("community") == community
        )
        if rows.is_empty():
            continue
        name = ALONE_LABEL if community is None else rows["cluster"][0]
        colour = ALONE if community is None or number >= len(PALETTE) else PALETTE[number]
        text = [
            f"<b>{html.escape(r['full_name'] or '?')}</b><br>{html.escape(r['company'] or 'no company')}"
            f"<br>{r['layer']}, strength {r['strength']:.2f}"
            for r in rows.iter_rows(named=True)
        ]
        traces.append(
            go.Scatter(
                x=[position[index[p]][0] for p in rows["person_id"]],
                y=[position[index[p]][1] for p in rows["person_id"]],
                mode="markers",
                name=html.escape(name),
                marker={
                    "size": [8 + 22 * s for s in rows["strength"]],
                    "color": colour,
                    "line": {"width": 0.5, "color": "#ffffff"},
                },
                text=text,
                hoverinfo="text",
            )
        )
    x, y = position[EGO]
    traces.append(
        go.Scatter(
            x=[x],
            y=[y],
            mode="markers+text",
            name="you",
            text=["you"],
            textposition="top center",
            marker={"size": 16, "symbol": "star", "color": "#111827"},
            hoverinfo="text",
        )
    )
    figure = go.Figure(traces)
    figure.update_layout(
        title={"text": f"Your close network, {found.as_of}", "x": 0.01},
        meta={
            "caption": f"Each dot is one of your {found.alters} closest ties (larger: stronger), "
            "coloured by cluster; a line joins two who share a company, a group conversation or "
            "a `netbook knows` link. Good: several clusters that meet through you, with the "
            "bridges between them kept warm."
        },
        template="plotly_white",
        height=640,
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        hovermode="closest",
        legend={"title": {"text": "cluster"}, "orientation": "h", "y": -0.02},
    )
    return figure
