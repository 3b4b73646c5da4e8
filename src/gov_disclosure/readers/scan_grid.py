"""The tables of a scanned page: ruling lines from the image, and cells read alone.

A scanned table keeps its ruling lines as ink. :func:`page_grid` finds them with OpenCV (which
RapidOCR installs; imported only here) and gives them to :func:`.pdf.layout_blocks` as the
page's ``rules``, so a scanned table is read as a grid, as a ruled table of a PDF is: every
figure in its cell, a blank cell blank where it stands.

* **Deskew.** The page image is turned back by the skew the text boxes show (the angle
  :func:`.scan.page_chars` takes out of every box), so rules and characters share one system
  of coordinates: points, display coordinates (y up), of the page turned back.
* **Rules.** The image is binarised half way between its paper (the median grey) and its ink
  (the darkest 1 %): a light shading of a header row is paper. A morphological opening with a
  long level kernel (:data:`LEVEL_KERNEL` points) keeps only horizontal lines, one with a tall
  upright kernel (:data:`UPRIGHT_KERNEL`) only vertical ones; each connected piece at most
  :data:`THICKNESS` points thick is a rule along its middle. Strokes of characters are shorter
  than the kernels; a vertical piece is a rule when both its ends meet a horizontal rule (a
  stroke blurred onto a border meets one at most), or when it is long and meets one (the sides
  of a table continued from the page before); a horizontal piece, when it runs from a vertical
  rule to another or is three kernels long (a line of text beside a border, its strokes blurred
  onto it, is neither); rules that cross no other make no table
  (:mod:`.ruling`).
* **Cells read alone.** RapidOCR's detector misses a lone ``0`` or a short figure in a cell now
  and then, and reads a ``0`` as ``D``. Every printed cell of a ruled table with ink (a mark at
  least :data:`MIN_MARK` points high, away from its borders, not a border's remnant across the
  cell) but no character, or whose characters (at most 3, from boxes wholly inside the cell)
  are no figure and no CJK text, is cropped with a margin and given to the recognition model
  alone (so is a cell holding one CJK character alone: ``一`` for a ``1``). A figure read
  there becomes a text box like the others (replacing the cell's boxes),
  with its confidence: a low one gets its finding, R030, after reading. A reading that is no
  figure is not taken: a label cell the detector missed stays as it was.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from .ruling import Segment, Table, find_tables
from .scan import OcrPages, _skew, engine, page_chars

__all__ = ["LEVEL_KERNEL", "MIN_MARK", "THICKNESS", "UPRIGHT_KERNEL", "page_grid", "with_grid"]

LEVEL_KERNEL = 30.0
"""Points: a horizontal run of ink at least this long is a rule (a CJK character's strokes
are shorter than its size)."""
UPRIGHT_KERNEL = 16.0
"""Points: a vertical run of ink at least this long is a rule (table rows are taller)."""
THICKNESS = 4.0
"""Points: a line thicker than this is no rule (a filled bar, a shaded row binarised)."""
MIN_MARK = 3.0
"""Points: ink in a cell at least this high is a mark worth recognising (noise is smaller)."""
NEAR = 2.5
"""Points: a rule's end this close to another rule meets it."""
INSET = 2.0
"""Points kept off a cell's borders when looking for ink in it."""

_FIGURE = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?")

# A recognised box: its four corners in pixels (y down), its text and its confidence.
_Raw = tuple[list[tuple[float, float]], str, float]


class _Turn:
    """The page image turned back by ``angle`` (radians) about its origin, as
    :func:`.scan.page_chars` turns the boxes: x' = x cos − y sin, y' = x sin + y cos with
    cos = cos(−angle), sin = sin(−angle); the turned image is shifted by (``dx``, ``dy``) so
    that no corner falls off it."""

    def __init__(self, angle: float, width: int, height: int) -> None:
        self.cos, self.sin = math.cos(-angle), math.sin(-angle)
        corners = [
            self.forward(x, y) for x, y in ((0, 0), (width, 0), (0, height), (width, height))
        ]
        self.dx = -min(x for x, _ in corners)
        self.dy = -min(y for _, y in corners)
        self.width = math.ceil(max(x for x, _ in corners) + self.dx)
        self.height = math.ceil(max(y for _, y in corners) + self.dy)

    def forward(self, x: float, y: float) -> tuple[float, float]:
        return x * self.cos - y * self.sin, x * self.sin + y * self.cos

    def back(self, x: float, y: float) -> tuple[float, float]:
        """The original pixel of a turned one (shift taken off)."""
        x, y = x - self.dx, y - self.dy
        return x * self.cos + y * self.sin, -x * self.sin + y * self.cos

    def matrix(self) -> Any:
        import numpy

        return numpy.array(
            [[self.cos, -self.sin, self.dx], [self.sin, self.cos, self.dy]], dtype=numpy.float64
        )


def _ink(gray: Any) -> Any:
    """The ink of a grey image as a 0/255 mask: darker than half way from paper to ink."""
    import numpy

    sample = gray[:: max(1, gray.shape[0] // 400), :: max(1, gray.shape[1] // 400)]
    dark, paper = numpy.percentile(sample, [1, 50])
    threshold = (float(dark) + float(paper)) / 2
    return numpy.where(gray < threshold, 255, 0).astype(numpy.uint8)


def _pieces(mask: Any, level: bool, thickness: int) -> list[tuple[int, int, int, int]]:
    """The pieces of line in a mask of one direction: (x0, y0, x1, y1) in pixels along each
    piece's middle."""
    import cv2

    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for left, top, width, height, _area in stats[1:count]:
        if level and height <= thickness:
            middle = top + height // 2
            out.append((left, middle, left + width - 1, middle))
        elif not level and width <= thickness:
            middle = left + width // 2
            out.append((middle, top, middle, top + height - 1))
    return out


def with_grid(
    image: Any, raws: list[_Raw], page: int, per_point: float, height: float, record: OcrPages
) -> list[_Raw]:
    """A page's recognised boxes with the figures of its tables' cells read alone; its rules
    recorded in ``record`` (see :func:`page_grid`)."""
    rules, alone, replaced = page_grid(image, raws, _skew(raws), per_point, height)
    record.rules[page] = rules
    return [*(raw for i, raw in enumerate(raws) if i not in replaced), *alone]


def _upright(
    pieces: list[tuple[int, int, int, int]],
    levels: list[tuple[int, int, int, int]],
    near: int,
    gap: int,
) -> list[tuple[int, int, int, int]]:
    """The vertical pieces that are rules: pieces at one x broken by less than ``gap`` pixels
    joined, then those whose two ends each meet a horizontal rule (a character's stroke
    joined to a border by blur meets one at most)."""
    joined: list[list[int]] = []
    for x, y0, _x, y1 in sorted(pieces, key=lambda p: (p[1], p[0])):
        for last in joined:
            if abs(last[0] - x) <= max(2, near // 2) and 0 <= y0 - last[3] <= gap:
                last[3] = max(last[3], y1)
                break
        else:
            joined.append([x, y0, x, y1])

    def meets(x: int, y: int) -> int | None:
        """The y of the nearest horizontal rule the end (x, y) meets, None if none."""
        close = [
            (abs(ly - y), ly)
            for lx0, ly, lx1, _ in levels
            if abs(ly - y) <= near and lx0 - near <= x <= lx1 + near
        ]
        return min(close)[1] if close else None

    out = []
    for x, y0, _x, y1 in joined:
        top, bottom = meets(x, y0), meets(x, y1)
        if top is not None and bottom is not None and top < bottom:
            out.append((x, top, x, bottom))
        elif (top is not None or bottom is not None) and y1 - y0 >= 3 * gap:
            # a long rule from one horizontal rule to a free end: the sides of a table
            # continued from the page before
            out.append((x, y0 if top is None else top, x, y1 if bottom is None else bottom))
    return out


def _snapped(
    levels: list[tuple[int, int, int, int]],
    uprights: list[tuple[int, int, int, int]],
    near: int,
    long: int,
) -> list[tuple[int, int, int, int]]:
    """The horizontal rules: pieces from a vertical rule to another (their ends stopped at
    the vertical rule they overshoot by a line's thickness), and pieces ``long`` or longer."""
    out = []
    for x0, y, x1, _ in levels:
        start = end = False
        for ux, uy0, _ux, uy1 in uprights:
            if uy0 - near <= y <= uy1 + near:
                if abs(ux - x0) <= near:
                    x0, start = ux, True
                if abs(ux - x1) <= near:
                    x1, end = ux, True
        # a rule runs from a vertical rule to another; a shorter run of ink that touches one
        # is the strokes of a line of text beside a border
        if (start and end) or x1 - x0 >= long:
            out.append((x0, y, x1, y))
    return out


def recognise_alone(crops: Sequence[Any]) -> list[tuple[str, float]]:
    """The text and confidence RapidOCR's recognition model reads in each crop (no detection,
    no direction: a cell's crop is one upright line)."""
    from rapidocr.ch_ppocr_rec import TextRecInput

    result = engine().text_rec(TextRecInput(img=list(crops)))
    if result.txts is None:
        return [("", 0.0)] * len(crops)
    return [(str(t), float(s)) for t, s in zip(result.txts, result.scores, strict=True)]


def page_grid(
    image: Any, raws: Sequence[_Raw], angle: float, per_point: float, height: float
) -> tuple[list[Segment], list[_Raw], set[int]]:
    """The ruling lines of a page image (BGR, a NumPy array) turned back by ``angle``, as
    segments in points (display coordinates of a page ``height`` points high, the same as
    :func:`.scan.page_chars` gives its characters); the figures read alone in cells of its
    tables (boxes in the original image's pixels, as ``raws``); and the indexes of the boxes
    of ``raws`` they replace."""
    import cv2

    turn = _Turn(angle, image.shape[1], image.shape[0])
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if abs(angle) > 1e-4:
        gray = cv2.warpAffine(
            gray,
            turn.matrix(),
            (turn.width, turn.height),
            flags=cv2.INTER_LINEAR,
            borderValue=255,
        )
    else:
        turn = _Turn(0.0, image.shape[1], image.shape[0])
    ink = _ink(gray)
    level = max(8, round(LEVEL_KERNEL * per_point))
    upright = max(8, round(UPRIGHT_KERNEL * per_point))
    thickness = max(2, round(THICKNESS * per_point))
    rect = cv2.MORPH_RECT
    # close pinholes and breaks of a thin line before opening (noise, JPEG)
    across = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(rect, (5, 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(rect, (1, 5)))
    level_mask = cv2.morphologyEx(
        across, cv2.MORPH_OPEN, cv2.getStructuringElement(rect, (level, 1))
    )
    upright_mask = cv2.morphologyEx(
        down, cv2.MORPH_OPEN, cv2.getStructuringElement(rect, (1, upright))
    )

    def point(x: float, y: float) -> tuple[float, float]:
        return (x - turn.dx) / per_point, height - (y - turn.dy) / per_point

    levels = _pieces(level_mask, True, thickness)
    near = max(3, round(NEAR * per_point))
    uprights = _upright(_pieces(upright_mask, False, thickness), levels, near, upright)
    levels = _snapped(levels, uprights, near, 3 * level)
    segments: list[Segment] = [
        (*point(x0, y0), *point(x1, y1)) for x0, y0, x1, y1 in (*levels, *uprights)
    ]
    alone, replaced = _missed(gray, ink, turn, raws, segments, per_point, height)
    return segments, alone, replaced


def _cells(table: Table) -> list[tuple[float, float, float, float]]:
    """The printed cells of a table: (left, bottom, right, top) each, in points."""
    bounds: dict[int, tuple[float, float, float, float]] = {}
    for i, row in enumerate(table.ids):
        for j, ident in enumerate(row):
            box = (table.xs[j], table.ys[i + 1], table.xs[j + 1], table.ys[i])
            have = bounds.get(ident, box)
            bounds[ident] = (
                min(have[0], box[0]),
                min(have[1], box[1]),
                max(have[2], box[2]),
                max(have[3], box[3]),
            )
    return list(bounds.values())


def _is_figure(text: str) -> bool:
    return _FIGURE.fullmatch(text) is not None


def _missed(
    gray: Any,
    ink: Any,
    turn: _Turn,
    raws: Sequence[_Raw],
    segments: list[Segment],
    per_point: float,
    height: float,
) -> tuple[list[_Raw], set[int]]:
    """The figures of the tables' cells read alone: cells with ink but no character, and
    cells whose characters are no figure and no CJK text (``D`` for a ``0``); and the indexes
    of the boxes such a reading replaces (see the module)."""
    import cv2

    width = gray.shape[1] / per_point
    chars, _stacked, owner = page_chars(raws, per_point, width, height)
    crops: list[Any] = []
    wanted: list[tuple[tuple[int, int, int, int], set[int]]] = []
    inset = round(INSET * per_point)
    tall = MIN_MARK * per_point
    for table in find_tables(segments):
        for left, bottom, right, top in _cells(table):
            inside = [
                c
                for c in chars
                if left <= (c[1] + c[2]) / 2 <= right and bottom <= (c[3] + c[4]) / 2 <= top
            ]
            text = "".join(c[0] for c in inside)
            boxes = {owner[id(c)] for c in inside}
            if inside and (
                _is_figure(text)
                or len(text) > 3
                # one CJK character alone may be a digit misread (一 for 1); more is text
                or (len(text) > 1 and any(unicodedata.east_asian_width(c) in "WF" for c in text))
                # a box is replaced only when all its characters lie in this cell
                or sum(owner[id(c)] in boxes for c in chars) != len(inside)
            ):
                continue
            # the cell in the turned image's pixels, off its borders
            x0 = round(left * per_point + turn.dx) + inset
            x1 = round(right * per_point + turn.dx) - inset
            y0 = round((height - top) * per_point + turn.dy) + inset
            y1 = round((height - bottom) * per_point + turn.dy) - inset
            if x1 - x0 < tall or y1 - y0 < tall:
                continue
            count, _labels, stats, _c = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1])
            # marks of text: tall enough, not a border's remnant across the whole cell
            found = [
                st
                for st in stats[1:count]
                if st[3] >= tall and st[3] < y1 - y0 - 2 and st[2] < x1 - x0 - 2
            ]
            if not found:
                continue
            mx0 = x0 + min(int(st[0]) for st in found)
            my0 = y0 + min(int(st[1]) for st in found)
            mx1 = x0 + max(int(st[0] + st[2]) for st in found)
            my1 = y0 + max(int(st[1] + st[3]) for st in found)
            margin = max(4, round(0.4 * (my1 - my0)))
            crop = gray[
                max(y0 - inset, my0 - margin) : min(y1 + inset, my1 + margin),
                max(x0 - inset, mx0 - margin) : min(x1 + inset, mx1 + margin),
            ]
            crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
            wanted.append(((mx0, my0, mx1, my1), boxes))
    alone: list[_Raw] = []
    replaced: set[int] = set()
    if not crops:
        return alone, replaced
    for ((mx0, my0, mx1, my1), boxes), (text, score) in zip(
        wanted, recognise_alone(crops), strict=True
    ):
        if not _is_figure(text.strip()):
            continue
        corners = ((mx0, my0), (mx1, my0), (mx1, my1), (mx0, my1))
        alone.append(([turn.back(x, y) for x, y in corners], text.strip(), score))
        replaced |= boxes
    return alone, replaced
