"""Measure how many differences each true edit of a revision comes out as.

    python bench/revisions.py

Each Kungsbacka memo's text is revised (tests/revisions.py, `revise_heavily`: a date and a
sum changed, a sentence reworded, a clause deleted, a sentence added, a whole sentence
rewritten, a paragraph replaced by another) and compared with the memo's PDF. A true edit
should be one difference (a replaced paragraph two: one taken out, one put in); every
substantive difference more is a piece a person must put together again.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docreconcile import Severity, compare_documents  # noqa: E402
from docreconcile.extract import extract  # noqa: E402
from docreconcile.extract.text import extract_text  # noqa: E402
from tests.revisions import revise_heavily  # noqa: E402

MEMOS = HERE.parent / "tests" / "memos"


def main() -> None:
    edits = differences = 0
    by_kind: dict[str, list[int]] = {}
    for text_path in sorted(MEMOS.glob("0*.txt")):
        if text_path.name.endswith(".pdftotext.txt"):
            continue
        pdf = extract(text_path.with_suffix(".pdf"), jobs=1)
        original = text_path.read_text(encoding="utf-8")
        revised, revisions = revise_heavily(original)
        report = compare_documents(extract_text(text_path, revised.encode("utf-8")), pdf)
        found = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
        true_edits = sum(2 if r.kind == "replace" else 1 for r in revisions)
        edits += true_edits
        differences += len(found)
        for revision in revisions:
            on_line = [
                d
                for d in found
                if d.a_location is not None and d.a_location.line - 1 == revision.line
            ]
            by_kind.setdefault(revision.kind, []).append(len(on_line))
        print(f"{text_path.stem[:40]:40} {true_edits:3} edits {len(found):3} substantive")
    print(f"\n{differences} substantive differences for {edits} true edits:", end=" ")
    print(f"{differences / edits:.2f} each")
    for kind, counts in by_kind.items():
        print(f"  {kind:9} {len(counts)} made, differences on their line: {counts}")


if __name__ == "__main__":
    main()
