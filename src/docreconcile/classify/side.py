"""One document as the classifier sees it: its paragraphs joined, so a run of tokens
has a place, a line and a text."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass

from docreconcile.model import Location, Paragraph, TextRange, Token
from docreconcile.tokens import in_one_paragraph

_START = operator.attrgetter("start")


@dataclass(frozen=True)
class _Side:
    """One input's paragraphs with lookups from a line to its paragraph."""

    paragraphs: Sequence[Paragraph]

    def text_of(self, tokens: Sequence[Token]) -> str:
        """The clean text a run of tokens covers, paragraph by paragraph."""
        if not tokens:
            return ""
        if in_one_paragraph(tokens):
            return self.paragraphs[tokens[0].paragraph].text[tokens[0].start : tokens[-1].end]
        pieces: list[str] = []
        start = 0
        for position, token in enumerate(tokens):
            last = position == len(tokens) - 1
            if last or tokens[position + 1].paragraph != token.paragraph:
                text = self.paragraphs[token.paragraph].text
                pieces.append(text[tokens[start].start : token.end])
                start = position + 1
        return " ".join(pieces)

    def range_of(self, tokens: Sequence[Token]) -> TextRange | None:
        """The clean-text range of a run of tokens, within its first paragraph."""
        if not tokens:
            return None
        first = tokens[0]
        if in_one_paragraph(tokens):
            return TextRange(first.paragraph, first.start, tokens[-1].end)
        in_first = [token for token in tokens if token.paragraph == first.paragraph]
        return TextRange(first.paragraph, first.start, in_first[-1].end)

    def rest_of(self, tokens: Sequence[Token]) -> tuple[TextRange, ...]:
        """The clean-text ranges of a run of tokens in the paragraphs after its first."""
        if not tokens or in_one_paragraph(tokens):
            return ()
        ranges: list[TextRange] = []
        for token in tokens:
            if token.paragraph == tokens[0].paragraph:
                continue
            if ranges and ranges[-1].paragraph == token.paragraph:
                ranges[-1] = TextRange(token.paragraph, ranges[-1].start, token.end)
            else:
                ranges.append(TextRange(token.paragraph, token.start, token.end))
        return tuple(ranges)

    def location(self, tokens: Sequence[Token], at: Token | None) -> Location | None:
        token = tokens[0] if tokens else at
        if token is None:
            return None
        return self.paragraphs[token.paragraph].location_at(token.start)


def _distance(location: Location, place: Location) -> tuple[int, int]:
    """How far apart two locations of one input are: pages first, then lines."""
    return (abs((location.page or 0) - (place.page or 0)), abs(location.line - place.line))
