"""Reconcile: the agreed text from decisions, end to end on the seed pair (the fixture's
text and PDF, which differ in `Ardan`/`Ardalan` and `genomlysna`/`genomlysa`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_an_accepted_difference_is_no_verdict_on_which_side_is_right(
    pair: tuple[Path, Path],
) -> None:
    """Issue 29: after `accept` (a CI baseline), `reconcile` kept the typo `Ardan` and said
    `2 differences decided, no conflict left`: accepted meant "A is right", silently. It
    says only that the difference is known: reconcile leaves it to decide, and says so."""
    text, pdf = pair
    assert runner.invoke(app, ["accept", str(text), str(pdf)]).exit_code == 0
    result = runner.invoke(app, ["reconcile", str(text), str(pdf)])
    assert result.exit_code == 1
    assert result.stdout.count("<<<<<<< A\n") == 2
    assert "2 differences were only accepted" in result.stderr
    assert "docreconcile review" in result.stderr
    settled = runner.invoke(app, ["reconcile", str(text), str(pdf), "--prefer", "b"])
    assert settled.exit_code == 0
    output = text.parent / "out.txt"
    output.write_text(settled.stdout, encoding="utf-8")
    assert substantive(output, pdf) == []


def test_a_decisions_file_that_is_not_there_is_no_advice_to_accept(
    pair: tuple[Path, Path],
) -> None:
    text, pdf = pair
    missing = text.parent / "missing.json"
    result = runner.invoke(app, ["reconcile", str(text), str(pdf), "--decisions", str(missing)])
    assert result.exit_code == 2
    assert "no such decisions file" in result.stderr and "review" in result.stderr
    assert "accept" not in result.stderr


def test_a_pdf_first_still_builds_on_the_text_version(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    result = runner.invoke(app, ["reconcile", str(pdf), str(text), "--prefer", "a"])
    assert result.exit_code == 0
    assert "agreed text on B's paragraphs" in result.stderr
    output = text.parent / "out.txt"
    output.write_text(result.stdout, encoding="utf-8")
    assert substantive(output, pdf) == []


def test_a_word_put_in_or_taken_out_keeps_the_spaces_around_it(tmp_path: Path) -> None:
    """Issue 29: `--prefer b` put `hela` in as `helabidraget`, and taking a word out left
    two spaces; comparing the result with B then called the glued word layout."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Nämnden beslutar att bevilja bidraget i år.\n", encoding="utf-8")
    b.write_text("Nämnden beslutar att bevilja hela bidraget i år.\n", encoding="utf-8")
    for prefer in ("a", "b"):
        for first, second in ((a, b), (b, a)):
            result = runner.invoke(
                app, ["reconcile", str(first), str(second), "--prefer", prefer, "--no-cache"]
            )
            assert result.exit_code == 0, result.output
            chosen = (first, second)[prefer == "b"]
            assert result.stdout == chosen.read_text(encoding="utf-8")


WORDS = ["nämnden", "beslutar", "att", "bevilja", "hela", "bidraget", "i", "år", "för", "kommunen"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=6, max_size=30),
    st.lists(
        st.tuples(st.sampled_from(["insert", "delete", "replace", "swap"]), st.integers(0, 29)),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["a", "b"]),
)
def test_the_agreed_text_is_the_chosen_sides_words_spaced_as_written(
    words: list[str], edits: list[tuple[str, int]], side: str
) -> None:
    """For random sentences and random edits (words put in, taken out, changed, swapped),
    every difference settled for one side gives that side's words, one space apart: no
    word glued to its neighbour, none doubled, none lost."""
    from docreconcile import compare_documents
    from docreconcile.extract.text import extract_text

    changed = list(words)
    for operation, position in edits:
        at = position % len(changed)
        if operation == "insert":
            changed.insert(at, "tydligt")
        elif operation == "delete" and len(changed) > 3:
            del changed[at]
        elif operation == "replace":
            changed[at] = "samtliga"
        elif operation == "swap" and at + 1 < len(changed):
            changed[at], changed[at + 1] = changed[at + 1], changed[at]
    a_text = " ".join(words).capitalize() + ".\n"
    b_text = " ".join(changed).capitalize() + ".\n"
    report = compare_documents(
        extract_text(Path("a.txt"), a_text.encode()), extract_text(Path("b.txt"), b_text.encode())
    )
    agreed = agreed_text(report, [], prefer=side).text
    wanted = b_text if side == "b" else a_text
    assert agreed.split() == wanted.split(), (a_text, b_text, agreed)
    assert "  " not in agreed


def test_a_plain_comparison_reads_the_decisions_review_wrote(pair: tuple[Path, Path]) -> None:
    """Issue 29: `compare` did not read the decisions file `review` wrote beside A, so
    decided differences still failed the run. It does now, and says so."""
    text, pdf = pair
    for difference in compare(text, pdf, Options()).differences:
        if difference.severity is Severity.SUBSTANTIVE:
            record(
                text.parent / ".docreconcile-baseline.json",
                pair_key(text, pdf),
                decision_for(difference, "b"),
            )
    result = runner.invoke(app, [str(text), str(pdf), "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "the decisions in" in result.stderr and ".docreconcile-baseline.json" in result.stderr
