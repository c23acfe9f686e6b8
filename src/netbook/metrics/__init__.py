"""Relationship metrics: per person (:func:`health`, :func:`due`) at an explicit as-of date."""

from __future__ import annotations

from netbook.metrics.health import CONTRACT, due, health

__all__ = ["CONTRACT", "due", "health"]
