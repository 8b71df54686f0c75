"""Pairs per second for batch: the local process pool against a Dask LocalCluster, with
and without --ship; write bench/CLUSTER.md.

    python bench/cluster.py                       # 2,000 memo pairs and 20 long ones
    python bench/cluster.py --pairs 20000 --long 200

The pairs are the eight Kungsbacka memos (tests/memos: text against the PDF LibreOffice
set), copied under new names until there are enough, and `--long` real-world PDFs of
10 to 50 pages against poppler's text (tests/realworld), read without the cache so that
every pair is real work. The same archive runs through `docreconcile batch` with
`--jobs 2`, with `--scheduler` on a LocalCluster of two single-threaded worker
processes, and with `--ship` besides; the JSON lines must agree. The client's peak
memory (its largest process: the pool's workers are the client's children, a cluster's
are not) is measured by `against_pdf2txt.measure`. Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
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


LONG = ["irs_i1040nr", "afs-2011-19", "dir-2016-15", "dmca", "federal_register", "prop-2012-13-144"]
"""Real-world PDFs of 10 to 50 pages (tests/realworld), against poppler's text."""


def archive(folder: Path, pairs: int, long: int = 0) -> None:
    for number in range(pairs):
        memo = MEMOS[number % len(MEMOS)]
        shutil.copy(memo, folder / f"{number:05d}-{memo.stem}.txt")
        shutil.copy(memo.with_suffix(".pdf"), folder / f"{number:05d}-{memo.stem}.pdf")
    realworld = ROOT / "tests" / "realworld"
    for number in range(long):
        name = LONG[number % len(LONG)]
        shutil.copy(realworld / f"{name}.raw.txt", folder / f"long{number:04d}-{name}.txt")
        shutil.copy(realworld / f"{name}.pdf", folder / f"long{number:04d}-{name}.pdf")


def run(folder: Path, jsonl: Path, extra: list[str]) -> tuple[float, float]:
    """Wall seconds and the client's peak memory (MB) of one batch run."""
    from against_pdf2txt import measure

    command = [
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
    ]
    os.environ["XDG_CACHE_HOME"] = str(folder.parent / "cache")
    _cpu, peak, wall = measure(command)
    return wall, peak


def summaries(jsonl: Path) -> list[tuple[str, str]]:
    return [
        (record["pair"], json.dumps(record["summary"]))
        for record in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())
    ]


def main() -> None:
    from distributed import LocalCluster

    sys.path.insert(0, str(ROOT / "bench"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--long", type=int, default=20)
    arguments = parser.parse_args()
    total = arguments.pairs + arguments.long
    runs: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "arkiv"
        folder.mkdir()
        archive(folder, arguments.pairs, arguments.long)
        runs["local pool, `--jobs 2`"] = run(folder, Path(temporary) / "local.jsonl", ["-j", "2"])
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            address = cluster.scheduler_address
            runs["LocalCluster, 2 workers"] = run(
                folder, Path(temporary) / "cluster.jsonl", ["--scheduler", address]
            )
            runs["LocalCluster, 2 workers, `--ship`"] = run(
                folder, Path(temporary) / "ship.jsonl", ["--scheduler", address, "--ship"]
            )
        reference = summaries(Path(temporary) / "local.jsonl")
        same = all(
            summaries(Path(temporary) / f"{name}.jsonl") == reference
            for name in ("cluster", "ship")
        )
    lines = [
        "# Batch: pairs per second, local pool and Dask LocalCluster",
        "",
        f"`python bench/cluster.py --pairs {arguments.pairs} --long {arguments.long}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}: {arguments.pairs} memo pairs and {arguments.long} "
        "real-world PDFs of 10-50 pages (text against PDF), no cache.",
        "",
        "| runner | wall | pairs per second | client peak memory |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (wall, peak) in runs.items():
        lines.append(f"| {name} | {wall:.1f} s | {total / wall:.2f} | {peak:.0f} MB |")
    lines += [
        "",
        f"Records identical: {'yes' if same else 'NO'}. The cluster's time includes connecting "
        "to the scheduler and shipping each pair's task and result; on one machine it can "
        "only match the pool, its use is many machines. The client holds every pair's "
        "result until the batch report is written: its memory grows with the pairs.",
    ]
    (ROOT / "bench" / "CLUSTER.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
