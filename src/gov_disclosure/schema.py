"""The JSON Schema of report documents, generated from the model and the statutory layout."""

from __future__ import annotations

import datetime
import inspect
import types
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

from .model import AnnualReport, document_fields, table_class
from .serialize import AMOUNT_DIGITS, MAX_COUNT, SCHEMA_VERSION
from .statutory import REPORT_YEARS, SECTIONS, Edition, all_table_specs

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_END = r"(?![\s\S])"
"""The end of the text (``$`` would also match before a final newline in some engines)."""
_DECIMAL = rf"^-?[0-9]{{1,{AMOUNT_DIGITS[0]}}}(\.[0-9]{{1,{AMOUNT_DIGITS[1]}}})?{_END}"
_MAX_AMOUNT = 10 ** AMOUNT_DIGITS[0] - 1
_DATE = (
    r"^(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)" + _END
)
"""A real calendar date written YYYY-MM-DD (leap years included; year 0000 is none)."""


def _field_type(owner: type[Any], name: str) -> Any:
    return next(tp for field, tp, _ in document_fields(owner) if field == name)


def _titles() -> dict[tuple[str, str], str]:
    """Chinese titles of model fields, (class name, field) → label, read from the layout."""
    titles: dict[tuple[str, str], str] = {}
    for spec in all_table_specs():
        cls = table_class(spec.key, spec.form)
        for cell in spec.cells:
            parts = cell.path.split(".")
            n_row = len(cell.row.name.split(".")) if cell.row.name else 0
            n_col = len(parts) - n_row
            labels = [cell.row.labels[d - n_row] for d in range(n_row)]
            labels += [cell.column.labels[d - n_col] for d in range(n_col)]
            if n_col == 0:  # a single-column row held as a scalar field
                labels[-1] = f"{labels[-1]}（{cell.column.label}）"
            owner: Any = cls
            for name, label in zip(parts, labels, strict=True):
                titles.setdefault((owner.__name__, name), label)
                field_type = _field_type(owner, name)
                if isinstance(field_type, type) and attrs.has(field_type):
                    owner = field_type
    for section in SECTIONS:
        titles[("AnnualReport", section.key)] = section.title
    return titles


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.titles = _titles()

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve, for recursion
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type[Any], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        properties: dict[str, Any] = dict(extra or {})
        required: list[str] = [k for k in properties]
        for name, tp, needed in document_fields(cls):
            prop = self.of(tp)
            if cls is AnnualReport and name == "year":
                prop = {**prop, "minimum": REPORT_YEARS.start, "maximum": REPORT_YEARS.stop - 1}
            title = self.titles.get((cls.__name__, name))
            if title:
                prop = {"title": title, **prop}
            properties[name] = prop
            if needed:
                required.append(name)
        schema: dict[str, Any] = {"type": "object"}
        doc = inspect.getdoc(cls)
        if doc:
            schema["description"] = doc.split("\n\n")[0]
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def of(self, tp: Any) -> dict[str, Any]:
        if tp is int:
            return {"type": "integer", "minimum": -MAX_COUNT, "maximum": MAX_COUNT}
        if tp is str:
            return {"type": "string"}
        if tp is Edition:
            return {"enum": [e.value for e in Edition]}
        if tp is Decimal:
            return {
                "description": "An exact amount in 万元, as a decimal string.",
                "anyOf": [
                    {"type": "string", "pattern": _DECIMAL},
                    {"type": "integer", "minimum": -_MAX_AMOUNT, "maximum": _MAX_AMOUNT},
                ],
            }
        if tp is datetime.date:
            return {"type": "string", "format": "date", "pattern": _DATE}
        if tp == tuple[str, ...]:
            return {"type": "array", "items": {"type": "string"}}
        if tp == Mapping[str, str]:
            tables = "|".join(dict.fromkeys(spec.attr for spec in all_table_specs()))
            return {
                "type": "object",
                "propertyNames": {"pattern": rf"^({tables})\."},
                "additionalProperties": {"type": "string"},
            }
        origin = get_origin(tp)
        if origin is Union or isinstance(tp, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            nullable = len(args) < len(get_args(tp))
            if all(isinstance(a, type) and hasattr(a, "TABLE") for a in args) and len(args) > 1:
                options: list[Any] = [self.tagged(a) for a in args]
            else:
                options = [self.of(a) for a in args]
            if nullable:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - model types only

    def tagged(self, cls: type[Any]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            form = {
                "const": cls.form.value,
                "description": "The form of the table; defaults to the report's edition.",
            }
            self.defs[name] = self.object(cls, {"form": form})
            self.defs[name].pop("required", None)
        return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a report document, schema version 1.

    TOML documents have the same shape (TOML has no null: a blank cell is an absent key).
    """
    builder = _Builder()
    root = builder.object(AnnualReport, {"schema_version": {"const": SCHEMA_VERSION}})
    return {
        "$schema": _DIALECT,
        "$id": f"https://gov-disclosure.invalid/schema/report-v{SCHEMA_VERSION}.json",
        "title": "政府信息公开工作年度报告 (gov-disclosure report document)",
        **root,
        "allOf": _edition_rules(),
        "$defs": dict(sorted(builder.defs.items())),
    }


def _printed_keys(attr: str, paths: list[str]) -> dict[str, Any]:
    """The report constraint: printed keys of table ``attr`` name one of ``paths``."""
    keys = {"anyOf": [{"not": {"pattern": f"^{attr}\\."}}, {"enum": paths}]}
    return {"properties": {"printed": {"propertyNames": keys}}}


def _edition_rules() -> list[dict[str, Any]]:
    """What depends on the edition: a table without ``form`` has the edition's rows, and
    printed keys name cells of the tables the document holds, in their forms."""
    rules: list[dict[str, Any]] = []
    by_attr: dict[str, list[Any]] = {}
    for spec in all_table_specs():
        by_attr.setdefault(spec.attr, []).append(spec)
    for attr, specs in by_attr.items():
        present = {"required": [attr], "properties": {attr: {"type": "object"}}}
        absent = {"properties": {"printed": {"propertyNames": {"not": {"pattern": f"^{attr}\\."}}}}}
        if len(specs) == 1:
            paths = [f"{attr}.{cell.path}" for cell in specs[0].cells]
            rules.append({"if": present, "then": _printed_keys(attr, paths), "else": absent})
            continue
        in_form: list[dict[str, Any]] = []
        for spec in specs:
            form = spec.form.value
            name = table_class(spec.key, spec.form).__name__
            edition: dict[str, Any] = {
                "required": ["edition"],
                "properties": {"edition": {"const": form}},
            }
            unnamed = {
                "anyOf": [{"type": "null"}, {"required": ["form"]}, {"$ref": f"#/$defs/{name}"}]
            }
            rules.append({"if": edition, "then": {"properties": {attr: unnamed}}})
            is_form = {
                "anyOf": [
                    {
                        "properties": {
                            attr: {"required": ["form"], "properties": {"form": {"const": form}}}
                        }
                    },
                    {
                        **edition,
                        "properties": {
                            **edition["properties"],
                            attr: {"not": {"required": ["form"]}},
                        },
                    },
                ]
            }
            paths = [f"{attr}.{cell.path}" for cell in spec.cells]
            in_form.append({"if": is_form, "then": _printed_keys(attr, paths)})
        rules.append({"if": present, "then": {"allOf": in_form}, "else": absent})
    return rules
