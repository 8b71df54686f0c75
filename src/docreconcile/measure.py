"""Measure: how alike the two documents are, in three numbers a reader knows.

- **words in common**: the share of words the two texts have in common, in any order
  (a multiset: each word counted as often as it occurs on both sides), of the longer text;
- **CER** and **WER**: the character and word error rates of B against A, as OCR
  evaluation counts them (dinglehopper, jiwer): edits over the length of A, summed over
  the aligned paragraph pairs, a paragraph only one side has counting whole.

Two unrelated documents still align somewhere and give a long list of "differences"; the
words in common say at once that they are not two versions of one text (`DIFFERENT_BELOW`).
Everything is computed on the normalised text, so layout does not count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from docreconcile.model import Pair, PairKind, Paragraph, Similarity

DIFFERENT_BELOW = 0.5
"""Words in common below this share: the inputs look like different documents. Measured
on the eight Kungsbacka memos: each against its own PDF, and revised, 86.5% at the least;
any two different memos of the same office 30% at the most (function words, the office's
name)."""

_WORD = re.compile(r"\w+")


def similarity(pairs: Sequence[Pair], a: Sequence[Paragraph], b: Sequence[Paragraph]) -> Similarity:
    """Words in common, CER and WER of the two clean documents.

    >>> from docreconcile.model import Pair, PairKind, Paragraph
    >>> a = [Paragraph(0, "Syftet var att genomlysna verksamheten", ())]
    >>> b = [Paragraph(0, "Syftet var att genomlysa verksamheten", ())]
    >>> s = similarity([Pair(PairKind.MATCHED, (0,), (0,))], a, b)
    >>> round(s.words_in_common, 2), round(s.cer, 3), round(s.wer, 2)
    (0.8, 0.026, 0.2)
    """
    a_words = [_words(paragraph.text) for paragraph in a]
    b_words = [_words(paragraph.text) for paragraph in b]
    a_count = Counter(word for words in a_words for word in words)
    b_count = Counter(word for words in b_words for word in words)
    longer = max(sum(a_count.values()), sum(b_count.values()))
    common = sum((a_count & b_count).values())
    char_edits = word_edits = 0
    for pair in pairs:
        a_text = " ".join(a[index].text for index in pair.a)
        b_text = " ".join(b[index].text for index in pair.b)
        left = [word for index in pair.a for word in a_words[index]]
        right = [word for index in pair.b for word in b_words[index]]
        if pair.kind is PairKind.MATCHED:
            char_edits += Levenshtein.distance(a_text, b_text)
            word_edits += Levenshtein.distance(left, right)
        else:
            char_edits += len(a_text) + len(b_text)
            word_edits += len(left) + len(right)
    a_chars = sum(len(paragraph.text) for paragraph in a) + max(len(a) - 1, 0)
    a_total_words = sum(a_count.values())
    return Similarity(
        words_in_common=common / longer if longer else 1.0,
        cer=char_edits / a_chars if a_chars else float(char_edits > 0),
        wer=word_edits / a_total_words if a_total_words else float(word_edits > 0),
    )


def _words(text: str) -> list[str]:
    """The words of a text, compared without case (`token_key` folds typography too, but
    that is punctuation, which words do not hold): one pass over the text, not a call a
    word."""
    return _WORD.findall(text.casefold())


def looks_unrelated(measured: Similarity) -> bool:
    """Whether two inputs share too few words to be versions of one document."""
    return measured.words_in_common < DIFFERENT_BELOW


def unrelated_warning(measured: Similarity) -> str:
    """What to tell a person whose two inputs share too few words."""
    return (
        f"warning: A and B look like different documents (only "
        f"{100 * measured.words_in_common:.0f}% of their words in common): "
        "check that you gave two versions of the same document"
    )
