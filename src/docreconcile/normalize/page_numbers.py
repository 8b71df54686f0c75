"""Page numbers: recognised in the forms documents use, glued into a text's line, or
masked in a running header's key."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize.characters import _SPACE_RUN
from docreconcile.normalize.page import EDGE_LINES, line_event, median

_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|sid\.?|s\.|page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*"
    r"(?:(?:av|of|/|\()\s*\d{1,4}\s*\)?)?\s*[-–—]?$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """Recognise page numbers in the forms Swedish documents use.

    >>> [is_page_number(t) for t in ["Sida 2 av 5", "2 (5)", "- 3 -", "4/12", "7"]]
    [True, True, True, True, True]
    >>> is_page_number("1. Omsorgskontorets förslag tillstyrks.")
    False
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


_EMBEDDED_PAGE_NUMBER = re.compile(
    r"(?:sida|sid\.?|s\.|page|p\.)\s*\d{1,4}(?:\s*(?:av|of|/)\s*\d{1,4}|\s*\(\s*\d{1,4}\s*\))?"
    r"|\b\d{1,4}\s*\(\s*\d{1,4}\s*\)"
    r"|\b\d{1,4}\s*/\s*\d{1,4}\b"
    r"|^\d{1,4}(?=\s)|(?<=\s)\d{1,4}$"
    # a long running number: a journal's page (`Proposed Rules 47699`), a printer's
    # frame count (`Frm 00006`)
    r"|(?<![\w,.])\d{5,}(?![\w,.])",
    re.IGNORECASE,
)


def furniture_key(text: str) -> str:
    """A header or footer's text with its page number masked, so it recurs page to page.

    Only page-number patterns are masked, not every digit: body lines that differ by a
    number ("sida 1." and "sida 2." in a sentence) must stay different.

    >>> furniture_key("LINKÖPINGS KOMMUN   Sida 2 (5)"), furniture_key("2017-10-02 Dnr OK 123")
    ('LINKÖPINGS KOMMUN #', '2017-10-02 Dnr OK #')
    """
    return _SPACE_RUN.sub(" ", _EMBEDDED_PAGE_NUMBER.sub("#", text.strip()))


_MARKED_PAGE_NUMBER = re.compile(r"\d{1,4}")
PAGE_SERIES = 3
"""A text without form feeds is cut into pages at page-number lines of one form only when
at least this many of them count up page by page."""


def infer_text_pages(lines: Sequence[Line]) -> list[Line]:
    """Give a text that lost its form feeds its pages back, from its page-number lines.

    Text copied out of a PDF, or reflowed, keeps the page furniture but not the breaks:
    `Page 2 of 48` and `-2-` stand between paragraphs, a running title near each. With
    the pages back, furniture is found by recurrence at page edges as in a paged text.
    The page numbers are the lines of one marked form (`Page # of 48`, `-#-`, `Sida #
    (5)`: a bare `7` may be a heading) that count up one by one; the form with most such
    steps wins. Where the first stands tells headers from footers: a page's worth of text
    before `Page 2 of 48` makes it a header, which starts its page; a footer ends it.

    >>> text = ["Title", "Body", "-1-", "Body", "more", "-2-", "Body", "it", "-3-", "End"]
    >>> from docreconcile.model import Location
    >>> lines = [Line(t, Location(line=n)) for n, t in enumerate(text, start=1)]
    >>> [line.page_index for line in infer_text_pages(lines)]
    [1, 1, 1, 2, 2, 2, 3, 3, 3, 4]
    >>> lines = [Line(t.replace("-", ""), l.location) for t, l in zip(text, lines)]
    >>> [line.page_index for line in infer_text_pages(lines)]  # bare numbers: maybe headings
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    if any(line.box is not None or line.page_index != 1 for line in lines):
        return list(lines)
    series: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for position, line in enumerate(lines):
        text = line.text.strip()
        if is_page_number(text) and not text.isdigit():
            number = int(_MARKED_PAGE_NUMBER.findall(text)[0])
            series[_MARKED_PAGE_NUMBER.sub("#", text, count=1)].append((position, number))
    steps = {
        form: [
            (before[0], after[0])
            for before, after in itertools.pairwise(members)
            if after[1] == before[1] + 1
        ]
        for form, members in series.items()
    }
    form = max(steps, key=lambda form: len(steps[form]), default="")
    if len(steps.get(form, [])) + 1 < PAGE_SERIES:
        return list(lines)
    marks = sorted({position for step in steps[form] for position in step})
    text_before = sum(bool(line.text.strip()) for line in lines[: marks[0]])
    gaps = [
        sum(bool(line.text.strip()) for line in lines[before:after])
        for before, after in itertools.pairwise(marks)
    ]
    # Before the header numbered n stand n - 1 pages; before the footer numbered n, n.
    first = next(number for position, number in series[form] if position == marks[0])
    page_length = median(gaps)
    header = abs(text_before - (first - 1) * page_length) < abs(text_before - first * page_length)
    starts = set(marks) if header else {position + 1 for position in marks}
    page = 1
    paged = []
    for position, line in enumerate(lines):
        if position in starts and position:
            page += 1
        paged.append(replace(line, page_index=page))
    return paged


GLUED_WORDS = 12
"""The most words a running header (or footer) glued into a page's first (or last) line
may have."""


def split_glued_page_numbers(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a page's own number out of a word it was glued to, in a text without page
    geometry, and give the word back the hyphen an extractor took away.

    poppler undoes a hyphen at a line end even where the page breaks, and runs the footer
    on: `förbätt-` at the foot of page 2, `Sida 2 (3)` under it and `rad` atop page 3 come
    out as `en förbättSida 2 (3)` and `rad efterlevnad`. A page-number phrase glued to the
    letters before it (`Sida`, `Page`; the page's own number) at one of the page's last
    EDGE_LINES lines is such a case: it comes out as a page number, the line ends in
    `förbätt-` again, and the word is joined as any line-end hyphen is. What follows it on
    its page is the rest of the footer (a contact block under the number), and comes out
    with it.

    >>> from docreconcile.model import Location
    >>> lines = [Line("Text", Location(line=1), page_index=1),
    ...          Line("en förbättSida 1 (2)", Location(line=2), page_index=1),
    ...          Line("Kommunen, Storgatan 37", Location(line=3), page_index=1),
    ...          Line("rad efterlevnad, se Sida 3", Location(line=4), page_index=2)]
    >>> kept, events = split_glued_page_numbers(lines)
    >>> [line.text for line in kept]
    ['Text', 'en förbätt-', 'rad efterlevnad, se Sida 3']
    >>> [(event.category.value, event.text) for event in events]
    [('page_number', 'Sida 1 (2)'), ('header_footer', 'Kommunen, Storgatan 37')]
    """
    by_page = _text_pages(lines)
    if by_page is None:
        return list(lines), []
    kept: list[Line | None] = list(lines)
    events: list[LayoutEvent] = []
    for page, positions in by_page.items():
        edge = positions[-EDGE_LINES:]
        for index, position in enumerate(edge):
            line = lines[position]
            glued = _GLUED_PAGE_NUMBER.search(line.text)
            if glued is None or int(glued.group(1)) != page:
                continue
            number = glued.group().strip()
            events.append(line_event(Category.PAGE_NUMBER, replace(line, text=number), number))
            kept[position] = replace(line, text=line.text[: glued.start()] + "-")
            for after in edge[index + 1 :]:
                footer = lines[after]
                events.append(
                    line_event(Category.HEADER_FOOTER, footer, furniture_key(footer.text))
                )
                kept[after] = None
            break
    return [line for line in kept if line is not None], events


def _text_pages(lines: Sequence[Line]) -> dict[int, list[int]] | None:
    """The positions of each page's non-blank lines, in a text without page geometry;
    None for a PDF, whose lines the geometric steps handle."""
    if any(line.box is not None for line in lines):
        return None
    by_page: dict[int, list[int]] = defaultdict(list)
    for position, line in enumerate(lines):
        if line.text.strip():
            by_page[line.page_index].append(position)
    return by_page


_GLUED_PAGE_NUMBER = re.compile(
    r"(?<=[^\W\d_])(?:Sida|Sid\.|Page)\s*(\d{1,4})"
    r"(?:\s*(?:av|of|/)\s*\d{1,4}|\s*\(\s*\d{1,4}\s*\))?\s*$"
)
"""A page-number phrase run onto the letters of a word (`förbättSida 2 (3)`)."""
