"""The pairs of a batch: from two folders, from files each with its sibling in another
format, or from a manifest; what a pair is (`PairSpec`) and what comparing it gave
(`PairResult`)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docreconcile.errors import InputError
from docreconcile.i18n import N_, _
from docreconcile.model import FAIL_ON, Decision, Severity
from docreconcile.sidefiles import read_side_file


@dataclass(frozen=True)
class PairSpec:
    """Two files to compare, and the name the pair is shown under. A side is a path, or
    a URL (`https://`, `s3://`, ...) a manifest names, read through fsspec."""

    name: str
    a: Path | str
    b: Path | str


@dataclass(frozen=True)
class PairResult:
    """The outcome of one pair: counts (new ones, with a baseline) and the JSON report,
    or the error that stopped it; with the inputs' content hashes, for `--resume`."""

    spec: PairSpec
    substantive: int = 0
    minor: int = 0
    layout: int = 0
    error: str | None = None
    report: dict[str, Any] | None = None
    a_sha256: str | None = None
    b_sha256: str | None = None
    html: str | None = field(default=None, compare=False, repr=False)  # with --reports
    entries: tuple[Decision, ...] = field(default=(), compare=False, repr=False)

    def status(self, fail_on: str = "substantive") -> str:
        """`error`, `different` when it has differences at the `--fail-on` level (the
        level that sets the exit status), else `same`."""
        if self.error is not None:
            return "error"
        counts = {Severity.SUBSTANTIVE: self.substantive, Severity.MINOR: self.minor}
        failing = any(counts.get(severity, 0) for severity in FAIL_ON[fail_on])
        return "different" if failing else "same"

    def as_dict(self, fail_on: str = "substantive") -> dict[str, object]:
        """The pair's JSONL record: what `--resume` reads back and batch reports render."""
        return {
            "pair": self.spec.name,
            "a": str(self.spec.a),
            "b": str(self.spec.b),
            "a_sha256": self.a_sha256,
            "b_sha256": self.b_sha256,
            "status": self.status(fail_on),
            "summary": {
                "substantive": self.substantive,
                "minor": self.minor,
                "layout": self.layout,
            },
            "error": self.error,
            "report": self.report,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> PairResult:
        """A result read back from a JSONL record (for `--resume`)."""
        summary = record["summary"]
        return cls(
            PairSpec(record["pair"], _side(record["a"]), _side(record["b"])),
            substantive=int(summary["substantive"]),
            minor=int(summary["minor"]),
            layout=int(summary["layout"]),
            error=record.get("error"),
            report=record.get("report"),
            a_sha256=record.get("a_sha256"),
            b_sha256=record.get("b_sha256"),
        )


DOCUMENT_SUFFIXES = frozenset(
    {".txt", ".text", ".pdf", ".docx", ".odt", ".html", ".htm", ".md", ".markdown"}
)
"""The files a folder is paired from: other files (`cases.json`, a script) are no
documents and are left alone, not listed as unpaired."""


def _visible_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in DOCUMENT_SUFFIXES
    )


def pairs_from_directories(
    dir_a: Path, dir_b: Path, reference: str = "text"
) -> tuple[list[PairSpec], list[Path]]:
    """Pair files by stem; return the pairs and the files left without a partner.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     for name in ("beslut.txt", "beslut.pdf", "ensam.txt"):
    ...         _ = (root / name).write_text("x")
    ...     pairs, unpaired = pairs_from_directories(root, root)
    ...     [(p.name, p.a.name, p.b.name) for p in pairs], [u.name for u in unpaired]
    ([('beslut', 'beslut.txt', 'beslut.pdf')], ['ensam.txt'])
    """
    for folder in (dir_a, dir_b):
        if not folder.is_dir():
            raise InputError(
                _("{folder}: is not a folder: give two folders, or --manifest FILE").format(
                    folder=folder
                )
            )
    if dir_a.resolve() == dir_b.resolve():
        return _pairs_within(_visible_files(dir_a), reference)
    files_b: dict[str, list[Path]] = {}
    for path in _visible_files(dir_b):
        files_b.setdefault(path.stem, []).append(path)
    pairs: list[PairSpec] = []
    unpaired: list[Path] = []
    for path in _visible_files(dir_a):
        candidates = files_b.pop(path.stem, [])
        if not candidates:
            unpaired.append(path)
            continue
        others = [c for c in candidates if c.suffix.lower() != path.suffix.lower()] or candidates
        for other in others:  # A's file with each of B's versions of its stem
            name = path.stem if len(others) == 1 else f"{path.stem} ({other.suffix[1:].lower()})"
            pairs.append(PairSpec(name, path, other))
        unpaired.extend(c for c in candidates if c not in others)
    unpaired.extend(path for paths in files_b.values() for path in paths)
    return pairs, sorted(unpaired)


REFERENCES = {
    "text": (".txt", ".text"),
    "pdf": (".pdf",),
    "docx": (".docx",),
    "odt": (".odt",),
    "html": (".html", ".htm"),
    "markdown": (".md", ".markdown"),
}
"""What `--reference` may name: the version every other version of a stem is compared
with, by its format."""


def reference_of(paths: list[Path], reference: str = "text") -> Path:
    """The version the others of one stem are compared with: the one in the `reference`
    format, else the first that is not a PDF (a PDF is what is checked, seldom what is
    checked against), by name.

    >>> reference_of([Path("b.pdf"), Path("b.docx"), Path("b.txt")]).name
    'b.txt'
    >>> reference_of([Path("b.pdf"), Path("b.docx")]).name, reference_of(
    ...     [Path("b.pdf"), Path("b.docx")], "pdf").name
    ('b.docx', 'b.pdf')
    """
    wanted = REFERENCES[reference]
    named = [path for path in paths if path.suffix.lower() in wanted]
    return (named or sorted(paths, key=lambda p: (p.suffix.lower() == ".pdf", p.name)))[0]


def _pairs_within(files: list[Path], reference: str = "text") -> tuple[list[PairSpec], list[Path]]:
    """In one folder: the versions of one stem in different formats. Two are a pair (the
    reference first); of three or more (`beslut.txt`, `.docx`, `.pdf`: what a registrar
    often has) each is compared with the reference, each pair named by its other
    version's format (`beslut (pdf)`)."""
    by_stem: dict[str, list[Path]] = {}
    for path in files:
        by_stem.setdefault(path.stem, []).append(path)
    pairs: list[PairSpec] = []
    unpaired: list[Path] = []
    for stem, paths in sorted(by_stem.items()):
        if len(paths) < 2:
            unpaired.extend(paths)
            continue
        first = reference_of(paths, reference)
        others = sorted(path for path in paths if path != first)
        for other in others:
            name = stem if len(others) == 1 else f"{stem} ({other.suffix.lstrip('.').lower()})"
            pairs.append(PairSpec(name, first, other))
    return pairs, unpaired


def pairs_from_files(
    files: list[Path], reference: str = "text"
) -> tuple[list[PairSpec], list[Path]]:
    """Pair each document file with its sibling: the file of the same name in the same
    folder in another format (`memo.txt` with `memo.pdf`). For a pre-commit hook or a
    script that knows which files changed; naming both files of a pair gives it once.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     for name in ("beslut.txt", "beslut.pdf", "ensam.txt", "data.json"):
    ...         _ = (root / name).write_text("x")
    ...     given = [root / n for n in ("beslut.pdf", "beslut.txt", "ensam.txt", "data.json")]
    ...     pairs, unpaired = pairs_from_files(given)
    ...     [(p.name, p.a.name, p.b.name) for p in pairs], [u.name for u in unpaired]
    ([('beslut', 'beslut.txt', 'beslut.pdf')], ['ensam.txt'])
    """
    missing = [path for path in files if not path.is_file()]
    if missing:
        raise InputError(
            _("{value}: no such file: give existing files, or two folders").format(value=missing[0])
        )
    stems: dict[tuple[Path, str], None] = {}
    for path in files:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            stems[(path.parent, path.stem)] = None
    pairs: list[PairSpec] = []
    unpaired: list[Path] = []
    for folder, stem in stems:
        siblings = [p for p in _visible_files(folder) if p.stem == stem]
        found, alone = _pairs_within(siblings, reference)
        pairs.extend(found)
        unpaired.extend(alone)
    return pairs, unpaired


def distinct(pairs: list[PairSpec]) -> list[PairSpec]:
    """The pairs, each once and each under a name of its own.

    A pair is known by its two files, not its name: the same two files named twice are
    one pair; two pairs of one stem in different folders (`2023/memo` and `2024/memo`)
    are named by as many of their folders as tell them apart. Results, resumed runs and
    reports go by the name: two pairs under one name showed one's result for both.

    >>> specs = [PairSpec("memo", Path("r/2023/memo.txt"), Path("r/2023/memo.pdf")),
    ...          PairSpec("memo", Path("r/2024/memo.txt"), Path("r/2024/memo.md")),
    ...          PairSpec("memo", Path("r/2023/memo.txt"), Path("r/2023/memo.pdf"))]
    >>> [spec.name for spec in distinct(specs)]
    ['2023/memo', '2024/memo']
    """
    unique: dict[tuple[Path | str, Path | str], PairSpec] = {}
    for spec in pairs:
        absolute = _absolute(spec)
        unique.setdefault((absolute.a, absolute.b), spec)
    found = list(unique.values())
    depth = 0
    while True:
        names = Counter(spec.name for spec in found)
        clashing = {name for name, count in names.items() if count > 1}
        if not clashing:
            return found
        depth += 1
        renamed = []
        for spec in found:
            if spec.name in clashing:
                side = Path(str(spec.a).split("://", 1)[-1])  # a URL's path, a file's
                folders = side.absolute().parent.parts[1:]
                if depth <= len(folders):
                    name = "/".join([*folders[len(folders) - depth :], side.stem])
                else:  # one file paired with two: name both
                    name = f"{spec.a} ↔ {spec.b}"
                spec = replace(spec, name=name)
            renamed.append(spec)
        found = renamed


def pairs_from_manifest(manifest: Path) -> list[PairSpec]:
    """Pairs from a CSV file with columns `a`, `b` and optionally `name` (a header row).

    Relative paths are relative to the manifest's folder.
    """
    try:
        text = read_side_file(manifest, N_("manifest"), encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except FileNotFoundError:
        raise InputError(
            _("{manifest}: no such manifest file: check the path").format(manifest=manifest)
        ) from None
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(
            _("{manifest}: is not a readable CSV manifest ({error})").format(
                manifest=manifest, error=error
            )
        ) from None
    if rows and not {"a", "b"} <= set(rows[0]):
        raise InputError(
            _("{manifest}: needs a header row with columns a and b (and optionally name)").format(
                manifest=manifest
            )
        )
    base = manifest.parent
    pairs = []
    named: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        a, b = (row.get("a") or "").strip(), (row.get("b") or "").strip()
        if not a or not b:
            raise InputError(
                _("{manifest}: line {number} lacks a or b").format(manifest=manifest, number=number)
            )
        name = (row.get("name") or "").strip()
        if name and name in named:
            raise InputError(
                _(
                    "{manifest}: line {number} names a pair {name!r} as line "
                    "{value} does: give each pair a name of its own"
                ).format(manifest=manifest, number=number, name=name, value=named[name])
            )
        named.setdefault(name, number)
        sides = [side if is_url(side) else base / side for side in (a, b)]
        pairs.append(PairSpec(name or _stem(a), sides[0], sides[1]))
    return pairs


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(source: object) -> bool:
    """Whether a pair's side is a URL (read through fsspec), not a path.

    >>> is_url("https://example.org/a.pdf"), is_url("s3://arkiv/a.pdf"), is_url("a.pdf")
    (True, True, False)
    """
    return isinstance(source, str) and bool(_URL.match(source))


def _stem(source: str) -> str:
    """A pair's default name: its A file's stem, of a URL's last part too."""
    return Path(source.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]).stem


def _absolute(spec: PairSpec) -> PairSpec:
    """A pair with absolute paths, as sent to a worker that may run in another folder."""
    a, b = (side if is_url(side) else Path(side).absolute() for side in (spec.a, spec.b))
    return PairSpec(spec.name, a, b)


def _side(value: str) -> Path | str:
    """A record's side as a PairSpec holds it: a URL as given, else a path."""
    return value if is_url(value) else Path(value)
