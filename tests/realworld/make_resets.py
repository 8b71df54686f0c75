"""Make the PDF-against-PDF side of each real-world document: its text set anew.

    python tests/realworld/make_resets.py            # every PDF in this folder
    python tests/realworld/make_resets.py dmca       # the PDFs whose name starts so

For each NAME.pdf this writes reset/NAME.pdf: NAME.reflowed.txt (poppler's reading of it,
one paragraph a line; `make_texts.py`) converted to PDF by LibreOffice, in Writer's
default page, font and hyphenation. The same words laid out by another producer: every
line, page, header and hyphen differs, as between a draft in Word and the PDF published
from another system. Needs LibreOffice (`soffice`); the PDFs are committed, so the tests
need none.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from tests.libreoffice import convert_to_pdf  # noqa: E402


def main(prefixes: list[str]) -> None:
    (HERE / "reset").mkdir(exist_ok=True)
    for pdf in sorted(HERE.glob("*.pdf")):
        if prefixes and not pdf.name.startswith(tuple(prefixes)):
            continue
        with tempfile.TemporaryDirectory() as folder:
            text = Path(folder) / f"{pdf.stem}.txt"  # LibreOffice names its output so
            shutil.copy(pdf.with_suffix(".reflowed.txt"), text)
            convert_to_pdf(text, HERE / "reset" / pdf.name)
        print(f"reset/{pdf.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
