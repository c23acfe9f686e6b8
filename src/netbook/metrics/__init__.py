"""Relationship metrics: per person (:func:`health`, :func:`due`) at an explicit as-of date."""

from __future__ import annotations

from netbook.metrics.health import CONTRACT, INTERACTION_COLUMNS, due, health

__all__ = ["CONTRACT", "INTERACTION_COLUMNS", "due", "health"]
