"""Serialization at the edge: JSON and TOML documents ⇄ :class:`AnnualReport`.

Loading is one walk over the document, driven by the statutory layout: each table's data is
read row by row into its tuple of values, every bad place is noted on the way (a value of the
wrong type, an unknown key, a table that is not a table), and the report is built through the
model's constructors, so a loaded report passes the same shape checks as one built in Python.
When anything is wrong, :class:`~gov_disclosure.errors.SchemaError` lists every bad path.

The leaf hooks are strict: a float, a bool or a numeric string where a count belongs is an
error, never converted; unknown keys are errors; amounts in 万元 travel as decimal strings
(``"96171.6"``) and come back as exact ``Decimal``. Writing goes through a private cattrs
converter (:func:`make_converter`, never the global one). Every document carries
``schema_version`` (:data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import reprlib
import sys
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

import attrs
import orjson
import tomli_w
from cattrs.preconf.orjson import OrjsonConverter
from cattrs.preconf.orjson import make_converter as _make_orjson_converter

from ._codegen import compile_function
from ._files import read_regular
from ._i18n import N_, _
from .errors import DecodeError, SchemaError, SchemaIssue, SchemaKind
from .model import TABLE_CLASSES, AnnualReport, decimal_text
from .model.cell import CellTypeError, short_repr
from .model.tables import TableBase
from .statutory import REPORT_YEARS, TABLE_ATTRS, CellKind, Edition, TableSpec, table_spec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "AMOUNT_DIGITS",
    "MAX_COUNT",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "SCHEMA_VERSION",
    "DocumentFormat",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "make_converter",
    "to_dict",
]

SCHEMA_VERSION = 1
"""The version of the document schema this library reads and writes."""

DocumentFormat = Literal["json", "toml"]
"""The document formats a report is read from and written to."""

Format = DocumentFormat
"""The former name of :data:`DocumentFormat` (kept for existing imports)."""

MAX_COUNT = 2**53 - 1
"""The largest count (and the largest whole number anywhere) a document may hold, either sign:
every JSON reader reads whole numbers up to 2⁵³ − 1 exactly (RFC 7493, I-JSON)."""

AMOUNT_DIGITS = (15, 10)
"""An amount in 万元 has at most 15 digits before the decimal point and 10 after."""

_DECIMAL_RE = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,10})?")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_AMOUNT = 10 ** AMOUNT_DIGITS[0] - 1
_MISSING: Any = object()


class _Invalid(ValueError):
    """A value of the wrong shape; its message says what was expected, ``expected`` the kind."""

    def __init__(self, message: str, expected: SchemaKind, value: object) -> None:
        super().__init__(message)
        self.expected: SchemaKind = expected
        self.value = value


def _issue(path: str, exc: _Invalid) -> SchemaIssue:
    return SchemaIssue(path, str(exc), exc.expected, exc.value)


class _TomlFloat(Decimal):
    """A TOML float, kept as the exact Decimal of its text (to say what was written)."""

    __slots__ = ()


# --- strict leaf hooks ---------------------------------------------------------------------

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlong = 40
for _name in ("maxlist", "maxtuple", "maxdict", "maxset"):
    setattr(_REPR, _name, 4)


def _describe(value: object) -> str:
    """What a bad value is, in a few words (never long, whatever its size or depth)."""
    cls = value.__class__
    if cls is str:
        return _("the string {value}").format(value=_REPR.repr(value))
    if cls is _LongNumber:
        return _("the unquoted number {value}").format(value=_number_text(value))
    if cls is bool:
        return _("the boolean {value}").format(value=str(value).lower())
    if cls is float or cls is _TomlFloat:
        return _("the unquoted number {value}").format(value=_number_text(value))
    if isinstance(value, int) and cls is int:
        bits = value.bit_length()
        if bits > 128:  # beyond any count; its digits may be too many to print
            return _("a whole number of about {n} digits").format(n=round(bits * _DIGITS_PER_BIT))
        return _("the number {value}").format(value=value)
    if cls is dict:
        return _("a table (object)")
    if cls is list:
        return _("a list (array)")
    return f"{cls.__name__} {short_repr(value)}"


_DIGITS_PER_BIT = 0.30102999566398120
"""log10(2): an integer of n bits has about 0.30 n decimal digits."""


def _number_text(value: Any) -> str:
    text = repr(value) if value.__class__ is float else str(value)
    if len(text) <= 40:
        return text
    return _("{head}…{tail} ({count} characters)").format(
        head=text[:20], tail=text[-10:], count=len(text)
    )


def _whole(value: Any) -> int | None:
    """The whole number a document value stands for, or None when it is none.

    An integer (never a bool), or a number written with a zero fraction (``12.0``: JSON and
    JSON Schema do not tell them apart) within :data:`MAX_COUNT`, so that it converts exactly.
    """
    cls = value.__class__
    if cls is int:
        whole: int = value
        return whole
    if cls is float:
        if value.is_integer() and -MAX_COUNT <= value <= MAX_COUNT:
            return int(value)
        return None
    if (
        (cls is _TomlFloat or cls is Decimal)
        and value.is_finite()
        and value.adjusted() < 16
        and value == value.to_integral_value()
    ):
        whole = int(value)
        return whole if -MAX_COUNT <= whole <= MAX_COUNT else None
    return None


_WHOLE = N_("a whole number from -{max} to {max}")


def _count(value: Any, _type: Any) -> int | None:
    if value is None:
        return None
    whole = _whole(value)
    if whole is None or not -MAX_COUNT <= whole <= MAX_COUNT:
        raise _Invalid(
            _("expected {whole} or nothing (blank), got {value}").format(
                whole=_(_WHOLE).format(max=MAX_COUNT), value=_describe(value)
            ),
            "count",
            value,
        )
    return whole


def _year(value: Any, _type: Any) -> int:
    whole = _whole(value)
    if whole is not None and whole in REPORT_YEARS:
        return whole
    raise _Invalid(
        _("expected a four-digit year such as 2024, got {value}").format(value=_describe(value)),
        "year",
        value,
    )


def _amount_in_bounds(value: Decimal) -> bool:
    """Whether a Decimal fits the digits of an amount (:data:`AMOUNT_DIGITS`)."""
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent >= -AMOUNT_DIGITS[1] and value.adjusted() < AMOUNT_DIGITS[0]


_AMOUNT = N_(
    'an amount in 10,000 yuan (“万元”): a quoted decimal such as "96171.6" '
    "(up to {before} digits before the point, {after} after) or a whole number"
)


def _amount() -> str:
    return _(_AMOUNT).format(before=AMOUNT_DIGITS[0], after=AMOUNT_DIGITS[1])


def _money(value: Any, _type: Any) -> Decimal | None:
    if value is None:
        return None
    cls = value.__class__
    if cls is str:
        if _DECIMAL_RE.fullmatch(value):
            return Decimal(value)
        raise _Invalid(
            _("expected {amount}, got {value}").format(amount=_amount(), value=_describe(value)),
            "amount",
            value,
        )
    if cls is Decimal:  # from Python: exact, bounded as the text is
        if _amount_in_bounds(value):
            amount: Decimal = value
            return amount
        raise _Invalid(
            _("expected {amount}, got {value}").format(amount=_amount(), value=_describe(value)),
            "amount",
            value,
        )
    whole = _whole(value)
    if whole is not None and -_MAX_AMOUNT <= whole <= _MAX_AMOUNT:
        return Decimal(whole)
    if (cls is float or cls is _TomlFloat) and _DECIMAL_RE.fullmatch(text := _number_text(value)):
        raise _Invalid(
            _(
                "expected {amount}, got {value}: write it in quotes, "
                '"{text}" (an unquoted number with a fraction is a binary float, not exact)'
            ).format(amount=_amount(), value=_describe(value), text=text),
            "amount",
            value,
        )
    raise _Invalid(
        _("expected {amount}, got {value}").format(amount=_amount(), value=_describe(value)),
        "amount",
        value,
    )


def _str(value: Any, _type: Any) -> str:
    if value.__class__ is str:
        if _SURROGATE.search(value) is None:
            return value
        raise _Invalid(_(_LONE_SURROGATE), "text", value)
    raise _Invalid(
        _("expected a string, got {value}").format(value=_describe(value)), "text", value
    )


_LONE_SURROGATE = N_("expected text, found a lone surrogate (not a character: cannot be written)")


def _opt_str(value: Any, _type: Any) -> str | None:
    return None if value is None else _str(value, None)


def _read_paragraphs(value: Any, _type: Any) -> tuple[str, ...]:
    if value.__class__ is not list and value.__class__ is not tuple:
        raise _Invalid(
            _("expected a list of paragraphs (strings), got {value}").format(
                value=_describe(value)
            ),
            "paragraphs",
            value,
        )
    for item in value:
        if item.__class__ is not str:
            raise _Invalid(
                _("expected a list of paragraphs (strings), found {item}").format(
                    item=_describe(item)
                ),
                "paragraphs",
                value,
            )
        if _SURROGATE.search(item) is not None:
            raise _Invalid(_(_LONE_SURROGATE), "paragraphs", value)
    return tuple(value)


def _edition(value: Any, _type: Any) -> Edition:
    if value.__class__ is str and value in _EDITIONS:
        return _EDITIONS[value]
    raise _Invalid(
        _("expected the edition {editions}, got {value}").format(
            editions=_one_of(_EDITIONS), value=_describe(value)
        ),
        "edition",
        value,
    )


_EDITIONS = {e.value: e for e in Edition}


def _one_of(names: Mapping[str, Any]) -> str:
    """``"2019" or "2021"`` (``"a", "b" or "c"`` for three)."""
    quoted = [f'"{name}"' for name in names]
    return " or ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def _date(value: Any, _type: Any) -> datetime.date | None:
    if value is None:
        return None
    if value.__class__ is datetime.date:
        return value
    if value.__class__ is str and _DATE_RE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(
        _('expected a date such as "2025-01-20", got {value}').format(value=_describe(value)),
        "date",
        value,
    )


def _printed(value: Any, _type: Any) -> dict[str, str]:
    if value.__class__ is not dict:
        raise _Invalid(
            _("expected a table of cell paths to printed text, got {value}").format(
                value=_describe(value)
            ),
            "printed",
            value,
        )
    for key, text in value.items():
        if key.__class__ is not str:
            raise _Invalid(
                _("expected cell paths as keys, got {key}").format(key=_describe(key)),
                "printed",
                value,
            )
        if text.__class__ is not str:
            raise _Invalid(
                _("printed text of {key}: expected a string, got {text}").format(
                    key=_REPR.repr(key), text=_describe(text)
                ),
                "printed",
                value,
            )
        if _SURROGATE.search(text) is not None:
            raise _Invalid(
                _("printed text of {key}: {lone_surrogate}").format(
                    key=_REPR.repr(key), lone_surrogate=_(_LONE_SURROGATE)
                ),
                "printed",
                value,
            )
    return dict(value)


# --- loading: one walk over the layout -------------------------------------------------------


class _Node:
    """One object of a table document: its keys in reading order, each a cell or a node.

    ``path`` is the node's place inside the table (``.refused``), used only to name bad places;
    ``getter`` reads all the cells of a row at once (a row of more than one cell).
    """

    __slots__ = ("allowed", "blank", "children", "getter", "path", "width")

    def __init__(self, path: str, children: list[tuple[str, _Node | None]]) -> None:
        self.path = path
        self.children = tuple(children)
        self.allowed = frozenset(name for name, _ in children)
        self.width: int = sum(1 if child is None else child.width for _, child in children)
        self.blank = (None,) * self.width
        leaf = all(child is None for _, child in children)
        names = [name for name, _ in children]
        self.getter = itemgetter(*names) if leaf and len(names) > 1 else None


def _tree(spec: TableSpec) -> _Node:
    """The document shape of a table: nested objects down to its cells, in reading order."""
    shape: dict[str, Any] = {}
    for cell in spec.cells:
        node = shape
        *parents, leaf = cell.path.split(".")
        for name in parents:
            node = node.setdefault(name, {})
        node[leaf] = None

    def build(path: str, node: dict[str, Any]) -> _Node:
        return _Node(
            path,
            [(n, None if c is None else build(f"{path}.{n}", c)) for n, c in node.items()],
        )

    return build("", shape)


def _complete(root: _Node, name: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of a complete table document in reading order, read by code generated once
    for the table's shape: every row present, each object a dict with exactly its keys. Any
    other document raises ``KeyError``, and :func:`_collect` reads it place by place."""
    lines = [f"def {name}(d0):"]
    count = 0

    def read(node: _Node, var: str) -> list[str]:
        nonlocal count
        values: list[str] = []
        for key, child in node.children:
            if child is None:
                values.append(f"{var}[{key!r}]")
                continue
            count += 1
            sub = f"d{count}"
            lines.append(f"    {sub} = {var}[{key!r}]")
            lines.append(
                f"    if {sub}.__class__ is not dict or len({sub}) != {len(child.children)}:"
            )
            lines.append(f"        raise KeyError({key!r})")
            values.extend(read(child, sub))
        return values

    values = read(root, "d0")
    lines.append(f"    return ({', '.join(values)},)")
    source = "\n".join(lines) + "\n"
    reader: Callable[[dict[str, Any]], tuple[Any, ...]] = compile_function(
        name, source, {}, what=f"the reader of a complete {name.removeprefix('read_')} document"
    )
    return reader


def _collect(node: _Node, data: Any, out: list[Any], issues: list[SchemaIssue]) -> None:
    """Append the values under ``data`` (an object of a table document) to ``out`` in reading
    order, a missing key as None; note every bad place in ``issues``."""
    if data.__class__ is not dict:
        message = _("expected a table (object), got {value}").format(value=_describe(data))
        issues.append(SchemaIssue(node.path, message, "table", data))
        out.extend(node.blank)
        return
    if node.getter is not None and len(data) == node.width:
        try:
            out.extend(node.getter(data))
            return
        except KeyError:
            pass  # as many keys as cells, but not the same keys: look closer
    if node.path and not data.keys() <= node.allowed:
        unknown = _("unknown key")
        issues.extend(
            SchemaIssue(f"{node.path}.{k}", unknown, "key", v)
            for k, v in data.items()
            if k not in node.allowed
        )
    get = data.get
    for name, child in node.children:
        value = get(name, _MISSING)
        if child is None:
            out.append(None if value is _MISSING else value)
        elif value is _MISSING:
            out.extend(child.blank)
        elif child.getter is not None and value.__class__ is dict and len(value) == child.width:
            try:  # a complete row, read at once (the common case)
                out.extend(child.getter(value))
            except KeyError:
                _collect(child, value, out, issues)
        else:
            _collect(child, value, out, issues)


class _TableIssues(Exception):
    """Every bad place of a table's data (each path relative to the table: ``.refused.total``)."""

    def __init__(self, issues: list[SchemaIssue]) -> None:
        super().__init__(f"{len(issues)} problems")
        self.issues = issues


class _TableLoader:
    """Loads the data of one table class: collect the values, check them, build the object."""

    def __init__(self, cls: type[TableBase]) -> None:
        spec = cls.spec()
        self.cls = cls
        self.spec = spec
        self.root = _tree(spec)
        self.complete = _complete(self.root, f"read_{cls.__name__}")
        self.allowed = self.root.allowed | {"prose"} | ({"form"} if cls.form is not None else set())
        self.money = tuple(c.index for c in spec.cells if c.kind is CellKind.MONEY)
        self.counts = tuple(c.index for c in spec.cells if c.kind is not CellKind.MONEY)

    def __call__(self, data: dict[str, Any]) -> TableBase:
        issues = (
            []
            if data.keys() <= self.allowed
            else [
                SchemaIssue(f".{key}", _("unknown key"), "key", value)
                for key, value in data.items()
                if key not in self.allowed
            ]
        )
        try:
            values: list[Any] = list(self.complete(data))
        except KeyError:  # a row missing, a key unknown, an object that is not one: look closer
            values = []
            _collect(self.root, data, values, issues)
        cells = self.spec.cells
        for i in self.money:
            try:
                values[i] = _money(values[i], None)
            except _Invalid as exc:
                issues.append(_issue(f".{cells[i].path}", exc))
                values[i] = None
        prose: Any = data.get("prose", ())
        try:
            prose = _read_paragraphs(prose, None)
        except _Invalid as exc:
            issues.append(_issue(".prose", exc))
            prose = ()
        try:  # the model's own shape check finds every value of the wrong type
            table = self.cls.from_values(tuple(values), prose)
        except CellTypeError as exc:
            for i in exc.positions:  # a whole number written 12.0 is 12; anything else is bad
                try:
                    values[i] = _count(values[i], None)
                except _Invalid as bad:
                    issues.append(_issue(f".{cells[i].path}", bad))
                    values[i] = None
            if not issues:
                table = self.cls.from_values(tuple(values), prose)
        if not _in_range(values if not self.money else [values[i] for i in self.counts]):
            for i in self.counts:
                value = values[i]
                if value is not None and not -MAX_COUNT <= value <= MAX_COUNT:
                    issues.append(
                        SchemaIssue(f".{cells[i].path}", _count_message(value), "count", value)
                    )
        if issues:
            raise _TableIssues(issues)
        return table


def _in_range(counts: Sequence[Any]) -> bool:
    """Whether every count stated lies within ±:data:`MAX_COUNT` (the smallest and the
    largest, found at C speed; the blanks left out only when there are some)."""
    try:
        low, high = min(counts, default=0), max(counts, default=0)
    except TypeError:  # a blank among them
        stated = [v for v in counts if v is not None]
        low, high = min(stated, default=0), max(stated, default=0)
    return low >= -MAX_COUNT and high <= MAX_COUNT


def _count_message(value: Any) -> str:
    try:
        _count(value, None)
    except _Invalid as exc:
        return str(exc)
    raise AssertionError(f"{value!r} is a count")  # pragma: no cover - only bad values come here


_LOADERS: dict[tuple[str, Edition | None], _TableLoader] = {
    key: _TableLoader(cls) for key, cls in TABLE_CLASSES.items()
}
_FORMS: dict[str, dict[str, _TableLoader]] = {
    attr: forms
    for key, attr in TABLE_ATTRS.items()
    if (forms := {form.value: f for (k, form), f in _LOADERS.items() if k == key and form})
}
"""For each report attribute of a table that has forms: its loaders by form."""


def _table_hook(key: str) -> Callable[[Any, Any], Any]:
    """The hook of a report attribute holding table ``key``: None, or the table in its form."""
    shared = _LOADERS.get((key, None))
    forms = _FORMS.get(TABLE_ATTRS[key], {})

    def load(value: Any, _type: Any) -> Any:
        if value is None:
            return None
        if value.__class__ is not dict:
            raise _Invalid(
                _("expected a table (object), got {value}").format(value=_describe(value)),
                "table",
                value,
            )
        if shared is not None:
            return shared(value)
        form = value.get("form")
        loader = forms.get(form) if form.__class__ is str else None
        if loader is None:
            raise _Invalid(
                _('expected "form" to be {forms}, got {form}').format(
                    forms=_one_of(forms), form=_describe(form)
                ),
                "form",
                form,
            )
        return loader(value)

    return load


_TYPE_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {
    str: _str,
    int: _year,
    Edition: _edition,
    str | None: _opt_str,
    datetime.date | None: _date,
    tuple[str, ...]: _read_paragraphs,
    Mapping[str, str]: _printed,
}
_TABLE_KEYS = {attr: key for key, attr in TABLE_ATTRS.items()}

_FIELDS: tuple[tuple[str, Callable[[Any, Any], Any], bool], ...] = tuple(
    (
        a.name,
        _table_hook(_TABLE_KEYS[a.name]) if a.name in _TABLE_KEYS else _TYPE_HOOKS[a.type],
        a.default is attrs.NOTHING,
    )
    for a in attrs.fields(AnnualReport)
)
"""Each field of the report: its document key, the hook that reads it, whether it is required."""
_FIELD_NAMES = frozenset(name for name, _, _ in _FIELDS)


def _structure(body: Mapping[str, Any]) -> tuple[AnnualReport | None, list[SchemaIssue]]:
    """The report of a document body (no envelope), or every bad place of it."""
    issues = [
        SchemaIssue(f"$.{key}", _("unknown key"), "key", value)
        for key, value in body.items()
        if key not in _FIELD_NAMES
    ]
    fields: dict[str, Any] = {}
    for name, hook, required in _FIELDS:
        value = body.get(name, _MISSING)
        if value is _MISSING:
            if required:
                issues.append(SchemaIssue(f"$.{name}", _("required key missing"), "required"))
            continue
        try:
            fields[name] = hook(value, None)
        except _Invalid as exc:
            issues.append(_issue(f"$.{name}", exc))
        except _TableIssues as exc:
            issues.extend(attrs.evolve(i, path=f"$.{name}{i.path}") for i in exc.issues)
    if issues:
        return None, issues
    return AnnualReport(**fields), issues


# --- writing ----------------------------------------------------------------------------------


def make_converter() -> OrjsonConverter:
    """Build the library's private converter (cattrs on orjson; the global one is untouched).

    It writes reports as documents (:func:`to_dict` without the envelope) and reads them back
    with the loader of :func:`from_dict` (a bad document raises :class:`SchemaError`).
    """
    conv = _make_orjson_converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_unstructure_hook(Decimal, decimal_text)
    conv.register_unstructure_hook(Edition, lambda e: e.value)
    conv.register_unstructure_hook_func(lambda t: t == tuple[str, ...], list)
    for cls in TABLE_CLASSES.values():
        conv.register_unstructure_hook(cls, _table_unstructure(cls))
    conv.register_structure_hook(AnnualReport, _structure_hook)
    return conv


def _structure_hook(value: Any, _type: Any) -> AnnualReport:
    if value.__class__ is not dict:
        raise SchemaError(
            [
                SchemaIssue(
                    "$",
                    _("expected a table/object, got {value}").format(value=_describe(value)),
                    "document",
                    value,
                )
            ]
        )
    report, issues = _structure(value)
    if report is None:
        raise SchemaError(issues)
    return report


def _table_unstructure(cls: type[TableBase]) -> Callable[[Any], dict[str, Any]]:
    """A table object to its document: nested rows, blank cells left out, amounts as text."""
    plan = [(c.index, c.path.split("."), c.kind is CellKind.MONEY) for c in cls.spec().cells]
    head = {"form": cls.form.value} if cls.form is not None else {}

    def unstructure(table: TableBase) -> dict[str, Any]:
        out: dict[str, Any] = dict(head)
        values = table.values()
        for index, parts, money in plan:
            value = values[index]
            if value is None:
                continue
            node = out
            for part in parts[:-1]:
                node = node.get(part) or node.setdefault(part, {})
            node[parts[-1]] = decimal_text(value) if money and type(value) is Decimal else value
        if table.prose:
            out["prose"] = list(table.prose)
        return out

    return unstructure


_CONVERTER = make_converter()


# --- documents ---------------------------------------------------------------------------


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """The document of ``report`` as plain data (JSON types, amounts as strings)."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(_CONVERTER.unstructure(report, AnnualReport))
    if report.published is not None:
        data["published"] = report.published.isoformat()
    return data


def _prepare(data: Any) -> tuple[dict[str, Any], list[SchemaIssue]]:
    """Check the envelope (schema_version) and the printed keys; let tables default their form
    to the edition. Printed keys that name no cell are reported here and left out of the body."""
    issues: list[SchemaIssue] = []
    if data.__class__ is not dict:
        message = _("expected a table/object at the top, got {value}")
        return {}, [SchemaIssue("$", message.format(value=_describe(data)), "document", data)]
    body = dict(data)
    version = body.pop("schema_version", _MISSING)
    if version is _MISSING:
        issues.append(
            SchemaIssue(
                "$.schema_version",
                _("missing; expected {version}").format(version=SCHEMA_VERSION),
                "required",
            )
        )
    elif _whole(version) != SCHEMA_VERSION:
        issues.append(
            SchemaIssue(
                "$.schema_version",
                _("expected {version} (this library's schema), got {value}").format(
                    version=SCHEMA_VERSION, value=_describe(version)
                ),
                "schema_version",
                version,
            )
        )
    edition = body.get("edition")
    printed = body.get("printed")
    if printed.__class__ is dict and printed:
        unknown = [key for key in printed if not _names_a_cell(body, key)]
        issues.extend(
            SchemaIssue(
                "$.printed",
                _("{key} is not a cell of the tables this document holds").format(
                    key=_REPR.repr(key)
                ),
                "printed",
                key,
            )
            for key in unknown
        )
        if unknown:
            body["printed"] = {k: v for k, v in printed.items() if k not in unknown}
    for attr in _FORMS:
        table = body.get(attr)
        if (
            table.__class__ is dict
            and "form" not in table
            and edition.__class__ is str
            and edition in _EDITIONS
        ):
            body[attr] = {"form": edition, **table}
    return body, issues


def _names_a_cell(body: Mapping[str, Any], key: Any) -> bool:
    """Whether a printed key names a cell of the document's tables (in their forms as given)."""
    attr, _dot, rest = str(key).partition(".")
    table = body.get(attr) if attr in _TABLE_KEYS else None
    if table.__class__ is not dict:
        return False
    form = table.get("form", body.get("edition"))
    if form.__class__ is not str or form not in _EDITIONS:
        return False
    try:
        return rest in table_spec(_TABLE_KEYS[attr], form).by_path
    except KeyError:
        return False


def from_dict(data: Any, *, file: str | None = None) -> AnnualReport:
    """Structure a document (as parsed from JSON/TOML) into a report.

    Raises :class:`SchemaError` listing every bad path.
    """
    body, issues = _prepare(data)
    report, more = _structure(body)
    if report is not None and not issues:
        return report
    raise SchemaError([*issues, *more], file=file)


_BOM = b"\xef\xbb\xbf"


def _loads_json(text: str | bytes, file: str | None) -> Any:
    if isinstance(text, bytes):
        text = text.removeprefix(_BOM)
    else:
        _check_text(text, file)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if isinstance(text, bytes):
            _decode(text, file)  # not UTF-8 at all: say so, with the line
        if exc.msg.startswith("number is infinity"):
            return _loads_json_numbers(text, file)
        raise DecodeError(
            _("not valid JSON: {msg}").format(msg=_(exc.msg)),
            file=file,
            line=exc.lineno,
            column=exc.colno,
        ) from None


class _LongNumber(str):
    """A JSON number too long to read as a number (its text), for the schema check to name."""

    __slots__ = ()


def _long_int(text: str) -> int | _LongNumber:
    return int(text) if len(text) <= 40 else _LongNumber(text)


def _long_float(text: str) -> float | _LongNumber:
    value = float(text)
    return value if len(text) <= 40 and math.isfinite(value) else _LongNumber(text)


def _loads_json_numbers(text: str | bytes, file: str | None) -> Any:
    """JSON holding a number beyond a double (``1e400``, 400 digits), read by the standard
    library with every number kept as its text where it is too long to be a count: the schema
    check then names its path."""

    def constant(name: str) -> Any:  # NaN, Infinity: not JSON, as orjson says elsewhere
        raise DecodeError(
            _("not valid JSON: {name} is not a JSON value").format(name=name), file=file
        )

    try:
        return json.loads(
            text, parse_int=_long_int, parse_float=_long_float, parse_constant=constant
        )
    except RecursionError:
        raise DecodeError(_("not a report document: values nested too deeply"), file=file) from None
    except json.JSONDecodeError as exc:  # malformed after the number orjson stopped at
        raise DecodeError(
            _("not valid JSON: {msg}").format(msg=_(exc.msg)),
            file=file,
            line=exc.lineno,
            column=exc.colno,
        ) from None


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _check_text(text: str, file: str | None) -> None:
    """Refuse text holding a lone surrogate (a ``str`` that is no Unicode text)."""
    found = _SURROGATE.search(text)
    if found is not None:
        line, column = _position(text, found.start())
        raise DecodeError(
            _("not Unicode text: a lone surrogate"), file=file, line=line, column=column
        )


def _position(text: str, index: int) -> tuple[int, int]:
    """The line and column (both from 1) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_PARSER_REASONS = (
    N_("Invalid value"),
    N_("Invalid statement"),
    N_("Cannot overwrite a value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected newline or end of document after a statement"),
    N_("Unterminated string"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Invalid initial character for a key part"),
    N_("unexpected end of data"),
    N_("unexpected character, expected a JSON value"),
    N_("trailing comma is not allowed"),
    N_("unexpected character, expected ':' after key"),
    N_("unexpected content after document"),
    N_("Input is a zero-length, empty document"),
    N_("unexpected character, expected a string key"),
    N_("unexpected character, expected ',' or ']'"),
    N_("unexpected character, expected ',' or '}'"),
)
"""The most common reasons the TOML and JSON parsers give (in English), translated where shown."""

_INT_DIGITS: int = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
"""Python's limit on the digits of an integer read from text (3.10.7+; 4300 by default)."""
_LONG_INTEGER = re.compile(rf"[0-9][0-9_]{{{_INT_DIGITS},}}")


MAX_DEPTH = 64
"""Arrays and tables nested deeper than this in a TOML document are refused with their line:
a report document nests five deep at most."""

_TOML_TOKEN = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[{]|[\]}]'
)


def _deep_position(text: str) -> tuple[int | None, int | None]:
    """The line and column where TOML text nests arrays/tables more than :data:`MAX_DEPTH`
    deep (strings and comments skipped), or (None, None)."""
    depth = 0
    for token in _TOML_TOKEN.finditer(text):
        mark = token.group()
        if mark in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return _position(text, token.start())
        elif mark in ("]", "}"):
            depth = max(0, depth - 1)
    return None, None


def _too_deep(file: str | None, position: tuple[int | None, int | None]) -> DecodeError:
    line, column = position
    return DecodeError(
        _("not a report document: arrays or tables nested more than {depth} deep").format(
            depth=MAX_DEPTH
        ),
        file=file,
        line=line,
        column=column,
    )


def _loads_toml(text: str, file: str | None) -> Any:
    _check_text(text, file)
    if text.count("[") + text.count("{") > MAX_DEPTH:  # else it cannot nest that deep
        position = _deep_position(text)
        if position[0] is not None:
            raise _too_deep(file, position)
    try:
        return tomllib.loads(text, parse_float=_TomlFloat)
    except RecursionError:  # pragma: no cover - refused above; kept should the scan miss one
        raise _too_deep(file, _deep_position(text)) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        if match is None and "end of document" in message:
            line = text.count("\n") + 1
        reason = _(_TOML_POS.sub("", message).replace("(at end of document)", "").strip())
        raise DecodeError(
            _("not valid TOML: {reason}").format(reason=reason), file=file, line=line, column=column
        ) from None
    except ValueError:  # an integer too long for int() (Python's limit on digits)
        data = _loads_toml_numbers(text)
        if data is not None:
            return data
        found = _LONG_INTEGER.search(text)
        line, column = _position(text, found.start()) if found else (None, None)
        raise DecodeError(
            _("not a report document: a number of more than {int_digits} digits").format(
                int_digits=_INT_DIGITS
            ),
            file=file,
            line=line,
            column=column,
        ) from None


_LONG_TOML_VALUE = re.compile(rf"([=\[,{{]\s*[+-]?)([0-9][0-9_]{{{_INT_DIGITS - 1},}})")
"""A TOML integer value of more digits than Python reads (after ``=``, ``[``, ``,`` or ``{``)."""


def _loads_toml_numbers(text: str) -> Any:
    """TOML holding integers too long to read, read with each one as its text (a
    :class:`_LongNumber`), so that the schema check names its path; None when that fails.

    Each long integer is swapped for a float literal that no document holds, which the float
    hook turns back into the integer's text."""
    longs: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        marker = f"7.{len(longs) + 1}e-777777"
        longs[marker] = match.group(2)
        return match.group(1) + marker

    def number(literal: str) -> Any:
        sign = literal[0] if literal[0] in "+-" else ""
        digits = longs.get(literal.removeprefix(sign))
        return _TomlFloat(literal) if digits is None else _LongNumber(sign + digits)

    try:
        return tomllib.loads(_LONG_TOML_VALUE.sub(swap, text), parse_float=number)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None


def loads(text: str | bytes, format: Format = "json", *, file: str | None = None) -> AnnualReport:
    """Read a report from JSON or TOML text. ``file`` only names the source in errors."""
    if format == "json":
        data = _loads_json(text, file)
    elif format == "toml":
        if isinstance(text, bytes):
            text = _decode(text, file)
        data = _loads_toml(text, file)
    else:
        raise ValueError(f"unknown format {format!r}: expected 'json' or 'toml'")
    return from_dict(data, file=file)


def _decode(raw: bytes, file: str | None) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DecodeError(_("not UTF-8 text"), file=file, line=line, not_utf8=True) from None


DOCUMENT_SUFFIXES: Mapping[str, DocumentFormat] = {".json": "json", ".toml": "toml"}
"""The suffixes of report documents and their formats."""


def format_of(path: str | Path) -> DocumentFormat:
    """The document format a file name implies (``.json`` or ``.toml``)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in DOCUMENT_SUFFIXES:
        return DOCUMENT_SUFFIXES[suffix]
    raise ValueError(
        f"{path}: cannot tell the format from the suffix {suffix!r} (use .json or .toml)"
    )


MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
"""The largest document :func:`load` reads (16 MiB; a report document is a few dozen KiB)."""


def load(path: str | Path, format: DocumentFormat | None = None) -> AnnualReport:
    """Read a report from a ``.json`` or ``.toml`` file (``format`` overrides the suffix; any
    other value raises ``ValueError``).

    Only a regular file is read (a symbolic link to one is followed), of at most
    :data:`MAX_DOCUMENT_BYTES`: a device, a named pipe or a larger file raises
    :class:`~gov_disclosure.DecodeError`; a file that cannot be opened raises ``OSError``."""
    fmt = format or format_of(path)
    if fmt not in ("json", "toml"):
        raise ValueError(f"unknown format {fmt!r}: expected 'json' or 'toml'")
    name = str(path)
    raw = read_regular(path, MAX_DOCUMENT_BYTES, lambda why: DecodeError(why, file=name))
    if fmt == "json":
        return loads(raw, "json", file=name)
    return loads(_decode(raw, name), "toml", file=name)


def dumps(report: AnnualReport, format: Format = "json") -> str:
    """The report as a JSON (indented, UTF-8, keys in schema order) or TOML document."""
    data = to_dict(report)
    if format == "json":
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    if format == "toml":
        if report.published is not None:
            data["published"] = report.published
        return tomli_w.dumps(data)
    raise ValueError(f"unknown format {format!r}: expected 'json' or 'toml'")


def dump(report: AnnualReport, path: str | Path, format: DocumentFormat | None = None) -> None:
    """Write the report to a ``.json`` or ``.toml`` file (UTF-8)."""
    Path(path).write_text(dumps(report, format or format_of(path)), encoding="utf-8")
