"""Load speed and memory of the chat sources on large synthetic exports.

Writes a WhatsApp folder (``--chats`` one-to-one Android chats plus one group, ``--messages``
messages in all, some multi-line, some media) and a Telegram Desktop ``result.json`` with the
same number of messages, then times each source's ``load`` in a fresh process so that peak memory
(``ru_maxrss``) is that run's alone; CPU seconds beside wall seconds tell a busy machine apart.

    python benchmarks/chats_bench.py [--messages 200000] [--chats 200]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

LOAD = """
import json, resource, sys, time
from pathlib import Path
from netbook.sources import SOURCES, OwnerHint
source = SOURCES.get(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
loaded = source.load(Path(sys.argv[1]), owner=OwnerHint(name="Sam Owner"))
rows = loaded.interactions.collect().height
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "interactions": rows}))
"""

WORDS = [
    "see",
    "you",
    "at",
    "the",
    "cafe",
    "tomorrow",
    "thanks",
    "for",
    "the",
    "notes",
    "how",
    "are",
    "you",
    "doing",
    "lunch",
    "next",
    "week",
]
START = datetime(2024, 1, 1, tzinfo=UTC)


def _text(rng: random.Random) -> str:
    text = " ".join(rng.choices(WORDS, k=rng.randint(2, 30)))
    if rng.random() < 0.05:
        text += "\n" + " ".join(rng.choices(WORDS, k=8))
    return "<Media omitted>" if rng.random() < 0.03 else text + rng.choice(["", "?", "!"])


def write_whatsapp(folder: Path, messages: int, chats: int, rng: random.Random) -> None:
    """``chats`` one-to-one chats and a group sharing ``messages`` messages."""
    folder.mkdir(parents=True)
    per = messages // (chats + 1)
    for c in range(chats + 1):
        group = c == chats
        others = [f"Person {c}-{k}" for k in range(5 if group else 1)]
        at = START + timedelta(minutes=rng.randrange(60 * 24 * 30))
        lines = []
        for _ in range(per):
            at += timedelta(minutes=rng.randint(1, 600))
            sender = "Sam Owner" if rng.random() < 0.5 else rng.choice(others)
            lines.append(f"{at:%d/%m/%Y, %H:%M} - {sender}: {_text(rng)}")
        name = "Group" if group else others[0]
        (folder / f"WhatsApp Chat with {name}.txt").write_text("\n".join(lines) + "\n")


def write_telegram(path: Path, messages: int, chats: int, rng: random.Random) -> None:
    """A full Telegram export with ``chats`` personal chats sharing ``messages`` messages."""
    listed = []
    per = messages // chats
    for c in range(chats):
        at = START + timedelta(minutes=rng.randrange(60 * 24 * 30))
        rows = []
        for i in range(per):
            at += timedelta(minutes=rng.randint(1, 600))
            mine = rng.random() < 0.5
            rows.append(
                {
                    "id": i,
                    "type": "message",
                    "date": f"{at:%Y-%m-%dT%H:%M:%S}",
                    "date_unixtime": str(int(at.timestamp())),
                    "from": "Sam Owner" if mine else f"Person {c}",
                    "from_id": "user1" if mine else f"user{1000 + c}",
                    "text": _text(rng),
                }
            )
        listed.append({"name": f"Person {c}", "type": "personal_chat", "id": 1000 + c,
                       "messages": rows})  # fmt: skip
    document = {"personal_information": {"user_id": 1}, "chats": {"list": listed}}
    path.write_text(json.dumps(document, indent=1))


def measure(path: Path, source: str) -> dict[str, float]:
    """One ``load`` of ``path`` by ``source`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(path), source], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    """Write the exports, load each once, print one line per source."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--chats", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_whatsapp(root / "whatsapp", args.messages, args.chats, rng)
        write_telegram(root / "result.json", args.messages, args.chats, rng)
        for path, source in ((root / "whatsapp", "whatsapp"), (root / "result.json", "telegram")):
            size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.iterdir()))
            r = measure(path, source)
            print(
                f"{source:9} {args.messages:>8,} messages {size / 2**20:7.1f} MB: "
                f"{r['seconds']:6.1f} s wall, {r['cpu']:6.1f} s cpu, {r['peak_mb']:6.0f} MB peak, "
                f"{int(r['interactions']):,} interactions"
            )


if __name__ == "__main__":
    main()
