"""The command line: exit codes, output formats, errors on one line, the installed command."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.cli import app
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def test_fixture_comparison_exits_1_and_names_both_differences() -> None:
    status, out, _ = run(str(TEXT_VERSION), str(PDF_VERSION))
    assert status == 1
    assert "Substantive differences: 2" in out
    assert "[-Ardan-]" in out and "{+Ardalan+}" in out
    assert "[-genomlysna-]" in out and "{+genomlysa+}" in out
    assert "p. 3, line 19" in out and "line 41" in out
    assert "#77 reading order" not in out  # layout: counted in the summary, not listed


def test_same_file_exits_0() -> None:
    status, out, _ = run(str(PDF_VERSION), str(PDF_VERSION))
    assert status == 0
    assert "No substantive differences" in out


def test_show_substantive_hides_minor_and_all_shows_layout() -> None:
    _, out, _ = run(str(TEXT_VERSION), str(PDF_VERSION), "--show", "substantive")
    assert "Minor differences" not in out and "Substantive differences: 2" in out
    _, out, _ = run(str(TEXT_VERSION), str(PDF_VERSION), "--show", "all")
    assert "Layout differences (ignored): 77" in out and "Sida 2 av 4" in out
    assert "#77 reading order" in out


def test_explicit_compare_command_works_too() -> None:
    status, _, _ = run("compare", str(TEXT_VERSION), str(PDF_VERSION))
    assert status == 1


def test_json_output_follows_the_schema() -> None:
    status, out, _ = run(str(TEXT_VERSION), str(PDF_VERSION), "--format", "json")
    assert status == 1
    data = json.loads(out)
    assert data["schema"] == "docreconcile/1"
    assert data["a"]["format"] == "text" and data["b"]["format"] == "pdf"
    assert data["b"]["pages"] == 4 and data["a"]["paragraphs"] == 33
    assert data["summary"]["substantive"] == 2 and data["summary"]["minor"] == 0
    assert data["summary"]["by_category"]["spelling"] == 2
    substantive = [d for d in data["differences"] if d["severity"] == "substantive"]
    assert [(d["a"], d["b"]) for d in substantive] == [
        ("Ardan", "Ardalan"),
        ("genomlysna", "genomlysa"),
    ]
    first = substantive[0]
    assert set(first) >= {
        "id",
        "severity",
        "category",
        "a",
        "b",
        "a_context",
        "b_context",
        "a_location",
        "b_location",
    }
    assert first["a_location"] == {"page": None, "line": 41}
    assert first["b_location"] == {"page": 3, "line": 19}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "saknas.txt", "no such file"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: _write(tmp / "tom.txt", b""), "is empty"),
        (lambda tmp: _write(tmp / "bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), "PNG image"),
        (lambda tmp: _write(tmp / "binär.txt", bytes(range(256)) * 8), "binary"),
        (lambda tmp: _write(tmp / "trasig.pdf", b"%PDF-1.4\n1 0 obj\n<<"), "PDF"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    status, out, err = run(str(make(tmp_path)), str(TEXT_VERSION))
    assert status == 2
    assert out == ""
    assert err.startswith("docreconcile: error: ") and err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bad_option_exits_2() -> None:
    status, _, _ = run(str(TEXT_VERSION), str(PDF_VERSION), "--show", "everything")
    assert status == 2


def test_help_has_examples() -> None:
    status, out, _ = run("compare", "--help")
    assert status == 0 and "docreconcile beslut.txt beslut.pdf" in out


def test_installed_command_runs_on_the_fixture() -> None:
    """The README installs the package; its console script must work as installed."""
    assert shutil.which("docreconcile"), (
        "install the package first: python -m pip install -e '.[test]'"
    )
    result = subprocess.run(
        ["docreconcile", str(TEXT_VERSION), str(PDF_VERSION), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["substantive"] == 2
    piped = subprocess.run(
        ["docreconcile", str(TEXT_VERSION), str(PDF_VERSION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "\x1b[" not in piped.stdout  # plain when piped
    assert "{+Ardalan+}" in piped.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: _write(tmp / "latin.txt", b"Sida \x81\x8d"),
            "cannot be decoded as UTF-8, UTF-16 or Windows-1252",
        ),
        (
            lambda tmp: _write(tmp / "beslut.docx", b"PK\x03\x04" + b"\x00" * 40),
            "is a damaged ZIP container (a .docx or .odt cut short?)",
        ),
        (
            lambda tmp: _write(tmp / "skannad.pdf", _image_only(tmp)),
            "has no text layer (scanned pages?): read it by OCR with `--ocr auto`",
        ),
        (
            lambda tmp: _write(tmp / "kort.pdf", PDF_VERSION.read_bytes()[:900]),
            "is not a readable PDF (PSEOF: Unexpected EOF): the file is truncated",
        ),
    ],
    ids=["undecodable", "docx", "image-only", "truncated"],
)
def test_more_bad_inputs_exit_2_with_one_line(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    status, out, err = run(str(TEXT_VERSION), str(make(tmp_path)))
    assert status == 2 and out == ""
    assert err.startswith("docreconcile: error: ") and err.count("\n") == 1
    assert message in err, err


def _image_only(tmp: Path) -> bytes:
    from tests.pdfmaker import make_image_only_pdf

    return make_image_only_pdf(tmp / "bild.pdf").read_bytes()


def test_progress_bar_only_on_a_terminal_and_not_with_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from docreconcile.cli import options as cli
    from docreconcile.extract import Limits

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert cli._options("", Limits(), 1, None, True, False).progress is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert isinstance(cli._options("", Limits(), 1, None, True, False).progress, cli.PageBar)
    assert cli._options("", Limits(), 1, None, True, True).progress is None


def test_page_bar_counts_pages(tmp_path: Path) -> None:
    from rich.console import Console

    from docreconcile.cli import options as cli
    from docreconcile.extract import extract

    with (tmp_path / "bar.txt").open("w") as screen:
        bar = cli.PageBar(Console(file=screen, force_terminal=True, width=80))
        extract(PDF_VERSION, progress=bar)
        assert bar.task is not None
        assert bar.bar.tasks[0].total == 4 and bar.bar.tasks[0].completed == 4
        bar.stop()
    assert "reading tjansteskrivelse.pdf" in (tmp_path / "bar.txt").read_text(encoding="utf-8")


def test_more_jobs_than_cores_are_capped_and_said_so() -> None:
    """`--jobs 1000` forked over a thousand processes; now it uses the cores there are
    and says so on stderr."""
    cores = os.cpu_count() or 1
    result = CliRunner().invoke(
        app, [str(TEXT_VERSION), str(PDF_VERSION), "--jobs", "1000", "--no-cache"]
    )
    assert result.exit_code == 1
    assert f"--jobs 1000 is more than the {cores} cores here; using {cores}" in result.stderr


def test_pdf_library_warnings_show_only_with_verbose(tmp_path: Path) -> None:
    """pdfminer logs what it repairs (a font descriptor without a box); that reached
    stderr and made the one-line error several lines. Now only `--verbose` shows it.
    (The text drawn in the broken font is still read, its unmapped letters as `(cid:N)`,
    unreadable glyphs, not changed words.)"""
    from tests import hostile

    pdf = tmp_path / "trasig.pdf"
    plain = hostile.plain(tmp_path / "plain.pdf").read_bytes()
    pdf.write_bytes(plain.replace(b"/F1 5 0 R", b"/F1 99 0 R"))
    text = tmp_path / "a.txt"
    text.write_text("Hej från Linköping\n", encoding="utf-8")
    quiet = subprocess.run(
        ["docreconcile", str(text), str(pdf), "--no-cache"], capture_output=True, text=True
    )
    assert quiet.returncode == 0  # the line is the text's, its two letters unreadable
    assert quiet.stderr == ""
    assert "unreadable" in quiet.stdout
    verbose = subprocess.run(
        ["docreconcile", str(text), str(pdf), "--no-cache", "--verbose"],
        capture_output=True,
        text=True,
    )
    assert "docreconcile: pdfminer: Could not get FontBBox" in verbose.stderr


def test_a_fifo_or_device_as_input_is_refused_at_once(tmp_path: Path) -> None:
    """Reading a FIFO waited for ever; a device never ends. Both are one-line errors."""
    fifo = tmp_path / "rör.txt"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        completed = subprocess.run(
            ["docreconcile", str(path), str(TEXT_VERSION)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert completed.returncode == 2
        assert "is not a regular file" in completed.stderr
        assert completed.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root opens any folder")
def test_an_input_in_a_folder_we_cannot_open_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "stängd"
    folder.mkdir()
    (folder / "a.txt").write_text("text\n", encoding="utf-8")
    folder.chmod(0o000)
    try:
        status, _, err = run(str(folder / "a.txt"), str(TEXT_VERSION))
    finally:
        folder.chmod(0o700)
    assert status == 2 and "permission denied" in err and err.count("\n") == 1


def test_an_infinite_timeout_means_no_time_limit() -> None:
    """`--timeout inf` ended in an internal error (select() takes no infinite wait)."""
    realworld = Path(__file__).resolve().parent / "realworld"
    status, out, err = run(
        str(realworld / "dmca.raw.txt"),
        str(realworld / "dmca.pdf"),
        *("--timeout", "inf", "-j", "2", "--no-cache"),
    )
    assert status == 0, err
    assert "No substantive differences" in out


FIXTURE_TEXT, FIXTURE_PDF = str(TEXT_VERSION), str(PDF_VERSION)


def command(
    *args: str, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """The installed command, as a user runs it (no terminal: output piped)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        ["docreconcile", *args],
        input=stdin,
        capture_output=True,
        env={**environment, **env},
        timeout=120,
    )


def test_brief_says_in_one_line_whether_and_how_they_differ() -> None:
    differ = command(FIXTURE_TEXT, FIXTURE_PDF, "-q")
    assert differ.returncode == 1
    assert differ.stdout.decode().splitlines() == [
        f"{FIXTURE_TEXT} and {FIXTURE_PDF} differ: 2 substantive, 0 minor differences"
    ]
    same = command(FIXTURE_TEXT, FIXTURE_TEXT, "--brief")
    assert same.returncode == 0 and b"same in substance" in same.stdout
    assert same.stdout.count(b"\n") == 1


def test_brief_tells_the_truth_whatever_fail_on_says() -> None:
    """Issue 29: `-q --fail-on never` said `same in substance` over two substantive
    differences; `--fail-on` decides the exit status, not what the line says."""
    never = command(FIXTURE_TEXT, FIXTURE_PDF, "-q", "--fail-on", "never")
    assert never.returncode == 0
    assert never.stdout.decode().splitlines() == [
        f"{FIXTURE_TEXT} and {FIXTURE_PDF} differ: 2 substantive, 0 minor differences"
    ]


def test_summary_prints_the_counts_only() -> None:
    result = command(FIXTURE_TEXT, FIXTURE_PDF, "-s")
    out = result.stdout.decode()
    assert result.returncode == 1
    assert out.startswith("Summary") and "Ardalan" not in out
    assert out.rstrip().endswith("2 substantive differences; 0 minor, 77 layout.")


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # piped: plain
        (("--color", "always"), {}, True),
        (("--color", "ALWAYS"), {}, True),  # choices are case-insensitive
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        (("--color", "auto"), {"NO_COLOR": "1"}, False),
    ],
)
def test_colour_follows_the_option_and_the_environment(
    args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    result = command(FIXTURE_TEXT, FIXTURE_PDF, *args, **env)
    assert result.returncode == 1
    assert (b"\x1b[" in result.stdout) is coloured
    assert (b"[-Ardan-]" in result.stdout) is not coloured


def test_output_goes_to_a_file_whole_and_not_on_error(tmp_path: Path) -> None:
    report = tmp_path / "rapport.json"
    result = command(FIXTURE_TEXT, FIXTURE_PDF, "-f", "Json", "-o", str(report))
    assert result.returncode == 1 and result.stdout == b""
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["substantive"] == 2
    failed = tmp_path / "inget.json"
    missing = command(str(tmp_path / "saknas.txt"), FIXTURE_PDF, "-f", "json", "-o", str(failed))
    assert missing.returncode == 2 and not failed.exists()
    text = tmp_path / "rapport.txt"
    command(FIXTURE_TEXT, FIXTURE_PDF, "-o", str(text), "--color", "never")
    assert "(civilminister [-Ardan-] Shekarabi)" in text.read_text(encoding="utf-8")


@pytest.mark.parametrize("side", ["a", "b"])
def test_standard_input_stands_for_either_side(side: str) -> None:
    if side == "a":
        result = command("-", FIXTURE_PDF, "-q", stdin=TEXT_VERSION.read_bytes())
        assert result.stdout.decode().startswith("- and ")
    else:
        result = command(FIXTURE_TEXT, "-", "-q", stdin=PDF_VERSION.read_bytes())
        assert result.stdout.decode().startswith(f"{FIXTURE_TEXT} and - differ")
    assert result.returncode == 1 and b"2 substantive" in result.stdout
    both = command("-", "-", stdin=b"text\n")
    assert both.returncode == 2 and b"only one of A and B" in both.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "xml"),
        ("--nope",),
        ("--show", "everything"),
        ("--timeout", "nan"),
        ("--jobs", "0"),
    ],
)
def test_a_bad_option_is_one_line_and_status_2(args: tuple[str, ...]) -> None:
    result = command(FIXTURE_TEXT, FIXTURE_PDF, *args)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("docreconcile: error: "), err
    assert "--help" in err and "╭" not in err


@pytest.mark.parametrize("output_format", ["terminal", "json"])
def test_a_full_disk_on_stdout_is_one_line_and_status_2(output_format: str) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            ["docreconcile", FIXTURE_TEXT, FIXTURE_PDF, "-f", output_format],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.count("\n") == 1, err
    assert err.startswith("docreconcile: error: standard output: the report cannot be written")


def test_text_the_terminal_cannot_encode_is_escaped() -> None:
    result = command(FIXTURE_TEXT, FIXTURE_PDF, PYTHONIOENCODING="ascii")
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"\\xe4" in result.stdout or b"\\u00e4" in result.stdout  # ä, escaped


def test_a_closed_pipe_ends_quietly() -> None:
    """`docreconcile … | head -1`: the reader goes away; no traceback, no complaint."""
    process = subprocess.Popen(
        ["docreconcile", FIXTURE_TEXT, FIXTURE_PDF, "--show", "all", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as head does after its line
    err = process.stderr.read()
    process.wait(timeout=120)
    assert err == b"", err


def test_an_input_larger_than_max_size_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "stor.txt"
    big.write_text("Ett ord till. " * 200_000, encoding="utf-8")  # 2.8 MB
    result = command(str(big), FIXTURE_TEXT, "--max-size", "1")
    assert result.returncode == 2
    assert b"is 3 MB, more than --max-size 1 MB" in result.stderr
    piped = command("-", FIXTURE_TEXT, "--max-size", "1", stdin=big.read_bytes())
    assert piped.returncode == 2 and b"more than --max-size 1 MB" in piped.stderr


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_pdf_readers_too(tmp_path: Path, number: int) -> None:
    """SIGTERM or SIGHUP to the command while two processes read a 50-page PDF: the
    command ends (status 128 + the signal) and leaves no reader process running."""
    realworld = Path(__file__).resolve().parent / "realworld"
    process = subprocess.Popen(
        [
            "docreconcile",
            str(realworld / "irs_i1040nr.raw.txt"),
            str(realworld / "irs_i1040nr.pdf"),
            *("-j", "2", "--no-cache"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    readers: set[int] = set()
    for _ in range(100):  # until both readers run
        time.sleep(0.05)
        readers = _children(process.pid)
        if len(readers) >= 2:
            break
    assert readers, "no reader process started"
    process.send_signal(number)
    assert process.wait(timeout=30) == 128 + number
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in readers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in readers if _alive(pid)]


def test_the_comparison_itself_keeps_to_the_time_limit(tmp_path: Path) -> None:
    """A text of one line of 12 million characters against another ran for hours; the
    comparison stage now runs under --timeout as reading a PDF does."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("ord " * 3_000_000 + "\n", encoding="utf-8")
    b.write_text("ord " * 2_999_000 + "annat " * 1000 + "\n", encoding="utf-8")
    started = time.monotonic()
    result = command(str(a), str(b), "--timeout", "2")
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "comparing them took longer than 2 s" in err


@pytest.mark.parametrize("command", [[], ["compare"], ["accept"], ["batch"]])
def test_help_shows_no_value_for_on_off_flags(command: list[str]) -> None:
    """A flag takes no value: its help line says nothing like `<bool>`."""
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "--help" in result.stdout


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (["compare"], "docreconcile compare [OPTIONS] A B"),
        (["accept"], "docreconcile accept [OPTIONS] A B"),
        (["batch"], "docreconcile batch [OPTIONS] [PATHS]..."),
    ],
)
def test_usage_line_names_arguments_as_unix_tools_do(command: list[str], usage: str) -> None:
    """`compare [OPTIONS] A B`, not typer's `{A} {B}`; and no stray space before a full
    stop where a default is described in words."""
    result = runner.invoke(
        app, [*command, "--help"], prog_name="docreconcile", env={"COLUMNS": "200"}
    )
    assert usage in result.stdout
    assert "{" not in result.stdout.splitlines()[1]
    assert not re.search(r"\w \.(\s|$)", result.stdout)


def test_without_posix_resource_limits_it_still_runs_and_says_what_is_not_enforced() -> None:
    """Where the `resource` module does not exist (Windows), `import docreconcile` works,
    PDFs are still read and compared, and the CLI says that --max-memory is not enforced."""
    code = (
        "import sys; sys.modules['resource'] = None\n"
        "import docreconcile\n"
        "from docreconcile.limits import MEMORY_LIMITED\n"
        "assert not MEMORY_LIMITED\n"
        "from docreconcile.cli import main\n"
        f"sys.argv = ['docreconcile', {str(TEXT_VERSION)!r}, {str(PDF_VERSION)!r}, '-q']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "differ: 2 substantive" in result.stdout
    assert "--max-memory is not enforced on this system" in result.stderr


READING_COMMANDS = ["compare", "accept", "review", "reconcile", "batch"]


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_every_command_that_reads_documents_takes_the_shared_options(command: str) -> None:
    """Declared once (`cli._SHARED_OPTIONS`), listed by every command that reads
    documents, and checked alike: a bad value is a usage error (exit 2) in each."""
    from docreconcile.cli.options import _SHARED_OPTIONS

    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name, _, _ in _SHARED_OPTIONS:
        flag = "--no-progress" if name == "quiet" else "--" + name.replace("_", "-")
        assert flag in result.output or name == "debug", (command, flag)  # --debug is hidden
    refused = runner.invoke(app, [command, "a.txt", "b.txt", "--max-pages", "0"])
    assert refused.exit_code == 2
    assert "--max-pages" in refused.output


def test_running_a_command_loads_no_validation_library(tmp_path: Path) -> None:
    """Options are parsed without pydantic (typer 0.29 builds a pydantic validator for
    every option: 0.1 s of a cached re-check and 14 MB in the process the comparison is
    forked from), so the pin in pyproject.toml is what keeps start-up light."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Beslut om budget.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from docreconcile.cli import app\n"
        f"app([{str(tmp_path / 'a.txt')!r}, {str(tmp_path / 'b.txt')!r}, '--timeout', '30',"
        " '--no-cache', '--format', 'json'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout)["summary"]["substantive"] == 0
    assert result.stderr.strip() == "[]"


def test_help_is_plain_whole_and_quick_to_load() -> None:
    """Help as click writes it: each command's summary whole (not cut at the width with
    `...`), square brackets in a help text kept (typer's rich help read them as markup and
    dropped `[cluster]` from the install hint), and without rich.markdown and
    rich.traceback, which typer's rich help loads (40 ms of `--help`)."""
    code = (
        "import sys\n"
        "from docreconcile.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='docreconcile')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m in ('rich.markdown', 'rich.traceback')),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.stderr.strip() == "[]"
    commands = result.stdout.split("Commands:")[1]
    assert "..." not in commands
    assert "or a\n             manifest." in commands  # batch's summary, wrapped whole
    batch = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "80"})
    assert "docreconcile[cluster]" in batch.stdout


def test_a_file_name_that_is_not_utf8_is_read_and_shown(tmp_path: Path) -> None:
    """Issue 33: `bad-\\xff.txt` gave an internal error (the report cache's key, --html,
    -o). Its bytes key the cache; reports show `�` where they cannot show a byte."""
    import os

    folder = os.fsencode(tmp_path)
    name = folder + b"/bad-\xff.txt"
    shutil.copy(TEXT_VERSION, os.fsdecode(name))
    html = os.fsdecode(folder + b"/r\xff.html")
    for extra in (["-q"], ["--format", "json"], ["--html", html], ["-o", html + ".txt"]):
        result = subprocess.run(
            [b"docreconcile", name, os.fsencode(PDF_VERSION), *map(os.fsencode, extra)],
            capture_output=True,
        )
        assert result.returncode == 1, result.stderr
        assert b"internal error" not in result.stderr
    assert "bad-�.txt" in Path(html).read_text(encoding="utf-8")


def test_a_pdf_named_with_markup_or_an_escape_is_shown_as_named(tmp_path: Path) -> None:
    """Issue 33: a PDF named with ESC or `[link=…]` went raw into the progress bar (rich
    took the name for markup, and the ESC reached the terminal)."""
    import shutil

    from rich.console import Console

    from docreconcile.cli import options as cli
    from docreconcile.extract import extract

    named = tmp_path / "[link=x.example][bold]beslut\x1b]2;titel\x07.pdf"
    shutil.copy(PDF_VERSION, named)
    with (tmp_path / "bar.txt").open("w") as screen:
        bar = cli.PageBar(Console(file=screen, force_terminal=True, width=200))
        extract(named, progress=bar)
        bar.stop()
    shown = (tmp_path / "bar.txt").read_text(encoding="utf-8")
    assert "reading [link=x.example][bold]beslut\\x1b]2;titel\\x07.pdf" in shown
    assert "\x1b]2;" not in shown and "\x1b]8;" not in shown  # no title, no hyperlink


def test_a_max_memory_too_large_for_the_system_is_an_option_error() -> None:
    """Issue 33: `--max-memory 8796093022208` printed an OverflowError traceback."""
    result = CliRunner().invoke(
        app, [str(TEXT_VERSION), str(PDF_VERSION), "--max-memory", "8796093022208"]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--max-memory'" in result.stderr
    assert "Traceback" not in result.output


def _unbuffered_unset() -> dict[str, str]:
    """The environment without PYTHONUNBUFFERED: Python buffers its output, as in a
    user's shell (the flag hid these failures before)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def test_output_streams_that_cannot_be_written_are_status_2_and_quiet() -> None:
    """Issue 33: a buffered stdout on /dev/full exited 120 with three 'Exception ignored'
    lines; a closed stdout was an internal error; a missing input with stderr on a full
    disk exited 1. Each is status 2, and what can be said is one line."""
    environment = _unbuffered_unset()
    with open("/dev/full", "wb") as full:
        on_full = subprocess.run(
            ["docreconcile", FIXTURE_TEXT, FIXTURE_PDF, "--show", "all"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            env=environment,
        )
        missing = subprocess.run(
            ["docreconcile", "saknas.txt", FIXTURE_PDF],
            stdout=subprocess.PIPE,
            stderr=full,
            timeout=120,
            env=environment,
        )
        bad_option = subprocess.run(
            ["docreconcile", FIXTURE_TEXT, FIXTURE_PDF, "--inget-sådant"],
            stdout=subprocess.PIPE,
            stderr=full,
            timeout=120,
            env=environment,
        )
    assert on_full.returncode == 2
    assert on_full.stderr.decode().count("\n") == 1
    assert b"Exception ignored" not in on_full.stderr
    assert (missing.returncode, bad_option.returncode) == (2, 2)
    closed = subprocess.run(
        f"exec 1>&-; docreconcile {FIXTURE_TEXT} {FIXTURE_PDF}",
        shell=True,
        stderr=subprocess.PIPE,
        timeout=120,
        env=environment,
    )
    assert closed.returncode == 2
    assert closed.stderr.decode() == (
        "docreconcile: error: standard output: the report cannot be written "
        "(standard output is closed)\n"
    )


def test_a_right_to_left_override_in_a_file_name_is_written_out(tmp_path: Path) -> None:
    """Issue 33: a right-to-left override in a file name was printed raw (terminal,
    brief line, batch table, Markdown): `beslut\\u202etxt.pdf` reads as `beslutfdp.txt`."""
    import shutil

    named = tmp_path / "beslut\u202etxt.pdf"
    shutil.copy(FIXTURE_PDF, named)
    for arguments in (["-q"], ["-f", "markdown"], []):
        result = CliRunner().invoke(
            app, [FIXTURE_TEXT, str(named), *arguments, "--no-cache"], env={"COLUMNS": "400"}
        )
        assert result.exit_code == 1
        assert "\u202e" not in result.output
        assert "beslut\\u202etxt.pdf" in result.output


def test_a_pdf_password_from_the_environment_or_a_file_stays_out_of_ps(tmp_path: Path) -> None:
    """Issue 33: `--password` is visible to every user in `ps`. DOCRECONCILE_PASSWORD and
    --password-file give it without the command line; a missing or empty file says so."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    from tests.pdfmaker import make_pdf

    pdf = make_pdf(
        tmp_path / "hemlig.pdf",
        [["Nämnden beslutar att bevilja bidraget."]],
        encrypt=StandardEncryption("hemligt", strength=128),
    )
    text = tmp_path / "hemlig.txt"
    text.write_text("Nämnden beslutar att bevilja bidraget.\n", encoding="utf-8")
    runner = CliRunner()
    base = [str(text), str(pdf), "--no-cache", "-q"]
    assert runner.invoke(app, base).exit_code == 2  # no password: encrypted
    by_environment = runner.invoke(app, base, env={"DOCRECONCILE_PASSWORD": "hemligt"})
    assert by_environment.exit_code == 0, by_environment.output
    secret = tmp_path / "lösen"
    secret.write_text("hemligt\n", encoding="utf-8")
    by_file = runner.invoke(app, [*base, "--password-file", str(secret)])
    assert by_file.exit_code == 0, by_file.output
    secret.write_text("\n", encoding="utf-8")
    empty = runner.invoke(app, [*base, "--password-file", str(secret)])
    assert empty.exit_code == 2 and "first line is empty" in empty.stderr
    missing = runner.invoke(app, [*base, "--password-file", str(tmp_path / "saknas")])
    assert missing.exit_code == 2 and "no such password file" in missing.stderr


def _without_read_override() -> list[str] | None:
    """A prefix that runs a command without the power to read any file: none for a
    user other than root, for root (CI) setpriv without CAP_DAC_OVERRIDE; None where
    that cannot be had. A file made unreadable is then unreadable to the command."""
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    prefix = [
        "setpriv",
        "--bounding-set=-dac_override,-dac_read_search",
        "--inh-caps=-dac_override,-dac_read_search",
    ]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def test_an_unreadable_input_or_decisions_file_is_said_in_our_words(tmp_path: Path) -> None:
    """Issue 33: an unreadable input got click's message (`Invalid value for 'A': Path
    … is not readable`), without what to do; now ours, for inputs and decisions files."""
    import shutil

    prefix = _without_read_override()
    if prefix is None:
        message = "running as root, and setpriv cannot drop the right to read every file"
        if os.environ.get("CI"):  # .ci/run runs as root where setpriv can: required there
            pytest.fail(f"CI is set and this test is required: {message}")
        pytest.skip(message)
    text = tmp_path / "låst.txt"
    shutil.copy(FIXTURE_TEXT, text)
    decisions = tmp_path / "låst.json"
    decisions.write_text("{}", encoding="utf-8")
    for locked in (text, decisions):
        locked.chmod(0)
    try:
        docreconcile = str(Path(sys.executable).parent / "docreconcile")
        unreadable_input = subprocess.run(
            [*prefix, docreconcile, str(text), FIXTURE_PDF, "--no-cache"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        unreadable_decisions = subprocess.run(
            [
                *prefix,
                docreconcile,
                FIXTURE_TEXT,
                FIXTURE_PDF,
                "--decisions",
                str(decisions),
                "--no-cache",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        for locked in (text, decisions):
            locked.chmod(0o644)
    assert unreadable_input.returncode == 2
    assert unreadable_input.stderr == (
        f"docreconcile: error: {text}: permission denied: check that you can read it\n"
    )
    assert unreadable_decisions.returncode == 2
    assert unreadable_decisions.stderr == (
        f"docreconcile: error: {decisions}: cannot be read as a decisions file "
        "(Permission denied)\n"
    )
