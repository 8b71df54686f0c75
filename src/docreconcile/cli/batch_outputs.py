"""What a batch writes: its records (JSON Lines, as the pairs finish), its report (a table,
Markdown, HTML, JUnit, GitHub annotations), each pair's HTML report, the shared baseline."""

from __future__ import annotations

import io
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from docreconcile.cli.app import BatchFormat
from docreconcile.cli.options import (
    _progress,
    write_stdout,
)
from docreconcile.errors import InputError
from docreconcile.i18n import _
from docreconcile.output import printable, write_atomically

if TYPE_CHECKING:  # the comparison's modules load with the first command that compares
    from rich.table import Table

    from docreconcile import batch as batch_runner
    from docreconcile.model import Decision


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
        return _streamed_records(records_file, results, fail_on)

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
        _write_table(results, fail_on, outputs.output, console)
        return
    pieces = renderers[outputs.output_format]()
    if outputs.output is not None:
        write_atomically(outputs.output, pieces)
    else:
        for piece in pieces:
            write_stdout(piece)


def _write_table(
    results: list[batch_runner.PairResult], fail_on: str, output: Path | None, console: Console
) -> None:
    """The batch's table: plain into `output`, else drawn on the console."""
    if output is not None:
        write_atomically(output, _plain_table(results, fail_on))
    else:
        console.print(_batch_table(results, fail_on))


def _streamed_records(
    records_file: Path | None, results: list[batch_runner.PairResult], fail_on: str
) -> Iterator[dict[str, Any]]:
    """Each pair's record, one at a time: from the records file where the pairs' records
    were written as they finished (their reports are not held), else from the results."""
    import json

    from docreconcile import batch as batch_runner

    if records_file is None or not records_file.exists():
        yield from (result.as_dict(fail_on) for result in results)
        return
    with records_file.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():  # status again: a record kept by --resume may be older
                yield batch_runner.PairResult.from_dict(json.loads(line)).as_dict(fail_on)


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
