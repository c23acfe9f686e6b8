"""``netbook review``: run the review notebook for a period and write its HTML report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from netbook.cli.options import (
    AsOfOption,
    Period,
    PeriodOption,
    QuietOption,
    WorkspaceOption,
    as_of_day,
    err,
    open_workspace,
)
from netbook.cli.stages import StageLine
from netbook.output import esc


def review_command(
    period: PeriodOption = Period.month,
    as_of: AsOfOption = None,
    workspace: WorkspaceOption = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the reports (default WORKSPACE/reviews)."),
    ] = None,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            "--pseudonymise",
            help="Replace every name, company, e-mail and URL with a stable pseudonym.",
        ),
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option(
            help="Name each stage as it runs, and the time taken (default: when stderr is a "
            "terminal)."
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Run the review (actions, health, layers, reciprocity, diversity, growth) into an HTML report.

    The report is named by period (review-2026-W47.html, review-2026-11.html, review-2026-Q4.html,
    review-2026.html); re-running a period replaces it, and a failed run leaves it as it was.
    """
    from netbook.review import run_review

    interactive = not quiet and (err.is_terminal if progress is None else progress)
    # On a terminal one line names the stage running; --progress into a file writes one per stage.
    with StageLine(err, "Review", quiet=not interactive) as line:
        result = run_review(
            workspace,  # a path: the kernel starts before polars and the store's code load
            period.value,
            as_of,
            out_dir,
            pseudonymise=pseudonymise,
            progress=(line.show if line.active else True) if interactive else False,
        )
    if interactive:  # from cron: only the path (or the error), nothing else to mail
        err.print(
            f"Review of the {result.period} ending {result.as_of} written in "
            f"{result.seconds:.1f} s (notebook: {esc(result.notebook)})"
        )
    # A review of today on data weeks old, or of a day before the data or long after it: said,
    # on stderr (cron mails it).
    as_of_day(open_workspace(workspace), as_of)
    sys.stdout.write(f"{result.html}\n")  # the last line: the report, for scripts and cron mail


def register(app: typer.Typer) -> None:
    """Add ``review`` to the ``netbook`` application."""
    app.command("review")(review_command)
