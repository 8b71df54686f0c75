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

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace

from rapidfuzz.distance import Indel

from docreconcile.diff import diff_tokens
from docreconcile.model import Category, Change, Paragraph, Token
from docreconcile.relocate.explain import _explained
from docreconcile.relocate.matching import (
    _edited_pieces,
    _long_matches,
    _passages,
    _short_matches,
    _whole_paragraph_matches,
)
from docreconcile.relocate.pages import _Pages
from docreconcile.relocate.sides import (
    _TEXT,
    NEARBY,
    _Match,
    _page_bounds,
    _page_length,
    _paragraph_offsets,
    _Side,
    _side,
)
from docreconcile.relocate.stamps import _stamp_pieces
from docreconcile.tokens import token_key

__all__ = ["relocate"]


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
    # A stamp one side read whole and the other in letter groups, before any pass can
    # take a group for a word of its own.
    stamps = _stamps((side_a, side_b), (used_a, used_b), (a, b))
    ordered = _matches(side_a, side_b, used_a, used_b)
    apart = (
        _flags(len(side_a.tokens), [i for group, _ in stamps for i in group]),
        _flags(len(side_b.tokens), [i for _, group in stamps for i in group]),
    )
    found = _passages(ordered, side_a.positions, side_b.positions, apart)
    passages = _explained(found, side_a, side_b, pages, changes)
    rebuilt = _rebuild(changes, passages, side_a, side_b, taken, (stamps, apart))
    return _joined_swaps(_rejoin_replacements(moved + rebuilt), pages)


def _matches(a: _Side, b: _Side, used_a: list[bool], used_b: list[bool]) -> list[_Match]:
    """Every pass's matches, in A's order."""
    # What stands on its own page is matched first: a phrase that recurs (a table's
    # column heads, an icon's label) must not be taken by a copy a page away.
    matches = _long_matches(a, b, used_a, used_b, near=True) if b.pages else []
    matches += _long_matches(a, b, used_a, used_b)
    matches += _short_matches(a, b, used_a, used_b)
    matches += _edited_pieces(a, b, used_a, used_b)
    return sorted(matches, key=lambda match: match.a_start)


def _stamps(
    sides: tuple[_Side, _Side],
    used: tuple[list[bool], list[bool]],
    paragraphs: tuple[Sequence[Paragraph], Sequence[Paragraph]],
) -> list[tuple[list[int], list[int]]]:
    """The stamps either side read whole and the other in letter groups, as (A's token
    indices, B's), each token marked used."""
    (side_a, side_b), (used_a, used_b), (a, b) = sides, used, paragraphs
    stamps = [
        (pieces, [word]) for word, pieces in _stamp_pieces(side_b, side_a, (used_b, used_a), (b, a))
    ]
    return stamps + [
        ([word], pieces) for word, pieces in _stamp_pieces(side_a, side_b, (used_a, used_b), (a, b))
    ]


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
    taken: set[int] | frozenset[int],
    stamps: tuple[Sequence[tuple[list[int], list[int]]], tuple[bytearray, bytearray]],
) -> list[Change]:
    """The new list of changes: passages (with the changes inside them), stamps read in
    pieces, and what is left, without the changes in `taken` (matched whole already).
    `stamps`: each stamp's tokens (A's, B's), and those tokens flagged on each side."""
    groups, (stamped_a, stamped_b) = stamps
    covered_a, covered_b = bytearray(stamped_a), bytearray(stamped_b)
    for passage, _ in passages:
        covered_a[passage.a_start : passage.a_end] = b"\x01" * (passage.a_end - passage.a_start)
        covered_b[passage.b_start : passage.b_end] = b"\x01" * (passage.b_end - passage.b_start)
    result = _relocated(changes, passages, a, b)
    for a_group, b_group in groups:
        a_tokens = tuple(a.tokens[index] for index in a_group)
        b_tokens = tuple(b.tokens[index] for index in b_group)
        pair = changes[a.owners[a_group[0]]].pair
        result.append(
            Change(
                pair, a_tokens, b_tokens, a_tokens[0], b_tokens[0], relocated=Category.READING_ORDER
            )
        )
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


def _flags(length: int, indices: list[int]) -> bytearray:
    """A flag a token, set for `indices`."""
    flags = bytearray(length)
    for index in indices:
        flags[index] = 1
    return flags


def _runs_by_owner(side: _Side) -> dict[int, list[tuple[int, int]]]:
    """Each change's runs of tokens on one side, by the change's index."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for start, end in side.runs:
        runs.setdefault(side.owners[start], []).append((start, end))
    return runs


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
