"""What the user recorded by hand, as the workspace reads it: facts on people, touches logged.

Pure functions of stored frames (:mod:`netbook.userdata` writes them, :class:`netbook.workspace.
Workspace` reads them through these), so that the workspace never imports the module that writes.
"""

from __future__ import annotations

import polars as pl

from netbook import schema


def apply_facts(people: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """``people`` with the user's facts applied.

    Adds ``cadence_override`` (days), ``closeness`` and ``snoozed_until``, and overrides ``role``; the latest
    value of each field wins. Tags the user added or removed are applied in order to the sources'
    tags.
    """
    extra = {"cadence_override": pl.Int64, "closeness": pl.Int64, "snoozed_until": pl.Date}
    if facts.is_empty():
        return people.with_columns(pl.lit(None, t).alias(c) for c, t in extra.items())
    ordered = facts.sort("set_at", "fact_id")
    latest = (
        ordered.filter(pl.col("field").is_in(["role", *extra]))
        .group_by("person_id", "field")
        .agg(pl.col("value").last())
        .pivot("field", index="person_id", values="value")
    )
    for column in ("role", *extra):
        if column not in latest.columns:
            latest = latest.with_columns(pl.lit(None, pl.String).alias(column))
    tagged: dict[str, list[str]] = {}
    untagged: dict[str, set[str]] = {}
    for person, field, value in (
        ordered.filter(pl.col("field").is_in(["tag", "untag"]))
        .select("person_id", "field", "value")
        .iter_rows()
    ):
        if field == "tag":
            untagged.setdefault(person, set()).discard(value)
            tagged.setdefault(person, []).append(value)
        else:
            untagged.setdefault(person, set()).add(value)
            tagged[person] = [t for t in tagged.get(person, []) if t != value]
    tag_frame = pl.DataFrame(
        {
            "person_id": list(set(tagged) | set(untagged)),
            "__add": [tagged.get(p, []) for p in set(tagged) | set(untagged)],
            "__remove": [sorted(untagged.get(p, set())) for p in set(tagged) | set(untagged)],
        },
        schema={
            "person_id": pl.String,
            "__add": pl.List(pl.String),
            "__remove": pl.List(pl.String),
        },
    )
    joined = people.join(latest.rename({"role": "__role"}), on="person_id", how="left").join(
        tag_frame, on="person_id", how="left"
    )
    role_set = pl.col("person_id").is_in(
        ordered.filter(pl.col("field") == "role")["person_id"].unique().implode()
    )
    tags = (
        pl.concat_list(pl.col("tags").fill_null([]), pl.col("__add").fill_null([]))
        .list.set_difference(pl.col("__remove").fill_null([]))
        .list.unique()
        .list.sort()
    )
    return joined.with_columns(
        pl.when(role_set).then(pl.col("__role")).otherwise(pl.col("role")).alias("role"),
        tags.alias("tags"),
        pl.col("cadence_override").cast(pl.Int64),
        pl.col("closeness").cast(pl.Int64),
        pl.col("snoozed_until").str.to_date(),
    ).drop("__role", "__add", "__remove")


def log_interactions(log: pl.DataFrame) -> pl.DataFrame:
    """The log's touches as canonical interactions (source ``log``)."""
    return schema.conform(
        log.select(
            pl.col("entry_id").alias("interaction_id"),
            "person_id",
            "occurred_at",
            "channel",
            "direction",
            (pl.col("direction") == "outbound").alias("initiated"),
            pl.lit(1.0).alias("weight"),
            "value",
            pl.lit("log").alias("source"),
            pl.lit(False).alias("is_group"),
        ),
        schema.INTERACTIONS,
    ).collect()
