"""The second engine (issue 32): PDFium's glyphs into the default reader's lines, boxes
and reading order. It must read what the default reads: the same lines on real PDFs,
the same differences on the fixture, every injected edit found."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.cli import app
from docreconcile.extract import extract
from docreconcile.extract.cache import Cache
from docreconcile.pipeline import Options, compare
from tests.edits import inject_edits

runner = CliRunner()
HERE = Path(__file__).resolve().parent
REALWORLD = HERE / "realworld"
PDFIUM = Options(engine="pdfium")


def _lines(pdf: Path, engine: str) -> list[str]:
    """A PDF's line texts, spaces as one (two readers' narrow and wide spaces alike)."""
    return [
        " ".join(line.text.replace("\u202f", " ").split())
        for line in extract(pdf, engine=engine).lines
    ]


@pytest.mark.parametrize(
    ("name", "agreement"),
    [
        # Word 2010: PDFium takes the space after each bullet (in the Symbol font) for one
        # it made up, and the bullet, a tab's width from its item, is a line of its own
        ("realworld/dir-2016-15.pdf", 0.95),
        ("realworld/afs-2011-19.pdf", 0.97),  # InDesign; PDFium reads `omhänder-tagande`
        ("memos/05-ifo-tage-larssons-stiftelse-2025.pdf", 0.99),  # LibreOffice
        ("realworld/nfs-2007-10.pdf", 0.95),
    ],
)
def test_pdfium_reads_the_lines_the_default_reader_reads(name: str, agreement: float) -> None:
    pdf = HERE / name
    default, pdfium = _lines(pdf, "pdfminer"), _lines(pdf, "pdfium")
    matcher = difflib.SequenceMatcher(None, default, pdfium, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    assert same / len(default) >= agreement, matcher.get_opcodes()[:5]
    assert extract(pdf, engine="pdfium").engine == "pdfium"


def test_the_fixture_gives_the_two_known_differences_with_pdfium(
    seed_pair: tuple[Path, Path],
) -> None:
    """The same two differences as the default reader, at the same page and line."""
    text, pdf = seed_pair

    def shown(options: Options) -> list[tuple[str, str, str, str | None]]:
        return [
            (d.category.value, d.a, d.b, d.b_location and d.b_location.describe())
            for d in compare(text, pdf, options).differences
            if d.severity.value != "layout"
        ]

    found = shown(PDFIUM)
    assert [(category, a, b) for category, a, b, _ in found] == [
        ("spelling", "Ardan", "Ardalan"),
        ("spelling", "genomlysna", "genomlysa"),
    ]
    assert found == shown(Options())


@pytest.mark.parametrize("name", ["dir-2016-15", "afs-2011-19", "prop-2012-13-144"])
def test_injected_edits_are_found_with_pdfium(tmp_path: Path, name: str) -> None:
    """A letter, a digit and a word changed in poppler's text of a real PDF: each is a
    substantive difference on its line, read with PDFium."""
    edited, edits = inject_edits((REALWORLD / f"{name}.raw.txt").read_text(encoding="utf-8"))
    text = tmp_path / "edited.txt"
    text.write_text(edited, encoding="utf-8")
    report = compare(text, REALWORLD / f"{name}.pdf", PDFIUM)
    lines = {
        d.a_location.line
        for d in report.differences
        if d.severity.value == "substantive" and d.a_location is not None
    }
    assert all(edit.line in lines for edit in edits), (edits, sorted(lines))


def test_the_engine_is_in_the_report_and_the_cache_key(
    tmp_path: Path, seed_pair: tuple[Path, Path]
) -> None:
    text, pdf = seed_pair
    result = runner.invoke(app, [str(text), str(pdf), "--engine", "pdfium", "-f", "json"])
    assert result.exit_code == 1, result.output
    sources = json.loads(result.stdout)
    assert "engine" not in sources["a"] and sources["b"]["engine"] == "pdfium"
    result = runner.invoke(app, [str(text), str(pdf), "-f", "json"])
    assert "engine" not in json.loads(result.stdout)["b"]  # the default says nothing
    cache = Cache(tmp_path / "cache")
    assert extract(pdf, cache=cache, engine="pdfium").engine == "pdfium"
    assert extract(pdf, cache=cache).engine == "pdfminer"  # its own entry, not PDFium's
    assert extract(pdf, cache=cache, engine="pdfium").engine == "pdfium"


def test_a_bad_engine_is_refused_in_one_line(seed_pair: tuple[Path, Path]) -> None:
    text, pdf = seed_pair
    result = runner.invoke(app, [str(text), str(pdf), "--engine", "mupdf"])
    assert result.exit_code == 2 and "pdfminer" in result.output and "pdfium" in result.output
