"""Which differences against a page read by OCR are the reader's misreadings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docreconcile.misreadings import (
    LOW_CONFIDENCE,
    confidence_of,
    is_lookalike,
    misread,
    only_marks,
)
from docreconcile.model import Category, Difference, LinePiece, Location, Severity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kommunfullmäktige", "Kornmunfullmäktige"),  # rn for m
        ("Ardalan", "Arda1an"),  # 1 for l
        ("Ordförande", "0rdförande"),  # 0 for O
        ("Förslag", "Forslag"),  # a lost diacritic
        ("kartlägga", "kart lägga"),  # a word broken in two
        ("2O24", "2024"),  # a letter for a digit
        ("S-län", "5-län"),
    ],
)
def test_letters_ocr_takes_for_one_another_are_lookalikes(a: str, b: str) -> None:
    assert is_lookalike(a, b) and is_lookalike(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2024", "2025"),  # a changed year
        ("§ 86", "§ 88"),  # 6 and 8 look alike, but both are digits
        ("940", "934"),
        ("genomlysna", "genomlysa"),  # a lost letter
        ("Ardan", "Ardalan"),
        ("bevilja", "avslå"),
        ("att", ""),  # a deleted word is no misreading
    ],
)
def test_changed_numbers_and_other_words_are_not(a: str, b: str) -> None:
    assert not is_lookalike(a, b)


@given(st.text(alphabet="0123456789", min_size=1, max_size=6), st.data())
def test_a_number_whose_digits_change_is_never_a_lookalike(
    number: str, data: st.DataObject
) -> None:
    """Whatever digits change into other digits, the number changed: never forgiven."""
    other = data.draw(st.text(alphabet="0123456789", min_size=len(number), max_size=len(number)))
    if other != number:
        assert not is_lookalike(number, other)


def test_only_marks() -> None:
    assert only_marks("Forslag", "Förslag")
    assert only_marks("personal.och", "personal och")  # a speck read as a full stop
    assert not only_marks("2,4", "24")  # a decimal comma
    assert not only_marks("for", "får")  # another letter, not a lost dot
    assert not only_marks("Kornmun", "Kommun")


def _difference(a: str, b: str, category: Category, line: str, start: int) -> Difference:
    piece = LinePiece(Location(4, 2), line, start, start + len(b))
    return Difference(
        1, category.severity, category, a, b, "", "", Location(9), Location(4, 2), b_lines=(piece,)
    )


def test_an_unsure_misreading_is_a_minor_ocr_difference_with_its_confidence() -> None:
    difference = _difference("Kommunen", "Kornmunen", Category.SPELLING, "att Kornmunen har", 4)
    unsure = misread(difference, {}, {Location(4, 2): (96, LOW_CONFIDENCE - 30, 95)})
    assert (unsure.category, unsure.severity, unsure.confidence) == (
        Category.OCR,
        Severity.MINOR,
        LOW_CONFIDENCE - 30,
    )
    # read with confidence, the same letters are what the page says: substantive
    sure = misread(difference, {}, {Location(4, 2): (96, 97, 95)})
    assert sure == difference


def test_a_lost_diacritic_is_a_misreading_at_any_confidence() -> None:
    difference = _difference("Förslag", "Forslag", Category.SPELLING, "Forslag till beslut", 0)
    assert misread(difference, {}, {Location(4, 2): (99, 96, 97)}).category is Category.OCR


def test_a_changed_number_stays_substantive_however_unsure_the_reader() -> None:
    difference = _difference("2024", "2026", Category.NUMBER, "den 2026 i", 4)
    assert misread(difference, {}, {Location(4, 2): (90, 12, 90)}) == difference


def test_nothing_is_forgiven_on_lines_not_read_by_ocr() -> None:
    difference = _difference("Kommunen", "Kornmunen", Category.SPELLING, "att Kornmunen har", 4)
    assert misread(difference, {}, {Location(5, 2): (10, 10, 10)}) == difference


def test_confidence_of_takes_the_words_the_difference_covers() -> None:
    line = "Förslag till beslut"
    assert (
        confidence_of([LinePiece(Location(1, 1), line, 0, 7)], {Location(1, 1): (50, 90, 99)}) == 50
    )
    assert (
        confidence_of([LinePiece(Location(1, 1), line, 13, 19)], {Location(1, 1): (50, 90, 99)})
        == 99
    )
    # a line whose words changed in normalisation: nothing to trust
    assert (
        confidence_of([LinePiece(Location(1, 1), line, 0, 7)], {Location(1, 1): (50, 90)}) is None
    )


def test_a_guessed_word_forgives_one_word_only() -> None:
    """A word the engine could hardly read (confidence 0) taken for a like word is a
    misreading; in a rewording of several words, a word deleted beside it is not."""
    one = _difference("myndigheten", "homigheten", Category.WORD, "som homigheten har", 4)
    assert misread(one, {}, {Location(4, 2): (96, 0, 96)}).category is Category.OCR
    several = _difference(
        "de som myndigheten",
        "de utgångspunkter som homigheten",
        Category.REWORDED,
        "de utgångspunkter som homigheten",
        0,
    )
    assert misread(several, {}, {Location(4, 2): (96, 93, 96, 0)}) == several


def test_specks_read_as_signs_are_misreadings_but_words_are_not() -> None:
    specks = _difference("", "= : . | 5 |", Category.INSERTED, "det. = : . | 5 |", 5)
    assert misread(specks, {}, {Location(4, 2): (96, 27, 61, 55, 69, 72, 58)}).category is (
        Category.OCR
    )
    word = _difference("", "utgångspunkter", Category.INSERTED, "de utgångspunkter som", 3)
    assert misread(word, {}, {Location(4, 2): (96, 20, 96)}) == word
