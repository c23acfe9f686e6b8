"""What real users' exports hold (issue 11): namesakes, re-saved files, the owner's own addresses.

Every fixture is under ``tests/data/linkedin/real/`` (see its README); each name in them is made up.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from netbook import Workspace
from netbook.rituals import events as ev

REAL = Path(__file__).parent / "data" / "linkedin" / "real"


def workspace(root: Path, toml: str = "") -> Workspace:
    """A workspace at ``root`` with ``toml`` as its settings."""
    root.mkdir(parents=True)
    (root / "netbook.toml").write_text(toml, encoding="utf-8")
    return Workspace(root)


def test_approved_is_going_and_relinquished_is_not(tmp_path: Path) -> None:
    ws = workspace(tmp_path / "ws")
    ws.import_paths([REAL / "events_approved"])
    assert ws.table("events").sort("name").select("name", "status").rows() == [
        ("Harbour Data Night", "approved"),
        ("Lantern Product Meetup", "approved"),
        ("Quarry Cloud Summit", "relinquished"),
    ]
    met = ev.met(ws).sort("event")
    assert sorted(met["event"].unique()) == ["Harbour Data Night", "Lantern Product Meetup"]
