"""Rotated text (a stamp in the margin, a vertical label): its glyphs read along their own
direction into lines of their own, apart from the body."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace

from docreconcile.extract.layout import Fragment


@dataclass(frozen=True)
class Glyph:
    """One character as drawn: its text, its text matrix (a, b, c, d, e, f) and its box."""

    text: str
    matrix: tuple[float, float, float, float, float, float]
    x0: float
    y0: float
    x1: float
    y1: float


ROTATED_WORD_GAP = 0.25
"""A gap wider than this share of the font size between two rotated glyphs is a space."""

ROTATED_RUN_GAP = 3.0
"""A gap wider than this many font sizes ends a rotated line."""


def rotated_lines(glyphs: list[Glyph], block: int) -> list[Fragment]:
    """Lines of rotated glyphs, each read along its own direction.

    Glyphs are grouped by direction (from their matrix) and by their distance across it
    (one baseline), ordered along it, with spaces where the gap is wide. Each line gets a
    block of its own, numbered from `block` from the left of the page to the right, so it
    never joins the body's paragraphs.

    >>> up = [Glyph(c, (0, 5, -5, 0, 22, 100 + 3 * i), 18, 100 + 3 * i, 23, 103 + 3 * i)
    ...       for i, c in enumerate("jbell")]
    >>> [f.text for f in rotated_lines(up[::-1], block=7)]
    ['jbell']
    """
    groups: dict[tuple[int, int, int], list[tuple[float, float, Glyph]]] = defaultdict(list)
    for glyph in glyphs:
        a, b, _, _, e, f = glyph.matrix
        size = math.hypot(a, b) or 1.0
        dx, dy = a / size, b / size
        along, across = e * dx + f * dy, f * dx - e * dy
        groups[(round(dx), round(dy), round(across / 2))].append((along, size, glyph))
    fragments: list[Fragment] = []
    for (dx, dy, _), members in groups.items():
        members.sort(key=lambda member: member[0])
        runs: list[list[str]] = [[]]
        boxes: list[list[Glyph]] = [[]]
        for index, (along, size, glyph) in enumerate(members):
            if index:
                previous_along, _, previous = members[index - 1]
                extent = abs(previous.x1 - previous.x0) * abs(dx) + abs(
                    previous.y1 - previous.y0
                ) * abs(dy)
                gap = along - previous_along - extent
                if gap > ROTATED_RUN_GAP * size:
                    runs.append([])
                    boxes.append([])
                elif gap > ROTATED_WORD_GAP * size:
                    runs[-1].append(" ")
            runs[-1].append(glyph.text)
            boxes[-1].append(glyph)
        for run, members_box in zip(runs, boxes, strict=True):
            text = "".join(run).strip()
            if not text:
                continue
            fragments.append(
                Fragment(
                    text,
                    min(g.x0 for g in members_box),
                    min(g.y0 for g in members_box),
                    max(g.x1 for g in members_box),
                    max(g.y1 for g in members_box),
                    block=0,
                )
            )
    # Margin text reads from the left of the page to the right, top down: an order of
    # the page, not of the order the glyphs were drawn or grouped in.
    fragments.sort(key=lambda fragment: (fragment.x0, -fragment.y1))
    return [replace(fragment, block=block + number) for number, fragment in enumerate(fragments)]
