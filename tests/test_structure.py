"""The ego network: Burt's measures by hand and against networkx, bridges, the chart, the CLI."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import networkx as nx
import polars as pl
import pytest

from clirun import netbook
from netbook.review.charts import network_chart
from netbook.rituals import structure as st
from netbook.rituals.structure import analyse, ego_graph, structure
from netbook.rituals.ties import Network, company_key
from netbook.workspace import Workspace
from stores import copy_workspace

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)


def network(
    rows: list[tuple[str, str, str | None, float, int | None]], links: list[tuple[str, str, str]]
) -> Network:
    """People (id, name, company, strength, days since contact) and pairs (a, b, context)."""
    health = pl.DataFrame(
        rows,
        schema={
            "person_id": pl.String,
            "full_name": pl.String,
            "company": pl.String,
            "strength": pl.Float64,
            "days_since_contact": pl.Int64,
        },
        orient="row",
    ).with_columns(company_key(pl.col("company")).alias("company_key"), layer=pl.lit("close"))
    both = links + [(b, a, context) for a, b, context in links]
    pairs = pl.DataFrame(
        both, schema=dict.fromkeys(["person_id", "other_id", "context"], pl.String), orient="row"
    )
    return Network(health, pairs)


@pytest.fixture
def small() -> Network:
    """Ann and Bob at Globex (strength 1), Cy and Di who know each other (0.25), Fay (0.5) alone.

    Ties between alters weigh sqrt(s_a s_b): Ann–Bob 1, Cy–Di 0.25. Uma was never touched.
    """
    return network(
        [
            ("a", "Ann", "Globex", 1.0, 10),
            ("b", "Bob", "Globex", 1.0, 20),
            ("c", "Cy", "Initech", 0.25, 30),
            ("d", "Di", None, 0.25, 40),
            ("f", "Fay", "Freelance", 0.5, 400),
            ("u", "Uma", "Hooli", 0.0, None),
        ],
        [("c", "d", "knows")],
    )


def test_burt_measures_by_hand(small: Network) -> None:
    found = analyse(small, AS_OF)
    # Your ties sum to 3: p = 1/3, 1/3, 1/12, 1/12, 1/6. Each alter's redundancy is p of the one
    # alter they know times 1 (that tie is as strong as their strongest): e = 5 - 2/3 - 1/6.
    assert (found.alters, found.ties, found.density) == (5, 2, 0.2)
    assert found.effective_size == pytest.approx(25 / 6)
    assert found.efficiency == pytest.approx(5 / 6)
    # Ann: (1/3 + 1/3 * 1/2)^2 = 1/4; Cy: (1/12 + 1/12 * 1/2)^2 = 1/64; Fay: (1/6)^2 = 1/36.
    assert found.constraint == pytest.approx(1 / 4 + 1 / 4 + 1 / 64 + 1 / 64 + 1 / 36)
    nodes = {r["full_name"]: r for r in found.nodes.iter_rows(named=True)}
    assert list(nodes) == ["Ann", "Bob", "Fay", "Cy", "Di"]  # strongest first; Uma is out
    assert nodes["Ann"]["constraint"] == pytest.approx(1 / 4)
    assert nodes["Cy"]["constraint"] == pytest.approx(1 / 64)
    assert nodes["Fay"]["constraint"] == pytest.approx(1 / 36)
    assert nodes["Ann"]["nonredundancy"] == pytest.approx(2 / 3)
    assert nodes["Cy"]["nonredundancy"] == pytest.approx(11 / 12)
    # Without Ann (your ties sum to 2): Bob 1, Cy and Di 1 - 1/8, Fay 1: e = 15/4.
    assert nodes["Ann"]["effective_size_loss"] == pytest.approx(25 / 6 - 15 / 4)
    # Without Cy (2.75): Ann and Bob 1 - 4/11, Di 1, Fay 1: e = 36/11.
    assert nodes["Cy"]["effective_size_loss"] == pytest.approx(25 / 6 - 36 / 11)
    # Without Fay (2.5): Ann and Bob 1 - 2/5, Cy and Di 1 - 1/10: e = 3.
    assert nodes["Fay"]["effective_size_loss"] == pytest.approx(25 / 6 - 3)
    assert {n: (r["community"], r["cluster"]) for n, r in nodes.items()} == {
        "Ann": (1, "Globex"),
        "Bob": (1, "Globex"),
        "Cy": (2, "Initech"),
        "Di": (2, "Initech"),
        "Fay": (3, st.ALONE_LABEL),
    }
    assert found.communities == 2
    edges = found.edges.rows()
    assert edges == [("a", "b", 1.0, ["company"]), ("c", "d", 0.25, ["knows"])]


def test_the_same_numbers_as_networkx(small: Network) -> None:
    found = analyse(small, AS_OF)
    graph = ego_graph(found.nodes, found.edges)
    assert found.effective_size == pytest.approx(nx.effective_size(graph, [0], weight="weight")[0])
    assert found.constraint == pytest.approx(nx.constraint(graph, [0], weight="weight")[0])
    local = [nx.local_constraint(graph, 0, v, weight="weight") for v in range(1, found.alters + 1)]
    assert found.nodes["constraint"].to_list() == pytest.approx(local)
    for v, loss in enumerate(found.nodes["effective_size_loss"], 1):
        smaller = graph.copy()
        smaller.remove_node(v)
        expected = found.effective_size - nx.effective_size(smaller, [0], weight="weight")[0]
        assert loss == pytest.approx(expected)


def test_bridges_lone_ties_and_the_only_link_between_groups() -> None:
    found = analyse(
        network(
            [
                ("a", "Ann", "Globex", 0.9, 10),
                ("b", "Bob", "Globex", 0.8, 900),
                ("c", "Cy", "Initech", 0.7, 30),
                ("d", "Di", "Initech", 0.6, 30),
                ("e", "Eve", "Hooli", 0.5, 5),
                ("h", "Hal", "Hooli", 0.0, None),  # at Hooli too, but not a close tie
            ],
            [("b", "c", "group:t1")],
        ),
        AS_OF,
    )
    assert found.bridges.columns == [*st.NODE_COLUMNS, "why"]
    rows = {r["full_name"]: r for r in found.bridges.iter_rows(named=True)}
    # Eve shares nothing with the others; Bob alone links Ann's Globex with Cy and Di's Initech,
    # and so does Cy the other way round. Eve's tie is the least redundant, then Cy's (Bob's is
    # backed by Ann, who is stronger than Di).
    assert list(rows) == ["Eve", "Cy", "Bob"]
    assert rows["Eve"]["isolate"] and not rows["Eve"]["broker"]
    assert rows["Eve"]["why"].startswith(
        "your only close tie at Hooli (1 more there), last touched 5 days ago"
    )
    assert rows["Bob"]["broker"]
    assert rows["Bob"]["why"].startswith(
        "the only link among your close ties between Ann and Initech (2 people), last touched 2 years ago"
    )
    assert rows["Cy"]["why"].startswith(
        "the only link among your close ties between Globex (2 people) and Di"
    )
    assert rows["Eve"]["effective_size_loss"] > 1 > rows["Bob"]["effective_size_loss"]


def test_an_empty_network() -> None:
    found = analyse(network([("u", "Uma", None, 0.0, None)], []), AS_OF)
    assert (found.alters, found.ties, found.effective_size, found.constraint) == (0, 0, 0.0, 0.0)
    assert found.nodes.is_empty() and found.bridges.is_empty()
    assert len(network_chart(found).data) == 2  # no ties, and you


def test_the_chart_escapes_names_and_is_reproducible(small: Network) -> None:
    rows = small.health.with_columns(
        full_name=pl.when(pl.col("person_id") == "a")
        .then(pl.lit("<img src=x onerror=alert(1)>"))
        .otherwise(pl.col("full_name")),
        company=pl.when(pl.col("company") == "Globex")
        .then(pl.lit("R&D <Labs>"))
        .otherwise(pl.col("company")),
    ).with_columns(company_key(pl.col("company")).alias("company_key"))
    found = analyse(Network(rows, small.pairs), AS_OF)
    figure = network_chart(found)
    text = json.dumps([trace.text for trace in figure.data if trace.text is not None])
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "R&amp;D &lt;Labs&gt;" in text
    names = [trace.name for trace in figure.data]
    assert "R&amp;D &lt;Labs&gt;" in names and st.ALONE_LABEL in names
    sizes = {
        trace.name: list(trace.marker.size) for trace in figure.data if trace.mode == "markers"
    }
    assert sizes["R&amp;D &lt;Labs&gt;"] == [30.0, 30.0]  # 8 + 22 * strength
    again = network_chart(analyse(Network(rows, small.pairs), AS_OF))
    assert again.to_json() == figure.to_json()


@pytest.fixture(scope="module")
def sample(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return copy_workspace(sample_store, tmp_path_factory.mktemp("sample") / "ws")


def test_sample_structure_is_quick_and_reproducible(sample: Workspace) -> None:
    started = time.perf_counter()
    found = structure(sample, AS_OF)
    figure = network_chart(found)
    assert time.perf_counter() - started < 5
    assert found.alters == st.SIZE
    assert 0 < found.effective_size <= found.alters
    assert found.efficiency == pytest.approx(found.effective_size / found.alters)
    assert 0 < found.constraint < 1
    assert found.nodes["strength"].is_sorted(descending=True)
    again = structure(sample, AS_OF)
    for name in ("nodes", "edges", "bridges"):
        assert getattr(again, name).equals(getattr(found, name))
    assert (again.effective_size, again.constraint) == (found.effective_size, found.constraint)
    assert network_chart(again).to_json() == figure.to_json()
    assert found.bridges["why"].null_count() == 0
    assert (found.bridges["isolate"] | found.bridges["broker"]).all()
    assert found.bridges["effective_size_loss"].is_sorted(descending=True)


def test_sample_measures_match_networkx(sample: Workspace) -> None:
    found = structure(sample, AS_OF, size=40)  # networkx needs O(n^3) Python calls
    graph = ego_graph(found.nodes, found.edges)
    assert found.alters == 40 and found.ties == graph.number_of_edges() - 40
    assert found.effective_size == pytest.approx(nx.effective_size(graph, [0], weight="weight")[0])
    assert found.constraint == pytest.approx(nx.constraint(graph, [0], weight="weight")[0])
    inner = graph.subgraph(range(1, 41))
    assert found.nodes.filter("broker").height == len(list(nx.articulation_points(inner)))


def test_cli_structure(sample: Workspace, tmp_path: Path) -> None:
    root = str(sample.root)
    result = netbook("structure", "-w", root, "--as-of", "2026-11-16", "-f", "json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    found = structure(sample, AS_OF)
    assert data["alters"] == found.alters and data["effective_size"] == found.effective_size
    assert [b["person_id"] for b in data["bridges"]] == found.bridges["person_id"].head(3).to_list()
    chart = tmp_path / "network.html"
    result = netbook("structure", "-w", root, "--as-of", "2026-11-16", "--chart", str(chart))
    assert result.returncode == 0, result.stderr
    assert "effective size" in result.stdout and "Bridging ties to protect" in result.stdout
    html = chart.read_text(encoding="utf-8")
    assert 'id="netbook-structure"' in html and '<script src="http' not in html
    result = netbook(
        "structure", "-w", root, "--as-of", "2026-11-16", "--chart", str(chart), "-f", "json"
    )
    assert chart.read_text(encoding="utf-8") == html  # the same bytes every time
    result = netbook("structure", "-w", root, "-f", "csv")
    assert result.returncode == 2 and "'csv' is not one of 'table', 'json'" in result.stderr


def test_people_without_company_data_are_not_bridges() -> None:
    found = analyse(
        network(
            [
                ("a", "Ann", "Globex", 0.9, 10),
                ("b", "Bob", "Globex", 0.8, 20),
                ("e", "Eve", "Hooli", 0.5, 5),
                ("n", "Nia", None, 0.7, 5),  # nothing known: not "the only link" to anything
                ("o", "Oz", None, 0.6, 5),
            ],
            [],
        ),
        AS_OF,
    )
    assert found.bridges["full_name"].to_list() == ["Eve"]
    assert found.unknown == 2
    assert found.nodes.height == 5  # still in the network and its measures
