"""Blocks: a text's paragraphs by blank lines, a PDF's by its boxes, gaps and indents."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docreconcile.model import Line
from docreconcile.normalize.joins import _HYPHEN_AT_END, _TERMINAL
from docreconcile.normalize.page import line_box


@dataclass(frozen=True)
class Block:
    """Lines that belong to one paragraph, before unwrapping."""

    lines: tuple[Line, ...]


def split_text_blocks(lines: Sequence[Line]) -> list[Block]:
    """In a text file, blank lines and page breaks (form feeds) separate paragraphs.

    Inside a block of hard-wrapped lines, an indented line after an unindented one starts
    a paragraph (the first-line indent convention), and so does the line after a short one
    that ends a sentence.
    """
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if not line.text.strip() or (
            current and (line.page_index != current[-1].page_index or line.edge != current[-1].edge)
        ):
            if current:
                blocks.extend(_split_wrapped_text(current))
            current = [line] if line.text.strip() else []
            continue
        current.append(line)
    if current:
        blocks.extend(_split_wrapped_text(current))
    return blocks


SHORT_TEXT_LINE = 0.6
"""A text line shorter than this share of its block's longest line may end a paragraph."""


def _split_wrapped_text(lines: list[Line]) -> list[Block]:
    """Split one blank-line-separated block at indents and at short sentence-final lines."""
    widest = max(len(line.text.rstrip()) for line in lines)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if current:
            previous = current[-1].text
            indented = _indent(line.text) > _indent(previous)
            short_end = (
                len(lines) >= 3
                and len(previous.rstrip()) < SHORT_TEXT_LINE * widest
                and previous.rstrip().endswith(_TERMINAL)
            )
            if indented or short_end:
                blocks.append(Block(tuple(current)))
                current = []
        current.append(line)
    blocks.append(Block(tuple(current)))
    return blocks


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


SHORT_LINE = 0.85
"""A PDF line that ends before this share of the column width ends its paragraph."""


def split_pdf_blocks(lines: Sequence[Line]) -> list[Block]:
    """In a PDF, a paragraph ends at a new layout box, after a short line, or before an indent.

    pdfminer already puts lines with a larger vertical gap into separate boxes. Inside a
    box, a line that stops well before the column's right edge (a heading, the last line
    of a justified paragraph, a signature) ends the paragraph, and so does a line followed
    by an indented first line.
    """
    right_edges = _column_right_edges(lines)
    block_edges: dict[int | None, float] = {}
    for line in lines:
        if line.box is not None:
            block_edges[line.block] = max(block_edges.get(line.block, 0.0), line.box.x1)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if current and _starts_new_pdf_paragraph(current[-1], line, right_edges, block_edges):
            blocks.append(Block(tuple(current)))
            current = []
        current.append(line)
    if current:
        blocks.append(Block(tuple(current)))
    return blocks


def _starts_new_pdf_paragraph(
    previous: Line,
    line: Line,
    right_edges: Mapping[int, float],
    block_edges: Mapping[int | None, float],
) -> bool:
    """Whether `line` begins a paragraph after `previous`. On a page where no right edge is
    common to many lines (a page of figures with a few lines of text between them), a
    line is short against the widest line of its own block, not against the page."""
    if (
        line.block != previous.block
        or line.page_index != previous.page_index
        or line.edge != previous.edge
    ):
        return True
    before, box = line_box(previous), line_box(line)
    right_edge = right_edges.get(line.page_index, block_edges.get(line.block, before.x1))
    column_width = max(right_edge - before.x0, 1.0)
    if before.x1 < before.x0 + SHORT_LINE * column_width and not _forced_wrap(
        previous, line, right_edge
    ):
        return True
    indent = box.x0 - before.x0
    return indent > 1.5 * max(box.height, 1.0)


def _forced_wrap(previous: Line, line: Line, right_edge: float) -> bool:
    """Whether a short line broke off a word that ends in a hyphen only because the next
    line's first word would not fit after it: a web address the typesetter could break
    nowhere else (`%20035%20-%20PK-` / `LQP%20Final%20Report.pdf),`). A paragraph
    ends in no such hyphen, and its short last line leaves room for the next one's first
    word."""
    before, box = line_box(previous), line_box(line)
    text = line.text.strip()
    if not _HYPHEN_AT_END.search(previous.text.rstrip()) or not text:
        return False
    first = text.split()[0]
    width = (box.x1 - box.x0) * len(first) / len(text)  # the word's share of the line
    return width > right_edge - before.x1


def _column_right_edges(lines: Sequence[Line]) -> dict[int, float]:
    """Per page, the right edge most lines reach (justified text), where at least three do."""
    by_page: dict[int, list[float]] = defaultdict(list)
    for line in lines:
        if line.box is not None:
            by_page[line.page_index].append(round(line.box.x1))
    edges: dict[int, float] = {}
    for page, rights in by_page.items():
        common, count = Counter(rights).most_common(1)[0]
        if count >= 3:
            edges[page] = float(common)
    return edges
