"""The library entry point: compare two files, or two documents already read, in any
order of formats; the limited variant in a child process."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreconcile import Difference, InputError, Options, compare, compare_documents
from docreconcile.extract import Limits
from docreconcile.pipeline import compare_limited, read_bytes, read_document
from tests.conftest import PDF_VERSION, TEXT_VERSION


def substantive(report_differences: tuple[Difference, ...]) -> list[tuple[str, str, str]]:
    return [
        (d.category.value, d.a, d.b)
        for d in report_differences
        if d.severity.value == "substantive"
    ]


def test_the_fixture_pair_differs_in_its_two_words_either_way_round() -> None:
    forward = substantive(compare(TEXT_VERSION, PDF_VERSION).differences)
    backward = substantive(compare(PDF_VERSION, TEXT_VERSION).differences)
    assert forward == [("spelling", "Ardan", "Ardalan"), ("spelling", "genomlysna", "genomlysa")]
    assert backward == [(c, b, a) for c, a, b in forward]


def test_documents_read_once_compare_as_the_files_do(tmp_path: Path) -> None:
    options = Options()
    text = read_document(TEXT_VERSION, options)
    pdf = read_document(PDF_VERSION, options)
    from_bytes = read_bytes("-", TEXT_VERSION.read_bytes(), options)
    assert from_bytes.path == "-"
    expected = substantive(compare(TEXT_VERSION, PDF_VERSION).differences)
    assert substantive(compare_documents(text, pdf).differences) == expected
    assert substantive(compare_documents(from_bytes, pdf).differences) == expected


def test_the_limited_comparison_gives_the_same_report_or_one_line() -> None:
    options = Options()
    text, pdf = read_document(TEXT_VERSION, options), read_document(PDF_VERSION, options)
    limited = compare_limited(text, pdf, Limits())
    assert limited.differences == compare_documents(text, pdf).differences
    with pytest.raises(InputError, match="--timeout"):
        compare_limited(text, pdf, Limits(timeout=0.001))


def test_the_differences_come_back_in_pieces_whole_and_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The comparing process sends its differences and both sides' paragraphs a few at a
    time (`PIECE`), so that pickling the report does not double its memory at the end: put
    together again, they are the report's, in order, ids and all."""
    from docreconcile import pipeline

    options = Options()
    text, pdf = read_document(TEXT_VERSION, options), read_document(PDF_VERSION, options)
    whole = compare_documents(text, pdf)
    monkeypatch.setattr(pipeline, "PIECE", 7)
    assert len(whole.differences) > 3 * 7  # several pieces, the last one short
    assert len(whole.a_paragraphs) > 3 * 7 and len(whole.b_paragraphs) % 7 != 0
    limited = compare_limited(text, pdf, Limits())
    assert limited == whole


def test_consumed_documents_give_the_same_report_and_are_let_go() -> None:
    """`consume` lets each document's lines go once they are normalised (in the comparing
    process, on its own copies) or, for `compare_limited`, once the report comes back (the
    command line is done with them): the report is the same; without it the caller's
    documents are untouched."""
    options = Options()
    text, pdf = read_document(TEXT_VERSION, options), read_document(PDF_VERSION, options)
    lines = (list(text.lines), list(pdf.lines))
    whole = compare_documents(text, pdf)
    assert compare_limited(text, pdf, Limits()) == whole
    assert (text.lines, pdf.lines) == lines  # the child's copies were consumed, not these
    assert compare_limited(text, pdf, Limits(), consume=True) == whole
    assert text.lines == [] and pdf.lines == []
    text, pdf = read_document(TEXT_VERSION, options), read_document(PDF_VERSION, options)
    assert compare_documents(text, pdf, consume=True) == whole
    assert text.lines == [] and pdf.lines == []
