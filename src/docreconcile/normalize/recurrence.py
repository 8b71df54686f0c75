"""Recurrence: the evidence that an edge line is page furniture. Each page's top and
bottom rows (`_zones`), each line's and row's key with page numbers masked, the pages
each recurs on at each edge, at what depth and whether set apart from the body, and
whether the body holds it too (`_evidence`)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docreconcile.model import Line
from docreconcile.normalize.page import EDGE_LINES, line_box, pdf_rows
from docreconcile.normalize.page_numbers import furniture_key

SURE_RECURRENCE = 3
"""A line recurring at a page edge on this many pages is furniture even where nothing sets
it apart from the body; on two pages it must be set apart (a blank line, a wider gap)."""


Rows = list[tuple[int, ...]]


@dataclass(frozen=True)
class _Zone:
    """The rows at one edge of one page, outermost first, and whether a gap (a blank line in
    a text file, a wider space in a PDF) sets each one apart from the body."""

    name: str
    rows: tuple[tuple[int, ...], ...]
    apart: tuple[bool, ...]
    gaps: tuple[bool, ...]
    """Whether a gap lies right after each row, towards the body."""


@dataclass(frozen=True)
class _Evidence:
    """What the pages say of their edge lines: each line's key (page numbers masked), each
    row's of several lines, how many pages each (edge, key) recurs on as furniture, and
    the keys the body holds too (content, not furniture)."""

    keys: dict[int, str]
    row_keys: dict[tuple[int, ...], str]
    recurring: dict[tuple[str, str], int]
    in_body: set[str]


def _evidence(lines: Sequence[Line], zones: list[_Zone], pages: list[int]) -> _Evidence:
    """The evidence of recurrence over `pages` (their indices, in order) in the edge
    `zones` (a top and a bottom a page)."""
    keys = {
        position: furniture_key(lines[position].text)
        for zone in zones
        for row in zone.rows
        for position in row
    }
    row_keys = {row: _row_key(lines, row) for zone in zones for row in zone.rows if len(row) > 1}
    pages_with, ever_apart, depths = _seen(lines, zones, keys, row_keys)
    recurring = _recurring(pages_with, ever_apart, depths, max(2, len(pages) // 2))
    # A line at one depth from the edge of every page (a header's case number) is the
    # page's furniture even where the body also holds it (the same number in the memo's
    # head on page 1); other recurring lines that the body holds are content (a table's
    # repeated row). A title page often has no running header: it may be the one without.
    later_pages = set(pages[1:])
    framing = {
        key
        for key in recurring
        if pages_with[key] >= later_pages and len(depths[key]) == 1 and min(depths[key])
    }
    in_body = _keys_in_body(lines, set(keys), {key for _, key in recurring}) - {
        key for _, key in framing
    }
    return _Evidence(keys, row_keys, recurring, in_body)


def _seen(
    lines: Sequence[Line],
    zones: list[_Zone],
    keys: Mapping[int, str],
    row_keys: Mapping[tuple[int, ...], str],
) -> tuple[dict[tuple[str, str], set[int]], set[tuple[str, str]], dict[tuple[str, str], set[int]]]:
    """For each (edge, key): the pages it stands on in that edge's zone, whether it is
    set apart from the body on any, and the depths (rows from the edge) it stands at."""
    pages_with: dict[tuple[str, str], set[int]] = defaultdict(set)
    ever_apart: set[tuple[str, str]] = set()
    depths: dict[tuple[str, str], set[int]] = defaultdict(set)
    for zone in zones:
        for depth, (row, apart) in enumerate(zip(zone.rows, zone.apart, strict=True)):
            row_key = [row_keys[row]] if row in row_keys else []
            for key in [keys[position] for position in row] + row_key:
                pages_with[(zone.name, key)].add(lines[row[0]].page_index)
                depths[(zone.name, key)].add(depth)
                if apart:
                    ever_apart.add((zone.name, key))
    return pages_with, ever_apart, depths


def _recurring(
    pages_with: Mapping[tuple[str, str], set[int]],
    ever_apart: set[tuple[str, str]],
    depths: Mapping[tuple[str, str], set[int]],
    needed: int,
) -> dict[tuple[str, str], int]:
    """The (edge, key)s that recur as furniture, with the number of pages each is on."""
    # A line seen on fewer than SURE_RECURRENCE pages must also stand at the same depth
    # from the edge on each: body text that happens to open two pages alike does not.
    recurring = {
        key: len(pages)
        for key, pages in pages_with.items()
        if len(pages) >= needed
        and key in ever_apart
        and (len(pages) >= SURE_RECURRENCE or len(depths[key]) == 1)
    }
    # A running title recurring at one edge is furniture at the other edge too where it
    # stands there, set apart, on SURE_RECURRENCE pages: a footer repeating the header's
    # title, which one extractor left mid-page on many pages (the foot alone then holds
    # it on too few pages to count).
    for (name, key), pages in pages_with.items():
        opposite = ("bottom" if name == "top" else "top", key)
        if (
            opposite in recurring
            and (name, key) not in recurring
            and (name, key) in ever_apart
            and len(pages) >= SURE_RECURRENCE
        ):
            recurring[(name, key)] = len(pages)
    return recurring


def _row_key(lines: Sequence[Line], row: tuple[int, ...]) -> str:
    """The furniture key of a row of several lines read left to right as one line.

    One producer's header `KUNGSBACKA KOMMUN` ... `IF-2025-00003` comes out of the reader
    as one line on one page and as two lines on the next (how the pieces of a line are
    joined depends on the rest of the page), so recurrence is counted for the whole row
    as well as for each of its lines.
    """
    ordered = sorted(row, key=lambda position: line_box(lines[position]).x0)
    return furniture_key(" ".join(lines[position].text.strip() for position in ordered))


def _keys_in_body(lines: Sequence[Line], edge: set[int], candidates: set[str]) -> set[str]:
    """Which candidate header keys also occur in the body of a page.

    Only body lines as long as a candidate (give or take a page number) can match one, so
    only those are masked: masking every line of a long document costs more than the rest.
    """
    if not candidates:
        return set()
    lengths = {len(candidate) for candidate in candidates}
    longest, shortest = max(lengths) + 12, max(min(lengths) - 2, 0)
    found: set[str] = set()
    for position, line in enumerate(lines):
        text = line.text.strip()
        if position in edge or not shortest <= len(text) <= longest:
            continue
        key = furniture_key(text)
        if key in candidates:
            found.add(key)
    return found


def _zones(lines: Sequence[Line], positions: list[int]) -> list[_Zone]:
    """The top and bottom zones of one page (its lines with text, in reading order)."""
    rows: Rows
    if lines[positions[0]].box is None:
        rows = [(position,) for position in positions]
        gaps = [
            any(not lines[p].text.strip() for p in range(upper[0] + 1, lower[0]))
            for upper, lower in itertools.pairwise(rows)
        ]
    else:
        rows, gaps = pdf_rows(lines, positions)
    top = rows[:EDGE_LINES]
    bottom = rows[::-1][:EDGE_LINES]
    top_apart = _apart(gaps, len(top))
    bottom_apart = _apart(gaps[::-1], len(bottom))
    padded = [*gaps, False]
    return [
        _Zone("top", tuple(top), top_apart, tuple(padded[: len(top)])),
        _Zone("bottom", tuple(bottom), bottom_apart, tuple([*gaps[::-1], False][: len(bottom)])),
    ]


def _apart(gaps: list[bool], count: int) -> tuple[bool, ...]:
    """For each of the first `count` rows, whether a gap follows it or a row further in.

    >>> _apart([False, True, False, False], 4)
    (True, True, False, False)
    """
    result = []
    for index in range(count):
        result.append(any(gaps[index:EDGE_LINES]))
    return tuple(result)
