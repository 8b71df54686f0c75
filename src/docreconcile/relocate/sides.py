"""The leftover tokens of each side (`_Side`), the passages matched between them
(`_Match`), and what the other rooms ask of a run of tokens (its words, its ends)."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from docreconcile.model import Change, Paragraph, Token
from docreconcile.tokens import in_one_paragraph, token_key

SHINGLE = 3
"""Tokens in one indexed run. Three words rarely recur by chance in leftovers."""

MIN_LONG_LETTERS = 10
"""A match found anywhere in the document needs this many letters and digits..."""

MIN_LONG_WORDS = 2
"""...in at least this many words; shorter matches must be nearby (see `NEARBY`)."""

MAX_CANDIDATES = 16
"""Occurrences of one shingle tried, nearest first: keeps repetitive text linear."""

GAP = 3
"""Tokens between two matches that still make them one passage with a change inside."""

NEARBY = 4000
"""Characters (about a page of text) within which a short piece may match."""

MIN_WORD_LETTERS = 2
"""Letters and digits a single leftover word needs to be matched on its own."""

NEARBY_COLUMN = 1500
"""Characters (about a column of a two-column page) within which a relocated passage is
reading order when neither side has pages to tell."""

SEAM = 2
"""Characters between two tokens of one piece of text: a space (or the one that stands
for a paragraph break), and a mark pulled off a word."""

_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
_START = operator.attrgetter("start")
_TEXT = operator.attrgetter("text")


@dataclass(frozen=True)
class _Side:
    """The leftover tokens of one document, in document order, with where they came from."""

    tokens: list[Token]
    keys: list[str]
    owners: list[int]  # index of the change each token came from
    expected: Sequence[int]  # character position where the other side's order puts it
    positions: Sequence[int]  # this token's own character position in its document
    reach: int = NEARBY  # characters within which a short piece may match (about a page)
    pages: tuple[tuple[int, int], ...] = ()  # each page's [start, end) positions, in order

    def window(self, expected: int) -> tuple[int, int]:
        """The positions of this side where a piece expected at `expected` may stand:
        within `reach` of it, and anywhere on the page that holds it.

        A page is read in another order as a whole (a table read across by one extractor
        and down by the other puts a heading at the top on one side and at the foot on
        the other), however long the page is.

        >>> side = _Side([], [], [], [], [], reach=100, pages=((0, 1000), (1000, 1500)))
        >>> side.window(950), side.window(1200), side.window(5000)
        ((0, 1050), (1000, 1500), (4900, 5100))
        """
        low, high = expected - self.reach, expected + self.reach
        at = self.page_at(expected)
        if at >= 0:
            low, high = min(low, self.pages[at][0]), max(high, self.pages[at][1])
        return low, high

    def page_at(self, position: int) -> int:
        """The index in `pages` of the page holding `position`, or -1 if none does."""
        at = bisect.bisect_right(self.pages, (position, 1 << 62)) - 1
        return at if at >= 0 and self.pages[at][0] <= position < self.pages[at][1] else -1

    @cached_property
    def runs(self) -> list[tuple[int, int]]:
        """The [start, end) runs of tokens that came from one change each, in order.

        >>> _Side([], [], [7, 7, 3, 9, 9], [], []).runs
        [(0, 2), (2, 3), (3, 5)]
        """
        owners = self.owners
        if not owners:
            return []
        # Where the owner changes, found without a Python step per token (millions in
        # a shuffled document): a third faster than comparing in a loop.
        changes = map(operator.ne, owners, itertools.islice(owners, 1, None))
        bounds = [0, *itertools.compress(itertools.count(1), changes), len(owners)]
        return list(itertools.pairwise(bounds))

    @cached_property
    def occurrences(self) -> dict[str, list[int]]:
        """Each key's token indices, in order: a word is looked up, not scanned for."""
        found: dict[str, list[int]] = defaultdict(list)
        for index, key in enumerate(self.keys):
            found[key].append(index)
        return found

    def follows(self, index: int) -> bool:
        """Whether leftover token `index + 1` follows token `index` in the document, with
        nothing but a space or a paragraph break between (`SEAM` characters at most)."""
        return (
            self.positions[index + 1] - self.positions[index] - len(self.tokens[index].text) <= SEAM
        )

    def nearness(self, position: int, expected: int) -> tuple[bool, int]:
        """How near `position` stands to `expected` (less is nearer): on the same page
        first, then by distance.

        A table's heads recur at the top of every page; one extractor reads them at the
        foot of the page, closer to the next page's copy than to its own.
        """
        page = self.page_at(expected)
        return (page < 0 or self.page_at(position) != page, abs(position - expected))


@dataclass(frozen=True)
class _Match:
    a_start: int
    b_start: int
    a_end: int
    b_end: int


def _page_length(paragraphs: Sequence[Paragraph], offsets: list[int]) -> int:
    """Characters per page of a paged document (0 without pages): "nearby" is about a page,
    and a dense three-column page holds more than NEARBY (the IRS 1040-NR instructions
    average 5,800 characters a page).

    >>> from docreconcile.model import Location, Span
    >>> _page_length([Paragraph(0, "x" * 9000, (Span(0, 9000, Location(1, page=1)),))], [0])
    9001
    """
    pages = {span.location.page for paragraph in paragraphs for span in paragraph.spans}
    pages.discard(None)
    if not paragraphs or not pages:
        return 0
    total = offsets[-1] + len(paragraphs[-1].text) + 1
    return total // len(pages)


def _page_bounds(
    paragraphs: Sequence[Paragraph], offsets: list[int]
) -> tuple[tuple[int, int], ...]:
    """Each page's first and past-last character position, in page order (none without
    pages). A paragraph that runs over a page break gives each page its own part.

    >>> from docreconcile.model import Location, Span
    >>> spans = (Span(0, 5, Location(1, page=1)), Span(6, 9, Location(2, page=2)))
    >>> _page_bounds([Paragraph(0, "abcde fgh", spans)], [0])
    ((0, 5), (6, 9))
    """
    bounds: dict[int, tuple[int, int]] = {}
    for paragraph, offset in zip(paragraphs, offsets, strict=True):
        for span in paragraph.spans:
            page = span.location.page
            if page is None:
                continue
            start, end = offset + span.start, offset + span.end
            low, high = bounds.get(page, (start, end))
            bounds[page] = (min(low, start), max(high, end))
    return tuple(bounds[page] for page in sorted(bounds))


def _paragraph_offsets(paragraphs: Sequence[Paragraph]) -> list[int]:
    """Where each paragraph starts in the document's text, its paragraphs joined by one space.

    >>> _paragraph_offsets([Paragraph(0, "Bakgrund", ()), Paragraph(1, "Text.", ())])
    [0, 9]
    """
    offsets, total = [], 0
    for paragraph in paragraphs:
        offsets.append(total)
        total += len(paragraph.text) + 1
    return offsets


def _side(
    changes: Sequence[Change],
    leftover: list[int],
    side: str,
    own_offsets: list[int],
    other_offsets: list[int],
) -> _Side:
    """Collect one side's leftover tokens, sorted into document order.

    A change's tokens are one run in order, and no two changes overlap, so the changes
    are sorted by where they start and their tokens follow as they are."""
    blocks: list[tuple[int, int, tuple[Token, ...], int]] = []
    for index in leftover:
        change = changes[index]
        tokens = change.a_tokens if side == "a" else change.b_tokens
        if not tokens:
            continue
        anchor = change.b_at if side == "a" else change.a_at
        expected = _position(anchor, other_offsets) if anchor is not None else -1
        blocks.append((_position(tokens[0], own_offsets), index, tokens, expected))
    blocks.sort(key=lambda block: block[0])
    all_tokens: list[Token] = []
    owners: list[int] = []
    # Plain numbers, not a number object each: a shuffled document leaves every token
    # over, and two objects a token were a fifth of its comparison's memory.
    expected_at = array("q")
    positions = array("q")
    for first, index, tokens, expected in blocks:
        if in_one_paragraph(tokens):
            # One paragraph (as good as always): one offset for all, added without a
            # Python step per token (a shuffled document leaves every token over).
            placed = list(map(own_offsets[tokens[0].paragraph].__add__, map(_START, tokens)))
        else:
            placed = [own_offsets[token.paragraph] + token.start for token in tokens]
        all_tokens.extend(tokens)
        owners.extend([index] * len(tokens))
        positions.extend(placed)
        # A long run goes on from its anchor as far on the other side as on its own:
        # its end is expected that far on, not at the anchor.
        if expected >= 0:
            expected_at.extend(map((expected - first).__add__, placed))
        else:
            expected_at.extend([-1] * len(tokens))
    return _Side(
        tokens=all_tokens,
        keys=list(map(token_key, map(_TEXT, all_tokens))),
        owners=owners,
        expected=expected_at,
        positions=positions,
    )


def _position(token: Token, offsets: list[int]) -> int:
    return offsets[token.paragraph] + token.start


LABEL_WORDS = 6
"""Words at most in a line of a signature block or a table's cell (`_Pages.one_label`)."""

_LABEL = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.):]")


def _is_label(tokens: Sequence[Token]) -> bool:
    """Whether a run of tokens is a list's label (`8.`, `b)`, `(iv)`): at a line's start,
    one reader sets it on a line of its own, the other before the item's text.

    >>> _is_label([Token("8", 0, 0, 1), Token(".", 0, 1, 2)])
    True
    >>> _is_label([Token("291", 0, 0, 3)])
    False
    """
    return len(tokens) <= 4 and bool(_LABEL.fullmatch("".join(token.text for token in tokens)))


RUN_PIECE_WORDS = 2
"""Words at least in each of two pieces of a line that stand in the other order on the
other side, for them to be pieces the other reader cut apart; a word alone traded with
its neighbour (`15 103` for `103 15`) is an edit."""


def _words(tokens: Sequence[Token]) -> int:
    return sum(1 for token in tokens if _WORD.search(token.text))


_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


def _has_letters(text: str) -> bool:
    """Whether text holds a word, glyphs the PDF maps to nothing left out.

    >>> _has_letters("(cid:3) "), _has_letters(", och")
    (False, True)
    """
    return bool(_WORD.search(_UNMAPPED_GLYPH.sub("", text)))


def _has_words(tokens: Sequence[Token]) -> bool:
    return any(_WORD.search(token.text) for token in tokens)


def _ends(passage: _Match, name: str) -> tuple[int, int]:
    return (passage.a_start, passage.a_end) if name == "a" else (passage.b_start, passage.b_end)
