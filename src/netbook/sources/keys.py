"""The identifier normalisers, at the path plugins of netbook 0.1 import them from.

They live in :mod:`netbook.keys` (user data and merges use them too, not only sources).
"""

from netbook.keys import (
    display_url,
    map_distinct,
    name_key,
    name_keys,
    normalise_email,
    normalise_phone,
    normalise_url,
    normalise_urls,
)

__all__ = [
    "display_url",
    "map_distinct",
    "name_key",
    "name_keys",
    "normalise_email",
    "normalise_phone",
    "normalise_url",
    "normalise_urls",
]
