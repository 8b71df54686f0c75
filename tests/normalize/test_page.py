"""A PDF page's geometry as the steps read it (`normalize.page`)."""

from __future__ import annotations

from docreconcile.model import Box, Line, Location
from docreconcile.normalize.page import in_margin, is_vertical, pdf_rows


def pdf_line(text: str, x0: float, y0: float, x1: float, y1: float) -> Line:
    return Line(text, Location(1, page=1), box=Box(x0, y0, x1, y1), page_height=842.0)


def test_a_header_left_and_right_is_one_row_and_a_wider_gap_sets_rows_apart() -> None:
    """Lines on one baseline are one row (a header with text left and right); a gap
    clearly wider than the page's usual one between rows sets those rows apart."""
    lines = [
        pdf_line("KUNGSBACKA KOMMUN", 70, 800, 200, 810),
        pdf_line("Dnr KS 2024/12", 400, 800.5, 520, 810),
        pdf_line("Brödtext ett.", 70, 760, 500, 770),
        pdf_line("Brödtext två.", 70, 746, 500, 756),
        pdf_line("Brödtext tre.", 70, 732, 500, 742),
    ]
    rows, gaps = pdf_rows(lines, list(range(len(lines))))
    assert rows == [(0, 1), (2,), (3,), (4,)]
    assert gaps == [True, False, False]


def test_the_margin_band_and_text_that_runs_up_the_page() -> None:
    assert in_margin(pdf_line("Sida 1 (2)", 280, 30, 320, 40))
    assert not in_margin(pdf_line("Brödtext.", 70, 400, 500, 410))
    assert is_vertical(pdf_line("jbell on DSKJLSW7X2PROD", 18, 18, 23, 125))
    assert not is_vertical(pdf_line("!", 233, 658, 239, 675))  # one glyph stands tall
