"""The pages in the HTML report: each difference on a PDF side shown on its page.

A proofreader decides on the document as it looks, not on extracted text. For each PDF
side, the pages that hold a difference to decide are rendered with PDFium (pypdfium2:
wheels on PyPI, no system library) and kept as PNG images in a few greys; each
difference gets its marks there (`highlights`: the rectangles over its glyphs). The
HTML report embeds each page once and shows every difference's part of it, the marks
drawn over it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docreconcile.highlights import Rectangle, highlights, opened, reader_matrix, transformed
from docreconcile.model import Document, Report

RENDER_SCALE = 1.5
"""Pixels per PDF point of a page image (108 dpi): a crop shows at about its own size in
the report, and the enlarged page fills a laptop's screen."""

GREY_LEVELS = 8
"""Shades of grey a page image keeps: anti-aliased type reads as well as in 256, and a
page of text compresses to a fraction of its size in colour (the marks are drawn over
it in colour; bench/PAGE_IMAGES.md has the sizes)."""

MOST_PAGES = 200
"""Page images at most per side: a report stays a file a browser opens at once; pages
past these are left out, and the report says so."""


@dataclass(frozen=True)
class PdfSide:
    """A side of a comparison that is a PDF: which side, the file, what was read from it."""

    side: str
    path: Path
    document: Document
    password: str | None = None


@dataclass(frozen=True)
class PageImage:
    """One page as an image: `width` and `height` in PDF points (its crop box, upright),
    `left` and `bottom` where that box starts in the reader's coordinates."""

    side: str
    page: int
    left: float
    bottom: float
    width: float
    height: float
    image: str  # a data URI


@dataclass(frozen=True)
class PageMark:
    """A difference's marks on one page of one side, in the reader's coordinates."""

    difference: int
    side: str
    page: int
    rectangles: tuple[Rectangle, ...]


@dataclass(frozen=True)
class PageViews:
    """The page images of a report and the marks on them; `left_out` counts pages with
    differences that were not rendered (past MOST_PAGES)."""

    images: tuple[PageImage, ...] = ()
    marks: tuple[PageMark, ...] = ()
    left_out: int = 0

    def image(self, side: str, page: int) -> PageImage | None:
        return next((i for i in self.images if i.side == side and i.page == page), None)

    def of(self, difference: int) -> list[PageMark]:
        return [mark for mark in self.marks if mark.difference == difference]


def page_views(report: Report, sides: Sequence[PdfSide], most_pages: int = MOST_PAGES) -> PageViews:
    """Render the pages of each PDF side that hold a difference to decide, with the
    differences' marks on them."""
    images: list[PageImage] = []
    marks: list[PageMark] = []
    left_out = 0
    for pdf in sides:
        with opened(pdf.path, pdf.password) as glyphs:
            found = highlights(report, pdf.document, pdf.side, glyphs)
            pages = sorted({mark.page for mark in found})
            if glyphs.pdf is None:
                continue  # PDFium cannot open it: no images, the text report stands
            shown = set(pages[:most_pages])
            left_out += len(pages) - len(shown)
            for page in sorted(shown):
                if 1 <= page <= len(glyphs.pdf):
                    images.append(_rendered(glyphs.pdf[page - 1], pdf.side, page))
            marks += [
                PageMark(mark.difference.id, pdf.side, mark.page, mark.rectangles)
                for mark in found
                if mark.page in shown
            ]
    return PageViews(tuple(images), tuple(marks), left_out)


def _rendered(page: object, side: str, number: int) -> PageImage:
    """A page as a PNG data URI in GREY_LEVELS shades, with where its crop box stands."""
    from typing import Any, cast

    from PIL import Image

    pdfium_page = cast(Any, page)
    left, bottom, right, top = transformed(reader_matrix(pdfium_page), pdfium_page.get_cropbox())
    grey = pdfium_page.render(scale=RENDER_SCALE, grayscale=True).to_pil().convert("L")
    shades = Image.frombuffer("P", grey.size, grey.point(_SHADE).tobytes(), "raw", "P", 0, 1)
    shades.putpalette(_PALETTE)
    buffer = io.BytesIO()
    shades.save(buffer, "PNG", compress_level=3, bits=4)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return PageImage(
        side, number, left, bottom, right - left, top - bottom, f"data:image/png;base64,{data}"
    )


_SHADE = [round(value * (GREY_LEVELS - 1) / 255) for value in range(256)]
"""A grey value's shade: the index of the nearest of GREY_LEVELS greys."""

_PALETTE = [
    round(shade * 255 / (GREY_LEVELS - 1)) for shade in range(GREY_LEVELS) for _ in range(3)
]
"""The greys, as the RGB palette of the page image."""
