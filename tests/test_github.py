"""GitHub workflow annotations: each difference at its line of the text input."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from docreconcile.model import Report
from docreconcile.report import github

runner = CliRunner()


def test_github_annotations_point_at_text_lines(report: Report) -> None:
    lines = github.render(report).splitlines()
    assert len(lines) == 2
    pattern = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::(.+)$")
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed)
    levels = [(m.group(1), m.group(3)) for m in parsed if m]
    assert levels == [("error", "41"), ("error", "45")]
    first = parsed[0]
    assert first is not None and first.group(2).endswith("tjansteskrivelse.txt")
    assert "Ardan" in first.group(5) and "Ardalan" in first.group(5)
