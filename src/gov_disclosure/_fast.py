"""Generated structure functions for the hot path of loading (JSON/TOML data → model).

Auditing a national corpus means loading hundreds of thousands of reports, and most of the
time of a load goes into building the ~35 small objects of one report. The functions here are
generated per model class (the way attrs generates ``__init__``): one line per field, every
count of a row checked in one pass over the row's values, and the objects built directly —
the checks the classes' ``__init__`` would repeat have already been made on the data.

They accept exactly what the detailed (cattrs) converter accepts. When they meet anything
unexpected they raise, and :func:`gov_disclosure.serialize.from_dict` structures the document
again with the detailed converter to say what and where; so these functions only need to be
right about *whether* data is valid, never to explain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import Any

import attrs

from .model import (
    AnnualReport,
    ApplicantCounts,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    ItemCounts,
    Outcomes,
)

__all__ = ["Invalid", "structure_functions"]

ROW_CLASSES: tuple[type[Any], ...] = (
    ApplicantCounts,
    DocumentCounts2019,
    DocumentCounts2021,
    FeeItems,
    ItemCounts,
    Outcomes,
)
"""Classes whose every field is a count cell (``int`` or None)."""

_CELL_TYPES = frozenset({int, type(None)})
_MISSING = object()


class Invalid(ValueError):
    """The fast path met data it does not accept (the detailed pass explains it)."""


def _compile(name: str, lines: list[str], namespace: dict[str, Any]) -> Any:
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<gov_disclosure fast {name}>", "exec"), namespace)
    return namespace[name]


def _row_values(cls: type[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """A function from a row's data (a dict of cells, blanks absent) to its values in order."""
    names = tuple(a.name for a in attrs.fields(cls))
    getter = itemgetter(*names)
    lines = [
        "def values(r):",
        "    if r.__class__ is not dict: raise Invalid('expected a table of cells')",
        f"    if len(r) == {len(names)}:",
        "        try:",
        "            return getter(r)",
        "        except KeyError:",
        "            raise Invalid('unknown keys') from None",
        "    if not r.keys() <= allowed: raise Invalid('unknown keys')",
        "    return tuple(map(r.get, names))",
    ]
    namespace = {"Invalid": Invalid, "getter": getter, "allowed": frozenset(names), "names": names}
    return _compile("values", lines, namespace)  # type: ignore[no-any-return]


def _row_maker(cls: type[Any]) -> Callable[[tuple[Any, ...]], Any]:
    """A function building a row object from checked values, without re-checking them."""
    names = [a.name for a in attrs.fields(cls)]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = ["def make(k):", "    o = new(cls)"]
    for i, name in enumerate(names):
        namespace[f"s{i}"] = cls.__dict__[name].__set__
        lines.append(f"    s{i}(o, k[{i}])")
    lines.append("    return o")
    return _compile("make", lines, namespace)  # type: ignore[no-any-return]


def _default(a: attrs.Attribute[Any]) -> Any:
    factory = getattr(a.default, "factory", None)
    return factory() if factory is not None else a.default


def _class_function(
    cls: type[Any], hook: Callable[[type[Any]], Callable[[Any, Any], Any]], *, tagged: bool
) -> Callable[[Any, Any], Any]:
    """The structure function of a model class built from its fields.

    Row fields are read as value tuples, checked together in one pass, and built directly;
    other fields go through ``hook(field type)``. Defaults are immutable, so a missing field
    takes one shared default instance.
    """
    fields = attrs.fields(cls)
    allowed = {a.name for a in fields} | ({"form"} if tagged else set())
    direct = cls is not AnnualReport  # the report keeps its __init__: converters and key checks
    namespace: dict[str, Any] = {
        "cls": cls,
        "Invalid": Invalid,
        "M": _MISSING,
        "allowed": frozenset(allowed),
        "cell_types": _CELL_TYPES,
        "new": object.__new__,
    }
    lines = [
        "def structure(d, _):",
        "    if d.__class__ is not dict: raise Invalid('expected a table')",
        "    if not d.keys() <= allowed: raise Invalid('unknown keys')",
        "    get = d.get",
    ]
    rows: list[int] = []
    for i, a in enumerate(fields):
        lines.append(f"    v = get({a.name!r}, M)")
        required = a.default is attrs.NOTHING
        if required:
            lines.append(f"    if v is M: raise Invalid('missing {a.name}')")
        if a.type in ROW_CLASSES:
            rows.append(i)
            blank = _default(a)
            namespace[f"rv{i}"] = _row_values(a.type)
            namespace[f"mk{i}"] = _row_maker(a.type)
            namespace[f"d{i}"] = blank
            namespace[f"b{i}"] = tuple(getattr(blank, f.name) for f in attrs.fields(a.type))
            zeros = tuple(0 for _ in attrs.fields(a.type))
            namespace[f"z{i}"] = zeros
            namespace[f"zr{i}"] = namespace[f"mk{i}"](zeros)
            lines.append(f"    k{i} = b{i} if v is M else rv{i}(v)")
        else:
            namespace[f"h{i}"] = hook(a.type)
            namespace[f"t{i}"] = a.type
            if required:
                lines.append(f"    a{i} = h{i}(v, t{i})")
            else:
                namespace[f"d{i}"] = _default(a)
                lines.append(f"    a{i} = d{i} if v is M else h{i}(v, t{i})")
    if rows:
        joined = " + ".join(f"k{i}" for i in rows)
        lines.append(
            f"    if not set(map(type, {joined})) <= cell_types: raise Invalid('not a count')"
        )
        # Rows are immutable: a blank or all-zero row (most rows of most reports) is shared.
        for i in rows:
            lines.append(
                f"    a{i} = d{i} if k{i} is b{i} or k{i} == b{i} else "
                f"zr{i} if k{i} == z{i} else mk{i}(k{i})"
            )
    if direct:
        lines.append("    o = new(cls)")
        for i, a in enumerate(fields):
            namespace[f"s{i}"] = cls.__dict__[a.name].__set__
            lines.append(f"    s{i}(o, a{i})")
        lines.append("    return o")
    else:
        args = ", ".join(f"{a.name}=a{i}" for i, a in enumerate(fields))
        lines.append(f"    return cls({args})")
    return _compile("structure", lines, namespace)  # type: ignore[no-any-return]


def structure_functions(
    classes: Mapping[type[Any], bool], hook: Callable[[type[Any]], Callable[[Any, Any], Any]]
) -> dict[type[Any], Callable[[Any, Any], Any]]:
    """Generate the structure function of each class (value: whether it carries a ``form``
    tag); ``hook`` gives the function of any other field type (looked up when generating)."""
    return {cls: _class_function(cls, hook, tagged=tagged) for cls, tagged in classes.items()}
