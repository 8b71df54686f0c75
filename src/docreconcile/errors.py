"""Errors a user can act on, and the exit statuses the command line returns.

Every problem with an input is an `InputError` whose message names the file, says what
is wrong and what to do; the CLI prints it on one line and exits with `ExitStatus.TROUBLE`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes as diff(1) has them, so CI jobs can gate on them."""

    SAME = 0  # no difference at or above the --fail-on level
    DIFFERENT = 1  # differences at or above the --fail-on level
    TROUBLE = 2  # could not compare: bad input, bad option, internal error


class DocReconcileError(Exception):
    """Base class for every error docreconcile reports to a user."""


class InputError(DocReconcileError):
    """An input cannot be read or compared. The message is shown to the user as it is."""
