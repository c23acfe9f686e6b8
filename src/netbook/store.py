"""The workspace's DuckDB tables and the one transaction that writes an import into them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from netbook import identity
from netbook.progress import stage
from netbook.sources._base import Loaded
from netbook.store_meetings import replace_occurrences, write_meetings
from netbook.store_people import PEOPLE, apart_from_namesakes

DDL = """
CREATE TABLE IF NOT EXISTS people (
    person_id VARCHAR, full_name VARCHAR, first_name VARCHAR, last_name VARCHAR, company VARCHAR,
    position VARCHAR, email VARCHAR, profile_url VARCHAR, connected_on DATE, birthday VARCHAR,
    tags VARCHAR[], role VARCHAR, sources VARCHAR[], observed_on DATE);
CREATE TABLE IF NOT EXISTS identities (person_id VARCHAR, kind VARCHAR, value VARCHAR, source VARCHAR);
CREATE TABLE IF NOT EXISTS interactions (
    interaction_id VARCHAR, person_id VARCHAR, occurred_at TIMESTAMPTZ, channel VARCHAR,
    direction VARCHAR, initiated BOOLEAN, weight DOUBLE, value VARCHAR, source VARCHAR,
    thread_id VARCHAR, is_group BOOLEAN, content_length INTEGER, is_html BOOLEAN, asks BOOLEAN);
CREATE TABLE IF NOT EXISTS observations (
    person_id VARCHAR, import_id BIGINT, observed_on DATE, company VARCHAR, position VARCHAR);
CREATE TABLE IF NOT EXISTS imports (
    import_id BIGINT, source VARCHAR, path VARCHAR, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
    exported_on DATE, files INTEGER, rows BIGINT, kept BIGINT, noise BIGINT, failures BIGINT,
    people_added BIGINT, interactions_added BIGINT);
CREATE TABLE IF NOT EXISTS import_files (
    import_id BIGINT, file VARCHAR, kind VARCHAR, status VARCHAR, encoding VARCHAR, sha256 VARCHAR,
    rows BIGINT, kept BIGINT, noise BIGINT, failed BIGINT, first_at TIMESTAMPTZ, last_at TIMESTAMPTZ,
    reason VARCHAR);
CREATE TABLE IF NOT EXISTS import_notes (import_id BIGINT, file VARCHAR, note VARCHAR, rows BIGINT);
CREATE TABLE IF NOT EXISTS owner_identities (kind VARCHAR, value VARCHAR, import_id BIGINT);
CREATE TABLE IF NOT EXISTS import_noise (import_id BIGINT, file VARCHAR, reason VARCHAR, rows BIGINT);
CREATE TABLE IF NOT EXISTS failures (
    import_id BIGINT, file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS owner (
    full_name VARCHAR, profile_url VARCHAR, birthday VARCHAR, headline VARCHAR,
    identified_by VARCHAR, import_id BIGINT);
CREATE TABLE IF NOT EXISTS positions (
    company VARCHAR, title VARCHAR, location VARCHAR, started_on DATE, finished_on DATE);
CREATE TABLE IF NOT EXISTS log (
    entry_id VARCHAR PRIMARY KEY, person_id VARCHAR, occurred_at TIMESTAMPTZ, channel VARCHAR,
    direction VARCHAR, value VARCHAR, detail VARCHAR, note VARCHAR, logged_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS facts (
    fact_id VARCHAR PRIMARY KEY, person_id VARCHAR, field VARCHAR, value VARCHAR,
    set_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS decisions (
    decision_id VARCHAR PRIMARY KEY, a_id VARCHAR, b_id VARCHAR, verdict VARCHAR,
    evidence VARCHAR, decided_at TIMESTAMPTZ, undone_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS aliases (person_id VARCHAR PRIMARY KEY, canonical_id VARCHAR);
CREATE TABLE IF NOT EXISTS promises (
    promise_id VARCHAR PRIMARY KEY, person_id VARCHAR, text VARCHAR, due_on DATE,
    made_at TIMESTAMPTZ, done_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, name VARCHAR, held_on DATE, source VARCHAR,
    created_at TIMESTAMPTZ, status VARCHAR, url VARCHAR);
ALTER TABLE events ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS url VARCHAR;
CREATE TABLE IF NOT EXISTS event_people (event_id VARCHAR, person_id VARCHAR, source VARCHAR);
CREATE TABLE IF NOT EXISTS knows (a_id VARCHAR, b_id VARCHAR, noted_at TIMESTAMPTZ);
ALTER TABLE interactions ADD COLUMN IF NOT EXISTS asks BOOLEAN;
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id VARCHAR, uid VARCHAR, recurrence_id VARCHAR, title VARCHAR, start_at TIMESTAMPTZ,
    end_at TIMESTAMPTZ, attendees VARCHAR[], organizer_id VARCHAR, status VARCHAR, source VARCHAR);
CREATE TABLE IF NOT EXISTS intros (a_id VARCHAR, b_id VARCHAR, made_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS calibration (
    fitted_at TIMESTAMPTZ, as_of DATE, rated BIGINT, used BOOLEAN, weights VARCHAR,
    default_spearman DOUBLE, fitted_spearman DOUBLE);
"""

TABLES = (
    "people",
    "identities",
    "interactions",
    "observations",
    "imports",
    "import_files",
    "import_noise",
    "import_notes",
    "failures",
    "owner",
    "owner_identities",
    "positions",
    "log",
    "facts",
    "decisions",
    "aliases",
    "promises",
    "events",
    "event_people",
    "knows",
    "calibration",
    "meetings",
    "intros",
)
"""Every table. ``log``, ``facts``, ``decisions``, ``promises``, ``events`` added by hand (source
``user``), ``event_people`` and ``knows`` hold what the user recorded: imports never change it.
Imports add the events an export lists (LinkedIn's Events.csv: source ``linkedin``, with
``status`` and ``url``) to ``events``, and update only those. ``aliases`` maps each merged person
record to the person it is part of. ``import_notes`` holds what an import told once per file
(values kept as written, interactions left unmatched); ``owner_identities`` the owner's own
addresses and numbers from an export (Email Addresses.csv, PhoneNumbers.csv). ``meetings`` holds
each calendar meeting occurrence, planned ones included (:data:`netbook.schema.MEETINGS`): an
import replaces the stored occurrences of every UID it lists. ``intros`` holds the introductions
you made (``netbook intros done``), never suggested again."""

# A loaded person takes an existing person's id when they share a LinkedIn URL, or else when the
# normalised name belongs to exactly one stored person of the same source, to exactly one loaded
# person (namesakes never join one stored person), and the two URLs do not contradict. Across
# sources, shared e-mails and phones join people (netbook.identity); a shared name alone is only a
# suggestion.
_IDMAP = """
CREATE OR REPLACE TEMP TABLE idmap AS
WITH by_url AS (
    SELECT n.person_id AS new_id, min(e.person_id) AS old_id
    FROM new_identities n JOIN identities e ON n.kind = 'linkedin_url' AND e.kind = 'linkedin_url'
        AND n.value = e.value
    GROUP BY n.person_id),
urls AS (SELECT person_id, min(value) AS url FROM identities WHERE kind = 'linkedin_url' GROUP BY 1),
new_urls AS (SELECT person_id, min(value) AS url FROM new_identities WHERE kind = 'linkedin_url' GROUP BY 1),
by_name AS (
    SELECT n.person_id AS new_id, min(e.person_id) AS old_id
    FROM new_identities n JOIN identities e ON n.kind = 'name' AND e.kind = 'name' AND n.value = e.value
        AND n.source = e.source
    WHERE n.person_id NOT IN (SELECT new_id FROM by_url)
        AND n.value NOT IN (SELECT value FROM new_identities WHERE kind = 'name'
            GROUP BY value HAVING count(DISTINCT person_id) > 1)
    GROUP BY n.person_id
    HAVING count(DISTINCT e.person_id) = 1)
SELECT new_id, old_id FROM by_url
UNION ALL
SELECT b.new_id, b.old_id FROM by_name b
    LEFT JOIN urls u ON u.person_id = b.old_id LEFT JOIN new_urls nu ON nu.person_id = b.new_id
    WHERE u.url IS NULL OR nu.url IS NULL OR u.url = nu.url
"""


@dataclass(frozen=True)
class Written:
    """What one import added to the store."""

    import_id: int
    people_added: int
    interactions_added: int
    identities_added: int
    observations_added: int
    events_added: int = 0
    people_joined: int = 0
    """People known before who turned out to be one with another (an identifier linked them)."""


MIGRATIONS = """
ALTER TABLE import_files ADD COLUMN IF NOT EXISTS reason VARCHAR;
"""
"""Columns added since a table was first created (a store from an older netbook gains them)."""


def rollback(connection: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if any.

    A failed COMMIT (a full disk) has ended the transaction already: its error must not be masked
    by "no transaction is active".
    """
    with contextlib.suppress(duckdb.Error):
        connection.execute("ROLLBACK")


def create(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the tables that do not exist yet, and add the columns newer netbooks need."""
    connection.execute(DDL)
    connection.execute(MIGRATIONS)


def digest(connection: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> tuple[object, ...]:
    """The rows of ``tables`` as two numbers each, a count and an xor of row hashes.

    A write that adds, removes or changes a row changes them (row order does not).
    """
    query = ", ".join(
        f"(SELECT count(*) FROM {t}), (SELECT bit_xor(hash(r)) FROM {t} r)" for t in tables
    )
    (rows,) = connection.execute(f"SELECT {query}").fetchall()
    return tuple(rows)


def _persons(connection: duckdb.DuckDBPyConnection) -> int:
    """People as the user sees them: records not part of another person."""
    row = connection.execute(
        "SELECT count(*) FROM people ANTI JOIN aliases USING (person_id)"
    ).fetchone()
    return int(row[0]) if row else 0


def _count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def write(
    connection: duckdb.DuckDBPyConnection,
    loaded: Loaded,
    started_at: datetime,
    *,
    owner_priority: int = 0,
) -> Written:
    """Write ``loaded`` (in :meth:`~netbook.workspace.Workspace.transaction`: all of it, or nothing).

    Args:
        connection: a write connection.
        loaded: a source's checked result.
        started_at: when the import started.
        owner_priority: the source's (:func:`netbook.sources._base.owner_priority`): above 0 its
            owner replaces the stored one, else it only fills a gap.
    """
    frames = {
        "new_people": loaded.people.collect(),
        "new_identities": loaded.identities.collect(),
        "new_interactions": loaded.interactions.collect(),
        "new_observations": loaded.observations.collect(),
        "new_files": loaded.files,
        "new_noise": loaded.noise,
        "new_notes": loaded.notes,
        "new_owner_identities": loaded.owner_identities,
        "new_failures": loaded.failures,
        "new_owner": loaded.owner,
        "new_positions": loaded.positions,
        "new_events": loaded.events,
        "new_meetings": loaded.meetings,
    }
    try:
        for name, frame in frames.items():
            connection.register(name, frame.to_arrow())
        row = connection.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
        import_id = int(row[0]) if row else 1
        before = {
            t: _count(connection, t)
            for t in ("people", "interactions", "identities", "observations", "events")
        }
        persons_before = _persons(connection)
        connection.execute(_IDMAP)
        apart_from_namesakes(connection, loaded.source)
        connection.execute(PEOPLE)
        if not loaded.meetings.is_empty():
            replace_occurrences(connection, loaded.source)
        connection.execute(
            """INSERT INTO interactions
            SELECT * FROM (
                SELECT i.* REPLACE (coalesce(m.old_id, i.person_id) AS person_id,
                    CAST(i.channel AS VARCHAR) AS channel, CAST(i.direction AS VARCHAR) AS direction,
                    CAST(i.value AS VARCHAR) AS value)
                FROM new_interactions i LEFT JOIN idmap m ON m.new_id = i.person_id) n
            ANTI JOIN interactions USING (interaction_id)"""
        )
        connection.execute(
            """INSERT INTO identities
            SELECT DISTINCT coalesce(m.old_id, n.person_id), n.kind, n.value, n.source
            FROM new_identities n LEFT JOIN idmap m ON m.new_id = n.person_id
            EXCEPT SELECT * FROM identities"""
        )
        connection.execute(
            """INSERT INTO observations
            SELECT n.person_id, ?, n.observed_on, n.company, n.position FROM (
                SELECT DISTINCT coalesce(m.old_id, o.person_id) AS person_id, o.observed_on,
                    o.company, o.position
                FROM new_observations o LEFT JOIN idmap m ON m.new_id = o.person_id
                EXCEPT SELECT person_id, observed_on, company, position FROM observations) n""",
            [import_id],
        )
        _write_events(connection, loaded.source, started_at)
        write_meetings(connection, loaded.source)
        after = {t: _count(connection, t) for t in before}
        # The user's own account (LinkedIn's export) knows its owner best; another source (a
        # calendar's most frequent organiser, say) only fills the gap.
        known = _count(connection, "owner") > 0
        if not loaded.owner.is_empty() and (owner_priority > 0 or not known):
            connection.execute("DELETE FROM owner")
            connection.execute("INSERT INTO owner SELECT *, ? FROM new_owner", [import_id])
        if not loaded.positions.is_empty():
            connection.execute("DELETE FROM positions")
            connection.execute("INSERT INTO positions SELECT * FROM new_positions")
        connection.execute("INSERT INTO import_files SELECT ?, * FROM new_files", [import_id])
        connection.execute("INSERT INTO import_noise SELECT ?, * FROM new_noise", [import_id])
        connection.execute("INSERT INTO import_notes SELECT ?, * FROM new_notes", [import_id])
        connection.execute(
            """INSERT INTO owner_identities SELECT n.kind, n.value, ? FROM (
                SELECT kind, value FROM new_owner_identities
                EXCEPT SELECT kind, value FROM owner_identities) n""",
            [import_id],
        )
        connection.execute("INSERT INTO failures SELECT ?, * FROM new_failures", [import_id])
        stage("matching people across sources")
        identity.resolve(connection)
        # New people are those still apart once matched: a contact who is a known connection
        # by e-mail or phone is not new.
        persons_after = _persons(connection)
        people_added = max(persons_after - persons_before, 0)
        files = loaded.files
        totals = files.select(pl.col("rows", "kept", "noise", "failed").sum()).row(0)
        connection.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                import_id,
                loaded.source,
                loaded.path,
                started_at,
                datetime.now(UTC),
                loaded.exported_on,
                files.height,
                *totals,
                people_added,
                after["interactions"] - before["interactions"],
            ],
        )
    finally:
        for name in frames:
            connection.unregister(name)
    return Written(
        import_id,
        people_added,
        after["interactions"] - before["interactions"],
        after["identities"] - before["identities"],
        after["observations"] - before["observations"],
        after["events"] - before["events"],
        max(persons_before - persons_after, 0),
    )


def _write_events(connection: duckdb.DuckDBPyConnection, source: str, at: datetime) -> None:
    """Add the export's events not stored yet; a stored one of ``source`` takes its new status.

    An event's id is a hash of its source, name and start, so re-importing adds nothing, and an
    event missing from a later export is kept. Events of another source (``user``) are never
    touched.
    """
    connection.execute(
        """UPDATE events SET status = n.status, url = coalesce(n.url, events.url)
        FROM (SELECT DISTINCT ON (event_id) * FROM new_events) n
        WHERE events.event_id = n.event_id AND events.source = ?""",
        [source],
    )
    connection.execute(
        """INSERT INTO events (event_id, name, held_on, source, created_at, status, url)
        SELECT DISTINCT ON (event_id) event_id, name, held_on, ?, ?, status, url FROM new_events
        WHERE event_id NOT IN (SELECT event_id FROM events)""",
        [source, at],
    )
