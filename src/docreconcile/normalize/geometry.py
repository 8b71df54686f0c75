"""Lines at one height: those a reader could take in another order (beside other text)
and those printed over another line (a stamp)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from docreconcile.model import Line, Location
from docreconcile.normalize.page import in_margin

SIDE_BY_SIDE = 0.5
"""Share of the lower of two lines' heights they must share vertically to stand side by
side (a row of a table, two columns' lines); lines of one column touch at most."""


def lines_beside_other_text(lines: Sequence[Line]) -> dict[int, set[int]]:
    """The `id`s of the PDF lines a reader could take in another order: those beside
    other text on their page (sharing its height, apart from it across), and those in
    the page's top or bottom band (`MARGIN`).

    Two readers of one page differ in order where text stands side by side: columns read
    down or across, a table by rows or by columns, a margin note or a stamp spliced into
    the body, a signature block's two columns. A line alone across its column has no
    such neighbour: a sentence in it stands where the body's order puts it.

    >>> from docreconcile.model import Box
    >>> def line(x0, y0, x1, text="some text"):
    ...     return Line(text, Location(1, page=1), box=Box(x0, y0, x1, y0 + 10),
    ...                 page_height=800.0)
    >>> left, right, below = line(50, 400, 250), line(300, 402, 500), line(50, 380, 500)
    >>> beside = lines_beside_other_text([left, right, below])
    >>> sorted(beside) == sorted([id(left), id(right)]), beside[id(left)] == {id(right)}
    (True, True)

    Each maps to the `id`s of the lines it stands beside (none for a line in the band, or
    one whose block, `Line.block`, stands beside other text by another of its lines).
    """
    return lines_at_one_height(lines)[0]


def overlaid_lines(lines: Sequence[Line]) -> dict[int, Location]:
    """The `id`s of the PDF lines printed over another line, each with that line's
    location: of two lines at one height whose boxes cross by more than an em
    (`OVERLAY`), the shorter (a stamp, a notice over a letterhead).

    A reader that sorts a page's words by height and across splices the shorter line's
    words into the longer (`tax on Revenue recapture` for `Internal Revenue Service`
    printed over `tax on recapture`): each word of it is a unit a reader may put into
    that line; the longer line keeps its order.

    >>> from docreconcile.model import Box
    >>> def line(x0, y0, x1, number):
    ...     return Line("x", Location(number, page=1), box=Box(x0, y0, x1, y0 + 10))
    >>> over, under, beside = line(300, 400, 450, 1), line(200, 401, 500, 2), line(520, 400, 560, 3)
    >>> overlaid_lines([over, under, beside]) == {id(over): under.location}
    True
    """
    return lines_at_one_height(lines)[1]


def lines_at_one_height(
    lines: Sequence[Line],
) -> tuple[dict[int, set[int]], dict[int, Location]]:
    """`lines_beside_other_text` and `overlaid_lines` from one sweep down each page:
    both look at each two lines whose heights overlap, and a long PDF has hundreds of
    thousands of such pairs."""
    free: dict[int, set[int]] = {
        id(line): set() for line in lines if line.box is not None and in_margin(line)
    }
    crossed: dict[int, tuple[float, Location]] = {}  # crossed most, under which line
    labels = {id(line) for line in lines if line.box is not None and _only_a_label(line.text)}
    for (y0, y1, x0, x1, line), (near_y0, near_y1, near_x0, near_x1, other) in _pairs_at_one_height(
        lines
    ):
        shared = min(y1, near_y1) - max(y0, near_y0)
        if shared < SIDE_BY_SIDE * min(y1 - y0, near_y1 - near_y0):
            continue
        if near_x1 <= x0 or x1 <= near_x0:  # apart across: side by side
            # a list's bullet or number set apart from its item is no text beside the
            # item, whose sentences a reader takes in their order (the label itself
            # may go before or after it)
            if id(other) not in labels:
                free.setdefault(id(line), set()).add(id(other))
            if id(line) not in labels:
                free.setdefault(id(other), set()).add(id(line))
            continue
        across = min(x1, near_x1) - max(x0, near_x0)
        if across <= OVERLAY * min(y1 - y0, near_y1 - near_y0):
            continue
        top, under = (line, other) if x1 - x0 < near_x1 - near_x0 else (other, line)
        if across > crossed.get(id(top), (0.0, under.location))[0]:
            crossed[id(top)] = (across, under.location)
    # A block beside other text is read beside it whole: a definition whose term stands
    # by its first line only, a column's paragraph whose neighbour ends sooner.
    beside_blocks = {line.block for line in lines if id(line) in free and line.block is not None}
    for line in lines:
        if line.block in beside_blocks and id(line) not in free:
            free[id(line)] = set()
    return free, {key: location for key, (_, location) in crossed.items()}


_LIST_LABEL = re.compile(r"[\W_]*|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlIVXL]{1,5})[.)]")


def _only_a_label(text: str) -> bool:
    """Whether a line holds only marks or a list's label: a bullet (`•`, a symbol font's
    `!`), `3.`, `b)`, `(iv)`; not a number alone (a table's figure, a contents entry's
    page).

    >>> [_only_a_label(t) for t in ("!", "•", "12.", "(iv)", "Title I", "12")]
    [True, True, True, True, False, False]
    """
    return _LIST_LABEL.fullmatch(text.strip()) is not None


_Placed = tuple[float, float, float, float, Line]
"""A PDF line with its box's y0, y1, x0 and x1 before it, for a sweep down its page."""


def _pairs_at_one_height(lines: Sequence[Line]) -> Iterator[tuple[_Placed, _Placed]]:
    """Each two PDF lines of a page whose heights overlap: a sweep down the page that
    keeps only the lines still reaching the current one."""
    by_page: dict[int, list[_Placed]] = defaultdict(list)
    for line in lines:
        box = line.box
        if box is not None:
            by_page[line.page_index].append((box.y0, box.y1, box.x0, box.x1, line))
    for page in by_page.values():
        page.sort(key=lambda placed: placed[0])
        active: list[_Placed] = []  # lines still reaching up to the current one's foot
        for placed in page:
            foot = placed[0]
            active = [other for other in active if other[1] > foot]
            for other in active:
                yield placed, other
            active.append(placed)


OVERLAY = 1.0
"""Ems (the lower line's height) two lines at one height must cross for one to be
printed over the other; pieces of one line touch or cross by a fraction of a glyph."""
