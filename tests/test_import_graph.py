"""netbook's modules import downwards only: no cycle, and none of the named upward imports.

The graph is read from the source with :mod:`ast` (no third-party tool). An edge is an import of a
netbook module at module level (inside ``try``/``if`` too, but not under ``if TYPE_CHECKING:``,
which never runs). Imports inside a function run when it is called, after every module is loaded,
so they may point upwards (the command line imports its verbs lazily) and are not part of the
cycle check; the named upward imports are forbidden at every level, functions included.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"
PACKAGE = SRC / "netbook"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str) -> str | None:
    """The netbook module ``name`` loads: itself, or the nearest package holding it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, module: str) -> Iterator[str]:
    """The netbook modules one import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:  # relative: from the module's package
            package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}" if base else package
        names = [f"{base}.{alias.name}" for alias in node.names]
        names = [n if resolve(n) == n else base for n in names]  # a module, or a name in base
    for name in names:
        if name == "netbook" or name.startswith("netbook."):
            found = resolve(name)
            if found is not None:
                yield found


def imports(module: str, *, everywhere: bool) -> set[str]:
    """What ``module`` imports: at module level, or (``everywhere``) in functions too."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(_imported(node, module))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if everywhere:
                    walk(node.body)
            elif isinstance(node, ast.ClassDef | ast.If | ast.Try | ast.With):
                for field in ("body", "orelse", "finalbody"):
                    walk(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    walk(handler.body)

    walk(tree.body)
    found.discard(module)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_is_read() -> None:
    graph = {m: imports(m, everywhere=False) for m in MODULES}
    assert "netbook.schema" in graph["netbook.store"] | graph["netbook.workspace"]
    assert "netbook.sources._base" in graph["netbook.sources.linkedin"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_netbook_modules() -> None:
    graph = {m: imports(m, everywhere=False) for m in MODULES}
    assert cycles(graph) == []


SHARED = {
    "netbook.sources",
    "netbook.sources._base",
    "netbook.sources.contract",
    "netbook.sources.report",
    "netbook.sources.records",
    "netbook.sources.contacts_model",
    "netbook.sources.dates",
    "netbook.sources.tables",
    "netbook.sources.headers",
    "netbook.sources.keys",
}
"""What every source shares; any other ``netbook.sources.*`` module belongs to one source."""


def of_one_source(module: str) -> bool:
    return module.startswith("netbook.sources.") and module not in SHARED


UPWARD: dict[str, Callable[[str], bool]] = {
    "netbook.settings": lambda m: m == "netbook.metrics" or m.startswith("netbook.metrics."),
    "netbook.rituals.": of_one_source,
    "netbook.workspace": lambda m: m == "netbook.userdata",
    "netbook.rituals.ties": lambda m: m == "netbook.api",
}
"""Importer (a module, or a package prefix ending in ``.``) -> the modules it must never import."""


@pytest.mark.parametrize("importer", sorted(UPWARD))
def test_no_upward_import(importer: str) -> None:
    forbidden = UPWARD[importer]
    bad = {
        (module, target)
        for module in MODULES
        if module == importer or (importer.endswith(".") and module.startswith(importer))
        for target in imports(module, everywhere=True)
        if forbidden(target)
    }
    assert bad == set()


def test_userdata_and_workspace_do_not_import_each_other() -> None:
    workspace = imports("netbook.workspace", everywhere=True)
    assert "netbook.userdata" not in workspace
    assert "netbook.workspace" in imports("netbook.userdata", everywhere=False)  # one way only


def test_the_checker_sees_an_upward_import_inside_a_function() -> None:
    tree = ast.parse("def f():\n    from netbook.metrics.network import LAYERS\n")
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef)
    statement = node.body[0]
    assert isinstance(statement, ast.ImportFrom)
    assert list(_imported(statement, "netbook.settings")) == ["netbook.metrics.network"]
