"""`docreconcile batch`: compare many pairs, in parallel or on a cluster, and report them
together."""

from __future__ import annotations

import io
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from docreconcile.cli.app import BatchFormat, FailOn, ShowLevel, _error_line, app
from docreconcile.cli.options import (
    Reading,
    _check_outputs,
    _console,
    _errors_as_exit_2,
    _progress,
    capped_jobs,
    reads_documents,
    write_stdout,
)
from docreconcile.cli.reconcile import Reference
from docreconcile.errors import ExitStatus, InputError
from docreconcile.i18n import _, ngettext
from docreconcile.output import printable, write_atomically

# Only what `--help` and a bad option need is imported above: the pipeline, the reporters
# and rich's widgets load inside the commands that use them (`--help` 0.27 -> 0.16 s).
if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from rich.table import Table

    from docreconcile import batch as batch_runner
    from docreconcile.model import Decision


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
