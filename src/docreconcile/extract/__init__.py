"""Extract: turn an input file into a Document of lines with their source locations.

The format is decided by the file's content, not its name: a PDF saved as `.txt` is still
read as a PDF, and a Word file named `.txt` is refused with a message that says what it is.
"""

from __future__ import annotations

from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.extract.guard import Limits
from docreconcile.extract.pdf import extract_pdf
from docreconcile.extract.text import extract_text
from docreconcile.model import Document, SourceFormat

__all__ = ["Limits", "detect_format", "extract"]

# Formats people hand us by mistake, recognised by their first bytes.
_UNSUPPORTED_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP container (a .docx, .odt or .xlsx file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc?)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
)

# A PDF's header may be preceded by some junk; readers accept it within the first 1 KiB.
_PDF_HEADER_WINDOW = 1024


def detect_format(head: bytes, name: str) -> SourceFormat:
    """Decide from the first bytes of a file whether it is a PDF or text.

    >>> detect_format(b"%PDF-1.7\\n...", "b.txt")
    <SourceFormat.PDF: 'pdf'>
    >>> detect_format("Ärende".encode(), "a.pdf")
    <SourceFormat.TEXT: 'text'>
    """
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return SourceFormat.PDF
    for signature, what in _UNSUPPORTED_SIGNATURES:
        if head.startswith(signature):
            raise InputError(
                f"{name}: is {what}, which docreconcile does not read: "
                "export it as PDF or plain text first"
            )
    return SourceFormat.TEXT


def extract(path: Path, password: str = "", limits: Limits | None = None) -> Document:
    """Read any supported input file into a Document, or raise an InputError that says why not."""
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file: check the path")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a file: give a .txt or .pdf file")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: permission denied: check that you can read it") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror})") from None
    if not data:
        raise InputError(f"{name}: is empty: nothing to compare")
    if detect_format(data[:_PDF_HEADER_WINDOW], name) is SourceFormat.PDF:
        return extract_pdf(path, password=password, limits=limits)
    return extract_text(path, data)
