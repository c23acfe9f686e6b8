"""Speed work changes no output: health, due, summary, plan and the review's frames, byte for byte.

The digests in tests/data/speed_identity.json were computed by the code before the speed work
(issue 15) on the bundled sample and on a generated 10,000-connection export; every later change
must give the same values. After a deliberate change of a metric, rewrite them with
``python tests/test_speed_identity.py --write`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from netbook import Workspace, api
from netbook.sample import write_sample

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "speed_identity.json"
AS_OF = date(2026, 11, 16)
SETTINGS = '[time]\nzone = "Europe/Berlin"\n'
"""A zone of its own (not the machine's), with days that differ from UTC days."""


def _digest(frame: pl.DataFrame) -> str:
    """The column names and types and every value (``repr``: floats to the last bit)."""
    return hashlib.sha256(repr((frame.schema, frame.rows())).encode()).hexdigest()


def _workspace(root: Path, export: Path) -> Workspace:
    root.mkdir(parents=True)
    (root / "netbook.toml").write_text(SETTINGS)
    workspace = Workspace(root)
    workspace.import_paths([export])
    return workspace


def digests(workspace: Workspace) -> dict[str, str]:
    """Every frame the speed work could change, as digests of their CSV bytes."""
    from netbook.review import notebook

    found = {
        "health": api.health(workspace, as_of=AS_OF),
        "due": api.due(workspace, as_of=AS_OF),
        "summary": api.summary(workspace, as_of=AS_OF, period="month"),
        "plan": api.plan(workspace, as_of=AS_OF),
    }
    review = notebook.Review(workspace, period="month", as_of=AS_OF)
    found |= {
        "review health": review.health,
        "review summary": review.summary,
        "review plan": review.week_plan,
        "review growth": review.growth,
    }
    found |= {f"review action {i}": frame for i, frame in enumerate(review._actions)}
    rituals = review.rituals
    found |= {
        "review goals": rituals.attainment,
        "review network": rituals.network.health,
        "review habits": rituals._habit_rows,
        "review dormant ties": rituals._ties[0],
        "review weak ties": rituals._ties[1],
    }
    return {name: _digest(frame) for name, frame in found.items()}


def _generated(folder: Path) -> Path:
    write_sample(folder, seed=7, connections=10_000, messages=100_000, realistic=True)
    return folder


EXPORTS = {
    "sample": lambda _: ROOT / "data" / "sample" / "linkedin",
    "generated 10k": _generated,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EXPORTS))
def test_outputs_are_those_of_the_code_before_the_speed_work(tmp_path: Path, name: str) -> None:
    export = EXPORTS[name](tmp_path / "export")
    got = digests(_workspace(tmp_path / "workspace", export))
    expected = json.loads(GOLDEN.read_text())[name]
    assert got == expected


def main() -> None:
    """Write the golden digests with the netbook on the path (``--write``), or print them."""
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, make in EXPORTS.items():
            export = make(Path(scratch) / name / "export")
            results[name] = digests(_workspace(Path(scratch) / name / "workspace", export))
    text = json.dumps(results, indent=1, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        GOLDEN.write_text(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
