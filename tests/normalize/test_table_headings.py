"""A table's heading row repeated on every page (`normalize.table_headings`)."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.model import Category
from docreconcile.normalize import (
    normalize,
)

ASVS = Path(__file__).resolve().parents[1] / "publisher" / "asvs-4.0.3-en.pdf"


def test_a_tables_heading_row_repeated_at_a_pages_top_is_layout() -> None:
    """Word repeats a table's heading row (`#`, `Description`, `L1`, `L2`, `L3  CWE`) at
    the top of each page the table runs on to; the Word file holds it once. The OWASP
    ASVS's PDF: on page 43 the row is taken out, page 42's first table keeps its own."""
    normalized = normalize(extract(ASVS))
    taken = [
        (event.location.page, event.text)
        for event in normalized.events
        if event.category is Category.HEADER_FOOTER and event.key.startswith("# Description")
    ]
    assert [text for page, text in taken if page == 43] == [
        "#",
        "Description",
        "L1",
        "L2",
        "L3  CWE",
    ]
    assert 42 not in {page for page, _ in taken}
    assert any(p.text == "#" and p.spans[0].location.page == 42 for p in normalized.paragraphs)
