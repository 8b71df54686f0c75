"""Reading the files beside the documents: decisions files, manifests, results to resume.

They are checked as inputs are: a FIFO named `--baseline` blocked for ever, and
`/dev/zero` grew memory without end. So each is opened without blocking, must be a
regular file, and is read only up to a size no real one comes near.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docreconcile.errors import InputError
from docreconcile.i18n import _

SIDE_FILE_LIMIT = 512 * 1024 * 1024
"""Bytes a decisions file, manifest or results file may have: a decisions file of
20,000 differences is some 10 MB, the JSON lines of a 10,000-pair batch a few hundred."""


def read_side_file(path: Path, what: str, encoding: str = "utf-8") -> str:
    """The text of `path`, a `what` (`decisions file`, `manifest`), or an InputError that
    says what is wrong with it. FileNotFoundError passes through: what a missing file
    means is the caller's to say.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise InputError(
            _("{path}: cannot be read as a {what} ({strerror})").format(
                path=path, what=_(what), strerror=error.strerror
            )
        ) from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError(
                _("{path}: is a directory: give the {what} as a file").format(
                    path=path, what=_(what)
                )
            )
        if not stat.S_ISREG(status.st_mode):
            raise InputError(
                _(
                    "{path}: is not a regular file (a FIFO, device or socket): "
                    "give the {what} as a regular file"
                ).format(path=path, what=_(what))
            )
        if status.st_size > SIDE_FILE_LIMIT:
            raise InputError(
                _(
                    "{path}: is {value} MB, more than a {what} ever is ({value2} "
                    "MB): is it the right file?"
                ).format(
                    path=path,
                    value=status.st_size // 1024**2,
                    what=_(what),
                    value2=SIDE_FILE_LIMIT // 1024**2,
                )
            )
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read(SIDE_FILE_LIMIT + 1)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            _("{path}: is not a readable {what} (not UTF-8: {reason})").format(
                path=path, what=_(what), reason=error.reason
            )
        ) from None
