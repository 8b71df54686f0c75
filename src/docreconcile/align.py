"""Align: pair the paragraphs of A with the paragraphs of B.

Two versions of one document mostly agree, so we anchor first and search only in between,
as patience diff does:

1. **Anchors.** Paragraphs whose comparison key is identical and occurs exactly once on each
   side are matched; the longest run of them that keeps both orders becomes the skeleton.
   This repeats inside each gap (a paragraph unique in a gap may repeat elsewhere). A
   large gap with no identical paragraph (every amount of a budget revised) anchors on
   near matches instead: paragraphs that are each other's best candidate in a word index
   and nearly the same text.
2. **Gaps.** Between two anchors, a small dynamic programme pairs what is left, allowing
   1:1 pairs, splits and merges (a heading and its paragraph may be one PDF block but two
   text blocks), n:m groups, insertions and deletions, scored with rapidfuzz similarity.
   Gaps are small when the documents are alike, so the total cost grows about linearly
   with the document, not with the product of the paragraph counts; a band keeps even a
   large gap bounded.

Paragraphs left deleted on one side and inserted on the other may still hold the same
text in another place: `relocate` finds that, at word level, after diff.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from docreconcile.model import Pair, PairKind, Paragraph
from docreconcile.tokens import alignment_key, longest_increasing

MIN_SIMILARITY = 55.0
"""Paragraph groups less similar than this (rapidfuzz ratio, 0–100) are not paired."""

MAX_GROUP = 4
"""The most paragraphs on each side of one n:m group."""

MAX_FAN = 8
"""The most paragraphs on one side of a 1:k split or k:1 merge."""

GROUP_PENALTY = 2.0
"""Score cost of each extra paragraph in a group, so equal scores prefer 1:1 pairs."""

BAND = 40
"""Half-width of the diagonal band the gap search explores in a large gap."""


@dataclass(frozen=True)
class _Gap:
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def align(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> list[Pair]:
    """Pair paragraphs of A with paragraphs of B; every paragraph ends up in exactly one pair."""
    a_keys = [alignment_key(paragraph.text) for paragraph in a]
    b_keys = [alignment_key(paragraph.text) for paragraph in b]
    pairs: list[Pair] = []
    # A paragraph once on each side is an anchor in any gap holding both copies, so one
    # left in a gap has its copy outside it: it moved, and opens no group there. Not a
    # short one: a heading may be refused as an anchor (`_paragraph_edges`) and belong
    # to a group on its own page.
    moved = {key for key in _once(a_keys) & _once(b_keys) if len(key.split()) > SHORT_ANCHOR}
    pending = [_Gap(0, len(a_keys), 0, len(b_keys))]
    while pending:
        gap = pending.pop()
        anchors = _unique_anchors(a_keys, b_keys, gap) or _near_anchors(a_keys, b_keys, gap, moved)
        if not anchors:
            pairs.extend(_align_gap(a_keys, b_keys, gap, moved))
            continue
        previous_a, previous_b = gap.a_start, gap.b_start
        for a_index, b_index in anchors:
            pending.append(_Gap(previous_a, a_index, previous_b, b_index))
            pairs.append(Pair(PairKind.MATCHED, (a_index,), (b_index,)))
            previous_a, previous_b = a_index + 1, b_index + 1
        pending.append(_Gap(previous_a, gap.a_end, previous_b, gap.b_end))
    # A near anchor is paired alone; a heading or a list item the other side split off
    # it lies beside it, and joins it if that makes the pair more alike.
    ordered = _absorb_neighbours(sorted(pairs, key=_document_order), a_keys, b_keys)
    return _pair_unpaired_runs(ordered, a_keys, b_keys, moved)


_UNMAPPED = re.compile(r"\(cid:\d+\)")
"""A glyph the PDF maps to no character: one letter, whichever."""

RUN_PARAGRAPHS = 40
"""The most paragraphs on each side of an unpaired run paired as one group."""

RUN_SIMILARITY = 80.0
"""How alike (rapidfuzz ratio) an unpaired run's two sides must be to be one group."""


def _pair_unpaired_runs(
    pairs: list[Pair], a_keys: list[str], b_keys: list[str], moved: set[str]
) -> list[Pair]:
    """Runs of deleted and inserted paragraphs with no pair between them, that hold the
    same text on both sides, paired as one group.

    Such a run stands at one place in both documents: what the gap search could not
    pair (a list one side holds as nine paragraphs and the other as one, with a running
    header inside it) is not text moved elsewhere, and left to `relocate` it would have
    to be explained as a reading order. Paired, diff finds what truly differs. A
    paragraph whose same copy stands elsewhere (`moved`) keeps a run apart."""
    result: list[Pair] = []
    run: list[Pair] = []

    def close() -> None:
        a_side = sorted(index for pair in run for index in pair.a)
        b_side = sorted(index for pair in run for index in pair.b)
        if (
            a_side
            and b_side
            and len(a_side) <= RUN_PARAGRAPHS
            and len(b_side) <= RUN_PARAGRAPHS
            and a_side == list(range(a_side[0], a_side[-1] + 1))
            and b_side == list(range(b_side[0], b_side[-1] + 1))
            and fuzz.ratio(
                _UNMAPPED.sub("?", " ".join(a_keys[index] for index in a_side)),
                _UNMAPPED.sub("?", " ".join(b_keys[index] for index in b_side)),
                score_cutoff=RUN_SIMILARITY,
            )
        ):
            result.append(Pair(PairKind.MATCHED, tuple(a_side), tuple(b_side)))
        else:
            result.extend(run)
        run.clear()

    for pair in pairs:
        unpaired = pair.kind is not PairKind.MATCHED and not any(
            key in moved for key in [*(a_keys[i] for i in pair.a), *(b_keys[i] for i in pair.b)]
        )
        if unpaired:
            run.append(pair)
            continue
        close()
        result.append(pair)
    close()
    return result


def _once(keys: list[str]) -> set[str]:
    """The keys that occur exactly once.

    >>> sorted(_once(["a", "b", "a", "c"]))
    ['b', 'c']
    """
    return {key for key, count in Counter(keys).items() if count == 1}


def _document_order(pair: Pair) -> tuple[int, int]:
    """Sort pairs as a reader of both documents meets them."""
    a_position = pair.a[0] if pair.a else pair.a_position
    b_position = pair.b[0] if pair.b else pair.b_position
    return (a_position, b_position)


def _unique_anchors(a_keys: list[str], b_keys: list[str], gap: _Gap) -> list[tuple[int, int]]:
    """Identical keys unique on both sides of the gap, longest order-keeping run of them."""
    a_counts = Counter(a_keys[gap.a_start : gap.a_end])
    b_counts = Counter(b_keys[gap.b_start : gap.b_end])
    b_position = {
        b_keys[index]: index
        for index in range(gap.b_start, gap.b_end)
        if b_counts[b_keys[index]] == 1
    }
    candidates = [
        (index, b_position[a_keys[index]])
        for index in range(gap.a_start, gap.a_end)
        if a_counts[a_keys[index]] == 1 and a_keys[index] in b_position
    ]
    if any(len(a_keys[index].split()) <= SHORT_ANCHOR for index, _ in candidates):
        edges = _paragraph_edges(a_keys, gap.a_start, gap.a_end)
        edges |= _paragraph_edges(b_keys, gap.b_start, gap.b_end)
        candidates = [
            (index, b_index) for index, b_index in candidates if a_keys[index] not in edges
        ]
    return longest_increasing(candidates)


SHORT_ANCHOR = 3
"""Words at most in a paragraph whose uniqueness is checked against the edges of others."""


def _paragraph_edges(keys: list[str], start: int, end: int) -> set[str]:
    """The first and last few words (up to SHORT_ANCHOR) of each longer paragraph.

    A heading alone on both sides is no anchor when the same words also open (or close)
    another paragraph: one extractor ran a heading into its text on one page and the
    other on another (`Additional Information` on page 2 and page 4 of a form's
    instructions), and the two lone copies stand pages apart.

    >>> sorted(_paragraph_edges(["notes", "notes on the form"], 0, 2))
    ['form', 'notes', 'notes on', 'notes on the', 'on the form', 'the form']
    """
    edges: set[str] = set()
    for key in keys[start:end]:
        words = key.split()
        if len(words) <= 1:
            continue
        for count in range(1, min(SHORT_ANCHOR, len(words) - 1) + 1):
            edges.add(" ".join(words[:count]))
            edges.add(" ".join(words[-count:]))
    return edges


NEAR_GAP = 16
"""A gap of at most this many paragraphs on each side goes straight to the gap search: it
is cheap there. Larger gaps without identical anchors look for near anchors first."""

NEAR_ANCHOR = 90.0
"""Similarity (rapidfuzz ratio) a near anchor needs: one paragraph with a word or an
amount changed (a budget with every amount revised has no identical paragraph)."""

COMMON_WORD = 16
"""A word in more paragraphs than this on one side of a gap says nothing about which
paragraphs pair, and is left out of the index."""

_INDEX_WORD = re.compile(r"\w{3,}")


def _near_anchors(
    a_keys: list[str], b_keys: list[str], gap: _Gap, moved: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int]]:
    """Pairs of paragraphs that are each other's best match and nearly the same text, in
    a gap too large to search whole: anchors when no paragraph is identical.

    Candidates come from an index of the words each paragraph holds (common words left
    out), so each paragraph is scored against its best candidate only: time grows with
    the gap, not with the product of its sides (as it did when a gap of paragraphs whose
    amounts all changed was searched pair by pair). A paragraph in `moved` (its same
    copy stands outside the gap) is no candidate.
    """
    if max(gap.a_end - gap.a_start, gap.b_end - gap.b_start) <= NEAR_GAP:
        return []
    a_words = {
        i: set(_INDEX_WORD.findall(a_keys[i]))
        for i in range(gap.a_start, gap.a_end)
        if a_keys[i] not in moved
    }
    b_words = {
        j: set(_INDEX_WORD.findall(b_keys[j]))
        for j in range(gap.b_start, gap.b_end)
        if b_keys[j] not in moved
    }
    best_b = _best_candidates(a_words, b_words)
    best_a = _best_candidates(b_words, a_words)
    candidates = [
        (i, j)
        for i, j in sorted(best_b.items())
        if best_a.get(j) == i and fuzz.ratio(a_keys[i], b_keys[j], score_cutoff=NEAR_ANCHOR)
    ]
    return longest_increasing(candidates)


def _best_candidates(words: dict[int, set[str]], others: dict[int, set[str]]) -> dict[int, int]:
    """For each paragraph, the other side's paragraph sharing most of its indexed words.

    >>> _best_candidates({0: {"budget", "2024"}}, {5: {"budget"}, 6: {"budget", "2024"}})
    {0: 6}
    """
    index: dict[str, list[int]] = {}
    for other, found in others.items():
        for word in found:
            index.setdefault(word, []).append(other)
    # Words too common to tell paragraphs apart hold no list: one lookup per word below.
    rare = {word: holders for word, holders in index.items() if len(holders) <= COMMON_WORD}
    best: dict[int, int] = {}
    for paragraph, found in words.items():
        # One count over all the holders; of those sharing as many words, the first in
        # the document. (A set's order changes from run to run with Python's string
        # hashing, and `most_common` breaks ties by the order it met them: the same
        # pair of documents was aligned two ways.)
        shared = Counter(itertools.chain.from_iterable(rare.get(word, ()) for word in found))
        if shared:
            best[paragraph] = max(shared.items(), key=lambda item: (item[1], -item[0]))[0]
    return best


def _group_shapes() -> list[tuple[int, int]]:
    """The (A paragraphs, B paragraphs) shapes one step of the gap search may take."""
    shapes = {(p, q) for p in range(1, MAX_GROUP + 1) for q in range(1, MAX_GROUP + 1)}
    shapes |= {(1, k) for k in range(1, MAX_FAN + 1)} | {(k, 1) for k in range(1, MAX_FAN + 1)}
    return sorted(shapes)


_SHAPES = _group_shapes()

_SHAPE_ROWS: list[tuple[int, list[int]]] = [
    (p, [q for shape_p, q in _SHAPES if shape_p == p]) for p in sorted({p for p, _ in _SHAPES})
]
"""The same shapes in the same order, as rows of one p with q rising: along a row B's
side only grows, so the search leaves a row once it is too long for A's."""


def _align_gap(
    a_keys: list[str], b_keys: list[str], gap: _Gap, moved: frozenset[str] | set[str] = frozenset()
) -> list[Pair]:
    """Best pairing of the paragraphs inside one gap, by dynamic programming.

    Each step either skips a paragraph of A (deleted) or of B (inserted), scoring 0, or
    pairs p paragraphs of A with q of B, scoring their similarity times their length, less
    a small penalty per extra paragraph. The best total wins. A paragraph whose key is in
    `moved` (its same copy stands outside the gap) opens no group: `relocate` finds it
    there. In a document whose paragraphs were put in another order, that spares the
    scoring of every paragraph against its neighbours' sentences.
    """
    n, m = gap.a_end - gap.a_start, gap.b_end - gap.b_start
    if n == 0 or m == 0:
        return _unpaired(gap)
    a_text, a_moved, a_words, a_ends = _gap_side(a_keys[gap.a_start : gap.a_end], moved)
    b_text, b_moved, b_words, b_ends = _gap_side(b_keys[gap.b_start : gap.b_end], moved)
    band = max(BAND, abs(n - m) + BAND)
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    step: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = i * m // n
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if (i, j) not in best:
                continue
            here = best[(i, j)]
            # The two skips, as `_relax` would do them, without a call each: every cell
            # of the band takes them (millions of cells in a long shuffled document).
            if i < n and here > best.get((i + 1, j), _NEVER):
                best[(i + 1, j)], step[(i + 1, j)] = here, (1, 0)
            if j < m and here > best.get((i, j + 1), _NEVER):
                best[(i, j + 1)], step[(i, j + 1)] = here, (0, 1)
            if (
                i < n
                and j < m
                and (a_moved[i] or b_moved[j] or not _may_open_group(a_words[i], b_words[j]))
            ):
                continue
            for p, qs in _SHAPE_ROWS:
                if i + p > n:
                    break  # p only rises
                length_a = a_ends[i + p] - a_ends[i]
                for q in qs:
                    if j + q > m:
                        break  # q only rises
                    length_b = b_ends[j + q] - b_ends[j]
                    if 200 * min(length_a, length_b) < MIN_SIMILARITY * (length_a + length_b):
                        if length_b > length_a:
                            break  # B already too long for A: more of B is longer still
                        continue
                    joined_a = " ".join(a_text[i : i + p])
                    joined_b = " ".join(b_text[j : j + q])
                    similarity = fuzz.ratio(joined_a, joined_b, score_cutoff=MIN_SIMILARITY)
                    if not similarity:
                        continue
                    gain = similarity / 100 * (len(joined_a) + len(joined_b))
                    gain -= GROUP_PENALTY * (p + q - 2)
                    _relax(best, step, (i + p, j + q), here + gain, (p, q), n, m)
    return _absorb_neighbours(_trace_back(step, gap, n, m), a_keys, b_keys)


def _gap_side(
    texts: list[str], moved: frozenset[str] | set[str]
) -> tuple[list[str], list[bool], list[frozenset[str]], list[int]]:
    """One side of a gap as `_align_gap` reads it: its paragraphs' keys, whether each is
    moved, each one's long words, and where each ends once joined.

    A moved paragraph opens no group, so its words are never asked for (in a shuffled
    document that is nearly every one). The joined lengths come from prefix sums: a group
    whose lengths alone rule out MIN_SIMILARITY (ratio <= 2 * shorter / (both)) is
    skipped without joining its text.
    """
    gone = [text in moved for text in texts]
    words = [
        _NO_WORDS if away else _long_words(text) for text, away in zip(texts, gone, strict=True)
    ]
    ends = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
    return texts, gone, words, ends


def _absorb_neighbours(pairs: list[Pair], a_keys: list[str], b_keys: list[str]) -> list[Pair]:
    """Grow each matched group over the unpaired paragraphs right beside it, while that
    makes the group more alike.

    A group's fan is bounded (`MAX_FAN`) to keep the search cheap, but a paragraph pasted
    as one line may hold a whole page of the other side's paragraphs: a list of twelve
    items, or the paragraphs either side of a page break. What the bounded search left
    over beside such a group belongs to it.

    A "3 § ..." text line paired with nine PDF paragraphs of which the search took the
    last eight: the first, left inserted just before the group, is taken in.
    """
    grown = list(pairs)
    index = 0
    while index < len(grown):
        pair = grown[index]
        if pair.kind is not PairKind.MATCHED:
            index += 1
            continue
        for neighbour_index in _unpaired_beside(grown, index):
            neighbour = grown[neighbour_index]
            merged = _merged(pair, neighbour)
            if merged is None:
                continue
            if _similarity(merged, a_keys, b_keys) > _similarity(pair, a_keys, b_keys):
                grown[index] = pair = merged
                del grown[neighbour_index]
                if neighbour_index < index:
                    index -= 1
                break
        else:
            index += 1
    return grown


def _unpaired_beside(pairs: list[Pair], index: int) -> list[int]:
    """The unpaired paragraphs on either side of the group at `index`, nearest first:
    those right beside it, and further ones past unpaired paragraphs of the other
    document (a page number and a header the other side kept inside its paragraph)."""
    found: list[int] = []
    for step in (1, -1):
        at = index + step
        while (
            0 <= at < len(pairs)
            and abs(at - index) <= ABSORB_REACH
            and pairs[at].kind is not PairKind.MATCHED
        ):
            found.append(at)
            at += step
    return sorted(found, key=lambda at: abs(at - index))


ABSORB_REACH = 8
"""Unpaired paragraphs looked at on each side of a group: a shuffled document leaves
thousands in a row, and a page's furniture kept inside a paragraph is a few."""


def _merged(pair: Pair, neighbour: Pair) -> Pair | None:
    """`pair` with one unpaired neighbouring paragraph taken in, if it is contiguous."""
    if neighbour.kind is PairKind.INSERTED and len(neighbour.b) == 1:
        b = neighbour.b[0]
        if b == pair.b[-1] + 1:
            return Pair(PairKind.MATCHED, pair.a, (*pair.b, b))
        if b == pair.b[0] - 1:
            return Pair(PairKind.MATCHED, pair.a, (b, *pair.b))
    if neighbour.kind is PairKind.DELETED and len(neighbour.a) == 1:
        a = neighbour.a[0]
        if a == pair.a[-1] + 1:
            return Pair(PairKind.MATCHED, (*pair.a, a), pair.b)
        if a == pair.a[0] - 1:
            return Pair(PairKind.MATCHED, (a, *pair.a), pair.b)
    return None


def _similarity(pair: Pair, a_keys: list[str], b_keys: list[str]) -> float:
    joined_a = " ".join(a_keys[index] for index in pair.a)
    joined_b = " ".join(b_keys[index] for index in pair.b)
    return fuzz.ratio(joined_a, joined_b)


LONG_WORD = 4
"""Letters a word needs to count as shared between the first paragraphs of a group."""

_WORD_PATTERN = re.compile(rf"\w{{{LONG_WORD},}}")


def _long_words(key: str) -> frozenset[str]:
    """The longer words of a paragraph key: two paragraphs that open a group share one.

    A pair whose first paragraphs have none in common is not tried at all: in a gap of
    paragraphs that all moved elsewhere, this spares nearly all the similarity scoring.

    >>> sorted(_long_words("förslag till beslut, § 12"))
    ['beslut', 'förslag', 'till']
    """
    return frozenset(_WORD_PATTERN.findall(key))


OPENING_SHARE = 5
"""Two paragraphs open a group only if they share at least one in this many of the longer
words of the one with fewer: a paragraph and its other version share most of theirs."""


def _may_open_group(a_words: frozenset[str], b_words: frozenset[str]) -> bool:
    """Whether a group may open with these two paragraphs (their longer words given).

    In a gap of paragraphs whose partners stand elsewhere (a shuffled document), any
    two share a common word or two (`till`, `inte`), which spared little; a paragraph and
    its other version, or a heading and the block that holds it, share most. Paragraphs
    without such words (a number, `§ 3`) are always tried.

    >>> common = {"till", "inte"}
    >>> school = frozenset(common | {f"skola{n}" for n in range(12)})  # 14 longer words
    >>> water = frozenset(common | {f"vatten{n}" for n in range(20)})
    >>> _may_open_group(school, water), _may_open_group(school, school - {"skola1"})
    (False, True)
    >>> _may_open_group(frozenset({"beslut"}), frozenset({"beslut", "nämnden", "föreslår"}))
    True
    """
    if not a_words or not b_words:
        return True
    shared = len(a_words & b_words)
    return shared > 0 and shared * OPENING_SHARE >= min(len(a_words), len(b_words))


_NEVER = float("-inf")
_NO_WORDS: frozenset[str] = frozenset()


def _relax(
    best: dict[tuple[int, int], float],
    step: dict[tuple[int, int], tuple[int, int]],
    target: tuple[int, int],
    score: float,
    shape: tuple[int, int],
    n: int,
    m: int,
) -> None:
    if target[0] > n or target[1] > m:
        return
    if score > best.get(target, _NEVER):
        best[target] = score
        step[target] = shape


def _trace_back(
    step: dict[tuple[int, int], tuple[int, int]], gap: _Gap, n: int, m: int
) -> list[Pair]:
    """Walk the best path back from the end of the gap, turning each step into a Pair."""
    pairs: list[Pair] = []
    i, j = n, m
    while (i, j) != (0, 0):
        p, q = step[(i, j)]
        i, j = i - p, j - q
        a_indices = tuple(range(gap.a_start + i, gap.a_start + i + p))
        b_indices = tuple(range(gap.b_start + j, gap.b_start + j + q))
        if p and q:
            pairs.append(Pair(PairKind.MATCHED, a_indices, b_indices))
        elif p:
            pairs.append(Pair(PairKind.DELETED, a_indices, (), b_position=gap.b_start + j))
        else:
            pairs.append(Pair(PairKind.INSERTED, (), b_indices, a_position=gap.a_start + i))
    return pairs[::-1]


def _unpaired(gap: _Gap) -> list[Pair]:
    """A gap with nothing on one side: all deletions, or all insertions."""
    deleted = [
        Pair(PairKind.DELETED, (index,), (), b_position=gap.b_start)
        for index in range(gap.a_start, gap.a_end)
    ]
    inserted = [
        Pair(PairKind.INSERTED, (), (index,), a_position=gap.a_start)
        for index in range(gap.b_start, gap.b_end)
    ]
    return deleted + inserted
