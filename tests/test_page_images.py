"""The pages in the HTML report (issue 30): each difference on a PDF side shown on the
rendered page, its glyphs marked; only the pages with differences, inside the one file."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from docreconcile.cli import app
from docreconcile.page_images import RENDER_SCALE, PageViews, PdfSide, page_views
from docreconcile.pipeline import Options, compare, page_views_of
from docreconcile.report import html
from tests.edits import inject_edits

runner = CliRunner()
REALWORLD = Path(__file__).resolve().parent / "realworld"

_IMAGE = re.compile(r'<image id="page-(a|b)-(\d+)" href="data:image/png;base64,([^"]+)"')
_CROP = re.compile(
    r'<svg class="page-crop" viewBox="([\d. ]+)"[^>]*><use href="#page-(a|b)-(\d+)"/>(.*?)</svg>'
)
_RECT = re.compile(
    r'<rect class="mark (\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/>'
)


def pictures(page: str) -> dict[tuple[str, int], Image.Image]:
    """The page images a report holds, decoded."""
    return {
        (side, int(number)): Image.open(io.BytesIO(base64.b64decode(data)))
        for side, number, data in _IMAGE.findall(page)
    }


def ink(picture: Image.Image, box: tuple[float, float, float, float]) -> float:
    """The share of dark pixels in a box of a page image (page points, y down)."""
    x, y, width, height = (value * RENDER_SCALE for value in box)
    part = picture.convert("L").crop((round(x), round(y), round(x + width), round(y + height)))
    histogram = part.histogram()
    return sum(histogram[:128]) / max(sum(histogram), 1)


def test_the_fixtures_report_shows_its_page_with_both_words_marked(
    seed_pair: tuple[Path, Path],
) -> None:
    """`--html` on the fixture: one image (page 3, where both differences are), each
    difference's crop of it in the list and in the text, the marks over dark text."""
    text, pdf = seed_pair
    target = text.parent / "rapport.html"
    result = runner.invoke(app, [str(text), str(pdf), "--html", str(target), "-q"])
    assert result.exit_code == 1, result.output
    page = target.read_text(encoding="utf-8")
    images = pictures(page)
    assert list(images) == [("b", 3)]
    assert images["b", 3].size == (round(595.28 * RENDER_SCALE), round(841.89 * RENDER_SCALE))
    crops = _CROP.findall(page)
    assert len(crops) == 4  # each difference in the list and beside its words
    for view_box, side, number, drawn in crops:
        assert (side, int(number)) == ("b", 3)
        left, top, width, height = (float(value) for value in view_box.split())
        rectangles = _RECT.findall(drawn)
        assert [severity for severity, *_ in rectangles] == ["substantive"]
        _, *numbers = rectangles[0]
        x, y, w, h = (float(value) for value in numbers)
        # the mark lies inside its crop, and over printed words (not blank paper)
        assert left <= x and x + w <= left + width and top <= y and y + h <= top + height
        assert ink(images["b", 3], (x, y, w, h)) > 0.05
    # self-contained: nothing to fetch
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_no_page_images_leaves_them_out(seed_pair: tuple[Path, Path]) -> None:
    text, pdf = seed_pair
    target = text.parent / "rapport.html"
    result = runner.invoke(
        app, [str(text), str(pdf), "--html", str(target), "--no-page-images", "-q"]
    )
    assert result.exit_code == 1, result.output
    page = target.read_text(encoding="utf-8")
    assert "Ardalan" in page and not pictures(page) and not _CROP.findall(page)


def test_two_texts_have_no_page_images(seed_pair: tuple[Path, Path]) -> None:
    text, _ = seed_pair
    other = text.parent / "andra.txt"
    other.write_text(text.read_text(encoding="utf-8").replace("Ardalan", "Ardan"), "utf-8")
    assert page_views_of(compare(text, other, Options()), text, other, Options()) is None


def test_only_the_pages_with_differences_of_a_real_pdf_are_rendered(tmp_path: Path) -> None:
    """Dir. 2016:15 (28 pages) against poppler's text of it with three edits injected:
    the pages rendered are those the differences stand on, each mark over ink."""
    pdf = REALWORLD / "dir-2016-15.pdf"
    edited, _ = inject_edits((REALWORLD / "dir-2016-15.raw.txt").read_text(encoding="utf-8"))
    text = tmp_path / "dir.txt"
    text.write_text(edited, encoding="utf-8")
    report = compare(text, pdf, Options())
    views = page_views_of(report, text, pdf, Options())
    assert views is not None
    shown = {
        d.b_location.page
        for d in report.differences
        if d.severity.value != "layout" and d.b_location is not None
    }
    assert {image.page for image in views.images} == shown and len(shown) < 28
    page = html.render(report, pages=views)
    images = pictures(page)
    for mark in views.marks:
        image = views.image(mark.side, mark.page)
        assert image is not None
        for x0, y0, x1, y1 in mark.rectangles:
            box = (x0 - image.left, image.bottom + image.height - y1, x1 - x0, y1 - y0)
            assert ink(images[mark.side, mark.page], box) > 0.03


def test_pages_past_the_most_are_left_out_and_said(tmp_path: Path) -> None:
    pdf = REALWORLD / "dir-2016-15.pdf"
    edited, _ = inject_edits((REALWORLD / "dir-2016-15.raw.txt").read_text(encoding="utf-8"))
    text = tmp_path / "dir.txt"
    text.write_text(edited, encoding="utf-8")
    report = compare(text, pdf, Options())
    from docreconcile.extract import extract

    everything = page_views(report, [PdfSide("b", pdf, extract(pdf))])
    one = page_views(report, [PdfSide("b", pdf, extract(pdf))], most_pages=1)
    assert len(one.images) == 1 and one.left_out == len(everything.images) - 1 > 0
    assert "more page" in html.render(report, pages=one)
    assert "more page" not in html.render(report, pages=PageViews())


def test_batch_reports_show_the_pages_too(tmp_path: Path, seed_pair: tuple[Path, Path]) -> None:
    text, pdf = seed_pair
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder, source in zip(folders, (text, pdf), strict=True):
        folder.mkdir()
        (folder / f"beslut{source.suffix}").write_bytes(source.read_bytes())
    reports = tmp_path / "reports"
    result = runner.invoke(app, ["batch", *map(str, folders), "--reports", str(reports)])
    assert result.exit_code == 1, result.output
    page = (reports / "beslut.html").read_text(encoding="utf-8")
    assert list(pictures(page)) == [("b", 3)]
    result = runner.invoke(
        app,
        ["batch", *map(str, folders), "--reports", str(reports), "--no-page-images"],
    )
    assert not pictures((reports / "beslut.html").read_text(encoding="utf-8"))
