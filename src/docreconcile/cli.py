"""The command line: parse options, call the library, pick a reporter, set the exit code.

`docreconcile A B` runs the `compare` command: the group below inserts it when the first
argument is not a command name, so later subcommands can sit beside it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import math
import os
import re
import shlex
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from docreconcile import i18n
from docreconcile.errors import DocReconcileError, ExitStatus, InputError
from docreconcile.i18n import N_, _, ngettext
from docreconcile.limits import MEMORY_LIMITED, STOP_SIGNALS, Limits
from docreconcile.output import printable, write_atomically
from docreconcile.version import __version__

# Only what `--help` and a bad option need is imported above: the pipeline, the reporters
# and rich's widgets load inside the commands that use them (`--help` 0.27 -> 0.16 s).
if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from rich.progress import Progress, TaskID
    from rich.table import Table

    from docreconcile import batch as batch_runner
    from docreconcile import review
    from docreconcile.model import Decision, Report
    from docreconcile.page_images import PageViews, PdfSide
    from docreconcile.pipeline import Options

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
    # rich.traceback for it (40 ms of a 0.15 s `--help`), and reads square brackets in a
    # help text as markup: it showed `pip install 'docreconcile[cluster]'` without the
    # extra's name.
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


# Options shared by the commands that read two documents.
# `readable=False` on every path read: whether a file can be read is ours to say, in our
# words and with what to do ("permission denied: check that you can read it"), not click's
PathA = Annotated[
    Path,
    typer.Argument(
        help="First version (text, PDF, Word, OpenDocument, HTML or Markdown; - for "
        "standard input).",
        show_default=False,
        metavar="A",
        readable=False,
    ),
]
PathB = Annotated[
    Path,
    typer.Argument(
        help="Second version (as A; - for standard input).",
        show_default=False,
        metavar="B",
        readable=False,
    ),
]
PasswordOption = Annotated[
    str,
    typer.Option(
        "--password",
        envvar="DOCRECONCILE_PASSWORD",
        show_envvar=True,
        help="Password of an encrypted PDF input (on the command line every user sees it "
        "in `ps`: prefer DOCRECONCILE_PASSWORD or --password-file).",
    ),
]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password of an encrypted PDF from this file's first line.",
        readable=False,
    ),
]
MaxPagesOption = Annotated[
    int, typer.Option("--max-pages", min=1, help="Refuse PDFs with more pages than this.")
]


def _seconds(value: float) -> float:
    """A time limit is a number of seconds or `inf` (no limit); `nan` passes a minimum check
    (every comparison with it is false) but means nothing, so it is refused."""
    if math.isnan(value):
        raise typer.BadParameter(
            _("{value} is not a number of seconds; give one such as 60.").format(value=value)
        )
    return value


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        callback=_seconds,
        help="Stop reading one input after this many seconds.",
    ),
]
MaxSizeOption = Annotated[
    int,
    typer.Option("--max-size", min=1, help="Refuse input files larger than this, in MB."),
]
MaxMemoryOption = Annotated[
    int,
    typer.Option(
        "--max-memory",
        min=64,
        max=MAX_MEMORY_MB,
        help="Memory reading one input may add, in MB.",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes that read a PDF's pages in parallel (default: one per core).",
        show_default=False,
    ),
]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Where extracted PDFs are cached (default: ~/.cache/docreconcile).",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the extraction cache.")
]


class Engine(StrEnum):
    pdfminer = "pdfminer"
    pdfium = "pdfium"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        case_sensitive=False,
        help="What reads a PDF's text layer: pdfminer (the default, the reference) or "
        "pdfium (PDFium's glyphs into the same lines and paragraphs: faster to read, and "
        "differs from the default at the edges; see the README).",
    ),
]


class Ocr(StrEnum):
    never = "never"
    auto = "auto"
    always = "always"


OcrOption = Annotated[
    Ocr,
    typer.Option(
        "--ocr",
        case_sensitive=False,
        help="Read a PDF's scanned pages by OCR (Tesseract, Swedish and English): never (the "
        "default: pages without text are left out, with a warning), auto (the pages "
        "without text), always (every page, its text layer ignored). About 3 s a page "
        "and core; a letter OCR commonly misreads, in a word it is unsure of, is a minor "
        "`ocr` difference. Example: docreconcile beslut.txt skannad.pdf --ocr auto",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--no-progress", help="No progress bar (it is shown only on a terminal)."),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", hidden=True, help="Show tracebacks of internal errors.")
]
VerboseOption = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Also show the PDF library's own warnings (damaged fonts, broken objects).",
    ),
]


_SHARED_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("password", PasswordOption, ""),
    ("password_file", PasswordFileOption, None),
    ("max_pages", MaxPagesOption, Limits.max_pages),
    ("timeout", TimeoutOption, Limits.timeout),
    ("max_memory", MaxMemoryOption, Limits.max_memory_mb),
    ("max_size", MaxSizeOption, Limits.max_size_mb),
    ("jobs", JobsOption, DEFAULT_JOBS),
    ("cache_dir", CacheDirOption, None),
    ("no_cache", NoCacheOption, False),
    ("engine", EngineOption, Engine.pdfminer),
    ("ocr", OcrOption, Ocr.never),
    ("quiet", QuietOption, False),
    ("debug", DebugOption, False),
    ("verbose", VerboseOption, False),
)
"""The options of every command that reads documents: name, declaration, default."""


@dataclass(frozen=True)
class Reading:
    """How a command reads its documents: the shared options, given to the command as one
    value by `reads_documents`."""

    password: str
    limits: Limits
    jobs: int
    cache_dir: Path | None
    no_cache: bool
    quiet: bool
    debug: bool
    engine: str = "pdfminer"
    ocr: str = "never"

    def options(self, jobs: int | None = None, quiet: bool | None = None) -> Options:
        """The library's options (`jobs` and `quiet` may be overridden: batch reads each
        pair in one process, without a page bar)."""
        return _options(
            self.password,
            self.limits,
            self.jobs if jobs is None else jobs,
            self.cache_dir,
            self.no_cache,
            self.quiet if quiet is None else quiet,
            self.engine,
            self.ocr,
        )


def reads_documents(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the options shared by every command that reads documents, declared
    once (`_SHARED_OPTIONS`): the command takes them as one `reading: Reading` parameter,
    and its help lists them after its own.

    typer reads a command's parameters from its signature, so the wrapper's signature is
    the command's own parameters (annotations resolved) followed by the shared ones."""
    signature = inspect.signature(command, eval_str=True)
    own = [parameter for name, parameter in signature.parameters.items() if name != "reading"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, kind, default in _SHARED_OPTIONS
    ]

    @functools.wraps(command)
    def with_reading(*args: Any, **kwargs: Any) -> None:
        given = {name: kwargs.pop(name) for name, _, _ in _SHARED_OPTIONS}
        _library_warnings(given["verbose"])
        password = given["password"]
        if given["password_file"] is not None:
            with _errors_as_exit_2(given["debug"]):
                password = _password_from(given["password_file"])
        reading = Reading(
            password=password,
            limits=Limits(
                given["max_pages"], given["timeout"], given["max_memory"], given["max_size"]
            ),
            jobs=given["jobs"],
            cache_dir=given["cache_dir"],
            no_cache=given["no_cache"],
            quiet=given["quiet"],
            debug=given["debug"],
            engine=given["engine"].value,
            ocr=given["ocr"].value,
        )
        from docreconcile.limits import memory_capped

        with memory_capped(reading.limits.max_memory_mb):
            command(*args, reading=reading, **kwargs)

    parameters = [*own, *shared]
    with_reading.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_reading.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return with_reading


def _library_warnings(verbose: bool) -> None:
    """pdfminer logs what it repairs (`Could not get FontBBox …`); Python would print that
    on stderr, making a one-line error several lines. Shown only with --verbose."""
    import logging  # here, not at the top: `--help` needs none of it (3 ms)

    for name, prefix, level in (
        ("pdfminer", "docreconcile: pdfminer: ", logging.WARNING),
        ("docreconcile", "docreconcile: ", logging.INFO),  # what the cache left unused
    ):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = False
        if verbose:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(prefix + "%(message)s"))
            logger.addHandler(handler)
            logger.setLevel(level)
        else:
            logger.addHandler(logging.NullHandler())
            logger.setLevel(logging.CRITICAL + 1)


@app.command(
    name=DEFAULT_COMMAND,
    epilog=(
        "Examples:\n\n"
        "  docreconcile beslut.txt beslut.pdf\n\n"
        "  docreconcile beslut.txt beslut.pdf --show all --html rapport.html\n\n"
        "  docreconcile beslut.txt beslut.pdf --format json > differences.json\n\n"
        "  docreconcile beslut.txt beslut.pdf --baseline .docreconcile-baseline.json\n\n"
        "  docreconcile beslut.txt beslut.pdf --annotate beslut-granskad.pdf\n\n"
        "Exit status: 0 no difference at the --fail-on level, 1 differences, 2 trouble."
    ),
)
@reads_documents
def compare_command(
    a: PathA,
    b: PathB,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="Output format (on stdout, or --output)."
        ),
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file (whole or not at all) instead of stdout.",
        ),
    ] = None,
    show: Annotated[
        ShowLevel,
        typer.Option(
            "--show",
            case_sensitive=False,
            help="Which differences to list: substantive only, substantive and minor, or all "
            "(layout too). Counts always cover all.",
        ),
    ] = ShowLevel.minor,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief", "-q", help="One line only: whether and how the files differ (as diff -q)."
        ),
    ] = False,
    summary_only: Annotated[
        bool, typer.Option("--summary", "-s", help="The counts only: the summary table.")
    ] = False,
    color: Annotated[
        ColorChoice,
        typer.Option(
            "--color",
            case_sensitive=False,
            help="Colour the terminal report: auto (on a terminal, unless NO_COLOR is set; "
            "FORCE_COLOR forces it), always or never.",
        ),
    ] = ColorChoice.auto,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report to this file."),
    ] = None,
    no_page_images: Annotated[
        bool,
        typer.Option(
            "--no-page-images",
            help="Leave the page images out of the HTML report: by default each difference "
            "on a PDF side shows its part of the rendered page, its words marked.",
        ),
    ] = False,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Also write a copy of the PDF side with a highlight over each difference to "
            "decide and a note on it (its number, category, the other version's words); "
            "with two PDFs, of B. Nothing else in the PDF changes (an incremental update).",
        ),
    ] = None,
    annotate_a: Annotated[
        Path | None,
        typer.Option("--annotate-a", help="As --annotate, of A (a PDF)."),
    ] = None,
    annotate_b: Annotated[
        Path | None,
        typer.Option("--annotate-b", help="As --annotate, of B (a PDF)."),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            help="Exit 1 when differences of this severity (or worse) exist.",
        ),
    ] = FailOn.substantive,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            "--decisions",
            help="The decisions file (`accept`, `review` or the HTML page wrote it; default: "
            ".docreconcile-baseline.json beside A, when it holds this pair): decided "
            "differences are reported apart and fail no more; the HTML page shows them.",
            readable=False,
        ),
    ] = None,
    *,
    reading: Reading,
) -> None:
    """Compare two versions of a document: A and B, each a text file, PDF, Word (.docx),
    OpenDocument (.odt), HTML or Markdown file, or - for standard input."""
    options, debug = reading.options(), reading.debug
    with _errors_as_exit_2(debug):
        _check_outputs([html, output, annotate, annotate_a, annotate_b], [a, b])
        annotations = _annotations(a, b, annotate, annotate_a, annotate_b)
    with _errors_as_exit_2(debug), _progress_shown(options):
        report = _compare_inputs(a, b, options)
    _cache_warning(options)
    with _errors_as_exit_2(debug):
        if baseline is None:
            baseline = _decisions_beside(a, b)
        from docreconcile import baseline as baseline_file

        accepted = []
        if baseline is not None:
            accepted = baseline_file.load(baseline, baseline_file.pair_key(a, b))
            report = baseline_file.apply(report, accepted, baseline)
        if html is not None:
            from docreconcile.report import html as html_report

            pages = None if no_page_images else _page_views(report, a, b, options)
            page = html_report.render(
                report,
                show_layout=show is ShowLevel.all,
                decisions=accepted,
                reviewer=baseline_file.user_name(),
                pages=pages,
            )
            write_atomically(html, page)
        for pdf_side, target in annotations:
            from docreconcile import annotate as annotation

            pdf = _pdf_side(pdf_side, a if pdf_side == "a" else b, options)
            found = annotation.marks(report, pdf.document, pdf_side, pdf.path, pdf.password)
            write_atomically(target, annotation.annotated_pdf(pdf.path, found))
        if brief:
            text = brief_line(report, fail_on.value) + "\n"
        elif output_format is OutputFormat.terminal:
            text = _terminal_text(report, show.value, color, output, summary_only)
        else:
            text = _rendered(report, output_format, show.value, fail_on.value)
        if output is not None:
            write_atomically(output, text)
        elif text:
            write_stdout(text)
    raise typer.Exit(exit_status(report, fail_on.value))


def _annotations(
    a: Path, b: Path, annotate: Path | None, annotate_a: Path | None, annotate_b: Path | None
) -> list[tuple[str, Path]]:
    """The annotated copies to write: (side, file). `--annotate` marks up the PDF side
    (B when both are), `--annotate-a`/`-b` that side, which must be a PDF; each output
    must be named .pdf."""
    wanted: list[tuple[str, Path]] = []
    for side, path, target in (("a", a, annotate_a), ("b", b, annotate_b)):
        if target is not None:
            if not _is_pdf(path):
                raise InputError(
                    _("{path}: is no PDF file, so --annotate-{side} cannot mark it up").format(
                        path=path, side=side
                    )
                )
            wanted.append((side, target))
    if annotate is not None:
        pdf_side = next((side for side, path in (("b", b), ("a", a)) if _is_pdf(path)), None)
        if pdf_side is None:
            raise InputError(
                _(
                    "--annotate marks up the PDF version, and neither {a} nor {b} is a PDF "
                    "file: leave out --annotate, or give a PDF"
                ).format(a=a, b=b)
            )
        wanted.append((pdf_side, annotate))
    for _side, target in wanted:
        if target.suffix.lower() != ".pdf":
            raise InputError(
                _("{path}: an annotated copy is a PDF: name it .pdf").format(path=target)
            )
    return wanted


def _pdf_side(side: str, path: Path, options: Options) -> PdfSide:
    """A PDF side read again for marking it up (from the extraction cache, where kept)."""
    from docreconcile.extract import extract
    from docreconcile.page_images import PdfSide

    password = options.password_a if side == "a" else options.password_b
    document = extract(
        path,
        password,
        options.limits,
        cache=options.cache,
        engine=options.engine,
        ocr=options.ocr,
    )
    return PdfSide(side, path, document, password)


def _page_views(report: Report, a: Path, b: Path, options: Options) -> PageViews | None:
    """The page images of the report's PDF sides, None without a PDF side; a warning
    where pages with differences were left out."""
    from docreconcile.pipeline import page_views_of

    views = page_views_of(report, a, b, options)
    if views is not None and views.left_out:
        message = ngettext(
            "the HTML report shows no image of {count} more page with differences",
            "the HTML report shows no images of {count} more pages with differences",
            views.left_out,
        ).format(count=views.left_out)
        typer.echo(_warning(message), err=True)
    return views


def _is_pdf(path: Path) -> bool:
    """Whether an input is a PDF file, as the readers decide (standard input is not
    marked up)."""
    from docreconcile.extract import has_pdf_header

    if str(path) == "-" or not path.is_file():
        return False
    with path.open("rb") as stream:
        return has_pdf_header(stream.read(1024))


def compare(a: Path, b: Path, options: Options) -> Report:
    """The library's `compare`, imported when a command first compares: `--help` and
    bad options answer without loading pdfminer, rapidfuzz and the pipeline."""
    from docreconcile.pipeline import compare as compare_paths

    return compare_paths(a, b, options)


def _cache_warning(options: Options) -> None:
    """Say on stderr (once) that the cache folder was not used, and why."""
    if options.cache is not None and options.cache.problem:
        typer.echo(_warning(printable(options.cache.problem)), err=True)


def write_stdout(text: str) -> None:
    """Write the report on standard output; a full disk or a closed device is trouble
    with one line (exit 2), not a traceback."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): main() ends quietly
    except OSError as error:
        raise InputError(
            _("standard output: the report cannot be written ({reason})").format(
                reason=error.strerror or error
            )
        ) from None


def _compare_inputs(a: Path, b: Path, options: Options) -> Report:
    """Compare two paths, either of them `-` for standard input (read whole, as diff does)."""
    from docreconcile.pipeline import compare_limited, read_bytes, read_document, remembered

    if str(a) == "-" and str(b) == "-":
        raise InputError(_("-: only one of A and B can be standard input"))

    def compute() -> Report:
        documents = []
        for path in (a, b):
            if str(path) == "-":
                documents.append(read_bytes("-", sys.stdin.buffer.read(), options))
            else:
                documents.append(read_document(path, options))
        return compare_limited(documents[0], documents[1], options.limits, consume=True)

    if "-" in (str(a), str(b)):
        return compute()  # standard input: nothing to key a kept report by
    return remembered(a, b, options, compute)


def _rendered(report: Report, output_format: OutputFormat, show: str, fail_on: str) -> str:
    """The report in a machine format, from the reporters' registry (`report.render`)."""
    from docreconcile.report import Settings as ReportSettings
    from docreconcile.report import render as render_report

    return render_report(report, output_format.value, ReportSettings(show, fail_on))


def _terminal_text(
    report: Report, show: str, color: ColorChoice, output: Path | None, summary_only: bool
) -> str:
    """The terminal report: straight to a terminal (at its width, coloured as --color
    says), else rendered whole as text for a pipe or a file, never hard-wrapped there
    (so that a write error is one line, not half a report)."""
    from docreconcile.report import terminal as terminal_report

    console = _console(color, None)
    buffer: io.StringIO | None = None
    if output is not None or not console.is_terminal:
        buffer = io.StringIO()
        console = _console(color, buffer)
    render = terminal_report.render_summary if summary_only else terminal_report.render
    render(report, console, show)
    return buffer.getvalue() if buffer is not None else ""


def _decisions_beside(a: Path, b: Path) -> Path | None:
    """The decisions file `review` (or `accept`) wrote beside A, where it holds this pair,
    said on stderr: what was decided no longer fails a plain comparison. A file that
    cannot be read is said and left alone (name it with --baseline to be told why)."""
    from docreconcile import baseline as baseline_file

    if str(a) == "-":
        return None
    path = baseline_file.default_path(a)
    if not path.is_file():
        return None
    try:
        if not baseline_file.load(path, baseline_file.pair_key(a, b)):
            return None
    except InputError:
        typer.echo(
            _warning(_("{path}: not read (give it with --baseline)").format(path=path)), err=True
        )
        return None
    typer.echo(
        "docreconcile: "
        + _("the decisions in {path} are applied (--baseline FILE to use another)").format(
            path=printable(str(path))
        ),
        err=True,
    )
    return path


def brief_line(report: Report, fail_on: str) -> str:
    """One line, as `diff -q` says it: whether and how the two inputs differ.

    >>> from docreconcile.model import Report, SourceFormat, SourceInfo
    >>> a = SourceInfo("a.txt", SourceFormat.TEXT, 1, 3)
    >>> b = SourceInfo("b.pdf", SourceFormat.PDF, 1, 3)
    >>> brief_line(Report(a, b, ()), "substantive")
    'a.txt and b.pdf: same in substance (0 minor, 0 layout differences)'
    """
    from docreconcile.model import Severity

    substantive = report.new_count(Severity.SUBSTANTIVE)
    minor = report.new_count(Severity.MINOR)
    layout = report.count(Severity.LAYOUT)
    names = {"a": printable(report.a.path), "b": printable(report.b.path)}
    # what the inputs are, whatever `--fail-on` makes of it (`never` exits 0 on anything)
    if substantive or exit_status(report, fail_on) is ExitStatus.DIFFERENT:
        return _("{a} and {b} differ: {substantive} substantive, {minor} minor differences").format(
            **names, substantive=substantive, minor=minor
        )
    return _("{a} and {b}: same in substance ({minor} minor, {layout} layout differences)").format(
        **names, minor=minor, layout=layout
    )


def exit_status(report: Report, fail_on: str) -> ExitStatus:
    """1 when a difference not accepted by the baseline is at or above `fail_on`."""
    return ExitStatus.DIFFERENT if report.fails(fail_on) else ExitStatus.SAME


Reviewer = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Who decides, recorded with each decision and its time for the audit trail "
        "(default: your login name).",
    ),
]


@app.command(
    name="accept",
    epilog=(
        "Examples:\n\n"
        "  docreconcile accept beslut.txt beslut.pdf\n\n"
        "  docreconcile accept beslut.txt beslut.pdf --baseline ci/beslut-baseline.json"
    ),
)
@reads_documents
def accept_command(
    a: PathA,
    b: PathB,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Where to write the baseline (default: .docreconcile-baseline.json beside A).",
            readable=False,
        ),
    ] = None,
    reviewer: Reviewer = None,
    *,
    reading: Reading,
) -> None:
    """Accept the current differences between A and B: write them to a baseline file.

    Later runs with --baseline report these apart and fail only on new differences.
    """
    from docreconcile import baseline as baseline_file

    target = baseline if baseline is not None else baseline_file.default_path(a)
    options, debug = reading.options(), reading.debug
    with _errors_as_exit_2(debug), _progress_shown(options):
        report = compare(a, b, options)
    with _errors_as_exit_2(debug), baseline_file.locked(target):
        key = baseline_file.pair_key(a, b)
        pairs = baseline_file.load_pairs(target) if target.exists() else {}
        previous = pairs.get(key, []) if len(pairs) > 1 or key in pairs else []
        # another pair's one-pair file becomes a shared file holding both: never dropped
        audit = baseline_file.Audit.now(reviewer or baseline_file.user_name())
        write_atomically(target, baseline_file.dumps(report, others=pairs, audit=audit))
    entries = baseline_file.entries_from(report)
    before = {entry.fingerprint for entry in previous}
    after = {entry.fingerprint for entry in entries}
    typer.echo(
        ngettext(
            "accepted {count} difference ({new} new, {dropped} no longer occurring dropped) "
            "in {target}",
            "accepted {count} differences ({new} new, {dropped} no longer occurring dropped) "
            "in {target}",
            len(entries),
        ).format(
            count=len(entries),
            new=len(after - before),
            dropped=len(before - after),
            target=target,
        )
    )


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
        typer.echo(
            "docreconcile: "
            + _("interrupted; the decisions made are kept in {path}").format(
                path=printable(str(target))
            ),
            err=True,
        )
        raise typer.Exit(130) from None
    left = session.undecided()
    command = printable(
        f"docreconcile reconcile {shlex.quote(str(a))} {shlex.quote(str(b))}"
        + ("" if decisions is None else f" --decisions {shlex.quote(str(target))}")
    )
    console.print(  # paths as they are, never as markup (`[/]` in a name)
        _("{decided} of {total} differences decided").format(
            decided=len(session.decided), total=len(session.differences)
        )
        + (_(", {left} left: run review again to go on").format(left=left) if left else "")
        + _("; decisions in {path}; the agreed text: {command}").format(
            path=printable(str(target)), command=command
        ),
        markup=False,
        highlight=False,
    )
    raise typer.Exit(ExitStatus.DIFFERENT if left else ExitStatus.SAME)


_REVIEW_KEYS = N_(
    "a: A  b: B  e: edit  y: both fine  c: comment  s: skip  p: back  /: search  g: go to  q: quit"
)


def _review_loop(
    session: review.Session, console: Console, target: Path, key: str, reviewer: str
) -> None:
    """Show each difference and act on the key pressed (no Enter needed; Enter takes
    the hint), until the end or `q`."""
    from rich.prompt import Prompt

    from docreconcile import baseline as baseline_file
    from docreconcile import review
    from docreconcile.keypress import ENTER, read_key
    from docreconcile.report import terminal as terminal_report

    while (difference := session.current()) is not None:
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
            console.print(  # a shared decisions file's words: shown, never obeyed
                printable(
                    _("decided: {verdict} {text}").format(
                        verdict=earlier.verdict, text=earlier.text
                    )
                    + (f" ({earlier.reviewer}, {earlier.decided_at})" if earlier.reviewer else "")
                    + (f" — {earlier.comment}" if earlier.comment else "")
                ),
                style="dim",
                markup=False,
                highlight=False,
            )
        default = difference.hint or "s"
        console.print(_(_REVIEW_KEYS) + f" (Enter: {default}): ", end="")
        choice = ""
        while choice not in (*review.KEYS, *review.MOVES):
            pressed = read_key()
            choice = default if pressed == ENTER else pressed.lower()
        console.print(choice)
        if choice == "q":
            return
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
        elif choice == "c":
            comment = Prompt.ask(_("comment (why; kept with the decision)"), console=console)
            session.note(difference, comment.strip())
            if earlier is not None:  # a decision made already gets the comment now
                decision = replace(earlier, comment=comment.strip())
                baseline_file.record(target, key, decision)
                session.decided[decision.fingerprint] = decision
        elif choice == "g":
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
        else:
            verdict = review.KEYS[choice]
            own = ""
            if verdict == "text":
                own = Prompt.ask(_("your wording"), console=console, default=difference.b)
            audit = baseline_file.Audit.now(reviewer, session.comment(difference))
            decision = baseline_file.decision_for(difference, verdict, own, audit)
            baseline_file.record(target, key, decision)
            session.record(decision)


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
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="The decisions file (review, the HTML report or accept write it; default: "
            ".docreconcile-baseline.json beside A).",
            readable=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the agreed text to this file, not stdout; a .docx file is a Word "
            "file in which each decision that changed the text is a tracked change, by its "
            "reviewer at the time of the decision.",
        ),
    ] = None,
    redline: Annotated[
        Path | None,
        typer.Option(
            "--redline",
            help="Also write A's text as a Word file (.docx) with every difference to B as "
            "a tracked change: accepting all gives B's words, rejecting all A's.",
        ),
    ] = None,
    prefer: Annotated[
        Prefer | None,
        typer.Option(
            "--prefer",
            case_sensitive=False,
            help="Settle every undecided difference: a, b, or hint (the side a Swedish "
            "dictionary favours, where it has a view).",
        ),
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option(
            "--log",
            help="Also write a Markdown record of the decisions (who decided what, when and "
            "why; what --prefer settled; what is left) for the case file.",
        ),
    ] = None,
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
        if redline is not None and redline.suffix.lower() != ".docx":
            raise InputError(
                _(
                    "{path}: a redline is a Word file: name it .docx "
                    "(the agreed text as plain text is -o FILE.txt)"
                ).format(path=redline)
            )
    with _errors_as_exit_2(debug):
        if decisions is not None and not decisions.exists():
            raise InputError(
                _(
                    "{path}: no such decisions file: decide the differences with "
                    "`docreconcile review A B` (or the HTML report), or leave out --decisions"
                ).format(path=decisions)
            )
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
        if output is not None and output.suffix.lower() == ".docx":
            write_atomically(output, word.docx(agreed.tracked))
        elif output is not None:
            write_atomically(output, agreed.text)
        else:
            write_stdout(agreed.text)
        if redline is not None:
            changes = reconcile.redline(report, f"B: {Path(report.b.path).name}", now)
            write_atomically(redline, word.docx(changes))
        if log is not None:
            write_atomically(log, record)
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
    raise typer.Exit(ExitStatus.DIFFERENT if agreed.conflicts else ExitStatus.SAME)


def _options(
    password: str,
    limits: Limits,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
    engine: str = "pdfminer",
    ocr: str = "never",
) -> Options:
    """Library options from the command line's: cache, parallelism, progress."""
    from docreconcile.extract.cache import Cache, default_directory
    from docreconcile.pipeline import Options

    if not MEMORY_LIMITED:
        typer.echo(
            _warning(
                _(
                    "--max-memory is not enforced on this system (no resource limits); the "
                    "time limit still is"
                )
            ),
            err=True,
        )
    cache = None if no_cache else Cache(cache_dir or default_directory())
    progress = PageBar() if not quiet and sys.stderr.isatty() else None
    jobs = capped_jobs(jobs)
    return Options(
        password,
        password,
        limits,
        jobs=jobs,
        cache=cache,
        progress=progress,
        engine=engine,
        ocr=ocr,
    )


def capped_jobs(jobs: int) -> int:
    """`--jobs` at most the number of cores, saying so on stderr when it asked for more:
    more processes than cores only cost memory (`--jobs 1000` forked 1,048 processes).
    A PDF is further read by at most one process per few pages."""
    cores = os.cpu_count() or 1
    if jobs > cores:
        typer.echo(
            "docreconcile: "
            + _("note: --jobs {jobs} is more than the {cores} cores here; using {cores}").format(
                jobs=jobs, cores=cores
            ),
            err=True,
        )
        return cores
    return jobs


def _progress(
    label: str, unit: str, console: Console | None = None, rate: bool = False
) -> Progress:
    """A progress bar on stderr that clears itself when done: label, bar, n/total unit,
    time; with `rate`, how many a second and the time left (a batch's pairs)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(_("{rate:.1f} a second").format(rate=speed) if speed else "")

    extra: list[ProgressColumn] = [Rate(), TimeRemainingColumn()] if rate else []
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        *extra,
        console=console or Console(stderr=True),
        transient=True,
    )


class PageBar:
    """A rich progress bar on stderr: pages of each PDF read."""

    def __init__(self, console: Console | None = None) -> None:
        self.bar = _progress(
            _("reading {name}").format(name="{task.description}"), _("pages"), console
        )
        self.task: TaskID | None = None

    def start(self, name: str, pages: int) -> None:
        self.bar.start()
        from rich.markup import escape

        # a file name is shown as it is: not as markup (`[link=…]`), not its control
        # characters (an ESC in a name would reach the terminal)
        self.task = self.bar.add_task(escape(printable(Path(name).name)), total=pages)

    def advance(self) -> None:
        if self.task is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


@contextmanager
def _progress_shown(options: Options) -> Iterator[None]:
    """Stop the progress bar (if any) however the work ends."""
    try:
        yield
    finally:
        if isinstance(options.progress, PageBar):
            options.progress.stop()


@app.command(
    name="batch",
    epilog=(
        "Examples:\n\n"
        "  docreconcile batch arkiv/text arkiv/pdf\n\n"
        "  docreconcile batch arkiv arkiv --jsonl resultat.jsonl\n\n"
        "  docreconcile batch --manifest par.csv   (columns a,b[,name]; paths relative to it)\n\n"
        "  docreconcile batch arkiv/*.txt   (each with the PDF of its name beside it)\n\n"
        "Exit status: 0 all pairs pass, 1 a pair has differences at the --fail-on level, "
        "2 a pair could not be compared."
    ),
)
@reads_documents
def batch_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Two folders, first versions then second; or document files, each "
            "compared with the file of its name in another format beside it.",
            show_default=False,
            metavar="PATHS",
            readable=False,
        ),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="CSV of pairs: columns a, b, name.", readable=False),
    ] = None,
    jsonl: Annotated[
        Path | None, typer.Option("--jsonl", help="Write one JSON line per pair to this file.")
    ] = None,
    allow_unpaired: Annotated[
        bool,
        typer.Option(
            "--allow-unpaired", help="Files without a partner are listed, not trouble (exit 2)."
        ),
    ] = False,
    output_format: Annotated[
        BatchFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table (terminal), jsonl (a record a pair), junit (a test case a pair), "
            "github (annotations), markdown or html (an index of the pairs).",
        ),
    ] = BatchFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the batch report to this file, not stdout."),
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            help="Also write each pair's HTML report into this folder (PAIR.html); the "
            "markdown and html indexes link to them.",
        ),
    ] = None,
    no_page_images: Annotated[
        bool,
        typer.Option(
            "--no-page-images",
            help="Leave the page images out of the --reports pages (each difference on a "
            "PDF side shows its part of the rendered page by default).",
        ),
    ] = False,
    show: Annotated[
        ShowLevel,
        typer.Option("--show", case_sensitive=False, help="Which differences the records list."),
    ] = ShowLevel.minor,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="A baseline shared by the pairs (each under its file names): accepted "
            "differences are not counted as new.",
            readable=False,
        ),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline",
            help="Accept every pair's current differences into --baseline (created if need be).",
        ),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip pairs the --jsonl file already holds, compared without error, whose "
            "files have the same content (SHA-256) now.",
        ),
    ] = False,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            help="Exit 1 when a pair has differences this severe.",
        ),
    ] = FailOn.substantive,
    reference: Annotated[
        Reference,
        typer.Option(
            "--reference",
            case_sensitive=False,
            help="Where one stem has three or more versions (x.txt, x.docx, x.pdf), compare "
            "each with the one in this format (missing: the first that is not a PDF).",
        ),
    ] = Reference.text,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the pairs on a Dask distributed cluster at this address "
            "(tcp://host:8786) instead of local processes; its workers need docreconcile "
            "and the files at the same paths, or --ship (pip install 'docreconcile[cluster]').",
        ),
    ] = None,
    ship: Annotated[
        bool,
        typer.Option(
            "--ship",
            help="With --scheduler: send each pair's files from here with its task, for "
            "workers that share no disk with this machine.",
        ),
    ] = False,
    *,
    reading: Reading,
) -> None:
    """Compare many pairs: two folders paired by file stem (x.txt with x.pdf), files each
    with its sibling in another format, or a manifest. Three or more versions of one
    stem (x.txt, x.docx, x.pdf) are each compared with the --reference version.

    Examples:

      docreconcile batch texter/ pdf/ --jsonl resultat.jsonl

      docreconcile batch arende/ arende/ --reference docx

      docreconcile batch texter/ pdf/ --format junit -o junit.xml --reports rapporter/

      docreconcile batch texter/ pdf/ --jsonl r.jsonl --resume --baseline godkant.json

      docreconcile batch --manifest par.csv --scheduler tcp://kluster:8786 --ship
    """
    from rich.text import Text

    from docreconcile import baseline as baseline_file
    from docreconcile import batch as batch_runner

    debug = reading.debug
    with _errors_as_exit_2(debug):
        unpaired: list[Path] = []
        if manifest is not None:
            pairs = batch_runner.pairs_from_manifest(manifest)
            if paths:
                raise InputError(_("give folders or files, or --manifest FILE, not both"))
        elif paths and len(paths) == 2 and all(path.is_dir() for path in paths):
            pairs, unpaired = batch_runner.pairs_from_directories(
                paths[0], paths[1], reference.value
            )
        elif paths and not any(path.is_dir() for path in paths):
            pairs, unpaired = batch_runner.pairs_from_files(paths, reference.value)
        else:
            raise InputError(
                "batch needs two folders (A B), document files (memo.txt ...), or --manifest FILE"
            )
        pairs = batch_runner.distinct(pairs)
        if resume and jsonl is None:
            raise InputError(_("--resume reads the results of the last run from --jsonl FILE"))
        if update_baseline and baseline is None:
            raise InputError(_("--update-baseline writes to the --baseline FILE: name it"))
        if resume and update_baseline:
            raise InputError(_("--update-baseline compares every pair: drop --resume"))
        if resume and reports is not None:
            raise InputError(_("--resume keeps no per-pair reports: drop --reports or --resume"))
        if ship and scheduler is None:
            raise InputError(_("--ship sends the files to a cluster's workers: add --scheduler"))
        _check_outputs(
            [jsonl if not resume else None, output],
            [Path(side) for spec in pairs for side in (spec.a, spec.b) if isinstance(side, Path)],
        )
        baselines = None
        if baseline is not None and (baseline.exists() or not update_baseline):
            baselines = baseline_file.load_pairs(baseline)
        done = batch_runner.resumable(jsonl, pairs) if resume and jsonl is not None else {}
    # each pair is read in one process: the pairs, not a PDF's pages, run in parallel
    options = reading.options(jobs=1, quiet=True)
    links: dict[str, str] = {}
    spool = _RecordSpool(jsonl, output_format)
    with _errors_as_exit_2(debug):
        pair_reports = _pair_report_writer(reports, output) if reports is not None else None
    console = _console()
    to_compare = [spec for spec in pairs if spec.name not in done]
    workers = min(capped_jobs(reading.jobs), len(to_compare))
    try:
        with (
            _pairs_bar(len(to_compare), reading.quiet) as advance,
            _errors_as_exit_2(debug),
            _records_streamed(spool.path, fail_on.value, appending=resume) as record,
        ):

            def finished(result: batch_runner.PairResult) -> batch_runner.PairResult | None:
                record(result)
                advance()
                if pair_reports is not None and result.html is not None:
                    links[result.spec.name] = pair_reports(result)
                    result = replace(result, html=None)  # written: not held till the end
                if output_format in _SUMMARY_FORMATS or spool.path is not None:
                    # the batch report needs each pair's counts only, or reads its
                    # record back from the JSONL (--jsonl or a spool of its own): a
                    # batch holds no pair's report till the end
                    result = replace(result, report=None)
                return result

            fresh = batch_runner.run_batch(
                to_compare,
                options,
                workers,
                on_done=finished,
                baselines={} if update_baseline else baselines,
                baseline=baseline,
                show=show.value,
                html=reports is not None,
                scheduler=scheduler,
                page_images=not no_page_images,
                say=lambda line: typer.echo(f"docreconcile: {line}", err=True),
                ship=ship,
            )
    except (KeyboardInterrupt, SystemExit, typer.Abort) as stop:
        # the workers and their readers are killed; leave now, without the interpreter's
        # wait for the pool's threads at exit
        status = stop.code if isinstance(stop, SystemExit) else 130
        typer.echo("docreconcile: " + _("interrupted"), err=True)
        sys.stdout.flush()
        os._exit(status if isinstance(status, int) else 130)
    by_name = {result.spec.name: result for result in fresh} | done
    results = [by_name[spec.name] for spec in pairs]
    try:
        with _errors_as_exit_2(debug):
            _write_batch_outputs(
                results,
                fail_on.value,
                BatchOutputs(jsonl, output_format, output, reports, spool.path),
                baseline if update_baseline else None,
                console,
                links,
            )
    finally:
        spool.close()
    for path in unpaired:
        line = printable(
            _("unpaired: {path} (no file with the same stem to compare it with)").format(path=path)
        )
        if output_format is BatchFormat.table and output is None:
            console.print(Text(line))
        else:  # standard output holds a machine format, or nothing
            typer.echo(f"docreconcile: {line}", err=True)
    errors = [result for result in results if result.error is not None]
    for result in errors:
        typer.echo(_error_line(printable(result.error or "")), err=True)
    if unpaired and not allow_unpaired:
        typer.echo(
            _error_line(
                ngettext(
                    "{count} file without a partner (listed above): pair them, or pass "
                    "--allow-unpaired",
                    "{count} files without a partner (listed above): pair them, or pass "
                    "--allow-unpaired",
                    len(unpaired),
                ).format(count=len(unpaired))
            ),
            err=True,
        )
        raise typer.Exit(ExitStatus.TROUBLE)
    raise typer.Exit(batch_runner.batch_status(results, fail_on.value))


_SUMMARY_FORMATS = frozenset({BatchFormat.table, BatchFormat.markdown, BatchFormat.html})
"""Batch reports made of each pair's counts and status, not its differences."""


@dataclass(frozen=True)
class BatchOutputs:
    """Where a batch writes what, and where its records were written as pairs finished
    (`--jsonl`, or the spool of a format that reads them back: `_RecordSpool`)."""

    jsonl: Path | None
    output_format: BatchFormat
    output: Path | None
    reports: Path | None
    records: Path | None = None


_STREAMED_FORMATS = frozenset({BatchFormat.jsonl, BatchFormat.junit, BatchFormat.github})
"""The batch formats written record by record from the records file at the end."""


class _RecordSpool:
    """Where each pair's record goes as it finishes: the `--jsonl` file, else, for a
    format that is written record by record (`_STREAMED_FORMATS`), a private temporary
    file removed at the end; None where the batch report needs counts only."""

    def __init__(self, jsonl: Path | None, output_format: BatchFormat) -> None:
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.path = jsonl
        if jsonl is None and output_format in _STREAMED_FORMATS:
            self.folder = tempfile.TemporaryDirectory(prefix="docreconcile-batch-")
            self.path = Path(self.folder.name) / "records.jsonl"

    def close(self) -> None:
        """Remove the temporary file (the `--jsonl` file stays)."""
        if self.folder is not None:
            self.folder.cleanup()


def _write_batch_outputs(
    results: list[batch_runner.PairResult],
    fail_on: str,
    outputs: BatchOutputs,
    update_baseline: Path | None,
    console: Console,
    links: Mapping[str, str] | None = None,
) -> None:
    """The JSONL, the batch report (linking each pair's HTML report, written as the pair
    finished: `links`) and the shared baseline."""
    import json

    from docreconcile import batch as batch_runner
    from docreconcile.report import batch as batch_report

    records_file = outputs.records
    if records_file is not None and records_file.exists():
        # the records were appended as the pairs finished: put them in the pairs' order
        batch_runner.order_records(records_file, [result.spec.name for result in results])
    elif outputs.jsonl is not None:  # no pair was compared (none finished): write them
        lines = batch_runner.jsonl_lines(results, fail_on)
        write_atomically(outputs.jsonl, "".join(f"{line}\n" for line in lines))
        records_file = outputs.jsonl
    links = links or {}
    if update_baseline is not None:
        _update_shared_baseline(update_baseline, results)

    def link(record: Mapping[str, Any]) -> str | None:
        return links.get(str(record["pair"]))

    def records() -> list[dict[str, object]]:
        return [result.as_dict(fail_on) for result in results]

    def streamed() -> Iterator[dict[str, Any]]:
        """Each pair's record, one at a time: from the records file where the pairs'
        records were written as they finished (their reports are not held), else from
        the results."""
        if records_file is None or not records_file.exists():
            yield from records()
            return
        with records_file.open(encoding="utf-8") as stream:
            for line in stream:
                if line.strip():  # status again: a record kept by --resume may be older
                    yield batch_runner.PairResult.from_dict(json.loads(line)).as_dict(fail_on)

    counts = (
        len(results),
        sum(result.status(fail_on) == "different" for result in results),
        sum(result.status(fail_on) == "error" for result in results),
    )
    renderers: dict[BatchFormat, Callable[[], Iterable[str]]] = {
        BatchFormat.jsonl: lambda: (
            json.dumps(record, ensure_ascii=False) + "\n" for record in streamed()
        ),
        BatchFormat.junit: lambda: batch_report.junit_chunks(streamed(), fail_on, counts),
        BatchFormat.github: lambda: batch_report.github_lines(streamed()),
        BatchFormat.markdown: lambda: [batch_report.render_markdown(records(), fail_on, link)],
        BatchFormat.html: lambda: [batch_report.render_html(records(), fail_on, link)],
    }
    if outputs.output_format is BatchFormat.table:
        if outputs.output is not None:
            text = _plain_table(results, fail_on)
            write_atomically(outputs.output, text)
        else:
            console.print(_batch_table(results, fail_on))
        return
    pieces = renderers[outputs.output_format]()
    if outputs.output is not None:
        write_atomically(outputs.output, pieces)
    else:
        for piece in pieces:
            write_stdout(piece)


def _pair_report_writer(
    folder: Path, index: Path | None
) -> Callable[[batch_runner.PairResult], str]:
    """A writer of each compared pair's HTML report into the reports folder (made now: a
    folder that cannot be made is trouble before any pair runs), giving the link to it
    relative to where the index goes (its folder, or the current one)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            _("{folder}: the reports folder cannot be made ({reason})").format(
                folder=folder, reason=error
            )
        ) from None
    base = (index.parent if index is not None else Path()).resolve()

    def write(result: batch_runner.PairResult) -> str:
        assert result.html is not None
        target = folder / f"{_safe_name(result.spec.name)}.html"
        write_atomically(target, result.html)
        return os.path.relpath(target.resolve(), base)

    return write


def _safe_name(name: str) -> str:
    """A pair's name as a file name: path separators and odd characters replaced.

    >>> _safe_name("2024/beslut: 12")
    '2024_beslut_ 12'
    """
    return "".join(c if c.isalnum() or c in " -_.()" else "_" for c in name).strip(". ") or "pair"


def _password_from(path: Path) -> str:
    """The first line of a password file (its line break not part of it)."""
    from docreconcile.sidefiles import read_side_file

    try:
        text = read_side_file(path, N_("password file"))
    except FileNotFoundError:
        raise InputError(
            _("{path}: no such password file: check the path").format(path=path)
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise InputError(
            _("{path}: the password file's first line is empty: put the password there").format(
                path=path
            )
        )
    return lines[0]


def _check_outputs(outputs: list[Path | None], inputs: list[Path]) -> None:
    """Every output a run will write, checked before anything is read or written (see
    `output.check_output`); `-` (stdout) is no file."""
    from docreconcile.output import check_output

    for path in outputs:
        if path is not None and str(path) != "-":
            check_output(path, inputs)


def _update_shared_baseline(path: Path, results: list[batch_runner.PairResult]) -> None:
    """Accept every compared pair's differences into a shared baseline, keeping the other
    pairs it holds."""
    from docreconcile import baseline as baseline_file

    def accepted(pairs: dict[str, list[Decision]]) -> None:
        for result in results:
            if result.error is None:
                pairs[baseline_file.pair_key(result.spec.a, result.spec.b)] = list(result.entries)

    baseline_file.update(path, accepted)


def _plain_table(results: list[batch_runner.PairResult], fail_on: str) -> str:
    """The batch table as plain text, for --output."""
    console = Console(file=io.StringIO(), width=120, color_system=None, force_terminal=False)
    console.print(_batch_table(results, fail_on))
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def _batch_table(results: list[batch_runner.PairResult], fail_on: str) -> Table:
    from rich.table import Table
    from rich.text import Text

    from docreconcile.report import counted
    from docreconcile.report.batch import status_label

    hint = _batch_hint(results, fail_on)
    table = Table(
        title=counted(len(results), "pair"),
        title_justify="left",
        caption=Text(hint) if hint is not None else None,  # paths, not markup
        caption_justify="left",
    )
    table.add_column(_("pair"))
    table.add_column(_("substantive"), justify="right")
    table.add_column(_("minor"), justify="right")
    table.add_column(_("status"))
    styles = {"same": "green", "different": "bold red", "error": "bold yellow"}
    for result in results:
        table.add_row(
            Text(printable(result.spec.name)),
            str(result.substantive) if result.error is None else "–",
            str(result.minor) if result.error is None else "–",
            Text(status_label(result.status(fail_on)), style=styles[result.status(fail_on)]),
        )
    return table


HINTED_PAIRS = 3
"""The batch table says how to see the differences of this many failing pairs at most."""


def _batch_hint(results: list[batch_runner.PairResult], fail_on: str) -> str | None:
    """How to see what differs in the pairs that fail, one command each (shell-quoted)."""
    failing = [r for r in results if r.error is None and r.status(fail_on) == "different"]
    if not failing:
        return None
    commands = [
        printable(f"  docreconcile {shlex.quote(str(r.spec.a))} {shlex.quote(str(r.spec.b))}")
        for r in failing[:HINTED_PAIRS]
    ]
    more = len(failing) - HINTED_PAIRS
    tail = ["  " + _("… and {count} more").format(count=more)] if more > 0 else []
    return "\n".join([_("To see the differences:"), *commands, *tail])


@contextmanager
def _pairs_bar(total: int, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar of pairs done on stderr (only on a terminal and without --quiet)."""
    if quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    bar = _progress(_("comparing"), _("pairs"), rate=True)
    task = bar.add_task("pairs", total=total)
    with bar:
        yield lambda: bar.advance(task)


@contextmanager
def _records_streamed(
    jsonl: Path | None, fail_on: str, appending: bool
) -> Iterator[Callable[[batch_runner.PairResult], None]]:
    """Each pair's `--jsonl` record appended and flushed as the pair finishes (after the
    records kept for `--resume`), so that a batch stopped half-way (a crash, a killed
    client) keeps every pair it finished and `--resume` does only the rest. At the end
    the file is written again, whole, in the pairs' order."""
    if jsonl is None:
        yield lambda result: None
        return
    import json

    streams: list[Any] = []  # opened with the first record: a batch that compares
    # nothing (a scheduler that does not answer) leaves the file as it was

    def write(result: batch_runner.PairResult) -> None:
        if not streams:
            try:
                streams.append(jsonl.open("a" if appending else "w", encoding="utf-8"))
            except OSError as error:
                raise InputError(
                    _("{path}: cannot be written ({reason}): check the folder").format(
                        path=jsonl, reason=error.strerror
                    )
                ) from None
        streams[0].write(json.dumps(result.as_dict(fail_on), ensure_ascii=False) + "\n")
        streams[0].flush()

    try:
        yield write
    finally:
        for stream in streams:
            stream.close()


@contextmanager
def _errors_as_exit_2(debug: bool) -> Iterator[None]:
    """Turn every error into one line on stderr and exit status 2."""
    try:
        yield
    except DocReconcileError as error:
        _fail(str(error))
    except BrokenPipeError:
        raise  # not an error of ours: main() ends quietly
    except MemoryError:
        _fail(
            "the run needs more memory than --max-memory allows (a very large report?): "
            "raise the limit with --max-memory if it is genuine"
        )
    except Exception as error:  # a bug: say so on one line, keep the traceback for --debug
        if debug:
            traceback.print_exc()
        _fail(
            _("internal error ({kind}: {error}); rerun with --debug and report it").format(
                kind=type(error).__name__, error=error
            )
        )


def _console(color: ColorChoice = ColorChoice.auto, file: io.StringIO | None = None) -> Console:
    """A console for the report: with `auto`, colour only on a terminal and without
    NO_COLOR (FORCE_COLOR forces it, as rich reads it); `always` and `never` say so."""
    if color is ColorChoice.always or (
        color is ColorChoice.auto and file is not None and os.environ.get("FORCE_COLOR")
    ):
        console = Console(highlight=False, file=file, force_terminal=True)
    elif color is ColorChoice.never:
        console = Console(highlight=False, file=file, no_color=True, color_system=None)
    else:
        console = Console(highlight=False, file=file, no_color="NO_COLOR" in os.environ)
    # piped or into a file: one line per line, never hard-wrapped
    console.soft_wrap = file is not None or not console.is_terminal
    return console


def _fail(message: str) -> Any:
    """Print a one-line error on stderr and exit with status 2 (2 still where stderr
    cannot be written: a full disk takes the message, not the status)."""
    with contextlib.suppress(OSError):
        typer.echo(_error_line(printable(message)), err=True)
    raise typer.Exit(ExitStatus.TROUBLE)


def main() -> None:
    """Console-script entry point. A bad option or argument is one line on stderr and exit
    status 2, as bad input is (click would draw a framed panel of several lines)."""
    for number in STOP_SIGNALS:
        # stopped from outside: unwind, so the PDF reader processes are stopped too
        signal.signal(number, _stop)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:  # nowhere to say anything: the exit status tells
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    for stream in (sys.stdout, sys.stderr):
        # text the terminal cannot encode is escaped, never fatal
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    i18n.use_in_process(_language(i18n.lang_from_arguments(sys.argv[1:])[0]))
    try:
        status = app(standalone_mode=False)
    except BrokenPipeError:
        # the reader of our output went away (`docreconcile a b | head`): end quietly, as
        # Unix tools do, without Python's complaint when it flushes at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(128 + 13)  # as a tool that SIGPIPE ended: 141
    except typer.Abort:
        typer.echo("docreconcile: " + _("interrupted"), err=True)
        status = 130
    except Exception as error:
        if not _is_usage_error(error):
            raise
        context = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
            typer.echo(context.get_help())
            sys.exit(0)
        command = context.command_path if context is not None else "docreconcile"
        message = _click_message(error.format_message())  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):  # stderr on a full disk: the status still tells
            typer.echo(
                _error_line(
                    _("{message} (see `{command} --help`)").format(
                        message=printable(message), command=command
                    )
                ),
                err=True,
            )
        status = ExitStatus.TROUBLE
    sys.exit(_flushed(status if isinstance(status, int) else 0))


class _ClosedOutput(io.TextIOBase):
    """Standard output when the run started without one: writing to it is the error a
    closed descriptor gives, which `write_stdout` says in one line (exit 2)."""

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def _flushed(status: int) -> int:
    """Flush both streams before leaving; one that cannot be written (`/dev/full`) is
    pointed at /dev/null, so Python's own flush at exit does not complain in three lines
    and exit 120, and the run is trouble (2) if it was not already: what it had to say
    was lost."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            continue  # the reader went away: nothing was owed it
        except (OSError, ValueError):
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, io.UnsupportedOperation):
                pass
            status = status if status == ExitStatus.TROUBLE or status > 2 else ExitStatus.TROUBLE
    return status


def _stop(number: int, _frame: object) -> None:
    """A signal handler: leave by an exception, as Ctrl-C does, so every `finally` runs
    (the reader processes are killed there); the status says which signal, as a shell
    would."""
    raise SystemExit(128 + number)


_CLICK_MESSAGES = (
    # click's usage errors, which the click that typer ships says in English only: each
    # recognised by its English form and said again in the language in use
    (re.compile(r"Invalid value for (?P<param>.+?): (?P<message>.*)", re.S),
     N_("Invalid value for {param}: {message}")),
    (re.compile(r"No such option: (?P<name>\S+)"
                r"(?: Did you mean (?P<other>.+)\?| \(Possible options: (?P<others>.+)\))?"),
     N_("No such option: {name}")),
    (re.compile(r"Got unexpected extra arguments? \((?P<arguments>.*)\)", re.S),
     N_("Got unexpected extra arguments ({arguments})")),
    (re.compile(r"Missing argument '(?P<name>.+)'\."), N_("Missing argument '{name}'.")),
    (re.compile(r"Option '(?P<name>.+)' requires an argument\."),
     N_("Option '{name}' requires an argument.")),
)  # fmt: skip


def _click_message(message: str) -> str:
    """A usage error of click's in the language in use, where it is one we know.

    >>> _click_message("No such option: --shwo (Possible options: --password, --show)")
    'No such option: --shwo (did you mean --password, --show?)'
    """
    for pattern, translation in _CLICK_MESSAGES:
        if found := pattern.fullmatch(message):
            parts = found.groupdict()
            said = _(translation).format(**parts)
            if others := parts.get("other") or parts.get("others"):
                said += " " + _("(did you mean {options}?)").format(options=others)
            return said
    return message


def _is_usage_error(error: Exception) -> bool:
    """Whether click (as typer ships it) raised a usage error: a bad option or argument.
    Told by its shape, as typer vendors click under a private name."""
    return getattr(error, "exit_code", None) == 2 and hasattr(error, "format_message")
