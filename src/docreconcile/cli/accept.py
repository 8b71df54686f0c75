"""`docreconcile accept`: record decisions on the differences of a report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docreconcile.cli.app import app
from docreconcile.cli.compare import Reviewer, compare
from docreconcile.cli.options import (
    PathA,
    PathB,
    Reading,
    _errors_as_exit_2,
    _progress_shown,
    reads_documents,
)
from docreconcile.i18n import ngettext
from docreconcile.output import write_atomically


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
