"""Review: deciding differences one by one, driven by keys in a real terminal (pexpect
gives the command a pseudo-terminal, as a person's would be)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
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
    child.send("b")
    child.expect("Difference 2 of 2")
    child.expect("genomlysna")
    child.expect("quit")
    child.send("\r")
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
    child.send("y")
    child.expect("Difference 2 of 2")
    child.send("q")
    child.expect("1 of 2 differences decided, 1 left")
    assert finish(child) == 1
    again = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    again.expect("Difference 2 of 2, 1 undecided")
    again.send("e")
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
    child.send("a")
    child.expect("Difference 2 of 2")
    child.sendintr()
    child.expect("the decisions made are kept")
    assert finish(child) == 130
    assert [(d.a, d.verdict) for d in load(text.parent / "d.json")] == [("Ardan", "a")]


def test_back_shows_the_earlier_decision_and_may_change_it(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.send("a")
    child.expect("Difference 2 of 2")
    child.send("p")
    child.expect("Difference 1 of 2")
    child.expect("decided: a")
    child.send("b")
    child.expect("Difference 2 of 2")
    child.send("q")
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


def test_search_and_go_to_move_through_the_differences(pair: tuple[Path, Path]) -> None:
    """Issue 29: `/` finds the next difference holding words of either side (or of its
    sentence), round to the start; `g N` goes to difference N; neither decides."""
    report = compare(*pair, Options())
    first, second = (d for d in report.differences if d.severity is Severity.SUBSTANTIVE)
    session = Session.start(report, [])
    assert session.find("GENOMLYSA") and session.current() == second
    assert session.find("ardalan") and session.current() == first  # round to the start
    assert not session.find("inget sådant ord") and session.current() == first
    assert session.go(2) and session.current() == second
    assert not session.go(3) and not session.go(0) and session.current() == second
    assert session.undecided() == 2


def test_one_key_decides_and_arrows_search_and_go_to_work_in_a_terminal(
    pair: tuple[Path, Path],
) -> None:
    """Keys without Enter: an arrow key is no decision (its `A` is not `a`), `g 2` goes
    to the second difference, `/ Ardalan` back to the first, a wrong number and a search
    that finds nothing say so, and `b` then `a` decide both."""
    text, pdf = pair
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 1 of 2")
    child.expect(r"\(Enter: b\): ")
    child.send("\x1b[A")  # the up arrow
    child.send("g")
    child.expect("go to difference")
    child.sendline("9")
    child.expect("there is no difference 9: give 1 to 2")
    child.expect("Difference 1 of 2")
    child.send("g")
    child.sendline("2")
    child.expect("Difference 2 of 2, 2 undecided")
    child.send("/")
    child.expect("search for")
    child.sendline("inget sådant ord")
    child.expect("no difference holds “inget sådant ord”")
    child.send("/")
    child.sendline("Ardalan")
    child.expect("Difference 1 of 2, 2 undecided")
    child.send("b")
    child.expect("Difference 2 of 2, 1 undecided")
    child.send("a")
    child.expect("2 of 2 differences decided")
    assert finish(child) == 0
    decided = sorted((d.a, d.verdict) for d in load(text.parent / "d.json"))
    assert decided == [("Ardan", "b"), ("genomlysna", "a")]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_review_in_tmux_takes_single_keys(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """Issue 29: review waited for Enter after every key. In a real terminal (tmux), the
    key `b` alone decides the first difference, Enter alone takes the hint on the second."""
    text, pdf = pair
    socket = str(tmp_path / "tmux.sock")
    tmux = ["tmux", "-S", socket]
    command = (
        f"cd {shlex.quote(str(text.parent))} && NO_COLOR=1 {shlex.quote(DOCRECONCILE)} review "
        f"{text.name} {pdf.name} --decisions d.json; echo exit=$?; sleep 60"
    )
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "100", "-y", "40", "-s", "review", command],
        check=True,
        env={**os.environ, "TERM": "xterm"},
    )
    try:

        def screen_shows(words: str) -> str:
            """The screen once it shows `words` ("" if it never does, in 60 s)."""
            deadline = time.monotonic() + 60
            shown = ""
            while time.monotonic() < deadline:
                shown = subprocess.run(
                    [*tmux, "capture-pane", "-p", "-t", "review"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                if words in shown:
                    return shown
                time.sleep(0.2)
            raise AssertionError(f"{words!r} not on the screen:\n{shown}")

        assert screen_shows("Difference 1 of 2")
        assert screen_shows("(Enter: b)")
        subprocess.run([*tmux, "send-keys", "-t", "review", "b"], check=True)
        assert screen_shows("Difference 2 of 2, 1 undecided")
        subprocess.run([*tmux, "send-keys", "-t", "review", "Enter"], check=True)
        assert screen_shows("exit=0")
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    decided = sorted((d.a, d.verdict) for d in load(text.parent / "d.json"))
    assert decided == [("Ardan", "b"), ("genomlysna", "b")]


def test_each_decision_records_who_when_and_why(pair: tuple[Path, Path]) -> None:
    """Issue 29: a decisions file recorded no one, no time, no comment. `--reviewer`
    names who decides, each decision gets its time (ISO 8601 with the offset), and `c`
    attaches a comment, before the decision or after it (going back with `p`)."""
    from datetime import datetime

    text, pdf = pair
    child = spawn(
        "review",
        text.name,
        pdf.name,
        "--decisions",
        "d.json",
        "--reviewer",
        "Anna Berg",
        cwd=text.parent,
    )
    child.expect("Difference 1 of 2")
    child.send("c")
    child.expect("comment")
    child.sendline("enligt folkbokföringen")
    child.send("b")
    child.expect("Difference 2 of 2")
    child.send("a")
    child.expect("2 of 2 differences decided")
    assert finish(child) == 0
    decided = {d.a: d for d in load(text.parent / "d.json")}
    assert {d.reviewer for d in decided.values()} == {"Anna Berg"}
    assert decided["Ardan"].comment == "enligt folkbokföringen"
    assert decided["genomlysna"].comment == ""
    for decision in decided.values():
        moment = datetime.fromisoformat(decision.decided_at)
        assert moment.tzinfo is not None
        assert abs((datetime.now(moment.tzinfo) - moment).total_seconds()) < 600


def test_a_shared_decisions_files_words_are_shown_not_obeyed(pair: tuple[Path, Path]) -> None:
    """Issue 33: a decision's own wording in a shared decisions file was printed as rich
    markup (`[/]` crashed review; an escape sequence reached the terminal). It is shown
    as written, its control characters spelled out; a search for markup is words too."""
    from docreconcile.baseline import pair_key, record

    text, pdf = pair
    report = compare(*pair, Options())
    first = next(d for d in report.differences if d.severity is Severity.SUBSTANTIVE)
    wording = "[/]egen [bold]lydelse[/bold] \x1b]2;titel\x07"
    record(text.parent / "d.json", pair_key(text, pdf), decision_for(first, "text", wording))
    child = spawn("review", text.name, pdf.name, "--decisions", "d.json", cwd=text.parent)
    child.expect("Difference 2 of 2")
    child.send("p")
    child.expect("Difference 1 of 2")
    child.expect_exact("decided: text [/]egen [bold]lydelse[/bold] \\x1b]2;titel\\x07")
    child.send("/")
    child.sendline("[/]")
    child.expect_exact("no difference holds “[/]”")
    child.send("q")
    assert finish(child) == 1
