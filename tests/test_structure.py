"""The shape of the source tree: no private name imported across packages, no import cycle, few
``# type: ignore`` comments.

Read from the source files with :mod:`ast` (nothing is imported), so a module that cannot be
imported without an optional extra is checked too.

A *package* here is a directory of ``src/gov_disclosure`` with an ``__init__.py``; the package of
a module is the directory its file is in (a package's own ``__init__.py`` belongs to that
package). A module may import a private name (one starting with ``_``) from a module of its own
package or of a package that contains it (``render/diff.py`` may use ``render/html.py``'s and
``_i18n.py``'s helpers); importing one from any other package (a sibling or a subpackage, e.g.
``diff.py`` from ``render/``) reaches into another package's implementation, and fails here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TOP = "gov_disclosure"
MAX_TYPE_IGNORES = 10


def module_name(path: Path) -> str:
    """The dotted name of the module in ``path`` (a package's ``__init__.py`` is the package)."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(path: Path) -> str:
    """The dotted name of the package ``path`` belongs to (its directory)."""
    return ".".join(path.relative_to(SRC).parent.parts)


FILES = {module_name(p): p for p in sorted((SRC / TOP).rglob("*.py"))}


def is_type_checking(node: ast.If) -> bool:
    """Whether ``node`` is ``if TYPE_CHECKING:`` (its imports never run)."""
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def top_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports that run when the module is imported: at module level, also inside ``if``,
    ``try`` and ``with`` blocks, but not in functions, classes or ``if TYPE_CHECKING:``."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not is_type_checking(node):
                pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend([*node.body, *node.orelse, *node.finalbody])
            for handler in node.handlers:
                pending.extend(handler.body)
        elif isinstance(node, ast.With):
            pending.extend(node.body)


def resolved(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute name of the module a ``from … import`` names."""
    if node.level == 0:
        return node.module or ""
    base = package_of(path).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imported_modules(module: str, path: Path) -> set[str]:
    """The modules of the library that ``module`` imports when it is imported."""
    out: set[str] = set()
    for node in top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            source = resolved(module, path, node)
            names = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in FILES else source
                for alias in node.names
            ]
        out.update(name for name in names if name in FILES and name != module)
    return out


def reach_ins(module: str, path: Path, tree: ast.Module) -> list[str]:
    """The private names ``module`` imports from a package other than its own or one containing
    it, as ``file:line module.name``."""
    found = []
    own = package_of(path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        source = resolved(module, path, node)
        if not source.startswith(TOP):
            continue
        source_path = FILES.get(source)
        source_package = package_of(source_path) if source_path is not None else source
        if own == source_package or own.startswith(source_package + "."):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {source}.{alias.name}")
    return found


def test_no_private_name_imported_across_packages() -> None:
    """No module imports a private name from a package other than its own or one containing it."""
    found = [
        hit
        for module, path in FILES.items()
        for hit in reach_ins(module, path, ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_private_import_check_sees_a_reach_in() -> None:
    """The check tells a reach into a subpackage or a sibling package from the use of a helper
    of one's own package or of a package containing it."""
    source = (
        "from .render.html import _e\n"
        "from ._i18n import _f\n"
        "from .render import render\n"
        "def later():\n"
        "    from .render.text import _wrap\n"
    )
    diff = FILES["gov_disclosure.diff"]
    assert reach_ins("gov_disclosure.diff", diff, ast.parse(source)) == [
        "gov_disclosure/diff.py:1 gov_disclosure.render.html._e",
        "gov_disclosure/diff.py:5 gov_disclosure.render.text._wrap",
    ]
    in_render = FILES["gov_disclosure.render.diff"]
    mine = "from .html import _e\nfrom .. import _i18n\nfrom .._i18n import _f\nfrom . import _metadata\n"
    assert reach_ins("gov_disclosure.render.diff", in_render, ast.parse(mine)) == []
    sibling = "from ..readers.tables import _x\n"
    assert reach_ins("gov_disclosure.render.diff", in_render, ast.parse(sibling)) == [
        "gov_disclosure/render/diff.py:1 gov_disclosure.readers.tables._x"
    ]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the list of its modules (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found is not None:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found is not None:
                return found
    return None


def test_no_import_cycle() -> None:
    """The modules' import-time imports form no cycle (an import inside a function is deferred
    to its call, and one under ``TYPE_CHECKING`` never runs, so neither counts)."""
    graph = {module: imported_modules(module, path) for module, path in FILES.items()}
    assert sum(map(len, graph.values())) > len(graph)  # the graph was read
    assert find_cycle(graph) is None


def test_find_cycle_finds_one() -> None:
    """The cycle search reports a cycle of two and of three modules, and none in a chain."""
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_type_ignores_are_few() -> None:
    """At most ``MAX_TYPE_IGNORES`` ``# type: ignore`` comments in the library's source."""
    pattern = re.compile(r"#\s*type:\s*ignore")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in FILES.values()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert len(found) <= MAX_TYPE_IGNORES, found


# Module sizes. The targets are those of the issues; the constants are what holds today, and only
# go down.
LONG_MODULE = 600
"""A module over this many lines is a long one."""
MAX_LONG_MODULES = 2
MAX_READER_LINES = 500
MAX_CLI_LINES = 600
"""The command line is a front end: argument parsing, calling the library, printing."""


def line_count(path: Path) -> int:
    """The number of lines in ``path``."""
    return len(path.read_text(encoding="utf-8").splitlines())


def test_few_modules_are_long() -> None:
    """At most ``MAX_LONG_MODULES`` modules in ``src/`` have more than ``LONG_MODULE`` lines."""
    long = sorted(name for name, path in FILES.items() if line_count(path) > LONG_MODULE)
    assert len(long) <= MAX_LONG_MODULES, long


def test_reader_modules_are_short() -> None:
    """Every module in ``readers/`` has at most ``MAX_READER_LINES`` lines."""
    long = {
        name: line_count(path)
        for name, path in FILES.items()
        if name.startswith(f"{TOP}.readers.") and line_count(path) > MAX_READER_LINES
    }
    assert not long, long


def test_the_command_line_is_short() -> None:
    """The modules of ``cli/`` have at most ``MAX_CLI_LINES`` lines together."""
    modules = {
        name: line_count(path) for name, path in FILES.items() if name.split(".")[1:2] == ["cli"]
    }
    assert f"{TOP}.cli.commands" in modules  # the package was found
    assert sum(modules.values()) <= MAX_CLI_LINES, modules
