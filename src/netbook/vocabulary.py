"""Names declared once, below everything that uses them (nothing here imports the rest of netbook).

- Dunbar layers and summary metrics: the settings validate goals against them, the metrics compute
  them and the review labels them.
- The words a user records by hand (channels of a touch, kinds of giving, roles): kept apart from
  :mod:`netbook.userdata` (which reads the store) so that the command line's help can name them
  without loading the data layer.
"""

from __future__ import annotations

from typing import Final

LAYERS = ("support", "sympathy", "close", "active")
"""Dunbar layers with a fill target, innermost first (acquaintances have none)."""
SIZES = (5, 15, 50, 150)
"""Each layer's cumulative size: the ``n`` strongest ties are in it or an inner one."""
TARGETS = (5, 10, 35, 100)
"""Exclusive layer sizes: 5, 15, 50 and 150 cumulative (metrics.md §3.4)."""
ACQUAINTANCE = "acquaintance"
"""The layer of every tie below the active 150."""
LAYER_ORDER = (*LAYERS, ACQUAINTANCE)
"""Every layer a person can be in, innermost first."""

DIVERSITY_ATTRIBUTES = ("company", "seniority", "function", "role")
"""The attributes the summary reports diversity over."""
_DIVERSITY = ("known", "categories", "blau", "blau_normalised", "evenness")
LAYER_STATS = ("n", "fill", "compliance")
"""What the summary says of each layer."""
SUMMARY_METRICS = (
    *("size", "active", "active_vs_150", "dormant_share", "new_connections", "follow_up_rate"),
    *(f"layer_{stat}_{layer}" for stat in LAYER_STATS for layer in LAYERS),
    *(f"diversity_{a}_{stat}" for a in DIVERSITY_ATTRIBUTES for stat in _DIVERSITY),
    *("hhi", "effective_relationships", "top1_share", "top3_share"),
    *("outbound", "inbound", "initiation_balance", "give_ratio"),
    *("outreach_per_week", "reply_rate"),
    *(f"churn_{layer}" for layer in LAYERS),
)
"""The rows of :func:`netbook.metrics.network_summary.summary`, in order."""


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
NO_EMPLOYER: Final = (
    "freelance",
    "freelancer",
    "self-employed",
    "self employed",
    "independent",
    "retired",
    "unemployed",
    "stealth",
    "stealth startup",
    "confidential",
    "n/a",
    "none",
    "-",
)
"""Company names that name no shared workplace (two freelancers share no context)."""
