"""One document's paragraphs as pages and layout units (`_Pages`): where a run of
tokens stands, and whether a reader could take it in another order."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from docreconcile.model import Paragraph, Span, Token
from docreconcile.relocate.sides import _WORD, _WORDS, LABEL_WORDS, _has_letters

_OPENING = " \t([{\"'“‘«–—-•\uf0b7*"
"""What may stand before a sentence's first word: spaces, an opening bracket or quote,
a dash or a bullet."""

_SENTENCE_END_BEFORE = re.compile(r"[.!?:;][)\]}\"'”’»]*$")


@dataclass(frozen=True)
class _Pages:
    """One document's paragraphs joined (at `offsets`): the page of a character position,
    and the layout units (`Span`s) a run of tokens covers."""

    paragraphs: Sequence[Paragraph]
    offsets: list[int]

    @cached_property
    def geometry(self) -> bool:
        """Whether the document has pages and lines of its own (a PDF)."""
        return any(
            span.location.page is not None
            for paragraph in self.paragraphs
            for span in paragraph.spans
        )

    @cached_property
    def reordered(self) -> bool:
        """Whether the reader took some lines in another order than they stand (a text's
        sentence joined over a page's foot and the next page's head: `unwrap`)."""
        return any(span.free for paragraph in self.paragraphs for span in paragraph.spans)

    @cached_property
    def overlaid(self) -> bool:
        """Whether some words are printed over another line (`Span.over`): without them,
        `lands_under` has nothing to look up."""
        return any(
            span.over is not None for paragraph in self.paragraphs for span in paragraph.spans
        )

    def page_at(self, position: int) -> int | None:
        paragraph = self.paragraph_at(position)
        return self.paragraphs[paragraph].location_at(position - self.offsets[paragraph]).page

    def paragraph_at(self, position: int) -> int:
        return max(bisect.bisect_right(self.offsets, position) - 1, 0)

    def _span_at(self, paragraph: Paragraph, offset: int) -> Span:
        starts = [span.start for span in paragraph.spans]
        return paragraph.spans[max(bisect.bisect_right(starts, offset) - 1, 0)]

    def whole(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens starts where a line starts and ends where one ends (or
        a paragraph, in a text of one line a paragraph): nothing but punctuation of the
        lines it touches lies outside it."""
        return self.starts_unit(tokens[0]) and self.ends_unit(tokens[-1])

    def starts_unit(self, token: Token) -> bool:
        """Whether only marks (or glyphs the PDF maps to nothing, `(cid:3)`: a check box)
        stand before `token` in its unit."""
        paragraph = self.paragraphs[token.paragraph]
        span = self._span_at(paragraph, token.start)
        return not _has_letters(paragraph.text[span.start : token.start])

    def ends_unit(self, token: Token) -> bool:
        """Whether only marks stand after `token` in its unit."""
        paragraph = self.paragraphs[token.paragraph]
        span = self._span_at(paragraph, max(token.end - 1, token.start))
        return not _has_letters(paragraph.text[token.end : max(span.end, token.end)])

    def words_between(self, low: int, high: int) -> int:
        """How many words the document's joined text holds in [low, high)."""
        count = 0
        index = self.paragraph_at(low)
        while index < len(self.paragraphs) and self.offsets[index] < high:
            start = max(low - self.offsets[index], 0)
            end = high - self.offsets[index]
            text = self.paragraphs[index].text
            if (
                start > 0
                and start < len(text)
                and _WORD.match(text, start)
                and _WORD.match(text, start - 1)
            ):
                start = _WORDS.match(text, start).end()  # type: ignore[union-attr]  # a word cut at `low` counts at its start
            count += len(_WORDS.findall(text, start, max(start, end)))
            index += 1
        return count

    def starts_paragraph(self, token: Token, paragraph: int) -> bool:
        """Whether `token` is the first word of paragraph `paragraph`."""
        return token.paragraph == paragraph and not _WORD.search(
            self.paragraphs[paragraph].text, 0, token.start
        )

    def ends_paragraph(self, token: Token, paragraph: int) -> bool:
        """Whether `token` is the last word of paragraph `paragraph`."""
        return token.paragraph == paragraph and not _WORD.search(
            self.paragraphs[paragraph].text, token.end
        )

    def adjacent(self, before: Token, after: Token) -> bool:
        """Whether two tokens follow each other in the text, only marks between them."""
        if before.paragraph == after.paragraph:
            return not _WORD.search(
                self.paragraphs[before.paragraph].text, before.end, max(after.start, before.end)
            )
        return (
            after.paragraph == before.paragraph + 1
            and not _WORD.search(self.paragraphs[before.paragraph].text, before.end)
            and not _WORD.search(self.paragraphs[after.paragraph].text, 0, after.start)
        )

    def free(self, tokens: Sequence[Token]) -> bool:
        """Whether every line a run of tokens touches could be read in another order."""
        return self._all_spans(tokens, lambda span: span.free)

    def _all_spans(self, tokens: Sequence[Token], test: Callable[[Span], bool]) -> bool:
        """Whether every span a run of tokens touches passes `test`."""
        first, last = tokens[0], tokens[-1]
        for index in range(first.paragraph, last.paragraph + 1):
            paragraph = self.paragraphs[index]
            low = first.start if index == first.paragraph else 0
            high = last.end if index == last.paragraph else len(paragraph.text)
            for span in paragraph.spans:
                if span.end > low and span.start < high and not test(span):
                    return False
        return True

    def lands_under(self, tokens: Sequence[Token], expected: int) -> bool:
        """Whether a run of words printed over another line (`Span.over`: a stamp, a
        notice over a letterhead) goes where the other side's order splices it into that
        line; a run of other text goes anywhere `free` lets it. A stamp's words traded
        among themselves are an edit: no reader of the page does that.

        >>> from docreconcile.model import Location
        >>> under = Location(2, page=1)
        >>> spans = (Span(0, 7, Location(1, page=1), True, over=under), Span(8, 20, under))
        >>> pages = _Pages([Paragraph(0, "Revenue tax on income", spans)], [0])
        >>> stamp = [Token("Revenue", 0, 0, 7)]
        >>> pages.lands_under(stamp, 12), pages.lands_under(stamp, 3)
        (True, False)
        """
        if not self.overlaid:
            return True
        over = {
            span.over
            for paragraph in {token.paragraph for token in (tokens[0], tokens[-1])}
            for span in self.paragraphs[paragraph].spans
            if span.over is not None
            and span.end > (tokens[0].start if paragraph == tokens[0].paragraph else 0)
            and span.start < (tokens[-1].end if paragraph == tokens[-1].paragraph else 1 << 62)
        }
        if not over:
            return True
        if expected < 0:
            return False
        paragraph = self.paragraph_at(expected)
        span = self._span_at(self.paragraphs[paragraph], expected - self.offsets[paragraph])
        return span.location in over

    def elsewhere(self, tokens: Sequence[Token], own: int, expected: int) -> bool:
        """Whether the other side's order puts a run in another paragraph than its own,
        or it is whole paragraphs, or lines set beside the paragraph's other lines (an
        icon's label, `Span.inset`), or one line that is a label, not a sentence (a
        table's cell, `one_label`): a reader takes one paragraph's sentences in order."""
        first, last = tokens[0], tokens[-1]
        if expected < 0 or self.paragraph_at(expected) != self.paragraph_at(own):
            return True
        if first.paragraph != last.paragraph:
            return True  # a paragraph break inside: no reordering of one paragraph's words
        if self._all_spans(tokens, lambda span: span.inset) or self.one_label(tokens):
            return True  # an icon's label, a table's cell: a line of its own beside others
        text = self.paragraphs[first.paragraph].text
        return not _WORD.search(text, 0, first.start) and not _WORD.search(
            self.paragraphs[last.paragraph].text, last.end
        )

    def one_label(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens is one whole line, and a label rather than a sentence
        (at most `LABEL_WORDS` words, no full stop at its end): a name, a title, a cell.

        >>> from docreconcile.model import Location
        >>> pages = _Pages([Paragraph(0, "Omsorgskontoret", (Span(0, 15, Location(3)),))], [0])
        >>> pages.one_label([Token("Omsorgskontoret", 0, 0, 15)])
        True
        """
        first, last = tokens[0], tokens[-1]
        if first.paragraph != last.paragraph or not self.whole(tokens):
            return False
        paragraph = self.paragraphs[first.paragraph]
        span = self._span_at(paragraph, first.start)
        text = paragraph.text[span.start : span.end]
        return (
            last.end <= span.end
            and len(text.split()) <= LABEL_WORDS
            and not text.rstrip().endswith((".", "!", "?"))
        )

    def whole_text(self, tokens: Sequence[Token]) -> bool:
        """Whether a run of tokens is whole sentences, lines or paragraphs: it starts
        where a sentence or a line starts, and ends where one ends.

        >>> from docreconcile.model import Location
        >>> text = "Hon kom. Han gick hem. Sedan"
        >>> pages = _Pages([Paragraph(0, text, (Span(0, len(text), Location(1)),))], [0])
        >>> pages.whole_text([Token("Han", 0, 9, 12), Token(".", 0, 21, 22)])
        True
        >>> pages.whole_text([Token("gick", 0, 13, 17), Token(".", 0, 21, 22)])
        False
        """
        first, last = tokens[0], tokens[-1]
        before = self.paragraphs[first.paragraph].text[: first.start].rstrip(_OPENING)
        after = self.paragraphs[last.paragraph].text[last.end :].lstrip()
        starts = not before or bool(_SENTENCE_END_BEFORE.search(before))
        ends = not after or after[0] in ".!?:;" or last.text in (".", "!", "?", ":", ";")
        return (starts or self.starts_unit(first)) and (ends or self.ends_unit(last))
