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
        try:
            self._items[point.name] = self._make(point.load())
        except Exception as error:
            raise PluginError(
                f"plugin {point.name!r} ({point.value}) failed to load: {error}",
                hint=f"reinstall or uninstall the package that provides it ({self.group})",
            ) from error

    def _load(self) -> None:
        if self._loaded:
            return
        for point in self._points():
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
            for point in self._points(name):  # only the one asked for: a broken other plugin
                self._add(point)  # does not stop `--source NAME`
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
