"""Measure what the page images cost the HTML report: time and size (issue 30).

    python bench/page_images.py            # the IRS instructions (50 pages) and AFS 2011:19 (34)
    python bench/page_images.py --rounds 5

Each real PDF is compared with poppler's text of it, one letter changed on every page
(a word of six letters or more, its middle letter), so that every page holds a
difference to show. The HTML report is written with and without `page_images`, in
interleaved rounds; the medians and the report's size are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docreconcile.extract.cache import Cache  # noqa: E402
from docreconcile.pipeline import Options, compare, page_views_of  # noqa: E402
from docreconcile.report import html  # noqa: E402

REALWORLD = HERE.parent / "tests" / "realworld"
DOCUMENTS = ("irs_i1040nr", "afs-2011-19")
_LONG_WORD = re.compile(r"\b[^\W\d_]{6,}\b")


def edited_pages(text: str) -> tuple[str, int]:
    """The text with one letter changed on each page (form feed to form feed)."""
    pages = text.split("\f")
    edits = 0
    for number, page in enumerate(pages):
        words = list(_LONG_WORD.finditer(page))
        if not words:
            continue
        word = words[len(words) // 2]
        middle = word.start() + len(word.group()) // 2
        letter = page[middle]
        other = "e" if letter.lower() != "e" else "a"
        pages[number] = page[:middle] + other + page[middle + 1 :]
        edits += 1
    return "\f".join(pages), edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    print("| document | pages | differences shown | pages rendered | report without | with | "
          "time without | with | added per 10 pages |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    folder = Path("/tmp/docreconcile-bench-page-images")
    folder.mkdir(exist_ok=True)
    for name in DOCUMENTS:
        pdf = REALWORLD / f"{name}.pdf"
        text, _ = edited_pages((REALWORLD / f"{name}.raw.txt").read_text(encoding="utf-8"))
        edited = folder / f"{name}.txt"
        edited.write_text(text, encoding="utf-8")
        options = Options(cache=Cache(folder / "cache"))  # as the command line has it
        report = compare(edited, pdf, options)
        shown = sum(d.severity.value != "layout" for d in report.differences)
        plain: list[float] = []
        pictured: list[float] = []
        sizes = (0, 0)
        pages = 0
        for _ in range(arguments.rounds):
            started = time.perf_counter()
            without = html.render(report)
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            views = page_views_of(report, edited, pdf, options)
            with_pages = html.render(report, pages=views)
            pictured.append(time.perf_counter() - started)
            sizes = (len(without.encode()), len(with_pages.encode()))
            pages = len(views.images) if views else 0
        added = statistics.median(pictured) - statistics.median(plain)
        print(
            f"| {name} | {report.b.pages} | {shown} | {pages} | {sizes[0] / 1e6:.2f} MB | "
            f"{sizes[1] / 1e6:.2f} MB | {statistics.median(plain):.2f} s | "
            f"{statistics.median(pictured):.2f} s | {added / max(pages, 1) * 10:.2f} s |"
        )


if __name__ == "__main__":
    main()
