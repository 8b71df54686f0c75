"""Text that a PDF shows through annotations: form fields and stamps drawn on the page.

pdfminer reads a page's content stream only. What a viewer also draws are the appearance
streams of the page's annotations: the value typed into a form field, a button's label
(the IRS 1040-NR instructions open with a link box, `If either of the following applies,
please click on this link to view Publication 4655`), a stamp. poppler's pdftotext reads
them; a reader that does not loses text the document shows. `AnnotatingInterpreter`
renders each visible annotation's normal appearance after the page, as a figure, so its
text is laid out like any other.
"""

from __future__ import annotations

from typing import Any, cast

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import Matrix, Rect, apply_matrix_pt, mult_matrix

HIDDEN = 1 << 1
"""Annotation flag: never shown (PDF 32000-1, 12.5.3)."""

NO_VIEW = 1 << 5
"""Annotation flag: not shown on screen (it may still print)."""

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class AnnotatingInterpreter(PDFPageInterpreter):
    """A page interpreter that also draws the page's annotation appearances."""

    def process_page(self, page: PDFPage) -> None:
        """Draw the page as pdfminer does, then each annotation's appearance on it.

        pdfminer's own `process_page` ends the page right after its content; this one
        renders the appearances between the two, with the page's transformation.
        """
        (x0, y0, x1, y1) = page.mediabox
        ctm = page_matrix(page.rotate, x0, y0, x1, y1)
        self.device.begin_page(page, ctm)
        self.render_contents(page.resources, page.contents, ctm=ctm)
        for number, (stream, matrix) in enumerate(appearances(page)):
            name = f"annotation{number}"
            bbox = cast(Rect, tuple(list_value(stream.get("BBox", [0, 0, 0, 0]))))
            self.device.begin_figure(name, bbox, matrix)
            resources = dict_value(stream.get("Resources")) if stream.get("Resources") else {}
            self.subinterp().render_contents(resources, [stream], ctm=mult_matrix(matrix, ctm))
            self.device.end_figure(name)
        self.device.end_page(page)


def page_matrix(rotate: int, x0: float, y0: float, x1: float, y1: float) -> Matrix:
    """The page's transformation, as pdfminer's `process_page` sets it."""
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def appearances(page: PDFPage) -> list[tuple[PDFStream, Matrix]]:
    """The normal appearance stream of each visible annotation, with the matrix that
    places it in its rectangle on the page; annotations without one are skipped."""
    found: list[tuple[PDFStream, Matrix]] = []
    for reference in list_value(resolve1(page.annots) or []):
        annotation = resolve1(reference)
        if not isinstance(annotation, dict):
            continue
        flags = resolve1(annotation.get("F", 0))
        if isinstance(flags, int) and flags & (HIDDEN | NO_VIEW):
            continue
        stream = _normal_appearance(annotation)
        rect = resolve1(annotation.get("Rect"))
        if stream is None or not isinstance(rect, list) or len(rect) != 4:
            continue
        try:
            box = cast(Rect, tuple(float(resolve1(v)) for v in rect))
            bbox = cast(Rect, tuple(float(resolve1(v)) for v in list_value(stream["BBox"])))
            matrix = cast(
                Matrix, tuple(float(resolve1(v)) for v in stream.get("Matrix", _IDENTITY))
            )
        except (KeyError, TypeError, ValueError):
            continue
        found.append((stream, appearance_matrix(bbox, matrix, box)))
    return found


def _normal_appearance(annotation: dict[str, Any]) -> PDFStream | None:
    """The /AP /N stream, or the one of the annotation's state (/AS) where /N has several."""
    appearance = resolve1(annotation.get("AP"))
    if not isinstance(appearance, dict):
        return None
    normal = resolve1(appearance.get("N"))
    if isinstance(normal, dict):
        state = resolve1(annotation.get("AS"))
        key = state.name if isinstance(state, PSLiteral) else None
        normal = resolve1(normal.get(key)) if key is not None else None
    if isinstance(normal, PDFStream) and "BBox" in normal:
        return normal
    return None


def appearance_matrix(bbox: Rect, matrix: Matrix, rect: Rect) -> Matrix:
    """The matrix that draws an appearance (its BBox, through its Matrix) into the
    annotation's rectangle, as PDF 32000-1, 12.5.5 prescribes.

    >>> appearance_matrix((0, 0, 100, 20), (1, 0, 0, 1, 0, 0), (300, 700, 400, 720))
    (1.0, 0.0, 0.0, 1.0, 300.0, 700.0)
    """
    corners = [
        apply_matrix_pt(matrix, (x, y)) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])
    ]
    left = min(x for x, _ in corners)
    bottom = min(y for _, y in corners)
    width = max(x for x, _ in corners) - left
    height = max(y for _, y in corners) - bottom
    if width <= 0 or height <= 0:
        return matrix
    scale_x = (rect[2] - rect[0]) / width
    scale_y = (rect[3] - rect[1]) / height
    fit: Matrix = (scale_x, 0.0, 0.0, scale_y, rect[0] - left * scale_x, rect[1] - bottom * scale_y)
    return cast(Matrix, tuple(float(v) for v in mult_matrix(matrix, fit)))
