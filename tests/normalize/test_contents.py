"""A table of contents' page numbers (`normalize.contents`)."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.model import Category


def test_a_table_of_contents_page_numbers_are_page_numbers() -> None:
    """Prop. 2012/13:144's contents (`Förslag till riksdagsbeslut ........ 3`): each
    title stands as a heading on the page it names, so its number is a page number,
    recorded as such, and the entry's text is its title."""
    from docreconcile.normalize import remove_contents_page_numbers

    document = extract(Path(__file__).resolve().parents[1] / "realworld" / "prop-2012-13-144.pdf")
    kept, events = remove_contents_page_numbers(document.lines)
    assert [event.text for event in events] == ["3", "4", "4", "4", "5", "5", "9", "10"]
    assert all(event.category is Category.PAGE_NUMBER for event in events)
    texts = [line.text for line in kept]
    assert not any(t.startswith("Förslag till riksdagsbeslut") and t[-1].isdigit() for t in texts)
    assert any(
        t.startswith("Utdrag ur protokoll vid regeringssammanträde den 18 april 2013. ..")
        for t in texts
    )


def test_numbers_ending_lines_elsewhere_are_not_taken_for_contents() -> None:
    """The IRS instructions end many lines with numbers (form lines, an index's `19`),
    and a few of them name a page where those words stand: never three on one page with
    one offset, so nothing is taken."""
    from docreconcile.normalize import remove_contents_page_numbers

    document = extract(Path(__file__).resolve().parents[1] / "realworld" / "irs_i1040nr.pdf")
    assert remove_contents_page_numbers(document.lines)[1] == []
