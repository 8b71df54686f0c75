"""The text reader: encodings, line ends, form feeds, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from docreconcile.errors import InputError
from docreconcile.extract import extract

SWEDISH = "Ärende\nSyftet var att genomlysa verksamheten på olika nivåer – Åsa Regner.\n"


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("cp1252", b"", "windows-1252"),
    ],
)
def test_text_encodings_are_read_correctly(
    write_text: Callable[..., Path], encoding: str, prefix: bytes, expected: str
) -> None:
    path = write_text(prefix + SWEDISH.encode(encoding))
    document = extract(path)
    assert document.encoding == expected
    assert [line.text for line in document.lines] == SWEDISH.splitlines()


def test_latin1_file_reads_as_windows_1252(write_text: Callable[..., Path]) -> None:
    path = write_text("Linköping, Håkansson".encode("latin-1"))
    assert extract(path).lines[0].text == "Linköping, Håkansson"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_and_line_numbers(write_text: Callable[..., Path], newline: str) -> None:
    path = write_text(newline.join(["Ärende", "", "Bakgrund"]) + newline)
    document = extract(path)
    assert [(line.text, line.location.line) for line in document.lines] == [
        ("Ärende", 1),
        ("", 2),
        ("Bakgrund", 3),
    ]


def test_form_feed_starts_a_new_page_but_lines_stay_file_lines(
    write_text: Callable[..., Path],
) -> None:
    document = extract(write_text("sida ett\n\fsida två\n"))
    assert document.pages == 2
    assert [(line.text, line.page_index, line.location.line) for line in document.lines] == [
        ("sida ett", 1, 1),
        ("sida två", 2, 2),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "has no text"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x00\x01\x02ELF binary\x00\x00", "binary"),
        (b"PK\x03\x04 rest of a docx", "ZIP container"),
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"Sida \x81\x8d\x8f\x90\x9d", "cannot be decoded as UTF-8, UTF-16 or Windows-1252"),
    ],
)
def test_bad_text_input_is_an_input_error(
    write_text: Callable[..., Path], content: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        extract(write_text(content))
