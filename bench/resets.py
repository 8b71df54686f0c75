"""Measure docreconcile on each real-world PDF against its text set anew by LibreOffice
(tests/realworld/reset): PDF against PDF, every line, page and header different.

    python bench/resets.py                 # counts per document
    python bench/resets.py --show dmca     # also print the substantive differences
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docreconcile import Severity, compare_documents
from docreconcile.extract import extract
from docreconcile.model import describe_location

REALWORLD = Path(__file__).resolve().parent.parent / "tests" / "realworld"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="")
    arguments = parser.parse_args()
    total = 0
    for pdf in sorted(REALWORLD.glob("*.pdf")):
        report = compare_documents(
            extract(pdf, jobs=1), extract(REALWORLD / "reset" / pdf.name, jobs=1)
        )
        found = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
        total += len(found)
        print(f"{pdf.stem:30} {len(found):5}")
        if arguments.show and pdf.stem.startswith(arguments.show):
            for d in found:
                places = [describe_location(d.a_location), describe_location(d.b_location)]
                print(f"   {d.category.value} {' | '.join(places)}")
                print(f"      A: {d.a[:120]!r}\n      B: {d.b[:120]!r}")
    print(f"total substantive: {total}")


if __name__ == "__main__":
    main()
