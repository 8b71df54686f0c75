"""`docreconcile review`: decide each difference in the terminal, one key each."""

from __future__ import annotations

import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from docreconcile.cli.app import app
from docreconcile.cli.compare import Reviewer, compare
from docreconcile.cli.options import (
    PathA,
    PathB,
    Reading,
    _console,
    _errors_as_exit_2,
    _progress_shown,
    reads_documents,
)
from docreconcile.errors import ExitStatus, InputError
from docreconcile.i18n import N_, _
from docreconcile.output import printable

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from docreconcile import review
    from docreconcile.model import Decision, Difference


@app.command(
    name="review",
    epilog=(
        "Keys (one press, no Enter): a (A is right), b (B is right), e (edit: your own "
        "wording), y (both are fine), s (skip), p (back), / (search the differences' "
        "words and sentences), g (go to difference N), q (quit); Enter takes the hint "
        "where there is one.\n\n"
        "Examples:\n\n"
        "  docreconcile review beslut.txt beslut.pdf\n\n"
        "  docreconcile review beslut.txt beslut.pdf --decisions beslut.json\n\n"
        "Exit status: 0 every difference decided, 1 some left, 2 trouble."
    ),
)
@reads_documents
def review_command(
    a: PathA,
    b: PathB,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Where decisions are kept, each as it is made (default: "
            ".docreconcile-baseline.json beside A).",
            readable=False,
        ),
    ] = None,
    reviewer: Reviewer = None,
    *,
    reading: Reading,
) -> None:
    """Decide the differences of A and B one by one, in the terminal.

    Substantive differences first, then minor ones; each shown with its sentence on both
    sides, both places and the dictionary hint. Every decision is written to the
    decisions file at once, so quitting (or Ctrl-C) loses nothing, and the next review
    starts at the first difference left. `reconcile` then writes the agreed text.
    """
    from docreconcile import baseline as baseline_file
    from docreconcile import review

    target = decisions if decisions is not None else baseline_file.default_path(a)
    key = baseline_file.pair_key(a, b)
    debug = reading.debug
    if not sys.stdin.isatty():
        with _errors_as_exit_2(debug):
            raise InputError(_("review reads keys from a terminal: run it in one"))
    options = reading.options()
    with _errors_as_exit_2(debug):
        earlier = baseline_file.load(target, key) if target.exists() else []
    with _errors_as_exit_2(debug), _progress_shown(options):
        report = compare(a, b, options)
    session = review.Session.start(report, earlier)
    console = _console()
    try:
        with _errors_as_exit_2(debug):
            _review_loop(session, console, target, key, reviewer or baseline_file.user_name())
    except (KeyboardInterrupt, EOFError):
        console.print()
        _say_interrupted(target)
        raise typer.Exit(130) from None
    left = session.undecided()
    command = printable(
        f"docreconcile reconcile {shlex.quote(str(a))} {shlex.quote(str(b))}"
        + ("" if decisions is None else f" --decisions {shlex.quote(str(target))}")
    )
    console.print(  # paths as they are, never as markup (`[/]` in a name)
        _reviewed(len(session.decided), len(session.differences), left, target, command),
        markup=False,
        highlight=False,
    )
    raise typer.Exit(ExitStatus.DIFFERENT if left else ExitStatus.SAME)


def _say_interrupted(target: Path) -> None:
    """Say on stderr that the review stopped and where the decisions made are kept."""
    typer.echo(
        "docreconcile: "
        + _("interrupted; the decisions made are kept in {path}").format(
            path=printable(str(target))
        ),
        err=True,
    )


def _reviewed(decided: int, total: int, left: int, target: Path, command: str) -> str:
    """The line a review ends with: how many were decided, where the decisions are, and
    the command that writes the agreed text."""
    return (
        _("{decided} of {total} differences decided").format(decided=decided, total=total)
        + (_(", {left} left: run review again to go on").format(left=left) if left else "")
        + _("; decisions in {path}; the agreed text: {command}").format(
            path=printable(str(target)), command=command
        )
    )


_REVIEW_KEYS = N_(
    "a: A  b: B  e: edit  y: both fine  c: comment  s: skip  p: back  /: search  g: go to  q: quit"
)


def _review_loop(
    session: review.Session, console: Console, target: Path, key: str, reviewer: str
) -> None:
    """Show each difference and act on the key pressed (no Enter needed; Enter takes
    the hint), until the end or `q`."""
    from docreconcile import review
    from docreconcile.keypress import ENTER, read_key

    while (difference := session.current()) is not None:
        earlier = _show(session, difference, console)
        default = difference.hint or "s"
        console.print(_(_REVIEW_KEYS) + f" (Enter: {default}): ", end="")
        choice = ""
        while choice not in (*review.KEYS, *review.MOVES):
            pressed = read_key()
            choice = default if pressed == ENTER else pressed.lower()
        console.print(choice)
        if choice == "q":
            return
        if choice in ("s", "p", "/", "g"):
            _move(session, choice, console)
        elif choice == "c":
            _comment(session, difference, earlier, console, (target, key))
        else:
            _decide(session, difference, review.KEYS[choice], console, (target, key, reviewer))


def _show(session: review.Session, difference: Difference, console: Console) -> Decision | None:
    """Print where the review stands, the difference, and its decision made already
    (a shared decisions file's words: shown, never obeyed); that decision."""
    from docreconcile.report import terminal as terminal_report

    console.print()
    console.print(
        _("Difference {number} of {total}, {undecided} undecided").format(
            number=session.position + 1,
            total=len(session.differences),
            undecided=session.undecided(),
        ),
        style="dim",
    )
    terminal_report.render_difference(difference, console)
    earlier = session.decision(difference)
    if earlier is not None:
        console.print(
            printable(
                _("decided: {verdict} {text}").format(verdict=earlier.verdict, text=earlier.text)
                + (f" ({earlier.reviewer}, {earlier.decided_at})" if earlier.reviewer else "")
                + (f" — {earlier.comment}" if earlier.comment else "")
            ),
            style="dim",
            markup=False,
            highlight=False,
        )
    return earlier


def _move(session: review.Session, choice: str, console: Console) -> None:
    """Go on (`s`), back (`p`), to the next difference holding some words (`/`) or to a
    difference by its number (`g`)."""
    from rich.prompt import Prompt

    if choice == "s":
        session.skip()
    elif choice == "p":
        session.back()
    elif choice == "/":
        words = Prompt.ask(_("search for"), console=console, default="")
        if words.strip() and not session.find(words):
            console.print(
                _("no difference holds “{words}”").format(words=printable(words.strip())),
                markup=False,
            )
    else:
        number = Prompt.ask(
            _("go to difference (1-{last})").format(last=len(session.differences)),
            console=console,
        )
        if not (number.strip().isdigit() and session.go(int(number))):
            console.print(
                _("there is no difference {number}: give 1 to {last}").format(
                    number=printable(number.strip()), last=len(session.differences)
                ),
                markup=False,
            )


def _comment(
    session: review.Session,
    difference: Difference,
    earlier: Decision | None,
    console: Console,
    decisions: tuple[Path, str],
) -> None:
    """Ask why, kept with the decision; a decision made already gets the comment now
    (written to the decisions file at `decisions`: its path and the pair's key)."""
    from rich.prompt import Prompt

    from docreconcile import baseline as baseline_file

    comment = Prompt.ask(_("comment (why; kept with the decision)"), console=console)
    session.note(difference, comment.strip())
    if earlier is not None:
        decision = replace(earlier, comment=comment.strip())
        baseline_file.record(*decisions, decision)
        session.decided[decision.fingerprint] = decision


def _decide(
    session: review.Session,
    difference: Difference,
    verdict: str,
    console: Console,
    decisions: tuple[Path, str, str],
) -> None:
    """Record a verdict (with the reviewer's own wording for `text`) in the decisions
    file (`decisions`: its path, the pair's key, the reviewer)."""
    from rich.prompt import Prompt

    from docreconcile import baseline as baseline_file

    target, key, reviewer = decisions
    own = ""
    if verdict == "text":
        own = Prompt.ask(_("your wording"), console=console, default=difference.b)
    audit = baseline_file.Audit.now(reviewer, session.comment(difference))
    decision = baseline_file.decision_for(difference, verdict, own, audit)
    baseline_file.record(target, key, decision)
    session.record(decision)
