"""A second reader of a PDF's text layer: PDFium's glyphs into the same lines and boxes.

`--engine pdfium`. PDFium (pypdfium2: wheels on PyPI, no system library) parses a page
and hands over each glyph's character, box, font size and matrix much faster than
pdfminer's interpreter (bench/REALPDFS.md). The glyphs are made into the light pass's `Char`s,
as pdfminer's would be, and from there everything is the default reader's: the same
grouping into lines and boxes (`glyphs`), the same reading order and line rows
(`pdf_pages._page_rows`). What differs is what PDFium reads, not what is done with it:

- a glyph's box is PDFium's "loose" box (the font's descent to its size, the glyph's
  advance), the box pdfminer gives it; only its top is taken from the font size, as
  pdfminer does, not from an accent's height;
- spaces PDFium makes up between words (`FPDFText_IsGenerated`) are left out: the
  grouping puts spaces where glyphs stand apart, as it does for pdfminer. PDFium takes
  some of a PDF's own space glyphs for made-up ones (after a list's bullet in another
  font): without that space, a bullet a tab's width from its text is a line of its own;
- a hyphen at a line's end, which PDFium reports as code 2, is a hyphen;
- PDFium reads text inside form XObjects in the page's drawing order, where pdfminer
  groups a figure's text apart; annotations' appearances (form fields' values, stamps),
  which PDFium's text page leaves out, are drawn by pdfminer as the default reader does.

pdfminer.six stays the default and the reference (`tests/test_pdfium_pages.py` lists
where the two disagree on the real-world PDFs).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docreconcile.extract.annotations import page_matrix
from docreconcile.extract.glyphs import Char, Container, GlyphPage
from docreconcile.extract.pdf_pages import _page_rows, checked_count, damaged_error, password_error

ENGINE = "pdfium"


def open_pdf(path: Path, password: str) -> Any:
    """The PDF opened by PDFium, its failures as the default reader words them."""
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(str(path), password=password or None)
    except pypdfium2.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise password_error(str(path), password) from None
        raise damaged_error(str(path), reason[:120]) from None


def _counted(pdf: Any, name: str, max_pages: int) -> int:
    """The number of pages of an open PDF, at least one and at most `max_pages`."""
    return checked_count(len(pdf), name, max_pages)


def count_pages(path: Path, password: str, max_pages: int) -> int:
    """Open the PDF (checking its password) and count its pages."""
    pdf = open_pdf(path, password)
    try:
        return _counted(pdf, str(path), max_pages)
    finally:
        pdf.close()


def read_pages(
    path: Path,
    password: str,
    first: int,
    last: int | None,
    max_pages: int,
    send: Callable[[Any], None],
) -> int:
    """Read pages first..last (1-based; `last` None: count them first) as
    `pdf_pages.read_pages` does, each page sent as soon as it is read."""
    name = str(path)
    pdf = open_pdf(path, password)
    read = 0
    try:
        if last is None:
            last = _counted(pdf, name, max_pages)
            send(("count", last))
        drawn = _Appearances(path, password)
        for page_number in range(first, min(last, len(pdf)) + 1):
            page = pdf[page_number - 1]
            try:
                layout = glyph_page(page, drawn.figures(page_number))
            finally:
                page.close()
            send(
                ("page", page_number, layout.width, layout.height, _page_rows(layout, page_number))
            )
            read += 1
        drawn.close()
    finally:
        pdf.close()
    return read


class _Appearances:
    """The text of each page's annotation appearances (a form field's value, a link
    box's label), which PDFium's text page leaves out: drawn by pdfminer as the default
    reader draws them (`annotations`), as figures after the page's own text. Only the
    PDF's structure and the appearance streams are parsed, not the pages' content."""

    def __init__(self, path: Path, password: str) -> None:
        from pdfminer.pdfinterp import PDFResourceManager

        from docreconcile.extract.glyphs import GlyphDevice
        from docreconcile.extract.pdf_pages import _open_pdf, _pages

        self.stream = path.open("rb")
        self.pages = _pages(_open_pdf(self.stream, str(path), password), str(path))
        self.number = 0
        self.resources = PDFResourceManager(caching=True)
        self.device = GlyphDevice(self.resources)

    def close(self) -> None:
        self.stream.close()

    def figures(self, page_number: int) -> list[Container]:
        """The appearances of page `page_number` (pages are asked for in order)."""
        from pdfminer.pdfinterp import PDFPageInterpreter
        from pdfminer.pdftypes import dict_value
        from pdfminer.utils import mult_matrix

        from docreconcile.extract.annotations import appearances

        page = None
        while self.number < page_number:
            page = next(self.pages, None)
            self.number += 1
            if page is None:
                return []
        if page is None or not page.annots:
            return []
        x0, y0, x1, y1 = page.mediabox
        ctm = page_matrix(page.rotate, x0, y0, x1, y1)
        device = self.device
        device.begin_page(page, ctm)
        for number, (stream, matrix) in enumerate(appearances(page)):
            name = f"annotation{number}"
            device.begin_figure(name, (0, 0, 0, 0), matrix)
            resources = dict_value(stream.get("Resources")) if stream.get("Resources") else {}
            PDFPageInterpreter(self.resources, device).render_contents(
                resources, [stream], ctm=mult_matrix(matrix, ctm)
            )
            device.end_figure(name)
        return device.container.figures


_MADE_UP = frozenset({0, 0x0A, 0x0D, 0xFFFE, 0xFFFF})
"""Codes PDFium gives a character it made up (a line's end) or cannot map; a space it
made up is told by asking (`FPDFText_IsGenerated`)."""

_LINE_END_HYPHEN = 0x02
"""The code PDFium gives a hyphen drawn at a line's end (it takes it for a soft hyphen):
the PDF's glyph is a hyphen, and the default reader reads it as one."""


def glyph_page(page: Any, figures: list[Container] | None = None) -> GlyphPage:
    """A PDFium page as the light pass's `GlyphPage`: its size upright and its glyphs
    grouped into lines and boxes, in the reader's coordinates (origin at the media box's
    bottom left, a rotated page turned upright, as pdfminer has them)."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation()
    transform = page_matrix(rotation, x0, y0, x1, y1)
    width, height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
    text = page.get_textpage()
    try:
        chars = _page_chars(text.raw, transform)
    finally:
        text.close()
    return GlyphPage(width, height, list(Container(chars, figures or []).boxes()))


def _page_chars(handle: Any, transform: tuple[float, ...]) -> list[Char]:
    """A text page's glyphs as `Char`s in drawing order, made-up spaces and line ends
    left out. Three of PDFium's calls a glyph (its code, its loose box, its matrix; its
    size once a string, its origin for a rotated glyph only)."""
    from pypdfium2 import raw

    a, b, c, d, e, f = transform
    plain = (a, b, c, d) == (1, 0, 0, 1)  # an unrotated page: a shift only
    get_box, get_matrix = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix
    is_generated, get_size = raw.FPDFText_IsGenerated, raw.FPDFText_GetFontSize
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    box_ref, matrix_ref = ctypes.byref(box), ctypes.byref(matrix)
    x, y = ctypes.c_double(), ctypes.c_double()
    count = raw.FPDFText_CountChars(handle)
    chars: list[Char] = []
    keep = chars.append
    string: tuple[float, ...] = ()
    size = 0.0
    get_code = raw.FPDFText_GetUnicode  # (FPDFText_GetText drops control codes: no 1:1)
    for index in range(count):
        code = get_code(handle, index)
        if code in _MADE_UP or (code == 0x20 and is_generated(handle, index) == 1):
            continue
        get_box(handle, index, box_ref)
        get_matrix(handle, index, matrix_ref)
        ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
        here = (ma, mb, mc, md, matrix.e, matrix.f)  # its string's: one size
        if here != string:
            string, size = here, get_size(handle, index)
        character = "-" if code == _LINE_END_HYPHEN else "(cid:0)" if code == 0xFFFD else chr(code)
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        if mb == 0 and mc == 0:
            # upright or mirrored, unskewed: the box reaches the font's size above its
            # descent, as pdfminer's does, not an accent's top
            top = bottom + size * (md if md > 0 else -md)
            if plain and ma * md > 0:
                # nearly all text: upright on an unrotated page
                keep(
                    Char(
                        character,
                        left + e,
                        bottom + f,
                        right + e,
                        top + f,
                        top - bottom,
                        True,
                        (ma, 0.0, 0.0, md, left + e, bottom + f),
                    )
                )
                continue
        raw.FPDFText_GetCharOrigin(handle, index, x, y)  # the matrix's is its string's
        glyph = (left, bottom, right, top, ma, mb, mc, md, x.value, y.value)
        keep(_turned_char(character, glyph, transform, size))
    return chars


def _turned_char(
    character: str, glyph: tuple[float, ...], transform: tuple[float, ...], size: float
) -> Char:
    """A glyph PDFium gives on a turned page or turned itself, in the reader's
    coordinates: its box (left, bottom, right, top), its matrix's direction (a, b, c,
    d) and its origin (x, y), in `glyph`, through the page's `transform`."""
    left, bottom, right, top, ma, mb, mc, md, x, y = glyph
    a, b, c, d, e, f = transform
    xs = (a * left + c * bottom + e, a * right + c * top + e)
    ys = (b * left + d * bottom + f, b * right + d * top + f)
    gx0, gx1 = (xs[0], xs[1]) if xs[0] <= xs[1] else (xs[1], xs[0])
    gy0, gy1 = (ys[0], ys[1]) if ys[0] <= ys[1] else (ys[1], ys[0])
    # the glyph's matrix as the reader sees it: its direction, its own origin
    ra, rb = a * ma + c * mb, b * ma + d * mb
    rc, rd = a * mc + c * md, b * mc + d * md
    upright = ra * rd > 0 and rb * rc <= 0
    origin = (a * x + c * y + e, b * x + d * y + f)
    return Char(
        character,
        gx0,
        gy0,
        gx1,
        gy1,
        gy1 - gy0 if upright else size,
        upright,
        (ra, rb, rc, rd, *origin),
    )
