"""Identifier normalisation: the vectorised and the scalar form agree on any input."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from netbook.keys import name_keys, normalise_url, normalise_urls

SLUG = st.text(alphabet=st.sampled_from("abcdeéëzZ-0%C3AB/ _?#."), max_size=20)
URL = st.builds(
    lambda scheme, host, path, tail: f"{scheme}{host}{path}{tail}",
    st.sampled_from(["", "https://", "http://", "HTTPS://"]),
    st.sampled_from(["www.linkedin.com", "linkedin.com", "uk.linkedin.com", "example.com", ""]),
    st.sampled_from(["/in/", "/pub/", "/", ""]),
    SLUG,
)


@given(st.lists(st.one_of(URL, st.none(), st.text(max_size=10)), max_size=30))
@example(["www.linkedin.com/in/%0A", "linkedin.com/in/x?a\nb"])  # a blank slug; a newline query
def test_vectorised_urls_match_scalar(values: list[str | None]) -> None:
    series = pl.Series("u", values, dtype=pl.String)
    assert normalise_urls(series).to_list() == [normalise_url(v) for v in values]


def test_percent_encoded_and_raw_unicode_slugs_meet() -> None:
    urls = pl.Series(
        [
            "https://www.linkedin.com/in/zo%C3%AB-sample-12ab34cd",
            "https://www.linkedin.com/in/zoë-sample-12ab34cd/",
            "www.linkedin.com/in/Zoë-Sample-12ab34cd",
        ]
    )
    assert normalise_urls(urls).unique().to_list() == ["linkedin.com/in/zoë-sample-12ab34cd"]


def test_name_keys() -> None:
    names = pl.Series([" Zoë  Sample ", "ZOË SAMPLE", None, "  "])
    assert name_keys(names).to_list() == ["zoë sample", "zoë sample", None, None]
