"""docreconcile on real PDFs beside pdf2txt.py, pdftotext and a naive pipeline (issue 32).

    python bench/realpdfs.py                          # 4, 10, 100, 500 and 1,000 pages
    python bench/realpdfs.py --sizes 100 --rounds 3

The synthetic PDF of `bench/run.py` is set by reportlab in whole strings; real PDFs are
written with kerning-split text operators and cost a reader more per character. So each
size here is made of real public documents: the PDFs of `tests/realworld/` (their
sources in its SOURCES.md) joined by qpdf, in turn, until the size is reached (4 and 10
pages: Dir. 2014:158 and prop. 2012/13:144 alone). The text version is poppler's text
of the joined PDF with three edits injected (`tests/edits.py`).

Measured per command, in interleaved rounds (medians): CPU (user + system of the whole
process tree) and the peak memory of the largest process, by `against_pdf2txt.measure`.

- `pdf2txt.py`: pdfminer.six's own text extraction of the PDF;
- `pdftotext`: poppler's;
- naive: `pdftotext` and Python's difflib over the two texts' lines;
- docreconcile, text against PDF, one process, each engine;
- the comparison after reading: `compare_documents` alone, in-process, on the documents
  the PDFium engine read (its CPU only; no memory of its own to show).

Writes bench/REALPDFS.md. It is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from against_pdf2txt import measure  # noqa: E402

from tests.edits import inject_edits  # noqa: E402

REALWORLD = HERE.parent / "tests" / "realworld"
SMALL = {4: "dir-2014-158.pdf", 10: "prop-2012-13-144.pdf"}
"""Sizes of one real document each: a small file pays start-up, not reading."""

NAIVE = (
    "import difflib, subprocess, sys;"
    "pdf = subprocess.run(['pdftotext', sys.argv[2], '-'], capture_output=True, text=True).stdout;"
    "text = open(sys.argv[1], encoding='utf-8').read();"
    "sys.stdout.writelines(difflib.unified_diff(text.splitlines(), pdf.splitlines()))"
)
"""The pipeline a user writes first: poppler's text, then difflib over the lines."""


def page_count(pdf: Path) -> int:
    result = subprocess.run(
        ["qpdf", "--show-npages", str(pdf)], capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def joined(pages: int, folder: Path) -> Path:
    """A real PDF of `pages` pages: one real document, or several joined in turn."""
    if pages in SMALL:
        return REALWORLD / SMALL[pages]
    sources = sorted(p for p in REALWORLD.glob("*.pdf") if page_count(p) >= 2)
    chosen: list[str] = []
    total = 0
    while total < pages:
        for source in sources:
            count = min(page_count(source), pages - total)
            chosen += [str(source), f"1-{count}"]
            total += count
            if total >= pages:
                break
    target = folder / f"real-{pages}.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *chosen, "--", str(target)], check=True)
    return target


AFTER_READING = (
    "import sys, time; from pathlib import Path;"
    "from docreconcile.extract import extract;"
    "from docreconcile.pipeline import compare_documents;"
    "a, b = (extract(Path(p), jobs=1, cache=None, engine='pdfium') for p in sys.argv[1:3]);"
    "start = time.process_time(); compare_documents(a, b);"
    "print(time.process_time() - start)"
)
"""Times the comparison after reading only: normalise, align, diff, relocate, classify."""


def after_reading(text: Path, pdf: Path) -> tuple[float, float, float]:
    """CPU seconds of `compare_documents` on the pair, as `measure` gives a command's."""
    result = subprocess.run(
        [sys.executable, "-c", AFTER_READING, str(text), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.split()[-1]), float("nan"), float("nan")


def text_of(pdf: Path, folder: Path) -> Path:
    """poppler's text of `pdf`, three edits injected."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    edited, _ = inject_edits(text)
    target = folder / f"{pdf.stem}.txt"
    target.write_text(edited, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 10, 100, 500, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "REALPDFS.md")
    arguments = parser.parse_args()
    docreconcile, pdf2txt = shutil.which("docreconcile"), shutil.which("pdf2txt.py")
    if docreconcile is None or pdf2txt is None or shutil.which("qpdf") is None:
        raise SystemExit("needs the project installed, qpdf and poppler-utils")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            pdf = joined(size, Path(folder))
            text = text_of(pdf, Path(folder))
            fresh = ["--format", "json", "--no-progress", "--no-cache", "-j", "1"]
            commands = {
                "pdf2txt.py": [pdf2txt, str(pdf), "-o", os.devnull],
                "pdftotext": ["pdftotext", str(pdf), os.devnull],
                "naive (pdftotext + difflib)": [sys.executable, "-c", NAIVE, str(text), str(pdf)],
                "docreconcile": [docreconcile, str(text), str(pdf), *fresh],
                "docreconcile --engine pdfium": [
                    docreconcile,
                    str(text),
                    str(pdf),
                    *fresh,
                    "--engine",
                    "pdfium",
                ],
            }
            rounds = arguments.rounds if size <= 100 else max(1, arguments.rounds - 1)
            runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
            runs[AFTER] = []
            for number in range(rounds):
                for name, command in commands.items():
                    runs[name].append(measure(command))
                runs[AFTER].append(after_reading(text, pdf))
                print(f"{size} pages: round {number + 1} of {rounds}", file=sys.stderr)
            medians = {
                name: tuple(statistics.median(run[i] for run in measured) for i in range(3))
                for name, measured in runs.items()
            }
            rows.append((size, page_count(pdf), rounds, medians))
            print(render(rows), file=sys.stderr)
    arguments.output.write_text(render(rows), encoding="utf-8")
    print(render(rows))


AFTER = "comparison after reading"


def render(rows: list[tuple[int, int, int, dict[str, tuple[float, ...]]]]) -> str:
    import pdfminer

    lines = [
        "# docreconcile on real PDFs (issue 32)",
        "",
        f"`python bench/realpdfs.py`: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pdfminer.six {pdfminer.__version__}, "
        f"{time.strftime('%Y-%m-%d')}. Real public documents (tests/realworld) joined by "
        "qpdf; their text by pdftotext with three edits. CPU of the whole process tree, "
        "peak memory of its largest process, medians of interleaved rounds.",
        "",
        "| pages | command | CPU | vs pdf2txt.py | peak memory | vs pdf2txt.py | rounds |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for _size, pages, rounds, medians in rows:
        reference_cpu, reference_peak, _ = medians["pdf2txt.py"]
        for name, (cpu, peak, _wall) in medians.items():
            # the comparison after reading has no process, so no memory, of its own
            memory = (
                "– | –" if math.isnan(peak) else f"{peak:.0f} MB | {peak / reference_peak:.2f}x"
            )
            lines.append(
                f"| {pages} | {name} | {cpu:.2f} s | {cpu / reference_cpu:.2f}x | "
                f"{memory} | {rounds} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
