"""The package's public API (`docreconcile/__init__.py`): what it names is there, and
its docstring's example works as written."""

from __future__ import annotations

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
