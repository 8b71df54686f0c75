"""Hand-written hostile PDFs: each a minimal, valid-looking file with one trap in it."""

from __future__ import annotations

import zlib
from pathlib import Path

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page(resources: bytes = b"<< /Font << /F1 5 0 R >> >>") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        + resources
        + b" >>"
    )


def stream(data: bytes, compressed: bool = False) -> bytes:
    header = b"<< /Length %d%s >>" % (len(data), b" /Filter /FlateDecode" if compressed else b"")
    return header + b"\nstream\n" + data + b"\nendstream"


def raw_pdf(objects: list[bytes]) -> bytes:
    """Objects numbered from 1, with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def write(path: Path, objects: list[bytes]) -> Path:
    path.write_bytes(raw_pdf(objects))
    return path


def decompression_bomb(path: Path, megabytes: int = 640) -> Path:
    """A content stream of a few MB that inflates to `megabytes` MB of zeros."""
    compressor = zlib.compressobj(1)
    chunk = b"\x00" * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    return write(path, [CATALOG, PAGES, page(), stream(data, compressed=True), FONT])


def deep_nesting(path: Path, depth: int = 200_000) -> Path:
    """Resources nested `depth` arrays deep."""
    nested = b"[" * depth + b"]" * depth
    content = stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET")
    return write(
        path,
        [CATALOG, PAGES, page(b"<< /X " + nested + b" /Font << /F1 5 0 R >> >>"), content, FONT],
    )


def cyclic_page_tree(path: Path) -> Path:
    """A Pages node that lists itself among its kids."""
    pages = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    content = stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET")
    return write(path, [CATALOG, pages, page(), content, FONT])


def tiny_fragments(path: Path, count: int = 100_000) -> Path:
    """One page of `count` single characters, each placed on its own."""
    operations = b"".join(
        b"1 0 0 1 %d %d Tm (x) Tj " % (20 + (n % 550), 20 + (n // 550) % 800) for n in range(count)
    )
    content = stream(b"BT /F1 2 Tf " + operations + b"ET")
    return write(path, [CATALOG, PAGES, page(), content, FONT])


def plain(path: Path, text: bytes = b"Hej fr\\345n Link\\366ping") -> Path:
    """A harmless one-page PDF, to show the writer itself makes readable files."""
    content = stream(b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    return write(path, [CATALOG, PAGES, page(), content, font])


def reference_cycle(path: Path) -> Path:
    """A font that is a reference to a reference back to it (objects 5 and 6): some 560
    bytes that pdfminer followed for ever."""
    content = stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET")
    return write(
        path, [CATALOG, PAGES, page(b"<< /Font << /F1 5 0 R >> >>"), content, b"6 0 R", b"5 0 R"]
    )
