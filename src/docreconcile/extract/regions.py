"""Blocks on a PDF page in reading order: a block cut where another block of its column
stands between its lines (`split_interleaved`), then blocks read by recursive XY-cut
(`reading_order`): a thin band at the top or bottom, columns left to right, rows top
down."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from docreconcile.extract.layout import Fragment


def split_interleaved(fragments: list[Fragment], next_block: int) -> tuple[list[Fragment], int]:
    """Blocks cut where another block of their column stands between their lines.

    Lines are grouped into blocks by alignment, so a list's hanging lines and the next
    item's first line (set further left) fall into different blocks that interleave: the
    block of `• analysera ...`, `ger ett ...`, `behandling ... och` and, below the next
    bullet, `lämpliga.`. Read as wholes, one block before the other, the last line comes
    before the bullet above it. Cut into the part above the other block and the part
    below it (the latter numbered from `next_block`), each is read in its place. Returns
    the fragments and the next free block number.

    >>> lines = [Fragment("• analysera det", 71, 764, 355, 775, block=3),
    ...          Fragment("behandling, och", 89, 738, 247, 749, block=3),
    ...          Fragment("lämpliga.", 89, 712, 133, 723, block=3),
    ...          Fragment("• lämna sådana", 71, 725, 333, 736, block=2)]
    >>> split, _ = split_interleaved(lines, next_block=9)
    >>> [(f.text, f.block) for f in split]
    [('• analysera det', 3), ('behandling, och', 3), ('lämpliga.', 9), ('• lämna sådana', 2)]
    """
    result = list(fragments)
    while True:
        by_block: dict[int, list[int]] = defaultdict(list)
        for index, fragment in enumerate(result):
            by_block[fragment.block].append(index)
        boxes = {
            block: (
                min(result[i].x0 for i in members),
                min(result[i].y0 for i in members),
                max(result[i].x1 for i in members),
                max(result[i].y1 for i in members),
            )
            for block, members in by_block.items()
        }
        cut = _interleaved_cut(result, by_block, boxes)
        if cut is None:
            return result, next_block
        for index in cut:
            result[index] = replace(result[index], block=next_block)
        next_block += 1


def _interleaved_cut(
    fragments: list[Fragment],
    by_block: dict[int, list[int]],
    boxes: dict[int, tuple[float, float, float, float]],
) -> list[int] | None:
    """The lines of one block below another block of its column that stands between its
    lines (none of its lines beside it), or None where no block is so cut."""
    for block, (x0, y0, x1, y1) in boxes.items():
        for other, (o_x0, o_y0, o_x1, o_y1) in boxes.items():
            if other == block or not (y0 < o_y0 and o_y1 < y1):
                continue
            if min(x1, o_x1) <= max(x0, o_x0):
                continue  # side by side: columns, not one column
            members = by_block[block]
            # By the middle of each line: a bullet or a raised mark makes a line's box
            # taller than its text, so that it overlaps the other block's by a few points.
            above = [i for i in members if _middle(fragments[i]) >= o_y1 - 1.0]
            below = [i for i in members if _middle(fragments[i]) <= o_y0 + 1.0]
            if above and below and len(above) + len(below) == len(members):
                return below
    return None


def _middle(fragment: Fragment) -> float:
    return (fragment.y0 + fragment.y1) / 2


@dataclass(frozen=True)
class Region:
    """A block's bounding box, for ordering."""

    x0: float
    y0: float
    x1: float
    y1: float
    block: int


def regions(fragments: list[Fragment]) -> list[Region]:
    """The bounding box of each block's fragments."""
    boxes: dict[int, list[Fragment]] = {}
    for fragment in fragments:
        boxes.setdefault(fragment.block, []).append(fragment)
    return [
        Region(
            min(f.x0 for f in members),
            min(f.y0 for f in members),
            max(f.x1 for f in members),
            max(f.y1 for f in members),
            block,
        )
        for block, members in boxes.items()
    ]


def reading_order(boxes: list[Region]) -> list[int]:
    """Block ids in reading order by recursive XY-cut (columns first, then rows).

    >>> title = Region(50, 780, 550, 800, block=1)
    >>> left = [Region(50, 500, 290, 760, 2), Region(50, 300, 290, 480, 3)]
    >>> right = [Region(310, 520, 550, 760, 4), Region(310, 300, 550, 500, 5)]
    >>> reading_order([right[1], left[0], title, right[0], left[1]])
    [1, 2, 3, 4, 5]
    >>> header = Region(460, 805, 550, 815, block=0)  # right-aligned, above the right column
    >>> reading_order([right[1], left[0], header, title, right[0], left[1]])
    [0, 1, 2, 3, 4, 5]
    """
    if len(boxes) <= 1:
        return [box.block for box in boxes]
    rows = _cut(boxes, vertical=False)
    if len(rows) > 1:
        height = max(box.y1 for box in boxes) - min(box.y0 for box in boxes)
        if _height(rows[0]) < BAND * height:
            rest = [box for row in rows[1:] for box in row]
            return reading_order(rows[0]) + reading_order(rest)
        if _height(rows[-1]) < BAND * height:
            rest = [box for row in rows[:-1] for box in row]
            return reading_order(rest) + reading_order(rows[-1])
    columns = _cut(boxes, vertical=True)
    if len(columns) > 1:
        return [block for column in columns for block in reading_order(column)]
    rows = _cut(boxes, vertical=False)
    if len(rows) > 1:
        return [block for row in rows for block in reading_order(row)]
    return [box.block for box in sorted(boxes, key=lambda box: (-box.y1, box.x0))]


BAND = 0.08
"""A top or bottom row thinner than this share of the region is a header or footer band."""


def _height(boxes: list[Region]) -> float:
    return max(box.y1 for box in boxes) - min(box.y0 for box in boxes)


def _cut(boxes: list[Region], vertical: bool) -> list[list[Region]]:
    """Split boxes at every gap that runs across the whole region.

    Vertical cuts (columns) go left to right, horizontal ones (rows) top to bottom.
    """
    if vertical:
        ordered = sorted(boxes, key=lambda box: box.x0)
        groups: list[list[Region]] = [[ordered[0]]]
        reach = ordered[0].x1
        for box in ordered[1:]:
            if box.x0 > reach + 1.0:
                groups.append([box])
            else:
                groups[-1].append(box)
            reach = max(reach, box.x1)
        return groups
    ordered = sorted(boxes, key=lambda box: -box.y1)
    groups = [[ordered[0]]]
    floor = ordered[0].y0
    for box in ordered[1:]:
        if box.y1 < floor - 0.5:
            groups.append([box])
        else:
            groups[-1].append(box)
        floor = min(floor, box.y0)
    return groups
