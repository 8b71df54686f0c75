"""Pairs per second for batch: the local process pool against a Dask LocalCluster; write
bench/CLUSTER.md.

    python bench/cluster.py               # 48 pairs
    python bench/cluster.py --pairs 200

The pairs are the eight Kungsbacka memos (tests/memos: text against the PDF LibreOffice
set), copied under new names until there are enough, read without the cache so that every
pair is real work. The same archive runs through `docreconcile batch` with `--jobs 2`
and with `--scheduler` on a LocalCluster of two single-threaded worker processes; the
JSON lines must agree. Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMOS = sorted(
    path
    for path in (ROOT / "tests" / "memos").glob("0*.txt")
    if ".pdftotext" not in path.name and path.with_suffix(".pdf").exists()
)
DOCRECONCILE = str(Path(sys.executable).parent / "docreconcile")


def archive(folder: Path, pairs: int) -> None:
    for number in range(pairs):
        memo = MEMOS[number % len(MEMOS)]
        shutil.copy(memo, folder / f"{number:05d}-{memo.stem}.txt")
        shutil.copy(memo.with_suffix(".pdf"), folder / f"{number:05d}-{memo.stem}.pdf")


def run(folder: Path, jsonl: Path, extra: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            DOCRECONCILE,
            "batch",
            str(folder),
            str(folder),
            "--jsonl",
            str(jsonl),
            "--no-cache",
            "--no-progress",
            "--format",
            "jsonl",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        check=False,
        env=os.environ | {"XDG_CACHE_HOME": str(folder.parent / "cache")},
    )
    return time.perf_counter() - started


def summaries(jsonl: Path) -> list[tuple[str, str]]:
    return [
        (record["pair"], json.dumps(record["summary"]))
        for record in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())
    ]


def main() -> None:
    from distributed import LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=48)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "arkiv"
        folder.mkdir()
        archive(folder, arguments.pairs)
        local = run(folder, Path(temporary) / "local.jsonl", ["--jobs", "2"])
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            remote = run(
                folder,
                Path(temporary) / "cluster.jsonl",
                ["--scheduler", cluster.scheduler_address],
            )
        same = summaries(Path(temporary) / "local.jsonl") == summaries(
            Path(temporary) / "cluster.jsonl"
        )
    lines = [
        "# Batch: pairs per second, local pool and Dask LocalCluster",
        "",
        f"`python bench/cluster.py --pairs {arguments.pairs}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}: {arguments.pairs} memo pairs (text against PDF), no cache.",
        "",
        "| runner | wall | pairs per second |",
        "| --- | ---: | ---: |",
        f"| local pool, `--jobs 2` | {local:.1f} s | {arguments.pairs / local:.2f} |",
        f"| LocalCluster, 2 workers | {remote:.1f} s | {arguments.pairs / remote:.2f} |",
        "",
        f"Records identical: {'yes' if same else 'NO'}. The cluster's time includes connecting "
        "to the scheduler and shipping each pair's task and result; on one machine it can "
        "only match the pool, its use is many machines.",
    ]
    (ROOT / "bench" / "CLUSTER.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
