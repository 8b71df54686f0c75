"""Finished comparisons, kept in the cache folder: re-checking an unchanged pair is a lookup.

A CI job or a proofreader runs the same pair again and again, most of the time unchanged.
Reading a cached extraction still leaves normalising, aligning and classifying, seconds
for a long document; a finished report keyed by both inputs' bytes skips all of it.

The key is the SHA-256 of both inputs' contents and names (a report names its inputs),
and of the code that compared them: every source file of the package and the versions of
the libraries whose answers shape a report (pdfminer.six, rapidfuzz, wordfreq). Any change
to any of them is a new key, so an entry is never used by code that would answer
otherwise. Entries are JSON read by a strict decoder (the cache folder is not a place to
trust code from, `extract/cache.py`): anything unexpected is a miss, never an error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docreconcile.model import (
    Category,
    Difference,
    LinePiece,
    Location,
    PairKind,
    ParagraphView,
    Report,
    Row,
    Severity,
    Similarity,
    SourceFormat,
    SourceInfo,
    TextRange,
)
from docreconcile.version import __version__

if TYPE_CHECKING:
    from docreconcile.extract.cache import Cache

SCHEMA = "docreconcile-report/1"

LIBRARIES = ("pdfminer.six", "rapidfuzz", "wordfreq")
"""The libraries whose answers are part of a report: extraction, similarity, hints."""


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of the code that compares: the package's sources and the libraries'
    versions (a few dozen files: cheap beside any comparison)."""
    import hashlib  # here, as below: only a cached run needs them (hashlib loads OpenSSL)
    from importlib import metadata

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} absent".encode())
    return digest.hexdigest()


def key(
    a_name: str, a_content: bytes, b_name: str, b_content: bytes, engine: str = "pdfminer"
) -> str:
    """The entry of a pair: both contents, both names, the code (and how PDFs are read,
    `engine` and OCR, when not the default).

    >>> key("a.txt", b"x", "b.txt", b"y") == key("a.txt", b"x", "b.txt", b"y")
    True
    >>> key("a.txt", b"x", "b.txt", b"y") == key("b.txt", b"y", "a.txt", b"x")
    False
    """
    import hashlib

    digest = hashlib.sha256(code_stamp().encode())
    # a name in any bytes (`bad-\xff.txt` comes as a surrogate escape): its own bytes
    for part in (os.fsencode(a_name), a_content, os.fsencode(b_name), b_content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    if engine != "pdfminer":
        digest.update(f"engine {engine}".encode())
    return "report-" + digest.hexdigest()


def get(cache: Cache, entry: str) -> Report | None:
    """The report kept under `entry`, or None (absent, damaged, or not ours)."""
    raw = cache.read(entry)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        return decode(data["report"])
    except (KeyError, TypeError, ValueError):
        return None


def put(cache: Cache, entry: str, report: Report) -> None:
    """Keep a report (before any baseline is applied: the baseline may change)."""
    cache.write(entry, _pieces(report))


def _pieces(report: Report) -> Iterator[str]:
    """The entry of a report as JSON text in pieces, a difference at a time: what `get`
    reads as `{"schema": ..., "report": encode(report)}`. Encoded in one piece, a long
    report's lists and text would all be held at once in the main process.

    >>> a = SourceInfo("a.txt", SourceFormat.TEXT, 1, 3)
    >>> d = Difference(1, Severity.SUBSTANTIVE, Category.WORD, "x", "y", "", "", None, None)
    >>> report = Report(a, a, (d, d), (ParagraphView("Hej.", Location(1)),))
    >>> json.loads("".join(_pieces(report))) == {"schema": SCHEMA, "report": encode(report)}
    True
    """
    outline = encode(replace(report, differences=()))
    yield f'{{"schema": {json.dumps(SCHEMA)}, "report": ['
    yield f"{json.dumps(outline[0])}, {json.dumps(outline[1])}, ["
    for number, difference in enumerate(report.differences):
        yield (", " if number else "") + json.dumps(_difference(difference))
    yield "]"
    for part in outline[3:]:
        yield f", {json.dumps(part)}"
    yield "]}"


# The codec: each dataclass as a list of its fields in order, None for an absent value.
# A report of 478 pages holds 20,000 differences, so the form is compact and the decoder
# builds each object directly.


def encode(report: Report) -> list[Any]:
    """A report as plain JSON values (what `decode` reads back).

    >>> a = SourceInfo("a.txt", SourceFormat.TEXT, 1, 3)
    >>> report = Report(a, a, (), (ParagraphView("Hej.", Location(1)),))
    >>> decode(json.loads(json.dumps(encode(report)))) == report
    True
    """
    if report.baseline is not None or report.accepted or report.stale:
        raise ValueError("a report is kept before a baseline is applied")
    similarity = report.similarity
    return [
        _source(report.a),
        _source(report.b),
        [_difference(difference) for difference in report.differences],
        [_view(view) for view in report.a_paragraphs],
        [_view(view) for view in report.b_paragraphs],
        [[row.kind.value, list(row.a), list(row.b)] for row in report.rows],
        None
        if similarity is None
        else [similarity.words_in_common, similarity.cer, similarity.wer],
    ]


def decode(data: list[Any]) -> Report:
    """A report from `encode`'s form; TypeError or ValueError for anything else."""
    a, b, differences, a_views, b_views, rows, similarity = data
    places: dict[tuple[Any, Any], Location] = {}
    return Report(
        a=_read_source(a),
        b=_read_source(b),
        differences=tuple(_read_difference(item, places) for item in differences),
        a_paragraphs=tuple(_read_view(item, places) for item in a_views),
        b_paragraphs=tuple(_read_view(item, places) for item in b_views),
        rows=tuple(
            Row(PairKind(kind), _integers(a_rows), _integers(b_rows))
            for kind, a_rows, b_rows in rows
        ),
        similarity=None if similarity is None else Similarity(*map(float, similarity)),
    )


def _source(info: SourceInfo) -> list[Any]:
    return [
        info.path,
        info.format.value,
        info.pages,
        info.paragraphs,
        info.encoding,
        list(info.warnings),
        info.engine,
        list(info.scanned),
    ]


def _read_source(item: list[Any]) -> SourceInfo:
    path, format_, pages, paragraphs, encoding, warnings, engine, scanned = item
    return SourceInfo(
        _text(path),
        SourceFormat(format_),
        int(pages),
        int(paragraphs),
        None if encoding is None else _text(encoding),
        tuple(_text(warning) for warning in warnings),
        None if engine is None else _text(engine),
        tuple(int(page) for page in scanned),
    )


def _location(location: Location | None) -> list[Any]:
    return [None, None] if location is None else [location.line, location.page]


_SEVERITIES = {severity.value: severity for severity in Severity}
_CATEGORIES = {category.value: category for category in Category}
"""Values to members by a dict lookup: an Enum call costs more, 40,000 times a report."""


def _read_location(line: Any, page: Any, known: dict[tuple[Any, Any], Location]) -> Location | None:
    """A location, the same object for the same place (a report names a place many times)."""
    if line is None:
        return None
    location = known.get((line, page))
    if location is None:
        location = known[(line, page)] = Location(int(line), None if page is None else int(page))
    return location


def _range(text_range: TextRange | None) -> list[int] | None:
    return None if text_range is None else [text_range.paragraph, text_range.start, text_range.end]


def _read_range(item: Any) -> TextRange | None:
    if item is None:
        return None
    paragraph, start, end = item
    return TextRange(int(paragraph), int(start), int(end))


def _rest(items: Any) -> list[TextRange]:
    """The ranges of a difference's text in further paragraphs: a list, none absent."""
    ranges = [_read_range(item) for item in items]
    return [part for part in ranges if part is not None]


def _piece(piece: LinePiece) -> list[Any]:
    return [*_location(piece.location), piece.text, piece.start, piece.end]


def _read_piece(item: list[Any], places: dict[tuple[Any, Any], Location]) -> LinePiece:
    line, page, text, start, end = item
    location = _read_location(line, page, places)
    if location is None:
        raise ValueError("a line piece names its line")
    return LinePiece(location, _text(text), int(start), int(end))


def _difference(d: Difference) -> list[Any]:
    return [
        d.id,
        d.severity.value,
        d.category.value,
        d.a,
        d.b,
        d.a_context,
        d.b_context,
        *_location(d.a_location),
        *_location(d.b_location),
        [list(segment) for segment in d.segments],
        _range(d.a_range),
        _range(d.b_range),
        d.whole_paragraph,
        [list(mark) for mark in d.a_marks],
        [list(mark) for mark in d.b_marks],
        d.a_context_start,
        d.b_context_start,
        _range(d.a_span),
        _range(d.b_span),
        d.hint,
        [_range(part) for part in d.a_rest],
        [_range(part) for part in d.b_rest],
        [_piece(piece) for piece in d.a_lines],
        [_piece(piece) for piece in d.b_lines],
        d.confidence,
    ]


def _read_difference(item: list[Any], places: dict[tuple[Any, Any], Location]) -> Difference:
    (
        number, severity, category, a, b, a_context, b_context,
        a_line, a_page, b_line, b_page, segments, a_range, b_range, whole_paragraph,
        a_marks, b_marks, a_context_start, b_context_start, a_span, b_span, hint,
        a_rest, b_rest, a_lines, b_lines, confidence,
    ) = item  # fmt: skip
    if hint not in (None, "a", "b"):
        raise ValueError("a hint names a side")
    if confidence is not None and not isinstance(confidence, int):
        raise TypeError("a confidence that is no number")
    return Difference(
        id=int(number),
        severity=_SEVERITIES[severity],
        category=_CATEGORIES[category],
        a=_text(a),
        b=_text(b),
        a_context=_text(a_context),
        b_context=_text(b_context),
        a_location=_read_location(a_line, a_page, places),
        b_location=_read_location(b_line, b_page, places),
        segments=tuple((_text(operation), _text(text)) for operation, text in segments)
        if segments
        else (),
        a_range=_read_range(a_range),
        b_range=_read_range(b_range),
        whole_paragraph=bool(whole_paragraph),
        a_marks=tuple((int(start), int(end)) for start, end in a_marks) if a_marks else (),
        b_marks=tuple((int(start), int(end)) for start, end in b_marks) if b_marks else (),
        a_context_start=int(a_context_start),
        b_context_start=int(b_context_start),
        a_span=_read_range(a_span),
        b_span=_read_range(b_span),
        hint=hint,
        a_rest=tuple(_rest(a_rest)),
        b_rest=tuple(_rest(b_rest)),
        a_lines=tuple(_read_piece(piece, places) for piece in a_lines),
        b_lines=tuple(_read_piece(piece, places) for piece in b_lines),
        confidence=confidence,
    )


def _view(view: ParagraphView) -> list[Any]:
    item = [view.text, *_location(view.location)]
    return [*item, list(view.breaks), view.tight] if view.breaks or view.tight else item


def _read_view(item: list[Any], places: dict[tuple[Any, Any], Location]) -> ParagraphView:
    text, line, page, *lines = item
    location = _read_location(line, page, places)
    if location is None:
        raise ValueError("a paragraph without a place")
    if not lines:
        return ParagraphView(_text(text), location)
    breaks, tight = lines
    return ParagraphView(_text(text), location, _integers(breaks), bool(tight))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _integers(values: list[Any]) -> tuple[int, ...]:
    return tuple(int(value) for value in values)
