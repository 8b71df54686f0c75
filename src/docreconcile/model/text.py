"""What the stages between reading and reporting pass on: paragraphs with their source
map, layout events, paired paragraphs, tokens and the changes between them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from docreconcile.model.categories import Category
from docreconcile.model.sources import Document, Location


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

    A named tuple, not a dataclass: a shuffled document makes one for every word it
    holds, and a tuple is made in half the time."""

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
