"""Scanned PDFs read by OCR (`--ocr`), against their texts.

The scans are made by `tests/scans/make_scans.py` from real documents (Kungsbacka memos
set by LibreOffice, a Swedish government bill's page and a referral body's letter from
`tests/realworld/`): rendered at 300 and 200 dpi, turned a little, blurred, specked and
JPEG-compressed, set again as image-only PDFs. Tesseract reads them (Debian's
`tesseract-ocr`, `tesseract-ocr-swe`); without it these tests are skipped, and fail where
CI is set, since `.ci/run` installs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from docreconcile import Category, Severity, compare_documents
from docreconcile.errors import InputError
from docreconcile.extract import extract
from docreconcile.extract.cache import Cache
from docreconcile.extract.text import extract_text
from docreconcile.misreadings import without_diacritics
from docreconcile.model import Document, Report
from tests.conftest import require_tool
from tests.edits import inject_edits
from tests.scans.make_scans import scan

TESTS = Path(__file__).resolve().parent

SCANS = {
    # name: (PDF, its text, dpi)
    "memo-04-300dpi": (
        "memos/04-vo-kognitiv-svikt-signeshus.pdf",
        "memos/04-vo-kognitiv-svikt-signeshus.txt",
        300,
    ),
    "memo-07-200dpi": (
        "memos/07-teknik-delegering-nodvattenplan.pdf",
        "memos/07-teknik-delegering-nodvattenplan.txt",
        200,
    ),
    "prop-182-300dpi": (
        "realworld/prop-2012-13-182-part.pdf",
        "realworld/prop-2012-13-182-part.raw.txt",
        300,
    ),
    "remiss-200dpi": ("realworld/remiss-instance.pdf", "realworld/remiss-instance.raw.txt", 200),
}

MEASURED = {
    "memo-04-300dpi": 0,
    "memo-07-200dpi": 0,
    "prop-182-300dpi": 0,
    "remiss-200dpi": 3,
}
"""Substantive differences of each unedited scan against its text (a ratchet: lower it
when it falls). Each is explained in bench/OCR.md."""


GENUINE = TESTS / "scans" / "genuine"

MEASURED_GENUINE = {
    "congress-1871": 6,
    "linnsequencer": 1,
    "winsnes-1846": 12,
    "phototest": 0,
}
"""Substantive differences of each genuinely scanned page against its text (SOURCES.md
there says what each is and what OCR gets wrong)."""


@pytest.fixture(scope="module", autouse=True)
def _tesseract() -> None:
    require_tool("tesseract", "tesseract-ocr tesseract-ocr-swe", "the OCR tests")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def reading_cache(folder: Path) -> Cache:
    """One cache for the module: each scan is read by OCR once."""
    return Cache(folder / "cache")


def scanned(folder: Path, name: str) -> Path:
    """The scan `name` of `SCANS`, made once."""
    target = folder / f"{name}.pdf"
    if not target.exists():
        source, _, dpi = SCANS[name]
        scan(TESTS / source, target, dpi=dpi, seed=len(name))
    return target


def read_scan(folder: Path, name: str, cache: Cache, jobs: int = 1) -> Document:
    return extract(scanned(folder, name), cache=cache, jobs=jobs, ocr="auto")


def compare_scan(folder: Path, name: str, cache: Cache, text: str | None = None) -> Report:
    path = TESTS / SCANS[name][1]
    data = path.read_bytes() if text is None else text.encode("utf-8")
    return compare_documents(extract_text(path, data), read_scan(folder, name, cache))


def substantive(report: Report) -> list[tuple[str, str, str, int | None]]:
    return [
        (d.category.value, d.a, d.b, d.a_location.line if d.a_location else None)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]


@pytest.mark.parametrize("name", sorted(SCANS))
def test_a_scan_against_its_text_is_no_worse_than_measured(
    folder: Path, reading_cache: Cache, name: str
) -> None:
    """Every page is read by OCR; what OCR commonly misreads, where it was unsure, is a
    minor `ocr` difference with its confidence, not a substantive one."""
    report = compare_scan(folder, name, reading_cache)
    assert report.b.scanned == tuple(range(1, report.b.pages + 1))
    assert len(substantive(report)) <= MEASURED[name], substantive(report)
    for difference in report.differences:
        if difference.category is Category.OCR:
            assert difference.confidence is not None and 0 <= difference.confidence <= 100
            assert difference.b_lines, "an OCR difference points at its line on the scan"


@pytest.mark.parametrize("name", sorted(SCANS))
def test_every_edit_injected_into_the_text_is_found_against_the_scan(
    folder: Path, reading_cache: Cache, name: str
) -> None:
    """A letter taken out, a digit changed, a word deleted: each a substantive difference
    on its line, whatever OCR made of the scan around it."""
    original = (TESTS / SCANS[name][1]).read_text(encoding="utf-8")
    edited, edits = inject_edits(original)
    assert edits
    before = substantive(compare_scan(folder, name, reading_cache))
    after = substantive(compare_scan(folder, name, reading_cache, edited))
    new = [difference for difference in after if difference not in before]
    for edit in edits:
        _, a, b = (without_diacritics(text) for text in edit.expected)
        found = [
            difference
            for difference in new
            if difference[3] == edit.line
            and a in without_diacritics(difference[1])
            and (a != "" or b in without_diacritics(difference[2]))  # the scan: as OCR read it
        ]
        assert found, (edit, new)


def test_a_mixed_pdf_compares_whole_with_ocr_auto(folder: Path, reading_cache: Cache) -> None:
    """A memo's first page with its text layer, its second page scanned: without OCR the
    scanned page is left out (and its text reported missing); with `--ocr auto` only
    that page is read by OCR and the memo compares whole."""
    source, text, _ = SCANS["memo-04-300dpi"]
    mixed = folder / "mixed.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(TESTS / source).pages[0])
    writer.add_page(PdfReader(scanned(folder, "memo-04-300dpi")).pages[1])
    writer.write(mixed)
    text_document = extract_text(TESTS / text, (TESTS / text).read_bytes())

    without = extract(mixed, cache=reading_cache)
    assert without.scanned == ()
    assert (
        "pages without text (not compared; read them by OCR with --ocr auto): 2" in without.warnings
    )
    assert len(substantive(compare_documents(text_document, without))) >= 3

    with_ocr = extract(mixed, cache=reading_cache, ocr="auto")
    assert with_ocr.scanned == (2,)
    assert all(location.page == 2 for location in with_ocr.confidence)
    report = compare_documents(text_document, with_ocr)
    assert len(substantive(report)) <= MEASURED["memo-04-300dpi"], substantive(report)


def test_ocr_always_reads_pages_that_have_text_too(folder: Path, reading_cache: Cache) -> None:
    """`--ocr always` ignores the text layer: the memo PDF itself, read as a scan, still
    compares with its text without substantive differences beyond the scan's."""
    source, text, _ = SCANS["memo-04-300dpi"]
    document = extract(TESTS / source, cache=reading_cache, ocr="always")
    assert document.scanned == (1, 2)
    report = compare_documents(extract_text(TESTS / text, (TESTS / text).read_bytes()), document)
    assert len(substantive(report)) <= MEASURED["memo-04-300dpi"], substantive(report)


def test_pages_read_in_parallel_give_the_same_document(folder: Path, reading_cache: Cache) -> None:
    one = read_scan(folder, "memo-07-200dpi", reading_cache)
    two = extract(scanned(folder, "memo-07-200dpi"), jobs=2, ocr="auto")  # no cache
    assert [(line.text, line.location) for line in two.lines] == [
        (line.text, line.location) for line in one.lines
    ]
    assert two.confidence == one.confidence


def test_an_ocr_reading_is_cached_apart_from_a_text_reading(folder: Path, tmp_path: Path) -> None:
    """The cache keeps the OCR reading (lines and confidences) under its own key: read
    again, it is the same without running Tesseract; a text-layer reading of the same
    file is another entry."""
    cache = Cache(tmp_path / "cache")
    path = scanned(folder, "remiss-200dpi")
    first = extract(path, cache=cache, ocr="auto")
    entries = sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())
    again = extract(path, cache=cache, ocr="auto")
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()) == entries
    assert (again.lines, again.confidence, again.scanned) == (
        first.lines,
        first.confidence,
        first.scanned,
    )
    with pytest.raises(InputError, match="no text layer"):
        extract(path, cache=cache)


def test_without_tesseract_ocr_says_how_to_install_it(folder: Path, tmp_path: Path) -> None:
    """One line, exit 2, nothing written: where the tesseract program is not found."""
    text = TESTS / SCANS["remiss-200dpi"][1]
    environment = {**os.environ, "PATH": str(tmp_path)}  # no tesseract on it
    result = subprocess.run(
        [sys.executable, "-c", "from docreconcile.cli import main; main()", str(text),
         str(scanned(folder, "remiss-200dpi")), "--ocr", "auto", "--no-cache"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "docreconcile: error: --ocr needs Tesseract, which is not installed: install it with "
        "`apt-get install tesseract-ocr tesseract-ocr-swe`"
    ]
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(MEASURED_GENUINE))
def test_a_genuine_scan_against_its_text_is_no_worse_than_measured(
    reading_cache: Cache, name: str
) -> None:
    """Pages that came from a scanner (SOURCES.md): an 1871 Senate document, a 1985
    brochure, an 1846 book, Tesseract's test page."""
    text = GENUINE / f"{name}.txt"
    document = extract(GENUINE / f"{name}.pdf", cache=reading_cache, ocr="auto")
    assert document.scanned == (1,)
    report = compare_documents(extract_text(text, text.read_bytes()), document)
    assert len(substantive(report)) <= MEASURED_GENUINE[name], substantive(report)


@pytest.mark.parametrize("name", ["congress-1871", "linnsequencer"])
def test_every_edit_injected_into_a_genuine_scans_text_is_found(
    reading_cache: Cache, name: str
) -> None:
    text = GENUINE / f"{name}.txt"
    document = extract(GENUINE / f"{name}.pdf", cache=reading_cache, ocr="auto")
    edited, edits = inject_edits(text.read_text(encoding="utf-8"))
    assert edits
    before = substantive(compare_documents(extract_text(text, text.read_bytes()), document))
    after = substantive(compare_documents(extract_text(text, edited.encode("utf-8")), document))
    new = [difference for difference in after if difference not in before]
    for edit in edits:
        _, a, b = (without_diacritics(part) for part in edit.expected)
        assert any(
            difference[3] == edit.line
            and a in without_diacritics(difference[1])
            and (a != "" or b in without_diacritics(difference[2]))  # the scan: as OCR read it
            for difference in new
        ), (edit, new)
