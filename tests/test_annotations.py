"""PDF annotations: filled form fields and link boxes are read, hidden fields are not."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from tests.pdfmaker import make_form_pdf

SWEDISH = "Ärende\nSyftet var att genomlysa verksamheten på olika nivåer – Åsa Regner.\n"


def test_a_filled_form_field_is_read_and_a_hidden_one_is_not(tmp_path: Path) -> None:
    """A field's value is drawn by its annotation's appearance, not the page's content."""
    pdf = make_form_pdf(tmp_path / "form.pdf", "Sökande:", "Ardalan Shekarabi", "dold uppgift")
    texts = [line.text for line in extract(pdf).lines]
    assert texts == ["Sökande:", "Ardalan Shekarabi"]


def test_a_link_box_drawn_by_an_annotation_is_read() -> None:
    """The IRS 1040-NR instructions open with a link box (a widget annotation)."""
    document = extract(Path(__file__).parent / "realworld" / "irs_i1040nr.pdf")
    first_page = [line.text for line in document.lines if line.page_index == 1]
    assert "If either of the following applies, please click on this link to view" in first_page
