"""Word, OpenDocument, HTML and Markdown inputs: a Kungsbacka memo as LibreOffice writes it
(and as a person writes it in Markdown; tests/office/make_office.py), against its text
and against the memo's PDF."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.cli import app
from docreconcile.errors import InputError
from docreconcile.extract import extract
from docreconcile.model import Severity, SourceFormat
from docreconcile.pipeline import Options, compare

OFFICE = Path(__file__).resolve().parent / "office"
TEXT = OFFICE / "memo05.txt"
MEMO_PDF = Path(__file__).resolve().parent / "memos" / "05-ifo-tage-larssons-stiftelse-2025.pdf"


def counts(a: Path, b: Path) -> tuple[list[tuple[str, str, str]], int]:
    report = compare(a, b, Options())
    substantive = [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]
    return substantive, report.count(Severity.MINOR)


FORMATS = {
    "memo05.docx": SourceFormat.DOCX,
    "memo05.odt": SourceFormat.ODT,
    "memo05.html": SourceFormat.HTML,
    "memo05.md": SourceFormat.MARKDOWN,
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_file_reads_as_its_text_paragraph_by_paragraph(name: str) -> None:
    """Headings, paragraphs and the table's cells (row by row) in reading order, markup
    left out: against the memo's text, not a single difference, not even of layout."""
    document = extract(OFFICE / name)
    assert document.format is FORMATS[name]
    texts = [line.text for line in document.lines if line.text]
    assert texts[0] == "TJÄNSTESKRIVELSE"
    assert texts[13:17] == [
        "Att fördela ur stiftelsen",
        "385 986 kronor",
        "Förslag till utdelning",
        "105 000 kr",
    ]
    report = compare(OFFICE / name, TEXT, Options())
    assert report.differences == ()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_against_the_memos_pdf_only_the_table_differs(name: str) -> None:
    """The memo's PDF (set by LibreOffice from its text, with a running header and page
    numbers) lacks only the table the office version was given: four cells removed."""
    substantive, minor = counts(OFFICE / name, MEMO_PDF)
    assert substantive == [
        ("paragraph_removed", "Att fördela ur stiftelsen", ""),
        ("paragraph_removed", "385 986 kronor", ""),
        ("paragraph_removed", "Förslag till utdelning", ""),
        ("paragraph_removed", "105 000 kr", ""),
    ]
    assert minor == 0


def test_an_edit_in_the_text_is_found_exactly_against_the_word_file(tmp_path: Path) -> None:
    edited = tmp_path / "memo05.txt"
    edited.write_text(
        TEXT.read_text(encoding="utf-8").replace("Tjugoen ansökningar", "Tjugoett ansökningar"),
        encoding="utf-8",
    )
    substantive, _ = counts(OFFICE / "memo05.docx", edited)
    assert substantive == [("spelling", "Tjugoen", "Tjugoett")]


def test_tracked_changes_are_read_as_accepted_with_a_warning(tmp_path: Path) -> None:
    """The Word file with a tracked revision (`Tjugoen` deleted, `Tjugotvå` inserted) reads
    as accepted, and says so."""
    revised = tmp_path / "revised.docx"
    _rewritten(
        OFFICE / "memo05.docx",
        revised,
        "word/document.xml",
        lambda xml: xml.replace(
            "<w:t>Tjugoen ansökningar",
            '<w:t></w:t></w:r><w:del w:id="1" w:author="Handläggare"><w:r>'
            "<w:delText>Tjugoen</w:delText></w:r></w:del>"
            '<w:ins w:id="2" w:author="Handläggare"><w:r><w:t>Tjugotvå</w:t></w:r>'
            '</w:ins><w:r><w:t xml:space="preserve"> ansökningar',
        ),
    )
    document = extract(revised)
    assert any("tracked changes" in warning for warning in document.warnings)
    assert any(line.text.startswith("Tjugotvå ansökningar har inkommit") for line in document.lines)
    substantive, _ = counts(revised, TEXT)
    assert substantive == [("word", "Tjugotvå", "Tjugoen")]


def test_any_format_against_any_other_from_the_command_line() -> None:
    runner = CliRunner()
    same = runner.invoke(app, [str(OFFICE / "memo05.docx"), str(OFFICE / "memo05.odt"), "-q"])
    assert same.exit_code == 0, same.output
    against_pdf = runner.invoke(app, [str(OFFICE / "memo05.odt"), str(MEMO_PDF), "-s"])
    assert against_pdf.exit_code == 1
    assert "OpenDocument" in runner.invoke(app, [str(OFFICE / "memo05.odt"), str(TEXT)]).stdout


def test_a_zip_of_another_kind_is_refused_with_what_it_is(tmp_path: Path) -> None:
    workbook = tmp_path / "budget.docx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="a ZIP container of another kind"):
        extract(workbook)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(InputError, match=r"word/document\.xml is not readable XML"):
        extract(broken)


def test_batch_pairs_office_files_too(tmp_path: Path) -> None:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    (folder / "memo.docx").write_bytes((OFFICE / "memo05.docx").read_bytes())
    (folder / "memo.txt").write_bytes(TEXT.read_bytes())
    result = CliRunner().invoke(app, ["batch", str(folder / "memo.docx")])
    assert result.exit_code == 0, result.output


def _rewritten(source: Path, target: Path, member: str, edit: Callable[[str], str]) -> None:
    """A copy of an office file with one XML part edited."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as out:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)


def test_footnotes_follow_the_body_and_leave_the_sentence_whole(tmp_path: Path) -> None:
    """A Word footnote and an OpenDocument note read after the body, as a PDF prints them
    at the foot of the page: the sentence they mark reads on without them."""
    docx = tmp_path / "noter.docx"
    _rewritten(
        OFFICE / "memo05.docx",
        docx,
        "word/document.xml",
        lambda xml: xml.replace(
            "<w:t>Tjugoen ansökningar",
            '<w:t></w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r>'
            "<w:t>Tjugoen ansökningar",
        ),
    )
    with zipfile.ZipFile(docx, "a") as archive:
        archive.writestr(
            "word/footnotes.xml",
            '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>Enligt stiftelsens register.'
            "</w:t></w:r></w:p></w:footnote></w:footnotes>",
        )
    odt = tmp_path / "noter.odt"
    _rewritten(
        OFFICE / "memo05.odt",
        odt,
        "content.xml",
        lambda xml: xml.replace(
            "Tjugoen ansökningar",
            '<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1'
            "</text:note-citation><text:note-body><text:p>Enligt stiftelsens register."
            "</text:p></text:note-body></text:note>Tjugoen ansökningar",
            1,
        ),
    )
    for path in (docx, odt):
        texts = [line.text for line in extract(path).lines if line.text]
        assert texts[-1] == "Enligt stiftelsens register."
        assert any(t.startswith("Tjugoen ansökningar har inkommit") for t in texts)


@pytest.mark.parametrize(
    ("name", "member", "edit", "said"),
    [
        (
            "memo05.odt",
            "content.xml",
            lambda xml: xml.replace("</text:p>", '<text:s text:c="1000000000"/></text:p>', 1),
            "reading it needs more than 256 MB of memory",
        ),
        (
            "memo05.docx",
            "word/document.xml",
            lambda xml: xml.replace("<w:body>", "<w:body>" + "<w:p/>" * 3_000_000, 1),
            "reading it needs more than 256 MB of memory",
        ),
        (
            "memo05.odt",
            "content.xml",
            lambda xml: xml.replace("</text:p>", '<text:s text:c="abc"/></text:p>', 1),
            "the file is damaged or not what its name says",
        ),
    ],
    ids=["a billion spaces", "three million empty paragraphs", "a count that is no number"],
)
def test_office_files_are_read_within_the_limits_and_named_damaged(
    tmp_path: Path, name: str, member: str, edit: Callable[[str], str], said: str
) -> None:
    """Issue 33: office files were read in the main process, outside --timeout and
    --max-memory (an ODT of `text:c="1000000000"` took 1.9 GB, a 32 KB DOCX of empty
    paragraphs 3.2 GB), and a damaged one was an internal error. Now each is one line,
    exit 2, within the limits, naming the file."""
    import subprocess
    import sys

    hostile = tmp_path / name
    _rewritten(OFFICE / name, hostile, member, edit)
    # a process of its own, as a user runs it: a child forked from this test process
    # would find free memory in its heap and need less new address space
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "docreconcile"),
            str(hostile),
            str(OFFICE / "memo05.txt"),
            "--max-memory",
            "256",
            "--timeout",
            "30",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and str(hostile) in result.stderr
    assert "internal error" not in result.stderr


def test_markdown_footnotes_read_after_the_body_as_a_word_files_do(tmp_path: Path) -> None:
    """Issue 28: Markdown footnotes (`[^2]` and the note) were read as literal text. The
    mark leaves its sentence, the note reads after the body: against the text with the
    note at its end, the memo is the same in substance; a reference to no note stays."""
    source = (OFFICE / "memo05.md").read_text(encoding="utf-8")
    marked = source.replace("Tjugoen ansökningar", "Tjugoen[^reg] ansökningar", 1)
    assert marked != source
    markdown = tmp_path / "noter.md"
    markdown.write_text(
        marked + "\n[^reg]: Enligt stiftelsens register.\n    Uppdaterat i mars.\n",
        encoding="utf-8",
    )
    document = extract(markdown)
    texts = [line.text for line in document.lines if line.text]
    assert "[^reg]" not in " ".join(texts)
    assert texts[-1] == "Enligt stiftelsens register. Uppdaterat i mars."
    text = tmp_path / "noter.txt"
    text.write_text(
        (OFFICE / "memo05.txt").read_text(encoding="utf-8").rstrip("\n")
        + "\n\nEnligt stiftelsens register. Uppdaterat i mars.\n",
        encoding="utf-8",
    )
    report = compare(markdown, text, Options(cache=None))
    assert [d for d in report.differences if d.severity is Severity.SUBSTANTIVE] == []
    dangling = tmp_path / "utan.md"
    dangling.write_text("Beslutet gäller[^saknas] från i dag.\n", encoding="utf-8")
    assert extract(dangling).lines[0].text == "Beslutet gäller[^saknas] från i dag."


def test_html_lists_are_numbered_as_a_browser_numbers_them(tmp_path: Path) -> None:
    """Issue 28: an `<ol>` styled lower-alpha was read `1. 2. 3.` where the page shows
    `a. b. c.`; an item with its own number got a second; `start` and `value` were
    ignored. On LibreOffice's page of the memo with lists put in: `type`, `start`,
    `value`, `reversed`, the page's own `<style>` rule by class, an item's own number
    kept once; a page that links a stylesheet says its numbering may differ."""
    page = (OFFICE / "memo05.html").read_text(encoding="utf-8")
    lists = (
        '<ol type="a" start="2"><li>Beviljas.</li><li>Avslås.</li></ol>'
        '<ol class="romer"><li>Första punkten.</li><li value="7">Sjunde punkten.</li></ol>'
        "<ol reversed><li>Tre.</li><li>Två.</li></ol>"
        "<ol><li>1. Redan numrerad.</li></ol>"
    )
    # LibreOffice's page writes its numbers out and hides a list's own (`li {
    # list-style: none }`): a browser shows the items unnumbered, and so are they read
    as_written = tmp_path / "som-skriven.html"
    as_written.write_text(
        page.replace(
            '<h2 class="P2"><a id="a__Urval">', lists + '<h2 class="P2"><a id="a__Urval">'
        ),
        encoding="utf-8",
    )
    shown = [line.text for line in extract(as_written).lines if line.text]
    assert "Beviljas." in shown and "1. Redan numrerad." in shown
    assert "li { list-style: none;" in page
    edited = page.replace("li { list-style: none;", "li {", 1)
    edited = edited.replace("</style>", "ol.romer { list-style-type: upper-roman }</style>", 1)
    edited = edited.replace(
        '<h2 class="P2"><a id="a__Urval">', lists + '<h2 class="P2"><a id="a__Urval">'
    )
    html_file = tmp_path / "listor.html"
    html_file.write_text(edited, encoding="utf-8")
    document = extract(html_file)
    texts = [line.text for line in document.lines if line.text]
    start = texts.index("b. Beviljas.")
    assert texts[start : start + 7] == [
        "b. Beviljas.",
        "c. Avslås.",
        "I. Första punkten.",
        "VII. Sjunde punkten.",
        "2. Tre.",
        "1. Två.",
        "1. Redan numrerad.",
    ]
    assert document.warnings == []
    linked = tmp_path / "länkad.html"
    linked.write_text(
        edited.replace("</head>", '<link rel="stylesheet" href="site.css"/></head>', 1),
        encoding="utf-8",
    )
    assert any("a stylesheet it does not carry" in w for w in extract(linked).warnings)


NUMBERED_LABELS = ["1. ", "2. ", "3. ", "a. ", "b. ", "4. ", "5. ", "I. ", "II. "]
"""The labels LibreOffice shows on the numbered decision's items (tests/office/numbered.*):
none of them is in the text runs."""


@pytest.mark.parametrize("name", ["numbered.docx", "numbered.odt"])
def test_list_items_carry_the_numbers_their_word_processor_shows(name: str) -> None:
    """Word's numbering (numbering.xml: a level's format, pattern and start, counters per
    list, a nested level started again under each item) and OpenDocument's list styles
    read as a reader of the file sees them, and so as its PDF prints them."""
    texts = [line.text for line in extract(OFFICE / name).lines if line.text]
    labelled = [text for text in texts if text[:1].isdigit() or text[:2] in ("a.", "b.")]
    labelled += [text for text in texts if text.startswith(("I.", "II."))]
    assert [text[: text.index(" ") + 1] for text in labelled] == NUMBERED_LABELS
    assert "3. Förvaltningen får i uppdrag att:" in texts
    assert "a. underrätta sökanden om beslutet," in texts
    assert "4. Föreningen uppfyller villkoren i riktlinjerna." in texts
    assert "II. Bilaga: budget." in texts
    assert "Beslut om bidrag" in texts  # no label where there is no numbering


@pytest.mark.parametrize("name", ["numbered.docx", "numbered.odt"])
def test_a_numbered_file_against_its_pdf_differs_in_layout_only(name: str) -> None:
    """Its numbers read, the Word or OpenDocument file and the PDF LibreOffice printed of
    the same page agree word for word (9 substantive `inserted: 1.` ... before)."""
    substantive, minor = counts(OFFICE / name, OFFICE / "numbered.pdf")
    assert (substantive, minor) == ([], 0)


def test_a_changed_list_number_is_still_found(tmp_path: Path) -> None:
    """The labels are the word processor's, not a way to hide numbers: a text version
    whose item says `6.` where the list has 5 is a substantive difference."""
    texts = [line.text for line in extract(OFFICE / "numbered.docx").lines if line.text]
    edited = [text.replace("5. Verksamheten", "6. Verksamheten") for text in texts]
    version = tmp_path / "numbered.txt"
    version.write_text("\n\n".join(edited) + "\n", encoding="utf-8")
    substantive, _ = counts(version, OFFICE / "numbered.docx")
    assert substantive == [("number", "6", "5")]


@pytest.mark.parametrize("name", ["headings.docx", "headings.odt"])
def test_headings_numbered_by_their_style_carry_their_numbers(name: str) -> None:
    """Headings numbered by the document's heading numbering (Word: a heading style's
    numPr, followed through basedOn; Writer: the outline style), as LibreOffice prints
    them: `1`, `1.1`, `1.2`, `2`, `2.1`, and against that PDF nothing of substance
    (5 substantive `inserted: 1.1` ... before)."""
    texts = [line.text for line in extract(OFFICE / name).lines if line.text]
    headings = ["1 Inledning", "1.1 Bakgrund", "1.2 Ärendet", "2 Förslag till beslut", "2.1 Bidrag"]
    assert [text for text in texts if text in headings] == headings
    assert (counts(OFFICE / name, OFFICE / "headings.pdf")) == ([], 0)


def test_headings_whose_style_opts_out_of_the_outline_numbering_stay_unnumbered() -> None:
    """LibreOffice's HTML import gives its heading styles `list-style-name=""`: the memo's
    headings are not numbered, in the file as in its PDF."""
    texts = [line.text for line in extract(OFFICE / "memo05.odt").lines if line.text]
    assert "Förslag till beslut" in texts and "Sammanfattning av ärendet" in texts
