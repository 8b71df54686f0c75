"""`docreconcile compare` (the default command): compare two documents, report, exit."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docreconcile.cli.app import (
    DEFAULT_COMMAND,
    ColorChoice,
    FailOn,
    OutputFormat,
    ShowLevel,
    _warning,
    app,
)
from docreconcile.cli.options import (
    PathA,
    PathB,
    Reading,
    _check_outputs,
    _console,
    _errors_as_exit_2,
    _progress_shown,
    reads_documents,
    write_stdout,
)
from docreconcile.errors import ExitStatus, InputError
from docreconcile.i18n import _, ngettext
from docreconcile.output import printable, write_atomically

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from docreconcile.model import Decision, Report
    from docreconcile.page_images import PageViews, PdfSide
    from docreconcile.pipeline import Options


_OutputFormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="Output format (on stdout, or --output)."
    ),
]
_OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file (whole or not at all) instead of stdout.",
    ),
]
_ShowOption = Annotated[
    ShowLevel,
    typer.Option(
        "--show",
        case_sensitive=False,
        help="Which differences to list: substantive only, substantive and minor, or all "
        "(layout too). Counts always cover all.",
    ),
]
_BriefOption = Annotated[
    bool,
    typer.Option(
        "--brief", "-q", help="One line only: whether and how the files differ (as diff -q)."
    ),
]
_SummaryOnlyOption = Annotated[
    bool, typer.Option("--summary", "-s", help="The counts only: the summary table.")
]
_ColorOption = Annotated[
    ColorChoice,
    typer.Option(
        "--color",
        case_sensitive=False,
        help="Colour the terminal report: auto (on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it), always or never.",
    ),
]
_HtmlOption = Annotated[
    Path | None,
    typer.Option("--html", help="Also write a self-contained HTML report to this file."),
]
_NoPageImagesOption = Annotated[
    bool,
    typer.Option(
        "--no-page-images",
        help="Leave the page images out of the HTML report: by default each difference "
        "on a PDF side shows its part of the rendered page, its words marked.",
    ),
]
_AnnotateOption = Annotated[
    Path | None,
    typer.Option(
        "--annotate",
        help="Also write a copy of the PDF side with a highlight over each difference to "
        "decide and a note on it (its number, category, the other version's words); "
        "with two PDFs, of B. Nothing else in the PDF changes (an incremental update).",
    ),
]
_AnnotateAOption = Annotated[
    Path | None,
    typer.Option("--annotate-a", help="As --annotate, of A (a PDF)."),
]
_AnnotateBOption = Annotated[
    Path | None,
    typer.Option("--annotate-b", help="As --annotate, of B (a PDF)."),
]
_FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        help="Exit 1 when differences of this severity (or worse) exist.",
    ),
]
_BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        "--decisions",
        help="The decisions file (`accept`, `review` or the HTML page wrote it; default: "
        ".docreconcile-baseline.json beside A, when it holds this pair): decided "
        "differences are reported apart and fail no more; the HTML page shows them.",
        readable=False,
    ),
]


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
    output_format: _OutputFormatOption = OutputFormat.terminal,
    output: _OutputOption = None,
    show: _ShowOption = ShowLevel.minor,
    brief: _BriefOption = False,
    summary_only: _SummaryOnlyOption = False,
    color: _ColorOption = ColorChoice.auto,
    html: _HtmlOption = None,
    no_page_images: _NoPageImagesOption = False,
    annotate: _AnnotateOption = None,
    annotate_a: _AnnotateAOption = None,
    annotate_b: _AnnotateBOption = None,
    fail_on: _FailOnOption = FailOn.substantive,
    baseline: _BaselineOption = None,
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
            pages = None if no_page_images else _page_views(report, a, b, options)
            _write_html(html, report, show is ShowLevel.all, accepted, pages)
        for pdf_side, target in annotations:
            _write_annotated(target, report, pdf_side, a if pdf_side == "a" else b, options)
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


def _write_html(
    target: Path,
    report: Report,
    show_layout: bool,
    accepted: list[Decision],
    pages: PageViews | None,
) -> None:
    """The self-contained HTML report, its decisions and page images in it."""
    from docreconcile import baseline as baseline_file
    from docreconcile.report import html as html_report

    page = html_report.render(
        report,
        show_layout=show_layout,
        decisions=accepted,
        reviewer=baseline_file.user_name(),
        pages=pages,
    )
    write_atomically(target, page)


def _write_annotated(
    target: Path, report: Report, pdf_side: str, path: Path, options: Options
) -> None:
    """A copy of one PDF side with a highlight and a note on each difference to decide."""
    from docreconcile import annotate as annotation

    pdf = _pdf_side(pdf_side, path, options)
    found = annotation.marks(report, pdf.document, pdf_side, pdf.path, pdf.password)
    write_atomically(target, annotation.annotated_pdf(pdf.path, found))


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
