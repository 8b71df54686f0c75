"""The eight Kungsbacka memos (shared/realworld) set as their offices print them, by
LibreOffice (tests/memos/make_memos.py): A5, justified, a running header with the case
number, a `Sida N (M)` footer and a contact footer on page 1, hyphenated in Swedish.

Each memo against its own text must give no substantive difference, with the header,
the page numbers and the contact footer recorded as layout; with three edits injected
into the text, exactly those edits. Against poppler's text of the PDF (which carries the
furniture as text, as text copied out of a PDF does) the same holds, except where the
extractors truly disagree.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import decode_text

from docreconcile import Category, Severity, compare_documents
from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Document, Report
from tests.edits import inject_edits

MEMOS = Path(__file__).resolve().parent / "memos"
NAMES = sorted(
    path.stem for path in MEMOS.glob("0*.txt") if not path.name.endswith(".pdftotext.txt")
)

PDFTOTEXT_DISAGREES: dict[str, str] = {
    # memo: why poppler's text and ours differ in substance (none left: memo 01's dates,
    # whose line-end hyphen pdftotext drops, 202401-25, are now paired as hyphenation)
}


@cache
def pdf_document(name: str) -> Document:
    return extract(MEMOS / f"{name}.pdf", jobs=1)


def compare_text(path: Path, name: str, text: str | None = None) -> Report:
    data = path.read_bytes() if text is None else text.encode("utf-8")
    return compare_documents(extract_text(path, data), pdf_document(name))


def substantive(report: Report) -> list[tuple[str, str, str]]:
    return [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]


def test_the_memos_are_set_by_libreoffice_on_several_pages() -> None:
    assert len(NAMES) == 8
    for name in NAMES:
        with (MEMOS / f"{name}.pdf").open("rb") as stream:
            info = PDFDocument(PDFParser(stream)).info[0]
        assert "LibreOffice" in decode_text(info["Producer"])
        assert pdf_document(name).pages >= 2


def test_the_memos_are_hyphenated_as_swedish_is() -> None:
    """LibreOffice breaks words at line ends by its Swedish patterns (hyphen-sv): the
    memos hold over a hundred such breaks, each joined again as a hyphenation, and poppler's
    text of memo 03 glues a footer into the word broken over its page 2 (`förbättSida 2
    (3)`), the case `normalize.split_glued_page_numbers` undoes."""
    broken = joined = 0
    for name in NAMES:
        report = compare_text(MEMOS / f"{name}.txt", name)
        joined += sum(d.category is Category.HYPHENATION for d in report.differences)
        broken += sum(line.text.rstrip().endswith("-") for line in pdf_document(name).lines)
    assert broken >= 100 and joined >= 90
    copied = (MEMOS / "03-miljo-remissvar-tillsyn-apotek-sou-2023-101.pdftotext.txt").read_text(
        encoding="utf-8"
    )
    assert "förbättSida 2 (3)" in copied


@pytest.mark.parametrize("name", NAMES)
def test_memo_against_its_text_has_no_substantive_difference(name: str) -> None:
    report = compare_text(MEMOS / f"{name}.txt", name)
    assert substantive(report) == []
    layout = Counter(d.category for d in report.differences if d.severity is Severity.LAYOUT)
    pages = pdf_document(name).pages
    assert layout[Category.PAGE_NUMBER] == pages  # Sida 1 (2), Sida 2 (2)
    # the running header on every page, and the contact footer of page 1
    furniture = [d.b for d in report.differences if d.category is Category.HEADER_FOOTER]
    assert sum("KUNGSBACKA KOMMUN" in text for text in furniture) == pages
    assert any("kungsbacka.se" in text for text in furniture)


@pytest.mark.parametrize("name", NAMES)
def test_edits_injected_into_the_memo_come_out_exactly(name: str) -> None:
    path = MEMOS / f"{name}.txt"
    edited, edits = inject_edits(path.read_text(encoding="utf-8"))
    assert edits
    report = compare_text(path, name, edited)
    assert sorted(substantive(report)) == sorted(edit.expected for edit in edits)
    for difference in report.differences:
        if difference.severity is Severity.SUBSTANTIVE:
            assert difference.a_location is not None and difference.b_location is not None
            assert difference.b_location.page is not None


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=PDFTOTEXT_DISAGREES[name], strict=True))
        if name in PDFTOTEXT_DISAGREES
        else name
        for name in NAMES
    ],
)
def test_text_copied_out_of_the_pdf_has_no_substantive_difference(name: str) -> None:
    """poppler's text carries the header, `Sida N (M)` and the contact footer as lines
    between form feeds, sometimes inside a sentence that goes on over the page."""
    report = compare_text(MEMOS / f"{name}.pdftotext.txt", name)
    assert substantive(report) == []
