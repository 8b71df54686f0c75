"""Decisions: a reviewable file of decided differences, which is also the CI baseline.

`docreconcile accept A B` records the current substantive and minor differences by their
fingerprint (their text and context, not their position, so reflowing a document keeps
them accepted), each with the verdict `accepted`. `review` and the HTML report record a
verdict per difference: `a`, `b`, `text` (own wording) or `both` (both fine). `docreconcile A B
--baseline FILE` then marks every decided difference as no longer new, lists entries
that no longer occur as stale, and gates only on the rest; `reconcile` writes the
agreed text from the verdicts.

The file is JSON (`docreconcile-decisions/1`), sorted, one entry per difference with its
text, so a pull request shows exactly what was decided. It holds any number of document
pairs, each under `pair_key` (its two file names): deciding one pair never drops
another's. Files of the earlier schemas (`docreconcile-baseline/1`, one pair, and `/2`,
pairs of accepted entries) are read as decisions `accepted`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.i18n import N_, _
from docreconcile.model import VERDICTS, Decision, Difference, Report, Severity
from docreconcile.output import write_atomically
from docreconcile.sidefiles import read_side_file

SCHEMA = "docreconcile-decisions/1"
OLD_SCHEMAS = ("docreconcile-baseline/1", "docreconcile-baseline/2")
DEFAULT_NAME = ".docreconcile-baseline.json"
DOWNLOADED_NAME = "docreconcile-baseline.json"
"""The name the HTML page's download gets: browsers take the leading dot off a
downloaded file's name, so the tools read this one beside A too."""


def default_path(path_a: Path) -> Path:
    """The decisions file's default place: beside the first input, as
    `.docreconcile-baseline.json`, or as the page's download (`docreconcile-baseline.json`)
    where only that one is there."""
    hidden = path_a.parent / DEFAULT_NAME
    downloaded = path_a.parent / DOWNLOADED_NAME
    return downloaded if downloaded.is_file() and not hidden.exists() else hidden


def entries_from(report: Report, audit: Audit | None = None) -> list[Decision]:
    """Decisions `accepted` for a report's substantive and minor differences, sorted."""
    return sorted(
        (
            decision_for(difference, "accepted", audit=audit)
            for difference in report.differences
            if difference.severity is not Severity.LAYOUT
        ),
        key=_order,
    )


def decision_for(
    difference: Difference, verdict: str, text: str = "", audit: Audit | None = None
) -> Decision:
    """The decision `verdict` about a difference (with `text` for an own wording), signed
    with `audit` (who, when, why) where given."""
    if verdict not in VERDICTS:
        raise InputError(
            _("{verdict!r} is no verdict: use one of {value}").format(
                verdict=verdict, value=", ".join(VERDICTS)
            )
        )
    audit = audit or Audit()
    return Decision(
        fingerprint=difference.fingerprint,
        severity=difference.severity.value,
        category=difference.category.value,
        a=difference.a,
        b=difference.b,
        a_context=difference.a_context,
        b_context=difference.b_context,
        verdict=verdict,
        text=text if verdict == "text" else "",
        reviewer=audit.reviewer,
        decided_at=audit.decided_at,
        comment=audit.comment,
    )


@dataclass(frozen=True)
class Audit:
    """Who decided, when (ISO 8601, with the offset from UTC) and why: the audit
    trail a registrar shows for each decision."""

    reviewer: str = ""
    decided_at: str = ""
    comment: str = ""

    @classmethod
    def now(cls, reviewer: str, comment: str = "") -> Audit:
        """A decision made now by `reviewer`, to the second, in local time with its
        offset (`2026-12-07T14:03:27+01:00`)."""
        moment = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        return cls(reviewer, moment, comment)


def user_name() -> str:
    """Who is deciding when no `--reviewer` is given: the login name (`unknown` where
    the system has none, as in some containers)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


_AUDIT_FIELDS = ("reviewer", "decided_at", "comment")
"""Written only when set, so files without an audit trail stay as they were."""


def _order(entry: Decision) -> tuple[bool, str, str, str, str]:
    return (entry.severity != "substantive", entry.category, entry.a, entry.b, entry.fingerprint)


def pair_key(a: Path | str, b: Path | str) -> str:
    """The key of a pair in a shared baseline: its two file names.

    >>> pair_key(Path("text/memo.txt"), Path("pdf/memo.pdf"))
    'memo.txt ↔ memo.pdf'
    """
    return f"{Path(a).name} ↔ {Path(b).name}"


def dumps(
    report: Report, others: dict[str, list[Decision]] | None = None, audit: Audit | None = None
) -> str:
    """The decisions file's text for a report's differences, `accepted` unless decided
    otherwise before, beside the entries of `others` pairs (this report's pair replacing
    its earlier entries: what no longer occurs is dropped). New entries carry `audit`;
    earlier ones keep who decided them and when."""
    pairs = dict(others or {})
    key = pair_key(report.a.path, report.b.path)
    earlier = {entry.fingerprint: entry for entry in pairs.get(key, [])}
    pairs[key] = [earlier.get(entry.fingerprint, entry) for entry in entries_from(report, audit)]
    return dumps_shared(pairs)


def dumps_shared(pairs: dict[str, list[Decision]]) -> str:
    """A decisions file's text: each pair's entries under its key, keys sorted."""
    data = {
        "schema": SCHEMA,
        "pairs": {
            key: {"decisions": [_entry(entry) for entry in sorted(pairs[key], key=_order)]}
            for key in sorted(pairs)
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _entry(decision: Decision) -> dict[str, str]:
    return {
        name: value
        for name, value in asdict(decision).items()
        if value or name not in _AUDIT_FIELDS
    }


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the decisions file `path` for one read-modify-write: two runs writing one
    shared file at once (two `accept`s of different pairs, a batch and a review) each
    read what the other wrote, so neither pair's decisions are lost.

    The lock is an advisory lock on a hidden file beside it (`.NAME.lock`, kept: the
    file itself is replaced by a rename, so a lock on it would not hold). Where there
    is no `fcntl` (Windows) the writes are atomic but not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = path.parent / f".{path.name}.lock"
    try:
        handle = open(lock, "a")  # noqa: SIM115 - held for the block below
    except OSError as error:
        raise InputError(
            _(
                "{path}: cannot be locked for writing ({strerror}): check the folder's permissions"
            ).format(path=path, strerror=error.strerror)
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def update(path: Path, change: Callable[[dict[str, list[Decision]]], None]) -> None:
    """Read the decisions file (none yet: no pairs), `change` its pairs, write it back,
    all under `locked`."""
    with locked(path):
        pairs = load_pairs(path) if path.exists() else {}
        change(pairs)
        write_atomically(path, dumps_shared(pairs))


def record(path: Path, key: str, decision: Decision) -> None:
    """Write one decision into the file at once (atomically, keeping every other pair's
    and every other difference's): a crash loses at most the decision being made.
    A second decision about the same difference replaces the first."""

    def put(pairs: dict[str, list[Decision]]) -> None:
        kept = [e for e in pairs.get(key, []) if e.fingerprint != decision.fingerprint]
        pairs[key] = [*kept, decision]

    update(path, put)


def forget(path: Path, key: str, fingerprint: str) -> None:
    """Take a decision back (`review`'s back key, or a skip after a decision)."""
    if not path.exists():
        return

    def drop(pairs: dict[str, list[Decision]]) -> None:
        pairs[key] = [e for e in pairs.get(key, []) if e.fingerprint != fingerprint]

    update(path, drop)


def load(path: Path, key: str | None = None) -> list[Decision]:
    """A file's decisions: of a file of one pair whatever its pair, of a file of many
    those under `key` (none if the pair is not in it)."""
    pairs, one_pair = _load(path)
    if one_pair or (len(pairs) == 1 and key not in pairs):
        return next(iter(pairs.values()))  # the file of one pair, its files since renamed
    return pairs.get(key, []) if key is not None else [e for v in pairs.values() for e in v]


def load_pairs(path: Path) -> dict[str, list[Decision]]:
    """Every pair's decisions in a file, by `pair_key` (a one-pair file of the first
    schema by the names it records)."""
    return _load(path)[0]


def _load(path: Path) -> tuple[dict[str, list[Decision]], bool]:
    """Read a decisions file, or say clearly why it cannot be used; and whether it is
    a one-pair file of the first schema (whose pair is whatever pair it is used for)."""
    try:
        data = json.loads(read_side_file(path, N_("decisions file")))
    except FileNotFoundError:
        raise InputError(
            _("{path}: no such baseline file: create it with `docreconcile accept A B`").format(
                path=path
            )
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(
            _("{path}: is not a readable baseline file ({error})").format(path=path, error=error)
        ) from None
    if not isinstance(data, dict) or data.get("schema") not in (SCHEMA, *OLD_SCHEMAS):
        raise InputError(
            _("{path}: is not a docreconcile baseline (schema {SCHEMA!r} expected)").format(
                path=path, SCHEMA=SCHEMA
            )
        )
    if data["schema"] == OLD_SCHEMAS[0]:
        key = pair_key(str(data.get("a", "")), str(data.get("b", "")))
        return {key: _entries(path, data.get("accepted"))}, True
    pairs = data.get("pairs")
    if not isinstance(pairs, dict):
        raise InputError(_("{path}: has no pairs: recreate it with accept").format(path=path))
    field = "decisions" if data["schema"] == SCHEMA else "accepted"
    return {
        str(key): _entries(path, value.get(field) if isinstance(value, dict) else None)
        for key, value in pairs.items()
    }, False


def _entries(path: Path, raw: object) -> list[Decision]:
    """Entries checked one by one: each field is text, each verdict a verdict."""
    try:
        entries = [Decision(**entry) for entry in raw]  # type: ignore[attr-defined]
    except (KeyError, TypeError) as error:
        raise InputError(
            _("{path}: has a malformed entry ({error}): recreate it with accept").format(
                path=path, error=error
            )
        ) from None
    for number, entry in enumerate(entries, start=1):
        wrong = [name for name, value in asdict(entry).items() if not isinstance(value, str)]
        if wrong:
            raise InputError(
                _(
                    "{path}: entry {number} has {value} that is not text: recreate it with accept"
                ).format(path=path, number=number, value=", ".join(wrong))
            )
        if entry.verdict not in VERDICTS:
            raise InputError(
                _("{path}: entry {number} has the verdict {verdict!r}: use one of {value}").format(
                    path=path, number=number, verdict=entry.verdict, value=", ".join(VERDICTS)
                )
            )
    return entries


def apply(report: Report, accepted: list[Decision], path: Path) -> Report:
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
    stale: list[Decision] = []
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
        differences=tuple(d.numbered(renumber[d.id]) for d in ordered),
        accepted=frozenset(renumber[identifier] for identifier in report.accepted),
    )
