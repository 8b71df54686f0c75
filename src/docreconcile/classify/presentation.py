"""How a difference is shown: its context on both sides, cut at sentence ends, and the
marks on the characters that differ."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from rapidfuzz.distance import Indel

from docreconcile.classify.categories import _NON_SPACE, _SENTENCE_END, _WORD_UNIT, CONTEXT_LIMIT


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
    a_units, b_units = _mark_units(a, letters), _mark_units(b, letters)
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
    return _merged(segments), tuple(a_marks), tuple(b_marks)


def _mark_units(text: str, letters: bool) -> list[tuple[int, int]]:
    """The spans `change_marks` compares: each letter, or each word (a number with its
    thousands groups one word).

    >>> _mark_units("ab", True), _mark_units("1 000 kr", False)
    ([(0, 1), (1, 2)], [(0, 5), (6, 8)])
    """
    if letters:
        return [(index, index + 1) for index in range(len(text))]
    return [match.span() for match in _WORD_UNIT.finditer(text)]


def _merged(segments: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Segments with neighbours of one operation joined and empty ones left out.

    >>> _merged([("equal", "a"), ("equal", "b"), ("delete", ""), ("insert", "c")])
    (('equal', 'ab'), ('insert', 'c'))
    """
    merged: list[tuple[str, str]] = []
    for operation, text in segments:
        if merged and merged[-1][0] == operation:
            merged[-1] = (operation, merged[-1][1] + text)
        elif text:
            merged.append((operation, text))
    return tuple(merged)
