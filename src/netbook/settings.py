"""Workspace settings, read from and validated against the workspace's ``netbook.toml``.

Every weight, half-life, cadence and threshold the metrics use lives here, with the defaults from
``shared/research/metrics.md`` section 4.3; an unknown key or a bad value is a
:class:`~netbook.errors.ConfigError` naming the key, the value and what is allowed.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from netbook.errors import ConfigError
from netbook.vocabulary import LAYERS, SUMMARY_METRICS

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
# Your own phone numbers (chats show you by number in some exports), with +country.
# phones = ["+4917012345678"]

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
# Weights of tie strength's components, normalised to sum 1. Strength measures what a relationship
# has been over the years, so it sets the Dunbar layer (and so the cadence); how recently you were
# in touch only says how late a tie is, so recency weighs nothing by default. `netbook rate`
# fits these weights to your own closeness ratings.
# recency = 0.0
# closeness = 0.70
# frequency = 0.10
# duration = 0.05
# reciprocity = 0.10
# structural = 0.05
# fitted = true            # use the weights `netbook rate` fitted to your ratings, when better

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
# new_days = 14            # connected this recently, never in touch: a new connection to welcome
# layer_min_days = 2       # days of two-way contact a tie needs to be in a Dunbar layer
# episode_days = 6         # contact days at most this far apart are one conversation (rhythm)
# rhythm_min_gaps = 2      # gaps between conversations needed before a usual gap is known
# waiting_days = 30        # a message waits for your answer this long, then expires
# pause_days = 14          # a message after this long a silence restarts a conversation...
# late_answer_days = 30    # ...unless it answers the other side's within this many days: a
#                          # late answer opens nothing (a late "Thanks!" asks for no answer;
#                          # in a chat export, a message after a day's quiet opens anyway)
# closing_chars = 60       # a message this short, without a question, asks for no answer
# dependency_top1 = 0.25   # alert when one person holds more of your interaction than this
# follow_up_days = 7       # a new connection touched within this many days was followed up

[rituals]
# follow_up_days = 3       # follow up with each person met at an event within this many days
# calendar_max_people = 12 # a one-off calendar meeting with 2 to this many others is an event (0: none)
# met_window_days = 2      # you met at a LinkedIn event whom you connected with or invited on
#                          # its day or up to this many days after it

[plan]
# per_week = 10            # at most this many actions in the week's plan (`netbook plan`)

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

# Goals you set yourself, one [[goals]] block each (shown by `netbook goals` and in the review).
# metric: outreach_touches, new_mentors_or_sponsors, layer_within_cadence (with layer = "support",
# "sympathy", "close" or "active"), give_ratio, follow_up_rate, promise_keeping_rate, reply_rate,
# new_connection_follow_up_rate, or any metric of `netbook summary` (e.g. active, hhi).
# period: week, month (the default), quarter or year; comparison: at_least (the default) or at_most.
# [[goals]]
# name = "weekly outreach"
# metric = "outreach_touches"
# target = 4
# period = "week"
"""

LARGEST = 100_000
"""No setting is larger (days, counts, weights): far beyond any real one, far from an overflow."""
NonNegative = Annotated[float, Field(ge=0, le=LARGEST)]
PositiveInt = Annotated[int, Field(gt=0, le=LARGEST)]
NonNegativeInt = Annotated[int, Field(ge=0, le=LARGEST)]
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
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _bounded(self) -> Any:
        for name, value in self:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and abs(value) > LARGEST:
                raise ValueError(f"{name} = {value:g} is larger than {LARGEST:,}")
        return self


class OwnerSettings(_Strict):
    """The user's own identity."""

    name: str | None = None
    profile_url: str | None = None
    emails: list[str] = []
    phone_region: str | None = None
    phones: list[str] = []

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

    recency: NonNegative = 0.0
    closeness: NonNegative = 0.70
    frequency: NonNegative = 0.10
    duration: NonNegative = 0.05
    reciprocity: NonNegative = 0.10
    structural: NonNegative = 0.05
    fitted: bool = True

    def normalised(self) -> dict[str, float]:
        """The weights divided by their sum (all equal when every weight is zero)."""
        weights = self.model_dump(exclude={"fitted"})
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
    new_days: PositiveInt = Field(default=14, le=3650)
    layer_min_days: PositiveInt = Field(default=2, le=1000)
    episode_days: NonNegativeInt = Field(default=6, le=365)
    rhythm_min_gaps: PositiveInt = Field(default=2, le=1000)
    waiting_days: PositiveInt = Field(default=30, le=3650)
    pause_days: PositiveInt = Field(default=14, le=3650)
    late_answer_days: PositiveInt = Field(default=30, le=365)
    closing_chars: NonNegativeInt = Field(default=60, le=100_000)
    dependency_top1: Fraction = 0.25
    follow_up_days: PositiveInt = 7


class PlanSettings(_Strict):
    """The week's plan (:mod:`netbook.plan`)."""

    per_week: PositiveInt = Field(default=10, le=100)


class RitualSettings(_Strict):
    """Follow-ups after events (:mod:`netbook.rituals.events`)."""

    follow_up_days: PositiveInt = 3
    calendar_max_people: NonNegativeInt = 12
    met_window_days: NonNegativeInt = 2


GOAL_METRICS = (
    "outreach_touches",
    "new_mentors_or_sponsors",
    "layer_within_cadence",
    "give_ratio",
    "follow_up_rate",
    "promise_keeping_rate",
    "reply_rate",
    "new_connection_follow_up_rate",
)
"""The goal metrics of :mod:`netbook.rituals.goals`; any ``netbook summary`` metric is one too."""
SHARE_METRICS = frozenset(GOAL_METRICS) - {"outreach_touches", "new_mentors_or_sponsors"}
"""Goal metrics that are shares: their target is between 0 and 1."""
GoalPeriod = Literal["week", "month", "quarter", "year"]


def summary_metrics() -> tuple[str, ...]:
    """The metrics of ``netbook summary``."""
    return SUMMARY_METRICS


class Goal(_Strict):
    """A goal you set yourself: ``metric`` at least (or at most) ``target`` every ``period``."""

    name: str = Field(min_length=1)
    metric: str
    target: float = Field(ge=0)
    period: GoalPeriod = "month"
    layer: str | None = None
    comparison: Literal["at_least", "at_most"] = "at_least"

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        if value in GOAL_METRICS or value in summary_metrics():
            return value
        close = difflib.get_close_matches(value, [*GOAL_METRICS, *summary_metrics()], n=1)
        guess = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"metric {value!r} is unknown ({guess}known: {', '.join(GOAL_METRICS)}, or a metric "
            "of `netbook summary` such as active, new_connections, hhi)"
        )

    @model_validator(mode="after")
    def _layer_and_share(self) -> Goal:
        if self.metric == "layer_within_cadence" and self.layer not in LAYERS:
            what = "is missing" if self.layer is None else f"{self.layer!r} is unknown"
            raise ValueError(
                f"layer {what}: layer_within_cadence needs layer = one of {', '.join(LAYERS)}"
            )
        if self.metric != "layer_within_cadence" and self.layer is not None:
            raise ValueError(f"layer applies to layer_within_cadence only, not to {self.metric}")
        if self.metric in SHARE_METRICS and self.target > 1:
            raise ValueError(
                f"target {self.target:g} is more than 1: {self.metric} is a share (write 0.9 for 90%)"
            )
        return self


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
    rituals: RitualSettings = RitualSettings()
    plan: PlanSettings = PlanSettings()
    goals: list[Goal] = []

    @field_validator("goals")
    @classmethod
    def _distinct_names(cls, goals: list[Goal]) -> list[Goal]:
        first: dict[str, int] = {}
        for index, goal in enumerate(goals):
            if goal.name in first:
                raise ValueError(
                    f"goals[{index}] {json.dumps(goal.name)}: the name is taken by "
                    f"goals[{first[goal.name]}]"
                )
            first[goal.name] = index
        return goals


def _goal_problem(error: dict[str, Any], data: dict[str, Any]) -> str:
    """One goal's problem, naming the goal: ``goals[1] "weekly outreach": target is missing``."""
    if len(error["loc"]) == 1:  # the list as a whole
        if error["type"] == "value_error":
            return str(error.get("ctx", {}).get("error", error["msg"]))
        return f"goals = {error.get('input')!r}: {error['msg']} (write one [[goals]] block each)"
    index, field = error["loc"][1], ".".join(str(p) for p in error["loc"][2:])
    goals = data.get("goals")
    goal = goals[index] if isinstance(goals, list) and index < len(goals) else None
    name = goal.get("name") if isinstance(goal, dict) else None
    where = f"goals[{index}]" + (f" {json.dumps(name)}" if isinstance(name, str) else "")
    kind = error["type"]
    if kind == "missing":
        return f"{where}: {field} is missing"
    if kind == "extra_forbidden":
        keys = ", ".join(Goal.model_fields)
        return f"{where}: {field} = {error.get('input')!r}: unknown key (goal keys: {keys})"
    if kind == "value_error":
        return f"{where}: {error.get('ctx', {}).get('error', error['msg'])}"
    if field:
        return f"{where}: {field} = {error.get('input')!r}: {error['msg']}"
    return f"{where}: {error['msg']}"


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
        location = first["loc"]
        if location[0] == "goals" and (len(location) == 1 or isinstance(location[1], int)):
            problem = _goal_problem(dict(first), data)
            raise ConfigError(
                f"{path}: {problem}",
                hint="see [[goals]] in a new workspace's netbook.toml",
            ) from error
        key = ".".join(str(part) for part in location)
        value = first.get("input")
        what = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise ConfigError(
            f"{path}: {key} = {value!r}: {what}",
            hint="see the commented defaults in a new workspace's netbook.toml",
        ) from error
