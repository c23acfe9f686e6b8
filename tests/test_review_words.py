"""Numbers people can read: every headline number and chart says what it means and what good is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from netbook import api
from netbook.metrics.network_summary import METRICS
from netbook.review import charts, data
from netbook.review.notebook import Review
from netbook.review.renderer import NetbookRenderer
from stores import copy_workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)
CHARTS = (
    "headline_chart",
    "strength_chart",
    "layers_chart",
    "cadence_chart",
    "reciprocity_chart",
    "diversity_chart",
    "dependency_chart",
    "growth_chart",
)


@pytest.fixture(scope="module")
def review(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Review:
    ws = copy_workspace(sample_store, tmp_path_factory.mktemp("words") / "ws")
    return Review(ws.root, period="month", as_of=AS_OF.isoformat())


def empty_summary() -> pl.DataFrame:
    return pl.DataFrame(
        {"metric": list(METRICS)},
    ).with_columns(pl.lit(None, pl.Float64).alias(c) for c in ("current", "previous", "change"))


def test_every_headline_number_says_what_it_means_and_what_good_is(review: Review) -> None:
    table = review.headline()
    assert set(data.MEANING) == set(data.HEADLINE)
    meanings = table.frame["meaning"].to_list()
    assert len(meanings) == len(data.HEADLINE)
    assert all(". Good: " in m and m.endswith(".") for m in meanings)
    labels = table.frame["label"].to_list()
    assert "Active ties / Dunbar's 150" not in labels
    assert "Active ties against the ~150 one can keep up (Dunbar)" in labels
    assert "People your contact rests on (1/HHI)" in labels


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_carries_a_plain_sentence(review: Review, name: str) -> None:
    figure = getattr(review, name)()
    sentence = charts.caption(figure)
    assert "Good:" in sentence and sentence.endswith((".", ")."))
    bundle = NetbookRenderer().to_mimebundle(figure.to_dict())
    assert bundle["text/html"].startswith('<p class="netbook-caption">')


def test_an_attribute_nobody_has_is_left_out_and_said_why(review: Review) -> None:
    # Nobody in the sample has a role: no empty "role" bar, and the sentence says why.
    assert data.value(review.summary, "diversity_role_blau_normalised") is None
    figure = review.diversity_chart()
    assert all("role" not in trace.x for trace in figure.data)
    assert len(figure.data[0].x) == 3
    assert "Not shown: role, which none of your active ties has yet" in charts.caption(figure)


@pytest.mark.parametrize(
    "build",
    [charts.cadence_compliance, charts.reciprocity, charts.diversity, charts.dependency],
)
def test_a_chart_with_nothing_to_show_says_why(build: object) -> None:
    figure = build(empty_summary())  # type: ignore[operator]
    assert len(figure.data) == 0  # no empty bars
    [note] = figure.layout.annotations
    assert note.text.startswith("No ")


def test_dependency_is_drawn_as_shares_with_the_hhi_in_words(review: Review) -> None:
    figure = review.dependency_chart()
    assert list(figure.data[0].x) == ["your top person", "your top 3 people"]
    effective = data.value(review.summary, "effective_relationships")
    assert effective is not None
    assert f"rests on about {effective:,.0f} people" in charts.caption(figure)
    assert len(figure.layout.shapes) == 1  # the alert line, on a share axis of shares only
    [label] = figure.layout.annotations
    assert label.text.startswith("alert: one person over ")
    assert figure.layout.yaxis.tickformat == ".0%"


def test_structure_says_what_its_numbers_mean(review: Review) -> None:
    text = repr(review.structure().parts[0])
    assert "bring you something the others do not" in text
    assert "Good: low" in text
    found = review.rituals.close_network
    assert found.bridges.filter(pl.col("company").is_null() & ~pl.col("broker")).is_empty()
    if found.unknown:
        assert f"{found.unknown} of your close ties have no company data" in text


def test_summary_and_headline_share_labels() -> None:
    from netbook.review.labels import LABELS

    for metric, (label, _) in data.HEADLINE.items():
        assert LABELS[metric][0] == label
    assert api  # the same numbers back both (netbook.api.summary)


def test_chart_axes_count_in_whole_numbers_and_shares_in_percent(review: Review) -> None:
    """Counts tick 0, 10, 20 ... (never half a person), shares in %, months as 'Nov 2026'."""

    def whole(axis: object) -> None:
        assert axis.tickformat == ",d" and axis.tick0 == 0  # type: ignore[attr-defined]
        assert isinstance(axis.dtick, int) and axis.dtick >= 1  # type: ignore[attr-defined]

    whole(review.strength_chart().layout.yaxis)
    layers = review.layers_chart().layout.yaxis
    whole(layers)
    assert 100 / layers.dtick <= 6  # the 100 target fits in six ticks
    whole(review.reciprocity_chart().layout.yaxis)
    balance = review.reciprocity_chart().layout.yaxis2
    assert list(balance.ticktext) == ["−1", "−0.5", "0", "+0.5", "+1"]
    for name in ("cadence_chart", "dependency_chart"):
        axis = getattr(review, name)().layout.yaxis
        assert (axis.tickformat, axis.dtick, tuple(axis.range)) == (".0%", 0.2, (0, 1))
    growth = review.growth_chart().layout
    whole(growth.yaxis)
    whole(growth.yaxis2)
    assert (growth.xaxis.type, growth.xaxis.tickformat) == ("date", "%b %Y")
    # A count up to 3 steps by 1, not 0.5; a network of 12,000 by 2,000.
    assert (charts.count_axis(3, "people")["dtick"], charts.count_axis(12_000, "x")["dtick"]) == (
        1,
        2000,
    )
