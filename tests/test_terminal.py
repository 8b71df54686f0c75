"""The terminal report: both sentences, plainly when piped, marked on a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from docreconcile.model import Report
from docreconcile.report import terminal

runner = CliRunner()


def test_terminal_report_renders_both_sentences_plainly(report: Report) -> None:
    console = Console(record=True, width=100, color_system=None)
    terminal.render(report, console, "minor")
    text = console.export_text()
    assert "Substantive differences: 2" in text
    assert "(civilminister [-Ardan-] Shekarabi)" in text
    assert "(civilminister {+Ardalan+} Shekarabi)" in text
    assert "2 substantive differences; 0 minor, 77 layout." in text


def test_terminal_report_uses_strike_and_colour_on_a_terminal(report: Report) -> None:
    console = Console(record=True, width=100, color_system="truecolor", force_terminal=True)
    terminal.render(report, console, "substantive")
    styled = console.export_text(styles=True)
    assert "\x1b[" in styled and "[-Ardan-]" not in styled
    assert "\x1b[1;9;31mArdan" in styled  # bold, struck through, red


def test_terminal_lines_wrap_under_their_label(report: Report) -> None:
    """On a narrow terminal a long sentence wraps, and every wrapped line starts under the
    text, not at column 0 (where a document line could pass for a CI command)."""
    console = Console(record=True, width=60, color_system=None, force_terminal=True)
    terminal.render(report, console, "substantive")
    lines = console.export_text().splitlines()
    start = lines.index(next(line for line in lines if line.startswith("#1 spelling")))
    block = lines[start + 1 : lines.index(next(line for line in lines if line.startswith("#2")))]
    assert len(block) > 3  # the sentences did wrap
    assert all(line.startswith("    ") for line in block), block
    labels = ("change:", "A:", "B:", "hint:")
    continued = [line for line in block if not line.strip().startswith(labels)]
    assert continued and all(line.startswith(" " * 12) for line in continued), block


def test_piped_report_is_not_hard_wrapped(report: Report) -> None:
    """Piped (no terminal), each context sentence is one line however long, for grep."""
    output = io.StringIO()
    console = Console(file=output, width=60, color_system=None, soft_wrap=True)
    terminal.render(report, console, "substantive")
    lines = output.getvalue().splitlines()
    sentence = next(line for line in lines if "[-Ardan-]" in line)
    assert sentence.startswith("         A: … (barn- äldre") and sentence.endswith("Shekarabi).")
    assert not any(line != line.rstrip() for line in lines if "A:" in line or "B:" in line)


def test_layout_differences_read_as_layout_not_insertions(report: Report) -> None:
    """Issue 29: under `--show all` a line break read as an insertion (`A:` empty, `B:
    {+tillskrivit ⏎ socialdepartementet+}`). A layout difference shows each side's form as
    it stands, ⏎ between the words, with no marks and no empty side."""
    from docreconcile.model import Severity
    from docreconcile.report import markdown

    layout = [d for d in report.differences if d.severity is Severity.LAYOUT]
    assert layout
    for difference in layout:
        console = Console(file=io.StringIO(), width=200, no_color=True)
        terminal.render_difference(difference, console)
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        assert "{+" not in shown and "[-" not in shown
        assert "A: \n" not in shown and "B: \n" not in shown
    breaks = [d for d in layout if d.category.value == "line_break" and "⏎" in d.b]
    console = Console(file=io.StringIO(), width=200, no_color=True)
    terminal.render_difference(breaks[0], console)
    assert f"B: {breaks[0].b}" in console.file.getvalue()  # type: ignore[attr-defined]
    page = markdown.render(report, show="all")
    assert f"B: {markdown.escape(breaks[0].b)}" in page
