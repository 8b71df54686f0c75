"""Relocate: find what both documents contain, in another place, among what diff left over.

Paragraph alignment pairs paragraphs in order, and diff finds the words that differ inside
each pair. Text that stands in another order (columns read in another order, a
side-by-side header block, a list that is one paragraph on one side and thirteen on the
other, a heading joined to its text) is then left over as a deletion on one side and an
insertion on the other. This stage matches the leftovers of A against those of B at word
level across the whole document, so that only words that truly occur on one side remain
substantive:

0. **Paragraphs moved whole.** A paragraph deleted whole on one side and inserted whole,
   word for word, on the other, where no other such paragraph has the same words, is
   matched first, among those paragraphs only: a document whose paragraphs were put in
   another order leaves every one of them over, and the passes below never see them.
1. **Long matches.** Every run of `SHINGLE` tokens left over in B is indexed; the
   leftovers of A are looked up shingle by shingle, and a hit is extended as far as both
   sides agree. The cost is linear in the leftovers: candidates per shingle are capped,
   and the nearest ones to where the text would stand are tried first.
2. **Short pieces** (a heading, a list number, a name) match only an identical piece
   nearby, where reading order, not editing, is the likely cause: one word deleted here
   and inserted three pages later stays a real difference.
3. **Passages.** Matches that follow each other on both sides with at most `GAP` tokens
   between them are one relocated passage; the tokens between are diffed as usual, so a
   changed word inside moved text is still reported, as a change inside the move.

A relocated passage is layout (`reading_order`) when it stays on the page (or, with no
pages, within about a column of text) where the other document's order puts it, and a
minor `moved` difference otherwise.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from rapidfuzz.distance import Indel

from docreconcile.diff import diff_tokens
from docreconcile.model import Category, Change, Paragraph, Span, Token
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


def relocate(
    changes: Sequence[Change], a: Sequence[Paragraph], b: Sequence[Paragraph]
) -> list[Change]:
    """Changes with the text both sides contain turned into relocated passages.

    Changes that leave nothing over (a change of case or typography) pass through; a
    leftover change whose tokens all found their place elsewhere disappears; one that
    found some keeps the rest.
    """
    a_offsets, b_offsets = _paragraph_offsets(a), _paragraph_offsets(b)
    leftover = [index for index, change in enumerate(changes) if _is_leftover(change)]
    if not leftover:
        return list(changes)
    reach = max(NEARBY, _page_length(a, a_offsets), _page_length(b, b_offsets))
    a_pages, b_pages = _page_bounds(a, a_offsets), _page_bounds(b, b_offsets)
    pages = _Pages(a, a_offsets), _Pages(b, b_offsets)

    def sides(indices: list[int]) -> tuple[_Side, _Side]:
        side_a = _side(changes, indices, "a", a_offsets, b_offsets)
        side_b = _side(changes, indices, "b", b_offsets, a_offsets)
        return replace(side_a, reach=reach, pages=a_pages), replace(
            side_b, reach=reach, pages=b_pages
        )

    # Paragraphs moved whole first, among themselves: a shuffled document leaves every
    # paragraph over, and the passes below need not see them.
    moved, taken = _moved_paragraphs(
        changes, [index for index in leftover if changes[index].whole_paragraph], sides, pages
    )
    leftover = [index for index in leftover if index not in taken]
    side_a, side_b = sides(leftover)
    if not side_a.tokens or not side_b.tokens:
        kept = [change for index, change in enumerate(changes) if index not in taken]
        return moved + kept
    used_a, used_b = [False] * len(side_a.tokens), [False] * len(side_b.tokens)
    # What stands on its own page is matched first: a phrase that recurs (a table's
    # column heads, an icon's label) must not be taken by a copy a page away.
    matches = _long_matches(side_a, side_b, used_a, used_b, near=True) if side_b.pages else []
    matches += _long_matches(side_a, side_b, used_a, used_b)
    matches += _short_matches(side_a, side_b, used_a, used_b)
    matches += _edited_pieces(side_a, side_b, used_a, used_b)
    ordered = sorted(matches, key=lambda match: match.a_start)
    passages = _explained(
        _passages(ordered, side_a.positions, side_b.positions), side_a, side_b, pages, changes
    )
    rebuilt = _rebuild(changes, passages, side_a, side_b, taken)
    return _joined_swaps(_rejoin_replacements(moved + rebuilt), pages)


def _joined_swaps(changes: list[Change], pages: tuple[_Pages, _Pages]) -> list[Change]:
    """Two moves that trade places (sentences swapped: A has the one then the other,
    B the other then the one, each right after the other) as one move: one edit, one
    difference to decide, not two."""
    moves = sorted(
        (index for index, change in enumerate(changes) if change.relocated is Category.MOVED),
        key=lambda index: (changes[index].a_tokens[0].paragraph, changes[index].a_tokens[0].start),
    )
    a_pages, b_pages = pages
    merged: dict[int, Change] = {}
    gone: set[int] = set()
    for index, other in itertools.pairwise(moves):
        if index in gone:
            continue
        first, second = changes[index], changes[other]
        if a_pages.adjacent(first.a_tokens[-1], second.a_tokens[0]) and b_pages.adjacent(
            second.b_tokens[-1], first.b_tokens[0]
        ):
            merged[index] = Change(
                first.pair,
                first.a_tokens + second.a_tokens,
                second.b_tokens + first.b_tokens,
                first.a_tokens[0],
                second.b_tokens[0],
                relocated=Category.MOVED,
            )
            gone.add(other)
    if not merged:
        return changes
    return [merged.get(index, change) for index, change in enumerate(changes) if index not in gone]


def _moved_paragraphs(
    changes: Sequence[Change],
    whole: list[int],
    sides: Callable[[list[int]], tuple[_Side, _Side]],
    pages: tuple[_Pages, _Pages],
) -> tuple[list[Change], set[int]]:
    """Paragraphs deleted whole on one side and inserted whole, word for word, on the
    other (`_whole_paragraph_matches`), as relocated passages; and the indices of the
    changes they took."""
    if not whole:
        return [], set()
    side_a, side_b = sides(whole)
    matches = _whole_paragraph_matches(side_a, side_b)
    if not matches:
        return [], set()
    ordered = sorted(matches, key=lambda match: match.a_start)
    passages = _explained(
        _passages(ordered, side_a.positions, side_b.positions), side_a, side_b, pages, changes
    )
    taken = {side_a.owners[match.a_start] for match, _ in passages}
    taken |= {side_b.owners[match.b_start] for match, _ in passages}
    return _relocated(changes, passages, side_a, side_b), taken


REJOIN_SIMILARITY = 0.6
"""How alike (normalised Indel) a deleted and an inserted word at one place must be to be
taken for one word changed: `dokumntera` / `dokumentera` is 0.95, `och` / `samt` 0.29."""


def _rejoin_replacements(changes: list[Change]) -> list[Change]:
    """A word deleted from A and a like word inserted at that very place are one change.

    Where two extractors order the text around an edit differently, the passages on
    either side of it are matched apart, and the edited word is left over on each side in
    a change of its own: `dokumntera` deleted, and `dokumentera` inserted where A has
    `dokumntera`. Put back together they are the misspelling they are.
    """
    insertions: dict[tuple[int, int], int] = {}
    for index, change in enumerate(changes):
        one_word = not change.a_tokens and len(change.b_tokens) == 1
        if one_word and change.a_at is not None and change.relocated is None:
            insertions.setdefault((change.a_at.paragraph, change.a_at.start), index)
    partners: dict[int, int] = {}
    for index, change in enumerate(changes):
        if change.b_tokens or len(change.a_tokens) != 1 or change.relocated is not None:
            continue
        token = change.a_tokens[0]
        partner = insertions.get((token.paragraph, token.start))
        if partner is None or partner in partners.values():
            continue
        word = changes[partner].b_tokens[0].text
        if Indel.normalized_similarity(token.text, word) >= REJOIN_SIMILARITY:
            partners[index] = partner
    if not partners:
        return changes
    taken = set(partners.values())
    result = []
    for index, change in enumerate(changes):
        if index in taken:
            continue
        if (
            index in partners
            and change.a_tokens[0].text == changes[partners[index]].b_tokens[0].text
        ):
            continue  # the same word taken out and put back at one place: no change
        if index in partners:
            inserted = changes[partners[index]].b_tokens
            change = Change(change.pair, change.a_tokens, inserted, change.a_tokens[0], inserted[0])
        result.append(change)
    return result


def _is_leftover(change: Change) -> bool:
    """Whether a change holds text that may stand elsewhere on the other side: not a
    token equal to its counterpart but for case or typography, nor units the diff
    found whole in another order (`units.permuted_windows`)."""
    if change.relocated is not None:
        return False
    if len(change.a_tokens) == 1 and len(change.b_tokens) == 1:
        return token_key(change.a_tokens[0].text) != token_key(change.b_tokens[0].text)
    return True


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


def _whole_paragraph_matches(a: _Side, b: _Side) -> list[_Match]:
    """On sides made of paragraphs deleted whole and inserted whole: those word for word
    the same on both sides, where no other such paragraph has the same words (one
    paragraph moved).

    A document whose paragraphs were put in another order leaves every one of them over;
    shingle by shingle, each would be tried against every paragraph sharing three words
    with it (in minutes, many share whole sentences). Consecutive moved paragraphs still
    make one passage (`_passages`).
    """
    found: list[dict[tuple[str, ...], list[tuple[int, int]]]] = []
    for side in (a, b):
        by_words: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
        for start, end in side.runs:
            by_words[tuple(side.keys[start:end])].append((start, end))
        found.append(by_words)
    in_a, in_b = found
    matches: list[_Match] = []
    for words, places in in_a.items():
        others = in_b.get(words, [])
        if len(places) != 1 or len(others) != 1:
            continue  # a paragraph that recurs: which copy went where is for the passes below
        (a_start, a_end), (b_start, b_end) = places[0], others[0]
        if not _substantial(a.tokens[a_start:a_end]):
            continue
        matches.append(_Match(a_start, b_start, a_end, b_end))
    return matches


def _long_matches(
    a: _Side, b: _Side, used_a: list[bool], used_b: list[bool], near: bool = False
) -> list[_Match]:
    """Runs of at least SHINGLE tokens that both sides left over, found anywhere (or only
    near their expected place, with `near`)."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for start in range(len(b.keys) - SHINGLE + 1):
        index[tuple(b.keys[start : start + SHINGLE])].append(start)
    matches: list[_Match] = []
    position = 0
    while position <= len(a.keys) - SHINGLE:
        if used_a[position]:
            position += 1  # taken (`_best_hit` would say None): no lookup
            continue
        hits = index.get(tuple(a.keys[position : position + SHINGLE]))
        found = _best_hit(a, b, position, hits, used_a, used_b, near) if hits else None
        if found is None or not _substantial(a.tokens[found.a_start : found.a_end]):
            position += 1
            continue
        _take(found, used_a, used_b)
        matches.append(found)
        position = found.a_end
    return matches


def _best_hit(
    a: _Side,
    b: _Side,
    start: int,
    hits: list[int],
    used_a: list[bool],
    used_b: list[bool],
    near: bool = False,
) -> _Match | None:
    """The longest extension of A's shingle at `start` among the nearest candidates in B,
    one near its expected place (`_Side.window`) before any farther away; with `near`,
    only one on the page its place falls on.

    A table's column heads recur on every page; the copy on this page is the one, even
    where the copy on the next page happens to run on for more words.
    """
    if used_a[start]:
        return None
    expected = a.expected[start]
    low, high = b.window(expected) if expected >= 0 else (0, 0)
    candidates = [hit for hit in _nearest(hits, b.positions, expected) if not used_b[hit]]
    if near and (
        expected < 0 or not any(not b.nearness(b.positions[hit], expected)[0] for hit in candidates)
    ):
        return None  # nothing on its page: left for the pass that looks anywhere
    best: _Match | None = None
    best_score = (False, False, 0, 0)
    longest_elsewhere = 0
    for candidate in candidates:
        position = b.positions[candidate]
        other_page, distance = b.nearness(position, expected) if expected >= 0 else (True, 0)
        match = _extend(a, b, start, candidate, used_a, used_b)
        length = match.a_end - match.a_start
        if near and other_page:
            longest_elsewhere = max(longest_elsewhere, length)
            continue
        score = (low <= position <= high, not other_page, length, -distance)
        if length >= SHINGLE and (best is None or score > best_score):
            best, best_score = match, score
    # A copy elsewhere that matches more of this text is the one: the copy on this page
    # is a phrase it happens to share (`Boeing Special Attention Service Bulletin 737–`),
    # unless it is all this change left over (a table's head, recurring on every page).
    if (
        near
        and best is not None
        and longest_elsewhere > best.a_end - best.a_start
        and not _covers_change(a, best)
    ):
        return None
    return best


def _covers_change(side: _Side, match: _Match) -> bool:
    """Whether a match takes in every leftover token of the change it starts in."""
    owner = side.owners[match.a_start]
    first, last = match.a_start, match.a_end - 1
    while first > 0 and side.owners[first - 1] == owner:
        first -= 1
    while last + 1 < len(side.owners) and side.owners[last + 1] == owner:
        last += 1
    return match.a_start <= first and last < match.a_end


def _nearest(hits: list[int], positions: Sequence[int], expected: int) -> list[int]:
    """Up to MAX_CANDIDATES of `hits` (sorted indices), those nearest `expected` first.

    >>> _nearest([0, 1, 2, 3], [0, 100, 200, 300], 210)
    [2, 3, 1, 0]
    """
    if len(hits) <= 1:
        return hits
    if expected < 0:
        return hits[:MAX_CANDIDATES]
    centre = bisect.bisect_left([positions[hit] for hit in hits], expected)
    window = hits[max(0, centre - MAX_CANDIDATES) : centre + MAX_CANDIDATES]
    window.sort(key=lambda hit: abs(positions[hit] - expected))
    return window[:MAX_CANDIDATES]


def _extend(
    a: _Side, b: _Side, a_start: int, b_start: int, used_a: list[bool], used_b: list[bool]
) -> _Match:
    """Grow a seed match backwards and forwards while both sides agree, are free and
    go on in their documents: leftovers listed one after the other may stand pages apart
    (a bullet far on equals a bullet far on), and a match is one piece of text."""
    while (
        a_start > 0
        and b_start > 0
        and not used_a[a_start - 1]
        and not used_b[b_start - 1]
        and a.keys[a_start - 1] == b.keys[b_start - 1]
        and a.follows(a_start - 1)
        and b.follows(b_start - 1)
    ):
        a_start, b_start = a_start - 1, b_start - 1
    length = 1
    while (
        a_start + length < len(a.keys)
        and b_start + length < len(b.keys)
        and not used_a[a_start + length]
        and not used_b[b_start + length]
        and a.keys[a_start + length] == b.keys[b_start + length]
        and a.follows(a_start + length - 1)
        and b.follows(b_start + length - 1)
    ):
        length += 1
    return _Match(a_start, b_start, a_start + length, b_start + length)


def _substantial(tokens: Sequence[Token]) -> bool:
    """Enough words that a match anywhere in the document is no coincidence.

    The words are counted once each: a label repeated around a mark (`CAUTION !
    CAUTION`, an icon's text on every other page) says no more than one word does.

    >>> _substantial([Token("den", 0, 0, 3), Token("30", 0, 4, 6), Token("juni", 0, 7, 11)])
    False
    >>> _substantial([Token("CAUTION", 0, 0, 7), Token("!", 0, 8, 9), Token("CAUTION", 0, 10, 17)])
    False
    """
    words: set[str] = set()
    letters = 0
    for token in tokens:  # stops as soon as it is enough: a paragraph's first few words
        if not _WORD.search(token.text):
            continue
        word = token_key(token.text)
        if word not in words:
            words.add(word)
            letters += len(word)
            if len(words) >= MIN_LONG_WORDS and letters >= MIN_LONG_LETTERS:
                return True
    return False


def _take(match: _Match, used_a: list[bool], used_b: list[bool]) -> None:
    for index in range(match.a_start, match.a_end):
        used_a[index] = True
    for index in range(match.b_start, match.b_end):
        used_b[index] = True


def _pieces(side: _Side, used: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of unmatched leftover tokens that came from one change."""
    pieces: list[tuple[int, int]] = []
    for start, end in side.runs:
        taken = used[start:end]
        if False not in taken:
            continue  # all matched (a paragraph moved whole): nothing left of this change
        if True not in taken:
            pieces.append((start, end))
            continue
        index = start
        while index < end:
            if used[index]:
                index += 1
                continue
            piece_start = index
            while index < end and not used[index]:
                index += 1
            pieces.append((piece_start, index))
    return pieces


def _short_matches(a: _Side, b: _Side, used_a: list[bool], used_b: list[bool]) -> list[_Match]:
    """Pieces of one side found again, unmatched, near where the other side's order puts
    them: first whole pieces in both, then a piece of either side inside the other's.

    A piece is a run of leftover tokens from one change (a heading, a list number, a
    footnote number, a name, a few words a column break cut off). It is looked for only
    within NEARBY characters of its expected place, so one word deleted here and inserted
    pages away stays a real difference.
    """
    matches = _whole_piece_matches(a, b, used_a, used_b)
    for own, other, used_own, used_other, flip in (
        (a, b, used_a, used_b, False),
        (b, a, used_b, used_a, True),
    ):
        for start, end in _pieces(own, used_own):
            found = _find_nearby(own, other, start, end, used_own, used_other)
            if found is None:
                continue
            match = (
                _Match(found, start, found + end - start, end)
                if flip
                else _Match(start, found, end, found + end - start)
            )
            _take(match, used_a, used_b)
            matches.append(match)
    return matches + _word_matches(a, b, used_a, used_b)


EDITED_PIECE = 8
"""Tokens at most in a leftover piece that `_edited_pieces` pairs with one word changed."""


def _edited_pieces(a: _Side, b: _Side, used_a: list[bool], used_b: list[bool]) -> list[_Match]:
    """Leftover pieces alike on both sides but for one word: moved text with a word
    changed inside it, found as one passage (its change reported inside the move).

    Shingle matches break at the changed word, and the few words between it and the next
    match are left over on both sides (`intee omfattas av` here, `inte omfattas av`
    there): the same words around one that differs, as substantial as a match must be.
    """
    index: dict[tuple[int, int, tuple[str, ...]], list[int]] = defaultdict(list)
    for start, end in _pieces(b, used_b):
        if 2 <= end - start <= EDITED_PIECE:
            keys = b.keys[start:end]
            for at in range(end - start):
                index[(end - start, at, tuple(keys[:at] + keys[at + 1 :]))].append(start)
    matches: list[_Match] = []
    for start, end in _pieces(a, used_a):
        length = end - start
        if not 2 <= length <= EDITED_PIECE:
            continue
        keys = a.keys[start:end]
        for at in range(length):
            same = tuple(keys[:at] + keys[at + 1 :])
            around = [t for i, t in enumerate(a.tokens[start:end]) if i != at]
            if not _substantial(around) or not _WORD.search(keys[at]):
                continue
            free = [
                other
                for other in index.get((length, at, same), [])
                if not any(used_b[other : other + length]) and _WORD.search(b.keys[other + at])
            ]
            if not free:
                continue
            expected = a.expected[start]
            other = min(free, key=lambda hit: b.nearness(b.positions[hit], expected))
            match = _Match(start, other, end, other + length)
            _take(match, used_a, used_b)
            matches.append(match)
            break
    return matches


def _word_matches(a: _Side, b: _Side, used_a: list[bool], used_b: list[bool]) -> list[_Match]:
    """Single words still left over on both sides, each matched to the nearest like word.

    Where two extractors interleave columns or table cells word by word (a form's
    instructions read across three columns by one and down them by the other), pieces
    are cut so finely that no whole piece recurs on the other side; the words do. Only
    words that truly occur on one side stay substantive, and a word is still looked for
    only within about a page of its expected place (`_Side.reach`), so one deleted here
    and inserted pages away stays a real difference.

    A word with a footnote mark run into it by one extractor (`copying2`) is looked for
    without it as well (`copying`, its mark raised and taken out by the other).
    """
    matches: list[_Match] = []
    for own, other, used_own, used_other, flip in (
        (a, b, used_a, used_b, False),
        (b, a, used_b, used_a, True),
    ):
        for start in range(len(own.tokens)):
            # A word of two letters or digits at least: a lone hyphen, comma or page
            # number matched on its own would break up a hyphenated word or a mark.
            if used_own[start] or len(_WORD.findall(own.tokens[start].text)) < MIN_WORD_LETTERS:
                continue
            found = None
            if not flip:
                found = _find_nearby(own, other, start, start + 1, used_own, used_other)
            marked = _MARKED_WORD.fullmatch(own.keys[start])
            if found is None and marked:
                keys = [marked.group(1)]
                found = _find_nearby(own, other, start, start + 1, used_own, used_other, keys)
            if found is None:
                continue
            match = (
                _Match(found, start, found + 1, start + 1)
                if flip
                else _Match(start, found, start + 1, found + 1)
            )
            _take(match, used_a, used_b)
            matches.append(match)
    return matches


_MARKED_WORD = re.compile(r"([^\W\d_]{2,})\d{1,2}")
"""A word with a footnote number run into its end: `copying2`, `act3`."""


def _whole_piece_matches(
    a: _Side, b: _Side, used_a: list[bool], used_b: list[bool]
) -> list[_Match]:
    """Pieces left over whole on both sides, identical, and nearest to each other."""
    by_key: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for start, end in _pieces(b, used_b):
        by_key[tuple(b.keys[start:end])].append((start, end))
    matches: list[_Match] = []
    for start, end in _pieces(a, used_a):
        expected = a.expected[start]
        if expected < 0:
            continue
        best: tuple[int, int] | None = None
        best_distance = (True, 1 << 62)
        low, high = b.window(expected)
        for b_start, b_end in by_key.get(tuple(a.keys[start:end]), ()):
            position = b.positions[b_start]
            distance = b.nearness(position, expected)
            if not used_b[b_start] and low <= position <= high and distance < best_distance:
                best, best_distance = (b_start, b_end), distance
        if best is not None:
            match = _Match(start, best[0], end, best[1])
            _take(match, used_a, used_b)
            matches.append(match)
    return matches


def _find_nearby(
    own: _Side,
    other: _Side,
    start: int,
    end: int,
    used_own: list[bool],
    used_other: list[bool],
    keys: list[str] | None = None,
) -> int | None:
    """Where the key sequence of own[start:end] (or `keys` in its stead) stands unmatched
    among the other side's leftovers near its expected place, nearest first; None if
    nowhere.

    Only the other side's occurrences of the first key inside the window are tried
    (`_Side.occurrences`), so the search costs what the word's own occurrences cost,
    however many leftovers crowd the page (a reflowed text read against a three-column
    page leaves thousands)."""
    expected = own.expected[start]
    if expected < 0:
        return None
    keys = own.keys[start:end] if keys is None else keys
    length = end - start
    first, last = other.window(expected)
    low = bisect.bisect_left(other.positions, first)
    high = bisect.bisect_right(other.positions, last)
    occurrences = other.occurrences.get(keys[0], [])
    candidates = [
        index
        for index in occurrences[
            bisect.bisect_left(occurrences, low) : bisect.bisect_left(
                occurrences, min(high, len(other.keys)) - length + 1
            )
        ]
        if other.keys[index : index + length] == keys
        and not any(used_other[index : index + length])
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda index: other.nearness(other.positions[index], expected))


GAP_SPAN = 120
"""Characters the GAP tokens between two matches may span in each document: a few words.
Leftover tokens are listed apart from what diff matched, so two of them next to each
other in that list may stand a page apart in the text."""


def _passages(
    matches: list[_Match],
    a_positions: Sequence[int] | None = None,
    b_positions: Sequence[int] | None = None,
) -> list[_Match]:
    """Join matches that follow each other on both sides with at most GAP tokens between
    (spanning at most GAP_SPAN characters in each document, when positions are given).

    >>> [(p.a_start, p.a_end, p.b_start, p.b_end) for p in
    ...  _passages([_Match(0, 10, 5, 15), _Match(6, 16, 9, 19), _Match(20, 0, 25, 5)])]
    [(0, 9, 10, 19), (20, 25, 0, 5)]

    Two tokens apart in the list of leftovers but a paragraph apart in A: two passages.

    >>> len(_passages([_Match(0, 0, 2, 2), _Match(3, 3, 5, 5)], [0, 5, 10, 900, 905],
    ...               [0, 5, 10, 15, 20]))
    2
    """
    # Tokens between two matches are a change inside the passage only if no other match
    # took them: in a table read by rows on one side and by columns on the other, the
    # words between two matches in B are often matched themselves, elsewhere in A.
    matched_b = bytearray(max((match.b_end for match in matches), default=0))
    for match in matches:  # a flag a token: a set of millions of them took a second
        matched_b[match.b_start : match.b_end] = b"\x01" * (match.b_end - match.b_start)
    passages: list[_Match] = []
    for match in matches:
        if passages:
            last = passages[-1]
            a_gap, b_gap = match.a_start - last.a_end, match.b_start - last.b_end
            near = 0 <= a_gap <= GAP and 0 <= b_gap <= GAP
            if near and a_positions is not None and b_positions is not None:
                near = (
                    a_positions[match.a_start] - a_positions[last.a_end - 1] <= GAP_SPAN
                    and b_positions[match.b_start] - b_positions[last.b_end - 1] <= GAP_SPAN
                )
            if near and not any(matched_b[last.b_end : match.b_start]):
                passages[-1] = replace(last, a_end=match.a_end, b_end=match.b_end)
                continue
        passages.append(match)
    return passages


def _relocated(
    changes: Sequence[Change], passages: list[tuple[_Match, Category]], a: _Side, b: _Side
) -> list[Change]:
    """Each passage as a relocated change of its kind, followed by the changes inside it."""
    result: list[Change] = []
    for passage, kind in passages:
        a_tokens = a.tokens[passage.a_start : passage.a_end]
        b_tokens = b.tokens[passage.b_start : passage.b_end]
        pair = changes[a.owners[passage.a_start]].pair
        result.append(
            Change(pair, tuple(a_tokens), tuple(b_tokens), a_tokens[0], b_tokens[0], relocated=kind)
        )
        result.extend(diff_tokens(pair, a_tokens, b_tokens))
    return result


def _rebuild(
    changes: Sequence[Change],
    passages: list[tuple[_Match, Category]],
    a: _Side,
    b: _Side,
    taken: set[int] | frozenset[int] = frozenset(),
) -> list[Change]:
    """The new list of changes: passages (with the changes inside them) and what is left,
    without the changes in `taken` (matched whole already)."""
    covered_a, covered_b = bytearray(len(a.tokens)), bytearray(len(b.tokens))
    for passage, _ in passages:
        covered_a[passage.a_start : passage.a_end] = b"\x01" * (passage.a_end - passage.a_start)
        covered_b[passage.b_start : passage.b_end] = b"\x01" * (passage.b_end - passage.b_start)
    result = _relocated(changes, passages, a, b)
    a_runs, b_runs = _runs_by_owner(a), _runs_by_owner(b)
    for index, change in enumerate(changes):
        if index in taken:
            continue
        runs = (a_runs.get(index, ()), b_runs.get(index, ()))
        if not runs[0] and not runs[1]:
            result.append(change)  # no leftover (case or typography): as it was
            continue
        untouched = all(covered_a.find(1, start, end) < 0 for start, end in runs[0]) and all(
            covered_b.find(1, start, end) < 0 for start, end in runs[1]
        )
        if untouched:
            result.append(change)
            continue
        a_rest = [
            a.tokens[k] for start, end in runs[0] for k in range(start, end) if not covered_a[k]
        ]
        b_rest = [
            b.tokens[k] for start, end in runs[1] for k in range(start, end) if not covered_b[k]
        ]
        result.extend(_remainder(change, a_rest, b_rest))
    return result


def _runs_by_owner(side: _Side) -> dict[int, list[tuple[int, int]]]:
    """Each change's runs of tokens on one side, by the change's index."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for start, end in side.runs:
        runs.setdefault(side.owners[start], []).append((start, end))
    return runs


def _explained(
    passages: list[_Match],
    a: _Side,
    b: _Side,
    pages: tuple[_Pages, _Pages],
    changes: Sequence[Change],
) -> list[tuple[_Match, Category]]:
    """The passages the layout or a move of whole text explains, each with its kind;
    the others are left to be reported as the changes they are (`_kind`).

    A passage is read in another order (`readable`) where one side with geometry shows
    it, or a text whose sentence over a page break put lines in another order: there, it
    lies in a run of whole lines (`_whole_runs`) that a reader could take in another
    order (`_readable_on`). The other side may have run it into its lines (a text, a PDF
    set from one)."""
    readable: dict[int, str] = {}  # passage index: the side that shows its order
    for name, layout in (("a", pages[0]), ("b", pages[1])):
        if not layout.geometry and not layout.reordered:
            continue
        candidates = [
            index
            for index, passage in enumerate(passages)
            if _readable_on(name, passage, a, b, layout)
            or not _has_words(a.tokens[passage.a_start : passage.a_end])
        ]
        for index in _whole_runs(
            [passages[index] for index in candidates], candidates, (a, b), pages, name
        ):
            readable.setdefault(index, name)
    matched = bytearray(len(a.tokens)), bytearray(len(b.tokens))
    for passage in passages:
        matched[0][passage.a_start : passage.a_end] = b"\x01" * (passage.a_end - passage.a_start)
        matched[1][passage.b_start : passage.b_end] = b"\x01" * (passage.b_end - passage.b_start)
    explained = []
    for index, passage in enumerate(passages):
        kind = _kind(passage, a, b, pages, readable.get(index), changes, matched)
        if kind is not None:
            explained.append((passage, kind))
    return explained


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


def _whole_runs(
    passages: list[_Match],
    indices: list[int],
    sides: tuple[_Side, _Side],
    layouts: tuple[_Pages, _Pages],
    name: str,
) -> set[int]:
    """The `indices` of the passages that lie, on one side (`name`), in a run of passages
    next to each other (nothing but marks between them) that starts where a line (or a
    part a wide gap sets apart) starts and ends where one ends.

    A column read in another order is found in several passages where the other side cut
    it otherwise (its lines, a heading glued on): together they are whole lines. They
    stand in the same order on the other side, unless the other side put them apart and
    each is a whole line there (a footer's fields, each a line of its own on one side,
    one line on the other) or of a few words (`RUN_PIECE_WORDS`): words or sentences
    traded inside a line (`15 103` for `103 15`) make no run."""
    order = sorted(range(len(passages)), key=lambda at: _ends(passages[at], name)[0])
    other = "b" if name == "a" else "a"
    own_index = 0 if name == "a" else 1
    side, layout = sides[own_index], layouts[own_index]
    other_side, other_layout = sides[1 - own_index], layouts[1 - own_index]
    runs: list[list[int]] = []
    for position, at in enumerate(order):
        start, _ = _ends(passages[at], name)
        if runs:
            before = passages[runs[-1][-1]]
            _, end = _ends(before, name)
            # next to each other here, and in the same order there: pieces of one text
            # the other side cut otherwise, not words traded within a line
            here, there = _ends(passages[at], other), _ends(before, other)
            # Cut inside a line here, the two pieces are one unit: the passage after them
            # here may not stand right between them there (`A C B` for `A B C`, B
            # starting inside A's last line: a sentence traded with its neighbour, not
            # lines read in another order).
            following = order[position + 1] if position + 1 < len(order) else None
            traded = (
                following is not None
                and not (
                    layout.ends_unit(side.tokens[end - 1])
                    and layout.starts_unit(side.tokens[start])
                )
                and _right_between(
                    _ends(passages[following], other), there, here, other_side, other_layout
                )
            )
            if layout.adjacent(side.tokens[end - 1], side.tokens[start]) and (
                (here[0] >= there[1] and not traded)
                or (
                    # not two neighbours traded (`X Y` for `Y X`): pieces of the line the
                    # other side put apart
                    not other_layout.adjacent(
                        other_side.tokens[here[1] - 1], other_side.tokens[there[0]]
                    )
                    and all(
                        other_layout.whole(other_side.tokens[slice(*_ends(piece, other))])
                        or _words(side.tokens[slice(*_ends(piece, name))]) >= RUN_PIECE_WORDS
                        for piece in (before, passages[at])
                    )
                )
            ):
                runs[-1].append(at)
                continue
        runs.append([at])
    whole: set[int] = set()
    for run in runs:
        # Each passage of the run is whole with those before it back to one that starts
        # a line, and with those after it up to one that ends a line.
        starts = [layout.starts_unit(side.tokens[_ends(passages[at], name)[0]]) for at in run]
        ends = [
            layout.ends_unit(side.tokens[_ends(passages[at], name)[1] - 1])
            or (start and _is_label(side.tokens[slice(*_ends(passages[at], name))]))
            for at, start in zip(run, starts, strict=True)
        ]
        for position in range(1, len(run)):
            starts[position] = starts[position] or starts[position - 1]
        for position in range(len(run) - 2, -1, -1):
            ends[position] = ends[position] or ends[position + 1]
        whole.update(
            indices[at] for at, start, end in zip(run, starts, ends, strict=True) if start and end
        )
    return whole


def _right_between(
    middle: tuple[int, int],
    before: tuple[int, int],
    after: tuple[int, int],
    side: _Side,
    layout: _Pages,
) -> bool:
    """Whether, on one side, the tokens `middle` stand right after those of `before` and
    right before those of `after` (start and end indices into the side's tokens)."""
    tokens = side.tokens
    return (
        before[1] <= middle[0]
        and middle[1] <= after[0]
        and layout.adjacent(tokens[before[1] - 1], tokens[middle[0]])
        and layout.adjacent(tokens[middle[1] - 1], tokens[after[0]])
    )


def _readable_on(name: str, passage: _Match, a: _Side, b: _Side, layout: _Pages) -> bool:
    """Whether, on one side (`name`) with geometry, a passage is lines a reader could take
    in another order (`_Pages.free`), put by the other side's order into another
    paragraph than its own (`_Pages.elsewhere`): a block's lines are read in one order."""
    side, (start, end) = (a, _ends(passage, "a")) if name == "a" else (b, _ends(passage, "b"))
    expected = b.expected[passage.b_start] if name == "a" else a.expected[passage.a_start]
    tokens = side.tokens[start:end]
    return (
        layout.free(tokens)
        and layout.elsewhere(tokens, side.positions[start], expected)
        and layout.lands_under(tokens, expected)
    )


def _at_seam(
    passage: _Match, a: _Side, b: _Side, pages: tuple[_Pages, _Pages], changes: Sequence[Change]
) -> bool:
    """Whether a passage stands where the text is in the same order on both sides, only
    cut into paragraphs otherwise: at the end of one aligned group on one side and at
    the start of the next group on the other.

    A text run over a page's foot (`... The scope of the protection` | footer | `is set
    out in two ...`) is two paragraphs on one side and one on the other; paired group by
    group, the words at the break land in neighbouring groups, and are left over on
    both sides though they stand in the same place."""
    a_first, a_last = a.tokens[passage.a_start], a.tokens[passage.a_end - 1]
    b_first, b_last = b.tokens[passage.b_start], b.tokens[passage.b_end - 1]
    a_pair = changes[a.owners[passage.a_start]].pair
    b_pair = changes[b.owners[passage.b_start]].pair
    if a_pair is b_pair or not a_pair.a or not a_pair.b or not b_pair.a or not b_pair.b:
        return False
    if a_pair.a[-1] + 1 == b_pair.a[0] and a_pair.b[-1] + 1 == b_pair.b[0]:
        # A's tail of its group, B's head of the next group
        return _tail_of(a, passage.a_end, a_last, a_pair.a, pages[0]) and _head_of(
            b, passage.b_start, b_first, b_pair.b, pages[1]
        )
    if b_pair.a[-1] + 1 == a_pair.a[0] and b_pair.b[-1] + 1 == a_pair.b[0]:
        return _tail_of(b, passage.b_end, b_last, b_pair.b, pages[1]) and _head_of(
            a, passage.a_start, a_first, a_pair.a, pages[0]
        )
    return False


IN_PLACE_WORDS = 4
"""Words a passage needs to be found in place (`_in_place`): a word or two a rewritten
sentence kept stand near where they stood without being text in place. At the seam of
two aligned groups (`_at_seam`) a heading alone is in place."""

SAME_SHARE = 0.8
"""Share of its words a passage must hold on both sides to be text in place: short
matches glued over the changes between them (`för ... så ... i sin` of a rewritten
sentence) are a rewording, not text in place."""


def _mostly_same(a_tokens: Sequence[Token], b_tokens: Sequence[Token]) -> bool:
    """Whether two runs of tokens share SAME_SHARE of their words (by key, any order)."""
    a_words = Counter(token_key(token.text) for token in a_tokens if _WORD.search(token.text))
    b_words = Counter(token_key(token.text) for token in b_tokens if _WORD.search(token.text))
    shared = sum((a_words & b_words).values())
    return shared >= SAME_SHARE * max(sum(a_words.values()), sum(b_words.values()), 1)


IN_PLACE_REACH = 2000
"""Characters at most between where a passage stands and where the other side's order
puts it, for `_in_place` to look whether anything stands between."""


def _in_place(
    passage: _Match,
    a: _Side,
    b: _Side,
    pages: tuple[_Pages, _Pages],
    matched: tuple[bytearray, bytearray],
) -> bool:
    """Whether a passage stands, on both sides, where the other side's order puts it,
    with nothing between but left-over text no passage took: in the same order as all
    text both sides hold in place, only paired otherwise (a document one paragraph on
    one side and two thousand on the other; text either side of a page break).

    A word traded with its neighbour (`inte att` for `att inte`) has that neighbour
    between where it stands and where it would: in place, or in a passage of its own
    (`matched`: each side's leftover tokens that some passage took) that crosses it."""
    for side, start, other, other_start, layout, taken in (
        (a, passage.a_start, b, passage.b_start, pages[0], matched[0]),
        (b, passage.b_start, a, passage.a_start, pages[1], matched[1]),
    ):
        own, expected = side.positions[start], other.expected[other_start]
        if expected < 0 or abs(own - expected) > IN_PLACE_REACH:
            return False
        low, high = min(own, expected), max(own, expected)
        words = layout.words_between(low, high)
        first = bisect.bisect_left(side.positions, low)
        last = bisect.bisect_left(side.positions, high)
        end = start + (passage.a_end - passage.a_start)
        left_over = sum(
            len(_WORDS.findall(side.tokens[index].text))
            for index in range(first, last)
            if not taken[index] or start <= index < end
        )
        if words > left_over:
            return False
    return True


def _tail_of(side: _Side, end: int, last: Token, paragraphs: Sequence[int], layout: _Pages) -> bool:
    """Whether the words after `last` to the end of its group's `paragraphs` are all left
    over too (a footer run in, say): nothing in its place follows it there."""
    if last.paragraph not in paragraphs:
        return False
    group = [index for index in paragraphs if index >= last.paragraph]
    words = sum(
        len(
            _WORDS.findall(
                layout.paragraphs[index].text, last.end if index == last.paragraph else 0
            )
        )
        for index in group
    )
    tokens = side.tokens
    following = itertools.takewhile(
        lambda token: token.paragraph <= group[-1],
        (tokens[index] for index in range(end, len(tokens))),
    )
    return words == sum(len(_WORDS.findall(token.text)) for token in following)


def _head_of(
    side: _Side, start: int, first: Token, paragraphs: Sequence[int], layout: _Pages
) -> bool:
    """Whether the words before `first` from the start of its group's `paragraphs` are
    all left over too (a bullet the other side set apart, say)."""
    if first.paragraph not in paragraphs:
        return False
    group = [index for index in paragraphs if index <= first.paragraph]
    words = 0
    for index in group:
        text = layout.paragraphs[index].text
        words += len(
            _WORDS.findall(text, 0, first.start if index == first.paragraph else len(text))
        )
    tokens = side.tokens
    preceding = itertools.takewhile(
        lambda token: token.paragraph >= group[0],
        (tokens[index] for index in range(start - 1, -1, -1)),
    )
    return words == sum(len(_WORDS.findall(token.text)) for token in preceding)


def _kind(
    passage: _Match,
    a: _Side,
    b: _Side,
    pages: tuple[_Pages, _Pages],
    readable: str | None,
    changes: Sequence[Change],
    matched: tuple[bytearray, bytearray],
) -> Category | None:
    """What explains text both sides hold in another order, if anything: a reader's order
    (`READING_ORDER`), whole text moved (`MOVED`), or nothing (None: the order changed,
    which is substance).

    Reading order is a permutation of whole layout units (`readable` names the side that
    shows it, `_explained`): reading order on that side's page where the other side's
    order puts it, a move off it. With no geometry on either side nothing shows a
    reader's order. Else whole sentences, lines or paragraphs on both sides are a move,
    and so is a passage of LONG_MOVE_WORDS words or more; anything less (a word, a name,
    a number, a clause) is an edit. Marks alone (a bullet,
    a `§`) say nothing: a bullet one reader sets on a line of its own is the other's
    line's first mark.
    """
    a_pages, b_pages = pages
    a_tokens = a.tokens[passage.a_start : passage.a_end]
    b_tokens = b.tokens[passage.b_start : passage.b_end]
    sides = (
        (b_pages, b_tokens, b.positions[passage.b_start], a.expected[passage.a_start]),
        (a_pages, a_tokens, a.positions[passage.a_start], b.expected[passage.b_start]),
    )
    if readable is not None:
        sides = sides[::-1] if readable == "a" else sides
    with_pages = [side for side in sides if side[0].page_at(side[2]) is not None]
    # Text in the same order as everything around it (only paired otherwise) is in
    # place; a few words that merely recur nearby (a word a rewording kept) are not.
    in_place = _mostly_same(a_tokens, b_tokens) and (
        _at_seam(passage, a, b, pages, changes)
        or (_words(a_tokens) >= IN_PLACE_WORDS and _in_place(passage, a, b, pages, matched))
    )
    if readable is not None or not _has_words(a_tokens) or in_place:
        # A text that took lines over a page break in another order has them a page off.
        over_page = readable is not None and not (a_pages if readable == "a" else b_pages).geometry
        return _placed(with_pages[0] if with_pages else None, passage, a, b, over_page)
    if (
        not a_pages.geometry
        and not b_pages.geometry
        and all(layout.one_label(tokens) for layout, tokens, _, _ in sides)
    ):
        # Two texts: a line of a signature block or a table read column by column on
        # one side, row by row on the other (what a PDF's text gives).
        return _placed(None, passage, a, b)
    if _words(a_tokens) >= LONG_MOVE_WORDS or all(
        layout.whole_text(tokens) for layout, tokens, _, _ in sides
    ):
        return Category.MOVED
    return None


LONG_MOVE_WORDS = 30
"""Words that make a passage a move wherever it starts and ends: as long as two
sentences, it is text both sides hold in another place, not words traded in one."""


def _placed(
    side: tuple[_Pages, Sequence[Token], int, int] | None,
    passage: _Match,
    a: _Side,
    b: _Side,
    over_page: bool = False,
) -> Category:
    """Reading order where text stays on the page the other side's order puts it on (or
    the next, `over_page`; without pages, within NEARBY_COLUMN characters of it), a move
    elsewhere."""
    if side is not None:
        layout, _, own, expected = side
        own_page, expected_page = layout.page_at(own), layout.page_at(expected)
        near = (
            expected < 0
            or own_page == expected_page
            or (
                over_page
                and own_page is not None
                and expected_page is not None
                and abs(own_page - expected_page) <= 1
            )
        )
    else:
        near = abs(b.positions[passage.b_start] - a.expected[passage.a_start]) <= NEARBY_COLUMN
    return Category.READING_ORDER if near else Category.MOVED


_OPENING = " \t([{\"'“‘«–—-•\uf0b7*"
"""What may stand before a sentence's first word: spaces, an opening bracket or quote,
a dash or a bullet."""

_SENTENCE_END_BEFORE = re.compile(r"[.!?:;][)\]}\"'”’»]*$")


@dataclass(frozen=True)
class _Pages:
    """One document's paragraphs joined (at `offsets`): the page of a character position,
    and the layout units (`Span`s) a run of tokens covers."""

    paragraphs: Sequence[Paragraph]
    offsets: list[int]

    @cached_property
    def geometry(self) -> bool:
        """Whether the document has pages and lines of its own (a PDF)."""
        return any(
            span.location.page is not None
            for paragraph in self.paragraphs
            for span in paragraph.spans
        )

    @cached_property
    def reordered(self) -> bool:
        """Whether the reader took some lines in another order than they stand (a text's
        sentence joined over a page's foot and the next page's head: `unwrap`)."""
        return any(span.free for paragraph in self.paragraphs for span in paragraph.spans)

    @cached_property
    def overlaid(self) -> bool:
        """Whether some words are printed over another line (`Span.over`): without them,
        `lands_under` has nothing to look up."""
        return any(
            span.over is not None for paragraph in self.paragraphs for span in paragraph.spans
        )

    def page_at(self, position: int) -> int | None:
        paragraph = self.paragraph_at(position)
        return self.paragraphs[paragraph].location_at(position - self.offsets[paragraph]).page

    def paragraph_at(self, position: int) -> int:
        return max(bisect.bisect_right(self.offsets, position) - 1, 0)

    def _span_at(self, paragraph: Paragraph, offset: int) -> Span:
        starts = [span.start for span in paragraph.spans]
        return paragraph.spans[max(bisect.bisect_right(starts, offset) - 1, 0)]

    def whole(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens starts where a line starts and ends where one ends (or
        a paragraph, in a text of one line a paragraph): nothing but punctuation of the
        lines it touches lies outside it."""
        return self.starts_unit(tokens[0]) and self.ends_unit(tokens[-1])

    def starts_unit(self, token: Token) -> bool:
        """Whether only marks (or glyphs the PDF maps to nothing, `(cid:3)`: a check box)
        stand before `token` in its unit."""
        paragraph = self.paragraphs[token.paragraph]
        span = self._span_at(paragraph, token.start)
        return not _has_letters(paragraph.text[span.start : token.start])

    def ends_unit(self, token: Token) -> bool:
        """Whether only marks stand after `token` in its unit."""
        paragraph = self.paragraphs[token.paragraph]
        span = self._span_at(paragraph, max(token.end - 1, token.start))
        return not _has_letters(paragraph.text[token.end : max(span.end, token.end)])

    def words_between(self, low: int, high: int) -> int:
        """How many words the document's joined text holds in [low, high)."""
        count = 0
        index = self.paragraph_at(low)
        while index < len(self.paragraphs) and self.offsets[index] < high:
            start = max(low - self.offsets[index], 0)
            end = high - self.offsets[index]
            text = self.paragraphs[index].text
            if (
                start > 0
                and start < len(text)
                and _WORD.match(text, start)
                and _WORD.match(text, start - 1)
            ):
                start = _WORDS.match(text, start).end()  # type: ignore[union-attr]  # a word cut at `low` counts at its start
            count += len(_WORDS.findall(text, start, max(start, end)))
            index += 1
        return count

    def starts_paragraph(self, token: Token, paragraph: int) -> bool:
        """Whether `token` is the first word of paragraph `paragraph`."""
        return token.paragraph == paragraph and not _WORD.search(
            self.paragraphs[paragraph].text, 0, token.start
        )

    def ends_paragraph(self, token: Token, paragraph: int) -> bool:
        """Whether `token` is the last word of paragraph `paragraph`."""
        return token.paragraph == paragraph and not _WORD.search(
            self.paragraphs[paragraph].text, token.end
        )

    def adjacent(self, before: Token, after: Token) -> bool:
        """Whether two tokens follow each other in the text, only marks between them."""
        if before.paragraph == after.paragraph:
            return not _WORD.search(
                self.paragraphs[before.paragraph].text, before.end, max(after.start, before.end)
            )
        return (
            after.paragraph == before.paragraph + 1
            and not _WORD.search(self.paragraphs[before.paragraph].text, before.end)
            and not _WORD.search(self.paragraphs[after.paragraph].text, 0, after.start)
        )

    def free(self, tokens: Sequence[Token]) -> bool:
        """Whether every line a run of tokens touches could be read in another order."""
        return self._all_spans(tokens, lambda span: span.free)

    def _all_spans(self, tokens: Sequence[Token], test: Callable[[Span], bool]) -> bool:
        """Whether every span a run of tokens touches passes `test`."""
        first, last = tokens[0], tokens[-1]
        for index in range(first.paragraph, last.paragraph + 1):
            paragraph = self.paragraphs[index]
            low = first.start if index == first.paragraph else 0
            high = last.end if index == last.paragraph else len(paragraph.text)
            for span in paragraph.spans:
                if span.end > low and span.start < high and not test(span):
                    return False
        return True

    def lands_under(self, tokens: Sequence[Token], expected: int) -> bool:
        """Whether a run of words printed over another line (`Span.over`: a stamp, a
        notice over a letterhead) goes where the other side's order splices it into that
        line; a run of other text goes anywhere `free` lets it. A stamp's words traded
        among themselves are an edit: no reader of the page does that.

        >>> from docreconcile.model import Location
        >>> under = Location(2, page=1)
        >>> spans = (Span(0, 7, Location(1, page=1), True, over=under), Span(8, 20, under))
        >>> pages = _Pages([Paragraph(0, "Revenue tax on income", spans)], [0])
        >>> stamp = [Token("Revenue", 0, 0, 7)]
        >>> pages.lands_under(stamp, 12), pages.lands_under(stamp, 3)
        (True, False)
        """
        if not self.overlaid:
            return True
        over = {
            span.over
            for paragraph in {token.paragraph for token in (tokens[0], tokens[-1])}
            for span in self.paragraphs[paragraph].spans
            if span.over is not None
            and span.end > (tokens[0].start if paragraph == tokens[0].paragraph else 0)
            and span.start < (tokens[-1].end if paragraph == tokens[-1].paragraph else 1 << 62)
        }
        if not over:
            return True
        if expected < 0:
            return False
        paragraph = self.paragraph_at(expected)
        span = self._span_at(self.paragraphs[paragraph], expected - self.offsets[paragraph])
        return span.location in over

    def elsewhere(self, tokens: Sequence[Token], own: int, expected: int) -> bool:
        """Whether the other side's order puts a run in another paragraph than its own,
        or it is whole paragraphs, or lines set beside the paragraph's other lines (an
        icon's label, `Span.inset`), or one line that is a label, not a sentence (a
        table's cell, `one_label`): a reader takes one paragraph's sentences in order."""
        first, last = tokens[0], tokens[-1]
        if expected < 0 or self.paragraph_at(expected) != self.paragraph_at(own):
            return True
        if first.paragraph != last.paragraph:
            return True  # a paragraph break inside: no reordering of one paragraph's words
        if self._all_spans(tokens, lambda span: span.inset) or self.one_label(tokens):
            return True  # an icon's label, a table's cell: a line of its own beside others
        text = self.paragraphs[first.paragraph].text
        return not _WORD.search(text, 0, first.start) and not _WORD.search(
            self.paragraphs[last.paragraph].text, last.end
        )

    def one_label(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens is one whole line, and a label rather than a sentence
        (at most `LABEL_WORDS` words, no full stop at its end): a name, a title, a cell.

        >>> from docreconcile.model import Location
        >>> pages = _Pages([Paragraph(0, "Omsorgskontoret", (Span(0, 15, Location(3)),))], [0])
        >>> pages.one_label([Token("Omsorgskontoret", 0, 0, 15)])
        True
        """
        first, last = tokens[0], tokens[-1]
        if first.paragraph != last.paragraph or not self.whole(tokens):
            return False
        paragraph = self.paragraphs[first.paragraph]
        span = self._span_at(paragraph, first.start)
        text = paragraph.text[span.start : span.end]
        return (
            last.end <= span.end
            and len(text.split()) <= LABEL_WORDS
            and not text.rstrip().endswith((".", "!", "?"))
        )

    def whole_text(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens is whole sentences, lines or paragraphs: it starts
        where a sentence or a line starts, and ends where one ends.

        >>> from docreconcile.model import Location
        >>> text = "Hon kom. Han gick hem. Sedan"
        >>> pages = _Pages([Paragraph(0, text, (Span(0, len(text), Location(1)),))], [0])
        >>> pages.whole_text([Token("Han", 0, 9, 12), Token(".", 0, 21, 22)])
        True
        >>> pages.whole_text([Token("gick", 0, 13, 17), Token(".", 0, 21, 22)])
        False
        """
        first, last = tokens[0], tokens[-1]
        before = self.paragraphs[first.paragraph].text[: first.start].rstrip(_OPENING)
        after = self.paragraphs[last.paragraph].text[last.end :].lstrip()
        starts = not before or bool(_SENTENCE_END_BEFORE.search(before))
        ends = not after or after[0] in ".!?:;" or last.text in (".", "!", "?", ":", ";")
        return (starts or self.starts_unit(first)) and (ends or self.ends_unit(last))


def _remainder(change: Change, a_rest: list[Token], b_rest: list[Token]) -> list[Change]:
    """What is left of a change once some of its tokens were found elsewhere.

    One run left on each side is diffed as a replacement; otherwise each run is a
    deletion or an insertion of its own, placed where the change was.
    """
    a_runs, b_runs = _runs(change.a_tokens, a_rest), _runs(change.b_tokens, b_rest)
    if len(a_runs) == 1 and len(b_runs) == 1:
        # diffed again: what is left may be the same words (`Kommuner ska` on both sides
        # once the sentence between was found moved)
        return diff_tokens(change.pair, a_runs[0], b_runs[0])
    a_rest_tokens = [token for run in a_runs for token in run]
    b_rest_tokens = [token for run in b_runs for token in run]
    if list(map(token_key, map(_TEXT, a_rest_tokens))) == list(
        map(token_key, map(_TEXT, b_rest_tokens))
    ):
        # what is left is the same words on both sides once the passage found elsewhere
        # is taken out of the middle of one (`penalty. See the` against `penalty. [But
        # you must ...] See the`): no more than their case or typography differs
        return diff_tokens(change.pair, a_rest_tokens, b_rest_tokens)
    result = [Change(change.pair, run, (), run[0], change.b_at) for run in a_runs]
    result += [Change(change.pair, (), run, change.a_at, run[0]) for run in b_runs]
    return result


def _runs(tokens: Sequence[Token], rest: list[Token]) -> list[tuple[Token, ...]]:
    """The kept tokens of `tokens`, cut into runs where a taken token stood between."""
    kept = {id(token) for token in rest}
    runs: list[list[Token]] = []
    previous_kept = False
    for token in tokens:
        if id(token) in kept:
            if not previous_kept:
                runs.append([])
            runs[-1].append(token)
        previous_kept = id(token) in kept
    return [tuple(run) for run in runs]
