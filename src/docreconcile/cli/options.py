"""The options of every command that reads documents (`reads_documents`, `Reading`),
the library's options made of them, the page bar, and errors as one line and exit status 2."""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import math
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from docreconcile.cli.app import DEFAULT_JOBS, MAX_MEMORY_MB, ColorChoice, _error_line, _warning
from docreconcile.errors import DocReconcileError, ExitStatus, InputError
from docreconcile.i18n import N_, _
from docreconcile.limits import MEMORY_LIMITED, Limits
from docreconcile.output import printable

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from rich.progress import Progress, TaskID

    from docreconcile.pipeline import Options


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
    import logging  # here, not at the top: `--help` needs none of it

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
