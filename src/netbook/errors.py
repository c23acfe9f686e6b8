"""Typed errors: every problem netbook reports to a user is a :class:`NetbookError`.

The command line prints ``str(error)`` on one line and exits with :attr:`NetbookError.exit_code`;
anything that is not a ``NetbookError`` is a bug in netbook and is shown with its traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


class NetbookError(Exception):
    """Base class of every error netbook raises on purpose.

    Args:
        message: what went wrong, in one sentence.
        hint: what the user can do about it.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(NetbookError):
    """Something the user typed or chose cannot be used (a value, an id, a person, a workspace).

    The message quotes it; the hint says what to give instead.
    """


class OutputError(NetbookError):
    """A file netbook writes (a report, an export, the pseudonym key) cannot be written or read."""


class PersonNotFoundError(InputError):
    """Nobody in the workspace matches what the user typed."""


class AmbiguousPersonError(InputError):
    """Several people match; nothing was changed.

    Attributes:
        candidates: ``person_id, full_name, company, profile_url, email`` of each match.
    """

    def __init__(self, query: str, candidates: pl.DataFrame) -> None:
        self.candidates = candidates
        shown = "; ".join(
            f"{r['full_name'] or '?'} ({r['company'] or 'no company'}, {r['person_id']})"
            for r in candidates.head(8).iter_rows(named=True)
        )
        more = f" and {candidates.height - 8} more" if candidates.height > 8 else ""
        super().__init__(
            f"{query!r} matches {candidates.height} people: {shown}{more}; nothing changed",
            hint="repeat with the person id, an e-mail or a profile URL",
        )


class ReviewError(NetbookError):
    """The review notebook failed; the previous report, if any, is unchanged."""


class SourceError(NetbookError):
    """An input file (or folder or archive) is not what it claims to be.

    Args:
        path: the file; for a member of a zip archive, ``archive.zip!member.csv``.
        message: what is wrong with it.
        line: the 1-based line number, when one line is to blame.
        hint: what to do about it.
    """

    def __init__(
        self, path: str | Path, message: str, *, line: int | None = None, hint: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}", hint=hint)


class SchemaError(NetbookError):
    """Rows failed validation and the caller asked for ``strict`` behaviour."""


class ConfigError(NetbookError):
    """The workspace's ``netbook.toml`` is invalid."""


class StoreError(NetbookError):
    """The workspace store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the workspace store and did not release it in time."""


class PluginError(NetbookError):
    """A plugin name is unknown or a plugin failed to load."""


class ContractError(PluginError):
    """A source returned frames that break netbook's source contract (a bug in the source).

    Args:
        source: the source's name.
        rule: the rule broken, in words.
    """

    def __init__(self, source: str, rule: str) -> None:
        self.source = source
        self.rule = rule
        super().__init__(
            f"source {source!r} broke the source contract: {rule}; nothing was stored",
            hint="a bug in that source: report it to its author with this message",
        )
