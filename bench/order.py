"""Measure how order edits come out: words, numbers and names swapped, a word moved into
the next sentence, sentences swapped (tests/order_edits.py), injected into the text of the
Kungsbacka memos, of the real-world PDFs and of the fixture, against their PDFs.

    python bench/order.py                  # every document, seeds 0-4
    python bench/order.py --seeds 20       # more places
    python bench/order.py --only memos     # memos, realworld or fixture
    python bench/order.py --show           # print each edit that is not exact

For each kind: edits made, reported (a difference of the right severity on the edit's
line), exact (that one difference and nothing else there), and the new differences no
edit explains (noise the edits caused elsewhere).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docreconcile import compare_documents  # noqa: E402
from docreconcile.extract import extract  # noqa: E402
from docreconcile.extract.text import extract_text  # noqa: E402
from docreconcile.model import Document  # noqa: E402
from tests.order_edits import KINDS, inject_order_edits, judge  # noqa: E402

TESTS = HERE.parent / "tests"


def documents(only: str) -> list[tuple[str, Path, Path]]:
    """(name, text, pdf) of every pair measured."""
    found = []
    if only in ("", "fixture"):
        fixture = HERE.parent / "fixtures" / "linkoping"
        found.append(
            ("fixture", fixture / "tjansteskrivelse.txt", fixture / "tjansteskrivelse.pdf")
        )
    if only in ("", "memos"):
        for pdf in sorted((TESTS / "memos").glob("*.pdf")):
            found.append((f"memo {pdf.stem[:2]}", pdf.with_suffix(".txt"), pdf))
    if only in ("", "realworld"):
        for pdf in sorted((TESTS / "realworld").glob("*.pdf")):
            for variant in ("raw", "reflowed"):
                text = pdf.with_suffix(f".{variant}.txt")
                found.append((f"{pdf.stem}.{variant}", text, pdf))
    return found


@cache
def pdf_document(path: Path) -> Document:
    return extract(path, jobs=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--only", default="", choices=["", "memos", "realworld", "fixture"])
    parser.add_argument("--show", action="store_true")
    arguments = parser.parse_args()
    made: Counter[str] = Counter()
    reported: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    stray = 0
    for name, text_path, pdf in documents(arguments.only):
        original = text_path.read_text(encoding="utf-8")
        before = compare_documents(extract_text(text_path, original.encode()), pdf_document(pdf))
        for seed in range(arguments.seeds):
            edited, edits = inject_order_edits(original, seed)
            after = compare_documents(extract_text(text_path, edited.encode()), pdf_document(pdf))
            outcomes, rest = judge(before, after, edits)
            stray += len(rest)
            for outcome in outcomes:
                kind = outcome.edit.kind
                made[kind] += 1
                reported[kind] += outcome.reported
                exact[kind] += outcome.exact
                if arguments.show and not outcome.exact:
                    print(f"{name} seed {seed} {kind} line {outcome.edit.line + 1}:")
                    print(f"    edited:   {outcome.edit.edited[:100]}")
                    print(f"    original: {outcome.edit.original[:100]}")
                    for found in outcome.found:
                        print(f"    found: {found}")
            if arguments.show and rest:
                print(f"{name} seed {seed}: new differences no edit explains:")
                for found in rest:
                    print(f"    {found}")
    print("| kind | made | reported | exact |")
    print("| --- | ---: | ---: | ---: |")
    for kind in KINDS:
        print(f"| {kind} | {made[kind]} | {reported[kind]} | {exact[kind]} |")
    total = sum(made.values())
    print(f"| all | {total} | {sum(reported.values())} | {sum(exact.values())} |")
    print(f"\nnew differences no edit explains: {stray}")


if __name__ == "__main__":
    main()
