"""Reading order on a PDF page: whole lines, and blocks read column by column.

pdfminer's layout analysis is good at grouping characters into lines and lines into boxes,
but two things go wrong on real documents, and each has a small step here:

- A justified line with few long words has wide spaces; pdfminer cuts it into fragments
  (its `char_margin`), which then land in separate boxes. Raising `char_margin` rejoins
  them but also merges two columns across a narrow gutter. `merge_fragments` rejoins
  pieces of one baseline instead, unless the right-hand piece starts where a column
  starts (a left edge shared by several lines of the page).
- Rotated text (a stamp in the margin, a vertical label) comes out of pdfminer one letter
  per line, in reverse; spliced into the body it breaks sentences. `rotated.rotated_lines`
  reads those glyphs along their own direction into lines of their own.
- pdfminer's order of boxes (`boxes_flow`) often interleaves the columns of a two-column
  page. `regions.reading_order` orders blocks by recursive XY-cut: peel off a thin band at the
  top or bottom (a running header or footer), then cut the region at a vertical gutter
  running its whole height (columns, read left to right), else at horizontal gaps (read
  top to bottom), and recurse.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

WORD_GAP = 3.0
"""A gap narrower than this many character widths is an ordinary (if wide) word space, in a
line not stretched to its column's edge. Ragged text has no stretched spaces: a gap of 4
widths is a gutter (a Federal Register column's line and the next column's indented line
on one baseline, 16.7 pt apart); 4.0 joined them."""

FRAGMENT_GAP = 12.0
"""A wider gap, up to this many character widths, can still be a stretched justified space:
narrow justified columns space words widely (42 pt, six character widths, in the corpus)."""

EDGE_SHARE = 8
"""A column edge is shared by at least one in this many of a page's rows (and by 3)."""

EDGE_TOLERANCE = 1.5
"""Points within which two lines count as starting at the same left edge."""


@dataclass(frozen=True)
class Fragment:
    """A piece of text on one baseline, with its box (points, origin bottom left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    block: int
    cut_from: int = 0
    """For a piece the reader cut off a longer line (`pdf.line_pieces`), the block of that
    line: its column may be another than the rest of the block's."""

    @property
    def char_width(self) -> float:
        return (self.x1 - self.x0) / max(len(self.text), 1)


def common_edges(values: list[float], minimum: int = 3) -> list[float]:
    """Positions shared (to the point) by at least `minimum` fragments: column edges."""
    counts = Counter(round(value) for value in values)
    return [float(x) for x, count in counts.items() if count >= minimum]


def _near(value: float, edges: list[float]) -> bool:
    return any(abs(value - edge) <= EDGE_TOLERANCE for edge in edges)


def merge_fragments(fragments: list[Fragment]) -> list[Fragment]:
    """Rejoin the pieces of each baseline that are one line, keeping columns apart.

    Two neighbouring pieces are joined unless the right one starts at a left edge shared
    by several lines (a column or table column starts there) or the left one ends at a
    shared right edge (a justified column ends there). A gap wider than a word space is
    joined only if the joined line ends at a shared right edge: only a justified line,
    stretched to its column's width, has such spaces. Signatures and table cells side by
    side keep their gaps.

    >>> a = Fragment("1. Motionen besvaras med", 77, 613, 300, 624, block=1)
    >>> b = Fragment("tillskrivit", 312, 613, 350, 624, block=2)
    >>> body = [Fragment("en rad till", 77, y, 350, y + 11, block=1) for y in (600, 587, 574)]
    >>> merge_fragments([a, b, *body])[0].text
    '1. Motionen besvaras med tillskrivit'

    A row of a table's cells, not stretched to a column's edge, keeps its cells apart:

    >>> row = [Fragment("25,200", 402.4, 689, 423.8, 697, block=3),
    ...        Fragment("25,250", 428.2, 689, 449.8, 697, block=3),
    ...        Fragment("3,393", 460.0, 689, 478.6, 697, block=4)]
    >>> [f.text.split(chr(9)) for f in merge_fragments(row)]  # chr(9): a tab
    [['25,200', '25,250', '3,393']]
    """
    rows: dict[int, list[Fragment]] = {}
    for fragment in fragments:
        key = _row_key(fragment, rows)
        rows.setdefault(key, []).append(fragment)
    # A column edge is shared by a good share of the page's rows; a few fragments that end
    # at one point by chance (there are hundreds on a page) are not an edge.
    support = max(3, len(rows) // EDGE_SHARE)
    left_edges = common_edges([fragment.x0 for fragment in fragments], support)
    right_edges = common_edges([fragment.x1 for fragment in fragments], support)
    for row in rows.values():
        row.sort(key=lambda fragment: fragment.x0)
    starts = column_starts(list(rows.values()), left_edges) + cell_starts(list(rows.values()))
    sizes = Counter(fragment.block for fragment in fragments)
    merged: list[Fragment] = []
    for row in rows.values():
        for chain in _chains(row, left_edges, right_edges, starts, sizes):
            merged.append(_join(chain, sizes, cells=not _justified(chain, right_edges, sizes)))
    return merged


_LEADER_END = (". .", "....")
_WORDS = re.compile(r"[^\W\d_]{2}")

COLUMN_GAP = 1.0
"""Character widths: a gap this wide between two boxes of several lines is no word space
(a word space is a third to a half of a width)."""

STRETCHED_PIECE_WORDS = 3
"""The most words a piece before a stretched justified space may have: the reader cuts a
line after three words at any gap wider than INDENT_JOIN_GAP, so a longer piece has only
narrow spaces, and a line's spaces are stretched alike (`pdf_pages.CUT_WORDS`)."""

INDENT_JOIN_GAP = 2.0
"""Character widths: a narrower gap before a piece at a paragraph indent is a word space
(`i` … `förhållande`, 1.4 widths); a wider one is a gutter and the next column's indent
(16.7 pt, 4 widths, in a three-column Federal Register page) or a list's number column."""

COLUMN_NEIGHBOURS = 4
"""A left edge starts a column (or a table column) when at least one in this many of the
pieces that start at it, and at least two, have text to their left on their row."""


CELL_ROWS = 3
"""Rows of a table whose cells start at one point: a small table on a long page has too few
rows for a page-wide column edge (`EDGE_SHARE`), but three rows that each leave a wide gap
before a piece at one point are a table's column."""


def cell_starts(rows: list[list[Fragment]]) -> list[float]:
    """Points where at least CELL_ROWS pieces start after a gap wider than a word space
    (`WORD_GAP`): a table's columns, however few its rows.

    A row of ASVS's requirements (`2.4.1⇥Verify that passwords are …`, then `✓ ✓`, `916`,
    `5.1.1.2` 34, 12 and 10 pt further on) reaches the body's right edge and would pass
    for a justified line; its cells start where those of the rows below do.

    >>> text = "Verify that passwords are stored in a form that is resistant to"
    >>> rows = [[Fragment(text, 77, y, 386, y + 9, 1), Fragment("916", 462, y, 479, y + 9, 2)]
    ...         for y in (300, 229, 171)]
    >>> cell_starts(rows), cell_starts(rows[:2])
    ([462.0], [])
    """
    counts: Counter[int] = Counter()
    for row in rows:
        for before, after in itertools.pairwise(row):
            width = max(before.char_width, after.char_width)
            if after.x0 - before.x1 >= WORD_GAP * width:
                counts[round(after.x0)] += 1
    return [float(x) for x, count in counts.items() if count >= CELL_ROWS]


def column_starts(rows: list[list[Fragment]], left_edges: list[float]) -> list[float]:
    """The shared left edges that start columns, not paragraph indents.

    Both are left edges many lines share; but a column's lines have the next column's
    text beside them, while an indented first line begins its row. A justified line cut
    after a short first word (`i` … `förhållande till kravet …`, the rest starting near
    the indent) is one such row among many that are not.

    >>> body = [[Fragment("text", 71, y, 357, y + 11, 1)] for y in range(100, 400, 12)]
    >>> indent = [[Fragment("Indented", 85, y, 357, y + 11, 1)] for y in (412, 500, 600)]
    >>> cut = [[Fragment("i", 71, 424, 77, 435, 1), Fragment("förhållande", 85, 424, 355, 435, 2)]]
    >>> column_starts(body + indent + cut, [71.0, 85.0])
    []
    >>> right = [
    ...     [Fragment("left", 71, y, 280, y + 11, 1), Fragment("right", 300, y, 520, y + 11, 2)]
    ...     for y in range(100, 400, 12)
    ... ]
    >>> column_starts(right, [71.0, 300.0])
    [300.0]
    """
    starting: Counter[float] = Counter()
    beside: Counter[float] = Counter()
    for row in rows:
        for index, fragment in enumerate(row):
            edge = next((e for e in left_edges if abs(fragment.x0 - e) <= EDGE_TOLERANCE), None)
            if edge is None:
                continue
            starting[edge] += 1
            beside[edge] += index > 0
    return [
        edge for edge in left_edges if beside[edge] >= max(2, starting[edge] / COLUMN_NEIGHBOURS)
    ]


def separate_columns(lines: list[Fragment]) -> list[Fragment]:
    """Move a block's lines beyond a gutter into the block of the piece cut there.

    pdfminer groups lines into a box through any line that joins them, so one line
    running across a narrow gutter (`information on receiving IRS assistance` + `United
    States from a residence in`) puts both columns' lines in one box, and the columns
    would be read interleaved. Once that line is cut and its pieces stay apart
    (`merge_fragments` keeps a piece at a column start apart), every line of its block
    that starts at or right of the cut goes with the piece cut there.

    >>> left = [Fragment("middle", 222, y, 384, y + 9, 7) for y in (700, 690)]
    >>> cut = Fragment("United States", 402, 680, 543, 689, 60_001, cut_from=7)
    >>> right = [Fragment("right", 402, y, 545, y + 9, 7) for y in (670, 660)]
    >>> [f.block for f in separate_columns(left + [cut] + right)]
    [7, 7, 60001, 60001, 60001]
    """
    cuts: dict[int, list[Fragment]] = defaultdict(list)
    for line in lines:
        if line.cut_from and line.block != line.cut_from:
            cuts[line.cut_from].append(line)
    if not cuts:
        return lines
    moved = []
    for line in lines:
        beyond = [
            cut
            for cut in cuts.get(line.block, [])
            if line.x0 >= cut.x0 - EDGE_TOLERANCE and cut is not line
        ]
        if beyond:
            line = replace(line, block=max(beyond, key=lambda cut: cut.x0).block)
        moved.append(line)
    joins = {
        cut.block: neighbour.block
        for pieces in cuts.values()
        for cut in pieces
        if (neighbour := _column_neighbour(cut, moved)) is not None
    }
    return [replace(line, block=joins.get(line.block, line.block)) for line in moved]


COLUMN_LEADING = 1.5
"""Line heights: a line starting at the same left edge no further above or below than this
continues the same column."""


def _column_neighbour(cut: Fragment, lines: list[Fragment]) -> Fragment | None:
    """The line just above (else just below) a cut piece at its left edge, in another block:
    the column the piece belongs to (`N` of an index over `Nonresident aliens,`)."""
    reach = COLUMN_LEADING * (cut.y1 - cut.y0)
    column = [
        line
        for line in lines
        if line.block != cut.block
        and not line.cut_from
        and abs(line.x0 - cut.x0) <= EDGE_TOLERANCE
        and 0 < abs(line.y0 - cut.y0) <= reach
    ]
    above = [line for line in column if line.y0 > cut.y0]
    return min(above or column, key=lambda line: abs(line.y0 - cut.y0), default=None)


MARK_SIZE = 0.85
"""A footnote mark is set smaller than this share of its line's height..."""

MARK_RAISE = 0.15
"""...and its bottom is raised above the line's by more than this share of that height."""

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
"""Digits written raised: how a footnote mark reaches normalisation."""


def attach_raised_marks(lines: list[Fragment]) -> list[Fragment]:
    """Put a footnote mark that pdfminer read as a line of its own back into its line.

    A mark raised high enough falls outside its line's baseline, and pdfminer makes it
    a line (and a box) of its own: `3` above `... the Copyright Act to create`, read as a
    paragraph before the sentence. Small raised digits within a line's height, at its
    right or just past its end, are written as a superscript after the word they follow.

    >>> line = Fragment("section 512 to the Copyright Act to create", 144, 340, 504, 352, 7)
    >>> mark = Fragment("3", 430, 346, 433.4, 353.6, 8)
    >>> [f.text for f in attach_raised_marks([mark, line])]
    ['section 512 to the Copyright Act³ to create']
    """
    marks = [f for f in lines if f.text.isdigit() and len(f.text) <= 3]
    if not marks:
        return lines
    by_bottom = sorted(range(len(lines)), key=lambda index: lines[index].y0)
    bottoms = [lines[index].y0 for index in by_bottom]
    tallest = max(line.y1 - line.y0 for line in lines)
    hosts = {id(mark): _host(mark, lines, by_bottom, bottoms, tallest) for mark in marks}
    texts = {id(line): line.text for line in lines}
    for mark in sorted(marks, key=lambda m: -m.x0):  # rightmost first: positions stay valid
        host = hosts[id(mark)]
        if host is None:
            continue
        text = texts[id(host)]
        at = _word_end_near(text, (mark.x0 - host.x0) / max(host.x1 - host.x0, 1.0))
        texts[id(host)] = text[:at] + mark.text.translate(SUPERSCRIPTS) + text[at:]
    attached = {id(mark) for mark in marks if hosts[id(mark)] is not None}
    return [replace(line, text=texts[id(line)]) for line in lines if id(line) not in attached]


def _host(
    mark: Fragment,
    lines: list[Fragment],
    by_bottom: list[int],
    bottoms: list[float],
    tallest: float,
) -> Fragment | None:
    """The line a small raised mark belongs to, if any: the first in `lines` whose
    height holds the mark's bottom. Only lines whose bottom lies within the tallest
    line's height below the mark's are tried (`by_bottom`: the lines' indices by bottom,
    `bottoms` those bottoms), not every line of the page."""
    start = bisect.bisect_left(bottoms, mark.y0 - tallest)
    end = bisect.bisect_left(bottoms, mark.y0)
    for index in sorted(by_bottom[start:end]):
        line = lines[index]
        height = line.y1 - line.y0
        if line is mark or not line.text[-1:].strip() or height <= 0:
            continue
        small = mark.y1 - mark.y0 < MARK_SIZE * height
        raised = line.y0 + MARK_RAISE * height < mark.y0 < line.y1
        beside = line.x0 < mark.x0 <= line.x1 + 2 * line.char_width
        if small and raised and beside and not line.text.isdigit():
            return line
    return None


def _word_end_near(text: str, share: float) -> int:
    """The end of the word nearest to `share` of the way along `text`.

    >>> _word_end_near("the Copyright Act to create", 0.62)
    17
    """
    ends = [
        i
        for i in range(1, len(text) + 1)
        if not text[i - 1].isspace() and (i == len(text) or text[i].isspace())
    ]
    target = share * len(text)
    return min(ends, key=lambda end: abs(end - target))


def _chains(
    row: list[Fragment],
    left_edges: list[float],
    right_edges: list[float],
    starts: list[float],
    sizes: Mapping[int, int],
) -> list[list[Fragment]]:
    """Split a baseline's pieces into runs that are one line each (`starts`: the left
    edges that begin columns, `column_starts`; `sizes`: the lines of each block)."""
    # A row from a column's left edge to a right edge holds justified lines, however few
    # words stretch across them; column boundaries inside it still split it.
    spans_column = _near(row[0].x0, left_edges) and _near(row[-1].x1, right_edges)
    chains: list[list[Fragment]] = [[row[0]]]
    for following in row[1:]:
        current = chains[-1][-1]
        if stacked_under_end(current, following):
            chains[-1][-1] = _glued(current, following)
            continue
        gap = following.x0 - current.x1
        width = max(current.char_width, following.char_width)
        # A piece at a column start begins a new line; so does one at an indent (any
        # shared left edge) unless only an ordinary word space comes before it.
        at_edge = _near(following.x0, starts) or (
            _near(following.x0, left_edges) and gap >= INDENT_JOIN_GAP * width
        )
        columns = gap >= COLUMN_GAP * width and _table_columns(
            current, following, sizes, right_edges
        )
        boundary = at_edge or _near(current.x1, right_edges) or columns
        stretched = spans_column and _stretched(current, following, sizes, left_edges)
        # after a piece of more words than the reader cuts after, a gap of WORD_GAP
        # widths is no stretched space: that piece's own spaces are narrow, and a
        # justified line's spaces are alike (a table row's text, then its cells)
        cell_gap = (
            len(current.text.split()) > STRETCHED_PIECE_WORDS
            and gap >= WORD_GAP * current.char_width
        )
        if (
            -width < gap
            and (gap < FRAGMENT_GAP * width or stretched)
            and not boundary
            and not cell_gap
        ):
            chains[-1].append(following)
        else:
            chains.append([following])
    return _split_unjustified(chains, right_edges, sizes)


def _table_columns(
    current: Fragment, following: Fragment, sizes: Mapping[int, int], right_edges: list[float]
) -> bool:
    """Whether two pieces on one baseline, more than a word space apart, are two columns
    of a table: boxes of several lines each side by side (a cell of two lines beside one
    of four), whatever lines up on this baseline."""
    return (
        current.block != following.block
        and min(sizes[current.block], sizes[following.block]) > 1
        # a justified line's last words may stand in a box of their own (AFS 2011:19:
        # `liknande` under `transport,`): it ends at the column's edge
        and not _near(following.x1, right_edges)
        # dot leaders lead the eye to the number on their own row (a worksheet's
        # `9. Enter the smaller … . . . 9.`): that gap is the row's
        and not current.text.rstrip().endswith(_LEADER_END)
        # cells of wrapped words: a table of figures (a tax table's columns, one line a
        # row) is read by rows, as its reader reads it
        and _WORDS.search(current.text) is not None
        and _WORDS.search(following.text) is not None
    )


def _stretched(
    current: Fragment, following: Fragment, sizes: Mapping[int, int], left_edges: list[float]
) -> bool:
    """Whether the gap between two pieces of a row that spans its column may be a
    justified line's stretched space. However wide, it never runs past where another
    column starts (an index's letter `E` and an entry `lotteries` three columns on, one
    baseline); and a piece of more words than the reader cuts after kept its word spaces
    narrow (`pdf_pages.line_pieces`): a justified line's spaces are all alike, so the
    wide gap after it is a table's, not one of its stretched spaces."""
    return (
        _one_box(current, following, sizes)
        and len(current.text.split()) <= STRETCHED_PIECE_WORDS
        and not any(
            current.x1 + EDGE_TOLERANCE < edge < following.x0 - EDGE_TOLERANCE
            for edge in left_edges
        )
    )


def _split_unjustified(
    chains: list[list[Fragment]], right_edges: list[float], sizes: Mapping[int, int]
) -> list[list[Fragment]]:
    """Chains that are no justified line split again at every wide gap."""
    result: list[list[Fragment]] = []
    for chain in chains:
        if _justified(chain, right_edges, sizes):
            result.append(chain)
            continue
        result.append([chain[0]])
        for before, after in itertools.pairwise(chain):
            width = max(before.char_width, after.char_width)
            if after.x0 - before.x1 < WORD_GAP * width:
                result[-1].append(after)
            else:
                result.append([after])
    return result


def stacked_under_end(current: Fragment, following: Fragment) -> bool:
    """Whether `following` starts under (or over) the last word of `current` and runs on
    past its end: a stacked fraction's denominator under its numerator at the line's end
    (`or “XXX XX` over `100”).`), which a reader of the line takes after it.

    >>> line = Fragment("or “XXX  XX", 100, 410, 146, 422, block=1)
    >>> stacked_under_end(line, Fragment("100”).", 137.5, 410, 156, 420, block=2))
    True
    >>> stacked_under_end(line, Fragment("Revenue Service", 110, 410, 180, 420, block=2))
    False
    """
    if following.x1 <= current.x1 or following.x0 >= current.x1:
        return False  # nearly every piece: after the line, or inside it
    words = current.text.split()
    if not words:
        return False
    # the last word's own width and one more: a stacked piece starts within it; a
    # stamp printed over the line's middle starts further in
    reach = (len(words[-1]) + 1) * current.char_width
    return current.x1 - reach <= following.x0 < current.x1 - current.char_width


def _glued(current: Fragment, following: Fragment) -> Fragment:
    """`current` with `following` read after it, one piece of its block."""
    return replace(
        current,
        text=f"{current.text.rstrip()} {following.text.strip()}",
        x1=following.x1,
        y0=min(current.y0, following.y0),
        y1=max(current.y1, following.y1),
    )


def _justified(chain: list[Fragment], right_edges: list[float], sizes: Mapping[int, int]) -> bool:
    """Whether a run of pieces is a justified line: it reaches its column's edge (or, ending
    in a hyphen, up to a character short of it: `yttrandefrihets-` 2.6 pt before it), and
    its pieces are of one text box (`_one_box`)."""
    hyphen = chain[-1].text.endswith(("-", "\u00ad"))
    reach = max(EDGE_TOLERANCE, chain[-1].char_width if hyphen else 0.0)
    return any(abs(chain[-1].x1 - edge) <= reach for edge in right_edges) and all(
        _one_box(before, after, sizes) for before, after in itertools.pairwise(chain)
    )


def _one_box(before: Fragment, after: Fragment, sizes: Mapping[int, int]) -> bool:
    """Whether two pieces on one baseline may be one justified line's: they are in one text
    box, or one of them is alone in its box (the layout analysis set a justified line's
    first or last word apart when it aligns with no other line).

    Pieces that each stand in a box of several lines are two columns' lines: a table's
    headings `line 40` and `amount` (56 pt apart, under `(a)` and `(b)`), however well
    their ends line up with the rows below.

    >>> line_40 = Fragment("line 40", 199, 639, 224, 646, block=1)
    >>> amount = Fragment("amount", 280, 639, 308, 646, block=2)
    >>> _one_box(line_40, amount, {1: 3, 2: 3}), _one_box(line_40, amount, {1: 3, 2: 1})
    (False, True)
    """
    return before.block == after.block or min(sizes[before.block], sizes[after.block]) == 1


def _join(chain: list[Fragment], sizes: Mapping[int, int], cells: bool = False) -> Fragment:
    """One fragment from a run of pieces of one line, in the block of the piece whose
    block holds most pieces (`sizes`).

    A justified line of few words is cut at its wide spaces, and a piece that aligns
    with no other line (`Samtidigt`, at a paragraph's indent) is a block of its own,
    while the line's last piece (`förväntas`, at the column's edge) joins the
    paragraph's other lines: the line goes with them, not alone.

    The pieces of a line that is not justified stood further apart than a word space
    (pdfminer cut them there): a table's cells on one baseline (`25,200` `25,250`
    `3,393`), a tab stop's. They are joined by a tab (`glyphs.GAP`, `cells`), each a
    layout unit of its own; a justified line's pieces by a space."""
    first = chain[0]
    if len(chain) > 1 and not first.cut_from:  # a piece cut off a line keeps its own block
        whole = [piece for piece in chain if not piece.cut_from]
        first = max(whole, key=lambda piece: sizes.get(piece.block, 0))
    return replace(
        chain[0],
        block=first.block,
        cut_from=chain[0].cut_from,
        text=_joined_text(chain, cells),
        x1=max(piece.x1 for piece in chain),
        y0=min(piece.y0 for piece in chain),
        y1=max(piece.y1 for piece in chain),
    )


def _joined_text(chain: list[Fragment], cells: bool) -> str:
    """The pieces' text, a space between them, or a tab between `cells`."""
    return ("\t" if cells else " ").join(piece.text.strip() for piece in chain)


def _row_key(fragment: Fragment, rows: dict[int, list[Fragment]]) -> int:
    """Fragments whose bottoms are within 2 points share a row."""
    for key in rows:
        if abs(key / 10 - fragment.y0) < 2.0:
            return key
    return round(fragment.y0 * 10)
