"""docreconcile against pdfminer.six's own `pdf2txt.py`, side by side in one run; writes its
section of bench/RESULTS.md (between its markers; the rest of the file is `run.py`'s).

    python bench/against_pdf2txt.py                # 500 pages, 5 rounds
    python bench/against_pdf2txt.py --pages 100 --rounds 3

Each round runs every command once, interleaved, so that a slow moment of the machine
costs them alike; the medians are compared. Measured per command: CPU time (user and
system, of the process and every process it started: docreconcile reads a PDF in child
processes) and the peak memory of the largest process. The targets are issue 13's:

- text vs PDF, one process (`--jobs 1`): at most 0.5x `pdf2txt.py`'s CPU time, and at most
  1.5x its peak memory;
- PDF vs PDF, one process: at most 1.0x one `pdf2txt.py` run; with `--jobs 2` at most
  0.6x (wall time: what two processes buy);
- a cached re-check (the same pair again): at most 0.03x;
- `docreconcile --help`: at most 0.15 s wall (measured in this environment, and as
  `pip install .` installs it in a new virtual environment, without the test extras).

It is a benchmark, not a test: nothing here is asserted, and CI does not run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import generate, write_pdf  # the same generated document as run.py

ROOT = Path(__file__).resolve().parent.parent

_WRAPPER = (
    "import resource, subprocess, sys, time;"
    "start = time.perf_counter();"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "wall = time.perf_counter() - start;"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss, wall, r.returncode)"
)


def measure(command: list[str]) -> tuple[float, float, float]:
    """CPU seconds of the command's process tree, peak RSS of its largest process (MB),
    wall seconds."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True
    )
    cpu, peak_kb, wall, _status = result.stdout.split()
    return float(cpu), int(peak_kb) / 1024, float(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    arguments = parser.parse_args()
    docreconcile, pdf2txt = shutil.which("docreconcile"), shutil.which("pdf2txt.py")
    if docreconcile is None or pdf2txt is None:
        raise SystemExit("install the project first: python -m pip install -e '.[dev]'")
    with tempfile.TemporaryDirectory() as folder:
        original, edited, _ = generate(arguments.pages)
        text, pdf = Path(folder) / "doc.txt", Path(folder) / "doc.pdf"
        pdf_b = Path(folder) / "doc-b.pdf"
        text.write_text("\n\n".join(original) + "\n", encoding="utf-8")
        pages = write_pdf(edited, pdf)
        write_pdf(original, pdf_b)
        cache = Path(folder) / "cache"
        fresh = ["--format", "json", "--no-progress", "--no-cache"]
        commands = {
            "pdf2txt.py": [pdf2txt, str(pdf), "-o", os.devnull],
            "text vs PDF, --jobs 1": [docreconcile, str(text), str(pdf), *fresh, "-j", "1"],
            "PDF vs PDF, --jobs 1": [docreconcile, str(pdf_b), str(pdf), *fresh, "-j", "1"],
            "PDF vs PDF, --jobs 2": [docreconcile, str(pdf_b), str(pdf), *fresh, "-j", "2"],
            "text vs PDF, cached": [
                docreconcile,
                str(text),
                str(pdf),
                "--format",
                "json",
                "--no-progress",
                "--cache-dir",
                str(cache),
            ],
            "--help": [docreconcile, "--help"],
            "--help, as `pip install .` installs it": [
                str(plain_install(Path(folder) / "venv")),
                "--help",
            ],
        }
        subprocess.run(commands["text vs PDF, cached"], capture_output=True)  # fill the cache
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
        for round_number in range(arguments.rounds):
            for name, command in commands.items():
                runs[name].append(measure(command))
            print(f"round {round_number + 1} of {arguments.rounds} done", file=sys.stderr)
    medians = {
        name: tuple(statistics.median(values[i] for values in measured) for i in range(3))
        for name, measured in runs.items()
    }
    section = render(medians, pages, arguments)
    write_section(arguments.output, section)
    print(section)


def plain_install(folder: Path) -> Path:
    """docreconcile as a user installs it (`pip install .` in a new virtual environment,
    no test extras), its command's path: start-up depends on what else is installed (the
    test extras bring attrs, which rich imports when it is there)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return folder / "bin" / "docreconcile"


BEGIN = "<!-- begin: bench/against_pdf2txt.py -->"
END = "<!-- end: bench/against_pdf2txt.py -->"


def write_section(path: Path, section: str) -> None:
    """Put `section` between the markers in `path`, replacing what stood there (or at the
    end, the first time); `run.py` keeps it when it rewrites the rest."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{BEGIN}\n{section}{END}\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + block + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    path.write_text(text, encoding="utf-8")


def render(medians: dict[str, tuple[float, ...]], pages: int, arguments: argparse.Namespace) -> str:
    import pdfminer

    reference_cpu, reference_peak, reference_wall = medians["pdf2txt.py"]
    lines = [
        "## Issue 13's targets: docreconcile against pdf2txt.py, side by side",
        "",
        f"Command: `python bench/against_pdf2txt.py --pages {arguments.pages} "
        f"--rounds {arguments.rounds}`",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, pdfminer.six {pdfminer.__version__}, "
        f"{time.strftime('%Y-%m-%d')}.",
        "",
        f"Document: the generated {pages}-page PDF of `bench/run.py` (justified A4, running "
        "header, page numbers); its text version, and a second PDF of it. Medians of "
        f"{arguments.rounds} interleaved rounds. CPU: user + system of the whole process tree.",
        "",
        "| command | CPU | CPU vs pdf2txt.py | wall | wall vs pdf2txt.py | peak memory | "
        "memory vs pdf2txt.py |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (cpu, peak, wall) in medians.items():
        lines.append(
            f"| {name} | {cpu:.2f} s | {cpu / reference_cpu:.2f}x | {wall:.2f} s | "
            f"{wall / reference_wall:.2f}x | {peak:.0f} MB | {peak / reference_peak:.2f}x |"
        )
    targets = [
        ("text vs PDF, one process: CPU <= 0.5x", "text vs PDF, --jobs 1", 0, 0.5),
        ("text vs PDF, one process: peak memory <= 1.5x", "text vs PDF, --jobs 1", 1, 1.5),
        ("PDF vs PDF, one process: CPU <= 1.0x", "PDF vs PDF, --jobs 1", 0, 1.0),
        ("PDF vs PDF, --jobs 2: wall <= 0.6x", "PDF vs PDF, --jobs 2", 2, 0.6),
        ("cached re-check: CPU <= 0.03x", "text vs PDF, cached", 0, 0.03),
    ]
    reference = (reference_cpu, reference_peak, reference_wall)
    lines += ["", "| target | measured | |", "| --- | ---: | --- |"]
    for label, name, column, limit in targets:
        ratio = medians[name][column] / reference[column]
        shown = f"{ratio:.3f}" if ratio < 0.1 else f"{ratio:.2f}"  # 0.031 is not 0.03
        lines.append(f"| {label} | {shown}x | {'met' if ratio <= limit else 'MISSED'} |")
    for name in ("--help", "--help, as `pip install .` installs it"):
        help_wall = medians[name][2]
        where = "this venv (test extras)" if name == "--help" else "`pip install .`"
        lines.append(
            f"| `docreconcile --help` <= 0.15 s, {where} | {help_wall:.3f} s | "
            f"{'met' if help_wall <= 0.15 else 'MISSED'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
