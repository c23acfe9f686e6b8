"""The synthetic sample: deterministic, committed as generated, and read back exactly."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from netbook import Workspace, doctor
from netbook.sample import write_sample

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "data" / "sample" / "linkedin"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_committed_sample_is_the_generators_output(tmp_path: Path) -> None:
    write_sample(tmp_path / "again", seed=7)
    assert digest(tmp_path / "again") == digest(COMMITTED)


def test_seed_changes_output(tmp_path: Path) -> None:
    write_sample(tmp_path / "a", seed=1, connections=50, messages=200)
    write_sample(tmp_path / "b", seed=2, connections=50, messages=200)
    assert digest(tmp_path / "a") != digest(tmp_path / "b")


def test_realistic_texts_change_only_the_messages(tmp_path: Path) -> None:
    plain = write_sample(tmp_path / "plain", seed=3, connections=60, messages=600)
    real = write_sample(tmp_path / "real", seed=3, connections=60, messages=600, realistic=True)
    assert real == plain
    a, b = digest(tmp_path / "plain"), digest(tmp_path / "real")
    assert {k for k in a if a[k] != b[k]} == {"messages.csv"}
    text = (tmp_path / "real" / "messages.csv").read_text()
    assert not text.startswith('"')  # the 2024 layout: quoted only where needed
    assert len(text) > 1.3 * len((tmp_path / "plain" / "messages.csv").read_text())


@pytest.mark.parametrize(("zipped", "realistic"), [(False, False), (True, False), (False, True)])
def test_doctor_matches_what_the_generator_wrote(
    tmp_path: Path, zipped: bool, realistic: bool
) -> None:
    truth = write_sample(
        tmp_path / "export",
        seed=11,
        connections=400,
        messages=4000,
        zip=zipped,
        realistic=realistic,
    )
    path = next((tmp_path / "export").glob("*.zip")) if zipped else tmp_path / "export"
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([path])
    ws.import_paths([path])
    report = doctor.report(ws)
    assert report["owner"]["full_name"] == truth.owner_name
    assert report["owner"]["profile_url"] == truth.owner_url
    assert report["people"] == truth.people
    assert report["connections"] == truth.connections - truth.hidden_connections
    assert report["messages"]["outbound"] == truth.messages_outbound
    assert report["messages"]["inbound"] == truth.messages_inbound
    assert report["messages"]["group"] == truth.group_messages
    (source,) = report["sources"]
    noise = {n["reason"]: n["rows"] for n in source["noise"]}
    expected = {k: v for k, v in truth.message_noise.items() if v}
    expected["ai coach"] = truth.ai_coach_messages
    expected["hidden member"] = expected.get("hidden member", 0) + truth.hidden_connections
    expected["duplicate"] = expected.get("duplicate", 0) + truth.invitation_duplicates
    assert noise == {k: v for k, v in expected.items() if v}
    assert source["failures"] == []
    channels = {(r["channel"], r["direction"]): r["rows"] for r in report["interactions"]}
    assert channels[("invitation", "outbound")] == truth.invitations_outbound
    assert channels[("invitation", "inbound")] == truth.invitations_inbound
    assert channels[("recommendation", "inbound")] == truth.recommendations_received
    assert channels[("recommendation", "outbound")] == truth.recommendations_given
    assert channels[("connection", None)] == truth.connections - truth.hidden_connections
