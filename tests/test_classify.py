"""Classification of changes into categories and severities."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docreconcile.classify import CONTEXT_LIMIT, aligned_contexts, categorize, change_marks
from docreconcile.model import Category, Severity


@pytest.mark.parametrize(
    ("a", "b", "category"),
    [
        ("Ardan", "Ardalan", Category.SPELLING),
        ("genomlysna", "genomlysa", Category.SPELLING),
        ("Håkansson", "Hakansson", Category.SPELLING),
        ("november", "december", Category.WORD),
        ("tillstyrks", "avslås", Category.WORD),
        ("socialdepartementet", "civildepartementet", Category.WORD),
        ("§ 385", "§ 386", Category.NUMBER),
        ("2015-12-14", "2015-12-15", Category.NUMBER),
        ("8 november", "9 november", Category.NUMBER),
        ("SOU 2017:21", "SOU 2017:12", Category.NUMBER),
        ("", "inte", Category.INSERTED),
        ("inte", "", Category.DELETED),
        (",", "", Category.PUNCTUATION),
        ("tillstyrks.", "tillstyrks;", Category.PUNCTUATION),
        ("Socialdepartementet", "socialdepartementet", Category.CASE),
        ("”Läs mig!”", '"Läs mig!"', Category.TYPOGRAPHY),
        ("940 – 15", "940 - 15", Category.TYPOGRAPHY),
        ("…", "...", Category.TYPOGRAPHY),
        ("barn- äldre", "barnäldre", Category.HYPHENATION),
        ("27 oktober 2025", "6 november 2025", Category.NUMBER),
        ("385 986 kronor", "485 986 kronor", Category.NUMBER),
        ("2", "M", Category.WORD),
        ("beslut 2025-10-27", "förslag i nämnden", Category.WORD),
        ("9ANM-Seattle", "ANM-Seattle", Category.NUMBER),
        ("inte att", "att inte", Category.REORDERED),
        ("934 – 15 och 940", "940 – 15 och 934", Category.REORDERED),
        ("den 2016 maj 3", "den 3 maj 2016", Category.REORDERED),
    ],
)
def test_categorize(a: str, b: str, category: Category) -> None:
    assert categorize(a, b) is category


def test_each_category_has_the_severity_the_issue_asks_for() -> None:
    substantive = {
        Category.WORD,
        Category.REWORDED,
        Category.REORDERED,
        Category.SPELLING,
        Category.NUMBER,
        Category.INSERTED,
        Category.DELETED,
        Category.PARAGRAPH_ADDED,
        Category.PARAGRAPH_REMOVED,
    }
    minor = {Category.PUNCTUATION, Category.CASE, Category.TYPOGRAPHY, Category.MOVED, Category.OCR}
    for category in Category:
        expected = (
            Severity.SUBSTANTIVE
            if category in substantive
            else Severity.MINOR
            if category in minor
            else Severity.LAYOUT
        )
        assert category.severity is expected, category


def test_dissimilar_words_are_shown_whole() -> None:
    assert change_marks("och", "eller", letters=False)[0] == (
        ("delete", "och"),
        ("insert", "eller"),
    )


def test_a_long_sentence_is_cropped_around_the_change_between_words() -> None:
    text = "Början. " + "ord " * 100 + "Ardalan " + "ord " * 100 + "slut."
    start = text.index("Ardalan")
    (context, at), _ = aligned_contexts(text, (start, start + 7), text, (start, start + 7))
    assert context[start - at : start - at + 7] == "Ardalan"
    assert len(context) <= CONTEXT_LIMIT + 4 and context.startswith("… ")
    assert all(word in ("…", "ord", "Ardalan") for word in context.split())


WORDS = st.lists(
    st.sampled_from(["och", "att", "beslut", "§", "358", "nämnden", "ska"]), max_size=8
)


@given(WORDS, WORDS)
def test_change_marks_cover_exactly_what_differs(a_words: list[str], b_words: list[str]) -> None:
    """Word marks: the equal and deleted pieces spell A, the marks on A are the deleted
    pieces and those on B the inserted ones, and within a change the deletion comes
    first."""
    a, b = " ".join(a_words), " ".join(b_words)
    segments, a_marks, b_marks = change_marks(a, b, letters=False)
    assert "".join(text for operation, text in segments if operation != "insert") == a
    assert [a[start:end] for start, end in a_marks] == [
        text for operation, text in segments if operation == "delete"
    ]
    assert [b[start:end] for start, end in b_marks] == [
        text for operation, text in segments if operation == "insert"
    ]
    operations = [operation for operation, _ in segments]
    for before, after in itertools.pairwise(operations):
        assert (before, after) != ("insert", "delete")


def test_letter_marks_inside_one_word() -> None:
    segments, a_marks, b_marks = change_marks("genomlysna", "genomlysa", letters=True)
    assert segments == (("equal", "genomlys"), ("delete", "n"), ("equal", "a"))
    assert (a_marks, b_marks) == (((8, 9),), ())


def test_contexts_are_cut_at_the_same_words_on_both_sides() -> None:
    """A long sentence on one side, the same words after a page break on the other: both
    contexts start and end at the same words around the change."""
    a = "Inledning. " + "ord " * 80 + "Nämnden beslutar att bevilja 105 000 kr till sökanden i år."
    b = "ord " * 30 + "Nämnden beslutar att bevilja 185 000 kr till sökanden i år."
    a_start, b_start = a.index("105"), b.index("185")
    (a_context, a_at), (b_context, b_at) = aligned_contexts(
        a, (a_start, a_start + 3), b, (b_start, b_start + 3)
    )
    assert a_context.replace("105", "185") == b_context
    assert a[a_start : a_start + 3] == a_context[a_start - a_at : a_start - a_at + 3]
    assert b[b_start : b_start + 3] == b_context[b_start - b_at : b_start - b_at + 3]
