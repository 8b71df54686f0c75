"""What a PDF's reader processes send: plain values, which cross between processes
several times faster than Line, Location and Box objects. Here, apart from `pdf` (which
starts the readers) and the readers (`pdf_pages`, `pdfium_pages`, `ocr`), so that each
imports them without importing the other."""

from __future__ import annotations

LineRow = tuple[str, int, float, float, float, float]
"""A PDF line as a reader sends it: text, block, x0, y0, x1, y1 (its number on the page is
its place in the page's list). Plain values cross between processes several times faster
than Line, Location and Box objects."""

PageMessage = tuple[str, int, float, float, list[LineRow]]
"""("page", page number, width, height, its lines): one page read."""

CountMessage = tuple[str, int]
"""("count", pages): how many pages the PDF has, sent before the first page."""

OcrMessage = tuple[str, int, float, float, list[LineRow], list[tuple[int, ...]]]
"""("ocr", page number, width, height, its lines, each line's word confidences): a page
read by OCR (`ocr.read_scanned_pages`)."""
