"""Serialization at the edge: JSON and TOML documents ⇄ :class:`AnnualReport`.

A private cattrs converter (never the global one) does the work, built by
:func:`make_converter` on ``cattrs.preconf.orjson``. Its hooks are strict: a float, a bool or
a numeric string where a count belongs is an error, never converted; unknown keys are errors;
amounts in 万元 travel as decimal strings (``"96171.6"``) and come back as exact ``Decimal``.

Loading takes a fast path first (structure functions generated from the layout, in
``_fast``); only when that fails is the document structured again with detailed validation
(cattrs for the report's own fields, a walk of the layout for its tables), so that the
:class:`~gov_disclosure.errors.SchemaError` lists every bad path, not just the first.

Every document carries ``schema_version`` (:data:`SCHEMA_VERSION`).
"""

from __future__ import annotations

import datetime
import os
import re
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import orjson
import tomli_w
from cattrs import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.orjson import OrjsonConverter
from cattrs.preconf.orjson import make_converter as _make_orjson_converter

from ._fast import report_function, table_function, tree
from .errors import DecodeError, SchemaError, SchemaIssue
from .model import (
    AnnualReport,
    Applications2019,
    Applications2021,
    Proactive2019,
    Proactive2021,
    Reviews,
)
from .statutory import TABLE_ATTRS, CellKind, CellSpec, Edition, table_spec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "SCHEMA_VERSION",
    "Format",
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

Format = Literal["json", "toml"]

_DECIMAL_RE = re.compile(r"-?\d+(\.\d+)?")

_TABLE_UNIONS: dict[str, dict[str, type[Any]]] = {
    "proactive": {"2019": Proactive2019, "2021": Proactive2021},
    "applications": {"2019": Applications2019, "2021": Applications2021},
}


class _Invalid(ValueError):
    """A value of the wrong shape; its message says what was expected."""


# --- strict leaf hooks ---------------------------------------------------------------------


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float):
        return f"the float {value!r}"
    return f"{type(value).__name__} {value!r}"


def _count(value: Any, _: Any) -> int | None:
    if value is None or value.__class__ is int:
        return value
    raise _Invalid(f"expected a whole number or nothing (blank), got {_describe(value)}")


def _year(value: Any, _: Any) -> int:
    if value.__class__ is int and 1000 <= value <= 9999:
        return value
    raise _Invalid(f"expected a four-digit year such as 2024, got {_describe(value)}")


def _money(value: Any, _: Any) -> Decimal | None:
    if value is None:
        return None
    cls = value.__class__
    if cls is str:
        if _DECIMAL_RE.fullmatch(value):
            return Decimal(value)
        raise _Invalid(
            f'expected a decimal amount in 万元 such as "96171.6", got {_describe(value)}'
        )
    if cls is int:
        return Decimal(value)
    if cls is Decimal and value.is_finite():
        return value  # type: ignore[no-any-return]
    raise _Invalid(
        f'expected a decimal amount in 万元 written as a string such as "96171.6", '
        f"got {_describe(value)}"
    )


def _decimal_text(value: Decimal) -> str:
    """A decimal in plain notation (``1E+3`` → ``1000``), as the loader reads it back."""
    return format(value, "f")


def _str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    raise _Invalid(f"expected a string, got {_describe(value)}")


def _opt_str(value: Any, _: Any) -> str | None:
    return None if value is None else _str(value, None)


def _paragraphs(value: Any, _: Any) -> tuple[str, ...]:
    if value.__class__ is not list and value.__class__ is not tuple:
        raise _Invalid(f"expected a list of paragraphs (strings), got {_describe(value)}")
    for item in value:
        if item.__class__ is not str:
            raise _Invalid(f"expected a list of paragraphs (strings), found {_describe(item)}")
    return tuple(value)


def _edition(value: Any, _: Any) -> Edition:
    if value.__class__ is str and value in _EDITIONS:
        return _EDITIONS[value]
    raise _Invalid(f'expected the edition "2019" or "2021", got {_describe(value)}')


_EDITIONS = {e.value: e for e in Edition}
_Missing = object()


def _date(value: Any, _: Any) -> datetime.date | None:
    if value is None:
        return None
    if value.__class__ is datetime.date:
        return value
    if value.__class__ is str:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(f'expected a date such as "2025-01-20", got {_describe(value)}')


def _printed(value: Any, _: Any) -> dict[str, str]:
    if value.__class__ is not dict:
        raise _Invalid(f"expected a table of cell paths to printed text, got {_describe(value)}")
    for key, text in value.items():
        if text.__class__ is not str:
            raise _Invalid(f"printed text of {key!r}: expected a string, got {_describe(text)}")
    return dict(value)


# --- converter ---------------------------------------------------------------------------


def make_converter(*, detailed: bool = False) -> OrjsonConverter:
    """Build the library's private converter.

    ``detailed=False`` gives the fast converter used first; ``detailed=True`` one whose errors
    carry the path of every bad value (used to explain a failure).
    """
    conv = _make_orjson_converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed
    )
    conv.register_structure_hook(int, _year)  # the only plain int of the model is the year
    conv.register_structure_hook(int | None, _count)
    conv.register_structure_hook(Decimal | None, _money)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(str | None, _opt_str)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _paragraphs)
    conv.register_structure_hook(Edition, _edition)
    conv.register_structure_hook(datetime.date | None, _date)
    conv.register_structure_hook_func(lambda t: t == Mapping[str, str], _printed)
    conv.register_unstructure_hook(Decimal, _decimal_text)
    conv.register_unstructure_hook(Edition, lambda e: e.value)
    conv.register_unstructure_hook_func(lambda t: t == tuple[str, ...], list)

    for cls in _TABLE_CLASSES:
        conv.register_unstructure_hook(cls, _table_unstructure(cls))
    if not detailed:
        _register_fast(conv)
        return conv

    conv.register_structure_hook_factory(attrs.has, _checked_class_hook)
    for cls in _TABLE_CLASSES:
        conv.register_structure_hook(cls, _explaining_table(cls))
    for attr, variants in _TABLE_UNIONS.items():
        union: Any = variants["2019"] | variants["2021"] | None
        conv.register_structure_hook_func(_equals(union), _union_structure(conv, attr, variants))
    return conv


_TABLE_CLASSES: tuple[type[Any], ...] = (
    Proactive2019,
    Proactive2021,
    Applications2019,
    Applications2021,
    Reviews,
)


def _fast_table(cls: type[Any]) -> Callable[[Any, Any], Any]:
    return table_function(cls, cls.spec(), _money, _paragraphs, tagged=cls.form is not None)


def _register_fast(conv: OrjsonConverter) -> None:
    """Register the generated structure functions of the fast converter (see ``_fast``)."""
    conv.register_structure_hook(Reviews, _fast_table(Reviews))
    for variants in _TABLE_UNIONS.values():
        by_form = {form: _fast_table(cls) for form, cls in variants.items()}
        for form, cls in variants.items():
            conv.register_structure_hook(cls, by_form[form])
        union: Any = variants["2019"] | variants["2021"] | None
        conv.register_structure_hook_func(_equals(union), _fast_union(by_form))
    conv.register_structure_hook(
        AnnualReport, report_function(AnnualReport, conv.get_structure_hook)
    )


def _table_unstructure(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """A table object to its document: nested rows, blank cells left out, amounts as text."""
    plan = [(c.index, c.path.split("."), c.kind is CellKind.MONEY) for c in cls.spec().cells]
    head = {"form": cls.form.value} if cls.form is not None else {}

    def unstructure(table: Any) -> dict[str, Any]:
        out: dict[str, Any] = dict(head)
        cells = table.cells
        for index, parts, money in plan:
            value = cells[index]
            if value is None:
                continue
            node = out
            for part in parts[:-1]:
                node = node.get(part) or node.setdefault(part, {})
            node[parts[-1]] = _decimal_text(value) if money else value
        if table.prose:
            out["prose"] = list(table.prose)
        return out

    return unstructure


class _TableIssues(Exception):
    """Every bad place of a table's data, as (path inside the table, what was expected)."""

    def __init__(self, issues: list[tuple[str, str]]) -> None:
        super().__init__(f"{len(issues)} problems")
        self.issues = issues


def _explaining_table(cls: type[Any]) -> Callable[[Any, Any], Any]:
    """The detailed structure hook of a table: walk its data and list every bad place."""
    shape = tree(cls.spec())
    tagged = cls.form is not None
    fast = _fast_table(cls)

    def walk(value: Any, node: Any, rel: str, top: bool, out: list[tuple[str, str]]) -> None:
        if value.__class__ is not dict:
            out.append((rel, f"expected a table (object), got {_describe(value)}"))
            return
        allowed = set(node) | ({"prose", "form"} if top and tagged else {"prose"} if top else set())
        out.extend((f"{rel}.{key}", "unknown key") for key in value if key not in allowed)
        for name, child in node.items():
            if name not in value:
                continue
            if isinstance(child, CellSpec):
                check = _money if child.kind is CellKind.MONEY else _count
                try:
                    check(value[name], None)
                except _Invalid as exc:
                    out.append((f"{rel}.{name}", str(exc)))
            else:
                walk(value[name], child, f"{rel}.{name}", False, out)
        if top and "prose" in value:
            try:
                _paragraphs(value["prose"], None)
            except _Invalid as exc:
                out.append((f"{rel}.prose", str(exc)))

    def structure(value: Any, _: Any) -> Any:
        issues: list[tuple[str, str]] = []
        walk(value, shape, "", True, issues)
        if issues:
            raise _TableIssues(issues)
        return fast(value, None)

    return structure


def _fast_union(hooks: Mapping[str, Callable[[Any, Any], Any]]) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if value is None:
            return None
        if value.__class__ is not dict:
            raise _Invalid("expected a table")
        form = value.get("form")
        hook = hooks.get(form) if form.__class__ is str else None
        if hook is None:
            raise _Invalid("unknown form")
        return hook(value, None)

    return structure


def _checked_class_hook(cls: type[Any], conv: Any) -> Callable[[Any, Any], Any]:
    """cattrs' generated hook for a model class, behind a check that the value is a table."""
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

    def structure(value: Any, tp: Any) -> Any:
        if value.__class__ is not dict:
            raise _Invalid(f"expected a table (object), got {_describe(value)}")
        return base(value, tp)

    return structure


def _equals(expected: Any) -> Callable[[Any], bool]:
    def predicate(tp: Any) -> bool:
        return bool(tp == expected)

    return predicate


def _union_structure(
    conv: OrjsonConverter, attr: str, variants: Mapping[str, type[Any]]
) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        if value is None:
            return None
        if value.__class__ is not dict:
            raise _Invalid(f"expected a table, got {_describe(value)}")
        form = value.get("form")
        cls = variants.get(form) if form.__class__ is str else None
        if cls is None:
            raise _Invalid(f'expected "form" to be "2019" or "2021", got {_describe(form)}')
        return conv.get_structure_hook(cls)(value, cls)

    return structure


_FAST = make_converter()
_DETAILED: OrjsonConverter | None = None


def _detailed() -> OrjsonConverter:
    global _DETAILED
    if _DETAILED is None:
        _DETAILED = make_converter(detailed=True)
    return _DETAILED


# --- documents ---------------------------------------------------------------------------


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """The document of ``report`` as plain data (JSON types, amounts as strings)."""
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(_FAST.unstructure(report, AnnualReport))
    if report.published is not None:
        data["published"] = report.published.isoformat()
    return data


def _prepare(data: Any) -> tuple[dict[str, Any], list[SchemaIssue]]:
    """Check the envelope (schema_version) and let tables default their form to the edition."""
    issues: list[SchemaIssue] = []
    if data.__class__ is not dict:
        return {}, [SchemaIssue("$", f"expected a table/object at the top, got {_describe(data)}")]
    body = dict(data)
    version = body.pop("schema_version", _Missing)
    if version is _Missing:
        issues.append(SchemaIssue("$.schema_version", f"missing; expected {SCHEMA_VERSION}"))
    elif version.__class__ is not int or version != SCHEMA_VERSION:
        issues.append(
            SchemaIssue(
                "$.schema_version",
                f"expected {SCHEMA_VERSION} (this library's schema), got {_describe(version)}",
            )
        )
    edition = body.get("edition")
    issues.extend(_printed_issues(body))
    for attr in _TABLE_UNIONS:
        table = body.get(attr)
        if table.__class__ is dict and "form" not in table and edition in ("2019", "2021"):
            body[attr] = {"form": edition, **table}
    return body, issues


def _printed_issues(body: Mapping[str, Any]) -> list[SchemaIssue]:
    """Keys of ``printed`` that name no cell of the document's tables (forms as given)."""
    printed = body.get("printed")
    if printed.__class__ is not dict:
        return []
    issues = []
    for key in printed:
        attr, _, rest = str(key).partition(".")
        table = body.get(attr) if attr in _TABLE_KEYS else None
        form = table.get("form", body.get("edition")) if table.__class__ is dict else None
        try:
            known = (
                rest in table_spec(_TABLE_KEYS[attr], form).by_path if table is not None else False
            )
        except KeyError:
            known = False
        if not known:
            issues.append(
                SchemaIssue("$.printed", f"{key!r} is not a cell of the tables this document holds")
            )
    return issues


_TABLE_KEYS = {attr: key for key, attr in TABLE_ATTRS.items()}


def from_dict(data: Any, *, file: str | None = None) -> AnnualReport:
    """Structure a document (as parsed from JSON/TOML) into a report.

    Raises :class:`SchemaError` listing every bad path.
    """
    body, issues = _prepare(data)
    if not issues:
        try:
            return _FAST.structure(body, AnnualReport)
        except Exception:
            pass
    explained = _explain(body)
    if any(issue.path == "$.printed" for issue in issues):  # keys already checked on the document
        explained = [i for i in explained if not i.message.startswith("AnnualReport.printed:")]
    issues.extend(explained)
    if not issues:  # pragma: no cover - the detailed pass always finds what the fast one did
        issues.append(SchemaIssue("$", "does not fit the report schema"))
    raise SchemaError(issues, file=file)


def _explain(body: dict[str, Any]) -> list[SchemaIssue]:
    try:
        _detailed().structure(body, AnnualReport)
    except Exception as exc:
        return list(_issues(exc, "$"))
    return []


def _issues(exc: BaseException, path: str) -> list[SchemaIssue]:
    if isinstance(exc, _TableIssues):
        return [SchemaIssue(f"{path}{rel}", message) for rel, message in exc.issues]
    if isinstance(exc, ForbiddenExtraKeysError):
        return [SchemaIssue(f"{path}.{key}", "unknown key") for key in sorted(exc.extra_fields)]
    if isinstance(exc, ClassValidationError):
        out: list[SchemaIssue] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            name = getattr(note, "name", None)
            out.extend(_issues(sub, f"{path}.{name}" if name is not None else path))
        for sub in without:
            out.extend(_issues(sub, path))
        return out
    if isinstance(exc, IterableValidationError):
        items: list[SchemaIssue] = []
        indexed, plain = exc.group_exceptions()
        for sub, inote in indexed:
            items.extend(_issues(sub, f"{path}[{inote.index}]"))
        for sub in plain:
            items.extend(_issues(sub, path))
        return items
    if isinstance(exc, KeyError):
        return [SchemaIssue(path, "required key missing")]
    grouped = getattr(exc, "exceptions", None)
    if isinstance(grouped, tuple):  # an ExceptionGroup (a backport on Python 3.10)
        return [issue for sub in grouped for issue in _issues(sub, path)]
    return [SchemaIssue(path, str(exc))]


_BOM = b"\xef\xbb\xbf"


def _loads_json(text: str | bytes, file: str | None) -> Any:
    if isinstance(text, bytes):
        text = text.removeprefix(_BOM)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if isinstance(text, bytes):
            _decode(text, file)  # not UTF-8 at all: say so, with the line
        raise DecodeError(
            f"not valid JSON: {exc.msg}", file=file, line=exc.lineno, column=exc.colno
        ) from None


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _loads_toml(text: str, file: str | None) -> Any:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line = int(match.group(1)) if match else None
        column = int(match.group(2)) if match else None
        if match is None and "end of document" in message:
            line = text.count("\n") + 1
        reason = _TOML_POS.sub("", message).strip()
        raise DecodeError(
            f"not valid TOML: {reason}", file=file, line=line, column=column
        ) from None


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
        raise DecodeError("not UTF-8 text", file=file, line=line) from None


def format_of(path: str | Path) -> Format:
    """The document format a file name implies (``.json`` or ``.toml``)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    raise ValueError(
        f"{path}: cannot tell the format from the suffix {suffix!r} (use .json or .toml)"
    )


def load(path: str | Path, format: Format | None = None) -> AnnualReport:
    """Read a report from a ``.json`` or ``.toml`` file."""
    fmt = format or format_of(path)
    with open(path, "rb") as stream:
        raw = stream.read()
    name = str(path)
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


def dump(report: AnnualReport, path: str | Path, format: Format | None = None) -> None:
    """Write the report to a ``.json`` or ``.toml`` file (UTF-8)."""
    Path(path).write_text(dumps(report, format or format_of(path)), encoding="utf-8")
