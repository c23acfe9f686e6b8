"""messages.csv in every header era (M1 to M6), and the AI coach message files.

Only what metrics need leaves this module: who, when, which direction, which thread, whether it was a
group, the content's length and whether it was HTML (the reader never keeps the text).
"""

from __future__ import annotations

import polars as pl

from netbook import schema
from netbook.errors import SourceError
from netbook.ids import stable_ids_of
from netbook.keys import name_key, name_keys, normalise_urls
from netbook.sources._base import split_failures
from netbook.sources.dates import WITHIN, parse_datetimes
from netbook.sources.linkedin.owner import Owner
from netbook.sources.linkedin.parts import EVENT, Part, col, count_noise
from netbook.sources.tables import LINE, Table

DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S UTC",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%m/%d/%y, %I:%M %p",
)
HIDDEN = "linkedin member"


def load_ai(table: Table) -> Part:
    """LinkedIn AI coach conversations: read and counted, never a relationship."""
    return Part(noise={"ai coach": table.frame.height}, rows=table.frame.height)


def load(table: Table, file: str, owner: Owner | None) -> Part:
    """Interactions from messages.csv, one row per message and counterpart."""
    rows = table.rows
    frame = table.take()
    legacy = "conversation id" not in frame.columns
    if not legacy and owner is None:
        raise SourceError(
            table.name or file,
            "cannot tell which participant is you: no Profile.csv, Invitations.csv or owner",
            hint="set [owner] name (and profile_url) in the workspace's netbook.toml",
        )
    frame = frame.with_columns(
        __length=col(frame, "content:length").fill_null(0).cast(pl.Int32),
        __shown=col(frame, "content:shown").fill_null(0).cast(pl.Int32),
        __html=col(frame, "content:html").cast(pl.Boolean).fill_null(False),
        __asks=col(frame, "content:asks").cast(pl.Boolean),
    )
    frame = frame.with_columns(__at=parse_datetimes(frame["date"], DATE_FORMATS))
    bad = pl.col("date").is_null() | pl.col("__at").is_null()
    frame, failures = split_failures(
        frame, file, [("date", bad, f"expected a time like '2024-05-04 17:32:10 UTC', {WITHIN}")]
    )
    frame = _mark_noise(frame, legacy)
    noise = count_noise(frame["__noise"])
    events = _legacy_events(frame) if legacy else _events(frame, owner)  # type: ignore[arg-type]
    hidden = int(events["__noise"].is_not_null().sum())
    if hidden:
        noise["hidden member"] = hidden
    events = events.filter(pl.col("__noise").is_null())
    return Part(
        events=schema.conform(events, EVENT).collect(),
        failures=failures,
        noise=noise,
        rows=rows,
    )


def _mark_noise(frame: pl.DataFrame, legacy: bool) -> pl.DataFrame:
    yes = pl.lit("yes")
    reason = (
        pl.when(col(frame, "is message draft").str.to_lowercase() == yes)
        .then(pl.lit("draft"))
        .when(col(frame, "conversation title") == "Sponsored Conversation")
        .then(pl.lit("sponsored"))
        .when(col(frame, "folder").str.to_uppercase() == "SPAM")
        .then(pl.lit("spam"))
        .when(pl.col("from").is_null() | pl.col("to").is_null())
        .then(pl.lit("missing participant"))
    )
    sender = col(frame, "sender profile url").fill_null(col(frame, "from"))
    identity = [
        col(frame, "conversation id").alias("conversation"),
        sender.alias("sender"),
        pl.col("__at"),
        pl.col("__length"),
    ]
    if legacy:
        identity.append(col(frame, "to").alias("to"))
    return frame.with_columns(
        reason.otherwise(
            pl.when(~pl.struct(identity).is_first_distinct()).then(pl.lit("duplicate"))
        ).alias("__noise")
    )


def _columns(direction: pl.Expr, name_key_column: str) -> dict[str, pl.Expr]:
    """The event columns every message row carries (``__thread``, ``__group``, ... precomputed)."""
    return {
        "occurred_at": pl.col("__at"),
        "channel": pl.lit("message"),
        "direction": direction,
        "initiated": pl.col("__initiated"),
        "value": pl.lit("none"),
        "thread_id": pl.col("__thread"),
        "is_group": pl.col("__group"),
        "content_length": pl.col("__shown"),  # what a reader sees (the id keeps the raw length)
        "__length": pl.col("__length"),
        "is_html": pl.col("__html"),
        "asks": pl.col("__asks"),
        "__line": pl.col(LINE),
        "__sender": pl.col("__sender"),
        "__name_key": pl.col(name_key_column),
    }


def _first_in_thread() -> pl.Expr:
    """The message that opened its thread (the earliest; ties all count)."""
    return (pl.col("__at") == pl.col("__at").min().over("__thread")).fill_null(False)


def _hidden_or_key(events: pl.DataFrame) -> pl.DataFrame:
    hidden = pl.col("url").is_null() & (
        pl.col("__name_key").is_null() | (pl.col("__name_key") == HIDDEN)
    )
    # The natural key is (thread, sender, counterpart, time, length). The first three repeat
    # across a thread, so they are hashed once per distinct triple and the id hashes that stem
    # with the rest: the same id every time, at a fraction of the hashing.
    triple = ["thread_id", "__sender", "__counterpart"]
    stems = events.select(triple).unique()
    stems = stems.with_columns(__stem=stable_ids_of(stems, [pl.col(c) for c in triple]))
    events = events.join(stems, on=triple, how="left", nulls_equal=True, maintain_order="left")
    natural_key = [
        pl.lit("message"),
        pl.col("__stem"),
        pl.col("occurred_at").dt.epoch("s"),
        pl.col("__length"),  # the raw text's length: ids as before
    ]
    return events.with_columns(
        __noise=pl.when(hidden).then(pl.lit("hidden member")),
        interaction_id=stable_ids_of(events, natural_key),
    ).drop("__stem")


def _events(frame: pl.DataFrame, owner: Owner) -> pl.DataFrame:
    """M3 to M6. Names, URLs and ids stay Categorical: a million rows name a few thousand."""
    sender_urls = (
        normalise_urls(frame["sender profile url"])
        if "sender profile url" in frame.columns
        else pl.Series([None] * frame.height, dtype=pl.Categorical)
    )
    frame = (
        frame.with_row_index("__row")
        .with_columns(
            __sender_url=sender_urls,
            __from_key=name_keys(frame["from"]),
            __to_key=name_keys(frame["to"]),
        )
        .drop("sender profile url", "date", "subject", "folder", "attachments", strict=False)
    )
    by_url = pl.lit(owner.url is not None) & (pl.col("__sender_url") == pl.lit(owner.url))
    by_name = pl.col("__from_key") == pl.lit(owner.key)
    unknown_url = pl.col("__sender_url").is_null() | pl.lit(owner.url is None)
    outbound = (by_url | (unknown_url & by_name)).fill_null(False)
    # Noise was counted per message already; it takes no further part.
    frame = frame.filter(pl.col("__noise").is_null())
    frame = frame.with_columns(
        __outbound=outbound,
        __thread=_threads(frame),
        __sender=pl.coalesce("__sender_url", "__from_key"),
    )
    frame = _with_recipients(frame, owner)
    # Without recipient URLs (M3) the owner's side names the other person only by TO, so every
    # participant is compared by normalised name; with them (M4+), by URL where there is one.
    with_urls = "recipient profile urls" in frame.columns
    participant = pl.col("__sender") if with_urls else pl.col("__from_key")
    participants = pl.concat(
        [
            frame.filter(~pl.col("__outbound")).select("__thread", p=participant),
            frame.select("__thread", p=pl.col("__to")).explode("p"),
            frame.filter(pl.col("__outbound") & pl.col("__to").is_null()).select(
                "__thread", p=pl.col("__to_key")
            ),
        ]
    )
    groups = (
        participants.drop_nulls()
        .group_by("__thread")
        .agg(pl.col("p").n_unique().alias("__n"))
        .filter(pl.col("__n") > 1)
    )["__thread"]
    frame = frame.with_columns(
        __group=pl.col("__thread").is_in(groups.implode()), __initiated=_first_in_thread()
    )
    inbound = frame.filter(~pl.col("__outbound")).select(
        **_columns(pl.lit("inbound"), "__from_key"),
        url=pl.col("__sender_url"),
        name=pl.col("from"),
        __counterpart=pl.lit(None, pl.Categorical),
    )
    single = pl.col("__to").list.len().fill_null(0) <= 1
    outbound_events = (
        frame.filter(pl.col("__outbound"))
        .select(
            **_columns(pl.lit("outbound"), "__to_key"),
            url=pl.col("__to"),
            name=pl.when(single).then(pl.col("to")),
        )
        .explode("url")
        .with_columns(__counterpart=pl.when(pl.col("is_group")).then(pl.coalesce("url", "name")))
    )
    return _hidden_or_key(pl.concat([inbound, outbound_events], how="vertical_relaxed"))


def _threads(frame: pl.DataFrame) -> pl.Series:
    """The conversation id, or for the rare message without one, a thread of its own."""
    thread = frame["conversation id"]
    missing = thread.is_null().arg_true()
    if missing.is_empty():
        return thread
    own = (pl.lit("row:") + frame["__row"].gather(missing).cast(pl.String)).cast(pl.Categorical)
    return thread.scatter(missing, pl.select(own).to_series())


def _with_recipients(frame: pl.DataFrame, owner: Owner) -> pl.DataFrame:
    """Add ``__to``: each message's normalised recipient URLs other than the owner's.

    The split is done once per distinct RECIPIENT PROFILE URLS value, not once per message.
    """
    if "recipient profile urls" not in frame.columns:
        return frame.with_columns(__to=pl.lit(None, pl.List(pl.Categorical)))
    distinct = frame["recipient profile urls"].drop_nulls().unique()
    exploded = pl.DataFrame(
        {"__recipients": distinct, "url": distinct.cast(pl.String).str.split(",")}
    ).explode("url")
    exploded = exploded.with_columns(url=normalise_urls(exploded["url"].str.strip_chars()))
    own = _owner_urls(frame, exploded, owner)
    others = (
        exploded.filter(pl.col("url").is_not_null() & ~pl.col("url").is_in(own.implode()))
        .group_by("__recipients")
        .agg(pl.col("url").cast(pl.Categorical).unique(maintain_order=True).alias("__to"))
    )
    return frame.join(
        others,
        left_on="recipient profile urls",
        right_on="__recipients",
        how="left",
        maintain_order="left",
    )


def _owner_urls(frame: pl.DataFrame, exploded: pl.DataFrame, owner: Owner) -> pl.Series:
    """The owner's profile URLs: known, or (Profile.csv has none) as the messages show them.

    Without a known URL, the owner's is the sender URL of the owner's own messages, and the one
    recipient URL of a message sent to the owner by name: never another participant, so a
    single inbound message is not taken for a group.
    """
    if owner.url is not None:
        return pl.Series([owner.url], dtype=pl.String)
    sent = frame.filter(pl.col("__outbound"))["__sender_url"].cast(pl.String).drop_nulls()
    single = exploded.filter(pl.col("url").is_not_null()).filter(pl.len().over("__recipients") == 1)
    to_owner = frame.filter(
        ~pl.col("__outbound") & (pl.col("__to_key") == pl.lit(owner.key)).fill_null(False)
    )["recipient profile urls"].unique()
    received = single.filter(pl.col("__recipients").is_in(to_owner.implode()))["url"]
    return pl.concat([sent, received.cast(pl.String)]).unique()


def _legacy_events(frame: pl.DataFrame) -> pl.DataFrame:
    """M1 and M2: a Direction column, names only, no conversation ids."""
    frame = frame.with_columns(pl.col("from", "to").cast(pl.String))
    outbound = col(frame, "direction").str.to_uppercase() == "OUTGOING"
    name = pl.when(outbound).then(pl.col("to")).otherwise(pl.col("from"))
    frame = frame.filter(pl.col("__noise").is_null()).with_columns(
        __outbound=outbound.fill_null(False),
        __name=name,
        __name_key=name_key(name),
        __sender=pl.col("from"),
        __group=pl.lit(False),
    )
    frame = frame.with_columns(__thread=pl.lit("name:") + pl.col("__name_key"))
    frame = frame.with_columns(__initiated=_first_in_thread())
    direction = pl.when(pl.col("__outbound")).then(pl.lit("outbound")).otherwise(pl.lit("inbound"))
    events = frame.select(
        **_columns(direction, "__name_key"),
        url=pl.lit(None, pl.String),
        name=pl.col("__name"),
        __counterpart=pl.lit(None, pl.String),
    )
    return _hidden_or_key(events)
