"""Extract: turn an input file into a Document of lines with their source locations.

The format is decided by the file's content, not its name: a PDF saved as `.txt` is still
read as a PDF, and an image named `.txt` is refused with a message that says what it is.
Readers are a registry (`READERS`): each says from a file's bytes whether it reads it and
reads it into a Document; a new format is one module and one line. The PDF reader, which
reads in parallel under limits and through the cache, is tried first.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.extract import markdown, office, web
from docreconcile.extract.cache import Cache, content_key
from docreconcile.extract.guard import PageProgress
from docreconcile.extract.text import extract_text
from docreconcile.i18n import N_, _
from docreconcile.limits import Limits, check_pages
from docreconcile.model import Document, SourceFormat

__all__ = ["READERS", "Limits", "PageProgress", "Reader", "detect_format", "extract"]


@dataclass(frozen=True)
class Reader:
    """One input format: whether a file's bytes are of it, and how to read them."""

    format: SourceFormat
    sniff: Callable[[bytes, str], bool]
    """Whether bytes (of a file of this name) are of the format: content first; only
    Markdown, which is text, is known by its name."""
    read: Callable[[Path, bytes], Document]


READERS: tuple[Reader, ...] = (
    Reader(SourceFormat.DOCX, lambda data, _: office.is_docx(data), office.read_docx),
    Reader(SourceFormat.ODT, lambda data, _: office.is_odt(data), office.read_odt),
    Reader(SourceFormat.HTML, web.is_html, web.read_html),
    Reader(SourceFormat.MARKDOWN, markdown.is_markdown, markdown.read_markdown),
)
"""The readers besides PDF's, tried in order; text, the fallback, comes after them."""

# Formats people hand us by mistake, recognised by their first bytes.
_UNSUPPORTED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", N_("a ZIP container of another kind (a .xlsx or .pptx file?)")),
    (b"\xd0\xcf\x11\xe0", N_("an old Microsoft Office file (.doc?)")),
    (b"{\\rtf", N_("an RTF document")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF8", N_("a GIF image")),
    (b"II*\x00", N_("a TIFF image")),
    (b"MM\x00*", N_("a TIFF image")),
    (b"\x1f\x8b", N_("a gzip archive")),
)

# A PDF's header may be preceded by some junk; readers accept it within the first 1 KiB.
_PDF_HEADER_WINDOW = 1024


def has_pdf_header(data: bytes) -> bool:
    """Whether a file's first bytes say it is a PDF (a header within the first
    `_PDF_HEADER_WINDOW` bytes, as readers allow junk before it)."""
    return b"%PDF-" in data[:_PDF_HEADER_WINDOW]


def detect_format(data: bytes, name: str) -> SourceFormat:
    """Decide from a file's bytes which reader reads it.

    >>> detect_format(b"%PDF-1.7\\n...", "b.txt")
    <SourceFormat.PDF: 'pdf'>
    >>> detect_format("Ärende".encode(), "a.pdf")
    <SourceFormat.TEXT: 'text'>
    """
    if has_pdf_header(data):
        return SourceFormat.PDF
    reader = _reader_for(data, name)
    return reader.format if reader is not None else SourceFormat.TEXT


def _reader_for(data: bytes, name: str) -> Reader | None:
    """The registered reader that claims these bytes; None for plain text. Known formats
    docreconcile does not read are refused with what they are."""
    for reader in READERS:
        if reader.sniff(data, name):
            return reader
    if office.is_damaged_zip(data):
        raise InputError(
            _(
                "{name}: is a damaged ZIP container (a .docx or .odt cut "
                "short?): save or download it again"
            ).format(name=name)
        )
    for signature, what in _UNSUPPORTED_SIGNATURES:
        if data.startswith(signature):
            raise InputError(
                _(
                    "{name}: is {what}, which docreconcile does not read: export "
                    "it as PDF, Word, OpenDocument or plain text first"
                ).format(name=name, what=_(what))
            )
    return None


def extract(
    path: Path,
    password: str = "",
    limits: Limits | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
    progress: PageProgress | None = None,
    engine: str = "pdfminer",
    ocr: str = "never",
) -> Document:
    """Read any supported input file into a Document, or raise an InputError that says why not.

    A PDF is read by `jobs` processes in parallel with `engine` (`pdf.ENGINES`), its pages
    without text (or all) by OCR as `ocr` says (`ocr.MODES`), taken from `cache` when an
    unchanged copy was read before in the same way (not for password-protected files), and
    reported page by page to `progress`.
    """
    name = str(path)
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(_("{name}: no such file: check the path").format(name=name)) from None
    except PermissionError:
        raise InputError(
            _("{name}: permission denied: check that you can read it and open its folders").format(
                name=name
            )
        ) from None
    except OSError as error:
        raise InputError(
            _("{name}: cannot be read ({strerror})").format(name=name, strerror=error.strerror)
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(
            _("{name}: is a directory, not a file: give a .txt or .pdf file").format(name=name)
        )
    if not stat.S_ISREG(status.st_mode):
        # reading a FIFO or a device would wait for ever (or never end)
        raise InputError(
            _(
                "{name}: is not a regular file (a FIFO, device or socket): give a .txt or .pdf file"
            ).format(name=name)
        )
    _check_size(name, status.st_size, limits or Limits())
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(
            _("{name}: permission denied: check that you can read it").format(name=name)
        ) from None
    except OSError as error:
        raise InputError(
            _("{name}: cannot be read ({strerror})").format(name=name, strerror=error.strerror)
        ) from None
    if _is_pdf(name, data):
        return _extract_pdf_cached(path, data, password, limits, jobs, cache, progress, engine, ocr)
    return _read_guarded(path, data, limits or Limits())


def _read_guarded(path: Path, data: bytes, limits: Limits) -> Document:
    """`_read` in a child process, within --timeout and --max-memory as a PDF reader is:
    an office file's zip bomb or a parser's runaway recursion is an InputError that names
    the file, never the whole run's memory or an internal error."""
    from docreconcile.extract.guard import READING_DOCUMENT, run_limited

    return run_limited(_read, (path, data), limits, str(path), READING_DOCUMENT)


def _read(path: Path, data: bytes) -> Document:
    """Read bytes that are no PDF with the reader that claims them (text if none does);
    a file whose name says another format than its content gets a warning."""
    reader = _reader_for(data, str(path))
    document = reader.read(path, data) if reader is not None else extract_text(path, data)
    expected = _NAMED_FORMATS.get(path.suffix.lower())
    if expected is not None and expected is not document.format:
        document.warnings.append(
            _(
                "holds {label}, not {label2} as its name says: check that it is the file you meant"
            ).format(label=document.format.label, label2=expected.label)
        )
    return document


_NAMED_FORMATS = {
    ".pdf": SourceFormat.PDF,
    ".docx": SourceFormat.DOCX,
    ".odt": SourceFormat.ODT,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
}
"""The formats a name promises (a `.txt` or `.md` may hold anything that is text)."""


def _is_pdf(name: str, data: bytes) -> bool:
    """Whether an input's bytes are a PDF (the other readers sniff once, in `_read`); an
    empty input is refused."""
    if not data:
        raise InputError(_("{name}: is empty: nothing to compare").format(name=name))
    return has_pdf_header(data)


def _check_size(name: str, size: int, limits: Limits) -> None:
    """Refuse an input larger than `--max-size` before reading a byte of it."""
    if size > limits.max_size_mb * 1024 * 1024:
        raise InputError(
            _(
                "{name}: is {value:.0f} MB, more than --max-size "
                "{max_size_mb} MB: raise the limit with --max-size if it is "
                "genuine"
            ).format(name=name, value=size / 1024 / 1024, max_size_mb=limits.max_size_mb)
        )


def extract_data(
    name: str,
    data: bytes,
    password: str = "",
    limits: Limits | None = None,
    jobs: int = 1,
    cache: Cache | None = None,
    progress: PageProgress | None = None,
    engine: str = "pdfminer",
    ocr: str = "never",
) -> Document:
    """Read an input given as bytes (standard input, `-`) into a Document named `name`.

    A PDF's readers open a file, so its bytes go to a private temporary file first."""
    _check_size(name, len(data), limits or Limits())
    if not _is_pdf(name, data):
        return _read_guarded(Path(name), data, limits or Limits())
    with tempfile.TemporaryDirectory(prefix="docreconcile-") as folder:
        path = Path(folder) / "stdin.pdf"
        path.write_bytes(data)
        document = _extract_pdf_cached(
            path, data, password, limits, jobs, cache, progress, engine, ocr
        )
    return replace(document, path=name)


def engine_key(engine: str) -> str:
    """What a PDF engine adds to a cache key: nothing for the default (its entries keep
    their keys), the engine and its version for another.

    >>> engine_key("pdfminer")
    ''
    """
    if engine == "pdfminer":
        return ""
    from importlib.metadata import version

    from docreconcile.extract.pdf import PDFIUM_REVISION

    return f"-{engine}-{version('pypdfium2')}-{PDFIUM_REVISION}"


def _extract_pdf_cached(
    path: Path,
    data: bytes,
    password: str,
    limits: Limits | None,
    jobs: int,
    cache: Cache | None,
    progress: PageProgress | None,
    engine: str = "pdfminer",
    ocr: str = "never",
) -> Document:
    from docreconcile.extract.ocr import cache_key

    key = content_key(data) + engine_key(engine) + cache_key(ocr)
    use_cache = cache is not None and not password
    if use_cache and cache is not None:
        cached = cache.get(key, str(path))
        if cached is not None:
            check_pages(str(path), cached.pages, limits or Limits())
            return replace(cached, engine=engine)
    from docreconcile.extract.pdf import extract_pdf  # pdfminer only when a PDF comes

    document = extract_pdf(
        path,
        password=password,
        limits=limits,
        jobs=jobs,
        progress=progress,
        engine=engine,
        ocr=ocr,
    )
    if use_cache and cache is not None:
        cache.put(key, document)
    return document
