"""A cache of extracted PDFs, so re-checking an unchanged PDF skips pdfminer.

Entries are keyed by the SHA-256 of the file's bytes and stamped with docreconcile's and
pdfminer's versions and the layout settings: an entry made by another version is ignored
(and replaced), since extraction may differ. Entries are JSON, not pickle, because a cache
folder is not a place to trust code from. PDFs opened with a password are not cached, so
their decrypted text never lands on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docreconcile.model import Box, Document, Interned, Line, Location, SourceFormat
from docreconcile.output import write_atomically
from docreconcile.version import __version__

SCHEMA = "docreconcile-cache/1"


def default_directory() -> Path:
    """The user's cache folder: $XDG_CACHE_HOME/docreconcile, else ~/.cache/docreconcile."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docreconcile"


def key_file() -> Path:
    """Where the key that signs this user's cache entries is kept: outside the cache
    folder ($XDG_STATE_HOME/docreconcile/cache.key, else ~/.local/state/...), so that a
    cache folder copied from elsewhere (restored in CI from another branch's run) holds
    entries this key did not sign."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "docreconcile" / "cache.key"


_SIGNING_KEY: list[bytes] = []
"""The key, once read or made in this process."""


def signing_key() -> bytes:
    """The key entries are signed with: read from `key_file`, made there (32 random bytes,
    readable by the user alone) the first time; where that folder cannot be written, one
    for this process only (its entries are then used by it alone)."""
    if _SIGNING_KEY:
        return _SIGNING_KEY[0]
    path = key_file()
    found = _read_entry(path)
    if found is None or len(found) < 32:
        found = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(path, found.hex(), private=True)
            found = _read_entry(path) or found
        except OSError:
            pass
    _SIGNING_KEY.append(found)
    return found


def _signer(key: str) -> Any:
    """An HMAC of an entry's name, and then of its content, under `signing_key`."""
    import hashlib
    import hmac

    return hmac.new(signing_key(), key.encode() + b"\0", hashlib.sha256)


def _signature(key: str, content: bytes) -> str:
    """The entry's signature: an HMAC of its name and content under `signing_key`."""
    signer = _signer(key)
    signer.update(content)
    return str(signer.hexdigest())


def _signed(key: str, pieces: Iterable[str]) -> Iterator[str]:
    """An entry's pieces, as they come (a report of 20,000 differences is never one
    string), and its signature after them."""
    signer = _signer(key)
    for piece in pieces:
        signer.update(piece.encode("utf-8"))
        yield piece
    yield SIGNATURE.decode() + signer.hexdigest()


SIGNATURE = b"\n#docreconcile-signature "
"""What the last line of every entry starts with; its signature follows."""


def stamp() -> str:
    """What an entry must have been made by to be used."""
    import pdfminer

    from docreconcile.extract.pdf import READER_REVISION

    return (
        f"docreconcile {__version__} reader {READER_REVISION}; pdfminer.six {pdfminer.__version__}"
    )


def content_key(data: bytes) -> str:
    import hashlib  # here: hashlib loads OpenSSL, which a run without a cache need not hold

    return hashlib.sha256(data).hexdigest()


MAX_ENTRY_MB = 256
"""The largest entry read: a 2,000-page PDF makes some 60 MB; a bigger one is not ours."""

MAX_FOLDER_MB = 2048
"""The cache folder's size beyond which the least recently used entries are removed
(some 80,000 pages of extractions and reports): entries made by an older version are
never read again, and would otherwise pile up."""

PRUNED_TO = 0.75
"""The share of MAX_FOLDER_MB the folder is brought down to, so that pruning is rare."""

MAX_LINE_CHARS = 20_000
"""The longest line an entry may hold: a PDF line is a line of a page (a planted entry of
million-character lines would take gigabytes to compare)."""


class Cache:
    """Extracted documents in a folder, one JSON file per PDF content (and finished
    reports, one per pair: `results.py`).

    Entries are untrusted: one is read only if it is a regular file of ours (never through
    a symbolic link, never a FIFO), not too big, and of the right shape; anything else is
    ignored (and replaced). A folder that is not ours, or not writable, is not used at all,
    and `problem` says why.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problem: str | None = None
        self.told = False  # whether an entry not signed by us was said (with -v) once
        self._checked = False
        self._size: int | None = None  # the folder's size, scanned at the first write

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def usable(self) -> bool:
        """Whether the folder may be used: absent (it will be made) or a folder of ours
        that we can write."""
        if not self._checked:
            self._checked = True
            self.problem = _folder_problem(self.directory)
        return self.problem is None

    def read(self, key: str) -> bytes | None:
        """The bytes of the entry `key`; None if absent or not to be trusted: not ours,
        or not signed with this user's key (`signing_key`: edited, or made elsewhere)."""
        if not self.usable():
            return None
        raw = _read_entry(self._path(key))
        if raw is None:
            return None
        content, _, signature = raw.rpartition(SIGNATURE)
        if not content or not hmac_equal(signature.strip(), _signature(key, content)):
            if not self.told:
                import logging  # here: only a cache that holds such an entry needs it

                self.told = True
                logging.getLogger("docreconcile").info(
                    "cache entries in %s not signed by this user's key (made elsewhere, or "
                    "edited) are not used",
                    self.directory,
                )
            return None
        with contextlib.suppress(OSError):  # used now: the last to be pruned
            os.utime(self._path(key))
        return content

    def write(self, key: str, text: str | Iterable[str]) -> None:
        """Store an entry (its text, or its text in pieces), signed. A cache that cannot be
        written is skipped, and `problem` says why (the command line says it once): a
        folder that cannot be made (`XDG_CACHE_HOME` somewhere unwritable) was skipped
        without a word."""
        if not self.usable():
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            pieces = [text] if isinstance(text, str) else text
            write_atomically(self._path(key), _signed(key, pieces), private=True)
            self._grown(self._path(key).stat().st_size)
        except Exception as error:  # a full disk or read-only cache must not fail the run
            reason = getattr(error, "strerror", None) or str(error).split(": ")[-1]
            self.problem = f"cache folder {self.directory}: cannot be written ({reason}): not used"

    def _grown(self, size: int) -> None:
        """Count an entry written; past MAX_FOLDER_MB, remove the least recently used.

        The folder is scanned once per process and then counted as it grows, so a batch
        writing thousands of entries does not list the folder after each one.
        """
        if self._size is None:
            self._size = sum(size for _, size, _ in _entries(self.directory))
        else:
            self._size += size
        if self._size > MAX_FOLDER_MB * 1024 * 1024:
            self._size = prune(self.directory, int(PRUNED_TO * MAX_FOLDER_MB * 1024 * 1024))

    def get(self, key: str, path: str) -> Document | None:
        """The cached extraction of the content `key`, shown as `path`; None if absent,
        made by another version, unreadable or not to be trusted."""
        raw = self.read(key)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        if (
            not isinstance(data, dict)
            or data.get("schema") != SCHEMA
            or data.get("stamp") != stamp()
        ):
            return None
        try:
            return _document(data, path)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, key: str, document: Document) -> None:
        """Store an extraction; a cache that cannot be written is silently skipped."""
        self.write(key, json.dumps(_data(document), ensure_ascii=False))


def prune(directory: Path, target: int) -> int:
    """Remove the least recently used entries until the folder holds at most `target`
    bytes of them; return what it holds. Only our own entries are touched.

    An entry is used when it is written or read (`read` marks it), so what a user checks
    again and again stays."""
    entries = sorted(_entries(directory), key=lambda entry: entry[2])
    total = sum(size for _, size, _ in entries)
    for path, size, _ in entries:
        if total <= target:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
    return total


def _entries(directory: Path) -> list[tuple[Path, int, float]]:
    """Our entries in the folder: (path, size, last used), regular files we own only."""
    found = []
    try:
        with os.scandir(directory) as listing:
            for item in listing:
                if not item.name.endswith(".json") or not item.is_file(follow_symlinks=False):
                    continue
                status = item.stat(follow_symlinks=False)
                if status.st_uid == os.geteuid():
                    found.append((Path(item.path), status.st_size, status.st_mtime))
    except OSError:
        return []
    return found


def _folder_problem(directory: Path) -> str | None:
    """Why a cache folder must not be used, or None."""
    try:
        status = os.lstat(directory)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cache folder {directory}: cannot be used ({error.strerror}): not used"
    if stat.S_ISLNK(status.st_mode):
        status = os.stat(directory)  # a link to a folder of ours is fine
    if not stat.S_ISDIR(status.st_mode):
        return f"cache folder {directory}: is not a folder: not used"
    if status.st_uid != os.geteuid():
        return f"cache folder {directory}: belongs to another user: not used"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"cache folder {directory}: is not writable: not used"
    return None


def hmac_equal(given: bytes, expected: str) -> bool:
    import hmac

    return hmac.compare_digest(given, expected.encode())


def _read_entry(path: Path) -> bytes | None:
    """An entry's bytes if it is a regular file of ours and not too big; else None.

    Opened without following a symbolic link and without blocking (a FIFO planted where
    an entry should be would wait for ever), then checked on the open file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_uid != os.geteuid()
            or status.st_size > MAX_ENTRY_MB * 1024 * 1024
        ):
            return None
        try:
            return stream.read()
        except OSError:
            return None


def _data(document: Document) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "stamp": stamp(),
        "pages": document.pages,
        "warnings": document.warnings,
        "lines": [
            [
                line.text,
                line.location.page,
                line.location.line,
                line.page_index,
                line.block,
                *(
                    (line.box.x0, line.box.y0, line.box.x1, line.box.y1)
                    if line.box
                    else (None,) * 4
                ),
                line.page_width,
                line.page_height,
            ]
            for line in document.lines
        ],
        "scanned": list(document.scanned),
        "confidence": [
            [location.page, location.line, list(words)]
            for location, words in document.confidence.items()
        ],
    }


def _document(data: dict[str, Any], path: str) -> Document:
    lines = []
    shared = Interned()  # JSON gives each number its own object: equal ones shared
    real, whole = shared.real, shared.whole
    for text, page, number, page_index, block, x0, y0, x1, y1, width, height in data["lines"]:
        if not isinstance(text, str) or len(text) > MAX_LINE_CHARS:
            raise ValueError("a line no PDF has")
        if page is not None and not isinstance(page, int):
            raise TypeError("a page that is no number")
        box = (
            Box(real(float(x0)), real(float(y0)), real(float(x1)), real(float(y1)))
            if x0 is not None
            else None
        )
        lines.append(
            Line(
                text=str(text),
                location=Location(line=int(number), page=page if page is None else whole(page)),
                page_index=whole(int(page_index)),
                box=box,
                block=block if block is None else whole(block),
                page_width=width if width is None else real(width),
                page_height=height if height is None else real(height),
            )
        )
    confidence = {
        Location(line=int(number), page=int(page)): tuple(int(word) for word in words)
        for page, number, words in data.get("confidence", [])
    }
    return Document(
        path=path,
        format=SourceFormat.PDF,
        pages=int(data["pages"]),
        lines=lines,
        warnings=[str(warning) for warning in data["warnings"]],
        scanned=tuple(int(page) for page in data.get("scanned", [])),
        confidence=confidence,
    )
