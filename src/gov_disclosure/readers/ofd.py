"""OFD front end (GB/T 33190, the national fixed-layout format): text objects → the PDF layout.

An OFD file is a zip package of XML parts, read through :class:`.package.Package` within the
Word front end's bounds (zip entries, part sizes, compression ratio, no DTD or entities,
bounded tags) and at most :data:`MAX_TOTAL` bytes inflated over all parts. The walk:

* ``OFD.xml`` → its (first) ``DocBody``'s ``DocRoot`` → ``Document.xml`` → ``Pages/Page``
  ``BaseLoc`` → each page's content part, in the document's page order (at most
  :data:`~.pdf.MAX_PAGES` pages);
* every ``TextObject`` of the page's ``Content`` (in any ``Layer`` or ``PageBlock``): its
  ``Boundary`` (``x y w h``: the origin of the object's space on the page), its ``CTM``
  (``a b c d e f``) where present, its ``Size`` (the font size; the boundary's height where
  missing);
* each ``TextCode``: ``X``, ``Y`` (the baseline of its first character, in the object's space;
  a code without them continues where the last one ended), ``DeltaX``/``DeltaY`` (the step from
  each character to the next, in both of their forms: plain numbers and ``g n d``, ``n`` steps
  of ``d``; without a step a character advances by its size, half of it for ASCII) →
  one character with a box per code point: from its origin to the next character's, from
  0.88 em above the baseline to 0.12 em below it, through the CTM, in points (OFD's unit is
  the millimetre) with y up. White space is not a character: it marks a space before the next.

Those characters go through the PDF front end's layout path (:func:`.pdf.layout_blocks`: lines,
cells at gaps of 0.7 em, paragraphs, running headers and footers), so an OFD reads as the same
report printed to PDF reads. Positions are those of PDF: ``page`` 1-based, ``line`` counted
from the top of the page.

Not read: ``PathObject`` drawings (the layout path takes the text alone, as for PDF: ruling
lines are not used), images (a scanned OFD holds no text: ParseError, OCR is not done),
templates (``TemplatePage``: running headers and footers drawn once), annotations, embedded
fonts' glyph mappings (``CGTransform``: the text of a ``TextCode`` is taken as written).
**Measured**: the corpus OFD (PDF 03 converted by easyofd, 5 pages) reads to all 186 expected
cells; seven reports printed to PDF (by LibreOffice and others) and converted by easyofd read
every cell as their PDFs read. ``ofd_blocks`` of the corpus OFD takes 35 ms of CPU on a loaded
shared machine, the PDF front end 33 ms on the same pages. What easyofd's files do not keep
(each run's characters are spread evenly over its box) can join a figure to a CJK character
without the space the PDF showed (``第711 号``): narrative only, cells are set apart by gaps.

Refused with ParseError: an encrypted document (``Encryptions`` in ``OFD.xml`` or an
``Encryptions.xml`` part), and one whose pages hold no text at all — saying so when the document
is signed, as a document that is only a signed image (a seal on a scan) is.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .._i18n import N_, _
from ..errors import ParseError
from .blocks import Block
from .package import MAX_TOTAL, Package, join, local
from .pdf import MAX_CHARS, MAX_PAGES, layout_blocks

__all__ = ["MAX_TOTAL", "ofd_blocks"]

_WHAT = N_("an OFD document (.ofd)")
_PT = 72 / 25.4  # points a millimetre
_ASCENT = 0.88
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

_Char = tuple[str, float, float, float, float, bool]


def _floats(text: str | None, count: int) -> tuple[float, ...] | None:
    """``count`` finite numbers from a space-separated attribute, or None."""
    if text is None:
        return None
    parts = text.split()
    if len(parts) != count or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    values = tuple(float(p) for p in parts)
    if not all(math.isfinite(v) and abs(v) < 1e7 for v in values):
        return None
    return values


def _number(text: str | None) -> float | None:
    values = _floats(text, 1)
    return values[0] if values else None


def _deltas(text: str | None, count: int) -> list[float]:
    """The first ``count`` steps of a ``DeltaX``/``DeltaY`` (plain numbers and ``g n d``);
    missing or unreadable steps are left out (the list may be shorter)."""
    out: list[float] = []
    if not text or count <= 0:
        return out
    tokens = text.split()
    i = 0
    while i < len(tokens) and len(out) < count:
        token = tokens[i]
        if token == "g" and i + 2 < len(tokens):
            n, d = tokens[i + 1], _number(tokens[i + 2])
            if not (n.isascii() and n.isdigit()) or d is None:
                break
            out.extend([d] * min(int(n[:9]), count - len(out)))
            i += 3
            continue
        value = _number(token)
        if value is None:
            break
        out.append(value)
        i += 1
    return out


def _box(page: Any) -> tuple[float, ...] | None:
    """The ``PhysicalBox`` of a page's or a document's ``PageArea``."""
    for el in page:
        if local(el.tag) in ("Area", "PageArea"):
            for box in el:
                if local(box.tag) == "PhysicalBox":
                    return _floats(box.text, 4)
    return None


class _Page:
    """The characters and the runs of vertical text of one page being read."""

    __slots__ = ("chars", "run", "spaced", "stacked")

    def __init__(self) -> None:
        self.chars: list[_Char] = []
        self.stacked: list[_Char] = []
        self.run: list[_Char] = []
        self.spaced = False

    def add(self, chars: list[_Char]) -> None:
        """Add one text object's characters; an object of one character stacked right under
        the one before (same left edge, the next em down) continues a run of vertical text."""
        if len(chars) == 1 and self.run:
            last, char = self.run[-1], chars[0]
            em = last[4] - last[3]
            if abs(char[1] - last[1]) < 0.3 * em and -0.3 * em < last[3] - char[4] < 0.5 * em:
                self.run.append(char)
                return
        self.flush()
        if len(chars) == 1:
            self.run.append(chars[0])
        else:
            self.chars.extend(chars)

    def flush(self) -> None:
        """End the run of vertical text: two characters or more are a line of their own."""
        run, self.run = self.run, []
        if len(run) == 1:
            self.chars.append(run[0])
        elif run:
            first, last = run[0], run[-1]
            middle = (first[4] + last[3]) / 2
            half = (first[4] - first[3]) / 2
            text = "".join(c[0] for c in run)
            self.stacked.append((text, first[1], first[2], middle - half, middle + half, False))


class _Object:
    """A ``TextObject``'s placement: its boundary, font size, CTM and vertical extent."""

    __slots__ = ("boundary", "ctm", "extent", "size")

    def __init__(self, obj: Any) -> None:
        self.boundary = _floats(obj.get("Boundary"), 4) or (0.0, 0.0, 0.0, 0.0)
        size = _number(obj.get("Size") or obj.get("size"))
        height = self.boundary[3]
        self.size = size if size is not None and size > 0 else (height if height > 0 else 3.5)
        self.ctm = _floats(obj.get("CTM"), 6)
        # A boundary one line high is the producer's box of the glyphs: their vertical extent.
        one_line = self.ctm is None and 0.5 * self.size <= height <= 2 * self.size
        self.extent = (0.0, height) if one_line else None

    def box(self, x: float, y: float, advance: float) -> tuple[float, float, float, float]:
        """The page box (left, right, bottom, top; points, y up) of a character whose origin
        is (x, y) in the object's space and that advances by ``advance``."""
        if self.extent is not None:
            upper, lower = self.extent
        else:
            upper, lower = y - _ASCENT * self.size, y + (1 - _ASCENT) * self.size
        corners = ((x, upper), (x + advance, upper), (x, lower), (x + advance, lower))
        a, b, c, d, e, f = self.ctm or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        ox, oy = self.boundary[0], self.boundary[1]
        xs = [ox + a * px + c * py + e for px, py in corners]
        ys = [oy + b * px + d * py + f for px, py in corners]
        return min(xs) * _PT, max(xs) * _PT, -max(ys) * _PT, -min(ys) * _PT


def _natural(ch: str, size: float) -> float:
    """A character's advance where the document gives none: an em, half of it for ASCII."""
    return size / 2 if ch.isascii() else size


def _codes(obj: Any) -> list[tuple[str, float | None, float | None, str | None, str | None]]:
    """The ``TextCode``s of an object: text, X, Y, DeltaX, DeltaY."""
    return [
        (
            code.text or "",
            _number(code.get("X")),
            _number(code.get("Y")),
            code.get("DeltaX"),
            code.get("DeltaY"),
        )
        for code in obj
        if local(code.tag) == "TextCode"
    ]


def _placed(obj: Any, page: _Page) -> list[_Char]:
    """The characters of a text object where its codes say: X, Y, DeltaX, DeltaY."""
    placing = _Object(obj)
    size = placing.size
    chars: list[_Char] = []
    x = y = 0.0
    for text, start_x, start_y, delta_x, delta_y in _codes(obj):
        x = start_x if start_x is not None else x
        y = start_y if start_y is not None else y
        dx = _deltas(delta_x, len(text) - 1)
        dy = _deltas(delta_y, len(text) - 1)
        for i, ch in enumerate(text):
            step = dx[i] if i < len(dx) else _natural(ch, size)
            if ch.isspace() or not ch.isprintable():
                page.spaced = True
            else:
                advance = step if step > 0 else _natural(ch, size)
                left, right, bottom, top = placing.box(x, y, advance)
                if right > left and top > bottom:
                    chars.append((ch, left, right, bottom, top, page.spaced))
                page.spaced = False
            x += step
            if i < len(dy):
                y += dy[i]
    return chars


def _spread(objects: list[Any], page: _Page) -> list[_Char]:
    """The characters of text objects that share one boundary, one after the other across it:
    each character advances by its natural width (an em, half an em for ASCII), scaled so
    that together they fill the boundary's width. (Converters write the runs of one line in
    several fonts so, each spreading its characters over the whole box: placed by their own
    DeltaX they would lie over one another.)"""
    items: list[tuple[str, _Object, float]] = []
    for obj in objects:
        placing = _Object(obj)
        for text, _x, start_y, _dx, _dy in _codes(obj):
            y = start_y if start_y is not None else placing.size
            items.extend((ch, placing, y) for ch in text)
    total = sum(_natural(ch, placing.size) for ch, placing, _ in items)
    width = items[0][1].boundary[2] if items else 0.0
    scale = width / total if total > 0 and width > 0 else 1.0
    chars: list[_Char] = []
    x = 0.0
    for ch, placing, y in items:
        advance = _natural(ch, placing.size) * scale
        if ch.isspace() or not ch.isprintable():
            page.spaced = True
        else:
            left, right, bottom, top = placing.box(x, y, advance)
            if right > left and top > bottom:
                chars.append((ch, left, right, bottom, top, page.spaced))
            page.spaced = False
        x += advance
    return chars


def _content(root: Any, page: _Page, budget: int) -> int:
    """Every ``TextObject`` under the page's ``Content`` (iteratively, in document order);
    returns what is left of the character budget (negative: spent)."""
    group: list[Any] = []
    for el in root.iter():
        if local(el.tag) != "TextObject":
            continue
        budget -= sum(len(code.text or "") for code in el if local(code.tag) == "TextCode")
        if budget < 0:
            return budget
        if group and (el.get("Boundary") != group[0].get("Boundary") or el.get("CTM")):
            _add(group, page)
            group = []
        group.append(el)
    if group:
        _add(group, page)
    page.flush()
    return budget


def _add(group: list[Any], page: _Page) -> None:
    if len(group) == 1 or any(obj.get("CTM") for obj in group):
        for obj in group:
            page.add(_placed(obj, page))
    else:
        page.add(_spread(group, page))


def ofd_blocks(data: bytes, *, file: str | None = None) -> list[Block]:
    """An OFD document (bytes) → paragraph blocks of layout text, page by page (see the module
    documentation). Raises :class:`~gov_disclosure.ParseError` for anything that is not a
    readable OFD document with text, within the limits."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"ofd_blocks() takes bytes, not {type(data).__name__}")
    with Package(bytes(data), what=_(_WHAT), file=file) as package:
        if not package.has("OFD.xml"):
            raise ParseError(
                _("not {what}: a zip archive without OFD.xml").format(what=_(_WHAT)), file=file
            )
        root = package.xml("OFD.xml")
        if local(root.tag) != "OFD":
            raise ParseError(
                _("not {what}: OFD.xml is no OFD entry document").format(what=_(_WHAT)), file=file
            )
        names = {local(el.tag) for el in root.iter()}
        if "Encryptions" in names or package.has("Encryptions.xml"):
            raise ParseError(
                _(
                    "an encrypted OFD document: open it in an OFD reader with its key and save or "
                    "print it unencrypted (OFD or PDF) first"
                ),
                file=file,
            )
        signed = "Signatures" in names
        doc_root = next(
            (el.text.strip() for el in root.iter() if local(el.tag) == "DocRoot" and el.text),
            None,
        )
        if not doc_root:
            raise ParseError(
                _("{what} without a DocRoot in OFD.xml").format(what=_(_WHAT)), file=file
            )
        document_path = join("OFD.xml", doc_root)
        document = package.xml(document_path)
        if local(document.tag) != "Document":
            raise ParseError(
                _("{document_path} is no OFD Document").format(document_path=document_path),
                file=file,
            )
        common = next((el for el in document if local(el.tag) == "CommonData"), None)
        default_box = (_box(common) if common is not None else None) or (0.0, 0.0, 210.0, 297.0)
        locations = [
            el.get("BaseLoc", "")
            for el in document.iter()
            if local(el.tag) == "Page" and el.get("BaseLoc")
        ]
        if not locations:
            raise ParseError(_("{what} without pages").format(what=_(_WHAT)), file=file)
        if len(locations) > MAX_PAGES:
            raise ParseError(
                _("{count} pages: more than {max_pages}, the most read").format(
                    count=len(locations), max_pages=MAX_PAGES
                ),
                file=file,
            )
        pages: list[tuple[list[_Char], list[_Char], float, float]] = []
        budget = MAX_CHARS
        for location in locations:
            path = join(document_path, location)
            content = package.xml(path)
            if local(content.tag) != "Page":
                raise ParseError(_("{path} is no OFD page").format(path=path), file=file)
            box = _box(content) or default_box
            page = _Page()
            budget = _content(content, page, budget)
            if budget < 0:
                raise ParseError(
                    _("more than {max_chars:,} characters, the most read").format(
                        max_chars=MAX_CHARS
                    ),
                    file=file,
                )
            pages.append((page.chars, page.stacked, -(box[1] + box[3]) * _PT, -box[1] * _PT))
    if not any(chars or stacked for chars, stacked, _, _ in pages):
        why = (
            "the OFD is signed but holds no text (a signed image, a seal on a scan)"
            if signed
            else "the OFD has pages but no text (scanned pages or images)"
        )
        raise ParseError(_("{why}; OCR is not done").format(why=why), file=file)
    return layout_blocks(pages)
