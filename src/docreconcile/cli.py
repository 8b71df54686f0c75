"""The command line: parse options, call the library, pick a reporter, set the exit code.

`docreconcile A B` runs the `compare` command: the group below inserts it when the first
argument is not a command name, so later subcommands can sit beside it.
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from docreconcile import __version__
from docreconcile.compare import Options, compare
from docreconcile.errors import DocReconcileError, ExitStatus
from docreconcile.extract import DEFAULT_MAX_PAGES
from docreconcile.report import json as json_report
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


class ShowLevel(StrEnum):
    substantive = "substantive"
    minor = "minor"
    all = "all"


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


@app.command(
    name=DEFAULT_COMMAND,
    epilog=(
        "Examples:\n\n"
        "  docreconcile beslut.txt beslut.pdf\n\n"
        "  docreconcile beslut.txt beslut.pdf --show all\n\n"
        "  docreconcile beslut.txt beslut.pdf --format json > differences.json\n\n"
        "Exit status: 0 no substantive difference, 1 substantive differences, 2 trouble."
    ),
)
def compare_command(
    a: Annotated[Path, typer.Argument(help="First version (text or PDF).", show_default=False)],
    b: Annotated[Path, typer.Argument(help="Second version (text or PDF).", show_default=False)],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.terminal,
    show: Annotated[
        ShowLevel,
        typer.Option(
            "--show",
            help="Which differences to list: substantive only, substantive and minor, or all "
            "(layout too). Counts always cover all.",
        ),
    ] = ShowLevel.minor,
    password: Annotated[
        str, typer.Option("--password", help="Password of an encrypted PDF input.")
    ] = "",
    max_pages: Annotated[
        int, typer.Option("--max-pages", min=1, help="Refuse PDFs with more pages than this.")
    ] = DEFAULT_MAX_PAGES,
    debug: Annotated[
        bool, typer.Option("--debug", hidden=True, help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Compare two versions of a document: A and B, each a text file or a PDF."""
    options = Options(password_a=password, password_b=password, max_pages=max_pages)
    try:
        report = compare(a, b, options)
    except DocReconcileError as error:
        _fail(str(error))
    except Exception as error:  # a bug: say so on one line, keep the traceback for --debug
        if debug:
            traceback.print_exc()
        _fail(f"internal error ({type(error).__name__}: {error}); rerun with --debug and report it")
    if output_format is OutputFormat.json:
        sys.stdout.write(json_report.render(report, show.value))
    else:
        terminal_report.render(report, _console(), show.value)
    raise typer.Exit(ExitStatus.DIFFERENT if report.has_substantive else ExitStatus.SAME)


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
