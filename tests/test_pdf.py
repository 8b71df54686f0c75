"""The PDF reader: text with page and line, passwords, damaged and image-only files,
parallel pages, raised marks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from docreconcile.errors import InputError
from docreconcile.extract import Limits, extract
from docreconcile.model import Line, SourceFormat
from tests.conftest import PDF_VERSION
from tests.pdfmaker import make_image_only_pdf, make_pdf

REALWORLD = Path(__file__).parent / "realworld"
SWEDISH = "Ärende\nSyftet var att genomlysa verksamheten på olika nivåer – Åsa Regner.\n"


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


def test_a_truncated_encrypted_pdf_is_said_to_be_truncated(tmp_path: Path) -> None:
    """Issue 29: a truncated encrypted PDF was blamed on its encryption. Cut short
    anywhere before its end (its pages, its encryption dictionary, its cross-reference
    table), with or without the password, it is said to be truncated or damaged."""
    path = make_pdf(
        tmp_path / "hemlig.pdf",
        [[f"Sekretessbelagd rad {n}" for n in range(40)]] * 3,
        encrypt=StandardEncryption("hemligt", ownerPassword="ägare", strength=128),
    )
    data = path.read_bytes()
    cut = tmp_path / "avklippt.pdf"
    for share in (0.2, 0.5, 0.8, 0.95):
        cut.write_bytes(data[: int(len(data) * share)])
        for password in ("", "hemligt"):
            with pytest.raises(InputError, match="truncated or damaged") as raised:
                extract(cut, password=password)
            assert "encrypt" not in str(raised.value).split("avklippt.pdf: ")[1]


def test_pdf_encrypted_without_user_password_opens(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "skyddad.pdf",
        [["Öppen men skyddad"]],
        encrypt=StandardEncryption("", ownerPassword="ägare", strength=128),
    )
    assert extract(path).lines[0].text == "Öppen men skyddad"


def test_image_only_pdf_says_it_needs_ocr(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no text layer .* `--ocr auto`"):
        extract(make_image_only_pdf(tmp_path / "skannad.pdf"))


def test_pages_without_text_are_named_in_a_warning(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "delvis.pdf", [["Sida med text"], [], ["Mer text"]])
    document = extract(path)
    assert document.warnings == [
        "pages without text (not compared; read them by OCR with --ocr auto): 2"
    ]


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


def test_parallel_extraction_gives_the_same_lines_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docreconcile.extract import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "SMALL_PDF_BYTES", 0)  # read in parallel, small as it is
    pages = [[f"Sida {n}: Linköpings kommun har i mer än {n} år arbetat."] for n in range(1, 13)]
    path = make_pdf(tmp_path / "tolv.pdf", pages)
    serial = extract(path, jobs=1)
    parallel = extract(path, jobs=3)
    assert [(line.text, line.location) for line in parallel.lines] == [
        (line.text, line.location) for line in serial.lines
    ]
    assert parallel.pages == 12


@pytest.mark.parametrize("small", [0, 256 * 1024])
def test_progress_is_told_the_pages_then_each_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    """Read in parallel (a counter, then readers) and by one process alike."""
    from docreconcile.extract import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "SMALL_PDF_BYTES", small)
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


def test_a_reader_sends_each_page_as_it_reads_it_and_keeps_none() -> None:
    """A reader process counts the pages, then sends each page as plain rows as soon as
    it is read (`pdf_pages.read_pages`); the lines made of them here are the Document's,
    box and place included."""
    from docreconcile.extract.pdf import page_lines
    from docreconcile.extract.pdf_pages import read_pages

    messages: list[Any] = []
    read = read_pages(PDF_VERSION, "", 1, None, 100, messages.append)
    count, *pages = messages
    assert count == ("count", read) and read >= 2
    assert [page[1] for page in pages] == list(range(1, read + 1))
    lines = [line for page in pages for line in page_lines(*page[1:])]
    assert lines == extract(PDF_VERSION).lines
    assert len(lines) > 50


def test_a_range_of_pages_is_read_and_sent_alone() -> None:
    """A reader given pages 2..2 sends page 2 only, and no page count."""
    from docreconcile.extract.pdf_pages import read_pages

    messages: list[Any] = []
    assert read_pages(PDF_VERSION, "", 2, 2, 100, messages.append) == 1
    assert [message[:2] for message in messages] == [("page", 2)]


def _coordinates(lines: list[Line]) -> list[float]:
    return [
        value
        for line in lines
        if line.box is not None
        for value in (line.box.x0, line.box.y0, line.box.x1, line.box.y1)
    ]


def test_equal_coordinates_of_a_real_pdf_are_one_object_each() -> None:
    """Numbers that came from a reader process are shared once they are lines (`Interned`):
    AFS 2011:19's 6,900 coordinates hold 3,700 values (margins, a page's line grid
    recurring), which as objects of their own took memory in every process that held
    the document."""
    lines = extract(REALWORLD / "afs-2011-19.pdf").lines
    coordinates = _coordinates(lines)
    distinct = set(coordinates)
    assert len(distinct) < 0.6 * len(coordinates)  # worth sharing
    assert len({id(value) for value in coordinates}) == len(distinct)
    assert len({id(line.page_width) for line in lines}) == len({line.page_width for line in lines})


def _page_texts(path: Path, page: int) -> list[str]:
    """The lines of one page of a PDF, in our reading order, as one reader sends them."""
    from docreconcile.extract.pdf_pages import read_pages

    messages: list[Any] = []
    read_pages(path, "", page, page, 100, messages.append)
    ((*_, rows),) = messages
    return [row[0] for row in rows]


def test_a_tables_column_headings_on_one_baseline_are_not_one_line() -> None:
    """The IRS worksheet's headings `(a) Enter the amount from line 40` and `(b)
    Multiplication amount` are two boxes of three lines each; their last lines, 56 pt
    apart on one baseline, lined up with the rows below like a justified line's ends."""
    texts = _page_texts(REALWORLD / "irs_i1040nr.pdf", 46)
    assert "line 40" in texts and "amount" in texts
    assert not any(text.startswith("line 40 amount") for text in texts)


def test_list_items_with_taller_bullet_lines_are_read_in_order() -> None:
    """A bullet makes its line's box taller than the text, so that it overlaps the box of
    the line below the bullet above (IRS instructions, page 29): each item is still read
    whole, before the next bullet."""
    texts = _page_texts(REALWORLD / "irs_i1040nr.pdf", 29)
    order = [
        "• Portfolio interest on obligations",
        "issued after July 18, 1984.",
        "• Interest-related dividends received",
        "from a mutual fund.",
        "• Short-term capital gain dividends",
    ]
    assert [texts.index(text) for text in order] == sorted(texts.index(text) for text in order)


PUBLISHER = Path(__file__).resolve().parent / "publisher"


def test_a_table_rows_text_goes_on_under_its_text_before_the_next_cell() -> None:
    """OWASP ASVS 4.0.3 (Word 2016), page 23: a requirement's row starts `2.1.1⇥Verify …`
    and goes on under `Verify`; its other cells (`✓ ✓ ✓`, `521`, `5.1.1.2`) stand on
    the row's first baseline. The row's text is read whole, then its cells, as the Word
    file has them."""
    texts = _page_texts(PUBLISHER / "asvs-4.0.3-en.pdf", 23)
    first = texts.index(
        "2.1.1\tVerify that user set passwords are at least 12 characters in length"
    )
    assert texts[first + 1] == "(after multiple spaces are combined). (C6)"
    assert texts[first + 2].split() == ["✓", "✓", "✓"]


def test_a_small_tables_cells_are_not_one_justified_line() -> None:
    """ASVS page 26: four rows only, too few for a page-wide column edge, and each row's
    last cell ends at the body's right edge: its cells start where the other rows' do,
    so they are cells, not words of a justified line."""
    texts = _page_texts(PUBLISHER / "asvs-4.0.3-en.pdf", 26)
    row = texts.index(next(text for text in texts if text.startswith("2.4.1")))
    assert texts[row].endswith("resistant to offline")  # its cells are not its words
    cells = next(index for index, text in enumerate(texts) if text.endswith("916 5.1.1.2"))
    assert texts[cells].split() == ["✓", "✓", "916", "5.1.1.2"] and cells == row + 5


def test_the_next_items_lines_stay_with_their_own_bullet() -> None:
    """Dir. 2016:15, page 27: a box holds the rest of one item and the first line of the
    next, beside that item's bullet: it does not join the item above (the bullet would
    come after its text)."""
    texts = _page_texts(REALWORLD / "dir-2016-15.pdf", 27)
    assert texts.index("\uf0b7") < texts.index(
        "lämna sådana författningsförslag som är behövliga och"
    )


def test_a_table_cell_of_several_lines_is_read_whole_beside_its_neighbours() -> None:
    """ASVS page 33, the session timeouts: each level's cell holds several lines
    (`12 hours or` / `30 minutes of` / `inactivity, 2FA` / `optional`), and the cells'
    lines share baselines. Each cell is read whole, not one baseline across them all
    (`days 30 minutes of 15 minutes of`)."""
    texts = _page_texts(PUBLISHER / "asvs-4.0.3-en.pdf", 33)
    assert not any("minutes of\t" in text or "days\t" in text for text in texts)
    second = texts.index("30 minutes of")
    assert texts[second - 1 : second + 3] == [
        "12 hours or",
        "30 minutes of",
        "inactivity, 2FA",
        "optional",
    ]
    assert texts[texts.index("30") + 1] == "days"


def test_a_rows_last_cells_stand_apart_from_its_texts_first_line() -> None:
    """ASVS page 37: a row whose text's first line ends near the level columns
    (`… (such as step up or`, then `✓ ✓` 66 pt on) on a page with too few such rows to
    show the columns: a piece of more than three words keeps narrow spaces, so the wide
    gap after it is the table's."""
    texts = _page_texts(PUBLISHER / "asvs-4.0.3-en.pdf", 37)
    row = next(text for text in texts if text.startswith("4.3.3"))
    assert row.endswith("(such as step up or")


def test_a_reader_pays_nothing_for_pdfminers_debug_logging() -> None:
    """Issue 32: pdfminer calls `log.debug` for every token it parses; in a reader
    process that is off, those calls are made no-ops, warnings left as they are."""
    import logging

    import pdfminer.psparser

    from docreconcile.extract.pdf_pages import quiet_parser_debug

    logger = pdfminer.psparser.log
    saved = logger.__dict__.get("debug")
    try:
        quiet_parser_debug()
        assert logger.debug("token %r", 1) is None and "debug" in logger.__dict__
        assert logger.warning.__func__ is logging.Logger.warning  # type: ignore[attr-defined]
    finally:
        if saved is None:
            logger.__dict__.pop("debug", None)
        else:
            logger.debug = saved  # type: ignore[method-assign]


def test_a_small_pdf_is_read_by_one_process_whatever_jobs_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 32: a PDF of a few pages pays no counting process and no second reader:
    with `jobs=2` the fixture (50 KB) is read as with one job, the same lines; a larger
    real PDF (AFS 2011:19, 1.2 MB) is still counted first and read in parallel."""
    from docreconcile.extract import pdf as pdf_module

    counted: list[str] = []
    original = pdf_module.run_limited

    def counting(*arguments: Any, **keywords: Any) -> Any:
        counted.append(str(arguments[1][0]))
        return original(*arguments, **keywords)

    monkeypatch.setattr(pdf_module, "run_limited", counting)
    small = pdf_module.extract_pdf(PDF_VERSION, jobs=2)
    assert counted == [] and small.lines == pdf_module.extract_pdf(PDF_VERSION, jobs=1).lines
    large = Path(__file__).resolve().parent / "realworld" / "afs-2011-19.pdf"
    assert large.stat().st_size > pdf_module.SMALL_PDF_BYTES > PDF_VERSION.stat().st_size
    pdf_module.extract_pdf(large, jobs=2)
    assert counted == [str(large)]
