"""Lines that go on under a label's text (a numbered table row, a list item with a
hanging indent) put into that line's block."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from docreconcile.extract.layout import EDGE_TOLERANCE, Fragment

HANGING_LABEL = 12
"""Characters: a first cell this short before a line's tab is a label (`2.1.1`, `9.`,
`§ 3`), the rest of the line its text."""

HANGING_REACH = 6
"""Character widths past the label's end within which a line below may start its text's
second line (the gap after the label is one to four widths)."""

HANGING_LEADING = 2.0
"""Line heights: a text's next line lies at most this far below the line before."""


def join_hanging_lines(lines: list[Fragment]) -> list[Fragment]:
    """Put the lines that go on under a label's text into that line's block.

    A table row numbered in its first column, or a list item with a hanging indent,
    starts `2.1.1⇥Verify that user set passwords …` and goes on on the line below, under
    `Verify`; the layout analysis puts that line in a box of its own. Read as two blocks,
    the row's other cells (`✓ ✓ ✓`, `521`) come between the two lines of its text. The
    line below belongs to the label's line when it starts past the label, no further
    than a few widths past it, ends before the row's next cell, and lies right below it;
    its whole box goes along where every line of that box starts where it does.

    >>> row = Fragment("2.1.1" + chr(9) + "Verify that user set passwords", 80, 317, 381, 326, 1)
    >>> cell = Fragment("521", 462, 317, 479, 326, block=2)
    >>> below = Fragment("(after multiple spaces).", 114, 305, 287, 314, block=3)
    >>> [f.block for f in join_hanging_lines([row, cell, below])]
    [1, 2, 1]
    """
    by_block: dict[int, list[Fragment]] = defaultdict(list)
    for fragment in lines:
        by_block[fragment.block].append(fragment)
    moved: dict[int, int] = {}  # block: the block it joins
    for line in lines:
        label, tab, _ = line.text.partition("\t")
        if not tab or len(label.strip()) > HANGING_LABEL or line.block in moved:
            continue
        width = line.char_width
        height = line.y1 - line.y0
        # the text's cell ends where the row's next cell starts (its next line may be
        # longer than the first: a long word went down)
        reach = min(
            (o.x0 for o in lines if abs(o.y0 - line.y0) < 2.0 and o.x0 >= line.x1),
            default=math.inf,
        )
        below = [
            other
            for other in lines
            if other.block != line.block
            and other.block not in moved
            and line.x0 + width < other.x0 <= line.x0 + (len(label) + HANGING_REACH) * width
            and other.x1 < reach
            and 0 < line.y0 - other.y0 <= HANGING_LEADING * height
        ]
        if len(below) != 1:
            continue
        [first] = below
        members = by_block[first.block]
        if (
            all(abs(member.x0 - first.x0) <= EDGE_TOLERANCE for member in members)
            and all(member.y0 <= first.y0 for member in members)
            # a box whose lines go on into the next item (a bullet beside one of them)
            # is not this text's alone
            and not any(_label_beside(member, lines) for member in members)
        ):
            moved[first.block] = line.block
    if not moved:
        return lines
    return [
        replace(fragment, block=moved[fragment.block]) if fragment.block in moved else fragment
        for fragment in lines
    ]


def _label_beside(line: Fragment, lines: list[Fragment]) -> bool:
    """Whether a piece stands left of `line` on its baseline, close by: the bullet or
    number of a new item."""
    return any(
        other is not line
        and abs(other.y0 - line.y0) < 2.0
        and other.x1 <= line.x0
        and line.x0 - other.x1 < HANGING_REACH * line.char_width
        for other in lines
    )
