"""A word set at an angle (a stamp: `UTKAST`, `SAMPLE`), which one reader takes whole and
the other in letter groups: poppler cuts rotated text wherever its glyphs' baselines
step, and writes `U`, `TK`, `A`, `ST` as lines of their own, among the text around."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from docreconcile.model import Paragraph, Token
from docreconcile.relocate.sides import _Side

MIN_STAMP_LETTERS = 4
"""Letters a stamp has at least: shorter words in capitals are abbreviations (`EU`,
`AOA`), which no reader cuts."""


def _stamp_pieces(
    word_side: _Side,
    piece_side: _Side,
    used: tuple[list[bool], list[bool]],
    paragraphs: tuple[Sequence[Paragraph], Sequence[Paragraph]],
) -> list[tuple[int, list[int]]]:
    """Each leftover stamp word of `word_side` with the leftover letter groups of
    `piece_side` that spell it: (the word's index, the pieces' indices in order).

    A stamp is a word in capitals alone in its paragraph; a piece is a group of
    capitals alone in its paragraph, near where the other side's order puts the word;
    two pieces at least, which put together in some order are the word exactly. The
    nearest pieces are tried first. Words or pieces in small letters never count: two
    words deleted (`in`, `to`) where one was inserted (`into`) are an edit.

    >>> words = _Side([Token("UTKAST", 0, 0, 6)], ["utkast"], [0], [0], [0])
    >>> groups = [Token(text, n, 0, len(text)) for n, text in enumerate(["U", "TK", "A", "ST"])]
    >>> pieces = _Side(groups, [t.text.lower() for t in groups], [0] * 4, [0] * 4, [0, 2, 4, 6])
    >>> lines = [Paragraph(n, t.text, ()) for n, t in enumerate(groups)]
    >>> paragraphs = [Paragraph(0, "UTKAST", ())], lines
    >>> _stamp_pieces(words, pieces, ([False], [False] * 4), paragraphs)
    [(0, [0, 1, 2, 3])]
    """
    used_words, used_pieces = used
    word_paragraphs, piece_paragraphs = paragraphs
    by_text: dict[str, list[int]] = defaultdict(list)
    for index, token in enumerate(piece_side.tokens):
        if not used_pieces[index] and _capitals(token.text) and _alone(token, piece_paragraphs):
            by_text[token.text].append(index)
    found: list[tuple[int, list[int]]] = []
    if not by_text:
        return found
    for index, token in enumerate(word_side.tokens):
        expected = word_side.expected[index]
        if (
            used_words[index]
            or len(token.text) < MIN_STAMP_LETTERS
            or not _capitals(token.text)
            or not _alone(token, word_paragraphs)
            or expected < 0
        ):
            continue
        nearby = _nearby(piece_side, by_text, token.text, expected, used_pieces)
        cover = _spelled(token.text, nearby, [])
        if cover is None:
            continue
        used_words[index] = True
        for at in cover:
            used_pieces[at] = True
        found.append((index, sorted(cover)))
    return found


def _nearby(
    side: _Side, by_text: dict[str, list[int]], word: str, expected: int, used: list[bool]
) -> dict[str, list[int]]:
    """The free letter groups of `by_text` inside `word` within reach of `expected`, by
    text, nearest first."""
    low, high = side.window(expected)
    return {
        text: sorted(
            (at for at in indices if not used[at] and low <= side.positions[at] <= high),
            key=lambda at: side.nearness(side.positions[at], expected),
        )
        for text, indices in by_text.items()
        if text in word and text != word
    }


def _spelled(word: str, nearby: dict[str, list[int]], chosen: list[int]) -> list[int] | None:
    """Pieces (indices, from `nearby`: text -> indices) that spell `word` in turn, none
    taken twice; None if none do.

    >>> _spelled("SAMPLE", {"SA": [7], "M": [9], "PL": [1], "E": [3]}, [])
    [7, 9, 1, 3]
    >>> _spelled("SAMPLE", {"SA": [7], "PL": [1], "E": [3]}, []) is None
    True
    """
    if not word:
        return chosen
    for length in range(len(word), 0, -1):
        for at in nearby.get(word[:length], ()):
            if at in chosen:
                continue
            spelled = _spelled(word[length:], nearby, [*chosen, at])
            if spelled is not None:
                return spelled
            break  # the nearest free copy of this group failed: another copy fails alike
    return None


def _capitals(text: str) -> bool:
    return text.isalpha() and text.isupper()


def _alone(token: Token, paragraphs: Sequence[Paragraph]) -> bool:
    """Whether the token is all its paragraph holds (a line of its own in a text)."""
    return paragraphs[token.paragraph].text.strip() == token.text
