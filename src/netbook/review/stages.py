"""The review's stages in words, for a progress line: ``computing health``, not ``cell 9 of 34``.

A cell of the review notebook names the stage it starts in its metadata
(``"netbook": {"stage": "computing health"}``); cells without one continue the current stage. The
notebook runs on :class:`StagedEngine`, papermill's nbclient engine told a ``listener`` that hears
each new stage as its first cell starts.
"""

from __future__ import annotations

from typing import Any, Final

from papermill.engines import NBClientEngine, papermill_engines

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


class StagedEngine(NBClientEngine):  # type: ignore[misc]  # papermill has no type hints
    """papermill's nbclient engine, telling ``listener`` each stage as its first cell starts."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man: Any, kernel_name: str, listener: Listener | None = None, **kwargs: Any
    ) -> Any:
        """Run the notebook as papermill does; ``listener`` hears the stages (if given)."""
        if listener is not None:
            listener(STARTING)
            start = nb_man.cell_start

            def cell_start(cell: Any, cell_index: int | None = None, **more: Any) -> Any:
                stage = stage_of(cell)
                if stage is not None:
                    listener(stage)
                return start(cell, cell_index, **more)

            nb_man.cell_start = cell_start
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)


papermill_engines.register(ENGINE, StagedEngine)
