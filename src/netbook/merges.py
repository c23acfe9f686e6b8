"""Suggested merges (a fuzzy name and company match) and the user's decisions about them.

Exact identifiers merge people automatically (:mod:`netbook.identity`); a similar name is only
evidence, so it is suggested and the user decides. Decisions are remembered across imports, and
each can be undone: the merge is recomputed without it, so nothing is ever lost.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

import polars as pl
from rapidfuzz import fuzz, process

from netbook import identity
from netbook.errors import InputError
from netbook.keys import HONORIFICS, name_key
from netbook.workspace import Workspace

NAME_SCORE = 88
"""The least rapidfuzz ``token_sort_ratio`` (0-100) of two names at the same company to suggest."""
SHARING_SCORE = 85
"""The score of two people (not merged) with one e-mail or phone: a nickname, or a family's."""
SUGGESTION = pl.Schema(
    {
        "suggestion_id": pl.String,
        "score": pl.Int64,
        "a_id": pl.String,
        "a_name": pl.String,
        "a_company": pl.String,
        "a_sources": pl.String,
        "b_id": pl.String,
        "b_name": pl.String,
        "b_company": pl.String,
        "b_sources": pl.String,
        "evidence": pl.String,
    }
)


def _pair_id(a: str, b: str) -> str:
    return hashlib.md5(f"{a}\x1f{b}".encode()).hexdigest()[:8]


_TITLES = r"\b(" + "|".join(sorted(HONORIFICS)) + r")\b"


def _match_key(name: pl.Expr) -> pl.Expr:
    """A name for comparing: lower case, no punctuation, no degrees or honorifics.

    Examples:
        >>> pl.select(_match_key(pl.lit("Dr. Ada  Example, PhD"))).item()
        'ada example'
    """
    return (
        name_key(name)
        .str.replace_all(r"[^\w\s]+", " ")
        .str.replace_all(_TITLES, "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .replace("", None)
    )


def _company_key(company: pl.Expr) -> pl.Expr:
    return (
        company.str.to_lowercase()
        .str.replace_all(r"[^\w]+", " ")
        .str.replace_all(r"\b(inc|ltd|llc|gmbh|ag|corp|co|plc|sa)\b", "")
        .str.strip_chars()
        .replace("", None)
    )


def suggestions(workspace: Workspace) -> pl.DataFrame:
    """Pairs of people who may be one person, best first, each with its evidence.

    A pair is suggested when two people have one e-mail or phone that did not merge them (a
    family's address, or ``Bob`` and ``Robert``: see :func:`netbook.identity.resolve`), when the
    names are the same (ignoring case, punctuation, degrees and honorifics; less sure when more
    than two people have the name), or similar
    (:data:`NAME_SCORE`) at the same company; never when both have different LinkedIn profiles
    (two members with one name are two people), when both are LinkedIn connections made on
    different days (LinkedIn lists each member once: two rows of Connections.csv are two people,
    URL or not), or when the user already decided about the pair.
    """
    people = (
        workspace.people()
        .select(
            "person_id",
            "full_name",
            "company",
            "profile_url",
            "connected_on",
            pl.col("sources").list.join(", ").alias("src"),
            _match_key(pl.col("full_name")).alias("nk"),
            _company_key(pl.col("company")).alias("ck"),
        )
        .filter(pl.col("nk").is_not_null())
        .collect()
    )
    decided = {
        frozenset((a, b))
        for a, b in workspace.table("decisions")
        .filter(pl.col("undone_at").is_null())
        .select("a_id", "b_id")
        .iter_rows()
    }
    rows = {r["person_id"]: r for r in people.iter_rows(named=True)}
    found: dict[tuple[str, str], tuple[int, str]] = {}

    def consider(a: str, b: str, score: int, evidence: str) -> None:
        a, b = min(a, b), max(a, b)
        ra, rb = rows[a], rows[b]
        if a == b or frozenset((a, b)) in decided:
            return
        if ra["profile_url"] and rb["profile_url"] and ra["profile_url"] != rb["profile_url"]:
            return
        if ra["connected_on"] and rb["connected_on"] and ra["connected_on"] != rb["connected_on"]:
            return
        if found.get((a, b), (-1, ""))[0] < score:
            found[(a, b)] = (score, evidence)

    for group in people.filter(pl.len().over("nk") > 1).partition_by("nk"):
        ids = group["person_id"].to_list()
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                same_company = rows[a]["ck"] is not None and rows[a]["ck"] == rows[b]["ck"]
                evidence = "same name" + (
                    f", same company {rows[a]['company']!r}" if same_company else ""
                )
                if len(ids) > 2:  # which of them is which is less sure
                    evidence += f" ({len(ids)} people named so)"
                sure = (100 if same_company else 95) - (5 if len(ids) > 2 else 0)
                consider(a, b, sure, evidence)
    for group in people.filter(pl.col("ck").is_not_null() & (pl.len().over("ck") > 1)).partition_by(
        "ck"
    ):
        names, ids = group["nk"].to_list(), group["person_id"].to_list()
        for i, name in enumerate(names):
            matches = process.extract(
                name,
                names[i + 1 :],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=NAME_SCORE,
                limit=None,
            )
            for other, score, offset in matches:
                if other == name:
                    continue  # the same name: suggested above, with its own evidence
                j = i + 1 + offset
                evidence = (
                    f"similar names {rows[ids[i]]['full_name']!r} ~ "
                    f"{rows[ids[j]]['full_name']!r} ({int(score)}), "
                    f"same company {rows[ids[i]]['company']!r}"
                )
                consider(ids[i], ids[j], int(score), evidence)
    for value, kind, ids in _sharing(workspace, set(rows)):
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                what = "e-mail" if "email" in kind else "phone number"
                consider(a, b, SHARING_SCORE, f"same {what} {value} (one person, or a shared one?)")
    records = [
        {
            "suggestion_id": _pair_id(a, b),
            "score": score,
            **{
                f"a_{k}": rows[a][c]
                for k, c in (
                    ("id", "person_id"),
                    ("name", "full_name"),
                    ("company", "company"),
                    ("sources", "src"),
                )
            },
            **{
                f"b_{k}": rows[b][c]
                for k, c in (
                    ("id", "person_id"),
                    ("name", "full_name"),
                    ("company", "company"),
                    ("sources", "src"),
                )
            },
            "evidence": evidence,
        }
        for (a, b), (score, evidence) in found.items()
    ]
    frame = pl.DataFrame(records, schema=SUGGESTION)
    return frame.sort(["score", "a_name", "suggestion_id"], descending=[True, False, False])


def _sharing(workspace: Workspace, known: set[str]) -> list[tuple[str, str, list[str]]]:
    """Each e-mail or phone that some people have (2 to ``MAX_SHARED``) and were not merged by.

    A family's address or an office's number (``shared_email``, ``shared_phone``), or one that
    joins names no one person has (see :func:`netbook.identity.resolve`): ``(value, kind, ids)``.
    """
    kinds = ("email", "phone", "shared_email", "shared_phone")
    held = (
        workspace.identities()
        .filter(pl.col("kind").is_in(kinds))
        .select("person_id", "value", kind=pl.col("kind").str.replace("shared_", ""))
        .unique()
        .filter(pl.col("person_id").is_in(list(known)))
        .group_by("value", "kind")
        .agg(pl.col("person_id").unique().sort())
        .filter(pl.col("person_id").list.len().is_between(2, identity.MAX_SHARED))
        .sort("value", "kind")
        .collect()
    )
    return [(str(v), str(k), list(ids)) for v, k, ids in held.iter_rows()]


def _decide(workspace: Workspace, a: str, b: str, verdict: str, evidence: str) -> str:
    decision = uuid.uuid4().hex[:8]
    with workspace.transaction() as connection:
        connection.execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, NULL)",
            [decision, a, b, verdict, evidence, datetime.now(UTC)],
        )
        identity.resolve(connection)
    return decision


def _suggestion(workspace: Workspace, suggestion_id: str) -> dict[str, object]:
    found = suggestions(workspace).filter(pl.col("suggestion_id") == suggestion_id)
    if found.is_empty():
        raise InputError(
            f"no open suggestion {suggestion_id!r}",
            hint="list them with `netbook merges`; decided ones are in `netbook merges --decided`",
        )
    return found.row(0, named=True)


def accept(workspace: Workspace, suggestion_id: str) -> str:
    """Merge the two people of a suggestion; returns the decision id (for :func:`undo`)."""
    row = _suggestion(workspace, suggestion_id)
    return _decide(workspace, str(row["a_id"]), str(row["b_id"]), "same", str(row["evidence"]))


def reject(workspace: Workspace, suggestion_id: str) -> str:
    """Remember that the two people of a suggestion are different; returns the decision id."""
    row = _suggestion(workspace, suggestion_id)
    return _decide(workspace, str(row["a_id"]), str(row["b_id"]), "different", str(row["evidence"]))


def split(workspace: Workspace, a: str, b: str) -> str:
    """Undo an automatic merge: records ``a`` and ``b`` (ids) are different people.

    They stay merged if another record still joins them (the result says so).
    """
    with workspace.reading():
        known = set(workspace.table("people")["person_id"].to_list())
    for record in (a, b):
        if record not in known:
            raise InputError(
                f"no person record {record!r}",
                hint="see the record ids in `netbook merges --merged`",
            )
    return _decide(workspace, min(a, b), max(a, b), "different", "split by hand")


def undo(workspace: Workspace, decision_id: str) -> None:
    """Take a decision back; the people are recomputed as if it had never been made."""
    with workspace.transaction() as connection:
        changed = connection.execute(
            "UPDATE decisions SET undone_at = ? WHERE decision_id = ? AND undone_at IS NULL "
            "RETURNING decision_id",
            [datetime.now(UTC), decision_id],
        ).fetchall()
        if not changed:
            raise InputError(
                f"no standing decision {decision_id!r}",
                hint="see them with `netbook merges --decided`",
            )
        identity.resolve(connection)


def decided(workspace: Workspace) -> pl.DataFrame:
    """Every decision, newest first, undone ones included."""
    return workspace.table("decisions").sort("decided_at", "decision_id", descending=True)


def merged(workspace: Workspace) -> pl.DataFrame:
    """Each merged person with the records (and their sources) that make them up."""
    with workspace.reading():
        aliases, people = workspace.aliases(), workspace.table("people")
    records = people.select("person_id", "full_name", "sources").join(
        aliases, on="person_id", how="left"
    )
    records = records.with_columns(pl.coalesce("canonical_id", "person_id").alias("canonical_id"))
    return (
        records.filter(pl.len().over("canonical_id") > 1)
        .select(
            pl.col("canonical_id").alias("person_id"),
            pl.col("person_id").alias("record_id"),
            "full_name",
            pl.col("sources").list.join(", ").alias("sources"),
        )
        .sort("person_id", "record_id")
    )
