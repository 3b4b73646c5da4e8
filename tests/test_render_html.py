"""Tests of the HTML renderer: golden pages, the tables re-read with ``html.parser``, findings
marking, escaping and random reports (the page in a real browser: test_render_html_browser.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gov_disclosure import AnnualReport, Finding, Location, Severity, to_cells, validate
from gov_disclosure.cells import from_cells
from gov_disclosure.grid import cell_text, table_grid
from gov_disclosure.render.html import render_html, table_html
from gov_disclosure.statutory import (
    SECTIONS,
    T2_CONTENT_HEADER,
    T3_CAPTION,
    TABLE3_NOTE,
    CellKind,
    CellSpec,
    Edition,
    TableSpec,
    table_spec,
)
from gov_disclosure.testing import hongze_2023, sample_report

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("GOV_DISCLOSURE_REGEN_GOLDEN") == "1"

# --- a small DOM built with the standard library -------------------------------------------------

_VOID = frozenset({"meta", "col", "br", "link", "img", "input", "hr", "wbr", "source"})


@dataclass(eq=False)
class Node:
    """An element of the re-read page: tag, attributes, children and text pieces in order."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """All text inside the element, as written."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        """Every descendant element (document order), optionally only of one tag."""
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def classes(self) -> set[str]:
        """The element's CSS classes."""
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> tuple[Node, str | None]:
    """Re-read a page into a tree (every element must be closed properly)."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, "an element was left open"
    return builder.root, builder.doctype


# --- tables re-read -------------------------------------------------------------------------------


@dataclass
class ReadTable:
    """A ``<table>`` re-read: its rows of cells, and the grid with spans expanded."""

    node: Node
    rows: list[list[Node]]
    slots: dict[tuple[int, int], tuple[Node, tuple[int, int]]]
    origin: dict[int, tuple[int, int]]
    width: int

    def at(self, r: int, c: int) -> Node:
        """The cell covering grid position (r, c)."""
        return self.slots[(r, c)][0]


def read_table(node: Node) -> ReadTable:
    """Expand rowspan/colspan of a table into a full rectangle, checking nothing overlaps."""
    rows = [[c for c in tr.children if isinstance(c, Node)] for tr in node.iter("tr")]
    slots: dict[tuple[int, int], tuple[Node, tuple[int, int]]] = {}
    origin: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            assert cell.tag in ("th", "td")
            while (r, c) in slots:
                c += 1
            rowspan = int(cell.attrs.get("rowspan", "1"))
            colspan = int(cell.attrs.get("colspan", "1"))
            assert rowspan >= 1
            assert colspan >= 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert (r + dr, c + dc) not in slots, "merged cells overlap"
                    slots[(r + dr, c + dc)] = (cell, (r, c))
            origin[id(cell)] = (r, c)
            c += colspan
    width = 1 + max(c for _, c in slots)
    height = 1 + max(r for r, _ in slots)
    assert height == len(rows), "a rowspan reaches past the last row"
    for r in range(height):
        for c in range(width):
            assert (r, c) in slots, f"grid position ({r}, {c}) is not covered: not rectangular"
    return ReadTable(node, rows, slots, origin, width)


def tables_of(page: str) -> dict[str, ReadTable]:
    """The statutory tables of a page by key (二/三/四), read from their CSS class."""
    root, _ = parse(page)
    out: dict[str, ReadTable] = {}
    for node in root.iter("table"):
        keys = [c.removeprefix("table-") for c in node.classes() if c.startswith("table-")]
        assert len(keys) == 1
        out[keys[0]] = read_table(node)
    return out


def official_labels(spec: TableSpec) -> set[str]:
    """Every header and label text the official template prints in a table."""
    labels: set[str] = set()
    for column in spec.columns:
        labels.update(column.labels)
    for row in spec.rows:
        labels.update(row.labels)
    if spec.key == "二":
        labels.add(T2_CONTENT_HEADER)
    if spec.key == "三":
        labels.update({TABLE3_NOTE, T3_CAPTION})
    return labels


def heads_above(table: ReadTable, r: int, c: int) -> list[Node]:
    """Distinct header cells above (r, c), top first."""
    out: list[Node] = []
    for k in range(r):
        node = table.at(k, c)
        if node.tag == "th" and node not in out:
            out.append(node)
    return out


def labels_left(table: ReadTable, r: int, c: int) -> list[Node]:
    """Distinct header cells left of (r, c) in the same row, leftmost first."""
    out: list[Node] = []
    for k in range(c):
        node = table.at(r, k)
        if node.tag == "th" and node not in out:
            out.append(node)
    return out


def check_table(table: ReadTable, report: AnnualReport, spec: TableSpec) -> None:
    """Every value cell holds the spec's cell at the right place; every label is official."""
    cells = [c for c in to_cells(report) if c.table == spec.key]
    values = [node for row in table.rows for node in row if node.tag == "td"]
    assert len(values) == len(cells) == len(spec.cells)
    for node, cell, cspec in zip(values, cells, spec.cells, strict=True):
        assert (cell.row, cell.column) == (cspec.row.labels, cspec.column.labels)
        assert node.text() == cell_text(cspec, cell.value, report.printed.get(cell.path))
        assert "num" in node.classes()
        r, c = table.origin[id(node)]
        above = heads_above(table, r, c)
        left = [n.text() for n in labels_left(table, r, c)]
        if spec.key == "二":
            assert above[-1].text() == cspec.column.label
            blocks = [n for n in above if int(n.attrs.get("colspan", "1")) == table.width]
            assert blocks[-1].text() == cspec.row.labels[0]
            assert left == [cspec.row.label]
        elif spec.key == "三":
            assert [n.text() for n in above] == [T3_CAPTION, *cspec.column.labels]
            assert left == list(cspec.row.labels)
        else:
            assert [n.text() for n in above] == list(cspec.column.labels)
            assert left == []
    headers = [node for row in table.rows for node in row if node.tag == "th"]
    assert {n.text() for n in headers} == official_labels(spec)
    for node in headers:
        tr = node.parent
        assert tr is not None
        group = tr.parent
        assert group is not None
        group_rows = list(group.iter("tr"))
        rowspan = int(node.attrs.get("rowspan", "1"))
        colspan = int(node.attrs.get("colspan", "1"))
        if "label" in node.classes():
            heads_group = len(group_rows) > 1 and rowspan == len(group_rows)
            assert node.attrs["scope"] == ("rowgroup" if heads_group else "row")
        elif group.tag == "tbody" and colspan == table.width:  # a table-二 block header
            assert node.attrs["scope"] == "rowgroup"
            assert group_rows[0] is tr
        else:
            assert node.attrs["scope"] in ("col", "colgroup")
    head = [n for n in table.node.iter("thead")]
    assert len(head) == (0 if spec.key == "二" else 1)
    assert list(table.node.iter("tbody"))
    head_rows = sum(len(list(h.iter("tr"))) for h in head)
    for th in (n for h in head for n in h.iter("th")):
        r, _ = table.origin[id(th)]
        below = r + int(th.attrs.get("rowspan", "1")) < head_rows  # sub-headers under it
        assert th.attrs["scope"] == ("colgroup" if below else "col")
    captions = list(table.node.iter("caption"))
    assert len(captions) == 1
    assert captions[0].text().startswith(f"表{spec.key}")


def check_page(page: str, report: AnnualReport) -> None:
    """The whole page re-read: every present table matches the model, missing ones have a note."""
    tables = tables_of(page)
    present = {t.spec().key: t for t in report.tables()}
    assert set(tables) == set(present)
    for key, table in present.items():
        check_table(tables[key], report, table.spec())


# --- golden files ---------------------------------------------------------------------------------


def _golden_cases() -> dict[str, Any]:
    return {
        "sample-2019": lambda: render_html(sample_report("2019")),
        "sample-2021": lambda: render_html(sample_report("2021")),
        "mixed": lambda: render_html(hongze_2023()),
        "mixed-findings": lambda: render_html(hongze_2023(), mark_findings=True),
    }


@pytest.mark.parametrize("name", sorted(_golden_cases()))
def test_golden(name: str) -> None:
    """The rendered page equals its golden file byte for byte (regenerate with the env switch)."""
    page = _golden_cases()[name]()
    path = GOLDEN / f"{name}.html"
    if REGEN:
        path.parent.mkdir(exist_ok=True)
        path.write_text(page, encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing {path}: run with GOV_DISCLOSURE_REGEN_GOLDEN=1"
    assert page == path.read_text(encoding="utf-8")


def test_deterministic() -> None:
    """Rendering the same report twice gives identical text."""
    report = hongze_2023()
    assert render_html(report, mark_findings=True) == render_html(report, mark_findings=True)


# --- structure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make", [lambda: sample_report("2019"), lambda: sample_report("2021"), hongze_2023]
)
def test_tables_match_model(make: Any) -> None:
    """Re-reading every table of a page rebuilds the model's cells at the official places."""
    report = make()
    check_page(render_html(report), report)


def test_page_shell(report: AnnualReport) -> None:
    """The page is one self-contained UTF-8 document with the six official section headings."""
    page = render_html(report)
    root, doctype = parse(page)
    assert doctype is not None
    assert doctype.lower() == "doctype html"
    html_node = next(root.iter("html"))
    assert html_node.attrs["lang"] == "zh-CN"
    assert any(m.attrs.get("charset") == "utf-8" for m in root.iter("meta"))
    assert next(root.iter("title")).text() == report.display_title
    assert next(root.iter("h1")).text() == report.display_title
    assert [h.text() for h in root.iter("h2")] == [s.title for s in SECTIONS]
    for tag in ("script", "link", "img", "iframe"):
        assert not list(root.iter(tag))
    style = "".join(n.text() for n in root.iter("style"))
    assert "@page" in style
    assert "A4" in style
    assert "url(" not in style
    assert "http" not in page
    paragraphs = {p.text() for p in root.iter("p")}
    for text in (*report.overview, *report.problems, *report.other_matters):
        assert text in paragraphs
    for table in report.tables():
        assert set(table.prose) <= paragraphs


def test_every_official_label_present(edition: str) -> None:
    """Every official section title, row and column label appears in the page of each edition."""
    report = sample_report(edition)
    page = render_html(report)
    tables = tables_of(page)
    for table in report.tables():
        spec = table.spec()
        found = {n.text() for row in tables[spec.key].rows for n in row if n.tag == "th"}
        assert official_labels(spec) <= found
    for section in SECTIONS:
        assert f"<h2>{section.title}</h2>" in page


def test_missing_table_note() -> None:
    """A missing table renders a note in its section instead of a table."""
    report = attrs.evolve(sample_report("2021"), reviews=None)
    page = render_html(report)
    root, _ = parse(page)
    assert set(tables_of(page)) == {"二", "三"}
    notes = [p for p in root.iter("p") if "missing" in p.classes()]
    assert len(notes) == 1
    assert notes[0].text().strip()
    section = notes[0].parent
    assert section is not None
    assert section.attrs["id"] == "reviews"
    assert not list(section.iter("table"))
    assert next(section.iter("h2")).text() == SECTIONS[3].title


def test_printed_text_shown() -> None:
    """A cell's printed text (a dash, an annotation) is shown instead of its number."""
    report = attrs.evolve(
        sample_report("2021"),
        printed={
            "proactive.regulations.issued": "22（其中修订 16 件）",
            "reviews.review.other": "-",
        },
    )
    page = render_html(report)
    check_page(page, report)
    assert '<td class="num">22（其中修订 16 件）</td>' in page
    assert '<td class="num">-</td>' in page


# --- escaping -------------------------------------------------------------------------------------


def test_escaping() -> None:
    """Text with markup and ampersands is escaped everywhere and reads back unchanged."""
    evil = "<script>alert(\"x\")</script> & 1 < 2 > 0 'q'"
    report = attrs.evolve(
        sample_report("2021"),
        agency=f"某局{evil}",
        overview=(evil,),
        problems=(f"{evil}&amp;",),
        printed={"applications.received.total": evil},
    )
    assert report.reviews is not None
    report = attrs.evolve(report, reviews=attrs.evolve(report.reviews, prose=(evil,)))
    page = render_html(report)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "&amp; 1 &lt; 2" in page
    root, _ = parse(page)
    texts = [p.text() for p in root.iter("p")]
    assert texts.count(evil) == 2
    assert f"{evil}&amp;" in texts
    assert next(root.iter("title")).text() == report.display_title
    check_page(page, report)


def test_escaping_in_marks() -> None:
    """A finding message with markup is escaped inside the title attribute and the list."""
    report = sample_report("2021")
    finding = Finding(
        "X999",
        Severity.WARNING,
        'bad "<b>" & more',
        Location("四", (), ("行政复议", "总计")),
    )
    page = render_html(report, findings=[finding])
    assert "<b>" not in page
    root, _ = parse(page)
    marked = [n for n in root.iter("td") if "finding" in n.classes()]
    assert len(marked) == 1
    assert marked[0].attrs["title"] == 'X999 bad "<b>" & more'
    assert "finding-warning" in marked[0].classes()


# --- findings marking -----------------------------------------------------------------------------


def _marked(page: str) -> dict[str, list[tuple[Node, tuple[int, int], ReadTable]]]:
    out: dict[str, list[tuple[Node, tuple[int, int], ReadTable]]] = {}
    for key, table in tables_of(page).items():
        for row in table.rows:
            for node in row:
                if "finding" in node.classes():
                    out.setdefault(key, []).append((node, table.origin[id(node)], table))
    return out


def _value_index(table: ReadTable, node: Node) -> int:
    values = [n for row in table.rows for n in row if n.tag == "td"]
    return values.index(node)


def test_mixed_report_a401_marked() -> None:
    """The table-四 totals that break 总计 = Σ parts in the mixed report are marked with the message."""
    report = hongze_2023()
    assert report.reviews is not None
    spec = table_spec("四")
    values = report.reviews.values()
    expected: set[int] = set()
    for start in range(0, len(spec.cells), 5):
        parts, total = values[start : start + 4], values[start + 4]
        if sum(v or 0 for v in parts) != total:
            expected.add(start + 4)
    assert expected  # the published report does have this error
    findings = [f for f in validate(report) if f.code == "A401"]
    page = render_html(report, mark_findings=True)
    marked = _marked(page)
    assert set(marked) == {"四"}
    got = {_value_index(t, node): node for node, _, t in marked["四"]}
    assert set(got) == expected
    for index, node in got.items():
        cspec = spec.cells[index]
        assert {"finding", "finding-error"} <= node.classes()
        mine = [f for f in findings if f.location.column == cspec.column.labels]
        assert len(mine) == 1
        assert node.attrs["title"] == f"A401 {mine[0].message}"
        assert mine[0].message in node.attrs["title"]


def test_findings_list() -> None:
    """Every finding is listed at the top with its code, location and message; a section-level
    one (the mixed-form warning) is listed without marking any cell."""
    report = hongze_2023()
    findings = validate(report)
    page = render_html(report, findings=findings)
    assert page == render_html(report, mark_findings=True)
    root, _ = parse(page)
    sections = [s for s in root.iter("section") if "findings" in s.classes()]
    assert len(sections) == 1
    items = list(sections[0].iter("li"))
    assert len(items) == len(findings)
    for item, finding in zip(items, findings, strict=True):
        text = item.text()
        assert finding.code in text
        assert str(finding.location) in text
        assert finding.message in text
        assert f"severity-{finding.severity.value}" in item.classes()
    section_level = [f for f in findings if not (f.location.row or f.location.column)]
    assert [f.code for f in section_level] == ["S003"]
    assert not any("S003" in n.attrs.get("title", "") for n in root.iter("td"))


def test_no_findings_section_without_findings() -> None:
    """Without findings there is no findings list; with an empty list it says nothing was found."""
    report = sample_report("2021")
    root, _ = parse(render_html(report))
    assert not [s for s in root.iter("section") if "findings" in s.classes()]
    page = render_html(report, findings=[])
    assert page == render_html(report, mark_findings=True)  # the sample has no finding
    root, _ = parse(page)
    (section,) = [s for s in root.iter("section") if "findings" in s.classes()]
    assert not list(section.iter("li"))
    assert "未发现问题" in section.text()
    assert not _marked(page)


def test_column_and_row_findings_mark_headers() -> None:
    """A column-level finding (A303) marks the column header; a row-level one (B001) the row label."""
    report = sample_report("2021").replace("applications.received.commercial", None)
    report = report.replace("applications.received.research", 10_000)
    findings = validate(report)
    codes = {f.code for f in findings}
    assert {"A303", "B001", "A301"} <= codes
    page = render_html(report, findings=findings)
    marked = _marked(page)["三"]
    heads = {n.text(): n for n, _, _ in marked if n.tag == "th"}
    a303 = [f for f in findings if f.code == "A303"]
    for f in a303:
        header = heads[f.location.column[-1]]
        assert "label" not in header.classes()
        assert f.message in header.attrs["title"]
        assert "finding-error" in header.classes()
    b001 = [f for f in findings if f.code == "B001"]
    assert len(b001) == 1
    label = heads[b001[0].location.row[-1]]
    assert "label" in label.classes()
    assert {"finding", "finding-info"} <= label.classes()
    assert label.attrs["title"] == f"B001 {b001[0].message}"
    assert {n.text() for n, _, _ in marked if n.tag == "th"} == {
        *(f.location.column[-1] for f in a303),
        b001[0].location.row[-1],
    }


def test_several_findings_on_one_cell() -> None:
    """Several findings on one cell join their codes and messages with newlines; the worst severity wins."""
    report = sample_report("2021").replace("applications.total.total", 999)
    cell = table_spec("三", Edition.E2021).by_path["total.total"]
    address = (cell.row.labels, cell.column.labels)
    findings = [*validate(report)]
    here = [f for f in findings if (f.location.row, f.location.column) == address]
    assert {f.code for f in here} == {"A301", "A302"}
    info = Finding("Z001", Severity.INFO, "说明", Location("三", *address))
    page = render_html(report, findings=[info, *findings])
    tds = [n for n, _, _ in _marked(page)["三"] if n.tag == "td"]
    assert len(tds) == 1
    assert tds[0].text() == "999"
    assert "finding-error" in tds[0].classes()
    assert "finding-info" not in tds[0].classes()
    lines = tds[0].attrs["title"].split("\n")
    assert lines == [f"{f.code} {f.message}" for f in [info, *here]]


def test_unplaceable_finding_only_listed() -> None:
    """A finding on a table the report does not have is listed but marks nothing."""
    report = attrs.evolve(sample_report("2021"), reviews=None)
    finding = Finding("A401", Severity.ERROR, "消息", Location("四", (), ("行政复议", "总计")))
    page = render_html(report, findings=[finding])
    assert not _marked(page)
    root, _ = parse(page)
    (section,) = [s for s in root.iter("section") if "findings" in s.classes()]
    assert "消息" in section.text()


def test_other_year_finding_not_marked() -> None:
    """A cross-year finding about another year's report is listed, not marked on this one."""
    report = sample_report("2021")
    finding = Finding(
        "C301", Severity.WARNING, "跨年", Location("四", (), ("行政复议", "总计")), year=1999
    )
    page = render_html(report, findings=[finding])
    assert not _marked(page)
    assert "1999年度" in page


def test_table_html_marks_by_path_position_and_cell() -> None:
    """table_html marks a value cell by its path, any cell by grid position, or by the cell itself."""
    report = sample_report("2021")
    assert report.applications is not None
    grid = table_grid(report.applications, printed=report.printed)
    corner = grid.head[0][0]
    markup = table_html(
        grid,
        marks={
            "applications.received.total": ("m-path", "by path"),
            (1, 3): ("m-pos", "by position"),
            corner: ("m-cell", "by cell"),
        },
    )
    table = read_table(next(parse(markup)[0].iter("table")))
    by_class = {
        cls: node
        for row in table.rows
        for node in row
        for cls in node.classes()
        if cls.startswith("m-")
    }
    assert set(by_class) == {"m-path", "m-pos", "m-cell"}
    assert by_class["m-pos"].text() == "自然人"
    assert by_class["m-cell"].text() == TABLE3_NOTE
    values = [n for row in table.rows for n in row if n.tag == "td"]
    spec = report.applications.spec()
    assert values.index(by_class["m-path"]) == spec.by_path["received.total"].index
    assert by_class["m-path"].attrs["title"] == "by path"
    assert not list(parse(markup)[0].iter("caption"))


# --- random reports -------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=12
)


def _value(cell: CellSpec) -> st.SearchStrategy[Any]:
    if cell.kind is CellKind.MONEY:
        return st.none() | st.decimals(
            min_value=Decimal("-1000"),
            max_value=Decimal("100000000"),
            places=4,
            allow_nan=False,
            allow_infinity=False,
        )
    return st.none() | st.integers(min_value=-50, max_value=10**9)


@st.composite
def reports(draw: st.DrawFn) -> AnnualReport:
    """Random reports: any form per table (or missing), any values, printed texts and prose."""
    edition = draw(st.sampled_from(list(Edition)))
    cells: list[tuple[str, tuple[str, ...], tuple[str, ...], Any]] = []
    specs: list[TableSpec] = []
    for key in ("二", "三", "四"):
        choice = draw(st.sampled_from([None, Edition.E2019, Edition.E2021]))
        if choice is None and draw(st.booleans()):
            continue
        spec = table_spec(key, choice or edition)
        specs.append(spec)
        for cell in spec.cells:
            cells.append((key, cell.row.labels, cell.column.labels, draw(_value(cell))))
    report = from_cells(
        cells,
        agency=draw(_TEXT) or "某局",
        year=draw(st.integers(2000, 2100)),
        edition=edition,
        overview=draw(st.lists(_TEXT, max_size=2)),
        problems=draw(st.lists(_TEXT, max_size=1)),
    )
    paths = [f"{s.attr}.{c.path}" for s in specs for c in s.cells]
    if paths:
        chosen = draw(st.lists(st.sampled_from(paths), max_size=4, unique=True))
        report = attrs.evolve(report, printed={p: draw(_TEXT) for p in chosen})
    for spec in specs:
        table = getattr(report, spec.attr)
        report = attrs.evolve(
            report, **{spec.attr: attrs.evolve(table, prose=draw(st.lists(_TEXT, max_size=2)))}
        )
    return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.booleans())
def test_random_reports_reread(report: AnnualReport, mark: bool) -> None:
    """Any report renders, and its re-read tables always match the model."""
    page = render_html(report, mark_findings=mark)
    check_page(page, report)
    root, _ = parse(page)
    paragraphs = [p.text() for p in root.iter("p") if not p.classes()]
    expected = [*report.overview]
    for section in SECTIONS[1:4]:
        table = getattr(report, section.key)
        expected += list(table.prose) if table is not None else []
    expected += [*report.problems, *report.other_matters]
    assert paragraphs == expected
    if mark:
        sections = [s for s in root.iter("section") if "findings" in s.classes()]
        assert len(list(sections[0].iter("li"))) == len(validate(report))
