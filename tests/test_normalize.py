"""Normalisation: each step on its own, then the stage on real documents."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Box, Category, Document, LayoutEvent, Line, Location, SourceFormat
from docreconcile.normalize import (
    Block,
    Compose,
    clean_line,
    collapse_spaces,
    continues_sentence,
    expand_ligatures,
    infer_text_pages,
    is_page_number,
    is_rule_line,
    join_at_line_end,
    mark_line_end_soft_hyphen,
    normalize,
    remove_invisible_characters,
    remove_page_furniture,
    remove_rule_lines,
    replace_unusual_spaces,
    split_pdf_blocks,
    split_text_blocks,
    to_nfc,
    unwrap,
)
from tests.conftest import PDF_TEXT_VERSION, PDF_VERSION, TEXT_VERSION


def text_lines(*texts: str, page: int = 1) -> list[Line]:
    return [
        Line(text=text, location=Location(line=number), page_index=page)
        for number, text in enumerate(texts, start=1)
    ]


# -- character steps -------------------------------------------------------------------


def test_nfc_composes_decomposed_swedish_letters() -> None:
    assert to_nfc("Ha\u030akansson ja\u0308msta\u0308lld") == "Håkansson jämställd"


def test_unusual_spaces_become_plain_spaces() -> None:
    assert (
        replace_unusual_spaces("§\u00a0385,\u2009Ds\u202f2017:12\tslut") == "§ 385, Ds 2017:12 slut"
    )


def test_invisible_characters_are_removed() -> None:
    text = "\ufeffbistånds\u00adprövning\u200b \u200eVälfärd\u2060en\x07"
    assert remove_invisible_characters(text) == "biståndsprövning Välfärden"


def test_line_end_soft_hyphen_becomes_a_break_hyphen() -> None:
    assert mark_line_end_soft_hyphen("tillits\u00ad ") == "tillits-"
    assert mark_line_end_soft_hyphen("till\u00adits") == "till\u00adits"


def test_ligatures_are_expanded() -> None:
    assert (
        expand_ligatures("pro\ufb01l, \ufb02ykting, e\ufb00ekt, a\ufb03sch")
        == "profil, flykting, effekt, affisch"
    )


def test_spaces_collapse() -> None:
    assert collapse_spaces("  Linköpings  kommun   har ") == "Linköpings kommun har"


def test_clean_line_runs_every_step_in_order() -> None:
    assert (
        clean_line("  Linko\u0308pings\u00a0 kommun  \ufb01nns\u00ad") == "Linköpings kommun finns-"
    )


# -- line steps ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["__________", "-----", "=====", "  ______  ", "———————"])
def test_rule_lines(text: str) -> None:
    assert is_rule_line(text)


@pytest.mark.parametrize("text", ["– se över", "__init__", "---x---", "1. Motionen"])
def test_not_rule_lines(text: str) -> None:
    assert not is_rule_line(text)


def test_rule_lines_are_removed_as_layout_events() -> None:
    kept, events = remove_rule_lines(text_lines("riktning.", "__________", "Beslutsunderlag:"))
    assert [line.text for line in kept] == ["riktning.", "Beslutsunderlag:"]
    assert [(event.category, event.location.line) for event in events] == [(Category.RULE, 2)]


@pytest.mark.parametrize(
    "text", ["Sida 2 av 5", "sida 12 av 40", "2 (5)", "- 3 -", "4/12", "7", "Page 3 of 9", "s. 4"]
)
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    "text", ["1. Omsorgskontorets förslag", "2018.", "§ 385", "SOU 2017:21", "2015-12-14"]
)
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


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


# -- paragraph steps -------------------------------------------------------------------


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


def test_continues_sentence() -> None:
    assert continues_sentence("kommunen tillskrivit", "socialdepartementet respektive")
    assert not continues_sentence("Ärende", "I en motion")
    assert not continues_sentence("bland annat:", "– se över")
    assert not continues_sentence("biståndsprövning.", "omsorgskontoret")
    # a hyphen after a digit, or before a number, leaves the sentence open
    assert continues_sentence("ämnen CAS-nr 2-", "Acetamidofluoren 53-96-3")
    assert continues_sentence("emailed to: 9-", "ANM-Seattle-ACO-AMOC-Requests@faa.gov")
    assert continues_sentence("eller metyl-", "2-cyanoakrylat")
    # a letter's hyphen before a capital may end a column, the next column's heading after
    assert not continues_sentence("Soekarno-", "Examining the AD Docket")


@pytest.mark.parametrize(
    ("before", "after", "separator", "category"),
    [
        ("att genom-", "lysa verksamheten", "", Category.HYPHENATION),
        ("tillits-", "baserad styrning", "", Category.HYPHENATION),
        ("barn-", "och ungdomsnämnden", " ", Category.LINE_BREAK),
        ("(barn-", "äldre och jämställdhetsministern", " ", Category.LINE_BREAK),
        ("för-", "och nackdelar", " ", Category.LINE_BREAK),
        ("kommun-", "eller landstingsnivå", " ", Category.LINE_BREAK),
        ("IVO-", "rapporten", "", Category.LINE_BREAK),
        ("mål nr 940 –", "15", " ", Category.LINE_BREAK),
        ("Elmsäter-", "Svärd,", "", Category.LINE_BREAK),  # a double name (prop. 2012/13:144)
        ("metyl-", "2-cyanoakrylat", "", Category.LINE_BREAK),  # AFS 2011:19
        ("(2,4-", "diaminoanisol)", "", Category.LINE_BREAK),
        ("Stockholms-", "– Linköping", " ", Category.LINE_BREAK),
        ("av god", "kvalitet", " ", Category.LINE_BREAK),
    ],
)
def test_join_at_line_end(before: str, after: str, separator: str, category: Category) -> None:
    assert join_at_line_end(before, after) == (separator, category)


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


def test_a_word_broken_before_och_is_joined_when_its_rest_is_no_word_of_its_own() -> None:
    """Dir. 2017:29: `av stort allmänt in-` / `tresse och det är`. A word followed by
    `och` after a line-end hyphen may be a hanging hyphen (`barn-` / `äldre och`), but
    `tresse` is used nowhere else in the document: it is the rest of `intresse`."""
    pdf = Path(__file__).parent / "realworld" / "dir-2017-29.pdf"
    text = " ".join(paragraph.text for paragraph in normalize(extract(pdf)).paragraphs)
    assert "av stort allmänt intresse och det är" in text


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


# -- the stage on real documents -------------------------------------------------------


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


def test_a_document_without_page_furniture_keeps_every_line() -> None:
    document = Document(
        path="x.txt", format=SourceFormat.TEXT, pages=1, lines=text_lines("7", "", "Sju punkter.")
    )
    texts = [paragraph.text for paragraph in normalize(document).paragraphs]
    assert texts == ["Sju punkter."]  # a lone page number at the page edge is furniture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tillsyn över apotek¹ och lagen.² Klart", "tillsyn över apotek och lagen. Klart"),
        ("¹Betänkandet SOU 2023:101.", "Betänkandet SOU 2023:101."),
        ("enligt SFS 2001:453³ gäller", "enligt SFS 2001:453 gäller"),
        ("beslut 2016⁴ togs", "beslut 2016 togs"),
        ("kostnaden 10⁶ kr för 50 m² och 3 km²", "kostnaden 10⁶ kr för 50 m² och 3 km²"),
    ],
)
def test_footnote_marks_are_removed_but_exponents_kept(text: str, expected: str) -> None:
    from docreconcile.normalize import strip_footnote_marks

    assert strip_footnote_marks(text) == expected


def test_footnote_marks_become_layout_events() -> None:
    from docreconcile.normalize import remove_footnote_marks

    kept, events = remove_footnote_marks(text_lines("över apotek¹ och", "¹Betänkandet", "10⁶ kr"))
    assert [line.text for line in kept] == ["över apotek och", "Betänkandet", "10⁶ kr"]
    assert [(e.category, e.text, e.location.line) for e in events] == [
        (Category.FOOTNOTE_MARK, "¹", 1),
        (Category.FOOTNOTE_MARK, "¹", 2),
    ]


def test_vertical_margin_text_on_every_page_is_furniture() -> None:
    """The Federal Register's typesetter tag runs up the left margin of every page
    (`jbell on DSKJLSW7X2PROD with PROPOSALS`). Its box is tall, so ordered by its top it
    stood among the body's last rows and was never at the page's edge: it stayed in the
    text and joined the last word of a column (`Soekarno-` + `jbell`)."""
    document = extract(Path(__file__).parent / "realworld" / "federal_register.pdf", jobs=1)
    kept, events = remove_page_furniture(document.lines)
    assert not [line for line in kept if line.text.startswith("jbell on")]
    tags = [event for event in events if event.text.startswith("jbell on")]
    assert len(tags) == document.pages


def test_a_reflowed_text_gets_its_pages_back_from_its_page_numbers() -> None:
    """The IRS instructions reflowed (poppler's text, form feeds dropped) keep `Page 2 of
    48` … `Page 48 of 48` between paragraphs. They count up, and a page's worth of text
    comes before the first: headers, each starting its page. With its pages back, the
    running header under each number is found by recurrence as in a paged text."""
    document = extract(Path(__file__).parent / "realworld" / "irs_i1040nr.reflowed.txt")
    paged = infer_text_pages(document.lines)
    assert max(line.page_index for line in paged) == 48
    starts = [
        line.text
        for before, line in itertools.pairwise(paged)
        if line.page_index > before.page_index
    ]
    assert starts == [f"Page {n} of 48" for n in range(2, 49)]
    kept, events = remove_page_furniture(paged)
    stamps = [e for e in events if e.text.startswith("The type and rule above prints")]
    assert len(stamps) >= 40
    dates = [line for line in kept if line.text.startswith("7:48 - 6-DEC-2007")]
    assert [line.page_index for line in dates] == [1]  # the title page's is in its body


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


def test_a_text_with_form_feeds_or_bare_numbers_keeps_its_pages() -> None:
    """Pages come only from marked page numbers of one form counting up: a bare `2` may be
    a heading, and a text with form feeds has its pages already."""
    bare = [Line(t, Location(line=n)) for n, t in enumerate(["1", "a", "2", "b", "3", "c"], 1)]
    assert {line.page_index for line in infer_text_pages(bare)} == {1}
    raw = extract(Path(__file__).parent / "realworld" / "irs_i1040nr.raw.txt")
    assert infer_text_pages(raw.lines) == raw.lines


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


def test_a_hyphen_after_a_digit_or_before_a_capital_at_a_line_end_is_the_words_own(
    tmp_path: Path,
) -> None:
    """No word is broken after a digit or before a capital, so a hyphen there is part of
    the word when a PDF wraps after it: `2,4-diaminotoluen` stays whole (AFS 2011:19 set by
    LibreOffice came out as `2,4diaminoanisol`, a substantive difference from its text),
    and so do `metyl-2-cyanoakrylat` and a double name (`Elmsäter-Svärd`, prop.
    2012/13:144): each wrap is one line break, and nothing else differs."""
    from docreconcile import compare
    from tests.pdfmaker import make_pdf

    lines = [
        "Ämnet 2,4-diaminoanisol får enligt beslutet inte hanteras, inte heller 2,4-",
        "diaminotoluen eller metyl-cyanoakrylat i fasta former, sade statsrådet Elmsäter-",
        "Svärd, och inte heller den vanliga formen av akrylat med beteckningen metyl-",
        "2-cyanoakrylat i någon form.",
    ]
    text = tmp_path / "beslut.txt"
    text.write_text("".join(lines) + "\n", encoding="utf-8")
    report = compare(text, make_pdf(tmp_path / "beslut.pdf", [lines]))
    assert [(d.category, d.b) for d in report.differences] == [
        (Category.LINE_BREAK, "2,4- ⏎ diaminotoluen"),
        (Category.LINE_BREAK, "Elmsäter- ⏎ Svärd,"),
        (Category.LINE_BREAK, "metyl- ⏎ 2-cyanoakrylat"),
    ]


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


def test_a_paragraph_on_a_page_of_figures_is_short_against_its_own_block() -> None:
    """A page of the Federal Register that is mostly figures has no right edge many lines
    share: its few lines of text (`(6) In the Operating Procedures chapter, / add the
    information in figure 5 to paragraph / (h)(6) of this AD.`) end short of the page's
    widest line, but not of their block's, and stay one paragraph."""
    document = extract(Path(__file__).parent / "realworld" / "federal_register.pdf")
    texts = [paragraph.text for paragraph in normalize(document).paragraphs]
    for number, figure in (("6", "5"), ("7", "6")):
        wording = f"figure {figure} to paragraph (h)({number}) of this AD."
        assert any(text.startswith(f"({number}) In the") and wording in text for text in texts)


def test_a_table_of_contents_page_numbers_are_page_numbers() -> None:
    """Prop. 2012/13:144's contents (`Förslag till riksdagsbeslut ........ 3`): each
    title stands as a heading on the page it names, so its number is a page number,
    recorded as such, and the entry's text is its title."""
    from docreconcile.normalize import remove_contents_page_numbers

    document = extract(Path(__file__).parent / "realworld" / "prop-2012-13-144.pdf")
    kept, events = remove_contents_page_numbers(document.lines)
    assert [event.text for event in events] == ["3", "4", "4", "4", "5", "5", "9", "10"]
    assert all(event.category is Category.PAGE_NUMBER for event in events)
    texts = [line.text for line in kept]
    assert not any(t.startswith("Förslag till riksdagsbeslut") and t[-1].isdigit() for t in texts)
    assert any(
        t.startswith("Utdrag ur protokoll vid regeringssammanträde den 18 april 2013. ..")
        for t in texts
    )


def test_numbers_ending_lines_elsewhere_are_not_taken_for_contents() -> None:
    """The IRS instructions end many lines with numbers (form lines, an index's `19`),
    and a few of them name a page where those words stand: never three on one page with
    one offset, so nothing is taken."""
    from docreconcile.normalize import remove_contents_page_numbers

    document = extract(Path(__file__).parent / "realworld" / "irs_i1040nr.pdf")
    assert remove_contents_page_numbers(document.lines)[1] == []


PROPOSITION = Path(__file__).resolve().parent / "realworld" / "prop-2012-13-144"


def test_a_running_title_beside_the_bodys_first_line_is_furniture() -> None:
    """Prop. 2012/13:144 sets `Prop. 2012/13:144` in the outer margin at the height of
    the body's first line, left on even pages and right on odd ones: on pages 5 to 8
    it shares that line's baseline, and on page 7 the reader ran it into the line as a
    cell (`… betydelse-⇥Prop. 2012/13:144`). It is the running title on all nine pages
    after the first, and the body's lines stay."""
    normalized = normalize(extract(PROPOSITION.with_suffix(".pdf")))
    headers = [
        event.location.page
        for event in normalized.events
        if event.category is Category.HEADER_FOOTER and event.text == "Prop. 2012/13:144"
    ]
    assert headers == list(range(2, 11))
    text = " ".join(paragraph.text for paragraph in normalized.paragraphs)
    assert "sjöfartens betydelsefulla roll" in text and "Prop. 2012/13:144" not in text[200:]


def test_a_texts_page_whose_first_line_ends_in_the_running_title_loses_it_there() -> None:
    """poppler reads the same page 7 as `… sjöfartens betydelse- Prop. 2012/13:144`: the
    title that closes the page's first line is the running title seen alone at the top
    of the other pages."""
    path = PROPOSITION.with_suffix(".raw.txt")
    normalized = normalize(extract(path))
    text = " ".join(paragraph.text for paragraph in normalized.paragraphs)
    assert "sjöfartens betydelsefulla roll" in text


ASVS = Path(__file__).resolve().parent / "publisher" / "asvs-4.0.3-en.pdf"


def test_a_tables_heading_row_repeated_at_a_pages_top_is_layout() -> None:
    """Word repeats a table's heading row (`#`, `Description`, `L1`, `L2`, `L3  CWE`) at
    the top of each page the table runs on to; the Word file holds it once. The OWASP
    ASVS's PDF: on page 43 the row is taken out, page 42's first table keeps its own."""
    normalized = normalize(extract(ASVS))
    taken = [
        (event.location.page, event.text)
        for event in normalized.events
        if event.category is Category.HEADER_FOOTER and event.key.startswith("# Description")
    ]
    assert [text for page, text in taken if page == 43] == [
        "#",
        "Description",
        "L1",
        "L2",
        "L3  CWE",
    ]
    assert 42 not in {page for page, _ in taken}
    assert any(p.text == "#" and p.spans[0].location.page == 42 for p in normalized.paragraphs)


_PIECES = [*"aoAÖ.- \t1", "o\u0308", "\u00a8", "\u00ad", "\ufb01", "\uf0b7", "\u00a0"]
_PIECES += ["\u200b", "\x07", "\ud800", "....", ". . . ."]


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_clean_lines_shortcut_changes_nothing(text: str) -> None:
    """`clean_line` skips the steps a line gives no work: it gives what every step in
    turn gives, for lines with and without the characters those steps rewrite."""
    assert clean_line(text) == Compose(clean_line.steps)(text)
