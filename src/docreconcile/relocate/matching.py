"""Finding text both sides left over: whole paragraphs, long runs indexed by shingles,
short pieces, pieces with one word edited, single words; matches joined into passages."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.model import Token
from docreconcile.relocate.sides import (
    _WORD,
    GAP,
    MAX_CANDIDATES,
    MIN_LONG_LETTERS,
    MIN_LONG_WORDS,
    MIN_WORD_LETTERS,
    SHINGLE,
    _Match,
    _Side,
)
from docreconcile.tokens import token_key


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
    return best if best is None else _without_stubs(a, b, best)


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


STUB = 2
"""Tokens at most that a match may run into a paragraph on one side only and keep."""


def _without_stubs(a: _Side, b: _Side, match: _Match) -> _Match:
    """A match without a stub at either end: the first word or two of a paragraph that
    only one side begins there, taken because it happened to follow.

    `... on line 74. You` runs on, in a text, into `You can pay by check`, and in the PDF
    into another paragraph, `You may need to`: kept, the stub leaves both sentences
    without their first word, and those two `You` over, each a word on its own. Given
    back, each is found with its own sentence.
    """
    length = match.a_end - match.a_start

    def starts_paragraph(offset: int) -> tuple[bool, bool]:
        """Whether the match's token `offset` starts a paragraph on side A, on side B."""
        return (
            a.tokens[match.a_start + offset].paragraph
            != a.tokens[match.a_start + offset - 1].paragraph,
            b.tokens[match.b_start + offset].paragraph
            != b.tokens[match.b_start + offset - 1].paragraph,
        )

    end = length
    for offset in range(max(1, length - STUB), length):
        in_a, in_b = starts_paragraph(offset)
        if in_a != in_b:
            end = offset
            break
    start = 0
    for offset in range(min(end - 1, STUB), 0, -1):
        in_a, in_b = starts_paragraph(offset)
        if in_a != in_b:
            start = offset
            break
    if (start, end) == (0, length):
        return match
    return _Match(
        match.a_start + start, match.b_start + start, match.a_start + end, match.b_start + end
    )


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
    for _ in range(PIECE_ROUNDS):
        found_any = False
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
                found_any = True
        if not found_any:
            break
    return matches + _word_matches(a, b, used_a, used_b)


PIECE_ROUNDS = 3
"""Rounds of looking pieces up in each other. A piece found inside the other side's cuts
that one into smaller pieces, which the next round may find: a table read by columns on
one side (`$0 $0 $85 $85`) and by rows on the other (`$0 $85`, `$0 $85`) leaves the second
row's cells to be found only once the first row has taken the middle of the column."""


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
    """Pieces left over whole on both sides, identical, and nearest to each other; but
    not one on another page where the piece's own page holds it inside a short piece
    (an icon's label beside its `!`): `_find_nearby` takes that, unless the piece is
    marks and numbers only (`_EVERYWHERE`)."""
    by_key: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    pieces = _pieces(b, used_b)
    for start, end in pieces:
        by_key[tuple(b.keys[start:end])].append((start, end))
    short: dict[int, list[tuple[int, int]]] = defaultdict(list)  # by page
    for start, end in pieces:
        if end - start <= SHORT_PIECE:
            short[b.page_at(b.positions[start])].append((start, end))
    matches: list[_Match] = []
    for start, end in _pieces(a, used_a):
        expected = a.expected[start]
        if expected < 0:
            continue
        best: tuple[int, int] | None = None
        best_distance = (True, 1 << 62)
        low, high = b.window(expected)
        keys = a.keys[start:end]
        for b_start, b_end in by_key.get(tuple(keys), ()):
            position = b.positions[b_start]
            distance = b.nearness(position, expected)
            if not used_b[b_start] and low <= position <= high and distance < best_distance:
                best, best_distance = (b_start, b_end), distance
        if best is None or (
            best_distance[0]
            and not all(key in _EVERYWHERE or key.isdigit() for key in keys)
            and _inside_short(b, short, keys, expected, used_b)
        ):
            continue
        match = _Match(start, best[0], end, best[1])
        _take(match, used_a, used_b)
        matches.append(match)
    return matches


SHORT_PIECE = 3
"""Tokens of a piece short enough to be a label and its mark (`! CAUTION`)."""

_EVERYWHERE = frozenset(".,;:")
"""Marks inside most pieces of any page: a piece of these and numbers alone is taken
where it stands whole, not looked for inside others."""


def _inside_short(
    side: _Side,
    short: dict[int, list[tuple[int, int]]],
    keys: list[str],
    expected: int,
    used: list[bool],
) -> bool:
    """Whether `keys` stand, unmatched, inside a longer one of the `short` pieces (by
    page) of `side` on the page `expected` falls on."""
    page = side.page_at(expected)
    if page < 0:
        return False
    length = len(keys)
    for start, end in short.get(page, ()):
        if end - start <= length:
            continue
        for at in range(start, end - length + 1):
            if side.keys[at : at + length] == keys and not any(used[at : at + length]):
                return True
    return False


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
    apart: tuple[bytearray, bytearray] | None = None,
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
    for match in matches:  # a flag a token: a set of every token is slow to fill
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
            if near and apart is not None:
                # tokens another kind of match took (a stamp's pieces) stay its own
                near = not any(apart[0][last.a_end : match.a_start]) and not any(
                    apart[1][last.b_end : match.b_start]
                )
            if near and not any(matched_b[last.b_end : match.b_start]):
                passages[-1] = replace(last, a_end=match.a_end, b_end=match.b_end)
                continue
        passages.append(match)
    return passages
