"""What explains a passage both sides hold in another order: a reader's order (whole
layout units), a move of whole text, or nothing (an edit)."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from docreconcile.model import Category, Change, Token
from docreconcile.relocate.pages import _Pages
from docreconcile.relocate.sides import (
    _WORD,
    _WORDS,
    NEARBY_COLUMN,
    RUN_PIECE_WORDS,
    _ends,
    _has_words,
    _is_label,
    _Match,
    _Side,
    _words,
)
from docreconcile.tokens import token_key


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
    own = 0 if name == "a" else 1
    view = _View(
        name,
        sides[own],
        layouts[own],
        "b" if name == "a" else "a",
        sides[1 - own],
        layouts[1 - own],
    )
    runs: list[list[int]] = []
    for position, at in enumerate(order):
        following = order[position + 1] if position + 1 < len(order) else None
        if runs and _goes_on(passages, runs[-1][-1], at, following, view):
            runs[-1].append(at)
        else:
            runs.append([at])
    return {indices[at] for run in runs for at in _whole_in_run(run, passages, view)}


@dataclass(frozen=True)
class _View:
    """One side's leftover tokens and layout (`name`), with the other side's."""

    name: str
    side: _Side
    layout: _Pages
    other: str
    other_side: _Side
    other_layout: _Pages


def _goes_on(
    passages: list[_Match], last: int, at: int, following: int | None, view: _View
) -> bool:
    """Whether passage `at` goes on with the run that passage `last` ends, on `view`'s
    side: next to it, and in the same order on the other side (pieces of one text the
    other side cut otherwise, not words traded within a line), or the other side put
    the two apart as whole lines or pieces of several words."""
    side, layout, other_side, other_layout = (
        view.side,
        view.layout,
        view.other_side,
        view.other_layout,
    )
    before = passages[last]
    start, _ = _ends(passages[at], view.name)
    _, end = _ends(before, view.name)
    if not layout.adjacent(side.tokens[end - 1], side.tokens[start]):
        return False
    here, there = _ends(passages[at], view.other), _ends(before, view.other)
    # Cut inside a line here, the two pieces are one unit: the passage after them here
    # may not stand right between them there (`A C B` for `A B C`, B starting inside
    # A's last line: a sentence traded with its neighbour, not lines read in another
    # order).
    traded = (
        following is not None
        and not (layout.ends_unit(side.tokens[end - 1]) and layout.starts_unit(side.tokens[start]))
        and _right_between(
            _ends(passages[following], view.other), there, here, other_side, other_layout
        )
    )
    if here[0] >= there[1] and not traded:
        return True
    # not two neighbours traded (`X Y` for `Y X`): pieces of the line the other side put
    # apart
    return not other_layout.adjacent(
        other_side.tokens[here[1] - 1], other_side.tokens[there[0]]
    ) and all(
        other_layout.whole(other_side.tokens[slice(*_ends(piece, view.other))])
        or _words(side.tokens[slice(*_ends(piece, view.name))]) >= RUN_PIECE_WORDS
        for piece in (before, passages[at])
    )


def _whole_in_run(run: list[int], passages: list[_Match], view: _View) -> list[int]:
    """The passages of a run that are whole with those before it back to one that starts
    a line, and with those after it up to one that ends a line."""
    side, layout, name = view.side, view.layout, view.name
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
    return [at for at, start, end in zip(run, starts, ends, strict=True) if start and end]


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
