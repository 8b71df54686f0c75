"""Writing reports: whole or not at all, and never through what stands at the path."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.cli import app
from docreconcile.errors import InputError
from docreconcile.output import write_atomically
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_symbolic_link_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    important = victim / "important.conf"
    important.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(important)
    with pytest.raises(InputError, match="symbolic link"):
        write_atomically(link, "<html>")
    assert important.read_text(encoding="utf-8") == "keep me\n"
    assert link.is_symlink()


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "report.html"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        write_atomically(fifo, "<html>")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused_and_kept(tmp_path: Path) -> None:
    sock = tmp_path / "report.html"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        with pytest.raises(InputError, match="not a regular file"):
            write_atomically(sock, "<html>")
    assert stat.S_ISSOCK(os.lstat(sock).st_mode)


def test_a_device_node_is_refused_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root (the CI), a rename over a device node (`/dev/full`) replaced the node. Any
    user may make a socket, only root a device node: here the path is said to be one, as
    the system would say of /dev/full."""
    target = tmp_path / "full"
    real_lstat = os.lstat

    def as_device(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(str(path)) == target:
            fields = list(real_lstat(tmp_path))
            fields[0] = stat.S_IFCHR | 0o666
            return os.stat_result(fields)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("docreconcile.output.os.lstat", as_device)
    with pytest.raises(InputError, match="not a regular file"):
        write_atomically(target, "<html>")
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(
    tmp_path: Path, umask_022: None
) -> None:
    existing = tmp_path / "shared.html"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o664)
    write_atomically(existing, "new")
    assert existing.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o664
    fresh = tmp_path / "fresh.html"
    write_atomically(fresh, "new")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_a_private_file_is_the_owners_only(tmp_path: Path, umask_022: None) -> None:
    entry = tmp_path / "entry.json"
    write_atomically(entry, "{}", private=True)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_an_unwritable_folder_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="cannot be written"):
            write_atomically(folder / "report.html", "<html>")
    finally:
        folder.chmod(0o700)


def test_a_proc_path_is_a_one_line_error() -> None:
    with pytest.raises(InputError, match="cannot be written"):
        write_atomically(Path("/proc/self/report.html"), "<html>")


def test_the_cli_refuses_a_symlinked_html_report_with_status_2(tmp_path: Path) -> None:
    important = tmp_path / "important.conf"
    important.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "rapport.html"
    link.symlink_to(important)
    result = runner.invoke(
        app, [str(TEXT_VERSION), str(PDF_VERSION), "--html", str(link)], env={"NO_COLOR": "1"}
    )
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr and result.stderr.count("\n") == 1
    assert important.read_text(encoding="utf-8") == "keep me\n"


HOSTILE = "::error title=pwned::owned"


@pytest.mark.parametrize("output_format", ["terminal", "markdown", "github"])
def test_document_text_cannot_start_a_workflow_command_or_send_escapes(
    tmp_path: Path, output_format: str
) -> None:
    """A document paragraph that begins `::error …`, in a difference's sentence, wrapped
    on a 40-column terminal: no output line starts a workflow command except the github
    reporter's own annotations."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(f"Rubrik\n\n{HOSTILE} och Ardan sade nej.\n", encoding="utf-8")
    b.write_text(f"Rubrik\n\n{HOSTILE} och Ardalan sade nej.\n", encoding="utf-8")
    result = runner.invoke(
        app, [str(a), str(b), "--format", output_format], env={"COLUMNS": "40", "NO_COLOR": "1"}
    )
    assert result.exit_code == 1, result.output
    for line in result.stdout.splitlines():
        if output_format == "github":
            assert not line.startswith("::") or line.startswith(
                ("::error file=", "::warning file=")
            )
        else:
            assert not line.lstrip().startswith("::"), line
    assert "Ardalan" in result.stdout


def test_a_file_name_with_a_newline_or_escapes_stays_on_its_line(tmp_path: Path) -> None:
    a = tmp_path / "a\n::error::x\x1b]0;title\x07.txt"
    b = tmp_path / "b.txt"
    a.write_text("Ardan sade nej.\n", encoding="utf-8")
    b.write_text("Ardalan sade nej.\n", encoding="utf-8")
    result = runner.invoke(app, [str(a), str(b)], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    missing = runner.invoke(app, [str(tmp_path / "x\n::error::y.txt"), str(b)])
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "\\n::error::y" in missing.stderr


def test_a_folder_refusing_new_files_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As an ordinary user in a folder without write permission (root may write anywhere,
    so the refusal is what the system call says)."""

    def refuse(*_: object, **__: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(InputError, match=r"cannot be written \(Permission denied\)"):
        write_atomically(tmp_path / "report.html", "<html>")
    assert not (tmp_path / "report.html").exists()


def test_an_input_in_a_folder_that_cannot_be_opened_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docreconcile.extract import extract

    def refuse(*_: object, **__: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("docreconcile.extract.os.stat", refuse)
    with pytest.raises(InputError, match="permission denied: check that you can read it"):
        extract(tmp_path / "stängd" / "a.txt")


def test_text_in_pieces_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A report kept in the cache is written a difference at a time: all the pieces land,
    and a failure half-way leaves the old file as it was and no temporary file behind."""
    target = tmp_path / "entry.json"
    write_atomically(target, iter(["[1, ", "2, ", "3]"]))
    assert target.read_text(encoding="utf-8") == "[1, 2, 3]"

    def failing() -> Iterator[str]:
        yield "[4, "
        raise RuntimeError("the encoder failed")

    with pytest.raises(RuntimeError):
        write_atomically(target, failing())
    assert target.read_text(encoding="utf-8") == "[1, 2, 3]"
    assert [path.name for path in tmp_path.iterdir()] == ["entry.json"]


def test_an_output_never_replaces_an_input_or_a_read_only_file(tmp_path: Path) -> None:
    """Issue 33: `-o` could name input A and overwrite it; a read-only file was replaced
    silently; `--html` was written though a later `-o` failed. Each is one line, exit 2,
    and nothing written."""
    import shutil

    text, pdf = tmp_path / "beslut.txt", tmp_path / "beslut.pdf"
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    before = text.read_bytes()
    for command in (
        [str(text), str(pdf), "-o", str(text)],
        ["reconcile", str(text), str(pdf), "--prefer", "b", "-o", str(text)],
    ):
        result = runner.invoke(app, [*command, "--no-cache"])
        assert result.exit_code == 2, result.output
        assert "is one of the inputs, so it is not replaced" in result.stderr
        assert text.read_bytes() == before
    locked = tmp_path / "skyddad.json"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0o444)
    result = runner.invoke(app, [str(text), str(pdf), "-f", "json", "-o", str(locked)])
    assert result.exit_code == 2
    assert "is read-only, so it is not replaced" in result.stderr
    assert locked.read_text(encoding="utf-8") == "{}"
    page = tmp_path / "rapport.html"
    result = runner.invoke(
        app, [str(text), str(pdf), "--html", str(page), "-o", str(tmp_path / "nej" / "x.txt")]
    )
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not page.exists()  # nothing half-way


def test_temporary_files_a_killed_write_left_are_cleaned_once_stale(tmp_path: Path) -> None:
    """Issue 33: `kill -9` during a write left hidden temporary files nothing removed.
    The next write of the same file removes those an hour old, not a fresh one (another
    run may be writing it now)."""
    import time

    from docreconcile.output import STALE_AFTER

    target = tmp_path / "beslut.json"
    stale = tmp_path / ".beslut.json.abc123.tmp"
    fresh = tmp_path / ".beslut.json.def456.tmp"
    for leftover in (stale, fresh):
        leftover.write_text("halv", encoding="utf-8")
    old = time.time() - STALE_AFTER - 60
    os.utime(stale, (old, old))
    write_atomically(target, "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert not stale.exists() and fresh.exists()
