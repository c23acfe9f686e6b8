"""The ``netbook`` command line: thin verbs over the Python API, with rich output.

One module per group of verbs (:mod:`~netbook.cli.data`, :mod:`~netbook.cli.metrics`,
:mod:`~netbook.cli.log`, :mod:`~netbook.cli.rituals`, ...), one set of option types and one
console (:mod:`~netbook.cli.options`). The verbs import polars, DuckDB and the data layer when
they run, so ``netbook --help`` and ``netbook --version`` start in a fraction of a second.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from netbook import __version__
from netbook.cli import brief, data, log, merges, metrics, rate, remind, review, rituals, ties
from netbook.errors import NetbookError
from netbook.output import printable
from netbook.private import use_private_umask
from netbook.startup import skip_slow_optional_imports

app = typer.Typer(
    help="netbook: your professional network, from your own exports, on your own machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(shown: bool) -> None:
    if shown:
        sys.stdout.write(f"netbook {__version__}\n")
        raise typer.Exit


@app.callback()
def _start(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """netbook: your professional network, from your own exports, on your own machine."""


app.command("import")(data.import_command)
app.command("doctor")(data.doctor_command)
app.command("people")(data.people_command)
app.command("health")(metrics.health_command)
app.command("due")(metrics.due_command)
app.command("plan")(metrics.plan_command)
app.command("summary")(metrics.summary_command)
app.command("sources")(data.sources_command)
app.command("sample")(data.sample_command)
log.register(app)
merges.register(app)
rate.register(app)
review.register(app)
remind.register(app)
rituals.register(app)
ties.register(app)
brief.register(app)


def main(args: Sequence[str] | None = None) -> None:
    """Entry point: one clear line and exit 2 for bad input; a traceback only for netbook's bugs.

    Args:
        args: the command line after ``netbook`` (default: ``sys.argv[1:]``).
    """
    skip_slow_optional_imports()
    use_private_umask()
    try:
        code = app(
            args=None if args is None else list(args), prog_name="netbook", standalone_mode=False
        )  # usage errors: one line below
    except NoArgsIsHelpError as error:  # a bare ``netbook`` or group: the help was printed
        sys.exit(error.exit_code)
    except ClickException as error:  # a typo'd option, a bad value: one line, not a box
        sys.stderr.write(f"error: {printable(_usage(error), one_line=True)}\n")
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.stderr.write("error: aborted\n")
        sys.exit(1)
    except NetbookError as error:
        sys.stderr.write(f"error: {printable(str(error), one_line=True)}\n")
        sys.exit(error.exit_code)
    except OSError as error:  # a full disk, a read-only folder: the path and the reason, no trace
        where = printable(f"{error.filename}: ", one_line=True) if error.filename else ""
        sys.stderr.write(
            f"error: {where}{error.strerror or error} (check the path, its "
            "permissions and the free disk space)\n"
        )
        sys.exit(NetbookError.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _usage(error: ClickException) -> str:
    """A usage error and where to read how to use the command.

    ``No such option: --bogus (see `netbook due --help`)``: click's message without its box.
    """
    message = error.format_message().strip().rstrip(".")
    context = getattr(error, "ctx", None)
    path = context.command_path if context is not None else "netbook"
    return f"{message} (see `{path} --help`)"
