"""The console-script entry point: signals, closed streams, and click's usage errors as
one line and exit status 2."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys

import typer

from docreconcile import i18n
from docreconcile.cli.app import _error_line, _language, app
from docreconcile.errors import ExitStatus
from docreconcile.i18n import N_, _
from docreconcile.limits import STOP_SIGNALS
from docreconcile.output import printable


def main() -> None:
    """Console-script entry point. A bad option or argument is one line on stderr and exit
    status 2, as bad input is (click would draw a framed panel of several lines)."""
    for number in STOP_SIGNALS:
        # stopped from outside: unwind, so the PDF reader processes are stopped too
        signal.signal(number, _stop)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        sys.stdout = _ClosedOutput()
    if sys.stderr is None:  # nowhere to say anything: the exit status tells
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    for stream in (sys.stdout, sys.stderr):
        # text the terminal cannot encode is escaped, never fatal
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    i18n.use_in_process(_language(i18n.lang_from_arguments(sys.argv[1:])[0]))
    try:
        status = app(standalone_mode=False)
    except BrokenPipeError:
        # the reader of our output went away (`docreconcile a b | head`): end quietly, as
        # Unix tools do, without Python's complaint when it flushes at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(128 + 13)  # as a tool that SIGPIPE ended: 141
    except typer.Abort:
        typer.echo("docreconcile: " + _("interrupted"), err=True)
        status = 130
    except Exception as error:
        if not _is_usage_error(error):
            raise
        context = getattr(error, "ctx", None)
        if type(error).__name__ == "NoArgsIsHelpError" and context is not None:
            typer.echo(context.get_help())
            sys.exit(0)
        command = context.command_path if context is not None else "docreconcile"
        message = _click_message(error.format_message())  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):  # stderr on a full disk: the status still tells
            typer.echo(
                _error_line(
                    _("{message} (see `{command} --help`)").format(
                        message=printable(message), command=command
                    )
                ),
                err=True,
            )
        status = ExitStatus.TROUBLE
    sys.exit(_flushed(status if isinstance(status, int) else 0))


class _ClosedOutput(io.TextIOBase):
    """Standard output when the run started without one: writing to it is the error a
    closed descriptor gives, which `write_stdout` says in one line (exit 2)."""

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def _flushed(status: int) -> int:
    """Flush both streams before leaving; one that cannot be written (`/dev/full`) is
    pointed at /dev/null, so Python's own flush at exit does not complain in three lines
    and exit 120, and the run is trouble (2) if it was not already: what it had to say
    was lost."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            continue  # the reader went away: nothing was owed it
        except (OSError, ValueError):
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, io.UnsupportedOperation):
                pass
            status = status if status == ExitStatus.TROUBLE or status > 2 else ExitStatus.TROUBLE
    return status


def _stop(number: int, _frame: object) -> None:
    """A signal handler: leave by an exception, as Ctrl-C does, so every `finally` runs
    (the reader processes are killed there); the status says which signal, as a shell
    would."""
    raise SystemExit(128 + number)


_CLICK_MESSAGES = (
    # click's usage errors, which the click that typer ships says in English only: each
    # recognised by its English form and said again in the language in use
    (re.compile(r"Invalid value for (?P<param>.+?): (?P<message>.*)", re.S),
     N_("Invalid value for {param}: {message}")),
    (re.compile(r"No such option: (?P<name>\S+)"
                r"(?: Did you mean (?P<other>.+)\?| \(Possible options: (?P<others>.+)\))?"),
     N_("No such option: {name}")),
    (re.compile(r"Got unexpected extra arguments? \((?P<arguments>.*)\)", re.S),
     N_("Got unexpected extra arguments ({arguments})")),
    (re.compile(r"Missing argument '(?P<name>.+)'\."), N_("Missing argument '{name}'.")),
    (re.compile(r"Option '(?P<name>.+)' requires an argument\."),
     N_("Option '{name}' requires an argument.")),
)  # fmt: skip


def _click_message(message: str) -> str:
    """A usage error of click's in the language in use, where it is one we know.

    >>> _click_message("No such option: --shwo (Possible options: --password, --show)")
    'No such option: --shwo (did you mean --password, --show?)'
    """
    for pattern, translation in _CLICK_MESSAGES:
        if found := pattern.fullmatch(message):
            parts = found.groupdict()
            said = _(translation).format(**parts)
            if others := parts.get("other") or parts.get("others"):
                said += " " + _("(did you mean {options}?)").format(options=others)
            return said
    return message


def _is_usage_error(error: Exception) -> bool:
    """Whether click (as typer ships it) raised a usage error: a bad option or argument.
    Told by its shape, as typer vendors click under a private name."""
    return getattr(error, "exit_code", None) == 2 and hasattr(error, "format_message")
