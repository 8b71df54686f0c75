"""`docreconcile reconcile`: write the agreed text from a report and its decisions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docreconcile.cli.app import app
from docreconcile.cli.compare import compare
from docreconcile.cli.options import (
    PathA,
    PathB,
    Reading,
    _check_outputs,
    _errors_as_exit_2,
    _progress_shown,
    reads_documents,
    write_stdout,
)
from docreconcile.errors import ExitStatus, InputError
from docreconcile.i18n import _, ngettext
from docreconcile.output import write_atomically

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from docreconcile.reconcile import Agreed


class Reference(StrEnum):
    text = "text"
    pdf = "pdf"
    docx = "docx"
    odt = "odt"
    html = "html"
    markdown = "markdown"


class Prefer(StrEnum):
    a = "a"
    b = "b"
    hint = "hint"


_DecisionsOption = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="The decisions file (review, the HTML report or accept write it; default: "
        ".docreconcile-baseline.json beside A).",
        readable=False,
    ),
]
_OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the agreed text to this file, not stdout; a .docx file is a Word "
        "file in which each decision that changed the text is a tracked change, by its "
        "reviewer at the time of the decision.",
    ),
]
_RedlineOption = Annotated[
    Path | None,
    typer.Option(
        "--redline",
        help="Also write A's text as a Word file (.docx) with every difference to B as "
        "a tracked change: accepting all gives B's words, rejecting all A's.",
    ),
]
_PreferOption = Annotated[
    Prefer | None,
    typer.Option(
        "--prefer",
        case_sensitive=False,
        help="Settle every undecided difference: a, b, or hint (the side a Swedish "
        "dictionary favours, where it has a view).",
    ),
]
_LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log",
        help="Also write a Markdown record of the decisions (who decided what, when and "
        "why; what --prefer settled; what is left) for the case file.",
    ),
]


@app.command(
    name="reconcile",
    epilog=(
        "Examples:\n\n"
        "  docreconcile reconcile beslut.txt beslut.pdf -o beslut-slutlig.txt\n\n"
        "  docreconcile reconcile beslut.txt beslut.pdf --decisions beslut.json --prefer b\n\n"
        "  docreconcile reconcile beslut.txt beslut.pdf -o slutlig.txt --log beslut-logg.md\n\n"
        "  docreconcile reconcile beslut.txt beslut.pdf -o slutlig.docx\n\n"
        "  docreconcile reconcile beslut.txt beslut.pdf --redline beslut-ändringar.docx\n\n"
        "Exit status: 0 every difference decided, 1 conflicts remain (marked in the text "
        "as git marks them), 2 trouble."
    ),
)
@reads_documents
def reconcile_command(
    a: PathA,
    b: PathB,
    decisions: _DecisionsOption = None,
    output: _OutputOption = None,
    redline: _RedlineOption = None,
    prefer: _PreferOption = None,
    log: _LogOption = None,
    *,
    reading: Reading,
) -> None:
    """Write the agreed text of A and B: each difference as it was decided.

    The text version's paragraphs, with every decided difference taking the side (or the
    wording) its decision chose; undecided ones become conflict blocks (<<<<<<< A,
    =======, >>>>>>> B) unless --prefer settles them.
    """
    from docreconcile import baseline as baseline_file
    from docreconcile import reconcile

    source = decisions if decisions is not None else baseline_file.default_path(a)
    options, debug = reading.options(), reading.debug
    with _errors_as_exit_2(debug):
        _check_outputs([output, log, redline], [a, b, source])
        _check_redline(redline)
    with _errors_as_exit_2(debug):
        _check_decisions(decisions)
        decided = (
            baseline_file.load(source, baseline_file.pair_key(a, b))
            if decisions is not None or source.exists()
            else []
        )
    with _errors_as_exit_2(debug), _progress_shown(options):
        report = compare(a, b, options)
    from docreconcile import redline as word

    now = baseline_file.Audit.now("").decided_at
    with _errors_as_exit_2(debug):
        agreed = reconcile.agreed_text(report, decided, prefer.value if prefer else None, now)
        record = (
            reconcile.decision_log(
                agreed,
                baseline_file.pair_key(a, b),
                baseline_file.Audit.now("").decided_at,
                prefer.value if prefer else None,
            )
            if log is not None
            else ""
        )
        _write_agreed(agreed, output)
        if redline is not None:
            changes = reconcile.redline(report, f"B: {Path(report.b.path).name}", now)
            write_atomically(redline, word.docx(changes))
        if log is not None:
            write_atomically(log, record)
    _say_agreed(agreed)
    raise typer.Exit(ExitStatus.DIFFERENT if agreed.conflicts else ExitStatus.SAME)


def _write_agreed(agreed: Agreed, output: Path | None) -> None:
    """The agreed text: tracked changes in Word for a `.docx` output, else plain text
    into the output or on stdout."""
    if output is not None and output.suffix.lower() == ".docx":
        from docreconcile import redline as word

        write_atomically(output, word.docx(agreed.tracked))
    elif output is not None:
        write_atomically(output, agreed.text)
    else:
        write_stdout(agreed.text)


def _say_agreed(agreed: Agreed) -> None:
    """Say on stderr what the agreed text holds: how many differences were decided, the
    conflicts left, and those only accepted (known, not decided)."""
    left = (
        ngettext(
            "{count} conflict left, marked <<<<<<< A / >>>>>>> B",
            "{count} conflicts left, marked <<<<<<< A / >>>>>>> B",
            agreed.conflicts,
        ).format(count=agreed.conflicts)
        if agreed.conflicts
        else _("no conflict left")
    )
    typer.echo(
        ngettext(
            "agreed text on {side}'s paragraphs: {count} difference decided, {left}",
            "agreed text on {side}'s paragraphs: {count} differences decided, {left}",
            agreed.decided,
        ).format(side="A" if agreed.base == "a" else "B", count=agreed.decided, left=left),
        err=True,
    )
    if agreed.accepted:
        typer.echo(
            ngettext(
                "{count} difference was only accepted (`accept` says a difference is known, "
                "not which side is right): decide with `docreconcile review`, or settle with "
                "--prefer",
                "{count} differences were only accepted (`accept` says a difference is known, "
                "not which side is right): decide with `docreconcile review`, or settle with "
                "--prefer",
                agreed.accepted,
            ).format(count=agreed.accepted),
            err=True,
        )


def _check_redline(redline: Path | None) -> None:
    """A redline is a Word file: refuse another name before anything is read."""
    if redline is not None and redline.suffix.lower() != ".docx":
        raise InputError(
            _(
                "{path}: a redline is a Word file: name it .docx "
                "(the agreed text as plain text is -o FILE.txt)"
            ).format(path=redline)
        )


def _check_decisions(decisions: Path | None) -> None:
    """A decisions file named with --decisions must be there."""
    if decisions is not None and not decisions.exists():
        raise InputError(
            _(
                "{path}: no such decisions file: decide the differences with "
                "`docreconcile review A B` (or the HTML report), or leave out --decisions"
            ).format(path=decisions)
        )
