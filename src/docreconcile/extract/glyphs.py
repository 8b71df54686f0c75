"""A light PDF pass: pdfminer's interpreter draws glyphs into plain slotted objects, grouped
into lines and text boxes here, without pdfminer's layout analysis.

pdfminer's `PDFPageAggregator` builds an `LTChar` for every glyph (a dozen attributes,
its font and graphic state kept), an object for every path drawn (table rules, form
fields), then groups text boxes into a hierarchy only to order them, an order
`regions.reading_order` replaces; the layout analysis and the character objects were
most of a page's reading time. This pass keeps what the later steps use (each glyph's
text, box, size, matrix and whether it is upright) and groups them as pdfminer does, with
its default parameters and rules, so that the lines and boxes are the same:

- **Lines** (`group_lines`): glyphs in drawing order, each joined to the line of the one
  before when the two overlap vertically by more than `LINE_OVERLAP` of the smaller
  height and stand closer than `CHAR_MARGIN` glyph widths apart; a space is put between
  two glyphs further apart than `WORD_MARGIN` of a glyph's size.
- **Boxes** (`group_boxes`): lines of about the same height, left-, right- or
  centre-aligned, and closer than `LINE_MARGIN` of a line's height, are one box,
  transitively.
- Text drawn inside a figure (a form XObject, an annotation's appearance) is grouped on
  its own, and its boxes follow the page's, as pdfminer's `all_texts` does.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import Matrix, Rect, apply_matrix_rect

CHAR_MARGIN = 2.0
"""Glyphs closer than this many glyph widths (of the wider) are on one line (pdfminer's
default `char_margin`)."""

LINE_OVERLAP = 0.5
"""...if they overlap vertically by more than this share of the smaller's height."""

WORD_MARGIN = 0.1
"""A gap wider than this share of a glyph's size (width or height, the larger) is a space."""

LINE_MARGIN = 0.5
"""Lines closer than this share of a line's height are one box (pdfminer's `line_margin`)."""


class Char:
    """One glyph as drawn: its text, its box on the page, its size, its matrix, and
    whether it stands upright. The attributes are those of pdfminer's `LTChar` that the
    reader uses, so the steps after grouping read either."""

    __slots__ = ("height", "matrix", "size", "text", "upright", "width", "x0", "x1", "y0", "y1")

    def __init__(
        self,
        text: str,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        size: float,
        upright: bool,
        matrix: Matrix,
    ) -> None:
        self.text = text
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.width = x1 - x0
        self.height = y1 - y0
        self.size = size
        self.upright = upright
        self.matrix = matrix

    def get_text(self) -> str:
        return self.text


class Space:
    """A space or line end the grouping puts between glyphs (pdfminer's `LTAnno`)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def get_text(self) -> str:
        return self.text


SPACE, LINE_END = Space(" "), Space("\n")
GAP = Space("\t")
"""A gap wider than a word space kept inside a line (`pdf_pages.line_pieces`): the
parts it sets apart are layout units of their own (`normalize.UNIT_GAP`)."""


class TextLine:
    """Glyphs on one baseline, with the spaces between words, and their joint box."""

    __slots__ = ("_right", "chars", "items", "rotated", "widest_gap", "x0", "x1", "y0", "y1")

    def __init__(self) -> None:
        self.items: list[Char | Space] = []
        self.chars: list[Char] = []
        self.rotated = 0
        """How many of its glyphs are not upright."""
        self.widest_gap = float("-inf")
        """The widest gap between one glyph's right edge and the next's left edge."""
        self.x0 = self.y0 = float("inf")
        self.x1 = self.y1 = float("-inf")
        self._right = float("inf")

    def add(self, char: Char) -> None:
        """Append a glyph, a space before it when it stands a word gap from the last."""
        larger = char.width if char.width > char.height else char.height
        if self._right < char.x0 - WORD_MARGIN * larger:  # as pdfminer's `LTTextLine` has it
            self.items.append(SPACE)
        gap = char.x0 - self._right
        if gap > self.widest_gap:
            self.widest_gap = gap
        if not char.upright:
            self.rotated += 1
        self._right = char.x1
        self.items.append(char)
        self.chars.append(char)
        if char.x0 < self.x0:
            self.x0 = char.x0
        if char.y0 < self.y0:
            self.y0 = char.y0
        if char.x1 > self.x1:
            self.x1 = char.x1
        if char.y1 > self.y1:
            self.y1 = char.y1

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def text(self) -> str:
        return "".join(item.text for item in self.items)

    def __iter__(self) -> Iterator[Char | Space]:
        return iter(self.items)


def group_lines(chars: Sequence[Char]) -> Iterator[TextLine]:
    """Glyphs, in the order they were drawn, grouped into lines (pdfminer's
    `group_objects` with vertical writing off).

    A glyph joins the line of the glyph before it when the two are horizontally aligned;
    a glyph that ends a line starts no new one itself unless the next is aligned with it.
    """
    previous: Char | None = None
    line: TextLine | None = None
    for char in chars:
        if previous is not None:
            if char.y0 == previous.y0 and char.y1 == previous.y1 and char.height > 0:
                # One baseline and size (the glyphs of one string): the gap alone decides.
                aligned = (char.x0 <= previous.x1 and previous.x0 <= char.x1) or min(
                    abs(previous.x0 - char.x1), abs(previous.x1 - char.x0)
                ) < (previous.width if previous.width > char.width else char.width) * CHAR_MARGIN
            else:
                aligned = _aligned(previous, char)
            if aligned:
                if line is None:
                    line = TextLine()
                    line.add(previous)
                line.add(char)
            elif line is not None:
                yield line
                line = None
            else:
                alone = TextLine()
                alone.add(previous)
                yield alone
        previous = char
    if line is None and previous is not None:
        line = TextLine()
        line.add(previous)
    if line is not None:
        yield line


def _aligned(left: Char, right: Char) -> bool:
    """Whether two glyphs share a line: they overlap vertically by more than LINE_OVERLAP
    of the smaller height and stand less than CHAR_MARGIN widths (of the wider) apart."""
    if right.y0 > left.y1 or left.y0 > right.y1:
        return False
    overlap = min(abs(left.y0 - right.y1), abs(left.y1 - right.y0))
    smaller = left.height if left.height < right.height else right.height
    if smaller * LINE_OVERLAP >= overlap:
        return False
    if right.x0 <= left.x1 and left.x0 <= right.x1:
        return True  # overlapping: no distance at all
    distance = min(abs(left.x0 - right.x1), abs(left.x1 - right.x0))
    wider = left.width if left.width > right.width else right.width
    return distance < wider * CHAR_MARGIN


def group_boxes(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into text boxes (pdfminer's `group_textlines`), each box's lines
    from the top down, the boxes from the top of the page down and then left to right.

    Two lines are neighbours when they are about the same height, left-, right- or
    centre-aligned, and their boxes, each widened by LINE_MARGIN of the line's height
    upwards and downwards, overlap; a box holds its lines' neighbours, transitively.
    Candidates are found by their bottoms in a sorted list, not by comparing every pair.
    """
    count = len(lines)
    parent = list(range(count))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    by_bottom = sorted(range(count), key=lambda index: lines[index].y0)
    bottoms = [lines[index].y0 for index in by_bottom]
    tallest = max((line.height for line in lines), default=0.0)
    for index, line in enumerate(lines):
        margin = LINE_MARGIN * line.height
        low, high = line.y0 - margin, line.y1 + margin
        start = bisect.bisect_left(bottoms, low - tallest)
        end = bisect.bisect_left(bottoms, high)
        for other_index in by_bottom[start:end]:
            if other_index == index:
                continue
            other = lines[other_index]
            if other.y1 <= low or other.x1 <= line.x0 or line.x1 <= other.x0:
                continue
            if _neighbours(line, other, margin):
                parent[root(other_index)] = root(index)
    members: dict[int, list[int]] = {}
    for index in range(count):
        members.setdefault(root(index), []).append(index)
    boxes = []
    for indices in members.values():
        box = [lines[index] for index in indices]
        box.sort(key=lambda line: -line.y1)
        boxes.append(box)
    boxes.sort(key=lambda box: (-min(line.y0 for line in box), min(line.x0 for line in box)))
    return boxes


def _neighbours(line: TextLine, other: TextLine, tolerance: float) -> bool:
    """About the same height, and aligned on the left, the right or the centre."""
    return abs(other.height - line.height) <= tolerance and (
        abs(other.x0 - line.x0) <= tolerance
        or abs(other.x1 - line.x1) <= tolerance
        or abs((other.x0 + other.x1) / 2 - (line.x0 + line.x1) / 2) <= tolerance
    )


@dataclass
class Container:
    """The glyphs drawn on a page or inside one figure on it, and its figures."""

    chars: list[Char] = field(default_factory=list)
    figures: list[Container] = field(default_factory=list)

    def boxes(self) -> Iterator[list[TextLine]]:
        """Its text boxes, then those of its figures, in order (as pdfminer's
        `all_texts` layout lists them)."""
        lines = [line for line in group_lines(self.chars) if not line.text().isspace()]
        for box in group_boxes(lines):
            for line in box:
                line.items.append(LINE_END)
            yield box
        for figure in self.figures:
            yield from figure.boxes()


@dataclass
class GlyphPage:
    """One page read by the light pass: its size and its text boxes in order."""

    width: float
    height: float
    boxes: list[list[TextLine]]


class GlyphDevice(PDFLayoutAnalyzer):
    """A pdfminer device that keeps glyphs as `Char`s and draws nothing else.

    Paths and images are not kept (no text in them); each page is grouped when it ends,
    and `result` holds it until the next.
    """

    def __init__(self, resources: PDFResourceManager) -> None:
        super().__init__(resources, laparams=None)
        self.container = Container()
        self.containers: list[Container] = []
        self.size = (0.0, 0.0)
        self.result: GlyphPage | None = None
        self.fonts: dict[PDFFont, tuple[float, dict[int, tuple[str, float]]]] = {}

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = apply_matrix_rect(ctm, page.mediabox)
        self.size = (abs(x0 - x1), abs(y0 - y1))
        self.container = Container()
        self.containers = []

    def end_page(self, page: PDFPage) -> None:
        self.result = GlyphPage(*self.size, list(self.container.boxes()))

    def begin_figure(self, name: str, bbox: Rect, matrix: Matrix) -> None:
        figure = Container()
        self.container.figures.append(figure)
        self.containers.append(self.container)
        self.container = figure

    def end_figure(self, name: str) -> None:
        self.container = self.containers.pop()

    def render_image(self, name: str, stream: Any) -> None:
        return None

    def paint_path(self, *args: Any) -> None:
        return None

    def render_string_horizontal(
        self,
        seq: Any,
        matrix: Matrix,
        pos: tuple[float, float],
        font: PDFFont,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> tuple[float, float]:
        """Draw a string of upright, unskewed text in one loop (nearly all text is), each
        glyph's box computed as `render_char` would, with the same arithmetic (other text
        goes through pdfminer's loop). pdfminer calls `render_char` per glyph with a matrix
        moved to the glyph; here the move is two additions, and each font's glyph texts
        and widths are looked up once."""
        a, b, c, d, e, f = matrix
        if b != 0 or c != 0:
            spacing = (fontsize, scaling, charspace, wordspace, rise, dxscale)
            return super().render_string_horizontal(
                seq, matrix, pos, font, *spacing, ncs, graphicstate
            )
        descent, glyphs = self._font(font)
        upright = a * d * scaling > 0
        keep = self.container.chars.append
        x, y = pos
        moved_f = y * d + f
        bottom, top = _string_height(descent * fontsize + rise, fontsize, d, moved_f)
        size = top - bottom
        spaced = False
        for item in seq:
            if isinstance(item, (int, float)):
                x -= item * dxscale
                spaced = True
                continue
            if not isinstance(item, bytes):
                continue
            for cid in font.decode(item):
                if spaced:
                    x += charspace
                glyph = glyphs.get(cid)
                if glyph is None:
                    glyph = glyphs[cid] = self._glyph(font, cid)
                text, width = glyph
                advance = width * fontsize * scaling
                moved_e = x * a + e
                left, right = moved_e, a * advance + moved_e
                left, right = (left, right) if left <= right else (right, left)
                placed = (a, b, c, d, moved_e, moved_f)
                keep(Char(text, left, bottom, right, top, size, upright, placed))
                x += advance
                if cid == 32 and wordspace:
                    x += wordspace
                spaced = True
        return (x, y)

    def _font(self, font: PDFFont) -> tuple[float, dict[int, tuple[str, float]]]:
        """A font's descent (a share of its size) and its glyphs looked up so far."""
        known = self.fonts.get(font)
        if known is None:
            known = self.fonts[font] = (font.get_descent(), {})
        return known

    def _glyph(self, font: PDFFont, cid: int) -> tuple[str, float]:
        """A glyph's text (`(cid:N)` where the font maps it to none) and width."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> float:
        """Keep one glyph, its box computed as pdfminer's `LTChar` computes it."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        advance: float = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            across, down = font.char_disp(cid)  # type: ignore[misc]
            across = fontsize * 0.5 if across is None else across * fontsize * 0.001
            down = (1000 - down) * fontsize * 0.001
            box = (-across, down + rise + advance, -across + fontsize, down + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, advance, descent + rise + fontsize)
        a, b, c, d, e, f = matrix
        left, bottom, right, top = box
        if b == 0 and c == 0:  # not rotated or skewed (nearly every glyph): scale and move
            x0, x1 = a * left + e, a * right + e
            y0, y1 = d * bottom + f, d * top + f
            x0, x1 = (x0, x1) if x0 <= x1 else (x1, x0)
            y0, y1 = (y0, y1) if y0 <= y1 else (y1, y0)
        else:
            x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        size = x1 - x0 if vertical else y1 - y0
        upright = a * d * scaling > 0 and b * c <= 0
        self.container.chars.append(Char(text, x0, y0, x1, y1, size, upright, matrix))
        return advance


def _string_height(low: float, fontsize: float, d: float, moved_f: float) -> tuple[float, float]:
    """The bottom and top of a string's glyphs on the page: from its descent (`low`,
    the font's descent and the text's rise) up the font's size, through the matrix's
    vertical scale `d` and shift `moved_f`, as pdfminer's `render_char` computes them.

    >>> _string_height(-2.0, 10.0, 1.0, 700.0)
    (698.0, 708.0)
    """
    bottom, top = d * low + moved_f, d * (low + fontsize) + moved_f
    return (bottom, top) if bottom <= top else (top, bottom)
