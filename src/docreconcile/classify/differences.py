"""Changes made differences: located on both sides, rewordings and swaps grouped into
one difference each."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import Indel

from docreconcile.classify.categories import (
    _LIST_MARKS,
    _SENTENCE_END,
    _WORD,
    _only_unmapped_glyphs,
    categorize,
)
from docreconcile.classify.presentation import aligned_contexts, change_marks
from docreconcile.classify.side import _START, _Side
from docreconcile.model import Category, Change, Difference, PairKind, Severity, TextRange, Token
from docreconcile.tokens import in_one_paragraph, token_key


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
        if _breaks_between(side, before[0], after[0]) > SWAP_PARAGRAPHS:
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

SWAP_LABEL_WORDS = 4
"""Words at most in a paragraph between the two that counts for no break: a figure's
label, one a paragraph, which the other side runs together into one."""


def _breaks_between(side: _Side, first: int, last: int) -> int:
    """The paragraph breaks from paragraph `first` to `last`, a label's paragraph
    between them counting for none.

    >>> from docreconcile.model import Paragraph
    >>> side = _Side([Paragraph(n, t, ()) for n, t in enumerate(["a b", "Boots", "nut", "c d"])])
    >>> _breaks_between(side, 0, 3), _breaks_between(side, 0, 0)
    (1, 0)
    """
    labels = sum(
        1
        for index in range(first + 1, last)
        if len(_GAP_WORD.findall(side.paragraphs[index].text)) <= SWAP_LABEL_WORDS
    )
    return last - first - labels


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
