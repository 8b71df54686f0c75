"""The stage on real documents: `normalize` and its step list (`normalize/__init__.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Category, LayoutEvent, Line
from docreconcile.normalize import (
    normalize,
)
from tests.conftest import PDF_TEXT_VERSION, PDF_VERSION, TEXT_VERSION


def test_fixture_pdf_normalises_to_the_text_versions_paragraphs() -> None:
    pdf = normalize(extract(PDF_VERSION))
    text = normalize(extract(TEXT_VERSION))
    assert len(pdf.paragraphs) == len(text.paragraphs) == 33
    texts = [paragraph.text for paragraph in pdf.paragraphs]
    assert "LINKÖPINGS KOMMUN" not in " ".join(texts)
    assert not any("Sida 2 av 4" in paragraph for paragraph in texts)
    assert "(barn- äldre och jämställdhetsministern Åsa Regner)" in " ".join(texts)
    categories = {event.category for event in pdf.events}
    assert {
        Category.HEADER_FOOTER,
        Category.PAGE_NUMBER,
        Category.RULE,
        Category.LINE_BREAK,
    } <= categories


def test_pdf_as_text_keeps_its_page_starts_apart() -> None:
    paragraphs = [p.text for p in normalize(extract(PDF_TEXT_VERSION)).paragraphs]
    assert any(p.startswith("Omsorgskontoret föreslår att motionen dels") for p in paragraphs)


def test_the_steps_are_a_declared_list_a_library_user_can_extend() -> None:
    """`normalize(document, steps=...)`: a step is a function and a line. A user's own
    step (a stamp on every page) runs with the others; each step names the categories
    of the events it records, and on the fixture PDF every event comes from a step that
    names its category (or from joining lines into paragraphs)."""
    from docreconcile.normalize import STEPS, Step

    def remove_stamp(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
        kept = [line for line in lines if line.text.strip() != "KONFIDENTIELLT"]
        events = [
            LayoutEvent(Category.HEADER_FOOTER, line.text, line.location, key=line.text)
            for line in lines
            if line.text.strip() == "KONFIDENTIELLT"
        ]
        return kept, events

    text = "Rubrik\n\nKONFIDENTIELLT\n\nEtt stycke om beslutet.\n"
    document = extract_text(Path("a.txt"), text.encode())
    own = normalize(
        document, steps=(*STEPS, Step("stamp", remove_stamp, (Category.HEADER_FOOTER,)))
    )
    assert [p.text for p in own.paragraphs] == ["Rubrik", "Ett stycke om beslutet."]
    assert [e.text for e in own.events] == ["KONFIDENTIELLT"]
    declared = {category for step in STEPS for category in step.records}
    pdf = normalize(extract(PDF_VERSION))
    joins = {Category.LINE_BREAK, Category.HYPHENATION, Category.PAGE_BREAK}
    assert {event.category for event in pdf.events} <= declared | joins
