"""The terminal report: what a person reads after `docreconcile a.txt b.pdf`.

Header (the two inputs), then each substantive difference with its place in both inputs
and its sentence on both sides, then the minor ones, then a summary table. With colour,
deleted text is red and struck through and inserted text green; without colour (piped,
NO_COLOR) the same marks are written as ``[-deleted-]`` and ``{+inserted+}``.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from docreconcile.i18n import N_, _, ngettext
from docreconcile.measure import looks_unrelated, unrelated_warning
from docreconcile.model import (
    Category,
    Difference,
    Report,
    Severity,
    SourceInfo,
    describe_location,
)
from docreconcile.report import (
    SHOW_LEVELS,
    Settings,
    category_label,
    counted,
    describe_confidence,
    describe_hint,
    printable,
    severity_label,
    shown,
)

DELETED_STYLE = "bold red strike"
INSERTED_STYLE = "bold green"
SEVERITY_STYLE = {
    Severity.SUBSTANTIVE: "bold red",
    Severity.MINOR: "yellow",
    Severity.LAYOUT: "dim",
}
SEVERITY_TITLE = {
    Severity.SUBSTANTIVE: N_("Substantive differences"),
    Severity.MINOR: N_("Minor differences"),
    Severity.LAYOUT: N_("Layout differences (ignored)"),
}


def render(report: Report, console: Console, show: str = "minor") -> None:
    """Print the report on `console`.

    On a terminal, long lines wrap under their label; piped (or on a soft-wrapping
    console) each line is one line, however long, for grep and diff to read.
    """
    plain = console.no_color or console.color_system is None
    wrap = console.is_terminal and not console.soft_wrap
    console.print(_header(report))
    differences = [d for d in shown(report, show) if d.id not in report.accepted]
    for severity in SHOW_LEVELS[show]:
        group = [difference for difference in differences if difference.severity is severity]
        if not group and severity is Severity.LAYOUT:
            continue
        console.print()
        title = Text(
            _(SEVERITY_TITLE[severity]) + f": {len(group)}", style=SEVERITY_STYLE[severity]
        )
        console.print(title)
        for difference in group:
            console.print(_difference(difference, plain, wrap))
    if report.baseline:
        console.print()
        console.print(_baseline(report, plain))
    console.print()
    console.print(_summary(report, show))
    console.print(_verdict(report))


def render_summary(report: Report, console: Console, show: str = "minor") -> None:
    """Print the counts only (`--summary`): the summary table and the verdict."""
    console.print(_summary(report, show))
    console.print(_verdict(report))


def _header(report: Report) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("A", _describe_source(report.a))
    table.add_row("B", _describe_source(report.b))
    warnings = [
        Text(
            printable(_("warning: {message}").format(message=f"{source.path}: {warning}")),
            style="yellow",
        )
        for source in (report.a, report.b)
        for warning in source.warnings
    ]
    if report.similarity is not None:
        warnings.insert(0, Text("  " + report.similarity.describe(), style="dim"))
        if looks_unrelated(report.similarity):
            warnings.append(Text(unrelated_warning(report.similarity), style="bold yellow"))
    return Group(table, *warnings)


def _describe_source(source: SourceInfo) -> Text:
    details = [source.format.label]
    if source.encoding:
        details[0] += f" ({source.encoding})"
    if source.format.value == "pdf" or source.pages > 1:
        details.append(counted(source.pages, "page"))
    details.append(counted(source.paragraphs, "paragraph"))
    text = Text(printable(source.path), style="bold")
    text.append("  " + ", ".join(details), style="dim")
    return text


def render_difference(difference: Difference, console: Console) -> None:
    """Print one difference as the report does (for `review`, one at a time)."""
    plain = console.no_color or console.color_system is None
    console.print(_difference(difference, plain, console.is_terminal and not console.soft_wrap))


def _difference(difference: Difference, plain: bool, wrap: bool) -> RenderableType:
    """One difference: number, category, both places, and both sentences marked up."""
    heading = Text(f"#{difference.id} ", style="bold")
    heading.append(category_label(difference.category), style=SEVERITY_STYLE[difference.severity])
    heading.append("  A ", style="dim")
    heading.append(describe_location(difference.a_location))
    heading.append("  B ", style="dim")
    heading.append(describe_location(difference.b_location))
    rows: list[tuple[str, Text]] = []
    if difference.category.is_relocation:
        rows.append((_("moved"), Text(printable(difference.a))))
    elif difference.severity is Severity.LAYOUT:
        # layout, not words: each side's form as it stands (⏎ where a line breaks), no
        # marks that would read as words put in or taken out
        for label, words in (("A", difference.a), ("B", difference.b)):
            if words:
                rows.append((label, Text(printable(words))))
    else:
        if difference.segments and len(difference.a) < 60 and len(difference.b) < 60:
            rows.append((_("change"), _segments(difference, plain)))
        for side, operation in (("a", "delete"), ("b", "insert")):
            context = difference.a_context if side == "a" else difference.b_context
            if not context:
                context = difference.a if side == "a" else difference.b
                marks = [(0, len(context))] if context else []
            else:
                marks = difference.context_marks(side)
            rows.append((side.upper(), _marked(context, marks, operation, plain)))
    if (confidence := describe_confidence(difference)) is not None:
        rows.append(("OCR", Text(confidence, style="dim italic")))
    if (hint := describe_hint(difference)) is not None:
        rows.append((_("hint"), Text(printable(hint), style="dim italic")))
    if wrap:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=LABEL_WIDTH + 5, justify="right", style="dim", no_wrap=True)
        grid.add_column()
        for label, body in rows:
            grid.add_row(f"{label}:", body)
        return Group(heading, grid)
    return Group(heading, *(_indented(label, body) for label, body in rows))


LABEL_WIDTH = 6
"""Width of the labels (`change`, `A`, `B`) under a difference's heading."""


def _indented(label: str, body: Text) -> Text:
    """A labelled line; only the label is dim, so the marks in `body` keep their style."""
    line = Text()
    line.append(f"    {label:>{LABEL_WIDTH}}: ", style="dim")
    line.append_text(body)
    return line


def _segments(difference: Difference, plain: bool) -> Text:
    """The change itself, letter by letter where that is readable: `Arda{+la+}n`.

    In colour a deleted word and the word put in its place are set a space apart
    (`2025-04-14 2025-04-04`, struck and green), where the marks would run them together.
    """
    text = Text()
    previous = ("equal", " ")
    for operation, piece in difference.segments:
        whole_words = previous[0] == "delete" and (
            not text.plain[: -len(previous[1])] or text.plain[: -len(previous[1])][-1].isspace()
        )
        if not plain and operation == "insert" and whole_words:
            text.append(" ")
        text.append_text(_mark(piece, operation, plain))
        previous = (operation, piece)
    return text


def _marked(context: str, marks: list[tuple[int, int]], operation: str, plain: bool) -> Text:
    """A context sentence with the changed runs (offsets in it) marked as deleted (A) or
    inserted (B)."""
    text = Text()
    position = 0
    for start, end in marks:
        if start < position:
            continue
        text.append(printable(context[position:start]))
        text.append_text(_mark(context[start:end], operation, plain))
        position = end
    text.append(printable(context[position:]))
    return text


def _mark(piece: str, operation: str, plain: bool) -> Text:
    piece = printable(piece)
    if operation == "equal":
        return Text(piece)
    if plain:
        return Text(f"[-{piece}-]" if operation == "delete" else f"{{+{piece}+}}")
    return Text(piece, style=DELETED_STYLE if operation == "delete" else INSERTED_STYLE)


def _summary(report: Report, show: str) -> Table:
    """Counts per category, most severe first; layout rows say they are not shown."""
    table = Table(title=_("Summary"), title_justify="left", show_edge=False, pad_edge=False)
    table.add_column(_("severity"))
    table.add_column(_("category"))
    table.add_column(_("count"), justify="right")
    counts = report.by_category(new_only=True)
    for category in Category:
        if category in counts:
            severity = category.severity
            note = "" if severity in SHOW_LEVELS[show] else " " + _("(not shown)")
            table.add_row(
                Text(severity_label(severity), style=SEVERITY_STYLE[severity]),
                category_label(category) + note,
                str(counts[category]),
            )
    if report.baseline:
        table.add_row(
            Text(_("accepted"), style="cyan"), _("by the baseline"), str(len(report.accepted))
        )
    if not counts and not report.baseline:
        table.add_row("–", _("no differences"), "0")
    return table


def _baseline(report: Report, plain: bool) -> RenderableType:
    """What the baseline accepted (one line each) and which of its entries are stale."""
    accepted = [d for d in report.differences if d.id in report.accepted]
    lines: list[RenderableType] = [
        Text(
            _("Accepted by baseline {baseline}: {count}").format(
                baseline=report.baseline, count=len(accepted)
            ),
            style="cyan",
        )
    ]
    for difference in accepted:
        line = Text(f"  #{difference.id} {difference.category.value} ")
        line.append_text(_mark(difference.a, "delete", plain) if difference.a else Text(""))
        line.append(" → ")
        line.append_text(_mark(difference.b, "insert", plain) if difference.b else Text(""))
        lines.append(line)
    if report.stale:
        lines.append(
            Text(
                _("Stale (accepted, no longer occurring): {count}").format(count=len(report.stale)),
                style="cyan",
            )
        )
        for entry in report.stale:
            lines.append(Text(printable(f"  {entry.category}: {entry.a!r} → {entry.b!r}")))
    return Group(*lines)


def _verdict(report: Report) -> Text:
    substantive = report.new_count(Severity.SUBSTANTIVE)
    minor = report.new_count(Severity.MINOR)
    layout = report.count(Severity.LAYOUT)
    if substantive:
        style, head = (
            "bold red",
            ngettext(
                "{count} substantive difference", "{count} substantive differences", substantive
            ).format(count=substantive),
        )
    else:
        style, head = "bold green", _("No substantive differences")
    return Text(
        _("{head}; {minor} minor, {layout} layout.").format(head=head, minor=minor, layout=layout),
        style=style,
    )


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: the terminal report as plain text (no colour, no wrapping),
    as a pipe receives it."""
    buffer = io.StringIO()
    render(
        report, Console(file=buffer, color_system=None, soft_wrap=True, width=100), settings.show
    )
    return buffer.getvalue()
