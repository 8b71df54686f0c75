"""SARIF 2.1.0: the report as code-scanning views read it (GitHub code scanning, IDEs).

One run of the tool `docreconcile`, one rule per category of difference (`spelling`,
`number`, ...), one result per difference listed (`--show`). A result's location is in
the text version where there is one (a line of a text file is a SARIF line); the other
input's place is a related location, its page and line said in the message (a PDF's line
is a line of its page, which SARIF cannot express). Severities map to levels: substantive
`error`, minor `warning`, layout `note`. The fingerprint is a partial fingerprint, so a
code-scanning view follows a difference across revisions; with a baseline, accepted
differences are `unchanged` and the rest `new`, and a decided difference carries an
external, accepted `suppressions` entry naming the decisions file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docreconcile.i18n import _
from docreconcile.model import (
    Category,
    Difference,
    Location,
    Report,
    Severity,
    SourceFormat,
    SourceInfo,
    describe_location,
)
from docreconcile.report import Settings, describe_hint, shown
from docreconcile.version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/docreconcile/docreconcile"

_LEVEL = {Severity.SUBSTANTIVE: "error", Severity.MINOR: "warning", Severity.LAYOUT: "note"}


def render(report: Report, show: str = "minor") -> str:
    """The report as a SARIF 2.1.0 log (JSON)."""
    differences = shown(report, show)
    categories = sorted({d.category for d in differences}, key=list(Category).index)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "docreconcile",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(category) for category in categories],
            }
        },
        "artifacts": [_artifact(report.a), _artifact(report.b)],
        "results": [
            _result(report, difference, categories.index(difference.category))
            for difference in differences
        ],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` with the settings' `show`."""
    return render(report, settings.show)


def _rule(category: Category) -> dict[str, Any]:
    name = category.value.replace("_", " ")
    return {
        "id": category.value,
        "name": "".join(part.title() for part in category.value.split("_")),
        "shortDescription": {"text": f"{name} ({category.severity.value})"},
        "defaultConfiguration": {"level": _LEVEL[category.severity]},
    }


def _artifact(source: SourceInfo) -> dict[str, Any]:
    mime = "application/pdf" if source.format is SourceFormat.PDF else "text/plain"
    return {"location": {"uri": _uri(source.path)}, "mimeType": mime}


def _uri(path: str) -> str:
    """A relative path as SARIF wants it (forward slashes, percent-encoded: a URI
    reference), an absolute one as a file URI.

    >>> _uri("beslut 2024/ärende #3.txt"), _uri("/arkiv/a b.pdf")
    ('beslut%202024/%C3%A4rende%20%233.txt', 'file:///arkiv/a%20b.pdf')
    """
    from urllib.parse import quote

    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(candidate.as_posix(), errors="surrogateescape")


def _result(report: Report, difference: Difference, rule_index: int) -> dict[str, Any]:
    sides = [("A", report.a, difference.a_location), ("B", report.b, difference.b_location)]
    # the text version first: its line is a line of the file
    sides.sort(key=lambda side: side[1].format is SourceFormat.PDF)
    (_label, primary, primary_at), (other_label, other, other_at) = sides
    message = _message(difference)
    result: dict[str, Any] = {
        "ruleId": difference.category.value,
        "ruleIndex": rule_index,
        "level": _LEVEL[difference.severity],
        "message": {"text": message},
        "locations": [_location(primary, primary_at)],
        "relatedLocations": [
            {
                **_location(other, other_at),
                "id": 1,
                "message": {"text": f"{other_label} {describe_location(other_at)}"},
            }
        ],
        "partialFingerprints": {"docreconcile/v1": difference.fingerprint},
    }
    if report.baseline:
        result["baselineState"] = "unchanged" if difference.id in report.accepted else "new"
    if difference.id in report.accepted:
        # decided in the decisions file: suppressed, so a code-scanning view shows it as
        # dismissed rather than as an open error
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": _("decided in {path}").format(path=report.baseline),
            }
        ]
    return result


def _message(difference: Difference) -> str:
    if difference.category.is_relocation:
        text = _("moved") + f": {difference.a!r}"
    else:
        text = f"{difference.a!r} → {difference.b!r}"
    a_at, b_at = describe_location(difference.a_location), describe_location(difference.b_location)
    where = f"A {a_at}, B {b_at}"
    hint = describe_hint(difference)
    return f"{difference.category.value.replace('_', ' ')}: {text} ({where})" + (
        f"; {hint}" if hint else ""
    )


def _location(source: SourceInfo, at: Location | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(source.path)}}
    if at is not None and at.line and source.format is not SourceFormat.PDF:
        physical["region"] = {"startLine": at.line}
    return {"physicalLocation": physical}
