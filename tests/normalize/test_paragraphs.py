"""Paragraphs and their source map (`normalize.paragraphs`, `unwrap`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile.extract import extract
from docreconcile.model import Category
from docreconcile.normalize import (
    Block,
    normalize,
    unwrap,
)
from tests.conftest import PDF_TEXT_VERSION, PDF_VERSION, TEXT_VERSION
from tests.normalize import text_lines


def test_unwrap_joins_lines_and_keeps_a_source_map() -> None:
    lines = text_lines("Syftet var att genom-", "lysa verksamheten såväl", "inåt som utåt.")
    paragraphs, events = unwrap([Block(tuple(lines))])
    (paragraph,) = paragraphs
    assert paragraph.text == "Syftet var att genomlysa verksamheten såväl inåt som utåt."
    assert paragraph.location_at(paragraph.text.index("genomlysa")).line == 1
    assert paragraph.location_at(paragraph.text.index("verksamheten")).line == 2
    assert paragraph.location_at(paragraph.text.index("utåt")).line == 3
    assert [event.category for event in events] == [Category.HYPHENATION, Category.LINE_BREAK]
    assert events[0].key == "genomlysa"


def test_unwrap_joins_a_block_that_continues_the_sentence() -> None:
    first = Block(tuple(text_lines("Motionen besvaras med att kommunen tillskrivit")))
    second = Block(tuple(text_lines("socialdepartementet om åtgärder.", page=2)))
    paragraphs, events = unwrap([first, second])
    assert [paragraph.text for paragraph in paragraphs] == [
        "Motionen besvaras med att kommunen tillskrivit socialdepartementet om åtgärder."
    ]
    assert events[0].category is Category.PAGE_BREAK


@pytest.mark.parametrize("number_block", [("4",), ()])
def test_a_page_number_pasted_inside_a_broken_word_is_taken_out(
    number_block: tuple[str, ...],
) -> None:
    """Dir. 2017:29 reflowed: `Enligt förord-`, then page number 4 alone or run into
    the next block (`4 ningen får ...`): the number out, the word whole again."""
    first = Block(tuple(text_lines("Enligt förord-")))
    blocks = [first, *(Block(tuple(text_lines(text))) for text in number_block)]
    rest = (
        "ningen får personuppgifter behandlas."
        if number_block
        else "4 ningen får personuppgifter behandlas."
    )
    paragraphs, events = unwrap([*blocks, Block(tuple(text_lines(rest)))])
    assert [paragraph.text for paragraph in paragraphs] == [
        "Enligt förordningen får personuppgifter behandlas."
    ]
    assert [(e.category, e.text) for e in events if e.category is Category.PAGE_NUMBER] == [
        (Category.PAGE_NUMBER, "4")
    ]


def test_a_page_number_left_mid_sentence_is_taken_out_and_the_sentence_goes_on() -> None:
    """poppler's text of the IRS 1040-NR instructions: `-3-` alone between the halves of
    a sentence that goes on over the page (it was glued on as `-3payments`)."""
    blocks = [
        Block(tuple(text_lines(text)))
        for text in ("On one of the dividend", "-3-", "payments, the withholding agent")
    ]
    paragraphs, events = unwrap(blocks)
    assert [p.text for p in paragraphs] == [
        "On one of the dividend payments, the withholding agent"
    ]
    assert [(e.category, e.text) for e in events if e.category is Category.PAGE_NUMBER] == [
        (Category.PAGE_NUMBER, "-3-")
    ]


def test_source_map_points_every_word_to_a_line_that_holds_it() -> None:
    """The hard invariant: a word's reported location is a source line containing it."""
    for path in (PDF_VERSION, TEXT_VERSION, PDF_TEXT_VERSION):
        document = extract(path)
        raw = {line.location: line.text for line in document.lines}
        for paragraph in normalize(document).paragraphs:
            for word in paragraph.text.split():
                offset = paragraph.text.index(word)
                core = word.strip('.,:;()”"')
                if len(core) < 4:
                    continue
                location = paragraph.location_at(offset)
                line = " ".join(raw[location].split())
                assert core in line or line.rstrip("-").split()[-1] in core, (
                    path.name,
                    word,
                    location,
                )


def test_a_last_paragraph_reaching_into_the_bottom_margin_goes_on_over_the_page(
    tmp_path: Path,
) -> None:
    """On an A4 page the body runs well into the bottom 15% where footers live. Inside the
    page number (`Sida 1 (2)`), a paragraph in the body's type is body, not a footer of the
    page's own: its sentence goes on atop page 2 as one paragraph. (Before, it was kept
    apart as an edge line, and the memos set in A4 against their A5 print reported a
    paragraph moved.) The contact line in small type under the number stays furniture."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    import tests.pdfmaker  # noqa: F401  (registers the Vera font)

    path = tmp_path / "a4.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Vera", 7)
    canvas.drawString(70, 805, "KUNGSBACKA KOMMUN")
    canvas.setFont("Vera", 11)
    y = 780.0
    for number in range(47):
        canvas.drawString(
            70, y, f"Rad {number} av brödtexten i det första stycket, som fyller sidan."
        )
        y -= 14
    y -= 6  # a paragraph break, then the last paragraph low on the page (y < 15% of 842)
    canvas.drawString(70, y, "Gällande förslaget om att miljöskadliga effekter ska beaktas")
    canvas.drawString(70, y - 14, "vid bedömningen av vilka läkemedel som ska säljas får anföras")
    canvas.setFont("Vera", 7)
    canvas.drawString(480, 45, "Sida 1 (2)")
    canvas.drawString(70, 32, "Kungsbacka kommun, 434 81 Kungsbacka · Storgatan 37")
    canvas.showPage()
    canvas.setFont("Vera", 7)
    canvas.drawString(70, 805, "KUNGSBACKA KOMMUN")
    canvas.setFont("Vera", 11)
    canvas.drawString(70, 780, "att nämnden välkomnar förändringarna i sin helhet.")
    for number in range(20):
        canvas.drawString(
            70, 766 - 14 * number, f"Rad {number} av nästa stycke, som fyller sidan två."
        )
    canvas.setFont("Vera", 7)
    canvas.drawString(480, 45, "Sida 2 (2)")
    canvas.showPage()
    canvas.save()
    clean = normalize(extract(path))
    last = [p for p in clean.paragraphs if p.text.startswith("Gällande")]
    assert len(last) == 1
    assert last[0].text.startswith(
        "Gällande förslaget om att miljöskadliga effekter ska beaktas vid bedömningen av "
        "vilka läkemedel som ska säljas får anföras att nämnden välkomnar förändringarna"
    )
    assert not last[0].edge
