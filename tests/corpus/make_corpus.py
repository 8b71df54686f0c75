"""Build the real-world corpus PDFs: each memo set by a different producer, one edit injected.

    python tests/corpus/make_corpus.py          # all cases in cases.json
    python tests/corpus/make_corpus.py 03-miljo # the cases whose name starts so

Needs the test extra (reportlab; fpdf2 for its cases), LibreOffice (`soffice`, Debian's
libreoffice-writer-nogui) and pdflatex (Debian's texlive-latex-base, lmodern,
texlive-fonts-recommended). The PDFs are committed, so the tests need none of these.
Headings are the memo's short paragraphs without final punctuation.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run as a script from anywhere

from tests.libreoffice import convert_to_pdf  # noqa: E402

HEADER = "KUNGSBACKA KOMMUN"


def paragraphs_of(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def is_heading(paragraph: str) -> bool:
    return (
        len(paragraph.split()) <= 8
        and not paragraph.endswith((".", ":", "!", "?"))
        and (not paragraph.startswith(("•", "-", "–")))
    )


def vera() -> Path:
    from reportlab import rl_config

    return Path(os.path.dirname(rl_config.__file__)) / "fonts"


# -- fpdf2 ------------------------------------------------------------------------------


def make_fpdf2(paragraphs: list[str], output: Path) -> None:
    """Justified text, running header, `N (M)` page numbers, a page break before
    'Beslutsunderlag' so the header recurs."""
    import fpdf
    from fpdf import FPDF

    class Memo(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Vera", size=8)
            self.cell(0, 8, HEADER, align="R")
            self.ln(14)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Vera", size=8)
            self.cell(0, 10, f"{self.page_no()} ({{nb}})", align="C")

    pdf = Memo(format="A4")
    pdf.set_creation_date(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    pdf.set_producer(f"fpdf2 {fpdf.__version__}")  # fpdf2 2.8 records no producer itself
    pdf.add_font("Vera", fname=str(vera() / "Vera.ttf"))
    pdf.add_font("Vera", style="B", fname=str(vera() / "VeraBd.ttf"))
    pdf.alias_nb_pages()
    pdf.add_page()
    for paragraph in paragraphs:
        if paragraph == "Beslutsunderlag":
            pdf.add_page()
        pdf.set_font("Vera", style="B" if is_heading(paragraph) else "", size=11)
        pdf.multi_cell(0, 5.5, paragraph, align="J")
        pdf.ln(3)
    pdf.output(str(output))


# -- reportlab --------------------------------------------------------------------------


def _reportlab_styles():  # type: ignore[no-untyped-def]
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", str(vera() / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(vera() / "VeraBd.ttf")))
    body = ParagraphStyle(
        "body", fontName="Vera", fontSize=11, leading=15, alignment=TA_JUSTIFY, spaceAfter=8
    )
    heading = ParagraphStyle(
        "heading", fontName="Vera-Bold", fontSize=10.5, leading=14, spaceAfter=4
    )
    return body, heading


def _decorate(canvas, document) -> None:  # type: ignore[no-untyped-def]
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont("Vera", 8)
    canvas.drawRightString(width - 50, height - 35, HEADER)
    canvas.drawCentredString(width / 2, 25, f"Sida {document.page}")
    canvas.restoreState()


def typographic_ligatures(text: str) -> str:
    """fi and fl as single ligature glyphs (U+FB01, U+FB02), as typesetting programs such
    as InDesign put them in a PDF's text."""
    return text.replace("fi", "\ufb01").replace("fl", "\ufb02")


def make_reportlab_columns(paragraphs: list[str], output: Path) -> None:
    """Body text in two justified columns, header and page numbers, fi/fl ligature glyphs."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    rl_config.invariant = 1
    body, heading = _reportlab_styles()
    width, height = A4
    margin, gutter = 56, 24
    column = (width - 2 * margin - gutter) / 2
    frames = [
        Frame(margin, 60, column, height - 130, id="left"),
        Frame(margin + column + gutter, 60, column, height - 130, id="right"),
    ]
    document = BaseDocTemplate(str(output), pagesize=A4)
    document.addPageTemplates([PageTemplate("columns", frames=frames, onPage=_decorate)])
    story = [
        Paragraph(typographic_ligatures(html.escape(p)), heading if is_heading(p) else body)
        for p in paragraphs
    ]
    document.build(story)


def make_reportlab_rotated(paragraphs: list[str], output: Path) -> None:
    """Page 1 portrait; page 2 landscape; page 3 portrait paper with /Rotate 90 and its
    content drawn turned, so that it reads upright on screen (as scanners and some office
    suites make landscape pages)."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    rl_config.invariant = 1
    _reportlab_styles()
    canvas = Canvas(str(output), pagesize=A4, invariant=1)
    thirds = [
        paragraphs[: len(paragraphs) // 3],
        paragraphs[len(paragraphs) // 3 : 2 * len(paragraphs) // 3],
        paragraphs[2 * len(paragraphs) // 3 :],
    ]

    def write(lines_of: list[str], left: float, top: float, width: float) -> None:
        y = top
        for paragraph in lines_of:
            font = "Vera-Bold" if is_heading(paragraph) else "Vera"
            for line in simpleSplit(paragraph, font, 10, width):
                canvas.setFont(font, 10)
                canvas.drawString(left, y, line)
                y -= 13
            y -= 8

    width, height = A4
    write(thirds[0], 60, height - 80, width - 120)
    canvas.showPage()
    canvas.setPageSize(landscape(A4))
    write(thirds[1], 60, width - 80, height - 120)
    canvas.showPage()
    canvas.setPageSize(A4)
    canvas.setPageRotation(90)
    canvas.saveState()
    # The viewer turns this page 90° clockwise; a point (u, v) of the upright landscape
    # view is the paper's (width - v, u): translate by the paper's width, turn 90° back.
    canvas.translate(width, 0)
    canvas.rotate(90)
    write(thirds[2], 60, width - 80, height - 120)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()


# -- LibreOffice ------------------------------------------------------------------------


def make_libreoffice(paragraphs: list[str], output: Path, table_fields: bool = False) -> None:
    """HTML converted by LibreOffice Writer: headings, ragged-right paragraphs; optionally
    the memo's header fields (Datum, Diarienummer) as a two-column table."""
    labels = ("Datum", "Diarienummer") if table_fields else ()
    fields = [
        (paragraph, paragraphs[position + 1])
        for position, paragraph in enumerate(paragraphs[:-1])
        if paragraph in labels
    ]
    in_table = {value for pair in fields for value in pair}
    body: list[str] = []
    for paragraph in paragraphs:
        if paragraph in in_table:
            if fields and paragraph == fields[0][0]:
                rows = "".join(
                    f"<tr><td>{html.escape(label)}</td><td>{html.escape(value)}</td></tr>"
                    for label, value in fields
                )
                body.append(f"<table border='0' width='60%'>{rows}</table>")
            continue
        tag = "h3" if is_heading(paragraph) else "p"
        body.append(f"<{tag}>{html.escape(paragraph)}</{tag}>")
    page = (
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'><title>memo</title></head>"
        f"<body>{''.join(body)}</body></html>"
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{output.stem}.html"
        source.write_text(page, encoding="utf-8")
        convert_to_pdf(source, output, infilter="HTML (StarWriter)")


# -- pdflatex ---------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
    "§": r"\S{}",
    "•": r"\textbullet{}",
    "”": "''",
    "“": "``",
    "–": "--",
    "—": "---",
}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(character, character) for character in text)


def make_pdflatex(
    paragraphs: list[str], output: Path, two_columns: bool = False, footnote: str = ""
) -> None:
    """pdflatex with Latin Modern: TeX's own line breaking and hyphenation, fi/fl ligatures,
    plain page numbers; optionally two columns and a footnote (a raised number, TeX's default)."""
    parts = []
    # The text version carries the footnote as its last paragraph; here it is a footnote.
    paragraphs = [paragraph for paragraph in paragraphs if paragraph != footnote]
    for paragraph in paragraphs:
        text = latex_escape(paragraph)
        if footnote and "SOU 2023:101" in paragraph and footnote not in "".join(parts):
            text = text.replace(
                "SOU 2023:101", r"SOU 2023:101\footnote{" + latex_escape(footnote) + "}", 1
            )
            parts.append("%footnote-used")
        parts.append(r"\paragraph*{" + text + "}" if is_heading(paragraph) else text)
    body = "\n\n".join(part for part in parts if not part.startswith("%"))
    document = (
        r"\documentclass[a4paper,11pt" + (",twocolumn" if two_columns else "") + "]{article}\n"
        r"\usepackage[utf8]{inputenc}\usepackage[T1]{fontenc}\usepackage{lmodern}"
        "\n"
        r"\setlength{\parskip}{6pt}"
        "\n"
        r"\setlength{\parindent}{0pt}\pdfinfoomitdate=1\pdftrailerid{}"
        "\n"
        r"\begin{document}"
        "\n" + body + "\n"
        r"\end{document}"
        "\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "memo.tex"
        source.write_text(document, encoding="utf-8")
        for _ in range(2):
            subprocess.run(
                ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "memo.tex"],
                cwd=folder,
                check=True,
                capture_output=True,
                timeout=180,
            )
        shutil.move(str(Path(folder) / "memo.pdf"), output)


FOOTNOTE = (
    "Remissen avser betänkandet om tillsyn över apotek och försäljning av receptfria läkemedel."
)

PRODUCERS: dict[str, Callable[[list[str], Path], None]] = {
    "01-bygg-au-byggnadsnamndens-arsredovisning-2023": make_fpdf2,
    "02-ks-arsredovisning-2023-kungsbacka": make_libreoffice,
    "03-miljo-remissvar-tillsyn-apotek-sou-2023-101": lambda p, o: make_pdflatex(
        p, o, footnote=FOOTNOTE
    ),
    "04-vo-kognitiv-svikt-signeshus": make_reportlab_columns,
    "06-ga-kvalitetsberattelse-2023": make_reportlab_rotated,
    "07-teknik-delegering-nodvattenplan": lambda p, o: make_pdflatex(p, o, two_columns=True),
    "08-service-kostnadsokning-klockaregarden": lambda p, o: make_libreoffice(
        p, o, table_fields=True
    ),
}


def main() -> None:
    manifest = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    wanted = sys.argv[1:]
    for case in manifest["cases"]:
        name = case["name"]
        if wanted and not any(name.startswith(prefix) for prefix in wanted):
            continue
        text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
        edit = case["edit"]
        assert text.count(edit["from"]) == 1, f"{name}: the edit must match exactly once"
        paragraphs = paragraphs_of(text.replace(edit["from"], edit["to"]))
        output = HERE / f"{name}.pdf"
        PRODUCERS[name](paragraphs, output)
        print(f"wrote {output.name} ({case['producer']}: {', '.join(case['features'])})")


if __name__ == "__main__":
    main()
