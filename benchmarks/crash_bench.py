"""Kill -9 at scale: rounds of import / log / review / remind on one workspace, some killed.

The larger run of ``tests/test_hostile_crash.py`` (same harness, ``tests/crashkit.py``): a
workspace of --connections people; each round starts, at once, an import of one of three
generated exports, three ``netbook log`` touches, a process writing many log entries, a
``netbook remind`` and (every other round) a ``netbook review``, and sends SIGKILL to some of
them at moments drawn from --seed, until --kills processes were killed. After each round the store
must open with its imported tables as before or after the round's import, every reported log
write stored, everything owner-only and no kernel left running; at the end a later import and
review must succeed. Prints one row per operation and exits 1 if any promise broke.

    python benchmarks/crash_bench.py [--kills 200] [--connections 5000] [--messages 20000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import crashkit  # noqa: E402  (the harness the test uses)
from netbook import Workspace  # noqa: E402
from netbook.sample import write_sample  # noqa: E402

KINDS = ("import", "log", "writer", "review", "remind")


def plan(
    rng: random.Random, number: int, ws: Path, export: Path, person: str
) -> list[crashkit.Job]:
    """One round's jobs and kill moments (seconds after the round's start)."""
    jobs = [
        crashkit.import_job(ws, export, crashkit.maybe(rng, 0.7, 1.0, 6.0)),
        *(crashkit.log_job(ws, person, crashkit.maybe(rng, 0.5, 1.0, 4.0)) for _ in range(3)),
        crashkit.writer_job(ws, person, 200, crashkit.maybe(rng, 0.9, 2.0, 8.0)),
        crashkit.remind_job(ws, ws / "reminders.ics", crashkit.maybe(rng, 0.6, 1.0, 5.0)),
    ]
    if number % 2:
        jobs.append(crashkit.review_job(ws, crashkit.maybe(rng, 0.8, 2.0, 20.0)))
    return jobs


def judge(
    ws: Path,
    before_copy: Path,
    export: Path,
    outcomes: list[crashkit.Outcome],
    before: dict[str, int],
    logged: set[str],
) -> crashkit.Check:
    """:func:`crashkit.check_round`, computing the "after" counts only when they are needed."""
    now = crashkit.imported(crashkit.counts(ws))
    after = before
    if now != before:  # the import committed (or tore): what would a clean import have left?
        after = crashkit.reference_counts(before_copy, export, before_copy.with_name("reference"))
    return crashkit.check_round(ws, outcomes, before, after, logged)


def main() -> None:
    """Run rounds until --kills processes were killed; print the table; exit 1 on a broken promise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    runs: dict[str, list[crashkit.Outcome]] = defaultdict(list)
    broken: dict[str, list[str]] = defaultdict(list)
    states: dict[str, int] = defaultdict(int)
    intact: dict[str, list[bool]] = defaultdict(list)  # per kind: the store after each kill
    with tempfile.TemporaryDirectory(prefix="crash-bench-") as tmp:
        folder = Path(tmp)
        exports = []
        for index in range(3):
            export = folder / f"export-{index}"
            write_sample(
                export,
                seed=args.seed + index,
                connections=args.connections,
                messages=args.messages,
            )
            exports.append(export)
        ws = folder / "ws"
        Workspace(ws).import_paths([exports[0]])
        person = Workspace(ws).table("people").sort("person_id")["profile_url"][0]
        kills, number = 0, 0
        while kills < args.kills:
            number += 1
            export = exports[number % len(exports)]
            before_copy = folder / "before"
            shutil.rmtree(before_copy, ignore_errors=True)
            shutil.copytree(ws, before_copy, ignore=shutil.ignore_patterns("reviews", "*.ics"))
            before = crashkit.imported(crashkit.counts(ws))
            logged = crashkit.log_entries(ws)
            outcomes = crashkit.run_round(plan(rng, number, ws, export, person))
            check = judge(ws, before_copy, export, outcomes, before, logged)
            states[check.state] += 1
            for outcome in outcomes:
                runs[outcome.job.kind].append(outcome)
                if outcome.killed:
                    intact[outcome.job.kind].append(check.ok)
            for problem in _problems(check):
                kinds = {o.job.kind for o in outcomes if o.killed} or {"(none)"}
                broken[problem.split(":", 1)[0]].append(
                    f"round {number} {sorted(kinds)}: {problem}"
                )
            kills += sum(o.killed for o in outcomes)
            print(
                f"round {number}: {sum(o.killed for o in outcomes)} killed "
                f"({kills} in all), import {check.state}, {'ok' if check.ok else 'BROKEN'}",
                file=sys.stderr,
                flush=True,
            )
        final = _finally_still_works(ws, folder, exports[1])
    seconds = time.perf_counter() - started
    _table(runs, intact, broken)
    print(
        f"\n{number} rounds, {kills} kills, {seconds:.0f} s; store after each round: "
        f"{states['before']} before its import, {states['after']} after, "
        f"{states['torn']} torn; later import and review: {final or 'ok'}"
    )
    for problem in (p for ps in broken.values() for p in ps):
        print(f"BROKEN {problem}", file=sys.stderr)
    if broken or final:
        sys.exit(1)


def _problems(check: crashkit.Check) -> list[str]:
    """Each broken promise of a round, prefixed with the promise's name."""
    return [
        *(f"torn import: {p}" for p in check.half_imports),
        *(f"lost write: {p}" for p in check.lost_writes),
        *(f"unexpected write: {p}" for p in check.unexpected_writes),
        *(f"error: {p}" for p in check.failures),
        *(f"readable by others: {p} {m}" for p, m in check.not_private.items()),
        *(f"left running: {p}" for p in check.leftovers),
    ]


def _finally_still_works(ws: Path, folder: Path, export: Path) -> str:
    """A later import and review, uninterrupted: '' when both succeed, else what failed."""
    (done,) = crashkit.run_round([crashkit.import_job(ws, export)])
    (review,) = crashkit.run_round([crashkit.review_job(ws)])
    failed = [o for o in (done, review) if o.returncode != 0]
    wrong = crashkit.not_private(ws)
    return "; ".join(
        [f"{o.job.kind} exited {o.returncode}: {o.stderr.strip()[-300:]}" for o in failed]
        + [f"readable by others: {wrong}"] * bool(wrong)
    )


def _table(
    runs: dict[str, list[crashkit.Outcome]],
    intact: dict[str, list[bool]],
    broken: dict[str, list[str]],
) -> None:
    """One row per operation.

    Columns: runs; killed (our SIGKILL ended it); store ok (rounds where it was killed that kept
    every promise, of those rounds); lost writes (reported log entries missing, all rounds);
    errors (runs not killed that failed); seconds (median wall time of the runs not killed).
    """
    lost = len(broken.get("lost write", []))
    header = ("operation", "runs", "killed", "store ok", "lost writes", "errors", "seconds")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for kind in KINDS:
        outcomes = runs.get(kind, [])
        if not outcomes:
            continue
        killed = sum(o.killed for o in outcomes)
        ok = f"{sum(intact[kind])}/{len(intact[kind])}"
        writes = str(lost) if kind in ("log", "writer") else "-"
        errors = sum(not o.killed and o.returncode != 0 for o in outcomes)
        finished = [o.seconds for o in outcomes if not o.killed]
        median = f"{statistics.median(finished):.1f}" if finished else "-"
        print(f"{kind} | {len(outcomes)} | {killed} | {ok} | {writes} | {errors} | {median}")


if __name__ == "__main__":
    main()
