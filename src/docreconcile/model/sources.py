"""What a reader gives: a document's lines, each with its location and (in a PDF) its box."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from docreconcile.i18n import _


class SourceFormat(StrEnum):
    """What kind of file a document was read from."""

    TEXT = "text"
    PDF = "pdf"
    DOCX = "docx"
    ODT = "odt"
    HTML = "html"
    MARKDOWN = "markdown"

    @property
    def label(self) -> str:
        """How a report names the format: `text`, `PDF`, `Word`, `OpenDocument`, ..."""
        labels = {"pdf": "PDF", "docx": "Word", "odt": "OpenDocument", "html": "HTML"}
        return labels.get(self.value, self.value.capitalize() if self.value != "text" else "text")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text sits in its input file.

    For a text file `line` is the 1-based line of the file and `page` is None. For a PDF
    `page` is the 1-based page and `line` the 1-based line on that page, in reading order.
    """

    line: int
    page: int | None = None

    def describe(self) -> str:
        """A short human form: ``line 12`` or ``p. 3, line 7``."""
        if self.page is None:
            return _("line {line}").format(line=self.line)
        return _("p. {page}, line {line}").format(page=self.page, line=self.line)

    def as_dict(self) -> dict[str, int | None]:
        return {"page": self.page, "line": self.line}


def describe_location(location: Location | None) -> str:
    """A location's short form, or a dash where a side has none (for every reporter).

    >>> describe_location(Location(line=41)), describe_location(None)
    ('line 41', '–')
    """
    return location.describe() if location is not None else "–"


@dataclass(frozen=True, slots=True)
class Box:
    """A line's bounding box on its PDF page, in PDF points (origin bottom left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True, slots=True)
class Line:
    """One line of an input, as the extractor found it.

    `text` is the raw text (kept for display). `page_index` is the page the line is on for
    layout analysis, in text files too (a form feed starts a page), while `location` is what
    a person is shown. `block` groups lines that the PDF layout analysis put in one text
    box (None for text files, where blank lines separate blocks). `edge` marks a line at a
    page's edge, set apart from the body, that may be page furniture (set by normalisation).
    """

    text: str
    location: Location
    page_index: int = 1
    box: Box | None = None
    block: int | None = None
    page_width: float | None = None
    page_height: float | None = None
    edge: bool = False


class Interned:
    """One object for each distinct number of a document's lines, shared by every line
    that has it.

    Numbers that come apart (from a reader process, or from the cache's JSON) are one
    object each; but a page's lines share a left margin, and a page's line grid recurs
    on every page, so a document's coordinates hold few distinct values: shared, they
    cost every process that holds the document far less.

    >>> interned = Interned()
    >>> a, b = float("56.7"), float("56.7")
    >>> interned.real(a) is interned.real(b)
    True
    """

    def __init__(self) -> None:
        self._reals: dict[float, float] = {}
        self._wholes: dict[int, int] = {}

    def real(self, value: float) -> float:
        return self._reals.setdefault(value, value)

    def whole(self, value: int) -> int:
        return self._wholes.setdefault(value, value)


@dataclass
class Document:
    """An extracted input: its lines in reading order, page by page."""

    path: str
    format: SourceFormat
    pages: int
    lines: list[Line]
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    engine: str | None = None
    """What read a PDF's text layer (`extract.pdf.ENGINES`); None for other formats."""
    scanned: tuple[int, ...] = ()
    """The pages read by OCR (`extract.ocr`), in order."""
    confidence: dict[Location, tuple[int, ...]] = field(default_factory=dict)
    """Each line read by OCR: its words' confidences (0-100), in the order of its text's
    words (split at single spaces)."""
