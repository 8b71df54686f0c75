"""The command line: parse options, call the library, pick a reporter, set the exit code.

`docreconcile A B` runs the `compare` command: the group below inserts it when the first
argument is not a command name, so later subcommands can sit beside it.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from docreconcile import __version__
from docreconcile import baseline as baseline_file
from docreconcile.compare import Options, compare
from docreconcile.errors import DocReconcileError, ExitStatus
from docreconcile.extract import Limits
from docreconcile.model import Report
from docreconcile.output import write_atomically
from docreconcile.report import github as github_report
from docreconcile.report import html as html_report
from docreconcile.report import json as json_report
from docreconcile.report import junit as junit_report
from docreconcile.report import markdown as markdown_report
from docreconcile.report import terminal as terminal_report

DEFAULT_COMMAND = "compare"


class DefaultCommandGroup(TyperGroup):
    """A command group that runs `compare` when no command name is given."""

    # `ctx` is click's Context, which typer vendors in recent versions and imports in older
    # ones; Any keeps this override valid for both.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Compare a plain-text and a PDF version of the same document: report every "
        "difference of substance, ignore differences of layout.\n\n"
        "Run `docreconcile A B` (the compare command) or `docreconcile COMMAND --help`."
    ),
)


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    github = "github"
    junit = "junit"


class ShowLevel(StrEnum):
    substantive = "substantive"
    minor = "minor"
    all = "all"


class FailOn(StrEnum):
    substantive = "substantive"
    minor = "minor"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"docreconcile {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Compare a plain-text and a PDF version of the same document."""


# Options shared by the commands that read two documents.
PathA = Annotated[Path, typer.Argument(help="First version (text or PDF).", show_default=False)]
PathB = Annotated[Path, typer.Argument(help="Second version (text or PDF).", show_default=False)]
PasswordOption = Annotated[
    str, typer.Option("--password", help="Password of an encrypted PDF input.")
]
MaxPagesOption = Annotated[
    int, typer.Option("--max-pages", min=1, help="Refuse PDFs with more pages than this.")
]
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Stop reading one input after this many seconds."),
]
MaxMemoryOption = Annotated[
    int, typer.Option("--max-memory", min=64, help="Memory one input may take to read, in MB.")
]
DebugOption = Annotated[
    bool, typer.Option("--debug", hidden=True, help="Show tracebacks of internal errors.")
]


@app.command(
    name=DEFAULT_COMMAND,
    epilog=(
        "Examples:\n\n"
        "  docreconcile beslut.txt beslut.pdf\n\n"
        "  docreconcile beslut.txt beslut.pdf --show all --html rapport.html\n\n"
        "  docreconcile beslut.txt beslut.pdf --format json > differences.json\n\n"
        "  docreconcile beslut.txt beslut.pdf --baseline .docreconcile-baseline.json\n\n"
        "Exit status: 0 no difference at the --fail-on level, 1 differences, 2 trouble."
    ),
)
def compare_command(
    a: PathA,
    b: PathB,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = OutputFormat.terminal,
    show: Annotated[
        ShowLevel,
        typer.Option(
            "--show",
            help="Which differences to list: substantive only, substantive and minor, or all "
            "(layout too). Counts always cover all.",
        ),
    ] = ShowLevel.minor,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report to this file."),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Exit 1 when differences of this severity (or worse) exist."
        ),
    ] = FailOn.substantive,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Accepted differences (made by `docreconcile accept`): report them apart, "
            "fail only on new ones.",
        ),
    ] = None,
    password: PasswordOption = "",
    max_pages: MaxPagesOption = Limits.max_pages,
    timeout: TimeoutOption = Limits.timeout,
    max_memory: MaxMemoryOption = Limits.max_memory_mb,
    debug: DebugOption = False,
) -> None:
    """Compare two versions of a document: A and B, each a text file or a PDF."""
    options = Options(password, password, Limits(max_pages, timeout, max_memory))
    with _errors_as_exit_2(debug):
        report = compare(a, b, options)
        if baseline is not None:
            report = baseline_file.apply(report, baseline_file.load(baseline), baseline)
        if html is not None:
            write_atomically(html, html_report.render(report, show_layout=show is ShowLevel.all))
    if output_format is OutputFormat.json:
        sys.stdout.write(json_report.render(report, show.value))
    elif output_format is OutputFormat.markdown:
        sys.stdout.write(markdown_report.render(report, show.value))
    elif output_format is OutputFormat.github:
        sys.stdout.write(github_report.render(report, show.value))
    elif output_format is OutputFormat.junit:
        sys.stdout.write(junit_report.render(report, fail_on.value))
    else:
        terminal_report.render(report, _console(), show.value)
    raise typer.Exit(exit_status(report, fail_on.value))


def exit_status(report: Report, fail_on: str) -> ExitStatus:
    """1 when a difference not accepted by the baseline is at or above `fail_on`."""
    failing = junit_report.FAILING[fail_on]
    if any(difference.severity in failing for difference in report.new_differences()):
        return ExitStatus.DIFFERENT
    return ExitStatus.SAME


@app.command(
    name="accept",
    epilog=(
        "Examples:\n\n"
        "  docreconcile accept beslut.txt beslut.pdf\n\n"
        "  docreconcile accept beslut.txt beslut.pdf --baseline ci/beslut-baseline.json"
    ),
)
def accept_command(
    a: PathA,
    b: PathB,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Where to write the baseline [default: .docreconcile-baseline.json beside A].",
        ),
    ] = None,
    password: PasswordOption = "",
    max_pages: MaxPagesOption = Limits.max_pages,
    timeout: TimeoutOption = Limits.timeout,
    max_memory: MaxMemoryOption = Limits.max_memory_mb,
    debug: DebugOption = False,
) -> None:
    """Accept the current differences between A and B: write them to a baseline file.

    Later runs with --baseline report these apart and fail only on new differences.
    """
    target = baseline if baseline is not None else baseline_file.default_path(a)
    options = Options(password, password, Limits(max_pages, timeout, max_memory))
    with _errors_as_exit_2(debug):
        report = compare(a, b, options)
        previous = baseline_file.load(target) if target.exists() else []
        write_atomically(target, baseline_file.dumps(report))
    entries = baseline_file.entries_from(report)
    before = {entry.fingerprint for entry in previous}
    after = {entry.fingerprint for entry in entries}
    typer.echo(
        f"accepted {len(entries)} difference{'s' if len(entries) != 1 else ''} "
        f"({len(after - before)} new, {len(before - after)} no longer occurring dropped) "
        f"in {target}"
    )


@contextmanager
def _errors_as_exit_2(debug: bool) -> Iterator[None]:
    """Turn every error into one line on stderr and exit status 2."""
    try:
        yield
    except DocReconcileError as error:
        _fail(str(error))
    except Exception as error:  # a bug: say so on one line, keep the traceback for --debug
        if debug:
            traceback.print_exc()
        _fail(f"internal error ({type(error).__name__}: {error}); rerun with --debug and report it")


def _console() -> Console:
    """A console for stdout: colour only on a terminal and without NO_COLOR."""
    return Console(highlight=False, no_color="NO_COLOR" in os.environ, soft_wrap=False)


def _fail(message: str) -> Any:
    """Print a one-line error on stderr and exit with status 2."""
    typer.echo(f"docreconcile: error: {message}", err=True)
    raise typer.Exit(ExitStatus.TROUBLE)


def main() -> None:
    """Console-script entry point."""
    app()
