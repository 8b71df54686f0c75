"""Character steps: what every source line goes through (`clean_line`), each a pure
`str -> str` function chained by `Compose`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

TextStep = Callable[[str], str]


class Compose:
    """Chain text steps into one, applied left to right (as jiwer's `Compose`).

    >>> Compose([str.strip, str.lower])("  Ärende ")
    'ärende'
    """

    def __init__(self, steps: Sequence[TextStep]) -> None:
        self.steps = tuple(steps)

    def __call__(self, text: str) -> str:
        for step in self.steps:
            text = step(text)
        return text

    def __repr__(self) -> str:
        names = ", ".join(getattr(step, "__name__", repr(step)) for step in self.steps)
        return f"Compose([{names}])"


def to_nfc(text: str) -> str:
    """Compose characters, so `o` + combining diaeresis equals `ö` (PDFs often decompose).

    >>> to_nfc("Linko\\u0308ping") == "Linköping"
    True
    """
    return unicodedata.normalize("NFC", text)


_UNUSUAL_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def replace_unusual_spaces(text: str) -> str:
    """Turn tabs, no-break and other typographic spaces into a plain space.

    >>> replace_unusual_spaces("8\\u00a0november\\u202f2016")
    '8 november 2016'
    """
    return _UNUSUAL_SPACES.sub(" ", text)


_SOFT_HYPHEN = "\u00ad"


def mark_line_end_soft_hyphen(text: str) -> str:
    """A soft hyphen at the end of a line is where a word was broken: make it a hyphen.

    The unwrap step then joins the word as for any line-end hyphen; inside a line a soft
    hyphen is invisible and `remove_invisible_characters` drops it.

    >>> mark_line_end_soft_hyphen("genom\\u00ad")
    'genom-'
    """
    stripped = text.rstrip()
    if stripped.endswith(_SOFT_HYPHEN):
        return stripped[:-1] + "-"
    return text


# Soft hyphen, zero-width space/joiners, word joiner, BOM, bidi marks and other format
# characters, C0/C1 controls. None of them is visible text.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def remove_invisible_characters(text: str) -> str:
    """Drop soft hyphens, zero-width characters, bidi marks and control characters.

    >>> remove_invisible_characters("genom\\u00adlysa\\u200b verksamheten")
    'genomlysa verksamheten'
    """
    return _INVISIBLE.sub("", text)


_SYMBOL_FONT_MARKS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf0a8": "□"})
"""Word's bullets in the Symbol and Wingdings fonts, as a PDF without a Unicode map for
them writes them: the font's own private-use code (U+F0B7 is Symbol's bullet)."""


_SYMBOL_FONT_MARK = re.compile("[\uf0a7\uf0a8\uf0b7]")


def map_symbol_font_bullets(text: str) -> str:
    """Write a symbol font's bullets as the bullets they are, so the list a Word file
    exports reads as the web page's and the text file's lists do.

    >>> map_symbol_font_bullets("\uf0b7 analysera")
    '• analysera'
    """
    if not _SYMBOL_FONT_MARK.search(text):  # nearly every line: stay fast
        return text
    return text.translate(_SYMBOL_FONT_MARKS)


def replace_lone_surrogates(text: str) -> str:
    """Replace unpaired UTF-16 surrogates (from broken PDF text maps) with U+FFFD.

    They cannot be encoded as UTF-8, so they would break JSON and HTML output.

    >>> replace_lone_surrogates("ab\\ud800c")
    'ab\\ufffdc'
    """
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)


def expand_ligatures(text: str) -> str:
    """Write typographic ligatures as their letters (NFKC would change far more).

    >>> expand_ligatures("\\ufb01nansiering och \\ufb02ykting")
    'finansiering och flykting'
    """
    return text.translate(_LIGATURE_TABLE)


# Spacing (stand-alone) accents and the combining marks they stand for. TeX and some
# PDF producers draw an accent as a glyph of its own next to the letter.
_SPACING_ACCENTS = {
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u00b4": "\u0301",  # ´ acute
    "\u02da": "\u030a",  # ˚ ring
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02dd": "\u030b",  # ˝ double acute
}
_ACCENT_BETWEEN = re.compile(
    "(?<=[^\\W\\d_])["
    + "".join(_SPACING_ACCENTS)
    + "]|["
    + "".join(_SPACING_ACCENTS)
    + "](?=[^\\W\\d_])"
)


def _takes_accent(letter: str, combining: str) -> bool:
    """Whether `letter` may carry the accent. An acute also stands for an apostrophe
    (`it´s`, `Maria´s`), so it goes only onto a vowel."""
    if combining == "\u0301":
        return letter.lower() in "aeiouy"
    return letter.isalpha()


def compose_spacing_diacritics(text: str) -> str:
    """Put a stand-alone accent drawn beside a letter onto that letter.

    The accent goes onto the letter it composes with, before or after it: TeX draws it
    before (`K¨uttler`, `Andr´e`), other producers after (`Ageˆncia`, `Aviac¸a˜o`).

    >>> compose_spacing_diacritics("K¨uttler, Ageˆncia Nacional de Aviac¸a˜o")
    'Küttler, Agência Nacional de Aviação'
    >>> compose_spacing_diacritics("Andr´e: it´s ¨ alone")
    'André: it´s ¨ alone'
    """
    if not _ACCENT_BETWEEN.search(text):
        return text
    characters = list(text)
    for index, character in enumerate(characters):
        combining = _SPACING_ACCENTS.get(character)
        if combining is None:
            continue
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(characters) and _takes_accent(characters[neighbour], combining):
                composed = unicodedata.normalize("NFC", characters[neighbour] + combining)
                if len(composed) == 1:
                    characters[neighbour], characters[index] = composed, ""
                    break
    return "".join(characters)


_SPACE_RUN = re.compile(" {2,}")


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces (justified PDF lines come out with double spaces) and trim.

    >>> collapse_spaces("  934  –  15)  överklagades ")
    '934 – 15) överklagades'
    """
    return _SPACE_RUN.sub(" ", text).strip()


DOT_LEADER = 4
"""Full stops in a row (spaced or not) that make a leader, not an ellipsis (`...`)."""

# A full stop right after a word and before a space ends the title (`2013. ....`): the
# leaders start after it.
_DOT_LEADER = re.compile(rf"(?:(?<!\w)|(?!\. ))(?:[ ]?\.){{{DOT_LEADER},}}[ ]?")


def remove_dot_leaders(text: str) -> str:
    """Take out the dots that lead the eye from an entry to its page number.

    An index or a table of contents set in columns is read in another order by another
    extractor, and each of its hundreds of leader dots is a token that matches any other:
    the entries would be cut into pieces too short to be found again. A line of dots only
    is left for the rule-line step.

    >>> remove_dot_leaders("Estimated tax penalty . . . . . . . 25")
    'Estimated tax penalty 25'
    >>> remove_dot_leaders("Bilaga 1.......12"), remove_dot_leaders("exceeded ...")
    ('Bilaga 1 12', 'exceeded ...')

    A title's own full stop, set apart from the leaders by a space, stays: a Word file's
    contents entry reads `den 18 april 2013. 10` without its leaders.

    >>> remove_dot_leaders("den 18 april 2013. ........ 10")
    'den 18 april 2013. 10'
    """
    if "...." not in text and ". . . ." not in text:  # most lines have none: stay fast
        return text
    if not text.replace(".", "").strip():
        return text
    return _DOT_LEADER.sub(" ", text)


class _LineCleaner(Compose):
    """`Compose` of the character steps, with a shortcut: a line in NFC that holds none
    of the characters the steps before the last two rewrite (nearly every line) goes
    through those two only, and comes out the same."""

    def __init__(self, steps: Sequence[TextStep], last: int, rewritten: re.Pattern[str]):
        super().__init__(steps)
        self.last = Compose(steps[-last:])
        self.rewritten = rewritten

    def __call__(self, text: str) -> str:
        if unicodedata.is_normalized("NFC", text) and not self.rewritten.search(text):
            return self.last(text)
        return super().__call__(text)


clean_line: Compose = _LineCleaner(
    [
        replace_lone_surrogates,
        to_nfc,
        compose_spacing_diacritics,
        replace_unusual_spaces,
        mark_line_end_soft_hyphen,
        remove_invisible_characters,
        expand_ligatures,
        map_symbol_font_bullets,
        remove_dot_leaders,
        collapse_spaces,
    ],
    last=2,
    rewritten=re.compile(
        "|".join(
            (
                _SURROGATE.pattern,
                "[" + "".join(_SPACING_ACCENTS) + "]",
                _UNUSUAL_SPACES.pattern,
                _INVISIBLE.pattern,  # a soft hyphen too
                "[" + "".join(LIGATURES) + "]",
                _SYMBOL_FONT_MARK.pattern,
            )
        )
    ),
)
"""All character steps, in order: what every source line goes through."""
