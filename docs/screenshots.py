"""Make the README's pictures: the terminal report and `review` (tmux captures) and the HTML
report at 1280 and 390 px and its enlarged page (Chromium, through Playwright), on a
real revision of a Kungsbacka memo.

    python docs/screenshots.py

The revision is memo 05 (Tage Larssons stiftelse) revised by tests/revisions.py (a date
and a sum changed, a sentence reworded), compared with the memo's PDF as LibreOffice set it.
Needs tmux and Chromium (Debian: apt-get install tmux chromium).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MEMO = "05-ifo-tage-larssons-stiftelse-2025"


def revised_memo(folder: Path) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT))
    from tests.revisions import revise

    original = (ROOT / "tests" / "memos" / f"{MEMO}.txt").read_text(encoding="utf-8")
    revised, _ = revise(original)
    text = folder / "tjansteskrivelse-reviderad.txt"
    text.write_text(revised, encoding="utf-8")
    pdf = folder / "tjansteskrivelse.pdf"
    shutil.copy(ROOT / "tests" / "memos" / f"{MEMO}.pdf", pdf)
    return text, pdf


def terminal(
    text: Path, pdf: Path, colour: bool, command: str = "", until: str = "layout."
) -> str:
    """The report (or another `command`) as a 100-column terminal shows it, captured from
    tmux once `until` shows (with its colours as ANSI escapes, with `colour`)."""
    session = f"docreconcile-docs-{int(colour)}"
    run = command or f"docreconcile {text.name} {pdf.name}"
    command = f"cd {text.parent} && {run}; sleep 30"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "100",
            "-y",
            "60",
            "-e",
            "TERM=xterm-256color",
            command,
        ],
        check=True,
    )
    try:
        for _ in range(100):
            time.sleep(0.2)
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", *(["-e"] if colour else []), "-t", session],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if until in screen:
                return screen.rstrip() + "\n"
        raise SystemExit("docreconcile did not finish in tmux")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)


def terminal_picture(screen: str, browser: object, name: str = "terminal.png") -> None:
    """The coloured capture drawn as a terminal draws it (rich reads the escapes), then
    photographed by Chromium."""
    from rich.console import Console
    from rich.text import Text

    from rich.terminal_theme import MONOKAI

    console = Console(record=True, width=100, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(Text.from_ansi(screen))
    page_html = console.export_html(theme=MONOKAI, inline_styles=True)
    page = browser.new_page(viewport={"width": 1100, "height": 400})  # type: ignore[attr-defined]
    page.set_content(page_html)
    page.locator("pre").screenshot(path=str(DOCS / name))


def html_pictures(text: Path, pdf: Path, screen: str, review: str) -> None:
    from playwright.sync_api import sync_playwright

    report = text.parent / "rapport.html"
    subprocess.run(
        ["docreconcile", str(text), str(pdf), "--html", str(report), "--no-progress"],
        check=False,
        capture_output=True,
    )
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox"]
        )
        for width, height in ((1280, 800), (390, 844)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(report.as_uri())
            page.click("#next-difference")
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / f"report-{width}.png"))
            if width == 1280:  # the current difference's page crop opens its whole page
                page.click(".diff.current ~ .page-crops .page-open")
                page.wait_for_timeout(300)
                page.screenshot(path=str(DOCS / "report-page-1280.png"))
        terminal_picture(screen, browser)
        terminal_picture(review, browser, "review.png")
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        text, pdf = revised_memo(Path(folder))
        (DOCS / "terminal.txt").write_text(terminal(text, pdf, colour=False), encoding="utf-8")
        review = f"docreconcile review {text.name} {pdf.name} --decisions beslut.json"
        html_pictures(
            text,
            pdf,
            terminal(text, pdf, colour=True),
            terminal(text, pdf, colour=True, command=review, until="q: quit"),
        )
    print(
        "wrote docs/terminal.txt, docs/terminal.png, docs/report-1280.png, "
        "docs/report-390.png, docs/report-page-1280.png, docs/review.png"
    )


if __name__ == "__main__":
    main()
