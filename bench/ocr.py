"""Measure `--ocr` on scans of real documents: what it costs and what it reports.

    python bench/ocr.py                # the corpus at 300 and 200 dpi, then the timing
    python bench/ocr.py --show         # also print each substantive difference
    python bench/ocr.py --timing-only  # seconds per page, --jobs 1 and --jobs 2

The corpus: the eight Kungsbacka memos (their PDFs, set by LibreOffice, against their
texts) and the short Swedish real-world PDFs of tests/realworld (against poppler's text),
each scanned by tests/scans/make_scans.py (rendered, turned, blurred, specked, JPEG) at
300 and 200 dpi. For each: the substantive differences of the unedited pair, and whether
the three edits of tests/edits.py injected into the text (a letter, a digit, a word
deleted) each come out as a substantive difference on their line.

Timing: a 10-page scan (prop. 2012/13:144 at 300 dpi) read with `--ocr auto`, no cache,
`--jobs 1` and `--jobs 2`, median of three rounds of CPU-independent wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docreconcile import Severity, compare_documents  # noqa: E402
from docreconcile.extract import extract  # noqa: E402
from docreconcile.extract.cache import Cache  # noqa: E402
from docreconcile.extract.text import extract_text  # noqa: E402
from docreconcile.misreadings import without_diacritics  # noqa: E402
from tests.edits import inject_edits  # noqa: E402
from tests.scans.make_scans import scan  # noqa: E402

TESTS = HERE.parent / "tests"
REALWORLD = (
    "arn-2013-07406",
    "dir-2014-158",
    "dir-2017-29",
    "prop-2008-09-5-part",
    "prop-2012-13-182-part",
    "prop-2012-13-187-part",
    "remiss-instance",
)


def corpus() -> list[tuple[str, Path, Path]]:
    """(name, PDF, its text) of every document scanned."""
    documents = [
        (pdf.stem[:12], pdf, pdf.with_suffix(".txt"))
        for pdf in sorted((TESTS / "memos").glob("*.pdf"))
    ]
    documents += [
        (name, TESTS / "realworld" / f"{name}.pdf", TESTS / "realworld" / f"{name}.raw.txt")
        for name in REALWORLD
    ]
    return documents


def substantive(
    text: Path, data: bytes, scanned: Path, cache: Cache
) -> list[tuple[str, str, str, int]]:
    report = compare_documents(
        extract_text(text, data), extract(scanned, cache=cache, jobs=2, ocr="auto")
    )
    return [
        (d.category.value, d.a, d.b, d.a_location.line if d.a_location else 0)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]


def _is_edit(
    difference: tuple[str, str, str, int], expected: tuple[str, str, str], line: int
) -> bool:
    """Whether a new substantive difference is the edit, on its line (the scan's side
    compared without diacritics, which OCR may have lost)."""
    _, a, b = (without_diacritics(text) for text in expected)
    return (
        difference[3] == line
        and a in without_diacritics(difference[1])
        and (a != "" or b in without_diacritics(difference[2]))
    )


def measure_corpus(folder: Path, show: bool) -> None:
    cache = Cache(folder / "cache")
    print("| document | dpi | pages | substantive (unedited) | edits found |")
    print("| --- | ---: | ---: | ---: | ---: |")
    totals = {300: [0, 0, 0, 0], 200: [0, 0, 0, 0]}
    for dpi in (300, 200):
        for name, pdf, text in corpus():
            target = folder / f"{name}-{dpi}.pdf"
            pages = scan(pdf, target, dpi=dpi, seed=len(name) + dpi)
            original = text.read_bytes()
            before = substantive(text, original, target, cache)
            edited, edits = inject_edits(original.decode("utf-8"))
            after = substantive(text, edited.encode("utf-8"), target, cache)
            new = [difference for difference in after if difference not in before]
            found = sum(any(_is_edit(d, edit.expected, edit.line) for d in new) for edit in edits)
            print(f"| {name} | {dpi} | {pages} | {len(before)} | {found} of {len(edits)} |")
            if show:
                for difference in before:
                    print(
                        f"|  | | | {difference[0]}: {difference[1]!r} / {difference[2]!r} (line {difference[3]}) | |"
                    )
            total = totals[dpi]
            total[0] += pages
            total[1] += len(before)
            total[2] += found
            total[3] += len(edits)
    for dpi, (pages, count, found, made) in totals.items():
        print(f"| all, {dpi} dpi | {dpi} | {pages} | {count} | {found} of {made} |")


def measure_timing(folder: Path) -> None:
    source = TESTS / "realworld" / "prop-2012-13-144.pdf"
    target = folder / "timing.pdf"
    pages = scan(source, target, dpi=300, seed=7)
    print(f"\n{source.name} scanned at 300 dpi: {pages} pages, read with --ocr auto, no cache")
    for jobs in (1, 2):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            extract(target, jobs=jobs, ocr="auto")
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        print(f"--jobs {jobs}: {median:.1f} s, {median / pages:.2f} s a page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each substantive difference")
    parser.add_argument("--timing-only", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docreconcile-ocr-") as name:
        folder = Path(name)
        if not arguments.timing_only:
            measure_corpus(folder, arguments.show)
        measure_timing(folder)


if __name__ == "__main__":
    main()
