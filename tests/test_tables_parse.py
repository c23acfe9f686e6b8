"""The table reader's per-column fast paths give what checking every field would give."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from netbook.sources.linkedin.kinds import KINDS
from netbook.sources.tables import HTML, LINE

MESSAGES = KINDS["messages.csv"]
FOLDED = (
    r"</?(?i-u:p|br|div|span|a|li|ul|ol|strong|em|b|i)[\s/>]|&(?i-u:nbsp|amp|rsquo|lt|gt|quot);"
)
"""What looks like HTML, written with the ASCII case flag (the obvious spelling)."""
HEADER = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,CONTENT,FOLDER"


def _read(path: Path) -> pl.DataFrame:
    table = MESSAGES.read(path, path.name)
    assert table is not None
    return table.frame.with_columns(pl.lit(table.controls).alias("__controls_total"))


@pytest.mark.parametrize(
    "text",
    [
        "<p>hi</p>",
        "<P>hi",
        "<Br/>",
        "<SPAN class=x>",
        "<ſpan>",  # LATIN SMALL LETTER LONG S: HTML's tag and entity names are ASCII
        "<ſtrong>",
        "&NBSP;",
        "&nbſp;",
        "&rſquo;",
        "&Quot;",
        "</LI>",
        "<bx>",
        "<spans>",
        "a < b & c",
        "&amp",
        "Q&A; R&D",
        "<\u212a>",  # KELVIN SIGN: not a tag letter
        "",
    ],
)
def test_html_pattern_without_case_flag_matches_as_the_folded_one(text: str) -> None:
    frame = pl.DataFrame({"t": [text]})
    folded, spelled = frame.select(
        pl.col("t").str.contains(FOLDED).alias("a"), pl.col("t").str.contains(HTML).alias("b")
    ).row(0)
    assert folded == spelled
    assert spelled == (
        text
        in {
            "<p>hi</p>",
            "<P>hi",
            "<Br/>",
            "<SPAN class=x>",
            "&NBSP;",
            "&Quot;",
            "</LI>",
        }
    )


def test_a_categorical_field_with_a_newline_and_control_characters(tmp_path: Path) -> None:
    rows = [
        HEADER,
        'c1,,Ada,https://x/ada,Bob,2024-01-02 03:04:05 UTC,"one\ntwo",INBOX',  # lines 2-3
        'c1,,"Ad\x1ba\nLovelace",https://x/ada,Bob,2024-01-02 03:05:05 UTC,hi,INBOX',  # 4-5
        "c2,,Bob,https://x/bob\x07,Ada,2024-01-02 03:06:05 UTC,<P>yes?,INBOX",  # 6
        ",,,,,,,",  # 7: empty, dropped
        'c2,,Bob,https://x/bob,Ada,2024-01-02 03:07:05 UTC,"a\n\nb",\x0bSPAM',  # 8-10
        "c3,,Cy,,Ada,2024-01-02 03:08:05 UTC,,INBOX",  # 11
    ]
    path = tmp_path / "messages.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = _read(path)
    assert frame[LINE].to_list() == [2, 4, 6, 8, 11]
    assert frame["from"].dtype == pl.Categorical
    assert frame["from"].cast(pl.String).to_list() == ["Ada", "Ada\nLovelace", "Bob", "Bob", "Cy"]
    assert frame["sender profile url"].cast(pl.String).to_list() == [
        "https://x/ada",
        "https://x/ada",
        "https://x/bob",
        "https://x/bob",
        None,
    ]
    assert frame["folder"].to_list() == ["INBOX", "INBOX", "INBOX", "SPAM", "INBOX"]
    assert frame["__controls_total"][0] == 3
    assert frame["content:length"].to_list() == [7, 2, 7, 4, 0]
    assert frame["content:html"].to_list() == [False, False, True, False, False]
    assert frame["content:asks"].to_list() == [False, False, True, False, None]


def test_a_clean_file_numbers_its_lines_by_content_newlines_alone(tmp_path: Path) -> None:
    rows = [
        HEADER,
        "c1,,Ada,https://x/ada,Bob,2024-01-02 03:04:05 UTC,plain,INBOX",
        'c1,"",Ada,https://x/ada,Bob,2024-01-02 03:05:05 UTC,"x\ny\nz",INBOX',
        'c1,,Ada,"",Bob,2024-01-02 03:06:05 UTC,last,INBOX',
    ]
    path = tmp_path / "messages.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = _read(path)
    assert frame[LINE].to_list() == [2, 3, 6]
    assert frame["__controls_total"][0] == 0
    assert frame["conversation title"].to_list() == [None, None, None]
    assert frame["sender profile url"].cast(pl.String).to_list() == [
        "https://x/ada",
        "https://x/ada",
        None,
    ]
