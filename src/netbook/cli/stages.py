"""The progress line of a long command: a spinner and the stage running, on a terminal only."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.spinner import Spinner

from netbook.output import esc


class StageLine:
    """``with StageLine(err, "Importing x") as line: line.show("reading messages.csv")``.

    On a terminal (and unless ``quiet``) one line on ``console`` shows ``WHAT: STAGE ...``, drawn
    again at once for each new stage and cleared at the end. Anywhere else (a pipe, a file, cron)
    it prints nothing: ``active`` is False and :meth:`show` does nothing.
    """

    def __init__(self, console: Console, what: str, *, quiet: bool = False) -> None:
        self.what = what
        self.active = console.is_terminal and not quiet
        self._spinner = Spinner("dots", text=f"{esc(what)} ...", style="green")
        self._live = Live(self._spinner, console=console, transient=True, refresh_per_second=12.5)

    def show(self, stage: str) -> None:
        """Name the stage now running (drawn at once, however short it is)."""
        if self.active:
            self._spinner.update(text=f"{esc(self.what)}: {esc(stage)} ...")
            self._live.refresh()

    def __enter__(self) -> StageLine:
        if self.active:
            self._live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.active:
            self._live.stop()
