"""Plotly figures of a contact and of the network (frames in, ``go.Figure`` out)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

import polars as pl

from netbook import schema, vocabulary
from netbook.metrics.strength import COMPONENTS
from netbook.widgets._deps import go, ipw

PLOTLY_MIME: Final = "application/vnd.plotly.v1+json"
COLOURS: Final = {"outbound": "#1f77b4", "inbound": "#ff7f0e", "mutual": "#2ca02c"}
"""Touch colour by direction (unknown direction: grey)."""
LAYER_ORDER: Final = vocabulary.LAYER_ORDER
STATUS_ORDER: Final = ("overdue", "due", "decaying", "new", "dormant", "ok", "snoozed")
STATUS_COLOURS: Final = {
    "overdue": "#c62828",
    "due": "#ef6c00",
    "decaying": "#f9a825",
    "new": "#6a1b9a",
    "dormant": "#757575",
    "ok": "#2e7d32",
    "snoozed": "#90a4ae",
}
_MARGIN: Final = {"l": 10, "r": 10, "t": 40, "b": 30}


def timeline_figure(touches: pl.DataFrame, *, as_of: date, title: str = "Touches") -> Any:
    """Each touch with a person over time: one row per channel, coloured by direction.

    Args:
        touches: ``occurred_at``, ``channel``, ``direction``, ``value`` (and ``weight``) of one
            person's interactions, e.g. :meth:`netbook.widgets.Snapshot.touches_of`.
        as_of: marked with a dotted line.
        title: the figure's title.

    Returns:
        A ``plotly.graph_objects.Figure``.
    """
    figure = go.Figure()
    frame = touches.with_columns(
        pl.col("occurred_at").dt.replace_time_zone(None),
        pl.col("channel", "direction", "value").cast(pl.String),
    ).with_columns(pl.col("direction").fill_null("unknown"))
    channels = [c for c in schema.CHANNELS if c in set(frame["channel"].to_list())]
    channels += sorted(set(frame["channel"].drop_nulls().to_list()) - set(channels))
    frame = stacked(frame, channels)
    for direction in (*schema.DIRECTIONS, "unknown"):
        part = frame.filter(pl.col("direction") == direction)
        if part.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=part["occurred_at"].to_list(),
                y=part["row"].to_list(),
                mode="markers",
                name=direction,
                marker={"color": COLOURS.get(direction, "#9e9e9e"), "size": 8, "opacity": 0.8},
                customdata=part.select("channel", pl.col("value").fill_null("none")).rows(),
                hovertemplate="%{x|%Y-%m-%d %H:%M}<br>%{customdata[0]}, "
                + direction
                + "<br>value: %{customdata[1]}<extra></extra>",
            )
        )
    figure.add_vline(x=as_of.isoformat(), line_dash="dot", line_color="#555")
    if frame.is_empty():
        figure.add_annotation(text="no touches yet", showarrow=False, x=0.5, y=0.5, xref="paper")
    figure.update_layout(
        title=f"{title}: {frame.height} up to {as_of.isoformat()}",
        height=260,
        margin=_MARGIN,
        yaxis={
            "tickvals": list(range(len(channels))),
            "ticktext": channels,
            "range": [-0.6, len(channels) - 0.4],
            "zeroline": False,
        },
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


STACK: Final = 0.8
"""How much of a channel's row the touches of one moment may spread over (rows are 1 apart)."""


def stacked(frame: pl.DataFrame, channels: list[str]) -> pl.DataFrame:
    """``frame`` with ``row``: its channel's row, touches close in time stacked apart.

    Touches closer than about a hundredth of the timeline's span (a day at least) would draw on
    top of each other; within a channel they are spread evenly over :data:`STACK` of the row, in
    time order, so every marker shows. Deterministic: the same touches always draw the same.
    """
    if frame.is_empty():
        return frame.with_columns(row=pl.lit(None, dtype=pl.Float64))
    span = frame.select(
        (pl.col("occurred_at").max() - pl.col("occurred_at").min()).dt.total_days()
    ).item()
    width = max(1, int(span or 0) // 100)
    index = {channel: float(i) for i, channel in enumerate(channels)}
    group = [pl.col("occurred_at").dt.epoch("d") // width, "channel"]
    place = pl.int_range(pl.len()).over(group, order_by="occurred_at").cast(pl.Float64)
    count = pl.len().over(group).cast(pl.Float64)
    step = pl.min_horizontal(pl.lit(0.2), pl.lit(STACK) / count)
    return frame.with_columns(
        row=pl.col("channel").replace_strict(index, default=None, return_dtype=pl.Float64)
        + (place - (count - 1) / 2) * step
    )


def strength_figure(person: Mapping[str, Any], weights: Mapping[str, float]) -> Any:
    """A person's tie strength, component by component: percentile and weighted share.

    Args:
        person: a health row (``strength`` and ``strength_recency`` ... ``strength_structural``).
        weights: the weight of each component (``settings.strength``).
    """
    values = [person.get(f"strength_{c}") or 0.0 for c in COMPONENTS]
    shares = [v * weights.get(c, 0.0) for v, c in zip(values, COMPONENTS, strict=True)]
    labels = [f"{c} (×{weights.get(c, 0.0):.2f})" for c in COMPONENTS]
    figure = go.Figure(
        [
            go.Bar(y=labels, x=values, orientation="h", name="component", marker_color="#90caf9"),
            go.Bar(y=labels, x=shares, orientation="h", name="weighted", marker_color="#1565c0"),
        ]
    )
    strength = person.get("strength")
    total = f"{strength:.2f}" if isinstance(strength, float) else "–"
    figure.update_layout(
        title=f"Tie strength {total}",
        barmode="overlay",
        height=260,
        margin=_MARGIN,
        xaxis={"range": [0, 1]},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def overview_figure(health: pl.DataFrame) -> Any:
    """How many people are in each layer, stacked by status.

    Args:
        health: :func:`netbook.api.health` (``layer`` and ``status`` are read).
    """
    counts = health.group_by("layer", "status").len()
    figure = go.Figure()
    for status in STATUS_ORDER:
        part = counts.filter(pl.col("status") == status)
        by_layer = dict(zip(part["layer"].to_list(), part["len"].to_list(), strict=True))
        if by_layer:
            figure.add_trace(
                go.Bar(
                    x=list(LAYER_ORDER),
                    y=[by_layer.get(layer, 0) for layer in LAYER_ORDER],
                    name=status,
                    marker_color=STATUS_COLOURS[status],
                )
            )
    figure.update_layout(
        title=f"{health.height} people by layer and status",
        barmode="stack",
        height=320,
        margin=_MARGIN,
        yaxis={"title": "people"},
    )
    return figure


def show_figure(output: Any, figure: Any) -> None:
    """Put ``figure`` in an ``ipywidgets.Output`` as plotly's own MIME bundle, replacing what was there.

    JupyterLab draws it with the plotly extension; nothing depends on the default renderer, and
    the output is the same in a kernel and in a test.
    """
    spec = json.loads(figure.to_json())
    spec["config"] = {"displaylogo": False, "responsive": True}
    title = figure.layout.title.text or "figure"
    data = {PLOTLY_MIME: spec, "text/plain": f"<plotly figure: {title}>"}
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)


def figure_output(figure: Any | None = None, **layout: str) -> Any:
    """A new ``ipywidgets.Output`` (with ``layout`` keywords), showing ``figure`` if given."""
    output = ipw.Output(layout=ipw.Layout(**layout))
    if figure is not None:
        show_figure(output, figure)
    return output
