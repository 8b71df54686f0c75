"""Report: render a `Report` for people and for machines. Each format is one module with
one pure function of the Report; the CLI only picks which."""

from __future__ import annotations

import re

from docreconcile.model import Difference, Report, Severity

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def printable(text: str) -> str:
    r"""Text with control characters written out, for a terminal, a log or Markdown: a
    file name or a document cannot move the cursor, set the window title (ESC), or start
    a line of its own (a newline followed by `::error::`, which a CI runner would obey).
    Tabs become spaces.

    >>> print(printable("rapport\n::error::x\x1b]0;t\x07\tslut"))
    rapport\n::error::x\x1b]0;t\x07 slut
    """
    text = text.replace("\t", " ")
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


SHOW_LEVELS: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "all": (Severity.SUBSTANTIVE, Severity.MINOR, Severity.LAYOUT),
}
"""What each `--show` level includes: a level shows itself and everything more severe."""


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
    if difference.hint not in ("a", "b"):
        return None
    word, other = difference.a, difference.b
    if difference.hint == "b":
        word, other = other, word
    return (
        f"{difference.hint.upper()} is probably right: “{word.strip()}” is written Swedish, "
        f"“{other.strip()}” rare or unknown"
    )
