"""Layout differences: the layout events present on one side only, each located on both
sides."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from docreconcile.classify.categories import categorize
from docreconcile.classify.side import _distance
from docreconcile.model import (
    Category,
    Difference,
    LayoutEvent,
    Location,
    NormalizedDocument,
    Pair,
    Paragraph,
)
from docreconcile.normalize.removed import FurnitureLines, _furniture_words


def layout_differences(
    pairs: Sequence[Pair],
    a: NormalizedDocument,
    b: NormalizedDocument,
    held: Sequence[Difference] = (),
) -> list[Difference]:
    """Layout events present on one side only, each located on both sides.

    Events cancel by (category, key): the same line break, header or rule on both sides is
    no difference. On the other side, the location is where the same words stand in the
    aligned paragraph (or that paragraph's start, for a removed header or rule).

    `held` are texts one side keeps in its body where the other took the same lines out
    as headers or footers (another extractor keeps a header inline; body lines that open
    two pages alike looked like a footer to one side): both documents hold those words,
    so the text and the lines cancel. A held text whose lines are not all there to cancel
    is reported as the furniture it is.
    """
    a_to_b = _paragraph_map(pairs, from_a=True)
    b_to_a = _paragraph_map(pairs, from_a=False)
    a_starts = [_location_key(paragraph.first_location) for paragraph in a.paragraphs]
    b_starts = [_location_key(paragraph.first_location) for paragraph in b.paragraphs]

    def across(event: LayoutEvent, from_a: bool) -> Location | None:
        if from_a:
            return _locate_on_other_side(event, a_starts, b.paragraphs, a_to_b)
        return _locate_on_other_side(event, b_starts, a.paragraphs, b_to_a)

    changed, a_events, b_events = _changed_furniture_events(a.events, b.events, across)
    unmatched: list[Difference] = []
    furniture = _FurnitureByFirstWord(a_events), _FurnitureByFirstWord(b_events)
    for difference in held:
        lines, place = (
            (furniture[1], difference.b_location)
            if difference.a
            else (furniture[0], difference.a_location)
        )
        if not lines.compose(difference.a or difference.b, place):
            unmatched.append(difference)
    a_events, b_events = furniture[0].left(), furniture[1].left()
    shared = Counter((e.category, e.key) for e in a_events) & Counter(
        (e.category, e.key) for e in b_events
    )
    differences: list[Difference] = changed + unmatched
    for own_is_a, events in ((True, a_events), (False, b_events)):
        remaining = Counter(shared)
        for event in events:
            key = (event.category, event.key)
            if remaining[key] > 0:
                remaining[key] -= 1
                continue
            differences.append(_one_sided(event, own_is_a, across(event, own_is_a)))
    return differences


def _one_sided(event: LayoutEvent, own_is_a: bool, other_location: Location | None) -> Difference:
    """A layout event of one side as a difference, located on both."""
    return Difference(
        id=0,
        severity=event.category.severity,
        category=event.category,
        a=event.text if own_is_a else "",
        b="" if own_is_a else event.text,
        a_context="",
        b_context="",
        a_location=event.location if own_is_a else other_location,
        b_location=other_location if own_is_a else event.location,
    )


def _changed_furniture_events(
    a: Sequence[LayoutEvent],
    b: Sequence[LayoutEvent],
    across: Callable[[LayoutEvent, bool], Location | None],
) -> tuple[list[Difference], list[LayoutEvent], list[LayoutEvent]]:
    """Running headers and footers taken out on both sides that are one line with a word
    changed on one side, as that word's difference; and the events left to cancel.

    Their keys mask page numbers, so `Act of 1999` on one page cancels `Act of 1998`
    unless looked at: a year that every other header of the document holds is no page
    counter (`FurnitureLines`). The changed line's counterpart is the other side's line
    of the same key nearest to where the alignment puts it (`across`)."""
    changed: list[Difference] = []
    kept = {"a": list(a), "b": list(b)}
    for own, other in (("a", "b"), ("b", "a")):
        lines = FurnitureLines(e for e in kept[other] if e.category is Category.HEADER_FOOTER)
        for event in [e for e in kept[own] if e.category is Category.HEADER_FOOTER]:
            found = lines.changed_word(_furniture_words(event.text))
            if found is None:
                continue
            index, other_word, counterpart = found
            place = across(event, own == "a")
            same_key = [e for e in kept[other] if e.key == event.key]
            if same_key and place is not None:
                counterpart = min(same_key, key=lambda e: _distance(e.location, place))
            kept[own].remove(event)
            if counterpart in kept[other]:
                kept[other].remove(counterpart)
            word = _furniture_words(event.text)[index]
            a_event, b_event = (event, counterpart) if own == "a" else (counterpart, event)
            a_word, b_word = (word, other_word) if own == "a" else (other_word, word)
            category = categorize(a_word, b_word)
            changed.append(
                Difference(
                    id=0,
                    severity=category.severity,
                    category=category,
                    a=a_word,
                    b=b_word,
                    a_context=a_event.text,
                    b_context=b_event.text,
                    a_location=a_event.location,
                    b_location=b_event.location,
                )
            )
    return changed, kept["a"], kept["b"]


class _FurnitureByFirstWord:
    """One side's removed header, footer and page-number lines, by their first word, for
    `compose` to take those that make up a text the other side keeps in its body."""

    def __init__(self, events: Sequence[LayoutEvent]) -> None:
        self.events = events
        self.taken: set[int] = set()
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for index, event in enumerate(events):
            if event.category in (Category.HEADER_FOOTER, Category.PAGE_NUMBER):
                words = tuple(event.text.split())
                if words:
                    self.by_first[words[0]].append((words, index))

    def compose(self, text: str, place: Location | None) -> bool:
        """Take the lines that make up `text` word for word, one after another, each the
        longest that fits and the nearest to `place` of those; take none and say False
        if they do not make it up.

        >>> at = Location(line=1)
        >>> lines = [LayoutEvent(Category.HEADER_FOOTER, t, at, t) for t in ("A b", "c d", "e")]
        >>> furniture = _FurnitureByFirstWord(lines)
        >>> furniture.compose("A b c x", at), furniture.compose("A b c d", at)
        (False, True)
        >>> [event.text for event in furniture.left()]
        ['e']
        """
        words = tuple(text.split())
        chosen: list[int] = []
        at = 0
        while at < len(words):
            fitting = [
                (line, index)
                for line, index in self.by_first.get(words[at], ())
                if words[at : at + len(line)] == line
                and index not in self.taken
                and index not in chosen
            ]
            if not fitting:
                return False
            longest = max(len(line) for line, _ in fitting)
            candidates = [index for line, index in fitting if len(line) == longest]
            chosen.append(
                min(candidates, key=lambda index: _distance(self.events[index].location, place))
                if place is not None
                else candidates[0]
            )
            at += longest
        self.taken.update(chosen)
        return True

    def left(self) -> list[LayoutEvent]:
        """The events no `compose` took, in their order."""
        return [event for index, event in enumerate(self.events) if index not in self.taken]


def _paragraph_map(pairs: Sequence[Pair], from_a: bool) -> dict[int, int]:
    """For each paragraph on one side, the aligned (or nearest) paragraph on the other."""
    mapping: dict[int, int] = {}
    for pair in pairs:
        own, other = (pair.a, pair.b) if from_a else (pair.b, pair.a)
        fallback = pair.b_position if from_a else pair.a_position
        for index in own:
            mapping[index] = other[0] if other else fallback
    return mapping


def _location_key(location: Location) -> tuple[int, int]:
    return (location.page or 0, location.line)


def _locate_on_other_side(
    event: LayoutEvent,
    starts: list[tuple[int, int]],
    other: Sequence[Paragraph],
    mapping: dict[int, int],
) -> Location | None:
    """Where the text around a layout event stands in the other input.

    `starts` are the (page, line) keys where this side's paragraphs begin, in order.
    """
    if not starts or not other:
        return None
    position = bisect_right(starts, _location_key(event.location)) - 1
    if event.category not in (Category.LINE_BREAK, Category.HYPHENATION, Category.PAGE_BREAK):
        position += 1  # a removed line belongs before the next paragraph
    position = min(max(position, 0), len(starts) - 1)
    target = min(mapping.get(position, 0), len(other) - 1)
    paragraph = other[target]
    needle = event.key if event.category is Category.HYPHENATION else event.key.split(" ")[0]
    found = paragraph.text.find(needle) if needle else -1
    return paragraph.location_at(found) if found >= 0 else paragraph.first_location
