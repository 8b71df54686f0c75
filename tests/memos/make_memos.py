"""Set the eight Kungsbacka memos as their offices print them: LibreOffice Writer, A5,
justified, a running header, a `Sida N (M)` footer and the office's contact footer on page 1.

    python tests/memos/make_memos.py            # every memo in this folder
    python tests/memos/make_memos.py 05-ifo     # the memos whose name starts so

Each NAME.txt (the memo as published, from shared/realworld; see its SOURCES.md) becomes:

- NAME.pdf: a flat OpenDocument file (written here) converted by LibreOffice
  (`soffice`, Debian's libreoffice-writer-nogui), justified and hyphenated in Swedish:
  without Debian's hyphen-sv LibreOffice hyphenates nothing, and says nothing of it.
  Page 1 has its own master page whose footer holds the contact block above
  `Sida 1 (M)`; later pages repeat the header and `Sida N (M)`. The header names the
  municipality and the case number, which the body also holds on page 1, so furniture
  cannot be found by "text the body lacks" alone.
- NAME.pdftotext.txt: poppler's `pdftotext` reading of that PDF (Debian's poppler-utils),
  a text version that carries the page furniture and form feeds, as text copied out of a
  PDF does.

The outputs are committed, so the tests need neither LibreOffice nor poppler.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run as a script from anywhere

from tests.libreoffice import convert_to_pdf  # noqa: E402

CONTACT = (
    "Kungsbacka kommun, 434 81 Kungsbacka · Besöksadress Storgatan 37 · "
    "Telefon 0300-83 40 00 · kommun@kungsbacka.se · www.kungsbacka.se"
)

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)

STYLES = """
<office:font-face-decls>
  <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"/>
  <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
</office:font-face-decls>
<office:styles>
  <style:default-style style:family="paragraph">
    <style:text-properties style:font-name="DejaVu Serif" fo:font-size="9.5pt"
        fo:language="sv" fo:country="SE" fo:hyphenate="true"/>
  </style:default-style>
  <style:style style:name="Body" style:family="paragraph">
    <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.18cm"/>
  </style:style>
  <style:style style:name="Heading" style:family="paragraph">
    <style:paragraph-properties fo:margin-top="0.25cm" fo:margin-bottom="0.12cm"
        fo:keep-with-next="always"/>
    <style:text-properties style:font-name="DejaVu Sans" fo:font-size="10.5pt"
        fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Header" style:family="paragraph">
    <style:paragraph-properties>
      <style:tab-stops>
        <style:tab-stop style:position="11.2cm" style:type="right"/>
      </style:tab-stops>
    </style:paragraph-properties>
    <style:text-properties style:font-name="DejaVu Sans" fo:font-size="7.5pt"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph">
    <style:paragraph-properties fo:text-align="end"/>
    <style:text-properties style:font-name="DejaVu Sans" fo:font-size="7.5pt"/>
  </style:style>
  <style:style style:name="Contact" style:family="paragraph">
    <style:paragraph-properties fo:text-align="center" fo:margin-top="0.1cm"/>
    <style:text-properties style:font-name="DejaVu Sans" fo:font-size="6.5pt"/>
  </style:style>
</office:styles>
<office:automatic-styles>
  <style:page-layout style:name="A5">
    <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm"
        fo:margin-top="1.0cm" fo:margin-bottom="1.0cm" fo:margin-left="1.8cm"
        fo:margin-right="1.8cm"/>
    <style:header-style>
      <style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/>
    </style:header-style>
    <style:footer-style>
      <style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/>
    </style:footer-style>
  </style:page-layout>
  <style:style style:name="FirstBody" style:family="paragraph" style:parent-style-name="Heading"
      style:master-page-name="First"/>
</office:automatic-styles>
"""


def paragraphs_of(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def is_heading(paragraph: str) -> bool:
    """A short paragraph without final punctuation: `Förslag till beslut`, `Datum`."""
    return len(paragraph.split()) <= 8 and not paragraph.endswith((".", ":", "!", "?"))


def case_number(paragraphs: list[str]) -> str:
    """The value after the `Diarienummer` label, which the running header repeats."""
    for position, paragraph in enumerate(paragraphs[:-1]):
        if paragraph == "Diarienummer":
            return paragraphs[position + 1]
    return ""


def flat_odt(paragraphs: list[str]) -> str:
    """The memo as a flat OpenDocument text: a first-page master page, then the standard one."""
    header = (
        '<style:header><text:p text:style-name="Header">KUNGSBACKA KOMMUN<text:tab/>'
        f"{escape(case_number(paragraphs))}</text:p></style:header>"
    )
    page = (
        '<text:p text:style-name="Footer">Sida <text:page-number text:select-page="current"/>'
        " (<text:page-count/>)</text:p>"
    )
    masters = (
        "<office:master-styles>"
        f'<style:master-page style:name="Standard" style:page-layout-name="A5">{header}'
        f"<style:footer>{page}</style:footer></style:master-page>"
        '<style:master-page style:name="First" style:page-layout-name="A5" '
        f'style:next-style-name="Standard">{header}<style:footer>{page}'
        f'<text:p text:style-name="Contact">{escape(CONTACT)}</text:p></style:footer>'
        "</style:master-page></office:master-styles>"
    )
    body = []
    for position, paragraph in enumerate(paragraphs):
        style = "Heading" if is_heading(paragraph) else "Body"
        if position == 0:
            style = "FirstBody"
        body.append(f'<text:p text:style-name="{style}">{escape(paragraph)}</text:p>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document {NAMESPACES} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f"{STYLES}{masters}<office:body><office:text>{''.join(body)}"
        "</office:text></office:body></office:document>"
    )


def main(prefixes: list[str]) -> None:
    for text in sorted(HERE.glob("*.txt")):
        if text.name.endswith(".pdftotext.txt") or (
            prefixes and not text.name.startswith(tuple(prefixes))
        ):
            continue
        pdf = text.with_suffix(".pdf")
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / f"{text.stem}.fodt"
            source.write_text(flat_odt(paragraphs_of(text.read_text(encoding="utf-8"))), "utf-8")
            convert_to_pdf(source, pdf)
        extracted = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        text.with_suffix(".pdftotext.txt").write_text(extracted, encoding="utf-8")
        print(f"{pdf.name}: {extracted.count(chr(12))} pages")


if __name__ == "__main__":
    main(sys.argv[1:])
