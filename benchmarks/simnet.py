"""A simulated professional network whose true closeness is known (issue 10, item 6).

``simulate(seed)`` draws one owner's LinkedIn network: connections (and a few people who only
message, such as recruiters), a latent closeness per person, true Dunbar layers, and a bursty contact
process over each relationship's life on LinkedIn messages, meetings and calls, plus contact that
happens off LinkedIn and is invisible to netbook. The visible part comes out in netbook's schemas
(``people``, ``interactions``); the ``truth`` frame says what really holds for each person.

Every parameter of the world (layer sizes, contact rates, burstiness, reply habits, message lengths,
the share of cold outreach, ...) is itself drawn per seed, so that seeds differ in kind and not just
in noise: tune the model against many seeds, never one.

Only the standard library's ``random.Random(seed)`` is used (numpy is no dependency of netbook), so
a seed gives the same network on any machine.

    python benchmarks/simnet.py [--seed 1] [--connections 1500]   # prints the data's distributions
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import polars as pl

from netbook import schema

LAYERS = ("support", "sympathy", "close", "active")
CADENCE = {"support": 7, "sympathy": 30, "close": 90, "active": 365}
"""Days between contacts each inner layer should see at least (metrics.md §3.4)."""
SIZES = {"support": 5, "sympathy": 10, "close": 35, "active": 100}
"""Exclusive layer sizes before the per-seed variation of ±30%."""
WAITING_DAYS = 30
DORMANT_DAYS = 3 * 365
HISTORY_YEARS = 16

FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kai",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carmen",
    "Dmitri",
    "Esther",
    "Felix",
    "Gita",
    "Hannah",
    "Ivan",
    "Julia",
    "Karim",
    "Lucia",
    "Marco",
    "Nora",
    "Oscar",
    "Paula",
    "Rafael",
    "Sofia",
    "Tomas",
    "Uma",
    "Viktor",
    "Wanda",
    "Yara",
    "Ziad",
]
LAST = [
    "Adams",
    "Bauer",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hoffmann",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lopez",
    "Meyer",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmermann",
    "Alvarez",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksen",
    "Ferreira",
    "Gupta",
    "Haddad",
    "Iyer",
    "Jovanovic",
    "Khan",
    "Larsen",
    "Moreau",
    "Novak",
    "Olsen",
    "Patel",
    "Rahman",
    "Silva",
    "Torres",
    "Novotny",
    "Wagner",
    "Young",
    "Zhang",
]
COMPANIES = (
    "Northwind Labs",
    "Bluefield Analytics",
    "Quanta Health",
    "Meridian Bank",
    "Orbit Logistics",
    "Helix Bio",
    "Cobalt Systems",
    "Lumen Energy",
    "Parcel & Co",
    "Stratus Cloud",
    "Greenway Foods",
    "Atlas Consulting",
    "Kite Robotics",
    "Sable Insurance",
    "Vertex Media",
    "Harbor University",
    "Tandem Ventures",
    "Ridge Pharma",
    "Nimbus Games",
    "Civic Data Office",
)
AGENCIES = ("TalentBridge", "HireWave", "Apex Search", "Peoplefirst Staffing", "Scout Partners")
VENDORS = ("GrowthStack", "LeadRocket", "CloudSell", "DataPitch")
POSITIONS = (
    "Data Scientist",
    "Senior Data Scientist",
    "Software Engineer",
    "Staff Engineer",
    "Product Manager",
    "Engineering Manager",
    "Head of Data",
    "Analyst",
    "Designer",
    "Researcher",
    "Consultant",
    "Director of Engineering",
    "CTO",
    "Founder",
    "Marketing Lead",
    "Operations Manager",
)


@dataclass(frozen=True)
class Sim:
    """One simulated network at ``as_of``."""

    people: pl.DataFrame
    """:data:`netbook.schema.PERSON_VIEW` (no user-set fields: ratings are in ``truth``)."""
    interactions: pl.DataFrame
    """:data:`netbook.schema.INTERACTIONS` plus ``asks`` (a message ends with a question; null
    for other channels). Only what netbook could see."""
    truth: pl.DataFrame
    """One row per person: closeness, true_layer, kind, last_true_contact, truly_overdue,
    drifting, dormant_strong, waiting, rating."""
    as_of: date


@dataclass
class _World:
    """The per-seed parameters of the world."""

    sizes: dict[str, int]
    gap: dict[str, float]  # mean days between clusters of episodes, per true layer
    burst: float  # mean episodes per cluster
    burst_days: float  # mean days between episodes within a cluster
    regularity: float  # gamma shape of the gaps between clusters (1: Poisson, higher: steadier)
    reply: float  # base probability that a turn gets answered
    owner_starts: float  # how often the owner starts a conversation (before per-person variation)
    length: float  # median message length
    closer: float  # probability of a "Thanks!" after you end a conversation you led
    asks: float  # probability that a message ends with a question
    meeting: float  # scale of the meeting share (closer ties meet more)
    call: float
    new_thread: float  # probability that an episode opens a new thread
    cold_share: float  # recruiters and sales per connection
    connection_only: float  # share of acquaintances never contacted
    one_off: float  # share of acquaintances with one exchange years ago
    drifting: float  # share of sympathy/close/active ties drifting apart
    dormant: int  # dormant strong ties
    overdue: dict[str, int]  # planted overdue ties per layer
    new: int  # connections of the last 14 days
    asked: int  # planted recent questions left unanswered
    groups: int  # group threads


def _world(rng: random.Random, connections: int) -> _World:
    scale = connections / 1500
    sizes = {k: max(1, round(v * rng.uniform(0.7, 1.3))) for k, v in SIZES.items()}
    pace = rng.uniform(0.4, 0.8)
    return _World(
        sizes=sizes,
        # Mean days between clusters of episodes: a share of the layer's cadence (per seed, then
        # per layer), so that a tie mostly keeps its layer's cadence but not always.
        gap={
            **{k: v * pace * rng.uniform(0.8, 1.25) for k, v in CADENCE.items()},
            "acquaintance": rng.uniform(900, 2500),
        },
        burst=rng.uniform(1.1, 2.2),
        burst_days=rng.uniform(1.5, 6),
        regularity=rng.uniform(1.0, 3.0),
        reply=rng.uniform(0.55, 0.8),
        owner_starts=rng.uniform(0.3, 0.7),
        length=rng.uniform(70, 220),
        closer=rng.uniform(0.15, 0.45),
        asks=rng.uniform(0.2, 0.45),
        meeting=rng.uniform(0.4, 1.6),
        call=rng.uniform(0.3, 1.5),
        new_thread=rng.uniform(0.05, 0.3),
        cold_share=rng.uniform(0.03, 0.10),
        connection_only=rng.uniform(0.45, 0.75),
        one_off=rng.uniform(0.1, 0.25),
        drifting=rng.uniform(0.05, 0.15),
        dormant=max(2, round(rng.uniform(4, 14) * scale)),
        overdue={
            "support": rng.randint(0, 2),
            "sympathy": rng.randint(1, 3),
            "close": rng.randint(3, 8),
        },
        new=max(3, round(rng.uniform(6, 22) * scale)),
        asked=max(2, round(rng.uniform(3, 10) * scale)),
        groups=rng.randint(2, 6),
    )


def _slug(first: str, last: str, n: int) -> str:
    tail = hashlib.sha1(f"{first}{last}{n}".encode()).hexdigest()[:6]
    return f"{first.lower()}-{last.lower()}-{tail}"


def _id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


class _Log:
    """Contact events as columns (time in days since the origin, float)."""

    def __init__(self) -> None:
        self.cols: dict[str, list[object]] = {
            k: []
            for k in (
                "p",
                "t",
                "channel",
                "direction",
                "initiated",
                "thread",
                "group",
                "length",
                "asks",
                "visible",
                "led",
            )
        }

    def add(
        self,
        p: int,
        t: float,
        channel: str,
        direction: str | None,
        *,
        initiated: bool = False,
        thread: str | None = None,
        group: bool = False,
        length: int | None = None,
        asks: bool | None = None,
        visible: bool = True,
        led: bool = False,
    ) -> None:
        c = self.cols
        c["p"].append(p)
        c["t"].append(t)
        c["channel"].append(channel)
        c["direction"].append(direction)
        c["initiated"].append(initiated)
        c["thread"].append(thread)
        c["group"].append(group)
        c["length"].append(length)
        c["asks"].append(asks)
        c["visible"].append(visible)
        c["led"].append(led)


class _Sim:
    """The drawing of one network (state shared by the episode generators)."""

    def __init__(self, seed: int, connections: int, as_of: date, offline: tuple[float, float]):
        self.rng = random.Random(seed)
        self.seed = seed
        self.as_of = as_of
        self.origin = as_of - timedelta(days=HISTORY_YEARS * 365)
        self.end = float((as_of - self.origin).days + 1)  # the first instant after as_of
        self.world = _world(self.rng, connections)
        self.offline = offline
        self.log = _Log()
        self.threads: dict[int, str] = {}
        self.thread_count = 0

    # -- helpers -------------------------------------------------------------------------------

    def day(self, days_ago: float) -> float:
        """The time ``days_ago`` days before the end of as_of, at a working hour."""
        d = math.floor(self.end - days_ago)
        return d + self.rng.uniform(7.5, 20) / 24

    def length(self, *, short: bool = False) -> int:
        if short:
            return self.rng.randint(5, 20)
        value = self.rng.lognormvariate(math.log(self.world.length), 0.75)
        return int(min(max(value, 40), 800) if self.rng.random() < 0.93 else max(value, 20))

    def thread(self, p: int, *, new: bool = False) -> str:
        if new or p not in self.threads:
            self.thread_count += 1
            self.threads[p] = f"t{self.seed}-{self.thread_count}"
        return self.threads[p]

    # -- episodes ------------------------------------------------------------------------------

    def conversation(
        self,
        p: int,
        t: float,
        *,
        owner_starts: bool,
        reply: float,
        latency_hours: float,
        closer: bool = True,
        max_turns: int = 8,
        final_question: float | None = None,
    ) -> None:
        """A LinkedIn message exchange started at ``t``: runs of messages, taking turns."""
        rng, w = self.rng, self.world
        thread = self.thread(p, new=rng.random() < w.new_thread)
        side = "outbound" if owner_starts else "inbound"
        first = True
        turns = 0
        last: tuple[int, str] | None = None
        while True:
            run = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            for i in range(run):
                if i:
                    t += rng.uniform(1, 20) / 1440
                asks = rng.random() < w.asks
                self.log.add(
                    p,
                    t,
                    "message",
                    side,
                    initiated=first,
                    thread=thread,
                    length=self.length(),
                    asks=asks,
                    led=owner_starts,
                )
                last = (len(self.log.cols["p"]) - 1, side)
                first = False
            turns += 1
            if turns >= max_turns or rng.random() > reply * (0.85 ** (turns - 1)):
                break
            t += rng.lognormvariate(math.log(latency_hours), 1.0) / 24
            side = "inbound" if side == "outbound" else "outbound"
        assert last is not None
        index, side = last
        if side == "inbound" and final_question is not None:
            self.log.cols["asks"][index] = rng.random() < final_question
        if closer and owner_starts and side == "outbound" and rng.random() < w.closer:
            t += rng.lognormvariate(math.log(max(latency_hours, 0.5)), 1.0) / 24
            self.log.add(
                p,
                t,
                "message",
                "inbound",
                thread=thread,
                length=self.length(short=True),
                asks=False,
                led=True,
            )

    def episode(self, p: int, t: float, c: float, offline: float, owner_bias: float) -> None:
        """One contact of a regular tie: off LinkedIn, a meeting, a call or a conversation."""
        rng, w = self.rng, self.world
        owner_starts = rng.random() < owner_bias
        if rng.random() < offline:
            self.log.add(p, t, "offline", None, visible=False)
            return
        draw = rng.random()
        meet, call = 0.22 * w.meeting * c**1.2, 0.18 * w.call * c**1.2
        if draw < meet + call:
            channel = "meeting" if draw < meet else "call"
            direction = "outbound" if owner_starts else "inbound"
            if channel == "meeting" and rng.random() < 0.15:
                direction = "mutual"
            self.log.add(p, t, channel, direction, initiated=direction != "mutual")
            return
        self.conversation(
            p,
            t,
            owner_starts=owner_starts,
            reply=min(0.97, w.reply + 0.3 * c),
            latency_hours=2 + 30 * (1 - c) ** 2,
        )


def _episode_times(
    rng: random.Random, start: float, stop: float, gap: float, w: _World
) -> list[float]:
    """Bursty arrival times in [start, stop): clusters of episodes, on average ``gap`` days apart
    (gamma gaps: ties keep some rhythm), each of ``burst`` episodes on average."""
    times: list[float] = []
    mean = gap
    t = start + rng.gammavariate(w.regularity, mean / w.regularity) * rng.random()
    while t < stop:
        n = 1
        while rng.random() < 1 - 1 / w.burst:
            n += 1
        s = t
        for _ in range(n):
            if s >= stop:
                break
            times.append(s)
            s += rng.expovariate(1 / w.burst_days)
        t += rng.gammavariate(w.regularity, mean / w.regularity)
    return times


def simulate(
    seed: int,
    *,
    connections: int = 1500,
    as_of: date = date(2026, 11, 16),
    offline_share: tuple[float, float] = (0.05, 0.35),
) -> Sim:
    """Draw a network for ``seed`` (the same seed gives the same network)."""
    sim = _Sim(seed, connections, as_of, offline_share)
    rng, w = sim.rng, sim.world

    # -- the population ------------------------------------------------------------------------
    n_cold = max(3, round(connections * w.cold_share))
    cold_connected = round(n_cold * rng.uniform(0.15, 0.4))
    n = connections + n_cold - cold_connected  # cold people who connected are connections too
    kinds = ["regular"] * n
    cold = list(range(connections - cold_connected, n))  # the last rows are the cold outreach
    for p in cold:
        kinds[p] = "recruiter" if rng.random() < 0.65 else "sales"
    warm = [p for p in range(n) if kinds[p] == "regular"]

    # Latent closeness (now and as it was at the tie's best): a skewed draw, per-seed shape.
    a, b = rng.uniform(0.5, 1.1), rng.uniform(3, 7)
    past = [0.0] * n
    for p in warm:
        past[p] = rng.betavariate(a, b)
    for p in cold:
        past[p] = rng.uniform(0, 0.02)
    ranked = sorted(warm, key=lambda p: -past[p])
    inner = sum(w.sizes.values())
    base_layer: dict[int, str] = {}
    edge = 0
    for layer in LAYERS:
        for p in ranked[edge : edge + w.sizes[layer]]:
            base_layer[p] = layer
        edge += w.sizes[layer]
    inner_threshold = past[ranked[min(inner, len(ranked)) - 1]]

    # Connection dates: 1-12 years back, denser recently; cold connections are recent-ish.
    days_ago: list[int | None] = [None] * n
    for p in range(n):
        if p < connections:
            days_ago[p] = int(min(365 * 12, 30 + rng.expovariate(1 / (365 * 3.5))))

    # Hard cases among the warm people.
    by_base = {layer: [p for p in ranked if base_layer.get(p) == layer] for layer in LAYERS}
    old = [
        p
        for p in by_base["sympathy"] + by_base["close"] + by_base["active"]
        if (days_ago[p] or 0) > 365 * 2
    ]
    rng.shuffle(old)
    dormant = old[: w.dormant]
    silent_since: dict[int, float] = {}
    for p in dormant:
        kinds[p] = "dormant"
        years = rng.uniform(3.1, 8)
        silent_since[p] = years * 365
        days_ago[p] = int(min(365 * 15, years * 365 + rng.uniform(1, 6) * 365))
    candidates = [p for p in old[w.dormant :] if kinds[p] == "regular"]
    drifting = candidates[: max(1, round(len(candidates) * w.drifting))]
    drift_from: dict[int, float] = {}
    for p in drifting:
        kinds[p] = "drifting"
        drift_from[p] = rng.uniform(1, 2) * 365

    # Closeness now: a dormant tie has lost ~15% a year of silence (Dunbar), a drifting one some.
    closeness = list(past)
    for p in dormant:
        closeness[p] = past[p] * 0.85 ** (silent_since[p] / 365) * rng.uniform(0.4, 0.7)
    for p in drifting:
        closeness[p] = past[p] * rng.uniform(0.8, 0.95)
    now_ranked = sorted(warm, key=lambda p: -closeness[p])
    true_layer = ["acquaintance"] * n
    edge = 0
    for layer in LAYERS:
        for p in now_ranked[edge : edge + w.sizes[layer]]:
            true_layer[p] = layer
        edge += w.sizes[layer]

    planted: dict[int, float] = {}
    for layer, count in w.overdue.items():
        pool = [p for p in now_ranked if true_layer[p] == layer and kinds[p] == "regular"]
        for p in rng.sample(pool, min(count, len(pool))):
            kinds[p] = "planted_overdue"
            planted[p] = rng.uniform(1.5, 5) * CADENCE[layer]
            days_ago[p] = max(days_ago[p] or 0, int(planted[p]) + rng.randint(120, 900))

    acquaintances = [p for p in warm if true_layer[p] == "acquaintance" and kinds[p] == "regular"]
    rng.shuffle(acquaintances)
    new = acquaintances[: w.new]
    for p in new:
        kinds[p] = "new"
        days_ago[p] = rng.randint(0, 13)
    # Closeness drives contact among acquaintances too (noisily): the least close never talked,
    # the next had one exchange, the closest keep rare contact.
    rest = sorted(acquaintances[w.new :], key=lambda p: closeness[p] * rng.lognormvariate(0, 0.5))
    k1 = round(len(rest) * w.connection_only)
    k2 = k1 + round(len(rest) * w.one_off)
    for p in rest[:k1]:
        kinds[p] = "connection_only"
    for p in rest[k1:k2]:
        kinds[p] = "one_off"
    for p in cold:
        if p < connections:
            days_ago[p] = int(rng.uniform(20, 365 * 5))

    # Within a layer, the closer a tie the more often you talk: a tie's place in its layer's range
    # of closeness scales its layer's gap by up to sqrt(3) either way (layers are about 3x apart).
    span: dict[str, tuple[float, float]] = {}
    for layer in (*LAYERS, "acquaintance"):
        values = [closeness[p] for p in warm if true_layer[p] == layer] or [0.0]
        span[layer] = (min(values), max(values))

    def place(p: int, layer: str) -> float:
        lo, hi = span[layer]
        return 0.5 if hi <= lo else min(1.0, max(0.0, (closeness[p] - lo) / (hi - lo)))

    # -- contact ---------------------------------------------------------------------------------
    for p in range(n):
        kind = kinds[p]
        start = sim.end - (days_ago[p] + 1 if days_ago[p] is not None else 365 * 6)
        if days_ago[p] is not None:
            d = math.floor(start) + rng.uniform(6, 22) / 24  # on as_of - days_ago
            invite = d - rng.choice((0.02, 0.3, 1, 1, 2, 3, 6))
            inbound_invite = kind in ("recruiter", "sales") or rng.random() < 0.5
            sim.log.add(
                p,
                invite,
                "invitation",
                "inbound" if inbound_invite else "outbound",
                initiated=True,
            )
            sim.log.add(p, d, "connection", None)
            start = d + 0.05
        c = closeness[p]
        off = rng.uniform(*offline_share)
        bias = min(0.9, max(0.1, rng.gauss(w.owner_starts, 0.12)))
        if kind in ("recruiter", "sales"):
            _cold(sim, p, start)
        elif kind == "one_off":
            lo, hi = start, sim.end - 365 * 2
            if hi > lo:
                sim.conversation(
                    p,
                    rng.uniform(lo, hi),
                    owner_starts=rng.random() < 0.5,
                    reply=0.5,
                    latency_hours=20,
                    max_turns=3,
                )
        elif kind == "new":
            _new(sim, p, start)
        elif kind == "regular" and true_layer[p] == "acquaintance":
            gap = w.gap["acquaintance"] * 3 ** (0.5 - place(p, "acquaintance"))
            gap *= rng.lognormvariate(0, 0.5)
            for t in _episode_times(rng, start, sim.end, gap, w):
                sim.episode(p, t, c, off, bias)
        elif kind != "connection_only":
            layer = base_layer.get(p, true_layer[p]) if kind == "dormant" else true_layer[p]
            if layer == "acquaintance":
                layer = "active"
            # Closer within a layer: more often; and every tie its own pace.
            gap = w.gap[layer] * 3 ** (0.5 - place(p, layer)) * rng.lognormvariate(0, 0.3)
            stop = sim.end
            if kind == "dormant":
                stop = sim.end - silent_since[p]
            elif kind == "planted_overdue":
                stop = sim.end - planted[p]
            times = _episode_times(rng, start, stop, gap, w)
            if kind == "drifting":
                ramp = sim.end - drift_from[p]
                floor = rng.uniform(0.03, 0.2)
                times = [
                    t
                    for t in times
                    if t < ramp or rng.random() < 1 - (1 - floor) * (t - ramp) / drift_from[p]
                ]
            if kind in ("dormant", "planted_overdue") and stop > start:
                times = [t for t in times if t < stop - 1]
                times.append(sim.day(sim.end - stop))  # the last contact, exactly then
            for t in times:
                sim.episode(p, t, c, off, bias)

    # Recent questions of theirs, not answered yet (beyond those the process left by itself).
    pool = [
        p
        for p in warm
        if kinds[p] in ("regular", "drifting") and true_layer[p] in ("close", "active")
    ]
    for p in rng.sample(pool, min(w.asked, len(pool))):
        t = sim.day(rng.uniform(0, WAITING_DAYS - 1))
        thread = sim.thread(p)
        sim.log.add(
            p,
            t,
            "message",
            "inbound",
            initiated=True,
            thread=thread,
            length=sim.length(),
            asks=True,
        )
        _drop_after(sim, p, t)

    _groups(sim, [p for p in now_ranked[: inner + 60] if kinds[p] != "dormant"])

    return _frames(sim, n, kinds, closeness, past, true_layer, inner_threshold)


def _drop_after(sim: _Sim, p: int, t: float) -> None:
    """Remove person ``p``'s later contact (a planted unanswered question stays the last word)."""
    cols = sim.log.cols
    keep = [
        i
        for i in range(len(cols["p"]))
        if not (
            cols["p"][i] == p and cols["t"][i] > t and cols["channel"][i] not in ("connection",)
        )
    ]
    if len(keep) < len(cols["p"]):
        for k in cols:
            cols[k] = [cols[k][i] for i in keep]


def _cold(sim: _Sim, p: int, start: float) -> None:
    """A recruiter or salesperson: cold inbound pitches, mostly unanswered, a few short replies."""
    rng = sim.rng
    pitches = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
    for _ in range(pitches):
        # Cold outreach is denser in recent years.
        t = sim.end - min(sim.end - start, rng.expovariate(1 / 500)) + 0.01
        t = math.floor(t) + rng.uniform(7, 19) / 24
        if t >= sim.end:
            continue
        thread = sim.thread(p, new=True)
        sim.log.add(
            p,
            t,
            "message",
            "inbound",
            initiated=True,
            thread=thread,
            length=int(rng.uniform(300, 1400)),
            asks=rng.random() < 0.6,
        )
        if rng.random() < 0.3:  # the follow-up nudge
            t += rng.uniform(4, 12)
            sim.log.add(p, t, "message", "inbound", thread=thread, length=sim.length(), asks=True)
        if rng.random() < 0.15:  # a polite no
            t += rng.uniform(0.2, 5)
            sim.log.add(
                p, t, "message", "outbound", thread=thread, length=rng.randint(15, 90), asks=False
            )
            if rng.random() < 0.5:
                t += rng.uniform(0.1, 2)
                sim.log.add(
                    p, t, "message", "inbound", thread=thread, length=sim.length(), asks=False
                )


def _new(sim: _Sim, p: int, start: float) -> None:
    """Connected in the last 14 days: you wrote, they wrote, both, or nobody yet."""
    rng = sim.rng
    draw = rng.random()
    t = start + rng.uniform(0.02, 3)
    if t >= sim.end:
        return
    if draw < 0.35:
        sim.conversation(
            p, t, owner_starts=True, reply=0.6, latency_hours=10, max_turns=3, closer=True
        )
    elif draw < 0.55:
        sim.conversation(
            p, t, owner_starts=False, reply=0.5, latency_hours=10, max_turns=3, final_question=0.7
        )


def _groups(sim: _Sim, members: list[int]) -> None:
    """A few group threads among closer ties: one row per counterpart for your messages."""
    rng = sim.rng
    for g in range(sim.world.groups):
        if len(members) < 3:
            return
        people = rng.sample(members, rng.randint(3, min(6, len(members))))
        thread = f"g{sim.seed}-{g}"
        t = sim.end - rng.uniform(10, 365 * 3)
        for i in range(rng.randint(4, 40)):
            if t >= sim.end:
                break
            sender = rng.choice([-1, *people])
            asks = rng.random() < sim.world.asks
            length = sim.length()
            if sender == -1:
                for q in people:
                    sim.log.add(
                        q, t, "message", "outbound", initiated=i == 0, thread=thread,
                        group=True, length=length, asks=asks,
                    )  # fmt: skip
            else:
                sim.log.add(
                    sender, t, "message", "inbound", initiated=i == 0, thread=thread,
                    group=True, length=length, asks=asks,
                )  # fmt: skip
            t += rng.expovariate(1 / rng.choice((0.05, 0.5, 3)))


def _names(
    rng: random.Random, n: int, kinds: list[str], closeness: list[float]
) -> list[dict[str, str]]:
    """Names, URLs, companies and positions. Companies: a per-seed Zipf mix of a small vocabulary
    (the owner's past employers on top, closer ties there more often), else a rarer one."""
    companies = rng.sample(COMPANIES, len(COMPANIES))
    weights = [1 / (k + 1) for k in range(len(companies))]
    top = max(closeness)
    out = []
    for p in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if kinds[p] == "recruiter":
            company, position = (
                rng.choice(AGENCIES),
                rng.choice(
                    ("Technical Recruiter", "Talent Partner", "Executive Search Consultant")
                ),
            )
        elif kinds[p] == "sales":
            company, position = (
                rng.choice(VENDORS),
                rng.choice(("Account Executive", "Sales Development Rep", "Partnerships Manager")),
            )
        else:
            if rng.random() < 0.25 + 0.35 * closeness[p] / top:
                company = rng.choices(companies, weights)[0]
            else:
                company = (
                    f"{rng.choice(FIRST)} {rng.choice(('Tech', 'Group', 'GmbH', 'Inc', 'AI'))}"
                )
            position = rng.choice(POSITIONS)
        out.append(
            {
                "first_name": first,
                "last_name": last,
                "full_name": f"{first} {last}",
                "company": company,
                "position": position,
                "profile_url": f"https://www.linkedin.com/in/{_slug(first, last, p)}",
            }
        )
    return out


def _rating(rng: random.Random, closeness: list[float]) -> list[int]:
    """The user's own 1-5 rating: monotone in closeness (by rank), with noise."""
    order = sorted(range(len(closeness)), key=lambda p: -closeness[p])
    ratings = [1] * len(closeness)
    for rank, p in enumerate(order, start=1):
        # log-rank: 5 for the ~5 closest, 2 around rank 100, 1 beyond ~300; noise of sd 0.6.
        score = 6.0 - 0.6 * math.log2(rank) + rng.gauss(0, 0.6)
        ratings[p] = int(min(5, max(1, round(score))))
    return ratings


def _frames(
    sim: _Sim,
    n: int,
    kinds: list[str],
    closeness: list[float],
    past: list[float],
    true_layer: list[str],
    inner_threshold: float,
) -> Sim:
    rng, as_of = sim.rng, sim.as_of
    names = _names(rng, n, kinds, closeness)
    ids = [_id(x["profile_url"]) for x in names]
    log = sim.log.cols
    events = (
        pl.DataFrame(log, strict=False)
        .filter(pl.col("t") < sim.end)
        .with_columns(
            occurred_at=(
                pl.lit(datetime(sim.origin.year, sim.origin.month, sim.origin.day))
                + pl.duration(seconds=(pl.col("t") * 86400).round().cast(pl.Int64))
            ).dt.replace_time_zone("UTC"),
            person_id=pl.lit(pl.Series(ids)).gather(pl.col("p")),
        )
        .with_row_index("row")
    )
    contact = events.filter(
        ~pl.col("channel").is_in(["connection", "invitation"]) & ~pl.col("group")
    )
    last = contact.group_by("p").agg(
        pl.col("occurred_at").max().dt.date().alias("last_true_contact")
    )
    # Waiting: their message (a question, or the start of a conversation) is the last contact of
    # any kind, in the last 30 days; cold pitches are owed nothing.
    tail = (
        contact.sort("p", "occurred_at", "row")
        .group_by("p", maintain_order=True)
        .agg(pl.all().last(), pl.col("direction").rle_id().last().alias("_run"))
    )
    runs = (
        contact.sort("p", "occurred_at", "row")
        .with_columns(_run=pl.col("direction").rle_id().over("p"))
        .join(tail.select("p", "_run"), on=["p", "_run"])
        .group_by("p")
        .agg(pl.col("initiated").any().alias("_started"))
    )
    cutoff = datetime.combine(as_of - timedelta(days=WAITING_DAYS - 1), datetime.min.time())
    waiting = tail.join(runs, on="p", how="left").select(
        "p",
        waiting=(pl.col("channel") == "message")
        & (pl.col("direction") == "inbound")
        & (pl.col("occurred_at") >= pl.lit(cutoff).dt.replace_time_zone("UTC"))
        & (pl.col("asks").fill_null(False) | pl.col("_started").fill_null(False)),
    )
    base = pl.DataFrame(
        {
            "p": list(range(n)),
            "person_id": ids,
            "closeness": closeness,
            "past": past,
            "true_layer": true_layer,
            "kind": kinds,
            "rating": _rating(rng, closeness),
        }
    )
    silent = (pl.lit(as_of) - pl.col("last_true_contact")).dt.total_days()
    cadence = pl.col("true_layer").replace_strict(CADENCE, default=None, return_dtype=pl.Int64)
    truth = (
        base.join(last, on="p", how="left")
        .join(waiting, on="p", how="left")
        .with_columns(
            truly_overdue=cadence.is_not_null() & (silent.is_null() | (silent >= cadence)),
            drifting=pl.col("kind") == "drifting",
            dormant_strong=(pl.col("past") >= inner_threshold)
            & (pl.col("kind") != "new")
            & (silent >= DORMANT_DAYS).fill_null(False),
            waiting=pl.col("waiting").fill_null(False)
            & ~pl.col("kind").is_in(["recruiter", "sales"]),
            rating=pl.col("rating").cast(pl.Int64),
        )
        .select(
            "person_id",
            "closeness",
            "true_layer",
            "kind",
            "last_true_contact",
            "truly_overdue",
            "drifting",
            "dormant_strong",
            "waiting",
            "rating",
        )
        .sort("person_id")
    )

    connected = (
        events.filter(pl.col("channel") == "connection")
        .group_by("p")
        .agg(pl.col("occurred_at").min().dt.date().alias("connected_on"))
    )
    people = pl.DataFrame(names).with_columns(
        p=pl.int_range(pl.len()),
        person_id=pl.Series(ids),
        tags=pl.lit([], pl.List(pl.String)),
        sources=pl.lit(["linkedin"], pl.List(pl.String)),
        observed_on=pl.lit(as_of),
    )
    people = people.join(connected, on="p", how="left")
    people = schema.conform(people, schema.PERSON_VIEW).collect().sort("person_id")

    source = (
        pl.when(pl.col("channel") == "meeting")
        .then(pl.lit("calendar"))
        .when(pl.col("channel") == "call")
        .then(pl.lit("log"))
        .otherwise(pl.lit("linkedin"))
    )
    visible = (
        events.filter(pl.col("visible"))
        .sort("occurred_at", "row")
        .with_columns(
            interaction_id=pl.format("sim{}-{}", pl.lit(sim.seed), pl.int_range(pl.len())),
            source=source,
            value=pl.lit("none"),
            weight=pl.lit(None, pl.Float64),
            thread_id=pl.col("thread"),
            is_group=pl.col("group"),
            content_length=pl.col("length"),
            is_html=pl.when(pl.col("channel") == "message").then(pl.lit(False)),
            asks=pl.when(pl.col("channel") == "message").then(pl.col("asks")),
            initiated=pl.col("initiated"),
        )
    )
    interactions = schema.conform(visible, schema.INTERACTIONS).collect()
    interactions = interactions.with_columns(asks=visible.get_column("asks").cast(pl.Boolean))
    return Sim(people=people, interactions=interactions, truth=truth, as_of=as_of)


def describe(sim: Sim) -> None:
    """Print the simulated data's distributions (a sanity check)."""
    pl.Config.set_tbl_rows(30)
    t, i = sim.truth, sim.interactions
    contact = i.filter(~pl.col("channel").is_in(["connection", "invitation"]) & ~pl.col("is_group"))
    days = contact.group_by("person_id").agg(
        pl.col("occurred_at").dt.date().n_unique().alias("visible_days"),
        (pl.col("occurred_at") >= pl.lit(datetime.combine(sim.as_of, datetime.min.time()))
         .dt.replace_time_zone("UTC") - pl.duration(days=365)).sum().alias("rows_365d"),
    )  # fmt: skip
    print(f"people {sim.people.height}, interactions {i.height}")
    print(
        t.join(days, on="person_id", how="left")
        .group_by("true_layer")
        .agg(
            pl.len().alias("people"),
            pl.col("closeness").mean().round(3).alias("closeness"),
            pl.col("visible_days").fill_null(0).median().alias("median_contact_days"),
            pl.col("rows_365d").fill_null(0).median().alias("median_rows_365d"),
            (pl.lit(sim.as_of) - pl.col("last_true_contact")).dt.total_days().median()
            .alias("median_days_silent"),
            pl.col("truly_overdue").sum().alias("overdue"),
            pl.col("rating").mean().round(2).alias("rating"),
        )
        .sort("closeness", descending=True)
    )  # fmt: skip
    print(t.group_by("kind").agg(pl.len(), *(pl.col(c).sum() for c in (
        "truly_overdue", "drifting", "dormant_strong", "waiting"))).sort("len", descending=True))  # fmt: skip
    messages = i.filter(pl.col("channel") == "message")
    print(
        messages.select(
            inbound_share=(pl.col("direction") == "inbound").mean().round(3),
            group_rows=pl.col("is_group").sum(),
            asks_share=pl.col("asks").mean().round(3),
            short_share=(pl.col("content_length") <= 20).mean().round(3),
            median_length=pl.col("content_length").median(),
        )
    )
    print(i.group_by("channel", "source").agg(pl.len()).sort("len", descending=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=1500)
    args = parser.parse_args()
    start = time.perf_counter()
    sim = simulate(args.seed, connections=args.connections)
    print(f"simulated in {time.perf_counter() - start:.2f}s")
    describe(sim)


if __name__ == "__main__":
    main()
