"""netbook beside a pandas notebook and polars' bare read, at 1k / 10k / 30k connections (issue 15).

For each size (messages scaled: 1,000,000 at 30,000 connections) a realistic export is generated
once under benchmarks/out (``write_sample(..., realistic=True)``: texts of real lengths, the 2024
quoting, groups and noise), then, in interleaved rounds, each as a whole fresh process:

- ``peer``: benchmarks/pandas_peer.py (read, direction, 1:1 threads, recency, 365-day counts, due);
- ``floor``: polars' bare ``read_csv`` of the same CSV files;
- ``bound duckdb``: the least an import and health can do in netbook's design, two processes: read
  the files as the floor does, give each message its stable MD5 id and store sender, time, thread
  and length in a DuckDB table; then each person's last contact and 365-day count. ``bound
  parquet``: the same into a Parquet file, without ids (the least any design that keeps the log
  can do). Neither knows direction, owner, noise, people or groups: what the goals can ask of
  ``import+health`` is measured against them;
- ``import``: ``netbook import`` into a fresh workspace, and ``import+health`` (the two commands);
  ``import zip``: the same export zipped, as LinkedIn sends it (its files are inflated in memory);
- ``health``, ``due``, ``summary``, ``plan``: the command, and the API call in one warm process
  (``api`` rows: best of the rounds, no start-up; the ``plan`` API call reads its week as kept,
  ``plan cold`` not: the first plan after an import). The workspace is imported the day the bench
  runs, so a plan there carries nothing from earlier weeks;
  ``plan weekly`` is the first plan after an import of a workspace first imported ten weeks
  before the as-of day, whose three earlier weeks' plans were shown (a weekly user's: they are
  read as recorded in ``plans.json``, and what was done in them is read from the store), as an
  API call and as the command (one run per round, after the rounds);
- ``review``: ``netbook review --period month``;
- ``aged``: a monthly user's workspace, the same export imported twelve times (dated a month
  apart, 1% of the connections changing job each month; made once under benchmarks/out):
  ``aged import`` is the twelfth import (one run), ``aged plan`` and ``aged review`` the
  commands (the plan cold: its kept week removed first), and ``aged ... api`` the API calls.

The table shows the median wall time, the peak RSS (max over rounds, of that process alone), the
median CPU time (user + system: steadier than wall time on a shared machine) and the ratios of
each to the peer's and to the floor's.

With more than one size, a second table shows how each step grows: milliseconds per 1,000
connections between one size and the next (similar numbers mean linear growth).

    python benchmarks/speed_bench.py [--sizes 1000,10000,30000] [--quick] [--repeat 3] [--no-review]
        [--no-aged]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
AS_OF = "2026-11-16"
MESSAGES_PER_CONNECTION = 1_000_000 / 30_000

FLOOR = """
import sys
from pathlib import Path
import polars as pl
tables = {}
for path in sorted(Path(sys.argv[1]).glob("*.csv")):
    skip = 3 if path.name == "Connections.csv" else 0
    tables[path.name] = pl.read_csv(path, infer_schema=False, skip_lines=skip, truncate_ragged_lines=True)
"""
"""polars' bare read of every CSV file of the export (``tables``: each file's frame, by name)."""

_STORE = """
import duckdb
from netbook.ids import stable_ids_of
messages = tables["messages.csv"].select(
    pl.col("CONVERSATION ID").alias("thread_id"),
    pl.col("SENDER PROFILE URL").alias("person_id"),
    pl.col("DATE").str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%d %H:%M:%S UTC", strict=False)
    .alias("occurred_at"),
    pl.col("CONTENT").str.len_chars().fill_null(0).cast(pl.Int32).alias("content_length"),
)
if sys.argv[3] == "duckdb":  # netbook's design: a DuckDB store, an MD5 id per message
    key = [pl.col(c) for c in ("thread_id", "person_id")]
    key += [pl.col("occurred_at").dt.epoch("s"), pl.col("content_length")]
    messages = messages.with_columns(interaction_id=stable_ids_of(messages, key))
    store = duckdb.connect(sys.argv[2])
    store.register("new_messages", messages)
    store.execute("CREATE TABLE interactions AS SELECT * FROM new_messages")
    store.close()
else:  # the least any design can do: the rows in a Parquet file, no ids
    messages.write_parquet(sys.argv[2])
"""
BOUND = FLOOR + _STORE
"""The least an import can do (``bound`` rows): read every file as the floor does, keep a
message's sender, time, thread and length, and store them: in netbook's design (``duckdb``: a
DuckDB table, with the stable MD5 id netbook gives each message), or in a Parquet file without ids
(``parquet``). No owner, direction, noise, people, groups or aggregates: a bound, not a peer."""

BOUND_HEALTH = """
import sys
from datetime import datetime, timedelta, UTC
import polars as pl
as_of = datetime.fromisoformat(sys.argv[3]).replace(tzinfo=UTC) + timedelta(days=1)
if sys.argv[2] == "duckdb":
    import duckdb
    store = duckdb.connect(sys.argv[1], read_only=True)
    log = pl.DataFrame(store.sql("SELECT person_id, occurred_at FROM interactions")).lazy()
else:
    log = pl.scan_parquet(sys.argv[1])
at = pl.col("occurred_at").dt.replace_time_zone(None)
year = at >= (as_of - timedelta(days=365)).replace(tzinfo=None)
log.filter(at < as_of.replace(tzinfo=None)).group_by("person_id").agg(
    at.max().alias("last_contact"), year.sum().alias("touches_365d")
).collect()
"""
"""The least health can do after a ``bound`` import: each person's last contact and 365-day count."""

API = """
import json, sys, time
from datetime import date
from netbook import Workspace, api
workspace, as_of, repeat = Workspace(sys.argv[1]), date.fromisoformat(sys.argv[2]), int(sys.argv[3])
cache = workspace.root / "cache" / "plan-weeks.json"
calls = {
    "health": lambda: api.health(workspace, as_of=as_of),
    "due": lambda: api.due(workspace, as_of=as_of),
    "summary": lambda: api.summary(workspace, as_of=as_of, period="month"),
    "plan": lambda: api.plan(workspace, as_of=as_of),
    # Without the earlier weeks a plan keeps in the workspace (the first plan after a change).
    "plan cold": lambda: (cache.unlink(missing_ok=True), api.plan(workspace, as_of=as_of)),
}
if len(sys.argv) > 4:  # the same store, first imported ten weeks before as_of
    from datetime import timedelta
    weekly = Workspace(sys.argv[4])
    weeks, shown = weekly.root / "cache" / "plan-weeks.json", weekly.root / "plans.json"
    # A weekly user asked for the plans of the three weeks before (recorded in plans.json); an
    # import since changed the store (the kept weeks' key): this week's plan is made again.
    for back in (3, 2, 1):
        api.plan(weekly, as_of=as_of - timedelta(weeks=back))
    recorded = shown.read_bytes()
    (weekly.root / "plans.recorded").write_bytes(recorded)  # for the plan weekly command rounds

    def first_after_import():
        weeks.unlink(missing_ok=True)
        shown.write_bytes(recorded)
        return api.plan(weekly, as_of=as_of)

    calls["plan weekly"] = first_after_import
best = {}
for name, call in calls.items():
    times = []
    for _ in range(max(2, repeat)):  # the first call may pay for imports: best of two at least
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    best[name] = min(times)
print(json.dumps(best))
"""


BACKDATE = """
import sys
from datetime import date, datetime, time, timedelta, UTC
from netbook import Workspace, aggregates
workspace, as_of = Workspace(sys.argv[1]), date.fromisoformat(sys.argv[2])
first = datetime.combine(as_of - timedelta(weeks=10), time(9), UTC)
with workspace.transaction() as connection:
    connection.execute("UPDATE imports SET finished_at = ?", [first])
aggregates.refresh(workspace)  # kept under the store's new fingerprint
"""
"""Makes a workspace look first imported ten weeks before the as-of day (for ``plan weekly``)."""

GENERATE = """
import sys
from pathlib import Path
from netbook.sample import write_sample
connections, messages = int(sys.argv[2]), int(sys.argv[3])
write_sample(Path(sys.argv[1]), seed=7, connections=connections, messages=messages, realistic=True)
"""

LAUNCH = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
error = child.stderr.read().decode() if child.stderr else ""
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024, "code": code, "error": error}))
"""
"""Runs one command and reports it alone: Linux carries a process's peak RSS across exec, so a
command started straight from this (larger) process would report this one's peak as its own."""


def zipped(folder: Path) -> Path:
    """``folder`` as a zip beside it, as LinkedIn sends an export (made once)."""
    archive = folder.with_suffix(".zip")
    if not archive.exists():
        partial = archive.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
            for path in sorted(folder.iterdir()):
                out.write(path, path.name)
        partial.replace(archive)
    return archive


def export(connections: int) -> Path:
    """The realistic export for ``connections`` (generated once, cached under benchmarks/out)."""
    messages = round(connections * MESSAGES_PER_CONNECTION)
    folder = OUT / f"real-{connections}-{messages}"
    if not (folder / "messages.csv").exists():
        shutil.rmtree(folder, ignore_errors=True)
        code = (GENERATE, str(folder), str(connections), str(messages))
        subprocess.run([sys.executable, "-c", *code], check=True)
    return folder


Measure = tuple[float, float, float]
"""Wall seconds, peak RSS (MB) and CPU seconds (user + system, of the process and its children)."""


def timed(*command: str) -> Measure:
    """The :data:`Measure` of one process running ``command``."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, *command], capture_output=True, text=True, check=True
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    if got["code"] not in (0, 1):  # 1: some files skipped, still imported
        sys.exit(f"{' '.join(command)} failed ({got['code']}):\n{got['error']}")
    return float(got["seconds"]), float(got["peak_mb"]), float(got["cpu"])


MONTHS = [(2025, 12), *((2026, month) for month in range(1, 12))]
"""The months of the ``aged`` workspace's exports (each dated the 10th)."""
JOBS = {
    "title": ("Senior Engineer", "VP Sales", "Director of Product", "Head of Growth", "Analyst"),
    "company": ("Initech", "Globex", "Umbrella Labs", "Hooli", "Vandelay Industries"),
}


def monthly(folder: Path) -> list[Path]:
    """``folder`` as a year of monthly exports, oldest first (made once, beside it).

    Each month 1% of the connections change job (half of them company too); every other file is
    the same (linked, not copied).
    """
    root = folder.with_name(f"{folder.name}-monthly")
    exports = [root / f"Complete_LinkedInDataExport_{m:02d}-10-{y}" for y, m in MONTHS]
    if root.exists() and all((e / "Connections.csv").exists() for e in exports):
        return exports
    shutil.rmtree(root, ignore_errors=True)
    lines = (folder / "Connections.csv").read_text("utf-8").splitlines(keepends=True)
    notes, (header, *rows) = lines[:3], list(csv.reader(lines[3:]))
    company, position = header.index("Company"), header.index("Position")
    rng = random.Random(12)
    for export in exports:
        for row in rng.sample(rows, max(1, len(rows) // 100)):
            if rng.random() < 0.5:
                row[company] = rng.choice(JOBS["company"])
            row[position] = rng.choice(JOBS["title"])
        export.mkdir(parents=True)
        for path in folder.glob("*.csv"):
            if path.name != "Connections.csv":
                (export / path.name).symlink_to(path.resolve())
        with (export / "Connections.csv").open("w", encoding="utf-8", newline="") as out:
            out.writelines(notes)
            csv.writer(out).writerows([header, *rows])
    return exports


def aged(folder: Path, scratch: Path, rounds: list[dict[str, Measure]], review: bool) -> Path:
    """The ``aged`` rows, added to each of ``rounds``; returns the aged workspace."""
    workspace = scratch / "aged"
    shutil.rmtree(workspace, ignore_errors=True)
    *first, last = monthly(folder)
    for export in first:
        timed(*netbook("import", "-w", str(workspace), str(export)))
    twelfth = timed(*netbook("import", "-w", str(workspace), str(last)))
    for got in rounds:
        got["aged import"] = twelfth
        got["aged plan"] = cold_plan(workspace, scratch / "aged-plan.csv")
        if review:
            got["aged review"] = monthly_review(workspace, scratch / "aged-review")
    return workspace


def cold_plan(workspace: Path, out: Path) -> Measure:
    """``netbook plan`` as the first plan after an import (the week kept before is removed)."""
    (workspace / "cache" / "plan-weeks.json").unlink(missing_ok=True)
    return timed(
        *netbook("plan", "-w", str(workspace), "--as-of", AS_OF, "-f", "csv", "-o", str(out))
    )


def monthly_review(workspace: Path, out: Path) -> Measure:
    """``netbook review --period month`` of ``workspace``, written to the folder ``out``."""
    flags = ("--period", "month", "--as-of", AS_OF, "--no-progress", "--out", str(out))
    return timed(*netbook("review", "-w", str(workspace), *flags))


def netbook(*args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "netbook", *args)


def one_round(folder: Path, scratch: Path, review: bool) -> dict[str, Measure]:
    """Every process of one round at one size."""
    workspace = scratch / "workspace"
    shutil.rmtree(workspace, ignore_errors=True)
    got = {
        "peer": timed(sys.executable, str(HERE / "pandas_peer.py"), str(folder)),
        "floor": timed(sys.executable, "-c", FLOOR, str(folder)),
        "import zip": timed(*netbook("import", "-w", str(workspace), str(zipped(folder)))),
    }
    shutil.rmtree(workspace)
    got["import"] = timed(*netbook("import", "-w", str(workspace), str(folder)))
    for verb in ("health", "due", "summary", "plan"):
        out = str(scratch / f"{verb}.csv")
        common = ("-w", str(workspace), "--as-of", AS_OF, "-f", "csv", "-o", out)
        got[verb] = timed(*netbook(verb, *common))
    got["import+health"] = both(got["import"], got["health"])
    for design, name in (("duckdb", "bound.duckdb"), ("parquet", "bound.parquet")):
        stored = scratch / name
        stored.unlink(missing_ok=True)
        imported = timed(sys.executable, "-c", BOUND, str(folder), str(stored), design)
        health = timed(sys.executable, "-c", BOUND_HEALTH, str(stored), design, AS_OF)
        got[f"bound {design}"] = both(imported, health)
    if review:
        got["review"] = monthly_review(workspace, scratch / "review")
    return got


def both(first: Measure, then: Measure) -> Measure:
    """Two processes one after the other: their times added, the larger peak."""
    return first[0] + then[0], max(first[1], then[1]), first[2] + then[2]


def api_times(workspace: Path, repeat: int, with_weekly: bool = True) -> dict[str, float]:
    """The API rows, and (``with_weekly``) the workspace ``weekly`` beside ``workspace`` (see
    ``plan weekly``)."""
    command = [sys.executable, "-c", API, str(workspace), AS_OF, str(repeat)]
    if with_weekly:
        weekly = workspace.with_name("weekly")
        shutil.rmtree(weekly, ignore_errors=True)
        shutil.copytree(workspace, weekly)
        subprocess.run([sys.executable, "-c", BACKDATE, str(weekly), AS_OF], check=True)
        command.append(str(weekly))
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def plan_weekly(weekly: Path) -> Measure:
    """``netbook plan`` as the first plan after an import of a weekly user's workspace."""
    (weekly / "plans.json").write_bytes((weekly / "plans.recorded").read_bytes())
    return cold_plan(weekly, weekly.with_name("plan-weekly.csv"))


ORDER = (
    *("peer", "floor", "bound parquet", "bound duckdb", "import", "import+health"),
    *("import zip", "health", "due", "summary"),
    *("plan", "plan weekly", "review", "aged import", "aged plan", "aged review"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,30000", help="connections, comma-separated")
    parser.add_argument("--quick", action="store_true", help="1,000 connections only")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (median shown)")
    parser.add_argument("--no-review", action="store_true")
    parser.add_argument("--no-aged", action="store_true", help="without the monthly user's rows")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    head = f"{'connections':>11} {'messages':>9} {'step':>16} {'wall s':>7} {'peak MB':>8} "
    head += f"{'x peer':>7} {'x floor':>8} {'cpu s':>7} {'cpu x peer':>10} {'cpu x floor':>11}"
    print(head)
    print("-" * len(head))
    results: dict[str, dict[str, dict[str, float]]] = {}
    for connections in sizes:
        folder = export(connections)
        messages = round(connections * MESSAGES_PER_CONNECTION)
        rounds: list[dict[str, Measure]] = []
        with tempfile.TemporaryDirectory(prefix="netbook-speed-") as scratch:
            for _ in range(args.repeat):
                rounds.append(one_round(folder, Path(scratch), not args.no_review))
            api = api_times(Path(scratch) / "workspace", args.repeat)
            for got in rounds:  # interleaved with nothing: after the rounds, on its own workspace
                got["plan weekly"] = plan_weekly(Path(scratch) / "weekly")
            if not args.no_aged:
                monthly_user = aged(folder, Path(scratch), rounds, not args.no_review)
                times = api_times(monthly_user, args.repeat, with_weekly=False)
                api |= {f"aged {k}": v for k, v in times.items() if k in ("health", "plan cold")}
        wall = {k: statistics.median(r[k][0] for r in rounds) for k in rounds[0]}
        peak = {k: max(r[k][1] for r in rounds) for k in rounds[0]}
        cpu = {k: statistics.median(r[k][2] for r in rounds) for k in rounds[0]}
        results[str(connections)] = {"wall": wall, "peak": peak, "cpu": cpu, "api": api}
        for step in ORDER:
            if step not in wall:
                continue
            line = f"{connections:>11,} {messages:>9,} {step:>16} {wall[step]:>7.2f} "
            line += f"{peak[step]:>8.0f} {wall[step] / wall['peer']:>7.2f} "
            line += f"{wall[step] / wall['floor']:>8.2f} {cpu[step]:>7.2f} "
            print(line + f"{cpu[step] / cpu['peer']:>10.2f} {cpu[step] / cpu['floor']:>11.2f}")
        for step, seconds in api.items():
            print(f"{connections:>11,} {messages:>9,} {step + ' api':>16} {seconds:>7.3f}")
        sys.stdout.flush()
    if len(results) > 1:
        growth(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


def growth(results: dict[str, dict[str, dict[str, float]]]) -> None:
    """How each step's cost grows with the network: seconds per 1,000 connections between sizes.

    Linear growth shows as similar marginal costs from one size to the next (a fixed start-up
    makes the smallest size dearer per connection; a super-linear step gets dearer as it grows).
    """
    sizes = sorted(results, key=int)
    print()
    head = f"{'step':>16} " + " ".join(f"{int(s):>9,}" for s in sizes)
    spans = list(itertools.pairwise(sizes))
    head += " " + " ".join(f"{f'ms/1k {int(a) // 1000}-{int(b) // 1000}k':>13}" for a, b in spans)
    print(head)
    print("-" * len(head))
    rows = [(step, "wall", step) for step in ORDER]
    rows += [(f"{step} api", "api", step) for step in results[sizes[0]]["api"]]
    for label, kind, step in rows:
        if any(step not in results[s][kind] for s in sizes):
            continue
        walls = [results[s][kind][step] for s in sizes]
        line = f"{label:>16} " + " ".join(f"{w:>9.2f}" for w in walls)
        for (a, b), (before, after) in zip(spans, itertools.pairwise(walls), strict=True):
            line += f" {1000 * (after - before) / ((int(b) - int(a)) / 1000):>13.1f}"
        print(line)


if __name__ == "__main__":
    main()
