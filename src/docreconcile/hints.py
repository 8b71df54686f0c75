"""Hints: for a word that differs, which side is probably right, from written Swedish.

The proofreader decides; the hint says where to look first. It comes from wordfreq's
Swedish word list (frequencies from subtitles, Wikipedia, news and web text), which ships
inside its package: nothing is downloaded at run time. A word stands in one of three
ways: in use on its own (`genomlysa`), a compound of two words in use, with or without a
linking letter (`tjänste|skrivelse`, `förvaltning|s|domstolen`), or neither
(`genomlysna`). The side whose word stands better gets the hint; where both stand alike,
or neither (a name neither side's word list knows), there is none.

A word in use beats a mere compound: `förvaltningsdomstolen` is in use, while
`förvaltningdomstolen` only splits into two words and lacks the linking `s`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from docreconcile.model import Category, Difference

if TYPE_CHECKING:
    from collections.abc import Callable

LANGUAGE = "sv"

IN_USE = 1.0
"""Zipf frequency from which a word counts as in use: once in 100 million words. Below
it, wordfreq's list holds typos and rare forms as readily as words."""

PART_IN_USE = 2.5
"""A part of a compound must be commoner (Zipf 2.5, some 30 times in 100 million words):
short rare strings (`genom|lysna` -> `lysna`) make almost any misspelling split."""

FAR_COMMONER = 2.0
"""Where both words are in use, one a hundred times commoner (2 on the Zipf scale) is
probably the one meant: `att` (7.5) and the web's typo `attt` (1.3); `bil` and `bild`
stand too close for a hint."""

MIN_PART = 3
"""The shortest part of a compound, in letters."""

LINKING_LETTERS = "seau"
"""Letters Swedish puts between the parts of a compound (`tjänst-e-skrivelse`,
`förvaltning-s-domstolen`, `gat-u-belysning`, `kvinn-o-jour` is rarer and left out)."""

HINTED = (Category.SPELLING, Category.WORD)
"""Differences of one word, where a dictionary can say something."""

_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def favoured_side(difference: Difference) -> str | None:
    """`a` or `b`: the side whose word is in better standing in Swedish; None for no hint.

    >>> from docreconcile.model import Severity
    >>> d = Difference(1, Severity.SUBSTANTIVE, Category.SPELLING, "genomlysna",
    ...                "genomlysa", "", "", None, None)
    >>> favoured_side(d)
    'b'
    """
    if difference.category not in HINTED:
        return None
    a, b = _bare(difference.a), _bare(difference.b)
    if a is None or b is None:
        return None
    standing_a, standing_b = standing(a), standing(b)
    if standing_a != standing_b:
        return "a" if standing_a > standing_b else "b"
    if standing_a == 2:  # both in use: a typo common on the web (`attt`) is far rarer
        zipf_a, zipf_b = _frequency()(a.casefold()), _frequency()(b.casefold())
        if abs(zipf_a - zipf_b) >= FAR_COMMONER:
            return "a" if zipf_a > zipf_b else "b"
    return None


def _bare(text: str) -> str | None:
    """The one word a side holds, without the punctuation around it (None: not one word)."""
    word = text.strip().strip(".,;:!?()\"'”“’«»")
    return word if _WORD.match(word) else None


@lru_cache(maxsize=4096)
def standing(word: str) -> int:
    """2: a word in use; 1: a compound of two words in use; 0: neither.

    >>> [standing(w) for w in ("förvaltningsdomstolen", "förvaltningdomstolen", "genomlysna")]
    [2, 1, 0]
    """
    frequency = _frequency()
    folded = word.casefold()
    if frequency(folded) >= IN_USE:
        return 2
    return 1 if _is_compound(folded, frequency) else 0


def _is_compound(word: str, frequency: Callable[[str], float]) -> bool:
    """Whether a word splits into two parts in use, with or without a linking letter."""
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if frequency(tail) < PART_IN_USE:
            continue
        if frequency(head) >= PART_IN_USE:
            return True
        if (
            head[-1] in LINKING_LETTERS
            and len(head) > MIN_PART
            and frequency(head[:-1]) >= PART_IN_USE
        ):
            return True
    return False


@lru_cache(maxsize=1)
def _frequency() -> Callable[[str], float]:
    """wordfreq's Zipf frequency of a Swedish word, loaded on first use (0.2 s)."""
    from wordfreq import zipf_frequency

    def frequency(word: str) -> float:
        return float(zipf_frequency(word, LANGUAGE))

    return frequency
