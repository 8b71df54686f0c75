"""A table's heading row repeated on every page it runs over."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize.page import line_box, line_event, pdf_rows

HEADING_CELL = 30
"""Characters at most in each cell of a table's heading row (`Description`, `NIST §`)."""

HEADING_WORDS = 3
"""Words at least in a heading row: one or two short words recur at a page's top by chance."""


def remove_repeated_table_headings(
    lines: Sequence[Line],
) -> tuple[list[Line], list[LayoutEvent]]:
    """Take out a table's heading row that a PDF repeats at the top of each page the table
    runs on to; the Word file or web page that set the table holds it once.

    The row that opens a page's body (the lines on its first line's baseline) is such a
    heading where it is a row of short cells (`#`, `Description`, `L1`, `L2`, `L3  CWE`:
    each at most HEADING_CELL characters, HEADING_WORDS words in all), the same row
    stands on an earlier page, and the page before ends inside a table (see
    `_ends_in_table_rows`): a table that begins at the top of a page after prose keeps
    its own heading.
    """
    by_page: dict[int, list[int]] = defaultdict(list)
    for position, line in enumerate(lines):
        if line.box is not None and line.text.strip():
            by_page[line.page_index].append(position)
    page_rows = {page: pdf_rows(lines, positions)[0] for page, positions in by_page.items()}
    seen: dict[str, int] = {}  # a heading-like row's key: the first page it stands on
    for page, rows in sorted(page_rows.items()):
        for row in rows:
            if key := _heading_row_key(lines, row):
                seen.setdefault(key, page)
    repeated: dict[int, str] = {}
    for page, positions in by_page.items():
        first = positions[0]
        row = next(row for row in page_rows[page] if first in row)
        key = _heading_row_key(lines, row)
        previous = page_rows.get(page - 1, [])
        if key and seen[key] < page and _ends_in_table_rows(lines, previous):
            repeated.update((position, key) for position in row)
    if not repeated:
        return list(lines), []
    events = [
        line_event(Category.HEADER_FOOTER, lines[position], key)
        for position, key in sorted(repeated.items())
    ]
    return [line for position, line in enumerate(lines) if position not in repeated], events


TABLE_FOOT_ROWS = 6
"""The lowest rows of a page among which a row of several cells shows that a table runs
on over the page's foot."""


def _ends_in_table_rows(lines: Sequence[Line], rows: Sequence[tuple[int, ...]]) -> bool:
    """Whether a page's body (its rows, top to bottom) ends inside a table: among its
    lowest rows is one of several cells side by side (a requirement's text, `✓ ✓`,
    `320`), not a list's bullet beside its item. A page that ends in prose has a table
    begin on the next page, with its own heading row."""
    return any(
        sum(len(lines[position].text.strip()) > 1 for position in row) > 1
        for row in rows[-TABLE_FOOT_ROWS:]
    )


def _heading_row_key(lines: Sequence[Line], row: Sequence[int]) -> str:
    """A row's cells left to right as one text, if it may be a table's heading row."""
    ordered = sorted(row, key=lambda position: line_box(lines[position]).x0)
    cells = [cell.strip() for p in ordered for cell in lines[p].text.split("\t")]
    if len(cells) < 2 or any(len(cell) > HEADING_CELL for cell in cells):
        return ""
    key = " ".join(" ".join(cells).split())
    return key if len(key.split()) >= HEADING_WORDS else ""
