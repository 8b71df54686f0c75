"""Classify: give every difference a category and a severity, and point it at both inputs.

The category of a changed run of words is decided by what is left of the difference once
each kind of minor or layout variation is folded away, in order (see `categorize`): if
folding typography makes the texts equal, it was typography; if folding case does, case;
and so on, down to a real change of words, where digits make it a `number` and a small
edit of one word a `spelling` error.

Layout events recorded by normalisation (line breaks, hyphenation, headers, page numbers,
rules) become layout differences only where the other side has no same event: a document
compared with itself has none.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Indel, Levenshtein

from docreconcile.align import alignment_key
from docreconcile.model import (
    Category,
    Change,
    Difference,
    LayoutEvent,
    Location,
    NormalizedDocument,
    Pair,
    PairKind,
    Paragraph,
    TextRange,
    Token,
)
from docreconcile.normalize import is_page_number

_WORD = re.compile(r"\w", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_HYPHENS_AND_SPACES = re.compile(r"[\s\-‐‑]+")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

# pdfminer writes a glyph its font maps to no Unicode character as `(cid:N)`: the text
# there cannot be read, so it cannot be compared either (the reader warns about it).
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")

SPELLING_SIMILARITY = 0.75
"""Two single words at least this similar (normalised Indel) are a spelling difference."""

CONTEXT_LIMIT = 240
"""The longest context sentence shown, in characters."""


def categorize(a: str, b: str) -> Category:
    """Name the difference between two runs of text (either may be empty).

    >>> categorize("Ardan", "Ardalan"), categorize("genomlysna", "genomlysa")
    (<Category.SPELLING: 'spelling'>, <Category.SPELLING: 'spelling'>)
    >>> categorize("§ 385", "§ 386"), categorize("november", "december")
    (<Category.NUMBER: 'number'>, <Category.WORD: 'word'>)
    >>> categorize("”Läs mig!”", '"Läs mig!"')
    <Category.TYPOGRAPHY: 'typography'>
    >>> categorize("Socialdepartementet", "socialdepartementet")
    <Category.CASE: 'case'>
    >>> categorize(",", ""), categorize("", "inte")
    (<Category.PUNCTUATION: 'punctuation'>, <Category.INSERTED: 'inserted'>)
    >>> categorize("barn- äldre", "barnäldre")
    <Category.HYPHENATION: 'hyphenation'>
    >>> categorize("Kommun(cid:12)ullmäktige", "Kommunfullmäktige")
    <Category.UNREADABLE: 'unreadable'>
    >>> categorize("alert,5", "alert,"), categorize("m3", "m³")
    (<Category.FOOTNOTE_MARK: 'footnote_mark'>, <Category.TYPOGRAPHY: 'typography'>)
    """
    if _UNMAPPED_GLYPH.search(a) or _UNMAPPED_GLYPH.search(b):
        return Category.UNREADABLE
    if not b:
        return Category.DELETED if _WORD.search(a) else Category.PUNCTUATION
    if not a:
        return Category.INSERTED if _WORD.search(b) else Category.PUNCTUATION
    folded_a, folded_b = alignment_key(a), alignment_key(b)
    if a != b and a.casefold() == b.casefold():
        return Category.CASE
    if folded_a == folded_b:
        return Category.TYPOGRAPHY if a.casefold() != b.casefold() else Category.CASE
    if _HYPHENS_AND_SPACES.sub("", folded_a) == _HYPHENS_AND_SPACES.sub("", folded_b):
        return Category.HYPHENATION
    words_a, words_b = _words(folded_a), _words(folded_b)
    if words_a == words_b:
        return Category.PUNCTUATION
    if _words(_without_footnote_marks(folded_a)) == _words(_without_footnote_marks(folded_b)):
        return Category.FOOTNOTE_MARK
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return Category.NUMBER
    if len(words_a) == 1 and len(words_b) == 1 and _is_spelling(words_a[0], words_b[0]):
        return Category.SPELLING
    return Category.WORD


def _only_unmapped_glyphs(text: str) -> bool:
    """Whether a text holds unmapped glyphs and no word besides (a bullet drawn in a
    symbol font: `(cid:2)`), so nothing in it can be read or compared.

    >>> _only_unmapped_glyphs("(cid:2)"), _only_unmapped_glyphs("(cid:2) Form 8889")
    (True, False)
    """
    return bool(_UNMAPPED_GLYPH.search(text)) and not _WORD.search(_UNMAPPED_GLYPH.sub("", text))


def _words(text: str) -> list[str]:
    return [word for word in _NOT_WORD.split(text) if word]


_INLINE_FOOTNOTE_MARK = re.compile(r"(?:(?<=[^\W\d_]{3})|(?<=[^\W\d_][.,;:)\]”\"’]))\d{1,2}\b")


def _without_footnote_marks(text: str) -> str:
    """Text with footnote marks written inline (`copying2`, `alert,5`) taken out.

    One extractor keeps a mark raised (and normalisation removes it), another writes it
    inline: one or two digits right after a word of three letters or more, or after a
    letter and closing punctuation. Numbers, units and references are left alone.

    >>> _without_footnote_marks("copying2 alert,5 CAS-nr17 2023 m3 (1998).")
    'copying alert, CAS-nr17 2023 m3 (1998).'
    """
    return _INLINE_FOOTNOTE_MARK.sub("", text)


def _is_spelling(a: str, b: str) -> bool:
    """A small edit of one word: a typo or a misspelled name, not another word."""
    return Levenshtein.distance(a, b) <= 2 and Indel.normalized_similarity(a, b) >= (
        SPELLING_SIMILARITY
    )


def sentence_around(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> str:
    """The sentence(s) of `text` that hold the range [start, end), cropped to `limit`.

    >>> sentence_around("Första meningen. Syftet var att genomlysa verksamheten. Slut.", 32, 41)
    'Syftet var att genomlysa verksamheten.'
    """
    ends = [match.end() for match in re.finditer(r"[.!?](?=\s)", text)]
    left = ends[bisect_right(ends, start) - 1] if bisect_right(ends, start) else 0
    following = [position for position in ends if position >= max(end, start + 1)]
    right = following[0] if following else len(text)
    if right - left > limit:
        half = max((limit - (end - start)) // 2, 20)
        left, right = max(left, start - half), min(right, end + half)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(text) else ""
        return prefix + text[left:right].strip() + suffix
    return text[left:right].strip()


def character_segments(a: str, b: str) -> tuple[tuple[str, str], ...]:
    """Where inside a changed word the letters differ: ``Arda`` + insert ``la`` + ``n``.

    Dissimilar texts are shown as a whole deletion and insertion: a letter-by-letter diff
    of two different words is noise.

    >>> character_segments("Ardan", "Ardalan")
    (('equal', 'Arda'), ('insert', 'la'), ('equal', 'n'))
    """
    if not a or not b or Indel.normalized_similarity(a, b) < 0.5:
        segments = []
        if a:
            segments.append(("delete", a))
        if b:
            segments.append(("insert", b))
        return tuple(segments)
    result: list[tuple[str, str]] = []
    for opcode in Indel.opcodes(a, b):
        if opcode.tag == "equal":
            result.append(("equal", a[opcode.src_start : opcode.src_end]))
        if opcode.tag in ("delete", "replace"):
            result.append(("delete", a[opcode.src_start : opcode.src_end]))
        if opcode.tag in ("insert", "replace"):
            result.append(("insert", b[opcode.dest_start : opcode.dest_end]))
    return tuple(result)


@dataclass(frozen=True)
class _Side:
    """One input's paragraphs with lookups from a line to its paragraph."""

    paragraphs: Sequence[Paragraph]

    def text_of(self, tokens: Sequence[Token]) -> str:
        """The clean text a run of tokens covers, paragraph by paragraph."""
        if not tokens:
            return ""
        pieces: list[str] = []
        start = 0
        for position, token in enumerate(tokens):
            last = position == len(tokens) - 1
            if last or tokens[position + 1].paragraph != token.paragraph:
                text = self.paragraphs[token.paragraph].text
                pieces.append(text[tokens[start].start : token.end])
                start = position + 1
        return " ".join(pieces)

    def context(self, tokens: Sequence[Token], at: Token | None) -> str:
        if tokens:
            first, last = tokens[0], tokens[-1]
            paragraph = self.paragraphs[first.paragraph].text
            end = last.end if last.paragraph == first.paragraph else len(paragraph)
            return sentence_around(paragraph, first.start, end)
        if at is not None:
            return sentence_around(self.paragraphs[at.paragraph].text, at.start, at.end)
        return ""

    def range_of(self, tokens: Sequence[Token]) -> TextRange | None:
        """The clean-text range of a run of tokens, within its first paragraph."""
        if not tokens:
            return None
        first = tokens[0]
        in_first = [token for token in tokens if token.paragraph == first.paragraph]
        return TextRange(first.paragraph, first.start, in_first[-1].end)

    def location(self, tokens: Sequence[Token], at: Token | None) -> Location | None:
        token = tokens[0] if tokens else at
        if token is None:
            return None
        return self.paragraphs[token.paragraph].location_at(token.start)


def classify(
    changes: Sequence[Change],
    pairs: Sequence[Pair],
    a: NormalizedDocument,
    b: NormalizedDocument,
) -> list[Difference]:
    """Turn changes and unmatched layout events into numbered Differences, in document order."""
    a_side, b_side = _Side(a.paragraphs), _Side(b.paragraphs)
    removed = _Removed(a.events, b.events)
    unnumbered: list[tuple[tuple[int, int], Difference]] = []
    for change in changes:
        difference = _from_change(change, a_side, b_side)
        category = _furniture_or_mark(difference, change, a_side, b_side, removed)
        if category is not difference.category:
            difference = replace(
                difference, category=category, severity=category.severity, segments=()
            )
        unnumbered.append((_order(difference), difference))
    stray = _StrayGlyphs(a.paragraphs, b.paragraphs, [d for _, d in unnumbered])
    unnumbered = [(order, stray.explain(difference)) for order, difference in unnumbered]
    for difference in layout_differences(pairs, a, b):
        unnumbered.append((_order(difference), difference))
    unnumbered.sort(key=lambda item: item[0])
    return [
        Difference(**{**difference.__dict__, "id": number})
        for number, (_, difference) in enumerate(unnumbered, start=1)
    ]


_ONE_SIDED = (
    Category.INSERTED,
    Category.DELETED,
    Category.PARAGRAPH_ADDED,
    Category.PARAGRAPH_REMOVED,
)
_LONE_NUMBER = re.compile(r"\d{1,3}[.)]?")
_NUMBERS = re.compile(r"\d{1,3}(?: \d{1,3})+")


class _Removed:
    """What each side's normalisation removed as layout, to explain the other side's text.

    Another extractor (or a text copied from a PDF without its page breaks) keeps what
    we removed inline: a running header between two paragraphs, a page number, a raised
    footnote number at the foot of the page written as `18 mg/m3` against `¹⁸ mg/m³`.
    Numbers are used up once each; furniture text may explain any number of runs.
    """

    def __init__(self, a: Sequence[LayoutEvent], b: Sequence[LayoutEvent]) -> None:
        self.numbers: dict[str, Counter[tuple[Category, str]]] = {}
        self.furniture: dict[str, str] = {}
        self.furniture_ends: dict[str, set[tuple[str, ...]]] = {}
        for side, events in (("a", a), ("b", b)):
            self.numbers[side] = Counter(
                (event.category, _number_of(event.category, event.text))
                for event in events
                if event.category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER)
            )
            self.furniture[side] = "\n".join(
                " ".join(event.text.split())
                for event in events
                if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER)
            )
            self.furniture_ends[side] = _line_ends(
                event.text
                for event in events
                if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER)
            )

    def take_number(self, side: str, category: Category, number: str) -> bool:
        """Use up a removed footnote mark or page number `number` of `side`, if one is left."""
        key = (category, number)
        if self.numbers[side][key] <= 0:
            return False
        self.numbers[side][key] -= 1
        return True

    def take_numbers(self, side: str, numbers: list[str]) -> Category | None:
        """Use up removed marks or page numbers for every one of `numbers`, or for none.

        A pasted text runs the foot of one page and the head of the next together: page
        number 5, then 6 (`5 6`), or a page's footnote numbers (`7 8 9`). What they are
        is the category most of them were removed as.
        """
        wanted = Counter(numbers)
        taken: Counter[tuple[Category, str]] = Counter()
        for number, count in wanted.items():
            for category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER):
                key = (category, number)
                share = min(count, self.numbers[side][key] - taken[key])
                taken[key] += share
                count -= share
            if count:
                return None
        self.numbers[side] -= taken
        kinds = Counter({category: n for (category, _), n in taken.items()})
        return kinds.most_common(1)[0][0]

    def in_furniture(self, side: str, text: str) -> bool:
        """Whether `text` (with a real word in it) stands in `side`'s removed furniture."""
        if not any(len(word) >= 3 for word in _words(text)):
            return False
        if " ".join(text.split()) in self.furniture[side]:
            return True
        return _covered_by_line_ends(_masked_words(text), self.furniture_ends[side])


RARE_SCRIPT_SHARE = 0.01
"""A script that makes up less than this share of a side's letters is foreign to it: a
CJK letter in an English text is a glyph some extractor mapped strangely, not a word."""


class _StrayGlyphs:
    """Glyphs one extractor read as a strange character and the other could not read.

    A symbol font's check mark or arrow has no Unicode mapping: pdfminer writes
    `(cid:2)` (unreadable, layout), poppler guesses a character from the font (`⻫`,
    `䊲`). The guess, standing alone, is the same glyph, not added text, when the other
    side has an unreadable glyph left on the same page for it. Each unreadable glyph
    explains one guessed character.
    """

    def __init__(
        self, a: Sequence[Paragraph], b: Sequence[Paragraph], differences: Sequence[Difference]
    ) -> None:
        self.foreign = {"a": _foreign_characters(a), "b": _foreign_characters(b)}
        self.differences = differences
        self.unread: dict[tuple[str, int | None], int] | None = None

    def explain(self, difference: Difference) -> Difference:
        """The difference as `unreadable`, if it is stray glyphs the other side lacks."""
        if difference.category not in (*_ONE_SIDED, Category.PUNCTUATION):
            return difference
        side, other = ("a", "b") if difference.a and not difference.b else ("b", "a")
        text = difference.a or difference.b
        glyphs = [char for char in text if not char.isspace()]
        if not glyphs or not all(_is_stray(char, self.foreign[side]) for char in glyphs):
            return difference
        if self.unread is None:
            self.unread = _unread_glyphs(self.differences)
        location = difference.b_location if other == "b" else difference.a_location
        key = (other, location.page if location else None)
        if self.unread.get(key, 0) < len(glyphs):
            return difference
        self.unread[key] -= len(glyphs)
        category = Category.UNREADABLE
        return replace(difference, category=category, severity=category.severity, segments=())


def _foreign_characters(paragraphs: Sequence[Paragraph]) -> frozenset[str]:
    """The letters of `paragraphs` from a script it hardly uses (`RARE_SCRIPT_SHARE`).

    The script is the first word of the character's Unicode name (LATIN, CJK, GREEK).
    """
    counts = Counter("".join(paragraph.text for paragraph in paragraphs))
    scripts: Counter[str] = Counter()
    script_of: dict[str, str] = {}
    for char, count in counts.items():
        if char.isalpha():
            script_of[char] = unicodedata.name(char, "UNKNOWN").split()[0]
            scripts[script_of[char]] += count
    letters = sum(scripts.values())
    return frozenset(
        char for char, script in script_of.items() if scripts[script] < RARE_SCRIPT_SHARE * letters
    )


def _is_stray(char: str, foreign: frozenset[str]) -> bool:
    """A symbol, a private-use character or a letter of a script foreign to the text.

    >>> [_is_stray(c, frozenset("䡺")) for c in "⻫䡺•a7"]
    [True, True, False, False, False]
    """
    if char in foreign:
        return True
    # So: other symbols (check marks, arrows, CJK radicals); Co: private use; Cn: unassigned
    return unicodedata.category(char) in ("So", "Co", "Cn") and char not in "•©®°"


def _unread_glyphs(differences: Sequence[Difference]) -> dict[tuple[str, int | None], int]:
    """Unmapped glyphs (`(cid:N)`) each side has alone, counted by side and page."""
    counts: Counter[tuple[str, int | None]] = Counter()
    for difference in differences:
        if difference.category is not Category.UNREADABLE:
            continue
        for side, text, location in (
            ("a", difference.a, difference.a_location),
            ("b", difference.b, difference.b_location),
        ):
            if _only_unmapped_glyphs(text) and not (difference.b if side == "a" else difference.a):
                counts[(side, location.page if location else None)] += len(
                    _UNMAPPED_GLYPH.findall(text)
                )
    return dict(counts)


FURNITURE_LINE_WORDS = 40
"""The longest header or footer line, in words, whose beginnings and ends are indexed."""

_DIGIT_RUN = re.compile(r"\d+")


def _masked_words(text: str) -> tuple[str, ...]:
    """The words of a line with every number written 0 (page 9's footer is page 10's)
    and no punctuation at their ends (the diff may leave a footer's full stop apart).

    >>> _masked_words("December 1998  Page 9"), _masked_words("MUST be removed.")
    (('December', '0', 'Page', '0'), ('MUST', 'be', 'removed'))
    """
    words = (_DIGIT_RUN.sub("0", word).strip(_END_PUNCTUATION) for word in text.split())
    return tuple(word for word in words if word)


_END_PUNCTUATION = ".,;:!?()[]\"'’”"


def _line_ends(lines: Iterable[str]) -> set[tuple[str, ...]]:
    """Every beginning and every end (in whole words, numbers masked) of these lines.

    >>> len(_line_ends(["Sida 1 av 2", "Sida 2 av 2"]))  # one masked line: 4 + 4 - 1 whole
    7
    """
    ends: set[tuple[str, ...]] = set()
    for words in {_masked_words(line)[:FURNITURE_LINE_WORDS] for line in lines}:
        for cut in range(1, len(words) + 1):
            ends.add(words[:cut])
            ends.add(words[-cut:])
    return ends


def _covered_by_line_ends(words: tuple[str, ...], ends: set[tuple[str, ...]]) -> bool:
    """Whether `words` are furniture lines run together, each cut only at the run's ends.

    A text pasted from a PDF and reflowed glues a page's footer and the next page's
    header into the sentence that crosses the break, and the diff may cut them where
    the neighbouring words happen to match:
    `Copyright Office Summary December 1998 Page 9 The Digital Millennium Copyright Act`
    is the footer lines and a header's beginning. A single word is never enough (a word
    of the body that the header also uses is no evidence): at least two are needed.
    """
    if len(words) < 2:
        return False
    reachable = [True] + [False] * len(words)
    for start in range(len(words)):
        if not reachable[start]:
            continue
        for end in range(start + 1, min(len(words), start + FURNITURE_LINE_WORDS) + 1):
            if words[start:end] in ends:
                reachable[end] = True
    return reachable[-1]


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _number_of(category: Category, text: str) -> str:
    """The number a removed footnote mark or page number stands for: a page number by
    its first number, whatever its form (`-23-`, `Sida 2 (5)`, `Page 2 of 48` are 23, 2, 2).

    >>> _number_of(Category.PAGE_NUMBER, "- 23 -"), _number_of(Category.FOOTNOTE_MARK, "¹²")
    ('23', '12')
    """
    plain = _plain_digits(text).strip()
    if category is Category.PAGE_NUMBER:
        first = _DIGITS.search(plain)
        return first.group() if first else plain
    return plain


def _plain_digits(text: str) -> str:
    return text.translate(_SUPERSCRIPT_DIGITS)


def _furniture_or_mark(
    difference: Difference,
    change: Change,
    a_side: _Side,
    b_side: _Side,
    removed: _Removed,
) -> Category:
    """Text on one side only that the other document explains as layout.

    - Page-edge paragraphs that the other version lacks everywhere (left over after
      relocation) are furniture: a first page's own footer, a header on a one-page
      document. One that the other has in its body was matched as content before.
    - Text that the other side removed as a header, footer or page number is furniture.
    - A lone number where the other side removed a footnote mark of that number is that
      footnote mark.
    """
    if difference.category not in _ONE_SIDED:
        return difference.category
    tokens, side = (change.a_tokens, a_side) if change.a_tokens else (change.b_tokens, b_side)
    if tokens and all(side.paragraphs[token.paragraph].edge for token in tokens):
        return Category.HEADER_FOOTER
    text = (difference.a or difference.b).strip()
    other = "b" if change.a_tokens else "a"
    if _LONE_NUMBER.fullmatch(text):
        number = text.rstrip(".)")
        for category in (Category.FOOTNOTE_MARK, Category.PAGE_NUMBER):
            if removed.take_number(other, category, number):
                return category
    elif _NUMBERS.fullmatch(text):
        found = removed.take_numbers(other, text.split())
        if found is not None:
            return found
    elif is_page_number(text) and removed.take_number(
        other, Category.PAGE_NUMBER, _number_of(Category.PAGE_NUMBER, text)
    ):
        return Category.PAGE_NUMBER  # `-23-` where poppler put it, mid-page; we took it out
    if removed.in_furniture(other, text):
        return Category.HEADER_FOOTER
    return difference.category


def _order(difference: Difference) -> tuple[int, int]:
    """Document order: by the place in A (or in B, for what A lacks any place for)."""
    location = difference.a_location or difference.b_location
    if location is None:
        return (1 << 30, 0)
    return (location.page or 0, location.line)


def _from_change(change: Change, a_side: _Side, b_side: _Side) -> Difference:
    a_text = a_side.text_of(change.a_tokens)
    b_text = b_side.text_of(change.b_tokens)
    if change.relocated is not None:
        category = change.relocated
        segments: tuple[tuple[str, str], ...] = ()
    elif change.whole_paragraph and _only_unmapped_glyphs(a_text or b_text):
        category = Category.UNREADABLE
        segments = ()
    elif change.whole_paragraph:
        category = {
            PairKind.INSERTED: Category.PARAGRAPH_ADDED,
            PairKind.DELETED: Category.PARAGRAPH_REMOVED,
        }[change.pair.kind]
        segments = ()
    else:
        category = categorize(a_text, b_text)
        segments = character_segments(a_text, b_text)
    return Difference(
        id=0,
        severity=category.severity,
        category=category,
        a=a_text,
        b=b_text,
        a_context=a_side.context(change.a_tokens, change.a_at),
        b_context=b_side.context(change.b_tokens, change.b_at),
        a_location=a_side.location(change.a_tokens, change.a_at),
        b_location=b_side.location(change.b_tokens, change.b_at),
        segments=segments,
        a_range=a_side.range_of(change.a_tokens),
        b_range=b_side.range_of(change.b_tokens),
        whole_paragraph=change.whole_paragraph,
    )


# --------------------------------------------------------------------------------------
# Layout differences
# --------------------------------------------------------------------------------------


def layout_differences(
    pairs: Sequence[Pair], a: NormalizedDocument, b: NormalizedDocument
) -> list[Difference]:
    """Layout events present on one side only, each located on both sides.

    Events cancel by (category, key): the same line break, header or rule on both sides is
    no difference. On the other side, the location is where the same words stand in the
    aligned paragraph (or that paragraph's start, for a removed header or rule).
    """
    shared = Counter((e.category, e.key) for e in a.events) & Counter(
        (e.category, e.key) for e in b.events
    )
    a_to_b = _paragraph_map(pairs, from_a=True)
    b_to_a = _paragraph_map(pairs, from_a=False)
    differences: list[Difference] = []
    for own, other, mapping, own_is_a in ((a, b, a_to_b, True), (b, a, b_to_a, False)):
        starts = [_location_key(paragraph.first_location) for paragraph in own.paragraphs]
        remaining = Counter(shared)
        for event in own.events:
            key = (event.category, event.key)
            if remaining[key] > 0:
                remaining[key] -= 1
                continue
            other_location = _locate_on_other_side(event, starts, other.paragraphs, mapping)
            differences.append(
                Difference(
                    id=0,
                    severity=event.category.severity,
                    category=event.category,
                    a=event.text if own_is_a else "",
                    b="" if own_is_a else event.text,
                    a_context="",
                    b_context="",
                    a_location=event.location if own_is_a else other_location,
                    b_location=other_location if own_is_a else event.location,
                )
            )
    return differences


def _paragraph_map(pairs: Sequence[Pair], from_a: bool) -> dict[int, int]:
    """For each paragraph on one side, the aligned (or nearest) paragraph on the other."""
    mapping: dict[int, int] = {}
    for pair in pairs:
        own, other = (pair.a, pair.b) if from_a else (pair.b, pair.a)
        fallback = pair.b_position if from_a else pair.a_position
        for index in own:
            mapping[index] = other[0] if other else fallback
    return mapping


def _location_key(location: Location) -> tuple[int, int]:
    return (location.page or 0, location.line)


def _locate_on_other_side(
    event: LayoutEvent,
    starts: list[tuple[int, int]],
    other: Sequence[Paragraph],
    mapping: dict[int, int],
) -> Location | None:
    """Where the text around a layout event stands in the other input.

    `starts` are the (page, line) keys where this side's paragraphs begin, in order.
    """
    if not starts or not other:
        return None
    position = bisect_right(starts, _location_key(event.location)) - 1
    if event.category not in (Category.LINE_BREAK, Category.HYPHENATION, Category.PAGE_BREAK):
        position += 1  # a removed line belongs before the next paragraph
    position = min(max(position, 0), len(starts) - 1)
    target = min(mapping.get(position, 0), len(other) - 1)
    paragraph = other[target]
    needle = event.key if event.category is Category.HYPHENATION else event.key.split(" ")[0]
    found = paragraph.text.find(needle) if needle else -1
    return paragraph.location_at(found) if found >= 0 else paragraph.first_location
