"""Real-world corpus: seven Kungsbacka memos, each set by a different PDF producer with one
edit injected (tests/corpus/cases.json). Every pair must give exactly that edit as its only
substantive difference, and minor differences only of the kinds the case lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import decode_text

from docreconcile import Severity, compare

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[case["name"][:20] for case in CASES])
def test_corpus_pair_gives_exactly_the_injected_edit(case: dict[str, Any]) -> None:
    text = CORPUS / f"{case['name']}.txt"
    report = compare(text, text.with_suffix(".pdf"))
    substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    edit = case["edit"]
    assert [(d.category.value, d.a, d.b) for d in substantive] == [
        (edit["category"], edit["a"], edit["b"])
    ]
    (difference,) = substantive
    assert difference.a_location is not None and difference.b_location is not None
    line = text.read_text(encoding="utf-8").splitlines()[difference.a_location.line - 1]
    assert edit["a"] in line
    minor = {d.category.value for d in report.differences if d.severity is Severity.MINOR}
    assert minor <= set(case["minor"])


def test_corpus_covers_the_producers_and_features_the_readme_names() -> None:
    producers = {case["producer"] for case in CASES}
    assert producers == {"fpdf2", "libreoffice", "pdflatex", "reportlab"}
    features = " ".join(feature for case in CASES for feature in case["features"])
    for feature in ("two-column", "ligature", "footnote", "table", "Rotate", "hyphenation"):
        assert feature in features


@pytest.mark.parametrize("case", CASES, ids=[case["name"][:20] for case in CASES])
def test_corpus_pdf_is_what_its_producer_made(case: dict[str, Any]) -> None:
    """The committed PDFs really come from the producers named (their Producer/Creator)."""
    with (CORPUS / f"{case['name']}.pdf").open("rb") as stream:
        info = PDFDocument(PDFParser(stream)).info[0]
        stamp = " ".join(
            decode_text(value) if isinstance(value, bytes) else str(value)
            for key, value in info.items()
            if key in ("Producer", "Creator")
        )
    marker = {
        "fpdf2": "fpdf2",
        "libreoffice": "LibreOffice",
        "pdflatex": "pdfTeX",
        "reportlab": "ReportLab",
    }[case["producer"]]
    assert marker in stamp


def test_ligature_glyphs_really_reach_normalisation() -> None:
    """Case 04's text layer holds ﬁ/ﬂ as single characters, which normalisation expands."""
    from docreconcile.extract import extract
    from docreconcile.normalize import normalize

    document = extract(CORPUS / "04-vo-kognitiv-svikt-signeshus.pdf")
    raw = "".join(line.text for line in document.lines)
    assert raw.count("\ufb01") + raw.count("\ufb02") >= 3
    clean = " ".join(paragraph.text for paragraph in normalize(document).paragraphs)
    assert "\ufb01" not in clean and "specialistundersköterska" in clean
