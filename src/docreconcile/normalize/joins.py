"""Line joins: whether a line ends its sentence, and how two lines join (a space, a
hyphen kept or undone), by the words the document holds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from docreconcile.model import Category, Line, Location
from docreconcile.normalize.furniture import _WORD_BROKEN_AT_END
from docreconcile.normalize.page_numbers import is_page_number

_TERMINAL = tuple(".!?:;")
CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp.", "som", "till", "men"})
"""Words after which a line-end hyphen is a Swedish hanging hyphen (`barn- och unga`)."""


def continues_sentence(before: str, after: str) -> bool:
    """True when `after` goes on with the sentence `before` stops in the middle of.

    Used to join blocks that a page break or an extraction gap split in two.

    >>> continues_sentence("att kommunen tillskrivit", "socialdepartementet respektive")
    True
    >>> continues_sentence("Bakgrund", "Linköpings kommun har")
    False
    >>> continues_sentence("tjänsteskrivelse, 2025-04-", "08")
    True
    >>> continues_sentence("Cancerframkallande ämnen: 2-", "Acetamidofluoren")
    True
    """
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return False
    if _HYPHEN_AT_END.search(before) and (after[0].isdigit() or before[-2].isdigit()):
        # No sentence ends in a hyphen after a digit or goes on with a number after one:
        # 2025-04- / 08, 2- / Acetamidofluoren, metyl- / 2-cyanoakrylat. (A letter, a hyphen,
        # then a capital may be a column's end and the next column's heading.)
        return True
    return not before.endswith(_TERMINAL) and after[0].islower()


_HYPHEN_AT_END = re.compile(r"[^\W_][-\u2010]$")
_NUMBER_THEN_LOWER = re.compile(r"(\d{1,4}) (?=[a-zåäöéü])")
_LONE_PAGE_NUMBER = re.compile(r"\d{1,4}")


def _says_it_is_a_page_number(text: str) -> bool:
    """A page number that says what it is: not a bare number, which may be a list's or an
    amount, but `-3-`, `Sida 2 (5)`, `Page 3 of 48`.

    >>> [_says_it_is_a_page_number(t) for t in ["-3-", "Sida 2 (5)", "3", "1."]]
    [True, True, False, False]
    """
    return is_page_number(text) and not text.strip().isdigit()


def _page_number_in_broken_word(before: str, after: str) -> str:
    """The page number a pasted text put between the halves of a word broken over a page.

    Text copied out of a PDF and reflowed keeps the page's number where the page broke,
    inside the word the last line broke off: `förord-` / `4 ningen får ...`. Taken out,
    the word is joined again as any line-end hyphen is.

    >>> _page_number_in_broken_word("Enligt förord-", "4 ningen får personuppgifter")
    '4'
    >>> _page_number_in_broken_word("Enligt förord-", "4")
    '4'
    >>> _page_number_in_broken_word("Enligt förordningen", "4 kap. gäller")
    ''
    """
    if not _WORD_BROKEN_AT_END.search(before.rstrip()):
        return ""
    if _LONE_PAGE_NUMBER.fullmatch(after):
        return after
    match = _NUMBER_THEN_LOWER.match(after)
    return match.group(1) if match else ""


"""A line ending in a digit and a hyphen breaks a date or case number: `2025-04-` / `08`."""


def vocabulary(lines: Iterable[Line]) -> Counter[str]:
    """The words a document uses, lower-cased, with how often: evidence for undoing a
    line-end hyphen.

    >>> sorted(vocabulary([Line("Om personuppgifter, om", Location(1))]).items())
    [('om', 2), ('personuppgifter', 1)]
    """
    # One search over many lines at once, not one a line (a line break is no letter);
    # in batches, not the whole text: a long document's words as one list are never held.
    texts = [line.text for line in lines]
    counts: Counter[str] = Counter()
    for start in range(0, len(texts), VOCABULARY_BATCH):
        batch = "\n".join(texts[start : start + VOCABULARY_BATCH])
        counts.update(map(str.lower, _LETTERS.findall(batch)))
    return counts


VOCABULARY_BATCH = 1000
"""Lines searched for words at once by `vocabulary` (some 10,000 words: well under 1 MB)."""


class _Vocabulary(Mapping[str, int]):
    """`vocabulary(lines)`, counted when first asked: only a hyphen at a line end before a
    conjunction asks (`join_at_line_end`), which most documents never have, and counting a
    long document's words costs memory on the way.

    >>> known = _Vocabulary([Line("Om personuppgifter, om", Location(1))])
    >>> known["om"], "om" in known, "tresse" in known, known.get("tresse", 0)
    (2, True, False, 0)
    """

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines: Sequence[Line] | None = lines
        self._counts: Counter[str] | None = None

    def _counted(self) -> Counter[str]:
        if self._counts is None:
            self._counts = vocabulary(self._lines or ())
            self._lines = None
        return self._counts

    def __getitem__(self, word: str) -> int:
        counts = self._counted()
        if word not in counts:  # a Counter answers 0: a Mapping must say it is not there
            raise KeyError(word)
        return counts[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counted())

    def __len__(self) -> int:
        return len(self._counted())


_NO_WORDS: Mapping[str, int] = MappingProxyType({})


_LETTERS = re.compile(r"[^\W\d_]+")
_ADDRESS = re.compile(r"@|://|^www\.")
"""An e-mail or web address, as a word before a line-end hyphen shows it."""


def join_at_line_end(
    before: str, after: str, known: Mapping[str, int] = _NO_WORDS
) -> tuple[str, Category]:
    """Join two wrapped lines: undo a hyphen that broke a word, keep a hanging hyphen.

    Returns the separator to put between them ("", " " or "-") and the kind of layout
    effect undone.

    >>> join_at_line_end("genom-", "lysa verksamheten")
    ('', <Category.HYPHENATION: 'hyphenation'>)
    >>> join_at_line_end("barn-", "och ungdomsnämnden")
    (' ', <Category.LINE_BREAK: 'line_break'>)
    >>> join_at_line_end("(barn-", "äldre och jämställdhetsministern")
    (' ', <Category.LINE_BREAK: 'line_break'>)
    >>> join_at_line_end("EU-", "direktivet")
    ('', <Category.LINE_BREAK: 'line_break'>)
    >>> join_at_line_end("daterat 2024-", "09-06."), join_at_line_end("(KS-", "2024-00511)")
    (('', <Category.LINE_BREAK: 'line_break'>), ('', <Category.LINE_BREAK: 'line_break'>))
    >>> join_at_line_end("(2,4-", "diaminoanisol)"), join_at_line_end("Nord-", "Amerika")
    (('', <Category.LINE_BREAK: 'line_break'>), ('', <Category.LINE_BREAK: 'line_break'>))
    >>> join_at_line_end("av god", "kvalitet")
    (' ', <Category.LINE_BREAK: 'line_break'>)
    >>> join_at_line_end("Karl.nystrom@-", "regeringskansliet.se")
    ('', <Category.HYPHENATION: 'hyphenation'>)
    >>> join_at_line_end("m.fl.-", "yrken")
    (' ', <Category.LINE_BREAK: 'line_break'>)
    >>> join_at_line_end("If zero or less, enter -0-", "5.")
    (' ', <Category.LINE_BREAK: 'line_break'>)
    """
    words_after = after.split()
    if not before.endswith(("-", "\u2010")) or len(before) < 2 or not words_after:
        return " ", Category.LINE_BREAK
    if _DASHED_NUMBER.fullmatch(before.split()[-1]):
        return " ", Category.LINE_BREAK  # `enter -0-`: a number set between dashes is whole
    stem = before.split()[-1].rstrip("-\u2010").lstrip("([\"'”“")
    first = words_after[0]
    if stem and not stem[-1].isalnum() and _ADDRESS.search(stem) and first[0].isalnum():
        # A typesetter breaks an e-mail or web address after its `@`, `.` or `/` with a
        # hyphen of its own (LibreOffice: `Karl.nystrom@-` / `regeringskansliet.se`);
        # no address has one there.
        return "", Category.HYPHENATION
    if not stem or not stem[-1].isalnum():
        return " ", Category.LINE_BREAK
    if first[0].isdigit():
        return "", Category.LINE_BREAK  # a number goes on: 2024-09-06, KS-2024-00511, Covid-19
    if first.lower() in CONJUNCTIONS:
        return " ", Category.LINE_BREAK
    if stem[-1].isdigit() or first[0].isupper():
        # No word is broken after a digit or before a capital: the hyphen is the word's
        # own (2,4-diaminoanisol, 2-Acetamidofluoren, Nord-Amerika, 9-ANM-Seattle).
        return "", Category.LINE_BREAK
    if not first[0].islower():
        return " ", Category.LINE_BREAK
    if _hanging_before_conjunction(stem, words_after, known):
        return " ", Category.LINE_BREAK
    if stem.isupper() or stem.isdigit():
        return "", Category.LINE_BREAK
    return "", Category.HYPHENATION


def _hanging_before_conjunction(
    stem: str, words_after: list[str], known: Mapping[str, int]
) -> bool:
    """Whether `stem-` is a hanging part where the next line's second word is a
    conjunction: `barn-` / `äldre och ...` is, but `personupp-` / `gifter och` is a
    broken word (the document uses `personuppgifter` elsewhere), and so is `in-` /
    `tresse och` (`tresse` is no word the document uses but here). A vocabulary is
    needed to tell; a series of hanging parts, `äldre- och`, stays.

    >>> _hanging_before_conjunction("barn", ["äldre", "och"], {})
    True
    >>> _hanging_before_conjunction("personupp", ["gifter", "och"], {"personuppgifter": 1})
    False
    >>> _hanging_before_conjunction("in", ["tresse", "och", "det"], {"tresse": 1, "och": 9})
    False
    """
    if len(words_after) < 2 or words_after[1].lower() not in CONJUNCTIONS - {"som", "till"}:
        return False
    first = words_after[0]
    letters = _LETTERS.match(first)
    fragment = letters.group().lower() if letters else ""
    known_whole = (stem + fragment).lower() in known
    fragment_only_here = bool(known) and 0 < known.get(fragment, 0) < 2
    return not fragment or first.endswith("-") or not (known_whole or fragment_only_here)


_DASHED_NUMBER = re.compile(r"[-\u2010]\d+[-\u2010]")
"""A number between dashes (`-0-`, the tax forms' `enter -0-`; `-3-`, a page number):
whole, not a number broken at the line's end."""

_NO_NEIGHBOURS: Mapping[int, Collection[int]] = MappingProxyType({})
_NOTHING_OVERLAID: Mapping[int, Location] = MappingProxyType({})
