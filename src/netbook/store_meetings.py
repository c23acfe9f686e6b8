"""How an import writes calendar meetings: the ``meetings`` table, and the meetings' interactions.

Both run inside :func:`netbook.store.write`'s transaction, with ``new_meetings``,
``new_interactions`` and ``idmap`` registered.
"""

from __future__ import annotations

import duckdb

REPLACED_DAYS = 3650
"""A re-import replaces a listed meeting's stored occurrences from this many days before its latest
one (a calendar's series are expanded over ten years)."""


def replace_occurrences(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """The interactions of every meeting UID an import lists, as the newer export has them.

    An occurrence the new export no longer has (cancelled, declined, moved off its original time)
    is deleted, back to :data:`REPLACED_DAYS` before the UID's latest occurrence in the new export
    (all of them when it has none left); one with a new time (a moved instance of a series) takes
    it. Re-importing the same export changes nothing.
    """
    connection.execute(
        f"""DELETE FROM interactions USING (
            SELECT u.uid, max(n.occurred_at) - INTERVAL {REPLACED_DAYS} DAY AS since
            FROM (SELECT DISTINCT uid FROM new_meetings) u
                LEFT JOIN new_interactions n ON CAST(n.thread_id AS VARCHAR) = u.uid
            GROUP BY u.uid) listed
        WHERE interactions.source = ? AND interactions.thread_id = listed.uid
            AND (listed.since IS NULL OR interactions.occurred_at >= listed.since)
            AND interactions.interaction_id NOT IN (SELECT interaction_id FROM new_interactions)""",
        [source],
    )
    connection.execute(
        """UPDATE interactions SET occurred_at = n.occurred_at FROM new_interactions n
        WHERE interactions.interaction_id = n.interaction_id AND interactions.source = ?
            AND interactions.occurred_at <> n.occurred_at""",
        [source],
    )


def write_meetings(connection: duckdb.DuckDBPyConnection, source: str) -> None:
    """Replace the stored occurrences of every UID ``new_meetings`` lists (of this source).

    A moved occurrence (same UID and RECURRENCE-ID, a new start) so keeps one copy, a cancelled one
    goes, and a series re-expanded further ahead gains its new occurrences. Attendees and
    organisers take the ids of the people they joined (``idmap``).
    """
    connection.execute(
        """DELETE FROM meetings WHERE source = ? AND uid IN (SELECT uid FROM new_meetings)""",
        [source],
    )
    connection.execute(
        """INSERT INTO meetings
        WITH kept AS (
            SELECT * FROM new_meetings WHERE coalesce(status, '') <> 'cancelled'),
        people AS (
            SELECT k.meeting_id,
                list_sort(list_distinct(list(coalesce(m.old_id, k.person_id)))) AS attendees
            FROM (SELECT meeting_id, unnest(attendees) AS person_id FROM kept) k
                LEFT JOIN idmap m ON m.new_id = k.person_id
            GROUP BY k.meeting_id)
        SELECT k.meeting_id, k.uid, k.recurrence_id, k.title, k.start_at, k.end_at,
            coalesce(p.attendees, []::VARCHAR[]), coalesce(o.old_id, k.organizer_id), k.status, ?
        FROM kept k LEFT JOIN people p USING (meeting_id)
            LEFT JOIN idmap o ON o.new_id = k.organizer_id
        ORDER BY k.start_at, k.meeting_id""",
        [source],
    )
