"""Batch mode: reconcile a whole archive of document pairs over a pool of processes.

Pairs come from two folders (files paired by stem: `x.txt` with `x.pdf`; one folder given
twice pairs the files inside it) or from a CSV manifest. A pair that cannot be compared is
recorded with its error and the others go on; files without a partner are listed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docreconcile import baseline as baseline_file
from docreconcile.errors import DocReconcileError, ExitStatus, InputError
from docreconcile.i18n import N_, _
from docreconcile.limits import STOP_SIGNALS
from docreconcile.model import FAIL_ON, Decision, Report, Severity
from docreconcile.pipeline import Options, compare, page_views_of
from docreconcile.report import html as html_report
from docreconcile.report import json as json_report
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


def compare_pair(
    spec: PairSpec,
    options: Options,
    accepted: list[Decision] | None = None,
    baseline: Path | None = None,
    show: str = "minor",
    html: bool = False,
    page_images: bool = True,
    shipped: tuple[bytes | None, bytes | None] | None = None,
) -> PairResult:
    """Compare one pair; an unreadable input becomes the result's error, not an exception.

    With a baseline's entries for this pair (`accepted`), the counts are the new ones, as
    the exit status of a single comparison with `--baseline` is. The result carries what
    the main process writes: the pair's baseline entries, and its HTML report if `html`
    (with the pages of its PDF sides, unless not `page_images`). A side given as bytes
    (`shipped`: `--ship`, read by the client) or as a URL is read from those bytes.
    """
    sent = shipped or (None, None)
    if sent == (None, None) and not is_url(spec.a) and not is_url(spec.b):
        hashes = (content_hash(Path(spec.a)), content_hash(Path(spec.b)))
    else:
        hashes = (None, None)
    try:
        if hashes == (None, None):
            report, hashes = _compare_read(spec, options, sent)
        else:
            report = compare(spec.a, spec.b, options)
        if accepted is not None and baseline is not None:
            report = baseline_file.apply(report, accepted, baseline)
        pages = None
        if html and page_images and not any(is_url(side) for side in (spec.a, spec.b)):
            pages = page_views_of(report, Path(spec.a), Path(spec.b), options)
    except DocReconcileError as error:
        return PairResult(spec, error=str(error), a_sha256=hashes[0], b_sha256=hashes[1])
    except Exception as error:  # a bug in one pair must not stop the archive
        return PairResult(
            spec,
            error=f"internal error ({type(error).__name__}: {error})",
            a_sha256=hashes[0],
            b_sha256=hashes[1],
        )
    return PairResult(
        spec,
        substantive=report.new_count(Severity.SUBSTANTIVE),
        minor=report.new_count(Severity.MINOR),
        layout=report.count(Severity.LAYOUT),
        report=json_report.to_dict(report, show),
        a_sha256=hashes[0],
        b_sha256=hashes[1],
        html=html_report.render(report, show_layout=show == "all", pages=pages) if html else None,
        entries=tuple(baseline_file.entries_from(report)),
    )


def _compare_read(
    spec: PairSpec, options: Options, shipped: tuple[bytes | None, bytes | None]
) -> tuple[Report, tuple[str | None, str | None]]:
    """Compare a pair whose sides come as bytes (shipped, or fetched from their URLs),
    with the SHA-256 of each side's content (the extraction cache is keyed by content
    too, wherever the bytes came from)."""
    from docreconcile.pipeline import compare_documents, read_bytes, read_document

    documents = []
    hashes: list[str | None] = []
    for side, data in zip((spec.a, spec.b), shipped, strict=True):
        if data is None and is_url(side):
            data = fetch(str(side), options.limits.max_size_mb)
        if data is None:
            documents.append(read_document(Path(side), options))
            hashes.append(content_hash(Path(side)))
        else:
            documents.append(read_bytes(str(side), data, options))
            hashes.append(hashlib.sha256(data).hexdigest())
    return compare_documents(documents[0], documents[1]), (hashes[0], hashes[1])


def fetch(url: str, max_size_mb: int) -> bytes:
    """A URL's content through fsspec (`https://`, `s3://`, `gs://`, `file://`; each
    store's own credentials as fsspec reads them), at most `max_size_mb`."""
    try:
        import fsspec
    except ImportError:
        raise InputError(
            _("{url}: reading URLs needs fsspec: pip install 'docreconcile[cluster]'").format(
                url=url
            )
        ) from None
    limit = max_size_mb * 1024 * 1024
    try:
        with fsspec.open(url, "rb") as stream:
            data: bytes = stream.read(limit + 1)
    except (ImportError, ValueError) as error:  # no filesystem for the scheme
        raise InputError(
            _("{url}: cannot be read ({reason}): install the package for its scheme").format(
                url=url, reason=error
            )
        ) from None
    except Exception as error:  # the stores' errors are of many kinds
        raise InputError(
            _("{url}: cannot be fetched ({reason}): check the address and the access").format(
                url=url, reason=f"{type(error).__name__}: {error}"[:160]
            )
        ) from None
    if len(data) > limit:
        raise InputError(
            _(
                "{name}: is {value:.0f} MB, more than --max-size "
                "{max_size_mb} MB: raise the limit with --max-size if it is "
                "genuine"
            ).format(name=url, value=len(data) / 1024 / 1024, max_size_mb=max_size_mb)
        )
    return data


def _side_hash(side: Path | str) -> str | None:
    """A local side's content hash; None for a URL (`--resume` fetches it again)."""
    return None if is_url(side) else content_hash(Path(side))


def _side(value: str) -> Path | str:
    """A record's side as a PairSpec holds it: a URL as given, else a path."""
    return value if is_url(value) else Path(value)


def content_hash(path: Path) -> str | None:
    """The SHA-256 of a file's content (None when it cannot be read: the comparison says
    why). Read in pieces: an archive's PDFs may be large."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while piece := stream.read(1 << 20):
                digest.update(piece)
    except OSError:
        return None
    return digest.hexdigest()


def resumable(jsonl: Path, pairs: list[PairSpec]) -> dict[str, PairResult]:
    """Results of an earlier run (its JSONL) that still hold: the pair compared without
    error, and both inputs have the same content hashes now. Nothing if there is no file.
    """
    try:
        text = read_side_file(jsonl, N_("results file (--jsonl)"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            _("{jsonl}: cannot be read to resume from ({error})").format(jsonl=jsonl, error=error)
        ) from None
    wanted = {spec.name: spec for spec in pairs}
    found: dict[str, PairResult] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            result = PairResult.from_dict(json.loads(line))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            raise InputError(
                _(
                    "{jsonl}: line {number} is not a batch record: remove the file to start anew"
                ).format(jsonl=jsonl, number=number)
            ) from None
        spec = wanted.get(result.spec.name)
        if spec is None or result.error is not None or result.report is None:
            continue
        same_files = (result.spec.a, result.spec.b) == (spec.a, spec.b)
        hashes = (result.a_sha256, result.b_sha256)
        if same_files and hashes == (_side_hash(spec.a), _side_hash(spec.b)):
            found[spec.name] = result
    return found


def run_batch(
    pairs: list[PairSpec],
    options: Options,
    workers: int,
    on_done: Callable[[PairResult], PairResult | None] | None = None,
    baselines: dict[str, list[Decision]] | None = None,
    baseline: Path | None = None,
    show: str = "minor",
    html: bool = False,
    scheduler: str | None = None,
    page_images: bool = True,
    say: Callable[[str], None] | None = None,
    ship: bool = False,
) -> list[PairResult]:
    """Compare all pairs, `workers` at a time; results in the order of `pairs`.

    Each pair reads its PDFs with one process (the pool is the parallelism). With a
    shared baseline, `baselines` holds each pair's entries by its key (`pair_key`). With
    a Dask `scheduler` address, the pairs run on that cluster's workers instead.
    `on_done` is told each result as it comes; what it returns, if anything, is kept in
    its place (a result whose HTML report it wrote, without it: a batch holds no pair's
    pages in memory).
    """
    options = replace(options, jobs=1, progress=None)

    def arguments(spec: PairSpec) -> tuple[Any, ...]:
        accepted = None
        if baselines is not None:
            accepted = baselines.get(baseline_file.pair_key(spec.a, spec.b), [])
        return (spec, options, accepted, baseline, show, html, page_images)

    results: dict[int, PairResult] = {}
    if scheduler is not None:
        return _run_on_cluster(scheduler, pairs, arguments, on_done, say, ship)
    if workers <= 1 or len(pairs) <= 1:
        for index, spec in enumerate(pairs):
            results[index] = compare_pair(*arguments(spec))
            if on_done is not None:
                results[index] = on_done(results[index]) or results[index]
        return [results[index] for index in range(len(pairs))]
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker)
    waiting = iter(enumerate(pairs))
    futures: dict[Future[PairResult], int] = {}
    try:
        while True:
            # a few pairs a worker in flight, the next sent as one finishes: the pool's
            # queue holds a window of the batch, not all of it
            while len(futures) < IN_FLIGHT * workers and (item := next(waiting, None)):
                futures[pool.submit(compare_pair, *arguments(item[1]))] = item[0]
            if not futures:
                break
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=futures.__getitem__):
                # let the future go with its result: each holds its pair's whole report
                index = futures.pop(future)
                results[index] = _result_of(future, pairs[index])
                if on_done is not None:
                    results[index] = on_done(results[index]) or results[index]
    except BaseException:
        # Ctrl-C or a signal: stop the workers now, not after the pairs they are on (the
        # pool's own shutdown waits for them: more than 60 s on a large batch)
        _stop_workers(pool)
        raise
    pool.shutdown()
    return [results[index] for index in range(len(pairs))]


IN_FLIGHT = 4
"""Pairs sent ahead per worker (a pool's process, a cluster's thread): enough that no
worker waits for its next pair, few enough that a batch of 20,000 pairs is not all held
at once (with --ship, every file's bytes)."""

IN_FLIGHT_LEAST = 16
"""Pairs in flight on a cluster at least, while its workers are still joining."""

CLUSTER_TIMEOUT = "10s"
"""How long to wait for a Dask scheduler to answer before calling the address wrong."""


def _run_on_cluster(
    address: str,
    pairs: list[PairSpec],
    arguments: Callable[[PairSpec], tuple[Any, ...]],
    on_done: Callable[[PairResult], PairResult | None] | None,
    say: Callable[[str], None] | None = None,
    ship: bool = False,
) -> list[PairResult]:
    """Compare the pairs on an existing Dask distributed cluster: one task a pair, the
    same results (and the same error for a worker that dies) as the local pool gives.

    The workers need docreconcile installed and the files at the same paths: each path
    is made absolute here, before it leaves this machine (a worker started in another
    folder resolves a relative one there), and the records keep the paths as given. A
    pair a worker cannot read says which worker met it. The cluster's dashboard, where it
    has one, is told to `say`. With `ship`, the workers need not see the files: this
    machine reads each pair's files and sends their bytes with its task (a URL is
    fetched by the worker)."""
    try:
        from distributed import Client
        from distributed import as_completed as completed_on_cluster
    except ImportError:
        raise InputError(
            _("--scheduler needs Dask's distributed package: pip install 'docreconcile[cluster]'")
        ) from None
    try:
        client = Client(address, timeout=CLUSTER_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            _(
                "{address}: no Dask scheduler answers there ({name}): check "
                "the address (tcp://host:8786) and that the scheduler runs"
            ).format(address=address, name=type(error).__name__)
        ) from None
    results: dict[int, PairResult] = {}
    with client:
        if say is not None and _has_dashboard(client):
            say(_("the Dask dashboard: {link}").format(link=client.dashboard_link))
        waiting = iter(enumerate(pairs))
        futures: dict[Any, int] = {}
        finished = completed_on_cluster()  # type: ignore[no-untyped-call]

        def send_more() -> None:
            """Keep IN_FLIGHT pairs a worker thread on the cluster: a file is read
            (`--ship`) only when its pair is sent."""
            threads = sum(client.nthreads().values())  # type: ignore[no-untyped-call]
            while len(futures) < max(IN_FLIGHT * threads, IN_FLIGHT_LEAST) and (
                item := next(waiting, None)
            ):
                index, spec = item
                future = client.submit(
                    _compare_on_worker,
                    *arguments(_absolute(spec)),
                    _shipped(spec) if ship else None,
                    pure=False,
                )
                futures[future] = index
                finished.add(future)  # type: ignore[no-untyped-call]

        try:
            send_more()
            for future in finished:
                index = futures.pop(future)  # its result (a whole report) goes with it
                try:
                    results[index] = replace(future.result(), spec=pairs[index])
                except Exception as error:  # the worker died, or the task was lost
                    results[index] = PairResult(
                        pairs[index],
                        error=f"the worker comparing it stopped ({type(error).__name__})",
                    )
                if on_done is not None:
                    results[index] = on_done(results[index]) or results[index]
                send_more()
        except BaseException:
            # Ctrl-C: the cluster stops working for us
            client.cancel(list(futures))  # type: ignore[no-untyped-call]
            raise
    return [results[index] for index in range(len(pairs))]


def _absolute(spec: PairSpec) -> PairSpec:
    """A pair with absolute paths, as sent to a worker that may run in another folder."""
    a, b = (side if is_url(side) else Path(side).absolute() for side in (spec.a, spec.b))
    return PairSpec(spec.name, a, b)


def _shipped(spec: PairSpec) -> tuple[bytes | None, bytes | None]:
    """A pair's local files' bytes, read here to be sent to a worker (`--ship`); a file
    that cannot be read is left to the worker to say so (it is sent no bytes)."""
    sent: list[bytes | None] = []
    for side in (spec.a, spec.b):
        try:
            sent.append(None if is_url(side) else Path(side).read_bytes())
        except OSError:
            sent.append(None)
    return sent[0], sent[1]


def _has_dashboard(client: Any) -> bool:
    """Whether the scheduler serves Dask's dashboard (started without one, it has no
    `dashboard` service)."""
    try:
        return "dashboard" in (client.scheduler_info().get("services") or {})
    except Exception:  # an old or odd scheduler: say nothing rather than fail the batch
        return False


def _compare_on_worker(*arguments: Any) -> PairResult:
    """`compare_pair` on a Dask worker: a pair it cannot compare says which worker met
    it (the files a worker sees are its machine's, not the client's)."""
    result = compare_pair(*arguments)
    if result.error is None:
        return result
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):  # not on a worker (a test calling it directly)
        return result
    return replace(
        result,
        error=_("{error} (on the Dask worker {worker})").format(error=result.error, worker=worker),
    )


def _quiet_worker() -> None:
    """A pool worker leaves Ctrl-C and SIGTERM to the batch (which stops the pool):
    taking them itself, each printed a traceback or 'Exception ignored'."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers and the PDF readers they started, at once: the pool's own
    shutdown waits for the pairs under way (more than 60 s on a large batch), and a
    worker killed alone would leave its reader running."""
    pool.shutdown(wait=False, cancel_futures=True)
    for pid in _descendants(os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _descendants(root: int) -> list[int]:
    """The processes below `root` (children, their children, …), from /proc."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(status.parent.name)] = int(fields[1])
    found: list[int] = []
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _result_of(future: Future[PairResult], spec: PairSpec) -> PairResult:
    try:
        return future.result()
    except Exception as error:  # a worker that died (killed, out of memory)
        return PairResult(spec, error=f"the worker comparing it stopped ({type(error).__name__})")


def batch_status(results: list[PairResult], fail_on: str = "substantive") -> ExitStatus:
    """2 if any pair could not be compared, else 1 if any failed the gate, else 0."""
    if any(result.error is not None for result in results):
        return ExitStatus.TROUBLE
    if any(result.status(fail_on) == "different" for result in results):
        return ExitStatus.DIFFERENT
    return ExitStatus.SAME


def order_records(jsonl: Path, names: list[str]) -> None:
    """Rewrite a JSONL file of records appended as pairs finished (after the kept ones of
    an earlier run, with `--resume`) in the pairs' order, each pair's latest record
    once. Only where each record lies is held, not the records: the file is read twice.
    Written atomically; a pair with no record is left out."""
    latest: dict[str, tuple[int, int]] = {}
    with jsonl.open("rb") as stream:
        offset = 0
        for line in stream:
            if line.strip():
                try:
                    name = json.loads(line)["pair"]
                except (ValueError, KeyError, TypeError):
                    name = None
                if isinstance(name, str):
                    latest[name] = (offset, len(line))
            offset += len(line)
    from docreconcile.output import write_atomically

    def ordered() -> Iterator[str]:
        with jsonl.open("rb") as stream:
            for name in names:
                if name in latest:
                    start, length = latest[name]
                    stream.seek(start)
                    yield stream.read(length).decode("utf-8").rstrip("\n") + "\n"

    write_atomically(jsonl, ordered())


def jsonl_lines(results: list[PairResult], fail_on: str = "substantive") -> Iterator[str]:
    """One JSON object per pair, for `--jsonl`."""
    for result in results:
        yield json.dumps(result.as_dict(fail_on), ensure_ascii=False)
