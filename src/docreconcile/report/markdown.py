"""The Markdown report (`--format markdown`): short enough for a pull-request comment.

A verdict line, a table of the differences shown (location in both inputs, category, the
change), and the counts. Document text is escaped so it cannot inject Markdown or HTML.
"""

from __future__ import annotations

import re

from docreconcile.measure import looks_unrelated, unrelated_warning
from docreconcile.model import Category, Difference, Report, Severity, describe_location
from docreconcile.report import Settings, printable, shown

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
MAX_ROWS = 50
"""A comment longer than this many rows says how many more there are instead."""


def escape(text: str) -> str:
    """Make document text inert in Markdown and HTML, and keep it on one table row.

    >>> escape("<b>|x| *y*")
    '&lt;b&gt;\\\\|x\\\\| \\\\*y\\\\*'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = printable(" ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render(report: Report, show: str = "minor") -> str:
    """The report as GitHub-flavoured Markdown."""
    substantive = report.new_count(Severity.SUBSTANTIVE)
    icon = "❌" if substantive else "✅"
    verdict = (
        f"{substantive} substantive difference{'s' if substantive != 1 else ''}"
        if substantive
        else "no substantive differences"
    )
    lines = [
        f"### {icon} docreconcile: {verdict}",
        "",
        f"**A** `{_code(report.a.path)}` ({report.a.format.value}, {report.a.pages} p.) · "
        f"**B** `{_code(report.b.path)}` ({report.b.format.value}, {report.b.pages} p.)",
        "",
    ]
    if report.similarity is not None:
        lines[-1:-1] = ["", f"Similarity: {report.similarity.describe()}."]
        if looks_unrelated(report.similarity):
            lines[-1:-1] = ["", f"> **{escape(unrelated_warning(report.similarity))}**"]
    differences = [d for d in shown(report, show) if d.id not in report.accepted]
    if differences:
        lines += ["| # | severity | category | A | B | change |", "|---|---|---|---|---|---|"]
        for difference in differences[:MAX_ROWS]:
            lines.append(_row(difference))
        if len(differences) > MAX_ROWS:
            lines.append(f"\n… and {len(differences) - MAX_ROWS} more.")
        lines.append("")
    counts = report.by_category()
    summary = ", ".join(
        f"{category.value.replace('_', ' ')} {counts[category]}"
        for category in Category
        if category in counts
    )
    lines.append(f"Counts: {summary or 'no differences'}.")
    if report.baseline:
        lines.append(
            f"Baseline `{_code(report.baseline)}`: {len(report.accepted)} accepted, "
            f"{len(report.stale)} stale."
        )
    return "\n".join(lines) + "\n"


def _row(difference: Difference) -> str:
    if difference.category.is_relocation:
        change = f"moved: {escape(difference.a)}"
    elif difference.severity is Severity.LAYOUT:  # a form, not words struck or put in
        change = " / ".join(
            f"{label}: {escape(words)}"
            for label, words in (("A", difference.a), ("B", difference.b))
            if words
        )
    else:
        parts = []
        if difference.a:
            parts.append(f"~~{escape(difference.a)}~~")
        if difference.b:
            parts.append(f"**{escape(difference.b)}**")
        change = " → ".join(parts)
        if difference.hint:
            change += f" (hint: {difference.hint.upper()})"
    return (
        f"| {difference.id} | {difference.severity.value} | {difference.category.value} | "
        f"{describe_location(difference.a_location)} | "
        f"{describe_location(difference.b_location)} | {change} |"
    )


def _code(text: str) -> str:
    return printable(text).replace("`", "'")


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` with the settings' `show`."""
    return render(report, settings.show)
