"""Writing output files so that a crash never leaves a half-written report behind, and a
report never destroys what stands at its path.

A report (HTML, JSON lines, a baseline) is written to a temporary file beside its target
and renamed over it. Only a regular file or a new path is ever replaced: a symbolic link
is refused (never followed into the file it points to), and so are devices, FIFOs and
sockets (renaming over `/dev/full` as root would replace the device node), and so is a
read-only file or an input of the run. A file that is replaced keeps its permissions; a
new one gets the usual ones, as the umask says. Temporary files a killed run left are
removed once stale.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.i18n import _


def write_atomically(path: Path, text: str | bytes | Iterable[str], private: bool = False) -> None:
    """Write `text` (or its pieces, one after the other, or bytes: a Word file) to `path`
    completely or not at all: a temporary file, then a rename.

    The temporary file sits in the target's folder, so the rename stays on one file system
    and is atomic. A `private` file (a cache entry) is readable by its owner only. Raises
    InputError, with a one-line message, for a path that is no regular file or cannot be
    written.
    """
    folder = path.parent.resolve()  # links among the folders are fine; the last one is not
    target = folder / path.name
    if not folder.is_dir():
        raise InputError(
            _("{path}: its folder {folder} does not exist").format(path=path, folder=folder)
        )
    mode = _mode_for(path, target)
    if private:
        mode = 0o600
    import tempfile  # here, not at the top: `--help` writes nothing

    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=folder
        )
        if isinstance(text, bytes):
            with os.fdopen(descriptor, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                if isinstance(text, str):
                    stream.write(text)
                else:
                    stream.writelines(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        _remove_stale(folder, target.name)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise InputError(
            _("{path}: cannot be written ({reason})").format(path=path, reason=reason)
        ) from None
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path, target: Path) -> int:
    """The permissions the written file gets: the existing file's, else 0666 less the
    umask. Refuses what must not be replaced."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask()
    except OSError as error:
        raise InputError(
            _("{path}: cannot be written ({strerror})").format(path=path, strerror=error.strerror)
        ) from None
    if stat.S_ISLNK(status.st_mode):
        raise InputError(
            _(
                "{path}: is a symbolic link; give the path of a regular file "
                "(links are not followed, so the file it points to stays as "
                "it is)"
            ).format(path=path)
        )
    if stat.S_ISDIR(status.st_mode):
        raise InputError(
            _("{path}: is a directory: give a file name for the output").format(path=path)
        )
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            _(
                "{path}: is not a regular file (a device, FIFO or socket); "
                "give the path of a regular file for the output"
            ).format(path=path)
        )
    if not status.st_mode & 0o222:  # by its mode, not access(2): root may write anything
        raise InputError(
            _(
                "{path}: is read-only, so it is not replaced: make it "
                "writable (chmod u+w) or write to another file"
            ).format(path=path)
        )
    return stat.S_IMODE(status.st_mode)


def check_output(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Refuse an output target before anything is computed or written: a folder that is
    not there, a directory, a link, a device, a read-only file, or one of the inputs
    (`-o beslut.txt` would replace the text being compared). Every output of a run is
    checked first, so a bad `-o` leaves no `--html` written either."""
    folder = path.parent.resolve()
    if not folder.is_dir():
        raise InputError(
            _("{path}: its folder {folder} does not exist").format(path=path, folder=folder)
        )
    target = folder / path.name
    _mode_for(path, target)
    try:
        there = os.stat(target)
    except OSError:
        return  # a new file: no input is it
    for source in inputs:
        try:
            found = os.stat(source)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (there.st_dev, there.st_ino):
            raise InputError(
                _(
                    "{path}: is one of the inputs, so it is not replaced: write "
                    "the output to another file"
                ).format(path=path)
            )


STALE_AFTER = 3600
"""Seconds after which a temporary file of an interrupted write is stale: a write takes
seconds, so one an hour old was left by a run killed mid-write (`kill -9`)."""


def _remove_stale(folder: Path, name: str) -> None:
    """Remove what writes to `name` killed mid-way left (`.NAME.*.tmp`, an hour old)."""
    import time

    for leftover in folder.glob(f".{glob_escape(name)}.*.tmp"):
        try:
            if time.time() - leftover.lstat().st_mtime > STALE_AFTER and leftover.is_file():
                leftover.unlink()
        except OSError:
            continue  # another run's, or gone already: not ours to insist on


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


_CONTROL = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    r"\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # the bidirectional controls too
)


def written_out(text: str, keep: str = "") -> str:
    r"""Control characters (but those in `keep`) written as their escapes: what a
    terminal, a page or a log must show rather than obey.

    >>> written_out("a\x1b]2;t\x07\nb", keep="\n")
    'a\\x1b]2;t\\x07\nb'
    """
    return _CONTROL.sub(
        lambda match: match.group() if match.group() in keep else repr(match.group())[1:-1],
        text,
    )


def printable(text: str) -> str:
    r"""Text with control characters written out, for a terminal, a log or Markdown: a
    file name or a document cannot move the cursor, set the window title (ESC), or start
    a line of its own (a newline followed by `::error::`, which a CI runner would obey).
    Tabs become spaces.

    >>> print(printable("rapport\n::error::x\x1b]0;t\x07\tslut"))
    rapport\n::error::x\x1b]0;t\x07 slut

    A right-to-left override in a file name (`beslut\u202etxt.pdf` shows as
    `beslutfdp.txt`) is written out too, so a name reads as it is:

    >>> print(printable("beslut\u202etxt.pdf"))
    beslut\u202etxt.pdf
    """
    return written_out(text.replace("\t", " "))
