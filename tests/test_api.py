"""The public surface: every exported name exists, is documented and fully annotated."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import gov_disclosure as gd
from gov_disclosure.statutory import all_table_specs

DOCS = Path(__file__).resolve().parents[1] / "docs"
MODULES = [
    "gov_disclosure",
    "gov_disclosure.cells",
    "gov_disclosure.diff",
    "gov_disclosure.errors",
    "gov_disclosure.findings",
    "gov_disclosure.metrics",
    "gov_disclosure.model",
    "gov_disclosure.model.cell",
    "gov_disclosure.model.report",
    "gov_disclosure.model.rows",
    "gov_disclosure.model.tables",
    "gov_disclosure.model.views",
    "gov_disclosure.rules",
    "gov_disclosure.schema",
    "gov_disclosure.serialize",
    "gov_disclosure.statutory",
    "gov_disclosure.sums",
    "gov_disclosure.testing",
]
"""The foundation's modules whose ``__all__`` is checked here."""


PUBLIC_MODULES = [
    "gov_disclosure",
    "gov_disclosure.agency",
    "gov_disclosure.audit",
    "gov_disclosure.audit.engines",
    "gov_disclosure.diff",
    "gov_disclosure.errors",
    "gov_disclosure.numbers",
    "gov_disclosure.readers",
    "gov_disclosure.readers.blocks",
    "gov_disclosure.render",
    "gov_disclosure.render.diff",
    "gov_disclosure.render.docx",
    "gov_disclosure.render.html",
    "gov_disclosure.render.markdown",
    "gov_disclosure.render.text",
    "gov_disclosure.rules",
    "gov_disclosure.serialize",
    "gov_disclosure.statutory",
    "gov_disclosure.testing",
]
"""The public API: these modules and the names in their ``__all__`` (docs/reference/api.md,
"What is public"). Every other module is an implementation detail."""

TRIMMED_PACKAGES = ("gov_disclosure.model", "gov_disclosure.rules")
"""Packages whose implementation modules list in ``__all__`` only names a public module
re-exports (a package's ``__init__`` also lists what the library's own modules import through
it, as mypy's explicit re-exports need)."""


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps ``__all__`` in: CONSTANTS, then Classes, then the rest."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def public(module: ModuleType) -> list[tuple[str, Any]]:
    """The objects a module exports."""
    return [(name, getattr(module, name)) for name in module.__all__]


def own_members(cls: type[Any]) -> list[tuple[str, Any]]:
    """Public methods and properties a class defines itself (not inherited, not dunder)."""
    members = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, (classmethod, staticmethod)):
            members.append((name, value.__func__))
        elif isinstance(value, property) and value.fget is not None:
            members.append((name, value.fget))
        elif inspect.isfunction(value):
            members.append((name, value))
    return members


def missing_annotations(func: Any) -> list[str]:
    """Parameters (and the return) of a function that carry no annotation."""
    signature = inspect.signature(func)
    missing = [
        p.name
        for p in signature.parameters.values()
        if p.annotation is inspect.Parameter.empty and p.name not in ("self", "cls")
    ]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist_and_are_sorted(name: str) -> None:
    """Every name in a module's __all__ exists, appears once, and __all__ is sorted."""
    module = importlib.import_module(name)
    assert module.__doc__
    names = list(module.__all__)
    assert len(names) == len(set(names))
    for exported in names:
        assert hasattr(module, exported), f"{name}.{exported} is in __all__ but missing"
    assert names == sorted(names, key=isort_key)


def test_the_public_modules_are_listed_in_the_api_page() -> None:
    """docs/reference/api.md names every public module, and they all import."""
    text = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    section = text.split("## What is public", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"`(gov_disclosure(?:\.[a-z_]+)*)`", section)
    assert sorted(set(listed) & set(PUBLIC_MODULES)) == sorted(PUBLIC_MODULES)
    for name in PUBLIC_MODULES:
        assert importlib.import_module(name).__all__


def implementation_modules() -> list[str]:
    """The modules of :data:`TRIMMED_PACKAGES` that are not public (the packages' own
    ``__init__`` excepted)."""
    found = []
    for package in TRIMMED_PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, package + "."):
            if info.name not in PUBLIC_MODULES:
                found.append(info.name)
    return sorted(found)


@pytest.mark.parametrize("name", implementation_modules())
def test_implementation_modules_export_only_public_names(name: str) -> None:
    """An implementation module's ``__all__`` holds only names a public module re-exports (the
    same objects): its other names are the library's own, free to change."""
    public_objects = {
        id(getattr(module, exported))
        for module in map(importlib.import_module, PUBLIC_MODULES)
        for exported in module.__all__
    }
    module = importlib.import_module(name)
    assert [n for n in module.__all__ if id(getattr(module, n)) not in public_objects] == []


def test_package_exports_the_main_entry_points() -> None:
    """The package root re-exports the functions and classes a user starts from."""
    for name in ("AnnualReport", "validate", "load", "dumps", "to_cells", "complete", "RULES"):
        assert name in gd.__all__
    assert gd.__version__


@pytest.mark.parametrize("name", MODULES)
def test_public_objects_are_documented(name: str) -> None:
    """Every exported class and function, and every public method of those classes, has a docstring."""
    module = importlib.import_module(name)
    undocumented = []
    for exported, obj in public(module):
        is_code = inspect.isclass(obj) or inspect.isfunction(obj)
        if is_code and not (obj.__doc__ or "").strip():
            undocumented.append(exported)
        if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
            undocumented += [
                f"{exported}.{m}" for m, f in own_members(obj) if not (f.__doc__ or "").strip()
            ]
    assert undocumented == []


@pytest.mark.parametrize("name", MODULES)
def test_public_functions_are_fully_annotated(name: str) -> None:
    """Every exported function and public method has annotations for all parameters and return."""
    module = importlib.import_module(name)
    incomplete = {}
    for exported, obj in public(module):
        functions = []
        if inspect.isfunction(obj):
            functions.append((exported, obj))
        elif inspect.isclass(obj):
            functions += [(f"{exported}.{m}", f) for m, f in own_members(obj)]
        for label, func in functions:
            missing = missing_annotations(func)
            if missing:
                incomplete[label] = missing
    assert incomplete == {}


def test_testing_module_samples_are_fresh_reports() -> None:
    """gov_disclosure.testing returns AnnualReport instances, equal on every call."""
    from gov_disclosure import testing

    for make in (
        testing.sample_report,
        testing.blank_report,
        testing.huaian_2024,
        testing.hongze_2023,
    ):
        first, second = make(), make()
        assert isinstance(first, gd.AnnualReport)
        assert first == second


# --- docs --------------------------------------------------------------------------------


def test_model_doc_lists_every_cell_path() -> None:
    """docs/model.md gives the typed path and the labels of every cell of every table form."""
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    for spec in all_table_specs():
        for cell in spec.cells:
            if spec.key == "三":  # listed as rows × columns: applications.<row>.<column>
                assert f"`{spec.attr}.{cell.row.name}`" in text, cell.row.name
                assert f"`{cell.column.name}`" in text, cell.column.name
                assert " / ".join(cell.row.labels) in text
                assert " / ".join(cell.column.labels) in text
            else:
                assert f"`{spec.attr}.{cell.path}`" in text, cell.path
                assert cell.row.label in text
                assert cell.column.label in text
    for name in gd.__all__:
        obj = getattr(gd, name)
        if inspect.isclass(obj) and obj.__module__.startswith("gov_disclosure.model"):
            assert f"`{name}`" in text, name
