"""The light PDF pass groups glyphs into the lines and text boxes pdfminer's own layout
analysis makes (same rules, same default parameters), without its objects: checked
page by page on real PDFs from several producers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTContainer, LTImage, LTTextBox
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage

from docreconcile.extract.annotations import AnnotatingInterpreter
from docreconcile.extract.glyphs import GlyphDevice, group_lines
from tests.conftest import PDF_VERSION

TESTS = Path(__file__).resolve().parent
PDFS = [
    PDF_VERSION,
    *sorted((TESTS / "corpus").glob("*.pdf")),
    TESTS / "realworld" / "dmca.pdf",  # Word, a running header, raised footnote marks
    TESTS / "realworld" / "nfs-2007-10.pdf",  # text drawn inside figures on every page
    TESTS / "realworld" / "arn-2013-07406.pdf",  # rotated margin text
]

Box = frozenset[tuple[str, tuple[float, float, float, float]]]


def _rounded(item: object) -> tuple[float, float, float, float]:
    return tuple(round(getattr(item, name), 2) for name in ("x0", "y0", "x1", "y1"))  # type: ignore[return-value]


def pdfminer_boxes(path: Path) -> list[set[Box]]:
    """Each page's text boxes as pdfminer's layout analysis makes them."""
    pages = []
    with path.open("rb") as stream:
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
        interpreter = AnnotatingInterpreter(resources, device)
        for page in PDFPage.get_pages(stream):
            interpreter.process_page(page)
            pages.append(set(_boxes_of(device.get_result())))
    return pages


def _boxes_of(container: LTContainer[object]) -> list[Box]:
    boxes = []
    for item in container:
        if isinstance(item, LTTextBox):
            boxes.append(frozenset((line.get_text(), _rounded(line)) for line in item))
        elif isinstance(item, LTContainer) and not isinstance(item, LTImage):
            boxes.extend(_boxes_of(item))
    return boxes


def light_boxes(path: Path) -> list[set[Box]]:
    """Each page's text boxes as the light pass makes them."""
    pages = []
    with path.open("rb") as stream:
        resources = PDFResourceManager(caching=True)
        device = GlyphDevice(resources)
        interpreter = AnnotatingInterpreter(resources, device)
        for page in PDFPage.get_pages(stream):
            interpreter.process_page(page)
            assert device.result is not None
            pages.append(
                {
                    frozenset((line.text(), _rounded(line)) for line in box)
                    for box in device.result.boxes
                }
            )
    return pages


@pytest.mark.parametrize("path", PDFS, ids=lambda path: path.name)
def test_the_light_pass_makes_pdfminers_lines_and_boxes(path: Path) -> None:
    assert light_boxes(path) == pdfminer_boxes(path)


def test_no_glyph_makes_no_line() -> None:
    assert list(group_lines([])) == []
