"""Page furniture: running headers, footers and margin text that recur page after page."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize.page import (
    in_margin,
    is_vertical,
    line_box,
    line_event,
    median,
)
from docreconcile.normalize.page_numbers import furniture_key, is_page_number
from docreconcile.normalize.recurrence import (
    SURE_RECURRENCE,
    _Evidence,
    _evidence,
    _Zone,
    _zones,
)

_WORD_IN_KEY = re.compile(r"[^\W\d_]{2}")


def remove_page_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take out page numbers and running headers and footers; mark other edge lines.

    Furniture is peeled off each page from its top and bottom edge inwards, row by row,
    as long as each row is furniture: a page number, or a line whose text (page numbers
    masked) recurs in that edge zone on at least half of the pages (and two), is set apart
    from the body on at least one of them (a blank line in a text file, a wider gap in a
    PDF), and never occurs in the body of a page (text that does is content, such as a
    repeated table row). A line that recurs on only two pages must be set apart on both.

    Edge rows that are not recognised but are set apart from the body (on a page of a
    paged text, or in a PDF page's margin band: a first page's own footer, a header on a
    one-page document) are kept but marked `edge`: the other document decides about them
    (see `classify`).

    The evidence, besides recurrence: a row of several lines recurs as a whole row (a
    header read as one line on one page and two on the next); a row in the margin band in
    smaller type is set apart even without a wider gap; lines beyond an explicit page
    number (`Sida 1 (2)`) are edge lines; a line at one depth on every page (but perhaps the
    first) is furniture even where the body holds it too (a case number in the header and
    the memo's head).
    """
    by_page, vertical = _by_page(lines)
    zones = [zone for positions in by_page.values() for zone in _zones(lines, positions)]
    evidence = _evidence(lines, zones, list(by_page))
    furniture: dict[int, Category] = {}
    glued: dict[int, tuple[str, str]] = {}  # position: (the body's text, the header's)
    edges: set[int] = set()
    page_zones = list(zip(zones[0::2], zones[1::2], strict=True))  # top and bottom zones
    broken_at_foot = [
        any(_WORD_BROKEN_AT_END.search(lines[p].text) for row in bottom.rows for p in row)
        for _, bottom in page_zones
    ]
    for page, (zone_pair, positions) in enumerate(zip(page_zones, by_page.values(), strict=True)):
        body_height = _usual_height(lines, positions)
        # The word the last page broke off goes on at the top of this page's body.
        continued = page > 0 and broken_at_foot[page - 1]
        top, bottom = zone_pair
        peeled = [
            _peeled(lines, top, (continued, body_height, len(by_page)), evidence, edges),
            _peeled(lines, bottom, (False, body_height, len(by_page)), evidence, edges),
        ]
        _keep_some_body(peeled, positions, lines, evidence.keys)
        for found in peeled:
            furniture.update(found)
        for zone in zone_pair:
            glued.update(
                _glued_cells(
                    lines, zone, furniture, evidence.keys, evidence.recurring, evidence.in_body
                )
            )
    furniture.update(_margin_furniture(lines, vertical, max(2, len(by_page) // 2)))
    evidence.keys.update((at, furniture_key(lines[at].text)) for at in vertical)
    edges.update(position for position in vertical if position not in furniture)
    return _rebuilt(lines, furniture, glued, edges - furniture.keys(), evidence.keys)


def _by_page(lines: Sequence[Line]) -> tuple[dict[int, list[int]], list[int]]:
    """The positions of each page's lines with text, and of the lines set vertically (in
    a margin: furniture of their own kind)."""
    by_page: dict[int, list[int]] = defaultdict(list)
    vertical: list[int] = []
    for position, line in enumerate(lines):
        if is_vertical(line):
            vertical.append(position)
        elif line.text.strip():
            by_page[line.page_index].append(position)
    return by_page, vertical


def _peeled(
    lines: Sequence[Line],
    zone: _Zone,
    page: tuple[bool, float, int],
    evidence: _Evidence,
    edges: set[int],
) -> dict[int, Category]:
    """The furniture peeled off one edge zone of a page, row by row from the edge in, as
    long as each row is furniture; edge lines found on the way go into `edges`. `page`:
    whether the zone is the top of a page the last one broke a word off for, the body's
    usual line height, the number of pages."""
    continued, body_height, pages = page
    peeled: dict[int, Category] = {}
    weak: list[int] = []  # depths of peeled rows only a gap further in vouches for
    past_number = False  # a page number peeled: the body frame's edge is reached
    for depth, (row, apart) in enumerate(zip(zone.rows, zone.apart, strict=True)):
        if continued and lines[row[0]].text[:1].islower():
            break
        small = _small_in_margin(lines, row, body_height)
        kinds = _row_kinds(lines, row, zone.name, apart or small, evidence)
        if not all(kinds):
            beside = _header_beside_body(
                lines, row, evidence.keys, zone.name, evidence.recurring, evidence.in_body
            )
            if beside:
                peeled.update(beside)
                break
            frame = _page_number_depth(lines, zone, depth)
            if frame is not None:
                edges.update(p for outer in zone.rows[depth:frame] for p in outer)
                continue
            # Inside a page number, lines in the body's type are the body's, even in the
            # margin band (an A4 page's last paragraph); smaller type there is still a
            # footer of the page's own.
            if not past_number or small:
                edges.update(_edge_block(lines, zone, depth, pages, body_height))
            break
        past_number = past_number or Category.PAGE_NUMBER in kinds
        peeled.update((p, kind) for p, kind in zip(row, kinds, strict=True) if kind)
        recurrence = max(
            evidence.recurring.get((zone.name, key), 0)
            for key in [evidence.keys[p] for p in row] + [evidence.row_keys.get(row, "")]
        )
        sure = small or Category.PAGE_NUMBER in kinds or recurrence >= SURE_RECURRENCE
        weak = [] if sure or zone.gaps[depth] else [*weak, depth]
    # Rows taken as furniture because a gap lies further in must reach that gap through
    # furniture: on short pages that open alike ("Andreas ... bakgrund" twice), the
    # body's first lines recur too, with no gap after them.
    for depth in weak:
        for position in zone.rows[depth]:
            peeled.pop(position, None)
    return peeled


def _rebuilt(
    lines: Sequence[Line],
    furniture: Mapping[int, Category],
    glued: Mapping[int, tuple[str, str]],
    edges: set[int],
    keys: Mapping[int, str],
) -> tuple[list[Line], list[LayoutEvent]]:
    """The lines kept (edge lines marked, a header glued into a line taken off it) and
    an event for each piece of furniture taken out."""
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for position, line in enumerate(lines):
        if position in furniture:
            events.append(line_event(furniture[position], line, key=keys[position]))
        elif position in glued:
            body, header = glued[position]
            events.append(
                line_event(
                    Category.HEADER_FOOTER, replace(line, text=header), furniture_key(header)
                )
            )
            kept.append(replace(line, text=body))
        elif position in edges:
            kept.append(replace(line, edge=True))
        else:
            kept.append(line)
    return kept, events


SIDE_HEADER = SURE_RECURRENCE
"""A running header that shares its baseline with the body's first line (in the outer
margin, beside it) counts only where it recurs, alone, on this many pages."""


def _header_beside_body(
    lines: Sequence[Line],
    row: tuple[int, ...],
    keys: dict[int, str],
    zone: str,
    recurring: dict[tuple[str, str], int],
    in_body: set[str],
) -> dict[int, Category]:
    """The running headers in an edge row that also holds body text, beside it.

    A book-like page sets its running title in the outer margin at the height of the
    body's first line (`Prop. 2012/13:144` left on even pages, right on odd ones), so the
    row is half header, half body. The header is its own line there, recurring on
    SIDE_HEADER pages at that edge and never in the body; the body's line stays.
    """
    found = {
        position: Category.HEADER_FOOTER
        for position in row
        if keys[position] not in in_body
        and recurring.get((zone, keys[position]), 0) >= SIDE_HEADER
        and not is_page_number(lines[position].text)
        and _WORD_IN_KEY.search(keys[position])
    }
    return found if len(found) < len(row) else {}


def _glued_cells(
    lines: Sequence[Line],
    zone: _Zone,
    furniture: Mapping[int, Category],
    keys: dict[int, str],
    recurring: dict[tuple[str, str], int],
    in_body: set[str],
) -> dict[int, tuple[str, str]]:
    """The outermost body line of a zone whose first or last cell is a running header.

    Where the running title and the body's first line lie on one baseline and close
    enough, the reader joins them as two cells of one line
    (`… sjöfartens betydelse-\tProp. 2012/13:144`); the cell is the header all the
    same, where it recurs alone on SIDE_HEADER pages. Returns (body text, header text).
    """
    for row in zone.rows:
        if all(position in furniture for position in row):
            continue
        found: dict[int, tuple[str, str]] = {}
        for position in row:
            cells = lines[position].text.split("\t")
            if len(cells) < 2 or position in furniture:
                continue
            for header, rest in ((cells[0], cells[1:]), (cells[-1], cells[:-1])):
                key = furniture_key(header)
                if (
                    key not in in_body
                    and _WORD_IN_KEY.search(key)
                    and recurring.get((zone.name, key), 0) >= SIDE_HEADER
                ):
                    found[position] = ("\t".join(rest).strip(), header.strip())
                    break
        return found
    return {}


def _margin_furniture(
    lines: Sequence[Line], vertical: list[int], needed: int
) -> dict[int, Category]:
    """Vertical text in a page's side margin that recurs, masked, on `needed` pages.

    Text running up the margin (a typesetter's tag on every page of the Federal Register,
    `jbell on DSKJLSW7X2PROD with PROPOSALS`) is no row of the page: its box is as tall as
    several body lines, so it stands at neither edge. It is furniture by recurrence alone;
    the rest (a figure's label) is kept as an edge line for the other document to decide.
    """
    pages: dict[str, set[int]] = defaultdict(set)
    for position in vertical:
        pages[furniture_key(lines[position].text)].add(lines[position].page_index)
    return {
        position: Category.HEADER_FOOTER
        for position in vertical
        if len(pages[furniture_key(lines[position].text)]) >= needed
    }


def _page_number_depth(lines: Sequence[Line], zone: _Zone, depth: int) -> int | None:
    """The depth of the first page-number row further in than `depth`, if any.

    A page number marks the page's frame: what lies between it and the edge (a first
    page's contact block under `Sida 1 (2)`) is outside the body, even with no gap before
    it, as in text copied out of a PDF.
    """
    for inner in range(depth + 1, len(zone.rows)):
        texts = [lines[p].text.strip() for p in zone.rows[inner]]
        # A bare number further in may be a line of the body (`08` ending a date); only
        # a page number that says what it is (`Sida 1 (2)`, `3 av 5`) marks the frame.
        if all(is_page_number(text) and not text.isdigit() for text in texts):
            return inner
    return None


def _edge_block(
    lines: Sequence[Line], zone: _Zone, depth: int, pages: int, body_height: float = 0.0
) -> list[int]:
    """The rows from `depth` to the first gap of a zone, if they may be page furniture:
    on a page of a paged text, or all in a PDF page's margin band. Rows with no gap after
    them before the zone ends run on into the body and are not set apart. Sentences in
    the page's usual type (`body_height`) are the body's (`_reads_as_body`)."""
    if lines[zone.rows[depth][0]].box is None:
        # A paged text: blank lines separate every paragraph, so the band reaches the
        # last blank line within the zone (a header, a blank line, a case number ...),
        # short of a paragraph written on one line (a reflowed text's body).
        block: list[int] = []
        for row, apart in zip(zone.rows[depth:], zone.apart[depth:], strict=True):
            if any(len(lines[p].text) > LONGEST_FURNITURE for p in row):
                break
            if apart:
                block.extend(row)
        return block if pages > 1 else []
    # A PDF: the first clearly wider gap is the edge of the body frame.
    end = next((index for index in range(depth, len(zone.rows)) if zone.gaps[index]), None)
    if end is None:
        return []  # no gap within the zone: the rows run on into the body
    block = [p for row in zone.rows[depth : end + 1] for p in row]
    inner = zone.rows[end + 1] if end + 1 < len(zone.rows) else ()
    if {lines[p].block for p in zone.rows[end]} & {lines[p].block for p in inner}:
        return []  # the gap falls inside one text box (a title wrapped over two lines)
    if _reads_as_body(lines, block, body_height):
        return []  # sentences in the body's type: the body's first (or last) paragraph
    return block if all(in_margin(lines[p]) for p in block) else []


LONGEST_FURNITURE = 200
"""Characters at most in a text's line of page furniture: a running header or footer,
even a printer's slug of fields, is shorter; a paragraph written on one line is longer."""

BODY_WORDS = 12
"""Words at least in an edge block that reads as the body's text: a header, a footer or
a contact line is shorter (`Kungsbacka kommun, 434 81 Kungsbacka · ...` is a line of
fields, with no sentence)."""


def _reads_as_body(lines: Sequence[Line], block: list[int], body_height: float) -> bool:
    """Whether PDF lines at a page's edge are a paragraph of the body, not furniture:
    at least BODY_WORDS words, ending a sentence, not in smaller type than the page's
    usual (`body_height`).

    A one-page memo's opening paragraph stands in the top band under the header; the
    other version may lack it (deleted), and must not then be told it is a header.
    """
    text = " ".join(lines[p].text.strip() for p in block)
    if len(text.split()) < BODY_WORDS or not text.rstrip().endswith((".", "!", "?", ":")):
        return False
    return all(line_box(lines[p]).height > SMALLER_TYPE * body_height for p in block)


def _keep_some_body(
    peeled: list[dict[int, Category]],
    positions: list[int],
    lines: Sequence[Line],
    keys: dict[int, str],
) -> None:
    """A page is never all furniture by masked recurrence alone: a body line that recurs
    only because a number in it was masked ("Brödtext på sida 2.") is given back, innermost
    first, while the peeled rows would cover the whole page."""
    for found in peeled:
        masked = [
            p
            for p in found
            if found[p] is Category.HEADER_FOOTER and keys[p] != lines[p].text.strip()
        ]
        while masked and len(set().union(*peeled)) >= len(positions):
            position = masked.pop()
            for other in peeled:
                other.pop(position, None)


SMALLER_TYPE = 0.9
"""A line whose height is at most this share of its page's usual line height is set in
smaller type than the body (headers and footers usually are: 7.5 pt under 9.5 pt)."""


def _usual_height(lines: Sequence[Line], positions: list[int]) -> float:
    """The median height of a PDF page's lines (0 for a text file)."""
    heights = [lines[p].box.y1 - lines[p].box.y0 for p in positions if lines[p].box is not None]  # type: ignore[union-attr]
    return median(heights) if heights else 0.0


def _small_in_margin(lines: Sequence[Line], row: tuple[int, ...], body_height: float) -> bool:
    """Whether a PDF row lies in the page's margin band in smaller type than the body.

    That sets it apart as well as a wide gap does: on a page of headings and short
    paragraphs the gap under a running header is no wider than the gaps between
    paragraphs, but the header is still small and at the edge.
    """
    if not body_height:
        return False
    return all(
        in_margin(lines[p])
        and line_box(lines[p]).y1 - line_box(lines[p]).y0 <= SMALLER_TYPE * body_height
        for p in row
    )


def _row_kinds(
    lines: Sequence[Line], row: tuple[int, ...], zone: str, apart: bool, evidence: _Evidence
) -> list[Category | None]:
    """What each line of an edge row is: the whole row when it recurs as a row, else each
    line on its own (a page number beside a title that changes, for instance)."""
    row_key, keys = evidence.row_keys.get(row), evidence.keys
    recurring, in_body = evidence.recurring, evidence.in_body
    if row_key is not None and row_key not in in_body:
        kind = _furniture_kind(row_key, recurring.get((zone, row_key), 0), apart)
        if kind is not None:
            return [kind] * len(row)
    return [
        _furniture_kind(lines[p].text, recurring.get((zone, keys[p]), 0), apart)
        if keys[p] not in in_body
        else None
        for p in row
    ]


_WORD_BROKEN_AT_END = re.compile(r"[a-zåäöéü]-$")


def _furniture_kind(text: str, recurrence: int, apart: bool) -> Category | None:
    """What an edge line is: a page number, a running header or footer, or neither.

    A line that ends in a word broken by a hyphen (`bakg-`) runs on into the next line:
    it is body text, however alike the pages open or close.
    """
    if is_page_number(text):
        return Category.PAGE_NUMBER
    if _WORD_BROKEN_AT_END.search(text):
        return None
    if recurrence >= SURE_RECURRENCE or (recurrence and apart):
        return Category.HEADER_FOOTER
    return None
