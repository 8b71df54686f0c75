"""Normalise: undo each layout effect with its own small step, keeping a map back to the source.

Three kinds of steps, applied in this order by `normalize`:

1. Character steps (`str -> str`), chained by `Compose` into `clean_line`: Unicode NFC,
   odd spaces, invisible characters, ligatures. They work inside one line, so the source
   map (which is per line) is untouched.
2. Line steps (`list[Line] -> list[Line]` plus the events they record): rule lines and page
   furniture (running headers, footers, page numbers) are taken out.
3. Paragraph steps: lines are grouped into blocks (blank lines in a text file; layout boxes,
   short lines and indents in a PDF), blocks continued across a page break or an extraction
   gap are joined, and each block is unwrapped into one paragraph, joining words broken by a
   hyphen at a line end but keeping Swedish hanging hyphens (`barn- och ungdomsnämnden`).

Typography (quotes, dashes) and letter case are *not* normalised here: they can be real
differences, so the classifier decides about them and the report can show them.
Every step that removes or undoes something records a `LayoutEvent`, so nothing is silent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docreconcile.model import Category, Document, LayoutEvent, Line, NormalizedDocument
from docreconcile.normalize.blocks import Block, split_pdf_blocks, split_text_blocks
from docreconcile.normalize.characters import (
    Compose,
    clean_line,
    collapse_spaces,
    expand_ligatures,
    mark_line_end_soft_hyphen,
    remove_invisible_characters,
    replace_unusual_spaces,
    to_nfc,
)
from docreconcile.normalize.contents import remove_contents_page_numbers
from docreconcile.normalize.footnotes import remove_footnote_marks, strip_footnote_marks
from docreconcile.normalize.furniture import remove_page_furniture
from docreconcile.normalize.geometry import lines_at_one_height
from docreconcile.normalize.glued_furniture import split_glued_furniture
from docreconcile.normalize.joins import (
    _NO_NEIGHBOURS,
    _NOTHING_OVERLAID,
    _Vocabulary,
    continues_sentence,
    join_at_line_end,
)
from docreconcile.normalize.page_numbers import (
    infer_text_pages,
    is_page_number,
    split_glued_page_numbers,
)
from docreconcile.normalize.paragraphs import UNIT_GAP, unwrap
from docreconcile.normalize.rules import is_rule_line, remove_rule_lines
from docreconcile.normalize.table_headings import remove_repeated_table_headings

__all__ = [
    "STEPS",
    "UNIT_GAP",
    "Block",
    "Compose",
    "Step",
    "clean_line",
    "collapse_spaces",
    "continues_sentence",
    "expand_ligatures",
    "infer_text_pages",
    "is_page_number",
    "is_rule_line",
    "join_at_line_end",
    "mark_line_end_soft_hyphen",
    "normalize",
    "remove_contents_page_numbers",
    "remove_footnote_marks",
    "remove_invisible_characters",
    "remove_page_furniture",
    "remove_rule_lines",
    "replace_unusual_spaces",
    "split_glued_page_numbers",
    "split_pdf_blocks",
    "split_text_blocks",
    "strip_footnote_marks",
    "to_nfc",
    "unwrap",
]

LineStep = Callable[[Sequence[Line]], tuple[list[Line], list[LayoutEvent]]]


@dataclass(frozen=True)
class Step:
    """A line step of normalisation: its name, what it does, and the layout categories
    of the events it records (none: it only prepares the lines for the next steps)."""

    name: str
    run: LineStep
    records: tuple[Category, ...]


def _with_pages(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    return infer_text_pages(lines), []


STEPS: tuple[Step, ...] = (
    Step("pages", _with_pages, ()),
    Step("rules", remove_rule_lines, (Category.RULE,)),
    Step(
        "glued page numbers",
        split_glued_page_numbers,
        (Category.PAGE_NUMBER, Category.HEADER_FOOTER),
    ),
    Step("glued furniture", split_glued_furniture, (Category.HEADER_FOOTER,)),
    Step("furniture", remove_page_furniture, (Category.HEADER_FOOTER, Category.PAGE_NUMBER)),
    Step("repeated table headings", remove_repeated_table_headings, (Category.HEADER_FOOTER,)),
    Step("contents page numbers", remove_contents_page_numbers, (Category.PAGE_NUMBER,)),
    Step("footnote marks", remove_footnote_marks, (Category.FOOTNOTE_MARK,)),
)
"""The line steps, in order (a new one: a function and a line here). After them the
lines are grouped into blocks and unwrapped into paragraphs (`unwrap`)."""


def normalize(document: Document, steps: Sequence[Step] = STEPS) -> NormalizedDocument:
    """Clean a document into paragraphs with a source map, recording what was undone.

    `steps` may leave steps out or add some (a library user's own). Blocks are found the
    PDF way where lines carry boxes (page geometry), else by blank lines.

    >>> from pathlib import Path
    >>> from docreconcile.extract.text import extract_text
    >>> document = extract_text(Path("a.txt"), "Rubrik\\n\\nEtt stycke.\\n-----\\n".encode())
    >>> [p.text for p in normalize(document).paragraphs]
    ['Rubrik', 'Ett stycke.']
    >>> [p.text for p in normalize(document, steps=()).paragraphs]  # the rule line stays
    ['Rubrik', 'Ett stycke. -----']
    """
    lines: list[Line] = list(document.lines)
    events: list[LayoutEvent] = []
    for step in steps:
        lines, recorded = step.run(lines)
        events += recorded
    has_geometry = any(line.box is not None for line in lines)
    blocks = split_pdf_blocks(lines) if has_geometry else split_text_blocks(lines)
    free, overlaid = (
        lines_at_one_height(lines) if has_geometry else (_NO_NEIGHBOURS, _NOTHING_OVERLAID)
    )
    paragraphs, join_events = unwrap(blocks, _Vocabulary(lines), free, overlaid)
    return NormalizedDocument(document=document, paragraphs=paragraphs, events=events + join_events)
