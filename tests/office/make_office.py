"""Make the Word and OpenDocument test files: a Kungsbacka memo as LibreOffice writes it.

    python tests/office/make_office.py

Memo 05 (tests/memos, the text of ../shared/realworld) becomes an HTML page (a heading per
short line, a paragraph per block, and its figures as a table of two columns: what is
shared out, and how much), which LibreOffice reads into Writer and saves as
`memo05.docx` (MS Word 2007 XML) and `memo05.odt`. The text the memo had is written beside
them as `memo05.txt`, the other version the tests compare them with. LibreOffice
also writes the Word file as a web page, `memo05.html`; `memo05.md` is the memo as a
person writes it in Markdown. The bundled fixture's second version (the words of its PDF)
is made the same ways, as `fixture-b.docx`, `.odt`, `.html` and `.md`; a decision with
numbered lists as `numbered.docx`, `.odt` and `.pdf`, and one with numbered headings as
`headings.odt`, `.docx` and `.pdf`. The files are committed, so the tests need no
LibreOffice.
"""

from __future__ import annotations

import html
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.libreoffice import convert  # noqa: E402

MEMO = HERE.parent / "memos" / "05-ifo-tage-larssons-stiftelse-2025.txt"
TABLE = [("Att fördela ur stiftelsen", "385 986 kronor"), ("Förslag till utdelning", "105 000 kr")]
"""The memo's figures, as a table: read row by row, cell by cell."""


def page(blocks: list[str], table_after: int | None = 12) -> str:
    """The memo as HTML: short blocks are headings, the rest paragraphs; the table
    after the summary's first paragraph."""
    parts = ["<!DOCTYPE html><html lang=sv><head><meta charset=utf-8></head><body>"]
    for index, block in enumerate(blocks):
        tag = "h2" if len(block) < 60 and not block.endswith(".") else "p"
        parts.append(f"<{tag}>{html.escape(block)}</{tag}>")
        if index == table_after:
            rows = "".join(
                f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in TABLE
            )
            parts.append(f"<table border=1>{rows}</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


FIXTURE = HERE.parent.parent / "fixtures" / "linkoping" / "tjansteskrivelse.txt"
FIXTURE_EDITS = (("Ardan", "Ardalan"), ("genomlysna", "genomlysa"))
"""The fixture's two substantive differences: its PDF has the B words."""


def fixture_versions() -> None:
    """The fixture's B version (its PDF's words) as Word, OpenDocument, HTML and Markdown,
    each written as the memo's are: `fixture-b.docx`, `.odt`, `.html`, `.md`."""
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in FIXTURE_EDITS:
        text = text.replace(old, new)
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "fixture-b.html"
        source.write_text(page(blocks, table_after=None), encoding="utf-8")
        convert(source, HERE / "fixture-b.docx", "docx:MS Word 2007 XML", "HTML (StarWriter)")
        convert(source, HERE / "fixture-b.odt", "odt", "HTML (StarWriter)")
        word = Path(folder) / "fixture-b-word.docx"
        word.write_bytes((HERE / "fixture-b.docx").read_bytes())
        convert(word, HERE / "fixture-b.html", "html:XHTML Writer File:UTF8")
    (HERE / "fixture-b.md").write_text(markdown(blocks, table_after=None), encoding="utf-8")


NUMBERED = """<!DOCTYPE html><html lang=sv><head><meta charset=utf-8></head><body>
<h2>Beslut om bidrag</h2>
<p>Nämnden föreslås besluta följande.</p>
<ol>
<li>Bidraget till föreningen beviljas för år 2025.</li>
<li>Beloppet fastställs till 105 000 kronor.</li>
<li>Förvaltningen får i uppdrag att:
<ol type="a"><li>underrätta sökanden om beslutet,</li><li>följa upp hur bidraget används.</li></ol>
</li>
</ol>
<p>Skälen för beslutet framgår nedan.</p>
<ol start="4">
<li>Föreningen uppfyller villkoren i riktlinjerna.</li>
<li>Verksamheten riktar sig till barn och unga.</li>
</ol>
<ol type="I"><li>Bilaga: ansökan.</li><li>Bilaga: budget.</li></ol>
</body></html>
"""
"""A decision with numbered lists: decimal, a nested lettered list, one that starts at 4,
and Roman numerals. None of their numbers is in the text; Word and LibreOffice number them."""


def numbered_lists() -> None:
    """`numbered.docx`, `.odt` and `.pdf`: the page above as LibreOffice writes each."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "numbered.html"
        source.write_text(NUMBERED, encoding="utf-8")
        convert(source, HERE / "numbered.docx", "docx:MS Word 2007 XML", "HTML (StarWriter)")
        convert(source, HERE / "numbered.odt", "odt", "HTML (StarWriter)")
        convert(source, HERE / "numbered.pdf", "pdf:writer_pdf_Export", "HTML (StarWriter)")


HEADINGS = """<!DOCTYPE html><html lang=sv><head><meta charset=utf-8></head><body>
<h1>Inledning</h1>
<p>Detta är en tjänsteskrivelse om bidrag till föreningar.</p>
<h2>Bakgrund</h2>
<p>Föreningen har ansökt om bidrag för år 2025.</p>
<h2>Ärendet</h2>
<p>Ansökan kom in i mars och har beretts av förvaltningen.</p>
<h1>Förslag till beslut</h1>
<h2>Bidrag</h2>
<p>Bidraget beviljas med 105 000 kronor.</p>
</body></html>
"""
"""A memo whose headings are numbered by the document's heading numbering (Writer's
chapter numbering, Word's numbered heading styles): `1 Inledning`, `1.1 Bakgrund`."""


def numbered_headings() -> None:
    """`headings.odt`, `.docx` and `.pdf`: the page above read by LibreOffice, its outline
    (chapter) numbering switched on for two levels (`1`, `1.1`) in the styles part, then
    saved as Word and printed by LibreOffice."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "headings.html"
        source.write_text(HEADINGS, encoding="utf-8")
        plain = Path(folder) / "plain.odt"
        convert(source, plain, "odt", "HTML (StarWriter)")
        numbered = HERE / "headings.odt"
        with zipfile.ZipFile(plain) as old, zipfile.ZipFile(numbered, "w") as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if item.filename == "styles.xml":
                    data = _number_outline(data.decode("utf-8")).encode("utf-8")
                kind = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
                new.writestr(item, data, compress_type=kind)
        convert(numbered, HERE / "headings.docx", "docx:MS Word 2007 XML")
        convert(numbered, HERE / "headings.pdf", "pdf:writer_pdf_Export")


def _number_outline(styles: str) -> str:
    """The outline style with levels 1 and 2 numbered in Arabic numerals, level 2 showing
    both levels (`1.1`), and the heading styles no longer opting out of it (the HTML
    import gives them `style:list-style-name=""`)."""
    for level in ("1", "2"):
        styles = styles.replace(
            f'style:default-outline-level="{level}" style:list-style-name=""',
            f'style:default-outline-level="{level}"',
        )
    for level, shown in (("1", "1"), ("2", "2")):
        styles = styles.replace(
            f'<text:outline-level-style text:level="{level}" style:num-format=""',
            f'<text:outline-level-style text:level="{level}" style:num-format="1" '
            f'text:display-levels="{shown}"',
        )
    return styles


def main() -> None:
    numbered_lists()
    numbered_headings()
    fixture_versions()
    blocks = [" ".join(b.split()) for b in MEMO.read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    text = blocks[:13] + [cell for row in TABLE for cell in row] + blocks[13:]
    (HERE / "memo05.txt").write_text("\n\n".join(text) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "memo05.html"
        source.write_text(page(blocks), encoding="utf-8")
        convert(source, HERE / "memo05.docx", "docx:MS Word 2007 XML", "HTML (StarWriter)")
        convert(source, HERE / "memo05.odt", "odt", "HTML (StarWriter)")
        # the web page LibreOffice writes of the Word file (its own styles, its markup)
        word = Path(folder) / "memo05-word.docx"
        word.write_bytes((HERE / "memo05.docx").read_bytes())
        convert(word, HERE / "memo05.html", "html:XHTML Writer File:UTF8")
    (HERE / "memo05.md").write_text(markdown(blocks), encoding="utf-8")
    print("wrote tests/office/memo05.*, fixture-b.*, numbered.* and headings.*")


def markdown(blocks: list[str], table_after: int | None = 12) -> str:
    """The memo as a person would write it in Markdown: `#` headings, the date and case
    number in bold, the figures as a pipe table, a link, and an escaped `&`."""
    lines: list[str] = []
    for index, block in enumerate(blocks):
        if len(block) < 60 and not block.endswith("."):
            level = "#" if index == 0 else "##"
            lines.append(f"{level} {block.replace('&', '&amp;')}")
        elif "stiftelsens bestämmelser" in block:
            lines.append(
                block.replace(
                    "stiftelsens bestämmelser",
                    "[stiftelsens bestämmelser](https://example.org/stadgar)",
                )
            )
        else:
            block = block.replace("2025-04-04", "**2025-04-04**")
            lines.append(block.replace("Individ & Familjeomsorg", "Individ &amp; Familjeomsorg"))
        if index == table_after:
            rows = [f"| {a} | {b} |" for a, b in TABLE]
            lines.append("\n".join([rows[0], "| --- | --- |", *rows[1:]]))  # first row heads
    return "\n\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
