"""Running headers, footers and margin text (`normalize.furniture`)."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Category, Document, Line, Location, SourceFormat
from docreconcile.normalize import (
    normalize,
    remove_page_furniture,
)
from tests.normalize import text_lines


def test_running_headers_and_page_numbers_are_removed_from_text_pages() -> None:
    lines: list[Line] = []
    number = 0
    for page in (1, 2, 3):
        for text in ("LINKÖPINGS KOMMUN", "", f"Brödtext på sida {page}.", "", f"Sida {page} av 3"):
            number += 1
            lines.append(Line(text=text, location=Location(line=number), page_index=page))
    kept, events = remove_page_furniture(lines)
    assert [line.text for line in kept if line.text] == [
        "Brödtext på sida 1.",
        "Brödtext på sida 2.",
        "Brödtext på sida 3.",
    ]
    assert sorted({event.category for event in events}) == [
        Category.HEADER_FOOTER,
        Category.PAGE_NUMBER,
    ]
    assert len(events) == 6


def test_a_running_title_at_the_foot_of_a_few_pages_is_furniture_there_too() -> None:
    """The IRS instructions repeat their title in the header of every page and in the
    footer; poppler left the footer mid-page on most pages, so at the foot it stands on
    fewer than half of them. The header's recurrence vouches for it at the foot."""
    lines: list[Line] = []
    for page in range(1, 9):
        foot = ["", "Instructions for Form 1040NR", "", f"-{page}-"] if page <= 3 else []
        body = [f"Body text {row} of page {page}." for row in range(10)]
        texts = ["Instructions for Form 1040NR", "", *body, *foot]
        for text in texts:
            lines.append(Line(text=text, location=Location(line=len(lines) + 1), page_index=page))
    kept, events = remove_page_furniture(lines)
    assert [line.text for line in kept if line.text] == [
        f"Body text {row} of page {page}." for page in range(1, 9) for row in range(10)
    ]
    assert sum(event.category is Category.HEADER_FOOTER for event in events) == 8 + 3


def test_body_text_that_recurs_in_the_middle_of_pages_is_kept() -> None:
    lines: list[Line] = []
    for page in (1, 2, 3):
        for text in ("Rubrik", "a", "b", "Samma mening i mitten.", "c", "d", "slut"):
            lines.append(Line(text=text, location=Location(line=len(lines) + 1), page_index=page))
    kept, _ = remove_page_furniture(lines)
    assert sum(line.text == "Samma mening i mitten." for line in kept) == 3


def test_a_document_without_page_furniture_keeps_every_line() -> None:
    document = Document(
        path="x.txt", format=SourceFormat.TEXT, pages=1, lines=text_lines("7", "", "Sju punkter.")
    )
    texts = [paragraph.text for paragraph in normalize(document).paragraphs]
    assert texts == ["Sju punkter."]  # a lone page number at the page edge is furniture


def test_vertical_margin_text_on_every_page_is_furniture() -> None:
    """The Federal Register's typesetter tag runs up the left margin of every page
    (`jbell on DSKJLSW7X2PROD with PROPOSALS`). Its box is tall, so ordered by its top it
    stood among the body's last rows and was never at the page's edge: it stayed in the
    text and joined the last word of a column (`Soekarno-` + `jbell`)."""
    document = extract(
        Path(__file__).resolve().parents[1] / "realworld" / "federal_register.pdf", jobs=1
    )
    kept, events = remove_page_furniture(document.lines)
    assert not [line for line in kept if line.text.startswith("jbell on")]
    tags = [event for event in events if event.text.startswith("jbell on")]
    assert len(tags) == document.pages


def test_a_paragraph_written_on_one_line_at_a_pages_foot_is_body_not_furniture() -> None:
    """A reflowed text writes each paragraph on one line: a page's last paragraphs
    stand in its bottom band, where a paged text's footer would. They are the body's:
    the sentence the last one breaks off goes on past the next page's four header lines
    (`Sida 2 av 4` ... `Internt arbetsmaterial`), as in the IRS instructions reflowed."""
    pages = []
    for number, word in enumerate(["första", "andra", "tredje", "fjärde"], start=1):
        head = (
            f"Sida {number} av 4\n\nRapport om verksamheten\n\nUtkast den 1 mars\n\n"
            "Internt arbetsmaterial\n\n"
        )
        goes_on = "och lämnar förslag på åtgärder inom området.\n\n" if number > 1 else ""
        body = "".join(
            f"Del {part} av den {word} delen av uppdraget gäller verksamheten. " * 3 + "\n\n"
            for part in ("ett", "två", "tre", "fyra", "fem")
        )
        broken = f"Nämnden ser över den {word} delen av verksamheten och dess kostnader " * 3
        pages.append(f"{head}{goes_on}{body}{broken}och redovisar den")
    document = extract_text(Path("rapport.txt"), "\n\n".join(pages).encode())
    paragraphs = [paragraph.text for paragraph in normalize(document).paragraphs]
    assert not any("Internt arbetsmaterial" in text for text in paragraphs)
    joined = [text for text in paragraphs if "och redovisar den och lämnar förslag" in text]
    assert len(joined) == 3, paragraphs
