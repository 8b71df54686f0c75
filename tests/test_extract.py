"""Extraction: encodings and line ends of text files, PDF text with locations, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from docreconcile.errors import InputError
from docreconcile.extract import Limits, detect_format, extract
from docreconcile.model import SourceFormat
from tests.conftest import PDF_VERSION, TEXT_VERSION
from tests.pdfmaker import make_form_pdf, make_image_only_pdf, make_pdf

SWEDISH = "Ärende\nSyftet var att genomlysa verksamheten på olika nivåer – Åsa Regner.\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("cp1252", b"", "windows-1252"),
    ],
)
def test_text_encodings_are_read_correctly(
    write_text: Callable[..., Path], encoding: str, prefix: bytes, expected: str
) -> None:
    path = write_text(prefix + SWEDISH.encode(encoding))
    document = extract(path)
    assert document.encoding == expected
    assert [line.text for line in document.lines] == SWEDISH.splitlines()


def test_latin1_file_reads_as_windows_1252(write_text: Callable[..., Path]) -> None:
    path = write_text("Linköping, Håkansson".encode("latin-1"))
    assert extract(path).lines[0].text == "Linköping, Håkansson"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_and_line_numbers(write_text: Callable[..., Path], newline: str) -> None:
    path = write_text(newline.join(["Ärende", "", "Bakgrund"]) + newline)
    document = extract(path)
    assert [(line.text, line.location.line) for line in document.lines] == [
        ("Ärende", 1),
        ("", 2),
        ("Bakgrund", 3),
    ]


def test_form_feed_starts_a_new_page_but_lines_stay_file_lines(
    write_text: Callable[..., Path],
) -> None:
    document = extract(write_text("sida ett\n\fsida två\n"))
    assert document.pages == 2
    assert [(line.text, line.page_index, line.location.line) for line in document.lines] == [
        ("sida ett", 1, 1),
        ("sida två", 2, 2),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "has no text"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02ELF binary\x00\x00", "binary"),
        (b"PK\x03\x04 rest of a docx", "ZIP container"),
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"Sida \x81\x8d\x8f\x90\x9d", "cannot be decoded as UTF-8, UTF-16 or Windows-1252"),
    ],
)
def test_bad_text_input_is_an_input_error(
    write_text: Callable[..., Path], content: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        extract(write_text(content))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        extract(tmp_path / "saknas.txt")
    with pytest.raises(InputError, match="is a directory"):
        extract(tmp_path)


def test_format_is_decided_by_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "actually-a-pdf.txt"
    disguised.write_bytes(PDF_VERSION.read_bytes())
    assert extract(disguised).format is SourceFormat.PDF
    assert detect_format(TEXT_VERSION.read_bytes()[:1024], "x.pdf") is SourceFormat.TEXT


def test_fixture_pdf_reads_back_swedish_letters_with_page_and_line() -> None:
    document = extract(PDF_VERSION)
    assert document.format is SourceFormat.PDF
    assert document.pages == 4
    text = "\n".join(line.text for line in document.lines)
    for word in ("Linköping", "Förslag", "Högsta", "Åsa", "Håkansson", "ändring", "Ärende"):
        assert word in text
    ardalan = next(line for line in document.lines if "Ardalan" in line.text)
    assert ardalan.location.page == 3
    assert ardalan.box is not None and ardalan.page_height == pytest.approx(841.89, abs=0.1)
    # Lines are numbered from 1 on each page, in reading order.
    first_on_page_2 = next(line for line in document.lines if line.location.page == 2)
    assert first_on_page_2.location.line == 1


def test_signature_columns_are_read_column_by_column() -> None:
    lines = [line.text.strip() for line in extract(PDF_VERSION).lines]
    order = [
        lines.index(name)
        for name in (
            "Kommunledningsförvaltningen",
            "Paul Håkansson",
            "Omsorgskontoret",
            "Linda Ljungqvist",
        )
    ]
    assert order == sorted(order)


def test_encrypted_pdf_needs_its_password(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "hemlig.pdf",
        [["Sekretessbelagd tjänsteskrivelse"]],
        encrypt=StandardEncryption("hemligt", ownerPassword="ägare", strength=128),
    )
    with pytest.raises(InputError, match="encrypted with a password: give it with --password"):
        extract(path)
    with pytest.raises(InputError, match="password given with --password is wrong"):
        extract(path, password="fel")
    assert extract(path, password="hemligt").lines[0].text == "Sekretessbelagd tjänsteskrivelse"


def test_pdf_encrypted_without_user_password_opens(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "skyddad.pdf",
        [["Öppen men skyddad"]],
        encrypt=StandardEncryption("", ownerPassword="ägare", strength=128),
    )
    assert extract(path).lines[0].text == "Öppen men skyddad"


def test_image_only_pdf_says_it_needs_ocr(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no text layer .* run OCR"):
        extract(make_image_only_pdf(tmp_path / "skannad.pdf"))


def test_pages_without_text_are_named_in_a_warning(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "delvis.pdf", [["Sida med text"], [], ["Mer text"]])
    document = extract(path)
    assert document.warnings == ["pages without text (not compared; OCR them to include them): 2"]


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_an_input_error(tmp_path: Path, keep: float) -> None:
    data = PDF_VERSION.read_bytes()
    path = tmp_path / "trasig.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    try:
        document = extract(path)
    except InputError as error:
        assert str(error).startswith(str(path))
    else:  # pdfminer can recover some truncations: then it must still give real pages
        assert document.pages >= 1


def test_garbage_after_pdf_header_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "skräp.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"this is no pdf at all\n" * 20)
    with pytest.raises(InputError):
        extract(path)


def test_max_pages_is_enforced(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "lang.pdf", [[f"Sida {n}"] for n in range(1, 6)])
    with pytest.raises(InputError, match="more than 3 pages: raise the limit with --max-pages"):
        extract(path, limits=Limits(max_pages=3))


def test_parallel_extraction_gives_the_same_lines_as_one_process(tmp_path: Path) -> None:
    pages = [[f"Sida {n}: Linköpings kommun har i mer än {n} år arbetat."] for n in range(1, 13)]
    path = make_pdf(tmp_path / "tolv.pdf", pages)
    serial = extract(path, jobs=1)
    parallel = extract(path, jobs=3)
    assert [(line.text, line.location) for line in parallel.lines] == [
        (line.text, line.location) for line in serial.lines
    ]
    assert parallel.pages == 12


def test_progress_is_told_the_pages_then_each_page(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "sex.pdf", [[f"Sida {n}"] for n in range(1, 9)])
    events: list[tuple[str, int]] = []

    class Recorder:
        def start(self, name: str, pages: int) -> None:
            events.append(("start", pages))

        def advance(self) -> None:
            events.append(("page", 1))

    extract(path, jobs=2, progress=Recorder())
    assert events[0] == ("start", 8) and events.count(("page", 1)) == 8


def test_raised_small_digits_come_out_as_superscripts() -> None:
    """pdflatex sets footnote marks as raised 8 pt digits in 11 pt text (corpus case 03)."""
    corpus = Path(__file__).resolve().parent / "corpus"
    document = extract(corpus / "03-miljo-remissvar-tillsyn-apotek-sou-2023-101.pdf")
    texts = [line.text for line in document.lines]
    assert any("(SOU 2023:101¹)" in text for text in texts)
    assert any(text.startswith("¹Remissen avser") for text in texts)
    assert not any("2023:1011" in text for text in texts)
    assert any("2024-09-06" in text for text in texts)  # ordinary digits stay as they are


def test_text_drawn_inside_a_figure_is_read() -> None:
    """NFS 2007:10 draws its running `NFS 2007:10` through a form XObject on every page
    after the first (poppler reads it; pdfminer by default leaves it as loose glyphs)."""
    document = extract(Path(__file__).parent / "realworld" / "nfs-2007-10.pdf")
    pages_with = {line.page_index for line in document.lines if "NFS 2007:10" in line.text}
    assert pages_with == set(range(1, document.pages + 1))


def test_a_raised_mark_read_as_a_line_of_its_own_goes_back_into_its_line() -> None:
    """The DMCA summary's footnote mark 3 sits so high that pdfminer makes it a line
    (and a paragraph) of its own above `... the Copyright Act to create`."""
    document = extract(Path(__file__).parent / "realworld" / "dmca.pdf")
    texts = [" ".join(line.text.split()) for line in document.lines]
    (at,) = [i for i, text in enumerate(texts) if "Copyright Act³ to create" in text]
    assert texts[at - 1] != "3"


def test_a_filled_form_field_is_read_and_a_hidden_one_is_not(tmp_path: Path) -> None:
    """A field's value is drawn by its annotation's appearance, not the page's content."""
    pdf = make_form_pdf(tmp_path / "form.pdf", "Sökande:", "Ardalan Shekarabi", "dold uppgift")
    texts = [line.text for line in extract(pdf).lines]
    assert texts == ["Sökande:", "Ardalan Shekarabi"]


def test_a_link_box_drawn_by_an_annotation_is_read() -> None:
    """The IRS 1040-NR instructions open with a link box (a widget annotation)."""
    document = extract(Path(__file__).parent / "realworld" / "irs_i1040nr.pdf")
    first_page = [line.text for line in document.lines if line.page_index == 1]
    assert "If either of the following applies, please click on this link to view" in first_page


def test_a_reader_of_ones_own_is_two_functions_and_one_registry_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A toy format (lines after a `TOY` header) read by a reader added in the test alone."""
    from docreconcile import extract as extract_package
    from docreconcile.extract import READERS, Reader
    from docreconcile.model import Document, Line, Location

    def read_toy(path: Path, data: bytes) -> Document:
        texts = data.decode("utf-8").splitlines()[1:]
        lines = [Line(text, Location(line=number)) for number, text in enumerate(texts, 2)]
        return Document(str(path), SourceFormat.TEXT, 1, lines)

    toy = Reader(SourceFormat.TEXT, lambda data, _: data.startswith(b"TOY\n"), read_toy)
    monkeypatch.setattr(extract_package, "READERS", (toy, *READERS))
    path = tmp_path / "beslut.toy"
    path.write_bytes(b"TOY\nRubrik\n\nText.\n")
    assert [(line.text, line.location.line) for line in extract(path).lines] == [
        ("Rubrik", 2),
        ("", 3),
        ("Text.", 4),
    ]
