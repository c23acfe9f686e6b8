"""``netbook intros``: introductions you could make between two of your people.

A pair qualifies when all of these hold:

- you know both: each is among your :data:`POOL` strongest ties in touch (strength above 0);
- they do not know each other as far as netbook can tell: no stored fact links them
  (:mod:`netbook.brief.edges`: colleagues in one export, a group conversation, a meeting, a knows
  link), and no introduction of them was recorded (``netbook intros done``);
- they span a structural hole of yours: nobody else you know (in the pool or not) is linked to
  both;
- they would plausibly gain: complementary roles (a founder and an investor, someone hiring and
  someone looking: tags ``hiring``/``looking``, or titles naming recruiting or investing), or the
  same function (:func:`netbook.metrics.titles.function`) at different companies.

Pairs are ranked by what they gain (complementary roles first) and then by how well you know the
weaker of the two; each person appears in one suggestion at most, and at most ``limit`` are listed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from netbook import api
from netbook.brief.edges import edges
from netbook.errors import InputError
from netbook.metrics.titles import function, seniority
from netbook.phrases import work
from netbook.rituals.ties import company_key
from netbook.userdata import Person, find_person, log_touch
from netbook.workspace import Workspace

POOL = 150
"""Your strongest ties in touch among whom introductions are looked for (Dunbar's 150)."""
LIMIT = 10
COLUMNS = ("a_id", "a_name", "b_id", "b_name", "score", "gain", "why")
"""The columns of :func:`intros`, in order."""
_INVESTOR = r"\b(investor|venture|partner at .*(capital|ventures)|angel|vc)\b"
_RECRUITER = r"\b(recruit\w*|talent|hiring)\b"


def _roles(pool: pl.DataFrame) -> pl.DataFrame:
    """``pool`` with ``role_kind`` (founder, investor, hiring, looking or null) and ``function``."""
    title = pl.col("position").str.to_lowercase().fill_null("")
    tags = pl.col("tags").list.eval(pl.element().str.to_lowercase()).fill_null([])
    return pool.with_columns(
        function(pl.col("position")),
        role_kind=pl.when(tags.list.contains("looking"))
        .then(pl.lit("looking"))
        .when(tags.list.contains("hiring") | title.str.contains(_RECRUITER))
        .then(pl.lit("hiring"))
        .when(tags.list.contains("investor") | title.str.contains(_INVESTOR))
        .then(pl.lit("investor"))
        .when(seniority(pl.col("position")) == "founder/owner")
        .then(pl.lit("founder")),
    )


COMPLEMENTS = {("founder", "investor"), ("hiring", "looking")}


def intros(workspace: Workspace, as_of: date, limit: int = LIMIT) -> pl.DataFrame:
    """The introductions worth making at ``as_of``, best first (see the module): :data:`COLUMNS`."""
    if limit < 1:
        raise InputError(f"--limit {limit} is too small", hint="list at least one")
    with workspace.reading():
        health = api.health(workspace, as_of=as_of)
        tags = workspace.people().select("person_id", "tags").collect()
        made = workspace.table("intros")
    pool = _roles(
        health.filter(pl.col("strength") > 0)
        .sort(["strength", "person_id"], descending=[True, False])
        .head(POOL)
        .drop("tags")
        .join(tags, on="person_id", how="left")
        .with_columns(key=company_key(pl.col("company")))
    ).select(
        "person_id", "full_name", "company", "position", "strength", "key", "function", "role_kind"
    )
    ids = pool["person_id"]
    facts = edges(workspace, as_of, ids.to_list())
    linked = facts.filter(pl.col("a_id").is_in(ids.implode()) & pl.col("b_id").is_in(ids.implode()))
    known = {(a, b) for a, b in linked.select("a_id", "b_id").iter_rows()}
    done = {tuple(sorted(p)) for p in made.select("a_id", "b_id").iter_rows()}
    neighbours: dict[str, set[str]] = {}  # anyone you know, in the pool or not
    for a, b in facts.select("a_id", "b_id").iter_rows():
        neighbours.setdefault(a, set()).add(b)
    rows = pool.to_dicts()
    found = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            pair = (a["person_id"], b["person_id"])
            if pair in known or tuple(sorted(pair)) in done:
                continue
            if neighbours.get(pair[0], set()) & neighbours.get(pair[1], set()):
                continue  # someone you know links them already: no hole of yours
            gain, reason, kind = _gain(a, b)
            if gain:
                found.append((gain, min(a["strength"], b["strength"]), a, b, reason, kind))
    found.sort(key=lambda f: (-f[0], -f[1], f[2]["person_id"], f[3]["person_id"]))
    chosen, used = [], set()
    for gain, weaker, a, b, reason, kind in found:
        if a["person_id"] in used or b["person_id"] in used:
            continue
        used |= {a["person_id"], b["person_id"]}
        why = (
            f"{reason}; nobody you know links them; you know both "
            f"(strength {a['strength']:.2f} and {b['strength']:.2f})"
        )
        row = (
            a["person_id"],
            a["full_name"],
            b["person_id"],
            b["full_name"],
            gain + weaker,
            kind,
            why,
        )
        chosen.append(row)
        if len(chosen) == limit:
            break
    types = dict.fromkeys(COLUMNS, pl.String) | {"score": pl.Float64}
    return pl.DataFrame(chosen, schema=types, orient="row")


def _gain(a: dict[str, object], b: dict[str, object]) -> tuple[int, str, str]:
    """What introducing ``a`` and ``b`` would bring them: a score (0: nothing) and why.

    Why comes twice: with their work (their names stand in their own columns), and in words
    that name nothing (``founder and investor``, ``both in engineering``) for a pseudonymised
    review.
    """
    kinds = (a["role_kind"], b["role_kind"])
    for pair in COMPLEMENTS:
        if kinds in (pair, pair[::-1]):
            first, second = (a, b) if kinds == pair else (b, a)
            text = f"{pair[0]} ({_work(first)}) and {pair[1]} ({_work(second)})"
            return 2, text, f"{pair[0]} and {pair[1]}"
    same = a["function"] == b["function"] and a["function"] not in ("other", "unknown")
    if same and a["key"] is not None and b["key"] is not None and a["key"] != b["key"]:
        text = f"both in {a['function']}: {_work(a)}; {_work(b)}"
        return 1, text, f"both in {a['function']}, at different companies"
    return 0, "", ""


def _work(person: dict[str, object]) -> str:
    """``Position at Company`` (:func:`netbook.phrases.work`), or ``?``."""
    position, company = person["position"], person["company"]
    return (
        work(None if position is None else str(position), None if company is None else str(company))
        or "?"
    )


def record_intro(workspace: Workspace, a: str, b: str, on: date) -> tuple[Person, Person, bool]:
    """Record that you introduced ``a`` and ``b`` on ``on``: both get a touch (an intro given).

    Returns:
        The two people and whether the introduction is new (a second record changes nothing).
    """
    first, second = find_person(workspace, a), find_person(workspace, b)
    if first.person_id == second.person_id:
        raise InputError(f"{a!r} and {b!r} are the same person", hint="name two people")
    pair = sorted((first.person_id, second.person_id))
    made = workspace.table("intros")
    stored = made.filter((pl.col("a_id") == pair[0]) & (pl.col("b_id") == pair[1])).height
    if stored:
        return first, second, False
    with workspace.connect(write=True) as connection:
        connection.execute("INSERT INTO intros VALUES (?, ?, ?)", [*pair, datetime.now(UTC)])
    for person, other in ((first, second), (second, first)):
        note = f"introduced to {other.full_name or other.person_id}"
        log_touch(workspace, person.person_id, channel="email", on=on, note=note, gave="intro")
    return first, second, True
