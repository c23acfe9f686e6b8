"""The words a user records by hand: channels of a touch, kinds of giving, roles.

Kept apart from :mod:`netbook.userdata` (which reads the store) so that the command line's help
can name them without loading the data layer.
"""

from __future__ import annotations

from typing import Final

CHANNELS: Final = ("call", "meeting", "message", "email", "event", "note")
"""Channels a hand-logged touch can have."""
GIVES: Final = (
    "intro",
    "help",
    "referral",
    "congrats",
    "advice",
    "recommendation",
    "feedback",
    "gift",
)
"""Suggested kinds of giving (any word is accepted)."""
ROLES: Final = ("mentor", "sponsor", "peer", "mentee", "leader", "influencer", "client", "friend")
"""Suggested roles (any word is accepted)."""
CLEAR_ROLE: Final = ("", "none", "-")
"""What given as a role clears it (the command line and the widgets alike)."""
