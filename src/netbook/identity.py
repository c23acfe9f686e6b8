"""One person however many sources name them: automatic merges, suggestions and the user's decisions.

Every source keeps its own person *records* in the store, untouched. Records that share an exact
identifier (a normalised LinkedIn URL, a lower-cased e-mail, an E.164 phone, a LinkedIn
connection's name and day) are one person; so are records the user said are the same.
:func:`resolve` recomputes, inside the writing transaction, the ``aliases`` table (record id -> the
id of the person it belongs to: the smallest record id of its group) from the identities and the
decisions, so a merge never rewrites or loses a record, an identifier or an interaction, and undoing
a decision is recomputing without it.

Guards: an identifier shared by more than :data:`MAX_SHARED` records (a team inbox, a switchboard)
joins nobody, two records with different LinkedIn URLs are never joined automatically, and an
e-mail or phone joins no two records whose names no one person has (``Anna Berg`` and ``Lars
Berg`` in two address books, one family address: see :func:`netbook.keys.may_be_one`); such pairs
are suggested instead (:func:`netbook.merges.suggestions`).
"""

from __future__ import annotations

import duckdb
import polars as pl

from netbook.keys import is_name, may_be_one

AUTOMATIC = ("linkedin_url", "email", "phone", "linkedin_connection")
"""Identifier kinds that merge records automatically (``linkedin_connection``: a LinkedIn
connection's name and the day it was made, which two exports of it share with or without a URL)."""
MAX_SHARED = 6
"""An identifier on more records than this (one per source, at most) is someone's shared inbox."""

NAMED_BY = ("email", "phone")
"""Identifier kinds a household or an office shares: they join only names one person may have."""
_EDGES = f"""
WITH shared AS (
    SELECT kind, value FROM identities WHERE kind IN {AUTOMATIC}
    GROUP BY kind, value HAVING count(DISTINCT person_id) BETWEEN 2 AND {MAX_SHARED})
SELECT DISTINCT a.person_id, b.person_id, a.kind IN {NAMED_BY} AS by_address
FROM identities a JOIN shared s USING (kind, value)
    JOIN identities b ON b.kind = a.kind AND b.value = a.value AND a.person_id < b.person_id
ORDER BY 1, 2, 3
"""


class _Groups:
    """Union-find over record ids; a group's id is its smallest record id."""

    def __init__(self, urls: dict[str, set[str]], names: dict[str, set[str]]) -> None:
        self.parent: dict[str, str] = {}
        self.urls = urls
        self.names = names

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str, *, check_urls: bool, check_names: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ua, ub = self.urls.get(ra, set()), self.urls.get(rb, set())
        if check_urls and ua and ub and not ua & ub:
            return False  # two different LinkedIn members sharing an address
        na, nb = self.names.get(ra, set()), self.names.get(rb, set())
        if check_names and not all(may_be_one(x, y) for x in na for y in nb):
            return False  # a family's address, an office's number: two people
        keep, drop = (ra, rb) if ra < rb else (rb, ra)
        self.parent[drop] = keep
        self.urls[keep] = ua | ub
        self.names[keep] = na | nb
        return True


def resolve(connection: duckdb.DuckDBPyConnection) -> int:
    """Recompute ``aliases`` from the identities and the standing decisions.

    Returns:
        The number of records that are part of another person.
    """
    decisions = connection.execute(
        """SELECT a_id, b_id, verdict FROM decisions WHERE undone_at IS NULL
        ORDER BY decided_at, decision_id"""
    ).fetchall()
    edges = connection.execute(_EDGES).fetchall()
    urls, names = _known(connection, {str(i) for row in (*decisions, *edges) for i in row[:2]})
    apart = {frozenset((str(a), str(b))) for a, b, verdict in decisions if verdict == "different"}
    groups = _Groups(urls, names)
    for a, b, verdict in decisions:
        if verdict == "same":
            groups.union(str(a), str(b), check_urls=False)
    for a, b, by_address in edges:
        if frozenset((str(a), str(b))) not in apart:
            groups.union(str(a), str(b), check_urls=True, check_names=bool(by_address))
    rows = [(item, groups.find(item)) for item in sorted(groups.parent)]
    merged = [(item, root) for item, root in rows if item != root]
    connection.execute("DELETE FROM aliases")
    if merged:
        frame = pl.DataFrame(merged, schema=["person_id", "canonical_id"], orient="row")
        connection.register("new_aliases", frame.to_arrow())
        try:
            connection.execute("INSERT INTO aliases SELECT * FROM new_aliases")
        finally:
            connection.unregister("new_aliases")
    return len(merged)


def _known(
    connection: duckdb.DuckDBPyConnection, ids: set[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The LinkedIn URLs and the names of the records ``ids`` (those an edge or decision names)."""
    urls: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    if not ids:
        return urls, names
    connection.register("edge_ids", pl.DataFrame({"person_id": sorted(ids)}).to_arrow())
    try:
        for person, url in connection.execute(
            """SELECT person_id, value FROM identities SEMI JOIN edge_ids USING (person_id)
            WHERE kind = 'linkedin_url'"""
        ).fetchall():
            urls.setdefault(str(person), set()).add(str(url))
        for person, name in connection.execute(
            """SELECT person_id, full_name FROM people SEMI JOIN edge_ids USING (person_id)
            WHERE full_name IS NOT NULL"""
        ).fetchall():
            names.setdefault(str(person), set()).add(str(name))
    finally:
        connection.unregister("edge_ids")
    return urls, names


def canonical(ids: pl.Expr, aliases: pl.DataFrame) -> pl.Expr:
    """``ids`` with every merged record id replaced by its person's id."""
    if aliases.is_empty():
        return ids
    return ids.replace(aliases["person_id"], aliases["canonical_id"])


def merge_people(people: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """One row per person: the records of each merged person combined.

    A record with a name leads one known only by an address or a number (a WhatsApp chat's
    ``+44 7700 900115``), then a LinkedIn connection's (its name, company and position are the
    freshest), then the newest record; lists (tags, sources) are united and ``connected_on`` is the
    earliest.
    """
    if aliases.is_empty():
        return people
    mapped = people.with_columns(canonical(pl.col("person_id"), aliases).alias("__person"))
    several = pl.len().over("__person") > 1
    alone = mapped.filter(~several).drop("__person")
    named = is_name(pl.col("full_name"))
    together = mapped.filter(several).sort(
        "__person",
        ~named.fill_null(False),
        pl.col("connected_on").is_null(),
        pl.col("profile_url").is_null(),
        pl.col("observed_on"),
        "person_id",
        descending=[False, False, False, False, True, False],
        nulls_last=True,
    )
    lists = ("tags", "sources")
    scalars = [c for c in people.columns if c not in (*lists, "person_id", "connected_on")]
    combined = together.group_by("__person", maintain_order=True).agg(
        *(pl.col(c).drop_nulls().first() for c in scalars),
        pl.col("connected_on").min(),
        *(
            pl.col(c).list.explode(keep_nulls=False, empty_as_null=False).unique().sort()
            for c in lists
        ),
    )
    combined = combined.rename({"__person": "person_id"}).select(people.columns)
    return pl.concat([alone, combined.cast(people.schema)]).sort("person_id")
