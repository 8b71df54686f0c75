"""The command group: the `docreconcile` app, its help in the language in use, the
output formats and the options every command shares before its name (`main_options`)."""

from __future__ import annotations

import functools
import os
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from docreconcile import i18n
from docreconcile.i18n import _
from docreconcile.version import __version__

# Only what `--help` and a bad option need is imported at the top of the command line's
# modules: the pipeline, the reporters and rich's widgets load inside the commands that
# use them, so `--help` stays quick.
MAX_MEMORY_MB = 1 << 30
"""The largest --max-memory, in MB (a petabyte): more does not fit the limit the system
takes in bytes (8796093022208 gave an OverflowError traceback)."""

DEFAULT_COMMAND = "compare"
DEFAULT_JOBS = os.cpu_count() or 1


class DefaultCommandGroup(TyperGroup):
    """A command group that runs `compare` when no command name is given."""

    # `ctx` is click's Context, which typer vendors in recent versions and imports in older
    # ones; Any keeps this override valid for both.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--lang` may stand anywhere, before the command name too: every command's help
        # and messages (and the group's) are in the language it names.
        lang, args = i18n.lang_from_arguments(args)
        i18n.use(_language(lang))
        if lang is not None and _language(lang) != i18n.language_code_or_none(lang):
            raise typer.BadParameter(
                _("{value!r} is not a language here: use {codes}").format(
                    value=lang, codes=_or_list(list(i18n.LANGUAGES))
                ),
                param_hint="'--lang'",
            ) from None
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command whose on/off flags show no `<bool>` in its help: a flag takes no value."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _flags_without_metavar(command, ctx)
            _translate_help(command, ctx)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _flags_without_metavar(self, ctx)
        _translate_help(self, ctx)
        for command in self.commands.values():
            _translate_help(command, ctx)
            if command.help:
                # The summary whole, wrapped, not cut at the terminal's width with `...`.
                command.short_help = " ".join(command.help.split("\n\n")[0].split())
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)


def _language(lang: str | None) -> str:
    """The language `--lang` names, or the locale's when it names none (or one we lack)."""
    return (lang is not None and i18n.language_code_or_none(lang)) or i18n.from_locale()


def _write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """The usage line, its `Usage:` in the language in use."""
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


def _translate_help(command: Any, ctx: Any) -> None:
    """Every help text of a command (its own, its options', the help option's) in the
    language in use. The English text is kept beside it: it is the catalogue's key, and
    a later run in-process (tests, a library) may ask in another language."""
    for holder in [command, *command.params, command.get_help_option(ctx)]:
        for field in ("help", "epilog"):
            if holder is None or not getattr(holder, field, None):
                continue
            english = getattr(holder, f"english_{field}", None) or getattr(holder, field)
            setattr(holder, f"english_{field}", english)
            setattr(holder, field, _(english))
    if not getattr(command, "translated_usage", False):
        command.format_usage = functools.partial(_write_usage, command)
        command.translated_usage = True


def _error_line(message: str) -> str:
    """`docreconcile: error: message`, the word `error` in the language in use."""
    return "docreconcile: " + _("error: {message}").format(message=message)


def _warning(message: str) -> str:
    return "docreconcile: " + _("warning: {message}").format(message=message)


def _or_list(words: list[str]) -> str:
    """`en`, `sv` as `en or sv` in the language in use."""
    return _(" or ").join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _flags_without_metavar(command: Any, ctx: Any) -> None:
    """Blank the metavar of every flag of a command, its help option included, and write
    arguments in the usage line as Unix tools do (`A B [PATHS]...`, not typer's `{A} {B}`),
    the same whichever typer version is installed."""
    for parameter in [*command.params, command.get_help_option(ctx)]:
        if getattr(parameter, "is_flag", False):
            parameter.metavar = ""
        elif getattr(parameter, "param_type_name", "") == "argument":
            piece = parameter.metavar or parameter.name.upper()
            if not parameter.required:
                piece = f"[{piece}]"
            if parameter.nargs != 1:
                piece = f"{piece}..."
            # an instance attribute: every typer version builds the usage line from it
            parameter.get_usage_pieces = lambda _ctx, piece=piece: [piece]


app = typer.Typer(
    cls=DefaultCommandGroup,
    # Plain help, as click writes it. typer's rich help loads rich.markdown and
    # rich.traceback for it (a good share of `--help`'s time), and reads square brackets
    # in a help text as markup: it showed `pip install 'docreconcile[cluster]'` without
    # the extra's name.
    rich_markup_mode=None,
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
    sarif = "sarif"


class ShowLevel(StrEnum):
    substantive = "substantive"
    minor = "minor"
    all = "all"


class BatchFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    junit = "junit"
    github = "github"
    markdown = "markdown"
    html = "html"


class FailOn(StrEnum):
    substantive = "substantive"
    minor = "minor"
    never = "never"


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"docreconcile {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            metavar="CODE",
            help="Language of messages, reports and help: en or sv (default: the locale's, "
            "as LANG=sv_SE.UTF-8 gives Swedish). Given anywhere on the command line.",
            show_default=False,
        ),
    ] = "",
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Compare a plain-text and a PDF version of the same document."""
