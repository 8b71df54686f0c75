"""Where a difference stands on its PDF page (issue 30): the marks of `highlights` hold
the glyphs of the differing text, as pdfminer (not PDFium, which placed them) finds
them, and little else."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent

from docreconcile.extract import extract
from docreconcile.highlights import Highlight, highlights, opened
from docreconcile.model import Difference, Report
from docreconcile.pipeline import Options, compare
from tests.edits import inject_edits

HERE = Path(__file__).resolve().parent
REALWORLD = HERE / "realworld"

ROOM = 0.5
"""Points a glyph's box may stand out of its mark: rounding of two readers' boxes."""

EXTRA_LETTERS = 3
"""Letters a mark may hold besides the difference's, per line it touches: a mark of
a single letter's change covers at least that letter, and a mark starts and ends on
glyphs, so this is room for a neighbouring letter on each side, not a word."""


def _letters(text: str) -> str:
    """Letters and digits only, compatibility-folded: two readers' spaces, hyphens at
    line ends and ligatures set aside."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(character for character in folded if character.isalnum())


def _glyphs(pdf: Path, pages: set[int]) -> dict[int, list[LTChar]]:
    """pdfminer's glyphs of some pages (1-based)."""
    found: dict[int, list[LTChar]] = defaultdict(list)

    def walk(item: LTComponent, page: int) -> None:
        if isinstance(item, LTChar):
            found[page].append(item)
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child, page)

    wanted = sorted(pages)
    layouts = extract_pages(pdf, page_numbers=[p - 1 for p in wanted])
    for page, layout in zip(wanted, layouts, strict=True):
        walk(layout, page)
    return found


def _inside(glyph: LTChar, rectangle: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = rectangle
    return (
        glyph.x0 >= x0 - ROOM
        and glyph.x1 <= x1 + ROOM
        and glyph.y0 >= y0 - ROOM - 2  # pdfminer's glyph boxes reach the font's descent
        and glyph.y1 <= y1 + ROOM + 2
    )


def check_marks(report: Report, pdf: Path, side: str) -> int:
    """Each difference's marks on `side` hold its text's glyphs; the differences checked."""
    with opened(pdf) as glyphs:
        found = highlights(report, extract(pdf), side, glyphs)
    by_difference: dict[int, list[Highlight]] = defaultdict(list)
    for mark in found:
        by_difference[mark.difference.id].append(mark)
    page_glyphs = _glyphs(pdf, {mark.page for mark in found})
    checked = 0
    for marks in by_difference.values():
        difference: Difference = marks[0].difference
        wanted = _letters(difference.b if side == "b" else difference.a)
        if not wanted:
            continue  # nothing on this side: the mark shows where it would stand
        held = ""
        lines = 0
        for mark in sorted(marks, key=lambda mark: mark.page):
            for rectangle in mark.rectangles:
                lines += 1
                inside = [g for g in page_glyphs[mark.page] if _inside(g, rectangle)]
                held += _letters("".join(g.get_text() for g in inside))
        assert wanted in held, (difference.id, difference.category.value, wanted, held)
        assert len(held) <= len(wanted) + EXTRA_LETTERS * 2 * lines, (wanted, held)
        checked += 1
    return checked


def test_the_fixtures_differences_are_marked_over_their_glyphs(
    seed_pair: tuple[Path, Path],
) -> None:
    text, pdf = seed_pair
    assert check_marks(compare(text, pdf, Options()), pdf, "b") == 2


@pytest.mark.parametrize("name", ["dir-2016-15", "afs-2011-19"])
def test_edits_in_real_pdfs_text_are_marked_over_their_glyphs(tmp_path: Path, name: str) -> None:
    """Three edits (a letter, a digit, a word) injected into poppler's text of a real
    PDF (Word 2010; Arbetsmiljöverket's InDesign), against the PDF."""
    pdf = REALWORLD / f"{name}.pdf"
    edited, edits = inject_edits((REALWORLD / f"{name}.raw.txt").read_text(encoding="utf-8"))
    text = tmp_path / "edited.txt"
    text.write_text(edited, encoding="utf-8")
    report = compare(text, pdf, Options())
    assert check_marks(report, pdf, "b") >= len(edits) == 3


def test_with_two_pdfs_each_sides_marks_hold_its_own_glyphs() -> None:
    """A memo set by LibreOffice against the same memo with order edits, set alike: both
    sides' marks, each difference over the words it holds there."""
    name = "05-ifo-tage-larssons-stiftelse-2025"
    a = HERE / "memos" / f"{name}.pdf"
    b = HERE / "order" / "memos" / f"{name}.seed0.pdf"
    report = compare(a, b, Options())
    assert check_marks(report, a, "a") >= 3
    assert check_marks(report, b, "b") >= 3
