"""Stable pseudonyms for a review that can be shown to others: no real name, company, e-mail or URL.

Each value is replaced by a readable label made from its HMAC-SHA256 keyed by a secret kept in the
workspace folder (:data:`KEY_FILE`, readable by the owner only): the same value always gets the same
label in every review of the workspace, and nobody without the key can map a label back to a value
(unlike a plain hash, which a list of guessed names would reverse).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import polars as pl

from netbook.errors import OutputError

KEY_FILE: Final = "pseudonym.key"
"""The secret's file name inside the workspace folder."""
DIGITS: Final = 8
"""Hex digits of a label: 4 billion labels, so 30,000 people almost never share one."""
KINDS: Final = {
    "full_name": "Person",
    "first_name": "Person",
    "last_name": "Person",
    "company": "Company",
    "position": "Position",
    "email": "Email",
    "profile_url": "URL",
    "tags": "Tag",
}
"""Column -> label prefix of the free-text columns that can identify someone."""
KEY_COLUMNS: Final = ("person_id",)
"""Key columns: replaced by a keyed id of the same shape (a person id is an unkeyed hash of a URL)."""


def workspace_key(root: Path) -> bytes:
    """The workspace's pseudonym secret, created (owner-only) on first use.

    Args:
        root: the workspace folder.

    Raises:
        NetbookError: the folder does not exist or the key file cannot be read or written.
    """
    path = root / KEY_FILE
    try:
        if not path.exists():
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
            try:
                handle = os.open(path, flags, 0o600)
            except FileExistsError:  # another process created it first: use theirs
                pass
            else:
                with os.fdopen(handle, "w", encoding="ascii") as stream:
                    stream.write(secrets.token_hex(32) + "\n")
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as error:
        raise OutputError(
            f"{path}: cannot read or create the pseudonym key ({error})",
            hint="check the workspace folder's permissions, or delete a damaged key file "
            "(reviews then get new pseudonyms)",
        ) from error
    if len(key) < 16:
        raise OutputError(f"{path}: the pseudonym key is too short", hint="delete the file")
    return key


class Pseudonymiser:
    """Maps values to stable labels such as ``Person 3f2a9c01`` or ``Company 91bc04de``.

    Args:
        key: the secret (see :func:`workspace_key`).

    Examples:
        >>> p = Pseudonymiser(b"0" * 32)
        >>> p.label("Ada Example", "Person") == p.label("Ada Example", "Person")
        True
        >>> p.label("Ada Example", "Person").startswith("Person ")
        True
        >>> p.label(None, "Person") is None
        True
    """

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_workspace(cls, root: Path) -> Pseudonymiser:
        """The pseudonymiser keyed by the workspace's secret."""
        return cls(workspace_key(root))

    def digest(self, value: str) -> str:
        """The keyed hex digest of ``value``."""
        return hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def label(self, value: str | None, kind: str) -> str | None:
        """``f"{kind} {digest[:8]}"``; a missing or blank value stays missing."""
        if value is None or not value.strip():
            return None
        return f"{kind} {self.digest(kind + chr(31) + value)[:DIGITS]}"

    def _mapping(self, values: Iterable[str | None], kind: str | None) -> dict[str, str | None]:
        mapping: dict[str, str | None] = {}
        for value in values:
            if value is None or value in mapping:
                continue
            mapping[value] = (
                self.label(value, kind) if kind else self.digest("id" + chr(31) + value)[:16]
            )
        return mapping

    def _replace(self, column: pl.Series, kind: str | None) -> pl.Series:
        if column.dtype == pl.List(pl.String):
            flat = column.explode()
            mapping = self._mapping(flat.unique().to_list(), kind)
            replaced = column.list.eval(
                pl.element().replace_strict(mapping, default=None, return_dtype=pl.String)
            )
            return replaced.alias(column.name)
        strings = column.cast(pl.String)
        mapping = self._mapping(strings.unique().to_list(), kind)
        return strings.replace_strict(mapping, default=None, return_dtype=pl.String)

    def frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with every identifying column (:data:`KINDS`, :data:`KEY_COLUMNS`) replaced.

        Other columns (counts, dates, layers, the ``why`` sentences, which name no one) are kept.

        Examples:
            >>> p = Pseudonymiser(b"0" * 32)
            >>> out = p.frame(pl.DataFrame({"full_name": ["Ada", None], "n": [1, 2]}))
            >>> out["full_name"][0].startswith("Person "), out["full_name"][1], out["n"].to_list()
            (True, None, [1, 2])
        """
        replaced = [
            self._replace(frame.get_column(name), KINDS[name])
            for name in frame.columns
            if name in KINDS
        ]
        keys = [
            self._replace(frame.get_column(name), None) for name in KEY_COLUMNS if name in frame
        ]
        return frame.with_columns(*replaced, *keys) if replaced or keys else frame

    def text(self, value: str | None, kind: str = "Value") -> str | None:
        """One free-text value (a setting such as the owner's name) as a label."""
        return self.label(value, kind)
