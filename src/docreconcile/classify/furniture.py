"""Page furniture and stray glyphs among the changes: text one side took out as a
running header, footer or page number and the other keeps, and glyphs one reader
could not read."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.classify.categories import (
    _UNMAPPED_GLYPH,
    _only_unmapped_glyphs,
    categorize,
)
from docreconcile.classify.differences import _at_edge, _presented
from docreconcile.classify.side import _Side
from docreconcile.model import (
    Category,
    Change,
    Difference,
    Paragraph,
    TextRange,
)
from docreconcile.normalize import is_page_number
from docreconcile.normalize.removed import _END_PUNCTUATION, Removed, _number_of

_ONE_SIDED = (
    Category.INSERTED,
    Category.DELETED,
    Category.PARAGRAPH_ADDED,
    Category.PARAGRAPH_REMOVED,
)
_LONE_NUMBER = re.compile(r"\d{1,3}[.)]?")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_NUMBERS = re.compile(r"\d{1,3}(?: \d{1,3})+")


RARE_SCRIPT_SHARE = 0.01
"""A script that makes up less than this share of a side's letters is foreign to it: a
CJK letter in an English text is a glyph some extractor mapped strangely, not a word."""


class _StrayGlyphs:
    """Glyphs one extractor read as a strange character and the other could not read.

    A symbol font's check mark or arrow has no Unicode mapping: pdfminer writes
    `(cid:2)` (unreadable, layout), poppler guesses a character from the font (`⻫`,
    `䊲`). The guess, standing alone, is the same glyph, not added text, when the other
    side has an unreadable glyph left on the same page for it (or the page before or
    after: a place near a page break is either). Each unreadable glyph explains one
    guessed character.
    """

    def __init__(
        self, a: Sequence[Paragraph], b: Sequence[Paragraph], differences: Sequence[Difference]
    ) -> None:
        self.foreign = {"a": _foreign_characters(a), "b": _foreign_characters(b)}
        self.differences = differences
        self.unread: dict[tuple[str, int | None], int] | None = None

    def explain(self, difference: Difference) -> Difference:
        """The difference as `unreadable`, if it is stray glyphs the other side lacks."""
        if difference.category not in (*_ONE_SIDED, Category.PUNCTUATION):
            return difference
        side, other = ("a", "b") if difference.a and not difference.b else ("b", "a")
        text = difference.a or difference.b
        glyphs = [char for char in text if not char.isspace()]
        if not glyphs or not all(_is_stray(char, self.foreign[side]) for char in glyphs):
            return difference
        if self.unread is None:
            self.unread = _unread_glyphs(self.differences)
        location = difference.b_location if other == "b" else difference.a_location
        page = location.page if location else None
        # Where a difference stands in the other input is the nearest paragraph there: at a
        # page break that may be either page, so the pages next to it are asked too.
        keys = [(other, at) for at in ([page] if page is None else [page, page + 1, page - 1])]
        key = next((key for key in keys if self.unread.get(key, 0) >= len(glyphs)), None)
        if key is None:
            return difference
        self.unread[key] -= len(glyphs)
        category = Category.UNREADABLE
        return replace(difference, category=category, severity=category.severity, segments=())


def _foreign_characters(paragraphs: Sequence[Paragraph]) -> frozenset[str]:
    """The letters of `paragraphs` from a script it hardly uses (`RARE_SCRIPT_SHARE`).

    The script is the first word of the character's Unicode name (LATIN, CJK, GREEK).
    """
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:  # not one joined string, which malloc keeps after use
        counts.update(paragraph.text)
    scripts: Counter[str] = Counter()
    script_of: dict[str, str] = {}
    for char, count in counts.items():
        if char.isalpha():
            script_of[char] = unicodedata.name(char, "UNKNOWN").split()[0]
            scripts[script_of[char]] += count
    letters = sum(scripts.values())
    return frozenset(
        char for char, script in script_of.items() if scripts[script] < RARE_SCRIPT_SHARE * letters
    )


def _is_stray(char: str, foreign: frozenset[str]) -> bool:
    """A symbol, a private-use character or a letter of a script foreign to the text.

    >>> [_is_stray(c, frozenset("䡺")) for c in "⻫䡺•a7"]
    [True, True, False, False, False]
    """
    if char in foreign:
        return True
    # So: other symbols (check marks, arrows, CJK radicals); Co: private use; Cn: unassigned
    return unicodedata.category(char) in ("So", "Co", "Cn") and char not in "•©®°"


def _unread_glyphs(differences: Sequence[Difference]) -> dict[tuple[str, int | None], int]:
    """Unmapped glyphs (`(cid:N)`) each side has alone, counted by side and page."""
    counts: Counter[tuple[str, int | None]] = Counter()
    for difference in differences:
        if difference.category is not Category.UNREADABLE:
            continue
        for side, text, location in (
            ("a", difference.a, difference.a_location),
            ("b", difference.b, difference.b_location),
        ):
            if _only_unmapped_glyphs(text) and not (difference.b if side == "a" else difference.a):
                counts[(side, location.page if location else None)] += len(
                    _UNMAPPED_GLYPH.findall(text)
                )
    return dict(counts)


def _furniture_or_mark(
    difference: Difference,
    change: Change,
    a_side: _Side,
    b_side: _Side,
    removed: Removed,
) -> Category:
    """Text on one side only that the other document explains as layout.

    - Page-edge paragraphs that the other version lacks everywhere (left over after
      relocation) are furniture: a first page's own footer, a header on a one-page
      document. One that the other has in its body was matched as content before.
    - Text that the other side removed as a header, footer or page number is furniture.
    - A lone number where the other side removed a footnote mark of that number is that
      footnote mark.
    """
    if difference.category not in _ONE_SIDED:
        if removed.header_in_broken_word(difference.a, difference.b):
            return Category.HEADER_FOOTER
        return difference.category
    if _at_edge(change, a_side, b_side):
        return Category.HEADER_FOOTER
    text = (difference.a or difference.b).strip()
    other = "b" if change.a_tokens else "a"
    if _LONE_NUMBER.fullmatch(text):
        number = text.rstrip(".)")
        for category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER):
            if removed.take_number(other, category, number):
                return category
    elif _NUMBERS.fullmatch(text):
        found = removed.take_numbers(other, text.split())
        if found is not None:
            return found
    elif is_page_number(text) and removed.take_number(
        other, Category.PAGE_NUMBER, _number_of(Category.PAGE_NUMBER, text)
    ):
        return Category.PAGE_NUMBER  # `-23-` where poppler put it, mid-page; we took it out
    if removed.in_furniture(other, text):
        return Category.HEADER_FOOTER
    return difference.category


def _changed_furniture_word(
    change: Change, a_side: _Side, b_side: _Side, removed: Removed
) -> Difference | None:
    """A one-sided running header or footer that the other side has with one word
    changed, as that word's difference; None if it is no such line.

    Another extractor (or a reflowed text) keeps a header the other side took out: the
    two are the same line, and a word that differs in it is a real difference, located on
    both sides (the other side's header is where its line was removed)."""
    own_is_a = bool(change.a_tokens)
    tokens = change.a_tokens if own_is_a else change.b_tokens
    side = a_side if own_is_a else b_side
    kept = [(token, token.text.strip(_END_PUNCTUATION)) for token in tokens]
    kept = [(token, word) for token, word in kept if word]
    found = removed.headers["b" if own_is_a else "a"].changed_word(tuple(word for _, word in kept))
    if found is None:
        return None
    index, other_word, event = found
    place = change.b_at if own_is_a else change.a_at
    if place is not None:
        other_side = b_side if own_is_a else a_side
        event = removed.headers["b" if own_is_a else "a"].nearest(
            event, other_side.paragraphs[place.paragraph].location_at(place.start)
        )
    token, word = kept[index]
    category = categorize(word, other_word) if own_is_a else categorize(other_word, word)
    start = token.start + token.text.index(word)
    span = (token.paragraph, start, start + len(word))
    location = side.paragraphs[token.paragraph].location_at(start)
    difference = Difference(
        id=0,
        severity=category.severity,
        category=category,
        a=word if own_is_a else other_word,
        b=other_word if own_is_a else word,
        a_context="",
        b_context="",
        a_location=location if own_is_a else event.location,
        b_location=event.location if own_is_a else location,
        a_range=TextRange(*span) if own_is_a else None,
        b_range=None if own_is_a else TextRange(*span),
    )
    presented = _presented(
        difference, a_side, b_side, span if own_is_a else None, None if own_is_a else span, True
    )
    # The other side's context is its header line, which no paragraph holds.
    return (
        replace(presented, b_context=event.text, b_context_start=0)
        if own_is_a
        else replace(presented, a_context=event.text, a_context_start=0)
    )
