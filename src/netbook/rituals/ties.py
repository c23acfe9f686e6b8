"""Dormant ties worth reviving, and moderately weak ties for a job search.

**Dormant ties** (Levin, Walter & Murnighan 2011): former ties you have been out of touch with for
``thresholds.dormant_years`` (3 years in their study) or longer. Reconnecting brings novelty *and*
the trust of the old tie; the most valuable ones to revive are higher-status people (Walter, Levin
& Murnighan 2015). A candidate has had at least one real touch (a connection event alone is not a
tie) and is either *historically strong* or *high-status*:

- Historically strong: their **past strength** is in the top 40% of your former ties
  (metrics.md §3.10). Past strength is tie strength as it stood on the day they went silent:
  the same weighted components as :mod:`netbook.metrics.strength`, each measured at that person's
  own last touch (closeness undecayed, touches in the 365 days before it, days from first to last
  touch, reciprocity then, the structural component as today, recency at its best). Ranking
  everyone this way gives ``past_rank``: "was in your top 50".
- High-status: the title's seniority (:func:`netbook.metrics.titles.seniority`) is director, VP,
  C-level or founder/owner.

They are ranked by ``score = (past_strength + status) × role`` where status is 0.5 (director),
0.75 (VP) or 1.0 (C-level, founder/owner) and role the importance of a mentor, sponsor or leader
(:data:`netbook.metrics.status.KEY_ROLES`): a high-status dormant tie outranks a merely familiar
one, as Walter et al. advise against the familiar choice.

**Moderately weak ties** (Rajkumar et al. 2022): in a causal LinkedIn experiment the ties that
helped job mobility most were structurally *moderately* weak (a handful of mutual contacts: an
inverted U) and weak in interaction intensity. Without alter–alter edges in an export, mutual
contacts come from co-affiliation (metrics.md §3.3): the same company (not "Freelance" and the
like), a shared group conversation, or a "knows" link you recorded (:func:`add_knows`). The
structural overlap of ego and alter j is Easley & Kleinberg's neighbourhood overlap, which for an
ego reduces to ``context_mates / (n - 1)``. Candidates are active ties (a contact within
:data:`ACTIVE_DAYS`, two years), not snoozed, whose overlap is non-zero and in the 2nd or 3rd
quintile (the 20th–60th percentile band of metrics.md §3.10) and whose decayed intensity is below
the median of active ties. The weakest by interaction come first (Rajkumar's weakest-by-intensity
ties mattered most), then the most context mates (others you know who share a context).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from netbook import metrics
from netbook.errors import InputError
from netbook.frames import ENGINE, Basis, health_basis
from netbook.identity import canonical
from netbook.metrics import strength as sg
from netbook.metrics.status import KEY_ROLES, quintile
from netbook.metrics.titles import seniority
from netbook.metrics.touches import AGE, DAY, decay, decayed, end_of
from netbook.phrases import plural_expr, span_expr, suffix_expr
from netbook.settings import Settings
from netbook.userdata import Person, find_person
from netbook.vocabulary import NO_EMPLOYER
from netbook.workspace import Workspace

ACTIVE_DAYS = 730
"""A tie touched (or connected) within this many days is active (metrics.md §3.10: two years)."""
GROUP_COLUMNS = ("thread_id", "person_id", "occurred_at", "is_group")
"""The interaction columns the pairs of group conversations are read from."""
STRONG_SHARE = 0.4
"""Former ties in this top share of past strength are historically strong (metrics.md §3.10)."""
STATUS = {"director": 0.5, "vp": 0.75, "c-level": 1.0, "founder/owner": 1.0}
"""Seniorities that make a dormant tie high-status, with their weight in the ranking."""
BAND = (2, 3)
"""Quintiles of non-zero structural overlap that are moderately weak (20th–60th percentile)."""
TOP = (5, 15, 50, 150)
"""Past ranks spelled out in a ``why`` ("was in your top 50"): Dunbar's layers."""
DORMANT_COLUMNS = (
    "person_id",
    "full_name",
    "company",
    "position",
    "seniority",
    "role",
    "last_contact_at",
    "days_since_contact",
    "touches",
    "past_strength",
    "past_rank",
    "score",
    "why",
)
"""The columns of :func:`dormant_ties`, in order."""
WEAK_COLUMNS = (
    "person_id",
    "full_name",
    "company",
    "position",
    "last_contact_at",
    "days_since_contact",
    "intensity",
    "contexts",
    "context_mates",
    "overlap",
    "why",
)
"""The columns of :func:`weak_ties`, in order."""


@dataclass(frozen=True)
class Network:
    """The health frame at an as-of date and the co-affiliations between the people in it.

    Attributes:
        health: :data:`netbook.metrics.CONTRACT` plus ``company_key`` (the normalised company, null
            for none), ``closeness`` (your rating), ``touches`` (lifetime touches) and
            ``past_strength``, one row per person known at the as-of date (reply behaviour is not
            computed: those columns are null).
        pairs: ``person_id``, ``other_id`` and ``context`` (``group:<thread id>`` or ``knows``),
            one row per direction, between people of ``health`` (companies are not listed: they
            are ``company_key``).
    """

    health: pl.DataFrame
    pairs: pl.DataFrame


def company_key(company: pl.Expr) -> pl.Expr:
    """The company as a shared context: lower case, single spaces; null for none or no employer.

    Examples:
        >>> frame = pl.DataFrame({"c": [" Globex  Corp", "Freelance", "", None]})
        >>> frame.select(company_key(pl.col("c")))["c"].to_list()
        ['globex corp', None, None, None]
    """
    key = company.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()
    return pl.when((key != "") & ~key.is_in(NO_EMPLOYER)).then(key)


def history(days: pl.LazyFrame, as_of: date, settings: Settings) -> pl.LazyFrame:
    """Each person's touches up to ``as_of``, measured on the day of their last touch.

    Args:
        days: :func:`netbook.metrics.touches.daily` of the interaction log (in its order: each
            person's days together and in date order).
        as_of: later days are not seen.
        settings: the workspace's settings (the closeness half-life).

    Returns:
        ``person_id``, ``touches`` (lifetime, connection events aside), ``closeness_then``
        (decayed to the last touch, not to ``as_of``), ``frequency_then`` (weighted touches in the
        365 days up to it), ``duration_then`` (days from first to last touch) and
        ``reciprocity_then``.
    """
    last = pl.col(DAY).max().over("person_id")
    seen = (
        # In daily's order: float sums run over each person's days in date order (same bits).
        days.filter((pl.col(DAY) <= as_of) & (pl.col("touch_count") > 0))
        .with_columns((last - pl.col(DAY)).dt.total_days().alias(AGE))
        .with_columns(decay(settings.half_lives.closeness_days).alias("__decay"))
    )
    within = pl.col(AGE) < 365
    out, into = (pl.col("outbound") * within).sum(), (pl.col("inbound") * within).sum()
    return (
        seen.group_by("person_id")
        .agg(
            pl.col("touch_count").sum().alias("touches"),
            decayed(pl.col("w"), "__decay").alias("closeness_then"),
            (pl.col("w") * within).sum().alias("frequency_then"),
            (pl.col(DAY).max() - pl.col(DAY).min()).dt.total_days().alias("duration_then"),
            pl.when(pl.max_horizontal(out, into) > 0)
            .then(pl.min_horizontal(out, into) / pl.max_horizontal(out, into))
            .otherwise(0.0)
            .alias("reciprocity_then"),
        )
        .with_columns(pl.col("person_id").cast(pl.String))
    )


def past_strength(settings: Settings) -> pl.Expr:
    """Tie strength on the day of the last touch (needs :func:`history`'s columns), in [0, 1]."""
    touched = pl.col("touches").is_not_null()
    parts = {
        "recency": pl.when(touched).then(1.0).otherwise(0.0),
        "closeness": pl.when(pl.col("closeness").is_not_null())
        .then((pl.col("closeness").cast(pl.Float64) - 1) / 4)
        .otherwise(sg.percentile(pl.col("closeness_then"))),
        "frequency": sg.percentile(pl.col("frequency_then")),
        "duration": sg.percentile(pl.col("duration_then").cast(pl.Float64) + 1.0),
        "reciprocity": pl.col("reciprocity_then").fill_null(0.0),
        "structural": pl.col("strength_structural"),
    }
    weights = settings.strength.normalised()
    total = pl.sum_horizontal(parts[c] * weights[c] for c in sg.COMPONENTS)
    return total.clip(0.0, 1.0).alias("past_strength")


def _pairs(
    interactions: pl.LazyFrame, knows: pl.DataFrame, aliases: pl.DataFrame, end: pl.Expr
) -> pl.LazyFrame:
    """Both directions of every group-conversation and knows pair (ids not yet checked)."""
    members = (
        interactions.filter(pl.col("is_group").fill_null(False) & (pl.col("occurred_at") < end))
        .select(pl.col("thread_id").cast(pl.String), "person_id")
        .unique()
    )
    groups = (
        members.join(members.rename({"person_id": "other_id"}), on="thread_id")
        .filter(pl.col("person_id") != pl.col("other_id"))
        .select("person_id", "other_id", context=pl.lit("group:") + pl.col("thread_id"))
    )
    linked = knows.lazy().select(
        canonical(pl.col("a_id"), aliases).alias("person_id"),
        canonical(pl.col("b_id"), aliases).alias("other_id"),
        context=pl.lit("knows"),
    )
    flipped = linked.select(
        pl.col("other_id").alias("person_id"), pl.col("person_id").alias("other_id"), "context"
    )
    return pl.concat([groups, linked, flipped]).filter(pl.col("person_id") != pl.col("other_id"))


def read_network(workspace: Workspace, as_of: date, health: pl.DataFrame | None = None) -> Network:
    """The health frame at ``as_of`` with past strength, and the co-affiliation pairs.

    Group conversations after ``as_of`` are not seen. A knows link is a fact about two people, not
    an event, so it counts at any as-of date (``noted_at`` is only when you typed it).

    Args:
        workspace: the workspace.
        as_of: the day the network is read at.
        health: the health frame at ``as_of`` when the caller has it (reply columns included);
            computed without reply behaviour otherwise.
    """
    settings = workspace.settings()
    with workspace.reading():
        basis = health_basis(workspace)
        # Only group conversations make pairs: the store hands over those rows alone.
        groups = workspace.interactions(GROUP_COLUMNS, where="is_group")
        knows, aliases = workspace.table("knows"), workspace.aliases()
    frame, pairs = _network(basis, groups, knows, aliases, as_of, settings, health)
    found, paired = pl.collect_all([frame, pairs], engine=ENGINE)
    return Network(found, paired)


def _network(
    basis: Basis,
    groups: pl.LazyFrame,
    knows: pl.DataFrame,
    aliases: pl.DataFrame,
    as_of: date,
    settings: Settings,
    health: pl.DataFrame | None,
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The two queries of :func:`read_network` at ``as_of``: the health frame, and the pairs."""
    people, days = basis.people, basis.days
    end = pl.lit(end_of(as_of, settings.time.zone)).dt.convert_time_zone("UTC")
    base = (
        health.lazy().select(metrics.CONTRACT)
        if health is not None
        else metrics.health(
            people, None, as_of, settings, with_replies=False, days=days, seen=basis.seen
        )
    )
    frame = (
        base.join(people.select("person_id", "closeness"), on="person_id", how="left")
        .join(history(days, as_of, settings), on="person_id", how="left")
        .with_columns(past_strength(settings), company_key(pl.col("company")).alias("company_key"))
        .drop("closeness_then", "frequency_then", "duration_then", "reciprocity_then")
        .sort("person_id")
    )
    known = base.select("person_id")  # the frame's people: its left joins keep base's rows
    pairs = (
        _pairs(groups, knows, aliases, end)
        .join(known, on="person_id", how="semi")
        .join(known.rename({"person_id": "other_id"}), on="other_id", how="semi")
        .unique()
        .sort("person_id", "other_id", "context")
    )
    return frame, pairs


def _rank(value: pl.Expr, eligible: pl.Expr) -> pl.Expr:
    """1 for the highest ``value`` among ``eligible`` rows (ties: person_id); else null."""
    ranked = pl.when(eligible).then(value)
    rank = pl.arg_sort_by([ranked, pl.col("person_id")], descending=[True, False], nulls_last=True)
    return pl.when(eligible).then(rank.arg_sort() + 1)


SEEN_LATELY_DAYS = 365
"""A position an export showed longer ago than this is told with its year, not as "now"."""


def dormant_ties(
    workspace: Workspace, as_of: date, limit: int = 20, *, network: Network | None = None
) -> pl.DataFrame:
    """Former ties silent for ``thresholds.dormant_years`` or more that are worth reviving.

    Args:
        workspace: the workspace.
        as_of: the day silence is measured to; later touches are not seen.
        limit: rows to return (0: all).
        network: :func:`read_network` of the same workspace and date, when the caller has it.

    Returns:
        :data:`DORMANT_COLUMNS`, best first, each with a ``why`` such as ``silent 4 years, was in
        your top 50, now VP Sales at Globex``.
    """
    settings = workspace.settings()
    frame = (network or read_network(workspace, as_of)).health
    # Each distinct title is classified once (a dozen regular expressions; many share a title).
    titles = frame.select(pl.col("position").unique())
    titles = titles.with_columns(seniority(pl.col("position")).alias("__seniority"))
    frame = frame.join(titles, on="position", how="left", nulls_equal=True, maintain_order="left")
    former = pl.col("touches").fill_null(0) > 0
    status = pl.col("__seniority").replace_strict(STATUS, default=0.0)
    dormant = pl.col("days_since_contact") >= settings.thresholds.dormant_years * 365
    role = pl.col("role").replace_strict(KEY_ROLES, default=1.0, return_dtype=pl.Float64)
    found = (
        frame.with_columns(
            pl.col("__seniority").alias("seniority"),
            past_rank=_rank(pl.col("past_strength"), former),
            score=(pl.col("past_strength") + status) * role,
            high=status > 0,
        )
        .with_columns(strong=pl.col("past_rank") <= STRONG_SHARE * former.sum())
        .filter(
            dormant & former & (pl.col("strong") | pl.col("high")) & (pl.col("status") != "snoozed")
        )
    )
    top = pl.lit(None, pl.String)
    for size in reversed(TOP):
        top = (
            pl.when(pl.col("past_rank") <= size)
            .then(pl.lit(f"was in your top {size}"))
            .otherwise(top)
        )
    before = pl.format("{} until then", plural_expr(pl.col("touches"), "touch", "es"))
    # Their work as the newest export showed it: "now" only if that export is recent.
    seen = workspace.people().select("person_id", "observed_on").collect()
    found = found.join(seen, on="person_id", how="left", maintain_order="left")
    work = (
        pl.when(pl.col("company").is_not_null())
        .then(pl.format("{} at {}", pl.col("position"), pl.col("company")))
        .otherwise(pl.col("position"))
    )
    old = (pl.lit(as_of) - pl.col("observed_on")).dt.total_days() > SEEN_LATELY_DAYS
    now = pl.when(pl.col("high")).then(
        pl.when(old.fill_null(False))
        .then(pl.format("{} in {}", work, pl.col("observed_on").dt.year()))
        .otherwise(pl.format("now {}", work))
    )
    years = pl.col("days_since_contact") // 365
    parts = [
        pl.format("silent {}", plural_expr(years, "year")),
        pl.coalesce(top, before),
        now,
        pl.when(pl.col("role").is_in(list(KEY_ROLES))).then(pl.format("your {}", pl.col("role"))),
    ]
    ranked = found.with_columns(
        pl.concat_list(parts).list.drop_nulls().list.join(", ").alias("why")
    ).sort(["score", "days_since_contact", "person_id"], descending=[True, True, False])
    return ranked.select(DORMANT_COLUMNS).head(limit or ranked.height)


def weak_ties(
    workspace: Workspace, as_of: date, limit: int = 20, *, network: Network | None = None
) -> pl.DataFrame:
    """Moderately weak ties (Rajkumar et al. 2022): the people to ask in a job search.

    Args:
        workspace: the workspace.
        as_of: the day the ties are measured at.
        limit: rows to return (0: all).
        network: :func:`read_network` of the same workspace and date, when the caller has it.

    Returns:
        :data:`WEAK_COLUMNS`, weakest interaction first, each with a ``why`` such as ``2 shared
        contexts (Globex, a group conversation) with 14 other people you know, last touched 8 months ago``.
    """
    frame = overlap(network or read_network(workspace, as_of))
    connected = (pl.lit(as_of) - pl.col("connected_on")).dt.total_days()
    # A tie in the last year: in touch, or connected (a connection never written to is a weak tie).
    recent = (pl.col("days_since_contact") <= ACTIVE_DAYS) | (connected <= ACTIVE_DAYS)
    active = recent.fill_null(False) & (pl.col("status") != "snoozed")
    band = quintile(pl.when(active & (pl.col("overlap") > 0)).then(pl.col("overlap"))).cast(
        pl.Int64
    )
    median = pl.col("intensity").filter(active).median()
    # At or below the median: connections never written to (intensity 0) are the weakest.
    low = (pl.col("intensity") < median) | ((pl.col("intensity") == 0) & (median == 0))
    found = frame.filter(active & band.is_in(BAND) & low)
    touched = pl.when(pl.col("touches").fill_null(0) > 0)
    ago = span_expr(pl.coalesce(pl.col("days_since_contact"), connected))
    ranked = found.with_columns(
        pl.format(
            "{} shared context{} ({}) with {} other {} you know, {}",
            pl.col("contexts"),
            suffix_expr(pl.col("contexts")),
            pl.col("context_names"),
            pl.col("context_mates"),
            pl.when(pl.col("context_mates") == 1)
            .then(pl.lit("person"))
            .otherwise(pl.lit("people")),
            touched.then(pl.format("last touched {} ago", ago)).otherwise(
                pl.format("connected {} ago, never in touch since", ago)
            ),
        ).alias("why")
    ).sort(
        ["intensity", "connected_on", "context_mates", "person_id"],
        descending=[False, False, True, False],
        nulls_last=True,
    )
    return ranked.select(WEAK_COLUMNS).head(limit or ranked.height)


def overlap(network: Network) -> pl.DataFrame:
    """The health frame with each person's co-affiliation with the rest of the network.

    Adds ``company_mates`` (others at the same company), ``threads`` (shared group conversations),
    ``knows`` (knows links), ``contexts`` (the company counts once, each thread and link once),
    ``context_mates`` (distinct people sharing any context), ``overlap`` (``context_mates /
    (n - 1)``) and ``context_names`` (e.g. ``Globex, 2 group conversations, knows Ada Example``).
    """
    health, pairs = network.health, network.pairs
    keys = health.select("person_id", "company_key")
    other = keys.rename({"person_id": "other_id", "company_key": "other_key"})
    elsewhere = (
        pairs.join(keys, on="person_id")
        .join(other, on="other_id")
        .filter(
            pl.col("company_key").is_null() | pl.col("company_key").ne_missing(pl.col("other_key"))
        )
        .group_by("person_id")
        .agg(pl.col("other_id").n_unique().alias("elsewhere"))
    )
    names = health.select(pl.col("person_id").alias("other_id"), "full_name")
    linked = (
        pairs.filter(pl.col("context") == "knows")
        .join(names, on="other_id", how="left")
        .sort("person_id", "full_name", "other_id", nulls_last=True)
        .group_by("person_id", maintain_order=True)
        .agg(
            pl.len().alias("knows"),
            pl.col("full_name").fill_null("someone").head(2).alias("knows_names"),
        )
    )
    threads = (
        pairs.filter(pl.col("context") != "knows")
        .group_by("person_id")
        .agg(pl.col("context").n_unique().alias("threads"))
    )
    n = max(health.height - 1, 1)
    mates = pl.when(pl.col("company_key").is_not_null()).then(pl.len().over("company_key") - 1)
    counts = ("elsewhere", "knows", "threads", "company_mates")
    frame = (
        health.join(elsewhere, on="person_id", how="left")
        .join(linked, on="person_id", how="left")
        .join(threads, on="person_id", how="left")
        .with_columns(mates.alias("company_mates"))
        .with_columns(pl.col(c).fill_null(0).cast(pl.Int64) for c in counts)
    )
    more = pl.col("knows") - pl.col("knows_names").list.len()
    knows_text = pl.col("knows_names").list.join(" and ") + pl.when(more > 0).then(
        pl.format(" and {} more", more)
    ).otherwise(pl.lit(""))
    listed = [
        pl.when(pl.col("company_mates") > 0).then(pl.col("company")),
        pl.when(pl.col("threads") == 1)
        .then(pl.lit("a group conversation"))
        .when(pl.col("threads") > 1)
        .then(pl.format("{} group conversations", pl.col("threads"))),
        pl.when(pl.col("knows") > 0).then(pl.lit("knows ") + knows_text),
    ]
    return frame.with_columns(
        contexts=(pl.col("company_mates") > 0).cast(pl.Int64) + pl.col("threads") + pl.col("knows"),
        context_mates=pl.col("company_mates") + pl.col("elsewhere"),
        overlap=(pl.col("company_mates") + pl.col("elsewhere")) / n,
        context_names=pl.concat_list(listed).list.drop_nulls().list.join(", "),
    ).sort("person_id")


def add_knows(workspace: Workspace, person: str, other: str) -> tuple[Person, Person, bool]:
    """Record that ``person`` and ``other`` know each other (a co-affiliation of their own).

    Both are matched with :func:`netbook.userdata.find_person` before anything is written, so an
    ambiguous or unknown name changes nothing. Recording the same pair twice stores it once.

    Returns:
        The two people and whether the link is new.

    Raises:
        PersonNotFoundError: nobody matches one of them.
        AmbiguousPersonError: several people match one of them.
        NetbookError: both name the same person.
    """
    a, b = find_person(workspace, person), find_person(workspace, other)
    if a.person_id == b.person_id:
        raise InputError(
            f"{person!r} and {other!r} are the same person ({a.person_id})",
            hint="name two different people",
        )
    first, second = sorted((a.person_id, b.person_id))
    with workspace.connect(write=True) as connection:
        (stored,) = connection.execute(
            "SELECT count(*) FROM knows WHERE (a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?)",
            [first, second, second, first],
        ).fetchone() or (0,)
        if not stored:
            connection.execute(
                "INSERT INTO knows VALUES (?, ?, ?)", [first, second, datetime.now(UTC)]
            )
    return a, b, not stored
