"""Footnote marks (`normalize.footnotes`)."""

from __future__ import annotations

import pytest

from docreconcile.model import Category
from tests.normalize import text_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tillsyn över apotek¹ och lagen.² Klart", "tillsyn över apotek och lagen. Klart"),
        ("¹Betänkandet SOU 2023:101.", "Betänkandet SOU 2023:101."),
        ("enligt SFS 2001:453³ gäller", "enligt SFS 2001:453 gäller"),
        ("beslut 2016⁴ togs", "beslut 2016 togs"),
        ("kostnaden 10⁶ kr för 50 m² och 3 km²", "kostnaden 10⁶ kr för 50 m² och 3 km²"),
    ],
)
def test_footnote_marks_are_removed_but_exponents_kept(text: str, expected: str) -> None:
    from docreconcile.normalize import strip_footnote_marks

    assert strip_footnote_marks(text) == expected


def test_footnote_marks_become_layout_events() -> None:
    from docreconcile.normalize import remove_footnote_marks

    kept, events = remove_footnote_marks(text_lines("över apotek¹ och", "¹Betänkandet", "10⁶ kr"))
    assert [line.text for line in kept] == ["över apotek och", "Betänkandet", "10⁶ kr"]
    assert [(e.category, e.text, e.location.line) for e in events] == [
        (Category.FOOTNOTE_MARK, "¹", 1),
        (Category.FOOTNOTE_MARK, "¹", 2),
    ]
