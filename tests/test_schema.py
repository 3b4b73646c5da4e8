"""Tests for gov_disclosure.json_schema: structure, coverage of the model, and conformance.

``jsonschema`` is not a dependency, so the schema is checked structurally and documents are
checked against it by a small walker written here (the subset of JSON Schema the library emits).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure import AnnualReport
from gov_disclosure.model import document_fields
from gov_disclosure.statutory import SECTIONS, all_table_specs
from gov_disclosure.testing import hongze_2023, huaian_2024, sample_report
from strategies import FAST, any_reports

SCHEMA = gd.json_schema()
KEYWORDS = {
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "anyOf",
    "const",
    "enum",
    "pattern",
    "format",
}
"""The keywords the walker understands; the schema must use no other."""


def subschemas(schema: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside ``schema`` with its JSON pointer."""
    if not isinstance(schema, dict):
        return
    yield path, schema
    for name, sub in schema.get("properties", {}).items():
        yield from subschemas(sub, f"{path}/properties/{name}")
    for name, sub in schema.get("$defs", {}).items():
        yield from subschemas(sub, f"{path}/$defs/{name}")
    for i, sub in enumerate(schema.get("anyOf", [])):
        yield from subschemas(sub, f"{path}/anyOf/{i}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from subschemas(schema[key], f"{path}/{key}")


def resolve(ref: str) -> dict[str, Any]:
    """The schema a local ``$ref`` points at (KeyError when it does not resolve)."""
    assert ref.startswith("#/"), ref
    node: Any = SCHEMA
    for part in ref[2:].split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def errors(instance: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Where ``instance`` breaks ``schema`` (empty when it conforms)."""
    if "$ref" in schema:
        found = errors(instance, resolve(schema["$ref"]), path)
        if found:
            return found
    if "anyOf" in schema and all(errors(instance, s, path) for s in schema["anyOf"]):
        return [f"{path}: matches none of anyOf"]
    if "const" in schema and (
        instance != schema["const"] or type(instance) is not type(schema["const"])
    ):
        return [f"{path}: expected {schema['const']!r}"]
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{path}: not one of {schema['enum']}"]
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: type(v) is int,
        "null": lambda v: v is None,
    }
    if kind is not None and not checks[kind](instance):
        return [f"{path}: expected {kind}, got {type(instance).__name__}"]
    out: list[str] = []
    if kind == "string":
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            out.append(f"{path}: does not match {schema['pattern']}")
        if schema.get("format") == "date":
            try:
                datetime.date.fromisoformat(instance)
            except ValueError:
                out.append(f"{path}: not a date")
    if kind == "array":
        for i, item in enumerate(instance):
            out += errors(item, schema.get("items", {}), f"{path}[{i}]")
    if kind == "object":
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                out.append(f"{path}.{key}: required")
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            if key in properties:
                out += errors(value, properties[key], f"{path}.{key}")
            elif extra is False:
                out.append(f"{path}.{key}: not allowed")
            elif isinstance(extra, dict):
                out += errors(value, extra, f"{path}.{key}")
    return out


def model_classes() -> dict[str, type[Any]]:
    """Every attrs class reachable from AnnualReport, by name."""
    found: dict[str, type[Any]] = {}
    todo: list[Any] = [AnnualReport]
    while todo:
        cls = todo.pop()
        if cls.__name__ in found:
            continue
        found[cls.__name__] = cls
        for _, tp, _ in document_fields(cls):
            args = getattr(tp, "__args__", (tp,))
            todo += [t for t in args if isinstance(t, type) and attrs.has(t)]
    return found


# --- structure ------------------------------------------------------------------------------


def test_schema_is_draft_2020_12_and_json() -> None:
    """The schema names its dialect and id, is plain JSON, and describes an object."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith(f"report-v{gd.SCHEMA_VERSION}.json")
    assert json.loads(json.dumps(SCHEMA)) == SCHEMA
    assert SCHEMA["type"] == "object"
    assert SCHEMA["properties"]["schema_version"] == {"const": gd.SCHEMA_VERSION}
    assert SCHEMA["required"] == ["schema_version", "agency", "year", "edition"]


def test_schema_uses_only_known_keywords() -> None:
    """Every schema object uses only keywords of the subset checked here, with valid types."""
    valid_types = {"object", "array", "string", "integer", "null"}
    for pointer, schema in subschemas(SCHEMA):
        assert set(schema) <= KEYWORDS, pointer
        if "type" in schema:
            assert schema["type"] in valid_types, pointer
        if "pattern" in schema:
            re.compile(schema["pattern"])


def test_every_ref_resolves() -> None:
    """Every $ref points at an existing definition, and every definition is used."""
    refs = {s["$ref"] for _, s in subschemas(SCHEMA) if "$ref" in s}
    for ref in refs:
        assert resolve(ref)["type"] == "object"
    assert {f"#/$defs/{name}" for name in SCHEMA["$defs"]} == refs


def test_every_model_field_appears() -> None:
    """Each model class has a definition listing exactly its fields (+ form for table unions)."""
    classes = model_classes()
    assert set(SCHEMA["$defs"]) == set(classes) - {"AnnualReport"}
    for name, cls in classes.items():
        schema = SCHEMA if name == "AnnualReport" else SCHEMA["$defs"][name]
        fields = {name for name, _, _ in document_fields(cls)}
        extra = {"schema_version"} if name == "AnnualReport" else set()
        if name in ("Proactive2019", "Proactive2021", "Applications2019", "Applications2021"):
            extra = {"form"}
            assert schema["properties"]["form"]["const"] == cls.form.value
        assert set(schema["properties"]) == fields | extra, name


def test_every_object_forbids_additional_properties() -> None:
    """Every object with declared properties has additionalProperties false."""
    objects = [(p, s) for p, s in subschemas(SCHEMA) if "properties" in s]
    assert len(objects) == len(SCHEMA["$defs"]) + 1
    for pointer, schema in objects:
        assert schema["additionalProperties"] is False, pointer


def test_labels_come_from_the_layout() -> None:
    """Sections carry their official titles and rows their official labels."""
    for section in SECTIONS:
        assert SCHEMA["properties"][section.key]["title"] == section.title
    refused = SCHEMA["$defs"]["Refused"]["properties"]
    assert refused["state_secret"]["title"] == "1.属于国家秘密"
    assert SCHEMA["$defs"]["Outcomes"]["properties"]["pending"]["title"] == "尚未审结"
    for spec in all_table_specs():
        for cell in spec.cells:
            assert cell.column.label in json.dumps(SCHEMA, ensure_ascii=False)


# --- conformance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: sample_report("2019"),
        lambda: sample_report("2021"),
        huaian_2024,
        hongze_2023,
        lambda: gd.AnnualReport.blank(agency="某局", year=2024, edition="2019"),
    ],
)
def test_dumped_samples_satisfy_the_schema(make: Any) -> None:
    """The JSON documents of the sample reports conform to the schema."""
    report = attrs.evolve(make(), published=datetime.date(2025, 1, 31))
    assert errors(json.loads(gd.dumps(report)), SCHEMA) == []


@FAST
@given(any_reports())
def test_any_dumped_report_satisfies_the_schema(report: AnnualReport) -> None:
    """Every document dumps() writes conforms to the schema."""
    assert errors(json.loads(gd.dumps(report)), SCHEMA) == []


@pytest.mark.parametrize(
    "change",
    [
        {"extra": 1},
        {"year": 2024.5},
        {"year": True},
        {"edition": "2020"},
        {"schema_version": 2},
        {"applications": {"form": "2021", "received": {"total": "3"}}},
        {"applications": {"form": "2021", "received": {"nobody": 3}}},
        {"proactive": {"form": "2021", "fees": 1.5}},
        {"proactive": {"form": "2021", "fees": "1,5"}},
        {"proactive": {"form": "2019", "fees": 3}},
        {"reviews": {"review": {"total": None, "x": 1}}},
        {"published": "31/01/2025"},
    ],
)
def test_schema_and_loader_reject_the_same_bad_documents(change: dict[str, Any]) -> None:
    """A bad document fails both the walker (so it can fail) and the loader."""
    document = gd.to_dict(sample_report("2021")) | change
    assert errors(document, SCHEMA)
    with pytest.raises(gd.SchemaError):
        gd.from_dict(document)


def test_walker_accepts_blanks_as_absent_or_null() -> None:
    """A blank cell may be written as null or left out; both conform and load."""
    document = gd.to_dict(sample_report("2021"))
    document["reviews"]["review"]["total"] = None
    del document["reviews"]["review"]["upheld"]
    assert errors(document, SCHEMA) == []
    report = gd.from_dict(document)
    assert report.get("reviews.review.total") is None
    assert report.get("reviews.review.upheld") is None
