"""A running header run into a text's sentence (`normalize.glued_furniture`)."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.model import Category
from docreconcile.normalize import (
    normalize,
)

PROPOSITION = Path(__file__).resolve().parents[1] / "realworld" / "prop-2012-13-144"


def test_a_running_title_beside_the_bodys_first_line_is_furniture() -> None:
    """Prop. 2012/13:144 sets `Prop. 2012/13:144` in the outer margin at the height of
    the body's first line, left on even pages and right on odd ones: on pages 5 to 8
    it shares that line's baseline, and on page 7 the reader ran it into the line as a
    cell (`… betydelse-⇥Prop. 2012/13:144`). It is the running title on all nine pages
    after the first, and the body's lines stay."""
    normalized = normalize(extract(PROPOSITION.with_suffix(".pdf")))
    headers = [
        event.location.page
        for event in normalized.events
        if event.category is Category.HEADER_FOOTER and event.text == "Prop. 2012/13:144"
    ]
    assert headers == list(range(2, 11))
    text = " ".join(paragraph.text for paragraph in normalized.paragraphs)
    assert "sjöfartens betydelsefulla roll" in text and "Prop. 2012/13:144" not in text[200:]


def test_a_texts_page_whose_first_line_ends_in_the_running_title_loses_it_there() -> None:
    """poppler reads the same page 7 as `… sjöfartens betydelse- Prop. 2012/13:144`: the
    title that closes the page's first line is the running title seen alone at the top
    of the other pages."""
    path = PROPOSITION.with_suffix(".raw.txt")
    normalized = normalize(extract(path))
    text = " ".join(paragraph.text for paragraph in normalized.paragraphs)
    assert "sjöfartens betydelsefulla roll" in text
