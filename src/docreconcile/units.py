"""Units: a PDF's lines and cells, which a reader may take in another order, kept whole
by the word diff of an aligned pair.

A line that stands beside other text (a table's cell, a column's line, a margin note:
a free `Span`) may be read before or after its neighbours, so two readers of one page
give its words in different orders. Such text is layout only where it moves as whole
units (issue 27: a word never moves on its own). Inside one aligned pair this module
gives the diff three things:

- each token's unit (`token_units`), numbered, free ones with numbers from 0;
- `units_kept_whole`: the piece of a free unit that an equal run matched by chance,
  while the rest of the unit is left over, goes back to the edits, so that relocation
  sees the unit whole;
- `permuted_windows`: where a stretch of the pair is one side's units in another order
  on the other side, each unit found whole, and every unit out of its place free, the
  stretch is the reader's order and nothing else: a table read by rows against by
  columns.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

from docreconcile.model import Paragraph, Span, Token
from docreconcile.tokens import longest_increasing

Block = tuple[bool, int, int, int, int]
"""(equal, a_start, a_end, b_start, b_end): a run of equal tokens, or of edits."""

Tile = tuple[int, int, int, int]
"""(a_start, a_end, b_start, b_end): one unit of B found whole in A."""


def token_units(
    tokens: Sequence[Token], paragraphs: Sequence[Paragraph], indices: Sequence[int]
) -> list[int] | None:
    """Each token's layout unit (the `Span` it comes from), numbered in order: a free
    unit's number from 0 up, a unit with one reading order's below 0. None where no
    line of the paragraphs is a PDF's free line (a text, a page of body text): the
    common case, which needs no more.

    >>> from docreconcile.model import Location, Span
    >>> spans = (Span(0, 3, Location(1, 1)), Span(4, 7, Location(2, 1), free=True))
    >>> tokens = [Token("abc", 0, 0, 3), Token("def", 0, 4, 7)]
    >>> token_units(tokens, [Paragraph(0, "abc def", spans)], [0])
    [-1, 1]
    """
    if not any(_free_on_a_page(span) for index in indices for span in paragraphs[index].spans):
        return None
    starts = {index: [span.start for span in paragraphs[index].spans] for index in indices}
    first_unit = {}
    count = 0
    for index in indices:
        first_unit[index] = count
        count += len(paragraphs[index].spans)
    units = []
    for token in tokens:
        position = max(bisect.bisect_right(starts[token.paragraph], token.start) - 1, 0)
        unit = first_unit[token.paragraph] + position
        free = _free_on_a_page(paragraphs[token.paragraph].spans[position])
        units.append(unit if free else -unit - 1)
    return units


def _free_on_a_page(span: Span) -> bool:
    """Whether a span is a PDF's line (or cell) a reader may take in another order. A
    text's lines have no such geometry: what a text's reader took in another order (a
    sentence joined over a page's edge) is relocation's to judge, and so is a word
    printed over another line (`Span.over`), which may go only into that line."""
    return span.free and span.location.page is not None and span.over is None


def units_kept_whole(
    blocks: list[Block], units: list[int], texts: list[str], side: int
) -> list[Block]:
    """Blocks with the piece of a free unit an equal run matched, where the diff left
    the rest of the unit over and the rest is no shorter, taken into the edits beside it.

    A table read by rows on one side and by columns on the other pairs a cell's first
    words with another cell's: `Up to $` of `Up to $3,790` with those of `Up to $6,715.`,
    leaving `3,790` over, a piece no reader's order explains; an equal run that ends with
    the `$` of the next cell `$0` leaves its `0`. A unit a reader may take in another
    order is matched whole or left over whole, for relocation to find whole where the
    other side holds it. A line matched but for a word changed at its end keeps its
    match: the piece must be no longer, in characters (`texts`), than what the unit left
    over, of `MAX_CHANCE_PIECE` tokens at most, in a unit of `MAX_CELL` at most. `side`
    is 0 where `units` are the left tokens', 1 the right's.

    >>> blocks = [(True, 0, 1, 0, 1), (False, 1, 1, 1, 2), (True, 1, 3, 2, 4),
    ...           (False, 3, 4, 4, 4), (True, 4, 5, 4, 5)]
    >>> units_kept_whole(blocks, [0, 5, 5, 5, 9], ["$", "Up to", "$", "0", "x"], 1)
    [(True, 0, 1, 0, 1), (False, 1, 4, 1, 4), (True, 4, 5, 4, 5)]
    >>> blocks = [(True, 0, 3, 0, 3), (False, 3, 3, 3, 4), (True, 3, 4, 4, 5)]
    >>> units_kept_whole(blocks, [1, 1, 2, 2, 3], ["per", "hour", "to", "Uppsala", "x"], 1)
    [(True, 0, 2, 0, 2), (False, 2, 3, 2, 4), (True, 3, 4, 4, 5)]
    """
    low, high = (1, 2) if side == 0 else (3, 4)
    result = list(blocks)
    index = 0
    while index < len(result):
        block = result[index]
        if not block[0]:
            index += 1
            continue
        before = result[index - 1] if index > 0 else None
        after = result[index + 1] if index + 1 < len(result) else None
        start, end = block[low], block[high]
        left_from = before[low] if before is not None else start
        left_to = after[high] if after is not None else end
        head = tail = 0
        # A word for a word beside the run (`ds ej.` for `Xqsd ej.`) is the unit's own
        # word changed, not a chance match: the rest of the unit keeps its match.
        if before is None or not _word_for_word(before):
            head = _cut_piece(units, texts, (start, end), (left_from, left_to), at_head=True)
        if after is None or not _word_for_word(after):
            tail = _cut_piece(units, texts, (start, end), (left_from, left_to), at_head=False)
        if not head and not tail:
            index += 1
            continue
        if head + tail >= end - start:  # the run is all pieces: one edit with its neighbours
            index = _merged_with_neighbours(result, index)
        else:
            index = _pieces_given_to_edits(result, index, head, tail)
    return result


def _merged_with_neighbours(result: list[Block], index: int) -> int:
    """Block `index` and the edits beside it made one edit, in place; the index to go
    on from."""
    first_index = index - 1 if index > 0 else index
    last_index = index + 1 if index + 1 < len(result) else index
    first, last = result[first_index], result[last_index]
    result[first_index : last_index + 1] = [(False, first[1], last[2], first[3], last[4])]
    return first_index


def _pieces_given_to_edits(result: list[Block], index: int, head: int, tail: int) -> int:
    """Equal block `index` with its first `head` and last `tail` tokens given to the edits
    before and after it (or to new edits at the ends), in place; the index to go on
    from."""
    block = result[index]
    before = result[index - 1] if index > 0 else None
    after = result[index + 1] if index + 1 < len(result) else None
    kept = (True, block[1] + head, block[2] - tail, block[3] + head, block[4] - tail)
    replaced: list[Block] = []
    first_index, last_index = index, index
    if head:
        first_index = index - 1 if before is not None else index
        origin = before if before is not None else (False, block[1], block[1], block[3], block[3])
        replaced.append((False, origin[1], kept[1], origin[3], kept[3]))
    replaced.append(kept)
    if tail:
        last_index = index + 1 if after is not None else index
        ending = after if after is not None else (False, block[2], block[2], block[4], block[4])
        replaced.append((False, kept[2], ending[2], kept[4], ending[4]))
    result[first_index : last_index + 1] = replaced
    return first_index + (2 if head else 1)


def _word_for_word(block: Block) -> bool:
    """Whether an edit replaces as many tokens as it takes out."""
    return block[2] - block[1] == block[4] - block[3]


def _cut_piece(
    units: list[int],
    texts: list[str],
    run: tuple[int, int],
    left_over: tuple[int, int],
    *,
    at_head: bool,
) -> int:
    """How many tokens at the head (or tail) of an equal run `run` are a piece of a
    free unit whose rest lies in the edits beside it (within `left_over`) and is no
    shorter: 0 where the run starts (ends) with a whole unit, or a unit not free."""
    start, end = run
    edge = start if at_head else end - 1
    unit = units[edge]
    if unit < 0:
        return 0
    piece_start, piece_end = edge, edge + 1
    while piece_start > start and units[piece_start - 1] == unit:
        piece_start -= 1
    while piece_end < end and units[piece_end] == unit:
        piece_end += 1
    unit_start, unit_end = _unit_bounds(units, piece_start, piece_end)
    if (unit_start, unit_end) == (piece_start, piece_end):
        return 0  # a whole unit matched
    if unit_start < left_over[0] or unit_end > left_over[1]:
        return 0  # the unit's rest is matched too, beyond the edits beside the run
    if piece_end - piece_start > MAX_CHANCE_PIECE or unit_end - unit_start > MAX_CELL:
        return 0
    piece = texts[piece_start:piece_end]
    if not any(character.isalnum() for text in piece for character in text):
        return 0  # marks alone (the full stop after a word changed at a line's end)
    if (unit_start < piece_start and left_over[0] == 0) or (
        unit_end > piece_end and left_over[1] == len(units)
    ):
        return 0  # the rest is left over at the pair's edge: the other side may go on
        # with it in the paragraph before or after, where relocation's seam joins them
    rest = sum(map(len, texts[unit_start:piece_start])) + sum(map(len, texts[piece_end:unit_end]))
    if sum(map(len, piece)) > rest:
        return 0
    return piece_end - piece_start


MAX_CELL = 8
"""Tokens at most in a unit kept whole: a table's cell, a label, an amount (`Up to
$3,790` is four). A column's line of body text is free too (the column beside it),
but a sentence moved within a column cuts it, and its first words matched in place
are the text's own."""

MAX_CHANCE_PIECE = 3
"""Tokens at most in a piece of a unit matched by chance (`Up to $`, `$`, `the`): three
words together rarely recur by chance (relocation indexes runs of three), and a
longer piece is the unit's own text with something glued to it on one side (a running
header set in the line's text: `The Digital Millennium Copyright Act of 1998 Savings
clauses`)."""


def _unit_bounds(units: list[int], start: int, end: int) -> tuple[int, int]:
    """The whole unit around tokens [start, end) of one unit."""
    unit = units[start]
    while start > 0 and units[start - 1] == unit:
        start -= 1
    while end < len(units) and units[end] == unit:
        end += 1
    return start, end


MAX_WINDOW_EDITS = 40
"""Edits at most in one stretch tried as units in another order: a table's rows."""

MAX_WINDOW_TOKENS = 1500
"""Tokens at most on a side of a stretch tried as units in another order."""

MAX_TILING_STEPS = 20_000
"""Steps at most in the search for a tiling: identical cells (`$0`, `$0`, `$0`) give
many ways, all alike; past this the stretch is left to relocation."""


MAX_TILING_UNITS = 400
"""Units at most in a stretch tried: the search recurses once a unit."""


def permuted_windows(
    blocks: list[Block],
    keys: tuple[list[str], list[str]],
    units: tuple[list[int] | None, list[int] | None],
) -> list[tuple[int, int, list[Tile]]]:
    """The stretches of a pair that are one side's units in another order on the other
    side: for each, the first and last block it covers and its tiles (each unit of the
    side with geometry, and where it stands on the other).

    A stretch holds the same words on both sides; on each side that has units (a PDF's
    lines and cells) it begins and ends at a unit's edge, the other side's text is
    those units laid end to end in some order, and every unit out of its order is free
    (`token_units`). A table read by rows against by columns, three rows of `$0`,
    `$85`, is such a stretch; words swapped inside a cell or a body line never are.
    """
    edits = [index for index, block in enumerate(blocks) if not block[0]]
    found: list[tuple[int, int, list[Tile]]] = []
    position = 0
    previous_high = -1
    while position < len(edits):
        first = edits[position]
        balance: Counter[str] = Counter()
        balanced = []
        for offset in range(min(MAX_WINDOW_EDITS, len(edits) - position)):
            block = blocks[edits[position + offset]]
            balance.update(keys[0][block[1] : block[2]])
            balance.subtract(keys[1][block[3] : block[4]])
            if not any(balance.values()):
                balanced.append(position + offset)
        window = None
        for last_position in reversed(balanced):
            window = _window_tiles(blocks, first, edits[last_position], keys, units)
            if window is not None and window[0] > previous_high:
                break
            window = None  # none, or one sharing an equal run with the stretch before
        if window is None:
            position += 1
            continue
        found.append(window)
        high = previous_high = window[1]
        while position < len(edits) and edits[position] <= high:
            position += 1
    return found


def _window_tiles(
    blocks: list[Block],
    first: int,
    last: int,
    keys: tuple[list[str], list[str]],
    units: tuple[list[int] | None, list[int] | None],
) -> tuple[int, int, list[Tile]] | None:
    """The tiles of the stretch from edit block `first` to `last`, widened into the
    equal runs beside it to the edges of units, with the first and last block it then
    covers; None where it is not units in another order."""
    a_start, a_end = blocks[first][1], blocks[last][2]
    b_start, b_end = blocks[first][3], blocks[last][4]
    # widen to whole units, into the equal runs beside the stretch (token for token)
    if a_start == a_end or b_start == b_end:
        return None  # words on one side only: no order to explain
    widen_before = max(
        (
            start - _unit_bounds(side_units, start, start + 1)[0]
            for side_units, start in zip(units, (a_start, b_start), strict=True)
            if side_units is not None
        ),
        default=0,
    )
    widen_after = max(
        (
            _unit_bounds(side_units, end - 1, end)[1] - end
            for side_units, end in zip(units, (a_end, b_end), strict=True)
            if side_units is not None
        ),
        default=0,
    )
    low, high = first, last
    if widen_before:
        if first == 0 or blocks[first - 1][2] - blocks[first - 1][1] < widen_before:
            return None
        low = first - 1
    if widen_after:
        if last + 1 >= len(blocks) or blocks[last + 1][2] - blocks[last + 1][1] < widen_after:
            return None
        high = last + 1
    a_start, b_start = a_start - widen_before, b_start - widen_before
    a_end, b_end = a_end + widen_after, b_end + widen_after
    if a_end - a_start > MAX_WINDOW_TOKENS or b_end - b_start > MAX_WINDOW_TOKENS:
        return None
    for side_units, start, end in zip(units, (a_start, b_start), (a_end, b_end), strict=True):
        if side_units is not None and _unit_bounds(side_units, start, start + 1)[0] != start:
            return None  # widened for the other side into a unit of this one
        if side_units is not None and _unit_bounds(side_units, end - 1, end)[1] != end:
            return None
    tiles = _tiles(((a_start, a_end), (b_start, b_end)), keys, units)
    return None if tiles is None else (low, high, tiles)


def _tiles(
    ranges: tuple[tuple[int, int], tuple[int, int]],
    keys: tuple[list[str], list[str]],
    units: tuple[list[int] | None, list[int] | None],
) -> list[Tile] | None:
    """A stretch's tiles: B's units laid in A's order where B has units, else A's laid
    in B's; None where a side's units are not the other side's text in some order."""
    tiles: list[Tile] | None = None
    for side in (1, 0):
        side_units = units[side]
        if side_units is None:
            continue
        own, other = ranges[side], ranges[1 - side]
        placed = _tiling(keys[side], side_units, own, keys[1 - side], other)
        if placed is None:
            return None
        if side == 1:  # B's units: each tile as (A's place, B's unit)
            tiles = [(at, to, start, end) for start, end, at, to in placed]
        elif tiles is None:
            tiles = placed
    return tiles


def _tiling(
    own_keys: list[str],
    own_units: list[int],
    own: tuple[int, int],
    other_keys: list[str],
    other: tuple[int, int],
) -> list[Tile] | None:
    """The units of `own` laid end to end, in some order, as `other`: for each unit,
    (own_start, own_end, other_start, other_end), in the other side's order; None where
    no such order exists, or a unit out of its order is not free.

    >>> _tiling("a b c d".split(), [0, 0, 1, 1], (0, 4), "c d a b".split(), (0, 4))
    [(2, 4, 0, 2), (0, 2, 2, 4)]
    >>> _tiling("a b c d".split(), [0, 0, -2, -2], (0, 4), "c d a b".split(), (0, 4)) is None
    True
    """
    pieces: list[tuple[int, int]] = []
    position = own[0]
    while position < own[1]:
        end = _unit_bounds(own_units, position, position + 1)[1]
        pieces.append((position, min(end, own[1])))
        position = end
    if len(pieces) > MAX_TILING_UNITS:
        return None
    words = [tuple(own_keys[start:end]) for start, end in pieces]
    order = _placed_in_order(words, other_keys, other)
    if order is None:
        return None
    # the units that kept their order: a longest increasing run of their places
    in_place = {unit for _, unit in longest_increasing(list(enumerate(order)))}
    if any(index not in in_place and own_units[pieces[index][0]] < 0 for index in order):
        return None  # a line with one reading order out of its place: an edit
    tiles = []
    at = other[0]
    for index in order:
        start, end = pieces[index]
        tiles.append((start, end, at, at + end - start))
        at += end - start
    return tiles


def _placed_in_order(
    words: list[tuple[str, ...]], other_keys: list[str], other: tuple[int, int]
) -> list[int] | None:
    """The order (indices into `words`) in which the units laid end to end spell
    `other_keys[other[0]:other[1]]`, by a depth-first search (a loop with its own stack:
    a nested recursive function would be a reference cycle each call); None where none
    does within `MAX_TILING_STEPS`.

    >>> _placed_in_order([("c", "d"), ("a",), ("b",)], list("abcd"), (0, 4))
    [1, 2, 0]
    """
    used = [False] * len(words)
    order: list[int] = []
    # each frame: where in `other` it stands, and the candidates it has left to try
    stack: list[tuple[int, list[int]]] = [
        (other[0], _candidates(words, used, other_keys, other[0]))
    ]
    steps = 0
    while stack:
        at, candidates = stack[-1]
        if at == other[1]:
            return order
        steps += 1
        if not candidates or steps > MAX_TILING_STEPS:
            if steps > MAX_TILING_STEPS:
                return None
            stack.pop()
            if order:
                used[order.pop()] = False
            continue
        index = candidates.pop(0)
        used[index] = True
        order.append(index)
        after = at + len(words[index])
        stack.append((after, _candidates(words, used, other_keys, after)))
    return None


def _candidates(
    words: list[tuple[str, ...]], used: list[bool], keys: list[str], at: int
) -> list[int]:
    """The unused units that `keys` go on with at `at`, one of each identical kind (the
    others would be tried to the same end)."""
    seen: set[tuple[str, ...]] = set()
    found = []
    for index, word in enumerate(words):
        if used[index] or word in seen:
            continue
        if tuple(keys[at : at + len(word)]) == word:
            seen.add(word)
            found.append(index)
    return found
