"""``netbook merges``: review suggested merges of people, accept or reject them, and undo merges."""

from __future__ import annotations

from typing import Annotated

import typer

from netbook.cli.options import (
    FormatOption,
    LimitOption,
    OutOption,
    WorkspaceOption,
    open_to_change,
    open_to_read,
    out,
    print_table,
)
from netbook.output import Format, say_shown, write

merges_app = typer.Typer(help="Review suggested merges of people, and undo merges.")


@merges_app.callback(invoke_without_command=True)
def merges_list(
    ctx: typer.Context,
    decided: Annotated[bool, typer.Option("--decided", help="Show your decisions.")] = False,
    merged: Annotated[bool, typer.Option("--merged", help="Show merged people.")] = False,
    format: FormatOption = Format.table,
    out_file: OutOption = None,
    limit: LimitOption = 25,
    workspace: WorkspaceOption = None,
) -> None:
    """List suggested merges (default), your decisions, or merged people."""
    from netbook import merges as mg

    if ctx.invoked_subcommand is not None:
        return
    ws = open_to_read(workspace)
    if decided:
        frame = mg.decided(ws)
        if frame.is_empty():
            out.print("No decisions yet.")
            return
        print_table(
            "Decisions",
            ["decision", "verdict", "a", "b", "evidence", "decided", "undone"],
            [
                list(r)
                for r in frame.select(
                    "decision_id", "verdict", "a_id", "b_id", "evidence", "decided_at", "undone_at"
                ).iter_rows()
            ],
        )
        return
    if merged:
        frame = mg.merged(ws)
        if frame.is_empty():
            out.print("Nobody merged.")
            return
        print_table("Merged people", frame.columns, [list(r) for r in frame.iter_rows()])
        return
    frame = mg.suggestions(ws)
    if format is not Format.table or out_file is not None:
        write(frame, format, out_file, out, list(frame.columns))
        return
    if frame.is_empty():
        out.print("No suggested merges.")
        return
    shown = frame.head(limit) if limit > 0 else frame
    print_table(
        f"{frame.height:,} suggested merges, most alike first "
        "(accept or reject with `netbook merges accept ID`)",
        ["id", "score", "person", "company", "sources", "other", "company ", "sources ", "why"],
        [
            list(r)
            for r in shown.select(
                "suggestion_id",
                "score",
                "a_name",
                "a_company",
                "a_sources",
                "b_name",
                "b_company",
                "b_sources",
                "evidence",
            ).iter_rows()
        ],
    )
    say_shown(out, shown.height, frame.height)


@merges_app.command("accept")
def merges_accept(
    suggestion: Annotated[str, typer.Argument(help="The suggestion id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Merge the two people of a suggestion."""
    from netbook import merges as mg

    decision = mg.accept(open_to_change(workspace), suggestion)
    out.print(f"Merged (decision {decision}; `netbook merges undo {decision}` takes it back).")


@merges_app.command("reject")
def merges_reject(
    suggestion: Annotated[str, typer.Argument(help="The suggestion id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Remember that the two people of a suggestion are different."""
    from netbook import merges as mg

    decision = mg.reject(open_to_change(workspace), suggestion)
    out.print(f"Kept apart (decision {decision}).")


@merges_app.command("split")
def merges_split(
    a: Annotated[str, typer.Argument(help="A person record id (see --merged).")],
    b: Annotated[str, typer.Argument(help="Another record id.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Undo an automatic merge of two records."""
    from netbook import merges as mg

    decision = mg.split(open_to_change(workspace), a, b)
    out.print(f"Split (decision {decision}).")


@merges_app.command("undo")
def merges_undo(
    decision: Annotated[str, typer.Argument(help="The decision id (see --decided).")],
    workspace: WorkspaceOption = None,
) -> None:
    """Take a decision back."""
    from netbook import merges as mg

    mg.undo(open_to_change(workspace), decision)
    out.print(f"Decision {decision} undone.")


def register(app: typer.Typer) -> None:
    """Add ``merges`` to the ``netbook`` application."""
    app.add_typer(merges_app, name="merges")
