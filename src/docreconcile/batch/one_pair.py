"""One pair compared: its sides read (a URL fetched within the size limit), its
report, its outputs, and what a resumed run keeps of an earlier one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docreconcile import baseline as baseline_file
from docreconcile.batch.pairs import PairResult, PairSpec, is_url
from docreconcile.errors import DocReconcileError, InputError
from docreconcile.i18n import N_, _
from docreconcile.model import Decision, Report, Severity
from docreconcile.pipeline import Options, compare, page_views_of
from docreconcile.report import html as html_report
from docreconcile.report import json as json_report
from docreconcile.sidefiles import read_side_file


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
