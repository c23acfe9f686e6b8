"""Dormant ties worth reviving, moderately weak ties, co-affiliation and `netbook knows` / `ties`."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import userdata
from netbook.errors import NetbookError
from netbook.metrics.touches import DAY
from netbook.rituals import ties
from netbook.rituals.ties import Network, add_knows, dormant_ties, overlap, read_network, weak_ties
from netbook.settings import Settings
from netbook.userdata import AmbiguousPersonError
from netbook.workspace import Workspace
from stores import copy_workspace

SAMPLE = Path(__file__).parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)
OWNER = "Owner Example"
SETTINGS = f"""[time]
zone = "UTC"

[owner]
name = "{OWNER}"
profile_url = "{{url}}"
"""


def url(name: str, number: int = 0) -> str:
    return (
        "https://www.linkedin.com/in/"
        + name.lower().replace(" ", "-")
        + f"-{number}" * bool(number)
    )


Person = tuple[str, str | None, str | None, date]
"""Name, company, position, connected on."""
Group = tuple[str, Sequence[str], datetime]
"""Conversation id, the people in it besides you, when you wrote to them."""


def workspace(root: Path, people: Sequence[Person], groups: Sequence[Group] = ()) -> Workspace:
    """A LinkedIn export of ``people`` (and group conversations), imported into a workspace."""
    export = root / "export"
    export.mkdir(parents=True)
    with (export / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write('Notes:\n"Some notes"\n\n')
        handle.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        writer = csv.writer(handle)
        for number, (name, company, position, connected) in enumerate(people, 1):
            first, last = name.split(" ", 1)
            writer.writerow(
                [
                    first,
                    last,
                    url(name, number),
                    "",
                    company or "",
                    position or "",
                    connected.strftime("%d %b %Y"),
                ]
            )
    numbers = {name: number for number, (name, *_) in reversed(list(enumerate(people, 1)))}
    if groups:
        with (export / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
            handle.write(
                "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n"
            )
            writer = csv.writer(handle)
            for thread, names, at in groups:
                to, urls = ", ".join(names), ",".join(url(n, numbers[n]) for n in names)
                sent = at.strftime("%Y-%m-%d %H:%M:%S UTC")
                writer.writerow(
                    [thread, "Project Z", OWNER, url(OWNER), to, urls, sent, "", "hi all", "INBOX"]
                )
    ws = Workspace(root / "ws")
    ws.root.mkdir()
    ws.settings_path.write_text(SETTINGS.format(url=url(OWNER)), encoding="utf-8")
    ws.import_paths([export], source="linkedin", strict=True)
    return ws


def log(ws: Workspace, name: str, *days: date, channel: str = "meeting") -> None:
    for day in days:
        userdata.log_touch(ws, name, channel=channel, on=day)


# --- dormant ties ------------------------------------------------------------------------------


@pytest.fixture
def dormant_ws(tmp_path: Path) -> Workspace:
    ws = workspace(
        tmp_path,
        [
            ("Vera Vice", "Globex", "VP Sales", date(2019, 3, 1)),
            ("Sam Strong", "Initech", "Engineer", date(2018, 1, 10)),
            ("Nora Faint", "Initech", "Engineer", date(2018, 1, 10)),
            ("Cora Current", "Globex", "Director of Sales", date(2019, 3, 1)),
            ("Ian Idle", "Hooli", "CEO", date(2019, 5, 5)),
            ("Pat Peer", "Hooli", "Engineer", date(2020, 2, 2)),
            ("Quinn Quiet", "Hooli", "Engineer", date(2020, 2, 2)),
        ],
    )
    log(ws, "Vera Vice", date(2021, 6, 1), date(2021, 9, 1))
    log(ws, "Sam Strong", *(date(2022, month, 15) for month in range(1, 9)))
    log(ws, "Nora Faint", date(2022, 3, 1), channel="message")
    log(ws, "Cora Current", date(2026, 9, 1), date(2026, 10, 1))
    log(ws, "Pat Peer", *(date(2026, month, 3) for month in range(1, 11)))
    log(ws, "Quinn Quiet", date(2024, 5, 1), date(2024, 6, 1), channel="message")
    return ws


def test_a_dormant_high_status_tie_ranks_first(dormant_ws: Workspace) -> None:
    found = dormant_ties(dormant_ws, AS_OF)
    assert found.columns == list(ties.DORMANT_COLUMNS)
    # Vera (VP, silent since 2021-09-01) outranks Sam (historically strong, no title); Nora was
    # never strong, Cora is in touch, Ian (CEO) was never a tie beyond the connection.
    assert found["full_name"].to_list() == ["Vera Vice", "Sam Strong"]
    vera, sam = found.rows(named=True)
    assert vera["days_since_contact"] == (AS_OF - date(2021, 9, 1)).days
    assert vera["seniority"] == "vp"
    assert vera["touches"] == 2
    assert vera["score"] == pytest.approx(vera["past_strength"] + 0.75)
    assert sam["score"] == pytest.approx(sam["past_strength"])
    # Eight meetings in 2022: second only to Pat (in touch all year), so historically strong.
    assert (sam["past_rank"], vera["past_rank"]) == (2, 4)
    assert sam["past_strength"] > vera["past_strength"]
    # The export (undated) shows data up to February 2020: her title is told as of then.
    assert vera["why"] == "silent 5 years, was in your top 5, VP Sales at Globex in 2020"
    assert sam["why"] == "silent 4 years, was in your top 5"


def test_dormancy_follows_the_as_of_date_and_the_threshold(dormant_ws: Workspace) -> None:
    assert dormant_ties(dormant_ws, date(2024, 1, 1)).is_empty()  # nobody silent 3 years yet
    dormant_ws.settings_path.write_text(
        dormant_ws.settings_path.read_text() + "\n[thresholds]\ndormant_years = 1.0\n"
    )
    found = dormant_ties(dormant_ws, date(2024, 1, 1))
    assert found["full_name"].to_list() == ["Vera Vice", "Sam Strong"]
    assert found["why"][1] == "silent 1 year, was in your top 5"


def test_snoozed_and_limited(dormant_ws: Workspace) -> None:
    assert dormant_ties(dormant_ws, AS_OF, limit=1)["full_name"].to_list() == ["Vera Vice"]
    userdata.snooze(dormant_ws, "Vera Vice", until=date(2027, 1, 1))
    assert dormant_ties(dormant_ws, AS_OF)["full_name"].to_list() == ["Sam Strong"]


def test_history_measures_each_tie_on_its_last_day() -> None:
    days = pl.LazyFrame(
        {
            "person_id": ["a", "a", "a", "b"],
            DAY: [date(2019, 1, 1), date(2020, 1, 1), date(2020, 12, 31), date(2020, 6, 1)],
            "w": [2.0, 3.0, 1.0, 0.5],
            "outbound": [1, 1, 1, 0],
            "inbound": [0, 1, 0, 0],
            "touch_count": [1, 1, 1, 0],
        },
        schema_overrides={"person_id": pl.Categorical},
    )
    settings = Settings()
    half_life = settings.half_lives.closeness_days
    found = {
        r["person_id"]: r
        for r in ties.history(days, date(2026, 1, 1), settings).collect().iter_rows(named=True)
    }
    a = found["a"]
    assert a["touches"] == 3
    # Ages from the last day (2020-12-31): 730, 365 and 0 days.
    assert a["closeness_then"] == pytest.approx(
        2 * 2 ** (-730 / half_life) + 3 * 2 ** (-365 / half_life) + 1
    )
    assert a["frequency_then"] == 1.0  # 365 days before is outside the year
    assert a["duration_then"] == 730
    assert a["reciprocity_then"] == 0.0  # in that year: 1 out, 0 in
    assert "b" not in found  # a day of connecting only: no contact, no history
    # Later days are not seen.
    early = (
        ties.history(days, date(2020, 1, 1), settings).collect().filter(pl.col("person_id") == "a")
    )
    assert early.row(0, named=True)["duration_then"] == 365


# --- moderately weak ties ----------------------------------------------------------------------

COMPANIES = {"Alpha": 2, "Beta": 3, "Gamma": 4, "Delta": 5, "Epsilon": 6}


@pytest.fixture(scope="module")
def weak_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    people: list[Person] = []
    for company, size in COMPANIES.items():
        old = company in ("Gamma", "Delta")  # connected long ago: low intensity
        for i in range(1, size + 1):
            on = date(2025, 3, 1 + i) if old else date(2026, 10, 1 + i)
            people.append((f"{company} {chr(64 + i)}", company, "Engineer", on))
    people += [
        ("Zed One", None, "Engineer", date(2026, 10, 20)),
        ("Zed Two", "Freelance", "Designer", date(2026, 10, 21)),
        ("Zed Three", None, None, date(2026, 10, 22)),
    ]
    ws = workspace(tmp_path_factory.mktemp("weak"), people)
    log(ws, "Gamma A", date(2026, 11, 10))
    log(ws, "Delta A", date(2026, 11, 10))
    return ws


def test_the_band_keeps_middle_overlap_and_low_intensity(weak_ws: Workspace) -> None:
    found = weak_ties(weak_ws, AS_OF, limit=0)
    assert found.columns == list(ties.WEAK_COLUMNS)
    # 20 people share a company; their overlap quintiles are Alpha, Beta: 1; Gamma: 2; Delta: 3;
    # Epsilon: 5. Zero overlap (no company, Freelance) and Epsilon's high overlap are out, and so
    # are Gamma A and Delta A, met last week (intensity above the median).
    assert sorted(found["full_name"]) == sorted(
        [f"Gamma {c}" for c in "BCD"] + [f"Delta {c}" for c in "BCDE"]
    )
    # Weakest interaction first: the earliest connections.
    assert found["full_name"].to_list()[:2] == ["Delta B", "Gamma B"]
    n = 23
    gamma = found.filter(pl.col("full_name") == "Gamma B").row(0, named=True)
    assert (gamma["contexts"], gamma["context_mates"]) == (1, 3)
    assert gamma["overlap"] == pytest.approx(3 / (n - 1))
    delta = found.filter(pl.col("full_name") == "Delta B").row(0, named=True)
    assert delta["context_mates"] == 4
    assert delta["overlap"] == pytest.approx(4 / (n - 1))
    days = (AS_OF - date(2025, 3, 3)).days
    assert delta["why"] == (
        f"1 shared context (Delta) with 4 other people you know, connected {days // 30} months ago, "
        "never in touch since"
    )


def test_weak_ties_need_a_recent_contact(weak_ws: Workspace) -> None:
    later = weak_ties(weak_ws, date(2027, 3, 10), limit=0)  # Gamma and Delta silent over 2 years
    assert not later["full_name"].str.contains("^(Gamma|Delta)").any()


def test_overlap_counts_contexts_and_distinct_context_mates() -> None:
    health = pl.DataFrame(
        {
            "person_id": ["p1", "p2", "p3", "p4", "p5"],
            "full_name": ["Ann", "Bob", "Cy", "Di", "Ed"],
            "company": ["Globex", "Globex", "Initech", None, "Freelance"],
        }
    ).with_columns(ties.company_key(pl.col("company")).alias("company_key"))
    group = [("p1", "p2"), ("p1", "p3"), ("p1", "p4"), ("p2", "p3"), ("p2", "p4"), ("p3", "p4")]
    rows = [(a, b, "group:t1") for a, b in group] + [("p3", "p5", "knows")]
    both = rows + [(b, a, c) for a, b, c in rows]
    pairs = pl.DataFrame(both, schema=["person_id", "other_id", "context"], orient="row")
    found = overlap(Network(health, pairs))
    got = {
        r["person_id"]: (
            r["company_mates"],
            r["threads"],
            r["knows"],
            r["contexts"],
            r["context_mates"],
            r["context_names"],
        )
        for r in found.iter_rows(named=True)
    }
    assert got == {
        # Bob is a colleague and in the group: counted once.
        "p1": (1, 1, 0, 2, 3, "Globex, a group conversation"),
        "p2": (1, 1, 0, 2, 3, "Globex, a group conversation"),
        "p3": (0, 1, 1, 2, 4, "a group conversation, knows Ed"),
        "p4": (0, 1, 0, 1, 3, "a group conversation"),
        "p5": (0, 0, 1, 1, 1, "knows Cy"),  # Freelance is no shared workplace
    }
    assert found["overlap"].to_list() == [3 / 4, 3 / 4, 4 / 4, 3 / 4, 1 / 4]


def test_group_conversations_and_knows_links_become_pairs(tmp_path: Path) -> None:
    ws = workspace(
        tmp_path,
        [
            ("Ann Able", "Globex", "Engineer", date(2026, 1, 5)),
            ("Bob Baker", "Initech", "Engineer", date(2026, 1, 5)),
            ("Cy Cole", None, "Engineer", date(2026, 1, 5)),
            ("Di Dunn", None, "Engineer", date(2026, 1, 5)),
        ],
        groups=[("2-GROUP==", ["Ann Able", "Bob Baker"], datetime(2026, 5, 1, 10))],
    )
    add_knows(ws, "Cy Cole", "Di Dunn")
    ids = dict(ws.people().select("full_name", "person_id").collect().iter_rows())
    names = {v: k for k, v in ids.items()}

    def pairs(as_of: date) -> set[tuple[str, str, str]]:
        found = read_network(ws, as_of).pairs
        return {(names[a], names[b], c) for a, b, c in found.iter_rows()}

    assert pairs(AS_OF) == {
        ("Ann Able", "Bob Baker", "group:2-GROUP=="),
        ("Bob Baker", "Ann Able", "group:2-GROUP=="),
        ("Cy Cole", "Di Dunn", "knows"),
        ("Di Dunn", "Cy Cole", "knows"),
    }
    # The conversation had not happened yet; a knows link holds at any date.
    assert pairs(date(2026, 4, 1)) == {
        ("Cy Cole", "Di Dunn", "knows"),
        ("Di Dunn", "Cy Cole", "knows"),
    }
    why = overlap(read_network(ws, AS_OF)).filter(pl.col("full_name") == "Ann Able")[
        "context_names"
    ]
    assert why.to_list() == ["a group conversation"]


# --- knows --------------------------------------------------------------------------------------


@pytest.fixture
def twins(tmp_path: Path) -> Workspace:
    return workspace(
        tmp_path,
        [
            ("Alex Smith", "Globex", "Engineer", date(2026, 1, 5)),
            ("Alex Smith", "Initech", "Designer", date(2026, 1, 6)),
            ("Ada Example", "Hooli", "Engineer", date(2026, 1, 7)),
            ("Zoë Sample", "Hooli", "Engineer", date(2026, 1, 8)),
        ],
    )


def test_knows_is_stored_once_and_ambiguity_stores_nothing(twins: Workspace) -> None:
    with pytest.raises(AmbiguousPersonError, match="matches 2 people"):
        add_knows(twins, "Ada Example", "Alex Smith")
    assert twins.table("knows").is_empty()
    with pytest.raises(NetbookError, match="same person"):
        add_knows(twins, "Ada Example", "ada example")
    a, b, added = add_knows(twins, "Ada Example", "Zoë Sample")
    assert (a.full_name, b.full_name, added) == ("Ada Example", "Zoë Sample", True)
    assert add_knows(twins, "Zoë Sample", "Ada Example")[2] is False
    stored = twins.table("knows")
    assert stored.height == 1
    assert sorted(stored.row(0)[:2]) == sorted([a.person_id, b.person_id])


def test_cli_knows_and_ties(twins: Workspace) -> None:
    root = str(twins.root)
    result = netbook("knows", "Ada Example", "Alex Smith", "-w", root)
    assert result.returncode == 2
    assert "matches 2 people" in result.stderr
    assert twins.table("knows").is_empty()
    result = netbook("knows", "Ada Example", "Zoë Sample", "-w", root)
    assert result.returncode == 0, result.stderr
    assert "Noted: Ada Example and Zoë Sample know each other." in result.stdout
    assert twins.table("knows").height == 1
    result = netbook("ties", "-w", root, "--as-of", "2026-11-16", "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(
        ("kind", *ties.DORMANT_COLUMNS[:4], "days_since_contact", "why")
    )
    result = netbook("ties", "--weak", "-w", root, "--as-of", "2026-11-16", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)
    result = netbook("ties", "--dormant", "-w", root, "--as-of", "2026-11-16")
    assert result.returncode == 0, result.stderr
    assert "Dormant ties worth reviving on 2026-11-16: 0" in result.stdout
    assert "weak" not in result.stdout


# --- the sample ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return copy_workspace(sample_store, tmp_path_factory.mktemp("sample") / "ws")


def test_sample_is_quick_reproducible_and_within_the_band(sample: Workspace) -> None:
    started = time.perf_counter()
    dormant, weak = dormant_ties(sample, AS_OF, limit=0), weak_ties(sample, AS_OF, limit=0)
    assert time.perf_counter() - started < 5
    assert dormant.equals(dormant_ties(sample, AS_OF, limit=0))
    assert weak.equals(weak_ties(sample, AS_OF, limit=0))
    shared = read_network(sample, AS_OF)  # read once for both lists (the command line does)
    assert dormant.equals(dormant_ties(sample, AS_OF, limit=0, network=shared))
    assert weak.equals(weak_ties(sample, AS_OF, limit=0, network=shared))
    assert not dormant.is_empty() and not weak.is_empty()
    assert (dormant["days_since_contact"] >= 3 * 365).all()
    assert dormant["why"].str.starts_with("silent ").all()
    everyone = overlap(read_network(sample, AS_OF))
    active = everyone.filter((pl.col("days_since_contact") <= 730) & (pl.col("overlap") > 0))
    assert weak["overlap"].min() > 0
    # The band's top is the 60th percentile of active ties' non-zero overlap.
    assert (weak["overlap"] <= active["overlap"].quantile(0.6, "higher")).all()
    assert (weak["days_since_contact"] <= 730).all()
    assert weak["why"].str.contains(r"^\d+ shared contexts? \(").all()
