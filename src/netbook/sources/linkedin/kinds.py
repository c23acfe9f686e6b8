"""The files of a LinkedIn export netbook reads: what each is, and the header that identifies it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netbook.sources.tables import Table, read_table


@dataclass(frozen=True)
class Kind:
    """A file netbook reads: what it is, the header columns that identify it, what to call it."""

    name: str
    anchors: tuple[str, ...]
    expected: str
    trim: bool = True
    categorical: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    by_name: bool = True
    """A lone file of this name is taken for LinkedIn's; for a name as common as ``Events.csv``
    its header must say so too."""

    def read(self, source: bytes | Path, name: str) -> Table | None:
        """The file's table (see :func:`~netbook.sources.tables.read_table`), read as this kind."""
        return read_table(
            source,
            name,
            self.anchors,
            self.expected,
            trim=self.trim,
            categorical=self.categorical,
            required=self.required,
        )


_INVITATIONS = Kind(
    "invitations",
    ("sent at",),
    "LinkedIn's Invitations.csv",
    required=("from", "to", "sent at", "direction"),
)
"""Invitations.csv, or the two files a user split it into by hand (InvitationsIn/Out.csv)."""
_MESSAGE_ANCHORS = ("conversation id", "from")
_MESSAGES = ("from", "to", "date")
KINDS: dict[str, Kind] = {
    "connections.csv": Kind(
        "connections",
        ("first name",),
        "LinkedIn's Connections.csv",
        required=("first name", "last name"),
    ),
    "messages.csv": Kind(
        "messages",
        _MESSAGE_ANCHORS,
        "LinkedIn's messages.csv",
        trim=False,
        categorical=(
            "conversation id",
            "from",
            "sender profile url",
            "to",
            "recipient profile urls",
        ),
        required=_MESSAGES,
    ),
    "coachmessages.csv": Kind("ai messages", _MESSAGE_ANCHORS, "an AI coach message file"),
    "learningcoachmessages.csv": Kind("ai messages", _MESSAGE_ANCHORS, "an AI coach message file"),
    "learningroleplaymessages.csv": Kind("ai messages", _MESSAGE_ANCHORS, "an AI message file"),
    "invitations.csv": _INVITATIONS,
    "invitationsin.csv": _INVITATIONS,
    "invitationsout.csv": _INVITATIONS,
    "endorsementreceivedinfo.csv": Kind(
        "endorsements received",
        ("endorsement date",),
        "LinkedIn's Endorsement_Received_Info.csv",
        required=("endorsement date", "endorser first name", "endorser last name"),
    ),
    "endorsementgiveninfo.csv": Kind(
        "endorsements given",
        ("endorsement date",),
        "LinkedIn's Endorsement_Given_Info.csv",
        required=("endorsement date", "endorsee first name", "endorsee last name"),
    ),
    "recommendationsreceived.csv": Kind(
        "recommendations received",
        ("creation date",),
        "LinkedIn's Recommendations_Received.csv",
        required=("first name", "last name", "creation date"),
    ),
    "recommendationsgiven.csv": Kind(
        "recommendations given",
        ("creation date",),
        "LinkedIn's Recommendations_Given.csv",
        required=("first name", "last name", "creation date"),
    ),
    "profile.csv": Kind(
        "profile", ("first name",), "LinkedIn's Profile.csv", required=("first name", "last name")
    ),
    "positions.csv": Kind(
        "positions",
        ("company name", "title"),
        "LinkedIn's Positions.csv",
        required=("company name", "title"),
    ),
    "emailaddresses.csv": Kind(
        "owner emails",
        ("email address",),
        "LinkedIn's Email Addresses.csv",
        required=("email address",),
    ),
    "phonenumbers.csv": Kind(
        "owner phones", ("number",), "LinkedIn's PhoneNumbers.csv", required=("number",)
    ),
    "events.csv": Kind(
        "events",
        ("event name",),
        "LinkedIn's Events.csv",
        required=("event name", "event time"),
        by_name=False,
    ),
}
MARKERS = ("connections.csv", "messages.csv", "invitations.csv", "profile.csv")
CORE = frozenset({"connections", "messages"})
"""Kinds of file an import cannot do without: one that cannot be read fails the import. Any other
file that cannot be read is skipped, named with its reason, and the rest is imported."""
