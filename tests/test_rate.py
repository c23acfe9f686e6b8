"""``netbook rate``: ratings stored, weights fitted (or not) with cross-validation, agreement shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from netbook import api, calibration
from netbook.cli import app
from netbook.settings import Settings
from netbook.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "linkedin"
AS_OF = date(2026, 11, 16)


@pytest.fixture
def ws(sample_ws: Workspace) -> Workspace:
    return sample_ws


def test_nnls_recovers_non_negative_weights() -> None:
    rows = [[float(i % 3), float(i % 5), float(i % 2)] for i in range(30)]
    target = [0.5 * a + 0.25 * c + 0.1 for a, _, c in rows]
    found = calibration.nnls(rows, target)
    assert found[:3] == pytest.approx([0.5, 0.0, 0.25], abs=1e-6)
    assert found[3] == pytest.approx(0.1, abs=1e-6)  # the intercept
    negative = calibration.nnls(rows, [-a for a, _, _ in rows])
    assert min(negative[:3]) >= 0.0


def test_rate_round_trip(ws: Workspace) -> None:
    # The user rates the 20 people asked: their ratings follow netbook's own ranking of
    # frequency this year (a user who judges by how often you talk), so a fit should find that.
    frame = calibration.unrated(ws, AS_OF)
    asked = calibration.to_rate(frame, 20)
    assert asked.height == 20
    assert asked["person_id"].n_unique() == 20
    assert set(asked["layer"]) >= {"support", "sympathy", "close", "active", "acquaintance"}
    ranks = asked["strength_frequency"].rank("ordinal") / asked.height
    answers = [str(1 + min(4, int(r * 5))) for r in ranks] + ["q"]
    result = CliRunner().invoke(
        app,
        ["rate", "-w", str(ws.root), "--as-of", AS_OF.isoformat()],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "20 new ratings" in result.output
    assert "Spearman" in result.output and "Gilbert and Karahalios" in result.output
    people = ws.people().collect()
    stored = people.filter(pl.col("closeness").is_not_null())
    assert stored.height == 20
    assert sorted(stored["closeness"].to_list()) == sorted(int(a) for a in answers[:-1])
    fit = calibration.fit(calibration.unrated(ws, AS_OF, Settings()), Settings())
    assert fit.rated == 20
    assert fit.used  # frequency explains the ratings better than the default mix
    assert fit.weights["frequency"] == max(fit.weights.values())
    assert fit.fitted_spearman is not None and fit.default_spearman is not None
    assert fit.fitted_spearman > fit.default_spearman
    # The workspace now uses the fitted weights, and the review states the agreement.
    assert ws.settings().strength.normalised() == pytest.approx(fit.weights, abs=1e-3)
    agreement = calibration.agreement(calibration.unrated(ws, AS_OF, ws.settings()))
    assert agreement.rated == 20 and agreement.spearman is not None and agreement.spearman > 0.5
    # A second run asks only people not rated yet.
    again = calibration.to_rate(calibration.unrated(ws, AS_OF), 20)
    assert not set(again["person_id"]) & set(stored["person_id"])


def test_few_ratings_keep_the_defaults_and_a_rated_close_tie_stays_close(ws: Workspace) -> None:
    from netbook import userdata

    health = api.health(ws, as_of=AS_OF)
    quiet = health.filter((pl.col("layer") == "acquaintance") & (pl.col("contact_days") > 0))
    who = quiet.sort("person_id")["person_id"][0]
    userdata.set_person(ws, who, closeness=5)
    fit = calibration.calibrate(ws, AS_OF)
    assert (fit.used, fit.rated) == (False, 1)
    assert "fewer than" in fit.reason
    assert ws.settings().strength == Settings().strength
    after = api.health(ws, as_of=AS_OF).filter(pl.col("person_id") == who).row(0, named=True)
    # Little contact does not make a tie you rate close weak (Wiese et al. 2015).
    assert after["strength_closeness"] == 1.0
    assert after["layer"] != "acquaintance"
