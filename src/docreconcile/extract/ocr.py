"""Read scanned pages: Tesseract's words, with their boxes and confidences, as lines.

`--ocr auto` reads the pages of a PDF that have no text layer, `--ocr always` every page,
through Tesseract (Debian's `tesseract-ocr`, `tesseract-ocr-swe`). Each page is rendered
by PDFium (pypdfium2, as the page images are) in greys at `DPI` and handed to Tesseract
by pytesseract, which asks for its word table (`image_to_data`): every word with its
box, its line, paragraph and block, and a confidence from 0 to 100. pytesseract rather
than ocrmypdf: ocrmypdf writes a new PDF whose text layer is read again and drops the
confidences, which are what tells a misread letter from a changed one (`classify`);
pytesseract is a thin, well-kept wrapper over the same program.

A page's words become the rows a text layer's reader sends (`messages.LineRow`: text, block,
box in PDF points with y up), one per Tesseract line, so normalisation treats a scanned
page as it treats a page with text. Each line's word confidences go with it.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from docreconcile.errors import InputError
from docreconcile.i18n import _

DPI = 300
"""Scans are read at 300 dpi: Tesseract's models are trained on text of about 20-30
pixels a line, which body type (10-12 pt) reaches at 300 dpi; at 200 dpi small type
loses letters."""

LANGUAGES = "swe+eng"
"""Tesseract's models used: Swedish first (the documents' language), English beside it
(names, quotations, the English documents of the tests)."""

OCR_REVISION = 1
"""Raised whenever what is made of Tesseract's words changes, so cached readings are
redone (Tesseract's own version is part of the key too)."""

MODES = ("never", "auto", "always")
"""`--ocr`: never (pages without text are left out, with a warning), auto (only pages
without text are read by OCR), always (every page, its text layer ignored)."""

INSTALL = "apt-get install tesseract-ocr tesseract-ocr-swe"


def tesseract_version() -> str:
    """The installed Tesseract's version, or an InputError that says how to install it."""
    version = _installed_version()
    if version is None:
        raise InputError(
            _("--ocr needs Tesseract, which is not installed: install it with `{install}`").format(
                install=INSTALL
            )
        )
    return version


@functools.cache
def _installed_version() -> str | None:
    """Tesseract's version, asked of the program once a process (each cache key and each
    OCR run needs it); None where it is not installed."""
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError):
        return None


def missing_languages() -> list[str]:
    """The models of `LANGUAGES` the installed Tesseract lacks."""
    import pytesseract

    have = set(pytesseract.get_languages(config=""))
    return [language for language in LANGUAGES.split("+") if language not in have]


def cache_key(mode: str) -> str:
    """What OCR adds to a PDF's cache key: nothing without it; else the mode, Tesseract's
    version (`missing`: a PDF with text on every page is read all the same), the models,
    the resolution and this reader's revision."""
    if mode == "never":
        return ""
    version = _installed_version() or "missing"
    return f"-ocr-{mode}-{version}-{LANGUAGES}-{DPI}-{OCR_REVISION}"


def read_scanned_pages(
    path: Path, password: str, numbers: tuple[int, ...], send: Callable[[Any], None]
) -> int:
    """Render pages `numbers` (1-based) and read them by OCR, each page sent as an
    `OcrMessage` as soon as it is read. Runs in a reader process (`guard`)."""
    from docreconcile.extract.pdfium_pages import open_pdf

    # Tesseract's own threads would fight the other reader processes for the cores:
    # pages run in parallel here instead (`--jobs`).
    os.environ["OMP_THREAD_LIMIT"] = "1"
    pdf = open_pdf(path, password)
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            finally:
                page.close()
            rows, confidences = page_rows(_words(image), number, height)
            send(("ocr", number, width, height, rows, confidences))
    finally:
        pdf.close()
    return len(numbers)


Word = tuple[str, int, int, int, int, int, int, int, float]
"""A word as Tesseract reads it: text, block, paragraph, line, left, top, width, height
(pixels), confidence."""


def _words(image: Any) -> list[Word]:
    """Tesseract's words of a page image, in its reading order."""
    import pytesseract

    table = pytesseract.image_to_data(
        image, lang=LANGUAGES, config="--psm 3", output_type=pytesseract.Output.DICT
    )
    return [
        (
            text,
            table["block_num"][index],
            table["par_num"][index],
            table["line_num"][index],
            table["left"][index],
            table["top"][index],
            table["width"][index],
            table["height"][index],
            float(table["conf"][index]),
        )
        for index, text in enumerate(table["text"])
        if text and text.strip()
    ]


def page_rows(
    words: list[Word], number: int, height: float, dpi: int = DPI
) -> tuple[list[tuple[str, int, float, float, float, float]], list[tuple[int, ...]]]:
    """One row per Tesseract line (text, block, x0, y0, x1, y1 in PDF points, y up) and
    each line's word confidences, in Tesseract's order. A paragraph of Tesseract's is a
    block: it is what normalisation splits into paragraphs further.

    >>> words = [("Beslut", 1, 1, 1, 300, 300, 150, 40, 96.5),
    ...          ("2024", 1, 1, 1, 480, 300, 100, 40, 71.0)]
    >>> page_rows(words, 2, 842.0)
    ([('Beslut 2024', 200101, 72.0, 760.4, 139.2, 770.0)], [(96, 71)])
    """
    scale = 72 / dpi
    rows = []
    confidences = []
    for key, line in _lines(words):
        text = " ".join(word[0].strip() for word in line)
        left = min(word[4] for word in line)
        top = min(word[5] for word in line)
        right = max(word[4] + word[6] for word in line)
        bottom = max(word[5] + word[7] for word in line)
        block = number * 100_000 + key[0] * 100 + key[1] % 100
        rows.append(
            (
                text,
                block,
                round(left * scale, 1),
                round(height - bottom * scale, 1),
                round(right * scale, 1),
                round(height - top * scale, 1),
            )
        )
        confidences.append(tuple(int(word[8]) for word in line))
    return rows, confidences


def _lines(words: list[Word]) -> Iterator[tuple[tuple[int, int, int], list[Word]]]:
    """Tesseract's words grouped by (block, paragraph, line), in order."""
    for key, line in itertools.groupby(words, key=lambda word: (word[1], word[2], word[3])):
        yield key, list(line)
