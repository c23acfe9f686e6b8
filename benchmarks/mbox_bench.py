"""Import speed and memory of the e-mail source on a synthetic Gmail-style mbox.

Writes an mbox of ``--messages`` messages (default 20,000; about ``--body`` bytes of text each, plus
headers) with Gmail's ``X-GM-THRID`` and ``X-Gmail-Labels``, a mix of one-to-one mail both ways,
replies, CC fan-outs and newsletters, then times ``MboxSource.load`` (parsing and frames) and
``Workspace.import_paths`` (the same plus the store), each in a fresh process so that peak memory
(``ru_maxrss``) is that run's alone; CPU seconds beside wall seconds tell a busy machine apart.
The goal from issue 16: a 2 GB / 200,000-message mbox in one streaming pass in under 60 s and
under 1 GB.

    python benchmarks/mbox_bench.py [--messages 20000] [--body 2000] [--attachment 0] [--store]

A 2 GB / 200,000-message mailbox: ``--messages 200000 --attachment 40000``.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

LOAD = """
import json, resource, sys, time
from pathlib import Path
from netbook.sources import OwnerHint
from netbook.sources.email import MboxSource
start, cpu = time.perf_counter(), time.process_time()
loaded = MboxSource().load(Path(sys.argv[1]), owner=OwnerHint(emails=("owner@mail.example",)))
rows = loaded.interactions.collect().height
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "interactions": rows}))
"""

STORE = """
import json, resource, sys, time
from pathlib import Path
from netbook import Workspace
root = Path(sys.argv[2])
root.mkdir()
(root / "netbook.toml").write_text('[owner]\\nemails = ["owner@mail.example"]\\n')
start, cpu = time.perf_counter(), time.process_time()
(result,) = Workspace(root).import_paths([sys.argv[1]])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak,
                  "interactions": result.written.interactions_added}))
"""

WORDS = [
    "the",
    "a",
    "meeting",
    "next",
    "week",
    "project",
    "notes",
    "thanks",
    "call",
    "draft",
    "plan",
    "review",
    "team",
]


def write_mbox(path: Path, messages: int, body: int, attachment: int = 0, seed: int = 16) -> None:
    """A synthetic mbox: 2,000 correspondents, threads of a few messages, 10 % newsletters.

    With ``attachment`` bytes, every fifth message is ``multipart/mixed`` with a base64
    attachment of that size (real mailboxes are mostly attachments by volume).
    """
    blob = (
        base64.encodebytes(random.Random(seed).randbytes(attachment)).decode() if attachment else ""
    )
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    people = [f"person{i}@example.com" for i in range(2000)]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for n in range(messages):
            when = start + timedelta(minutes=15 * n)
            thread = n - n % 3
            other = people[rng.randrange(len(people))]
            outgoing = rng.random() < 0.4
            sender, to = (
                ("owner@mail.example", other) if outgoing else (other, "owner@mail.example")
            )
            if rng.random() < 0.05:
                to += ", " + ", ".join(rng.sample(people, 14))
            headers = [
                f"From {n}@xxx {when:%a %b %d %H:%M:%S +0000 %Y}",
                f"X-GM-THRID: {1_700_000_000_000 + thread}",
                f"X-Gmail-Labels: {'Sent' if outgoing else 'Inbox,Important'}",
                f"From: Person {n % 2000} <{sender}>",
                f"To: {to}",
                f"Subject: {'Re: ' if n % 3 else ''}thread {thread}",
                f"Date: {format_datetime(when)}",
                f"Message-ID: <m{n}@example.com>",
            ]
            if n % 3:
                headers.append(f"In-Reply-To: <m{n - 1}@example.com>")
            if rng.random() < 0.1:
                headers.append("List-Unsubscribe: <mailto:stop@news.example.com>")
            text = " ".join(rng.choices(WORDS, k=body // 6))
            lines = [text[i : i + 76] for i in range(0, len(text), 76)]
            question = "\nAny thoughts?" if rng.random() < 0.3 else ""
            content = "\n".join(lines) + question + "\n"
            if blob and n % 5 == 0:
                headers.append('Content-Type: multipart/mixed; boundary="==b=="')
                content = (
                    "--==b==\nContent-Type: text/plain; charset=utf-8\n\n"
                    + content
                    + "--==b==\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
                    + 'Content-Disposition: attachment; filename="a.pdf"\n\n'
                    + blob
                    + "--==b==--\n"
                )
            else:
                headers.append("Content-Type: text/plain; charset=utf-8")
            out.write("\n".join(headers) + "\n\n" + content + "\n")


def run(code: str, *args: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter and return the JSON it prints."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Write the mbox, time the load (and with ``--store`` the whole import), print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--body", type=int, default=2000, help="text bytes per message")
    parser.add_argument(
        "--attachment", type=int, default=0, help="bytes of the attachment on every 5th message"
    )
    parser.add_argument("--store", action="store_true", help="also time the import into a store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        mbox = Path(tmp) / "All mail Including Spam and Trash.mbox"
        write_mbox(mbox, args.messages, args.body, args.attachment)
        size = mbox.stat().st_size / 2**20
        runs = [("load", run(LOAD, str(mbox)))]
        if args.store:
            runs.append(("import", run(STORE, str(mbox), str(Path(tmp) / "ws"))))
    print(f"mbox: {args.messages:,} messages, {size:,.0f} MB")
    print(f"{'step':<8}{'seconds':>10}{'cpu s':>8}{'peak MB':>10}{'msg/s':>10}{'interactions':>14}")
    for name, r in runs:
        rate = args.messages / r["seconds"]
        print(
            f"{name:<8}{r['seconds']:>10.1f}{r['cpu']:>8.1f}{r['peak_mb']:>10.0f}{rate:>10,.0f}"
            f"{int(r['interactions']):>14,}"
        )


if __name__ == "__main__":
    main()
