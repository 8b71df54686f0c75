"""End to end on the Linköping fixture: exactly the differences the seed README lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile import Category, Severity, compare
from docreconcile.model import Report
from tests.conftest import PDF_TEXT_VERSION, PDF_VERSION, TEXT_VERSION


def summary(report: Report) -> list[tuple[str, str, str]]:
    return [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is not Severity.LAYOUT
    ]


@pytest.mark.parametrize("other", [PDF_VERSION, PDF_TEXT_VERSION], ids=["pdf", "pdf-as-text"])
def test_text_against_pdf_version_finds_exactly_what_differs(other: Path) -> None:
    report = compare(TEXT_VERSION, other)
    assert summary(report) == [
        ("spelling", "Ardan", "Ardalan"),
        ("spelling", "genomlysna", "genomlysa"),
    ]
    # The two-column signature block, read column by column, is reading order: layout.
    relocated = [d for d in report.differences if d.category.is_relocation]
    assert [(d.category, d.a) for d in relocated] == [(Category.READING_ORDER, "Omsorgskontoret")]
    rules = [d for d in report.differences if d.category is Category.RULE]
    assert [(d.severity, d.b) for d in rules] == [(Severity.LAYOUT, "__________")]


def test_pdf_differences_point_to_page_and_line_in_both_inputs() -> None:
    report = compare(TEXT_VERSION, PDF_VERSION)
    text_lines = TEXT_VERSION.read_text(encoding="utf-8").splitlines()
    from docreconcile.extract import extract

    pdf_lines = {line.location: line.text for line in extract(PDF_VERSION).lines}
    for difference in report.differences:
        if difference.severity is Severity.LAYOUT:
            continue
        assert difference.a_location is not None and difference.b_location is not None
        assert difference.a in text_lines[difference.a_location.line - 1]
        assert difference.b_location.page is not None
        assert difference.b in pdf_lines[difference.b_location]


def test_ardalan_is_on_page_3_and_line_41_of_the_text() -> None:
    report = compare(TEXT_VERSION, PDF_VERSION)
    ardalan = next(d for d in report.differences if d.b == "Ardalan")
    assert ardalan.a_location is not None and ardalan.a_location.line == 41
    assert ardalan.b_location is not None and ardalan.b_location.page == 3
    assert "civilminister Ardan Shekarabi" in ardalan.a_context
    assert ardalan.inline == "Arda{+la+}n"


def test_the_two_seed_texts_compared_as_text_give_the_same_answer() -> None:
    report = compare(TEXT_VERSION, PDF_TEXT_VERSION)
    assert report.count(Severity.SUBSTANTIVE) == 2
    assert report.count(Severity.MINOR) == 0
    assert report.by_category()[Category.READING_ORDER] == 1


def test_the_order_of_inputs_does_not_matter() -> None:
    report = compare(PDF_VERSION, TEXT_VERSION)
    assert [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ] == [
        ("spelling", "Ardalan", "Ardan"),
        ("spelling", "genomlysa", "genomlysna"),
    ]


@pytest.mark.parametrize("path", [TEXT_VERSION, PDF_VERSION, PDF_TEXT_VERSION])
def test_each_file_compared_with_itself_has_no_difference(path: Path) -> None:
    report = compare(path, path)
    assert report.differences == ()


def test_layout_is_counted_not_lost() -> None:
    counts = compare(TEXT_VERSION, PDF_VERSION).by_category()
    assert counts[Category.HEADER_FOOTER] == 8  # two header items on each of four pages
    assert counts[Category.PAGE_NUMBER] == 4
    assert counts[Category.RULE] == 1
    assert counts[Category.LINE_BREAK] > 50
