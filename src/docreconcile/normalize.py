"""Normalise: undo each layout effect with its own small step, keeping a map back to the source.

Three kinds of steps, applied in this order by `normalize`:

1. Character steps (`str -> str`), chained by `Compose` into `clean_line`: Unicode NFC,
   odd spaces, invisible characters, ligatures. They work inside one line, so the source
   map (which is per line) is untouched.
2. Line steps (`list[Line] -> list[Line]` plus the events they record): rule lines and page
   furniture (running headers, footers, page numbers) are taken out.
3. Paragraph steps: lines are grouped into blocks (blank lines in a text file; layout boxes,
   short lines and indents in a PDF), blocks continued across a page break or an extraction
   gap are joined, and each block is unwrapped into one paragraph, joining words broken by a
   hyphen at a line end but keeping Swedish hanging hyphens (`barn- och ungdomsnämnden`).

Typography (quotes, dashes) and letter case are *not* normalised here: they can be real
differences, so the classifier decides about them and the report can show them.
Every step that removes or undoes something records a `LayoutEvent`, so nothing is silent.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from docreconcile.model import (
    Box,
    Category,
    Document,
    LayoutEvent,
    Line,
    Location,
    NormalizedDocument,
    Paragraph,
    Span,
)

# --------------------------------------------------------------------------------------
# 1. Character steps
# --------------------------------------------------------------------------------------

TextStep = Callable[[str], str]


def _median(values: Sequence[float]) -> float:
    """The median, as `statistics.median` gives it, without importing statistics (its
    decimal and fractions take 2 MB in the comparing process).

    >>> _median([3, 1, 2]), _median([4.0, 1.0, 2.0, 3.0])
    (2, 2.5)
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


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


# --------------------------------------------------------------------------------------
# 2. Line steps: rules and page furniture
# --------------------------------------------------------------------------------------

_RULE = re.compile(r"^\s*([_\-=–—*·.~])\1{3,}\s*$")


def is_rule_line(text: str) -> bool:
    """A line made of one repeated mark (`__________`, `-----`, `=====`) is a drawn rule.

    >>> is_rule_line("__________"), is_rule_line("– se över")
    (True, False)
    """
    return bool(_RULE.match(text))


def remove_rule_lines(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take rule lines out of the text, recording each as a layout event."""
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for line in lines:
        if is_rule_line(line.text):
            events.append(_event(Category.RULE, line, key=line.text.strip()[:1]))
        else:
            kept.append(line)
    return kept, events


_SUPERSCRIPT_NUMBER = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_TRAILING_NUMBER = re.compile(r"\d+(?:[:.,/-]\d+)*$")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
_FRACTION_SLASH = re.compile(r"[/⁄]\d")
_CLOSING = tuple(')].,;:”"’')


def is_footnote_mark(text: str, start: int) -> bool:
    """Whether the superscript number at `start` of `text` marks a footnote.

    It does when it opens the line (the note's own text), follows closing punctuation or
    a word of three letters or more, or follows a reference or year (2023:101, 2016). It
    does not after a one- or two-letter unit (m², km²) or a short bare number (10⁶, 2³):
    those are exponents. Nor when a slash follows it: the numerator of a fraction set
    small and raised (`only ¹/2 of`, what another extractor reads as `1/2`).

    >>> [is_footnote_mark(t, t.index(m)) for t, m in
    ...  [("apotek¹", "¹"), ("¹Betänkandet", "¹"), ("SOU 2023:101²", "²"), ("lagen.³", "³")]]
    [True, True, True, True]
    >>> [is_footnote_mark(t, t.index(m)) for t, m in
    ...  [("10⁶ kr", "⁶"), ("50 m²", "²"), ("only ¹/2 of", "¹")]]
    [False, False, False]
    """
    end = start
    while end < len(text) and text[end] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
        end += 1
    if _FRACTION_SLASH.match(text, end):
        return False
    before = text[:start].rstrip()
    if not before:
        return True
    if before.endswith(_CLOSING):
        return True
    number = _TRAILING_NUMBER.search(before)
    if number is not None:
        token = number.group()
        return len(token) >= 3 or any(separator in token for separator in ":.,/-")
    letters = _TRAILING_LETTERS.search(before)
    return letters is not None and len(letters.group()) >= 3


def strip_footnote_marks(text: str) -> str:
    """Remove footnote marks (see `is_footnote_mark`), keep exponents.

    >>> strip_footnote_marks("tillsyn över apotek¹ och SFS 2001:453.² 10⁶ m²")
    'tillsyn över apotek och SFS 2001:453. 10⁶ m²'
    >>> strip_footnote_marks("¹Betänkandet SOU 2023:101.")
    'Betänkandet SOU 2023:101.'
    """
    return _SUPERSCRIPT_NUMBER.sub(
        lambda match: "" if is_footnote_mark(text, match.start()) else match.group(), text
    )


def remove_footnote_marks(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take footnote marks out of the text, recording each as a layout event."""
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for line in lines:
        marks = [
            match.group()
            for match in _SUPERSCRIPT_NUMBER.finditer(line.text)
            if is_footnote_mark(line.text, match.start())
        ]
        if not marks:
            kept.append(line)
            continue
        for mark in marks:
            events.append(LayoutEvent(Category.FOOTNOTE_MARK, mark, line.location, key=mark))
        kept.append(replace(line, text=strip_footnote_marks(line.text)))
    return kept, events


_CONTENTS_ENTRY = re.compile(
    r"^(?P<title>.*?\w.*?\S)(?:\s*(?:[.·…_]{4,}|(?:[.·…_] ){3,}[.·…_]?)\s*|\s+)"
    r"(?P<page>\d{1,4})$"
)
"""A table of contents' line: a title, then dot leaders, a tab or a space, and a page number
(`Förslag till riksdagsbeslut ........ 3`)."""

_HEADING_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|(?:Bilaga|Appendix|Annex)(?:\s+\d+)?)\s+",
    re.IGNORECASE,
)
"""What numbers a heading and may stand before its title or not (`3.1`, `Bilaga 2`)."""

MAX_CONTENTS_LINE = 200
"""Characters: a longer line is no table of contents' entry (two lines of a contents page)."""

MIN_CONTENTS_ENTRIES = 3
"""Entries on one page whose titles stand at the pages they name, with one offset between
printed and physical pages, needed before their numbers are taken for page numbers."""


def remove_contents_page_numbers(
    lines: Sequence[Line],
) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a table of contents' page numbers out of its lines, recording each as a page
    number: a web page or a Word file's contents (or none at all) has no page numbers,
    and the PDF's `Rutiner 10` would be a changed word.

    Evidence, not the look of a line: an entry's title must stand at the end of a line
    (a heading) on a later page, the page it names must be that page with one offset
    (front matter numbered apart) shared by the entries, and its own page must hold at
    least MIN_CONTENTS_ENTRIES such entries. A list of sums or years ending its lines
    names no page its words stand on.
    """
    # each line's text by its last word: a title is looked up among the lines it may end
    by_last_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in lines:
        key = _title_key(line.text)
        if key:
            by_last_word[key.rsplit(" ", 1)[-1]].append((line.page_index, key))
    offsets: Counter[int] = Counter()
    entries: dict[int, tuple[str, int, set[int]]] = {}  # line index: title, page, its pages
    for index, line in enumerate(lines):
        text = line.text.strip()
        # a contents entry is one short line ending in its page number: a long line (a
        # reflowed paragraph) is never tried, so the pattern's search stays cheap
        if len(text) > MAX_CONTENTS_LINE or not _ends_as_contents_entry(text):
            continue
        entry = _CONTENTS_ENTRY.match(text)
        title = _title_key(entry.group("title")) if entry else ""
        if entry is None or len(title.replace(" ", "")) < 4:
            continue
        pages = {
            page
            for page, text in by_last_word[title.rsplit(" ", 1)[-1]]
            if page > line.page_index and text.endswith(title)
        }
        number = int(entry.group("page"))
        offsets.update(number - page for page in pages)
        entries[index] = (entry.group("title"), number, pages)
    if not offsets or offsets.most_common(1)[0][1] < MIN_CONTENTS_ENTRIES:
        return list(lines), []
    offset = offsets.most_common(1)[0][0]
    at_offset = [index for index, (_, number, pages) in entries.items() if number - offset in pages]
    # a table of contents is a run of entries on its page, not a stray line anywhere (an
    # index's `worksheet 19`, a form's `Line 16`)
    per_page = Counter(lines[index].page_index for index in at_offset)
    kept = list(lines)
    events: list[LayoutEvent] = []
    for index in at_offset:
        title, number, _ = entries[index]
        if per_page[lines[index].page_index] >= MIN_CONTENTS_ENTRIES:
            line = lines[index]
            events.append(
                LayoutEvent(Category.PAGE_NUMBER, str(number), line.location, f"{title} {number}")
            )
            # only the number goes: the leaders stay for the step that takes them out of
            # every line alike, so the entry reads as the same entry without its number does
            stripped = line.text.rstrip()
            kept[index] = replace(line, text=stripped[: len(stripped) - len(str(number))])
    return kept, events


def _ends_as_contents_entry(text: str) -> bool:
    """Whether a line ends as `_CONTENTS_ENTRY` needs: at most four digits after a space
    or a leader. Most lines that end in a digit are a table's figures (`1,234`), which
    this tells without the pattern's search.

    >>> [_ends_as_contents_entry(t) for t in ("Rutiner 10", "Rutiner ....10", "1,234", "47699")]
    [True, True, False, False]
    """
    start = len(text)
    while start > 0 and text[start - 1].isdecimal():  # what the pattern's \d takes
        start -= 1
    before = text[start - 1 : start]
    return 0 < len(text) - start <= 4 and (before.isspace() or before in _LEADERS)


_LEADERS = frozenset(".·…_")
"""The characters of a contents entry's dot leaders (`_CONTENTS_ENTRY`)."""


def _title_key(text: str) -> str:
    """A heading or contents title as compared: its number (`3.1`) off, spaces single,
    case folded.

    >>> _CONTENTS_ENTRY.match("Utdrag ur protokoll den 18 april 2013. ........10").groups()
    ('Utdrag ur protokoll den 18 april 2013.', '10')

    >>> _title_key("3.1\tEU:s bestämmelser  om stöd"), _title_key("Förslag till beslut")
    ('eu:s bestämmelser om stöd', 'förslag till beslut')
    """
    return " ".join(_HEADING_NUMBER.sub("", text.strip()).split()).casefold()


_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|s\.|page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*"
    r"(?:(?:av|of|/|\()\s*\d{1,4}\s*\)?)?\s*[-–—]?$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """Recognise page numbers in the forms Swedish documents use.

    >>> [is_page_number(t) for t in ["Sida 2 av 5", "2 (5)", "- 3 -", "4/12", "7"]]
    [True, True, True, True, True]
    >>> is_page_number("1. Omsorgskontorets förslag tillstyrks.")
    False
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


_EMBEDDED_PAGE_NUMBER = re.compile(
    r"(?:sida|sid\.?|s\.|page|p\.)\s*\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4}|\s*\(\s*\d{1,4}\s*\))?"
    r"|\b\d{1,4}\s*\(\s*\d{1,4}\s*\)"
    r"|\b\d{1,4}\s*/\s*\d{1,4}\b"
    r"|^\d{1,4}(?=\s)|(?<=\s)\d{1,4}$"
    # a long running number: a journal's page (`Proposed Rules 47699`), a printer's
    # frame count (`Frm 00006`)
    r"|(?<![\w,.])\d{5,}(?![\w,.])",
    re.IGNORECASE,
)


def furniture_key(text: str) -> str:
    """A header or footer's text with its page number masked, so it recurs page to page.

    Only page-number patterns are masked, not every digit: body lines that differ by a
    number ("sida 1." and "sida 2." in a sentence) must stay different.

    >>> furniture_key("LINKÖPINGS KOMMUN   Sida 2 (5)"), furniture_key("2017-10-02 Dnr OK 123")
    ('LINKÖPINGS KOMMUN #', '2017-10-02 Dnr OK #')
    """
    return _SPACE_RUN.sub(" ", _EMBEDDED_PAGE_NUMBER.sub("#", text.strip()))


_MARKED_PAGE_NUMBER = re.compile(r"\d{1,4}")
PAGE_SERIES = 3
"""A text without form feeds is cut into pages at page-number lines of one form only when
at least this many of them count up page by page."""


def infer_text_pages(lines: Sequence[Line]) -> list[Line]:
    """Give a text that lost its form feeds its pages back, from its page-number lines.

    Text copied out of a PDF, or reflowed, keeps the page furniture but not the breaks:
    `Page 2 of 48` and `-2-` stand between paragraphs, a running title near each. With
    the pages back, furniture is found by recurrence at page edges as in a paged text.
    The page numbers are the lines of one marked form (`Page # of 48`, `-#-`, `Sida #
    (5)`: a bare `7` may be a heading) that count up one by one; the form with most such
    steps wins. Where the first stands tells headers from footers: a page's worth of text
    before `Page 2 of 48` makes it a header, which starts its page; a footer ends it.

    >>> text = ["Title", "Body", "-1-", "Body", "more", "-2-", "Body", "it", "-3-", "End"]
    >>> lines = [Line(t, Location(line=n)) for n, t in enumerate(text, start=1)]
    >>> [line.page_index for line in infer_text_pages(lines)]
    [1, 1, 1, 2, 2, 2, 3, 3, 3, 4]
    >>> lines = [Line(t.replace("-", ""), l.location) for t, l in zip(text, lines)]
    >>> [line.page_index for line in infer_text_pages(lines)]  # bare numbers: maybe headings
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    if any(line.box is not None or line.page_index != 1 for line in lines):
        return list(lines)
    series: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for position, line in enumerate(lines):
        text = line.text.strip()
        if is_page_number(text) and not text.isdigit():
            number = int(_MARKED_PAGE_NUMBER.findall(text)[0])
            series[_MARKED_PAGE_NUMBER.sub("#", text, count=1)].append((position, number))
    steps = {
        form: [
            (before[0], after[0])
            for before, after in itertools.pairwise(members)
            if after[1] == before[1] + 1
        ]
        for form, members in series.items()
    }
    form = max(steps, key=lambda form: len(steps[form]), default="")
    if len(steps.get(form, [])) + 1 < PAGE_SERIES:
        return list(lines)
    marks = sorted({position for step in steps[form] for position in step})
    text_before = sum(bool(line.text.strip()) for line in lines[: marks[0]])
    gaps = [
        sum(bool(line.text.strip()) for line in lines[before:after])
        for before, after in itertools.pairwise(marks)
    ]
    # Before the header numbered n stand n - 1 pages; before the footer numbered n, n.
    first = next(number for position, number in series[form] if position == marks[0])
    page_length = _median(gaps)
    header = abs(text_before - (first - 1) * page_length) < abs(text_before - first * page_length)
    starts = set(marks) if header else {position + 1 for position in marks}
    page = 1
    paged = []
    for position, line in enumerate(lines):
        if position in starts and position:
            page += 1
        paged.append(replace(line, page_index=page))
    return paged


GLUED_WORDS = 12
"""The most words a running header (or footer) glued into a page's first (or last) line
may have."""


def split_glued_page_numbers(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a page's own number out of a word it was glued to, in a text without page
    geometry, and give the word back the hyphen an extractor took away.

    poppler undoes a hyphen at a line end even where the page breaks, and runs the footer
    on: `förbätt-` at the foot of page 2, `Sida 2 (3)` under it and `rad` atop page 3 come
    out as `en förbättSida 2 (3)` and `rad efterlevnad`. A page-number phrase glued to the
    letters before it (`Sida`, `Page`; the page's own number) at one of the page's last
    EDGE_LINES lines is such a case: it comes out as a page number, the line ends in
    `förbätt-` again, and the word is joined as any line-end hyphen is. What follows it on
    its page is the rest of the footer (a contact block under the number), and comes out
    with it.

    >>> lines = [Line("Text", Location(line=1), page_index=1),
    ...          Line("en förbättSida 1 (2)", Location(line=2), page_index=1),
    ...          Line("Kommunen, Storgatan 37", Location(line=3), page_index=1),
    ...          Line("rad efterlevnad, se Sida 3", Location(line=4), page_index=2)]
    >>> kept, events = split_glued_page_numbers(lines)
    >>> [line.text for line in kept]
    ['Text', 'en förbätt-', 'rad efterlevnad, se Sida 3']
    >>> [(event.category.value, event.text) for event in events]
    [('page_number', 'Sida 1 (2)'), ('header_footer', 'Kommunen, Storgatan 37')]
    """
    by_page = _text_pages(lines)
    if by_page is None:
        return list(lines), []
    kept: list[Line | None] = list(lines)
    events: list[LayoutEvent] = []
    for page, positions in by_page.items():
        edge = positions[-EDGE_LINES:]
        for index, position in enumerate(edge):
            line = lines[position]
            glued = _GLUED_PAGE_NUMBER.search(line.text)
            if glued is None or int(glued.group(1)) != page:
                continue
            number = glued.group().strip()
            events.append(_event(Category.PAGE_NUMBER, replace(line, text=number), number))
            kept[position] = replace(line, text=line.text[: glued.start()] + "-")
            for after in edge[index + 1 :]:
                footer = lines[after]
                events.append(_event(Category.HEADER_FOOTER, footer, furniture_key(footer.text)))
                kept[after] = None
            break
    return [line for line in kept if line is not None], events


def _text_pages(lines: Sequence[Line]) -> dict[int, list[int]] | None:
    """The positions of each page's non-blank lines, in a text without page geometry;
    None for a PDF, whose lines the geometric steps handle."""
    if any(line.box is not None for line in lines):
        return None
    by_page: dict[int, list[int]] = defaultdict(list)
    for position, line in enumerate(lines):
        if line.text.strip():
            by_page[line.page_index].append(position)
    return by_page


_GLUED_PAGE_NUMBER = re.compile(
    r"(?<=[^\W\d_])(?:Sida|Sid\.|Page)\s*(\d{1,4})"
    r"(?:\s*(?:av|of|/)\s*\d{1,4}|\s*\(\s*\d{1,4}\s*\))?\s*$"
)
"""A page-number phrase run onto the letters of a word (`förbättSida 2 (3)`)."""


def split_glued_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a running header out of the page's first line it was glued into (and a footer
    out of the last), in a text without page geometry.

    Text copied out of a PDF and reflowed runs the next page's header into the sentence
    that crosses the break: `The Digital Millennium Copyright Act of 1998 reasonable
    nondiscriminatory terms`; a title set in the outer margin beside the body's first line
    closes that line (`sjöfartens betydelse- Prop. 2012/13:144`). A page's first line opens
    (or closes) with a header when the same words
    (page numbers masked) stand as a line of their own at the top of another page and open
    the top line of at least half the pages (SURE_RECURRENCE at least): the words are
    taken out as the header, and the sentence goes on; where it stands alone, the whole
    line is. A header with a word changed (`Copyight`) is no such line and stays, for the
    other side to explain.

    >>> pages = [["Act of 1998", "Body one."], ["Act of 1998 body two", "goes on."],
    ...          ["Act of 1998 body three", "ends."]]
    >>> lines = [Line(text, Location(line=n), page_index=page)
    ...          for page, texts in enumerate(pages, 1) for n, text in enumerate(texts)]
    >>> kept, events = split_glued_furniture(lines)
    >>> [line.text for line in kept]
    ['', 'Body one.', 'body two', 'goes on.', 'body three', 'ends.']
    >>> [event.text for event in events]
    ['Act of 1998', 'Act of 1998', 'Act of 1998']
    """
    by_page = _text_pages(lines)
    if by_page is None:
        return list(lines), []
    if len(by_page) < SURE_RECURRENCE:
        return list(lines), []
    needed = max(SURE_RECURRENCE, len(by_page) // 2)
    cuts: dict[int, tuple[int, int]] = {}  # position: the glued words' character range
    # A header beside the body's first line (in the outer margin) is read after it: the
    # words may close the page's first line as well as open it, and a footer likewise.
    for edge, opening in itertools.product((0, -1), (True, False)):
        ends = [positions[edge] for positions in by_page.values()]
        found = _glued_lines(lines, ends, opening=opening, needed=needed)
        for position, cut in found.items():
            cuts.setdefault(position, cut)
    if not cuts:
        return list(lines), []
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for position, line in enumerate(lines):
        if position not in cuts:
            kept.append(line)
            continue
        start, end = cuts[position]
        glued = line.text[start:end].strip()
        events.append(
            _event(Category.HEADER_FOOTER, replace(line, text=glued), furniture_key(glued))
        )
        kept.append(replace(line, text=(line.text[:start] + line.text[end:]).strip()))
    return kept, events


def _glued_lines(
    lines: Sequence[Line], ends: list[int], opening: bool, needed: int
) -> dict[int, tuple[int, int]]:
    """The lines among `ends` (each page's first or last) that open (or close) with a
    running line seen alone at that edge of another page: their glued words' ranges."""
    alone = {furniture_key(lines[position].text) for position in ends}
    spans: dict[int, dict[str, tuple[int, int]]] = {}
    pages_with: Counter[str] = Counter()
    for position in ends:
        text = lines[position].text
        words = list(re.finditer(r"\S+", text))
        found: dict[str, tuple[int, int]] = {}
        # Two words at least: one word opening many pages is no evidence of a header.
        for count in range(2, min(GLUED_WORDS, len(words)) + 1):
            part = words[:count] if opening else words[-count:]
            start, end = part[0].start(), part[-1].end()
            key = furniture_key(text[start:end])
            if key in alone and _WORD_IN_KEY.search(key):
                found[key] = (start, end)
        spans[position] = found
        pages_with.update(found.keys())
    glued: dict[int, tuple[int, int]] = {}
    for position, found in spans.items():
        running = [key for key in found if pages_with[key] >= needed]
        if running:
            longest = max(running, key=lambda key: found[key][1] - found[key][0])
            glued[position] = found[longest]
    return glued


_WORD_IN_KEY = re.compile(r"[^\W\d_]{2}")


EDGE_LINES = 4
"""How many rows at the top and the bottom of a page can be running headers or footers."""

SURE_RECURRENCE = 3
"""A line recurring at a page edge on this many pages is furniture even where nothing sets
it apart from the body; on two pages it must be set apart (a blank line, a wider gap)."""


Rows = list[tuple[int, ...]]


@dataclass(frozen=True)
class _Zone:
    """The rows at one edge of one page, outermost first, and whether a gap (a blank line in
    a text file, a wider space in a PDF) sets each one apart from the body."""

    name: str
    rows: tuple[tuple[int, ...], ...]
    apart: tuple[bool, ...]
    gaps: tuple[bool, ...]
    """Whether a gap lies right after each row, towards the body."""


def remove_page_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take out page numbers and running headers and footers; mark other edge lines.

    Furniture is peeled off each page from its top and bottom edge inwards, row by row,
    as long as each row is furniture: a page number, or a line whose text (page numbers
    masked) recurs in that edge zone on at least half of the pages (and two), is set apart
    from the body on at least one of them (a blank line in a text file, a wider gap in a
    PDF), and never occurs in the body of a page (text that does is content, such as a
    repeated table row). A line that recurs on only two pages must be set apart on both.

    Edge rows that are not recognised but are set apart from the body (on a page of a
    paged text, or in a PDF page's margin band: a first page's own footer, a header on a
    one-page document) are kept but marked `edge`: the other document decides about them
    (see `classify`).

    The evidence, besides recurrence: a row of several lines recurs as a whole row (a
    header read as one line on one page and two on the next); a row in the margin band in
    smaller type is set apart even without a wider gap; lines beyond an explicit page
    number (`Sida 1 (2)`) are edge lines; a line at one depth on every page (but perhaps the
    first) is furniture even where the body holds it too (a case number in the header and
    the memo's head).
    """
    by_page: dict[int, list[int]] = defaultdict(list)
    vertical: list[int] = []
    for position, line in enumerate(lines):
        if _is_vertical(line):
            vertical.append(position)
        elif line.text.strip():
            by_page[line.page_index].append(position)
    zones = [zone for positions in by_page.values() for zone in _zones(lines, positions)]
    keys = {
        position: furniture_key(lines[position].text)
        for zone in zones
        for row in zone.rows
        for position in row
    }
    row_keys = {row: _row_key(lines, row) for zone in zones for row in zone.rows if len(row) > 1}
    pages_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    ever_apart: set[tuple[str, str]] = set()
    depths: dict[tuple[str, str], set[int]] = defaultdict(set)
    for zone in zones:
        for depth, (row, apart) in enumerate(zip(zone.rows, zone.apart, strict=True)):
            row_key = [row_keys[row]] if row in row_keys else []
            for key in [keys[position] for position in row] + row_key:
                pages_with[(zone.name, key)].add(lines[row[0]].page_index)
                depths[(zone.name, key)].add(depth)
                if apart:
                    ever_apart.add((zone.name, key))
    needed = max(2, len(by_page) // 2)
    # A line seen on fewer than SURE_RECURRENCE pages must also stand at the same depth
    # from the edge on each: body text that happens to open two pages alike does not.
    recurring = {
        key: len(pages)
        for key, pages in pages_with.items()
        if len(pages) >= needed
        and key in ever_apart
        and (len(pages) >= SURE_RECURRENCE or len(depths[key]) == 1)
    }
    # A running title recurring at one edge is furniture at the other edge too where it
    # stands there, set apart, on SURE_RECURRENCE pages: a footer repeating the header's
    # title, which one extractor left mid-page on many pages (the foot alone then holds
    # it on too few pages to count).
    for (name, key), pages in pages_with.items():
        opposite = ("bottom" if name == "top" else "top", key)
        if (
            opposite in recurring
            and (name, key) not in recurring
            and (name, key) in ever_apart
            and len(pages) >= SURE_RECURRENCE
        ):
            recurring[(name, key)] = len(pages)
    # A line at one depth from the edge of every page (a header's case number) is the
    # page's furniture even where the body also holds it (the same number in the memo's
    # head on page 1); other recurring lines that the body holds are content (a table's
    # repeated row). A title page often has no running header: it may be the one without.
    later_pages = set(list(by_page)[1:])
    framing = {
        key
        for key in recurring
        if pages_with[key] >= later_pages and len(depths[key]) == 1 and min(depths[key])
    }
    in_body = _keys_in_body(lines, set(keys), {key for _, key in recurring}) - {
        key for _, key in framing
    }
    furniture: dict[int, Category] = {}
    glued: dict[int, tuple[str, str]] = {}  # position: (the body's text, the header's)
    edges: set[int] = set()
    page_zones = list(zip(zones[0::2], zones[1::2], strict=True))  # top and bottom zones
    broken_at_foot = [
        any(_WORD_BROKEN_AT_END.search(lines[p].text) for row in bottom.rows for p in row)
        for _, bottom in page_zones
    ]
    for page, (zone_pair, positions) in enumerate(zip(page_zones, by_page.values(), strict=True)):
        peeled: list[dict[int, Category]] = []
        body_height = _usual_height(lines, positions)
        continued = page > 0 and broken_at_foot[page - 1]
        for zone in zone_pair:
            peeled.append({})
            weak: list[int] = []  # depths of peeled rows only a gap further in vouches for
            past_number = False  # a page number peeled: the body frame's edge is reached
            for depth, (row, apart) in enumerate(zip(zone.rows, zone.apart, strict=True)):
                # The word the last page broke off goes on here, at the top of the body.
                if continued and zone is zone_pair[0] and lines[row[0]].text[:1].islower():
                    break
                small = _small_in_margin(lines, row, body_height)
                kinds = _row_kinds(
                    lines,
                    row,
                    row_keys.get(row),
                    keys,
                    zone.name,
                    apart or small,
                    recurring,
                    in_body,
                )
                if not all(kinds):
                    beside = _header_beside_body(lines, row, keys, zone.name, recurring, in_body)
                    if beside:
                        peeled[-1].update(beside)
                        break
                    frame = _page_number_depth(lines, zone, depth)
                    if frame is not None:
                        edges.update(p for outer in zone.rows[depth:frame] for p in outer)
                        continue
                    # Inside a page number, lines in the body's type are the body's, even
                    # in the margin band (an A4 page's last paragraph); smaller type there
                    # is still a footer of the page's own.
                    if not past_number or small:
                        edges.update(_edge_block(lines, zone, depth, len(by_page), body_height))
                    break
                past_number = past_number or Category.PAGE_NUMBER in kinds
                peeled[-1].update((p, kind) for p, kind in zip(row, kinds, strict=True) if kind)
                recurrence = max(
                    recurring.get((zone.name, key), 0)
                    for key in [keys[p] for p in row] + [row_keys.get(row, "")]
                )
                sure = small or Category.PAGE_NUMBER in kinds or recurrence >= SURE_RECURRENCE
                weak = [] if sure or zone.gaps[depth] else [*weak, depth]
            # Rows taken as furniture because a gap lies further in must reach that gap
            # through furniture: on short pages that open alike ("Andreas ... bakgrund"
            # twice), the body's first lines recur too, with no gap after them.
            for depth in weak:
                for position in zone.rows[depth]:
                    peeled[-1].pop(position, None)
        _keep_some_body(peeled, positions, lines, keys)
        for found in peeled:
            furniture.update(found)
        for zone in zone_pair:
            glued.update(_glued_cells(lines, zone, furniture, keys, recurring, in_body))
    furniture.update(_margin_furniture(lines, vertical, needed))
    keys.update((position, furniture_key(lines[position].text)) for position in vertical)
    edges.update(position for position in vertical if position not in furniture)
    edges -= furniture.keys()
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for position, line in enumerate(lines):
        if position in furniture:
            events.append(_event(furniture[position], line, key=keys[position]))
        elif position in glued:
            body, header = glued[position]
            events.append(
                _event(Category.HEADER_FOOTER, replace(line, text=header), furniture_key(header))
            )
            kept.append(replace(line, text=body))
        elif position in edges:
            kept.append(replace(line, edge=True))
        else:
            kept.append(line)
    return kept, events


SIDE_HEADER = SURE_RECURRENCE
"""A running header that shares its baseline with the body's first line (in the outer
margin, beside it) counts only where it recurs, alone, on this many pages."""


def _header_beside_body(
    lines: Sequence[Line],
    row: tuple[int, ...],
    keys: dict[int, str],
    zone: str,
    recurring: dict[tuple[str, str], int],
    in_body: set[str],
) -> dict[int, Category]:
    """The running headers in an edge row that also holds body text, beside it.

    A book-like page sets its running title in the outer margin at the height of the
    body's first line (`Prop. 2012/13:144` left on even pages, right on odd ones), so the
    row is half header, half body. The header is its own line there, recurring on
    SIDE_HEADER pages at that edge and never in the body; the body's line stays.
    """
    found = {
        position: Category.HEADER_FOOTER
        for position in row
        if keys[position] not in in_body
        and recurring.get((zone, keys[position]), 0) >= SIDE_HEADER
        and not is_page_number(lines[position].text)
        and _WORD_IN_KEY.search(keys[position])
    }
    return found if len(found) < len(row) else {}


def _glued_cells(
    lines: Sequence[Line],
    zone: _Zone,
    furniture: Mapping[int, Category],
    keys: dict[int, str],
    recurring: dict[tuple[str, str], int],
    in_body: set[str],
) -> dict[int, tuple[str, str]]:
    """The outermost body line of a zone whose first or last cell is a running header.

    Where the running title and the body's first line lie on one baseline and close
    enough, the reader joins them as two cells of one line
    (`… sjöfartens betydelse-\tProp. 2012/13:144`); the cell is the header all the
    same, where it recurs alone on SIDE_HEADER pages. Returns (body text, header text).
    """
    for row in zone.rows:
        if all(position in furniture for position in row):
            continue
        found: dict[int, tuple[str, str]] = {}
        for position in row:
            cells = lines[position].text.split("\t")
            if len(cells) < 2 or position in furniture:
                continue
            for header, rest in ((cells[0], cells[1:]), (cells[-1], cells[:-1])):
                key = furniture_key(header)
                if (
                    key not in in_body
                    and _WORD_IN_KEY.search(key)
                    and recurring.get((zone.name, key), 0) >= SIDE_HEADER
                ):
                    found[position] = ("\t".join(rest).strip(), header.strip())
                    break
        return found
    return {}


HEADING_CELL = 30
"""Characters at most in each cell of a table's heading row (`Description`, `NIST §`)."""

HEADING_WORDS = 3
"""Words at least in a heading row: one or two short words recur at a page's top by chance."""


def remove_repeated_table_headings(
    lines: Sequence[Line],
) -> tuple[list[Line], list[LayoutEvent]]:
    """Take out a table's heading row that a PDF repeats at the top of each page the table
    runs on to; the Word file or web page that set the table holds it once.

    The row that opens a page's body (the lines on its first line's baseline) is such a
    heading where it is a row of short cells (`#`, `Description`, `L1`, `L2`, `L3  CWE`:
    each at most HEADING_CELL characters, HEADING_WORDS words in all), the same row
    stands on an earlier page, and the page before ends inside a table (see
    `_ends_in_table_rows`): a table that begins at the top of a page after prose keeps
    its own heading.
    """
    by_page: dict[int, list[int]] = defaultdict(list)
    for position, line in enumerate(lines):
        if line.box is not None and line.text.strip():
            by_page[line.page_index].append(position)
    page_rows = {page: _pdf_rows(lines, positions)[0] for page, positions in by_page.items()}
    seen: dict[str, int] = {}  # a heading-like row's key: the first page it stands on
    for page, rows in sorted(page_rows.items()):
        for row in rows:
            if key := _heading_row_key(lines, row):
                seen.setdefault(key, page)
    repeated: dict[int, str] = {}
    for page, positions in by_page.items():
        first = positions[0]
        row = next(row for row in page_rows[page] if first in row)
        key = _heading_row_key(lines, row)
        previous = page_rows.get(page - 1, [])
        if key and seen[key] < page and _ends_in_table_rows(lines, previous):
            repeated.update((position, key) for position in row)
    if not repeated:
        return list(lines), []
    events = [
        _event(Category.HEADER_FOOTER, lines[position], key)
        for position, key in sorted(repeated.items())
    ]
    return [line for position, line in enumerate(lines) if position not in repeated], events


TABLE_FOOT_ROWS = 6
"""The lowest rows of a page among which a row of several cells shows that a table runs
on over the page's foot."""


def _ends_in_table_rows(lines: Sequence[Line], rows: Sequence[tuple[int, ...]]) -> bool:
    """Whether a page's body (its rows, top to bottom) ends inside a table: among its
    lowest rows is one of several cells side by side (a requirement's text, `✓ ✓`,
    `320`), not a list's bullet beside its item. A page that ends in prose has a table
    begin on the next page, with its own heading row."""
    return any(
        sum(len(lines[position].text.strip()) > 1 for position in row) > 1
        for row in rows[-TABLE_FOOT_ROWS:]
    )


def _heading_row_key(lines: Sequence[Line], row: Sequence[int]) -> str:
    """A row's cells left to right as one text, if it may be a table's heading row."""
    ordered = sorted(row, key=lambda position: _box(lines[position]).x0)
    cells = [cell.strip() for p in ordered for cell in lines[p].text.split("\t")]
    if len(cells) < 2 or any(len(cell) > HEADING_CELL for cell in cells):
        return ""
    key = " ".join(" ".join(cells).split())
    return key if len(key.split()) >= HEADING_WORDS else ""


def _margin_furniture(
    lines: Sequence[Line], vertical: list[int], needed: int
) -> dict[int, Category]:
    """Vertical text in a page's side margin that recurs, masked, on `needed` pages.

    Text running up the margin (a typesetter's tag on every page of the Federal Register,
    `jbell on DSKJLSW7X2PROD with PROPOSALS`) is no row of the page: its box is as tall as
    several body lines, so it stands at neither edge. It is furniture by recurrence alone;
    the rest (a figure's label) is kept as an edge line for the other document to decide.
    """
    pages: dict[str, set[int]] = defaultdict(set)
    for position in vertical:
        pages[furniture_key(lines[position].text)].add(lines[position].page_index)
    return {
        position: Category.HEADER_FOOTER
        for position in vertical
        if len(pages[furniture_key(lines[position].text)]) >= needed
    }


MARGIN = 0.15
"""The share of a PDF page's height at its top and bottom where headers and footers live."""


def _in_margin(line: Line) -> bool:
    """Whether a PDF line lies in the top or bottom margin band of its page."""
    if line.box is None or not line.page_height:
        return False
    return line.box.y0 > (1 - MARGIN) * line.page_height or line.box.y1 < MARGIN * line.page_height


def _page_number_depth(lines: Sequence[Line], zone: _Zone, depth: int) -> int | None:
    """The depth of the first page-number row further in than `depth`, if any.

    A page number marks the page's frame: what lies between it and the edge (a first
    page's contact block under `Sida 1 (2)`) is outside the body, even with no gap before
    it, as in text copied out of a PDF.
    """
    for inner in range(depth + 1, len(zone.rows)):
        texts = [lines[p].text.strip() for p in zone.rows[inner]]
        # A bare number further in may be a line of the body (`08` ending a date); only
        # a page number that says what it is (`Sida 1 (2)`, `3 av 5`) marks the frame.
        if all(is_page_number(text) and not text.isdigit() for text in texts):
            return inner
    return None


def _edge_block(
    lines: Sequence[Line], zone: _Zone, depth: int, pages: int, body_height: float = 0.0
) -> list[int]:
    """The rows from `depth` to the first gap of a zone, if they may be page furniture:
    on a page of a paged text, or all in a PDF page's margin band. Rows with no gap after
    them before the zone ends run on into the body and are not set apart. Sentences in
    the page's usual type (`body_height`) are the body's (`_reads_as_body`)."""
    if lines[zone.rows[depth][0]].box is None:
        # A paged text: blank lines separate every paragraph, so the band reaches the
        # last blank line within the zone (a header, a blank line, a case number ...),
        # short of a paragraph written on one line (a reflowed text's body).
        block: list[int] = []
        for row, apart in zip(zone.rows[depth:], zone.apart[depth:], strict=True):
            if any(len(lines[p].text) > LONGEST_FURNITURE for p in row):
                break
            if apart:
                block.extend(row)
        return block if pages > 1 else []
    # A PDF: the first clearly wider gap is the edge of the body frame.
    end = next((index for index in range(depth, len(zone.rows)) if zone.gaps[index]), None)
    if end is None:
        return []  # no gap within the zone: the rows run on into the body
    block = [p for row in zone.rows[depth : end + 1] for p in row]
    inner = zone.rows[end + 1] if end + 1 < len(zone.rows) else ()
    if {lines[p].block for p in zone.rows[end]} & {lines[p].block for p in inner}:
        return []  # the gap falls inside one text box (a title wrapped over two lines)
    if _reads_as_body(lines, block, body_height):
        return []  # sentences in the body's type: the body's first (or last) paragraph
    return block if all(_in_margin(lines[p]) for p in block) else []


LONGEST_FURNITURE = 200
"""Characters at most in a text's line of page furniture: a running header or footer,
even a printer's slug of fields, is shorter; a paragraph written on one line is longer."""

BODY_WORDS = 12
"""Words at least in an edge block that reads as the body's text: a header, a footer or
a contact line is shorter (`Kungsbacka kommun, 434 81 Kungsbacka · ...` is a line of
fields, with no sentence)."""


def _reads_as_body(lines: Sequence[Line], block: list[int], body_height: float) -> bool:
    """Whether PDF lines at a page's edge are a paragraph of the body, not furniture:
    at least BODY_WORDS words, ending a sentence, not in smaller type than the page's
    usual (`body_height`).

    A one-page memo's opening paragraph stands in the top band under the header; the
    other version may lack it (deleted), and must not then be told it is a header.
    """
    text = " ".join(lines[p].text.strip() for p in block)
    if len(text.split()) < BODY_WORDS or not text.rstrip().endswith((".", "!", "?", ":")):
        return False
    return all(_box(lines[p]).height > SMALLER_TYPE * body_height for p in block)


def _keep_some_body(
    peeled: list[dict[int, Category]],
    positions: list[int],
    lines: Sequence[Line],
    keys: dict[int, str],
) -> None:
    """A page is never all furniture by masked recurrence alone: a body line that recurs
    only because a number in it was masked ("Brödtext på sida 2.") is given back, innermost
    first, while the peeled rows would cover the whole page."""
    for found in peeled:
        masked = [
            p
            for p in found
            if found[p] is Category.HEADER_FOOTER and keys[p] != lines[p].text.strip()
        ]
        while masked and len(set().union(*peeled)) >= len(positions):
            position = masked.pop()
            for other in peeled:
                other.pop(position, None)


SMALLER_TYPE = 0.9
"""A line whose height is at most this share of its page's usual line height is set in
smaller type than the body (headers and footers usually are: 7.5 pt under 9.5 pt)."""


def _usual_height(lines: Sequence[Line], positions: list[int]) -> float:
    """The median height of a PDF page's lines (0 for a text file)."""
    heights = [lines[p].box.y1 - lines[p].box.y0 for p in positions if lines[p].box is not None]  # type: ignore[union-attr]
    return _median(heights) if heights else 0.0


def _small_in_margin(lines: Sequence[Line], row: tuple[int, ...], body_height: float) -> bool:
    """Whether a PDF row lies in the page's margin band in smaller type than the body.

    That sets it apart as well as a wide gap does: on a page of headings and short
    paragraphs the gap under a running header is no wider than the gaps between
    paragraphs, but the header is still small and at the edge.
    """
    if not body_height:
        return False
    return all(
        _in_margin(lines[p]) and _box(lines[p]).y1 - _box(lines[p]).y0 <= SMALLER_TYPE * body_height
        for p in row
    )


def _row_key(lines: Sequence[Line], row: tuple[int, ...]) -> str:
    """The furniture key of a row of several lines read left to right as one line.

    One producer's header `KUNGSBACKA KOMMUN` ... `IF-2025-00003` comes out of the reader
    as one line on one page and as two lines on the next (how the pieces of a line are
    joined depends on the rest of the page), so recurrence is counted for the whole row
    as well as for each of its lines.
    """
    ordered = sorted(row, key=lambda position: _box(lines[position]).x0)
    return furniture_key(" ".join(lines[position].text.strip() for position in ordered))


def _row_kinds(
    lines: Sequence[Line],
    row: tuple[int, ...],
    row_key: str | None,
    keys: dict[int, str],
    zone: str,
    apart: bool,
    recurring: dict[tuple[str, str], int],
    in_body: set[str],
) -> list[Category | None]:
    """What each line of an edge row is: the whole row when it recurs as a row, else each
    line on its own (a page number beside a title that changes, for instance)."""
    if row_key is not None and row_key not in in_body:
        kind = _furniture_kind(row_key, recurring.get((zone, row_key), 0), apart)
        if kind is not None:
            return [kind] * len(row)
    return [
        _furniture_kind(lines[p].text, recurring.get((zone, keys[p]), 0), apart)
        if keys[p] not in in_body
        else None
        for p in row
    ]


_WORD_BROKEN_AT_END = re.compile(r"[a-zåäöéü]-$")


def _furniture_kind(text: str, recurrence: int, apart: bool) -> Category | None:
    """What an edge line is: a page number, a running header or footer, or neither.

    A line that ends in a word broken by a hyphen (`bakg-`) runs on into the next line:
    it is body text, however alike the pages open or close.
    """
    if is_page_number(text):
        return Category.PAGE_NUMBER
    if _WORD_BROKEN_AT_END.search(text):
        return None
    if recurrence >= SURE_RECURRENCE or (recurrence and apart):
        return Category.HEADER_FOOTER
    return None


def _keys_in_body(lines: Sequence[Line], edge: set[int], candidates: set[str]) -> set[str]:
    """Which candidate header keys also occur in the body of a page.

    Only body lines as long as a candidate (give or take a page number) can match one, so
    only those are masked: masking every line of a long document costs more than the rest.
    """
    if not candidates:
        return set()
    lengths = {len(candidate) for candidate in candidates}
    longest, shortest = max(lengths) + 12, max(min(lengths) - 2, 0)
    found: set[str] = set()
    for position, line in enumerate(lines):
        text = line.text.strip()
        if position in edge or not shortest <= len(text) <= longest:
            continue
        key = furniture_key(text)
        if key in candidates:
            found.add(key)
    return found


def _zones(lines: Sequence[Line], positions: list[int]) -> list[_Zone]:
    """The top and bottom zones of one page (its lines with text, in reading order)."""
    rows: Rows
    if lines[positions[0]].box is None:
        rows = [(position,) for position in positions]
        gaps = [
            any(not lines[p].text.strip() for p in range(upper[0] + 1, lower[0]))
            for upper, lower in itertools.pairwise(rows)
        ]
    else:
        rows, gaps = _pdf_rows(lines, positions)
    top = rows[:EDGE_LINES]
    bottom = rows[::-1][:EDGE_LINES]
    top_apart = _apart(gaps, len(top))
    bottom_apart = _apart(gaps[::-1], len(bottom))
    padded = [*gaps, False]
    return [
        _Zone("top", tuple(top), top_apart, tuple(padded[: len(top)])),
        _Zone("bottom", tuple(bottom), bottom_apart, tuple([*gaps[::-1], False][: len(bottom)])),
    ]


def _apart(gaps: list[bool], count: int) -> tuple[bool, ...]:
    """For each of the first `count` rows, whether a gap follows it or a row further in.

    >>> _apart([False, True, False, False], 4)
    (True, True, False, False)
    """
    result = []
    for index in range(count):
        result.append(any(gaps[index:EDGE_LINES]))
    return tuple(result)


VERTICAL = 3.0
"""A line whose box is this many times taller than wide, with a few letters, runs up the page."""


def _is_vertical(line: Line) -> bool:
    """Whether a PDF line runs up or down the page (read from rotated glyphs).

    A one-letter line is as tall as wide or taller by nature; only a run of several
    letters standing up is vertical text.
    """
    box = line.box
    if box is None:
        return False
    return len(line.text.strip()) >= 3 and box.height > VERTICAL * max(box.width, 0.1)


WIDER_GAP = 1.3
"""A vertical gap this many times the page's usual gap between rows sets rows apart."""


def _pdf_rows(
    lines: Sequence[Line], positions: list[int]
) -> tuple[list[tuple[int, ...]], list[bool]]:
    """A PDF page's lines grouped into rows (one baseline, top to bottom), and for each
    pair of neighbouring rows whether a clearly wider gap than usual lies between them.

    Lines on one baseline form a row (a header with text left and right).
    """
    rows: list[list[int]] = []
    for position in sorted(positions, key=lambda p: -_box(lines[p]).y1):
        if rows and abs(_box(lines[rows[-1][0]]).y0 - _box(lines[position]).y0) < 2.0:
            rows[-1].append(position)
        else:
            rows.append([position])
    distances = [
        _box(lines[upper[0]]).y0 - _box(lines[lower[0]]).y0
        for upper, lower in itertools.pairwise(rows)
    ]
    usual = _median(distances) if distances else 0.0
    return [tuple(row) for row in rows], [distance > WIDER_GAP * usual for distance in distances]


# --------------------------------------------------------------------------------------
# 3. Paragraph steps
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """Lines that belong to one paragraph, before unwrapping."""

    lines: tuple[Line, ...]


def split_text_blocks(lines: Sequence[Line]) -> list[Block]:
    """In a text file, blank lines and page breaks (form feeds) separate paragraphs.

    Inside a block of hard-wrapped lines, an indented line after an unindented one starts
    a paragraph (the first-line indent convention), and so does the line after a short one
    that ends a sentence.
    """
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if not line.text.strip() or (
            current and (line.page_index != current[-1].page_index or line.edge != current[-1].edge)
        ):
            if current:
                blocks.extend(_split_wrapped_text(current))
            current = [line] if line.text.strip() else []
            continue
        current.append(line)
    if current:
        blocks.extend(_split_wrapped_text(current))
    return blocks


SHORT_TEXT_LINE = 0.6
"""A text line shorter than this share of its block's longest line may end a paragraph."""


def _split_wrapped_text(lines: list[Line]) -> list[Block]:
    """Split one blank-line-separated block at indents and at short sentence-final lines."""
    widest = max(len(line.text.rstrip()) for line in lines)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if current:
            previous = current[-1].text
            indented = _indent(line.text) > _indent(previous)
            short_end = (
                len(lines) >= 3
                and len(previous.rstrip()) < SHORT_TEXT_LINE * widest
                and previous.rstrip().endswith(_TERMINAL)
            )
            if indented or short_end:
                blocks.append(Block(tuple(current)))
                current = []
        current.append(line)
    blocks.append(Block(tuple(current)))
    return blocks


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


SHORT_LINE = 0.85
"""A PDF line that ends before this share of the column width ends its paragraph."""


def split_pdf_blocks(lines: Sequence[Line]) -> list[Block]:
    """In a PDF, a paragraph ends at a new layout box, after a short line, or before an indent.

    pdfminer already puts lines with a larger vertical gap into separate boxes. Inside a
    box, a line that stops well before the column's right edge (a heading, the last line
    of a justified paragraph, a signature) ends the paragraph, and so does a line followed
    by an indented first line.
    """
    right_edges = _column_right_edges(lines)
    block_edges: dict[int | None, float] = {}
    for line in lines:
        if line.box is not None:
            block_edges[line.block] = max(block_edges.get(line.block, 0.0), line.box.x1)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if current and _starts_new_pdf_paragraph(current[-1], line, right_edges, block_edges):
            blocks.append(Block(tuple(current)))
            current = []
        current.append(line)
    if current:
        blocks.append(Block(tuple(current)))
    return blocks


def _starts_new_pdf_paragraph(
    previous: Line,
    line: Line,
    right_edges: Mapping[int, float],
    block_edges: Mapping[int | None, float],
) -> bool:
    """Whether `line` begins a paragraph after `previous`. On a page where no right edge is
    common to many lines (a page of figures with a few lines of text between them), a
    line is short against the widest line of its own block, not against the page."""
    if (
        line.block != previous.block
        or line.page_index != previous.page_index
        or line.edge != previous.edge
    ):
        return True
    before, box = _box(previous), _box(line)
    right_edge = right_edges.get(line.page_index, block_edges.get(line.block, before.x1))
    column_width = max(right_edge - before.x0, 1.0)
    if before.x1 < before.x0 + SHORT_LINE * column_width:
        return True
    indent = box.x0 - before.x0
    return indent > 1.5 * max(box.height, 1.0)


def _column_right_edges(lines: Sequence[Line]) -> dict[int, float]:
    """Per page, the right edge most lines reach (justified text), where at least three do."""
    by_page: dict[int, list[float]] = defaultdict(list)
    for line in lines:
        if line.box is not None:
            by_page[line.page_index].append(round(line.box.x1))
    edges: dict[int, float] = {}
    for page, rights in by_page.items():
        common, count = Counter(rights).most_common(1)[0]
        if count >= 3:
            edges[page] = float(common)
    return edges


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
    # in batches, not the whole text: a 478-page document's words as one list took 17 MB.
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
    478-page document's words took 2.6 MB on the way.

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
    >>> join_at_line_end("personupp-", "gifter och", known={"personuppgifter": 1})
    ('', <Category.HYPHENATION: 'hyphenation'>)
    >>> join_at_line_end("in-", "tresse och det", known={"tresse": 1, "och": 9})
    ('', <Category.HYPHENATION: 'hyphenation'>)
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
    if len(words_after) > 1 and words_after[1].lower() in CONJUNCTIONS - {"som", "till"}:
        # `barn-` / `äldre och ...` is a hanging hyphen, but `personupp-` / `gifter och`
        # is a broken word: the document uses `personuppgifter` elsewhere. So is `in-` /
        # `tresse och`: `tresse` is no word the document uses but here (a vocabulary is
        # needed to tell; a series of hanging parts, `äldre- och`, stays).
        letters = _LETTERS.match(first)
        fragment = letters.group().lower() if letters else ""
        known_whole = (stem + fragment).lower() in known
        fragment_only_here = bool(known) and 0 < known.get(fragment, 0) < 2
        if not fragment or first.endswith("-") or not (known_whole or fragment_only_here):
            return " ", Category.LINE_BREAK
    if stem.isupper() or stem.isdigit():
        return "", Category.LINE_BREAK
    return "", Category.HYPHENATION


_DASHED_NUMBER = re.compile(r"[-\u2010]\d+[-\u2010]")
"""A number between dashes (`-0-`, the tax forms' `enter -0-`; `-3-`, a page number):
whole, not a number broken at the line's end."""

_NO_NEIGHBOURS: Mapping[int, Collection[int]] = MappingProxyType({})
_NOTHING_OVERLAID: Mapping[int, Location] = MappingProxyType({})


@dataclass
class _Builder:
    """Accumulates a paragraph's clean text and its source map.

    The text is kept as pieces (joined once, at the end) and `last` is the latest line:
    every join decision needs only the end of the text, and rebuilding or splitting the
    whole paragraph at each line made long documents quadratic.
    """

    pieces: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the `id` of each span's line
    length: int = 0
    last: str = ""
    edge: bool = True
    page: int = 0  # the page index of its latest line

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def add(
        self,
        separator: str,
        piece: str,
        location: Location,
        free: bool = False,
        line: int = 0,
        over: Location | None = None,
    ) -> None:
        self.lines.append(line)
        start = self.length + len(separator)
        if separator:
            self.pieces.append(separator)
        self.pieces.append(piece)  # a paragraph of one line is that line's text, not a copy
        self.length = start + len(piece)
        self.last = piece
        self.spans.append(Span(start, self.length, location, free, over=over))

    def compact(self) -> None:
        """Join the pieces into one string: a paragraph's pieces (one string a line, 50
        bytes each beside its text) cost nearly twice its text while they wait to be
        joined, 4 MB of a 478-page PDF's paragraphs. A compacted paragraph may still go on
        (the next page's body continuing it): its text simply starts as one piece."""
        if len(self.pieces) > 1:
            self.pieces = [self.text]

    def drop_last_character(self) -> None:
        """Remove a line-end hyphen that only broke a word, keeping the map consistent."""
        self.pieces[-1] = self.pieces[-1][:-1]
        self.last = self.pieces[-1]
        self.length -= 1
        last = self.spans[-1]
        self.spans[-1] = replace(last, end=min(last.end, self.length))


def unwrap(
    blocks: Iterable[Block],
    known: Mapping[str, int] = _NO_WORDS,
    free: Mapping[int, Collection[int]] = _NO_NEIGHBOURS,
    overlaid: Mapping[int, Location] = _NOTHING_OVERLAID,
) -> tuple[list[Paragraph], list[LayoutEvent]]:
    """Turn blocks into paragraphs: join lines, undo line-end hyphens, join continued blocks.

    A block that continues the sentence its predecessor broke off (across a page break or
    an extraction gap) is joined to it. Each line's span is `free` when the line's `id`
    is in `free` (`lines_beside_other_text`, which maps it to the lines it stands
    beside), and `inset` when one of those ended in its own paragraph. A line printed
    over another (`overlaid`, `overlaid_lines`) has a span for each of its words, free,
    each knowing the line it stands over (`Span.over`).
    """
    paragraphs: list[_Builder] = []
    events: list[LayoutEvent] = []
    previous_line: Line | None = None
    last_body: _Builder | None = None  # the latest paragraph not at a page edge
    for block in blocks:
        cleaned = [
            (line, _words_apart(parts) if id(line) in overlaid else parts)
            for line in block.lines
            if (parts := line_units(line.text))
        ]
        if not cleaned:
            continue
        first = cleaned[0][0]
        opening = " ".join(cleaned[0][1])
        # Body text goes on with the body sentence that page-edge lines (a footer, a
        # header) interrupted: the edge lines stay a paragraph of their own.
        before = last_body if not first.edge else (paragraphs[-1] if paragraphs else None)
        if len(cleaned) == 1 and _says_it_is_a_page_number(opening):
            # `-3-` or `Page 3 of 48` alone where another extractor put it, mid-page: it
            # is no text, and the sentence around it goes on past it.
            events.append(LayoutEvent(Category.PAGE_NUMBER, opening, first.location, opening))
            continue
        number = _page_number_in_broken_word(before.last, opening) if before else ""
        if number:
            events.append(LayoutEvent(Category.PAGE_NUMBER, number, first.location, number))
            if number == opening and len(cleaned) == 1:
                continue  # the number alone: the next block takes up the broken word
            opening = opening[len(number) :].lstrip()
            cleaned[0] = (first, [opening])
        continued = (
            before is not None
            and previous_line is not None
            and (before.edge == first.edge)
            and continues_sentence(before.last, opening)
        )
        if continued and before is not None:
            builder = before
        else:
            if paragraphs:
                paragraphs[-1].compact()  # seldom continued again: its pieces can go
            builder = _Builder()
            paragraphs.append(builder)
        if not first.edge:
            last_body = builder
        # A sentence going on over a page break, or past lines at a page's edge: a reader
        # may put the page's foot (its notes, its footer) and the next page's head before
        # it or after it, so its lines here are lines it could take in another order.
        over_page = continued and (
            builder is not paragraphs[-1] or first.page_index != builder.page
        )
        for line, (text, *more) in cleaned:
            builder.edge = builder.edge and line.edge
            over = overlaid.get(id(line))
            is_free = over_page or id(line) in free or over is not None
            if not builder.length:
                builder.add("", text, line.location, is_free, id(line), over)
            else:
                separator, category = join_at_line_end(builder.last, text, known)
                if (
                    continued
                    and previous_line is not None
                    and (line.page_index != previous_line.page_index)
                ):
                    category = Category.PAGE_BREAK if category is Category.LINE_BREAK else category
                events.append(_join_event(builder.last, text, category, line))
                if category is Category.HYPHENATION:
                    builder.drop_last_character()
                builder.add(separator, text, line.location, is_free, id(line), over)
            for unit in more:  # the line's parts a wide gap set apart: units of their own
                builder.add(" ", unit, line.location, is_free, id(line), over)
            continued = False
            previous_line = line
            builder.page = line.page_index
    result = [
        Paragraph(index=index, text=builder.text, spans=_inset(builder, free), edge=builder.edge)
        for index, builder in enumerate(paragraphs)
    ]
    return result, events


def _words_apart(parts: list[str]) -> list[str]:
    """A line's parts cut at every space: the units of a line printed over other text.

    >>> _words_apart(["Internal Revenue", "Service"])
    ['Internal', 'Revenue', 'Service']
    """
    return [word for part in parts for word in part.split(" ") if word]


def _inset(builder: _Builder, beside: Mapping[int, Collection[int]]) -> tuple[Span, ...]:
    """A paragraph's spans, each marked `inset` where its line stands beside another line
    of the paragraph."""
    if not beside:
        return tuple(builder.spans)
    own = set(builder.lines)
    return tuple(
        replace(span, inset=True)
        if span.free and any(other in own for other in beside.get(line, ()))
        else span
        for span, line in zip(builder.spans, builder.lines, strict=True)
    )


SIDE_BY_SIDE = 0.5
"""Share of the lower of two lines' heights they must share vertically to stand side by
side (a row of a table, two columns' lines); lines of one column touch at most."""


def lines_beside_other_text(lines: Sequence[Line]) -> dict[int, set[int]]:
    """The `id`s of the PDF lines a reader could take in another order: those beside
    other text on their page (sharing its height, apart from it across), and those in
    the page's top or bottom band (`MARGIN`).

    Two readers of one page differ in order where text stands side by side: columns read
    down or across, a table by rows or by columns, a margin note or a stamp spliced into
    the body, a signature block's two columns. A line alone across its column has no
    such neighbour: a sentence in it stands where the body's order puts it.

    >>> from docreconcile.model import Box
    >>> def line(x0, y0, x1, text="some text"):
    ...     return Line(text, Location(1, page=1), box=Box(x0, y0, x1, y0 + 10),
    ...                 page_height=800.0)
    >>> left, right, below = line(50, 400, 250), line(300, 402, 500), line(50, 380, 500)
    >>> beside = lines_beside_other_text([left, right, below])
    >>> sorted(beside) == sorted([id(left), id(right)]), beside[id(left)] == {id(right)}
    (True, True)

    Each maps to the `id`s of the lines it stands beside (none for a line in the band, or
    one whose block, `Line.block`, stands beside other text by another of its lines).
    """
    return lines_at_one_height(lines)[0]


def overlaid_lines(lines: Sequence[Line]) -> dict[int, Location]:
    """The `id`s of the PDF lines printed over another line, each with that line's
    location: of two lines at one height whose boxes cross by more than an em
    (`OVERLAY`), the shorter (a stamp, a notice over a letterhead).

    A reader that sorts a page's words by height and across splices the shorter line's
    words into the longer (`tax on Revenue recapture` for `Internal Revenue Service`
    printed over `tax on recapture`): each word of it is a unit a reader may put into
    that line; the longer line keeps its order.

    >>> from docreconcile.model import Box
    >>> def line(x0, y0, x1, number):
    ...     return Line("x", Location(number, page=1), box=Box(x0, y0, x1, y0 + 10))
    >>> over, under, beside = line(300, 400, 450, 1), line(200, 401, 500, 2), line(520, 400, 560, 3)
    >>> overlaid_lines([over, under, beside]) == {id(over): under.location}
    True
    """
    return lines_at_one_height(lines)[1]


def lines_at_one_height(
    lines: Sequence[Line],
) -> tuple[dict[int, set[int]], dict[int, Location]]:
    """`lines_beside_other_text` and `overlaid_lines` from one sweep down each page:
    both look at each two lines whose heights overlap, and a long PDF has hundreds of
    thousands of such pairs."""
    free: dict[int, set[int]] = {
        id(line): set() for line in lines if line.box is not None and _in_margin(line)
    }
    crossed: dict[int, tuple[float, Location]] = {}  # crossed most, under which line
    for (y0, y1, x0, x1, line), (near_y0, near_y1, near_x0, near_x1, other) in _pairs_at_one_height(
        lines
    ):
        shared = min(y1, near_y1) - max(y0, near_y0)
        if shared < SIDE_BY_SIDE * min(y1 - y0, near_y1 - near_y0):
            continue
        if near_x1 <= x0 or x1 <= near_x0:  # apart across: side by side
            # a list's bullet or number set apart from its item is no text beside the
            # item, whose sentences a reader takes in their order (the label itself
            # may go before or after it)
            if not _only_a_label(other.text):
                free.setdefault(id(line), set()).add(id(other))
            if not _only_a_label(line.text):
                free.setdefault(id(other), set()).add(id(line))
            continue
        across = min(x1, near_x1) - max(x0, near_x0)
        if across <= OVERLAY * min(y1 - y0, near_y1 - near_y0):
            continue
        top, under = (line, other) if x1 - x0 < near_x1 - near_x0 else (other, line)
        if across > crossed.get(id(top), (0.0, under.location))[0]:
            crossed[id(top)] = (across, under.location)
    # A block beside other text is read beside it whole: a definition whose term stands
    # by its first line only, a column's paragraph whose neighbour ends sooner.
    beside_blocks = {line.block for line in lines if id(line) in free and line.block is not None}
    for line in lines:
        if line.block in beside_blocks and id(line) not in free:
            free[id(line)] = set()
    return free, {key: location for key, (_, location) in crossed.items()}


_LIST_LABEL = re.compile(r"[\W_]*|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]")


def _only_a_label(text: str) -> bool:
    """Whether a line holds only marks or a list's label: a bullet (`•`, a symbol font's
    `!`), `3.`, `b)`, `(iv)`; not a number alone (a table's figure, a contents entry's
    page).

    >>> [_only_a_label(t) for t in ("!", "•", "12.", "(iv)", "Title I", "12")]
    [True, True, True, True, False, False]
    """
    return _LIST_LABEL.fullmatch(text.strip()) is not None


_Placed = tuple[float, float, float, float, Line]
"""A PDF line with its box's y0, y1, x0 and x1 before it, for a sweep down its page."""


def _pairs_at_one_height(lines: Sequence[Line]) -> Iterator[tuple[_Placed, _Placed]]:
    """Each two PDF lines of a page whose heights overlap: a sweep down the page that
    keeps only the lines still reaching the current one."""
    by_page: dict[int, list[_Placed]] = defaultdict(list)
    for line in lines:
        box = line.box
        if box is not None:
            by_page[line.page_index].append((box.y0, box.y1, box.x0, box.x1, line))
    for page in by_page.values():
        page.sort(key=lambda placed: placed[0])
        active: list[_Placed] = []  # lines still reaching up to the current one's foot
        for placed in page:
            foot = placed[0]
            active = [other for other in active if other[1] > foot]
            for other in active:
                yield placed, other
            active.append(placed)


OVERLAY = 1.0
"""Ems (the lower line's height) two lines at one height must cross for one to be
printed over the other; pieces of one line touch or cross by a fraction of a glyph."""


UNIT_GAP = "\t"
"""Where a line holds a gap wider than a word space (a table's cells on one baseline, an
icon's label before its text, fields of a footer), the reader writes a tab: each part
is a layout unit of its own (`Span`), as a line is."""


_UNIT_CUT = re.compile(rf"{UNIT_GAP}|{_DOT_LEADER.pattern}")


def line_units(text: str) -> list[str]:
    """A line's clean text, cut into the parts a wide gap (`UNIT_GAP`) or dot leaders
    set apart (a worksheet's line number after `. . . .`).

    >>> line_units("$0\\t$85  $6,205.\\tAFM revisions"), line_units("  \\t ")
    (['$0', '$85 $6,205.', 'AFM revisions'], [])
    >>> line_units("amount on line 17a . . . . . . . 1.")
    ['amount on line 17a', '1.']
    """
    if UNIT_GAP not in text and not _DOT_LEADER.search(text):
        cleaned = clean_line(text)
        return [cleaned] if cleaned else []
    return [part for part in map(clean_line, _UNIT_CUT.split(text)) if part]


def _join_event(before: str, after: str, category: Category, line: Line) -> LayoutEvent:
    """The layout event for one line join, keyed by the words on both sides of it.

    A line break is keyed by its text itself: a PDF of 478 pages has 18,500 of them, and a
    key of its own each took 1.5 MB. A hyphenation's key is the word made whole (what the
    other side shows where the break stood).

    >>> _join_event("av god", "kvalitet", Category.LINE_BREAK, Line("", Location(2))).key
    'god ⏎ kvalitet'
    >>> _join_event("genom-", "lysa", Category.HYPHENATION, Line("", Location(2))).key
    'genomlysa'
    """
    last_word = before.split()[-1] if before.split() else ""
    first_word = after.split()[0] if after.split() else ""
    if category is Category.HYPHENATION:
        key = last_word.rstrip("-\u2010") + first_word
        text = f"{last_word}|{first_word}"
    else:
        key = text = f"{last_word} ⏎ {first_word}"
    return LayoutEvent(category=category, text=text, location=line.location, key=key)


def _event(category: Category, line: Line, key: str) -> LayoutEvent:
    return LayoutEvent(category=category, text=line.text.strip(), location=line.location, key=key)


def _box(line: Line) -> Box:
    assert line.box is not None, "PDF lines always carry a box"
    return line.box


# --------------------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------------------


LineStep = Callable[[Sequence[Line]], tuple[list[Line], list[LayoutEvent]]]


@dataclass(frozen=True)
class Step:
    """A line step of normalisation: its name, what it does, and the layout categories
    of the events it records (none: it only prepares the lines for the next steps)."""

    name: str
    run: LineStep
    records: tuple[Category, ...]


def _with_pages(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    return infer_text_pages(lines), []


STEPS: tuple[Step, ...] = (
    Step("pages", _with_pages, ()),
    Step("rules", remove_rule_lines, (Category.RULE,)),
    Step(
        "glued page numbers",
        split_glued_page_numbers,
        (Category.PAGE_NUMBER, Category.HEADER_FOOTER),
    ),
    Step("glued furniture", split_glued_furniture, (Category.HEADER_FOOTER,)),
    Step("furniture", remove_page_furniture, (Category.HEADER_FOOTER, Category.PAGE_NUMBER)),
    Step("repeated table headings", remove_repeated_table_headings, (Category.HEADER_FOOTER,)),
    Step("contents page numbers", remove_contents_page_numbers, (Category.PAGE_NUMBER,)),
    Step("footnote marks", remove_footnote_marks, (Category.FOOTNOTE_MARK,)),
)
"""The line steps, in order (a new one: a function and a line here). After them the
lines are grouped into blocks and unwrapped into paragraphs (`unwrap`)."""


def normalize(document: Document, steps: Sequence[Step] = STEPS) -> NormalizedDocument:
    """Clean a document into paragraphs with a source map, recording what was undone.

    `steps` may leave steps out or add some (a library user's own). Blocks are found the
    PDF way where lines carry boxes (page geometry), else by blank lines.

    >>> from pathlib import Path
    >>> from docreconcile.extract.text import extract_text
    >>> document = extract_text(Path("a.txt"), "Rubrik\\n\\nEtt stycke.\\n-----\\n".encode())
    >>> [p.text for p in normalize(document).paragraphs]
    ['Rubrik', 'Ett stycke.']
    >>> [p.text for p in normalize(document, steps=()).paragraphs]  # the rule line stays
    ['Rubrik', 'Ett stycke. -----']
    """
    lines: list[Line] = list(document.lines)
    events: list[LayoutEvent] = []
    for step in steps:
        lines, recorded = step.run(lines)
        events += recorded
    has_geometry = any(line.box is not None for line in lines)
    blocks = split_pdf_blocks(lines) if has_geometry else split_text_blocks(lines)
    free, overlaid = (
        lines_at_one_height(lines) if has_geometry else (_NO_NEIGHBOURS, _NOTHING_OVERLAID)
    )
    paragraphs, join_events = unwrap(blocks, _Vocabulary(lines), free, overlaid)
    return NormalizedDocument(document=document, paragraphs=paragraphs, events=events + join_events)
