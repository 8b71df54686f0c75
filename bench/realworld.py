"""Measure docreconcile on the real-world PDFs: each against poppler's text of it.

    python bench/realworld.py                 # counts per pair and per category
    python bench/realworld.py --show dmca     # also print the substantive differences of a pair

An unedited pair (the same PDF read by two extractors) should have no substantive
difference; the count per pair and per category is what is left to explain.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from docreconcile import Severity, compare_documents
from docreconcile.cache import Cache
from docreconcile.extract import extract

HERE = Path(__file__).resolve().parent
REALWORLD = HERE.parent / "tests" / "realworld"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="print the differences of pairs whose name starts so")
    parser.add_argument("--limit", type=int, default=40)
    arguments = parser.parse_args()
    cache = Cache(Path("/tmp/docreconcile-bench-cache"))
    total: Counter[str] = Counter()
    started = time.perf_counter()
    for pdf in sorted(REALWORLD.glob("*.pdf")):
        document_b = extract(pdf, cache=cache, jobs=2)
        for variant in ("raw", "reflowed"):
            text = pdf.with_suffix(f".{variant}.txt")
            report = compare_documents(extract(text), document_b)
            substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
            by_category = Counter(d.category.value for d in substantive)
            total.update(by_category)
            total["pairs"] += 1
            total["pairs with substantive"] += bool(substantive)
            print(f"{pdf.stem:30} {variant:9} {len(substantive):5}  {dict(by_category)}")
            if arguments.show and pdf.name.startswith(arguments.show):
                for d in substantive[: arguments.limit]:
                    print(f"   #{d.id} {d.category.value} A:{d.a_location and d.a_location.describe()} "
                          f"B:{d.b_location and d.b_location.describe()}\n      A: {d.a[:150]!r}\n      B: {d.b[:150]!r}")
    print(f"total substantive: {sum(v for k, v in total.items() if not k.startswith('pairs'))}  {dict(total)}")
    print(f"{time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
