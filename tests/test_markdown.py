"""The Markdown report: a table of the differences, document text escaped."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from docreconcile.model import Report
from docreconcile.report import markdown

runner = CliRunner()


def test_markdown_report_lists_differences_in_a_table(report: Report) -> None:
    text = markdown.render(report)
    assert text.startswith("### ❌ docreconcile: 2 substantive differences")
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    assert [(c[1], c[2], c[5]) for c in cells] == [
        ("substantive", "spelling", "~~Ardan~~ → **Ardalan** (hint: B)"),
        ("substantive", "spelling", "~~genomlysna~~ → **genomlysa** (hint: B)"),
    ]
    assert cells[0][3] == "line 41" and cells[0][4] == "p. 3, line 19"


def test_markdown_escapes_document_text() -> None:
    assert markdown.escape("<script>|**") == "&lt;script&gt;\\|\\*\\*"
