"""Page numbers (`normalize.page_numbers`)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from docreconcile.extract import extract
from docreconcile.model import Line, Location
from docreconcile.normalize import (
    infer_text_pages,
    is_page_number,
    remove_page_furniture,
)


@pytest.mark.parametrize(
    "text", ["Sida 2 av 5", "sida 12 av 40", "2 (5)", "- 3 -", "4/12", "7", "Page 3 of 9", "s. 4"]
)
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    "text", ["1. Omsorgskontorets förslag", "2018.", "§ 385", "SOU 2017:21", "2015-12-14"]
)
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_a_reflowed_text_gets_its_pages_back_from_its_page_numbers() -> None:
    """The IRS instructions reflowed (poppler's text, form feeds dropped) keep `Page 2 of
    48` … `Page 48 of 48` between paragraphs. They count up, and a page's worth of text
    comes before the first: headers, each starting its page. With its pages back, the
    running header under each number is found by recurrence as in a paged text."""
    document = extract(
        Path(__file__).resolve().parents[1] / "realworld" / "irs_i1040nr.reflowed.txt"
    )
    paged = infer_text_pages(document.lines)
    assert max(line.page_index for line in paged) == 48
    starts = [
        line.text
        for before, line in itertools.pairwise(paged)
        if line.page_index > before.page_index
    ]
    assert starts == [f"Page {n} of 48" for n in range(2, 49)]
    kept, events = remove_page_furniture(paged)
    stamps = [e for e in events if e.text.startswith("The type and rule above prints")]
    assert len(stamps) >= 40
    dates = [line for line in kept if line.text.startswith("7:48 - 6-DEC-2007")]
    assert [line.page_index for line in dates] == [1]  # the title page's is in its body


def test_a_text_with_form_feeds_or_bare_numbers_keeps_its_pages() -> None:
    """Pages come only from marked page numbers of one form counting up: a bare `2` may be
    a heading, and a text with form feeds has its pages already."""
    bare = [Line(t, Location(line=n)) for n, t in enumerate(["1", "a", "2", "b", "3", "c"], 1)]
    assert {line.page_index for line in infer_text_pages(bare)} == {1}
    raw = extract(Path(__file__).resolve().parents[1] / "realworld" / "irs_i1040nr.raw.txt")
    assert infer_text_pages(raw.lines) == raw.lines
