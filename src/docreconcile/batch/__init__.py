"""Batch mode: reconcile a whole archive of document pairs over a pool of processes.

Pairs come from two folders (files paired by stem: `x.txt` with `x.pdf`; one folder given
twice pairs the files inside it) or from a CSV manifest. A pair that cannot be compared is
recorded with its error and the others go on; files without a partner are listed.

`pairs` says what the pairs are, `one_pair` compares one, `runners` runs them over a
pool or a cluster, `records` writes what they gave.
"""

from docreconcile.batch.one_pair import compare_pair, content_hash, fetch, resumable
from docreconcile.batch.pairs import (
    DOCUMENT_SUFFIXES,
    PairResult,
    PairSpec,
    distinct,
    is_url,
    pairs_from_directories,
    pairs_from_files,
    pairs_from_manifest,
    reference_of,
)
from docreconcile.batch.records import batch_status, jsonl_lines, order_records
from docreconcile.batch.runners import run_batch

__all__ = [
    "DOCUMENT_SUFFIXES",
    "PairResult",
    "PairSpec",
    "batch_status",
    "compare_pair",
    "content_hash",
    "distinct",
    "fetch",
    "is_url",
    "jsonl_lines",
    "order_records",
    "pairs_from_directories",
    "pairs_from_files",
    "pairs_from_manifest",
    "reference_of",
    "resumable",
    "run_batch",
]
