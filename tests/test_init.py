"""The package's public API (`docreconcile/__init__.py`): what it names is there, and
its docstring's example works as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import docreconcile
from tests.conftest import LINKOPING


def test_every_public_name_is_importable() -> None:
    assert sorted(docreconcile.__all__) == sorted(set(docreconcile.__all__))
    for name in docreconcile.__all__:
        assert getattr(docreconcile, name) is not None


def test_the_docstring_example_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "beslut.txt").write_bytes((LINKOPING / "tjansteskrivelse.txt").read_bytes())
    (tmp_path / "beslut.pdf").write_bytes((LINKOPING / "tjansteskrivelse.pdf").read_bytes())
    monkeypatch.chdir(tmp_path)
    report = docreconcile.compare("beslut.txt", "beslut.pdf")
    lines = [
        f"{difference.severity.value} {difference.a} -> {difference.b}"
        for difference in report.differences
        if difference.severity is docreconcile.Severity.SUBSTANTIVE
    ]
    assert lines == ["substantive Ardan -> Ardalan", "substantive genomlysna -> genomlysa"]


def test_importing_the_package_or_the_command_line_loads_no_pipeline() -> None:
    """`import docreconcile` and `docreconcile --help` load neither pdfminer, rapidfuzz nor
    the pipeline's stages (start-up 0.44 s before); the public names still resolve, and
    `docreconcile.compare` is the function even after its module was imported."""
    code = (
        "import sys\n"
        "import docreconcile, docreconcile.cli\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfminer', 'rapidfuzz', 'wordfreq') or m in "
        "('docreconcile.pipeline', 'docreconcile.normalize', 'docreconcile.model'))\n"
        "print(heavy)\n"
        "import docreconcile.pipeline\n"
        "from docreconcile import compare\n"
        "print(callable(compare) and compare is docreconcile.compare and "
        "compare.__module__ == 'docreconcile.pipeline')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["[]", "True"]
