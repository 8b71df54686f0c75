"""Similarity of the two inputs: words in common, CER and WER, and the warning for two
documents that are not versions of one text (the eight Kungsbacka memos)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.cli import app
from docreconcile.measure import DIFFERENT_BELOW
from tests.conftest import PDF_VERSION, TEXT_VERSION
from tests.test_integ_memos import MEMOS, NAMES


def test_a_memo_and_its_pdf_are_alike_and_two_memos_are_not() -> None:
    own = [compare(MEMOS / f"{name}.txt", MEMOS / f"{name}.pdf").similarity for name in NAMES]
    assert all(s is not None and s.words_in_common > DIFFERENT_BELOW + 0.3 for s in own)
    others = [
        compare(MEMOS / f"{a}.txt", MEMOS / f"{b}.txt").similarity
        for a, b in zip(NAMES, NAMES[1:] + NAMES[:1], strict=True)
    ]
    assert all(s is not None and s.words_in_common < DIFFERENT_BELOW for s in others)


def test_the_seed_pair_differs_by_two_letters_in_thousands() -> None:
    similarity = compare(TEXT_VERSION, PDF_VERSION).similarity
    assert similarity is not None
    assert similarity.words_in_common > 0.99
    assert 0 < similarity.wer < 0.01 and 0 < similarity.cer < 0.01


def test_unrelated_documents_are_said_to_be_so_in_every_report(tmp_path: Path) -> None:
    a, b = MEMOS / f"{NAMES[0]}.txt", MEMOS / f"{NAMES[4]}.txt"
    runner = CliRunner()
    terminal = runner.invoke(app, [str(a), str(b)], env={"NO_COLOR": "1"}).stdout
    assert "look like different documents" in terminal
    markdown = runner.invoke(app, [str(a), str(b), "-f", "markdown"]).stdout
    assert "look like different documents" in markdown
    data = json.loads(runner.invoke(app, [str(a), str(b), "-f", "json"]).stdout)
    assert data["similarity"]["words_in_common"] < DIFFERENT_BELOW
    same = runner.invoke(app, [str(TEXT_VERSION), str(PDF_VERSION)], env={"NO_COLOR": "1"})
    assert "words in common" in same.stdout and "different documents" not in same.stdout
