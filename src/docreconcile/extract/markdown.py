"""Markdown: its text without its markup, block by block, located by source line, and
its footnotes after the body, as a rendered page and a PDF show them."""

from __future__ import annotations

import re
from pathlib import Path

from docreconcile.extract.text import decode_text
from docreconcile.extract.web import blocks_document
from docreconcile.model import Document, SourceFormat

MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown(data: bytes, name: str) -> bool:
    """Markdown is text: only its name says so (`.md`, `.markdown`)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES) and b"\x00" not in data[:4096]


def read_markdown(path: Path, data: bytes) -> Document:
    """A Markdown file's text without its markup, block by block, located by source line;
    its footnotes after the body, as a rendered page and a PDF show them."""
    text, encoding = decode_text(data, str(path))
    body, notes = split_footnotes(text)
    blocks = _markdown_blocks(body)
    for line, note in notes:
        blocks.extend((line + offset, block) for offset, block in _markdown_blocks(note))
    return blocks_document(path, SourceFormat.MARKDOWN, blocks, encoding)


_FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")


def split_footnotes(text: str) -> tuple[str, list[tuple[int, str]]]:
    r"""The body with its footnotes taken out, and the notes (the line each starts on, its
    text) in the order the body first refers to them, as GitHub numbers them.

    A note is `[^id]: text` and the lines after it up to a blank line (or indented
    lines after that blank line); its lines in the body become empty, so every line keeps
    its number. A reference (`[^id]`) is taken out of its sentence, which reads on without
    it, as a Word footnote's does; one to no note stays as written (GitHub shows it so).

    >>> body, notes = split_footnotes("Beslut.[^a] Mer.\n\n[^a]: Enligt **registret**.\n")
    >>> body, notes
    ('Beslut. Mer.\n\n\n', [(3, 'Enligt **registret**.')])
    """
    lines = text.split("\n")
    notes: dict[str, tuple[int, str]] = {}
    index = 0
    while index < len(lines):
        match = _FOOTNOTE_DEFINITION.match(lines[index])
        if match is None:
            index += 1
            continue
        start, parts = index, [lines[index][match.end() :]]
        lines[index] = ""
        index += 1
        while _continues_note(lines, index):
            parts.append(lines[index].strip())
            lines[index] = ""
            index += 1
        notes.setdefault(match.group(1), (start + 1, "\n".join(parts).strip()))
    order: list[str] = []

    def taken_out(reference: re.Match[str]) -> str:
        name = reference.group(1)
        if name not in notes:
            return reference.group()
        if name not in order:
            order.append(name)
        return ""

    body = _FOOTNOTE_REFERENCE.sub(taken_out, "\n".join(lines))
    unreferenced = [name for name in notes if name not in order]
    return body, [notes[name] for name in [*order, *unreferenced]]


def _continues_note(lines: list[str], index: int) -> bool:
    """Whether line `index` still belongs to the note above it: a line with text that
    starts no note of its own, or a blank line before an indented one (a note's second
    paragraph)."""
    if index >= len(lines):
        return False
    line = lines[index]
    if line.strip():
        return _FOOTNOTE_DEFINITION.match(line) is None
    return index + 1 < len(lines) and lines[index + 1].startswith(("    ", "\t"))


def _markdown_blocks(text: str) -> list[tuple[int, str]]:
    """Each block's source line (1-based in `text`) and its text without markup."""
    from markdown_it import MarkdownIt

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
    return blocks
