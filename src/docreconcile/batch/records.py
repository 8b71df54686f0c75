"""A batch's records: its exit status, the JSON Lines of its pairs, in the order they
were given."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from docreconcile.batch.pairs import PairResult
from docreconcile.errors import ExitStatus


def batch_status(results: list[PairResult], fail_on: str = "substantive") -> ExitStatus:
    """2 if any pair could not be compared, else 1 if any failed the gate, else 0."""
    if any(result.error is not None for result in results):
        return ExitStatus.TROUBLE
    if any(result.status(fail_on) == "different" for result in results):
        return ExitStatus.DIFFERENT
    return ExitStatus.SAME


def order_records(jsonl: Path, names: list[str]) -> None:
    """Rewrite a JSONL file of records appended as pairs finished (after the kept ones of
    an earlier run, with `--resume`) in the pairs' order, each pair's latest record
    once. Only where each record lies is held, not the records: the file is read twice.
    Written atomically; a pair with no record is left out."""
    latest: dict[str, tuple[int, int]] = {}
    with jsonl.open("rb") as stream:
        offset = 0
        for line in stream:
            if line.strip():
                try:
                    name = json.loads(line)["pair"]
                except (ValueError, KeyError, TypeError):
                    name = None
                if isinstance(name, str):
                    latest[name] = (offset, len(line))
            offset += len(line)
    from docreconcile.output import write_atomically

    def ordered() -> Iterator[str]:
        with jsonl.open("rb") as stream:
            for name in names:
                if name in latest:
                    start, length = latest[name]
                    stream.seek(start)
                    yield stream.read(length).decode("utf-8").rstrip("\n") + "\n"

    write_atomically(jsonl, ordered())


def jsonl_lines(results: list[PairResult], fail_on: str = "substantive") -> Iterator[str]:
    """One JSON object per pair, for `--jsonl`."""
    for result in results:
        yield json.dumps(result.as_dict(fail_on), ensure_ascii=False)
