"""The record model of people, at the path plugins of netbook 0.1 import it from.

It lives in :mod:`netbook.sources.records` (every source builds its people with it).
"""

from netbook.sources.records import RECORD_COLUMNS, people_of, person_ids, person_key

__all__ = ["RECORD_COLUMNS", "people_of", "person_ids", "person_key"]
