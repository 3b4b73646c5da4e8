"""Tests for gov_disclosure.json_schema: structure, coverage of the model, conformance, and
agreement with the loader (documents are checked with ``jsonschema``, a test dependency)."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    "minimum",
    "maximum",
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
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
    for key in ("anyOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from subschemas(sub, f"{path}/{key}/{i}")
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames"):
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


VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def errors(instance: Any, schema: dict[str, Any] = SCHEMA) -> list[str]:
    """Where ``instance`` breaks ``schema`` (empty when it conforms)."""
    assert schema is SCHEMA
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(instance)]


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


def test_schema_is_valid_draft_2020_12() -> None:
    """jsonschema accepts the schema as a draft 2020-12 schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_every_object_forbids_additional_properties() -> None:
    """Every object with declared properties has additionalProperties false."""
    objects = [(p, s) for p, s in subschemas(SCHEMA) if "properties" in s and "allOf" not in p]
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


# --- the schema and the loader agree ---------------------------------------------------------


def loader_accepts(document: Any) -> bool:
    """Whether from_dict reads ``document`` (it raises nothing but SchemaError)."""
    try:
        gd.from_dict(document)
    except gd.SchemaError:
        return False
    return True


def keys(path: str) -> list[str]:
    """The keys of a dotted path (a printed key is one key, dots and all)."""
    if path.startswith("printed."):
        return ["printed", path.removeprefix("printed.")]
    return path.split(".")


def at(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``value`` at the dotted ``path``."""
    document = json.loads(json.dumps(document))
    node = document
    *parents, leaf = keys(path)
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = value
    return document


BASE = gd.to_dict(sample_report("2021"))
COUNT = "applications.received.total"


@pytest.mark.parametrize(
    ("path", "value", "accepted"),
    [
        (COUNT, 12.0, True),  # a whole number written with a fraction: the same number
        ("year", 2024.0, True),
        ("schema_version", 1.0, True),
        (COUNT, 2**53 - 1, True),
        (COUNT, 2**53, False),  # beyond what every JSON reader reads exactly
        (COUNT, 2**64, False),
        (COUNT, -(2**63) - 1, False),
        ("year", 999, False),
        ("year", 10000, False),
        ("printed.applications.nowhere", "3", False),
        ("printed.reviews", "3", False),
        ("printed.applications.received.total", "三", True),
        ("published", "2025-02-29", False),
        ("published", "2024-02-29", True),
        ("published", "0000-01-01", False),
        ("published", "20250120", False),
        ("proactive.fees", "12.5\n", False),
        ("proactive.fees", "١٢", False),
        ("proactive.fees", "1" * 16, False),
        ("proactive.fees", "0.0000000001", True),
        ("proactive.fees", "0.00000000001", False),
        ("proactive.fees", 12.5, False),
        ("proactive.fees", 12.0, True),
        ("proactive.fees", 10**15, False),
    ],
)
def test_schema_and_loader_agree(path: str, value: Any, accepted: bool) -> None:
    """Each class of document where the schema was looser than the loader: both now agree."""
    document = at(BASE, path, value)
    assert (errors(document) == []) is accepted
    assert loader_accepts(document) is accepted


def test_a_table_without_form_holds_the_editions_rows() -> None:
    """A table without ``form`` is read in the edition's form, by the schema as by the loader."""
    document = gd.to_dict(sample_report("2019"))
    del document["applications"]["form"]
    assert errors(document) == []
    assert loader_accepts(document)
    document["edition"] = "2021"
    document["year"] = 2022
    assert errors(document)
    assert not loader_accepts(document)
    document["applications"]["form"] = "2019"
    assert errors(document) == []
    assert loader_accepts(document)


def test_printed_keys_of_an_absent_table_are_refused() -> None:
    """A printed key naming a cell of a table the document does not hold fits neither."""
    document = at(BASE, "printed.applications.received.total", "三")
    document["applications"] = None
    assert errors(document)
    assert not loader_accepts(document)


ODD_VALUES = st.sampled_from(
    [
        None,
        True,
        0,
        -1,
        1.0,
        12.5,
        2**53 - 1,
        2**53,
        2**64,
        -(2**63) - 1,
        1e300,
        999,
        1000,
        9999,
        10000,
        2024,
        "",
        "3",
        "12.5",
        "12.5\n",
        "١٢",
        "1" * 16,
        "0.00000000001",
        "2019",
        "2021",
        "2024-02-29",
        "2025-02-29",
        "20250120",
        "0000-01-01",
        [],
        ["段落"],
        {},
        {"total": 1},
        {"form": "2019"},
        {"form": "2021"},
    ]
)
"""Values near the edges of what the loader takes."""


def _paths(document: Any, prefix: str = "") -> list[str]:
    """Every dotted path in a document (objects only)."""
    out: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            path = f"{prefix}{key}"
            out.append(path)
            if path != "printed":
                out += _paths(value, f"{path}.")
    return out


@st.composite
def edited_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A dumped report with a few places changed, removed, or printed keys added."""
    document = json.loads(gd.dumps(draw(any_reports())))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(document)
        action = draw(st.sampled_from(["set", "delete", "printed", "form"]))
        if action == "set":
            path = draw(st.sampled_from(paths))
            document = at(document, path, draw(ODD_VALUES))
        elif action == "delete":
            path = draw(st.sampled_from(paths))
            *parents, leaf = keys(path)
            node = document
            for key in parents:
                node = node[key]
            del node[leaf]
        elif action == "printed":
            spec = draw(st.sampled_from(all_table_specs()))
            cell = draw(st.sampled_from(spec.cells))
            printed = document.setdefault("printed", {})
            if isinstance(printed, dict):
                printed[f"{spec.attr}.{cell.path}"] = "一"
        else:
            table = document.get(draw(st.sampled_from(["proactive", "applications"])))
            if isinstance(table, dict):
                table.pop("form", None)
    return document


@FAST
@given(edited_documents())
def test_schema_and_loader_agree_on_any_edited_document(document: dict[str, Any]) -> None:
    """Differential: whatever is changed, the schema accepts exactly what the loader reads."""
    assert (errors(document) == []) is loader_accepts(document), errors(document)
