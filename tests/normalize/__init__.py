"""Normalisation's tests, one file a room of `docreconcile.normalize`."""

from __future__ import annotations

from docreconcile.model import Line, Location


def text_lines(*texts: str, page: int = 1) -> list[Line]:
    """A text's lines, numbered from 1, on one page."""
    return [
        Line(text=text, location=Location(line=number), page_index=page)
        for number, text in enumerate(texts, start=1)
    ]
