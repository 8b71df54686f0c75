"""Running headers and footers glued into a text's sentence (a text copied out of a PDF
runs a page's header into the body's line)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize.furniture import _WORD_IN_KEY
from docreconcile.normalize.page import line_event
from docreconcile.normalize.page_numbers import GLUED_WORDS, _text_pages, furniture_key
from docreconcile.normalize.recurrence import SURE_RECURRENCE


def split_glued_furniture(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take a running header out of the page's first line it was glued into (and a footer
    out of the last), in a text without page geometry.

    Text copied out of a PDF and reflowed runs the next page's header into the sentence
    that crosses the break: `The Digital Millennium Copyright Act of 1998 reasonable
    nondiscriminatory terms`; a title set in the outer margin beside the body's first line
    closes that line (`sjöfartens betydelse- Prop. 2012/13:144`). A page's first line opens
    (or closes) with a header when the same words
    (page numbers masked) stand as a line of their own at the top of another page and open
    the top line of at least half the pages (SURE_RECURRENCE at least): the words are
    taken out as the header, and the sentence goes on; where it stands alone, the whole
    line is. A header with a word changed (`Copyight`) is no such line and stays, for the
    other side to explain.

    >>> from docreconcile.model import Location
    >>> pages = [["Act of 1998", "Body one."], ["Act of 1998 body two", "goes on."],
    ...          ["Act of 1998 body three", "ends."]]
    >>> lines = [Line(text, Location(line=n), page_index=page)
    ...          for page, texts in enumerate(pages, 1) for n, text in enumerate(texts)]
    >>> kept, events = split_glued_furniture(lines)
    >>> [line.text for line in kept]
    ['', 'Body one.', 'body two', 'goes on.', 'body three', 'ends.']
    >>> [event.text for event in events]
    ['Act of 1998', 'Act of 1998', 'Act of 1998']
    """
    by_page = _text_pages(lines)
    if by_page is None:
        return list(lines), []
    if len(by_page) < SURE_RECURRENCE:
        return list(lines), []
    needed = max(SURE_RECURRENCE, len(by_page) // 2)
    cuts: dict[int, tuple[int, int]] = {}  # position: the glued words' character range
    # A header beside the body's first line (in the outer margin) is read after it: the
    # words may close the page's first line as well as open it, and a footer likewise.
    for edge, opening in itertools.product((0, -1), (True, False)):
        ends = [positions[edge] for positions in by_page.values()]
        found = _glued_lines(lines, ends, opening=opening, needed=needed)
        for position, cut in found.items():
            cuts.setdefault(position, cut)
    if not cuts:
        return list(lines), []
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for position, line in enumerate(lines):
        if position not in cuts:
            kept.append(line)
            continue
        start, end = cuts[position]
        glued = line.text[start:end].strip()
        events.append(
            line_event(Category.HEADER_FOOTER, replace(line, text=glued), furniture_key(glued))
        )
        kept.append(replace(line, text=(line.text[:start] + line.text[end:]).strip()))
    return kept, events


def _glued_lines(
    lines: Sequence[Line], ends: list[int], opening: bool, needed: int
) -> dict[int, tuple[int, int]]:
    """The lines among `ends` (each page's first or last) that open (or close) with a
    running line seen alone at that edge of another page: their glued words' ranges."""
    alone = {furniture_key(lines[position].text) for position in ends}
    spans: dict[int, dict[str, tuple[int, int]]] = {}
    pages_with: Counter[str] = Counter()
    for position in ends:
        text = lines[position].text
        words = list(re.finditer(r"\S+", text))
        found: dict[str, tuple[int, int]] = {}
        # Two words at least: one word opening many pages is no evidence of a header.
        for count in range(2, min(GLUED_WORDS, len(words)) + 1):
            part = words[:count] if opening else words[-count:]
            start, end = part[0].start(), part[-1].end()
            key = furniture_key(text[start:end])
            if key in alone and _WORD_IN_KEY.search(key):
                found[key] = (start, end)
        spans[position] = found
        pages_with.update(found.keys())
    glued: dict[int, tuple[int, int]] = {}
    for position, found in spans.items():
        running = [key for key in found if pages_with[key] >= needed]
        if running:
            longest = max(running, key=lambda key: found[key][1] - found[key][0])
            glued[position] = found[longest]
    return glued
