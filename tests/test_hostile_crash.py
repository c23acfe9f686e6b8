"""Kill -9 and concurrency: an import, log writes and a review at once, some killed, nothing torn.

Two rounds on one workspace, each starting an import of a new export, ``netbook log`` touches, a
process writing many log entries and (first round) a review together, with SIGKILLs at moments
drawn from a fixed seed. After each round the store opens, its imported tables are as before or
as after the round's import, every reported log write is stored, and every file is owner-only
(see ``crashkit``). Then a later import and review succeed. The larger run is
``benchmarks/crash_bench.py``.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import clirun
import crashkit
from netbook import Workspace
from netbook.sample import write_sample

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
SEED = 12


def _export(folder: Path, seed: int) -> Path:
    write_sample(folder, seed=seed, connections=200, messages=2000)
    return folder


def test_kill_9_at_random_moments_never_tears_the_store(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a usual umask: the processes inherit it
    try:
        _rounds(tmp_path)
    finally:
        os.umask(previous)


def _rounds(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.import_paths([SAMPLE])
    person = ws.table("people").sort("person_id")["profile_url"][0]
    killed: list[str] = []
    for number in (1, 2):
        export = _export(tmp_path / f"export-{number}", seed=SEED + number)
        before = crashkit.imported(crashkit.counts(root))
        after = crashkit.reference_counts(root, export, tmp_path / "reference")
        assert after != before  # so that a torn import could not pass for either
        logged = crashkit.log_entries(root)
        jobs = [
            crashkit.import_job(root, export, crashkit.maybe(rng, 0.8, 1.5, 4.5)),
            crashkit.log_job(root, person, crashkit.maybe(rng, 0.5, 1.0, 3.5)),
            crashkit.log_job(root, person),
            crashkit.writer_job(root, person, 100, crashkit.maybe(rng, 0.8, 2.0, 5.0)),
        ]
        if number == 1:
            jobs.append(crashkit.review_job(root, rng.uniform(2.0, 12.0)))
        outcomes = crashkit.run_round(jobs)
        check = crashkit.check_round(root, outcomes, before, after, logged)
        assert check.ok, check
        assert any(o.reported for o in outcomes)  # log writes did land during the round
        killed += [o.job.kind for o in outcomes if o.killed]
    assert killed  # the schedule did kill something (else this test proves little)

    doctor = clirun.netbook_process("doctor", "--format", "json", "--workspace", str(root))
    assert doctor.returncode == 0, doctor.stderr
    assert json.loads(doctor.stdout)["people"] == Workspace(root).table("people").height

    later = _export(tmp_path / "export-later", seed=SEED + 10)
    expected = crashkit.reference_counts(root, later, tmp_path / "reference")
    done = clirun.netbook_process("import", str(later), "--workspace", str(root))
    assert done.returncode == 0, done.stderr
    assert crashkit.imported(crashkit.counts(root)) == expected
    (review,) = crashkit.run_round([crashkit.review_job(root)])
    assert review.returncode == 0, review.stderr
    assert (root / "reviews" / "review-2026-11.html").is_file()
    assert crashkit.not_private(root) == {}
