"""Make the text side of each real-world pair: what another extractor reads from the PDF.

    python tests/realworld/make_texts.py            # every PDF in this folder
    python tests/realworld/make_texts.py dmca       # the PDFs whose name starts so

For each NAME.pdf this writes two texts, both from poppler's `pdftotext` (Debian's
poppler-utils), an extractor independent of ours:

- NAME.raw.txt: `pdftotext -enc UTF-8 NAME.pdf`, as it comes: lines wrapped where the PDF
  wraps them, running headers, page numbers and a form feed at every page break.
- NAME.reflowed.txt: the same text reflowed as a person pasting it into an editor would:
  form feeds dropped, each blank-line separated block joined into one line, a word broken
  by a hyphen at a line end joined again.

The texts are committed, so the tests need no poppler; re-run this after adding a PDF.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def raw_text(pdf: Path) -> str:
    """pdftotext's reading of the PDF, in its default (reading order) mode."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    return result.stdout.decode("utf-8")


_BROKEN_WORD = re.compile(r"(\w)-\n(?=[a-zåäöéü])")


def reflow(text: str) -> str:
    """Join each paragraph into one line: blank lines and page breaks separate paragraphs.

    >>> reflow("Syftet var att genom-\\nlysa verksamheten\\nsåväl inåt.\\n\\nNästa")
    'Syftet var att genomlysa verksamheten såväl inåt.\\n\\nNästa\\n'
    """
    blocks = re.split(r"\n\s*\n|\f", text)
    paragraphs = []
    for block in blocks:
        joined = _BROKEN_WORD.sub(r"\1", block.strip())
        joined = " ".join(line.strip() for line in joined.splitlines() if line.strip())
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs) + "\n"


def main(prefixes: list[str]) -> None:
    for pdf in sorted(HERE.glob("*.pdf")):
        if prefixes and not pdf.name.startswith(tuple(prefixes)):
            continue
        raw = raw_text(pdf)
        pdf.with_suffix(".raw.txt").write_text(raw, encoding="utf-8")
        pdf.with_suffix(".reflowed.txt").write_text(reflow(raw), encoding="utf-8")
        print(f"{pdf.name}: {len(raw.splitlines())} lines")


if __name__ == "__main__":
    main(sys.argv[1:])
