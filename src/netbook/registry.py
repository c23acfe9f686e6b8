"""Plugins by name: entry points are read on the first lookup, never at import time."""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from netbook.errors import PluginError

T = TypeVar("T")
DISABLE_ENV = "NETBOOK_DISABLE_PLUGINS"
"""Set to 1 to load only the plugins registered in code (tests use it to keep installs out)."""


class Registry(Generic[T]):
    """Named plugins of one entry-point group."""

    def __init__(self, group: str, make: Callable[[object], T]) -> None:
        self.group = group
        self._make = make
        self._items: dict[str, T] = {}
        self._loaded = False

    def register(self, name: str, item: T) -> None:
        """Add or replace ``name``."""
        self._items[name] = item

    def unregister(self, name: str) -> None:
        """Remove ``name`` if present."""
        self._items.pop(name, None)

    def _points(self, name: str | None = None) -> list[EntryPoint]:
        builtin = os.environ.get(DISABLE_ENV) == "1"
        return [
            point
            for point in entry_points(group=self.group)
            if point.name not in self._items
            and (name is None or point.name == name)
            and not (builtin and not point.value.startswith("netbook."))
        ]

    def _add(self, point: EntryPoint) -> None:
        package = f" of {point.dist.name}" if point.dist is not None else ""
        try:
            item = self._make(point.load())
        except Exception as error:
            raise PluginError(
                f"plugin {point.name!r} ({point.value}{package}) failed to load: {error}",
                hint=f"reinstall or uninstall the package that provides it ({self.group})",
            ) from error
        named = getattr(item, "name", point.name)
        if named != point.name:  # `--source NAME` and `doctor` would call it two things
            raise PluginError(
                f"plugin {point.name!r} ({point.value}{package}) calls itself {named!r}",
                hint="its entry point's name and its name must be the same: fix the package",
            )
        self._items[point.name] = item

    def _load(self) -> None:
        if self._loaded:
            return
        points = self._points()
        _refuse_namesakes(points, self.group)
        for point in points:
            self._add(point)  # a failure leaves the registry unloaded: the next call reports it too
        self._loaded = True

    def names(self) -> list[str]:
        """Every available name, sorted."""
        self._load()
        return sorted(self._items)

    def get(self, name: str) -> T:
        """The plugin called ``name``.

        Raises:
            PluginError: no such plugin; the message lists the known ones.
        """
        if name not in self._items and not self._loaded:
            points = self._points(name)  # only the one asked for: a broken other plugin
            _refuse_namesakes(points, self.group)  # does not stop `--source NAME`
            for point in points:
                self._add(point)
        try:
            return self._items[name]
        except KeyError:
            raise PluginError(
                f"unknown {self.group.rsplit('.', 1)[-1][:-1]} {name!r}",
                hint=f"known: {', '.join(self.names()) or 'none'}",
            ) from None

    def items(self) -> list[tuple[str, T]]:
        """``(name, plugin)`` pairs, sorted by name."""
        self._load()
        return sorted(self._items.items())


def _refuse_namesakes(points: list[EntryPoint], group: str) -> None:
    """Two plugins of one name: which one ran would be chance (or netbook's, silently).

    Raises:
        PluginError: naming both entry points.
    """
    seen: dict[str, EntryPoint] = {}
    for point in points:
        other = seen.setdefault(point.name, point)
        if other is not point and other.value != point.value:
            raise PluginError(
                f"two plugins are called {point.name!r} ({group}): {other.value} and {point.value}",
                hint="uninstall one, or give one's entry point another name",
            )
