"""The HTML report in a real browser: headless Chromium driven by Playwright.

Needs Debian's `chromium` (`.ci/run` installs it) and the `playwright` package (test extra);
Playwright's own browser download is not used.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, sync_playwright
from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.cli import app
from docreconcile.report import html
from tests.conftest import PDF_VERSION, TEXT_VERSION

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        message = (
            "no Chromium found: install it (Debian: apt-get install chromium), as .ci/run does"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser tests are required: {message}")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "rapport.html"
    path.write_text(html.render(compare(TEXT_VERSION, PDF_VERSION)), encoding="utf-8")
    return path


def test_report_shows_both_substantive_differences_and_next_moves_the_view(
    browser: Browser, report_file: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(report_file.as_uri())
    substantive = page.locator('.difference-item[data-severity="substantive"]')
    assert substantive.count() == 2
    assert substantive.nth(0).inner_text().startswith("#1 spelling: Ardan → Ardalan")
    assert page.locator('.difference-item[data-severity="layout"]:visible').count() == 0
    # the changed letters are marked inside the word, the word itself underlined lightly
    assert page.locator("span.diff.substantive").all_inner_texts() == [
        "Ardan",
        "Ardalan",
        "genomlysna",
        "genomlysa",
    ]
    assert page.locator("ins.substantive").all_inner_texts() == ["la"]
    assert page.locator("del.substantive").all_inner_texts() == ["n"]

    start = page.evaluate("window.scrollY")
    page.click("#next-difference")
    first = page.evaluate("window.scrollY")
    assert first > start
    assert page.locator("#d1.current").inner_text() == "Ardalan"
    page.keyboard.press("n")
    second = page.evaluate("window.scrollY")
    assert second > first
    assert page.locator("#d2.current").inner_text() == "genomlysa"
    page.keyboard.press("p")
    assert page.evaluate("window.scrollY") == first
    assert page.locator("#position").inner_text() == "1 / 2"


def test_filters_hide_and_show_differences(browser: Browser, report_file: Path) -> None:
    page = browser.new_page()
    page.goto(report_file.as_uri())
    assert page.locator(".difference-item:visible").count() == 2  # the 2 substantive; no minor
    page.check('.severity-filter[value="layout"]')
    assert page.locator(".difference-item:visible").count() == 79
    page.select_option("#category-filter", "rule")
    assert re.match(r"#\d+ rule: _+", page.locator(".difference-item:visible").all_inner_texts()[0])
    page.uncheck('.severity-filter[value="substantive"]')
    page.select_option("#category-filter", "")
    assert page.locator('.difference-item[data-severity="substantive"]:visible').count() == 0


def test_swedish_letters_render(browser: Browser, report_file: Path) -> None:
    page = browser.new_page()
    page.goto(report_file.as_uri())
    assert "Åsa Regner" in page.inner_text("main")
    assert "Håkansson" in page.inner_text("main")


def test_report_reads_on_a_phone(browser: Browser, report_file: Path) -> None:
    """At 390 px (a phone) the page is one column, A above B, and nothing scrolls
    sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(report_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator('.row[data-kind="matched"]').nth(3)
    a_box = row.locator(".cell.a").bounding_box()
    b_box = row.locator(".cell.b").bounding_box()
    assert a_box is not None and b_box is not None
    assert b_box["y"] >= a_box["y"] + a_box["height"] - 1  # B below A, not beside it
    assert a_box["width"] > 300


def test_wide_page_shows_a_and_b_side_by_side(browser: Browser, report_file: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(report_file.as_uri())
    row = page.locator('.row[data-kind="matched"]').nth(3)
    a_box = row.locator(".cell.a").bounding_box()
    b_box = row.locator(".cell.b").bounding_box()
    assert a_box is not None and b_box is not None
    assert b_box["x"] > a_box["x"] + a_box["width"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_decisions_made_in_the_page_round_trip_to_reconcile(
    browser: Browser, report_file: Path, tmp_path: Path
) -> None:
    """B for the name, an own wording for the verb; kept over a reload (the browser's
    storage); the downloaded decisions file is what `reconcile` reads: the agreed text
    has `Ardalan` and `genomlyst`, and no conflict is left."""
    page = browser.new_page(accept_downloads=True)
    page.goto(report_file.as_uri())
    boxes = page.locator(".difference-item .decide")
    assert boxes.count() == 2
    boxes.nth(0).locator('button[data-verdict="b"]').click()
    boxes.nth(1).locator(".own").fill("genomlyst")
    boxes.nth(1).locator('button[data-verdict="text"]').click()
    assert page.locator("#decision-count").inner_text() == "2 of 2 decided"
    page.reload()
    assert page.locator("#decision-count").inner_text() == "2 of 2 decided"
    assert boxes.nth(0).locator("button.chosen").inner_text() == "B"
    with page.expect_download() as download:
        page.click("#download-decisions")
    decisions = tmp_path / "decisions.json"
    download.value.save_as(decisions)
    text, pdf = tmp_path / TEXT_VERSION.name, tmp_path / PDF_VERSION.name
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    result = CliRunner().invoke(
        app, ["reconcile", str(text), str(pdf), "--decisions", str(decisions)]
    )
    assert result.exit_code == 0, result.output
    assert "(civilminister Ardalan Shekarabi)" in result.stdout
    assert "att genomlyst verksamheten" in result.stdout


def test_the_toolbar_stays_on_a_phone(browser: Browser, report_file: Path) -> None:
    """Issue 29: on a phone the toolbar scrolled away. Scrolled to the end, the buttons
    are still on screen and still move to a difference."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(report_file.as_uri())
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 1000
    box = page.locator("#next-difference").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    toolbar = page.locator("header.top").bounding_box()
    assert toolbar is not None and toolbar["height"] < 844 / 3  # the text keeps the screen
    page.click("#next-difference")
    assert page.locator(".difference-item.current").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_decisions_from_the_file_show_and_the_text_has_buttons_too(
    browser: Browser, tmp_path: Path
) -> None:
    """Issue 29: decisions made in `review` were not shown in the page, `both` read as
    `accepted`, and the buttons were only in the list. `compare --decisions FILE --html`
    shows the file's verdicts; the buttons beside the current highlighted text decide
    too; the download is named as the tools read it."""
    from docreconcile.baseline import decision_for, pair_key, record

    text, pdf = tmp_path / TEXT_VERSION.name, tmp_path / PDF_VERSION.name
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    report = compare(text, pdf)
    first = next(d for d in report.differences if d.a == "Ardan")
    decisions = tmp_path / "review.json"
    record(decisions, pair_key(text, pdf), decision_for(first, "both"))
    page_file = tmp_path / "rapport.html"
    result = CliRunner().invoke(
        app,
        [str(text), str(pdf), "--decisions", str(decisions), "--html", str(page_file), "-q"],
    )
    assert result.exit_code == 1, result.output
    page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page.goto(page_file.as_uri())
    assert page.locator("#decision-count").inner_text() == "1 of 2 decided"
    decided = page.locator('.difference-item:has-text("Ardan")')
    assert "(decided: both)" in decided.inner_text()
    assert decided.locator("button.chosen").inner_text() == "both"
    # the difference left: its buttons beside the text show once it is the current one
    second = next(d for d in report.differences if d.a == "genomlysna")
    inline = page.locator(f'.decide.inline[data-fingerprint="{second.fingerprint}"]')
    assert not inline.is_visible()
    page.click("#next-difference")  # the one left comes first
    assert inline.is_visible()
    inline.locator('button[data-verdict="b"]').click()
    assert page.locator("#decision-count").inner_text() == "2 of 2 decided"
    listed = page.locator('.difference-item:has-text("genomlysna") button.chosen')
    assert listed.inner_text() == "B"
    with page.expect_download() as download:
        page.click("#download-decisions")
    # saved beside A under its name, the tools read it with no option
    assert download.value.suggested_filename == "docreconcile-baseline.json"
    download.value.save_as(tmp_path / download.value.suggested_filename)
    decisions.unlink()
    result = CliRunner().invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 0, result.output
    assert "2 differences decided, no conflict left" in result.stderr
    assert "(civilminister Ardan Shekarabi)" in result.stdout  # both: the text's words
    assert "att genomlysa verksamheten" in result.stdout  # B


def test_a_moved_difference_says_there_is_nothing_to_decide(
    browser: Browser, tmp_path: Path
) -> None:
    """Issue 29: moved differences had no buttons and no word why, so the count of
    decided ones did not add up to what was shown."""
    sentences = [
        "Nämnden beslutar att bevilja bidraget i år för hela kommunen.",
        "Förvaltningen ska redovisa arbetet senast i december varje år.",
        "Ärendet har beretts av socialförvaltningen under våren.",
        "Kommunstyrelsen har yttrat sig över förslaget i maj.",
        "Beslutet gäller från och med den första januari nästa år.",
    ]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    b.write_text("\n\n".join([*sentences[:1], *sentences[2:], sentences[1]]) + "\n", "utf-8")
    page_file = tmp_path / "rapport.html"
    CliRunner().invoke(app, [str(a), str(b), "--html", str(page_file), "-q", "--no-cache"])
    page = browser.new_page()
    page.goto(page_file.as_uri())
    moved = page.locator('.difference-item[data-category="moved"]')
    assert moved.count() == 1
    assert "nothing to decide" in moved.inner_text()
    assert page.locator("#decision-count").inner_text() == (
        "0 of 0 decided (1 of place or layout: nothing to decide)"
    )


def test_a_page_crop_shows_the_marked_words_and_opens_the_whole_page(
    browser: Browser, tmp_path: Path
) -> None:
    """Issue 30: the fixture's report with its page images. The current difference shows
    its crop beside its words, the crop draws the page under the mark (yellow over ink on
    the screen), and a click opens the whole page in a dialog, the mark kept."""
    from docreconcile.pipeline import Options, page_views_of

    report = compare(TEXT_VERSION, PDF_VERSION)
    views = page_views_of(report, TEXT_VERSION, PDF_VERSION, Options())
    page_file = tmp_path / "rapport.html"
    page_file.write_text(html.render(report, pages=views), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(page_file.as_uri())
    assert page.locator(".page-crops.inline:visible").count() == 0
    page.click("#next-difference")
    crop = page.locator(".diff.current ~ .page-crops.inline .page-open")
    assert crop.count() == 1 and crop.is_visible()
    mark = crop.locator("rect.mark")
    picture = Image.open(io.BytesIO(mark.screenshot()))
    colours = picture.convert("RGB").getcolors(1 << 16) or []
    tinted = sum(n for n, (r, g, b) in colours if r > 200 and g > 170 and r - b > 50)
    dark = sum(n for n, (r, g, b) in colours if max(r, g, b) < 110)
    total = sum(n for n, _ in colours)
    assert tinted / total > 0.2 and dark / total > 0.01, (tinted, dark, total)
    crop.click()
    dialog = page.locator("#page-view")
    assert dialog.is_visible()
    whole = dialog.locator("svg")
    assert whole.get_attribute("viewBox") == crop.get_attribute("data-page")
    assert whole.locator("rect.mark").count() == 1
    page.click("#page-close")
    assert not dialog.is_visible()
