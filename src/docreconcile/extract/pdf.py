"""Read a PDF's text layer, keeping page, line and box of every line.

Each line keeps its page number, its line number on the page (in reading order, which is
what a person counts when checking a difference), its bounding box and the box it
belongs to; normalisation uses the geometry to find paragraphs, headers and footers.

This module is the comparing process's side: it starts the reader processes and puts the
pages they send into a Document. The readers (`pdf_pages`, the only code that imports
pdfminer) group each page's glyphs into lines and boxes by pdfminer's rules (`glyphs`)
and put them in reading order (`layout`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docreconcile.errors import InputError
from docreconcile.extract.guard import PageProgress, Work, run_limited, run_parallel
from docreconcile.extract.messages import CountMessage, LineRow, OcrMessage, PageMessage
from docreconcile.i18n import N_, _
from docreconcile.limits import Limits
from docreconcile.model import Box, Document, Interned, Line, Location, SourceFormat

READER_REVISION = 30
"""Raised whenever what this reader makes of a PDF changes, so cached readings are redone
(each step is in the commit that raised it: `git log -S READER_REVISION`)."""


MIN_PAGES_PER_JOB = 4
"""Fewer pages than this per process are not worth a process of their own."""

SMALL_PDF_BYTES = 256 * 1024
"""A PDF smaller than this is read by one process, not counted by one and read by
several: a memo of a few pages is read before more processes would have started; a PDF
of a few dozen pages and more is mostly larger."""

READING_SCANS = Work(
    N_("reading its scanned pages by OCR"),
    N_("a damaged PDF, or pages too large?"),
    N_("OCR failed"),
)
"""What an OCR process does, in its errors' words."""


PDFIUM_REVISION = 8
"""READER_REVISION's count for what `--engine pdfium` adds of its own (its glyphs).
1: PDFium's glyphs into the light pass's lines and boxes; annotations drawn by pdfminer.
2: each glyph's own origin (a rotated margin line read in order).
3: an upright glyph's box from its origin to its advance's end (tried, left out).
4: back to 2.
5: a string's size asked once, a glyph's origin only where rotated.
6: (the same, read anew).
7: a glyph's box ends where a space PDFium made up after it starts (tried, left out).
8: back to 6."""

ENGINES = ("pdfminer", "pdfium")
"""The readers of a PDF's text layer: pdfminer.six (the default and the reference) and
PDFium (`pdfium_pages`), each grouped into lines and boxes by the same rules."""


def extract_pdf(
    path: Path,
    password: str = "",
    limits: Limits | None = None,
    jobs: int = 1,
    progress: PageProgress | None = None,
    engine: str = "pdfminer",
    ocr: str = "never",
) -> Document:
    """Extract every text line of a PDF with its page, line number on the page and box.

    The work runs in child processes within `limits` (time, memory, pages; see `guard`).
    With one job, one process counts the pages and reads them; with more, one counts the
    pages, then `jobs` of them read a range of pages each, in parallel. Pages come back
    one by one as they are read. `progress` is told the page count, then each page read.
    With `ocr` (`ocr.MODES`) `auto`, the pages without text are then read by OCR, with
    `always` every page, `jobs` processes each reading every `jobs`-th of them, within the
    same limits again.
    """
    limits = limits or Limits()
    name = str(path)
    with contextlib.suppress(OSError):  # unreadable: the reader says so
        if path.stat().st_size < SMALL_PDF_BYTES:
            jobs = 1
    pages = _Pages(name, progress, engine)
    calls: list[tuple[Path, str, int, int | None, int, str]]
    if jobs <= 1:
        calls = [(path, password, 1, None, limits.max_pages, engine)]
    else:
        count_call = (path, password, limits.max_pages, engine)
        pages.receive(("count", run_limited(_count_pages, count_call, limits, name)))
        assert pages.count is not None
        jobs = max(1, min(jobs, pages.count // MIN_PAGES_PER_JOB))
        calls = [
            (path, password, first, last, limits.max_pages, engine)
            for first, last in page_ranges(pages.count, jobs)
        ]
    run_parallel(_read_pages, calls, limits, name, on_message=pages.receive)
    if ocr != "never":
        _read_scans(path, password, limits, jobs, pages, ocr)
    return pages.document(ocr)


def _read_scans(
    path: Path, password: str, limits: Limits, jobs: int, pages: _Pages, mode: str
) -> None:
    """Read by OCR the pages `mode` asks for (those without text, or all) into `pages`."""
    from docreconcile.extract import ocr

    numbers = sorted(pages.lines) if mode == "always" else pages.without_text()
    if not numbers:
        return
    ocr.tesseract_version()  # installed, or say how to install it
    missing = ocr.missing_languages()
    if missing:
        raise InputError(
            _("--ocr needs Tesseract's models {models}: install them with `{install}`").format(
                models=", ".join(missing), install=ocr.INSTALL
            )
        )
    if pages.progress is not None:
        pages.progress.start(_("{name} (OCR)").format(name=pages.name), len(numbers))
    jobs = max(1, min(jobs, len(numbers)))
    calls = [(path, password, tuple(numbers[job::jobs])) for job in range(jobs)]
    run_parallel(
        ocr.read_scanned_pages, calls, limits, pages.name, pages.receive, work=READING_SCANS
    )


def _count_pages(path: Path, password: str, max_pages: int, engine: str) -> int:
    """The engine's `count_pages` in a reader process (pdfminer is imported there only)."""
    if engine == "pdfium":
        from docreconcile.extract.pdfium_pages import count_pages
    else:
        from docreconcile.extract.pdf_pages import count_pages

    return count_pages(path, password, max_pages)


def _read_pages(
    path: Path,
    password: str,
    first: int,
    last: int | None,
    max_pages: int,
    engine: str,
    send: Callable[[Any], None],
) -> int:
    """The engine's `read_pages` in a reader process (pdfminer is imported there only)."""
    if engine == "pdfium":
        from docreconcile.extract.pdfium_pages import read_pages
    else:
        from docreconcile.extract.pdf_pages import read_pages

    return read_pages(path, password, first, last, max_pages, send)


class _Pages:
    """The pages of one PDF as its readers send them, in any order, made into a Document."""

    def __init__(self, name: str, progress: PageProgress | None, engine: str) -> None:
        self.name = name
        self.progress = progress
        self.engine = engine
        self.count: int | None = None
        self.lines: dict[int, list[Line]] = {}
        self.interned = Interned()
        self.scanned: list[int] = []
        self.confidence: dict[Location, tuple[int, ...]] = {}

    def receive(self, message: CountMessage | PageMessage | OcrMessage) -> None:
        """Take a `CountMessage`, a `PageMessage` or an `OcrMessage` from a reader."""
        if len(message) == 2:  # ("count", pages)
            self.count = int(message[1])
            if self.progress is not None:
                self.progress.start(self.name, self.count)
            return
        number, width, height, rows = message[1:5]
        lines = page_lines(number, width, height, rows, self.interned)
        if len(message) == 6:  # an OcrMessage: the lines' word confidences after them
            locations = (line.location for line in lines)
            self.confidence.update(zip(locations, message[5], strict=True))
            self.scanned.append(number)
        self.lines[number] = lines
        if self.progress is not None:
            self.progress.advance()

    def without_text(self) -> list[int]:
        """The pages read so far that hold no text."""
        return [number for number in sorted(self.lines) if not self.lines[number]]

    def document(self, ocr: str = "never") -> Document:
        """The Document of all pages, in page order; warnings for what was not read."""
        name = self.name
        count = self.count or 0
        lines = [line for number in sorted(self.lines) for line in self.lines[number]]
        if not any(line.text.strip() for line in lines):
            if ocr != "never":
                raise InputError(
                    _(
                        "{name}: OCR found no text on its pages: check that it is the "
                        "file you meant"
                    ).format(name=name)
                )
            raise InputError(
                _(
                    "{name}: has no text layer (scanned pages?): read it by OCR with "
                    "`--ocr auto` (needs Tesseract)"
                ).format(name=name)
            )
        warnings = []
        pages_without_text = self.without_text()
        if pages_without_text:
            listed = ", ".join(str(number) for number in pages_without_text)
            warnings.append(
                _(
                    "pages without text (not compared; read them by OCR with --ocr auto): {listed}"
                ).format(listed=listed)
                if ocr == "never"
                else _("pages where OCR found no text: {listed}").format(listed=listed)
            )
        if self.scanned:
            warnings.append(
                _("pages read by OCR: {listed}").format(
                    listed=", ".join(str(number) for number in sorted(self.scanned))
                )
            )
        if any("(cid:" in line.text for line in lines):
            warnings.append(_("some characters have no Unicode mapping and show as (cid:N)"))
        return Document(
            path=name,
            format=SourceFormat.PDF,
            pages=count,
            lines=lines,
            warnings=warnings,
            engine=self.engine,
            scanned=tuple(sorted(self.scanned)),
            confidence=self.confidence,
        )


def page_lines(
    number: int,
    width: float,
    height: float,
    rows: list[LineRow],
    interned: Interned | None = None,
) -> list[Line]:
    """The Lines of page `number` from a reader's rows, numbered from 1 in their order;
    equal numbers one object, with the document's other pages too (`Interned`)."""
    shared = interned or Interned()
    real = shared.real
    width, height = real(width), real(height)
    return [
        Line(
            text,
            Location(line, number),
            number,
            Box(real(x0), real(y0), real(x1), real(y1)),
            shared.whole(block),
            width,
            height,
        )
        for line, (text, block, x0, y0, x1, y1) in enumerate(rows, start=1)
    ]


def page_ranges(page_count: int, jobs: int) -> list[tuple[int, int]]:
    """Split pages 1..page_count into `jobs` contiguous ranges of nearly equal size.

    >>> page_ranges(10, 3)
    [(1, 4), (5, 7), (8, 10)]
    >>> page_ranges(2, 1)
    [(1, 2)]
    """
    jobs = max(1, min(jobs, page_count))
    size, extra = divmod(page_count, jobs)
    ranges = []
    first = 1
    for job in range(jobs):
        last = first + size + (1 if job < extra else 0) - 1
        ranges.append((first, last))
        first = last + 1
    return ranges
