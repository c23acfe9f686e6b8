"""The untyped third-party modules the widgets use, imported in one place.

ipywidgets and plotly ship no type information (pyproject.toml tells mypy so); importing them here
keeps that in one place.
"""

from __future__ import annotations

import ipywidgets as ipw
import plotly.graph_objects as go

__all__ = ["go", "ipw"]
