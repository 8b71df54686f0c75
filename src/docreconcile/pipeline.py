"""The pipeline end to end, the library entry point: compare two files (or two extracted
documents) into a Report.

from docreconcile import compare
report = compare("fixtures/linkoping/tjansteskrivelse.txt",
                 "fixtures/linkoping/tjansteskrivelse.pdf")
[d.category.value for d in report.differences if d.severity.value == "substantive"]
# ['spelling', 'spelling']
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docreconcile import results
from docreconcile.limits import Limits, check_pages
from docreconcile.model import (
    Document,
    NormalizedDocument,
    Paragraph,
    ParagraphView,
    Report,
    Row,
    SourceFormat,
    SourceInfo,
)

if TYPE_CHECKING:
    from docreconcile.extract.cache import Cache
    from docreconcile.extract.guard import PageProgress
    from docreconcile.page_images import PageViews

# The readers and the stages load when a pair is first read or compared, not with this
# module: a re-check answered from the cache (`remembered`) needs neither.


@dataclass(frozen=True)
class Options:
    """Settings of one comparison. The defaults suit most documents."""

    password_a: str = ""
    password_b: str = ""
    limits: Limits = field(default_factory=Limits)
    jobs: int = 1
    cache: Cache | None = None
    progress: PageProgress | None = None
    engine: str = "pdfminer"
    """What reads a PDF's text layer: `pdfminer` (the default, the reference) or
    `pdfium` (PDFium's glyphs into the same lines and boxes; faster to read)."""
    ocr: str = "never"
    """Which pages of a PDF are read by OCR (`extract.ocr.MODES`): `never`, `auto` (the
    pages without text), `always`."""


def compare(
    path_a: str | os.PathLike[str], path_b: str | os.PathLike[str], options: Options | None = None
) -> Report:
    """Compare two files (text or PDF, in any order) and report how they differ.

    Raises `docreconcile.errors.InputError` with a one-line, user-facing message when an
    input cannot be read.
    """
    chosen = options or Options()

    def compute() -> Report:
        document_a = _read(Path(path_a), chosen.password_a, chosen)
        document_b = _read(Path(path_b), chosen.password_b, chosen)
        return compare_documents(document_a, document_b)

    return remembered(Path(path_a), Path(path_b), chosen, compute)


def remembered(
    path_a: Path, path_b: Path, options: Options, compute: Callable[[], Report]
) -> Report:
    """`compute()`'s report of the pair, or the one kept from an earlier run of the same
    code on the same two files (`results`): a re-check of an unchanged pair is a lookup.

    Kept only with a cache, for two regular files within the size limit (never standard
    input or a FIFO, which reading for the key would consume), and never for encrypted
    PDFs (their text does not land on disk).
    """
    cache = options.cache
    if cache is None or options.password_a or options.password_b:
        return compute()
    contents = [_content(path, options.limits) for path in (path_a, path_b)]
    if contents[0] is None or contents[1] is None:
        return compute()
    from docreconcile.extract.ocr import cache_key

    reading = options.engine + cache_key(options.ocr)
    entry = results.key(str(path_a), contents[0], str(path_b), contents[1], reading)
    kept = results.get(cache, entry)
    if kept is not None:
        for source in (kept.a, kept.b):  # the limits hold for an answer kept too
            if source.format is SourceFormat.PDF:
                check_pages(source.path, source.pages, options.limits)
        return kept
    report = compute()
    results.put(cache, entry, report)
    return report


def _content(path: Path, limits: Limits) -> bytes | None:
    """A regular file's bytes, or None (not a regular file, too big, unreadable: reading
    it to compare says what is wrong)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > limits.max_size_mb * 1024 * 1024:
            return None
        return path.read_bytes()
    except OSError:
        return None


def read_document(path: Path, options: Options, password: str = "") -> Document:
    """Extract one input as `compare` does (cache, parallel PDF pages, limits)."""
    return _read(path, password or options.password_a, options)


def read_bytes(name: str, data: bytes, options: Options) -> Document:
    """Extract an input given as bytes (standard input), named `name` in the report."""
    from docreconcile.extract import extract_data

    return extract_data(
        name,
        data,
        password=options.password_a,
        limits=options.limits,
        jobs=options.jobs,
        cache=options.cache,
        progress=options.progress,
        engine=options.engine,
        ocr=options.ocr,
    )


def _read(path: Path, password: str, options: Options) -> Document:
    from docreconcile.extract import extract

    return extract(
        path,
        password=password,
        limits=options.limits,
        jobs=options.jobs,
        cache=options.cache,
        progress=options.progress,
        engine=options.engine,
        ocr=options.ocr,
    )


def page_views_of(report: Report, path_a: Path, path_b: Path, options: Options) -> PageViews | None:
    """The page images of a report's PDF sides (`page_images`), each PDF read again (from
    the extraction cache, where kept); None where neither side is a PDF."""
    from docreconcile.extract import has_pdf_header
    from docreconcile.page_images import PdfSide, page_views

    sides = []
    for side, path, password in (
        ("a", path_a, options.password_a),
        ("b", path_b, options.password_b),
    ):
        if str(path) == "-" or not path.is_file():
            continue
        with path.open("rb") as stream:
            if not has_pdf_header(stream.read(1024)):
                continue
        document = _read(path, password, replace(options, progress=None))
        sides.append(PdfSide(side, path, document, password or None))
    return page_views(report, sides) if sides else None


def compare_limited(
    document_a: Document, document_b: Document, limits: Limits, *, consume: bool = False
) -> Report:
    """`compare_documents` in a child process within `limits` (`--timeout`,
    `--max-memory`), as reading a PDF is: a text side of one line of millions of characters,
    or text repeated thousands of times, stops with one line instead of running for hours.

    The child works on its own copies of the documents and lets their lines go as it
    goes. With `consume`, so does this process once the report starts coming back: for a
    caller that is done with the documents, as the command line is (the report then takes
    their place instead of adding to them).

    The command line uses it; a library caller decides for itself (it forks)."""
    name = f"{document_a.path} and {document_b.path}"
    from docreconcile.extract.guard import COMPARING, run_limited

    parts: dict[str, list[Any]] = {part: [] for part in SENT_IN_PIECES}

    def receive(message: tuple[str, tuple[Any, ...]]) -> None:
        if consume:
            document_a.lines, document_b.lines = [], []
        part, piece = message
        parts[part].extend(piece)

    report: Report = run_limited(
        _compare_in_pieces,
        (document_a, document_b, os.getpid()),
        limits,
        name,
        COMPARING,
        on_message=receive,
    )
    return replace(
        report,
        differences=tuple(parts["differences"]),
        a_paragraphs=tuple(parts["a_paragraphs"]),
        b_paragraphs=tuple(parts["b_paragraphs"]),
    )


PIECE = 500
"""Items the comparing process sends back at once: pickled in one piece, a long
document's differences and paragraphs made the comparison's peak at its very end; in
pieces this small they add next to nothing (measured in the commit that set it)."""

SENT_IN_PIECES = ("differences", "a_paragraphs", "b_paragraphs")
"""The report's fields that grow with the documents: sent `PIECE` at a time."""


def _compare_in_pieces(
    document_a: Document, document_b: Document, caller: int, send: Callable[[Any], None]
) -> Report:
    """`compare_documents` in the comparing process: the report's long fields (its
    differences and paragraphs) sent `PIECE` items at a time as (field, items), and the
    report returned without them. Run in a process of its own (not in the `caller`'s, as
    in a Dask worker, which may not fork), the documents are its own copies: consumed."""
    report = compare_documents(document_a, document_b, consume=os.getpid() != caller)
    for part in SENT_IN_PIECES:
        items = getattr(report, part)
        for start in range(0, len(items), PIECE):
            send((part, items[start : start + PIECE]))
    return replace(report, differences=(), a_paragraphs=(), b_paragraphs=())


def compare_documents(
    document_a: Document, document_b: Document, *, consume: bool = False
) -> Report:
    """The pipeline after extraction: normalise, align, diff, classify.

    With `consume`, each document's lines are let go as soon as it is normalised (its
    `lines` left empty), so that what the later stages build takes their place instead of
    growing the process. For a caller that will not use the documents again, as the
    comparing process (`compare_limited`) does not."""
    from docreconcile.align import align
    from docreconcile.allocation import collector_paused
    from docreconcile.classify import classify
    from docreconcile.diff import diff
    from docreconcile.measure import similarity
    from docreconcile.normalize import normalize
    from docreconcile.relocate import relocate

    with collector_paused():
        clean_a = normalize(document_a)
        if consume:
            document_a.lines = []
        clean_b = normalize(document_b)
        if consume:
            document_b.lines = []
        pairs = align(clean_a.paragraphs, clean_b.paragraphs)
        changes = diff(pairs, clean_a.paragraphs, clean_b.paragraphs)
        changes = relocate(changes, clean_a.paragraphs, clean_b.paragraphs)
        differences = classify(changes, pairs, clean_a, clean_b)
        measured = similarity(pairs, clean_a.paragraphs, clean_b.paragraphs)
    return Report(
        a=_info(clean_a),
        b=_info(clean_b),
        differences=tuple(differences),
        a_paragraphs=_views(clean_a),
        b_paragraphs=_views(clean_b),
        rows=tuple(Row(pair.kind, pair.a, pair.b) for pair in pairs),
        similarity=measured,
    )


def _views(clean: NormalizedDocument) -> tuple[ParagraphView, ...]:
    if clean.document.format is not SourceFormat.TEXT:  # lines a reader made, not an author
        return tuple(ParagraphView(p.text, p.first_location) for p in clean.paragraphs)
    views = []
    previous_line = None
    for paragraph in clean.paragraphs:
        first = paragraph.first_location.line
        tight = previous_line is not None and first == previous_line + 1
        views.append(
            ParagraphView(paragraph.text, paragraph.first_location, line_breaks(paragraph), tight)
        )
        previous_line = paragraph.spans[-1].location.line if paragraph.spans else first
    return tuple(views)


def line_breaks(paragraph: Paragraph) -> tuple[int, ...]:
    """Where a paragraph's input broke its lines: the one space normalisation put between
    two lines it joined (not a hyphenated word made whole, which has no space; not the
    parts of one line).

    >>> from docreconcile.model import Location, Span
    >>> line_breaks(Paragraph(0, "Beslutet skickas till: Motionärerna",
    ...     (Span(0, 22, Location(1)), Span(23, 35, Location(2)))))
    (22,)
    """
    breaks = []
    for before, after in itertools.pairwise(paragraph.spans):
        joined = after.start == before.end + 1 and paragraph.text[before.end] == " "
        if joined and after.location != before.location:
            breaks.append(before.end)
    return tuple(breaks)


def shown_name(path: str) -> str:
    r"""A path as reports show it: a name that is not UTF-8 (`bad-\xff.txt`, which Python
    holds as a surrogate escape no encoder takes) with `�` for the bytes it cannot show.

    >>> shown_name("bad-" + chr(0xDCFF) + ".txt"), shown_name("beslut.txt")
    ('bad-�.txt', 'beslut.txt')
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _info(clean: NormalizedDocument) -> SourceInfo:
    document = clean.document
    return SourceInfo(
        path=shown_name(document.path),
        format=document.format,
        pages=document.pages,
        paragraphs=len(clean.paragraphs),
        encoding=document.encoding,
        warnings=tuple(document.warnings),
        engine=document.engine,
        scanned=document.scanned,
    )
