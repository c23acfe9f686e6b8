"""The example plugin of docs/plugins.md (``tests/plugins/netbook_meetup``), loaded as pip would.

Installing the package for real is slow and needs the network for its build backend, so the test
does what an install leaves behind: the package's ``src`` on ``sys.path`` and a ``*.dist-info``
whose ``entry_points.txt`` is made from the package's own ``pyproject.toml``. Fresh registries
then find the plugin through ``importlib.metadata`` like any installed one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

import netbook.sources
from clirun import netbook as run
from netbook import Workspace, api
from netbook.errors import PluginError
from netbook.registry import Registry
from netbook.sources import OwnerHint, Source, _instantiate, detect

PLUGIN = Path(__file__).parent / "plugins" / "netbook_meetup"
EXPORT = PLUGIN / "examples" / "data-meetup-42.json"
DOCS = Path(__file__).parents[1] / "docs" / "plugins.md"
SAMPLE_VCF = Path(__file__).parents[1] / "data" / "sample" / "contacts" / "phone.vcf"


def entry_points_txt(pyproject: Path) -> str:
    """``entry_points.txt`` as pip writes it from ``[project.entry-points]``."""
    groups = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["entry-points"]
    return "".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items()) + "\n"
        for group, points in groups.items()
    )


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """netbook-meetup as if pip-installed, and fresh source and metric registries."""
    site = tmp_path / "site"
    info = site / "netbook_meetup-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: netbook-meetup\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(entry_points_txt(PLUGIN / "pyproject.toml"))
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    monkeypatch.delenv("NETBOOK_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(netbook.sources, "SOURCES", Registry("netbook.sources", _instantiate))
    monkeypatch.setattr(api, "METRICS", Registry("netbook.metrics", api._metric))


@pytest.mark.usefixtures("installed")
def test_the_registry_finds_the_plugin_beside_the_built_in_sources() -> None:
    names = netbook.sources.SOURCES.names()
    assert "meetup" in names and {"csv", "linkedin", "calendar"} <= set(names)
    source = netbook.sources.SOURCES.get("meetup")
    assert isinstance(source, Source)
    assert type(source).__module__ == "netbook_meetup"
    assert api.METRICS.names() == ["recent_share"]


@pytest.mark.usefixtures("installed")
def test_detect_picks_the_plugin_for_its_export() -> None:
    assert detect(EXPORT).name == "meetup"
    sample = Path(__file__).parents[1] / "data" / "sample" / "linkedin"
    assert detect(sample).name == "linkedin"  # the plugin claims nothing else


@pytest.mark.usefixtures("installed")
def test_an_unknown_source_lists_the_known_ones_with_the_plugin() -> None:
    with pytest.raises(PluginError, match=r"unknown source 'meetups'.*known: .*linkedin.*meetup"):
        detect(EXPORT, "meetups")


@pytest.mark.usefixtures("installed")
def test_load_reports_people_attendances_failures_and_noise() -> None:
    loaded = detect(EXPORT).load(EXPORT, owner=OwnerHint())
    people = loaded.people.collect()
    assert sorted(people["full_name"]) == ["Ada Example", "Bo Sample", "Eve Example"]
    interactions = loaded.interactions.collect()
    assert set(interactions["person_id"]) == set(people["person_id"])
    assert set(interactions["channel"]) == {"event"}
    assert loaded.failures.select("file", "line", "column").rows() == [
        ("data-meetup-42.json", 4, "name")
    ]
    assert loaded.noise.select("reason", "rows").rows() == [("did not attend", 2)]
    files = loaded.files.row(0, named=True)
    assert (files["rows"], files["kept"], files["noise"], files["failed"]) == (6, 3, 2, 1)


@pytest.mark.usefixtures("installed")
def test_importing_into_a_workspace_adds_people_attendances_and_a_metric(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    (first,) = ws.import_paths([EXPORT])
    assert first.source == "meetup"
    assert (first.written.people_added, first.written.interactions_added) == (3, 3)
    (second,) = ws.import_paths([EXPORT])
    assert (second.written.people_added, second.written.interactions_added) == (0, 0)
    health = api.health(ws, as_of=date(2024, 4, 1))
    assert health.height == 3
    assert health["recent_share"].to_list() == [1.0, 1.0, 1.0]  # all touches are 18 days old
    assert api.health(ws, as_of=date(2024, 12, 1))["recent_share"].to_list() == [0.0, 0.0, 0.0]


def test_the_guide_shows_the_tested_entry_points() -> None:
    guide = DOCS.read_text(encoding="utf-8")
    for line in entry_points_txt(PLUGIN / "pyproject.toml").splitlines():
        if "=" in line:
            name, target = (part.strip() for part in line.split("="))
            assert f'{name} = "{target}"' in guide, line
    assert "pip install -e ." in guide and "netbook sources" in guide


def _broken(kind: str) -> Callable[..., object]:
    """A ``load`` with one bug of a plugin's (the real one's result, spoiled)."""
    real = netbook.sources.SOURCES.get("meetup").load

    def load(path: Path, *, owner: OwnerHint | None = None) -> object:
        if kind == "raises":
            raise ValueError("boom")
        if kind == "none":
            return None
        loaded = real(path, owner=owner)
        interactions = loaded.interactions.collect()
        if kind == "text":
            interactions = interactions.with_columns(body=pl.lit("the message's text"))
        else:  # a date a thousand years ahead
            interactions = interactions.with_columns(
                occurred_at=pl.lit(datetime(2999, 1, 1, tzinfo=UTC))
            )
        return replace(loaded, interactions=interactions.lazy())

    return load


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("kind", "told"),
    [
        ("raises", "source plugin 'meetup' failed on "),
        ("none", "source plugin 'meetup' returned NoneType for "),
        ("text", "interactions has a column the store does not keep: 'body'"),
        ("future", "interactions.occurred_at must be between 1970-01-01 and "),
    ],
)
def test_a_source_plugin_bug_is_one_line_naming_it_and_nothing_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, told: str
) -> None:
    ws = tmp_path / "ws"
    assert run("import", str(SAMPLE_VCF), "-w", str(ws)).returncode == 0
    before = Workspace(ws).table("interactions").height
    monkeypatch.setattr(netbook.sources.SOURCES.get("meetup"), "load", _broken(kind))
    done = run("import", str(EXPORT), "-w", str(ws))
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("error: "), done.stderr
    assert told in done.stderr and "nothing was stored" in done.stderr
    assert "Traceback" not in done.stderr
    assert Workspace(ws).table("interactions").height == before


@pytest.mark.usefixtures("installed")
def test_a_plugin_detect_that_raises_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def exploding(path: Path) -> bool:
        raise RuntimeError("detect exploded")

    monkeypatch.setattr(netbook.sources.SOURCES.get("meetup"), "detect", exploding)
    with pytest.raises(PluginError, match="source plugin 'meetup' failed telling whether"):
        detect(SAMPLE_VCF)


@pytest.mark.parametrize(
    ("entry", "told"),
    [
        ("vcard = netbook_meetup:MeetupSource", "two plugins are called 'vcard'"),
        (
            "meetups = netbook_meetup:MeetupSource",
            "'meetups' .netbook_meetup:MeetupSource of other-meetup. calls itself 'meetup'",
        ),
    ],
)
def test_a_plugin_named_like_another_or_unlike_itself_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, told: str
) -> None:
    """A plugin called `vcard` would hide netbook's (or be hidden): which one ran was chance."""
    info = tmp_path / "site" / "other_meetup-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: other-meetup\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[netbook.sources]\n{entry}\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.syspath_prepend(str(PLUGIN / "src"))
    monkeypatch.delenv("NETBOOK_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(netbook.sources, "SOURCES", Registry("netbook.sources", _instantiate))
    with pytest.raises(PluginError, match=told):
        netbook.sources.SOURCES.names()
