"""Mutate real inputs and run docreconcile on each mutant: count exits, tracebacks and
internal errors; write bench/FUZZ.md.

    python bench/fuzz.py [--pdf 500] [--text 200] [--office 200] [--seed 1]

Mutants are made from the bundled fixture's PDF and text and the office versions of a
Kungsbacka memo (tests/office: DOCX, ODT, HTML, Markdown): bytes flipped, cut short,
chunks repeated or dropped, random bytes put in; for the zip formats also their XML part
mutated and zipped again (so the parser, not only the unzipper, sees damage). Each runs
as a user would (`docreconcile MUTANT OTHER --no-cache --timeout 20`), two at a time, in
a clean environment. Every run must exit 0, 1 or 2, with no traceback and no "internal
error". Not run by CI (about ten minutes on two cores).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "fixtures" / "linkoping" / "tjansteskrivelse.txt"
PDF = ROOT / "fixtures" / "linkoping" / "tjansteskrivelse.pdf"
OFFICE = ROOT / "tests" / "office"
DOCRECONCILE = shutil.which("docreconcile") or "docreconcile"


def mutated_bytes(data: bytes, rng: random.Random) -> bytes:
    """One of five damages a file suffers: flipped bytes, cut short, a chunk repeated, a
    chunk dropped, random bytes put in."""
    kind = rng.randrange(5)
    buffer = bytearray(data)
    if kind == 0:
        for _ in range(rng.randint(1, 20)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif kind == 1:
        del buffer[rng.randrange(1, len(buffer)) :]
    elif kind == 2:
        start = rng.randrange(len(buffer))
        chunk = buffer[start : start + rng.randint(1, 4096)]
        buffer[start:start] = chunk * rng.randint(2, 50)
    elif kind == 3:
        start = rng.randrange(len(buffer))
        del buffer[start : start + rng.randint(1, 4096)]
    else:
        at = rng.randrange(len(buffer))
        buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    return bytes(buffer)


def mutated_zip(path: Path, rng: random.Random) -> bytes:
    """An office file with its main XML part damaged and zipped again."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(out, "w") as archive:
        for item in original.infolist():
            data = original.read(item)
            if item.filename in ("word/document.xml", "content.xml"):
                data = mutated_bytes(data, rng)
            archive.writestr(item, data)
    return out.getvalue()


def mutants(counts: dict[str, int], seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """(kind, mutant, the file it is compared with)."""
    rng = random.Random(seed)
    made = []
    sources = {
        "pdf": [(PDF, TEXT)],
        "text": [(TEXT, PDF), (OFFICE / "memo05.txt", OFFICE / "memo05.docx")],
        "office": [
            (OFFICE / f"memo05.{suffix}", OFFICE / "memo05.txt")
            for suffix in ("docx", "odt", "html", "md")
        ],
    }
    for kind, count in counts.items():
        for number in range(count):
            source, other = rng.choice(sources[kind])
            if source.suffix in (".docx", ".odt") and rng.random() < 0.5:
                data = mutated_zip(source, rng)
            else:
                data = mutated_bytes(source.read_bytes(), rng)
            mutant = folder / f"{kind}-{number:04d}{source.suffix}"
            mutant.write_bytes(data)
            made.append((kind, mutant, other))
    return made


def run(mutant: Path, other: Path) -> tuple[int, bool, bool, float]:
    """Exit status, whether a traceback or an internal error was written, and seconds."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    started = time.monotonic()
    result = subprocess.run(
        [DOCRECONCILE, str(mutant), str(other), "--no-cache", "--timeout", "20", "-q"],
        capture_output=True,
        env=environment | {"NO_COLOR": "1"},
        timeout=300,
        check=False,
    )
    said = result.stderr.decode("utf-8", "replace")
    return (
        result.returncode,
        "Traceback" in said,
        "internal error" in said,
        time.monotonic() - started,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=int, default=500)
    parser.add_argument("--text", type=int, default=200)
    parser.add_argument("--office", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    counts = {"pdf": arguments.pdf, "text": arguments.text, "office": arguments.office}
    started = time.monotonic()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        made = mutants(counts, arguments.seed, Path(folder))
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda item: run(item[1], item[2]), made))
        bad = [
            (item[1].name, outcome)
            for item, outcome in zip(made, outcomes, strict=True)
            if outcome[0] not in (0, 1, 2) or outcome[1] or outcome[2]
        ]
        for kind in counts:
            mine = [o for item, o in zip(made, outcomes, strict=True) if item[0] == kind]
            statuses = Counter(o[0] for o in mine)
            rows.append(
                (
                    kind,
                    len(mine),
                    ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())),
                    sum(o[1] for o in mine),
                    sum(o[2] for o in mine),
                    max((o[3] for o in mine), default=0.0),
                )
            )
    lines = [
        "# Fuzz: mutants of real inputs",
        "",
        f"`python bench/fuzz.py --pdf {arguments.pdf} --text {arguments.text} --office "
        f"{arguments.office} --seed {arguments.seed}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}, {time.monotonic() - started:.0f} s, no PYTHONUNBUFFERED.",
        "",
        "| mutants of | runs | exit statuses | tracebacks | internal errors | slowest |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
        *(
            f"| {kind} | {runs} | {statuses} | {tracebacks} | {internal} | {slowest:.1f} s |"
            for kind, runs, statuses, tracebacks, internal, slowest in rows
        ),
        "",
        "Runs that exited otherwise than 0, 1 or 2, or wrote a traceback or an internal error:",
        "",
        *([f"- {name}: {outcome}" for name, outcome in bad] or ["- none"]),
    ]
    (ROOT / "bench" / "FUZZ.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
