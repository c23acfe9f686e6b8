"""Workspace settings, read from and validated against the workspace's ``netbook.toml``.

Every weight, half-life, cadence and threshold the metrics use lives here, with the defaults from
``shared/research/metrics.md`` section 4.3; an unknown key or a bad value is a
:class:`~netbook.errors.ConfigError` naming the key, the value and what is allowed.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, field_validator

from netbook.errors import ConfigError

DEFAULT_TOML = """\
# netbook workspace settings. Every key is optional; the values shown commented out are the defaults.

[owner]
# Who you are, when the export cannot tell (netbook otherwise reads Profile.csv, then
# Invitations.csv, then the most frequent message participant).
# name = "Ada Example"
# profile_url = "https://www.linkedin.com/in/ada-example"
# Your own e-mail addresses: you are never an attendee of your own meetings or a contact.
# emails = ["ada@example.com"]
# The country phone numbers without a +country prefix are in (ISO 3166 code), e.g. "DE".
# phone_region = "US"

[time]
# The zone your days are counted in (IANA name). Default: this machine's zone.
# zone = "Europe/Berlin"

[weights]
# How much one touch counts, by channel.
# meeting = 3.0
# call = 2.0
# recommendation = 3.0
# event = 2.0
# message = 1.0
# email = 1.0
# invitation = 1.0
# note = 0.5
# endorsement = 0.5
# connection = 0.5

[half_lives]
# Days after which a touch counts half in the decayed intensity.
# activity_days = 90
# closeness_days = 1560

[strength]
# Weights of tie strength's components (Gilbert and Karahalios 2009); they are normalised to sum 1.
# recency = 0.30
# closeness = 0.25
# frequency = 0.15
# duration = 0.10
# reciprocity = 0.10
# structural = 0.10

[cadence]
# Days between touches you aim for, per Dunbar layer; acquaintances have none.
# support = 7
# sympathy = 30
# close = 90
# active = 365

[cadence.role]
# Overrides by role, e.g. mentor = 30, sponsor = 60.

[cadence.tag]
# Overrides by tag, e.g. "conference-2026" = 45.

[cadence.person]
# Overrides by person id or profile URL, e.g. "https://www.linkedin.com/in/ada-example" = 14.

[thresholds]
# rhythm_warning = 4.0     # current gap over median past gap: warning
# rhythm_decaying = 8.0    # ... and decaying
# dormant_years = 3.0      # silent this long: dormant
# new_days = 30            # connected this recently and otherwise untouched: new
# dependency_top1 = 0.25   # alert when one person holds more of your interaction than this
# follow_up_days = 7       # a new connection touched within this many days was followed up

[csv]
# Columns of a CSV you import with `netbook import FILE --source csv`: netbook field = "CSV header".
# Fields: full_name, first_name, last_name, company, position, email, phone, linkedin_url,
# birthday, tags, and for rows that are also interactions occurred_at, channel, direction.
# full_name = "Name"
# email = "E-mail"

[store]
# How long to wait for another netbook process (a notebook, a scheduled review) to release the
# workspace before giving up.
# lock_timeout_seconds = 15
"""

NonNegative = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(ge=0, le=1)]


def machine_zone() -> str:
    """This machine's IANA time zone (``TZ``, then ``/etc/localtime``), else ``UTC``."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).split("zoneinfo/", 1)[-1])
    for name in candidates:
        try:
            if name:
                ZoneInfo(name)
                return name
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return "UTC"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OwnerSettings(_Strict):
    """The user's own identity."""

    name: str | None = None
    profile_url: str | None = None
    emails: list[str] = []
    phone_region: str | None = None

    @field_validator("phone_region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        import phonenumbers

        if value is not None and value.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("must be a two-letter country code such as 'US' or 'DE'")
        return value.upper() if value else None


class TimeSettings(_Strict):
    """The zone days are counted in."""

    zone: str = Field(default_factory=machine_zone)

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("must be an IANA time zone such as 'Europe/Berlin'") from error
        return value


class ChannelWeights(_Strict):
    """How much one touch counts, by channel."""

    meeting: NonNegative = 3.0
    call: NonNegative = 2.0
    recommendation: NonNegative = 3.0
    event: NonNegative = 2.0
    message: NonNegative = 1.0
    email: NonNegative = 1.0
    invitation: NonNegative = 1.0
    note: NonNegative = 0.5
    endorsement: NonNegative = 0.5
    connection: NonNegative = 0.5


class HalfLives(_Strict):
    """Half-lives of the decayed measures, in days."""

    activity_days: float = Field(default=90.0, gt=0)
    closeness_days: float = Field(default=1560.0, gt=0)


class StrengthWeights(_Strict):
    """Weights of tie strength's components (normalised to sum 1 when used)."""

    recency: NonNegative = 0.30
    closeness: NonNegative = 0.25
    frequency: NonNegative = 0.15
    duration: NonNegative = 0.10
    reciprocity: NonNegative = 0.10
    structural: NonNegative = 0.10

    def normalised(self) -> dict[str, float]:
        """The weights divided by their sum (all equal when every weight is zero)."""
        weights = self.model_dump()
        total = sum(weights.values())
        if total == 0:
            return {k: 1 / len(weights) for k in weights}
        return {k: v / total for k, v in weights.items()}


class CadenceSettings(_Strict):
    """Days between touches per layer, with overrides (person beats role beats tag beats layer)."""

    support: PositiveInt = 7
    sympathy: PositiveInt = 30
    close: PositiveInt = 90
    active: PositiveInt = 365
    role: dict[str, PositiveInt] = Field(default_factory=dict)
    tag: dict[str, PositiveInt] = Field(default_factory=dict)
    person: dict[str, PositiveInt] = Field(default_factory=dict)


class Thresholds(_Strict):
    """When a relationship counts as decaying, dormant, new, or a dependency."""

    rhythm_warning: float = Field(default=4.0, gt=0)
    rhythm_decaying: float = Field(default=8.0, gt=0)
    dormant_years: float = Field(default=3.0, gt=0)
    new_days: PositiveInt = 30
    dependency_top1: Fraction = 0.25
    follow_up_days: PositiveInt = 7


class StoreSettings(_Strict):
    """How the workspace store is shared between processes."""

    lock_timeout_seconds: float = Field(default=15.0, ge=0, le=3600)


class Settings(_Strict):
    """Everything in ``netbook.toml``."""

    owner: OwnerSettings = OwnerSettings()
    time: TimeSettings = Field(default_factory=TimeSettings)
    weights: ChannelWeights = ChannelWeights()
    half_lives: HalfLives = HalfLives()
    strength: StrengthWeights = StrengthWeights()
    cadence: CadenceSettings = CadenceSettings()
    thresholds: Thresholds = Thresholds()
    store: StoreSettings = StoreSettings()
    csv: dict[str, str] = {}


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
