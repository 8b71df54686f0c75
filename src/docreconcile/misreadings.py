"""Misreadings: which differences against a page read by OCR are the reader's, not the text's.

OCR confuses letters that look alike (`rn`/`m`, `l`/`1`/`I`, `O`/`0`, `S`/`5`), loses
diacritics (`Förslag` read as `Forslag`, most often in bold headings) and breaks or joins
words. Such a difference, where the engine itself was unsure of the word, is a minor
`ocr` difference with the engine's confidence; a changed number, or a word the engine read
confidently as another word, stays what it is (`classify`). A lost or added diacritic is
taken as a misreading at any confidence: Tesseract reads bold Swedish headings without
their dots with high confidence, and a text that truly lost one cannot be told apart from
a scan (the README says so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rapidfuzz.distance import Indel

from docreconcile.model import Category, Difference, LinePiece, Location, Severity

LOW_CONFIDENCE = 80
"""Below this confidence (Tesseract's, 0-100) a word is one the engine was unsure of.
On the scanned memos of the tests, the words it misread scored 20-75, the words read
right almost all 85 and more."""

MISREAD = (Category.SPELLING, Category.WORD, Category.NUMBER, Category.CASE, Category.REWORDED)
"""The categories a misreading comes out as: one word for another, a digit for a letter,
a few misread words near one another (taken together as a rewording)."""

_LOOKALIKE_RUNS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("ri", "n"), ("li", "h"))
"""Pairs of letters OCR reads as one letter, and back."""

_LOOKALIKES = str.maketrans(
    {
        "I": "l",
        "1": "l",
        "|": "l",
        "!": "l",
        "í": "l",
        "0": "o",
        "O": "o",
        "Q": "o",
        "5": "s",
        "S": "s",
        "8": "b",
        "B": "b",
        "2": "z",
        "Z": "z",
        "9": "g",
        "q": "g",
        "c": "e",
        "C": "e",
        ",": ".",
        "’": "'",
        "‘": "'",
        "”": '"',
        "“": '"',
        "—": "-",
        "–": "-",
    }
)
"""Single characters OCR takes for one another, each mapped to one of its class."""

_ANY_DIACRITIC = "\u25cc"  # ◌, the dotted circle marks take in type specimens

_BULLETS = "•▪◦●"
_BULLET_READINGS = "e¢«°*©o"
"""What OCR reads a list's bullet as, in the classes of `_LOOKALIKES`."""

_LOOKALIKE_PAIRS = frozenset(
    {frozenset(("§", "b")), frozenset(("§", "s")), frozenset(("$", "s"))}
    | {frozenset(("6", "o")), frozenset(("6", _ANY_DIACRITIC))}
    | {frozenset((bullet, reading)) for bullet in _BULLETS for reading in _BULLET_READINGS}
)
"""Signs OCR reads as letters or digits of another class: `§` as `8` or `S`, `ö` as `6`,
a bullet as `e` or `¢`."""

_BULLET_TOKEN = re.compile(rf"(?<!\S)[{_BULLETS}{_BULLET_READINGS}](?!\S)")
"""A bullet, or what OCR read for one, standing alone as a word."""

_SPACES_AND_HYPHENS = re.compile(r"[\s\-­]+")
_SPECK = re.compile(r"(?<!\d)[.,:;'’‘\"“”·=~_^«»](?!\d)")
"""A full stop, comma, `=` or the like away from digits: what a speck of dust reads as
(`personal.och`, `ska = följa`); beside a digit it may be a decimal comma, and counts."""
_DIGIT = re.compile(r"\d")


def without_diacritics(text: str) -> str:
    """The text with its accents and dots taken off.

    >>> without_diacritics("Förslag på ärende")
    'Forslag pa arende'
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def with_any_diacritic(text: str) -> str:
    """The text with each letter that bears a diacritic as one sign: OCR reads one such
    letter for another (`ö` as `é`) as readily as it loses the mark.

    >>> with_any_diacritic("undersköterska") == with_any_diacritic("underskéterska")
    True
    """
    decomposed = unicodedata.normalize("NFD", text)
    return _MARKED_LETTER.sub(_ANY_DIACRITIC, decomposed)


_MARKED_LETTER = re.compile("[^\\W\\d_][\u0300-\u036f]+")


def lookalike_key(text: str) -> str:
    """What OCR could have read for `text`: diacritics, look-alike letters and digits,
    spaces and hyphens folded away.

    >>> lookalike_key("Kommunfullmäktige") == lookalike_key("Kornmunfu11maktige")
    True
    >>> lookalike_key("2024") == lookalike_key("2O24"), lookalike_key("kart- lägga")
    (True, 'kartlagga')
    >>> lookalike_key("personal.och"), lookalike_key("2,4") == lookalike_key("24")
    ('personaloeh', False)
    """
    folded = _SPACES_AND_HYPHENS.sub("", _SPECK.sub("", without_diacritics(text)))
    folded = folded.translate(_LOOKALIKES)
    for pair, single in _LOOKALIKE_RUNS:
        folded = folded.replace(pair, single)
    return folded.lower().translate(_LOOKALIKES)


def is_lookalike(a: str, b: str) -> bool:
    """Whether OCR could have read one side for the other. A number whose digits changed
    (as digits: `2024` against `2025`, `6` against `8`) is never one.

    >>> is_lookalike("Forslag", "Förslag"), is_lookalike("l5", "15"), is_lookalike("13§", "138")
    (True, True, True)
    >>> is_lookalike("• Hållbarhetsbokslut", "¢ Hallbarhetsbokslut"), is_lookalike("•", "e")
    (True, True)
    >>> is_lookalike("underskéterska", "undersköterska"), is_lookalike("6ver", "över")
    (True, True)
    >>> is_lookalike("2024", "2025"), is_lookalike("§ 86", "§ 88"), is_lookalike("bil", "bild")
    (False, False, False)
    """
    if a == b or not a.strip() or not b.strip():
        return False
    digits_a, digits_b = _DIGIT.findall(a), _DIGIT.findall(b)
    if len(digits_a) == len(digits_b) and digits_a != digits_b:
        return False
    return _alike_keys(lookalike_key(a), lookalike_key(b)) or _alike_keys(
        lookalike_key(with_any_diacritic(a)), lookalike_key(with_any_diacritic(b))
    )


def _alike_keys(key_a: str, key_b: str) -> bool:
    """Whether two look-alike keys differ only where OCR takes one sign for another."""
    return len(key_a) == len(key_b) and all(
        x == y or frozenset((x, y)) in _LOOKALIKE_PAIRS for x, y in zip(key_a, key_b, strict=True)
    )


def only_marks(a: str, b: str) -> bool:
    """Whether the sides differ in diacritics, specks (a stray full stop or comma away
    from digits), bullets and spaces alone: what OCR adds or loses that is no letter
    (`for` / `för`, `personal.och` / `personal och`, `e` for a list's `•`).

    >>> only_marks("for", "för"), only_marks("for", "får")
    (True, False)
    >>> only_marks("personal.och", "personal och"), only_marks("• •", "e")
    (True, True)
    >>> only_marks("byggnadseller ska följa", "byggnads- eller ska = följa")
    True
    >>> only_marks("2.4", "24")
    False
    """

    def bare(text: str) -> str:
        unlisted = _BULLET_TOKEN.sub("", without_diacritics(text))
        return _SPACES_AND_HYPHENS.sub("", _SPECK.sub("", unlisted))

    return a != b and bare(a) == bare(b)


Confidences = Mapping[Location, tuple[int, ...]]


def confidence_of(pieces: Sequence[LinePiece], confidences: Confidences) -> int | None:
    """The lowest confidence of the words a difference covers on lines read by OCR; None
    where none of its lines was (or a line's words cannot be told apart).

    >>> piece = LinePiece(Location(3, 1), "Förslag till beslut", 8, 12)
    >>> confidence_of([piece], {Location(3, 1): (93, 41, 90)})
    41
    """
    lowest: int | None = None
    for piece in pieces:
        words = confidences.get(piece.location)
        if words is None:
            continue
        found = _covered(piece, words)
        if found is None:
            return None
        lowest = found if lowest is None else min(lowest, found)
    return lowest


def _covered(piece: LinePiece, words: tuple[int, ...]) -> int | None:
    """The lowest confidence of the line's words that overlap the piece's part."""
    spans = [match.span() for match in re.finditer(r"\S+", piece.text)]
    if len(spans) != len(words):
        return None  # the line's text changed in normalisation: no word to trust
    end = max(piece.end, piece.start + 1)
    covered = [
        confidence
        for confidence, (start, stop) in zip(words, spans, strict=True)
        if start < end and stop > piece.start
    ]
    return min(covered) if covered else None


def misread(difference: Difference, a: Confidences, b: Confidences) -> Difference:
    """The difference as a minor `ocr` one where a side read by OCR made it up: a word
    it could have misread (`is_lookalike`) while unsure of it, or with only diacritics
    and specks changed (`only_marks`); a word it could hardly read (`UNREADABLE`) read
    as a like one; specks read as a letter or a sign (`is_speckle`). Else as it was."""
    if difference.category in (Category.INSERTED, Category.DELETED):
        return _speckle(difference, a, b)
    if difference.category not in MISREAD:
        return difference
    sides = (confidence_of(difference.a_lines, a), confidence_of(difference.b_lines, b))
    found = [confidence for confidence in sides if confidence is not None]
    if not found:
        return difference
    confidence = min(found)
    if only_marks(difference.a, difference.b):
        return _as_misreading(difference, confidence)
    if is_lookalike(difference.a, difference.b):
        if confidence < LOW_CONFIDENCE:
            return _as_misreading(difference, confidence)
    elif (
        confidence < UNREADABLE
        and len(difference.a.split()) == len(difference.b.split()) == 1
        and _alike_but_numbers(difference.a, difference.b)
    ):  # one word for one: in a longer stretch, a word deleted beside it would hide
        return _as_misreading(difference, confidence)
    return difference


UNREADABLE = 50
"""Below this confidence the engine guessed: a word it read so that is taken for a
misreading of a like word on the other side (`homigheten` for `myndigheten`, 0)."""

ALIKE = 0.6
"""How alike (normalised Indel similarity) a guessed word must be to the other side's."""


def _alike_but_numbers(a: str, b: str) -> bool:
    """Whether two texts are alike and their digits the same (a changed number counts).

    >>> _alike_but_numbers("myndigheten", "homigheten"), _alike_but_numbers("bil", "tåg")
    (True, False)
    >>> _alike_but_numbers("§ 86", "§ 88")
    False
    """
    if _DIGIT.findall(a) != _DIGIT.findall(b):
        return False
    return Indel.normalized_similarity(a.casefold(), b.casefold()) >= ALIKE


def is_speckle(text: str) -> bool:
    """Whether text is no word: no two letters or digits in a row (`_`, `= : . | 5 |`,
    a lone `i`), what dust and a table's rules read as.

    >>> is_speckle("= : . | 5 |"), is_speckle("i"), is_speckle("att"), is_speckle("15")
    (True, True, False, False)
    """
    return _TWO_IN_A_ROW.search(text) is None


_TWO_IN_A_ROW = re.compile(r"[^\W_]{2}")


def _speckle(difference: Difference, a: Confidences, b: Confidences) -> Difference:
    """An insertion or deletion that only the side read by OCR holds, of specks: a
    misreading where the engine was unsure of it, or where it holds no letter at all."""
    inserted = difference.category is Category.INSERTED
    text = difference.b if inserted else difference.a
    confidence = (
        confidence_of(difference.b_lines, b) if inserted else confidence_of(difference.a_lines, a)
    )
    if confidence is None or not is_speckle(text):
        return difference
    if confidence < LOW_CONFIDENCE or not any(char.isalnum() for char in text):
        return _as_misreading(difference, confidence)
    return difference


def _as_misreading(difference: Difference, confidence: int) -> Difference:
    return replace(
        difference, category=Category.OCR, severity=Severity.MINOR, confidence=confidence
    )
