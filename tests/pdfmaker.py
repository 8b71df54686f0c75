"""Build small real PDFs with reportlab for tests: plain pages, encrypted, image-only."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_FONTS = Path(os.path.dirname(rl_config.__file__)) / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(_FONTS / "Vera.ttf")))


def make_pdf(path: Path, pages: list[list[str]], encrypt: object | None = None) -> Path:
    """One PDF page per list of lines, each line drawn as is, top down, in Vera 11 pt."""
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    _, height = A4
    for lines in pages:
        canvas.setFont("Vera", 11)
        y = height - 3 * cm
        for line in lines:
            canvas.drawString(2.5 * cm, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()
    return path


def make_table_pdf(path: Path, before: str, rows: list[list[str]], after: str) -> Path:
    """A page with a line of text, a table (each row on one baseline, its cells 5 cm
    apart) and a line after it, in Vera 11 pt."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    canvas.setFont("Vera", 11)
    y = height - 3 * cm
    canvas.drawString(2.5 * cm, y, before)
    y -= 28
    for row in rows:
        for column, cell in enumerate(row):
            canvas.drawString((2.5 + 5 * column) * cm, y, cell)
        y -= 16
    canvas.drawString(2.5 * cm, y - 12, after)
    canvas.showPage()
    canvas.save()
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: an image and no text layer."""
    from PIL import Image

    image = Image.new("RGB", (200, 100), "white")
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(image), 2 * cm, 20 * cm, width=10 * cm, height=5 * cm)
    canvas.showPage()
    canvas.save()
    return path


def make_form_pdf(path: Path, label: str, value: str, hidden_value: str = "") -> Path:
    """A form: a label drawn on the page and a text field filled with `value` below it
    (its text is drawn by the field's appearance stream, not the page's content); with
    `hidden_value`, a second field flagged hidden."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    canvas.setFont("Vera", 11)
    canvas.drawString(2.5 * cm, height - 3 * cm, label)
    form = canvas.acroForm
    form.textfield(name="value", value=value, x=2.5 * cm, y=height - 5 * cm, width=300, height=20)
    if hidden_value:
        form.textfield(
            name="hidden",
            value=hidden_value,
            x=2.5 * cm,
            y=height - 7 * cm,
            width=300,
            height=20,
            fieldFlags="",
            annotationFlags="hidden",
        )
    canvas.showPage()
    canvas.save()
    return path


def make_overlay_pdf(path: Path, lines: list[str], stamp: str, under: int) -> Path:
    """Lines of body text in Vera 11 pt, with `stamp` printed over line `under` in Vera
    9 pt, 2 pt higher, from 8 cm in: a stamp over the text, as a registry office sets a
    file number on a page."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    _, height = A4
    y = height - 3 * cm
    for number, line in enumerate(lines):
        canvas.setFont("Vera", 11)
        canvas.drawString(2.5 * cm, y, line)
        if number == under:
            canvas.setFont("Vera", 9)
            canvas.drawString(8 * cm, y + 2, stamp)
        y -= 14
    canvas.showPage()
    canvas.save()
    return path


def make_stamped_pdf(path: Path, lines: list[str], stamp: str) -> Path:
    """Lines of body text in Vera 11 pt with `stamp` across the middle of the page at
    45 degrees in Vera 60 pt: a draft's `UTKAST`, as a word processor's watermark sets
    it. poppler reads such a word in letter groups, each a line of its own."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 3 * cm
    canvas.setFont("Vera", 11)
    for line in lines:
        canvas.drawString(2.5 * cm, y, line)
        y -= 15
    canvas.saveState()
    canvas.setFont("Vera", 60)
    canvas.setFillGray(0.8)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, stamp)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path
