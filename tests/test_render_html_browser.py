"""The rendered report page in a real browser (headless Chromium, ``tests/browser.py``): what a
reader sees on screen, on a narrow screen and on A4 paper.

The pages are :func:`render_html` of real reports (the examples) and of one with deliberate
errors, with the findings marked. Checked: every statutory table lies inside the printable
width of A4 (the page's ``@page`` rule) and inside a narrow screen, no cell's text spills out of
the cell, marked cells stand out (background and outline unlike unmarked cells, on screen and
on paper), each link of the findings list leads to a visible marked cell of that finding, and
Chinese text is drawn with real glyphs.
"""

from __future__ import annotations

import base64
import struct
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from browser import PX_PER_MM, Browser, Rect, css_length_mm, rgb
from gov_disclosure import AnnualReport, load, validate
from gov_disclosure.render.html import render_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

A4_MM = (210.0, 297.0)
NARROW = 360
"""A narrow phone screen, in CSS pixels."""


def hongze() -> AnnualReport:
    """洪泽区 2023 as published: table 四 does not add up (A401), a mixed-form warning."""
    return load(EXAMPLES / "hongze-2023.json")


def huaian() -> AnnualReport:
    """淮安市 2024: consistent, 2021 form, large figures."""
    return load(EXAMPLES / "huaian-2024.toml")


def huaian_with_errors() -> AnnualReport:
    """淮安市 2024 with deliberate errors in all three tables: findings of every severity, on
    value cells (A301/A302/A401/P001), whole columns (A303) and a row (B001)."""
    return (
        huaian()
        .replace("proactive.regulations.issued", -1)
        .replace("applications.total.total", 9999)
        .replace("applications.received.commercial", None)
        .replace("applications.received.research", 10_000)
        .replace("reviews.review.total", 3)
    )


REPORTS: dict[str, Callable[[], AnnualReport]] = {
    "hongze-2023": hongze,
    "huaian-2024": huaian,
    "huaian-errors": huaian_with_errors,
}


@pytest.fixture(params=sorted(REPORTS))
def page(request: pytest.FixtureRequest, browser: Browser) -> AnnualReport:
    """Each report rendered with its findings marked and opened in the browser."""
    report = REPORTS[request.param]()
    browser.open_html(render_html(report, mark_findings=True), name=f"{request.param}.html")
    return report


def printable_width_mm(browser: Browser) -> float:
    """The page's printable width: its ``@page`` size less the left and right margins."""
    rule = browser.page_rule()
    assert rule is not None, "the page has no @page rule"
    size = rule["size"].split()
    if size[0].lower() == "a4":
        width = A4_MM[1] if "landscape" in size else A4_MM[0]
    else:
        width = css_length_mm(size[0])
    return width - css_length_mm(rule["left"]) - css_length_mm(rule["right"])


def px(value: str) -> float:
    """A computed length (``56.69px``) in pixels."""
    return float(value.removesuffix("px"))


def assert_tables_fit(browser: Browser, width: float) -> None:
    """Every statutory table and all of its cells lie inside ``width`` pixels from the left
    edge, no cell's text sticks out of its cell, and the page never scrolls sideways."""
    tables = browser.find_all("table.statutory")
    assert len(tables) >= 2
    for table, box in zip(tables, browser.rects(tables), strict=True):
        name = table.get_attribute("class")
        assert box.width > 0
        assert Rect(0, box.top, width, box.height).contains(box), f"{name}: {box} beyond {width}px"
        cells = browser.find_all("th, td", table)
        for cell, cell_box in zip(cells, browser.rects(cells), strict=True):
            assert box.contains(cell_box), f"{name}: {browser.text(cell)!r} outside its table"
        spilled = [
            (browser.text(cell), round(over, 1))
            for cell, over in zip(cells, browser.overflows(cells), strict=True)
            if over > 0.5
        ]
        assert not spilled, f"{name}: text beyond its cell (pixels): {spilled}"
    page_width = browser.js("return document.documentElement.scrollWidth;")
    assert page_width <= browser.js("return window.innerWidth;")


# --- the browser helper itself ------------------------------------------------------------------


def test_helper_sees_overflow_hiding_and_covering(browser: Browser) -> None:
    """The measurements are not vacuous: a cell whose text spills, a hidden element, a covered
    one and an empty one are told apart from the fine ones."""
    browser.open_html(
        """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
        table { table-layout: fixed; width: 200px; border-collapse: collapse; }
        td { width: 50%; border: 1px solid; }
        #cover { position: absolute; left: 0; top: 100px; width: 300px; height: 50px;
                 background: white; }
        </style></head><body>
        <table><tr><td id="fits">12</td><td id="spills" style="white-space: nowrap">
        政府信息公开工作年度报告</td></tr></table>
        <p id="shown">可见</p><p id="hidden" style="visibility: hidden">隐藏</p>
        <p id="none" style="display: none">无</p><p id="empty"></p>
        <p id="covered" style="position: absolute; left: 10px; top: 110px">被遮住</p>
        <div id="cover"></div></body></html>"""
    )
    assert browser.overflow("#fits") == 0
    assert browser.overflow("#spills") > 50
    assert browser.visible("#shown")
    for hidden in ("#hidden", "#none", "#empty", "#covered"):
        assert not browser.visible(hidden), hidden
    assert browser.rect("#fits").width == pytest.approx(100, abs=1)
    assert Rect(0, 0, 10, 10).contains(Rect(1, 1, 9, 9))
    assert not Rect(0, 0, 10, 10).contains(Rect(1, 1, 10, 9))
    assert rgb(browser.style("#cover", "background-color")) == (255, 255, 255, 1.0)


def test_helper_resolves_and_follows_links(browser: Browser) -> None:
    """Links come back with absolute addresses, and clicking one loads the file it names."""
    first = browser.open_html(
        '<!DOCTYPE html><meta charset="utf-8"><p><a href="sub/next.html">下一页</a></p>'
    )
    (first.parent / "sub").mkdir()
    (first.parent / "sub" / "next.html").write_text(
        '<meta charset="utf-8"><h1>下一页</h1>', encoding="utf-8"
    )
    target = (first.parent / "sub" / "next.html").as_uri()
    assert browser.links() == [("下一页", target)]
    browser.find("a").click()
    assert browser.url == target
    assert browser.text("h1") == "下一页"


# --- layout -------------------------------------------------------------------------------------


def test_tables_fit_a4_print_width(browser: Browser, page: AnnualReport) -> None:
    """Printed (print media, laid out at the printable width of the page's ``@page`` rule),
    every table lies inside the margins of A4 and no cell's text spills."""
    rule = browser.page_rule()
    assert rule is not None
    assert rule["size"].lower() == "a4"
    width = printable_width_mm(browser) * PX_PER_MM
    assert width == pytest.approx(180 * PX_PER_MM)
    browser.viewport(int(width))
    browser.media("print")
    assert browser.style("body", "padding-left") == "0px"  # the print rules apply
    assert_tables_fit(browser, width)


def test_tables_fit_a4_sheet_on_screen(browser: Browser, page: AnnualReport) -> None:
    """On a wide screen the page is an A4 sheet: the tables lie inside its text area."""
    body = browser.rect("body")
    assert body.width == pytest.approx(A4_MM[0] * PX_PER_MM, abs=1)
    inner = body.width - 2 * px(browser.style("body", "padding-left"))
    assert inner <= printable_width_mm(browser) * PX_PER_MM + 0.5
    for table in browser.rects(browser.find_all("table.statutory")):
        assert table.width <= inner + 0.5
        assert body.contains(table)
    assert_tables_fit(browser, browser.js("return window.innerWidth;"))


def test_tables_fit_narrow_screen(browser: Browser, page: AnnualReport) -> None:
    """On a phone-sized screen the page does not scroll sideways, each table scrolls inside
    its section, no cell's text spills, and every marked cell can be scrolled to and seen."""
    browser.viewport(NARROW)
    sections = browser.find_all("section.section")
    for section, box in zip(sections, browser.rects(sections), strict=True):
        assert Rect(0, box.top, NARROW, box.height).contains(box), section.get_attribute("id")
    for table in browser.find_all("table.statutory"):
        # the whole table can be scrolled to inside its section
        reach = browser.js("return arguments[0].closest('section').scrollWidth;", table)
        assert reach >= browser.rect(table).width - 0.5
    assert not browser.spills("table.statutory th, table.statutory td")
    page_width = browser.js("return document.documentElement.scrollWidth;")
    assert page_width <= NARROW
    for cell in browser.find_all(".finding"):
        assert browser.visible(cell), browser.text(cell)


def test_no_cell_spills_at_any_width(browser: Browser, page: AnnualReport) -> None:
    """From a phone to a wide screen (every 20 px), and printed on A4 at every scale of the
    print dialog from 50 % to 125 % (which lays the page out at the printable width divided by
    the scale), no cell's text sticks out of its cell and the page never scrolls sideways."""
    cells = "table.statutory th, table.statutory td"
    spilled: dict[str, list[tuple[str, float]]] = {}
    for width in range(NARROW, 1261, 20):
        browser.viewport(width)
        if found := browser.spills(cells):
            spilled[f"screen {width}px"] = found
        assert browser.js("return document.documentElement.scrollWidth;") <= width
    browser.media("print")
    printable = printable_width_mm(browser) * PX_PER_MM
    for scale in range(50, 126, 5):
        width = round(printable * 100 / scale)
        browser.viewport(width)
        if found := browser.spills(cells):
            spilled[f"print at {scale}% ({width}px)"] = found
    assert not spilled


def test_printed_pdf_keeps_text_inside_margins(browser: Browser) -> None:
    """Chromium's own print to PDF (A4 from ``@page``, background graphics off as in the print
    dialog's default): every character of every page lies inside the left and right margins,
    and the marks keep their colour on paper."""
    import pypdfium2 as pdfium

    browser.open_html(render_html(huaian_with_errors(), mark_findings=True))
    rule = browser.page_rule()
    assert rule is not None
    printed = browser.driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False}
    )
    pdf = pdfium.PdfDocument(base64.b64decode(printed["data"]))
    pt_per_mm = 72 / 25.4
    left = css_length_mm(rule["left"]) * pt_per_mm
    right = (A4_MM[0] - css_length_mm(rule["right"])) * pt_per_mm
    error_bg = rgb(browser.style(".finding-error", "background-color"))[:3]
    colours: Counter[tuple[int, int, int]] = Counter()
    assert len(pdf) >= 2
    for number in range(len(pdf)):
        sheet = pdf[number]
        assert sheet.get_size() == pytest.approx(
            (A4_MM[0] * pt_per_mm, A4_MM[1] * pt_per_mm), abs=1
        )
        text = sheet.get_textpage()
        for i in range(text.count_chars()):
            x0, _, x1, _ = text.get_charbox(i)
            if x1 > x0:  # spaces and line ends have an empty box
                where = (number + 1, text.get_text_range(i, 1))
                assert x0 >= left - 1, where
                assert x1 <= right + 1, where
        bitmap = sheet.render(scale=0.5, rev_byteorder=True)
        colours.update(
            _pixels(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels)
        )
    assert colours[error_bg] > 100, "the error marks lost their background on paper"


def _pixels(
    buffer: object, width: int, height: int, stride: int, channels: int
) -> Counter[tuple[int, int, int]]:
    data = bytes(buffer)  # type: ignore[call-overload]
    out: Counter[tuple[int, int, int]] = Counter()
    for y in range(height):
        row = data[y * stride : y * stride + width * channels]
        out.update(zip(row[0::channels], row[1::channels], row[2::channels], strict=True))
    return out


# --- findings -----------------------------------------------------------------------------------


def test_marked_cells_stand_out(browser: Browser, page: AnnualReport) -> None:
    """Every marked cell is visible, with a background and an outline of its severity that
    no unmarked cell has; on screen it shows mostly that background, unmarked cells white."""
    findings = validate(page)
    marked = browser.find_all("table.statutory .finding")
    if not any(f.location.row or f.location.column for f in findings):
        assert not marked
        return
    assert marked
    plain = browser.find_all("table.statutory td:not(.finding)")
    plain_bg = {browser.style(cell, "background-color") for cell in plain[:20]}
    assert len(plain_bg) == 1
    (plain_colour,) = plain_bg
    severity_bg: dict[str, str] = {}
    for cell in marked:
        classes = set((cell.get_attribute("class") or "").split())
        (severity,) = {c for c in classes if c.startswith("finding-")}
        bg = browser.style(cell, "background-color")
        assert bg != plain_colour
        assert rgb(bg)[3] == 1.0
        assert severity_bg.setdefault(severity, bg) == bg
        assert browser.style(cell, "outline-style") == "solid"
        assert px(browser.style(cell, "outline-width")) >= 2
        assert browser.style(cell, "outline-color") != bg
        assert browser.visible(cell), browser.text(cell)
        assert cell.get_attribute("title")
    assert len(set(severity_bg.values())) == len(severity_bg)  # one colour per severity
    # the pixels on screen: mostly the mark's background, its outline along the edges
    background = rgb(browser.style(marked[0], "background-color"))[:3]
    shown = browser.colours(marked[0])
    assert shown.most_common(1)[0][0] == background
    assert shown[rgb(browser.style(marked[0], "outline-color"))[:3]] > 0
    unmarked = browser.colours(plain[0])
    assert unmarked.most_common(1)[0][0] == (255, 255, 255)
    assert unmarked[background] == 0


def test_findings_links_lead_to_their_cells(browser: Browser, page: AnnualReport) -> None:
    """Each link of the findings list points at an existing, visible marked cell whose title
    names that finding, and following it brings the cell into view."""
    items = browser.find_all("section.findings li")
    assert len(items) == len(validate(page))
    links = browser.find_all("section.findings li a")
    placed = browser.find_all("section.findings li .placed")
    assert len(links) == len(placed)
    if any(f.location.row or f.location.column for f in validate(page)):
        assert links
    for item in items:
        anchors = browser.find_all("a", item)
        if not anchors:
            continue
        (link,) = anchors
        href = link.get_attribute("href") or ""
        target_id = browser.js("return decodeURIComponent(arguments[0].hash.slice(1));", link)
        assert href.endswith(f"#{target_id}")
        target = browser.js("return document.getElementById(arguments[0]);", target_id)
        assert target is not None, f"no element with id {target_id!r}"
        assert "finding" in (target.get_attribute("class") or "").split()
        assert browser.visible(target)
        code = browser.text(browser.find_all(".code", item)[0])
        assert code in (target.get_attribute("title") or "")
    for link in links:
        browser.js("window.scrollTo(0, 0);")
        link.click()
        target_id = browser.js("return decodeURIComponent(location.hash.slice(1));")
        box = browser.rect(f"[id='{target_id}']")
        height = browser.js("return window.innerHeight;")
        # half of the collapsed border may sit above the viewport's top edge
        assert box.top >= -1, f"#{target_id} above the view"
        assert box.bottom <= height, f"#{target_id} below the view"
        assert browser.js("return document.querySelector(':target').id;") == target_id


# --- Chinese text -------------------------------------------------------------------------------


def test_chinese_text_has_real_glyphs(browser: Browser, page: AnnualReport) -> None:
    """Chinese headings, captions and labels are drawn with CJK fonts: full-width characters
    one em wide each and distinct glyphs for distinct characters, not empty boxes."""
    headings = browser.find_all("section.section > h2")
    assert len(headings) == 6
    for heading in headings:
        text = browser.text(heading)
        width = browser.js(
            "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
            " return r.getBoundingClientRect().width;",
            heading,
        )
        size = px(browser.style(heading, "font-size"))
        # 一、总体情况: every character is full width
        assert width == pytest.approx(len(text) * size, rel=0.05), (
            f"{text!r} is {width}px wide: no CJK font (Debian: apt-get install fonts-noto-cjk)"
        )
    for selector in ("h1", "table.statutory caption", "table.statutory th.label"):
        elements = browser.find_all(selector)
        assert all(box.width > 0 for box in browser.rects(elements)), selector
        text = "".join(browser.text(element) for element in elements)
        chars = list(dict.fromkeys(c for c in text if "\u4e00" <= c <= "\u9fff"))
        assert len(chars) >= 3, selector
        images = browser.glyph_images("".join(chars[:8]), elements[0])
        assert len(set(images)) == len(images), (
            f"{selector}: {chars[:8]} drawn as identical boxes (no CJK font)"
        )
    assert browser.platform_fonts("section.section > h2")


# --- a picture of the page ----------------------------------------------------------------------


def test_headless_chromium_screenshot(browser: Browser) -> None:
    """Headless Chromium renders the page to a non-trivial PNG of the viewport's size."""
    browser.open_html(render_html(hongze(), mark_findings=True))
    browser.viewport(1240, 1800)
    data = browser.screenshot()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1240, 1800)
    assert len(data) > 30_000  # a blank page compresses to a few kilobytes
