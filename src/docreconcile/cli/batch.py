"""`docreconcile batch`: compare many pairs, in parallel or on a cluster, and report them
together."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from docreconcile.cli.app import BatchFormat, FailOn, ShowLevel, _error_line, app
from docreconcile.cli.batch_outputs import (
    _SUMMARY_FORMATS,
    BatchOutputs,
    _pair_report_writer,
    _pairs_bar,
    _records_streamed,
    _RecordSpool,
    _write_batch_outputs,
)
from docreconcile.cli.options import (
    Reading,
    _check_outputs,
    _console,
    _errors_as_exit_2,
    capped_jobs,
    reads_documents,
)
from docreconcile.cli.reconcile import Reference
from docreconcile.errors import ExitStatus, InputError
from docreconcile.i18n import _, ngettext
from docreconcile.output import printable

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from rich.console import Console

    from docreconcile import batch as batch_runner
    from docreconcile.model import Decision


_PathsOption = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Two folders, first versions then second; or document files, each "
        "compared with the file of its name in another format beside it.",
        show_default=False,
        metavar="PATHS",
        readable=False,
    ),
]
_ManifestOption = Annotated[
    Path | None,
    typer.Option("--manifest", help="CSV of pairs: columns a, b, name.", readable=False),
]
_JsonlOption = Annotated[
    Path | None, typer.Option("--jsonl", help="Write one JSON line per pair to this file.")
]
_AllowUnpairedOption = Annotated[
    bool,
    typer.Option(
        "--allow-unpaired", help="Files without a partner are listed, not trouble (exit 2)."
    ),
]
_OutputFormatOption = Annotated[
    BatchFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table (terminal), jsonl (a record a pair), junit (a test case a pair), "
        "github (annotations), markdown or html (an index of the pairs).",
    ),
]
_OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the batch report to this file, not stdout."),
]
_ReportsOption = Annotated[
    Path | None,
    typer.Option(
        "--reports",
        help="Also write each pair's HTML report into this folder (PAIR.html); the "
        "markdown and html indexes link to them.",
    ),
]
_NoPageImagesOption = Annotated[
    bool,
    typer.Option(
        "--no-page-images",
        help="Leave the page images out of the --reports pages (each difference on a "
        "PDF side shows its part of the rendered page by default).",
    ),
]
_ShowOption = Annotated[
    ShowLevel,
    typer.Option("--show", case_sensitive=False, help="Which differences the records list."),
]
_BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="A baseline shared by the pairs (each under its file names): accepted "
        "differences are not counted as new.",
        readable=False,
    ),
]
_UpdateBaselineOption = Annotated[
    bool,
    typer.Option(
        "--update-baseline",
        help="Accept every pair's current differences into --baseline (created if need be).",
    ),
]
_ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Skip pairs the --jsonl file already holds, compared without error, whose "
        "files have the same content (SHA-256) now.",
    ),
]
_FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        case_sensitive=False,
        help="Exit 1 when a pair has differences this severe.",
    ),
]
_ReferenceOption = Annotated[
    Reference,
    typer.Option(
        "--reference",
        case_sensitive=False,
        help="Where one stem has three or more versions (x.txt, x.docx, x.pdf), compare "
        "each with the one in this format (missing: the first that is not a PDF).",
    ),
]
_SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run the pairs on a Dask distributed cluster at this address "
        "(tcp://host:8786) instead of local processes; its workers need docreconcile "
        "and the files at the same paths, or --ship (pip install 'docreconcile[cluster]').",
    ),
]
_ShipOption = Annotated[
    bool,
    typer.Option(
        "--ship",
        help="With --scheduler: send each pair's files from here with its task, for "
        "workers that share no disk with this machine.",
    ),
]


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
    paths: _PathsOption = None,
    manifest: _ManifestOption = None,
    jsonl: _JsonlOption = None,
    allow_unpaired: _AllowUnpairedOption = False,
    output_format: _OutputFormatOption = BatchFormat.table,
    output: _OutputOption = None,
    reports: _ReportsOption = None,
    no_page_images: _NoPageImagesOption = False,
    show: _ShowOption = ShowLevel.minor,
    baseline: _BaselineOption = None,
    update_baseline: _UpdateBaselineOption = False,
    resume: _ResumeOption = False,
    fail_on: _FailOnOption = FailOn.substantive,
    reference: _ReferenceOption = Reference.text,
    scheduler: _SchedulerOption = None,
    ship: _ShipOption = False,
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

    run = _BatchRun(
        jsonl, output_format, output, reports, no_page_images, show, baseline,
        update_baseline, resume, fail_on, scheduler, ship, reading,
    )  # fmt: skip
    with _errors_as_exit_2(reading.debug):
        pairs, unpaired = _batch_pairs(paths, manifest, reference.value)
        baselines, done = _prepared(run, pairs)
    results = _compared(run, pairs, baselines, done)
    _finish(run, results, unpaired, allow_unpaired)


@dataclass(frozen=True)
class _BatchRun:
    """What `batch` was asked for, beside the pairs (its options, as typer gives them)."""

    jsonl: Path | None
    output_format: BatchFormat
    output: Path | None
    reports: Path | None
    no_page_images: bool
    show: ShowLevel
    baseline: Path | None
    update_baseline: bool
    resume: bool
    fail_on: FailOn
    scheduler: str | None
    ship: bool
    reading: Reading


def _prepared(
    run: _BatchRun, pairs: list[batch_runner.PairSpec]
) -> tuple[dict[str, list[Decision]] | None, dict[str, batch_runner.PairResult]]:
    """The options checked against each other and the outputs against the inputs; the
    accepted differences of each pair (None without a baseline) and the pairs a resumed
    batch has done already."""
    from docreconcile import baseline as baseline_file
    from docreconcile import batch as batch_runner

    _check_batch_options(run)
    _check_outputs(
        [run.jsonl if not run.resume else None, run.output],
        [Path(side) for spec in pairs for side in (spec.a, spec.b) if isinstance(side, Path)],
    )
    baselines = None
    if run.baseline is not None and (run.baseline.exists() or not run.update_baseline):
        baselines = baseline_file.load_pairs(run.baseline)
    resumed = run.resume and run.jsonl is not None
    done = batch_runner.resumable(run.jsonl, pairs) if resumed and run.jsonl else {}
    return baselines, done


def _compared(
    run: _BatchRun,
    pairs: list[batch_runner.PairSpec],
    baselines: dict[str, list[Decision]] | None,
    done: dict[str, batch_runner.PairResult],
) -> list[batch_runner.PairResult]:
    """Each pair's result, in the order of `pairs`: those not `done` compared in
    parallel (or on a cluster), each recorded and its report written as it comes, and
    the batch's outputs written."""
    debug = run.reading.debug
    links: dict[str, str] = {}
    spool = _RecordSpool(run.jsonl, run.output_format)
    with _errors_as_exit_2(debug):
        pair_reports = (
            _pair_report_writer(run.reports, run.output) if run.reports is not None else None
        )
    to_compare = [spec for spec in pairs if spec.name not in done]
    try:
        fresh = _run_pairs(run, to_compare, baselines, spool, (pair_reports, links))
    except (KeyboardInterrupt, SystemExit, typer.Abort) as stop:
        _interrupted(stop)
    by_name = {result.spec.name: result for result in fresh} | done
    results = [by_name[spec.name] for spec in pairs]
    try:
        with _errors_as_exit_2(debug):
            _write_batch_outputs(
                results,
                run.fail_on.value,
                BatchOutputs(run.jsonl, run.output_format, run.output, run.reports, spool.path),
                run.baseline if run.update_baseline else None,
                _console(),
                links,
            )
    finally:
        spool.close()
    return results


def _run_pairs(
    run: _BatchRun,
    to_compare: list[batch_runner.PairSpec],
    baselines: dict[str, list[Decision]] | None,
    spool: _RecordSpool,
    reports: tuple[Callable[[batch_runner.PairResult], str] | None, dict[str, str]],
) -> list[batch_runner.PairResult]:
    """The pairs compared, in parallel or on a cluster, each recorded (and its report
    written, its link kept in `reports`) as it comes."""
    from docreconcile import batch as batch_runner

    pair_reports, links = reports
    workers = min(capped_jobs(run.reading.jobs), len(to_compare))
    with (
        _pairs_bar(len(to_compare), run.reading.quiet) as advance,
        _errors_as_exit_2(run.reading.debug),
        _records_streamed(spool.path, run.fail_on.value, appending=run.resume) as record,
    ):

        def finished(result: batch_runner.PairResult) -> batch_runner.PairResult | None:
            record(result)
            advance()
            if pair_reports is not None and result.html is not None:
                links[result.spec.name] = pair_reports(result)
                result = replace(result, html=None)  # written: not held till the end
            if run.output_format in _SUMMARY_FORMATS or spool.path is not None:
                # the batch report needs each pair's counts only, or reads its record
                # back from the JSONL (--jsonl or a spool of its own): a batch holds no
                # pair's report till the end
                result = replace(result, report=None)
            return result

        return batch_runner.run_batch(
            to_compare,
            run.reading.options(jobs=1, quiet=True),  # the pairs, not the pages, in parallel
            workers,
            on_done=finished,
            baselines={} if run.update_baseline else baselines,
            baseline=run.baseline,
            show=run.show.value,
            html=run.reports is not None,
            scheduler=run.scheduler,
            page_images=not run.no_page_images,
            say=lambda line: typer.echo(f"docreconcile: {line}", err=True),
            ship=run.ship,
        )


def _interrupted(stop: BaseException) -> NoReturn:
    """Leave at once: the workers and their readers are killed; no wait for the pool's
    threads at the interpreter's exit."""
    status = stop.code if isinstance(stop, SystemExit) else 130
    typer.echo("docreconcile: " + _("interrupted"), err=True)
    sys.stdout.flush()
    os._exit(status if isinstance(status, int) else 130)


def _finish(
    run: _BatchRun,
    results: list[batch_runner.PairResult],
    unpaired: list[Path],
    allow_unpaired: bool,
) -> NoReturn:
    """Say the files left without a partner and each pair's error; exit with the
    batch's status (trouble for files unpaired, unless allowed)."""
    from docreconcile import batch as batch_runner

    table = run.output_format is BatchFormat.table and run.output is None
    _say_unpaired(unpaired, _console() if table else None)
    for result in results:
        if result.error is not None:
            typer.echo(_error_line(printable(result.error)), err=True)
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
    raise typer.Exit(batch_runner.batch_status(results, run.fail_on.value))


def _batch_pairs(
    paths: list[Path] | None, manifest: Path | None, reference: str
) -> tuple[list[batch_runner.PairSpec], list[Path]]:
    """The pairs a batch compares, each once, and the files left without a partner: from
    a manifest, two folders, or document files each with its siblings."""
    from docreconcile import batch as batch_runner

    unpaired: list[Path] = []
    if manifest is not None:
        pairs = batch_runner.pairs_from_manifest(manifest)
        if paths:
            raise InputError(_("give folders or files, or --manifest FILE, not both"))
    elif paths and len(paths) == 2 and all(path.is_dir() for path in paths):
        pairs, unpaired = batch_runner.pairs_from_directories(paths[0], paths[1], reference)
    elif paths and not any(path.is_dir() for path in paths):
        pairs, unpaired = batch_runner.pairs_from_files(paths, reference)
    else:
        raise InputError(
            "batch needs two folders (A B), document files (memo.txt ...), or --manifest FILE"
        )
    return batch_runner.distinct(pairs), unpaired


def _check_batch_options(run: _BatchRun) -> None:
    """Options that do not go together, refused before anything is read, each with
    what to do."""
    resume, jsonl, reports = run.resume, run.jsonl, run.reports
    update_baseline, baseline = run.update_baseline, run.baseline
    ship, scheduler = run.ship, run.scheduler
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


def _say_unpaired(unpaired: list[Path], console: Console | None) -> None:
    """Each file without a partner: on the console beside the table (`console`), else on
    stderr, standard output holding a machine format or nothing."""
    from rich.text import Text

    for path in unpaired:
        line = printable(
            _("unpaired: {path} (no file with the same stem to compare it with)").format(path=path)
        )
        if console is not None:
            console.print(Text(line))
        else:
            typer.echo(f"docreconcile: {line}", err=True)
