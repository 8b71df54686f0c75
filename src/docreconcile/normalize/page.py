"""What the line steps share: a line's box, an event for a line, the page's margin band,
the rows of a page."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from docreconcile.model import Box, Category, LayoutEvent, Line


def median(values: Sequence[float]) -> float:
    """The median, as `statistics.median` gives it, without importing statistics (its
    decimal and fractions would load into the comparing process for this alone).

    >>> median([3, 1, 2]), median([4.0, 1.0, 2.0, 3.0])
    (2, 2.5)
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


MARGIN = 0.15
"""The share of a PDF page's height at its top and bottom where headers and footers live."""


def in_margin(line: Line) -> bool:
    """Whether a PDF line lies in the top or bottom margin band of its page."""
    if line.box is None or not line.page_height:
        return False
    return line.box.y0 > (1 - MARGIN) * line.page_height or line.box.y1 < MARGIN * line.page_height


VERTICAL = 3.0
"""A line whose box is this many times taller than wide, with a few letters, runs up the page."""


def is_vertical(line: Line) -> bool:
    """Whether a PDF line runs up or down the page (read from rotated glyphs).

    A one-letter line is as tall as wide or taller by nature; only a run of several
    letters standing up is vertical text.
    """
    box = line.box
    if box is None:
        return False
    return len(line.text.strip()) >= 3 and box.height > VERTICAL * max(box.width, 0.1)


WIDER_GAP = 1.3
"""A vertical gap this many times the page's usual gap between rows sets rows apart."""


def pdf_rows(
    lines: Sequence[Line], positions: list[int]
) -> tuple[list[tuple[int, ...]], list[bool]]:
    """A PDF page's lines grouped into rows (one baseline, top to bottom), and for each
    pair of neighbouring rows whether a clearly wider gap than usual lies between them.

    Lines on one baseline form a row (a header with text left and right).
    """
    rows: list[list[int]] = []
    for position in sorted(positions, key=lambda p: -line_box(lines[p]).y1):
        if rows and abs(line_box(lines[rows[-1][0]]).y0 - line_box(lines[position]).y0) < 2.0:
            rows[-1].append(position)
        else:
            rows.append([position])
    distances = [
        line_box(lines[upper[0]]).y0 - line_box(lines[lower[0]]).y0
        for upper, lower in itertools.pairwise(rows)
    ]
    usual = median(distances) if distances else 0.0
    return [tuple(row) for row in rows], [distance > WIDER_GAP * usual for distance in distances]


def line_event(category: Category, line: Line, key: str) -> LayoutEvent:
    return LayoutEvent(category=category, text=line.text.strip(), location=line.location, key=key)


def line_box(line: Line) -> Box:
    assert line.box is not None, "PDF lines always carry a box"
    return line.box


EDGE_LINES = 4
"""How many rows at the top and the bottom of a page can be running headers or footers."""
