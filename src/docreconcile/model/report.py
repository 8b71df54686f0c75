"""What a comparison reports: each difference located on both sides, the inputs, the
decisions taken on them."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, fields

from docreconcile.i18n import _
from docreconcile.model.categories import FAIL_ON, Category, Severity
from docreconcile.model.sources import Location, SourceFormat
from docreconcile.model.text import PairKind


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
        import hashlib  # here, not above: hashlib loads OpenSSL, which most processes never need

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
