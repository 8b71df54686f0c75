"""Report: render a `Report` for people and for machines.

Each format is one module with one function, `report(report, settings) -> str`, and one
line in `REPORTERS`; `render(report, format, settings)` picks it (importing only that
module). The CLI, batch and the library all render through `render`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from docreconcile.model import Difference, Report, Severity
from docreconcile.output import printable

__all__ = ["REPORTERS", "SHOW_LEVELS", "Settings", "counted", "printable", "render", "shown"]

SHOW_LEVELS: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "all": (Severity.SUBSTANTIVE, Severity.MINOR, Severity.LAYOUT),
}
"""What each `--show` level includes: a level shows itself and everything more severe."""


def counted(count: int, noun: str, plural: str = "") -> str:
    """A count and its noun, one or many: `1 pair`, `2 pairs`, `1 paragraph`.

    >>> counted(1, "pair"), counted(2, "pair"), counted(0, "difference")
    ('1 pair', '2 pairs', '0 differences')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def shown(report: Report, show: str) -> list[Difference]:
    """The differences a `--show` level includes, in document order."""
    severities = SHOW_LEVELS[show]
    return [difference for difference in report.differences if difference.severity in severities]


def describe_hint(difference: Difference) -> str | None:
    """The dictionary hint of a one-word difference in words, or None.

    >>> from docreconcile.model import Category
    >>> d = Difference(1, Severity.SUBSTANTIVE, Category.SPELLING, "genomlysna", "genomlysa",
    ...                "", "", None, None, hint="b")
    >>> describe_hint(d)
    'B is probably right: “genomlysa” is written Swedish, “genomlysna” rare or unknown'
    """
    return hint_sentence(difference.hint, difference.a, difference.b)


def hint_sentence(hint: str | None, a: str, b: str) -> str | None:
    """`describe_hint` from a hint and the two sides' words (as a JSON record has them)."""
    if hint not in ("a", "b"):
        return None
    word, other = (b, a) if hint == "b" else (a, b)
    return (
        f"{hint.upper()} is probably right: “{word.strip()}” is written Swedish, "
        f"“{other.strip()}” rare or unknown"
    )


@dataclass(frozen=True)
class Settings:
    """What a reporter may be asked: which differences to list (`show`), which fail
    (`fail_on`, for the formats that say pass or fail)."""

    show: str = "minor"
    fail_on: str = "substantive"


REPORTERS: dict[str, str] = {
    "terminal": "docreconcile.report.terminal",
    "json": "docreconcile.report.json",
    "markdown": "docreconcile.report.markdown",
    "github": "docreconcile.report.github",
    "junit": "docreconcile.report.junit",
    "sarif": "docreconcile.report.sarif",
    "html": "docreconcile.report.html",
}
"""Report formats by name, each the module that renders it (a new format: one module
with a `report` function, and one line here)."""


def render(report: Report, output_format: str, settings: Settings | None = None) -> str:
    """The report in a format of `REPORTERS`, as text.

    >>> from docreconcile.model import SourceFormat, SourceInfo
    >>> empty = Report(SourceInfo("a.txt", SourceFormat.TEXT, 1, 0),
    ...                SourceInfo("b.txt", SourceFormat.TEXT, 1, 0), ())
    >>> render(empty, "markdown").splitlines()[0]
    '### ✅ docreconcile: no substantive differences'
    """
    if output_format not in REPORTERS:
        raise ValueError(
            f"{output_format!r} is no report format: use one of {', '.join(REPORTERS)}"
        )
    module = importlib.import_module(REPORTERS[output_format])
    text: str = module.report(report, settings or Settings())
    return text
