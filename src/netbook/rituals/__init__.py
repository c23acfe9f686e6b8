"""Rituals that keep relationships alive: job changes, milestones, follow-ups and reminders.

Each module reads the workspace at an explicit as-of date (never "now") and returns polars frames
with a human-readable ``why`` per row; :mod:`netbook.rituals.remind` turns them into a calendar.
"""
