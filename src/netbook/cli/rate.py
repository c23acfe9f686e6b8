"""``netbook rate``: rate how close you are to about 20 people; strength is checked and fitted."""

from __future__ import annotations

from typing import Annotated

import typer

from netbook.cli.options import AsOfOption, WorkspaceOption, as_of_day, open_to_read, out
from netbook.output import esc

SCALE = "1 distant, 2, 3, 4, 5 very close; Enter skips, q stops"


def _ask(prompt: str) -> str:
    return str(typer.prompt(prompt, default="", show_default=False)).strip().lower()


def rate_command(
    workspace: WorkspaceOption = None,
    as_of: AsOfOption = None,
    count: Annotated[int, typer.Option(help="How many people to ask about (1 to 100).")] = 20,
) -> None:
    """Rate how close you are to about 20 people (1-5); strength is then checked and fitted."""
    from netbook import calibration, userdata
    from netbook.phrases import ago, plural

    if not 1 <= count <= 100:
        raise typer.BadParameter("use a count from 1 to 100", param_hint="--count")
    ws = open_to_read(workspace)  # ratings need people: nothing is created where none were
    day = as_of_day(ws, as_of)
    frame = calibration.unrated(ws, day)
    asked = calibration.to_rate(frame, count)
    if asked.is_empty():
        out.print("Nobody left to rate: everyone you have been in touch with has a rating.")
    else:
        out.print(f"How close are you to each of these {asked.height} people? ({SCALE})")
    rated = 0
    for row in asked.iter_rows(named=True):
        where = f", {row['company']}" if row["company"] else ""
        since = ago(row["days_since_contact"])
        name = esc(row["full_name"] or row["person_id"]) + esc(where)
        label = f"{name} ({row['layer']}, last contact {since})"
        while True:
            answer = _ask(label)
            if answer in ("", "q") or (answer.isdigit() and 1 <= int(answer) <= 5):
                break
            out.print(f"Please answer {SCALE}.")
        if answer == "q":
            break
        if answer:
            userdata.set_person(ws, row["person_id"], closeness=int(answer))
            rated += 1
    fit = calibration.calibrate(ws, day)
    agreement = calibration.agreement(calibration.unrated(ws, day, ws.settings()))
    out.print(f"{plural(rated, 'new rating')}. {agreement.sentence()}")
    if fit.used:
        weights = ", ".join(f"{k} {v:.2f}" for k, v in fit.weights.items())
        out.print(
            f"Strength now uses weights fitted to your {fit.rated} ratings ({weights}): held-out "
            f"Spearman {fit.fitted_spearman:.2f} against {fit.default_spearman or 0:.2f} with the defaults."
        )
    else:
        out.print(f"Strength keeps its default weights ({fit.reason}).")


def register(app: typer.Typer) -> None:
    """Add ``rate`` to the ``netbook`` application."""
    app.command("rate")(rate_command)
