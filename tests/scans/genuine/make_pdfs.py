"""Set the genuinely scanned pages of SOURCES.md as image-only PDFs, as a scanner would.

    python tests/scans/genuine/make_pdfs.py FOLDER   # FOLDER holds the source images

Each source image (fetched from the repository and commit SOURCES.md names) becomes a
one-page PDF of its pixels at its scan's resolution, in greys (the colour of paper adds
nothing to the text), with no text layer: `congress-1871.pdf`, `linnsequencer.pdf`,
`winsnes-1846.pdf`, `phototest.pdf` here.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

SCANS = {
    # PDF name: (source image, its resolution in dpi, black and white)
    "congress-1871": ("congress.jpg", 150, False),
    "linnsequencer": ("linn.png", 300, True),
    "winsnes-1846": ("image.png", 300, False),
    "phototest": ("phototest.tif", 200, True),
}


def image_pdf(image: Path, target: Path, dpi: int, bilevel: bool) -> None:
    """A one-page image-only PDF of `image` at `dpi`: in greys, or in black and white
    (as an office scanner sets a printed brochure; a twentieth of the size)."""
    with Image.open(image) as opened:
        page = opened.convert("1") if bilevel else opened.convert("L")
        page.save(target, "PDF", resolution=dpi)


def main() -> None:
    folder = Path(sys.argv[1])
    here = Path(__file__).resolve().parent
    for name, (source, dpi, bilevel) in SCANS.items():
        image_pdf(folder / source, here / f"{name}.pdf", dpi, bilevel)
        print(f"{name}.pdf from {source} at {dpi} dpi")


if __name__ == "__main__":
    main()
