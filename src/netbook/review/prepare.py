"""The review built while its kernel starts: ``run_review`` knows the notebook's parameters first.

A review's kernel takes a second or more to start and to answer papermill before the notebook's
first cell runs, and building the review's data takes seconds more. ``run_review`` therefore
starts the kernel with the notebook's parameters in :data:`ENV`; the kernel's launcher calls
:func:`start`, which builds the :class:`~netbook.review.notebook.Review` of those parameters in a
thread while ipykernel starts. The notebook's ``nb.Review(...)`` then calls :func:`take`, which
waits for that review and hands it over; the cell uses it only when its own parameters are the
same. Otherwise, or when the preparation failed, the cell builds its own as it always did, so an
error is still raised by the cell, in its words. Only *when* the review is built moves, not what.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import MutableMapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from netbook.review.notebook import Review

ENV: Final = "NETBOOK_REVIEW_PREPARE"
"""The environment variable with the notebook's parameters, as a JSON object."""
THREAD: Final = "netbook-review-prepare"

_pending: list[Future[Review]] = []
_lock = threading.Lock()


def encode(parameters: dict[str, object]) -> str:
    """``parameters`` as the value of :data:`ENV`."""
    return json.dumps(parameters, sort_keys=True)


def start(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Build the review :data:`ENV` describes in a thread (removing it from ``environ``).

    Returns:
        Whether a preparation started (not when :data:`ENV` is unset or not a JSON object).
    """
    text = environ.pop(ENV, None)  # the kernel's own subprocesses must not prepare again
    try:
        parameters = json.loads(text) if text else None
    except ValueError:
        return False
    if not isinstance(parameters, dict):
        return False
    future: Future[Review] = Future()
    with _lock:
        _pending[:] = [future]
    threading.Thread(target=_build, args=(future, parameters), name=THREAD, daemon=True).start()
    return True


def _build(future: Future[Review], parameters: dict[str, object]) -> None:
    future.set_running_or_notify_cancel()
    try:
        from netbook.review.notebook import Review

        future.set_result(Review.build(**parameters))  # type: ignore[arg-type]
    except BaseException as error:  # handed over: the cell then builds its own and raises
        future.set_exception(error)


def take() -> Review | None:
    """The prepared review, once it is built (None: nothing prepared, or it failed, or taken)."""
    if threading.current_thread().name == THREAD:
        return None
    with _lock:
        future = _pending.pop() if _pending else None
    if future is None:
        return None
    try:
        return future.result()
    except Exception:
        return None
