"""Footnote marks: a raised number after a word is a reference, not the word's text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from docreconcile.model import Category, LayoutEvent, Line

_SUPERSCRIPT_NUMBER = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_TRAILING_NUMBER = re.compile(r"\d+(?:[:.,/-]\d+)*$")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
_FRACTION_SLASH = re.compile(r"[/⁄]\d")
_CLOSING = tuple(')].,;:”"’')


def is_footnote_mark(text: str, start: int) -> bool:
    """Whether the superscript number at `start` of `text` marks a footnote.

    It does when it opens the line (the note's own text), follows closing punctuation or
    a word of three letters or more, or follows a reference or year (2023:101, 2016). It
    does not after a one- or two-letter unit (m², km²) or a short bare number (10⁶, 2³):
    those are exponents. Nor when a slash follows it: the numerator of a fraction set
    small and raised (`only ¹/2 of`, what another extractor reads as `1/2`).

    >>> [is_footnote_mark(t, t.index(m)) for t, m in
    ...  [("apotek¹", "¹"), ("¹Betänkandet", "¹"), ("SOU 2023:101²", "²"), ("lagen.³", "³")]]
    [True, True, True, True]
    >>> [is_footnote_mark(t, t.index(m)) for t, m in
    ...  [("10⁶ kr", "⁶"), ("50 m²", "²"), ("only ¹/2 of", "¹")]]
    [False, False, False]
    """
    end = start
    while end < len(text) and text[end] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
        end += 1
    if _FRACTION_SLASH.match(text, end):
        return False
    before = text[:start].rstrip()
    if not before:
        return True
    if before.endswith(_CLOSING):
        return True
    number = _TRAILING_NUMBER.search(before)
    if number is not None:
        token = number.group()
        return len(token) >= 3 or any(separator in token for separator in ":.,/-")
    letters = _TRAILING_LETTERS.search(before)
    return letters is not None and len(letters.group()) >= 3


def strip_footnote_marks(text: str) -> str:
    """Remove footnote marks (see `is_footnote_mark`), keep exponents.

    >>> strip_footnote_marks("tillsyn över apotek¹ och SFS 2001:453.² 10⁶ m²")
    'tillsyn över apotek och SFS 2001:453. 10⁶ m²'
    >>> strip_footnote_marks("¹Betänkandet SOU 2023:101.")
    'Betänkandet SOU 2023:101.'
    """
    return _SUPERSCRIPT_NUMBER.sub(
        lambda match: "" if is_footnote_mark(text, match.start()) else match.group(), text
    )


def remove_footnote_marks(lines: Sequence[Line]) -> tuple[list[Line], list[LayoutEvent]]:
    """Take footnote marks out of the text, recording each as a layout event."""
    kept: list[Line] = []
    events: list[LayoutEvent] = []
    for line in lines:
        marks = [
            match.group()
            for match in _SUPERSCRIPT_NUMBER.finditer(line.text)
            if is_footnote_mark(line.text, match.start())
        ]
        if not marks:
            kept.append(line)
            continue
        for mark in marks:
            events.append(LayoutEvent(Category.FOOTNOTE_MARK, mark, line.location, key=mark))
        kept.append(replace(line, text=strip_footnote_marks(line.text)))
    return kept, events
