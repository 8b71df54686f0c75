"""Report: render a `Report` for people and for machines.

Each format is one module with one function, `report(report, settings) -> str`, and one
line in `REPORTERS`; `render(report, format, settings)` picks it (importing only that
module). The CLI, batch and the library all render through `render`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from docreconcile.i18n import N_, _, ngettext
from docreconcile.model import Category, Difference, Report, Severity
from docreconcile.output import printable

__all__ = [
    "REPORTERS",
    "SHOW_LEVELS",
    "Settings",
    "category_label",
    "counted",
    "printable",
    "render",
    "severity_label",
    "shown",
]

_CATEGORY_LABELS = {
    Category.WORD: N_("word"),
    Category.REWORDED: N_("reworded"),
    Category.REORDERED: N_("reordered"),
    Category.SPELLING: N_("spelling"),
    Category.NUMBER: N_("number"),
    Category.INSERTED: N_("inserted"),
    Category.DELETED: N_("deleted"),
    Category.PARAGRAPH_ADDED: N_("paragraph added"),
    Category.PARAGRAPH_REMOVED: N_("paragraph removed"),
    Category.PUNCTUATION: N_("punctuation"),
    Category.CASE: N_("case"),
    Category.TYPOGRAPHY: N_("typography"),
    Category.MOVED: N_("moved"),
    Category.OCR: N_("misread by OCR"),
    Category.READING_ORDER: N_("reading order"),
    Category.UNREADABLE: N_("unreadable"),
    Category.WHITESPACE: N_("whitespace"),
    Category.LINE_BREAK: N_("line break"),
    Category.HYPHENATION: N_("hyphenation"),
    Category.HEADER_FOOTER: N_("header footer"),
    Category.PAGE_NUMBER: N_("page number"),
    Category.PAGE_BREAK: N_("page break"),
    Category.RULE: N_("rule"),
    Category.FOOTNOTE_MARK: N_("footnote mark"),
}

_SEVERITY_LABELS = {
    Severity.SUBSTANTIVE: N_("substantive"),
    Severity.MINOR: N_("minor"),
    Severity.LAYOUT: N_("layout"),
}


def category_label(category: Category) -> str:
    """A category as a person reads it, in the language in use (`paragraph removed`);
    machine formats keep the value (`paragraph_removed`)."""
    return _(_CATEGORY_LABELS.get(category, category.value.replace("_", " ")))


def severity_label(severity: Severity) -> str:
    """A severity as a person reads it, in the language in use."""
    return _(_SEVERITY_LABELS[severity])


SHOW_LEVELS: dict[str, tuple[Severity, ...]] = {
    "substantive": (Severity.SUBSTANTIVE,),
    "minor": (Severity.SUBSTANTIVE, Severity.MINOR),
    "all": (Severity.SUBSTANTIVE, Severity.MINOR, Severity.LAYOUT),
}
"""What each `--show` level includes: a level shows itself and everything more severe."""


_NOUNS = {
    "pair": lambda count: ngettext("{count} pair", "{count} pairs", count),
    "paragraph": lambda count: ngettext("{count} paragraph", "{count} paragraphs", count),
    "page": lambda count: ngettext("{count} page", "{count} pages", count),
    "difference": lambda count: ngettext("{count} difference", "{count} differences", count),
}


def counted(count: int, noun: str) -> str:
    """A count and its noun, one or many, in the language in use: `1 pair`, `2 pairs`.

    >>> counted(1, "pair"), counted(2, "pair"), counted(0, "difference")
    ('1 pair', '2 pairs', '0 differences')
    """
    return _NOUNS[noun](count).format(count=count)


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


def describe_confidence(difference: Difference) -> str | None:
    """How sure the OCR engine was of the word it read, for an `ocr` difference; else None.

    >>> from docreconcile.model import Category
    >>> d = Difference(1, Severity.MINOR, Category.OCR, "för", "for", "", "", None, None,
    ...                confidence=62)
    >>> describe_confidence(d)
    'read by OCR with confidence 62 of 100'
    """
    if difference.confidence is None:
        return None
    return _("read by OCR with confidence {confidence} of 100").format(
        confidence=difference.confidence
    )


def hint_sentence(hint: str | None, a: str, b: str) -> str | None:
    """`describe_hint` from a hint and the two sides' words (as a JSON record has them)."""
    if hint not in ("a", "b"):
        return None
    word, other = (b, a) if hint == "b" else (a, b)
    return _(
        "{side} is probably right: “{word}” is written Swedish, “{other}” rare or unknown"
    ).format(side=hint.upper(), word=word.strip(), other=other.strip())


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
