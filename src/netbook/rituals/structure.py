"""The structure of your close network: Burt's structural holes and the ties that bridge them.

The ego network (metrics.md §3.9) is you, your :data:`SIZE` strongest ties (Dunbar's active
network of 150, the layers support to active: bigger networks are mostly acquaintances, and
everything here stays well under a second at 30,000 connections), and ties between those people
inferred from co-affiliation, since an export has no alter–alter edges (metrics.md §3.3): the
same company, a shared group conversation, or a "knows" link you recorded.

Tie weights: yours to each alter is their tie strength; a tie between two alters gets the
geometric mean of their strengths with you, ``sqrt(s_a * s_b)``, on the same scale (Granovetter
1973: the stronger your ties to two people, the stronger the tie between them is likely to be).

Burt's measures of the ego are computed with networkx's definitions (``nx.effective_size``,
``nx.constraint``, ``nx.local_constraint`` with ``weight="weight"``): effective size
``e = Σ_j (1 − Σ_w p_iw m_jw)``, efficiency ``e / n`` and constraint
``C = Σ_j (p_ij + Σ_q p_iq p_qj)²``. networkx evaluates them in O(n³) Python calls without
scipy (6 s at 150 alters, and the sums run in set order, so bits vary between processes); the
same formulas are evaluated here once per tie in a fixed order, and the tests check them against
networkx. Clusters are networkx's greedy modularity communities of the alter–alter graph.

**Bridging ties to protect** are alters who share no context with any other close tie (your
only window onto their part of the world) and alters who are the only link between parts of
your close network (articulation points of the alter–alter graph). They are ranked by how much
your effective size drops without them, then by how long they have been silent: bridges decay
fastest (Burt 2002, "Bridge decay"; metrics.md §3.8).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import networkx as nx
import polars as pl

from netbook.phrases import span
from netbook.rituals.ties import Network, read_network
from netbook.workspace import Workspace

Adjacency = dict[int, list[tuple[int, float]]]
SIZE: Final = 150
EGO: Final = 0
"""The ego's node in the graph; alters are 1..n in order of strength."""
SEED: Final = 7
PALETTE: Final = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
ALONE: Final = "#c7c7c7"
ALONE_LABEL: Final = "no shared context"
"""The cluster of an alter who shares no context with any other close tie."""
NODE_COLUMNS = (
    "person_id",
    "full_name",
    "company",
    "layer",
    "strength",
    "days_since_contact",
    "community",
    "cluster",
    "alter_ties",
    "nonredundancy",
    "constraint",
    "effective_size_loss",
    "isolate",
    "broker",
)
"""The columns of :attr:`Structure.nodes` (one row per alter, strongest first)."""


@dataclass(frozen=True)
class Structure:
    """Your close network at an as-of date.

    Attributes:
        as_of: the day it is measured at.
        alters: people in it (besides you).
        ties: ties between them.
        density: ``ties`` over the pairs there could be.
        effective_size: Burt's effective size of your network (weighted).
        efficiency: effective size per alter.
        constraint: Burt's constraint on you (low: you broker between groups).
        communities: clusters of two or more people.
        nodes: :data:`NODE_COLUMNS`: ``constraint`` is the alter's share of yours, ``nonredundancy``
            their term of the effective size, ``effective_size_loss`` how much it drops without
            them, ``community`` 1 for the largest cluster (each lone alter has one of their own),
            ``cluster`` its most common company.
        edges: the alter–alter ties: ``a_id``, ``b_id``, ``weight``, ``contexts``.
        bridges: the bridging ties to protect (the node columns and ``why``), most important
            first. A lone tie without company data is not one: netbook cannot tell what it links.
        unknown: close ties with no company, group or knows link and no company data, left out of
            ``bridges`` (whether they bridge is unknown).
    """

    as_of: date
    alters: int
    ties: int
    density: float
    effective_size: float
    efficiency: float
    constraint: float
    communities: int
    nodes: pl.DataFrame
    edges: pl.DataFrame
    bridges: pl.DataFrame
    unknown: int = 0


def alter_ties(alters: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """Ties among ``alters`` (``person_id``, ``company_key``, ``strength``) from co-affiliation.

    Returns:
        ``a_id < b_id``, ``weight`` (the geometric mean of their strengths) and ``contexts``
        (sorted: ``company``, ``group``, ``knows``), sorted by ``a_id, b_id``.
    """
    keys = alters.select("person_id", "company_key")
    by_company = (
        keys.join(keys.rename({"person_id": "other_id"}), on="company_key")
        .select("person_id", "other_id", context=pl.lit("company"))
        .filter(pl.col("person_id") != pl.col("other_id"))
    )
    other = pairs.select(
        "person_id", "other_id", context=pl.col("context").str.extract(r"^(group|knows)")
    )
    strengths = alters.select("person_id", "strength")
    return (
        pl.concat([by_company, other])
        .filter(pl.col("person_id") < pl.col("other_id"))
        .join(
            strengths.rename({"person_id": "a_id", "strength": "a"}),
            left_on="person_id",
            right_on="a_id",
        )
        .join(
            strengths.rename({"person_id": "b_id", "strength": "b"}),
            left_on="other_id",
            right_on="b_id",
        )
        .group_by(a_id="person_id", b_id="other_id")
        .agg(
            (pl.col("a").first() * pl.col("b").first()).sqrt().alias("weight"),
            pl.col("context").unique().sort().alias("contexts"),
        )
        .sort("a_id", "b_id")
    )


def ego_graph(alters: pl.DataFrame, ties: pl.DataFrame) -> Any:
    """The weighted ego network: node 0 is you, alters 1..n in the order of ``alters``.

    Each node has a ``person_id`` attribute (you: None); edges a ``weight``.
    """
    graph = nx.Graph()
    graph.add_node(EGO, person_id=None)
    index = {}
    for number, (person, strength) in enumerate(
        alters.select("person_id", "strength").iter_rows(), 1
    ):
        index[person] = number
        graph.add_node(number, person_id=person)
        graph.add_edge(EGO, number, weight=float(strength))
    for a, b, weight in ties.select("a_id", "b_id", "weight").iter_rows():
        graph.add_edge(index[a], index[b], weight=float(weight))
    return graph


def _adjacency(graph: Any) -> Adjacency:
    return {v: sorted((u, float(d["weight"])) for u, d in graph[v].items()) for v in sorted(graph)}


def nonredundancy(
    adjacency: Adjacency, ego: int = EGO, without: int | None = None
) -> dict[int, float]:
    """Each alter's term ``1 − Σ_w p_iw m_jw`` of Burt's effective size (optionally one removed)."""
    mine = [(u, w) for u, w in adjacency[ego] if u != without]
    total = sum(w for _, w in mine)
    share = {u: w / total for u, w in mine}
    terms = {}
    for j, _ in mine:
        ties = [(u, w) for u, w in adjacency[j] if u != without]
        strongest = max(w for _, w in ties)
        terms[j] = 1.0 - sum(share[u] * (w / strongest) for u, w in ties if u != ego)
    return terms


def local_constraint(adjacency: Adjacency, ego: int = EGO) -> dict[int, float]:
    """Burt's constraint on the ego from each alter: ``(p_ij + Σ_q p_iq p_qj)²``."""
    totals = {v: sum(w for _, w in ties) for v, ties in adjacency.items()}
    weights = {v: dict(ties) for v, ties in adjacency.items()}
    found = {}
    for j, w_ij in adjacency[ego]:
        indirect = sum(
            weights[ego][q] / totals[ego] * (w_qj / totals[q])
            for q, w_qj in adjacency[j]
            if q != ego
        )
        found[j] = (w_ij / totals[ego] + indirect) ** 2
    return found


def _communities(graph: Any, alters: int) -> dict[int, int]:
    """Community of each alter: 1 for the largest (ties: lowest node), lone alters last."""
    inner = graph.subgraph(range(1, alters + 1))
    groups = (
        [set(c) for c in nx.community.greedy_modularity_communities(inner, weight="weight")]
        if inner.number_of_edges()
        else [{v} for v in inner]
    )
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    return {v: number for number, members in enumerate(ordered, 1) for v in members}


def _parts(graph: Any, broker: int) -> list[set[int]]:
    """The pieces of the alter–alter graph that only ``broker`` holds together."""
    inner = graph.subgraph(v for v in graph if v not in (EGO, broker))
    parts: list[set[int]] = []
    for neighbour in sorted(graph[broker]):
        if neighbour != EGO and not any(neighbour in part for part in parts):
            parts.append(set(nx.node_connected_component(inner, neighbour)))
    return parts


def _label(companies: list[str | None], size: int) -> str:
    """A group's most common workplace (ties: alphabetical), else its size."""
    named = Counter(c for c in companies if c)
    if not named:
        return f"{size} {'person' if size == 1 else 'people'}"
    return sorted(named.items(), key=lambda item: (-item[1], item[0]))[0][0]


def _part(members: set[int], companies: list[str | None], names: list[str | None]) -> str:
    """``Globex (4 people)``, or the name of a lone person."""
    if len(members) == 1:
        return names[min(members) - 1] or "someone"
    return f"{_label([companies[u - 1] for u in members], len(members))} ({len(members)} people)"


def _ago(days: int | None) -> str:
    return "never touched" if days is None else f"last touched {span(days)} ago"


def _why(
    row: dict[str, Any],
    graph: Any,
    node: int,
    companies: list[str | None],
    names: list[str | None],
    everyone: dict[str, int],
) -> str | None:
    """Why a bridging tie matters; None for an alter who is neither isolate nor broker."""
    if row["isolate"]:
        reason = "no company, group or knows link to your other close ties"
        others = everyone.get(row["company_key"], 1) - 1
        if others:
            reason = f"your only close tie at {row['company']} ({others} more there)"
    elif row["broker"]:
        parts = _parts(graph, node)
        named = [_part(p, companies, names) for p in parts]
        reason = (
            f"the only link among your close ties between {', '.join(named[:-1])} and {named[-1]}"
        )
    else:
        return None
    loss = row["effective_size_loss"]
    return f"{reason}, {_ago(row['days_since_contact'])} (without them your effective size drops {loss:.2f})"


def analyse(network: Network, as_of: date, size: int = SIZE) -> Structure:
    """The ego network of ``network``'s ``size`` strongest touched ties, and its structure."""
    health = network.health
    alters = (
        health.filter(pl.col("days_since_contact").is_not_null() & (pl.col("strength") > 0))
        .sort(["strength", "person_id"], descending=[True, False])
        .head(size)
    )
    chosen = alters.select("person_id")
    pairs = network.pairs.join(chosen, on="person_id", how="semi").join(
        chosen.rename({"person_id": "other_id"}), on="other_id", how="semi"
    )
    ties = alter_ties(alters, pairs)
    graph = ego_graph(alters, ties)
    n, t = alters.height, ties.height
    adjacency = _adjacency(graph)
    terms = nonredundancy(adjacency) if n else {}
    effective = sum(terms[v] for v in sorted(terms))
    local = local_constraint(adjacency) if n else {}
    loss = {x: effective - sum(nonredundancy(adjacency, without=x).values()) for x in sorted(terms)}
    community = _communities(graph, n) if n else {}
    brokers = set(nx.articulation_points(graph.subgraph(range(1, n + 1))))
    # Workplaces that are a shared context name a cluster; "Freelance" does not.
    companies = (
        alters.select(pl.when(pl.col("company_key").is_not_null()).then(pl.col("company")))
        .to_series()
        .to_list()
    )
    names = alters["full_name"].to_list()
    members: dict[int, list[str | None]] = {}
    for v, c in community.items():
        members.setdefault(c, []).append(companies[v - 1])
    labels = {
        c: _label(names, len(names)) if len(names) > 1 else ALONE_LABEL
        for c, names in members.items()
    }
    nodes = alters.select(
        "person_id",
        "full_name",
        "company",
        "company_key",
        "layer",
        "strength",
        "days_since_contact",
    ).with_columns(
        pl.Series("community", [community[v] for v in range(1, n + 1)], pl.Int64),
        pl.Series("cluster", [labels[community[v]] for v in range(1, n + 1)], pl.String),
        pl.Series("alter_ties", [graph.degree(v) - 1 for v in range(1, n + 1)], pl.Int64),
        pl.Series("nonredundancy", [terms[v] for v in range(1, n + 1)], pl.Float64),
        pl.Series("constraint", [local[v] for v in range(1, n + 1)], pl.Float64),
        pl.Series("effective_size_loss", [loss[v] for v in range(1, n + 1)], pl.Float64),
        pl.Series("isolate", [graph.degree(v) == 1 for v in range(1, n + 1)], pl.Boolean),
        pl.Series("broker", [v in brokers for v in range(1, n + 1)], pl.Boolean),
    )
    wider = health.filter(pl.col("company_key").is_not_null()).group_by("company_key").len()
    everyone = dict(wider.iter_rows())
    whys = [
        _why(row, graph, v, companies, names, everyone)
        for v, row in enumerate(nodes.iter_rows(named=True), 1)
    ]
    nodes = nodes.with_columns(pl.Series("why", whys, pl.String))
    # A lone tie is a bridge only when netbook knows where they are (a company to be the only
    # close tie at); with no company data their missing links say nothing about them.
    unplaced = pl.col("isolate") & ~pl.col("broker") & pl.col("company_key").is_null()
    unknown = nodes.filter(unplaced).height
    bridges = nodes.filter((pl.col("isolate") | pl.col("broker")) & ~unplaced).sort(
        ["effective_size_loss", "days_since_contact", "person_id"],
        descending=[True, True, False],
        nulls_last=True,
    )
    return Structure(
        as_of=as_of,
        alters=n,
        ties=t,
        density=2 * t / (n * (n - 1)) if n > 1 else 0.0,
        effective_size=effective,
        efficiency=effective / n if n else 0.0,
        constraint=sum(local[v] for v in sorted(local)),
        communities=sum(1 for names in members.values() if len(names) > 1),
        nodes=nodes.select(NODE_COLUMNS),
        edges=ties,
        bridges=bridges.select(*NODE_COLUMNS, "why"),
        unknown=unknown,
    )


def describe(found: Structure) -> list[str]:
    """What ``found``'s numbers mean, in plain sentences, each with what good looks like."""
    lines = [
        f"Your {found.alters} strongest ties know each other in {found.ties} pairs that "
        f"netbook can see (a shared company, group conversation or `netbook knows`), in "
        f"{found.communities} clusters of two or more (density {found.density:.2f}).",
        f"About {found.effective_size:,.0f} of them bring you something the others do not "
        f"(effective size {found.effective_size:.1f}, Burt 1992). Good: most of the "
        f"{found.alters}; a low number means your close ties mostly know each other.",
        f"How much your close ties hem you in: constraint {found.constraint:.3f}. Good: low, "
        "near 0 when you link groups that would not otherwise meet; near 1 when they are "
        "one tight group.",
    ]
    if found.unknown:
        lines.append(
            f"{found.unknown} of your close ties {'has' if found.unknown == 1 else 'have'} no "
            "company data and no recorded link: "
            "netbook cannot tell whether they bridge, so they are not listed."
        )
    return lines


def structure(workspace: Workspace, as_of: date, size: int = SIZE) -> Structure:
    """Your close network's structure at ``as_of`` (see the module's description).

    Args:
        workspace: the workspace.
        as_of: the day tie strengths are measured at; later conversations are not seen.
        size: how many of your strongest ties make up the network.
    """
    return analyse(read_network(workspace, as_of), as_of, size)


def spring_layout(
    graph: Any, seed: int = SEED, iterations: int = 50
) -> dict[int, tuple[float, float]]:
    """Fruchterman–Reingold positions in [−1, 1]², as ``nx.spring_layout`` (which needs numpy).

    Starts from positions drawn with ``random.Random(seed)`` and runs in a fixed order, so the
    same graph always gets the same positions.
    """
    nodes = sorted(graph)
    if len(nodes) < 2:
        return {v: (0.0, 0.0) for v in nodes}
    rng = random.Random(seed)
    xs = [rng.random() for _ in nodes]
    ys = [rng.random() for _ in nodes]
    index = {v: i for i, v in enumerate(nodes)}
    weight = [{index[u]: float(d["weight"]) for u, d in graph[v].items()} for v in nodes]
    k = 1.0 / math.sqrt(len(nodes))
    step = 0.1
    cooling = step / (iterations + 1)
    for _ in range(iterations):
        dx_all = [0.0] * len(nodes)
        dy_all = [0.0] * len(nodes)
        for i in range(len(nodes)):
            xi, yi, wi = xs[i], ys[i], weight[i]
            for j in range(i + 1, len(nodes)):
                dx, dy = xi - xs[j], yi - ys[j]
                distance = max(math.hypot(dx, dy), 0.01)
                force = k * k / (distance * distance) - wi.get(j, 0.0) * distance / k
                dx_all[i] += dx * force
                dy_all[i] += dy * force
                dx_all[j] -= dx * force
                dy_all[j] -= dy * force
        for i in range(len(nodes)):
            length = math.hypot(dx_all[i], dy_all[i])
            length = 0.1 if length < 0.01 else length
            xs[i] += dx_all[i] * step / length
            ys[i] += dy_all[i] * step / length
        step -= cooling
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    scale = max(max(abs(x - mx) for x in xs), max(abs(y - my) for y in ys)) or 1.0
    return {
        v: (round((xs[i] - mx) / scale, 4), round((ys[i] - my) / scale, 4))
        for i, v in enumerate(nodes)
    }
