"""The annotated PDF (issue 30): a highlight over each difference on the PDF itself, as
poppler draws it, with nothing else changed: the original bytes first, the same text as
pdfminer reads it, and a file qpdf finds sound."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from docreconcile.annotate import Mark, annotated_pdf, marks
from docreconcile.cli import app
from docreconcile.extract import extract
from docreconcile.pipeline import Options, compare
from tests.conftest import require_tool
from tests.edits import inject_edits

runner = CliRunner()
REALWORLD = Path(__file__).resolve().parent / "realworld"


def _tool(name: str, package: str) -> str:
    return require_tool(name, package, "the annotation tests")


def rendered(pdf: Path, page: int, folder: Path) -> tuple[int, int, bytes]:
    """Page `page` of `pdf` as poppler draws it, one pixel a point: width, height, RGB."""
    stem = folder / f"{pdf.parent.name}-{pdf.stem.replace('.', '_')}-{page}"
    subprocess.run(
        [
            *(_tool("pdftoppm", "poppler-utils"), "-r", "72", "-f", str(page), "-l", str(page)),
            *("-singlefile", str(pdf), str(stem)),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = Path(f"{stem}.ppm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert (magic, depth) == (b"P6", b"255")
    return int(width), int(height), pixels


def highlighted_share(picture: tuple[int, int, bytes], box: tuple[float, ...]) -> float:
    """The share of a box's pixels (PDF points, origin bottom left) that are tinted
    (yellow for substantive, light blue for minor): paper under the highlight, where
    black text on white has no colour."""
    width, height, pixels = picture
    x0, y0, x1, y1 = (round(value) for value in box[:4])
    inside = yellow = 0
    for row in range(height - y1, height - y0):
        for column in range(x0, x1):
            offset = 3 * (row * width + column)
            red, green, blue = pixels[offset : offset + 3]
            inside += 1
            yellow += max(red, green, blue) - min(red, green, blue) > 40
    return yellow / max(inside, 1)


def check_annotated(original: Path, annotated: Path, found: list[Mark], folder: Path) -> None:
    """Nothing else changed, and each mark is drawn where it says."""
    assert annotated.read_bytes().startswith(original.read_bytes())
    assert [line.text for line in extract(annotated).lines] == [
        line.text for line in extract(original).lines
    ]
    subprocess.run(
        [_tool("qpdf", "qpdf"), "--check", str(annotated)], check=True, capture_output=True
    )
    for mark in found:
        before = rendered(original, mark.page, folder)
        after = rendered(annotated, mark.page, folder)
        for box in mark.rectangles:
            assert highlighted_share(before, box) < 0.05
            assert highlighted_share(after, box) > 0.3


def test_the_fixtures_two_differences_are_highlighted_on_its_pdf(
    seed_pair: tuple[Path, Path],
) -> None:
    """`--annotate` on the fixture: `Ardalan` and `genomlysa` highlighted on page 3, each
    with its note (number, category, A's words, the hint)."""
    text, pdf = seed_pair
    target = text.parent / "granskad.pdf"
    result = runner.invoke(app, [str(text), str(pdf), "--annotate", str(target), "-q"])
    assert result.exit_code == 1, result.output
    report = compare(text, pdf, Options())
    found = marks(report, extract(pdf), "b")
    assert [(mark.page, mark.note) for mark in found] == [
        (3, "#1 spelling: A has “Ardan” (hint: b)"),
        (3, "#2 spelling: A has “genomlysna” (hint: b)"),
    ]
    check_annotated(pdf, target, found, text.parent)
    # the highlight holds the word: its box is within the line's, around the word's share
    lines = {(line.location.page, line.location.line): line for line in extract(pdf).lines}
    assert report.differences[0].b_location is not None
    line = lines[(report.differences[0].b_location.page, report.differences[0].b_location.line)]
    assert line.box is not None and "Ardalan" in line.text
    (x0, _, x1, _) = found[0].rectangles[0]
    share = line.text.index("Ardalan") / len(line.text)
    assert x0 <= line.box.x0 + share * (line.box.x1 - line.box.x0) <= x1


def test_edits_in_a_real_multi_page_pdfs_text_are_highlighted_on_their_pages(
    tmp_path: Path,
) -> None:
    """Dir. 2016:15 (28 pages, Word 2010) against poppler's text of it with three edits
    injected (a letter, a digit, a word): each difference highlighted on its page."""
    pdf = REALWORLD / "dir-2016-15.pdf"
    edited, edits = inject_edits((REALWORLD / "dir-2016-15.raw.txt").read_text(encoding="utf-8"))
    text = tmp_path / "dir.txt"
    text.write_text(edited, encoding="utf-8")
    report = compare(text, pdf, Options())
    found = marks(report, extract(pdf), "b")
    assert len(found) >= len(edits) == 3
    target = tmp_path / "dir-annotated.pdf"
    target.write_bytes(annotated_pdf(pdf, found))
    check_annotated(pdf, target, found, tmp_path)


def test_annotating_needs_a_pdf_and_a_pdf_name(seed_pair: tuple[Path, Path]) -> None:
    text, pdf = seed_pair
    result = runner.invoke(app, [str(text), str(text), "--annotate", str(text.parent / "x.pdf")])
    assert result.exit_code == 2 and "neither" in result.output
    result = runner.invoke(app, [str(text), str(pdf), "--annotate", str(text.parent / "x.txt")])
    assert result.exit_code == 2 and "name it .pdf" in result.output
    assert not (text.parent / "x.pdf").exists() and not (text.parent / "x.txt").exists()


def test_with_two_pdfs_each_side_is_marked_up_on_its_own_pages(tmp_path: Path) -> None:
    """A memo set by LibreOffice against the same memo with order edits, set alike
    (tests/order): `--annotate-a` and `--annotate-b` mark each PDF where its own words
    are, each difference on both."""
    name = "05-ifo-tage-larssons-stiftelse-2025"
    a = Path(__file__).resolve().parent / "memos" / f"{name}.pdf"
    b = Path(__file__).resolve().parent / "order" / "memos" / f"{name}.seed0.pdf"
    on_a, on_b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    result = runner.invoke(
        app, [str(a), str(b), "--annotate-a", str(on_a), "--annotate-b", str(on_b), "-q"]
    )
    assert result.exit_code == 1, result.output
    report = compare(a, b, Options())
    for side, source, target in (("a", a, on_a), ("b", b, on_b)):
        found = marks(report, extract(source), side)
        assert len(found) >= sum(d.severity.value == "substantive" for d in report.differences)
        check_annotated(source, target, found, tmp_path)
