"""Workspace settings, read from and validated against the workspace's ``netbook.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netbook.errors import ConfigError

DEFAULT_TOML = """\
# netbook workspace settings. Every key is optional; the values shown commented out are the defaults.

[owner]
# Who you are, when the export cannot tell (netbook otherwise reads Profile.csv, then
# Invitations.csv, then the most frequent message participant).
# name = "Ada Example"
# profile_url = "https://www.linkedin.com/in/ada-example"

[store]
# How long to wait for another netbook process (a notebook, a scheduled review) to release the
# workspace before giving up.
# lock_timeout_seconds = 15
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OwnerSettings(_Strict):
    """The user's own identity."""

    name: str | None = None
    profile_url: str | None = None


class StoreSettings(_Strict):
    """How the workspace store is shared between processes."""

    lock_timeout_seconds: float = Field(default=15.0, ge=0, le=3600)


class Settings(_Strict):
    """Everything in ``netbook.toml``."""

    owner: OwnerSettings = OwnerSettings()
    store: StoreSettings = StoreSettings()


def load_settings(path: Path) -> Settings:
    """Read and validate ``path``; a missing file gives the defaults.

    Raises:
        ConfigError: the file is not TOML, has an unknown key or a bad value.
    """
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path}: not valid TOML ({error})", hint="fix the file's syntax"
        ) from error
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        value = first.get("input")
        what = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(
            f"{path}: {key} = {value!r}: {what}",
            hint="see the commented defaults in a new workspace's netbook.toml",
        ) from error
