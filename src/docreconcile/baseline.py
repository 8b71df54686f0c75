"""Accepted differences: a reviewable baseline file that lets CI fail only on new ones.

`docreconcile accept A B` records the current substantive and minor differences by their
fingerprint (their text and context, not their position, so reflowing a document keeps
them accepted). `docreconcile A B --baseline FILE` then marks those as accepted, lists
baseline entries that no longer occur as stale, and gates only on the rest.

The file is JSON, sorted, one entry per difference with its text, so a pull request shows
exactly what was accepted.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.model import AcceptedDifference, Report, Severity

SCHEMA = "docreconcile-baseline/1"
DEFAULT_NAME = ".docreconcile-baseline.json"


def default_path(path_a: Path) -> Path:
    """The baseline's default place: beside the first input."""
    return path_a.parent / DEFAULT_NAME


def entries_from(report: Report) -> list[AcceptedDifference]:
    """Baseline entries for a report's substantive and minor differences, sorted."""
    entries = [
        AcceptedDifference(
            fingerprint=difference.fingerprint,
            severity=difference.severity.value,
            category=difference.category.value,
            a=difference.a,
            b=difference.b,
            a_context=difference.a_context,
            b_context=difference.b_context,
        )
        for difference in report.differences
        if difference.severity is not Severity.LAYOUT
    ]
    return sorted(
        entries, key=lambda e: (e.severity != "substantive", e.category, e.a, e.b, e.fingerprint)
    )


def dumps(report: Report) -> str:
    """The baseline file's text for a report."""
    data = {
        "schema": SCHEMA,
        "a": Path(report.a.path).name,
        "b": Path(report.b.path).name,
        "accepted": [asdict(entry) for entry in entries_from(report)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load(path: Path) -> list[AcceptedDifference]:
    """Read a baseline file, or say clearly why it cannot be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such baseline file: create it with `docreconcile accept A B`"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: is not a readable baseline file ({error})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(f"{path}: is not a docreconcile baseline (schema {SCHEMA!r} expected)")
    try:
        entries = [AcceptedDifference(**entry) for entry in data["accepted"]]
    except (KeyError, TypeError) as error:
        raise InputError(
            f"{path}: has a malformed entry ({error}): recreate it with accept"
        ) from None
    for number, entry in enumerate(entries, start=1):
        wrong = [name for name, value in vars(entry).items() if not isinstance(value, str)]
        if wrong:
            raise InputError(
                f"{path}: entry {number} has {', '.join(wrong)} that is not text: "
                "recreate it with accept"
            )
    return entries


def apply(report: Report, accepted: list[AcceptedDifference], path: Path) -> Report:
    """Mark the report's differences that the baseline accepts; list stale entries.

    Matching is by fingerprint and counts: a baseline that accepts one occurrence of a
    difference does not accept a second, new occurrence of the same text.
    """
    available = Counter(entry.fingerprint for entry in accepted)
    accepted_ids: set[int] = set()
    for difference in report.differences:
        if difference.severity is Severity.LAYOUT:
            continue
        if available[difference.fingerprint] > 0:
            available[difference.fingerprint] -= 1
            accepted_ids.add(difference.id)
    stale: list[AcceptedDifference] = []
    for entry in accepted:
        if available[entry.fingerprint] > 0:
            available[entry.fingerprint] -= 1
            stale.append(entry)
    return _renumbered(
        replace(report, baseline=str(path), accepted=frozenset(accepted_ids), stale=tuple(stale))
    )


def _renumbered(report: Report) -> Report:
    """The report with the differences still to decide numbered first (1..n, as listed),
    then the accepted ones, so the numbers a person reads have no gaps."""
    ordered = sorted(report.differences, key=lambda d: (d.id in report.accepted, d.id))
    renumber = {difference.id: number for number, difference in enumerate(ordered, start=1)}
    return replace(
        report,
        differences=tuple(replace(d, id=renumber[d.id]) for d in ordered),
        accepted=frozenset(renumber[identifier] for identifier in report.accepted),
    )
