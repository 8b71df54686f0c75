"""The plain values that flow from one pipeline stage to the next.

Every stage takes one of these and returns the next one; none of them holds behaviour
beyond small lookups, so each stage can be tested on values built by hand.

    path --extract--> Document --normalize--> NormalizedDocument
         --align--> list[Pair] --diff--> list[Change] --classify--> list[Difference] --> Report
"""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import NamedTuple

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
    object each; a page's lines share a left margin, and a page's line grid recurs on
    every page: the 92,000 coordinates of a 478-page PDF hold 3,900 values, the IRS
    instructions' 72,000 hold 23,500. Shared, they took 3 MB less in every process that
    holds the document.

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


@dataclass(frozen=True, slots=True)
class Span:
    """Clean-text offsets ``[start, end)`` of a paragraph that came from one source line.

    A span is a layout unit: text read in another order is layout only where it moves
    as whole spans. `free` marks a line a reader could take in another order: it stands
    beside other text on its page (a column beside a column, a table cell, a margin
    note, a signature beside another) or in the page's top or bottom band. A line alone
    across its column (a body paragraph's) has one reading order only.
    """

    start: int
    end: int
    location: Location
    free: bool = False
    inset: bool = False
    """The line stands beside another line of its own paragraph (an icon's label beside
    the text it warns of, a list number in a column of its own): a reader may take it
    before or after that line, inside the paragraph."""
    over: Location | None = None
    """Where the span is a word of a line printed over another line (a stamp, a notice
    over a letterhead): that line's location. A reader may splice the word into that
    line, and nowhere else."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of clean text, with a source map back to the input lines.

    The spans cover the text in order: every character offset of `text` falls in exactly
    one span, except the single spaces inserted where two lines were joined, which belong
    to the span after them. `edge` marks a paragraph made only of page-edge lines set
    apart from the body that were not recognised as furniture on this side alone.
    """

    index: int
    text: str
    spans: tuple[Span, ...]
    edge: bool = False

    def location_at(self, offset: int) -> Location:
        """The source location of the character at `offset` in the clean text."""
        starts = [span.start for span in self.spans]
        position = bisect.bisect_right(starts, offset) - 1
        return self.spans[max(position, 0)].location

    @property
    def first_location(self) -> Location:
        return self.spans[0].location


class Severity(StrEnum):
    """How much a difference matters to a proofreader, most important first."""

    SUBSTANTIVE = "substantive"
    MINOR = "minor"
    LAYOUT = "layout"


class Category(StrEnum):
    """What kind of difference it is. Each category has one fixed severity."""

    # substantive
    WORD = "word"
    REWORDED = "reworded"
    REORDERED = "reordered"
    SPELLING = "spelling"
    NUMBER = "number"
    INSERTED = "inserted"
    DELETED = "deleted"
    PARAGRAPH_ADDED = "paragraph_added"
    PARAGRAPH_REMOVED = "paragraph_removed"
    # minor
    PUNCTUATION = "punctuation"
    CASE = "case"
    TYPOGRAPHY = "typography"
    MOVED = "moved"
    OCR = "ocr"
    # layout
    READING_ORDER = "reading_order"
    UNREADABLE = "unreadable"
    WHITESPACE = "whitespace"
    LINE_BREAK = "line_break"
    HYPHENATION = "hyphenation"
    HEADER_FOOTER = "header_footer"
    PAGE_NUMBER = "page_number"
    PAGE_BREAK = "page_break"
    RULE = "rule"
    FOOTNOTE_MARK = "footnote_mark"

    @property
    def severity(self) -> Severity:
        return CATEGORY_SEVERITY[self]

    @property
    def is_relocation(self) -> bool:
        """Text both sides contain, in another place: shown once, not as a change."""
        return self in (Category.MOVED, Category.READING_ORDER)


CATEGORY_SEVERITY: dict[Category, Severity] = {
    Category.WORD: Severity.SUBSTANTIVE,
    Category.REWORDED: Severity.SUBSTANTIVE,
    Category.REORDERED: Severity.SUBSTANTIVE,
    Category.SPELLING: Severity.SUBSTANTIVE,
    Category.NUMBER: Severity.SUBSTANTIVE,
    Category.INSERTED: Severity.SUBSTANTIVE,
    Category.DELETED: Severity.SUBSTANTIVE,
    Category.PARAGRAPH_ADDED: Severity.SUBSTANTIVE,
    Category.PARAGRAPH_REMOVED: Severity.SUBSTANTIVE,
    Category.PUNCTUATION: Severity.MINOR,
    Category.CASE: Severity.MINOR,
    Category.TYPOGRAPHY: Severity.MINOR,
    Category.MOVED: Severity.MINOR,
    Category.OCR: Severity.MINOR,
    Category.READING_ORDER: Severity.LAYOUT,
    Category.UNREADABLE: Severity.LAYOUT,
    Category.WHITESPACE: Severity.LAYOUT,
    Category.LINE_BREAK: Severity.LAYOUT,
    Category.HYPHENATION: Severity.LAYOUT,
    Category.HEADER_FOOTER: Severity.LAYOUT,
    Category.PAGE_NUMBER: Severity.LAYOUT,
    Category.PAGE_BREAK: Severity.LAYOUT,
    Category.RULE: Severity.LAYOUT,
    Category.FOOTNOTE_MARK: Severity.LAYOUT,
}


FAIL_ON: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "never": (),
}
"""The severities that make a run fail (exit 1) for each `--fail-on` level."""


@dataclass(frozen=True, slots=True)
class LayoutEvent:
    """Something normalisation removed or undid on one side, recorded so nothing is silent.

    `key` identifies the event independently of position (for a line break, the words on
    either side of it), so that the same event on both sides cancels out: a document
    compared with itself has no layout differences.
    """

    category: Category
    text: str
    location: Location
    key: str


@dataclass
class NormalizedDocument:
    """A document as clean paragraphs plus what normalisation took away."""

    document: Document
    paragraphs: list[Paragraph]
    events: list[LayoutEvent]


class PairKind(StrEnum):
    """How the aligner related paragraphs of A to paragraphs of B."""

    MATCHED = "matched"  # one or more paragraphs of A with one or more of B, in order
    INSERTED = "inserted"  # only in B
    DELETED = "deleted"  # only in A


@dataclass(frozen=True, slots=True)
class Pair:
    """A group of paragraphs of A aligned with a group of paragraphs of B.

    For an insertion `a` is empty and `a_position` says before which paragraph of A the
    inserted text would stand (len(A) for the end); likewise `b_position` for a deletion.
    """

    kind: PairKind
    a: tuple[int, ...]
    b: tuple[int, ...]
    a_position: int = 0
    b_position: int = 0


class Token(NamedTuple):
    """A word or punctuation mark of a paragraph, with its offsets in the clean text.

    A named tuple, not a dataclass: a document of 5,000 paragraphs makes a million of
    them, and a tuple is made in half the time."""

    text: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Change:
    """One run of tokens that differs between an aligned pair (either side may be empty).

    Each side's tokens are a run in document order: paragraph by paragraph, each
    paragraph's in the order they stand (a test holds every stage to it).

    Where a side is empty, `a_at` / `b_at` is the token position where the other side's
    text would go, so the change still points to a place in both inputs.
    `whole_paragraph` marks the change that stands for a paragraph inserted or deleted
    as a whole.
    """

    pair: Pair
    a_tokens: tuple[Token, ...]
    b_tokens: tuple[Token, ...]
    a_at: Token | None
    b_at: Token | None
    whole_paragraph: bool = False
    relocated: Category | None = None


@dataclass(frozen=True, slots=True)
class LinePiece:
    """A part of a difference's text on one line of a PDF: the line's clean text (as in
    its paragraph) and the part's offsets in it. What marks the difference on its page
    (`highlights`) needs, kept from the comparison so that no one normalises again."""

    location: Location
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextRange:
    """Where a difference's text sits in a clean paragraph: ``text[start:end]``."""

    paragraph: int
    start: int
    end: int


_FINGERPRINT_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Difference:
    """A classified difference, ready for any reporter.

    `a_range` / `b_range` say where its text sits in the clean paragraphs (None where a
    side has no text, or for layout); `whole_paragraph` marks an added, removed or moved
    paragraph, which a side-by-side view shows on the paragraph itself.
    """

    id: int
    severity: Severity
    category: Category
    a: str
    b: str
    a_context: str
    b_context: str
    a_location: Location | None
    b_location: Location | None
    segments: tuple[tuple[str, str], ...] = ()
    a_range: TextRange | None = None
    b_range: TextRange | None = None
    whole_paragraph: bool = False
    a_marks: tuple[tuple[int, int], ...] = ()
    b_marks: tuple[tuple[int, int], ...] = ()
    a_context_start: int = 0
    b_context_start: int = 0
    a_span: TextRange | None = None
    """Where the difference stands in A's clean paragraphs: its text's range, or, where
    A has none, the empty range where B's text would go (what `reconcile` replaces)."""
    b_span: TextRange | None = None
    """The same in B."""
    a_rest: tuple[TextRange, ...] = ()
    """Where A's text goes on in the paragraphs after `a_range`'s, if it runs over several
    (a table read by columns on one side): each paragraph's part, in order."""
    b_rest: tuple[TextRange, ...] = ()
    """The same in B."""
    a_lines: tuple[LinePiece, ...] = ()
    """The lines of a PDF's page A's text stands on, each with the part it takes (for a
    difference to decide; none for layout, or where A has no pages)."""
    b_lines: tuple[LinePiece, ...] = ()
    """The same in B."""
    hint: str | None = None
    """For a one-word difference, the side (`a` or `b`) whose word stands better in
    written Swedish (`hints`): where to look first, not a decision."""
    confidence: int | None = None
    """For an `ocr` difference, the OCR engine's confidence (0-100) in the word it read."""

    def marks(self, side: str) -> tuple[tuple[int, int], ...]:
        """What to mark on one side (`"a"` or `"b"`), as offsets in its clean paragraph:
        the changed letters of a misspelt word, the changed words of a reworded sentence,
        a whole number. Empty where the whole range is the change (or nothing is)."""
        return self.a_marks if side == "a" else self.b_marks

    def context_marks(self, side: str) -> list[tuple[int, int]]:
        """Where to mark the change in one side's context sentence, as offsets in it,
        placed from the tokens' offsets (never found by searching the text): each changed
        run of a reworded sentence or of any change of several words, else the whole
        changed text (`Ardan` in its sentence; the letters are for the change line).

        >>> d = Difference(1, Severity.SUBSTANTIVE, Category.SPELLING, "Ardan", "Ardalan",
        ...     "Minister Ardan.", "… Ardalan.", None, None, a_range=TextRange(0, 9, 14),
        ...     b_range=TextRange(0, 9, 16), b_marks=((13, 15),), b_context_start=7)
        >>> d.context_marks("a"), d.context_marks("b")
        ([(9, 14)], [(2, 9)])
        """
        text_range = self.a_range if side == "a" else self.b_range
        start = self.a_context_start if side == "a" else self.b_context_start
        context = self.a_context if side == "a" else self.b_context
        words = self.a if side == "a" else self.b
        several = any(character.isspace() for character in words.strip())
        if self.category in (Category.REWORDED, Category.REORDERED) or (several and self.segments):
            # words changed among words left alone (`1⁄4 inch to 1⁄6` → `¹⁄4 inch to
            # ¹⁄6`): the changed ones only
            marks = self.marks(side)
        elif text_range is not None:
            marks = ((text_range.start, text_range.end),)
        else:
            marks = ()
        shifted = [(mark_start - start, mark_end - start) for mark_start, mark_end in marks]
        return [
            (max(begin, 0), min(end, len(context)))
            for begin, end in shifted
            if end > 0 and begin < len(context)
        ]

    def numbered(self, number: int) -> Difference:
        """This difference with the id `number` (what `dataclasses.replace` does, in a
        third of the time: a report numbers some 20,000 of them)."""
        return Difference(number, *_ALL_BUT_ID(self))

    @property
    def fingerprint(self) -> str:
        """A stable identity from the difference's text and context, not its position.

        Reflowing a document (new line breaks, new pages) leaves it unchanged, so a
        baseline of accepted differences survives re-layout.
        """
        parts = [self.category.value, self.a, self.b, self.a_context, self.b_context]
        canonical = "\x1f".join(_FINGERPRINT_SPACES.sub(" ", part).strip() for part in parts)
        import hashlib  # here, not above: hashlib loads OpenSSL (4 MB in every process)

        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    @property
    def inline(self) -> str:
        """The change in wdiff notation: ``Ard{+al+}an``, ``[-genomlysna-]{+genomlysa+}``."""
        marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
        return "".join(marks[operation].format(text) for operation, text in self.segments)


_ALL_BUT_ID = operator.attrgetter(*(item.name for item in fields(Difference)[1:]))
"""Every field of a Difference after `id`, its first, in order (`Difference.numbered`)."""
assert fields(Difference)[0].name == "id"


@dataclass(frozen=True)
class SourceInfo:
    """What a reporter needs to say about one input."""

    path: str
    format: SourceFormat
    pages: int
    paragraphs: int
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    engine: str | None = None
    """What read a PDF (`pdfminer`, `pdfium`); None for other formats."""
    scanned: tuple[int, ...] = ()
    """The pages read by OCR."""


@dataclass(frozen=True, slots=True)
class ParagraphView:
    """A clean paragraph as a report shows it, with where it starts in its input."""

    text: str
    location: Location
    breaks: tuple[int, ...] = ()
    """Offsets of the spaces in `text` where a plain-text input broke the line (an
    author's own lines): the agreed text keeps them as line breaks."""
    tight: bool = False
    """The paragraph began on the line after the one before it, no blank line between
    (a list item, a line the text reader set apart): the agreed text keeps it so."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the side-by-side view: aligned paragraphs of A and of B."""

    kind: PairKind
    a: tuple[int, ...]
    b: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """An entry of a decisions file (the baseline): a difference someone decided, found
    again by its fingerprint, with the verdict.

    `verdict` is `a` or `b` (that side's text is right), `text` (neither: `text` holds
    the wording to use), `both` (both are fine: a person's verdict, the text version's
    words stay) or `accepted` (the difference is known, no word on which side is right:
    what `accept` records for a CI baseline). Any verdict makes the difference no longer
    new; `reconcile` takes `accepted` for undecided.

    `reviewer`, `decided_at` (ISO 8601, with the offset from UTC) and `comment` are the
    audit trail: who decided, when, and why, for the case file. Empty in files written
    before they existed.
    """

    fingerprint: str
    severity: str
    category: str
    a: str
    b: str
    a_context: str = ""
    b_context: str = ""
    verdict: str = "accepted"
    text: str = ""
    reviewer: str = ""
    decided_at: str = ""
    comment: str = ""


VERDICTS = ("a", "b", "text", "both", "accepted")
"""The verdicts a decision may hold."""

AcceptedDifference = Decision
"""The name a decided difference had when `accepted` was its only verdict."""


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike the two clean texts are: the share of words in common (any order), and
    the character and word error rates of B against A (edits over A's length)."""

    words_in_common: float
    cer: float
    wer: float

    def describe(self) -> str:
        """One line for a report: `98.5% of words in common, CER 0.4%, WER 1.2%`."""
        return _("{common:.1f}% of words in common, CER {cer:.1f}%, WER {wer:.1f}%").format(
            common=100 * self.words_in_common, cer=100 * self.cer, wer=100 * self.wer
        )


@dataclass(frozen=True)
class Report:
    """The result of comparing two documents. Every reporter is a pure function of it.

    `accepted` holds the ids of differences a baseline accepts, and `stale` the baseline
    entries that no longer occur; both are empty without a baseline.
    """

    a: SourceInfo
    b: SourceInfo
    differences: tuple[Difference, ...]
    a_paragraphs: tuple[ParagraphView, ...] = ()
    b_paragraphs: tuple[ParagraphView, ...] = ()
    rows: tuple[Row, ...] = ()
    baseline: str | None = None
    accepted: frozenset[int] = frozenset()
    stale: tuple[Decision, ...] = ()
    similarity: Similarity | None = None

    def new_differences(self) -> list[Difference]:
        """Differences not accepted by the baseline (all of them without one)."""
        return [d for d in self.differences if d.id not in self.accepted]

    def failing(self, fail_on: str = "substantive") -> list[Difference]:
        """The new differences severe enough to fail at a `--fail-on` level."""
        severities = FAIL_ON[fail_on]
        return [d for d in self.new_differences() if d.severity in severities]

    def fails(self, fail_on: str = "substantive") -> bool:
        """Whether the report fails at a `--fail-on` level (exit 1, a failed test case):
        the one gate the CLI, batch and every reporter use."""
        return bool(self.failing(fail_on))

    def new_count(self, severity: Severity) -> int:
        return sum(1 for d in self.new_differences() if d.severity is severity)

    def count(self, severity: Severity) -> int:
        return sum(1 for difference in self.differences if difference.severity is severity)

    def by_category(self, new_only: bool = False) -> dict[Category, int]:
        """How many differences of each category (with `new_only`, leaving out those the
        baseline accepts, as the terminal's headings count them)."""
        counts: dict[Category, int] = {}
        for difference in self.new_differences() if new_only else self.differences:
            counts[difference.category] = counts.get(difference.category, 0) + 1
        return counts
