"""Generated structure functions for the hot path of loading (JSON/TOML data → model).

Auditing a national corpus means loading hundreds of thousands of reports. The functions here
are generated from the statutory layout (the way attrs generates ``__init__``): a table's data
is read row by row straight into its tuple of cells, the counts are checked in one pass over
the tuple, and the table object is built directly — the checks its ``__init__`` would repeat
have just been made on the data.

They accept exactly what the detailed converter accepts. When they meet anything unexpected
they raise, and :func:`gov_disclosure.serialize.from_dict` structures the document again with
the detailed converter to say what and where; so these functions only need to be right about
*whether* data is valid, never to explain.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from operator import itemgetter
from typing import Any

import attrs

from .statutory import CellKind, CellSpec, TableSpec

__all__ = ["Invalid", "report_function", "table_function", "tree"]

_CELL_TYPES = frozenset({int, type(None)})
_MISSING = object()

Tree = dict[str, "Tree | CellSpec"]


class Invalid(ValueError):
    """The fast path met data it does not accept (the detailed pass explains it)."""


def tree(spec: TableSpec) -> Tree:
    """The document shape of a table: nested names down to its cells, in reading order."""
    root: Tree = {}
    for cell in spec.cells:
        node = root
        *parents, leaf = cell.path.split(".")
        for name in parents:
            child = node.setdefault(name, {})
            assert isinstance(child, dict)
            node = child
        node[leaf] = cell
    return root


class _Generator:
    """Writes the source of one table's structure function, one helper per nested table."""

    def __init__(self, money: Callable[[Any, Any], Any]) -> None:
        self.namespace: dict[str, Any] = {
            "Invalid": Invalid,
            "M": _MISSING,
            "money": money,
            "cell_types": _CELL_TYPES,
            "new": object.__new__,
        }
        self.functions: list[str] = []
        self.count = 0

    def _name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def node(self, node: Tree) -> str:
        """Generate a function from the data of ``node`` (a dict) to its cells (a tuple)."""
        name = self._name("node")
        names = list(node)
        allowed = self._name("allowed")
        self.namespace[allowed] = frozenset(names)
        leaves = all(isinstance(child, CellSpec) for child in node.values())
        lines = [
            f"def {name}(r):",
            "    if r.__class__ is not dict: raise Invalid('expected a table')",
        ]
        if leaves:
            getter = self._name("getter")
            self.namespace[getter] = itemgetter(*names) if len(names) > 1 else None
            if len(names) > 1:
                lines += [
                    f"    if len(r) == {len(names)}:",
                    "        try:",
                    f"            t = {getter}(r)",
                    "        except KeyError:",
                    "            raise Invalid('unknown keys') from None",
                    "    else:",
                    f"        if not r.keys() <= {allowed}: raise Invalid('unknown keys')",
                    f"        t = ({', '.join(f'r.get({n!r})' for n in names)},)",
                ]
            else:
                lines += [
                    f"    if not r.keys() <= {allowed}: raise Invalid('unknown keys')",
                    f"    t = (r.get({names[0]!r}),)",
                ]
            money = [i for i, c in enumerate(node.values()) if self._is_money(c)]
            if money:
                parts = [
                    f"money(t[{i}], None)" if i in money else f"t[{i}]" for i in range(len(names))
                ]
                lines.append(f"    t = ({', '.join(parts)},)")
            lines.append("    return t")
        else:
            lines.append(f"    if not r.keys() <= {allowed}: raise Invalid('unknown keys')")
            lines += self.children(node, "r")
        self.functions.append("\n".join(lines))
        return name

    def children(self, node: Tree, var: str) -> list[str]:
        """Lines reading every child of ``node`` from dict ``var`` into ``t`` (a tuple)."""
        lines = [f"    get = {var}.get"]
        pieces = []
        for i, (name, child) in enumerate(node.items()):
            lines.append(f"    v = get({name!r}, M)")
            if isinstance(child, CellSpec):
                value = "money(v, None)" if self._is_money(child) else "v"
                lines.append(f"    c{i} = (None,) if v is M else ({value},)")
            else:
                blank = self._name("blank")
                self.namespace[blank] = (None,) * _count_cells(child)
                lines.append(f"    c{i} = {blank} if v is M else {self.node(child)}(v)")
            pieces.append(f"c{i}")
        lines.append(f"    t = {' + '.join(pieces)}")
        if var == "r":
            lines.append("    return t")
        return lines

    @staticmethod
    def _is_money(child: Tree | CellSpec) -> bool:
        return isinstance(child, CellSpec) and child.kind is CellKind.MONEY


def _count_cells(node: Tree) -> int:
    return sum(1 if isinstance(c, CellSpec) else _count_cells(c) for c in node.values())


def table_function(
    cls: type[Any],
    spec: TableSpec,
    money: Callable[[Any, Any], Any],
    paragraphs: Callable[[Any, Any], Any],
    *,
    tagged: bool,
) -> Callable[[Any, Any], Any]:
    """The structure function of a table class: its data (a dict; ``form`` allowed when the
    table is ``tagged``, i.e. has a form) to an object."""
    gen = _Generator(money)
    shape = tree(spec)
    counts = [c.index for c in spec.cells if c.kind is not CellKind.MONEY]
    gen.namespace.update(
        cls=cls,
        paragraphs=paragraphs,
        allowed_top=frozenset({*shape, "prose", *(("form",) if tagged else ())}),
        counts=itemgetter(*counts),
        set_cells=inspect.getattr_static(cls, "cells").__set__,
        set_prose=inspect.getattr_static(cls, "prose").__set__,
    )
    lines = [
        "def structure(d, _):",
        "    if d.__class__ is not dict: raise Invalid('expected a table')",
        "    if not d.keys() <= allowed_top: raise Invalid('unknown keys')",
        *gen.children(shape, "d"),
    ]
    check = "t" if len(counts) == len(spec.cells) else "counts(t)"
    lines += [
        f"    if not set(map(type, {check})) <= cell_types: raise Invalid('not a count')",
        "    p = get('prose', M)",
        "    o = new(cls)",
        "    set_cells(o, t)",
        "    set_prose(o, () if p is M else paragraphs(p, None))",
        "    return o",
    ]
    source = "\n\n".join([*gen.functions, "\n".join(lines)]) + "\n"
    exec(compile(source, f"<gov_disclosure fast {cls.__name__}>", "exec"), gen.namespace)
    return gen.namespace["structure"]  # type: ignore[no-any-return]


def report_function(
    cls: type[Any], hook: Callable[[Any], Callable[[Any, Any], Any]]
) -> Callable[[Any, Any], Any]:
    """The structure function of the report class: one line per field.

    The field hooks return values of exactly the field types, so the report is built directly;
    a report with printed text goes through ``__init__``, which checks that every printed key
    names a cell of the report's tables.
    """
    fields = attrs.fields(cls)
    namespace: dict[str, Any] = {
        "cls": cls,
        "Invalid": Invalid,
        "M": _MISSING,
        "new": object.__new__,
        "allowed": frozenset(a.name for a in fields),
    }
    lines = [
        "def structure(d, _):",
        "    if d.__class__ is not dict: raise Invalid('expected a table')",
        "    if not d.keys() <= allowed: raise Invalid('unknown keys')",
        "    get = d.get",
    ]
    for i, a in enumerate(fields):
        namespace[f"h{i}"] = hook(a.type)
        namespace[f"t{i}"] = a.type
        namespace[f"s{i}"] = inspect.getattr_static(cls, a.name).__set__
        lines.append(f"    v = get({a.name!r}, M)")
        if a.default is attrs.NOTHING:
            lines.append(f"    if v is M: raise Invalid('missing {a.name}')")
            lines.append(f"    a{i} = h{i}(v, t{i})")
        else:
            factory = getattr(a.default, "factory", None)
            namespace[f"d{i}"] = factory() if factory is not None else a.default
            lines.append(f"    a{i} = d{i} if v is M else h{i}(v, t{i})")
    names = [a.name for a in fields]
    printed = names.index("printed")
    lines.append(f"    if a{printed}:")
    lines.append(f"        return cls({', '.join(f'{n}=a{i}' for i, n in enumerate(names))})")
    lines.append("    o = new(cls)")
    lines += [f"    s{i}(o, a{i})" for i in range(len(fields))]
    lines.append("    return o")
    exec(
        compile("\n".join(lines) + "\n", f"<gov_disclosure fast {cls.__name__}>", "exec"), namespace
    )
    return namespace["structure"]  # type: ignore[no-any-return]
