"""A cache of extracted PDFs, so re-checking an unchanged PDF skips pdfminer.

Entries are keyed by the SHA-256 of the file's bytes and stamped with docreconcile's and
pdfminer's versions and the layout settings: an entry made by another version is ignored
(and replaced), since extraction may differ. Entries are JSON, not pickle, because a cache
folder is not a place to trust code from. PDFs opened with a password are not cached, so
their decrypted text never lands on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pdfminer

from docreconcile.model import Box, Document, Line, Location, SourceFormat
from docreconcile.output import write_atomically
from docreconcile.version import __version__

SCHEMA = "docreconcile-cache/1"


def default_directory() -> Path:
    """The user's cache folder: $XDG_CACHE_HOME/docreconcile, else ~/.cache/docreconcile."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docreconcile"


def stamp() -> str:
    """What an entry must have been made by to be used."""
    from docreconcile.extract.pdf import READER_REVISION, layout_parameters

    return (
        f"docreconcile {__version__} reader {READER_REVISION}; "
        f"pdfminer.six {pdfminer.__version__}; {layout_parameters()!r}"
    )


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """Extracted documents in a folder, one JSON file per PDF content."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str, path: str) -> Document | None:
        """The cached extraction of the content `key`, shown as `path`; None if absent,
        made by another version, or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("schema") != SCHEMA
            or data.get("stamp") != stamp()
        ):
            return None
        try:
            return _document(data, path)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, document: Document) -> None:
        """Store an extraction; a cache that cannot be written is silently skipped."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomically(
                self._path(key), json.dumps(_data(document), ensure_ascii=False), private=True
            )
        except Exception:  # a full disk or read-only cache must not fail the comparison
            return


def _data(document: Document) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "stamp": stamp(),
        "pages": document.pages,
        "warnings": document.warnings,
        "lines": [
            [
                line.text,
                line.location.page,
                line.location.line,
                line.page_index,
                line.block,
                *(
                    (line.box.x0, line.box.y0, line.box.x1, line.box.y1)
                    if line.box
                    else (None,) * 4
                ),
                line.page_width,
                line.page_height,
            ]
            for line in document.lines
        ],
    }


def _document(data: dict[str, Any], path: str) -> Document:
    lines = []
    for text, page, number, page_index, block, x0, y0, x1, y1, width, height in data["lines"]:
        box = Box(x0, y0, x1, y1) if x0 is not None else None
        lines.append(
            Line(
                text=str(text),
                location=Location(line=int(number), page=page),
                page_index=int(page_index),
                box=box,
                block=block,
                page_width=width,
                page_height=height,
            )
        )
    return Document(
        path=path,
        format=SourceFormat.PDF,
        pages=int(data["pages"]),
        lines=lines,
        warnings=[str(warning) for warning in data["warnings"]],
    )
