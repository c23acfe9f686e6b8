"""What many test modules share: the sample and the mini export, each imported once a session.

The imported folders are never written: a test gets its own copy (``sample_ws``, ``mini_ws``, or
:func:`stores.copy_workspace` in a module fixture), so no test sees another's writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netbook.workspace import Workspace
from stores import MINI, SAMPLE, copy_workspace


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample imported once (read it through a copy)."""
    root = tmp_path_factory.mktemp("sample-store") / "ws"
    Workspace(root).import_paths([SAMPLE], source="linkedin")
    return root


@pytest.fixture(scope="session")
def mini_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini export imported once (read it through a copy)."""
    root = tmp_path_factory.mktemp("mini-store") / "ws"
    Workspace(root).import_paths([MINI], source="linkedin")
    return root


@pytest.fixture
def sample_ws(sample_store: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the imported sample, for one test to read and write."""
    return copy_workspace(sample_store, tmp_path / "ws")


@pytest.fixture
def mini_ws(mini_store: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the imported mini export, for one test to read and write."""
    return copy_workspace(mini_store, tmp_path / "ws")


BERLIN = '[time]\nzone = "Europe/Berlin"\n'
"""Settings of a workspace in Berlin (its days end at midnight there)."""


@pytest.fixture(scope="session")
def berlin_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini export imported once into a workspace set to :data:`BERLIN` first."""
    root = tmp_path_factory.mktemp("berlin-store") / "ws"
    root.mkdir()
    (root / "netbook.toml").write_text(BERLIN, encoding="utf-8")
    Workspace(root).import_paths([MINI], source="linkedin")
    return root


@pytest.fixture
def berlin_ws(berlin_store: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the mini export imported in Berlin, for one test to read and write."""
    return copy_workspace(berlin_store, tmp_path / "ws")
