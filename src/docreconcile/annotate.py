"""An annotated PDF: the PDF side with a highlight over each shown difference.

Each difference to decide gets a highlight annotation over its words on the page, with
a note: its number (the same as in every report), its category, the other version's
wording and the hint. The annotations are an incremental update (pypdf's incremental
writer): the original file's bytes come first, unchanged, so its content, fonts,
metadata and signatures are kept; each annotation carries its own appearance stream, so
every viewer draws it, not only those that make one up.

Where the words are is `highlights`' to say: over the glyphs of the difference's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docreconcile.errors import InputError
from docreconcile.highlights import highlights, opened
from docreconcile.i18n import _
from docreconcile.model import Difference, Document, Report, Severity

if TYPE_CHECKING:  # pypdf loads with the first annotation made
    from pypdf.generic import DecodedStreamObject, DictionaryObject, IndirectObject

SUBSTANTIVE_COLOUR = (1.0, 0.85, 0.0)
"""Yellow, the marker a proofreader knows, for what changes the meaning."""

MINOR_COLOUR = (0.55, 0.8, 1.0)
"""Light blue for punctuation, case and typography."""


@dataclass(frozen=True)
class Mark:
    """One difference's highlight: its page (1-based), its rectangles (x0, y0, x1, y1 in
    PDF points), the note and the colour."""

    page: int
    rectangles: tuple[tuple[float, float, float, float], ...]
    note: str
    colour: tuple[float, float, float]


def marks(
    report: Report,
    document: Document,
    side: str,
    source: Path | None = None,
    password: str | None = None,
) -> list[Mark]:
    """The highlights for `side` (`a` or `b`, a PDF) of every difference to decide; with
    the PDF's `source`, over the glyphs themselves (`highlights`)."""
    with opened(source, password) as glyphs:
        return [
            Mark(
                found.page,
                found.rectangles,
                _note(found.difference, side),
                _colour(found.difference),
            )
            for found in highlights(report, document, side, glyphs)
        ]


def _note(difference: Difference, side: str) -> str:
    """The annotation's text: number, category, the other version's wording, the hint."""
    other, name = (difference.a, "A") if side == "b" else (difference.b, "B")
    head = f"#{difference.id} {difference.category.value}: "
    if other.strip():
        note = head + _("{side} has “{words}”").format(side=name, words=other.strip())
    else:
        note = head + _("{side} has nothing here").format(side=name)
    if difference.hint:
        note += " " + _("(hint: {side})").format(side=difference.hint)
    return note


def _colour(difference: Difference) -> tuple[float, float, float]:
    return SUBSTANTIVE_COLOUR if difference.severity is Severity.SUBSTANTIVE else MINOR_COLOUR


def annotated_pdf(source: Path, found: Sequence[Mark]) -> bytes:
    """The PDF at `source` with `found` as highlight annotations, as an incremental update."""
    import io

    from pypdf import PdfWriter

    try:
        writer = PdfWriter(str(source), incremental=True)
    except Exception as error:  # pypdf's errors are of many kinds; none is to leak
        raise InputError(
            _("{path}: cannot be annotated ({reason}): leave out --annotate").format(
                path=source, reason=str(error) or type(error).__name__
            )
        ) from None
    for number, mark in enumerate(found, start=1):
        appearance = writer._add_object(_appearance(mark))
        writer.add_annotation(
            page_number=mark.page - 1, annotation=_highlight(mark, number, appearance)
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return with_classic_xref(source.stat().st_size, buffer.getvalue())


def _bounds(mark: Mark) -> tuple[float, float, float, float]:
    """The box around a mark's rectangles."""
    rectangles = mark.rectangles
    return (
        min(r[0] for r in rectangles),
        min(r[1] for r in rectangles),
        max(r[2] for r in rectangles),
        max(r[3] for r in rectangles),
    )


def _appearance(mark: Mark) -> DecodedStreamObject:
    """How a mark is drawn: its rectangles filled in its colour, multiplied over the page
    (the words under it stay readable)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    x0, y0, x1, y1 = _bounds(mark)
    red, green, blue = mark.colour
    drawing = "".join(
        f"{r[0] - x0:.2f} {r[1] - y0:.2f} {r[2] - r[0]:.2f} {r[3] - r[1]:.2f} re f\n"
        for r in mark.rectangles
    )
    appearance = DecodedStreamObject()
    appearance.set_data(f"q /Mark gs {red} {green} {blue} rg\n{drawing}Q\n".encode())
    multiply = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/ExtGState"),
            NameObject("/BM"): NameObject("/Multiply"),
            NameObject("/ca"): FloatObject(0.6),
        }
    )
    appearance.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/ExtGState"): DictionaryObject({NameObject("/Mark"): multiply})}
            ),
        }
    )
    return appearance


def _highlight(mark: Mark, number: int, appearance: IndirectObject) -> DictionaryObject:
    """A mark's highlight annotation: its quads, colour and note, drawn by `appearance`."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    x0, y0, x1, y1 = _bounds(mark)
    quads = ArrayObject(
        [
            FloatObject(value)
            for r in mark.rectangles
            for value in (r[0], r[3], r[2], r[3], r[0], r[1], r[2], r[1])
        ]
    )
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Highlight"),
            NameObject("/Rect"): ArrayObject(
                [FloatObject(x0), FloatObject(y0), FloatObject(x1), FloatObject(y1)]
            ),
            NameObject("/QuadPoints"): quads,
            NameObject("/C"): ArrayObject([FloatObject(c) for c in mark.colour]),
            NameObject("/Contents"): TextStringObject(mark.note),
            NameObject("/T"): TextStringObject("docreconcile"),
            NameObject("/NM"): TextStringObject(f"docreconcile-{number}"),
            NameObject("/F"): NumberObject(4),  # printed
            NameObject("/AP"): DictionaryObject({NameObject("/N"): appearance}),
        }
    )


_OBJECT = re.compile(rb"(?:^|\n)(\d+) (\d+) obj\b")
_XREF_STREAM = re.compile(rb"(?:^|\n)(\d+) 0 obj\s*<<((?:(?!endobj).)*?)>>\s*stream", re.S)
_KEEP_IN_TRAILER = (b"/Root", b"/Info", b"/ID", b"/Prev", b"/Encrypt")


def with_classic_xref(original: int, data: bytes) -> bytes:
    """The update after the first `original` bytes with its cross-reference stream written
    as a classic table and trailer, as the original (and PDF 1.4) has them.

    pypdf ends an incremental update with a cross-reference *stream* that leaves itself
    out of its index: qpdf warns that the object count is off, and a PDF 1.4 file should
    not hold one. The update's own objects are kept byte for byte; only their index is
    written anew.
    """
    head, update = data[:original], data[original:]
    streams = [m for m in _XREF_STREAM.finditer(update) if b"/XRef" in m.group(2)]
    if not streams:
        return data  # a classic table already
    stream = streams[-1]
    body = update[: stream.start()]
    if not body.endswith(b"\n"):
        body += b"\n"
    offsets = {
        int(match.group(1)): (original + match.start() + (update[match.start()] == 10))
        for match in _OBJECT.finditer(body)
    }
    generations = {int(m.group(1)): int(m.group(2)) for m in _OBJECT.finditer(body)}
    table = [b"xref\n"]
    numbers = sorted(offsets)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        table.append(f"{run[0]} {len(run)}\n".encode())
        table += [f"{offsets[n]:010d} {generations[n]:05d} n \n".encode() for n in run]
    dictionary = stream.group(2)
    kept = [
        match.group(0)
        for key in _KEEP_IN_TRAILER
        for match in [re.search(re.escape(key) + rb"\s*(\[[^\]]*\]|\d+ \d+ R|\d+)", dictionary)]
        if match is not None
    ]
    if not any(entry.startswith(b"/Info") for entry in kept):
        # an update's trailer holds the previous one's entries: the document's metadata
        info = re.findall(rb"/Info\s+\d+ \d+ R", head[-4096:])
        kept += info[-1:]
    size = max(numbers + [int(m) for m in re.findall(rb"/Size (\d+)", head[-2048:]) or [0]])
    trailer = b"trailer\n<< /Size " + str(size + 1).encode() + b" " + b" ".join(kept) + b" >>\n"
    start = original + len(body)
    return head + body + b"".join(table) + trailer + f"startxref\n{start}\n%%EOF\n".encode()
