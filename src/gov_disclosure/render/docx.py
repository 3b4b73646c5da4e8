"""Word (.docx) output in the official layout, set like a 公文.

:func:`render_docx` writes an A4 portrait document with 公文 margins: the title centred in the
title font, the six section headings of :data:`~gov_disclosure.statutory.SECTIONS` in the
heading font, prose in the body font with a two-character first-line indent, and the three
statutory tables with the official merged cells of :func:`gov_disclosure.grid.table_grid` (merged with
python-docx's ``cell.merge()``, which writes ``gridSpan``/``vMerge``).

python-docx is the optional extra ``docx`` and is imported only when a document is rendered.
The output is deterministic: the document properties carry a date derived from the report
(its publication date, else 1 January of the following year) and the zip entries are
rewritten with that timestamp, so the same report always gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import quoteattr

from attrs import field, frozen
from attrs.validators import instance_of, min_len

from ..grid import MISSING_TABLE_NOTE, Grid, GridCell, expand, table_grid
from ..model import AnnualReport
from ..numbers import format_date
from ..statutory import SECTIONS
from . import _form_note, _metadata

__all__ = ["DocxFonts", "render_docx"]

_INSTALL_HINT = 'install the "docx" extra: pip install "gov-disclosure[docx]"'


def _font(default: str) -> Any:
    return field(default=default, validator=[instance_of(str), min_len(1)])


@frozen(kw_only=True)
class DocxFonts:
    """Font names used in the document.

    Word has no per-run fallback list: a machine that lacks a named face substitutes one of
    its own. The document's font table names 宋体, 仿宋 and 黑体 as the alternates of the
    default faces and marks every East Asian face as a GB2312 font, which steers Word's and
    LibreOffice's substitution towards a Chinese face of the same kind.
    """

    title: str = _font("方正小标宋简体")
    """The title (二号)."""
    body: str = _font("仿宋_GB2312")
    """Prose (三号) and table text."""
    heading: str = _font("黑体")
    """Section headings (三号)."""
    latin: str = _font("Times New Roman")
    """Latin letters and digits in every run (``w:ascii``/``w:hAnsi``)."""


# --- page and type -------------------------------------------------------------------------

_TWIPS_PER_CM = 1440 / 2.54


def _twips(cm: float) -> int:
    return round(cm * _TWIPS_PER_CM)


_PAGE_WIDTH = _twips(21.0)  # A4 portrait: 11906 × 16838 twips
_PAGE_HEIGHT = _twips(29.7)
_MARGIN_TOP = _twips(3.7)
_MARGIN_BOTTOM = _twips(3.5)
_MARGIN_LEFT = _twips(2.8)
_MARGIN_RIGHT = _twips(2.6)
_TEXT_WIDTH = _PAGE_WIDTH - _MARGIN_LEFT - _MARGIN_RIGHT

_TITLE_PT = 22  # 二号
_BODY_PT = 16  # 三号
_META_PT = 10.5  # 五号: the metadata line under the title
_LINE_PT = 28  # exact line pitch of body text (about 22 lines a page, as a 公文)
_FOOTER_PT = 14  # 四号
_TABLE_PT = {"二": 10.5, "三": 10, "四": 9}  # about 五号; tables 三 and 四 have 10 and 15 columns
_TABLE_LINE = 1.25  # exact line pitch of table text, as a multiple of its size
_CELL_MARGIN = 57  # twips (0.1 cm) left and right inside a cell

_ALTERNATES = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
}

_DROPPED_PARTS = frozenset({"thumbnail", "stylesWithEffects"})  # relationship types of the template
_PROPERTY_MAX = 255  # characters a core document property may hold

_BAD_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    """Text Word can store: characters XML 1.0 forbids are dropped."""
    return _BAD_XML.sub("", text)


# --- python-docx at the boundary ------------------------------------------------------------


class _Docx:
    """The parts of python-docx this module uses, imported on first use."""

    def __init__(self) -> None:
        try:
            import docx
            from docx.enum.section import WD_ORIENT
            from docx.enum.style import WD_STYLE_TYPE
            from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
            from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn
            from docx.shared import Pt, Twips
        except ImportError as exc:
            raise ImportError(_INSTALL_HINT) from exc
        self.Document: Any = docx.Document
        self.ORIENT: Any = WD_ORIENT
        self.STYLE: Any = WD_STYLE_TYPE
        self.VALIGN: Any = WD_CELL_VERTICAL_ALIGNMENT
        self.TABLE_ALIGN: Any = WD_TABLE_ALIGNMENT
        self.LINE: Any = WD_LINE_SPACING
        self.ALIGN: Any = WD_PARAGRAPH_ALIGNMENT
        self.element: Any = OxmlElement
        self.qn: Any = qn
        self.Pt: Any = Pt
        self.Twips: Any = Twips


_api: _Docx | None = None


def _docx() -> _Docx:
    global _api
    if _api is None:
        _api = _Docx()
    return _api


# --- entry point ------------------------------------------------------------------------------


def render_docx(report: AnnualReport, *, fonts: DocxFonts | None = None) -> bytes:
    """The report as a Word document (.docx bytes) in the official layout.

    ``fonts`` names the faces (default 方正小标宋简体 / 仿宋_GB2312 / 黑体, Latin text in
    Times New Roman). Raises ``ImportError`` when python-docx (the ``docx`` extra) is missing.
    """
    if not isinstance(report, AnnualReport):
        raise TypeError(f"render_docx: expected an AnnualReport, got {type(report).__name__}")
    fonts = DocxFonts() if fonts is None else fonts
    if not isinstance(fonts, DocxFonts):
        raise TypeError(f"render_docx: fonts must be a DocxFonts, got {type(fonts).__name__}")
    api = _docx()
    stamp = _timestamp(report)
    doc = api.Document()
    _setup(doc, api, fonts, report, stamp)
    _body(doc, api, fonts, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue(), stamp, fonts)


def _timestamp(report: AnnualReport) -> datetime.datetime:
    """The fixed date stamped into the document: publication date, else 1 January after."""
    if report.published is not None:
        day = report.published
        return datetime.datetime(day.year, day.month, day.day)
    return datetime.datetime(min(report.year + 1, 9999), 1, 1)


# --- document setup ---------------------------------------------------------------------------


def _setup(
    doc: Any, api: _Docx, fonts: DocxFonts, report: AnnualReport, stamp: datetime.datetime
) -> None:
    qn = api.qn
    section = doc.sections[0]
    section.orientation = api.ORIENT.PORTRAIT
    section.page_width = api.Twips(_PAGE_WIDTH)
    section.page_height = api.Twips(_PAGE_HEIGHT)
    section.top_margin = api.Twips(_MARGIN_TOP)
    section.bottom_margin = api.Twips(_MARGIN_BOTTOM)
    section.left_margin = api.Twips(_MARGIN_LEFT)
    section.right_margin = api.Twips(_MARGIN_RIGHT)
    section.header_distance = api.Twips(_twips(1.5))
    section.footer_distance = api.Twips(_twips(2.5))
    _page_number_footer(section, api, fonts)

    # Document defaults: Chinese language, no paragraph spacing (template has 10 pt after).
    styles = doc.styles.element
    r_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = r_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    _fonts_of(r_default, api, fonts.body, fonts.latin)
    p_default = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = p_default.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    theme_lang = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")

    normal = doc.styles["Normal"]
    _style_font(normal, api, fonts.body, fonts.latin, _BODY_PT)
    normal.paragraph_format.line_spacing_rule = api.LINE.EXACTLY
    normal.paragraph_format.line_spacing = api.Pt(_LINE_PT)

    title = doc.styles["Title"]
    _style_font(title, api, fonts.title, fonts.latin, _TITLE_PT)
    _plain_style(title, api)
    title.paragraph_format.alignment = api.ALIGN.CENTER
    title.paragraph_format.line_spacing_rule = api.LINE.SINGLE
    title.paragraph_format.space_before = api.Pt(0)
    title.paragraph_format.space_after = api.Pt(_LINE_PT)

    heading = doc.styles["Heading 1"]
    _style_font(heading, api, fonts.heading, fonts.latin, _BODY_PT)
    _plain_style(heading, api)
    heading.paragraph_format.line_spacing_rule = api.LINE.EXACTLY
    heading.paragraph_format.line_spacing = api.Pt(_LINE_PT)
    heading.paragraph_format.space_before = api.Pt(0)
    heading.paragraph_format.space_after = api.Pt(0)
    heading.paragraph_format.first_line_indent = api.Pt(2 * _BODY_PT)

    for key, size in _TABLE_PT.items():
        style = doc.styles.add_style(_table_style_name(key), api.STYLE.PARAGRAPH)
        style.base_style = normal
        _style_font(style, api, fonts.body, fonts.latin, size)
        style.paragraph_format.line_spacing_rule = api.LINE.EXACTLY
        style.paragraph_format.line_spacing = api.Pt(size * _TABLE_LINE)
        style.paragraph_format.first_line_indent = api.Pt(0)

    # Drop the template's thumbnail (a picture of an empty page) and its Word 2010 copy of the
    # styles (it would still hold the template's unmodified styles).
    for owner in (doc.part.package, doc.part):
        for rid, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_PARTS:
                owner.rels.pop(rid)

    props = doc.core_properties
    props.title = _xml_safe(report.display_title)[:_PROPERTY_MAX]
    props.author = _xml_safe(report.agency)[:_PROPERTY_MAX]
    props.subject = report.edition.document  # the format the report declares
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.last_modified_by = ""
    props.language = "zh-CN"
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _table_style_name(key: str) -> str:
    """The paragraph style of table text: ``Table Text 3`` for the table of section 三."""
    number = next(s.number for s in SECTIONS if s.table == key)
    return f"Table Text {number}"


def _fonts_of(rpr: Any, api: _Docx, east_asian: str, latin: str) -> None:
    """Set explicit fonts on an ``w:rPr`` (replacing theme fonts)."""
    qn = api.qn
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _style_font(style: Any, api: _Docx, east_asian: str, latin: str, size: float) -> None:
    style.font.size = api.Pt(size)
    _fonts_of(style.element.get_or_add_rPr(), api, east_asian, latin)


def _plain_style(style: Any, api: _Docx) -> None:
    """Black, not bold, no border: the built-in Title/Heading styles set as a 公文."""
    qn = api.qn
    style.font.bold = False
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:bCs", "w:spacing", "w:kern"):
        for el in rpr.findall(qn(tag)):
            rpr.remove(el)
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for el in ppr.findall(qn(tag)):
            ppr.remove(el)


def _set_run(run: Any, api: _Docx, east_asian: str, latin: str, size: float) -> None:
    run.font.size = api.Pt(size)
    _fonts_of(run._r.get_or_add_rPr(), api, east_asian, latin)


def _page_number_footer(section: Any, api: _Docx, fonts: DocxFonts) -> None:
    """A centred ``— n —`` page number, as 公文 print it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = api.ALIGN.CENTER
    paragraph.paragraph_format.first_line_indent = api.Pt(0)
    paragraph.paragraph_format.line_spacing_rule = api.LINE.SINGLE
    for text in ("— ", None, " —"):
        run = paragraph.add_run()
        _set_run(run, api, "宋体", fonts.latin, _FOOTER_PT)
        if text is not None:
            run.text = text
            continue
        for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
            if kind is None:
                el = api.element("w:instrText")
                el.set(api.qn("xml:space"), "preserve")
                el.text = instr
            else:
                el = api.element("w:fldChar")
                el.set(api.qn("w:fldCharType"), kind)
            run._r.append(el)
        number = api.element("w:t")
        number.text = "1"
        run._r.append(number)
        end = api.element("w:fldChar")
        end.set(api.qn("w:fldCharType"), "end")
        run._r.append(end)


# --- content ----------------------------------------------------------------------------------


def _body(doc: Any, api: _Docx, fonts: DocxFonts, report: AnnualReport) -> None:
    title = doc.add_paragraph(style="Title")
    title.alignment = api.ALIGN.CENTER
    _set_run(
        title.add_run(_xml_safe(report.display_title)), api, fonts.title, fonts.latin, _TITLE_PT
    )
    # The metadata line the HTML page prints under its title too (报告机关, 报告年度, 格式,
    # 发布日期), so that a Word document, like every other rendering, reads back whole.
    meta = doc.add_paragraph()
    meta.alignment = api.ALIGN.CENTER
    meta.paragraph_format.first_line_indent = api.Pt(0)
    _set_run(
        meta.add_run(_xml_safe("　".join(_metadata(report)))),
        api,
        fonts.body,
        fonts.latin,
        _META_PT,
    )
    for section in SECTIONS:
        heading = doc.add_paragraph(style="Heading 1")
        _set_run(heading.add_run(section.title), api, fonts.heading, fonts.latin, _BODY_PT)
        content = getattr(report, section.key)
        if section.table is None:
            _prose(doc, api, fonts, content)
            continue
        if content is None:
            _prose(doc, api, fonts, (MISSING_TABLE_NOTE,))  # the note Markdown and text print too
            continue
        _prose(doc, api, fonts, content.prose)
        note = _form_note(content, report)  # a table in the other edition's form says so
        if note is not None:
            _prose(doc, api, fonts, (note,))
        _table(doc, api, fonts, table_grid(content, printed=report.printed))
    if report.published is not None:
        for text in (report.agency, format_date(report.published)):
            paragraph = doc.add_paragraph()
            paragraph.alignment = api.ALIGN.RIGHT
            paragraph.paragraph_format.right_indent = api.Pt(2 * _BODY_PT)
            _set_run(paragraph.add_run(_xml_safe(text)), api, fonts.body, fonts.latin, _BODY_PT)


def _prose(doc: Any, api: _Docx, fonts: DocxFonts, paragraphs: Sequence[str]) -> None:
    for text in paragraphs:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = api.Pt(2 * _BODY_PT)
        paragraph.alignment = api.ALIGN.JUSTIFY
        _set_run(paragraph.add_run(_xml_safe(text)), api, fonts.body, fonts.latin, _BODY_PT)


def _column_widths(grid: Grid) -> list[int]:
    """Column widths in twips, summing to the text width (label columns wider)."""
    if grid.key == "三":
        # The row-group column is narrow, as in the official template.
        labels = [_twips(0.7), _twips(2.0), _twips(5.3)][-grid.label_columns :]
    elif grid.key == "二":
        labels = [_twips(4.2)] * grid.label_columns
    else:
        labels = [_twips(1.0)] * grid.label_columns
    values = grid.width - len(labels)
    rest = _TEXT_WIDTH - sum(labels)
    widths = labels + [rest // values] * values
    widths[-1] += _TEXT_WIDTH - sum(widths)
    return widths


def _table(doc: Any, api: _Docx, fonts: DocxFonts, grid: Grid) -> None:
    qn = api.qn
    rows: list[Sequence[GridCell]] = [*grid.head, *grid.body]
    layout = expand(rows, grid.width)
    widths = _column_widths(grid)
    size = _TABLE_PT[grid.key]
    style_id = doc.styles[_table_style_name(grid.key)].style_id

    table = doc.add_table(rows=len(rows), cols=grid.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = api.TABLE_ALIGN.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))  # python-docx writes an "auto" width
    tbl_w.set(qn("w:w"), str(_TEXT_WIDTH))
    tbl_w.set(qn("w:type"), "dxa")
    # Children of w:tblPr have a fixed order in the schema; insert before the later ones.
    tbl_pr.insert_element_before(
        _borders(api), "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    tbl_pr.insert_element_before(_cell_margins(api), "w:tblLook", "w:tblCaption")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = api.Twips(width)

    cells = [list(row.cells) for row in table.rows]
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(api.element("w:cantSplit"))
        if i < len(grid.head):
            tr_pr.append(api.element("w:tblHeader"))
        for j, cell in enumerate(cells[i]):
            cell.width = api.Twips(widths[j])
            cell.vertical_alignment = api.VALIGN.CENTER
            cell._tc.p_lst[0].style = style_id  # (paragraph.style = … looks the id up each time)

    for i, line in enumerate(layout):
        for j, grid_cell in enumerate(line):
            if grid_cell is None:
                continue
            if (j > 0 and line[j - 1] is grid_cell) or (i > 0 and layout[i - 1][j] is grid_cell):
                continue  # covered by the cell's top-left position
            top_left = cells[i][j]
            paragraph = top_left.paragraphs[0]
            paragraph.alignment = _alignment(api, grid, grid_cell)
            if grid_cell.text:
                run = paragraph.add_run(_xml_safe(grid_cell.text))
                _set_run(run, api, fonts.body, fonts.latin, size)
                if grid_cell.role == "head":
                    run.font.bold = True
            if grid_cell.rowspan > 1 or grid_cell.colspan > 1:
                top_left.merge(cells[i + grid_cell.rowspan - 1][j + grid_cell.colspan - 1])


def _alignment(api: _Docx, grid: Grid, cell: GridCell) -> Any:
    """Values and column headers centred; row labels, the corner note and the full-width
    block headers of table 二 flush left (as in the official template)."""
    if cell.role == "value" or (cell.role == "head" and cell.colspan < grid.width):
        return api.ALIGN.CENTER
    return api.ALIGN.LEFT


def _borders(api: _Docx) -> Any:
    borders = api.element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = api.element(f"w:{edge}")
        el.set(api.qn("w:val"), "single")
        el.set(api.qn("w:sz"), "4")
        el.set(api.qn("w:space"), "0")
        el.set(api.qn("w:color"), "000000")
        borders.append(el)
    return borders


def _cell_margins(api: _Docx) -> Any:
    margins = api.element("w:tblCellMar")
    for edge, width in (("top", 0), ("left", _CELL_MARGIN), ("bottom", 0), ("right", _CELL_MARGIN)):
        el = api.element(f"w:{edge}")
        el.set(api.qn("w:w"), str(width))
        el.set(api.qn("w:type"), "dxa")
        margins.append(el)
    return margins


# --- package normalisation --------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _font_table(fonts: DocxFonts) -> bytes:
    """The font table: the faces used, East Asian ones with charset GB2312 and alternates."""
    entries = []
    east_asian = [fonts.title, fonts.body, fonts.heading, "宋体"]
    names = [fonts.latin, *east_asian]
    for name in dict.fromkeys(names):
        parts = [f"<w:font w:name={quoteattr(name)}>"]
        alternate = _ALTERNATES.get(name)
        if alternate is not None:
            parts.append(f"<w:altName w:val={quoteattr(alternate)}/>")
        is_cjk = name in east_asian
        parts.append(f'<w:charset w:val="{"86" if is_cjk else "00"}"/>')
        parts.append(f'<w:family w:val="{"modern" if is_cjk else "roman"}"/>')
        parts.append('<w:pitch w:val="variable"/>')
        parts.append("</w:font>")
        entries.append("".join(parts))
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{_W_NS}">{"".join(entries)}</w:fonts>'
    )
    return xml.encode("utf-8")


def _app_properties() -> bytes:
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        "<Application>gov-disclosure</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )
    return xml.encode("utf-8")


def _normalise_zip(data: bytes, stamp: datetime.datetime, fonts: DocxFonts) -> bytes:
    """Rewrite the package with fixed entry timestamps (python-docx stamps the current time),
    and replace the template's font table and application properties with our own."""
    year = min(max(stamp.year, 1980), 2107)
    date_time = (year, stamp.month, stamp.day, 0, 0, 0)
    replace = {"word/fontTable.xml": _font_table(fonts), "docProps/app.xml": _app_properties()}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, replace.get(item.filename) or source.read(item.filename))
    return out.getvalue()
