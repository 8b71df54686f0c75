"""The Markdown report (`--format markdown`): short enough for a pull-request comment.

A verdict line, a table of the differences shown (location in both inputs, category, the
change), and the counts. Document text is escaped so it cannot inject Markdown or HTML.
"""

from __future__ import annotations

import re

from docreconcile.i18n import _, ngettext
from docreconcile.measure import looks_unrelated, unrelated_warning
from docreconcile.model import Category, Difference, Report, Severity, describe_location
from docreconcile.report import Settings, category_label, printable, severity_label, shown

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
        ngettext(
            "{count} substantive difference", "{count} substantive differences", substantive
        ).format(count=substantive)
        if substantive
        else _("no substantive differences")
    )
    lines = [
        f"### {icon} docreconcile: {verdict}",
        "",
        f"**A** `{_code(report.a.path)}` ({_source(report.a.format.value, report.a.pages)}) · "
        f"**B** `{_code(report.b.path)}` ({_source(report.b.format.value, report.b.pages)})",
        "",
    ]
    if report.similarity is not None:
        lines[-1:-1] = [
            "",
            _("Similarity: {measure}.").format(measure=report.similarity.describe()),
        ]
        if looks_unrelated(report.similarity):
            lines[-1:-1] = ["", f"> **{escape(unrelated_warning(report.similarity))}**"]
    differences = [d for d in shown(report, show) if d.id not in report.accepted]
    if differences:
        heads = (_("severity"), _("category"), "A", "B", _("change"))
        lines += [f"| # | {' | '.join(heads)} |", "|---|---|---|---|---|---|"]
        for difference in differences[:MAX_ROWS]:
            lines.append(_row(difference))
        if len(differences) > MAX_ROWS:
            lines.append("\n" + _("… and {count} more").format(count=len(differences) - MAX_ROWS))
        lines.append("")
    counts = report.by_category()
    summary = ", ".join(
        f"{category_label(category)} {counts[category]}"
        for category in Category
        if category in counts
    )
    lines.append(_("Counts: {summary}.").format(summary=summary or _("no differences")))
    if report.baseline:
        lines.append(
            _("Baseline `{path}`: {accepted} accepted, {stale} stale.").format(
                path=_code(report.baseline), accepted=len(report.accepted), stale=len(report.stale)
            )
        )
    return "\n".join(lines) + "\n"


def _row(difference: Difference) -> str:
    if difference.category.is_relocation:
        change = _("moved") + f": {escape(difference.a)}"
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
            change += " (" + _("hint") + f": {difference.hint.upper()})"
    return (
        f"| {difference.id} | {severity_label(difference.severity)} | "
        f"{category_label(difference.category)} | "
        f"{describe_location(difference.a_location)} | "
        f"{describe_location(difference.b_location)} | {change} |"
    )


def _source(format_name: str, pages: int) -> str:
    """`pdf, 4 p.`: an input's format and its pages, short."""
    return _("{format}, {pages} p.").format(format=format_name, pages=pages)


def _code(text: str) -> str:
    return printable(text).replace("`", "'")


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` with the settings' `show`."""
    return render(report, settings.show)
