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

import operator
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

from docreconcile.hints import HINTED, favoured_sides
from docreconcile.misreadings import misread
from docreconcile.model import (
    Category,
    Change,
    Difference,
    LayoutEvent,
    LinePiece,
    Location,
    NormalizedDocument,
    Pair,
    PairKind,
    Paragraph,
    Severity,
    TextRange,
    Token,
)
from docreconcile.normalize import is_page_number
from docreconcile.tokens import alignment_key, in_one_paragraph, token_key

_WORD = re.compile(r"\w", re.UNICODE)
_LIST_MARKS = re.compile(r"[\s•◦▪▫■□●○‣⁃∙·\-–—*\uf0b7\uf0a7\uf076\uf0d8]+")
"""Bullets and dashes that mark a list's items (with a symbol font's private-use
bullets, `\\uf0b7`): a check mark or a cross says something, these do not."""
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
    >>> categorize("27 oktober 2025", "6 november 2025"), categorize("2", "M")
    (<Category.NUMBER: 'number'>, <Category.WORD: 'word'>)
    >>> categorize("senast 2025-10-27 enligt", "efter beslut i nämnden")
    <Category.WORD: 'word'>
    >>> categorize("”Läs mig!”", '"Läs mig!"')
    <Category.TYPOGRAPHY: 'typography'>
    >>> categorize("inte att", "att inte"), categorize("934 och 940", "940 och 934")
    (<Category.REORDERED: 'reordered'>, <Category.REORDERED: 'reordered'>)
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
    if sorted(words_a) == sorted(words_b):
        return Category.REORDERED
    if _words(_without_footnote_marks(folded_a)) == _words(_without_footnote_marks(folded_b)):
        return Category.FOOTNOTE_MARK
    if _DIGITS.findall(a) != _DIGITS.findall(b) and _besides_numbers(words_a) == _besides_numbers(
        words_b
    ):
        return Category.NUMBER
    if len(words_a) == 1 and len(words_b) == 1 and _is_spelling(words_a[0], words_b[0]):
        return Category.SPELLING
    return Category.WORD


_MONTHS = frozenset(
    re.findall(
        r"\w+",
        "januari februari mars april maj juni juli augusti september oktober november "
        "december january february march may june july august october",
    )
)
"""Month names: in a date they count as its number (`27 oktober` / `6 november`)."""


def _besides_numbers(words: list[str]) -> list[str]:
    """The words of a change that are no number, date or month: what a `number` change
    must leave equal. `§ 358` / `§ 385` leaves nothing on either side (a number); a deleted
    sentence holding a date, or `2` / `M`, leaves words that differ.

    >>> _besides_numbers(["27", "oktober", "2025", "kl", "10", "9anm"])
    ['kl', 'anm']
    """
    stripped = (_DIGITS.sub("", word) for word in words)
    return [word for word in stripped if word and word not in _MONTHS]


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


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_WORD_UNIT = re.compile(r"(?<!\S)\d{1,3}(?: \d{3})+(?!\S)|\S+")
"""A word, or a number with its thousands written apart (`385 986`): marked as one."""
_NON_SPACE = re.compile(r"\S+")


@lru_cache(maxsize=8)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Where each sentence of `text` ends: found once a paragraph, not once a difference
    (a paragraph of a million words with thousands of differences was quadratic)."""
    return tuple(match.end() for match in _SENTENCE_END.finditer(text))


def _sentence_window(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """The sentence(s) of `text` around [start, end), cropped to about `limit`
    characters, without the spaces at either end."""
    ends = _sentence_ends(text)
    before = bisect_right(ends, start)
    left = ends[before - 1] if before else 0
    following = bisect_left(ends, max(end, start + 1))
    right = ends[following] if following < len(ends) else len(text)
    if right - left > limit:
        half = max((limit - (end - start)) // 2, 20)
        cropped_left, cropped_right = max(left, start - half), min(right, end + half)
        if cropped_left > left:  # cut between words, not inside one
            space = text.find(" ", cropped_left, start)
            left = space + 1 if space >= 0 else start
        if cropped_right < right:
            space = text.rfind(" ", end, cropped_right)
            right = space if space >= 0 else end
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def _nearest_words(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """Where a change stands outside any sentence of its own (at a paragraph's end after
    its full stop, between two sentences): the words within `reach` characters either
    side, cut between words, so there is something to read it in.

    >>> text = "Beslutet gäller från i dag. Det är klart."
    >>> left, right = _nearest_words(text, len(text), len(text), 20)
    >>> text[left:right]
    'dag. Det är klart.'
    """
    left, right = max(0, start - reach), min(len(text), end + reach)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else start
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else end
    return left, right


def aligned_contexts(
    a_text: str, a_span: tuple[int, int], b_text: str, b_span: tuple[int, int]
) -> tuple[tuple[str, int], tuple[str, int]]:
    """Each side's sentence around its change, both cut at the same words, so they read
    side by side; with where each context starts in its paragraph (its marks are
    placed from there). Returns ((a_context, a_start), (b_context, b_start)).

    >>> aligned_contexts("Vi har i dag beslutat att ge 5 kr.", (29, 30),
    ...                  "Beslutat att ge 6 kr.", (16, 17))
    (('… beslutat att ge 5 kr.', 11), ('Beslutat att ge 6 kr.', 0))
    """
    windows = []
    for text, (start, end) in ((a_text, a_span), (b_text, b_span)):
        left, right = _sentence_window(text, start, end, CONTEXT_LIMIT)
        if not _NON_SPACE.search(text, left, start) and not _NON_SPACE.search(text, end, right):
            left, right = _nearest_words(text, start, end, CONTEXT_LIMIT // 2)
        windows.append((left, right))
    befores = [
        list(_NON_SPACE.finditer(text, left, start))
        for text, (left, _), (start, _) in zip(
            (a_text, b_text), windows, (a_span, b_span), strict=True
        )
    ]
    afters = [
        list(_NON_SPACE.finditer(text, end, right))
        for text, (_, right), (_, end) in zip(
            (a_text, b_text), windows, (a_span, b_span), strict=True
        )
    ]
    # as many words on both sides as the shorter has; a side with none does not take
    # the other's away (an insertion at a paragraph's end still reads in its sentence)
    keep_before = min((len(words) for words in befores if words), default=0)
    keep_after = min((len(words) for words in afters if words), default=0)
    contexts = []
    for text, (left, right), before, after, (start, end) in zip(
        (a_text, b_text), windows, befores, afters, (a_span, b_span), strict=True
    ):
        if before:
            left = before[len(before) - keep_before].start() if keep_before else start
        if after:
            right = after[keep_after - 1].end() if keep_after else end
        prefix = "… " if left > 0 and not text[:left].rstrip().endswith((".", "!", "?")) else ""
        suffix = " …" if right < len(text) and not text[:right].endswith((".", "!", "?")) else ""
        contexts.append((prefix + text[left:right] + suffix, left - len(prefix)))
    return contexts[0], contexts[1]


def change_marks(
    a: str, b: str, letters: bool
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """The segments of a change (deleted before inserted, always) and the offsets in `a`
    and in `b` to mark: letter by letter for one word with a small edit (`letters`),
    else word by word, so that a number or a reworded sentence shows whole words.

    >>> change_marks("Ardan", "Ardalan", letters=True)
    ((('equal', 'Arda'), ('insert', 'la'), ('equal', 'n')), (), ((4, 6),))
    >>> change_marks("§ 358 i dag", "§ 385 i går", letters=False)[0][:4]
    (('equal', '§ '), ('delete', '358'), ('insert', '385'), ('equal', ' i '))
    >>> change_marks("485 986", "385 986", letters=False)[0]
    (('delete', '485 986'), ('insert', '385 986'))
    """
    if letters:
        a_units = [(index, index + 1) for index in range(len(a))]
        b_units = [(index, index + 1) for index in range(len(b))]
    else:
        a_units = [match.span() for match in _WORD_UNIT.finditer(a)]
        b_units = [match.span() for match in _WORD_UNIT.finditer(b)]
    a_keys = [a[start:end] for start, end in a_units]
    b_keys = [b[start:end] for start, end in b_units]
    segments: list[tuple[str, str]] = []
    a_marks: list[tuple[int, int]] = []
    b_marks: list[tuple[int, int]] = []
    a_done = 0  # how much of `a` the segments cover so far
    pending: list[tuple[str, int, int, int, int]] = []

    def flush() -> None:
        nonlocal a_done
        deleted = [(s, e) for tag, s, e, _, _ in pending if tag == "delete"]
        inserted = [(s, e) for tag, _, _, s, e in pending if tag == "insert"]
        pending.clear()
        if deleted:
            start, end = a_units[deleted[0][0]][0], a_units[deleted[-1][1] - 1][1]
            if start > a_done:
                segments.append(("equal", a[a_done:start]))
            segments.append(("delete", a[start:end]))
            a_marks.append((start, end))
            a_done = end
        if inserted:
            start, end = b_units[inserted[0][0]][0], b_units[inserted[-1][1] - 1][1]
            if not deleted and not letters and a_done < len(a) and a[a_done].isspace():
                segments.append(("equal", a[a_done]))
                a_done += 1
            segments.append(("insert", b[start:end]))
            b_marks.append((start, end))

    for opcode in Indel.opcodes(a_keys, b_keys):
        if opcode.tag == "equal":
            flush()
            end = a_units[opcode.src_end - 1][1]
            segments.append(("equal", a[a_done:end]))
            a_done = end
            continue
        span = (opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end)
        if opcode.tag in ("delete", "replace"):
            pending.append(("delete", span[0], span[1], 0, 0))
        if opcode.tag in ("insert", "replace"):
            pending.append(("insert", 0, 0, span[2], span[3]))
    flush()
    if a_done < len(a):
        segments.append(("equal", a[a_done:]))
    merged: list[tuple[str, str]] = []
    for operation, text in segments:
        if merged and merged[-1][0] == operation:
            merged[-1] = (operation, merged[-1][1] + text)
        elif text:
            merged.append((operation, text))
    return tuple(merged), tuple(a_marks), tuple(b_marks)


_START = operator.attrgetter("start")


@dataclass(frozen=True)
class _Side:
    """One input's paragraphs with lookups from a line to its paragraph."""

    paragraphs: Sequence[Paragraph]

    def text_of(self, tokens: Sequence[Token]) -> str:
        """The clean text a run of tokens covers, paragraph by paragraph."""
        if not tokens:
            return ""
        if in_one_paragraph(tokens):
            return self.paragraphs[tokens[0].paragraph].text[tokens[0].start : tokens[-1].end]
        pieces: list[str] = []
        start = 0
        for position, token in enumerate(tokens):
            last = position == len(tokens) - 1
            if last or tokens[position + 1].paragraph != token.paragraph:
                text = self.paragraphs[token.paragraph].text
                pieces.append(text[tokens[start].start : token.end])
                start = position + 1
        return " ".join(pieces)

    def range_of(self, tokens: Sequence[Token]) -> TextRange | None:
        """The clean-text range of a run of tokens, within its first paragraph."""
        if not tokens:
            return None
        first = tokens[0]
        if in_one_paragraph(tokens):
            return TextRange(first.paragraph, first.start, tokens[-1].end)
        in_first = [token for token in tokens if token.paragraph == first.paragraph]
        return TextRange(first.paragraph, first.start, in_first[-1].end)

    def rest_of(self, tokens: Sequence[Token]) -> tuple[TextRange, ...]:
        """The clean-text ranges of a run of tokens in the paragraphs after its first."""
        if not tokens or in_one_paragraph(tokens):
            return ()
        ranges: list[TextRange] = []
        for token in tokens:
            if token.paragraph == tokens[0].paragraph:
                continue
            if ranges and ranges[-1].paragraph == token.paragraph:
                ranges[-1] = TextRange(token.paragraph, ranges[-1].start, token.end)
            else:
                ranges.append(TextRange(token.paragraph, token.start, token.end))
        return tuple(ranges)

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
    items: list[tuple[Change, Difference]] = []
    held: list[Difference] = []
    for change in changes:
        difference = _from_change(change, a_side, b_side)
        category = _furniture_or_mark(difference, change, a_side, b_side, removed)
        if category is Category.HEADER_FOOTER or category in _ONE_SIDED:
            changed = _changed_furniture_word(change, a_side, b_side, removed)
            if changed is not None:
                items.append((change, changed))
                continue
        if category is Category.HEADER_FOOTER and not _at_edge(change, a_side, b_side):
            # Body text of one side that the other took out as furniture: both hold it.
            held.append(replace(difference, category=category, severity=category.severity))
            continue
        if category is not difference.category:
            difference = replace(
                difference,
                category=category,
                severity=category.severity,
                segments=(),
                a_marks=(),
                b_marks=(),
            )
        items.append((change, difference))
    stray = _StrayGlyphs(a.paragraphs, b.paragraphs, [d for _, d in items])
    items = [(change, stray.explain(difference)) for change, difference in items]
    placed = _on_lines(
        _rewordings(items, a_side, b_side) + layout_differences(pairs, a, b, held),
        a.paragraphs,
        b.paragraphs,
    )
    if a.document.confidence or b.document.confidence:  # a side read by OCR
        placed = [
            misread(difference, a.document.confidence, b.document.confidence)
            for difference in placed
        ]
    return numbered(_hinted(placed))


def _on_lines(
    differences: list[Difference], a: Sequence[Paragraph], b: Sequence[Paragraph]
) -> list[Difference]:
    """Each difference to decide with the PDF lines its text stands on (`LinePiece`),
    so that it can be marked on its page without normalising the PDF again."""
    placed = []
    for difference in differences:
        if difference.severity is not Severity.LAYOUT:
            difference = replace(
                difference,
                a_lines=_line_pieces(a, difference.a_range, difference.a_rest),
                b_lines=_line_pieces(b, difference.b_range, difference.b_rest),
            )
        placed.append(difference)
    return placed


def _line_pieces(
    paragraphs: Sequence[Paragraph], first: TextRange | None, rest: Sequence[TextRange]
) -> tuple[LinePiece, ...]:
    """The lines a text range (and its rest in further paragraphs) covers, on pages only.

    An empty range (the side has nothing there) takes the character after it: where
    the other side's text would stand."""
    if first is None:
        return ()
    pieces = []
    for text_range in (first, *rest):
        if not 0 <= text_range.paragraph < len(paragraphs):
            continue
        paragraph = paragraphs[text_range.paragraph]
        start, end = text_range.start, max(text_range.end, text_range.start + 1)
        for span in paragraph.spans:
            if span.location.page is None or span.end <= start or span.start >= end:
                continue
            pieces.append(
                LinePiece(
                    span.location,
                    paragraph.text[span.start : span.end],
                    max(start, span.start) - span.start,
                    min(end, span.end) - span.start,
                )
            )
    return tuple(pieces)


def _hinted(differences: list[Difference]) -> list[Difference]:
    """Each one-word difference with the side a Swedish dictionary favours (`hints`),
    the word list read once for all of them."""
    hinted = [
        index for index, difference in enumerate(differences) if difference.category in HINTED
    ]
    hints = favoured_sides([differences[index] for index in hinted])
    result = list(differences)
    for index, hint in zip(hinted, hints, strict=True):
        result[index] = replace(result[index], hint=hint)
    return result


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


def numbered(differences: list[Difference]) -> list[Difference]:
    """Differences numbered 1..n as a report lists them: substantive first, then minor,
    then layout, each in document order. The numbers a person reads run on without gaps
    (layout ones, listed only on request, come last); the fingerprint is the stable id.

    The list is sorted and numbered in place, and returned: each unnumbered difference is
    let go as its numbered copy is made, so that a report's 20,000 are never held twice
    (3 MB at the end of a 478-page comparison)."""
    differences.sort(key=lambda d: (_SEVERITY_RANK[d.severity], _order(d)))
    for position, difference in enumerate(differences):
        differences[position] = difference.numbered(position + 1)
    return differences


_ONE_SIDED = (
    Category.INSERTED,
    Category.DELETED,
    Category.PARAGRAPH_ADDED,
    Category.PARAGRAPH_REMOVED,
)
_LONE_NUMBER = re.compile(r"\d{1,3}[.)]?")
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
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
        self.headers = {
            side: _FurnitureLines(e for e in events if e.category is Category.HEADER_FOOTER)
            for side, events in (("a", a), ("b", b))
        }

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

    def header_in_broken_word(self, a: str, b: str) -> bool:
        """Whether one side reads as the other with a running header the other removed
        between the halves of a word broken at a line end.

        A text copied from a PDF runs the title in the page's outer margin into the
        body's first line, after a word broken there: `betydelse- Prop. 2012/13:144
        fulla` against `betydelsefulla`. Only the header and the break are between them.
        """
        for text, other, side in ((a, b, "b"), (b, a, "a")):
            words, target = text.split(), other.split()
            # `word- header words half` becomes `wordhalf`: the words dropped are fixed
            # by the lengths, and the rest must be the other's words before and after
            dropped = len(words) - len(target)
            if dropped < 2:
                continue
            before = _common_prefix(words, target)
            after = _common_prefix(words[::-1], target[::-1])
            for start in range(min(before, len(target) - 1) + 1):
                end = start + dropped
                word = words[start]
                if (
                    len(words) - end - 1 <= after
                    and _BROKEN_WORD.search(word)
                    and target[start] == word[:-1] + words[end]
                    and self.in_furniture(side, " ".join(words[start + 1 : end]))
                ):
                    return True
        return False

    def in_furniture(self, side: str, text: str) -> bool:
        """Whether `text` (with a real word in it) stands in `side`'s removed furniture."""
        if not any(len(word) >= 3 for word in _words(text)):
            return False
        if " ".join(text.split()) in self.furniture[side]:
            return True
        return _covered_by_line_ends(_masked_words(text), self.furniture_ends[side])


def _common_prefix(first: Sequence[str], second: Sequence[str]) -> int:
    """How many items two sequences share from their start.

    >>> _common_prefix(["a", "b", "c"], ["a", "b", "x", "c"])
    2
    """
    shared = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared += 1
    return shared


RARE_SCRIPT_SHARE = 0.01
"""A script that makes up less than this share of a side's letters is foreign to it: a
CJK letter in an English text is a glyph some extractor mapped strangely, not a word."""


class _StrayGlyphs:
    """Glyphs one extractor read as a strange character and the other could not read.

    A symbol font's check mark or arrow has no Unicode mapping: pdfminer writes
    `(cid:2)` (unreadable, layout), poppler guesses a character from the font (`⻫`,
    `䊲`). The guess, standing alone, is the same glyph, not added text, when the other
    side has an unreadable glyph left on the same page for it (or the page before or
    after: a place near a page break is either). Each unreadable glyph explains one
    guessed character.
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
        page = location.page if location else None
        # Where a difference stands in the other input is the nearest paragraph there: at a
        # page break that may be either page, so the pages next to it are asked too.
        keys = [(other, at) for at in ([page] if page is None else [page, page + 1, page - 1])]
        key = next((key for key in keys if self.unread.get(key, 0) >= len(glyphs)), None)
        if key is None:
            return difference
        self.unread[key] -= len(glyphs)
        category = Category.UNREADABLE
        return replace(difference, category=category, severity=category.severity, segments=())


def _foreign_characters(paragraphs: Sequence[Paragraph]) -> frozenset[str]:
    """The letters of `paragraphs` from a script it hardly uses (`RARE_SCRIPT_SHARE`).

    The script is the first word of the character's Unicode name (LATIN, CJK, GREEK).
    """
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:  # not one joined string: 2 MB at 500 pages, kept by malloc
        counts.update(paragraph.text)
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
    """Every beginning and every end (in whole words, numbers masked) of these lines and
    of each of their cells (the parts a wide gap sets apart, written with a tab).

    Another extractor may read a line's cells as lines of their own and put them apart:
    poppler prints the Federal Register's margin line `VerDate …⇥PO 00000⇥Frm 00004⇥…`
    in pieces, one of them between the page's columns.

    >>> len(_line_ends(["Sida 1 av 2", "Sida 2 av 2"]))  # one masked line: 4 + 4 - 1 whole
    7
    >>> ("Frm", "0") in _line_ends(["VerDate 2014\\tPO 00000\\tFrm 00004\\tFmt 4702"])
    True
    """
    ends: set[tuple[str, ...]] = set()
    units = {unit for line in lines for unit in (line, *line.split("\t"))}
    for words in {_masked_words(unit)[:FURNITURE_LINE_WORDS] for unit in units}:
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
        if removed.header_in_broken_word(difference.a, difference.b):
            return Category.HEADER_FOOTER
        return difference.category
    if _at_edge(change, a_side, b_side):
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


class _FurnitureLines:
    """One side's removed running headers and footers, by shape (numbers masked), to find
    the line another text is with one word changed.

    A word changed in a running header is a real difference (`Copyight` on one page); a
    page counter that differs is not. A number counts as changed only where the lines of
    its shape hold one value on two pages or more (a year, a case number), never where
    they count (`Page 4`, `Page 5`)."""

    def __init__(self, events: Iterable[LayoutEvent]) -> None:
        self.by_shape: dict[tuple[str, ...], list[tuple[tuple[str, ...], LayoutEvent]]] = (
            defaultdict(list)
        )
        self.by_length: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for event in events:
            words = _furniture_words(event.text)
            shape = _masked_words(" ".join(words))
            if not self.by_shape[shape]:
                self.by_length[len(shape)].append(shape)
            self.by_shape[shape].append((words, event))

    def changed_word(self, words: tuple[str, ...]) -> tuple[int, str, LayoutEvent] | None:
        """Where `words` differ from one of these lines in exactly one word that is no
        page counter: (that word's index, the line's word there, the line's event); None
        when some line has them all, or none is one word apart.

        >>> event = LayoutEvent(Category.HEADER_FOOTER, "The Act of 1998", Location(1), "")
        >>> lines = _FurnitureLines([event, replace(event, location=Location(9))])
        >>> lines.changed_word(("The", "Acts", "of", "1998"))[:2]
        (1, 'Act')
        >>> lines.changed_word(("The", "Act", "of", "1999"))[:2]
        (3, '1998')
        >>> lines.changed_word(("The", "Act", "of", "1998")) is None
        True
        """
        if len(words) < CHANGED_LINE_WORDS:
            return None
        shape = _masked_words(" ".join(words))
        if shape in self.by_shape:
            return self._changed_number(words, shape)
        for other in self.by_length.get(len(shape), ()):
            apart = [i for i, (x, y) in enumerate(zip(shape, other, strict=True)) if x != y]
            if len(apart) != 1 or not _WORD_LETTERS.search(words[apart[0]]):
                continue
            line, event = self.by_shape[other][0]
            if all(words[i] == line[i] for i in range(len(words)) if i != apart[0]):
                return (apart[0], line[apart[0]], event)
        return None

    def nearest(self, event: LayoutEvent, place: Location) -> LayoutEvent:
        """The line of `event`'s shape that stands nearest `place` (the same header on
        the page where the other side's text is)."""
        shape = _masked_words(" ".join(_furniture_words(event.text)))
        return min(
            (line_event for _, line_event in self.by_shape[shape]),
            key=lambda line_event: _distance(line_event.location, place),
        )

    def _changed_number(
        self, words: tuple[str, ...], shape: tuple[str, ...]
    ) -> tuple[int, str, LayoutEvent] | None:
        """The one number of `words` that differs from the value its place holds on every
        line of this shape (two lines at least); places whose values vary count pages."""
        lines = self.by_shape[shape]
        if len(lines) < 2 or any(line == words for line, _ in lines):
            return None
        changed = []
        for index in (i for i, word in enumerate(words) if word != shape[i]):
            values = {line[index] for line, _ in lines}
            if len(values) == 1 and words[index] not in values:
                changed.append((index, values.pop()))
        if len(changed) != 1:
            return None
        index, value = changed[0]
        return index, value, lines[0][1]


CHANGED_LINE_WORDS = 4
"""Words at least in a header line that is taken for another with one word changed: a
piece of two or three words (`of 1998` against `December 1998`) is no such evidence."""

_WORD_LETTERS = re.compile(r"[^\W\d_]")


def _furniture_words(text: str) -> tuple[str, ...]:
    """The words of a furniture line without punctuation at their ends (unmasked)."""
    words = (word.strip(_END_PUNCTUATION) for word in text.split())
    return tuple(word for word in words if word)


def _changed_furniture_word(
    change: Change, a_side: _Side, b_side: _Side, removed: _Removed
) -> Difference | None:
    """A one-sided running header or footer that the other side has with one word
    changed, as that word's difference; None if it is no such line.

    Another extractor (or a reflowed text) keeps a header the other side took out: the
    two are the same line, and a word that differs in it is a real difference, located on
    both sides (the other side's header is where its line was removed)."""
    own_is_a = bool(change.a_tokens)
    tokens = change.a_tokens if own_is_a else change.b_tokens
    side = a_side if own_is_a else b_side
    kept = [(token, token.text.strip(_END_PUNCTUATION)) for token in tokens]
    kept = [(token, word) for token, word in kept if word]
    found = removed.headers["b" if own_is_a else "a"].changed_word(tuple(word for _, word in kept))
    if found is None:
        return None
    index, other_word, event = found
    place = change.b_at if own_is_a else change.a_at
    if place is not None:
        other_side = b_side if own_is_a else a_side
        event = removed.headers["b" if own_is_a else "a"].nearest(
            event, other_side.paragraphs[place.paragraph].location_at(place.start)
        )
    token, word = kept[index]
    category = categorize(word, other_word) if own_is_a else categorize(other_word, word)
    start = token.start + token.text.index(word)
    span = (token.paragraph, start, start + len(word))
    location = side.paragraphs[token.paragraph].location_at(start)
    difference = Difference(
        id=0,
        severity=category.severity,
        category=category,
        a=word if own_is_a else other_word,
        b=other_word if own_is_a else word,
        a_context="",
        b_context="",
        a_location=location if own_is_a else event.location,
        b_location=event.location if own_is_a else location,
        a_range=TextRange(*span) if own_is_a else None,
        b_range=None if own_is_a else TextRange(*span),
    )
    presented = _presented(
        difference, a_side, b_side, span if own_is_a else None, None if own_is_a else span, True
    )
    # The other side's context is its header line, which no paragraph holds.
    return (
        replace(presented, b_context=event.text, b_context_start=0)
        if own_is_a
        else replace(presented, a_context=event.text, a_context_start=0)
    )


def _at_edge(change: Change, a_side: _Side, b_side: _Side) -> bool:
    """Whether a one-sided change is all page-edge text its own side kept (`Line.edge`)."""
    tokens, side = (change.a_tokens, a_side) if change.a_tokens else (change.b_tokens, b_side)
    return bool(tokens) and all(side.paragraphs[token.paragraph].edge for token in tokens)


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
    elif change.whole_paragraph and _only_unmapped_glyphs(a_text or b_text):
        category = Category.UNREADABLE
    elif change.whole_paragraph and _LIST_MARKS.fullmatch(a_text or b_text):
        # a paragraph of marks only (a list's bullet the PDF sets apart from its item,
        # `•`): no words added or removed, as `categorize("", "•")` says of the same mark
        # inside a line
        category = Category.PUNCTUATION
    elif change.whole_paragraph:
        category = {
            PairKind.INSERTED: Category.PARAGRAPH_ADDED,
            PairKind.DELETED: Category.PARAGRAPH_REMOVED,
        }[change.pair.kind]
    else:
        category = categorize(a_text, b_text)
    difference = Difference(
        id=0,
        severity=category.severity,
        category=category,
        a=a_text,
        b=b_text,
        a_context="",
        b_context="",
        a_location=a_side.location(change.a_tokens, change.a_at),
        b_location=b_side.location(change.b_tokens, change.b_at),
        a_range=a_side.range_of(change.a_tokens),
        b_range=b_side.range_of(change.b_tokens),
        whole_paragraph=change.whole_paragraph,
        a_rest=a_side.rest_of(change.a_tokens),
        b_rest=b_side.rest_of(change.b_tokens),
    )
    fine = change.relocated is None and not change.whole_paragraph
    a_span, b_span = _span(change.a_tokens, change.a_at), _span(change.b_tokens, change.b_at)
    if category is Category.NUMBER and a_span is not None and b_span is not None:
        # a number is shown whole: `385 986` -> `485 986`, not `385` -> `485`
        a_span = _whole_number(a_side.paragraphs[a_span[0]].text, a_span)
        b_span = _whole_number(b_side.paragraphs[b_span[0]].text, b_span)
        a_text = a_side.paragraphs[a_span[0]].text[a_span[1] : a_span[2]]
        b_text = b_side.paragraphs[b_span[0]].text[b_span[1] : b_span[2]]
        difference = replace(
            difference,
            a=a_text,
            b=b_text,
            a_range=TextRange(*a_span),
            b_range=TextRange(*b_span),
        )
    return _presented(difference, a_side, b_side, a_span, b_span, fine)


_GROUP_AFTER = re.compile(r" \d{3}(?!\d)")
_GROUP_BEFORE = re.compile(r"(?<!\d)\d{1,3} $")


def _whole_number(text: str, span: _Span) -> _Span:
    """A span widened over the digit groups of the number it stands in (`385 986 kronor`:
    Swedish and SI write thousands apart with a space).

    >>> _whole_number("I år finns 385 986 kronor", (0, 11, 14))
    (0, 11, 18)
    """
    paragraph, start, end = span
    if start == end or not text[start:end].replace(" ", "").isdigit():
        return span
    while (match := _GROUP_AFTER.match(text, end)) is not None:
        end = match.end()
    while len(text[start:end].split(" ")[0]) == 3 and (
        found := _GROUP_BEFORE.search(text, 0, start)
    ):
        start = found.start()
    return paragraph, start, end


_Span = tuple[int, int, int]
"""(paragraph, start, end): where a change stands in one side's clean paragraphs."""


def _span(tokens: Sequence[Token], at: Token | None) -> _Span | None:
    """A run of tokens as a span of its first paragraph; an empty run as the point where
    the other side's text goes (before `at`)."""
    if tokens:
        first = tokens[0]
        if in_one_paragraph(tokens):
            return first.paragraph, first.start, tokens[-1].end
        last = [token for token in tokens if token.paragraph == first.paragraph][-1]
        return first.paragraph, first.start, last.end
    if at is not None:
        return at.paragraph, at.start, at.start
    return None


def _presented(
    difference: Difference,
    a_side: _Side,
    b_side: _Side,
    a_span: _Span | None,
    b_span: _Span | None,
    fine: bool,
) -> Difference:
    """The difference with its context sentences (cut alike on both sides), its segments
    and what to mark: letters for one word with a small edit, words otherwise.

    `fine` is False for moved text and whole paragraphs, which are shown whole.
    """
    difference = replace(
        difference,
        a_span=TextRange(*a_span) if a_span is not None else None,
        b_span=TextRange(*b_span) if b_span is not None else None,
    )
    texts = [
        side.paragraphs[span[0]].text if span is not None else ""
        for side, span in ((a_side, a_span), (b_side, b_span))
    ]
    spans = [(span[1], span[2]) if span is not None else (0, 0) for span in (a_span, b_span)]
    if a_span is None or b_span is None:
        own = 0 if a_span is not None else 1
        context, _ = aligned_contexts(texts[own], spans[own], texts[own], spans[own])
        contexts = [context, ("", 0)] if own == 0 else [("", 0), context]
    else:
        contexts = list(aligned_contexts(texts[0], spans[0], texts[1], spans[1]))
    segments: tuple[tuple[str, str], ...] = ()
    a_marks: tuple[tuple[int, int], ...] = ()
    b_marks: tuple[tuple[int, int], ...] = ()
    if fine:
        a, b = difference.a, difference.b
        one_word = bool(a and b) and not any(char.isspace() for char in a + b)
        letters = (
            one_word
            and difference.category is not Category.NUMBER
            and Indel.normalized_similarity(a, b) >= LETTER_SIMILARITY
        )
        segments, a_found, b_found = change_marks(a, b, letters)
        a_marks = _shifted(a_found, spans[0], len(texts[0]))
        b_marks = _shifted(b_found, spans[1], len(texts[1]))
    return replace(
        difference,
        a_context=contexts[0][0],
        b_context=contexts[1][0],
        a_context_start=contexts[0][1],
        b_context_start=contexts[1][1],
        segments=segments,
        a_marks=a_marks,
        b_marks=b_marks,
    )


LETTER_SIMILARITY = 0.5
"""Two words at least this alike (normalised Indel) are marked letter by letter
(`Arda{+la+}n`); less alike, letters in common are coincidence and the words are marked
whole."""


def _shifted(
    marks: tuple[tuple[int, int], ...], span: tuple[int, int], limit: int
) -> tuple[tuple[int, int], ...]:
    """Marks made on a change's text as offsets in its paragraph (those past the
    paragraph, where a change runs on into the next, are left out)."""
    start = span[0]
    return tuple((begin + start, end + start) for begin, end in marks if end + start <= limit)


REWORD_GAP = 3
"""Equal words between two changes of one sentence that still make them one rewording a
person decides on at once (`s{+tär+}ka` … `robusthet{+en+}`)."""

_GAP_WORD = re.compile(r"\w+")


def _rewordings(
    items: list[tuple[Change, Difference]], a_side: _Side, b_side: _Side
) -> list[Difference]:
    """Changes close together in one sentence joined into one difference.

    Runs of at most REWORD_GAP equal words, with no sentence end, between changes of the
    same aligned pair join them: a rewording comes out as one `reworded` difference with
    word-level marks, not as three items each repeating the sentence.
    """
    result: list[Difference] = []
    group: list[tuple[Change, Difference]] = []
    taken = _TakenSpans([change for change, _ in items])
    joinable = [
        change.relocated is None
        and not change.whole_paragraph
        and difference.severity is not Severity.LAYOUT
        # a list's bullet is the item's marker, no word of its sentence
        and not _LIST_MARKS.fullmatch(difference.a + difference.b)
        and _span(change.a_tokens, change.a_at) is not None
        and _span(change.b_tokens, change.b_at) is not None
        for change, difference in items
    ]
    swapped = _swaps(items, joinable, a_side, b_side)

    def close() -> None:
        if len(group) == 1:
            result.append(group[0][1])
        elif group:
            result.append(_reworded(group, a_side, b_side))
        group.clear()

    for position, (change, difference) in enumerate(items):
        if not joinable[position] and position in swapped:
            result.append(difference)  # layout inside a swap (a hyphen undone): apart
            continue
        if (
            joinable[position]
            and group
            and (
                position - 1 in swapped
                or _same_sentence(group[-1][0], change, a_side, b_side, taken)
            )
        ):
            group.append((change, difference))
            continue
        close()
        if joinable[position]:
            group.append((change, difference))
        else:
            result.append(difference)
    close()
    return result


SWAP_CHANGES = 6
"""Changes at most that together hold the same words on both sides, in another order."""

SWAP_WORDS = 120
"""Words at most between the first and the last of them: the rest of a long sentence and
the next one's first words, where a word was moved."""

SWAP_SENTENCE_ENDS = 2
"""Full stops at most between them: a word moved into the next sentence (a full stop
after a number or an abbreviation, `2018.` or `bl.a.`, may end no sentence)."""


def _swaps(
    items: list[tuple[Change, Difference]], joinable: list[bool], a_side: _Side, b_side: _Side
) -> set[int]:
    """The positions k of `items` whose change k must be joined with the next joinable
    change: runs of changes of one pair that hold the same words on both sides, in
    another order, in one sentence or the next (two case numbers swapped, a word moved
    into the next sentence). Each is one edit, whatever the words between; each change
    apart would be half of it. Layout between them (a hyphen undone) stays apart, and
    its position is in the set too.

    The words count once each way: `att` taken out here and put in three words on is
    the same word."""
    linked: set[int] = set()
    for first in range(len(items)):
        if not joinable[first] or first in linked:
            continue
        balance: Counter[str] = Counter()
        pair = items[first][0].pair
        for last in range(first, min(first + SWAP_CHANGES, len(items))):
            change, difference = items[last]
            if not joinable[last] and difference.severity is Severity.LAYOUT:
                continue
            if not joinable[last] or change.pair is not pair:
                break
            balance.update(_word_keys(change.a_tokens))
            balance.subtract(_word_keys(change.b_tokens))
            if last == first and not +balance and not -balance:
                break  # the same words on both sides already (`m3` for `m³`): no half
            if last > first and not +balance and not -balance:
                if _within_reach(items[first][0], change, a_side, b_side):
                    linked.update(range(first, last))
                break
    return linked


def _word_keys(tokens: Sequence[Token]) -> list[str]:
    return [token_key(token.text) for token in tokens if _WORD.search(token.text)]


def _within_reach(first: Change, last: Change, a_side: _Side, b_side: _Side) -> bool:
    """Whether two changes stand, on both sides, at most SWAP_WORDS words and
    SWAP_SENTENCE_ENDS full stops apart, in one paragraph or in paragraphs next to each
    other (a heading and its text, a list's items: one side's paragraph, the other's
    several)."""
    for side, before, after in (
        (a_side, _span(first.a_tokens, first.a_at), _end(last.a_tokens, last.a_at)),
        (b_side, _span(first.b_tokens, first.b_at), _end(last.b_tokens, last.b_at)),
    ):
        if before is None or after is None or after[0] < before[0]:
            return False
        if after[0] - before[0] > SWAP_PARAGRAPHS:
            return False
        gap = _text_between(side, (before[0], before[2]), after)
        if (
            len(_GAP_WORD.findall(gap)) > SWAP_WORDS
            or len(_SENTENCE_END.findall(gap)) > SWAP_SENTENCE_ENDS
        ):
            return False
    return True


SWAP_PARAGRAPHS = 2
"""Paragraph breaks at most between the changes of one swap: a heading, a date line and
the text after them, which one side runs together (a figure's labels, one a paragraph)."""


def _end(tokens: Sequence[Token], at: Token | None) -> tuple[int, int] | None:
    """Where a change ends (paragraph, offset): after its last token, which may stand in
    a later paragraph than its first; an empty change at the point before `at`."""
    if tokens:
        return tokens[-1].paragraph, tokens[-1].end
    if at is not None:
        return at.paragraph, at.start
    return None


def _text_between(side: _Side, start: tuple[int, int], end: tuple[int, int]) -> str:
    """The clean text from one (paragraph, offset) to a later one, paragraphs joined by a
    space."""
    if start[0] == end[0]:
        return side.paragraphs[start[0]].text[start[1] : end[1]]
    pieces = [side.paragraphs[start[0]].text[start[1] :]]
    pieces += [side.paragraphs[index].text for index in range(start[0] + 1, end[0])]
    pieces.append(side.paragraphs[end[0]].text[: end[1]])
    return " ".join(pieces)


class _TakenSpans:
    """Where every change stands, by side and paragraph, to tell an equal gap from one
    that holds another change (a passage relocated there, a header glued in)."""

    def __init__(self, changes: Sequence[Change]) -> None:
        self.starts: dict[tuple[str, int], list[int]] = defaultdict(list)
        for change in changes:
            for side, tokens in (("a", change.a_tokens), ("b", change.b_tokens)):
                if tokens and in_one_paragraph(tokens):
                    self.starts[(side, tokens[0].paragraph)].extend(map(_START, tokens))
                    continue
                for token in tokens:
                    self.starts[(side, token.paragraph)].append(token.start)
        for starts in self.starts.values():
            starts.sort()

    def any_between(self, side: str, paragraph: int, start: int, end: int) -> bool:
        """Whether a changed token starts in [start, end) of the paragraph."""
        starts = self.starts.get((side, paragraph), [])
        at = bisect_left(starts, start)
        return at < len(starts) and starts[at] < end


def _same_sentence(
    first: Change, second: Change, a_side: _Side, b_side: _Side, taken: _TakenSpans
) -> bool:
    """Whether `second` follows `first` in the same pair, a few equal words on, in one
    sentence."""
    if first.pair is not second.pair:
        return False
    for name, side, before, after in (
        ("a", a_side, _span(first.a_tokens, first.a_at), _span(second.a_tokens, second.a_at)),
        ("b", b_side, _span(first.b_tokens, first.b_at), _span(second.b_tokens, second.b_at)),
    ):
        if before is None or after is None or before[0] != after[0] or after[1] < before[2]:
            return False
        gap = side.paragraphs[before[0]].text[before[2] : after[1]]
        if len(_GAP_WORD.findall(gap)) > REWORD_GAP or _SENTENCE_END.search(gap):
            return False
        if taken.any_between(name, before[0], before[2], after[1]):
            return False
    return True


def _reworded(group: list[tuple[Change, Difference]], a_side: _Side, b_side: _Side) -> Difference:
    """One difference for a group of changes in one sentence (or, for a swap, in
    paragraphs next to each other), from the first change's start to the last one's end
    on each side. Over several paragraphs, its range is the part in the first and its
    `rest` the others' (as a change that runs on into the next paragraph)."""
    a_range, a_rest = _group_range(a_side, [(c.a_tokens, c.a_at) for c, _ in group])
    b_range, b_rest = _group_range(b_side, [(c.b_tokens, c.b_at) for c, _ in group])
    a_text = _range_text(a_side, a_range, a_rest)
    b_text = _range_text(b_side, b_range, b_rest)
    category = categorize(a_text, b_text)
    if category in (Category.WORD, Category.SPELLING):
        category = Category.REWORDED
    difference = replace(
        group[0][1],
        category=category,
        severity=category.severity,
        a=a_text,
        b=b_text,
        a_location=a_side.paragraphs[a_range[0]].location_at(a_range[1]),
        b_location=b_side.paragraphs[b_range[0]].location_at(b_range[1]),
        a_range=TextRange(*a_range),
        b_range=TextRange(*b_range),
        a_rest=a_rest,
        b_rest=b_rest,
    )
    return _presented(difference, a_side, b_side, a_range, b_range, fine=True)


def _group_range(
    side: _Side, changes: list[tuple[Sequence[Token], Token | None]]
) -> tuple[_Span, tuple[TextRange, ...]]:
    """Where a group of changes stands on one side: from the first one's start to the
    last one's end, as the span in its first paragraph and the ranges in the next."""
    start = min(span for tokens, at in changes if (span := _span(tokens, at)) is not None)
    end = max(place for tokens, at in changes if (place := _end(tokens, at)) is not None)
    paragraph = start[0]
    if end[0] == paragraph:
        text = side.paragraphs[paragraph].text
        return _trimmed(text, (paragraph, start[1], max(end[1], start[2]))), ()
    first = _trimmed(
        side.paragraphs[paragraph].text, (paragraph, start[1], len(side.paragraphs[paragraph].text))
    )
    middle = [
        TextRange(index, 0, len(side.paragraphs[index].text))
        for index in range(paragraph + 1, end[0])
    ]
    last = TextRange(*_trimmed(side.paragraphs[end[0]].text, (end[0], 0, end[1])))
    return first, (*middle, last)


def _range_text(side: _Side, first: _Span, rest: tuple[TextRange, ...]) -> str:
    """The clean text of a span and the ranges after it, paragraphs joined by a space."""
    pieces = [side.paragraphs[first[0]].text[first[1] : first[2]]]
    pieces += [side.paragraphs[part.paragraph].text[part.start : part.end] for part in rest]
    return " ".join(piece for piece in pieces if piece)


def _trimmed(text: str, span: _Span) -> _Span:
    """A span without the spaces at its ends: a group ending at the point where the other
    side's words go ends before the space in front of the next word.

    >>> _trimmed("att inte bevilja", (0, 0, 9))
    (0, 0, 8)
    """
    paragraph, start, end = span
    end = min(end, len(text))
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return paragraph, start, end


# --------------------------------------------------------------------------------------
# Layout differences
# --------------------------------------------------------------------------------------


def layout_differences(
    pairs: Sequence[Pair],
    a: NormalizedDocument,
    b: NormalizedDocument,
    held: Sequence[Difference] = (),
) -> list[Difference]:
    """Layout events present on one side only, each located on both sides.

    Events cancel by (category, key): the same line break, header or rule on both sides is
    no difference. On the other side, the location is where the same words stand in the
    aligned paragraph (or that paragraph's start, for a removed header or rule).

    `held` are texts one side keeps in its body where the other took the same lines out
    as headers or footers (another extractor keeps a header inline; body lines that open
    two pages alike looked like a footer to one side): both documents hold those words,
    so the text and the lines cancel. A held text whose lines are not all there to cancel
    is reported as the furniture it is.
    """
    a_to_b = _paragraph_map(pairs, from_a=True)
    b_to_a = _paragraph_map(pairs, from_a=False)
    a_starts = [_location_key(paragraph.first_location) for paragraph in a.paragraphs]
    b_starts = [_location_key(paragraph.first_location) for paragraph in b.paragraphs]

    def across(event: LayoutEvent, from_a: bool) -> Location | None:
        if from_a:
            return _locate_on_other_side(event, a_starts, b.paragraphs, a_to_b)
        return _locate_on_other_side(event, b_starts, a.paragraphs, b_to_a)

    changed, a_events, b_events = _changed_furniture_events(a.events, b.events, across)
    unmatched: list[Difference] = []
    furniture = _FurnitureByFirstWord(a_events), _FurnitureByFirstWord(b_events)
    for difference in held:
        lines, place = (
            (furniture[1], difference.b_location)
            if difference.a
            else (furniture[0], difference.a_location)
        )
        if not lines.compose(difference.a or difference.b, place):
            unmatched.append(difference)
    a_events, b_events = furniture[0].left(), furniture[1].left()
    shared = Counter((e.category, e.key) for e in a_events) & Counter(
        (e.category, e.key) for e in b_events
    )
    differences: list[Difference] = changed + unmatched
    for own_is_a, events in ((True, a_events), (False, b_events)):
        remaining = Counter(shared)
        for event in events:
            key = (event.category, event.key)
            if remaining[key] > 0:
                remaining[key] -= 1
                continue
            other_location = across(event, own_is_a)
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


def _changed_furniture_events(
    a: Sequence[LayoutEvent],
    b: Sequence[LayoutEvent],
    across: Callable[[LayoutEvent, bool], Location | None],
) -> tuple[list[Difference], list[LayoutEvent], list[LayoutEvent]]:
    """Running headers and footers taken out on both sides that are one line with a word
    changed on one side, as that word's difference; and the events left to cancel.

    Their keys mask page numbers, so `Act of 1999` on one page cancels `Act of 1998`
    unless looked at: a year that every other header of the document holds is no page
    counter (`_FurnitureLines`). The changed line's counterpart is the other side's line
    of the same key nearest to where the alignment puts it (`across`)."""
    changed: list[Difference] = []
    kept = {"a": list(a), "b": list(b)}
    for own, other in (("a", "b"), ("b", "a")):
        lines = _FurnitureLines(e for e in kept[other] if e.category is Category.HEADER_FOOTER)
        for event in [e for e in kept[own] if e.category is Category.HEADER_FOOTER]:
            found = lines.changed_word(_furniture_words(event.text))
            if found is None:
                continue
            index, other_word, counterpart = found
            place = across(event, own == "a")
            same_key = [e for e in kept[other] if e.key == event.key]
            if same_key and place is not None:
                counterpart = min(same_key, key=lambda e: _distance(e.location, place))
            kept[own].remove(event)
            if counterpart in kept[other]:
                kept[other].remove(counterpart)
            word = _furniture_words(event.text)[index]
            a_event, b_event = (event, counterpart) if own == "a" else (counterpart, event)
            a_word, b_word = (word, other_word) if own == "a" else (other_word, word)
            category = categorize(a_word, b_word)
            changed.append(
                Difference(
                    id=0,
                    severity=category.severity,
                    category=category,
                    a=a_word,
                    b=b_word,
                    a_context=a_event.text,
                    b_context=b_event.text,
                    a_location=a_event.location,
                    b_location=b_event.location,
                )
            )
    return changed, kept["a"], kept["b"]


class _FurnitureByFirstWord:
    """One side's removed header, footer and page-number lines, by their first word, for
    `compose` to take those that make up a text the other side keeps in its body."""

    def __init__(self, events: Sequence[LayoutEvent]) -> None:
        self.events = events
        self.taken: set[int] = set()
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for index, event in enumerate(events):
            if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER):
                words = tuple(event.text.split())
                if words:
                    self.by_first[words[0]].append((words, index))

    def compose(self, text: str, place: Location | None) -> bool:
        """Take the lines that make up `text` word for word, one after another, each the
        longest that fits and the nearest to `place` of those; take none and say False
        if they do not make it up.

        >>> at = Location(line=1)
        >>> lines = [LayoutEvent(Category.HEADER_FOOTER, t, at, t) for t in ("A b", "c d", "e")]
        >>> furniture = _FurnitureByFirstWord(lines)
        >>> furniture.compose("A b c x", at), furniture.compose("A b c d", at)
        (False, True)
        >>> [event.text for event in furniture.left()]
        ['e']
        """
        words = tuple(text.split())
        chosen: list[int] = []
        at = 0
        while at < len(words):
            fitting = [
                (line, index)
                for line, index in self.by_first.get(words[at], ())
                if words[at : at + len(line)] == line
                and index not in self.taken
                and index not in chosen
            ]
            if not fitting:
                return False
            longest = max(len(line) for line, _ in fitting)
            candidates = [index for line, index in fitting if len(line) == longest]
            chosen.append(
                min(candidates, key=lambda index: _distance(self.events[index].location, place))
                if place is not None
                else candidates[0]
            )
            at += longest
        self.taken.update(chosen)
        return True

    def left(self) -> list[LayoutEvent]:
        """The events no `compose` took, in their order."""
        return [event for index, event in enumerate(self.events) if index not in self.taken]


def _distance(location: Location, place: Location) -> tuple[int, int]:
    """How far apart two locations of one input are: pages first, then lines."""
    return (abs((location.page or 0) - (place.page or 0)), abs(location.line - place.line))


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
