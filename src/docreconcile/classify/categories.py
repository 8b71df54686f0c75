"""A difference's category from its two wordings: a number, a name, a word misspelt or
changed, punctuation, case, typography."""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel, Levenshtein

from docreconcile.model import Category
from docreconcile.tokens import alignment_key

_WORD = re.compile(r"\w", re.UNICODE)
_LIST_MARKS = re.compile(r"[\s•◦▪▫■□●○‣⁃∙·\-–—*\uf0b7\uf0a7\uf076\uf0d8]+")
"""Bullets and dashes that mark a list's items (with a symbol font's private-use
bullets, `\\uf0b7`): a check mark or a cross says something, these do not."""
_DIGITS = re.compile(r"\d+")
_HYPHENS_AND_SPACES = re.compile(r"[\s\-‐‑]+")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

# pdfminer writes a glyph its font maps to no Unicode character as `(cid:N)`: the text
# there cannot be read, so it cannot be compared either (the reader warns about it).
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

SPELLING_SIMILARITY = 0.75
"""Two single words at least this similar (normalised Indel) are a spelling difference."""

CONTEXT_LIMIT = 240
"""The longest context sentence shown, in characters."""


def categorize(a: str, b: str) -> Category:
    """Name the difference between two runs of text (either may be empty).

    >>> categorize("Ardan", "Ardalan"), categorize("genomlysna", "genomlysa")
    (<Category.SPELLING: 'spelling'>, <Category.SPELLING: 'spelling'>)
    >>> categorize("§ 385", "§ 386"), categorize("november", "december")
    (<Category.NUMBER: 'number'>, <Category.WORD: 'word'>)
    >>> categorize("27 oktober 2025", "6 november 2025"), categorize("2", "M")
    (<Category.NUMBER: 'number'>, <Category.WORD: 'word'>)
    >>> categorize("senast 2025-10-27 enligt", "efter beslut i nämnden")
    <Category.WORD: 'word'>
    >>> categorize("”Läs mig!”", '"Läs mig!"')
    <Category.TYPOGRAPHY: 'typography'>
    >>> categorize("inte att", "att inte"), categorize("934 och 940", "940 och 934")
    (<Category.REORDERED: 'reordered'>, <Category.REORDERED: 'reordered'>)
    >>> categorize("Socialdepartementet", "socialdepartementet")
    <Category.CASE: 'case'>
    >>> categorize(",", ""), categorize("", "inte")
    (<Category.PUNCTUATION: 'punctuation'>, <Category.INSERTED: 'inserted'>)
    >>> categorize("barn- äldre", "barnäldre")
    <Category.HYPHENATION: 'hyphenation'>
    >>> categorize("Kommun(cid:12)ullmäktige", "Kommunfullmäktige")
    <Category.UNREADABLE: 'unreadable'>
    >>> categorize("alert,5", "alert,"), categorize("m3", "m³")
    (<Category.FOOTNOTE_MARK: 'footnote_mark'>, <Category.TYPOGRAPHY: 'typography'>)
    """
    if _UNMAPPED_GLYPH.search(a) or _UNMAPPED_GLYPH.search(b):
        return Category.UNREADABLE
    if not b:
        return Category.DELETED if _WORD.search(a) else Category.PUNCTUATION
    if not a:
        return Category.INSERTED if _WORD.search(b) else Category.PUNCTUATION
    folded_a, folded_b = alignment_key(a), alignment_key(b)
    if a != b and a.casefold() == b.casefold():
        return Category.CASE
    if folded_a == folded_b:
        return Category.TYPOGRAPHY if a.casefold() != b.casefold() else Category.CASE
    if _HYPHENS_AND_SPACES.sub("", folded_a) == _HYPHENS_AND_SPACES.sub("", folded_b):
        return Category.HYPHENATION
    words_a, words_b = _words(folded_a), _words(folded_b)
    if words_a == words_b:
        return Category.PUNCTUATION
    if sorted(words_a) == sorted(words_b):
        return Category.REORDERED
    if _words(_without_footnote_marks(folded_a)) == _words(_without_footnote_marks(folded_b)):
        return Category.FOOTNOTE_MARK
    if _DIGITS.findall(a) != _DIGITS.findall(b) and _besides_numbers(words_a) == _besides_numbers(
        words_b
    ):
        return Category.NUMBER
    if len(words_a) == 1 and len(words_b) == 1 and _is_spelling(words_a[0], words_b[0]):
        return Category.SPELLING
    return Category.WORD


_MONTHS = frozenset(
    re.findall(
        r"\w+",
        "januari februari mars april maj juni juli augusti september oktober november "
        "december january february march may june july august october",
    )
)
"""Month names: in a date they count as its number (`27 oktober` / `6 november`)."""


def _besides_numbers(words: list[str]) -> list[str]:
    """The words of a change that are no number, date or month: what a `number` change
    must leave equal. `§ 358` / `§ 385` leaves nothing on either side (a number); a deleted
    sentence holding a date, or `2` / `M`, leaves words that differ.

    >>> _besides_numbers(["27", "oktober", "2025", "kl", "10", "9anm"])
    ['kl', 'anm']
    """
    stripped = (_DIGITS.sub("", word) for word in words)
    return [word for word in stripped if word and word not in _MONTHS]


def _only_unmapped_glyphs(text: str) -> bool:
    """Whether a text holds unmapped glyphs and no word besides (a bullet drawn in a
    symbol font: `(cid:2)`), so nothing in it can be read or compared.

    >>> _only_unmapped_glyphs("(cid:2)"), _only_unmapped_glyphs("(cid:2) Form 8889")
    (True, False)
    """
    return bool(_UNMAPPED_GLYPH.search(text)) and not _WORD.search(_UNMAPPED_GLYPH.sub("", text))


def _words(text: str) -> list[str]:
    return [word for word in _NOT_WORD.split(text) if word]


_INLINE_FOOTNOTE_MARK = re.compile(r"(?:(?<=[^\W\d_]{3})|(?<=[^\W\d_][.,;:)\]”\"’]))\d{1,2}\b")


def _without_footnote_marks(text: str) -> str:
    """Text with footnote marks written inline (`copying2`, `alert,5`) taken out.

    One extractor keeps a mark raised (and normalisation removes it), another writes it
    inline: one or two digits right after a word of three letters or more, or after a
    letter and closing punctuation. Numbers, units and references are left alone.

    >>> _without_footnote_marks("copying2 alert,5 CAS-nr17 2023 m3 (1998).")
    'copying alert, CAS-nr17 2023 m3 (1998).'
    """
    return _INLINE_FOOTNOTE_MARK.sub("", text)


def _is_spelling(a: str, b: str) -> bool:
    """A small edit of one word: a typo or a misspelled name, not another word."""
    return Levenshtein.distance(a, b) <= 2 and Indel.normalized_similarity(a, b) >= (
        SPELLING_SIMILARITY
    )


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_WORD_UNIT = re.compile(r"(?<!\S)\d{1,3}(?: \d{3})+(?!\S)|\S+")
"""A word, or a number with its thousands written apart (`385 986`): marked as one."""
_NON_SPACE = re.compile(r"\S+")
