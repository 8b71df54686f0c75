"""The reporter registry: every format rendered through `render(report, format, settings)`,
and a reporter of one's own added with one line. Each format's own tests are in
`test_<format>.py`, its content checked by parsing, not by substrings alone."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from docreconcile.model import Report

runner = CliRunner()


def test_every_format_renders_through_the_one_registry(report: Report) -> None:
    """Each `--format` is a module in `REPORTERS`, rendered by `render(report, format,
    settings)`; an unknown format is refused by name."""
    from docreconcile.cli.app import OutputFormat
    from docreconcile.report import REPORTERS, Settings, render

    assert {f.value for f in OutputFormat} <= set(REPORTERS)
    for name in REPORTERS:
        assert render(report, name, Settings(show="all")).strip()
    with pytest.raises(ValueError, match="'pdf' is no report format"):
        render(report, "pdf")


def test_a_reporter_of_ones_own_is_a_module_and_one_registry_line(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docreconcile import report as report_package

    monkeypatch.setitem(report_package.REPORTERS, "toy", "tests.toy_reporter")
    text = report_package.render(report, "toy", report_package.Settings(show="substantive"))
    assert text.splitlines() == ["spelling\tArdan\tArdalan", "spelling\tgenomlysna\tgenomlysa"]
