"""Read Word (.docx) and OpenDocument (.odt) files: their paragraphs, in reading order.

Both are ZIP containers of XML; the standard library reads them, with no document model
in between. What a reader of the document sees as the text is kept, what is layout is
not:

- Paragraphs and headings in body order, a table's cells row by row (each cell's
  paragraphs), as a PDF of the document reads them.
- Running headers and footers are page furniture: left out (a PDF of the document has
  them on every page, and normalisation takes them out there).
- Footnotes and endnotes follow the body, as a PDF prints them (at the foot of a page).
- Tracked changes are read as if accepted: insertions in, deletions out, with a warning,
  since the other version may show either state.

Each paragraph is one line, with a blank line between paragraphs, so the text reader's
paragraph rules apply; its location is its paragraph number (`line` N: the Nth
paragraph), the place a person finds in the document's navigation.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from docreconcile.errors import InputError
from docreconcile.extract.numbering import (
    Counters,
    OdtLevel,
    WordNumbering,
    odt_label,
    odt_list_styles,
    odt_outline,
    odt_unnumbered_styles,
)
from docreconcile.i18n import _
from docreconcile.model import Document, Line, Location, SourceFormat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_XML_BYTES = 200 * 1024 * 1024
"""A part larger than this when unpacked is refused: a ZIP bomb, not a memo."""


def is_damaged_zip(data: bytes) -> bool:
    """Starts as a ZIP container but cannot be opened as one (cut short, overwritten)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return False
    except (zipfile.BadZipFile, OSError):
        return True


def is_docx(data: bytes) -> bool:
    """A ZIP holding `word/document.xml`."""
    return data.startswith(b"PK\x03\x04") and _has_member(data, "word/document.xml")


def is_odt(data: bytes) -> bool:
    """A ZIP whose `mimetype` says OpenDocument text."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == ODT_MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def read_docx(path: Path, data: bytes) -> Document:
    """A .docx file's text: body, then footnotes and endnotes; tracked changes accepted."""
    name = str(path)
    with _archive(data, name) as archive:
        body = _xml(archive, "word/document.xml", name)
        numbering = WordNumbering(
            *(
                _xml(archive, part, name) if part in archive.namelist() else None
                for part in ("word/numbering.xml", "word/styles.xml")
            )
        )
        paragraphs = list(_word_paragraphs(body.find(f"{W}body"), numbering))
        for part in ("word/footnotes.xml", "word/endnotes.xml"):
            if part in archive.namelist():
                notes = _xml(archive, part, name)
                paragraphs += [
                    text
                    for note in notes
                    if note.get(f"{W}type") not in ("separator", "continuationSeparator")
                    for text in _word_paragraphs(note)
                ]
    tracked = body.find(f".//{W}ins") is not None or body.find(f".//{W}del") is not None
    warnings = (
        (
            _(
                "{name}: has tracked changes: read as if all were accepted (insertions in, "
                "deletions out)"
            ).format(name=name),
        )
        if tracked
        else ()
    )
    return _document(path, SourceFormat.DOCX, paragraphs, warnings)


def read_odt(path: Path, data: bytes) -> Document:
    """An .odt file's text: body paragraphs and headings, tables by rows, notes last."""
    name = str(path)
    with _archive(data, name) as archive:
        content = _xml(archive, "content.xml", name)
        styles = _xml(archive, "styles.xml", name) if "styles.xml" in archive.namelist() else None
    text_body = content.find(f"{OFFICE}body/{OFFICE}text")
    if text_body is None:
        raise InputError(
            _("{name}: is an OpenDocument file without text: is it a spreadsheet?").format(
                name=name
            )
        )
    notes: list[str] = []
    lists = _OdtLists(
        odt_list_styles(content, styles),
        odt_outline(styles, content),
        odt_unnumbered_styles(styles, content),
    )
    paragraphs = list(_odt_paragraphs(text_body, notes, lists))
    tracked = text_body.find(f"{TEXT}tracked-changes") is not None
    warnings = (
        (_("{name}: has tracked changes: read as if all were accepted").format(name=name),)
        if tracked
        else ()
    )
    return _document(path, SourceFormat.ODT, paragraphs + notes, warnings)


def _word_paragraphs(
    container: ElementTree.Element | None, numbering: WordNumbering | None = None
) -> Iterator[str]:
    """The paragraphs of a body, a table cell or a note, tables read row by row; each
    numbered one (a list item, a heading of a numbered heading style) with its label
    (`2.1 `) as Word shows it."""
    if container is None:
        return
    for element in container:
        if element.tag == f"{W}p":
            label = numbering.label(element) if numbering is not None else ""
            yield label + _word_text(element)
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                for cell in row.iter(f"{W}tc"):
                    yield from _word_paragraphs(cell, numbering)
        elif element.tag in (f"{W}sdt", f"{W}customXml"):  # content controls hold paragraphs
            yield from _word_paragraphs(element.find(f"{W}sdtContent") or element, numbering)


def _word_text(paragraph: ElementTree.Element) -> str:
    """A paragraph's text as accepted: deleted runs left out, tabs and breaks as spaces."""
    pieces: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag == f"{W}del":
                continue
            if child.tag == f"{W}t":
                pieces.append(child.text or "")
            elif child.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                pieces.append(" ")
            elif child.tag == f"{W}noBreakHyphen":
                pieces.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(pieces)


class _OdtLists:
    """The list styles of an OpenDocument file and the counters of its lists: a list
    starts its own unless it continues the one before it of its style."""

    def __init__(
        self,
        styles: dict[str, dict[int, OdtLevel]],
        outline: dict[int, OdtLevel],
        unnumbered: set[str],
    ) -> None:
        self.styles = styles
        self.last: dict[str, Counters] = {}
        self.outline = outline
        self.unnumbered = unnumbered
        self.chapters = Counters()

    def heading_label(self, heading: ElementTree.Element) -> str:
        """A heading's outline (chapter) number (`1.2 `), counted now; empty where the
        outline is not numbered or its style opts out."""
        if (
            not self.outline
            or heading.get(f"{TEXT}is-list-header") == "true"
            or heading.get(f"{TEXT}style-name", "") in self.unnumbered
        ):
            return ""
        depth = int(heading.get(f"{TEXT}outline-level", "1"))
        level = self.outline.get(depth)
        values = self.chapters.count(depth, level.start if level else 1)
        return odt_label(self.outline, values, depth)

    def counters(self, element: ElementTree.Element, style: str) -> Counters:
        continues = element.get(f"{TEXT}continue-numbering") == "true" or element.get(
            f"{TEXT}continue-list"
        )
        if not continues or style not in self.last:
            self.last[style] = Counters()
        return self.last[style]


def _odt_paragraphs(
    container: ElementTree.Element, notes: list[str], lists: _OdtLists | None = None
) -> Iterator[str]:
    """Paragraphs and headings in order, lists and sections entered, tables by rows;
    a note's text goes to `notes` (printed after the body), not into the sentence. A
    numbered list's items start with their labels (`3. `), as LibreOffice shows them."""
    for element in container:
        if element.tag == f"{TEXT}h" and lists is not None:
            yield lists.heading_label(element) + _odt_text(element, notes)
        elif element.tag in (f"{TEXT}p", f"{TEXT}h"):
            yield _odt_text(element, notes)
        elif element.tag == f"{TEXT}tracked-changes":
            continue  # the changes' record: deleted text, read as accepted (out)
        elif element.tag == f"{TEXT}list" and lists is not None:
            style = element.get(f"{TEXT}style-name", "")
            yield from _odt_list(element, notes, lists, lists.counters(element, style), 1, style)
        else:
            yield from _odt_paragraphs(element, notes, lists)


def _odt_list(
    element: ElementTree.Element,
    notes: list[str],
    lists: _OdtLists,
    counters: Counters,
    depth: int,
    style: str,
) -> Iterator[str]:
    """A list's items at `depth` (1 outermost), each one's first paragraph labelled; a
    list inside an item is the next level of the same list."""
    style = element.get(f"{TEXT}style-name", style) if depth > 1 else style
    levels = lists.styles.get(style, {})
    for item in element:
        label = ""
        if item.tag == f"{TEXT}list-item":
            start = item.get(f"{TEXT}start-value")
            if start is not None:
                counters.values.pop(depth, None)
            level = levels.get(depth)
            values = counters.count(depth, int(start) if start else level.start if level else 1)
            label = odt_label(levels, values, depth)
        for child in item:
            if child.tag == f"{TEXT}list":
                yield from _odt_list(child, notes, lists, counters, depth + 1, style)
            elif child.tag in (f"{TEXT}p", f"{TEXT}h"):
                yield label + _odt_text(child, notes)
                label = ""
            else:
                yield from _odt_paragraphs(child, notes, lists)


def _odt_text(paragraph: ElementTree.Element, notes: list[str]) -> str:
    pieces = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == f"{TEXT}note":
            body = child.find(f"{TEXT}note-body")
            if body is not None:
                notes.extend(_odt_paragraphs(body, []))
        elif child.tag == f"{TEXT}s":
            pieces.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag in (f"{TEXT}tab", f"{TEXT}line-break"):
            pieces.append(" ")
        else:
            pieces.append(_odt_text(child, notes))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _document(
    path: Path, source_format: SourceFormat, paragraphs: list[str], warnings: tuple[str, ...]
) -> Document:
    """One line a paragraph (blank lines between), located by its paragraph number."""
    lines: list[Line] = []
    number = 0
    for text in paragraphs:
        text = " ".join(text.split())
        if not text:
            continue
        number += 1
        if lines:
            lines.append(Line("", Location(line=number - 1)))
        lines.append(Line(text, Location(line=number)))
    if not lines:
        raise InputError(_("{path}: has no text: nothing to compare").format(path=path))
    return Document(str(path), source_format, 1, lines, None, list(warnings))


def _has_member(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _archive(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(
            _("{name}: is a damaged ZIP container ({error}): save it again").format(
                name=name, error=error
            )
        ) from None


def _xml(archive: zipfile.ZipFile, member: str, name: str) -> ElementTree.Element:
    """One XML part, parsed; refused if missing, oversized or malformed. ElementTree
    resolves no external entities, and a part unpacking past MAX_XML_BYTES is refused."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise InputError(
            _("{name}: lacks {member}: is it a damaged file?").format(name=name, member=member)
        ) from None
    if info.file_size > MAX_XML_BYTES:
        raise InputError(
            _("{name}: {member} unpacks to {file_size} bytes: refused").format(
                name=name, member=member, file_size=info.file_size
            )
        )
    try:
        return ElementTree.fromstring(archive.read(member))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as error:
        raise InputError(
            _("{name}: {member} is not readable XML ({error})").format(
                name=name, member=member, error=error
            )
        ) from None
