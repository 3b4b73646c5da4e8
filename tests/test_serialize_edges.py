"""The edges of loading: whatever the input, only SchemaError or DecodeError, in bounded time
and memory, and whatever loads can be dumped again."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gov_disclosure as gd
from gov_disclosure.serialize import MAX_COUNT, MAX_DEPTH
from gov_disclosure.testing import sample_report

HEAD = 'schema_version = 1\nagency = "某局"\nyear = 2024\nedition = "2021"\n'
JSON_HEAD = {"schema_version": 1, "agency": "某局", "year": 2024, "edition": "2021"}


def outcome(text: str | bytes, fmt: str) -> gd.AnnualReport | gd.GovDisclosureError:
    """What loads makes of ``text``: a report (which dumps again) or the library's error."""
    start = time.perf_counter()
    error: gd.GovDisclosureError | None = None
    try:
        report = gd.loads(text, fmt, file=f"fuzz.{fmt}")  # type: ignore[arg-type]
    except (gd.SchemaError, gd.DecodeError) as exc:
        error = exc
    assert time.perf_counter() - start < 2
    if error is not None:
        assert str(error).startswith(f"fuzz.{fmt}")
        assert len(str(error)) < 20_000
        return error
    for out in ("json", "toml"):
        gd.loads(gd.dumps(report, out), out)  # type: ignore[arg-type]
    return report


@pytest.mark.parametrize(
    ("text", "fmt", "error"),
    [
        (HEAD + "x = " + "[" * 500 + "]" * 500, "toml", gd.DecodeError),  # 1
        (HEAD + "x = " + "{a=" * 2000 + "1" + "}" * 2000, "toml", gd.DecodeError),  # 1
        (HEAD + "x = " + "9" * 5000, "toml", gd.SchemaError),  # 2 (issue 14: at its path)
        (HEAD + "x = " + "9" * 5000 + "z", "toml", gd.DecodeError),  # 2
        (HEAD + "[proactive]\nlicensing = 18446744073709551616", "toml", gd.SchemaError),  # 3
        (HEAD + "[proactive]\nlicensing = -9223372036854775809", "toml", gd.SchemaError),  # 3
        ("[" * 1000 + "]" * 1000, "json", gd.SchemaError),  # 4
        ("[" * 5000 + "]" * 5000, "json", gd.DecodeError),  # 4
        (HEAD + "[proactive]\nfees = 1e999999999", "toml", gd.SchemaError),  # 5
        (HEAD + '[proactive]\nfees = "1' + "0" * 100_000 + '"', "toml", gd.SchemaError),  # 5
        (HEAD.replace("某局", "\ud800"), "toml", gd.DecodeError),  # 6
        (
            json.dumps(JSON_HEAD, ensure_ascii=False).replace("某局", "\ud800"),
            "json",
            gd.DecodeError,
        ),  # 6
        (HEAD + "[proactive]\nfees = 12.5", "toml", gd.SchemaError),  # 8
        (
            '{"schema_version": 1e400, }',
            "json",
            gd.DecodeError,
        ),  # issue 14: bad after a long number
        ('{"schema_version": 1e400, "x": NaN}', "json", gd.DecodeError),
    ],
)
def test_edge_inputs_raise_the_librarys_errors(text: str, fmt: str, error: type) -> None:
    """Each input that once ended in a traceback, a hang or a huge allocation (issue 10)."""
    assert isinstance(outcome(text, fmt), error)


def test_overlong_integer_names_the_file_and_line() -> None:
    """A TOML integer beyond Python's digit limit in text that is not TOML either is a
    DecodeError at its line."""
    with pytest.raises(gd.DecodeError) as info:
        gd.loads(HEAD + "x = " + "9" * 5000 + " y", "toml", file="big.toml")
    assert (info.value.file, info.value.line, info.value.column) == ("big.toml", 5, 5)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_counts_beyond_the_limit_read_alike(fmt: str) -> None:
    """2⁶⁴ is refused in both formats with the same message about the range."""
    document = JSON_HEAD | {"proactive": {"licensing": 2**64}}
    text = (
        json.dumps(document) if fmt == "json" else HEAD + "[proactive]\nlicensing = " + str(2**64)
    )
    with pytest.raises(gd.SchemaError) as info:
        gd.loads(text, fmt)  # type: ignore[arg-type]
    (issue,) = info.value.issues
    assert f"a whole number from -{MAX_COUNT} to {MAX_COUNT}" in issue.message


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_whole_number_written_with_a_fraction_is_that_number(fmt: str) -> None:
    """``12.0`` is the count 12 and the amount 12 in both formats."""
    text = gd.dumps(gd.from_dict(JSON_HEAD | {"proactive": {"licensing": 7, "fees": "3"}}), fmt)
    text = text.replace("7", "12.0").replace('"3"', "3.0")
    report = gd.loads(text, fmt)  # type: ignore[arg-type]
    assert report.get("proactive.licensing") == 12
    assert type(report.get("proactive.licensing")) is int
    assert str(report.get("proactive.fees")) == "3"


def test_lone_surrogate_in_python_data_is_a_schema_error() -> None:
    """from_dict refuses a str that cannot be written (so dumps never fails)."""
    with pytest.raises(gd.SchemaError):
        gd.from_dict(JSON_HEAD | {"agency": "\udc80", "overview": ["\ud800"]})


def test_from_cells_is_exported() -> None:
    """from_cells is the inverse of to_cells, at the top level."""
    report = sample_report("2021")
    back = gd.from_cells(
        gd.to_cells(report), agency=report.agency, year=report.year, edition=report.edition
    )
    assert back.applications.values() == report.applications.values()


# --- fuzz -----------------------------------------------------------------------------------

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = {
    "json": gd.dumps(sample_report("2021")),
    "toml": gd.dumps(sample_report("2019"), "toml"),
}
PIECES = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        '"',
        "'",
        ",",
        ":",
        "=",
        "\n",
        ".",
        "-",
        "0",
        "1e999",
        "12.5",
        "18446744073709551616",
        "9" * 40,
        "nan",
        "inf",
        "true",
        "null",
        "\ud800",
        "\x00",
        "[[a]]",
        "[proactive]",
        "fees = ",
        "printed.",
        "form",
        "2019",
        "2021",
        "1.0",
        '"""',
        "\\u0000",
        "\\ud800",
        "\ufeff",
        "一",
        "[" * 300,
        "{a=" * 200,
    ]
)


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> str:
    """A valid document with a few slices replaced by odd pieces or arbitrary text."""
    text = SEEDS[fmt]
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(text)))
        stop = draw(st.integers(start, min(len(text), start + 40)))
        piece = draw(st.one_of(PIECES, st.text(max_size=20)))
        text = text[:start] + piece + text[stop:]
    return text


@FUZZ
@given(st.sampled_from(["json", "toml"]).flatmap(lambda f: st.tuples(st.just(f), mutated(f))))
def test_fuzz_mutated_documents(case: tuple[str, str]) -> None:
    """Mutated JSON and TOML documents: a report or the library's error, nothing else."""
    fmt, text = case
    outcome(text, fmt)
    outcome(text.encode("utf-8", "surrogatepass"), fmt)


@FUZZ
@given(st.sampled_from(["json", "toml"]), st.one_of(st.text(), st.binary()))
def test_fuzz_arbitrary_input(fmt: str, text: Any) -> None:
    """Arbitrary text or bytes: only SchemaError or DecodeError."""
    outcome(text, fmt)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    st.sampled_from(["proactive", "applications", "reviews", "printed", "published", "year"]),
    JSON_VALUES,
)
def test_fuzz_values_in_a_document(key: str, value: Any) -> None:
    """Any JSON value under any top-level key: only the library's errors."""
    try:
        text = json.dumps(JSON_HEAD | {key: value}, ensure_ascii=False)
    except ValueError:
        return
    outcome(text, "json")


def test_load_refuses_an_unknown_format(tmp_path: Path) -> None:
    """``load`` with a format it does not know says so, as ``loads`` does (it used to read the
    file as TOML whatever the format said)."""
    path = tmp_path / "report.toml"
    path.write_text('agency = "某县统计局"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        gd.load(path, format="yaml")  # type: ignore[arg-type]


# --- values nested deep, numbers too long (issue 14, items 7 and 8) ---------------------------

CELL_PATHS = [
    ("applications", "received", "total"),
    ("applications", "refused", "state_secret", "natural_person"),
    ("proactive", "fees"),
    ("reviews", "review", "upheld"),
    ("year",),
]


def nested_in(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """The document head with ``value`` at ``path``."""
    for key in reversed(path):
        value = {key: value}
    return JSON_HEAD | value


def deep(depth: int, kind: str = "list") -> Any:
    """A value ``depth`` arrays (or objects) deep around a 1."""
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


def only_issue(error: gd.SchemaError) -> gd.SchemaIssue:
    assert len(error.issues) == 1, error.issues
    return error.issues[0]


@pytest.mark.parametrize("depth", [1000, 5000, 100_000])
@pytest.mark.parametrize("kind", ["list", "dict"])
def test_deep_nesting_in_a_count_is_a_schema_error_at_its_path(depth: int, kind: str) -> None:
    """from_dict with a value nested far beyond the recursion limit names the cell's path."""
    with pytest.raises(gd.SchemaError) as info:
        gd.from_dict(nested_in(("applications", "received", "total"), deep(depth, kind)))
    issue = only_issue(info.value)
    assert issue.path == "$.applications.received.total"
    assert len(str(info.value)) < 1000


def test_deep_nesting_in_json_text_is_a_schema_error_at_its_path() -> None:
    """JSON text nested 1,000 deep inside a count (within the JSON reader's own limit)."""
    head = json.dumps(JSON_HEAD)[:-1]
    text = head + ', "applications": {"received": {"total": ' + "[" * 1000 + "]" * 1000 + "}}}"
    with pytest.raises(gd.SchemaError) as info:
        gd.loads(text, "json", file="deep.json")
    assert only_issue(info.value).path == "$.applications.received.total"
    assert info.value.file == "deep.json"


@pytest.mark.parametrize("depth", [65, 1000, 10_000])
def test_deep_nesting_in_toml_text_is_refused_at_its_line(depth: int) -> None:
    """TOML nested beyond MAX_DEPTH is refused before parsing, at the line and column where it
    gets too deep, whatever the stack (no RecursionError)."""
    text = HEAD + "[applications.received]\ntotal = " + "[" * depth + "1" + "]" * depth + "\n"
    with pytest.raises(gd.DecodeError) as info:
        gd.loads(text, "toml", file="deep.toml")
    assert (info.value.line, info.value.column) == (6, 9 + MAX_DEPTH)
    assert f"nested more than {MAX_DEPTH} deep" in str(info.value)


def test_brackets_in_toml_strings_and_comments_are_not_nesting() -> None:
    """The depth scan skips strings and comments: a prose full of brackets loads."""
    brackets = "[" * 100 + "{" * 100
    text = (
        HEAD
        + f"overview = ['{brackets}', \"{brackets}\", '''{brackets}''', \"\"\"{brackets}\"\"\"]\n"
        + f"# {brackets}\n"
    )
    report = gd.loads(text, "toml")
    assert report.overview == (brackets,) * 4


@FUZZ
@given(
    st.sampled_from(CELL_PATHS),
    st.integers(1, 3000),
    st.sampled_from(["list", "dict"]),
    st.sampled_from(["python", "json"]),
)
def test_fuzz_nesting_depth_anywhere(
    path: tuple[str, ...], depth: int, kind: str, how: str
) -> None:
    """Any nesting depth at any cell: a SchemaError naming that cell, or (JSON beyond its
    reader's limit of 1,024) a DecodeError — never RecursionError."""
    document = nested_in(path, deep(depth, kind))
    error: type[gd.GovDisclosureError] = gd.SchemaError
    if how == "json" and depth + len(path) >= 1024:
        error = gd.DecodeError  # orjson's own limit: refused as malformed, with a position
    if how == "python":
        with pytest.raises(error) as info:
            gd.from_dict(document)
    else:
        text = json.dumps(document) if depth < 200 else _deep_json(path, depth, kind)
        with pytest.raises(error) as info:
            gd.loads(text, "json")
    if isinstance(info.value, gd.SchemaError):
        assert only_issue(info.value).path == "$." + ".".join(path)


def _deep_json(path: tuple[str, ...], depth: int, kind: str) -> str:
    """The JSON text of a document with a value nested ``depth`` deep at ``path`` (written out
    by hand: the json module recurses)."""
    inner = (
        ("[" * depth + "1" + "]" * depth)
        if kind == "list"
        else ('{"a":' * depth + "1" + "}" * depth)
    )
    text = inner
    for key in reversed(path):
        text = "{" + json.dumps(key) + ":" + text + "}"
    return json.dumps(JSON_HEAD)[:-1] + "," + text[1:]


@pytest.mark.parametrize("digits", [4301, 5000, 100_000])
@pytest.mark.parametrize("path", CELL_PATHS)
def test_a_number_of_thousands_of_digits_is_a_schema_error_at_its_path(
    digits: int, path: tuple[str, ...]
) -> None:
    """from_dict with a count (or year, or amount) of more digits than Python converts to text
    names the path (it raised ValueError from int → str)."""
    for sign in (1, -1):
        with pytest.raises(gd.SchemaError) as info:
            gd.from_dict(nested_in(path, sign * 10 ** (digits - 1)))
        issue = only_issue(info.value)
        assert issue.path == "$." + ".".join(path)
        assert (
            f"about {digits} digits" in issue.message
            or f"about {digits - 1} digits" in issue.message
        )


@pytest.mark.parametrize("path", CELL_PATHS)
def test_a_long_number_in_json_text_is_a_schema_error_at_its_path(path: tuple[str, ...]) -> None:
    """JSON text with a 5,000-digit number, or one beyond a double (1e400), names the path."""
    for number in ("9" * 5000, "-" + "9" * 5000, "1e400", "9" * 400):
        text = _json_with(path, number)
        with pytest.raises(gd.SchemaError) as info:
            gd.loads(text, "json", file="long.json")
        assert only_issue(info.value).path == "$." + ".".join(path)
        assert len(str(info.value)) < 1000


def test_json_numbers_beside_a_long_one_read_as_usual() -> None:
    """Where a long number sends the reading to the fallback reader, the other numbers keep
    their meaning: 12.0 is the count 12, not an error."""
    text = json.dumps(JSON_HEAD | {"reviews": {"review": {"upheld": 12.0}}})
    text = text[:-1] + ', "applications": {"received": {"total": ' + "9" * 5000 + "}}}"
    with pytest.raises(gd.SchemaError) as info:
        gd.loads(text, "json")
    assert [issue.path for issue in info.value.issues] == ["$.applications.received.total"]


def _json_with(path: tuple[str, ...], number: str) -> str:
    text = number
    for key in reversed(path):
        text = "{" + json.dumps(key) + ":" + text + "}"
    return json.dumps(JSON_HEAD)[:-1] + "," + text[1:]


@pytest.mark.parametrize("path", CELL_PATHS)
def test_a_long_number_in_toml_text_is_a_schema_error_at_its_path(path: tuple[str, ...]) -> None:
    """TOML text with a 5,000-digit count (or year, or amount), in a table, an inline table or
    an array, names its path; the strings and other numbers beside it read as written."""
    *tables, key = path
    for number in ("9" * 5000, "-" + "9" * 5000, "+" + "1_0" * 2500):
        header = f"[{'.'.join(tables)}]\n" if tables else ""
        text = HEAD.replace("year = 2024\n", "") + f'overview = ["{number}", "12.5"]\n'
        if key != "year":
            text += "year = 2024\n"
        text += header + f"{key} = {number}\n"
        with pytest.raises(gd.SchemaError) as info:
            gd.loads(text, "toml", file="long.toml")
        assert only_issue(info.value).path == "$." + ".".join(path)
        assert len(str(info.value)) < 1000
    inline = (
        HEAD + "[applications]\nreceived = { total = " + "9" * 5000 + ", natural_person = 2 }\n"
    )
    with pytest.raises(gd.SchemaError) as info:
        gd.loads(inline, "toml")
    assert only_issue(info.value).path == "$.applications.received.total"
