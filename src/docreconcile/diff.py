"""Diff: find the runs of words that differ inside each aligned pair of paragraphs.

Words are compared by a folded key (case and typography folded), so that a changed word
is found even where its case also changed; tokens that are equal by key but not letter for
letter become their own small changes, which the classifier calls case or typography.
Paragraph-level events (inserted and deleted paragraphs) become one change that covers
the whole paragraph.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from docreconcile.model import Category, Change, Pair, PairKind, Paragraph, Token
from docreconcile.tokens import token_key, tokenize
from docreconcile.units import (
    Block,
    Tile,
    permuted_windows,
    token_units,
    units_kept_whole,
)

_TEXT = operator.attrgetter("text")


class _Tokens(dict[int, list[Token]]):
    """Paragraph index -> tokens, tokenized only when first asked for."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        super().__init__()
        self.paragraphs = paragraphs

    def __missing__(self, index: int) -> list[Token]:
        tokens = tokenize(self.paragraphs[index])
        self[index] = tokens
        return tokens


def diff(pairs: Sequence[Pair], a: Sequence[Paragraph], b: Sequence[Paragraph]) -> list[Change]:
    """All changes between A and B, pair by pair, in document order.

    Most pairs of two versions are identical text: those are recognised by comparing the
    strings, without tokenizing them.
    """
    a_tokens, b_tokens = _Tokens(a), _Tokens(b)
    changes: list[Change] = []
    for pair in pairs:
        if pair.kind is PairKind.MATCHED and _same_text(pair, a, b):
            continue
        changes.extend(diff_pair(pair, a_tokens, b_tokens))
    return changes


def _same_text(pair: Pair, a: Sequence[Paragraph], b: Sequence[Paragraph]) -> bool:
    """Whether a pair's paragraphs read the same, token for token."""
    left = " ".join(a[index].text for index in pair.a)
    right = " ".join(b[index].text for index in pair.b)
    return left == right


def diff_pair(pair: Pair, a_tokens: _Tokens, b_tokens: _Tokens) -> list[Change]:
    """The changes inside one pair; one whole-paragraph change for an insertion or deletion."""
    left = [token for index in pair.a for token in a_tokens[index]]
    right = [token for index in pair.b for token in b_tokens[index]]
    if pair.kind is PairKind.INSERTED:
        anchor = _anchor_token(a_tokens, pair.a_position)
        return [Change(pair, (), tuple(right), a_at=anchor, b_at=None, whole_paragraph=True)]
    if pair.kind is PairKind.DELETED:
        anchor = _anchor_token(b_tokens, pair.b_position)
        return [Change(pair, tuple(left), (), a_at=None, b_at=anchor, whole_paragraph=True)]
    units = (
        token_units(left, a_tokens.paragraphs, pair.a),
        token_units(right, b_tokens.paragraphs, pair.b),
    )
    return diff_tokens(pair, left, right, units)


def diff_tokens(
    pair: Pair,
    left: Sequence[Token],
    right: Sequence[Token],
    units: tuple[list[int] | None, list[int] | None] = (None, None),
) -> list[Change]:
    """Word-level changes between two token lists: runs of edits, and key-equal tokens
    that differ in case or typography. `units` holds, for a side whose lines a reader
    may take in another order, each token's unit (`units.token_units`): free units are
    kept whole, and a stretch that is such units in another order is one change of the
    reading order (`units.permuted_windows`)."""
    left_keys = list(map(token_key, map(_TEXT, left)))  # no Python step per token
    right_keys = list(map(token_key, map(_TEXT, right)))
    blocks = _without_coincidences(_blocks(left_keys, right_keys), left, right)
    blocks = _affixes_factored(blocks, left_keys, right_keys)
    for side, (tokens, side_units) in enumerate(zip((left, right), units, strict=True)):
        if side_units is not None:
            blocks = units_kept_whole(blocks, side_units, list(map(_TEXT, tokens)), side)
    blocks = _openings_given_to_edits(blocks, left_keys, right_keys)
    blocks = _slid(blocks, left_keys, right_keys, (left, right))
    blocks = _moved_words_joined(blocks, (left_keys, right_keys), units)
    windows = {}
    if units != (None, None):
        windows = {
            low: (high, tiles)
            for low, high, tiles in permuted_windows(blocks, (left_keys, right_keys), units)
        }
    changes: list[Change] = []
    index = 0
    while index < len(blocks):
        equal, a_start, a_end, b_start, b_end = blocks[index]
        if index in windows:
            high, tiles = windows[index]
            changes += _reading_order(pair, (left, right), (blocks[index], blocks[high]), tiles)
            index = high + 1
        elif equal:
            changes += _typography(pair, left, right, (a_start, a_end, b_start, b_end))
            index += 1
        else:
            changes.append(_run_change(pair, left, right, (a_start, a_end, b_start, b_end)))
            index += 1
    return changes


def _typography(
    pair: Pair, left: Sequence[Token], right: Sequence[Token], run: tuple[int, int, int, int]
) -> list[Change]:
    """A change for each token of an equal run that differs but for its key (case,
    typography)."""
    a_start, a_end, b_start, _ = run
    changes = []
    for offset in range(a_end - a_start):
        a_token = left[a_start + offset]
        b_token = right[b_start + offset]
        if a_token.text != b_token.text:
            changes.append(Change(pair, (a_token,), (b_token,), a_token, b_token))
    return changes


def _reading_order(
    pair: Pair,
    tokens: tuple[Sequence[Token], Sequence[Token]],
    ends: tuple[Block, Block],
    tiles: list[Tile],
) -> list[Change]:
    """The changes of a stretch that is units in another order (`permuted_windows`):
    the equal text its first and last block hold outside it, the stretch as one
    reading-order change, and each unit's case or typography."""
    left, right = tokens
    first, last = ends
    a_start, a_end = min(tile[0] for tile in tiles), max(tile[1] for tile in tiles)
    b_start, b_end = min(tile[2] for tile in tiles), max(tile[3] for tile in tiles)
    changes = []
    if first[0]:
        changes += _typography(pair, left, right, (first[1], a_start, first[3], b_start))
    changes.append(
        Change(
            pair,
            tuple(left[a_start:a_end]),
            tuple(right[b_start:b_end]),
            left[a_start],
            right[b_start],
            relocated=Category.READING_ORDER,
        )
    )
    for tile in tiles:
        changes += _typography(pair, left, right, tile)
    if last[0]:
        changes += _typography(pair, left, right, (a_end, last[2], b_end, last[4]))
    return changes


_Block = Block


def _blocks(left_keys: list[str], right_keys: list[str]) -> list[_Block]:
    """The Indel opcodes as alternating equal and edit blocks (neighbouring edits joined)."""
    blocks: list[_Block] = []
    for opcode in Indel.opcodes(left_keys, right_keys):
        equal = opcode.tag == "equal"
        span = (opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end)
        if blocks and not equal and not blocks[-1][0]:
            blocks[-1] = (False, blocks[-1][1], span[1], blocks[-1][3], span[3])
        else:
            blocks.append((equal, *span))
    return blocks


def _without_coincidences(
    blocks: list[_Block], left: Sequence[Token], right: Sequence[Token]
) -> list[_Block]:
    """Blocks with each equal run that is mere coincidence taken into the edits around it.

    Two paragraphs paired but mostly unlike (columns read in another order, a reflowed
    page against its lines) share common words by chance: `the`, `och`, a comma. An
    equal run shorter, in characters, than the edits on both sides of it is such a
    coincidence (the rule of diff-match-patch's semantic cleanup, made strict so that a
    `§` between a moved full stop and a changed year stays put); taken as equal, it
    cuts the text the other document holds elsewhere into pieces too short to be found
    there again. A word changed inside agreeing text keeps its long equal neighbours.
    """

    def size(tokens: Sequence[Token], start: int, end: int) -> int:
        return sum(len(token.text) for token in tokens[start:end])

    def edit_size(block: _Block) -> int:
        return max(size(left, block[1], block[2]), size(right, block[3], block[4]))

    def edit_tokens(block: _Block) -> int:
        return max(block[2] - block[1], block[4] - block[3])

    def coincidence(window: Sequence[_Block], before: _Block, after: _Block) -> bool:
        outer = min(edit_size(before), edit_size(after))
        # One of the edits must be of two tokens at least: between two single
        # changed tokens (a year and a bullet, `17 •`), the equal one is the
        # document's own.
        if max(edit_tokens(before), edit_tokens(after)) < 2:
            return False
        equal = sum(size(left, block[1], block[2]) for block in window if block[0])
        inner = [edit_size(block) for block in window if not block[0]]
        return equal < outer and all(edit < outer for edit in inner)

    result = list(blocks)
    index = 1
    while index < len(result) - 1:
        before = result[index - 1]
        merged = False
        if result[index][0] and not before[0]:
            # A few short equal runs with small edits between them (`the` `AD`
            # `docket`) are one coincidence when together they are shorter than the
            # edits around them: up to three runs, as common words cluster.
            for last in range(index, min(index + 5, len(result) - 1), 2):
                after = result[last + 1]
                if not after[0] and coincidence(result[index : last + 1], before, after):
                    result[index - 1 : last + 2] = [
                        (False, before[1], after[2], before[3], after[4])
                    ]
                    merged = True
                    break
        if merged:
            index = max(index - 1, 1)
            continue
        index += 1
    return result


def _affixes_factored(
    blocks: list[_Block], left_keys: list[str], right_keys: list[str]
) -> list[_Block]:
    """Blocks with the words an edit's two sides begin or end alike given to the equal text.

    Of several equally long alignments the diff takes the first, and taking chance
    matches into edits can leave an edit whose sides share their ends: `wages even if
    ... the grant. If the grant` against `If the grant`, where the reader sees a sentence
    deleted before `If the grant`. Giving the shared ends to the equal neighbours (as
    diff-match-patch's cleanup does) leaves the edit as the words that differ, whole
    sentences that relocation can find elsewhere.

    >>> _affixes_factored([(False, 0, 3, 0, 1)], "x y a".split(), ["a"])
    [(False, 0, 2, 0, 0), (True, 2, 3, 0, 1)]
    """
    result: list[_Block] = []

    def add(block: _Block) -> None:
        if block[1] == block[2] and block[3] == block[4]:
            return
        if result and block[0] and result[-1][0]:
            last = result[-1]
            result[-1] = (True, last[1], block[2], last[3], block[4])
        else:
            result.append(block)

    for block in blocks:
        equal, a_start, a_end, b_start, b_end = block
        if equal or a_start == a_end or b_start == b_end:
            add(block)
            continue
        shortest = min(a_end - a_start, b_end - b_start)
        prefix = 0
        while prefix < shortest and left_keys[a_start + prefix] == right_keys[b_start + prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < shortest - prefix
            and left_keys[a_end - 1 - suffix] == right_keys[b_end - 1 - suffix]
        ):
            suffix += 1
        add((True, a_start, a_start + prefix, b_start, b_start + prefix))
        add((False, a_start + prefix, a_end - suffix, b_start + prefix, b_end - suffix))
        add((True, a_end - suffix, a_end, b_end - suffix, b_end))
    return result


_SENTENCE_END = frozenset(".!?:;")

SENTENCE_OPENING = 2
"""Words at most that two different sentences may begin with alike by chance (`I`,
`The`, `Enligt 21`) and still be taken for part of the edit that follows."""

REWRITTEN = 3
"""Tokens each side of an edit needs at least to be a sentence of its own, not a word
changed after the sentence's first (`Kommunen beslutar` / `Kommunen föreslår`)."""


def _openings_given_to_edits(
    blocks: list[_Block], left_keys: list[str], right_keys: list[str]
) -> list[_Block]:
    """Blocks with the first word or two of a sentence given to the edit after it, where
    each side of that edit is a sentence of its own.

    `... . I det nuvarande direktivet ...` against `... . I artikel 21.2 finns ...`: the
    two sentences only begin alike, and kept equal, `I` leaves each without its first
    word, so that neither is found whole where the other document holds it (a sentence
    moved is reported as a deletion and an insertion).

    >>> _openings_given_to_edits(
    ...     [(True, 0, 3, 0, 3), (False, 3, 6, 3, 6)],
    ...     "a . I det nya x".split(), "a . I artikel ny y".split())
    [(True, 0, 2, 0, 2), (False, 2, 6, 2, 6)]
    """
    result = list(blocks)
    for index in range(len(result) - 1):
        equal, a_start, a_end, b_start, b_end = result[index]
        after = result[index + 1]
        if not equal or after[0] or min(after[2] - after[1], after[4] - after[3]) < REWRITTEN:
            continue
        opening = 0
        while opening < min(SENTENCE_OPENING, a_end - a_start) and (
            left_keys[a_end - opening - 1] not in _SENTENCE_END
        ):
            opening += 1
        at = a_end - opening
        if not opening or (at > a_start and left_keys[at - 1] not in _SENTENCE_END):
            continue  # no sentence starts there (or it starts before this block)
        if at == a_start and a_start > 0 and left_keys[a_start - 1] not in _SENTENCE_END:
            continue
        if at == a_start and b_start > 0 and right_keys[b_start - 1] not in _SENTENCE_END:
            continue
        result[index] = (True, a_start, at, b_start, b_end - opening)
        result[index + 1] = (False, at, after[2], b_end - opening, after[4])
    return [block for block in result if block[1] != block[2] or block[3] != block[4]]


def _slid(
    blocks: list[_Block],
    left_keys: list[str],
    right_keys: list[str],
    tokens: tuple[Sequence[Token], Sequence[Token]] | None = None,
) -> list[_Block]:
    """Blocks with each run that only one side holds moved to where it is whole sentences.

    Where the tokens before a one-sided run equal its last ones (or those after it its
    first), the run may stand in several places with the same meaning, and the diff takes
    one at random: a sentence moved to after the next one comes out as `. Koncernens
    resultat ... miljoner` taken out, its full stop paired with the one before it. Of the
    places, the one that ends the run with a sentence's end (else starts it after one)
    is taken: the sentence whole, as a person reads it. Else, given the `tokens`, the
    place whose ends fall on spaces: `$0` inserted before `$3,400` is `$ 0`, not `0 $`
    cut out of two numbers, which no other copy of `$0` can match.

    >>> blocks = [(True, 0, 2, 0, 2), (False, 2, 5, 2, 2), (True, 5, 7, 2, 4)]
    >>> _slid(blocks, "a b . c d . e".split(), "a b . e".split())
    [(True, 0, 3, 0, 3), (False, 3, 6, 3, 3), (True, 6, 7, 3, 4)]
    """
    result = list(blocks)
    for index in range(1, len(result) - 1):
        before, run, after = result[index - 1], result[index], result[index + 1]
        if run[0] or not before[0] or not after[0]:
            continue
        deleting = run[3] == run[4]
        if not deleting and run[1] != run[2]:
            continue  # both sides hold text here: a replacement stays where it is
        keys = left_keys if deleting else right_keys
        side = None if tokens is None else tokens[0 if deleting else 1]
        start, end = (run[1], run[2]) if deleting else (run[3], run[4])
        low, high = (before[1], after[2]) if deleting else (before[3], after[4])
        best, best_score = 0, _slide_score(keys, start, end, side)
        shift = 1
        while end + shift <= high and keys[start + shift - 1] == keys[end + shift - 1]:
            score = _slide_score(keys, start + shift, end + shift, side)
            if score > best_score:
                best, best_score = shift, score
            shift += 1
        shift = -1
        while start + shift >= low and keys[start + shift] == keys[end + shift]:
            score = _slide_score(keys, start + shift, end + shift, side)
            if score > best_score:
                best, best_score = shift, score
            shift -= 1
        if best:  # the equal text before grows (or shrinks) as much as the one after
            result[index - 1] = (True, before[1], before[2] + best, before[3], before[4] + best)
            result[index] = (False, run[1] + best, run[2] + best, run[3] + best, run[4] + best)
            result[index + 1] = (True, after[1] + best, after[2], after[3] + best, after[4])
    return [block for block in result if block[1] != block[2] or block[3] != block[4]]


MOVED_WORD_REACH = 30
"""Tokens at most between the place a word was taken out and the place it was put back
for the two to be one word moved (about a sentence: the next one, or this one's end)."""


def _moved_words_joined(
    blocks: list[_Block],
    keys: tuple[list[str], list[str]],
    units: tuple[list[int] | None, list[int] | None],
) -> list[_Block]:
    """Blocks with a word taken out of one place and put back a little further on (or
    before) made one edit, with the words between: `w X Y` against `X Y w`, which the
    reader sees as one word moved (`reordered`), not a deletion and an insertion.

    A word of a unit a reader may take in another order (`units`: an icon's label, a
    table's cell) is left as it is, for relocation to weigh.

    >>> blocks = [(True, 0, 1, 0, 1), (False, 1, 2, 1, 1), (True, 2, 4, 1, 3),
    ...           (False, 4, 4, 3, 4), (True, 4, 5, 4, 5)]
    >>> _moved_words_joined(blocks, ("a mötet den 3 maj".split(), "a den 3 mötet maj".split()),
    ...                     (None, None))
    [(True, 0, 1, 0, 1), (False, 1, 4, 1, 4), (True, 4, 5, 4, 5)]
    """
    result = list(blocks)
    index = 0
    while index + 2 < len(result):
        first, between, last = result[index : index + 3]
        if first[0] or not between[0] or last[0] or between[2] - between[1] > MOVED_WORD_REACH:
            index += 1
            continue
        out_first = first[2] - first[1] == 1 and first[3] == first[4]  # a word taken out
        in_last = last[4] - last[3] == 1 and last[1] == last[2]  # one put back after
        in_first = first[4] - first[3] == 1 and first[1] == first[2]
        out_last = last[2] - last[1] == 1 and last[3] == last[4]
        if out_first and in_last:
            word, other = (0, first[1]), (1, last[3])
        elif in_first and out_last:
            word, other = (1, first[3]), (0, last[1])
        else:
            index += 1
            continue
        key = keys[word[0]][word[1]]
        if (
            key != keys[other[0]][other[1]]
            or not any(character.isalpha() for character in key)
            or any(
                side_units is not None and side_units[at] >= 0
                for side_units, at in ((units[word[0]], word[1]), (units[other[0]], other[1]))
            )
        ):
            index += 1
            continue
        result[index : index + 3] = [(False, first[1], last[2], first[3], last[4])]
        index += 1
    return result


def _slide_score(
    keys: list[str], start: int, end: int, tokens: Sequence[Token] | None
) -> tuple[bool, bool, bool]:
    """How well a run keys[start:end] keeps to sentences (it ends one, it starts one),
    then to words (no token at either end glued to the one beside it outside the run)."""
    ends = keys[end - 1] in _SENTENCE_END
    starts = start == 0 or keys[start - 1] in _SENTENCE_END
    if tokens is None:
        return ends, starts, False
    return ends, starts, not _glued(tokens, start - 1) and not _glued(tokens, end - 1)


def _glued(tokens: Sequence[Token], index: int) -> bool:
    """Whether token `index` and the next are written with no space between (`$` `0`)."""
    if index < 0 or index + 1 >= len(tokens):
        return False
    first, second = tokens[index], tokens[index + 1]
    return first.paragraph == second.paragraph and first.end == second.start


def _run_change(
    pair: Pair, left: Sequence[Token], right: Sequence[Token], run: tuple[int, int, int, int]
) -> Change:
    """A change for tokens left[a_start:a_end] -> right[b_start:b_end], with positions
    on both sides even where one side is empty."""
    a_start, a_end, b_start, b_end = run
    return Change(
        pair,
        tuple(left[a_start:a_end]),
        tuple(right[b_start:b_end]),
        a_at=_nearest(left, a_start),
        b_at=_nearest(right, b_start),
    )


def _nearest(tokens: Sequence[Token], position: int) -> Token | None:
    """The token at `position`, or the last one when the position is past the end."""
    if not tokens:
        return None
    return tokens[min(position, len(tokens) - 1)]


def _anchor_token(tokens_by_paragraph: _Tokens, position: int) -> Token | None:
    """The first token of the paragraph at `position`, or the document's last token."""
    count = len(tokens_by_paragraph.paragraphs)
    for index in range(position, count):
        if tokens_by_paragraph[index]:
            return tokens_by_paragraph[index][0]
    for index in range(min(position, count) - 1, -1, -1):
        if tokens_by_paragraph[index]:
            return tokens_by_paragraph[index][-1]
    return None
