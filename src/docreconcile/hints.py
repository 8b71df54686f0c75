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

import importlib.util
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from docreconcile.model import Category, Difference

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

HINTED = (Category.SPELLING, Category.WORD, Category.OCR)
"""Differences of one word, where a dictionary can say something (for a misreading by
OCR: which reading is a word)."""

_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")


def favoured_sides(differences: Sequence[Difference]) -> list[str | None]:
    """The hint of each difference (`favoured_side`), the word list read once for all.

    Every word a hint may ask about (each side's word and the parts it could split into)
    is collected first, then looked up in one pass over wordfreq's list (`Frequencies`).
    """
    words = [_words(difference) for difference in differences]
    wanted = [part for pair in words if pair for word in pair for part in _queries(word)]
    frequency = Frequencies.of(wanted) if wanted else Frequencies({})
    return [_favoured(pair, frequency) if pair else None for pair in words]


def favoured_side(difference: Difference) -> str | None:
    """`a` or `b`: the side whose word is in better standing in Swedish; None for no hint.

    >>> from docreconcile.model import Severity
    >>> d = Difference(1, Severity.SUBSTANTIVE, Category.SPELLING, "genomlysna",
    ...                "genomlysa", "", "", None, None)
    >>> favoured_side(d)
    'b'
    """
    return favoured_sides([difference])[0]


def _words(difference: Difference) -> tuple[str, str] | None:
    """The one word of each side, case folded, where a hint can be given."""
    if difference.category not in HINTED:
        return None
    a, b = _bare(difference.a), _bare(difference.b)
    if a is None or b is None:
        return None
    return a.casefold(), b.casefold()


def _favoured(words: tuple[str, str], frequency: Frequencies) -> str | None:
    a, b = words
    standing_a, standing_b = _standing(a, frequency), _standing(b, frequency)
    if standing_a != standing_b:
        return "a" if standing_a > standing_b else "b"
    if standing_a == 2:  # both in use: a typo common on the web (`attt`) is far rarer
        zipf_a, zipf_b = frequency(a), frequency(b)
        if abs(zipf_a - zipf_b) >= FAR_COMMONER:
            return "a" if zipf_a > zipf_b else "b"
    return None


def _bare(text: str) -> str | None:
    """The one word a side holds, without the punctuation around it (None: not one word)."""
    word = text.strip().strip(".,;:!?()\"'”“’«»")
    return word if _WORD.match(word) else None


def standing(word: str) -> int:
    """2: a word in use; 1: a compound of two words in use; 0: neither.

    >>> [standing(w) for w in ("förvaltningsdomstolen", "förvaltningdomstolen", "genomlysna")]
    [2, 1, 0]
    """
    folded = word.casefold()
    return _standing(folded, Frequencies.of(_queries(folded)))


def _standing(word: str, frequency: Callable[[str], float]) -> int:
    if frequency(word) >= IN_USE:
        return 2
    return 1 if _is_compound(word, frequency) else 0


def _queries(word: str) -> list[str]:
    """Every string `_standing` may look up for a (folded) word: the word, and each head,
    tail and head without its linking letter of `_is_compound`'s cuts.

    >>> _queries("husbil")
    ['husbil', 'hus', 'hu', 'bil']
    """
    queries = [word]
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        queries += [word[:cut], word[: cut - 1], word[cut:]]
    return queries


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


class Frequencies:
    """wordfreq's Zipf frequencies of just the strings asked for, as `zipf_frequency(s,
    "sv")` gives them, read from its Swedish list in one streaming pass.

    wordfreq's own lookup builds a dictionary of the whole list first, in every process
    that gives a hint. The list is a gzipped msgpack array of buckets, bucket i holding the
    words of frequency 10^(-i/100) (`wordfreq.read_cBpack`); reading it bucket by bucket
    and keeping only the wanted words takes a fraction of the time and memory.
    """

    def __init__(self, zipf: dict[str, float]) -> None:
        self.zipf = zipf

    def __call__(self, text: str) -> float:
        return self.zipf.get(text, 0.0)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Frequencies:
        tokens = {text: lookup_tokens(text) for text in set(texts)}
        buckets = _buckets({token for found in tokens.values() for token in found})
        return cls({text: _zipf(found, buckets) for text, found in tokens.items()})


_PLAIN = re.compile(r"^-?[^\W\d_]+(?:-[^\W\d_]+)*-?$")
"""What a hint asks about: letters, hyphens between them (a cut of a hyphenated word may
start or end with one)."""


def lookup_tokens(text: str) -> list[str]:
    """The tokens wordfreq looks a string up by, as `lossy_tokenize(text, "sv")` gives them.

    For what a hint asks about (letters and hyphens, `_PLAIN`) that is, in wordfreq's
    steps for Swedish: NFC, casefold, NFC again, a token at each run of letters (a hyphen
    is a word boundary), each casefolded; anything else goes to wordfreq itself, whose
    import (langcodes, ftfy, regex) every comparison that gave a hint paid for; a test
    checks both ways agree on 3,400 strings.

    >>> lookup_tokens("Förvaltnings-domstolen"), lookup_tokens("-och")
    (['förvaltnings', 'domstolen'], ['och'])
    """
    if not _PLAIN.match(text):
        from wordfreq.tokens import lossy_tokenize

        return lossy_tokenize(text, LANGUAGE)
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return [part.casefold() for part in folded.split("-") if part]


def _buckets(words: set[str]) -> dict[str, int]:
    """The bucket (frequency in -centibels) of each of `words` that wordfreq lists."""
    import gzip

    import msgpack

    found: dict[str, int] = {}
    with gzip.open(word_list(), "rb") as stream:
        # msgpack's default buffer (up to 100 MB) grows with what it is fed; it parses an
        # object across reads, so a bucket (100 KB) needs no bigger one.
        unpacker = msgpack.Unpacker(stream, raw=False, read_size=READ_SIZE, max_buffer_size=BUFFER)
        count = unpacker.read_array_header()
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise ValueError(f"wordfreq's word list has an unknown format: {header!r}")
        for index in range(count - 1):
            for word in words.intersection(unpacker.unpack()):
                found[word] = index
    return found


READ_SIZE = 16 * 1024
BUFFER = 1024 * 1024
"""What the word list is read in: 16 KB a read, at most 1 MB held unparsed."""


def word_list() -> Path:
    """wordfreq's best Swedish list, as `available_languages("best")` names it (the large
    one where there is one), found without importing wordfreq."""
    spec = importlib.util.find_spec("wordfreq")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        for size in ("large", "small"):
            path = Path(folder) / "data" / f"{size}_{LANGUAGE}.msgpack.gz"
            if path.is_file():
                return path
    from wordfreq import available_languages  # laid out otherwise: ask wordfreq

    return Path(available_languages("best")[LANGUAGE])


def _zipf(tokens: list[str], buckets: dict[str, int]) -> float:
    """A string's Zipf frequency from its tokens' buckets, as wordfreq computes it
    (`_word_frequency`: 1/f = 1/f1 + 1/f2 ..., rounded to three significant digits; 0 if
    a token is not listed). Our words have no digits, so wordfreq's digit smashing is moot."""
    if not tokens or any(token not in buckets for token in tokens):
        return 0.0
    frequency = 1.0 / sum(1.0 / 10 ** (-buckets[token] / 100) for token in tokens)
    rounded = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)
