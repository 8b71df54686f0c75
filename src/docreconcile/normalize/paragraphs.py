"""Paragraphs: blocks joined into clean text with a source map (`Span`s), their join
events, and the units a wide gap sets apart in a line."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from docreconcile.model import Category, LayoutEvent, Line, Location, Paragraph, Span
from docreconcile.normalize.blocks import Block
from docreconcile.normalize.characters import _DOT_LEADER, clean_line
from docreconcile.normalize.joins import (
    _NO_NEIGHBOURS,
    _NO_WORDS,
    _NOTHING_OVERLAID,
    _page_number_in_broken_word,
    _says_it_is_a_page_number,
    continues_sentence,
    join_at_line_end,
)


@dataclass
class _Builder:
    """Accumulates a paragraph's clean text and its source map.

    The text is kept as pieces (joined once, at the end) and `last` is the latest line:
    every join decision needs only the end of the text, and rebuilding or splitting the
    whole paragraph at each line made long documents quadratic.
    """

    pieces: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the `id` of each span's line
    length: int = 0
    last: str = ""
    edge: bool = True
    page: int = 0  # the page index of its latest line

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def add(
        self,
        separator: str,
        piece: str,
        location: Location,
        free: bool = False,
        line: int = 0,
        over: Location | None = None,
    ) -> None:
        self.lines.append(line)
        start = self.length + len(separator)
        if separator:
            self.pieces.append(separator)
        self.pieces.append(piece)  # a paragraph of one line is that line's text, not a copy
        self.length = start + len(piece)
        self.last = piece
        self.spans.append(Span(start, self.length, location, free, over=over))

    def compact(self) -> None:
        """Join the pieces into one string: a paragraph's pieces (one string a line, 50
        bytes each beside its text) cost nearly twice its text while they wait to be
        joined. A compacted paragraph may still go on
        (the next page's body continuing it): its text simply starts as one piece."""
        if len(self.pieces) > 1:
            self.pieces = [self.text]

    def drop_last_character(self) -> None:
        """Remove a line-end hyphen that only broke a word, keeping the map consistent."""
        self.pieces[-1] = self.pieces[-1][:-1]
        self.last = self.pieces[-1]
        self.length -= 1
        last = self.spans[-1]
        self.spans[-1] = replace(last, end=min(last.end, self.length))


def unwrap(
    blocks: Iterable[Block],
    known: Mapping[str, int] = _NO_WORDS,
    free: Mapping[int, Collection[int]] = _NO_NEIGHBOURS,
    overlaid: Mapping[int, Location] = _NOTHING_OVERLAID,
) -> tuple[list[Paragraph], list[LayoutEvent]]:
    """Turn blocks into paragraphs: join lines, undo line-end hyphens, join continued blocks.

    A block that continues the sentence its predecessor broke off (across a page break or
    an extraction gap) is joined to it. Each line's span is `free` when the line's `id`
    is in `free` (`lines_beside_other_text`, which maps it to the lines it stands
    beside), and `inset` when one of those ended in its own paragraph. A line printed
    over another (`overlaid`, `overlaid_lines`) has a span for each of its words, free,
    each knowing the line it stands over (`Span.over`).
    """
    paragraphs: list[_Builder] = []
    events: list[LayoutEvent] = []
    previous_line: Line | None = None
    last_body: _Builder | None = None  # the latest paragraph not at a page edge
    for block in blocks:
        cleaned = [
            (line, _words_apart(parts) if id(line) in overlaid else parts)
            for line in block.lines
            if (parts := line_units(line.text))
        ]
        if not cleaned:
            continue
        first = cleaned[0][0]
        # Body text goes on with the body sentence that page-edge lines (a footer, a
        # header) interrupted: the edge lines stay a paragraph of their own.
        before = last_body if not first.edge else (paragraphs[-1] if paragraphs else None)
        if not _without_page_number(cleaned, before.last if before else None, events):
            continue
        continued = (
            before is not None
            and previous_line is not None
            and (before.edge == first.edge)
            and continues_sentence(before.last, " ".join(cleaned[0][1]))
        )
        builder = before if continued and before is not None else _new_paragraph(paragraphs)
        if not first.edge:
            last_body = builder
        # A sentence going on over a page break, or past lines at a page's edge: a reader
        # may put the page's foot (its notes, its footer) and the next page's head before
        # it or after it, so its lines here are lines it could take in another order.
        over_page = continued and (
            builder is not paragraphs[-1] or first.page_index != builder.page
        )
        previous_line = _add_lines(
            builder,
            cleaned,
            (previous_line if continued else None, over_page),
            (known, free, overlaid),
            events,
        )
    result = [
        Paragraph(index=index, text=builder.text, spans=_inset(builder, free), edge=builder.edge)
        for index, builder in enumerate(paragraphs)
    ]
    return result, events


def _new_paragraph(paragraphs: list[_Builder]) -> _Builder:
    """A new paragraph after `paragraphs`, the last of which is compacted: it is seldom
    continued again, and its pieces can go."""
    if paragraphs:
        paragraphs[-1].compact()
    builder = _Builder()
    paragraphs.append(builder)
    return builder


def _without_page_number(
    cleaned: list[tuple[Line, list[str]]], before: str | None, events: list[LayoutEvent]
) -> bool:
    """Whether a block's lines (`cleaned`) hold text once a page number is taken out of
    them (recorded in `events`); its first line loses a page number that broke the word
    `before` (the paragraph it may go on) ends in.

    `-3-` or `Page 3 of 48` alone where another extractor put it, mid-page, is no text,
    and the sentence around it goes on past it; a number alone after a broken word lets
    the next block take up the word."""
    first = cleaned[0][0]
    opening = " ".join(cleaned[0][1])
    if len(cleaned) == 1 and _says_it_is_a_page_number(opening):
        events.append(LayoutEvent(Category.PAGE_NUMBER, opening, first.location, opening))
        return False
    number = _page_number_in_broken_word(before, opening) if before is not None else ""
    if number:
        events.append(LayoutEvent(Category.PAGE_NUMBER, number, first.location, number))
        if number == opening and len(cleaned) == 1:
            return False
        cleaned[0] = (first, [opening[len(number) :].lstrip()])
    return True


def _add_lines(
    builder: _Builder,
    cleaned: list[tuple[Line, list[str]]],
    going_on: tuple[Line | None, bool],
    lookups: tuple[Mapping[str, int], Mapping[int, Collection[int]], Mapping[int, Location]],
    events: list[LayoutEvent],
) -> Line:
    """Add a block's lines to the paragraph `builder` holds, each join's event to
    `events`; the block's last line. `going_on`: the line before, where the block goes
    on with that paragraph's sentence (its first join is a page break if the page
    changed there), and whether its lines are free for that (`over_page`). `lookups`:
    the document's words, its free lines, its overlaid ones (as `unwrap` takes them)."""
    previous, over_page = going_on
    known, free, overlaid = lookups
    line = cleaned[0][0]
    for line, (text, *more) in cleaned:
        builder.edge = builder.edge and line.edge
        over = overlaid.get(id(line))
        is_free = over_page or id(line) in free or over is not None
        if not builder.length:
            builder.add("", text, line.location, is_free, id(line), over)
        else:
            separator, category = join_at_line_end(builder.last, text, known)
            if previous is not None and line.page_index != previous.page_index:
                category = Category.PAGE_BREAK if category is Category.LINE_BREAK else category
            events.append(_join_event(builder.last, text, category, line))
            if category is Category.HYPHENATION:
                builder.drop_last_character()
            builder.add(separator, text, line.location, is_free, id(line), over)
        for unit in more:  # the line's parts a wide gap set apart: units of their own
            builder.add(" ", unit, line.location, is_free, id(line), over)
        previous = None  # only the first join goes on over a page
        builder.page = line.page_index
    return line


def _words_apart(parts: list[str]) -> list[str]:
    """A line's parts cut at every space: the units of a line printed over other text.

    >>> _words_apart(["Internal Revenue", "Service"])
    ['Internal', 'Revenue', 'Service']
    """
    return [word for part in parts for word in part.split(" ") if word]


def _inset(builder: _Builder, beside: Mapping[int, Collection[int]]) -> tuple[Span, ...]:
    """A paragraph's spans, each marked `inset` where its line stands beside another line
    of the paragraph."""
    if not beside:
        return tuple(builder.spans)
    own = set(builder.lines)
    return tuple(
        replace(span, inset=True)
        if span.free and any(other in own for other in beside.get(line, ()))
        else span
        for span, line in zip(builder.spans, builder.lines, strict=True)
    )


UNIT_GAP = "\t"
"""Where a line holds a gap wider than a word space (a table's cells on one baseline, an
icon's label before its text, fields of a footer), the reader writes a tab: each part
is a layout unit of its own (`Span`), as a line is."""


_UNIT_CUT = re.compile(rf"{UNIT_GAP}|{_DOT_LEADER.pattern}")


def line_units(text: str) -> list[str]:
    """A line's clean text, cut into the parts a wide gap (`UNIT_GAP`) or dot leaders
    set apart (a worksheet's line number after `. . . .`).

    >>> line_units("$0\\t$85  $6,205.\\tAFM revisions"), line_units("  \\t ")
    (['$0', '$85 $6,205.', 'AFM revisions'], [])
    >>> line_units("amount on line 17a . . . . . . . 1.")
    ['amount on line 17a', '1.']
    """
    if UNIT_GAP not in text and not _DOT_LEADER.search(text):
        cleaned = clean_line(text)
        return [cleaned] if cleaned else []
    return [part for part in map(clean_line, _UNIT_CUT.split(text)) if part]


def _join_event(before: str, after: str, category: Category, line: Line) -> LayoutEvent:
    """The layout event for one line join, keyed by the words on both sides of it.

    A line break is keyed by its text itself: a long PDF has tens of thousands of them,
    and a key of its own each costs memory. A hyphenation's key is the word made whole
    (what the other side shows where the break stood).

    >>> _join_event("av god", "kvalitet", Category.LINE_BREAK, Line("", Location(2))).key
    'god ⏎ kvalitet'
    >>> _join_event("genom-", "lysa", Category.HYPHENATION, Line("", Location(2))).key
    'genomlysa'
    """
    last_word = before.split()[-1] if before.split() else ""
    first_word = after.split()[0] if after.split() else ""
    if category is Category.HYPHENATION:
        key = last_word.rstrip("-\u2010") + first_word
        text = f"{last_word}|{first_word}"
    else:
        key = text = f"{last_word} ⏎ {first_word}"
    return LayoutEvent(category=category, text=text, location=line.location, key=key)
