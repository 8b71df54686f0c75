"""Read HTML pages and Markdown files: their text in reading order, markup as layout.

HTML (the standard library's tolerant parser): the body's text, block by block (a
paragraph, a heading, a list item, a table cell, a quotation), scripts, styles,
navigation, page headers and footers and templates left out; character references
decoded. Markdown (markdown-it-py, CommonMark with tables, already installed with rich):
`**bold**`, `#` headings, escapes, links and bullets are markup, not text; an ordered
list's numbers are text (`1. Motionen besvaras …` is decision 1).

Each block becomes one line, with a blank line between blocks, so the text reader's
paragraph rules apply; its location is the line of the source file where the block
starts, the place an editor opens.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.extract.text import decode_text
from docreconcile.model import Document, Line, Location, SourceFormat

_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)

BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "caption",
        "figcaption",
        "blockquote",
        "pre",
        "address",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "form",
        "fieldset",
        "legend",
        "body",
    ]
)
"""Elements that end the text before them and start a new block."""

LEFT_OUT = frozenset(
    ["script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg"]
)
"""Elements whose text is no part of the document: code, styling, site navigation and
the page's running header and footer."""

MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_html(data: bytes, name: str) -> bool:
    """A page that says it is HTML (`<!DOCTYPE html>` or `<html>` first), or an `.html`
    file that starts with a tag."""
    if _HTML_START.match(data[:4096]):
        return True
    return name.lower().endswith((".html", ".htm")) and data.lstrip()[:1] == b"<"


def is_markdown(data: bytes, name: str) -> bool:
    """Markdown is text: only its name says so (`.md`, `.markdown`)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES) and b"\x00" not in data[:4096]


class _Blocks(HTMLParser):
    """Collects the text of each block with the source line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._text: list[str] = []
        self._line = 1
        self._skipping: list[str] = []
        self._lists: list[int | None] = []  # per open list: the next number (None: bullets)
        self._started = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LEFT_OUT:
            self._skipping.append(tag)
            return
        if tag in BLOCKS:
            self._end_block()
        if tag in ("ol", "ul"):
            start = dict(attrs).get("start") or "1"
            self._lists.append(int(start) if tag == "ol" and start.isdigit() else None)
        elif tag == "li" and self._lists and self._lists[-1] is not None:
            number = self._lists[-1]
            self._lists[-1] = number + 1
            self._text.append(f"{number}. ")  # a browser shows it: it is text
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
            return
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        if tag in BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._started and data.strip():
            self._started = True  # the block starts where its first text does
            self._line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._text.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((self._line, text))
        self._text = []
        self._started = False

    def close(self) -> None:
        super().close()
        self._end_block()


def read_html(path: Path, data: bytes) -> Document:
    """An HTML page's text, block by block, located by source line."""
    text, encoding = decode_text(data, str(path))
    parser = _Blocks()
    parser.feed(text)
    parser.close()
    return _document(path, SourceFormat.HTML, parser.blocks, encoding)


def read_markdown(path: Path, data: bytes) -> Document:
    """A Markdown file's text without its markup, block by block, located by source line."""
    from markdown_it import MarkdownIt

    text, encoding = decode_text(data, str(path))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[tuple[int, str]] = []
    number = ""  # an ordered list item's number is text (`1. Motionen besvaras`), a bullet is not
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else (blocks[-1][0] if blocks else 1)
        if token.type == "list_item_open" and token.info:
            number = f"{token.info}{token.markup} "
        if token.type == "inline":
            pieces = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append(" ")
            content = " ".join((number + "".join(pieces)).split())
            number = ""
            if content:
                start = tokens[index - 1].map if index and tokens[index - 1].map else None
                blocks.append((start[0] + 1 if start else line, content))
        elif token.type in ("fence", "code_block"):
            blocks.extend(
                (line + 1 + offset, code.strip())
                for offset, code in enumerate(token.content.splitlines())
                if code.strip()
            )
    return _document(path, SourceFormat.MARKDOWN, blocks, encoding)


def _document(
    path: Path, source_format: SourceFormat, blocks: list[tuple[int, str]], encoding: str
) -> Document:
    """One line a block, a blank line between blocks, each at its source line."""
    lines: list[Line] = []
    for line, text in blocks:
        if lines:
            lines.append(Line("", Location(line=line)))
        lines.append(Line(text, Location(line=line)))
    if not lines:
        raise InputError(f"{path}: has no text: nothing to compare")
    return Document(str(path), source_format, 1, lines, encoding)
