"""health / due from a workspace: Python API, command line formats, and metric plugins."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from clirun import netbook
from netbook import Workspace, api
from netbook.metrics import CONTRACT
from netbook.registry import Registry
from stores import copy_workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "linkedin"
AS_OF = "2026-11-16"


@pytest.fixture(scope="module")
def workspace(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = copy_workspace(sample_store, tmp_path_factory.mktemp("ws") / "ws")
    ws.settings_path.write_text('[time]\nzone = "Europe/Berlin"\n')
    return ws


def test_health_contract_and_due_on_the_sample(workspace: Workspace) -> None:
    frame = api.health(workspace, as_of=date(2026, 11, 16))
    assert frame.columns[: len(CONTRACT)] == list(CONTRACT)
    assert frame.height == 316
    # Only ties in touch about yearly while in touch (and within 18 months) fill the 150: 83 on
    # the sample.
    assert frame["layer"].value_counts().sort("layer").rows() == [
        ("acquaintance", 233),
        ("active", 33),
        ("close", 35),
        ("support", 5),
        ("sympathy", 10),
    ]
    queue = api.due(workspace, as_of=date(2026, 11, 16))
    in_touch = frame.filter(pl.col("contact_days") > 0).height
    # A list a person can act on: about a sixth of the people with any exchange (38 of 236:
    # ties of one conversation are late against their layer's cadence, not 180 days more; ties
    # of two conversations may be close ties, one of them late).
    assert 0 < queue.height < 0.17 * in_touch
    assert queue["why"].null_count() == 0
    assert queue["why"].str.contains(r"overdue|usual gap").all()
    assert queue["layer"].is_in(["support", "sympathy", "close", "active"]).all()
    for _ in range(5):  # byte-identical, run after run
        assert frame.equals(api.health(workspace, as_of=date(2026, 11, 16)))
    summary = api.summary(workspace, as_of=date(2026, 11, 16))
    for _ in range(5):
        assert summary.equals(api.summary(workspace, as_of=date(2026, 11, 16)))


def test_cli_formats(workspace: Workspace, tmp_path: Path) -> None:
    ws = str(workspace.root)
    table = netbook("due", "-w", ws, "--as-of", AS_OF)
    assert table.returncode == 0, table.stderr
    assert max(len(line) for line in table.stdout.splitlines()) <= 100
    rows = json.loads(netbook("health", "-w", ws, "--as-of", AS_OF, "-f", "json").stdout)
    assert len(rows) == 316 and set(CONTRACT) <= set(rows[0])
    csv = netbook("due", "-w", ws, "--as-of", AS_OF, "-f", "csv").stdout
    assert csv.splitlines()[0].startswith("person_id,full_name,profile_url")
    out = tmp_path / "health.parquet"
    assert (
        netbook("health", "-w", ws, "--as-of", AS_OF, "-f", "parquet", "-o", str(out)).returncode
        == 0
    )
    assert pl.read_parquet(out).height == 316
    bad = netbook("health", "-w", ws, "--as-of", "16/11/2026")
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "error: --as-of '16/11/2026' is not a date (write it as YYYY-MM-DD)",
    )


def test_bad_settings_change_nothing(workspace: Workspace, sample_ws: Workspace) -> None:
    ws = sample_ws
    ws.settings_path.write_text("[half_lives]\nactivity_days = -90\n")
    result = netbook("health", "-w", str(ws.root), "--as-of", AS_OF)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {ws.settings_path}: half_lives.activity_days = -90: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_metric_plugin_adds_a_column(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site"
    (package / "warmth_plugin").mkdir(parents=True)
    (package / "warmth_plugin" / "__init__.py").write_text(
        "import polars as pl\n\n"
        "def warmth(*, as_of, settings):\n"
        "    return pl.col('touches_90d') * 2 + pl.col('reciprocity').fill_null(0)\n"
    )
    info = package / "warmth_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: warmth-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[netbook.metrics]\nwarmth = warmth_plugin:warmth\n")
    monkeypatch.syspath_prepend(str(package))
    monkeypatch.setattr(api, "METRICS", Registry("netbook.metrics", api._metric))
    frame = api.health(workspace, as_of=date(2026, 11, 16))
    expected = frame["touches_90d"] * 2 + frame["reciprocity"].fill_null(0)
    assert frame["warmth"].equals(expected.alias("warmth"))
    assert api.METRICS.names() == ["warmth"]


def _raises(**_: object) -> pl.Expr:
    raise RuntimeError("warmth plugin bug")


@pytest.mark.parametrize(
    ("name", "plugin", "told"),
    [
        ("strength", lambda **_: pl.lit(-1.0), "would replace netbook's own column 'strength'"),
        ("warmth", _raises, "failed: RuntimeError: warmth plugin bug"),
        ("warmth", lambda **_: pl.col("no_such"), "failed on the health frame: ColumnNotFound"),
        ("warmth", lambda **_: 3, "returned int, not pl.Expr"),
    ],
)
def test_a_broken_metric_plugin_is_named_in_one_line(
    sample_ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    plugin: object,
    told: str,
) -> None:
    """A plugin's bug is no traceback, and never changes netbook's own numbers."""
    registry: Registry[api.MetricPlugin] = Registry("netbook.metrics", api._metric)
    registry._loaded = True  # only this plugin, none installed
    registry.register(name, plugin)  # type: ignore[arg-type]
    monkeypatch.setattr(api, "METRICS", registry)
    for command in ("health", "due"):
        result = netbook(command, "-w", str(sample_ws.root), "--as-of", AS_OF)
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith(f"error: metric plugin {name!r} "), result.stderr
        assert told in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) <= 2  # the error and its hint


def test_summary_json_has_every_metric_and_the_previous_period(workspace: Workspace) -> None:
    from netbook.metrics.network_summary import METRICS

    result = netbook("summary", "-w", str(workspace.root), "--as-of", AS_OF, "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["metric"] for r in rows] == list(METRICS)
    assert all(set(r) == {"metric", "current", "previous", "change"} for r in rows)
    values = {r["metric"]: r for r in rows}
    # Connections and people in touch (316 known, 13 of them only invited or in a group chat).
    assert values["size"]["current"] == 303
    assert values["size"]["previous"] < 303  # people connected this month were not there before
    assert values["layer_n_support"]["current"] == 5
    quarter = json.loads(
        netbook(
            "summary",
            "-w",
            str(workspace.root),
            "--as-of",
            AS_OF,
            "--period",
            "quarter",
            "-f",
            "json",
        ).stdout
    )
    assert {r["metric"]: r["current"] for r in quarter}["size"] == 303
    bad = netbook("summary", "-w", str(workspace.root), "--period", "fortnight")
    assert bad.returncode == 2 and "--period 'fortnight' is unknown" in bad.stderr


def test_the_api_takes_a_notebooks_day_and_refuses_what_is_no_day(workspace: Workspace) -> None:
    """A papermill parameter is text: '2026-11-16' is that day; anything else is told, in words."""
    from netbook.errors import InputError

    day = date(2026, 11, 16)
    assert api.health(workspace, as_of="2026-11-16").equals(api.health(workspace, as_of=day))
    assert api.plan(workspace, as_of="2026-11-16").equals(api.plan(workspace, as_of=day))
    for wrong, told in (
        (None, "as_of None is not a day"),
        ("16/11/2026", "as_of '16/11/2026' is not a day"),
        (date(1900, 1, 1), "as_of 1900-01-01 is out of range"),
        ("9999-12-31", "as_of 9999-12-31 is out of range"),
    ):
        for call in (api.health, api.due, api.plan, api.summary):
            with pytest.raises(InputError, match=told):
                call(workspace, as_of=wrong)  # type: ignore[arg-type]


def test_a_constant_metric_plugin_is_given_to_everyone(
    sample_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry: Registry[api.MetricPlugin] = Registry("netbook.metrics", api._metric)
    registry._loaded = True
    registry.register("hot", lambda **_: pl.lit("hot"))
    monkeypatch.setattr(api, "METRICS", registry)
    frame = api.health(sample_ws, as_of=date(2026, 11, 16))
    assert frame.height == 316 and frame["hot"].unique().to_list() == ["hot"]
