"""A review whose kernel cannot be reached fails at once, in plain words, changing nothing."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import pytest
from jupyter_client.kernelspec import KernelSpec

from netbook.review import ReviewError, kernel, run_review
from netbook.workspace import Workspace
from stores import copy_workspace

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "linkedin" / "mini"
AS_OF = "2026-11-16"


@pytest.fixture(scope="module")
def ws(mini_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return copy_workspace(mini_store, tmp_path_factory.mktemp("kernel") / "ws")


def test_the_loopback_check_passes_here() -> None:
    assert kernel.loopback_problem() is None


def test_loopback_down_fails_in_seconds(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> NoReturn:
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    started = time.monotonic()
    with pytest.raises(ReviewError) as raised:
        run_review(ws, "month", AS_OF, tmp_path)
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith(
        "review-2026-11: the review's notebook kernel cannot be reached: connecting to "
        "127.0.0.1 (the local network it talks over) failed: Network is unreachable"
    )
    assert "ip link set lo up" in (raised.value.hint or "")
    assert list(tmp_path.iterdir()) == []  # no report, no scratch notebook


@pytest.mark.skipif(
    shutil.which("unshare") is None
    or subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode != 0,
    reason="needs unshare -rn (a network namespace whose loopback is down)",
)
def test_loopback_down_for_real(ws: Workspace, tmp_path: Path) -> None:
    started = time.monotonic()
    review = ("review", "--as-of", AS_OF, "-w", str(ws.root), "--out", str(tmp_path))
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "netbook", *review, "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert time.monotonic() - started < 30  # it used to wait 60 s for the kernel
    assert done.returncode == 2
    (line, *rest) = done.stderr.strip().splitlines()
    assert line.startswith("error: review-2026-11: the review's notebook kernel cannot be reached")
    assert "Network is unreachable" in line and not rest
    assert list(tmp_path.iterdir()) == []


def test_a_kernel_that_never_answers_is_named_plainly(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def silent(self: kernel.ThisPythonKernelSpecs, name: str) -> KernelSpec:
        argv = [sys.executable, "-c", "import time; time.sleep(60)", "{connection_file}"]
        return KernelSpec(argv=argv, display_name="silent", language="python")

    monkeypatch.setattr(kernel.ThisPythonKernelSpecs, "get_kernel_spec", silent)
    monkeypatch.setattr(kernel, "START_SECONDS", 2)
    with pytest.raises(ReviewError) as raised:
        run_review(ws, "month", AS_OF, tmp_path)
    assert str(raised.value).startswith(
        "review-2026-11: the review's notebook kernel started but did not answer within 2 s ("
    )
    assert "127.0.0.1" in (raised.value.hint or "")
    assert list(tmp_path.iterdir()) == []
