"""Pairs per second for batch: the local process pool against a Dask LocalCluster, with
and without --ship; write bench/CLUSTER.md.

    python bench/cluster.py                       # 2,000 memo pairs and 20 long ones
    python bench/cluster.py --pairs 20000 --long 200

The pairs are the eight Kungsbacka memos (tests/memos: text against the PDF LibreOffice
set), copied under new names until there are enough, and `--long` real-world PDFs of
10 to 50 pages against poppler's text (tests/realworld), read without the cache so that
every pair is real work. The same archive runs through `docreconcile batch` with
`--jobs 2`, with `--scheduler` on a LocalCluster of two single-threaded worker
processes, and with `--ship` from a folder the workers cannot see; the JSON lines must
agree. The client's own memory (the pool's workers are its children and not counted) is
sampled while it runs: once the first pairs are recorded and at the end. Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def run(folder: Path, jsonl: Path, extra: list[str], total: int, hidden: bool = False) -> Run:
    """One batch run, its client's memory sampled every half second.

    With `hidden`, the client runs as a client whose disk the workers do not share: in a
    mount namespace of its own, from a fresh tmpfs the archive is copied into (root only;
    the test suite's --ship test does the same)."""
    command = [
        DOCRECONCILE,
        "batch",
        "arkiv" if hidden else str(folder),
        "arkiv" if hidden else str(folder),
        "--jsonl",
        str(jsonl),
        "--no-cache",
        "--no-progress",
        "--format",
        "jsonl",
        *extra,
    ]
    if hidden:
        private = folder.parent / "private"
        private.mkdir()
        script = (
            f"mount -t tmpfs none {private} && cp -r {folder} {private}/arkiv "
            f"&& cd {private} && exec {shlex.join(command)}"
        )
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]
    environment = {**os.environ, "XDG_CACHE_HOME": str(folder.parent / "cache")}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    samples: list[tuple[int, float]] = []  # (records written, client RSS in MB)
    peak = 0.0
    while process.poll() is None:
        status = _status(process.pid)
        if status:
            peak = max(peak, status.get("VmHWM", 0.0))
            done = _lines(jsonl)
            samples.append((done, status.get("VmRSS", 0.0)))
        time.sleep(0.5)
    wall = time.perf_counter() - started
    # "start": the first sample once a hundredth of the pairs are recorded (the client's
    # imports and the pool or cluster connection done); "end": the last sample.
    early = [rss for done, rss in samples if done >= max(1, total // 100)] or [0.0]
    return Run(
        wall=wall,
        start_mb=early[0],
        end_mb=samples[-1][1] if samples else 0.0,
        peak_mb=peak,
        status=process.returncode,
    )


@dataclass
class Run:
    wall: float
    start_mb: float
    end_mb: float
    peak_mb: float
    status: int | None


def _status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process in MB ({} once it is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {
        line.split(":")[0]: int(line.split()[1]) / 1024
        for line in text.splitlines()
        if line.startswith(("VmRSS", "VmHWM"))
    }


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(1 for _ in stream)
    except OSError:
        return 0


def summaries(jsonl: Path) -> list[tuple[str, str]]:
    return [
        (record["pair"], json.dumps(record["summary"]))
        for record in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())
    ]


def main() -> None:
    from distributed import LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--long", type=int, default=20)
    parser.add_argument(
        "--ship-pairs",
        type=int,
        default=None,
        help="run --ship on the first N memo pairs (and as many long ones in proportion)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "CLUSTER.md")
    arguments = parser.parse_args()
    total = arguments.pairs + arguments.long
    ship_pairs = arguments.ship_pairs or arguments.pairs
    ship_long = arguments.long * ship_pairs // max(arguments.pairs, 1)
    runs: dict[str, Run] = {}
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "arkiv"
        folder.mkdir()
        archive(folder, arguments.pairs, arguments.long)
        shipped = Path(temporary) / "arkiv-ship" / "arkiv"
        shipped.mkdir(parents=True)
        archive(shipped, ship_pairs, ship_long)
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            address = cluster.scheduler_address
            runs["LocalCluster, 2 workers"] = run(
                folder, Path(temporary) / "cluster.jsonl", ["--scheduler", address], total
            )
            name = "LocalCluster, 2 workers, `--ship` from a private folder"
            totals[name] = ship_pairs + ship_long
            runs[name] = run(
                shipped,
                Path(temporary) / "ship.jsonl",
                ["--scheduler", address, "--ship"],
                totals[name],
                hidden=True,
            )
        runs["local pool, `--jobs 2`"] = run(
            folder, Path(temporary) / "local.jsonl", ["-j", "2"], total
        )
        reference = summaries(Path(temporary) / "local.jsonl")
        same = {}
        for name in ("cluster", "ship"):
            found = summaries(Path(temporary) / f"{name}.jsonl")
            names = {pair for pair, _ in found}
            same[name] = bool(found) and found == [r for r in reference if r[0] in names]
    lines = [
        "# Batch: pairs per second, local pool and Dask LocalCluster",
        "",
        f"`python bench/cluster.py --pairs {arguments.pairs} --long {arguments.long}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}: {arguments.pairs} memo pairs and {arguments.long} "
        "real-world PDFs of 10-50 pages (text against PDF), no cache.",
        "",
        "| runner | pairs | wall | pairs per second | client memory, start | at the end | "
        "client peak | exit status |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in runs.items():
        lines.append(
            f"| {name} | {totals.get(name, total)} | {result.wall:.1f} s | "
            f"{totals.get(name, total) / result.wall:.2f} | "
            f"{result.start_mb:.0f} MB | {result.end_mb:.0f} MB | {result.peak_mb:.0f} MB | "
            f"{result.status} |"
        )
    lines += [
        "",
        "Records identical to the local pool's: "
        + ", ".join(f"{name} {'yes' if equal else 'NO'}" for name, equal in same.items())
        + ". The client's memory is its own process's resident size (the pool's workers "
        "are its children, not counted), sampled every half second: at the start once a "
        "hundredth of the pairs are recorded, and at the end. The `--ship` client runs in "
        "a mount namespace of its own from a tmpfs the workers cannot see. The cluster's "
        "time includes connecting to the scheduler and shipping each pair's task and "
        "result; on one machine it can only match the pool, its use is many machines.",
    ]
    arguments.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
