"""Accepted differences: a reviewable baseline file that lets CI fail only on new ones.

`docreconcile accept A B` records the current substantive and minor differences by their
fingerprint (their text and context, not their position, so reflowing a document keeps
them accepted). `docreconcile A B --baseline FILE` then marks those as accepted, lists
baseline entries that no longer occur as stale, and gates only on the rest.

The file is JSON, sorted, one entry per difference with its text, so a pull request shows
exactly what was accepted. One file may hold many pairs (`docreconcile-baseline/2`, keyed
by `pair_key`): `accept` on a second pair in the same folder adds it, and `batch
--baseline` reads each pair's entries from one shared file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.model import AcceptedDifference, Report, Severity

SCHEMA = "docreconcile-baseline/1"
SHARED_SCHEMA = "docreconcile-baseline/2"
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


def pair_key(a: Path | str, b: Path | str) -> str:
    """The key of a pair in a shared baseline: its two file names.

    >>> pair_key(Path("text/memo.txt"), Path("pdf/memo.pdf"))
    'memo.txt ↔ memo.pdf'
    """
    return f"{Path(a).name} ↔ {Path(b).name}"


def dumps(report: Report, others: dict[str, list[AcceptedDifference]] | None = None) -> str:
    """The baseline file's text for a report; with entries of `others` pairs, a shared
    file holding them all (this report's pair replacing its earlier entries)."""
    if not others or set(others) == {pair_key(report.a.path, report.b.path)}:
        data: dict[str, object] = {
            "schema": SCHEMA,
            "a": Path(report.a.path).name,
            "b": Path(report.b.path).name,
            "accepted": [asdict(entry) for entry in entries_from(report)],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    pairs = dict(others)
    pairs[pair_key(report.a.path, report.b.path)] = entries_from(report)
    return dumps_shared(pairs)


def dumps_shared(pairs: dict[str, list[AcceptedDifference]]) -> str:
    """A shared baseline's text: each pair's entries under its key, keys sorted."""
    data = {
        "schema": SHARED_SCHEMA,
        "pairs": {
            key: {"accepted": [asdict(entry) for entry in pairs[key]]} for key in sorted(pairs)
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load(path: Path, key: str | None = None) -> list[AcceptedDifference]:
    """A baseline's entries: of a one-pair file whatever its pair, of a shared file the
    entries under `key` (none if the pair is not in it)."""
    pairs, shared = _load(path)
    if not shared:
        return next(iter(pairs.values()))
    return pairs.get(key, []) if key is not None else [e for v in pairs.values() for e in v]


def load_pairs(path: Path) -> dict[str, list[AcceptedDifference]]:
    """Every pair's entries in a baseline file, by `pair_key` (a one-pair file by the
    names it records)."""
    return _load(path)[0]


def _load(path: Path) -> tuple[dict[str, list[AcceptedDifference]], bool]:
    """Read a baseline file, or say clearly why it cannot be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such baseline file: create it with `docreconcile accept A B`"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: is not a readable baseline file ({error})") from None
    if not isinstance(data, dict) or data.get("schema") not in (SCHEMA, SHARED_SCHEMA):
        raise InputError(f"{path}: is not a docreconcile baseline (schema {SCHEMA!r} expected)")
    if data["schema"] == SCHEMA:
        key = pair_key(str(data.get("a", "")), str(data.get("b", "")))
        return {key: _entries(path, data.get("accepted"))}, False
    pairs = data.get("pairs")
    if not isinstance(pairs, dict):
        raise InputError(f"{path}: has no pairs: recreate it with accept")
    return {
        str(key): _entries(path, value.get("accepted") if isinstance(value, dict) else None)
        for key, value in pairs.items()
    }, True


def _entries(path: Path, raw: object) -> list[AcceptedDifference]:
    """Entries checked one by one: each field is text."""
    try:
        entries = [AcceptedDifference(**entry) for entry in raw]  # type: ignore[attr-defined]
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
