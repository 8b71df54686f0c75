"""Reconcile: the agreed text from decisions, end to end on the seed pair (the fixture's
text and PDF, which differ in `Ardan`/`Ardalan` and `genomlysna`/`genomlysa`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.baseline import decision_for, pair_key, record
from docreconcile.cli import app
from docreconcile.model import Severity
from docreconcile.pipeline import Options, compare
from docreconcile.reconcile import agreed_text

runner = CliRunner()


@pytest.fixture
def pair(seed_pair: tuple[Path, Path]) -> tuple[Path, Path]:
    return seed_pair


def substantive(a: Path, b: Path) -> list[tuple[str, str]]:
    report = compare(a, b, Options())
    return [(d.a, d.b) for d in report.differences if d.severity is Severity.SUBSTANTIVE]


def test_decisions_for_b_give_the_pdfs_words_and_nothing_else(pair: tuple[Path, Path]) -> None:
    """Both differences decided for B: the agreed text has the PDF's two words; compared
    with the PDF it has no substantive difference, with the text exactly the two."""
    text, pdf = pair
    decisions = text.parent / "beslut.json"
    for difference in compare(text, pdf, Options()).differences:
        if difference.severity is Severity.SUBSTANTIVE:
            record(decisions, pair_key(text, pdf), decision_for(difference, "b"))
    agreed = text.parent / "agreed.txt"
    result = runner.invoke(
        app, ["reconcile", str(text), str(pdf), "--decisions", str(decisions), "-o", str(agreed)]
    )
    assert result.exit_code == 0, result.output
    assert "2 differences decided, no conflict left" in result.stderr
    assert substantive(agreed, pdf) == []
    assert sorted(substantive(text, agreed)) == [("Ardan", "Ardalan"), ("genomlysna", "genomlysa")]


def test_undecided_differences_are_conflict_blocks_and_exit_1(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    result = runner.invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 1
    assert result.stdout.count("<<<<<<< A\n") == 2
    assert "<<<<<<< A\nArdan\n=======\nArdalan\n>>>>>>> B\n" in result.stdout
    assert "2 conflicts left" in result.stderr


def test_prefer_settles_the_rest_and_a_decision_outweighs_it(pair: tuple[Path, Path]) -> None:
    """`--prefer a` keeps A's words where nothing was decided; the one decision for an
    own wording stands. Compared with A, only that wording differs."""
    text, pdf = pair
    report = compare(text, pdf, Options())
    name = next(d for d in report.differences if d.a == "Ardan")
    decisions = [decision_for(name, "text", "Ardalan Shekarabi")]
    agreed = agreed_text(report, decisions, prefer="a")
    assert agreed.conflicts == 0 and agreed.decided == 2
    assert "(civilminister Ardalan Shekarabi Shekarabi)" in agreed.text
    assert "genomlysna" in agreed.text and "<<<<<<<" not in agreed.text


def test_an_accepted_difference_keeps_the_text_versions_words(pair: tuple[Path, Path]) -> None:
    """`accept` writes verdicts `accepted`: both fine, the base (the text version) stays."""
    text, pdf = pair
    assert runner.invoke(app, ["accept", str(text), str(pdf)]).exit_code == 0
    result = runner.invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 0
    output = text.parent / "out.txt"
    output.write_text(result.stdout, encoding="utf-8")
    assert substantive(text, output) == []


def test_a_pdf_first_still_builds_on_the_text_version(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    result = runner.invoke(app, ["reconcile", str(pdf), str(text), "--prefer", "a"])
    assert result.exit_code == 0
    assert "agreed text on B's paragraphs" in result.stderr
    output = text.parent / "out.txt"
    output.write_text(result.stdout, encoding="utf-8")
    assert substantive(output, pdf) == []
