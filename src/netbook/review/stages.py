"""The review's stages in words, for a progress line: ``computing health``, not ``cell 9 of 34``.

A cell of the review notebook names the stage it starts in its metadata
(``"netbook": {"stage": "computing health"}``); cells without one continue the current stage. The
notebook runs on :class:`StagedEngine`, papermill's nbclient engine told a ``listener`` that hears
each new stage as its first cell starts. It also runs a notebook in a kernel started before it
(``km``, see :func:`netbook.review.kernel.start`), which it stops at the end as its own.
"""

from __future__ import annotations

from typing import Any, Final

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from netbook.progress import Listener

ENGINE: Final = "netbook-stages"
"""The name :class:`StagedEngine` is registered under with papermill."""
STARTING: Final = "starting the notebook's kernel"
RENDERING: Final = "rendering the report"


def stage_of(cell: Any) -> str | None:
    """The stage a cell starts (its ``netbook.stage`` metadata), if it names one."""
    named = cell.get("metadata", {}).get("netbook", {})
    stage = named.get("stage") if isinstance(named, dict) else None
    return stage if isinstance(stage, str) and stage else None


class StartedKernelClient(PapermillNotebookClient):  # type: ignore[misc]  # no type hints
    """papermill's notebook client in a kernel started before it, which it stops as its own."""

    def __init__(self, nb_man: Any, km: Any, **kwargs: Any) -> None:
        super().__init__(nb_man, km=km, **kwargs)
        self.owns_km = True  # nbclient stops only kernels it started itself
        # Every cell has run and the kernel keeps nothing on disk: it is stopped at once, not
        # asked to and then polled every 0.1 s until it has exited (a third of a second).
        self.shutdown_kernel = "immediate"


class StagedEngine(NBClientEngine):  # type: ignore[misc]  # papermill has no type hints
    """papermill's nbclient engine, telling ``listener`` each stage as its first cell starts."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        listener: Listener | None = None,
        km: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Run the notebook as papermill does; ``listener`` hears the stages (if given).

        ``km``: a kernel manager with its kernel started (default: papermill starts one).
        """
        if listener is not None:
            listener(STARTING)
            start = nb_man.cell_start

            def cell_start(cell: Any, cell_index: int | None = None, **more: Any) -> Any:
                stage = stage_of(cell)
                if stage is not None:
                    listener(stage)
                return start(cell, cell_index, **more)

            nb_man.cell_start = cell_start
        if km is None:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        return _run_in(km, nb_man, kernel_name, **kwargs)


def _run_in(
    km: Any,
    nb_man: Any,
    kernel_name: str,
    log_output: bool = False,
    stdout_file: Any = None,
    stderr_file: Any = None,
    start_timeout: int = 60,
    execution_timeout: int | None = None,
    **kwargs: Any,
) -> Any:
    """What ``NBClientEngine.execute_managed_notebook`` does, in ``km``'s kernel."""
    arguments = merge_kwargs(
        remove_args(["input_path", "timeout", "startup_timeout"], **kwargs),
        timeout=execution_timeout or kwargs.get("timeout"),
        startup_timeout=start_timeout,
        kernel_name=kernel_name,
        log=logger,
        log_output=log_output,
        stdout_file=stdout_file,
        stderr_file=stderr_file,
    )
    return StartedKernelClient(nb_man, km, **arguments).execute()


papermill_engines.register(ENGINE, StagedEngine)
