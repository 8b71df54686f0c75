"""Extraction: encodings and line ends of text files, PDF text with locations, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile.errors import InputError
from docreconcile.extract import detect_format, extract
from docreconcile.model import SourceFormat
from tests.conftest import PDF_VERSION, TEXT_VERSION

SWEDISH = "Ärende\nSyftet var att genomlysa verksamheten på olika nivåer – Åsa Regner.\n"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        extract(tmp_path / "saknas.txt")
    with pytest.raises(InputError, match="is a directory"):
        extract(tmp_path)


def test_format_is_decided_by_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "actually-a-pdf.txt"
    disguised.write_bytes(PDF_VERSION.read_bytes())
    assert extract(disguised).format is SourceFormat.PDF
    assert detect_format(TEXT_VERSION.read_bytes()[:1024], "x.pdf") is SourceFormat.TEXT


def test_a_reader_of_ones_own_is_two_functions_and_one_registry_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A toy format (lines after a `TOY` header) read by a reader added in the test alone."""
    from docreconcile import extract as extract_package
    from docreconcile.extract import READERS, Reader
    from docreconcile.model import Document, Line, Location

    def read_toy(path: Path, data: bytes) -> Document:
        texts = data.decode("utf-8").splitlines()[1:]
        lines = [Line(text, Location(line=number)) for number, text in enumerate(texts, 2)]
        return Document(str(path), SourceFormat.TEXT, 1, lines)

    toy = Reader(SourceFormat.TEXT, lambda data, _: data.startswith(b"TOY\n"), read_toy)
    monkeypatch.setattr(extract_package, "READERS", (toy, *READERS))
    path = tmp_path / "beslut.toy"
    path.write_bytes(b"TOY\nRubrik\n\nText.\n")
    assert [(line.text, line.location.line) for line in extract(path).lines] == [
        ("Rubrik", 2),
        ("", 3),
        ("Text.", 4),
    ]
