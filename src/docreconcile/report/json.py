"""The JSON report (`--format json`): a stable, documented schema for CI and other tools.

Schema `docreconcile/1`; see README.md for every field. Valid JSON for any document text:
control characters are escaped by the encoder and lone surrogates never reach it
(normalisation replaces them).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from docreconcile.model import Category, Difference, Location, Report, Severity, SourceInfo
from docreconcile.report import Settings, shown

SCHEMA = "docreconcile/1"


def to_dict(report: Report, show: str = "minor") -> dict[str, Any]:
    """The report as plain JSON-ready data: sources, summary counts, shown differences."""
    by_category = report.by_category()
    return {
        "schema": SCHEMA,
        "warnings": warnings(report),
        "a": _source(report.a),
        "b": _source(report.b),
        "summary": {
            "substantive": report.count(Severity.SUBSTANTIVE),
            "minor": report.count(Severity.MINOR),
            "layout": report.count(Severity.LAYOUT),
            "by_category": {
                category.value: by_category[category]
                for category in Category
                if category in by_category
            },
        },
        "similarity": asdict(report.similarity) if report.similarity else None,
        "shown": show,
        "differences": [_difference(d, d.id in report.accepted) for d in shown(report, show)],
        "baseline": _baseline(report),
    }


def warnings(report: Report) -> list[str]:
    """What a reader of the report must know before its differences: the inputs look
    like different documents, an input is not what its name says, pages without text."""
    from docreconcile.measure import looks_unrelated, unrelated_warning

    found = []
    if report.similarity is not None and looks_unrelated(report.similarity):
        found.append(unrelated_warning(report.similarity).removeprefix("warning: "))
    for side, source in (("A", report.a), ("B", report.b)):
        found.extend(f"{side} ({source.path}): {warning}" for warning in source.warnings)
    return found


def render(report: Report, show: str = "minor") -> str:
    """The report as one JSON document, UTF-8 text, ending in a newline."""
    return json.dumps(to_dict(report, show), ensure_ascii=False, indent=2) + "\n"


def _source(source: SourceInfo) -> dict[str, Any]:
    described: dict[str, Any] = {
        "path": source.path,
        "format": source.format.value,
        "pages": source.pages,
        "paragraphs": source.paragraphs,
        "encoding": source.encoding,
        "warnings": list(source.warnings),
    }
    if source.engine not in (None, "pdfminer"):
        described["engine"] = source.engine  # the default reader goes without saying
    if source.scanned:
        described["scanned"] = list(source.scanned)
    return described


def _baseline(report: Report) -> dict[str, Any] | None:
    if report.baseline is None:
        return None
    return {
        "path": report.baseline,
        "accepted": len(report.accepted),
        "new": {
            "substantive": report.new_count(Severity.SUBSTANTIVE),
            "minor": report.new_count(Severity.MINOR),
        },
        "stale": [asdict(entry) for entry in report.stale],
    }


def _difference(difference: Difference, accepted: bool) -> dict[str, Any]:
    return {
        "id": difference.id,
        "fingerprint": difference.fingerprint,
        "accepted": accepted,
        "severity": difference.severity.value,
        "category": difference.category.value,
        "a": difference.a,
        "b": difference.b,
        "inline": difference.inline,
        "a_context": difference.a_context,
        "b_context": difference.b_context,
        "a_marks": [list(mark) for mark in difference.context_marks("a")],
        "b_marks": [list(mark) for mark in difference.context_marks("b")],
        "a_location": _location(difference.a_location),
        "b_location": _location(difference.b_location),
        "hint": difference.hint,
        "confidence": difference.confidence,
    }


def _location(location: Location | None) -> dict[str, int | None] | None:
    return location.as_dict() if location is not None else None


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` with the settings' `show`."""
    return render(report, settings.show)
