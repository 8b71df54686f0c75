"""Set real documents with order edits as PDFs: the edits on the PDF's side.

    python tests/order/make_order_pdfs.py

`tests/order_edits.py` injects words, numbers and names swapped, a word moved into the
next sentence and two sentences swapped into a text. Here the edited text is set by
LibreOffice, as the original is set in `tests/memos` and `tests/realworld/hyphenated`
(A5, justified, hyphenated in Swedish, a running header and `Sida N (M)`), so that the
tests can compare the original text with a PDF that holds the edits:

- memos/NAME.seedN.pdf for each Kungsbacka memo (tests/memos/NAME.txt),
- realworld/NAME.seedN.pdf for each Swedish real-world document in prose
  (tests/realworld/NAME.reflowed.txt),

each with NAME.seedN.json beside it: the edits made (kind, line, edited and original
words), which the tests check against the injector, so a changed injector cannot go
unnoticed with stale PDFs. Needs LibreOffice (`soffice`) and Debian's hyphen-sv; the
outputs are committed, so the tests need neither.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.libreoffice import convert_to_pdf  # noqa: E402
from tests.memos.make_memos import flat_odt, paragraphs_of  # noqa: E402
from tests.order_edits import inject_order_edits  # noqa: E402
from tests.realworld.make_hyphenated import SWEDISH  # noqa: E402

SEEDS = (0, 1)
"""The seeds set as PDFs (many more are tried on the text side, which costs nothing)."""

TESTS = HERE.parent


def sources() -> list[tuple[str, Path]]:
    """(folder, text) of every document set with edits."""
    memos = [
        ("memos", path)
        for path in sorted((TESTS / "memos").glob("0*.txt"))
        if not path.name.endswith(".pdftotext.txt")
    ]
    realworld = [("realworld", TESTS / "realworld" / f"{name}.reflowed.txt") for name in SWEDISH]
    return memos + realworld


def name_of(text: Path) -> str:
    return text.name.removesuffix(".reflowed.txt").removesuffix(".txt")


def main() -> None:
    for folder, text in sources():
        (HERE / folder).mkdir(exist_ok=True)
        for seed in SEEDS:
            edited, edits = inject_order_edits(text.read_text(encoding="utf-8"), seed)
            target = HERE / folder / f"{name_of(text)}.seed{seed}.pdf"
            with tempfile.TemporaryDirectory() as scratch:
                source = Path(scratch) / f"{target.stem}.fodt"
                source.write_text(flat_odt(paragraphs_of(edited)), encoding="utf-8")
                convert_to_pdf(source, target)
            record = [edit.__dict__ for edit in edits]
            target.with_suffix(".json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"{folder}/{target.name}: {', '.join(edit.kind for edit in edits)}")


if __name__ == "__main__":
    main()
