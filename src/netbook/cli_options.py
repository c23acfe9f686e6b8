"""What every ``netbook`` command shares: its options and how it reads a day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from netbook import api
from netbook.errors import NetbookError
from netbook.output import Format
from netbook.workspace import ENV, Workspace

WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", envvar=ENV, help="Workspace folder (default ./data)."),
]
PersonArgument = Annotated[
    str, typer.Argument(help="A name, e-mail, LinkedIn URL or person id.", show_default=False)
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD (default: today in the workspace's zone).")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write to FILE.")]


def parse_day(text: str, option: str) -> date:
    """``text`` as a date, or an error naming ``option``.

    Examples:
        >>> parse_day("2026-11-16", "--on")
        datetime.date(2026, 11, 16)
        >>> parse_day("soon", "--as-of")
        Traceback (most recent call last):
        netbook.errors.NetbookError: --as-of 'soon' is not a date (write it as YYYY-MM-DD)
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NetbookError(
            f"{option} {text!r} is not a date", hint="write it as YYYY-MM-DD"
        ) from None


def as_of_day(workspace: Workspace, text: str | None) -> date:
    """``--as-of``: the given day, or today in the workspace's time zone."""
    return api.today(workspace) if text is None else parse_day(text, "--as-of")
