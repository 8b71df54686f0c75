"""`docreconcile batch`: compare many pairs, in parallel or on a cluster, and report them
together."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

    from docreconcile import baseline as baseline_file
    from docreconcile import batch as batch_runner

    debug = reading.debug
    with _errors_as_exit_2(debug):
        pairs, unpaired = _batch_pairs(paths, manifest, reference.value)
        _check_batch_options(
            resume=resume,
            jsonl=jsonl,
            update_baseline=update_baseline,
            baseline=baseline,
            reports=reports,
            ship=ship,
            scheduler=scheduler,
        )
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
    _say_unpaired(
        unpaired, console if output_format is BatchFormat.table and output is None else None
    )
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
    raise typer.Exit(batch_runner.batch_status(results, fail_on.value))


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


def _check_batch_options(
    *,
    resume: bool,
    jsonl: Path | None,
    update_baseline: bool,
    baseline: Path | None,
    reports: Path | None,
    ship: bool,
    scheduler: str | None,
) -> None:
    """Options that do not go together, refused before anything is read, each with
    what to do."""
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
