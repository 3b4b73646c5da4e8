"""Tests for gov_disclosure.serialize: JSON/TOML round trips and strict loading."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import given

import gov_disclosure as gd
from gov_disclosure import AnnualReport, DecodeError, SchemaError
from gov_disclosure.serialize import format_of
from gov_disclosure.testing import hongze_2023, huaian_2024, sample_report
from strategies import FAST, any_reports, consistent_reports

FORMATS = ("json", "toml")


def header(edition: str = "2021") -> dict[str, Any]:
    """The required keys of a document."""
    return {"schema_version": 1, "agency": "某县统计局", "year": 2024, "edition": edition}


def issue_paths(error: SchemaError) -> set[str]:
    """The JSON paths a SchemaError lists."""
    return {issue.path for issue in error.issues}


def schema_error(document: Any) -> SchemaError:
    """The SchemaError from_dict raises for a document (fails the test if none is raised)."""
    with pytest.raises(SchemaError) as info:
        gd.from_dict(document)
    return info.value


# --- round trips -------------------------------------------------------------------------


@FAST
@given(any_reports())
def test_json_round_trip(report: AnnualReport) -> None:
    """loads(dumps(r)) == r in JSON for any report: blanks, Decimals, printed text, dates."""
    text = gd.dumps(report, "json")
    assert gd.loads(text, "json") == report
    assert gd.dumps(gd.loads(text, "json"), "json") == text


@FAST
@given(any_reports())
def test_toml_round_trip(report: AnnualReport) -> None:
    """loads(dumps(r)) == r in TOML for any report (a blank cell is an absent key)."""
    text = gd.dumps(report, "toml")
    assert gd.loads(text, "toml") == report
    assert gd.dumps(gd.loads(text, "toml"), "toml") == text


@FAST
@given(consistent_reports())
def test_round_trip_keeps_amounts_exact(report: AnnualReport) -> None:
    """Amounts come back as Decimals with the same digits (not merely equal values)."""
    for fmt in FORMATS:
        back = gd.loads(gd.dumps(report, fmt), fmt)
        for before, after in zip(gd.to_cells(report), gd.to_cells(back), strict=True):
            assert type(before.value) is type(after.value)
            assert str(before.value) == str(after.value)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("make", [huaian_2024, hongze_2023, lambda: sample_report("2019")])
def test_sample_reports_round_trip(make: Any, fmt: str) -> None:
    """The public sample reports survive both formats unchanged."""
    report = make()
    assert gd.loads(gd.dumps(report, fmt), fmt) == report


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("amount", ["1E+3", "0.0000001", "0E-7", "12.50", "-3.2", "0"])
def test_any_finite_decimal_amount_round_trips(fmt: str, amount: str) -> None:
    """Every amount the model accepts (exponent forms too) is written in a form the loader reads."""
    report = sample_report("2021").replace("proactive.fees", Decimal(amount))
    back = gd.loads(gd.dumps(report, fmt), fmt)
    assert back == report
    assert back.get("proactive.fees") == Decimal(amount)


def test_json_document_shape() -> None:
    """JSON puts schema_version first, Chinese as is, amounts as strings, and ends in a newline."""
    report = attrs.evolve(huaian_2024(), published=datetime.date(2025, 1, 20))
    text = gd.dumps(report)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == gd.SCHEMA_VERSION
    assert data["proactive"]["fees"] == "96171.6"
    assert data["proactive"]["form"] == "2021"
    assert data["published"] == "2025-01-20"
    assert "淮安市人民政府" in text


def test_toml_document_shape() -> None:
    """TOML writes the date as a TOML date and leaves blank cells out."""
    report = sample_report("2021").replace("applications.received.total", None)
    report = attrs.evolve(report, published=datetime.date(2025, 1, 20))
    text = gd.dumps(report, "toml")
    assert "published = 2025-01-20\n" in text
    assert gd.loads(text, "toml").get("applications.received.total") is None


@pytest.mark.parametrize("suffix", [".json", ".toml", ".JSON"])
def test_dump_and_load_files(tmp_path: Path, suffix: str) -> None:
    """dump() and load() pick the format from the suffix and round-trip through a file."""
    report = attrs.evolve(
        hongze_2023(), printed={"reviews.review.total": "0"}, published=datetime.date(2024, 1, 31)
    )
    path = tmp_path / f"report{suffix}"
    gd.dump(report, path)
    assert gd.load(path) == report
    assert gd.load(str(path)) == report


def test_to_dict_from_dict_round_trip() -> None:
    """from_dict(to_dict(r)) == r, and to_dict is plain JSON data."""
    report = sample_report("2019")
    data = gd.to_dict(report)
    assert json.loads(json.dumps(data)) == data
    assert gd.from_dict(data) == report


def test_from_dict_accepts_a_native_date() -> None:
    """A TOML-native date (datetime.date) is accepted for published."""
    document = header() | {"published": datetime.date(2025, 3, 1)}
    assert gd.from_dict(document).published == datetime.date(2025, 3, 1)


def test_tables_default_to_the_edition_form() -> None:
    """A table written without "form" takes the report's edition."""
    document = header("2019") | {"applications": {"other": {"total": 1}}}
    report = gd.from_dict(document)
    assert type(report.applications) is gd.Applications2019
    assert report.get("applications.other.total") == 1


def test_integer_amount_is_accepted_in_json() -> None:
    """An amount written as a JSON integer is read as an exact Decimal."""
    report = gd.from_dict(header() | {"proactive": {"fees": 5}})
    assert report.get("proactive.fees") == Decimal(5)
    assert type(report.get("proactive.fees")) is Decimal


@pytest.mark.parametrize("fmt", FORMATS)
def test_unquoted_amount_with_a_fraction_is_refused_in_both_formats(fmt: str) -> None:
    """``fees = 12.5`` is refused alike in TOML and JSON, with one message saying to quote it."""
    text = gd.dumps(gd.from_dict(header() | {"proactive": {"fees": "12.5"}}), fmt)
    text = text.replace('"12.5"', "12.5")
    with pytest.raises(SchemaError) as info:
        gd.loads(text, fmt)
    (issue,) = info.value.issues
    assert issue.path == "$.proactive.fees"
    assert 'write it in quotes, "12.5"' in issue.message


# --- strictness ------------------------------------------------------------------------------

INT_SLOTS = [
    ("year",),
    ("applications", "received", "total"),
    ("applications", "refused", "state_secret", "natural_person"),
    ("reviews", "review", "upheld"),
    ("proactive", "licensing"),
    ("proactive", "regulations", "issued"),
]


def nested(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A document with ``value`` at ``path`` (tables get their form from the edition)."""
    document = header()
    node = document
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return document


@pytest.mark.parametrize("value", [1.5, 3.5, True, False, "3", "", [1], {"n": 1}, 2**53, 1e300])
@pytest.mark.parametrize("path", INT_SLOTS, ids=".".join)
def test_non_integer_where_a_count_belongs(path: tuple[str, ...], value: Any) -> None:
    """A float, bool, numeric string or container where an int belongs is a SchemaError there."""
    error = schema_error(nested(path, value))
    assert issue_paths(error) == {"$." + ".".join(path)}


@pytest.mark.parametrize(
    "value", [1.5, 0.1, True, "1.5.2", "1,000", "九十", "1e3", " 1", "12\n", "١٢", "1" * 16, 1e300]
)
def test_bad_amount_in_json(value: Any) -> None:
    """A float (or a non-decimal string, or a bool) for an amount in JSON is a SchemaError."""
    with pytest.raises(SchemaError) as info:
        gd.loads(json.dumps(nested(("proactive", "fees"), value)), "json")
    assert issue_paths(info.value) == {"$.proactive.fees"}


BAD_DOCUMENT: dict[str, Any] = {
    **header(),
    "extra": 1,
    "proactive": {
        "form": "2021",
        "fees": 1.5,
        "licensing": True,
        "bogus": 1,
        "regulations": {"issued": "3", "zz": 1},
    },
    "applications": {
        "form": "2021",
        "received": {"total": 1.5, "natural_person": -3, "q": 1},
        "refused": {"state_secret": {"total": True, "w": 0}, "nope": {}},
        "other": {"other": {"total": 2.5}, "sixth": {}},
    },
    "reviews": {"review": {"total": "1", "k": 2}, "x": 1},
}
BAD_PATHS = {
    "$.extra",
    "$.proactive.fees",
    "$.proactive.licensing",
    "$.proactive.bogus",
    "$.proactive.regulations.issued",
    "$.proactive.regulations.zz",
    "$.applications.received.total",
    "$.applications.received.q",
    "$.applications.refused.state_secret.total",
    "$.applications.refused.state_secret.w",
    "$.applications.refused.nope",
    "$.applications.other.other.total",
    "$.applications.other.sixth",
    "$.reviews.review.total",
    "$.reviews.review.k",
    "$.reviews.x",
}


def test_every_bad_path_is_listed_in_json() -> None:
    """One JSON document with bad values and unknown keys at every level lists each bad path."""
    with pytest.raises(SchemaError) as info:
        gd.loads(json.dumps(BAD_DOCUMENT, ensure_ascii=False), "json", file="bad.json")
    assert issue_paths(info.value) == BAD_PATHS
    assert info.value.file == "bad.json"
    assert str(info.value).startswith(f"bad.json: {len(BAD_PATHS)} schema problems")


def test_every_bad_path_is_listed_in_toml() -> None:
    """The same document in TOML lists the same bad paths (the unquoted 1.5 amount too)."""
    with pytest.raises(SchemaError) as info:
        gd.loads(tomli_w.dumps(BAD_DOCUMENT), "toml")
    assert issue_paths(info.value) == BAD_PATHS


@pytest.mark.parametrize("key", ["agency", "year", "edition"])
def test_missing_required_key(key: str) -> None:
    """Each required key, when missing, is named in the SchemaError."""
    document = header()
    del document[key]
    error = schema_error(document)
    assert issue_paths(error) == {f"$.{key}"}


def test_all_required_keys_missing_are_all_listed() -> None:
    """Missing agency, year and edition are listed together."""
    assert issue_paths(schema_error({"schema_version": 1})) == {"$.agency", "$.year", "$.edition"}


@pytest.mark.parametrize("version", [2, 0, "1", 1.5, True, None])
def test_wrong_schema_version(version: Any) -> None:
    """A schema_version other than the integer 1 is a SchemaError at $.schema_version."""
    error = schema_error(header() | {"schema_version": version})
    assert issue_paths(error) == {"$.schema_version"}


def test_missing_schema_version() -> None:
    """A document without schema_version is a SchemaError saying which version is expected."""
    document = header()
    del document["schema_version"]
    error = schema_error(document)
    assert issue_paths(error) == {"$.schema_version"}
    assert str(gd.SCHEMA_VERSION) in error.issues[0].message


@pytest.mark.parametrize("form", ["2020", 2021, "", None, "2021 "])
@pytest.mark.parametrize("table", ["proactive", "applications"])
def test_wrong_form(table: str, form: Any) -> None:
    """A table form other than "2019"/"2021" is a SchemaError at the table."""
    error = schema_error(header() | {table: {"form": form}})
    assert issue_paths(error) == {f"$.{table}"}


def test_form_of_the_other_edition_keeps_its_own_fields() -> None:
    """A 2019-form table 三 rejects the 2021 sub-items of （六） as unknown keys."""
    error = schema_error(
        header() | {"applications": {"form": "2019", "other": {"unpaid_fees": {}}}}
    )
    assert issue_paths(error) == {"$.applications.other.unpaid_fees"}


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ([], "$"),
        ("report", "$"),
        (header() | {"applications": 5}, "$.applications"),
        (header() | {"overview": "一段话"}, "$.overview"),
        (header() | {"overview": ["一段话", 3]}, "$.overview"),
        (header() | {"published": "2024-13-01"}, "$.published"),
        (header() | {"title": 5}, "$.title"),
        (header() | {"agency": None}, "$.agency"),
        (header() | {"edition": "2022"}, "$.edition"),
        (header() | {"printed": {"proactive.fees": 3}}, "$.printed"),
        (header() | {"printed": ["x"]}, "$.printed"),
    ],
)
def test_other_bad_shapes(document: Any, path: str) -> None:
    """Bad shapes of the other fields are SchemaErrors at their path."""
    assert path in issue_paths(schema_error(document))


def test_negative_numbers_are_content_not_schema_errors() -> None:
    """The loader accepts negative counts and amounts; validate reports them (P001, P002)."""
    document = header() | {
        "proactive": {"licensing": -1, "fees": "-2.5"},
        "reviews": {"review": {"upheld": -3}},
    }
    report = gd.loads(json.dumps(document), "json")
    assert report.get("proactive.licensing") == -1
    assert report.get("proactive.fees") == Decimal("-2.5")
    codes = {f.code for f in gd.validate(report)}
    assert {"P001", "P002"} <= codes


def test_printed_key_that_is_not_a_cell() -> None:
    """A printed key naming no cell of the report is a SchemaError at $.printed."""
    error = schema_error(header() | {"proactive": {}, "printed": {"proactive.nope": "——"}})
    assert any(issue.path.startswith("$.printed") for issue in error.issues)
    assert "proactive.nope" in str(error)


def test_printed_key_error_is_listed_with_the_other_errors() -> None:
    """A bad printed key is listed even when other parts of the document are bad too."""
    document = header() | {"year": "2024", "printed": {"applications.nope": "——"}}
    error = schema_error(document)
    assert "$.year" in issue_paths(error)
    assert "applications.nope" in str(error)


# --- unreadable input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [
        ("json", '{\n  "agency": "x",\n  ,\n}', 3),
        ("json", '{\n  "agency": "x"\n  "year": 2024\n}', 3),
        ("json", "", 1),
        ("toml", 'schema_version = 1\nagency = "x"\nyear = = 2024\n', 3),
        ("toml", "schema_version = 1\n[applications\n", 2),
        ("toml", 'agency = "x"\nagency = "y"\n', 2),
    ],
)
def test_malformed_text_raises_decode_error_with_file_and_line(
    fmt: str, text: str, line: int
) -> None:
    """Malformed JSON/TOML raises DecodeError naming the file and the line."""
    with pytest.raises(DecodeError) as info:
        gd.loads(text, fmt, file=f"report.{fmt}")  # type: ignore[arg-type]
    error = info.value
    assert error.file == f"report.{fmt}"
    assert error.line == line
    assert str(error).startswith(f"report.{fmt}:{line}")
    assert isinstance(error, gd.GovDisclosureError)


@pytest.mark.parametrize("fmt", FORMATS)
def test_malformed_file_names_its_path(tmp_path: Path, fmt: str) -> None:
    """load() of a malformed file raises DecodeError naming the file's path and line."""
    path = tmp_path / f"broken.{fmt}"
    path.write_text('agency = "x"\n{\n' if fmt == "toml" else '{"agency":\n\n]', encoding="utf-8")
    with pytest.raises(DecodeError) as info:
        gd.load(path)
    assert info.value.file == str(path)
    assert info.value.line is not None
    assert info.value.line > 1
    assert str(path) in str(info.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_bytes(tmp_path: Path, fmt: str) -> None:
    """Bytes that are not UTF-8 raise DecodeError naming the file and the line they are on."""
    body = gd.dumps(sample_report("2021"), fmt).encode("utf-8")
    bad = body.replace("示例".encode(), "示例".encode("gb18030"), 1)
    line = body[: body.index("示例".encode())].count(b"\n") + 1
    path = tmp_path / f"gbk.{fmt}"
    path.write_bytes(bad)
    with pytest.raises(DecodeError) as info:
        gd.load(path)
    assert info.value.file == str(path)
    assert info.value.line == line
    with pytest.raises(DecodeError):
        gd.loads(bad, fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
def test_utf8_bom_is_accepted(tmp_path: Path, fmt: str) -> None:
    """A file that starts with a UTF-8 byte order mark loads in either format."""
    report = sample_report("2021")
    path = tmp_path / f"bom.{fmt}"
    path.write_bytes(b"\xef\xbb\xbf" + gd.dumps(report, fmt).encode("utf-8"))  # type: ignore[arg-type]
    assert gd.load(path) == report


def test_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    """load() of a file that does not exist raises FileNotFoundError."""
    with pytest.raises(FileNotFoundError):
        gd.load(tmp_path / "absent.json")


def test_unknown_suffix_raises_value_error(tmp_path: Path) -> None:
    """load() of a .txt file raises ValueError naming the suffix and the accepted ones."""
    path = tmp_path / "report.txt"
    path.write_text(gd.dumps(sample_report("2021")), encoding="utf-8")
    with pytest.raises(ValueError, match=r"'\.txt'.*\.json or \.toml") as info:
        gd.load(path)
    assert str(path) in str(info.value)
    assert not isinstance(info.value, gd.GovDisclosureError)
    assert gd.load(path, "json") == sample_report("2021")  # an explicit format still works
    with pytest.raises(ValueError, match="suffix"):
        gd.dump(sample_report("2021"), tmp_path / "out.yaml")


def test_format_of_suffixes() -> None:
    """format_of maps .json/.toml in any case and rejects anything else."""
    assert format_of("a.json") == "json"
    assert format_of(Path("b.TOML")) == "toml"
    for name in ("c.txt", "d", "e.json.bak"):
        with pytest.raises(ValueError, match="suffix"):
            format_of(name)


def test_unknown_format_name_raises_value_error() -> None:
    """dumps/loads with a format other than json/toml raise ValueError."""
    with pytest.raises(ValueError, match="unknown format"):
        gd.dumps(sample_report("2021"), "yaml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format"):
        gd.loads("{}", "yaml")  # type: ignore[arg-type]


# --- one loader, through the model's constructors ------------------------------------------


def test_loaded_reports_pass_the_model_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """An invariant added to the model applies to loaded documents: loading builds tables and
    the report through their constructors."""
    from gov_disclosure.model import Reviews

    text = gd.dumps(huaian_2024())

    def no_more_than_300(values: Any) -> bool:
        if any(v is not None and v > 300 for v in values):
            raise ValueError("a new invariant")
        return False

    monkeypatch.setattr(Reviews, "_check", no_more_than_300)
    with pytest.raises(ValueError, match="a new invariant"):
        gd.loads(text)

    monkeypatch.undo()

    def reject(self: AnnualReport) -> None:
        raise ValueError("another invariant")

    monkeypatch.setattr(AnnualReport, "__attrs_post_init__", reject)
    with pytest.raises(ValueError, match="another invariant"):
        gd.loads(text)


def test_a_bug_in_the_loader_is_not_reported_as_a_schema_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unexpected exception inside the loader propagates as itself, not as a SchemaError."""
    from gov_disclosure import serialize

    def broken(*args: Any) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(serialize, "_in_range", broken)  # the complete document's path
    with pytest.raises(ZeroDivisionError):
        gd.loads(gd.dumps(huaian_2024()))
    monkeypatch.setattr(serialize, "_collect", broken)  # a document missing a row
    with pytest.raises(ZeroDivisionError):
        gd.loads(gd.dumps(huaian_2024().replace("reviews.review.upheld", None)))


@FAST
@given(any_reports())
def test_the_converter_reads_what_it_writes(report: AnnualReport) -> None:
    """make_converter() structures a report's document with the same loader as from_dict."""
    converter = gd.serialize.make_converter()
    data = converter.unstructure(report, AnnualReport)
    assert converter.structure(data, AnnualReport) == report
    with pytest.raises(SchemaError):
        converter.structure({**data, "year": "2024"}, AnnualReport)
