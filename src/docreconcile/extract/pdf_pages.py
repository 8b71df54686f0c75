"""Read a PDF's pages with pdfminer.six: the reader process's side of `pdf`.

Only a reader process imports this module (and pdfminer with it): the process that
compares two documents never holds pdfminer's fonts and tables. Each page is read by the
light pass (`glyphs`), its lines put in reading order (`layout`) and sent on at once as
plain values (`messages.PageMessage`), so a reader holds one page at a time.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from docreconcile.allocation import fewer_collections
from docreconcile.errors import InputError
from docreconcile.extract.annotations import AnnotatingInterpreter
from docreconcile.extract.glyphs import GAP, Char, GlyphDevice, GlyphPage, Space, TextLine
from docreconcile.extract.hanging import join_hanging_lines
from docreconcile.extract.layout import (
    INDENT_JOIN_GAP,
    SUPERSCRIPTS,
    Fragment,
    attach_raised_marks,
    merge_fragments,
    separate_columns,
)
from docreconcile.extract.messages import LineRow
from docreconcile.extract.regions import reading_order, regions, split_interleaved
from docreconcile.extract.rotated import Glyph, rotated_lines
from docreconcile.i18n import _

MAX_REFERENCE_HOPS = 64
"""References followed to reach one object: real PDFs take one or two; more is a cycle
(`5 0 obj 6 0 R`, `6 0 obj 5 0 R`, a 560-byte file), which pdfminer followed for ever."""


def _resolved(x: object, default: object = None) -> Any:
    """pdfminer's `resolve1`, ending at a cycle of references with an error the readers
    report as a damaged file, instead of spinning until --timeout."""
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    for _hop in range(MAX_REFERENCE_HOPS):
        if not isinstance(x, PDFObjRef):
            return x
        x = x.resolve(default=default)
    raise PDFSyntaxError("a cycle of object references")


def _bound_resolving() -> None:
    """Put `_resolved` where pdfminer's modules look `resolve1` up (each imported it by
    name)."""
    import pdfminer.pdffont
    import pdfminer.pdfinterp
    import pdfminer.pdfpage
    import pdfminer.pdftypes

    for module in (pdfminer.pdftypes, pdfminer.pdfpage, pdfminer.pdfinterp, pdfminer.pdffont):
        if hasattr(module, "resolve1"):
            setattr(module, "resolve1", _resolved)  # noqa: B010 - a module binding


_bound_resolving()


def count_pages(path: Path, password: str, max_pages: int) -> int:
    """Open the PDF (checking its structure and password) and count its pages."""
    name = str(path)
    with path.open("rb") as stream:
        return _counted(_open_pdf(stream, name, password), name, max_pages)


def _counted(pdf: PDFDocument, name: str, max_pages: int) -> int:
    """The number of pages of an open PDF, at least one and at most `max_pages`."""
    count = 0
    for count, _page in enumerate(_pages(pdf, name), start=1):
        if count > max_pages:
            break
    return checked_count(count, name, max_pages)


def checked_count(count: int, name: str, max_pages: int) -> int:
    """A PDF's page count, refused (with what to do) where it has none or more than
    `max_pages`: each engine's count goes through here."""
    if count > max_pages:
        raise InputError(
            _(
                "{name}: has more than {max_pages} pages: raise the limit "
                "with --max-pages if you mean to compare it"
            ).format(name=name, max_pages=max_pages)
        )
    if count == 0:
        raise InputError(
            _("{name}: has no pages: re-export the PDF from its source").format(name=name)
        )
    return count


def password_error(name: str, password: str) -> InputError:
    """What to do about a PDF that needs a password: give one, or the right one."""
    if password:
        return InputError(
            _("{name}: the password given with --password is wrong").format(name=name)
        )
    return InputError(
        _("{name}: is encrypted with a password: give it with --password").format(name=name)
    )


def damaged_error(name: str, value: str) -> InputError:
    """What to do about a PDF no reader can parse."""
    return InputError(
        _(
            "{name}: is not a readable PDF ({value}): the file is "
            "truncated or damaged; re-export it from its source"
        ).format(name=name, value=value)
    )


def read_pages(
    path: Path,
    password: str,
    first: int,
    last: int | None,
    max_pages: int,
    send: Callable[[Any], None],
) -> int:
    """Extract pages first..last (1-based; `last` None: count them first, then read them
    all) in this process, without time or memory limits; return how many were read.

    Each page is handed to `send` as soon as it is read, as a `PageMessage`, and not kept:
    what this process holds is one page, however long the PDF. Without `last`, the page
    count is sent first, as a `CountMessage` (one process counts and reads: a second one
    would open the PDF again).
    """
    name = str(path)
    read = 0
    quiet_parser_debug()
    with path.open("rb") as stream, fewer_collections():
        pdf = _open_pdf(stream, name, password)
        if last is None:
            last = _counted(pdf, name, max_pages)
            send(("count", last))
        resources = PDFResourceManager(caching=True)
        device = GlyphDevice(resources)
        interpreter = AnnotatingInterpreter(resources, device)
        for page_number, page in enumerate(_pages(pdf, name), start=1):
            if page_number < first:
                continue
            if page_number > last:
                break
            try:
                interpreter.process_page(page)
            except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
                raise InputError(
                    _(
                        "{name}: page {page_number} cannot be read ({value}): the "
                        "PDF is damaged; re-export it from its source"
                    ).format(name=name, page_number=page_number, value=_describe(error))
                ) from None
            layout = device.result
            assert layout is not None, "every page processed is ended"
            rows = _page_rows(layout, page_number)
            send(("page", page_number, layout.width, layout.height, rows))
            read += 1
    return read


_PARSER_MODULES = ("psparser", "pdfparser", "pdfinterp", "pdfdocument", "pdfpage", "cmapdb")
"""pdfminer's modules that log at debug level once a token or an object (real PDFs,
with kerned strings, have several tokens a glyph)."""


def quiet_parser_debug() -> None:
    """In a reader process, make pdfminer's per-token debug logging cost nothing where
    debug logging is off: its loggers' `debug` becomes a no-op (a logging call that is
    off still costs a call and a level check, for every token). Warnings, which
    `--verbose` shows, are untouched."""
    import importlib
    import logging

    for name in _PARSER_MODULES:
        logger = getattr(importlib.import_module(f"pdfminer.{name}"), "log", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            logger.debug = _no_debug  # type: ignore[method-assign]


def _no_debug(*_: object, **__: object) -> None:
    return None


def _open_pdf(stream: Any, name: str, password: str) -> PDFDocument:
    """Parse the PDF's structure, turning pdfminer's many failure modes into InputErrors."""
    try:
        return PDFDocument(PDFParser(stream), password=password)
    except PDFPasswordIncorrect:
        raise password_error(name, password) from None
    except PDFEncryptionError as error:
        raise InputError(
            _(
                "{name}: uses an encryption pdfminer cannot open ({error}): "
                "save an unencrypted copy"
            ).format(name=name, error=error)
        ) from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise damaged_error(name, _describe(error)) from None


def _pages(pdf: PDFDocument, name: str) -> Iterator[PDFPage]:
    """Iterate the pages, reporting a broken page tree as an InputError."""
    try:
        yield from PDFPage.create_pages(pdf)
    except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise InputError(
            _(
                "{name}: its page tree is damaged ({value}): re-export the PDF from its source"
            ).format(name=name, value=_describe(error))
        ) from None


def _describe(error: BaseException) -> str:
    """One short line about an exception from deep inside pdfminer."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    text = text[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


SMALLER = 0.85
"""A digit set smaller than this share of its line's usual size may be a superscript..."""
RAISED = 0.15
"""...if its baseline is raised by more than this share of that size."""


_DIGIT = re.compile(r"\d")


def line_text(items: list[Any]) -> str:
    """A line's text, with raised small digits (footnote marks) as superscript digits.

    The text layer says nothing of position, so `tillsyn¹` would come out as `tillsyn1`, a
    changed word; written as a superscript, normalisation can recognise a footnote mark.
    """
    text = "".join(item.text for item in items)
    if not _DIGIT.search(text):
        return text  # no digit, no footnote mark (nearly every line: the quick way)
    characters = [item for item in items if isinstance(item, Char)]
    if not any(character.get_text().isdigit() for character in characters):
        return text
    size = statistics.median(character.size for character in characters)
    baseline = statistics.median(character.y0 for character in characters)
    pieces = []
    for item in items:
        text = item.get_text()
        if (
            isinstance(item, Char)
            and text.isdigit()
            and item.size < SMALLER * size
            and item.y0 > baseline + RAISED * size
        ):
            text = text.translate(SUPERSCRIPTS)
        pieces.append(text)
    return "".join(pieces)


def line_pieces(line: TextLine) -> list[list[Any]]:
    """A pdfminer line cut at every gap wider than a word space (`INDENT_JOIN_GAP` glyph widths).

    pdfminer joins characters closer than its `char_margin` (two glyph heights) into one
    line, so across a narrow gutter a column's line and the next column's line on the
    same baseline become one (`information on receiving IRS assistance United States
    from a residence in`, 19 pt apart in the IRS instructions). Cut here, the pieces go
    to `layout.merge_fragments`, which joins again the pieces of a justified line and
    keeps columns apart.

    A gap kept inside the line but set apart from its word spaces (`field_gaps`: after a
    label, a list number or a `14 §`, between a footer's fields) is written as `GAP`: the
    parts are layout units of their own. (A justified line's stretched spaces are all
    alike: no field gap among them.)
    """
    items = list(line)
    widths = [char.width for char in line.chars if char.width > 0]
    if not widths:
        return [items]
    median = statistics.median(widths)
    fields = field_gaps(items, median)
    # The median glyph is at least as wide as the narrowest: no gap that wide, no cut.
    if line.widest_gap < INDENT_JOIN_GAP * min(widths) and not fields:
        return [items]
    gutter = INDENT_JOIN_GAP * median
    pieces: list[list[Any]] = [[]]
    right: float | None = None
    for index, item in enumerate(items):
        if isinstance(item, Char):
            if (
                right is not None
                and item.x0 - right >= gutter
                and (_is_running_text(pieces[-1]) or _other_type(pieces[-1], item))
            ):
                pieces.append([])
            elif index in fields:
                piece = pieces[-1]
                while piece and isinstance(piece[-1], Space | Char) and not piece[-1].text.strip():
                    piece.pop()  # the word space before it: the gap stands for it
                piece.append(GAP)
            right = item.x1
        pieces[-1].append(item)
    return pieces


FIELD_GAP = 1.2
"""Glyph widths (the line's median) a gap between two words must reach to set them
apart as fields: a justified line's stretched spaces stay below it, or are all alike."""

FIELD_GAP_RATIO = 2.5
"""...and how many times the line's usual gap between words it must be: `14 §` before
its text stands 2.1 widths off where the line's word spaces are half a width."""


def field_gaps(items: list[Any], median: float) -> set[int]:
    """The indices of the glyphs a field gap stands before: a gap between two words much
    wider than the line's word spaces (`FIELD_GAP`, `FIELD_GAP_RATIO`), measured from
    ink to ink (space glyphs are blank).

    A footer's fields (`VerDate Sep<11>2014  16:21 Aug 05, 2020  Jkt 250001`), a label
    before its text (`CAUTION  would increase`), a section number (`14 §  Bestämmelserna`),
    cells of a table row: one reader writes each on a line of its own, the other runs
    them into one line.
    """
    gaps: list[tuple[int, float]] = []
    right: float | None = None
    for index, item in enumerate(items):
        if not isinstance(item, Char) or not item.text.strip():
            continue
        if right is not None:
            gaps.append((index, (item.x0 - right) / median))
        right = item.x1
    # Gaps between words, not between a word's letters (kerning, tracking)
    between_words = sorted(gap for _, gap in gaps if gap > 0.2)
    if len(between_words) < 2:
        return set()
    usual = between_words[len(between_words) // 2 - (len(between_words) % 2 == 0)]
    threshold = max(FIELD_GAP, FIELD_GAP_RATIO * usual)
    return {index for index, gap in gaps if gap >= threshold}


CUT_WORDS = 3
"""Only a piece of at least this many words is a column's line worth cutting after: a list
number (`9.`), a bullet or a label (`Pub. 525`) before a gap stays with what follows it."""


OTHER_TYPE = 1.3
"""Sizes this many times apart are two types: a heading beside the next column's text
(`General Instructions` at 14 pt, then `deduction. The deduction rate for` at 9 pt)."""


def _other_type(items: list[Any], following: Char) -> bool:
    """Whether a piece is set in a larger type than the glyph after its gap (a heading):
    a label or a list number before its text is set in the text's size."""
    sizes = [item.size for item in items if isinstance(item, Char) and item.text.strip()]
    if not sizes or not following.size:
        return False
    return statistics.median(sizes) > OTHER_TYPE * following.size


def _is_running_text(items: list[Any]) -> bool:
    return len("".join(item.get_text() for item in items).split()) >= CUT_WORDS


BLOCKS_PER_PAGE = 100_000
"""Block ids are page * BLOCKS_PER_PAGE + box: unique across pages read in parallel."""

SPLIT_BLOCKS = (60_000, BLOCKS_PER_PAGE)
"""Block ids (after the page's own) for pieces cut off a line, each its own: above the
page's boxes and its rotated text (BLOCKS_PER_PAGE // 2), below the next page's."""


def _page_rows(layout: GlyphPage, page_number: int) -> list[LineRow]:
    """The text lines of one analysed page, whole, in reading order (numbered from 1 by
    their place in the list), as `LineRow`s."""
    first_block = page_number * BLOCKS_PER_PAGE
    fragments: list[Fragment] = []
    rotated: list[Glyph] = []
    split_block = SPLIT_BLOCKS[0]
    for box_number, box in enumerate(layout.boxes, start=1):
        for line in box:
            if _is_rotated(line):
                rotated.extend(_glyphs(line))
                continue
            pieces = line_pieces(line)
            for index, piece in enumerate(pieces):
                characters = (
                    line.chars
                    if len(pieces) == 1
                    else [item for item in piece if isinstance(item, Char)]
                )
                if not (text := line_text(piece).strip()) or not characters:
                    continue
                # A piece cut off a line starts as a block of its own: it may stand in the
                # next column, and its line's box would then straddle the gutter.
                block = cut_from = first_block + box_number
                if index and split_block < SPLIT_BLOCKS[1]:
                    block, split_block = first_block + split_block, split_block + 1
                x0, y0, x1, y1 = (
                    (line.x0, line.y0, line.x1, line.y1)  # the line's box is its glyphs'
                    if len(pieces) == 1
                    else (
                        min(c.x0 for c in characters),
                        min(c.y0 for c in characters),
                        max(c.x1 for c in characters),
                        max(c.y1 for c in characters),
                    )
                )
                fragments.append(Fragment(text, x0, y0, x1, y1, block, cut_from if index else 0))
    lines = join_hanging_lines(attach_raised_marks(separate_columns(merge_fragments(fragments))))
    lines, _ = split_interleaved(lines, first_block + split_block)
    by_block: dict[int, list[Fragment]] = {}
    for fragment in lines:
        by_block.setdefault(fragment.block, []).append(fragment)
    order = reading_order(regions(lines))
    # Rotated text reads apart from the body, after it: it never splices into a sentence.
    for fragment in rotated_lines(rotated, block=first_block + BLOCKS_PER_PAGE // 2):
        by_block[fragment.block] = [fragment]
        order.append(fragment.block)
    return [
        (fragment.text, block, fragment.x0, fragment.y0, fragment.x1, fragment.y1)
        for block in order
        for fragment in sorted(by_block[block], key=lambda f: (-f.y1, f.x0))
    ]


def _is_rotated(line: TextLine) -> bool:
    """Whether most of a line's characters are drawn rotated (not upright)."""
    return line.rotated * 2 > len(line.chars) > 0


def _glyphs(line: TextLine) -> list[Glyph]:
    return [
        Glyph(item.get_text(), (a, b, c, d, e, f), item.x0, item.y0, item.x1, item.y1)
        for item in line
        if isinstance(item, Char)
        for a, b, c, d, e, f in [item.matrix]
    ]
