"""The ``netbook`` plotly renderer: charts that work offline and come out the same on every run.

plotly's own ``notebook`` renderer names each chart's ``<div>`` with a random uuid and adds a MathJax
``<script src>`` from a CDN; ``notebook_connected`` loads plotly.js itself from a CDN. This renderer
gives each chart a numbered id (``netbook-chart-1``, ...), embeds plotly.js once (with the first
chart) and references nothing outside the page. It also hands JupyterLab the plotly JSON, which
JupyterLab prefers to the HTML, so the same notebook is interactive there.
"""

from __future__ import annotations

import json
from typing import Any, Final

import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

from netbook.errors import InputError
from netbook.review.params import RENDERER, RENDERERS
from netbook.review.tables import prose

NAME: Final = RENDERER
"""The renderer's name in ``plotly.io.renderers``."""
OFFLINE: Final = RENDERERS
"""Renderers a review accepts (:data:`netbook.review.params.RENDERERS`)."""
PLOTLY_MIME: Final = "application/vnd.plotly.v1+json"
CONFIG: Final = {"displaylogo": False, "responsive": True}


class NetbookRenderer(MimetypeRenderer):  # type: ignore[misc]
    """Mime bundles with plotly's JSON and self-contained, deterministically named HTML."""

    def __init__(self) -> None:
        # plotly shows a figure with a shallow copy of the renderer: the count lives in a shared list
        self.shown = [0]

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        """The bundle of one figure (plotly.js itself goes with the first one)."""
        self.shown[0] += 1
        count = self.shown[0]
        html = pio.to_html(
            fig_dict,
            config=CONFIG,
            include_plotlyjs=count == 1,
            include_mathjax=False,
            full_html=False,
            div_id=f"netbook-chart-{count}",
            default_width="100%",
            default_height=460,
            validate=False,
        )
        meta = fig_dict.get("layout", {}).get("meta")
        caption = meta.get("caption") if isinstance(meta, dict) else None
        if caption:  # the chart's plain sentence, as text that wraps on a phone
            html = f'<p class="netbook-caption">{prose(caption)}</p>\n{html}'
        figure = json.loads(pio.to_json({**fig_dict, "config": CONFIG}, validate=False))
        return {PLOTLY_MIME: figure, "text/html": html}


def use(renderer: str = NAME) -> None:
    """Make ``renderer`` plotly's default for ``fig.show()`` (registering ``netbook`` first).

    Raises:
        NetbookError: ``renderer`` is not one of :data:`OFFLINE`.
    """
    if renderer not in OFFLINE:
        raise InputError(
            f"plotly renderer {renderer!r} cannot be used in a review",
            hint=f"use {' or '.join(OFFLINE)}: others fetch plotly.js or MathJax from the "
            "internet or name charts at random",
        )
    if NAME not in pio.renderers:
        pio.renderers[NAME] = NetbookRenderer()
    pio.renderers.default = renderer
