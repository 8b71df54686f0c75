"""Writing output files so that a crash never leaves a half-written report behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docreconcile.errors import InputError


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` completely or not at all: a temporary file, then a rename.

    The temporary file sits in the target's folder, so the rename stays on one file system
    and is atomic.
    """
    target = path.resolve()
    if target.is_dir():
        raise InputError(f"{path}: is a directory: give a file name for the output")
    if not target.parent.is_dir():
        raise InputError(f"{path}: its folder {target.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot be written ({error.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
