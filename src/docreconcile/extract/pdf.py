"""Read a PDF's text layer with pdfminer.six, keeping page, line and box of every line.

pdfminer's layout analysis groups characters into lines and lines into text boxes, and
orders the boxes in reading order (so a two-column block is read column by column). We
keep each line with its page number, its line number on the page (in that reading order,
which is what a person counts when checking a difference), its bounding box and the box
it belongs to; normalisation uses the geometry to find paragraphs, headers and footers.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from docreconcile.allocation import fewer_collections
from docreconcile.errors import InputError
from docreconcile.extract.annotations import AnnotatingInterpreter
from docreconcile.extract.glyphs import Char, GlyphDevice, GlyphPage, TextLine
from docreconcile.extract.guard import (
    PageProgress,
    ProgressCallback,
    run_limited,
    run_parallel,
)
from docreconcile.extract.layout import (
    INDENT_JOIN_GAP,
    SUPERSCRIPTS,
    Fragment,
    Glyph,
    attach_raised_marks,
    merge_fragments,
    reading_order,
    regions,
    rotated_lines,
    separate_columns,
)
from docreconcile.limits import Limits
from docreconcile.model import Box, Document, Line, Location, SourceFormat

READER_REVISION = 7
"""Raised whenever what this reader makes of a PDF changes, so cached readings are redone.
2: rotated text read along its own direction, apart from the body.
3: text inside figures read; a raised footnote mark read as a line of its own put back.
4: annotation appearances (form fields, link boxes, stamps) read.
5: a justified line cut near a paragraph indent is joined again (`layout.column_starts`).
6: pdfminer's lines cut at gutter-wide gaps, two columns' lines on one baseline apart.
7: the light pass (`glyphs`): glyphs grouped into lines and boxes here, not by pdfminer's
   layout analysis; boxes ordered top down (their order is `layout.reading_order`'s)."""


MIN_PAGES_PER_JOB = 4
"""Fewer pages than this per process are not worth a process of their own."""


@dataclass(frozen=True)
class PageRange:
    """What one reader process extracted: lines of pages first..last, and the blank ones.

    It travels from the reader's process to the comparison's as rows of plain values, not
    as Line, Location and Box objects: a 478-page PDF's 23,000 lines cross in 0.14 s of
    CPU instead of 0.31 s.
    """

    lines: list[Line]
    pages_without_text: list[int]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_page_range, ([_row(line) for line in self.lines], self.pages_without_text))


_Row = tuple[str, int | None, int, int, int | None, float, float, float, float, Any, Any, bool]


def _row(line: Line) -> _Row:
    """A PDF line as plain values (a PDF line always has a box)."""
    box = line.box
    assert box is not None, "every line a PDF reader makes has its box"
    return (
        line.text,
        line.location.page,
        line.location.line,
        line.page_index,
        line.block,
        box.x0,
        box.y0,
        box.x1,
        box.y1,
        line.page_width,
        line.page_height,
        line.edge,
    )


def _page_range(rows: list[_Row], pages_without_text: list[int]) -> PageRange:
    """A PageRange again from `PageRange.__reduce__`'s rows."""
    lines = [
        Line(text, Location(number, page), index, Box(x0, y0, x1, y1), block, width, height, edge)
        for text, page, number, index, block, x0, y0, x1, y1, width, height, edge in rows
    ]
    return PageRange(lines, pages_without_text)


def extract_pdf(
    path: Path,
    password: str = "",
    limits: Limits | None = None,
    jobs: int = 1,
    progress: PageProgress | None = None,
) -> Document:
    """Extract every text line of a PDF with its page, line number on the page and box.

    The work runs in child processes within `limits` (time, memory, pages; see `guard`):
    one counts the pages, then `jobs` of them read a range of pages each, in parallel.
    `progress` is told the page count, then each page read.
    """
    limits = limits or Limits()
    name = str(path)
    page_count = run_limited(count_pages, (path, password, limits.max_pages), limits, name)
    ranges = page_ranges(page_count, max(1, min(jobs, page_count // MIN_PAGES_PER_JOB)))
    calls = [(path, password, first, last) for first, last in ranges]
    if progress is not None:
        progress.start(name, page_count)
    on_page = progress.advance if progress is not None else None
    parts = run_parallel(read_pages, calls, limits, name, on_progress=on_page)
    lines = [line for part in parts for line in part.lines]
    pages_without_text = [page for part in parts for page in part.pages_without_text]
    if not any(line.text.strip() for line in lines):
        raise InputError(
            f"{name}: has no text layer (scanned pages?): run OCR on it first "
            "(for example `ocrmypdf in.pdf out.pdf`) and compare the result"
        )
    warnings = []
    if pages_without_text:
        listed = ", ".join(str(number) for number in pages_without_text)
        warnings.append(f"pages without text (not compared; OCR them to include them): {listed}")
    if any("(cid:" in line.text for line in lines):
        warnings.append("some characters have no Unicode mapping and show as (cid:N)")
    return Document(
        path=name, format=SourceFormat.PDF, pages=page_count, lines=lines, warnings=warnings
    )


def page_ranges(page_count: int, jobs: int) -> list[tuple[int, int]]:
    """Split pages 1..page_count into `jobs` contiguous ranges of nearly equal size.

    >>> page_ranges(10, 3)
    [(1, 4), (5, 7), (8, 10)]
    >>> page_ranges(2, 1)
    [(1, 2)]
    """
    jobs = max(1, min(jobs, page_count))
    size, extra = divmod(page_count, jobs)
    ranges = []
    first = 1
    for job in range(jobs):
        last = first + size + (1 if job < extra else 0) - 1
        ranges.append((first, last))
        first = last + 1
    return ranges


def count_pages(path: Path, password: str, max_pages: int) -> int:
    """Open the PDF (checking its structure and password) and count its pages."""
    name = str(path)
    count = 0
    with path.open("rb") as stream:
        for count, _ in enumerate(_pages(_open_pdf(stream, name, password), name), start=1):
            if count > max_pages:
                raise InputError(
                    f"{name}: has more than {max_pages} pages: raise the limit with "
                    f"--max-pages if you mean to compare it"
                )
    if count == 0:
        raise InputError(f"{name}: has no pages: re-export the PDF from its source")
    return count


def read_pages(
    path: Path,
    password: str,
    first: int,
    last: int,
    progress: ProgressCallback | None = None,
) -> PageRange:
    """Extract pages first..last (1-based) in this process, without time or memory limits."""
    name = str(path)
    lines: list[Line] = []
    pages_without_text: list[int] = []
    with path.open("rb") as stream, fewer_collections():
        pdf = _open_pdf(stream, name, password)
        resources = PDFResourceManager(caching=True)
        device = GlyphDevice(resources)
        interpreter = AnnotatingInterpreter(resources, device)
        for page_number, page in enumerate(_pages(pdf, name), start=1):
            if page_number < first:
                continue
            if page_number > last:
                break
            try:
                interpreter.process_page(page)
            except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
                raise InputError(
                    f"{name}: page {page_number} cannot be read ({_describe(error)}): "
                    "the PDF is damaged; re-export it from its source"
                ) from None
            assert device.result is not None, "every page processed is ended"
            page_lines = list(_page_lines(device.result, page_number))
            if not page_lines:
                pages_without_text.append(page_number)
            lines.extend(page_lines)
            if progress is not None:
                progress()
    return PageRange(lines, pages_without_text)


def _open_pdf(stream: Any, name: str, password: str) -> PDFDocument:
    """Parse the PDF's structure, turning pdfminer's many failure modes into InputErrors."""
    try:
        return PDFDocument(PDFParser(stream), password=password)
    except PDFPasswordIncorrect:
        if password:
            raise InputError(f"{name}: the password given with --password is wrong") from None
        raise InputError(f"{name}: is encrypted with a password: give it with --password") from None
    except PDFEncryptionError as error:
        raise InputError(
            f"{name}: uses an encryption pdfminer cannot open ({error}): save an unencrypted copy"
        ) from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise InputError(
            f"{name}: is not a readable PDF ({_describe(error)}): "
            "the file is truncated or damaged; re-export it from its source"
        ) from None


def _pages(pdf: PDFDocument, name: str) -> Iterator[PDFPage]:
    """Iterate the pages, reporting a broken page tree as an InputError."""
    try:
        yield from PDFPage.create_pages(pdf)
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise InputError(
            f"{name}: its page tree is damaged ({_describe(error)}): "
            "re-export the PDF from its source"
        ) from None


def _describe(error: BaseException) -> str:
    """One short line about an exception from deep inside pdfminer."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = text[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


SMALLER = 0.85
"""A digit set smaller than this share of its line's usual size may be a superscript..."""
RAISED = 0.15
"""...if its baseline is raised by more than this share of that size."""


_DIGIT = re.compile(r"\d")


def line_text(items: list[Any]) -> str:
    """A line's text, with raised small digits (footnote marks) as superscript digits.

    The text layer says nothing of position, so `tillsyn¹` would come out as `tillsyn1`, a
    changed word; written as a superscript, normalisation can recognise a footnote mark.
    """
    text = "".join(item.text for item in items)
    if not _DIGIT.search(text):
        return text  # no digit, no footnote mark (nearly every line: the quick way)
    characters = [item for item in items if isinstance(item, Char)]
    if not any(character.get_text().isdigit() for character in characters):
        return text
    size = statistics.median(character.size for character in characters)
    baseline = statistics.median(character.y0 for character in characters)
    pieces = []
    for item in items:
        text = item.get_text()
        if (
            isinstance(item, Char)
            and text.isdigit()
            and item.size < SMALLER * size
            and item.y0 > baseline + RAISED * size
        ):
            text = text.translate(SUPERSCRIPTS)
        pieces.append(text)
    return "".join(pieces)


def line_pieces(line: TextLine) -> list[list[Any]]:
    """A pdfminer line cut at every gap wider than a word space (`INDENT_JOIN_GAP` glyph widths).

    pdfminer joins characters closer than its `char_margin` (two glyph heights) into one
    line, so across a narrow gutter a column's line and the next column's line on the
    same baseline become one (`information on receiving IRS assistance United States
    from a residence in`, 19 pt apart in the IRS instructions). Cut here, the pieces go
    to `layout.merge_fragments`, which joins again the pieces of a justified line and
    keeps columns apart.
    """
    items = list(line)
    widths = [char.width for char in line.chars if char.width > 0]
    if not widths:
        return [items]
    # The median glyph is at least as wide as the narrowest: no gap that wide, no cut.
    if line.widest_gap < INDENT_JOIN_GAP * min(widths):
        return [items]
    gutter = INDENT_JOIN_GAP * statistics.median(widths)
    pieces: list[list[Any]] = [[]]
    right: float | None = None
    for item in items:
        if isinstance(item, Char):
            if right is not None and item.x0 - right >= gutter and _is_running_text(pieces[-1]):
                pieces.append([])
            right = item.x1
        pieces[-1].append(item)
    return pieces


CUT_WORDS = 3
"""Only a piece of at least this many words is a column's line worth cutting after: a list
number (`9.`), a bullet or a label (`Pub. 525`) before a gap stays with what follows it."""


def _is_running_text(items: list[Any]) -> bool:
    return len("".join(item.get_text() for item in items).split()) >= CUT_WORDS


BLOCKS_PER_PAGE = 100_000
"""Block ids are page * BLOCKS_PER_PAGE + box: unique across pages read in parallel."""

SPLIT_BLOCKS = (60_000, BLOCKS_PER_PAGE)
"""Block ids (after the page's own) for pieces cut off a line, each its own: above the
page's boxes and its rotated text (BLOCKS_PER_PAGE // 2), below the next page's."""


def _page_lines(layout: GlyphPage, page_number: int) -> Iterator[Line]:
    """The text lines of one analysed page, whole, in reading order, numbered from 1."""
    first_block = page_number * BLOCKS_PER_PAGE
    fragments: list[Fragment] = []
    rotated: list[Glyph] = []
    split_block = SPLIT_BLOCKS[0]
    for box_number, box in enumerate(layout.boxes, start=1):
        for line in box:
            if _is_rotated(line):
                rotated.extend(_glyphs(line))
                continue
            pieces = line_pieces(line)
            for index, piece in enumerate(pieces):
                characters = (
                    line.chars
                    if len(pieces) == 1
                    else [item for item in piece if isinstance(item, Char)]
                )
                if not (text := line_text(piece).strip()) or not characters:
                    continue
                # A piece cut off a line starts as a block of its own: it may stand in the
                # next column, and its line's box would then straddle the gutter.
                block = cut_from = first_block + box_number
                if index and split_block < SPLIT_BLOCKS[1]:
                    block, split_block = first_block + split_block, split_block + 1
                x0, y0, x1, y1 = (
                    (line.x0, line.y0, line.x1, line.y1)  # the line's box is its glyphs'
                    if len(pieces) == 1
                    else (
                        min(c.x0 for c in characters),
                        min(c.y0 for c in characters),
                        max(c.x1 for c in characters),
                        max(c.y1 for c in characters),
                    )
                )
                fragments.append(Fragment(text, x0, y0, x1, y1, block, cut_from if index else 0))
    lines = attach_raised_marks(separate_columns(merge_fragments(fragments)))
    by_block: dict[int, list[Fragment]] = {}
    for fragment in lines:
        by_block.setdefault(fragment.block, []).append(fragment)
    order = reading_order(regions(lines))
    # Rotated text reads apart from the body, after it: it never splices into a sentence.
    for fragment in rotated_lines(rotated, block=first_block + BLOCKS_PER_PAGE // 2):
        by_block[fragment.block] = [fragment]
        order.append(fragment.block)
    line_number = 0
    for block in order:
        for fragment in sorted(by_block[block], key=lambda f: (-f.y1, f.x0)):
            line_number += 1
            yield Line(
                text=fragment.text,
                location=Location(page=page_number, line=line_number),
                page_index=page_number,
                box=Box(fragment.x0, fragment.y0, fragment.x1, fragment.y1),
                block=block,
                page_width=layout.width,
                page_height=layout.height,
            )


def _is_rotated(line: TextLine) -> bool:
    """Whether most of a line's characters are drawn rotated (not upright)."""
    return line.rotated * 2 > len(line.chars) > 0


def _glyphs(line: TextLine) -> list[Glyph]:
    return [
        Glyph(item.get_text(), (a, b, c, d, e, f), item.x0, item.y0, item.x1, item.y1)
        for item in line
        if isinstance(item, Char)
        for a, b, c, d, e, f in [item.matrix]
    ]
