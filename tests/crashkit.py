"""Kill -9 at random moments: processes on one workspace at once, and what must hold afterwards.

Shared by ``tests/test_hostile_crash.py`` (small, in CI) and ``benchmarks/crash_bench.py`` (large).
A *round* starts several ``python -m netbook`` processes on one workspace together (an import, log
writes, a review, reminders) and sends some of them SIGKILL at moments drawn from a seeded
schedule. Whatever the timing, afterwards:

- the store opens, and the imported tables hold the state before or after the round's import
  (never part of it): :func:`reference_counts` computes the "after" on an untouched copy;
- every log entry whose writer reported it is stored, and at most one unreported entry per
  killed writer (it committed but was killed before it could print);
- everything in the workspace is owner-only (files 0600, folders 0700);
- no process a round started outlives it (a killed review's kernel notices and exits).

A process that finished before its kill came simply counts as not killed: its "after" is valid.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

from netbook import Workspace, store

AS_OF = "2026-11-16"
GRACE = 10.0
"""Seconds a killed process's children get to notice and exit (a kernel polls its parent each
second, but only once it has started, which on a busy machine takes a few seconds)."""
USER_TABLES = ("log",)
"""Tables written by hand (checked entry by entry); every other table is the imports'."""

WRITER = """
import sys
from datetime import date
from netbook import userdata
from netbook.workspace import Workspace
ws = Workspace(sys.argv[1])
for i in range(int(sys.argv[2])):
    entry = userdata.log_touch(ws, sys.argv[3], channel="note", on=date(2026, 1, 1 + i % 28))
    print(f"Logged note ({entry}).", flush=True)
"""
"""Many log writes in one process, each reported on stdout once committed."""

_LOGGED = re.compile(r"^Logged .*(?:\(([0-9a-f]{16})\)\.|; id ([0-9a-f]{16}) .*)$", re.M)


@dataclass(frozen=True)
class Job:
    """One process of a round.

    Attributes:
        kind: ``import``, ``log``, ``writer`` (many log writes), ``review`` or ``remind``.
        argv: the arguments after ``python``.
        kill_after: seconds after the round's start to send SIGKILL (None: let it finish).
    """

    kind: str
    argv: tuple[str, ...]
    kill_after: float | None = None


@dataclass
class Outcome:
    """What became of one job."""

    job: Job
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    leftovers: list[str] = field(default_factory=list)

    @property
    def killed(self) -> bool:
        """True if our SIGKILL ended it (a job that finished first was not killed)."""
        return self.returncode == -signal.SIGKILL

    @property
    def reported(self) -> set[str]:
        """The log entries it reported as written."""
        return {a or b for a, b in _LOGGED.findall(self.stdout)}


def netbook(*args: str) -> tuple[str, ...]:
    """The ``python`` arguments that run ``netbook ARGS``."""
    return ("-m", "netbook", *args)


def import_job(workspace: Path, export: Path, kill_after: float | None = None) -> Job:
    """``netbook import EXPORT``."""
    return Job("import", netbook("import", str(export), "-w", str(workspace)), kill_after)


def log_job(workspace: Path, person: str, kill_after: float | None = None) -> Job:
    """One ``netbook log`` touch with ``person``."""
    argv = netbook("log", person, "-c", "call", "--on", "2026-11-10", "-w", str(workspace))
    return Job("log", argv, kill_after)


def writer_job(workspace: Path, person: str, count: int, kill_after: float | None = None) -> Job:
    """``count`` log writes in one process, each reported once committed."""
    return Job("writer", ("-c", WRITER, str(workspace), str(count), person), kill_after)


def review_job(workspace: Path, kill_after: float | None = None) -> Job:
    """``netbook review --period month``."""
    argv = netbook("review", "--period", "month", "--as-of", AS_OF, "-w", str(workspace))
    return Job("review", (*argv, "--no-progress"), kill_after)


def remind_job(workspace: Path, ics: Path, kill_after: float | None = None) -> Job:
    """``netbook remind --ics ICS``."""
    argv = netbook("remind", "--ics", str(ics), "--as-of", AS_OF, "-w", str(workspace))
    return Job("remind", argv, kill_after)


def maybe(rng: random.Random, share: float, low: float, high: float) -> float | None:
    """A kill moment in ``[low, high)`` with probability ``share``, else None (no kill)."""
    return round(rng.uniform(low, high), 2) if rng.random() < share else None


def run_round(jobs: Sequence[Job], timeout: float = 300) -> list[Outcome]:
    """Start every job at once, SIGKILL each at its moment, and wait for all of them.

    Each job runs in a session of its own, so that what it started can be found afterwards:
    :attr:`Outcome.leftovers` lists any such process (a review's kernel, say) still alive
    :data:`GRACE` seconds after the job ended; they are then killed, so that one failure leaks
    nothing.
    """
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as files:
        streams = [
            (
                files.enter_context(Path(scratch, f"{i}.out").open("w+")),
                files.enter_context(Path(scratch, f"{i}.err").open("w+")),
            )
            for i in range(len(jobs))
        ]
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [sys.executable, *job.argv],
                stdout=out,
                stderr=err,
                text=True,
                env=env,
                start_new_session=True,
            )
            for job, (out, err) in zip(jobs, streams, strict=True)
        ]
        kills = {i: job.kill_after for i, job in enumerate(jobs) if job.kill_after is not None}
        ended: dict[int, float] = {}
        try:
            _wait(processes, kills, ended, started, timeout)
        except BaseException:
            for process in processes:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
            raise
        outcomes = []
        for index, (job, process) in enumerate(zip(jobs, processes, strict=True)):
            out, err = streams[index]
            out.seek(0)
            err.seek(0)
            outcomes.append(Outcome(job, process.returncode, out.read(), err.read(), ended[index]))
    for outcome, process in zip(outcomes, processes, strict=True):
        outcome.leftovers = _reap(process.pid, grace=GRACE)
    return outcomes


def _wait(
    processes: Sequence[subprocess.Popen[str]],
    kills: dict[int, float],
    ended: dict[int, float],
    started: float,
    timeout: float,
) -> None:
    """Poll until every process ended, killing each at its moment; fills ``ended`` (seconds)."""
    while len(ended) < len(processes):
        now = time.monotonic() - started
        if now > timeout:
            raise TimeoutError(f"round still running after {timeout:g} s")
        for index, process in enumerate(processes):
            if index in ended:
                continue
            if process.poll() is None and kills.get(index, now + 1) <= now:
                process.send_signal(signal.SIGKILL)
                process.wait()
            if process.poll() is not None:
                ended[index] = now
        time.sleep(0.02)


def _started_by(pid: int) -> list[int]:
    """Live processes that ``pid`` started: its session, and Jupyter kernels naming it as parent.

    A kernel runs in a session of its own, with ``JPY_PARENT_PID`` set to the process that
    launched it (Linux ``/proc``; our own processes only).
    """
    found = []
    marker = f"JPY_PARENT_PID={pid}\0".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] == "Z":
                continue
            if int(fields[3]) == pid or marker in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:  # it ended while we looked, or it is not ours
            continue
    return found


def _reap(pid: int, grace: float) -> list[str]:
    """Processes ``pid`` started still alive after ``grace`` seconds ("PID command"; then killed)."""
    deadline = time.monotonic() + grace
    while (alive := _started_by(pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    found = []
    for child in alive:
        with suppress(OSError):
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            found.append(f"{child} {command.decode(errors='replace').strip()[:120]}")
        with suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
    return found


def counts(workspace: Path) -> dict[str, int]:
    """Rows per stored table (opening the store read-only, as any later command would)."""
    ws = Workspace(workspace)
    with ws.reading():
        return {name: ws.table(name).height for name in store.TABLES}


def imported(table_counts: dict[str, int]) -> dict[str, int]:
    """The counts of the tables imports write (all but the hand-written ones)."""
    return {name: n for name, n in table_counts.items() if name not in USER_TABLES}


def log_entries(workspace: Path) -> set[str]:
    """The ids of the stored log entries."""
    return set(Workspace(workspace).table("log")["entry_id"].to_list())


def reference_counts(workspace: Path, export: Path, scratch: Path) -> dict[str, int]:
    """The imported tables' counts after importing ``export`` into an untouched copy."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(workspace, scratch, ignore=shutil.ignore_patterns("reviews", "*.ics"))
    Workspace(scratch).import_paths([export])
    after = imported(counts(scratch))
    shutil.rmtree(scratch)
    return after


def not_private(workspace: Path) -> dict[str, str]:
    """Everything in the workspace (itself included) that others could read: path -> mode."""
    wrong = {}
    for path in [workspace, *workspace.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong[str(path.relative_to(workspace.parent))] = oct(mode)
    return wrong


@dataclass(frozen=True)
class Check:
    """What a round left, judged: each list is empty when every promise held.

    Attributes:
        state: ``before`` or ``after`` the round's import (``torn`` when neither).
    """

    state: str
    half_imports: list[str]
    lost_writes: list[str]
    unexpected_writes: list[str]
    failures: list[str]
    not_private: dict[str, str]
    leftovers: list[str]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not (
            self.half_imports
            or self.lost_writes
            or self.unexpected_writes
            or self.failures
            or self.not_private
            or self.leftovers
        )


def check_round(
    workspace: Path,
    outcomes: Sequence[Outcome],
    before: dict[str, int],
    after: dict[str, int],
    logged_before: set[str],
) -> Check:
    """Judge a round (see the module's docstring): ``before``/``after`` are imported counts."""
    now = imported(counts(workspace))
    state = "before" if now == before else "after" if now == after else "torn"
    half = [f"imported tables {now}: neither {before} nor {after}"] if state == "torn" else []
    stored = log_entries(workspace)
    reported = set().union(*(o.reported for o in outcomes))
    lost = sorted(reported - stored) + sorted(logged_before - stored)
    killed_writers = sum(o.killed for o in outcomes if o.job.kind in ("log", "writer"))
    extra = stored - logged_before - reported
    unexpected = sorted(extra) if len(extra) > killed_writers else []
    failures = [
        f"{o.job.kind} exited {o.returncode}: {o.stderr.strip()[-400:]}"
        for o in outcomes
        if not o.killed and o.returncode != 0
    ]
    leftovers = [f"{o.job.kind} left {o.leftovers}" for o in outcomes if o.leftovers]
    return Check(state, half, lost, unexpected, failures, not_private(workspace), leftovers)
