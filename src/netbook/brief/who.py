"""``netbook who``: the people you know at a company (now or before) or by title or tag, with a path.

A person matches when their company now contains the text (``at Acme now``), when an export showed
them at a matching company they have since left (``at Acme until 2026-10-16``: the
``observations``), or when their position or one of your tags contains it. They are ranked by tie
strength at the as-of day. Anyone you do not know well (strength below :data:`WELL`) gets the
strongest path to them: the person you know best (strength above theirs) who shares a stored fact
with them (:mod:`netbook.brief.edges`), e.g. ``via Ada Example: colleague at Acme 2019-22,
strength 0.71``. No fact, no path: nothing is inferred.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from netbook import api
from netbook.brief.edges import edges
from netbook.errors import InputError
from netbook.rituals.ties import company_key
from netbook.workspace import Workspace

WELL = 0.5
"""A tie this strong or stronger needs no introduction."""
COLUMNS = (
    "person_id",
    "full_name",
    "company",
    "position",
    "match",
    "strength",
    "layer",
    "via_id",
    "via",
    "edge_kind",
    "edge_key",
    "path",
)
"""The columns of :func:`who`, in order."""


def _matches(workspace: Workspace, text: str, as_of: date) -> pl.DataFrame:
    """``person_id`` and ``match`` (why they are listed), one row per person."""
    needle = " ".join(text.lower().split())
    people = workspace.people()
    key = company_key(pl.col("company"))
    now = people.filter(key.str.contains(needle, literal=True).fill_null(False)).select(
        "person_id", match=pl.format("at {} now", "company")
    )
    seen = workspace.observations().filter(
        (pl.col("observed_on") <= as_of) & key.str.contains(needle, literal=True).fill_null(False)
    )
    before = (
        seen.group_by("person_id")
        .agg(pl.col("company").sort_by("observed_on").last(), until=pl.col("observed_on").max())
        .join(now, on="person_id", how="anti")
        .select("person_id", match=pl.format("at {} until {}", "company", "until"))
    )
    lower = pl.col("position").str.to_lowercase()
    titled = people.filter(lower.str.contains(needle, literal=True).fill_null(False)).select(
        "person_id", match=pl.format("{} (title)", "position")
    )
    tags = pl.col("tags").list.eval(pl.element().str.to_lowercase() == needle).list.any()
    tagged = people.filter(tags.fill_null(False)).select(
        "person_id", match=pl.lit(f"tagged {needle}")
    )
    return (
        pl.concat([now, before, titled, tagged])
        .group_by("person_id", maintain_order=True)
        .agg(pl.col("match").first())
        .collect()
    )


def two_places(value: pl.Expr) -> pl.Expr:
    """A strength in [0, 1] as text with two decimals.

    Examples:
        >>> pl.select(two_places(pl.lit(0.7049)), two_places(pl.lit(1.0)).alias("b")).row(0)
        ('0.70', '1.00')
    """
    hundredths = (value * 100).round(0).cast(pl.Int64)
    return pl.format("{}.{}", hundredths // 100, (hundredths % 100).cast(pl.String).str.zfill(2))


def paths(health: pl.DataFrame, facts: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """The strongest one-step path to each target: ``person_id`` -> via, edge, text.

    ``health`` gives everyone's strength; ``facts`` is :func:`~netbook.brief.edges.edges`.
    """
    strength = health.select("person_id", "strength", "full_name")
    return (
        facts.join(targets.select(b_id="person_id"), on="b_id", how="semi")
        .join(
            strength.rename({"person_id": "a_id", "strength": "via_strength", "full_name": "via"}),
            on="a_id",
        )
        .join(strength.select(b_id="person_id", own="strength"), on="b_id", how="left")
        .filter(
            (pl.col("via_strength") > pl.col("own").fill_null(0.0)) & (pl.col("via_strength") > 0)
        )
        .sort(
            ["b_id", "via_strength", "a_id", "kind", "key"],
            descending=[False, True, False, False, False],
        )
        .unique("b_id", keep="first", maintain_order=True)
        .select(
            person_id="b_id",
            via_id="a_id",
            via="via",
            edge_kind="kind",
            edge_key="key",
            path=pl.format(
                "via {}: {}, strength {}",
                pl.col("via").fill_null(pl.col("a_id")),
                "detail",
                two_places(pl.col("via_strength")),
            ),
        )
    )


def who(workspace: Workspace, text: str, as_of: date) -> pl.DataFrame:
    """The people matching ``text`` (see the module), strongest first: :data:`COLUMNS`.

    Raises:
        InputError: ``text`` is empty.
    """
    if not text.strip():
        raise InputError(
            "`netbook who` needs a company, title or tag", hint="e.g. netbook who Acme"
        )
    with workspace.reading():
        found = _matches(workspace, text, as_of)
        health = api.health(workspace, as_of=as_of)
        people = (
            workspace.people().select("person_id", "full_name", "company", "position").collect()
        )
        facts = edges(workspace, as_of, found["person_id"].to_list()) if found.height else None
    listed = (
        found.join(people, on="person_id")
        .join(health.select("person_id", "strength", "layer"), on="person_id", how="left")
        .with_columns(pl.col("strength").fill_null(0.0), pl.col("layer").fill_null("not known yet"))
    )
    weak = listed.filter(pl.col("strength") < WELL)
    routes = (
        paths(health, facts, weak)
        if facts is not None
        else pl.DataFrame(schema={c: pl.String for c in COLUMNS[7:]} | {"person_id": pl.String})
    )
    return (
        listed.join(routes, on="person_id", how="left")
        .sort(["strength", "person_id"], descending=[True, False])
        .select(COLUMNS)
    )
