"""How an import writes people: one record per id, each field from the record that leads.

Both run inside :func:`netbook.store.write`'s transaction, with ``new_people`` and ``idmap``
registered: :func:`apart_from_namesakes` first (it adds to ``idmap``), then :data:`PEOPLE`.
"""

from __future__ import annotations

import duckdb
import polars as pl

from netbook.ids import stable_ids
from netbook.keys import may_be_one

_FRESH = """(people.observed_on IS NULL OR i.observed_on IS NULL
    OR i.observed_on >= people.observed_on)"""
"""The incoming record is not older than the stored one (an older export never overwrites)."""
_LEADS_IN = "(i.connected_on IS NOT NULL AND people.connected_on IS NULL)"
_LEADS_OLD = "(people.connected_on IS NOT NULL AND i.connected_on IS NULL)"
"""A LinkedIn connection's record leads one of another source (its name, company, position)."""


def _named(column: str) -> str:
    """SQL: ``column`` is a name, not a number or an address (as :func:`netbook.keys.is_name`)."""
    return f"(regexp_matches({column}, '\\p{{L}}') AND NOT contains({column}, '@'))"


def _kept(column: str) -> str:
    """SQL: ``column`` from the record that leads (see :data:`_LEADS_IN`, :data:`_FRESH`)."""
    return f"""CASE WHEN {_LEADS_IN} THEN coalesce(i.{column}, people.{column})
        WHEN {_LEADS_OLD} OR NOT {_FRESH} THEN coalesce(people.{column}, i.{column})
        ELSE coalesce(i.{column}, people.{column}) END"""


def _job(column: str) -> str:
    """SQL: a connection's company or position, as the newest LinkedIn export says (even none)."""
    return f"""CASE WHEN i.connected_on IS NOT NULL AND ({_FRESH} OR people.connected_on IS NULL)
        THEN i.{column} ELSE coalesce(people.{column}, i.{column}) END"""


def _newest(column: str) -> str:
    """SQL: ``column`` of the newer record when both have one."""
    return f"""CASE WHEN {_FRESH} THEN coalesce(i.{column}, people.{column})
        ELSE coalesce(people.{column}, i.{column}) END"""


PEOPLE = f"""
CREATE OR REPLACE TEMP TABLE incoming AS
SELECT DISTINCT ON (person_id) * FROM (
    SELECT coalesce(m.old_id, n.person_id) AS person_id, n.* EXCLUDE (person_id)
    FROM new_people n LEFT JOIN idmap m ON m.new_id = n.person_id)
ORDER BY person_id, observed_on DESC NULLS LAST;
UPDATE people SET
    full_name = CASE  -- a name is never replaced by an address or a number
        WHEN {_named("people.full_name")} AND NOT {_named("i.full_name")} THEN people.full_name
        ELSE {_kept("full_name")} END,
    first_name = {_kept("first_name")},
    last_name = {_kept("last_name")},
    company = {_job("company")},
    position = {_job("position")},
    email = {_newest("email")},
    profile_url = {_newest("profile_url")},
    connected_on = coalesce(people.connected_on, i.connected_on),
    birthday = coalesce(people.birthday, i.birthday),
    sources = list_sort(list_distinct(list_concat(people.sources, i.sources))),
    observed_on = greatest(people.observed_on, i.observed_on)
FROM incoming i
WHERE people.person_id = i.person_id;
INSERT INTO people SELECT i.* FROM incoming i ANTI JOIN people p USING (person_id);
"""
"""Each source's people records into ``people``: one record per id, its fields from the record
that leads (a LinkedIn connection's, then the newer), its sources united (every source is told,
whatever the order of the imports)."""


def apart_from_namesakes(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """Keep apart a record that has the id of another source's record but not its person's name.

    Two address books key a contact by its first e-mail, so a family's address gives Xaver Haus
    (one book) and Yvonne Haus (another) one id: the incoming record takes an id of its own (in
    ``idmap``), their shared address joins nobody (:func:`netbook.identity.resolve`) and a merge
    is suggested. A record of the same source (a newer export of the book) is the same contact.
    """
    rows = connection.execute(
        """SELECT n.person_id, n.full_name, p.full_name
        FROM new_people n JOIN people p USING (person_id)
        WHERE n.person_id NOT IN (SELECT new_id FROM idmap) AND NOT list_contains(p.sources, ?)
        ORDER BY 1""",
        [source],
    ).fetchall()
    apart = [str(person) for person, new, old in rows if not may_be_one(new, old)]
    if apart:
        keys = pl.Series([f"{person}\x1f{source}" for person in apart], dtype=pl.String)
        own = pl.DataFrame({"new_id": apart, "old_id": stable_ids(keys)})
        connection.register("own_ids", own.to_arrow())
        try:
            connection.execute("INSERT INTO idmap SELECT new_id, old_id FROM own_ids")
        finally:
            connection.unregister("own_ids")
