"""Shared fixtures: paths of the bundled documents and makers of small real PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINKOPING = ROOT / "fixtures" / "linkoping"
TEXT_VERSION = LINKOPING / "tjansteskrivelse.txt"
PDF_VERSION = LINKOPING / "tjansteskrivelse.pdf"
PDF_TEXT_VERSION = LINKOPING / "pdf-version.txt"


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "doc.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return write
