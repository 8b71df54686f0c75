"""Read a plain-text file into lines, whatever common encoding and line ends it uses.

Swedish municipal text files come as UTF-8 (with or without BOM), UTF-16 from Windows
tools, or Windows-1252 from older systems. We try them in an order where a wrong guess
fails loudly: a BOM is certain, UTF-8 is strict (random Latin-1 bytes are almost never
valid UTF-8), and Windows-1252 is last because it accepts almost any byte.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.i18n import _
from docreconcile.model import Document, Line, Location, SourceFormat

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A line end is CRLF, a lone CR (old Mac) or LF. Not str.splitlines(): that also splits on
# vertical tab, file separators and U+2028, which can be real content.
_LINE_END = re.compile(r"\r\n|\r|\n")

# Control characters that do not occur in text: more than a few of them means binary data.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode the bytes of a text file; return the text and the encoding used.

    >>> decode_text("Linköping".encode("utf-8"), "a.txt")
    ('Linköping', 'utf-8')
    >>> decode_text("Linköping".encode("cp1252"), "a.txt")
    ('Linköping', 'windows-1252')
    >>> decode_text("\\ufeffÅsa".encode("utf-16-le"), "a.txt")
    ('Åsa', 'utf-16')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(
                    _(
                        "{name}: starts with a {encoding} byte-order mark but is not "
                        "valid {encoding} (byte {start}): re-save it as UTF-8"
                    ).format(name=name, encoding=encoding, start=error.start)
                ) from None
    bomless_utf16 = _guess_bomless_utf16(data)
    if bomless_utf16 is not None:
        try:
            return data.decode(bomless_utf16), bomless_utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(
            _("{name}: is a binary file, not text: give a .txt or .pdf file").format(name=name)
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 leaves five bytes undefined, so even this last guess can fail.
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise InputError(
            _(
                "{name}: cannot be decoded as UTF-8, UTF-16 or Windows-1252 "
                "(byte 0x{value:02x} at offset {start}): re-save it as UTF-8"
            ).format(name=name, value=data[error.start], start=error.start)
        ) from None


def _guess_bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its many NUL bytes on one side of each pair.

    >>> _guess_bomless_utf16("Sida 2 av 5".encode("utf-16-le"))
    'utf-16-le'
    >>> _guess_bomless_utf16(b"plain ascii") is None
    True
    """
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(text: str) -> bool:
    """True when decoded text has too many control characters to be a real text file.

    >>> looks_binary("Ärende\\n\\fSida 2")
    False
    >>> looks_binary("\\x01\\x02\\x03abc\\x04")
    True
    """
    if not text:
        return False
    controls = len(_BINARY_CONTROL.findall(text))
    return controls > max(2, len(text) // 200)


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF, and nothing else.

    >>> split_lines("a\\r\\nb\\rc\\nd")
    ['a', 'b', 'c', 'd']
    >>> split_lines("rad ett\\n")
    ['rad ett']
    """
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def extract_text(path: Path, data: bytes) -> Document:
    """Read a text file's bytes into a Document of lines numbered as in the file.

    A form feed starts a new page (text exported from a paged document often has them),
    but locations stay file lines, which is what an editor shows.
    """
    text, encoding = decode_text(data, str(path))
    if looks_binary(text):
        raise InputError(
            _("{path}: is a binary file, not text: give a .txt or .pdf file").format(path=path)
        )
    if not text.strip():
        raise InputError(
            _("{path}: has no text (only white space): nothing to compare").format(path=path)
        )
    lines: list[Line] = []
    page = 1
    for number, raw in enumerate(split_lines(text), start=1):
        while "\f" in raw:
            before, raw = raw.split("\f", 1)
            if before.strip():
                lines.append(Line(text=before, location=Location(line=number), page_index=page))
            page += 1
        lines.append(Line(text=raw, location=Location(line=number), page_index=page))
    return Document(
        path=str(path), format=SourceFormat.TEXT, pages=page, lines=lines, encoding=encoding
    )
