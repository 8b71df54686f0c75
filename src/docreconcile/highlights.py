"""Where each difference stands on a PDF page: the rectangles over its glyphs.

The annotated PDF (`annotate`) and the page images of the HTML report (`page_images`)
both mark a difference on its page. The comparison keeps, for each difference to decide,
the PDF lines its text stands on and the part of each (`Difference.b_lines`). The reader
keeps a line's box, not each glyph's, so within a line the glyphs are looked up again
with PDFium (`Glyphs`): the part's letters are found among the letters PDFium reads in
the line's box, and the rectangle is their boxes'. Where PDFium's letters of the line do
not hold the part's (a character the normaliser changed), the part's share of the line's
width by character offsets stands in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docreconcile.extract.annotations import page_matrix
from docreconcile.model import Box, Difference, Document, Line, Report, Severity

Rectangle = tuple[float, float, float, float]
"""x0, y0, x1, y1 in PDF points, origin at the page's bottom left (as `Box`)."""


@dataclass(frozen=True)
class Highlight:
    """One difference's marks on one page (1-based) of one side."""

    difference: Difference
    page: int
    rectangles: tuple[Rectangle, ...]


@dataclass
class Glyphs:
    """The glyphs of a PDF's pages as PDFium reads them: for each page asked for, each
    glyph's letter and box, kept while the pages are marked."""

    pdf: Any = None
    pages: dict[int, list[tuple[str, Rectangle]]] = field(default_factory=dict)

    def on_page(self, page: int) -> list[tuple[str, Rectangle]]:
        """The letters (no spaces) of a page with their boxes, in PDFium's order."""
        if self.pdf is None or not 1 <= page <= len(self.pdf):
            return []
        if page not in self.pages:
            self.pages[page] = _page_glyphs(self.pdf[page - 1])
        return self.pages[page]

    def in_line(self, page: int, box: Box) -> list[tuple[str, Rectangle]]:
        """The letters whose middle lies in a line's box, in the order they are drawn
        (the reader's order of a line: kerned glyphs may stand a little out of it)."""
        return [
            (letter, rectangle)
            for letter, rectangle in self.on_page(page)
            if box.x0 - 1 <= (rectangle[0] + rectangle[2]) / 2 <= box.x1 + 1
            and box.y0 - 1 <= (rectangle[1] + rectangle[3]) / 2 <= box.y1 + 1
        ]


def _page_glyphs(page: Any) -> list[tuple[str, Rectangle]]:
    """A PDFium page's letters and boxes, in the coordinates the reader uses: read
    through PDFium's own calls, a page's thousands of glyphs in a few milliseconds."""
    import ctypes

    from pypdfium2 import raw

    matrix = reader_matrix(page)
    upright = matrix[:4] == (1, 0, 0, 1)
    shift_x, shift_y = matrix[4], matrix[5]
    text = page.get_textpage()
    try:
        handle = text.raw
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        glyphs = []
        for index in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, index)
            if code in _NO_GLYPH or chr(code).isspace():
                continue
            raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
            box = (left.value, bottom.value, right.value, top.value)
            if upright:
                box = (box[0] + shift_x, box[1] + shift_y, box[2] + shift_x, box[3] + shift_y)
            else:
                box = transformed(matrix, box)
            glyphs.append((chr(code), box))
        return glyphs
    finally:
        text.close()


_NO_GLYPH = frozenset({0, 0xFFFE, 0xFFFF})
"""Codes PDFium gives for a character it generated or cannot map."""


def reader_matrix(page: Any) -> tuple[float, ...]:
    """The transformation from a PDFium page's own coordinates to the reader's: pdfminer
    puts the origin at the media box's bottom left and turns a rotated page upright."""
    x0, y0, x1, y1 = page.get_mediabox()
    return page_matrix(page.get_rotation(), x0, y0, x1, y1)


def transformed(matrix: Sequence[float], rectangle: Sequence[float]) -> Rectangle:
    """A rectangle's corners through a PDF matrix, as a rectangle again."""
    a, b, c, d, e, f = matrix
    x0, y0, x1, y1 = rectangle
    xs = [a * x + c * y + e for x, y in ((x0, y0), (x1, y1))]
    ys = [b * x + d * y + f for x, y in ((x0, y0), (x1, y1))]
    return (min(xs), min(ys), max(xs), max(ys))


@contextmanager
def opened(source: Path | None, password: str | None = None) -> Iterator[Glyphs]:
    """The glyphs of the PDF at `source`, closed afterwards; without a source (or where
    PDFium cannot open it) no glyphs, and the marks fall back to shares of lines."""
    if source is None:
        yield Glyphs()
        return
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(source), password=password)
    except Exception:  # PDFium's errors are of many kinds: the estimate stands in
        yield Glyphs()
        return
    try:
        yield Glyphs(pdf)
    finally:
        pdf.close()


def highlights(
    report: Report, document: Document, side: str, glyphs: Glyphs | None = None
) -> list[Highlight]:
    """The marks for `side` (`a` or `b`, a PDF) of every difference to decide, one per
    page it touches: over the lines the comparison placed it on (`Difference.b_lines`)."""
    glyphs = glyphs or Glyphs()
    by_location = {line.location: line for line in document.lines if line.box is not None}
    found: list[Highlight] = []
    for difference in report.differences:
        if difference.severity is Severity.LAYOUT:
            continue
        boxes: dict[int, list[Rectangle]] = {}
        for piece in difference.b_lines if side == "b" else difference.a_lines:
            line = by_location.get(piece.location)
            if line is None or line.box is None:
                continue
            page = piece.location.page or 1
            on_line = glyphs.in_line(page, line.box)
            text, low, high = piece.text, piece.start, piece.end
            rectangle = _over_glyphs(on_line, text, low, high, line.box) or _over_glyphs(
                sorted(on_line, key=lambda glyph: glyph[1][0]), text, low, high, line.box
            )
            boxes.setdefault(page, []).append(rectangle or _part_of_line(line, text, low, high))
        found += [
            Highlight(difference, page, tuple(rectangles)) for page, rectangles in boxes.items()
        ]
    return found


GLYPH_ROOM = 1.0
"""Points of room around the glyphs of a mark: the highlight covers their ink, not
only their boxes."""


def _over_glyphs(
    glyphs: Sequence[tuple[str, Rectangle]], text: str, low: int, high: int, box: Box
) -> Rectangle | None:
    """The rectangle over the glyphs of `text[low:high]`, a span of one line, found
    among the line's `glyphs` by its letters (spaces left out, both sides folded alike:
    `m³` is `m3`, a ligature two letters); None where the line's glyphs do not hold the
    span's letters once.

    >>> glyphs = [(c, (10.0 * i, 0.0, 10.0 * i + 8, 10.0)) for i, c in enumerate("Aberg")]
    >>> _over_glyphs(glyphs, "berg", 1, 3, Box(0, 0, 50, 10))
    (19.0, -1.0, 39.0, 11.0)
    """
    owners: list[int] = []  # for each folded letter of the line, its glyph
    for index, (letter, _) in enumerate(glyphs):
        owners += [index] * len(_folded(letter))
    letters = "".join(_folded(letter) for letter, _ in glyphs)
    wanted = _folded(text)
    at = letters.find(wanted) if wanted else -1
    if at < 0 or letters.find(wanted, at + 1) >= 0:
        return None  # not there, or there twice: which one is unknown
    first = at + len(_folded(text[:low]))
    last = at + len(_folded(text[:high])) - 1
    if last < first:  # only spaces in the range: the gap between two glyphs
        first, last = max(first - 1, at), min(first, at + len(wanted) - 1)
    chosen = [glyphs[index][1] for index in sorted(set(owners[first : last + 1]))]
    return (
        min(r[0] for r in chosen) - GLYPH_ROOM,
        min(box.y0, *(r[1] for r in chosen)) - GLYPH_ROOM,
        max(r[2] for r in chosen) + GLYPH_ROOM,
        max(box.y1, *(r[3] for r in chosen)) + GLYPH_ROOM,
    )


def _folded(text: str) -> str:
    """Text as letters to match two readers' glyphs by: compatibility-folded, without
    spaces (`ﬁ` -> `fi`, `m³` -> `m3`)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _part_of_line(line: Line, text: str, low: int, high: int) -> Rectangle:
    """The part of a line's box that holds characters `low`..`high` of `text` (the
    line, or a part of it a wide gap set apart), by their share of the line's
    characters, with a character's width of room on each side: glyphs differ in width."""
    assert line.box is not None
    box = line.box
    whole = " ".join(line.text.split())
    offset = max(whole.find(" ".join(text.split())), 0)
    length = max(len(whole), 1)
    width = box.x1 - box.x0
    left = box.x0 + width * (offset + low) / length
    right = box.x0 + width * (offset + high) / length
    room = width / length
    return (max(box.x0, left - room), box.y0 - 1, min(box.x1, right + room), box.y1 + 1)
