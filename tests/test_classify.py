"""Classification of changes into categories and severities."""

from __future__ import annotations

import pytest

from docreconcile.classify import categorize, character_segments, sentence_around
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
    ],
)
def test_categorize(a: str, b: str, category: Category) -> None:
    assert categorize(a, b) is category


def test_each_category_has_the_severity_the_issue_asks_for() -> None:
    substantive = {
        Category.WORD,
        Category.REWORDED,
        Category.SPELLING,
        Category.NUMBER,
        Category.INSERTED,
        Category.DELETED,
        Category.PARAGRAPH_ADDED,
        Category.PARAGRAPH_REMOVED,
    }
    minor = {Category.PUNCTUATION, Category.CASE, Category.TYPOGRAPHY, Category.MOVED}
    for category in Category:
        expected = (
            Severity.SUBSTANTIVE
            if category in substantive
            else Severity.MINOR
            if category in minor
            else Severity.LAYOUT
        )
        assert category.severity is expected, category


def test_character_segments_mark_letters_inside_a_word() -> None:
    assert (
        "".join(
            text for op, text in character_segments("genomlysna", "genomlysa") if op != "insert"
        )
        == "genomlysna"
    )
    assert ("delete", "n") in character_segments("genomlysna", "genomlysa")


def test_dissimilar_words_are_shown_whole() -> None:
    assert character_segments("och", "eller") == (("delete", "och"), ("insert", "eller"))


def test_sentence_around_crops_long_sentences_around_the_change() -> None:
    text = "Början. " + "ord " * 100 + "Ardalan " + "ord " * 100 + "slut."
    context = sentence_around(text, text.index("Ardalan"), text.index("Ardalan") + 7, limit=80)
    assert "Ardalan" in context and len(context) <= 82 and context.startswith("…")
