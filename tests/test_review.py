"""The periodic review: papermill runs notebooks/review.ipynb into an offline HTML report."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import nbformat
import polars as pl
import pytest

import clirun
from exports import connections_export, profile
from netbook.errors import NetbookError
from netbook.review import ReviewError, report_stem, run_review
from netbook.review.actions import ACTION_PROVIDERS
from netbook.workspace import Workspace
from stores import copy_workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "linkedin"
AS_OF = "2026-11-16"
CHARTS = 9  # the headline numbers are shown once, as a table (issue 14)
EXTERNAL = re.compile(
    r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I
)
PLOTLY_JS = re.compile(r"<script[^>]*>[^<]*?/\*\*?\s*\*?\s*plotly\.js v.*?</script>", re.S)
STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)


@pytest.fixture(scope="module")
def sample(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return copy_workspace(sample_store, tmp_path_factory.mktemp("review") / "ws")


@pytest.fixture(scope="module")
def monthly(sample: Workspace, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    result = run_review(sample, "month", AS_OF, tmp_path_factory.mktemp("reports"))
    return result.html, result.html.read_bytes()


def without_library(page: str) -> str:
    """The report without plotly.js and JupyterLab's style sheet (full of URLs and words)."""
    return STYLE.sub("", PLOTLY_JS.sub("", page))


@pytest.mark.parametrize(
    ("period", "stem"),
    [
        ("week", "review-2026-W47"),
        ("month", "review-2026-11"),
        ("quarter", "review-2026-Q4"),
        ("year", "review-2026"),
    ],
)
def test_reports_are_named_by_period(period: str, stem: str) -> None:
    assert report_stem(period, date(2026, 11, 16)) == stem


def test_monthly_report_is_self_contained(monthly: tuple[Path, bytes]) -> None:
    path, content = monthly
    assert path.name == "review-2026-11.html"
    assert path.stat().st_mode & 0o077 == 0  # readable by the owner only
    page = content.decode()
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "<script src" not in page and "<link " not in page
    assert page.count('class="plotly-graph-div"') == CHARTS
    assert len(PLOTLY_JS.findall(page)) == 1  # plotly.js embedded once, for every chart
    for provider in ACTION_PROVIDERS:
        assert html.escape(provider.title) in page
    assert "Settings used" in page and "cadence.support" in page
    assert "review = nb.Review" not in page  # code is hidden
    executed = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    parameters = executed.metadata.papermill.parameters
    assert parameters["period"] == "month" and parameters["as_of"] == AS_OF
    assert "start_time" not in executed.metadata.papermill


def test_the_plan_comes_first_then_actions_then_sections_in_order(
    monthly: tuple[Path, bytes],
) -> None:
    page = without_library(monthly[1].decode())
    headings = [
        "This week's plan",
        "More to do",
        "Headline numbers",
        "Tie strength and Dunbar layers",
        "Cadence compliance per layer",
        "Reciprocity and give / take",
        "Diversity and dependency",
        "Growth over time",
        "Habits and goals",
        "Ties to revive and weak ties",
        "Structure of your close network",
        "Introductions you could make",
        "Appendix: settings used",
    ]
    found = [page.find(f">{h}</h2>") for h in headings]  # the sections, not the contents list
    assert all(i > 0 for i in found), list(zip(headings, found, strict=True))
    assert found == sorted(found)
    # The first screen is the plan: nothing but the title and the contents come before it.
    assert page.find("Network review") < page.find("netbook-contents") < found[0] < found[2]
    plan = page[found[0] : found[1]]
    rows = plan.count("<tr>") - 1  # the header row
    assert 1 <= rows <= 10
    # Every later list is capped and names the command for the rest.
    assert "more: <code>netbook due</code>" in page


def test_rerunning_a_period_gives_the_same_report(
    sample: Workspace, monthly: tuple[Path, bytes]
) -> None:
    path, first = monthly
    notebook = path.with_suffix(".ipynb").read_bytes()
    again = run_review(sample, "month", "2026-11-16", path.parent)
    assert again.html == path
    assert path.read_bytes() == first
    assert path.with_suffix(".ipynb").read_bytes() == notebook
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, f"{path.stem}.ipynb"]


def test_failed_run_names_the_cell_and_keeps_the_previous_report(
    sample: Workspace, tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(sample.root, ws)
    shutil.rmtree(ws / "reviews", ignore_errors=True)
    made = clirun.netbook("review", "--period", "month", "--as-of", AS_OF, "-w", str(ws))
    assert made.returncode == 0, made.stderr
    report = ws / "reviews" / "review-2026-11.html"
    # Not a terminal (cron, a script): the report's path and nothing else, no stage, no timing.
    assert made.stdout == f"{report}\n" and made.stderr == ""
    before = report.read_bytes()

    (ws / "netbook.toml").write_text("[cadence\nsupport = 7\n", encoding="utf-8")
    with pytest.raises(ReviewError) as caught:
        run_review(ws, "month", AS_OF)
    message = str(caught.value)
    assert re.search(
        r"^review-2026-11 failed in cell 'setup' \(In \[\d+\], line \d+: `review = nb\.Review\(`\): "
        r"ConfigError: .*netbook\.toml: not valid TOML",
        message,
    ), message
    assert "previous report is unchanged" in message
    assert report.read_bytes() == before
    assert (ws / "reviews" / "review-2026-11.failed.ipynb").exists()

    failed = clirun.netbook("review", "--period", "month", "--as-of", AS_OF, "-w", str(ws))
    assert failed.returncode == 2
    assert failed.stderr.startswith("error: review-2026-11 failed in cell 'setup'"), failed.stderr
    assert "ConfigError" in failed.stderr and "Traceback" not in failed.stderr
    assert report.read_bytes() == before
    assert not [p for p in report.parent.iterdir() if p.name.startswith(".")]  # no temp files


def test_bad_parameters_fail_before_running(sample: Workspace, tmp_path: Path) -> None:
    with pytest.raises(NetbookError, match="unknown period 'fortnight'"):
        run_review(sample, "fortnight", AS_OF, tmp_path)
    with pytest.raises(NetbookError, match="renderer 'notebook_connected' cannot be used"):
        run_review(sample, "month", AS_OF, tmp_path, renderer="notebook_connected")
    with pytest.raises(NetbookError, match="nothing has been imported"):
        run_review(tmp_path / "empty", "month", AS_OF, tmp_path)
    # The days every other command accepts, no others (a review of 1900 was written).
    for day in ("1900-01-01", "2200-01-01"):
        with pytest.raises(NetbookError, match=f"--as-of {day} is out of range"):
            run_review(sample, "month", day, tmp_path)
    with pytest.raises(NetbookError, match=r"--as-of 'soon' is not a date \(write it as"):
        run_review(sample, "month", "soon", tmp_path)
    assert not list(tmp_path.glob("review-*"))


def test_a_kernel_that_cannot_start_fails_clearly(sample: Workspace, tmp_path: Path) -> None:
    with pytest.raises(
        ReviewError, match=r"review-2026-11: could not run review\.ipynb: NoSuchKernel"
    ):
        run_review(sample, "month", AS_OF, tmp_path, kernel_name="no-such-kernel")
    assert list(tmp_path.iterdir()) == []


def encodings(value: str) -> set[str]:
    """Every way a value could appear in the page: as is, HTML-escaped, JSON-escaped."""
    forms = {value, html.escape(value), html.escape(value, quote=False)}
    forms |= {json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    return {f for f in forms if f}


def test_the_kernel_starts_before_polars_and_duckdb_load(sample: Workspace, tmp_path: Path) -> None:
    # The kernel builds the review's data while `netbook review` loads the rest: a fresh
    # interpreter has loaded neither polars nor DuckDB when it starts the kernel, with or
    # without --as-of, and the kernel is asked for the same review.
    probe = """
import json, sys
from netbook.review import kernel
def start(name, parameters=None):
    loaded = sorted({"polars", "duckdb"} & set(sys.modules))
    print(json.dumps({"loaded": loaded, "parameters": parameters}))
    raise SystemExit(0)
kernel.start = start
from netbook.cli import main
main(sys.argv[1:])
"""
    for as_of in (["--as-of", AS_OF], []):
        review = ["review", *as_of, "-w", str(sample.root), "--out", str(tmp_path)]
        done = subprocess.run(
            [sys.executable, "-c", probe, *review], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        told = json.loads(done.stdout)
        assert told["loaded"] == []
        assert told["parameters"] == {
            "workspace": str(sample.root.resolve()),
            "period": "month",
            "as_of": AS_OF if as_of else None,  # today: the kernel's review finds it
            "pseudonymise": False,
            "renderer": "netbook",
        }


def test_pseudonymised_report_shows_no_real_name(sample: Workspace, tmp_path: Path) -> None:
    result = run_review(sample, "month", AS_OF, tmp_path, pseudonymise=True)
    page = without_library(result.html.read_text(encoding="utf-8"))
    people = sample.people().collect()
    secrets = set()
    for column in ("full_name", "first_name", "last_name", "company", "email", "profile_url"):
        secrets |= {v for v in people.get_column(column).drop_nulls().to_list() if len(v) >= 4}
    secrets |= set(people.get_column("person_id").to_list())
    owner = sample.table("owner").row(0, named=True)
    secrets |= {owner["full_name"], owner["profile_url"]}
    assert len(secrets) > 600
    leaked = sorted(s for s in secrets if any(f in page for f in encodings(s)))
    assert leaked == []
    assert page.count("Person ") > 20 and "Company " in page
    assert "pseudonymised" in page
    kept = result.notebook.read_text(encoding="utf-8")
    assert str(sample.root.resolve()) not in kept and "<workspace>" in kept
    # the same pseudonyms on every run (the key is kept in the workspace)
    again = run_review(sample, "month", AS_OF, tmp_path / "again", pseudonymise=True)
    assert again.html.read_bytes() == result.html.read_bytes()


def test_untrusted_names_are_shown_as_text(tmp_path: Path) -> None:
    export = connections_export(
        tmp_path / "export",
        [
            (
                *("<script>alert(1)</script>", "Eve", profile("eve"), ""),
                *("<img src=x onerror=alert(2)>", "CTO", "10 Nov 2026"),
            ),
            ("Ada", "Example", profile("ada"), "", "Acme", "CEO", "01 Mar 2024"),
        ],
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export], source="linkedin")
    names = ws.people().collect().get_column("full_name").to_list()
    assert "<script>alert(1)</script> Eve" in names
    page = run_review(ws, "month", AS_OF, tmp_path / "out").html.read_text(encoding="utf-8")
    rest = without_library(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Eve" in rest
    assert "&lt;img src=x onerror=alert(2)&gt;" in rest
    assert "alert(1)</script>" not in rest and "<img src=x" not in rest


def test_growth_counts_connections_and_active_ties(sample: Workspace) -> None:
    from netbook.review import data

    with sample.reading():
        people, log = sample.people(), sample.interactions()
    monthly = data.growth(people, log, as_of=date(2026, 11, 16), time_zone="UTC", months=12)
    assert monthly.height == 12
    assert monthly["month"][-1] == date(2026, 11, 1)
    connected = people.filter(pl.col("connected_on") <= date(2026, 11, 16)).collect().height
    assert monthly["connections"][-1] == connected
    assert monthly["connections"].is_sorted()
    assert 0 < monthly["active_ties"].max() <= people.collect().height


def test_tables_escape_every_value() -> None:
    from netbook.review.tables import Table

    frame = pl.DataFrame({"name": ["<b>x</b>", None], "n": [1234, 5]})
    table = Table(frame, {"name": "<i>name</i>", "n": "n"}, "A & B", note="<u>")
    page = table._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>" not in page
    assert "&lt;i&gt;name&lt;/i&gt;" in page and "A &amp; B" in page and "&lt;u&gt;" in page
    assert '<td class="num" data-label="n">1,234</td>' in page  # labelled for the phone layout
    assert repr(table).splitlines()[:3] == ["A & B", "<i>name</i>  n", "<b>x</b>     1,234"]
    assert "Nothing" in Table(frame.clear(), {"n": "n"}, "t", empty="Nothing due.")._repr_html_()


def test_pseudonymised_settings_hide_the_owner(sample: Workspace, tmp_path: Path) -> None:
    from netbook.review import notebook as nb

    ws = tmp_path / "ws"
    shutil.copytree(sample.root, ws)
    (ws / "netbook.toml").write_text(
        '[owner]\nname = "Zelda Owner"\nemails = ["zelda@example.org"]\n'
        '[cadence.person]\n"https://www.linkedin.com/in/hidden-friend" = 14\n',
        encoding="utf-8",
    )
    shown = nb.Review(ws, as_of=AS_OF, pseudonymise=False).settings_table()._repr_html_()
    assert "Zelda Owner" in shown and "hidden-friend" in shown
    hidden = nb.Review(ws, as_of=AS_OF, pseudonymise=True).settings_table()._repr_html_()
    for secret in ("Zelda", "zelda@example.org", "hidden-friend"):
        assert secret not in hidden
    assert "Owner " in hidden and "cadence.person.Person " in hidden


def test_the_notebook_finds_the_checkout_workspace(
    sample: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netbook.review.notebook import resolve_workspace
    from netbook.workspace import ENV

    shutil.copytree(sample.root, tmp_path / "data")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")  # where JupyterLab runs notebooks/review.ipynb
    monkeypatch.delenv(ENV, raising=False)
    assert resolve_workspace(None).root.resolve() == (tmp_path / "data").resolve()
    monkeypatch.setenv(ENV, str(sample.root))
    assert resolve_workspace(None).root == sample.root
    assert resolve_workspace("elsewhere").root == Path("elsewhere")


def test_promises_and_event_follow_ups_lead_the_actions(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from netbook.review.notebook import Review
    from netbook.rituals.events import add_event
    from netbook.rituals.promises import add_promise

    ws = Workspace(tmp_path / "ws")
    ws.import_paths([SAMPLE], source="linkedin")
    ids = ws.people().select("person_id", "full_name").sort("person_id").head(3).collect()
    (a, a_name), (b, b_name), (c, c_name) = ids.rows()
    made = datetime(2026, 11, 1, 9, tzinfo=UTC)
    add_promise(ws, a, "send the deck", by=date(2026, 11, 14), made_at=made)
    add_promise(ws, b, "intro to the CTO", by=date(2026, 11, 20), made_at=made)
    add_event(ws, "Berlin Meetup", on=date(2026, 11, 12), met=[c])
    add_event(ws, "Old Conference", on=date(2026, 5, 12), met=[c])  # stale: not owed any more
    review = Review(ws, period="month", as_of=AS_OF)
    tables = review.actions().parts
    assert [t.title for t in tables][:2] == [p.title for p in ACTION_PROVIDERS][:2]
    assert [p.key for p in ACTION_PROVIDERS][:2] == ["promises", "event_follow_ups"]
    promised = tables[0].frame.select("person", "text", "when").rows()
    assert promised == [
        (a_name, "send the deck", "2 days overdue"),
        (b_name, "intro to the CTO", "due in 4 days"),
    ]
    owed = tables[1].frame.filter(pl.col("source") == "user")  # the sample has its own events
    assert owed.select("person", "event", "status").rows() == [(c_name, "Berlin Meetup", "overdue")]
    assert owed["when"].to_list() == ["1 day overdue"]
    shown = repr(review.actions())
    assert "send the deck" in shown and "Berlin Meetup" in shown
    hidden = Review(ws, period="month", as_of=AS_OF, pseudonymise=True).actions().parts
    page = "".join(t._repr_html_() for t in hidden[:2])
    for secret in (a_name, b_name, c_name, "send the deck", "Berlin Meetup"):
        assert secret not in page
    assert "Promise " in page and "Event " in page


def test_ritual_sections_measure_the_sample(sample: Workspace) -> None:
    from netbook.review.notebook import Review

    review = Review(sample, period="month", as_of=AS_OF)
    goals = review.goals()
    assert "suggestions" in goals.note  # the sample declares no goals
    assert goals.frame.height == 4
    assert set(goals.frame["met"]) <= {"met", "missed", "no data"}
    assert {"met", "missed"} <= set(goals.frame["met"])
    ties = review.ties().parts
    assert [t.frame.height > 0 for t in ties] == [True, True]  # type: ignore[union-attr]
    assert all(w.startswith("silent ") for w in ties[0].frame["why"])  # type: ignore[union-attr]
    found = review.rituals.close_network
    assert found.alters == 150 and 0 < found.efficiency <= 1 and found.constraint > 0
    habits = review.habits().frame
    assert habits["habit"].to_list()[2:] == [
        "promise-keeping rate",
        "milestone acknowledgement rate",
    ]
    figure = review.network_chart()
    assert len(figure.data) >= 2  # edges and people


def test_a_review_before_the_data_says_so_on_stderr_and_first_in_the_report(
    sample: Workspace, tmp_path: Path
) -> None:
    done = clirun.netbook(
        "review", "--as-of", "2010-01-01", "-w", str(sample.root), "--out", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "note: nothing in this workspace is dated on or before 2010-01-01" in done.stderr
    page = (tmp_path / "review-2010-01.html").read_text(encoding="utf-8")
    note = page.index("Note: nothing in this workspace is dated on or before 2010-01-01")
    assert note < page.index("Nobody is due")  # before any list could read as praise
