"""Who the user is: from the settings, Profile.csv, Invitations.csv, or how often a name appears."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from netbook.keys import name_key, name_keys, normalise_url, normalise_urls
from netbook.sources._base import OwnerHint
from netbook.sources.linkedin.parts import col


@dataclass(frozen=True)
class Owner:
    """The user as the export names them."""

    name: str | None
    url: str | None
    identified_by: str

    @property
    def key(self) -> str | None:
        """The normalised name."""
        if self.name is None:
            return None
        return pl.select(name_key(pl.lit(self.name))).item()  # type: ignore[no-any-return]


def _most_common(values: pl.Series) -> str | None:
    values = values.drop_nulls()
    if values.is_empty():
        return None
    counted = values.value_counts(sort=True)
    return str(counted.row(0)[0])


def identify(
    hint: OwnerHint | None,
    profile: pl.DataFrame | None,
    invitations: pl.DataFrame | None,
    messages: pl.DataFrame | None,
) -> Owner | None:
    """Apply the rules in order: settings, then Profile.csv, then Invitations.csv, then frequency."""
    name: str | None = None
    url: str | None = None
    found_by = ""
    if hint is not None and (hint.name or hint.profile_url):
        name, url, found_by = hint.name, normalise_url(hint.profile_url), "netbook.toml"
    if name is None and profile is not None and not profile.is_empty():
        first = profile.row(0, named=True)
        full = " ".join(p for p in (first.get("first name"), first.get("last name")) if p)
        if full:
            name, found_by = full, found_by or "Profile.csv"
    if (
        invitations is not None
        and not invitations.is_empty()
        and "direction" in invitations.columns
    ):
        direction = pl.col("direction").str.to_uppercase()
        outgoing = invitations.filter(direction == "OUTGOING")
        incoming = invitations.filter(direction == "INCOMING")
        if name is None:
            name = _most_common(pl.concat([outgoing["from"], incoming["to"]]))
            found_by = "Invitations.csv" if name else found_by
        if url is None:
            urls = []
            if "inviterprofileurl" in invitations.columns:
                urls.append(outgoing.select(col(outgoing, "inviterprofileurl")).to_series())
            if "inviteeprofileurl" in invitations.columns:
                urls.append(incoming.select(col(incoming, "inviteeprofileurl")).to_series())
            if urls:
                url = _most_common(normalise_urls(pl.concat(urls)))
    if messages is not None and not messages.is_empty() and "from" in messages.columns:
        if name is None and url is None:
            senders = messages.select(
                pl.col("from"), conversation=col(messages, "conversation id")
            ).unique()
            name = _most_common(senders["from"].filter(senders["from"] != "LinkedIn Member"))
            found_by = "message frequency" if name else found_by
        if url is None and name is not None and "sender profile url" in messages.columns:
            key = pl.select(name_key(pl.lit(name))).item()
            mine = messages.filter(name_keys(messages["from"]) == key)
            url = _most_common(normalise_urls(mine["sender profile url"]))
    if name is None and url is None:
        return None
    return Owner(name, url, found_by or "netbook.toml")
