"""Small LinkedIn exports written as real files, for tests that need a few exact rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
"""Connections.csv's header since 2023 (no Notes preamble: LinkedIn dropped it in some eras)."""


def connections_export(folder: Path, rows: Iterable[tuple[str, ...]]) -> Path:
    """``folder`` holding a Connections.csv of ``rows`` (one value per :data:`HEADER` column).

    Values are quoted as LinkedIn quotes them (only when needed); the folder is made if missing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return folder


def profile(slug: str) -> str:
    """A member's profile URL."""
    return f"https://www.linkedin.com/in/{slug}"
