"""Files beside the documents (decisions, manifests, results to resume) are checked as
inputs are: a FIFO or a device is refused at once, never read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docreconcile.errors import InputError
from docreconcile.sidefiles import read_side_file
from tests.conftest import PDF_VERSION, TEXT_VERSION

DOCRECONCILE = str(Path(sys.executable).parent / "docreconcile")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_named_as_a_side_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    """Issue 33: `--baseline`, `--decisions`, `--manifest` as a FIFO blocked for ever,
    as `/dev/zero` grew memory to gigabytes. Each is now one line, exit 2, in a moment."""
    if kind == "fifo":
        side = tmp_path / "rör"
        os.mkfifo(side)
    else:
        side = Path("/dev/zero")
    for command in (
        [str(TEXT_VERSION), str(PDF_VERSION), "--baseline", str(side)],
        [str(TEXT_VERSION), str(PDF_VERSION), "--decisions", str(side)],
        ["reconcile", str(TEXT_VERSION), str(PDF_VERSION), "--decisions", str(side)],
        ["batch", "--manifest", str(side)],
    ):
        done = subprocess.run(
            [DOCRECONCILE, *command, "--no-cache"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert done.returncode == 2, (command, done.stderr)
        assert "is not a regular file (a FIFO, device or socket)" in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_side_file_is_read_whole_and_said_wrong_when_not_utf8(tmp_path: Path) -> None:
    good = tmp_path / "beslut.json"
    good.write_text('{"schema": "x"}', encoding="utf-8")
    assert read_side_file(good, "decisions file") == '{"schema": "x"}'
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("a,b\nmål.txt,mål.pdf\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not a readable manifest \\(not UTF-8"):
        read_side_file(bad, "manifest")
    with pytest.raises(InputError, match="is a directory: give the manifest as a file"):
        read_side_file(tmp_path, "manifest")
