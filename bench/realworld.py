"""Measure docreconcile on the real-world PDFs: each against poppler's text of it.

    python bench/realworld.py                 # counts per pair and per category
    python bench/realworld.py --show dmca     # also print the substantive differences of a pair
    python bench/realworld.py --only irs      # only the pairs whose name starts so
    python bench/realworld.py --record        # write the counts into the tests' MEASURED ratchet
    python bench/realworld.py --engine pdfium # read the PDFs with PDFium

An unedited pair (the same PDF read by two extractors) should have no substantive
difference; the count per pair and per category is what is left to explain.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from docreconcile import Severity, compare_documents
from docreconcile.extract.cache import Cache
from docreconcile.extract import extract

HERE = Path(__file__).resolve().parent
REALWORLD = HERE.parent / "tests" / "realworld"
RATCHET = HERE.parent / "tests" / "test_integ_realworld.py"


def record(counts: dict[str, int]) -> None:
    """Write each pair's count into the MEASURED table of the real-world tests."""
    text = RATCHET.read_text(encoding="utf-8")
    for pair, count in counts.items():
        text, found = re.subn(rf'(    "{re.escape(pair)}": )\d+,', rf"\g<1>{count},", text)
        if found != 1:
            sys.exit(f"{pair} is not in MEASURED of {RATCHET.name}: add it by hand first")
    RATCHET.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show", default="", help="print the differences of pairs whose name starts so"
    )
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--only", default="", help="measure only pairs whose name starts so")
    parser.add_argument("--record", action="store_true", help="write the counts into MEASURED")
    parser.add_argument(
        "--engine", default="pdfminer", choices=("pdfminer", "pdfium"), help="the PDF reader"
    )
    arguments = parser.parse_args()
    cache = Cache(Path("/tmp/docreconcile-bench-cache"))
    total: Counter[str] = Counter()
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for pdf in sorted(REALWORLD.glob("*.pdf")):
        if not pdf.name.startswith(arguments.only):
            continue
        document_b = extract(pdf, cache=cache, jobs=2, engine=arguments.engine)
        for variant in ("raw", "reflowed"):
            text = pdf.with_suffix(f".{variant}.txt")
            report = compare_documents(extract(text), document_b)
            substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
            by_category = Counter(d.category.value for d in substantive)
            total.update(by_category)
            counts[f"{pdf.stem}.{variant}"] = len(substantive)
            total["pairs"] += 1
            total["pairs with substantive"] += bool(substantive)
            print(f"{pdf.stem:30} {variant:9} {len(substantive):5}  {dict(by_category)}")
            if arguments.show and f"{pdf.stem}.{variant}".startswith(arguments.show):
                for d in substantive[: arguments.limit]:
                    print(
                        f"   #{d.id} {d.category.value} A:{d.a_location and d.a_location.describe()} "
                        f"B:{d.b_location and d.b_location.describe()}\n      A: {d.a[:150]!r}\n      B: {d.b[:150]!r}"
                    )
    print(
        f"total substantive: {sum(v for k, v in total.items() if not k.startswith('pairs'))}  {dict(total)}"
    )
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    if arguments.record and not arguments.only and arguments.engine == "pdfminer":
        record(counts)
        print(f"recorded in {RATCHET.relative_to(HERE.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
