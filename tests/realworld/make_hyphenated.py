"""Make the hyphenated side of each Swedish real-world document: its text set as a memo.

    python tests/realworld/make_hyphenated.py

For each document in SWEDISH this writes hyphenated/NAME.pdf: NAME.reflowed.txt set by
LibreOffice as the Kungsbacka memos are (`tests/memos/make_memos.py`: A5, justified, a
running header, `Sida N (M)`), hyphenated by LibreOffice's Swedish patterns. Needs
LibreOffice and Debian's hyphen-sv: without it LibreOffice silently breaks no word, which
`test_integ_realworld.py` would notice. The PDFs are committed, so the tests need neither.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from tests.libreoffice import convert_to_pdf  # noqa: E402
from tests.memos.make_memos import flat_odt, paragraphs_of  # noqa: E402

SWEDISH = (
    "arn-2013-07406",
    "dir-2014-158",
    "dir-2016-15",
    "dir-2017-29",
    "nfs-2007-10",
    "prop-2012-13-144",
    "remiss-instance",
)
"""The Swedish documents in prose (AFS 2011:19, mostly tables of substances, is left out)."""


def main() -> None:
    (HERE / "hyphenated").mkdir(exist_ok=True)
    for name in SWEDISH:
        text = (HERE / f"{name}.reflowed.txt").read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / f"{name}.fodt"
            source.write_text(flat_odt(paragraphs_of(text)), encoding="utf-8")
            convert_to_pdf(source, HERE / "hyphenated" / f"{name}.pdf")
        print(f"hyphenated/{name}.pdf")


if __name__ == "__main__":
    main()
