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

from docreconcile.i18n import _
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
    # Counted paragraph by paragraph, not held: a long document's words as strings are
    # never all held at once. Only pairs that differ are read again for their edits.
    a_count, a_lengths = _counted(a)
    b_count, b_lengths = _counted(b)
    longer = max(sum(a_count.values()), sum(b_count.values()))
    common = sum((a_count & b_count).values())
    char_edits = word_edits = 0
    for pair in pairs:
        a_text = " ".join(a[index].text for index in pair.a)
        b_text = " ".join(b[index].text for index in pair.b)
        if pair.kind is PairKind.MATCHED:
            if a_text != b_text:
                char_edits += Levenshtein.distance(a_text, b_text)
                word_edits += Levenshtein.distance(_words(a_text), _words(b_text))
        else:
            char_edits += len(a_text) + len(b_text)
            word_edits += sum(a_lengths[index] for index in pair.a)
            word_edits += sum(b_lengths[index] for index in pair.b)
    a_chars = sum(len(paragraph.text) for paragraph in a) + max(len(a) - 1, 0)
    a_total_words = sum(a_count.values())
    return Similarity(
        words_in_common=common / longer if longer else 1.0,
        cer=char_edits / a_chars if a_chars else float(char_edits > 0),
        wer=word_edits / a_total_words if a_total_words else float(word_edits > 0),
    )


def _counted(paragraphs: Sequence[Paragraph]) -> tuple[Counter[str], list[int]]:
    """How often each word occurs in the paragraphs, and how many words each holds."""
    counts: Counter[str] = Counter()
    lengths = []
    for paragraph in paragraphs:
        words = _words(paragraph.text)
        counts.update(words)
        lengths.append(len(words))
    return counts, lengths


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
    return _(
        "warning: A and B look like different documents (only {common:.0f}% of their words "
        "in common): check that you gave two versions of the same document"
    ).format(common=100 * measured.words_in_common)
