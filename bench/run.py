"""Benchmark docreconcile on long documents; write bench/RESULTS.md.

    python bench/run.py                 # 10, 100 and 500 pages (about 10 minutes on 2 cores)
    python bench/run.py --pages 10 100  # some sizes only

For each size it generates a realistic document (real Swedish sentences from the bundled
fixture and the real-world corpus, headings, justified A4 pages with a running header and
`Sida N av M`), a text version and a PDF with known edits injected (one every ~5 pages),
then measures:

- whole-process wall time and peak memory of `docreconcile a.txt b.pdf --format json`
  (peak RSS of the largest process: the main one or one of the --jobs readers),
- the time of each pipeline stage, run in-process (extract, normalise, align, diff with
  classify, report),
- the same figures for pdfminer.six's own `pdf2txt.py` on the same PDF, as the reference,
- whether every injected edit was found.

It is a benchmark, not a test: nothing here is asserted, and CI does not run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "fixtures" / "linkoping" / "tjansteskrivelse.txt",
    *sorted((ROOT / "tests" / "corpus").glob("*.txt")),
]
PARAGRAPHS_PER_PAGE = 6  # justified 10.5 pt Vera on A4 holds about this many of these paragraphs
EDIT_EVERY_PAGES = 5


@dataclass
class Edit:
    paragraph: int
    old: str
    new: str


def sentences(sources: list[Path] = SOURCES) -> list[str]:
    """Real Swedish sentences, long enough to be prose."""
    found: list[str] = []
    for path in sources:
        text = " ".join(path.read_text(encoding="utf-8").split())
        found += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text) if len(s.split()) >= 8]
    return sorted(set(found))


def generate(pages: int, seed: int = 2026) -> tuple[list[str], list[str], list[Edit]]:
    """Paragraphs of the text version, of the PDF version (edited), and the edits made."""
    generator = random.Random(seed + pages)
    pool = sentences()
    original: list[str] = []
    for number in range(pages * PARAGRAPHS_PER_PAGE):
        if number % 9 == 0:
            original.append(f"Avsnitt {number // 9 + 1}")
        original.append(" ".join(generator.sample(pool, generator.randint(2, 4))))
    edited = list(original)
    edits: list[Edit] = []
    for index in range(3, len(original), EDIT_EVERY_PAGES * PARAGRAPHS_PER_PAGE):
        words = [
            w for w in re.findall(r"[^\W\d_]{6,}", edited[index]) if edited[index].count(w) == 1
        ]
        if not words:
            continue
        old = generator.choice(words)
        new = old[:-2] + old[-1] + old[-2]  # swap two letters: a typo a proofreader must catch
        if new == old:  # the two letters were the same ("därtill")
            new = old[:-1]
        edited[index] = edited[index].replace(old, new, 1)
        edits.append(Edit(index, old, new))
    return original, edited, edits


def write_pdf(paragraphs: list[str], output: Path) -> int:
    from reportlab import rl_config
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    fonts = Path(os.path.dirname(rl_config.__file__)) / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(fonts / "VeraBd.ttf")))
    rl_config.invariant = 1
    body = ParagraphStyle(
        "b", fontName="Vera", fontSize=10.5, leading=13.5, alignment=TA_JUSTIFY, spaceAfter=8
    )
    heading = ParagraphStyle("h", fontName="Vera-Bold", fontSize=11, leading=14, spaceAfter=4)
    total = {"pages": 0}

    def decorate(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Vera", 8.5)
        canvas.drawString(2.5 * cm, A4[1] - 1.5 * cm, "KUNGSBACKA KOMMUN")
        canvas.drawCentredString(
            A4[0] / 2, 1.4 * cm, f"Sida {document.page} av {total['pages'] or '?'}"
        )
        canvas.restoreState()

    def build() -> int:
        document = SimpleDocTemplate(
            str(output), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm
        )
        story = [Paragraph(p, heading if p.startswith("Avsnitt") else body) for p in paragraphs]
        document.build(story, onFirstPage=decorate, onLaterPages=decorate)
        return int(document.page)

    total["pages"] = build()
    return build()


# Runs a command and prints the peak RSS (KB) of the largest process in its tree. A fresh
# wrapper per measurement: RUSAGE_CHILDREN's maximum never goes down within one process.
_WRAPPER = (
    "import resource, subprocess, sys;"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
)


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall time (s), peak RSS of the largest process in the tree (MB), exit status."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    peak_kb, status = result.stdout.split()
    return wall, int(peak_kb) / 1024, int(status)


def stage_times(
    text: Path, pdf: Path, jobs: int
) -> tuple[dict[str, float], list[tuple[str, str]], int]:
    """Each pipeline stage timed in this process; the substantive (a, b) found; paragraphs."""
    sys.path.insert(0, str(ROOT / "src"))
    from docreconcile.allocation import fewer_collections
    from docreconcile.extract import extract

    times: dict[str, float] = {}
    start = time.perf_counter()
    document_a, document_b = extract(text), extract(pdf, jobs=jobs)
    with fewer_collections():  # as compare_documents runs the stages
        return _stages_after_extraction(document_a, document_b, times, start)


def _stages_after_extraction(document_a, document_b, times, start):  # type: ignore[no-untyped-def]
    """The stages after extraction, each timed, as `compare_documents` runs them."""
    from docreconcile.align import align
    from docreconcile.classify import classify
    from docreconcile.pipeline import _info, _views
    from docreconcile.diff import diff
    from docreconcile.model import Report, Row, Severity
    from docreconcile.normalize import normalize
    from docreconcile.relocate import relocate
    from docreconcile.report import json as json_report

    times["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    clean_a, clean_b = normalize(document_a), normalize(document_b)
    times["normalise"] = time.perf_counter() - start
    runs = []
    for _ in range(3):  # the best of three: a single short run is mostly noise
        start = time.perf_counter()
        pairs = align(clean_a.paragraphs, clean_b.paragraphs)
        runs.append(time.perf_counter() - start)
    times["align"] = min(runs)
    start = time.perf_counter()
    changes = diff(pairs, clean_a.paragraphs, clean_b.paragraphs)
    times["diff"] = time.perf_counter() - start
    start = time.perf_counter()
    changes = relocate(changes, clean_a.paragraphs, clean_b.paragraphs)
    times["relocate"] = time.perf_counter() - start
    start = time.perf_counter()
    differences = classify(changes, pairs, clean_a, clean_b)
    times["diff"] += time.perf_counter() - start
    start = time.perf_counter()
    report = Report(
        _info(clean_a),
        _info(clean_b),
        tuple(differences),
        _views(clean_a),
        _views(clean_b),
        tuple(Row(p.kind, p.a, p.b) for p in pairs),
    )
    json_report.render(report, "minor")  # what the measured command renders (the default --show)
    times["report"] = time.perf_counter() - start
    found = [(d.a, d.b) for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    return times, found, len(clean_b.paragraphs)


def html_build(original: list[str]) -> tuple[int, int, float]:
    """The HTML report of a comparison with a difference in every paragraph: each
    paragraph's fourth word changed, and every paragraph shuffled (all of it relocated).
    Returns paragraphs, differences and the seconds `html.render` took (best of 3)."""
    sys.path.insert(0, str(ROOT / "src"))
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text
    from docreconcile.report import html

    edited = []
    for paragraph in original:
        words = paragraph.split(" ")
        if len(words) > 4:
            words[3] = words[3] + "x"
        edited.append(" ".join(words))
    random.Random(11).shuffle(edited)
    a = extract_text(Path("a.txt"), ("\n\n".join(original) + "\n").encode("utf-8"))
    b = extract_text(Path("b.txt"), ("\n\n".join(edited) + "\n").encode("utf-8"))
    report = compare_documents(a, b)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        html.render(report)
        runs.append(time.perf_counter() - start)
    return len(report.a_paragraphs), len(report.differences), min(runs)


def shuffled_relocation(original: list[str]) -> tuple[float, float, int, int]:
    """The worst case for relocation: the text against itself with every paragraph moved.

    Nothing aligns in order, so every word is left over for relocate to match. Returns the
    relocate time (best of 3), the time of all stages after extraction, the leftover
    tokens, and the substantive differences found (0 expected).
    """
    sys.path.insert(0, str(ROOT / "src"))
    from docreconcile import Severity, compare_documents
    from docreconcile.align import align
    from docreconcile.diff import diff
    from docreconcile.extract.text import extract_text
    from docreconcile.normalize import normalize
    from docreconcile.relocate import relocate

    shuffled = list(original)
    random.Random(7).shuffle(shuffled)
    a = extract_text(Path("a.txt"), ("\n\n".join(original) + "\n").encode("utf-8"))
    b = extract_text(Path("b.txt"), ("\n\n".join(shuffled) + "\n").encode("utf-8"))
    start = time.perf_counter()
    report = compare_documents(a, b)
    total = time.perf_counter() - start
    clean_a, clean_b = normalize(a), normalize(b)
    changes = diff(
        align(clean_a.paragraphs, clean_b.paragraphs), clean_a.paragraphs, clean_b.paragraphs
    )
    leftover = sum(len(change.a_tokens) + len(change.b_tokens) for change in changes)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        relocate(changes, clean_a.paragraphs, clean_b.paragraphs)
        runs.append(time.perf_counter() - start)
    substantive = sum(d.severity is Severity.SUBSTANTIVE for d in report.differences)
    return min(runs), total, leftover, substantive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    arguments = parser.parse_args()
    docreconcile = shutil.which("docreconcile")
    pdf2txt = shutil.which("pdf2txt.py")
    if docreconcile is None or pdf2txt is None:
        raise SystemExit("install the project first: python -m pip install -e '.[test]'")
    rows = []
    shuffled: list[tuple[float, float, int, int]] = []
    built: list[tuple[int, int, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        for pages in arguments.pages:
            original, edited, edits = generate(pages)
            text = Path(folder) / f"doc{pages}.txt"
            pdf = Path(folder) / f"doc{pages}.pdf"
            text.write_text("\n\n".join(original) + "\n", encoding="utf-8")
            actual_pages = write_pdf(edited, pdf)
            ours = measure(
                [
                    docreconcile,
                    str(text),
                    str(pdf),
                    "--format",
                    "json",
                    "--no-cache",
                    "--no-progress",
                    "-j",
                    str(arguments.jobs),
                ]
            )
            reference = measure([pdf2txt, str(pdf), "-o", os.devnull])
            times, found, paragraphs = stage_times(text, pdf, arguments.jobs)
            expected = [(edit.old, edit.new) for edit in edits]
            rows.append((pages, actual_pages, paragraphs, ours, reference, times, expected, found))
            shuffled.append(shuffled_relocation(original))
            built.append(html_build(original))
            print(
                f"{actual_pages} pages: docreconcile {ours[0]:.1f} s {ours[1]:.0f} MB, "
                f"pdf2txt.py {reference[0]:.1f} s {reference[1]:.0f} MB, stages {times}, "
                f"edits found {sum(e in found for e in expected)}/{len(expected)}, extra {len(set(found) - set(expected))}"
            )
    kept = ""  # bench/against_pdf2txt.py's section, kept as it stands
    if arguments.output.exists():
        previous = arguments.output.read_text(encoding="utf-8")
        marker = "<!-- begin: bench/against_pdf2txt.py -->"
        if marker in previous:
            kept = "\n" + marker + previous.split(marker, 1)[1]
    arguments.output.write_text(render(rows, shuffled, built, arguments) + kept, encoding="utf-8")
    print(f"wrote {arguments.output}")


WORST_CASE_NOTE = """
Relocation stays linear in the leftovers in the ordinary case (the table above), but not
in this worst case: {tokens:.1f}x tokens cost {relocate:.1f}x relocate time and {total:.1f}x in all
(most of it alignment, whose gap search meets no paragraph in its place). The substantive
differences found are short pieces (the generated headings, a few words a shingle could
not place among the many repeats of the generated sentences) moved farther than a page:
by design a short piece is matched only near its place, so that one word deleted here and
inserted pages away stays a real difference.
"""


def render(rows: list, shuffled: list, built: list, arguments: argparse.Namespace) -> str:  # type: ignore[type-arg]
    import pdfminer

    lines = [
        "# Benchmark results",
        "",
        f"Command: `python bench/run.py --pages {' '.join(map(str, arguments.pages))} --jobs {arguments.jobs}`",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pdfminer.six {pdfminer.__version__}, {time.strftime('%Y-%m-%d')}.",
        "",
        "Documents: real Swedish sentences (fixture and corpus), headings every nine paragraphs,",
        "justified A4 (reportlab, Vera 10.5 pt), running header, `Sida N av M`; one injected typo",
        f"every {EDIT_EVERY_PAGES} pages. Peak memory is the RSS of the largest process (main or a reader).",
        "",
        "## Whole process",
        "",
        "| pages | paragraphs | docreconcile wall | docreconcile peak | pdf2txt.py wall | pdf2txt.py peak | edits found | other substantive |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pages, actual, paragraphs, ours, reference, times, expected, found in rows:
        hits = sum(edit in found for edit in expected)
        extra = len([f for f in found if f not in expected])
        lines.append(
            f"| {actual} | {paragraphs} | {ours[0]:.2f} s | {ours[1]:.0f} MB | {reference[0]:.2f} s | "
            f"{reference[1]:.0f} MB | {hits}/{len(expected)} | {extra} |"
        )
    lines += [
        "",
        "## Stages (in-process, seconds; share of all)",
        "",
        "| pages | extract | normalise | align | relocate | diff + classify | report | after extraction vs pdf2txt.py |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for pages, actual, paragraphs, ours, reference, times, expected, found in rows:
        total = sum(times.values())
        after = total - times["extract"]
        cells = " | ".join(
            f"{times[stage]:.3f} ({100 * times[stage] / total:.1f}%)"
            for stage in ("extract", "normalise", "align", "relocate", "diff", "report")
        )
        lines.append(f"| {actual} | {cells} | {100 * after / reference[0]:.1f}% |")
    largest = rows[-1]
    _, actual, paragraphs, ours, reference, times, expected, found = largest
    after = sum(times.values()) - times["extract"]
    hits = sum(edit in found for edit in expected)
    extra = len([f for f in found if f not in expected])

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    lines += [
        "",
        f"## Targets, at {actual} pages",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        f"| everything after extraction < 10% of pdf2txt.py's time | {100 * after / reference[0]:.1f}% "
        f"({after:.2f} s of {reference[0]:.2f} s) | {verdict(after < 0.1 * reference[0])} |",
        f"| clearly less wall time than pdf2txt.py with --jobs {arguments.jobs} | {ours[0]:.2f} s vs "
        f"{reference[0]:.2f} s ({100 * (1 - ours[0] / reference[0]):.0f}% less) | "
        f"{verdict(ours[0] < 0.8 * reference[0])} |",
        f"| peak memory < 500 MB | {ours[1]:.0f} MB | {verdict(ours[1] < 500)} |",
        f"| all injected edits found, nothing else | {hits}/{len(expected)}, {extra} other | "
        f"{verdict(hits == len(expected) and extra == 0)} |",
    ]
    if len(rows) >= 2:
        previous = rows[-2]
        size = paragraphs / previous[2]
        for stage, name in (("align", "alignment"), ("relocate", "relocation (word matching)")):
            growth = times[stage] / max(previous[5][stage], 1e-6)
            lines.append(
                f"| {name} about linear: at most ~1.2x the growth of paragraphs | {size:.1f}x "
                f"paragraphs, {growth:.1f}x time | {verdict(growth <= 1.2 * size)} |"
            )
    lines += [
        "",
        "## Relocation, worst case: every paragraph moved",
        "",
        "The text against itself with its paragraphs shuffled: nothing aligns in order, so",
        "every word is left over for relocate to match (shingles, pieces, single words).",
        "",
        "| pages | leftover tokens | relocate (best of 3) | per 1,000 tokens | all stages after extraction | substantive found |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row, (relocate_time, total, leftover, substantive) in zip(rows, shuffled, strict=True):
        actual = row[1]
        lines.append(
            f"| {actual} | {leftover} | {relocate_time:.3f} s | {1000 * relocate_time / max(leftover, 1) * 1000:.1f} ms "
            f"| {total:.2f} s | {substantive} |"
        )
    if len(shuffled) >= 2:
        (
            (relocate_before, total_before, tokens_before, _),
            (relocate_after, total_after, tokens_after, _),
        ) = shuffled[-2:]
        note = WORST_CASE_NOTE.format(
            tokens=tokens_after / tokens_before,
            relocate=relocate_after / relocate_before,
            total=total_after / total_before,
        )
        lines += ["", *note.strip("\n").split("\n")]
    lines += [
        "",
        "## HTML report build",
        "",
        "The text against itself with a word changed in every paragraph and every paragraph",
        "shuffled: a difference (or several) in every paragraph. `html.render`, best of 3.",
        "",
        "| paragraphs | differences | HTML build | per 1,000 paragraphs + differences | growth vs previous size |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    previous_build = None
    for paragraphs, differences, seconds in built:
        size = paragraphs + differences
        growth = ""
        if previous_build is not None:
            growth = (
                f"{size / previous_build[0]:.1f}× size, {seconds / previous_build[1]:.1f}× time"
            )
        lines.append(
            f"| {paragraphs} | {differences} | {seconds:.3f} s | {1000 * seconds / size * 1000:.1f} ms | {growth} |"
        )
        previous_build = (size, seconds)
    lines += [
        "",
        "## Alignment growth",
        "",
        "| pages | paragraphs | align (best of 3) | per paragraph | growth vs previous size |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for pages, actual, paragraphs, ours, reference, times, expected, found in rows:
        growth = ""
        if previous is not None:
            growth = f"{paragraphs / previous[0]:.1f}× paragraphs, {times['align'] / previous[1]:.1f}× time"
        lines.append(
            f"| {actual} | {paragraphs} | {times['align']:.3f} s | {1e6 * times['align'] / paragraphs:.0f} µs | {growth} |"
        )
        previous = (paragraphs, times["align"])
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
