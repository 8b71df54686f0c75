"""Classify: give every difference a category and a severity, and point it at both inputs.

The category of a changed run of words is decided by what is left of the difference once
each kind of minor or layout variation is folded away, in order (see `categorize`): if
folding typography makes the texts equal, it was typography; if folding case does, case;
and so on, down to a real change of words, where digits make it a `number` and a small
edit of one word a `spelling` error.

Layout events recorded by normalisation (line breaks, hyphenation, headers, page numbers,
rules) become layout differences only where the other side has no same event: a document
compared with itself has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docreconcile.classify.categories import CONTEXT_LIMIT, categorize
from docreconcile.classify.differences import _at_edge, _from_change, _order, _rewordings
from docreconcile.classify.furniture import (
    _ONE_SIDED,
    _changed_furniture_word,
    _furniture_or_mark,
    _StrayGlyphs,
)
from docreconcile.classify.layout import layout_differences
from docreconcile.classify.presentation import aligned_contexts, change_marks
from docreconcile.classify.side import _Side
from docreconcile.hints import HINTED, favoured_sides
from docreconcile.misreadings import misread
from docreconcile.model import (
    Category,
    Change,
    Difference,
    LinePiece,
    NormalizedDocument,
    Pair,
    Paragraph,
    Severity,
    TextRange,
)
from docreconcile.normalize.removed import Removed

__all__ = [
    "CONTEXT_LIMIT",
    "aligned_contexts",
    "categorize",
    "change_marks",
    "classify",
    "layout_differences",
    "numbered",
]


def classify(
    changes: Sequence[Change],
    pairs: Sequence[Pair],
    a: NormalizedDocument,
    b: NormalizedDocument,
) -> list[Difference]:
    """Turn changes and unmatched layout events into numbered Differences, in document order."""
    a_side, b_side = _Side(a.paragraphs), _Side(b.paragraphs)
    removed = Removed(a.events, b.events)
    items: list[tuple[Change, Difference]] = []
    held: list[Difference] = []
    for change in changes:
        difference = _from_change(change, a_side, b_side)
        category = _furniture_or_mark(difference, change, a_side, b_side, removed)
        if category is Category.HEADER_FOOTER or category in _ONE_SIDED:
            changed = _changed_furniture_word(change, a_side, b_side, removed)
            if changed is not None:
                items.append((change, changed))
                continue
        if category is Category.HEADER_FOOTER and not _at_edge(change, a_side, b_side):
            # Body text of one side that the other took out as furniture: both hold it.
            held.append(replace(difference, category=category, severity=category.severity))
            continue
        if category is not difference.category:
            difference = replace(
                difference,
                category=category,
                severity=category.severity,
                segments=(),
                a_marks=(),
                b_marks=(),
            )
        items.append((change, difference))
    stray = _StrayGlyphs(a.paragraphs, b.paragraphs, [d for _, d in items])
    items = [(change, stray.explain(difference)) for change, difference in items]
    placed = _on_lines(
        _rewordings(items, a_side, b_side) + layout_differences(pairs, a, b, held),
        a.paragraphs,
        b.paragraphs,
    )
    if a.document.confidence or b.document.confidence:  # a side read by OCR
        placed = [
            misread(difference, a.document.confidence, b.document.confidence)
            for difference in placed
        ]
    return numbered(_hinted(placed))


def _on_lines(
    differences: list[Difference], a: Sequence[Paragraph], b: Sequence[Paragraph]
) -> list[Difference]:
    """Each difference to decide with the PDF lines its text stands on (`LinePiece`),
    so that it can be marked on its page without normalising the PDF again."""
    placed = []
    for difference in differences:
        if difference.severity is not Severity.LAYOUT:
            difference = replace(
                difference,
                a_lines=_line_pieces(a, difference.a_range, difference.a_rest),
                b_lines=_line_pieces(b, difference.b_range, difference.b_rest),
            )
        placed.append(difference)
    return placed


def _line_pieces(
    paragraphs: Sequence[Paragraph], first: TextRange | None, rest: Sequence[TextRange]
) -> tuple[LinePiece, ...]:
    """The lines a text range (and its rest in further paragraphs) covers, on pages only.

    An empty range (the side has nothing there) takes the character after it: where
    the other side's text would stand."""
    if first is None:
        return ()
    pieces = []
    for text_range in (first, *rest):
        if not 0 <= text_range.paragraph < len(paragraphs):
            continue
        paragraph = paragraphs[text_range.paragraph]
        start, end = text_range.start, max(text_range.end, text_range.start + 1)
        for span in paragraph.spans:
            if span.location.page is None or span.end <= start or span.start >= end:
                continue
            pieces.append(
                LinePiece(
                    span.location,
                    paragraph.text[span.start : span.end],
                    max(start, span.start) - span.start,
                    min(end, span.end) - span.start,
                )
            )
    return tuple(pieces)


def _hinted(differences: list[Difference]) -> list[Difference]:
    """Each one-word difference with the side a Swedish dictionary favours (`hints`),
    the word list read once for all of them."""
    hinted = [
        index for index, difference in enumerate(differences) if difference.category in HINTED
    ]
    hints = favoured_sides([differences[index] for index in hinted])
    result = list(differences)
    for index, hint in zip(hinted, hints, strict=True):
        result[index] = replace(result[index], hint=hint)
    return result


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


def numbered(differences: list[Difference]) -> list[Difference]:
    """Differences numbered 1..n as a report lists them: substantive first, then minor,
    then layout, each in document order. The numbers a person reads run on without gaps
    (layout ones, listed only on request, come last); the fingerprint is the stable id.

    The list is sorted and numbered in place, and returned: each unnumbered difference is
    let go as its numbered copy is made, so that a long report's differences are never
    held twice."""
    differences.sort(key=lambda d: (_SEVERITY_RANK[d.severity], _order(d)))
    for position, difference in enumerate(differences):
        differences[position] = difference.numbered(position + 1)
    return differences
