"""Blocks of text and PDF lines (`normalize.blocks`)."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.model import Box, Line, Location
from docreconcile.normalize import (
    normalize,
    split_pdf_blocks,
    split_text_blocks,
)
from tests.normalize import text_lines


def test_text_blocks_split_on_blank_lines() -> None:
    blocks = split_text_blocks(
        text_lines("Ärende", "", "I en motion", "föreslår de.", "", "Bakgrund")
    )
    assert [[line.text for line in block.lines] for block in blocks] == [
        ["Ärende"],
        ["I en motion", "föreslår de."],
        ["Bakgrund"],
    ]


def test_text_blocks_split_at_an_indented_line() -> None:
    blocks = split_text_blocks(text_lines("utan biståndsprövning.", " Omsorgskontoret föreslår"))
    assert len(blocks) == 2


def pdf_line(text: str, x0: float, x1: float, y: float, block: int, line: int) -> Line:
    return Line(
        text=text,
        location=Location(page=1, line=line),
        page_index=1,
        box=Box(x0, y, x1, y + 10),
        block=block,
        page_width=595,
        page_height=842,
    )


def test_pdf_blocks_split_after_a_short_line_and_at_new_boxes() -> None:
    lines = [
        pdf_line("Bakgrund", 77, 127, 750, block=1, line=1),
        pdf_line(
            "Linköpings kommun har i mer än 20 år arbetat för att", 77, 518, 736, block=1, line=2
        ),
        pdf_line("utveckla en lättillgänglig socialtjänst.", 77, 518, 722, block=1, line=3),
        pdf_line("kort rad.", 77, 200, 708, block=1, line=4),
        pdf_line("Kammarrättens dom 2015-12-14 gick kommunen emot.", 77, 518, 680, block=2, line=5),
    ]
    blocks = split_pdf_blocks(lines)
    assert [[line.location.line for line in block.lines] for block in blocks] == [
        [1],
        [2, 3, 4],
        [5],
    ]


def test_a_paragraph_on_a_page_of_figures_is_short_against_its_own_block() -> None:
    """A page of the Federal Register that is mostly figures has no right edge many lines
    share: its few lines of text (`(6) In the Operating Procedures chapter, / add the
    information in figure 5 to paragraph / (h)(6) of this AD.`) end short of the page's
    widest line, but not of their block's, and stay one paragraph."""
    document = extract(Path(__file__).resolve().parents[1] / "realworld" / "federal_register.pdf")
    texts = [paragraph.text for paragraph in normalize(document).paragraphs]
    for number, figure in (("6", "5"), ("7", "6")):
        wording = f"figure {figure} to paragraph (h)({number}) of this AD."
        assert any(text.startswith(f"({number}) In the") and wording in text for text in texts)


def test_a_line_cut_short_by_a_word_too_long_for_it_goes_on() -> None:
    """The Federal Register breaks a web address at its own hyphens: `2018%20-` and
    `%20035%20-%20PK-` end far short of the column, because the next line's first word
    (`LQP%20Final%20Report.pdf),`) would not fit after them. Such a line ends no
    paragraph; a short line ending in a hyphen with room for the next word still does."""
    document = extract(Path(__file__).resolve().parents[1] / "realworld" / "federal_register.pdf")
    texts = [paragraph.text for paragraph in normalize(document).paragraphs]
    address = "ntsc_aviation/baru/2018%20-%20035%20-%20PK-LQP%20Final%20Report.pdf), indicated"
    assert any(address in text and text.startswith("Following the Lion Air") for text in texts)
    room = [
        pdf_line("Se även kapitel 3 och bilaga-", 77, 250, 750, block=1, line=1),
        pdf_line("Linköpings kommun har i mer än 20 år arbetat för att", 77, 518, 736, 1, 2),
        pdf_line("utveckla en lättillgänglig socialtjänst, och nu", 77, 518, 722, 1, 3),
        pdf_line("https://www.linkoping.se/kommun-och-", 77, 300, 708, block=1, line=4),
        pdf_line("politik/kommunens-organisation/socialtjanst/", 77, 420, 694, 1, 5),
    ]
    blocks = split_pdf_blocks(room)
    assert [[line.location.line for line in block.lines] for block in blocks] == [
        [1],
        [2, 3, 4, 5],
    ]
