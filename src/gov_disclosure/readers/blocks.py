"""Blocks: what every front end turns its input into, and all the reader sees.

A front end (text, Markdown, HTML, …) knows its form and nothing of the statute; it yields, in
document order, :class:`Paragraph` blocks (a line or paragraph of text) and :class:`Grid` blocks
(a table as rows of cell strings, merged cells expanded), each with its position in the source.
The reader (:mod:`gov_disclosure.readers.reader`) knows the statute and nothing of the forms.
"""

from __future__ import annotations

from attrs import frozen

__all__ = ["Block", "Grid", "Paragraph"]


@frozen
class Paragraph:
    """A run of text: one line of a plain-text file, one ``<p>`` of a page.

    ``line`` and ``page`` are 1-based positions in the source (None where the form has none).
    ``blank_before`` counts the empty lines printed just before the paragraph where the form
    has lines of its own (plain text, Markdown); elsewhere it is 0. Among cells printed one per
    line, an empty line is a blank cell (:mod:`~gov_disclosure.readers.cell_lines`).
    """

    text: str
    line: int | None = None
    page: int | None = None
    blank_before: int = 0


@frozen
class Grid:
    """A table as printed: ``rows`` of cell strings, merged cells expanded.

    A cell spanning several rows or columns appears at every position it covers; ``ids`` has
    the same shape as ``rows`` and gives each position the number of the source cell that
    covers it (unique within the grid), so a reader can tell a spanning cell from two cells
    that happen to hold the same text. ``lines`` gives the source line of each row (None where
    the form has none); ``number`` is the grid's 1-based position among the grids of the input.
    Rows may differ in length.
    """

    rows: tuple[tuple[str, ...], ...]
    ids: tuple[tuple[int, ...], ...]
    lines: tuple[int | None, ...]
    number: int = 1
    page: int | None = None

    @classmethod
    def of(
        cls,
        rows: list[list[str]] | tuple[tuple[str, ...], ...],
        *,
        lines: list[int | None] | tuple[int | None, ...] | None = None,
        number: int = 1,
        page: int | None = None,
    ) -> Grid:
        """A grid without merged cells: every position is a cell of its own."""
        ids: list[tuple[int, ...]] = []
        n = 0
        for row in rows:
            ids.append(tuple(range(n, n + len(row))))
            n += len(row)
        return cls(
            tuple(tuple(r) for r in rows),
            tuple(ids),
            tuple(lines) if lines is not None else (None,) * len(rows),
            number,
            page,
        )


Block = Paragraph | Grid
"""A block of a document."""
