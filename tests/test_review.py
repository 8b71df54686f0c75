"""Review: deciding differences one by one, driven by keys in a real terminal (pexpect
gives the command a pseudo-terminal, as a person's would be)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from docreconcile.baseline import decision_for, load
from docreconcile.model import Severity
from docreconcile.pipeline import Options, compare
from docreconcile.review import Session

DOCRECONCILE = str(Path(sys.executable).parent / "docreconcile")


@pytest.fixture
def pair(seed_pair: tuple[Path, Path]) -> tuple[Path, Path]:
    return seed_pair


def spawn(*arguments: str, cwd: Path) -> pexpect.spawn:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100", LINES="40")
    return pexpect.spawn(
        DOCRECONCILE, list(arguments), cwd=str(cwd), env=env, encoding="utf-8", timeout=60
    )


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus)


def substantive(a: Path, b: Path) -> list[tuple[str, str]]:
    report = compare(a, b, Options())
    return [(d.a, d.b) for d in report.differences if d.severity is Severity.SUBSTANTIVE]


def test_review_by_keys_then_reconcile_gives_the_pdfs_words(pair: tuple[Path, Path]) -> None:
    """The seed pair end to end: `b` on the first difference, Enter (the hint, B) on the
    second; the decisions are in the file; the agreed text has the PDF's two words and no
    substantive difference from the PDF."""
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.expect("B is probably right")
    child.expect("a: A  b: B")
    child.sendline("b")
    child.expect("Difference 2 of 2")
    child.expect("genomlysna")
    child.expect("quit")
    child.sendline("")
    child.expect("2 of 2 differences decided")
    assert finish(child) == 0
    decisions = text.parent / ".docreconcile-baseline.json"
    assert sorted((d.a, d.verdict) for d in load(decisions)) == [
        ("Ardan", "b"),
        ("genomlysna", "b"),
    ]
    agreed = spawn("reconcile", text.name, pdf.name, "-o", "agreed.txt", cwd=text.parent)
    assert finish(agreed) == 0
    assert substantive(text.parent / "agreed.txt", pdf) == []


def test_quit_keeps_the_decisions_and_the_next_review_resumes(pair: tuple[Path, Path]) -> None:
    """`q` after one decision: exit 1, that decision kept. The next review opens at the
    difference left; an own wording (`e`) is recorded as it was typed."""
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.sendline("y")
    child.expect("Difference 2 of 2")
    child.sendline("q")
    child.expect("1 of 2 differences decided, 1 left")
    assert finish(child) == 1
    again = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    again.expect("Difference 2 of 2, 1 undecided")
    again.sendline("e")
    again.expect("your wording")
    again.sendline("genomlyst")
    again.expect("2 of 2 differences decided")
    assert finish(again) == 0
    decided = {d.a: (d.verdict, d.text) for d in load(text.parent / "d.json")}
    assert decided == {"Ardan": ("both", ""), "genomlysna": ("text", "genomlyst")}


def test_ctrl_c_loses_nothing_decided(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.sendline("a")
    child.expect("Difference 2 of 2")
    child.sendintr()
    child.expect("the decisions made are kept")
    assert finish(child) == 130
    assert [(d.a, d.verdict) for d in load(text.parent / "d.json")] == [("Ardan", "a")]


def test_back_shows_the_earlier_decision_and_may_change_it(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.sendline("a")
    child.expect("Difference 2 of 2")
    child.sendline("p")
    child.expect("Difference 1 of 2")
    child.expect("decided: a")
    child.sendline("b")
    child.expect("Difference 2 of 2")
    child.sendline("q")
    assert finish(child) == 1
    assert [(d.a, d.verdict) for d in load(text.parent / "d.json")] == [("Ardan", "b")]


def test_review_without_a_terminal_is_a_one_line_error(pair: tuple[Path, Path]) -> None:
    from typer.testing import CliRunner

    from docreconcile.cli import app

    text, pdf = pair
    result = CliRunner().invoke(app, ["review", str(text), str(pdf)])
    assert result.exit_code == 2
    assert "review reads keys from a terminal" in result.stderr


def test_a_session_starts_at_the_first_undecided_difference(pair: tuple[Path, Path]) -> None:
    report = compare(*pair, Options())
    first, second = (d for d in report.differences if d.severity is Severity.SUBSTANTIVE)
    session = Session.start(report, [decision_for(first, "b")])
    assert session.current() == second and session.undecided() == 1
    session.back()
    assert session.current() == first
    session.record(decision_for(first, "a"))
    assert session.current() == second
    session.skip()
    assert session.current() is None and session.undecided() == 1
