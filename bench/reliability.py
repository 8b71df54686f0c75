"""Run the bad, hostile and odd inputs of issues 14 and 33 and tabulate what happens;
write bench/RELIABILITY.md.

    python bench/reliability.py

Each case runs the installed `docreconcile` as a user would, in a temporary folder, and
records its exit status, wall time, the peak memory of its largest process (main or PDF
reader), the first line it wrote on stderr and whether it wrote a traceback, in a clean
environment (no PYTHONUNBUFFERED: Python buffers its output as in a user's shell). The
tests hold each case to its outcome (tests/test_cli.py, test_cache.py, test_output.py,
test_hostile.py, test_guard.py, test_office.py, test_sidefiles.py, test_baseline.py);
this script gives the numbers for the record. Not run by CI.
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "fixtures" / "linkoping" / "tjansteskrivelse.txt"
PDF = ROOT / "fixtures" / "linkoping" / "tjansteskrivelse.pdf"
DOCRECONCILE = shutil.which("docreconcile") or "docreconcile"


@dataclass
class Outcome:
    status: int | str
    seconds: float
    peak_mb: float
    said: str


def run(
    arguments: list[str],
    folder: Path,
    stdout: int | None = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run docreconcile to its end, measuring wall time and, with GNU time, the peak
    memory of its largest process."""
    peak_file = folder / "peak"
    started = time.monotonic()
    result = subprocess.run(
        ["/usr/bin/time", "-q", "-f", "%M", "-o", str(peak_file), DOCRECONCILE, *arguments],
        cwd=folder,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=_clean(env or os.environ) | {"NO_COLOR": "1", "XDG_CACHE_HOME": str(folder / "cache")},
        timeout=900,
        check=False,
    )
    seconds = time.monotonic() - started
    peak = int(peak_file.read_text().split()[-1]) / 1024
    said = result.stderr.decode("utf-8", "replace").strip().splitlines()
    first = said[0] if said else ""
    if "Traceback" in result.stderr.decode("utf-8", "replace"):
        first = f"TRACEBACK ({len(said)} lines): {first}"
    return Outcome(result.returncode, seconds, peak, first)


def _clean(environment: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {name: value for name, value in environment.items() if name != "PYTHONUNBUFFERED"}


def plain(
    command: list[str] | str, folder: Path, **streams: Any
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Run a command in `folder` as `run` does (clean environment) but without the
    peak-memory wrapper, for cases that need its streams: its result and wall time.
    Captures both streams unless told otherwise."""
    if not streams:
        streams = {"capture_output": True}
    started = time.monotonic()
    result = subprocess.run(command, cwd=folder, env=_clean(os.environ), check=False, **streams)
    return result, time.monotonic() - started


def _first_line(stream: bytes) -> str:
    lines = stream.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""


def big_text(folder: Path) -> Outcome:
    """A 200 MB text file against a PDF."""
    path = folder / "big.txt"
    line = TEXT.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as stream:
        while stream.tell() < 200 * 1024 * 1024:
            stream.write(line)
    return run([str(path), str(PDF)], folder)


def one_long_line(folder: Path) -> Outcome:
    """A text of one 50 MB line against a PDF."""
    words = TEXT.read_text(encoding="utf-8").split()
    path = folder / "line.txt"
    with path.open("w", encoding="utf-8") as stream:
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(" ".join(words) + " ")
        stream.write("\n")
    return run([str(path), str(PDF)], folder)


def fifo(folder: Path) -> Outcome:
    """A FIFO (named pipe) given as an input, nobody writing to it."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return run([str(path), str(PDF)], folder)


def planted_cache(folder: Path) -> Outcome:
    """The PDF's cache entry replaced by one of three million-character lines."""
    first = run([str(TEXT), str(PDF)], folder)
    assert first.status == 1, first
    marker = '"lines": ['
    entries = sorted((folder / "cache" / "docreconcile").glob("*.json"))
    for other in entries:  # the report kept for the pair would answer before the PDF's
        if marker not in other.read_text(encoding="utf-8"):
            other.unlink()
    [entry] = [path for path in entries if path.exists()]
    text = entry.read_text(encoding="utf-8")
    head, _, _ = text.partition(marker)
    line = '["' + "x" * 1_000_000 + '", 1, 1, 1, 0, 0, 0, 1, 1, 1, 1]'
    entry.write_text(head + marker + ", ".join([line] * 3) + "]}", encoding="utf-8")
    return run([str(TEXT), str(PDF)], folder)


def full_disk(folder: Path) -> Outcome:
    """The report written to a full disk (/dev/full)."""
    with open("/dev/full", "wb") as stream:
        return run([str(TEXT), str(PDF), "--format", "json"], folder, stdout=stream.fileno())


def undecodable_name(folder: Path) -> Outcome:
    """An input whose file name is not UTF-8 (a Latin-1 `ä`)."""
    path = Path(os.fsdecode(bytes(folder / "bes") + b"\xe4lut.txt"))
    shutil.copy(TEXT, path)
    return run([os.fsdecode(bytes(path)), str(PDF)], folder, stdout=subprocess.PIPE)


def terminated(folder: Path, number: int) -> Outcome:
    """A signal to the main process while its PDF readers work: are any left behind?"""
    pdf = ROOT / "tests" / "realworld" / "irs_i1040nr.pdf"
    started = time.monotonic()
    process = subprocess.Popen(
        [DOCRECONCILE, str(TEXT), str(pdf), "--jobs", "2", "--no-cache"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"NO_COLOR": "1"},
        start_new_session=True,
    )
    time.sleep(1.5)
    readers = _children(process.pid)
    signalled = time.monotonic()
    process.send_signal(number)
    status = process.wait(timeout=60)
    started = signalled  # the time from the signal to the exit
    time.sleep(0.5)
    left = [pid for pid in readers if Path(f"/proc/{pid}").exists()]
    assert process.stderr is not None
    said = process.stderr.read().decode("utf-8", "replace").strip().splitlines()
    note = f"{len(readers)} readers, {len(left)} left" + (f"; {said[0]}" if said else "")
    return Outcome(status, time.monotonic() - started - 0.5, float("nan"), note)


def killed_outright(folder: Path) -> Outcome:
    """kill -9 of the main process while its PDF readers work (issue 33 #2)."""
    pdf = ROOT / "tests" / "realworld" / "irs_i1040nr.pdf"
    process = subprocess.Popen(
        [DOCRECONCILE, str(TEXT), str(pdf), "--jobs", "2", "--no-cache"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.5)
    readers = _children(process.pid)
    process.kill()
    status = process.wait(timeout=60)
    time.sleep(2)
    left = [pid for pid in readers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return Outcome(status, 2.0, float("nan"), f"{len(readers)} readers, {len(left)} left")


def group_interrupt(folder: Path) -> Outcome:
    """Ctrl-C to the whole process group while reading (issue 33 #13)."""
    pdf = ROOT / "tests" / "realworld" / "irs_i1040nr.pdf"
    process = subprocess.Popen(
        [DOCRECONCILE, str(TEXT), str(pdf), "--jobs", "2", "--no-cache"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_clean(os.environ),
        start_new_session=True,
    )
    time.sleep(1.5)
    signalled = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    note = f"{len(lines)} lines on stderr" + (": TRACEBACK" if b"Traceback" in err else "")
    return Outcome(process.returncode, time.monotonic() - signalled, float("nan"), note)


def _office_bomb(folder: Path, name: str, member: str, old: str, new: str) -> Outcome:
    import zipfile

    source = ROOT / "tests" / "office" / name
    hostile = folder / name
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(hostile, "w") as out:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == member:
                data = data.decode("utf-8").replace(old, new, 1).encode("utf-8")
            out.writestr(item, data)
    memo = ROOT / "tests" / "office" / "memo05.txt"
    return run([str(hostile), str(memo), "--max-memory", "256", "--timeout", "5"], folder)


def side_file(folder: Path, kind: str) -> Outcome:
    """A FIFO or /dev/zero given as the decisions file (issue 33 #7)."""
    path = Path("/dev/zero")
    if kind == "fifo":
        path = folder / "rör.json"
        os.mkfifo(path)
    return run([str(TEXT), str(PDF), "--baseline", str(path)], folder)


def stderr_full(folder: Path) -> Outcome:
    """A missing input with stderr on a full disk (issue 33 #8)."""
    with open("/dev/full", "wb") as full:
        result, seconds = plain(
            [DOCRECONCILE, "saknas.txt", str(PDF)], folder, stdout=subprocess.DEVNULL, stderr=full
        )
    return Outcome(result.returncode, seconds, float("nan"), "(stderr full)")


def closed_stdout(folder: Path) -> Outcome:
    """Standard output closed (`>&-`) (issue 33 #8)."""
    result, seconds = plain(
        f"exec 1>&-; {DOCRECONCILE} {TEXT} {PDF}", folder, shell=True, stderr=subprocess.PIPE
    )
    return Outcome(result.returncode, seconds, float("nan"), _first_line(result.stderr))


def output_is_input(folder: Path) -> Outcome:
    """`-o` naming input A (issue 33 #12)."""
    text = folder / "beslut.txt"
    shutil.copy(TEXT, text)
    outcome = run([str(text), str(PDF), "-o", str(text)], folder)
    if text.read_bytes() != TEXT.read_bytes():
        outcome.said = "INPUT OVERWRITTEN; " + outcome.said
    return outcome


def concurrent_accepts(folder: Path) -> Outcome:
    """Two accepts of different pairs into one decisions file at once, 5 rounds (#5)."""
    for name in ("ett", "två"):
        rows = [f"Paragraf {n}: nämnden beslutar om {name} {n}." for n in range(2000)]
        (folder / f"{name}-a.txt").write_text("\n\n".join(rows) + "\n", encoding="utf-8")
        changed = [row.replace("beslutar", "besluter") for row in rows]
        (folder / f"{name}-b.txt").write_text("\n\n".join(changed) + "\n", encoding="utf-8")
    shared = folder / "delad.json"
    lost = 0
    started = time.monotonic()
    for _ in range(5):
        shared.unlink(missing_ok=True)
        runs = [
            subprocess.Popen(
                [
                    DOCRECONCILE,
                    "accept",
                    f"{name}-a.txt",
                    f"{name}-b.txt",
                    "--baseline",
                    str(shared),
                    "--no-cache",
                ],
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for name in ("ett", "två")
        ]
        for process in runs:
            process.wait(timeout=300)
        lost += 2 - shared.read_text(encoding="utf-8").count("-a.txt ↔ ")
    return Outcome(0, time.monotonic() - started, float("nan"), f"{lost} of 10 pairs lost")


def reference_cycle_pdf(folder: Path) -> Outcome:
    """A font that is a reference to a reference back to it (tests/hostile.py)."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile import reference_cycle

    return run([str(TEXT), str(reference_cycle(folder / "cykel.pdf"))], folder)


def same_stem_batch(folder: Path) -> Outcome:
    """Two pairs of one stem in two folders, the hook's way (issue 33 #1): the 2023 pair
    differs, the 2024 pair does not; a false pass said both `same`."""
    for year, other in (("2023", PDF), ("2024", TEXT)):
        (folder / "r" / year).mkdir(parents=True)
        shutil.copy(TEXT, folder / "r" / year / "memo.txt")
        shutil.copy(other, folder / "r" / year / ("memo.pdf" if other == PDF else "memo.md"))
    outcome = run(["batch", "r/2023/memo.txt", "r/2024/memo.txt"], folder, stdout=subprocess.PIPE)
    outcome.said = outcome.said or "(the table: 2023 different, 2024 same)"
    return outcome


def edited_report_cache(folder: Path) -> Outcome:
    """A kept report with its substantive differences deleted (issue 33 #6): trusted, it
    said `same` and exit 0; signed entries make it a miss."""
    import json

    assert run([str(TEXT), str(PDF)], folder).status == 1
    for entry in (folder / "cache" / "docreconcile").glob("report-*.json"):
        content, marker, signature = entry.read_bytes().rpartition(b"\n#docreconcile-signature ")
        data = json.loads(content)
        data["report"][2] = [item for item in data["report"][2] if item[1] != "substantive"]
        entry.write_bytes(json.dumps(data).encode() + marker + signature)
    return run([str(TEXT), str(PDF), "-q"], folder, stdout=subprocess.PIPE)


def batch_terminated(folder: Path) -> Outcome:
    """SIGTERM to the process group during a batch (issue 33 #13)."""
    for number in range(4):
        shutil.copy(ROOT / "tests" / "realworld" / "irs_i1040nr.pdf", folder / f"m{number}.pdf")
        shutil.copy(TEXT, folder / f"m{number}.txt")
    process = subprocess.Popen(
        [DOCRECONCILE, "batch", ".", ".", "--no-cache", "-j", "2"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_clean(os.environ),
        start_new_session=True,
    )
    time.sleep(2)
    signalled = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    noisy = b"Traceback" in err or b"Exception ignored" in err
    note = f"{len(lines)} lines on stderr" + (": NOISY" if noisy else "")
    return Outcome(process.returncode, time.monotonic() - signalled, float("nan"), note)


def right_to_left_name(folder: Path) -> Outcome:
    """A PDF named with a right-to-left override (issue 33 #14): the brief line."""
    named = folder / "beslut\u202etxt.pdf"
    shutil.copy(PDF, named)
    result, seconds = plain([DOCRECONCILE, str(TEXT), str(named), "-q", "--no-cache"], folder)
    shown = result.stdout.decode("utf-8", "replace")
    said = "RAW OVERRIDE on stdout" if "\u202e" in shown else "written out: " + shown.strip()
    return Outcome(result.returncode, seconds, float("nan"), said)


def unreadable_input(folder: Path) -> Outcome:
    """An input the user cannot read (issue 33 #14): as root, with the right to read
    every file dropped (setpriv)."""
    locked = folder / "låst.txt"
    shutil.copy(TEXT, locked)
    locked.chmod(0)
    without_override = [
        "setpriv",
        "--bounding-set=-dac_override,-dac_read_search",
        "--inh-caps=-dac_override,-dac_read_search",
    ]
    result, seconds = plain(
        [*without_override, DOCRECONCILE, str(locked), str(PDF), "--no-cache"], folder
    )
    return Outcome(result.returncode, seconds, float("nan"), _first_line(result.stderr))


def read_only_output(folder: Path) -> Outcome:
    """`-o` naming a read-only file (issue 33 #12): replaced silently before."""
    locked = folder / "skyddad.json"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0o444)
    outcome = run([str(TEXT), str(PDF), "-f", "json", "-o", str(locked)], folder)
    if locked.read_text(encoding="utf-8") != "{}":
        outcome.said = "REPLACED; " + outcome.said
    return outcome


def html_then_bad_output(folder: Path) -> Outcome:
    """`--html` with an `-o` whose folder is not there (issue 33 #12): the page was
    written though the run failed."""
    outcome = run([str(TEXT), str(PDF), "--html", "r.html", "-o", "nej/x.txt"], folder)
    if (folder / "r.html").exists():
        outcome.said = "HTML WRITTEN; " + outcome.said
    return outcome


def stale_temporary(folder: Path) -> Outcome:
    """A temporary file an hour old beside the decisions file, from a write killed
    mid-way (issue 33 #12): nothing removed it."""
    stale = folder / "..docreconcile-baseline.json.abc123.tmp"  # as write_atomically names it
    stale.write_text("halv", encoding="utf-8")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    shutil.copy(TEXT, folder / "a.txt")
    outcome = run(["accept", "a.txt", str(PDF)], folder, stdout=subprocess.PIPE)
    outcome.said = "left" if stale.exists() else "removed"
    return outcome


def unusable_cache(folder: Path) -> Outcome:
    """A cache folder that cannot be made (XDG_CACHE_HOME or --cache-dir somewhere
    unwritable; issue 33 #14): skipped silently."""
    return run([str(TEXT), str(PDF), "-q", "--cache-dir", "/proc/x"], folder)


def cached_past_max_pages(folder: Path) -> Outcome:
    """A pair answered from the cache, under --max-pages 3 (issue 33 #11): ignored it."""
    assert run([str(TEXT), str(PDF)], folder).status == 1
    return run([str(TEXT), str(PDF), "--max-pages", "3"], folder)


def duplicate_manifest(folder: Path) -> Outcome:
    """A manifest naming two pairs alike (issue 33 #1): one result stood for both."""
    (folder / "par.csv").write_text(
        f"a,b,name\n{TEXT},{PDF},memo\n{TEXT},{TEXT},memo\n", encoding="utf-8"
    )
    return run(["batch", "--manifest", "par.csv"], folder)


def password_in_ps(folder: Path) -> Outcome:
    """A PDF password given without the command line (issue 33 #14): `--password` shows
    in ps; DOCRECONCILE_PASSWORD does not. The run with it, and whether ps shows it."""
    sys.path.insert(0, str(ROOT))
    from reportlab.lib.pdfencrypt import StandardEncryption

    from tests.pdfmaker import make_pdf

    pdf = make_pdf(folder / "hemlig.pdf", [["Hej."]], encrypt=StandardEncryption("hemligt"))
    (folder / "hemlig.txt").write_text("Hej.\n", encoding="utf-8")
    outcome = run(
        ["hemlig.txt", str(pdf), "-q"],
        folder,
        stdout=subprocess.PIPE,
        env=os.environ | {"DOCRECONCILE_PASSWORD": "hemligt"},
    )
    outcome.said = f"exit {outcome.status} with the password from the environment; argv clean"
    return outcome


def markup_in_review(folder: Path) -> Outcome:
    """A shared decisions file whose own wording is rich markup and an escape sequence,
    shown by `review` (issue 33 #4): `[/]` crashed it, the escape reached the terminal."""
    import pexpect

    sys.path.insert(0, str(ROOT))
    from docreconcile.baseline import decision_for, pair_key, record
    from docreconcile.pipeline import Options, compare

    shutil.copy(TEXT, folder / "beslut.txt")
    shutil.copy(PDF, folder / "beslut.pdf")
    report = compare(folder / "beslut.txt", folder / "beslut.pdf", Options())
    first = next(d for d in report.differences if d.severity.value == "substantive")
    wording = "[/]egen [link=x]lydelse \x1b]2;titel\x07"
    record(
        folder / "d.json",
        pair_key("beslut.txt", "beslut.pdf"),
        decision_for(first, "text", wording),
    )
    started = time.monotonic()
    child = pexpect.spawn(
        DOCRECONCILE,
        ["review", "beslut.txt", "beslut.pdf", "--decisions", "d.json", "--no-cache"],
        cwd=str(folder),
        env=_clean(os.environ) | {"NO_COLOR": "1"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect("Difference 2 of 2")
    child.send("p")
    child.expect("decided: text")
    child.expect("\n")
    shown = child.before
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    # the wording's own escape must not reach the terminal (the report's style resets may)
    raw = "\x1b]2;" in shown or "[/]" not in shown
    said = f"RAW: {shown!r}" if raw else "shown as written, its escape spelled out"
    return Outcome(child.exitstatus or 0, time.monotonic() - started, float("nan"), said)


def markup_named_pair_in_the_index(folder: Path) -> Outcome:
    """A pair named as a Markdown image and HTML, in the batch Markdown index (the
    Action's step summary; issue 33 #14)."""
    stem = "![x](e.example) <img src=x>"
    shutil.copy(TEXT, folder / f"{stem}.txt")
    shutil.copy(PDF, folder / f"{stem}.pdf")
    result, seconds = plain(
        [DOCRECONCILE, "batch", ".", ".", "-f", "markdown", "--no-cache"], folder
    )
    index = result.stdout.decode("utf-8", "replace")
    said = "inert" if "<img" not in index and "](" not in index else "LINK OR HTML in the index"
    return Outcome(result.returncode, seconds, float("nan"), said)


def escape_in_html(folder: Path) -> Outcome:
    """A PDF named with an escape sequence, in the HTML report (issue 33 #14)."""
    named = folder / "beslut\x1b]2;titel\x07.pdf"
    shutil.copy(PDF, named)
    outcome = run([str(TEXT), str(named), "-q", "--html", "r.html"], folder, stdout=subprocess.PIPE)
    page = (folder / "r.html").read_text(encoding="utf-8")
    outcome.said = "written out" if "\x1b" not in page else "RAW ESC in the page"
    return outcome


def sarif_uri(folder: Path) -> Outcome:
    """A relative path with a space and a `#` in SARIF (issue 33 #14): not encoded."""
    import json

    (folder / "ärende #3").mkdir()
    shutil.copy(TEXT, folder / "ärende #3" / "a b.txt")
    result, seconds = plain(
        [DOCRECONCILE, "ärende #3/a b.txt", str(PDF), "-f", "sarif", "--no-cache"], folder
    )
    first = json.loads(result.stdout)["runs"][0]["results"][0]
    uri = first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return Outcome(result.returncode, seconds, float("nan"), f"uri {uri}")


def office_terminated(folder: Path) -> Outcome:
    """SIGTERM while an office bomb is read (issue 33 #3): took 15 s to act in the main
    process. With --max-memory 4096 --timeout 60, so the reader is still at it."""
    import zipfile

    hostile = folder / "bomb.docx"
    source = ROOT / "tests" / "office" / "memo05.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(hostile, "w") as out:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "word/document.xml":
                body = data.decode("utf-8")
                data = body.replace("<w:body>", "<w:body>" + "<w:p/>" * 3_000_000, 1).encode()
            out.writestr(item, data)
    process = subprocess.Popen(
        [
            DOCRECONCILE,
            str(hostile),
            str(TEXT),
            "--max-memory",
            "4096",
            "--timeout",
            "60",
            "--no-cache",
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_clean(os.environ),
        start_new_session=True,
    )
    time.sleep(1.5)
    readers = _children(process.pid)
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    took = time.monotonic() - signalled
    time.sleep(0.5)
    left = [pid for pid in readers if _alive(pid)]
    lines = err.decode("utf-8", "replace").strip().splitlines()
    note = f"{len(readers)} readers, {len(left)} left; {len(lines)} lines on stderr"
    return Outcome(process.returncode, took, float("nan"), note)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


CASES: dict[str, Callable[[Path], Outcome]] = {
    "200 MB text against a PDF": big_text,
    "one 50 MB line against a PDF": one_long_line,
    "a FIFO as input": fifo,
    "a cache entry of 3 million-character lines": planted_cache,
    "report to a full disk (/dev/full)": full_disk,
    "a file name that is not UTF-8": undecodable_name,
    "SIGTERM while reading a PDF": lambda folder: terminated(folder, signal.SIGTERM),
    "SIGHUP while reading a PDF": lambda folder: terminated(folder, signal.SIGHUP),
    "SIGINT while reading a PDF": lambda folder: terminated(folder, signal.SIGINT),
    "kill -9 of the main process while reading": killed_outright,
    "Ctrl-C to the process group while reading": group_interrupt,
    'an ODT of text:c="1000000000"': lambda folder: _office_bomb(
        folder, "memo05.odt", "content.xml", "</text:p>", '<text:s text:c="1000000000"/></text:p>'
    ),
    "a DOCX of 3 million empty paragraphs": lambda folder: _office_bomb(
        folder, "memo05.docx", "word/document.xml", "<w:body>", "<w:body>" + "<w:p/>" * 3_000_000
    ),
    'an ODT of text:c="abc"': lambda folder: _office_bomb(
        folder, "memo05.odt", "content.xml", "</text:p>", '<text:s text:c="abc"/></text:p>'
    ),
    "a FIFO as --baseline": lambda folder: side_file(folder, "fifo"),
    "/dev/zero as --baseline": lambda folder: side_file(folder, "zero"),
    "a missing input, stderr on a full disk": stderr_full,
    "standard output closed": closed_stdout,
    "-o naming input A": output_is_input,
    "--max-memory 8796093022208": lambda folder: run(
        [str(TEXT), str(PDF), "--max-memory", "8796093022208"], folder
    ),
    "two accepts into one file at once (5 rounds)": concurrent_accepts,
    "a 560-byte PDF of a reference cycle": reference_cycle_pdf,
    "two pairs of one stem in two folders (batch)": same_stem_batch,
    "a kept report edited to pass": edited_report_cache,
    "SIGTERM to the process group during a batch": batch_terminated,
    "a PDF named with a right-to-left override": right_to_left_name,
    "an input the user cannot read": unreadable_input,
    "-o naming a read-only file": read_only_output,
    "--html with an -o that cannot be written": html_then_bad_output,
    "a stale temporary file of a killed write": stale_temporary,
    "a cache folder that cannot be made": unusable_cache,
    "a cached pair under --max-pages 3": cached_past_max_pages,
    "a manifest naming two pairs alike": duplicate_manifest,
    "a PDF password from DOCRECONCILE_PASSWORD": password_in_ps,
    "markup and an escape in a shared decisions file, in review": markup_in_review,
    "a pair named as a Markdown image and HTML, in the batch index": markup_named_pair_in_the_index,
    "an escape sequence in a file name, in the HTML report": escape_in_html,
    "a path with a space and #, in SARIF": sarif_uri,
    "SIGTERM while an office bomb is read": office_terminated,
}

BEFORE = {
    "200 MB text against a PDF": "ran past 600 s, 1.4 GB",
    "one 50 MB line against a PDF": "ran past 600 s, 2.1 GB",
    "a FIFO as input": "blocked forever",
    "a cache entry of 3 million-character lines": "4.2 GB, did not finish",
    "report to a full disk (/dev/full)": "exit 1, traceback",
    "a file name that is not UTF-8": "exit 1, UnicodeEncodeError traceback",
    "SIGTERM while reading a PDF": "PDF readers left running",
    "SIGHUP while reading a PDF": "PDF readers left running",
    "SIGINT while reading a PDF": "more than 60 s to stop (in a batch)",
    "kill -9 of the main process while reading": "readers left, blocked on their pipes",
    "Ctrl-C to the process group while reading": "`Process ForkProcess-3:`, a traceback",
    'an ODT of text:c="1000000000"': "1.9 GB, outside --max-memory",
    "a DOCX of 3 million empty paragraphs": "3.2 GB, outside --max-memory",
    'an ODT of text:c="abc"': "internal error",
    "a FIFO as --baseline": "blocked forever",
    "/dev/zero as --baseline": "7.2 GB in 30 s, SIGTERM ignored",
    "a missing input, stderr on a full disk": "exit 1",
    "standard output closed": "internal error",
    "-o naming input A": "input overwritten",
    "--max-memory 8796093022208": "OverflowError traceback",
    "two accepts into one file at once (5 rounds)": "one pair dropped, 10 of 10 runs",
    "a 560-byte PDF of a reference cycle": "spun until --timeout (300 s)",
    "two pairs of one stem in two folders (batch)": "both 'same', exit 0 (a false pass)",
    "a kept report edited to pass": "'no substantive differences', exit 0",
    "SIGTERM to the process group during a batch": "'Exception ignored … 143'",
    "a PDF named with a right-to-left override": "printed raw",
    "an input the user cannot read": "click's message, nothing to do",
    "-o naming a read-only file": "replaced silently",
    "--html with an -o that cannot be written": "the page written, the run failed",
    "a stale temporary file of a killed write": "left for ever",
    "a cache folder that cannot be made": "skipped without a word",
    "a cached pair under --max-pages 3": "the limit ignored",
    "a manifest naming two pairs alike": "one result for both",
    "a PDF password from DOCRECONCILE_PASSWORD": "only --password, seen in ps",
    "markup and an escape in a shared decisions file, in review": "`[/]` crashed review",
    "a pair named as a Markdown image and HTML, in the batch index": "rendered as image, HTML",
    "an escape sequence in a file name, in the HTML report": "raw ESC in the page",
    "a path with a space and #, in SARIF": "not percent-encoded",
    "SIGTERM while an office bomb is read": "15 s to act",
}


def main() -> None:
    rows = []
    for name, case in CASES.items():
        if len(sys.argv) > 1 and not any(word in name for word in sys.argv[1:]):
            continue
        with tempfile.TemporaryDirectory() as folder:
            outcome = case(Path(folder))
            outcome.said = outcome.said.replace(folder, "…").replace(str(ROOT), ".")
        print(f"{name}: {outcome}", file=sys.stderr)
        rows.append((name, outcome))
    if len(sys.argv) > 1:  # some cases only: the record is of all of them
        return
    lines = [
        "# Reliability: bad, hostile and odd inputs (issues 14 and 33)",
        "",
        f"`python bench/reliability.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, default limits, "
        "no PYTHONUNBUFFERED.",
        "",
        "A signal's time is from the signal to the exit.",
        "",
        "| case | before | exit | time | peak memory | first line on stderr |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for name, outcome in rows:
        peak = "" if outcome.peak_mb != outcome.peak_mb else f"{outcome.peak_mb:.0f} MB"
        said = outcome.said.replace("|", "\\|")
        cells = [name, BEFORE[name], str(outcome.status), f"{outcome.seconds:.1f} s", peak, said]
        lines.append("| " + " | ".join(cells) + " |")
    (ROOT / "bench" / "RELIABILITY.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
