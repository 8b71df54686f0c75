"""Tokens and their keys: the text primitives every stage after normalisation shares.

A paragraph's clean text is cut into word and punctuation tokens (`tokenize`); two
tokens, or two paragraphs, are compared by a key that folds case, typography and
spacing (`token_key`, `alignment_key`). Below every stage, so each uses these and its
own code and the data flows one way.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from docreconcile.model import Paragraph, Token

_TYPOGRAPHY = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "…": "...",
        # raised digits: one extractor keeps an exponent or footnote mark raised (m³),
        # another writes it inline (m3)
        **{superscript: str(digit) for digit, superscript in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
    }
)
_SPACES = re.compile(r"\s+")
_TYPOGRAPHIC = re.compile("[" + "".join(chr(code) for code in _TYPOGRAPHY) + "]")


def alignment_key(text: str) -> str:
    """The form of a paragraph used to pair it: case, typography and spacing folded.

    Two paragraphs with the same key are the same text up to minor differences, which the
    diff stage still finds and reports.

    >>> alignment_key("Kommunstyrelsen beslutade, ”Läs mig!” – 2016")
    'kommunstyrelsen beslutade, "läs mig!" - 2016'
    """
    folded = unicodedata.normalize("NFC", text)
    if _TYPOGRAPHIC.search(folded):  # translate() is slow per character; most text has none
        folded = folded.translate(_TYPOGRAPHY)
    return _SPACES.sub(" ", folded.casefold()).strip()


@lru_cache(maxsize=1 << 16)  # a document's words repeat: most keys are made once
def token_key(token: str) -> str:
    """`alignment_key` for one token of clean text (already NFC, no spaces), faster.

    >>> token_key("”Läs") == alignment_key("”Läs")
    True
    """
    if _TYPOGRAPHIC.search(token):
        token = token.translate(_TYPOGRAPHY)
    return token.casefold()


# A word is letters and digits, possibly joined by inner hyphens, apostrophes, or the
# separators of numbers, dates and references (2015-12-14, 2017:21, 2,4, 1.5); anything
# else that is not a space is a token of its own (punctuation, dashes, quotes, §).
_TOKEN = re.compile(r"\w+(?:[-‐'’.,:/]\w+)*|[^\w\s]")


def tokenize(paragraph: Paragraph) -> list[Token]:
    """Split a paragraph's clean text into word and punctuation tokens with their offsets.

    >>> [t.text for t in tokenize(Paragraph(0, "Ds 2017:12, (civilminister Ardan).", ()))]
    ['Ds', '2017:12', ',', '(', 'civilminister', 'Ardan', ')', '.']
    """
    index = paragraph.index
    matches = _TOKEN.finditer(paragraph.text)
    # tuple.__new__ as Token._make does, without a Python call per token (a shuffled
    # document tokenizes every paragraph).
    if len(paragraph.text) < len(_OFFSETS):
        offsets = _OFFSETS
        return [
            _new_tuple(Token, (m[0], index, offsets[m.start()], offsets[m.end()])) for m in matches
        ]
    return [_new_tuple(Token, (m[0], index, *m.span())) for m in matches]


def in_one_paragraph(tokens: Sequence[Token]) -> bool:
    """Whether a change's run of tokens lies in one paragraph, as nearly every change's
    does. A run is in document order (`Change`), so its ends tell: a shuffled document's
    changes hold every word of it, and walking them token by token took a tenth of its
    comparison.

    >>> in_one_paragraph([Token("a", 3, 0, 1), Token("b", 3, 2, 3)])
    True
    """
    return tokens[0].paragraph == tokens[-1].paragraph


_new_tuple = tuple.__new__

_OFFSETS = tuple(range(4096))
"""Offsets in a paragraph as shared number objects. Made apart, a token's start and end
were two more objects of 32 bytes (a shuffled document's changes hold every token: 64 of
its 200 bytes), and looking them up here is faster than unpacking `m.span()`. A
paragraph as long as this or longer has its own."""


def longest_increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence whose second members increase (patience sorting, n log n).

    >>> longest_increasing([(0, 0), (1, 2), (2, 1), (3, 3)])
    [(0, 0), (2, 1), (3, 3)]
    """
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(candidates)
    for index, (_, b_index) in enumerate(candidates):
        position = bisect.bisect_left(tails, b_index)
        if position == len(tails):
            tails.append(b_index)
            tail_index.append(index)
        else:
            tails[position] = b_index
            tail_index[position] = index
        previous[index] = tail_index[position - 1] if position else -1
    result: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(candidates[index])
        index = previous[index]
    return result[::-1]
