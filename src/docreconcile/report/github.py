"""GitHub Actions annotations (`--format github`): workflow commands on stdout.

`::error` for each substantive difference, `::warning` for each minor one (layout is not
annotated). The annotation points at the text input's line where there is one, since
GitHub can only place annotations on lines of files in the repository.
"""

from __future__ import annotations

from docreconcile.i18n import _
from docreconcile.model import Difference, Report, Severity, SourceFormat, describe_location
from docreconcile.report import Settings, describe_hint, shown

_LEVEL = {Severity.SUBSTANTIVE: "error", Severity.MINOR: "warning"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message as the runner expects.

    >>> escape_data("50% rad\\nny rad")
    '50%25 rad%0Any rad'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (file, title).

    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, show: str = "minor") -> str:
    """One annotation line per substantive or minor difference not accepted by a baseline."""
    lines = []
    for difference in shown(report, show):
        if difference.severity not in _LEVEL or difference.id in report.accepted:
            continue
        lines.append(_annotation(report, difference))
    return "".join(line + "\n" for line in lines)


def _annotation(report: Report, difference: Difference) -> str:
    properties = []
    if report.a.format is SourceFormat.TEXT and difference.a_location is not None:
        properties = [
            f"file={escape_property(report.a.path)}",
            f"line={difference.a_location.line}",
        ]
    elif report.b.format is SourceFormat.TEXT and difference.b_location is not None:
        properties = [
            f"file={escape_property(report.b.path)}",
            f"line={difference.b_location.line}",
        ]
    else:
        properties = [f"file={escape_property(report.a.path)}"]
    properties.append(f"title={escape_property(f'docreconcile: {difference.category.value}')}")
    where_a = describe_location(difference.a_location)
    where_b = describe_location(difference.b_location)
    places = f"(A {where_a}, B {where_b})"
    message = (
        f"{difference.a!r} → {difference.b!r} {places}"
        if difference.category.value != "moved"
        else _("paragraph moved: {words}").format(words=repr(difference.a)) + f" {places}"
    )
    if (hint := describe_hint(difference)) is not None:
        message += f"; {hint}"
    return f"::{_LEVEL[difference.severity]} {','.join(properties)}::{escape_data(message)}"


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` with the settings' `show`."""
    return render(report, settings.show)
