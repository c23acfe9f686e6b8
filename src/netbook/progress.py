"""Named stages of a long job, told to whoever listens (the command line's progress line).

A source, the store or a review says ``stage("reading messages.csv")`` as a stage starts; outside a
:func:`reporting` block that does nothing, so library code never prints and never needs a callback
threaded through its signatures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str], None]
"""Told each stage as it starts, in words."""

_listener: ContextVar[Listener | None] = ContextVar("netbook_progress", default=None)


def stage(text: str) -> None:
    """Tell the current listener, if any, that the stage ``text`` starts."""
    listener = _listener.get()
    if listener is not None:
        listener(text)


@contextmanager
def reporting(listener: Listener | None) -> Iterator[None]:
    """Within the block, :func:`stage` tells ``listener`` (``None``: nobody)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
