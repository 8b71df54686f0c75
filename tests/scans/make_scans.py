"""Make scanned copies of real PDFs: each page rendered, given a scanner's faults, and
set again as an image-only PDF (no text layer), as a signed decision comes back from the
scanner.

    python tests/scans/make_scans.py tests/memos/04-vo-kognitiv-svikt-signeshus.pdf out.pdf
    python tests/scans/make_scans.py in.pdf out.pdf --dpi 200 --seed 3 --pages 1-2

The faults, each drawn from a seeded generator so that a scan is made again the same:
a slight rotation (at most 0.6 degrees either way), a blur of about half a pixel, dust
(dark specks) and dropouts (light specks) on 0.05 % of the pixels, and JPEG compression
at quality 55-75. Pages are rendered by PDFium in greys, as a greyscale scanner delivers.
"""

from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter

MAX_ROTATION = 0.6
"""Degrees either way: a page fed a little crooked."""

SPECKS = 0.0005
"""The share of pixels turned dark (dust) or light (dropouts)."""


def scanned_page(image: Image.Image, generator: random.Random) -> Image.Image:
    """One rendered page with a scanner's faults."""
    turned = image.rotate(
        generator.uniform(-MAX_ROTATION, MAX_ROTATION),
        resample=Image.Resampling.BICUBIC,
        fillcolor=255,
    )
    blurred = turned.filter(ImageFilter.GaussianBlur(generator.uniform(0.4, 0.7)))
    pixels = blurred.load()
    assert pixels is not None
    width, height = blurred.size
    for _ in range(int(width * height * SPECKS)):
        x, y = generator.randrange(width), generator.randrange(height)
        pixels[x, y] = generator.choice((0, 40, 215, 255))
    buffer = io.BytesIO()
    blurred.save(buffer, "JPEG", quality=generator.randint(55, 75))
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def scan(source: Path, target: Path, dpi: int = 300, seed: int = 1, pages: str = "") -> int:
    """Write an image-only PDF of `source`'s pages (all, or `pages` such as `1-2,4`) as
    scanned at `dpi`; returns the number of pages."""
    generator = random.Random(seed)
    pdf = pypdfium2.PdfDocument(str(source))
    try:
        numbers = _pages(pages, len(pdf))
        images = []
        for number in numbers:
            page = pdf[number - 1]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            images.append(scanned_page(image, generator))
    finally:
        pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return len(images)


def _pages(text: str, count: int) -> list[int]:
    """Page numbers from `1-2,4` (all pages when empty)."""
    if not text:
        return list(range(1, count + 1))
    numbers: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return [number for number in numbers if 1 <= number <= count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", default="", help="pages to scan, such as 1-2,4 (all)")
    arguments = parser.parse_args()
    count = scan(arguments.source, arguments.target, arguments.dpi, arguments.seed, arguments.pages)
    print(f"{arguments.target}: {count} pages scanned at {arguments.dpi} dpi")


if __name__ == "__main__":
    main()
