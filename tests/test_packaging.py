"""environment.yml and pyproject.toml must name the same runtime dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"duckdb": "python-duckdb", "isal": "python-isal"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].strip().lower()


def test_environment_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    wanted = {CONDA_NAMES.get(_name(r), _name(r)): r for r in project["dependencies"]}
    have = {_name(d): d for d in conda if _name(d) not in {"python", "pip"}}
    assert set(have) == set(wanted)
    for name, requirement in wanted.items():
        bound = requirement[len(_name(requirement)) :].strip()
        assert have[name].endswith(bound), (name, have[name], requirement)
    python = next(d for d in conda if _name(d) == "python")
    assert python.endswith(project["requires-python"])
    assert "-e .[dev]" in pip
