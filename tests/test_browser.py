"""The HTML report in a real browser: headless Chromium driven by Playwright.

Needs Debian's `chromium` (`.ci/run` installs it) and the `playwright` package (test extra);
Playwright's own browser download is not used.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from docreconcile import compare
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
    assert executable, "install Chromium first (Debian: apt-get install chromium), as .ci/run does"
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
    assert substantive.nth(0).inner_text().startswith("#38 spelling: Ardan → Ardalan")
    assert page.locator('.difference-item[data-severity="layout"]:visible').count() == 0
    assert page.locator("ins.substantive").all_inner_texts() == ["Ardalan", "genomlysa"]

    start = page.evaluate("window.scrollY")
    page.click("#next-difference")
    first = page.evaluate("window.scrollY")
    assert first > start
    assert page.locator("#d38.current").inner_text() == "Ardalan"
    page.keyboard.press("n")
    second = page.evaluate("window.scrollY")
    assert second > first
    assert page.locator("#d45.current").inner_text() == "genomlysa"
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
    assert page.locator(".difference-item:visible").all_inner_texts()[0].startswith("#23 rule")
    page.uncheck('.severity-filter[value="substantive"]')
    page.select_option("#category-filter", "")
    assert page.locator('.difference-item[data-severity="substantive"]:visible').count() == 0


def test_swedish_letters_render(browser: Browser, report_file: Path) -> None:
    page = browser.new_page()
    page.goto(report_file.as_uri())
    assert "Åsa Regner" in page.inner_text("main")
    assert "Håkansson" in page.inner_text("main")
