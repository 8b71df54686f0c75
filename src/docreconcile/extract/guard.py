"""Run untrusted parsing in a child process with a time and a memory limit.

pdfminer is pure Python but a hostile PDF can still make it run for hours (thousands of
tiny text fragments, cyclic references), recurse past the stack, or inflate a few KB of
compressed stream into gigabytes (a decompression bomb). None of that can be interrupted
reliably from inside the process, so the work runs in a child: the child caps its own
address space, and the parent waits at most the time limit and then kills it. Either way
the user gets one clear line, and the comparison's own process is unharmed.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol, TypeVar

from docreconcile.errors import InputError
from docreconcile.i18n import N_, _
from docreconcile.limits import STOP_SIGNALS, Limits, address_space

try:
    import resource
except ImportError:  # Windows: no address-space limit for the readers
    resource = None  # type: ignore[assignment]

T = TypeVar("T")


class PageProgress(Protocol):
    """Told how many pages a PDF has, then once per page read (a progress bar)."""

    def start(self, name: str, pages: int) -> None: ...

    def advance(self) -> None: ...


MessageCallback = Callable[[Any], None]
"""Told each message a child sends before its result (a PDF reader: each page read)."""


@dataclass(frozen=True)
class Work:
    """What a guarded child does, in the words its errors use (in English: each is
    translated where an error says it)."""

    doing: str = N_("reading it")
    suspect: str = N_("a damaged or hostile PDF?")
    failed: str = N_("the PDF is damaged")

    def said(self) -> dict[str, str]:
        """The three phrases in the language in use, for an error's `format`."""
        return {"doing": _(self.doing), "suspect": _(self.suspect), "failed": _(self.failed)}


READING_PDF = Work()
READING_DOCUMENT = Work(
    suspect=N_("a damaged or hostile file?"),
    failed=N_("the file is damaged or not what its name says; save it again from its source"),
)
"""Reading a Word, OpenDocument, HTML, Markdown or text file: as guarded as a PDF (a
hostile DOCX of empty paragraphs can take gigabytes as well as a PDF can)."""
COMPARING = Work(
    doing=N_("comparing them"),
    suspect=N_("a line of millions of characters, or text repeated thousands of times?"),
    failed=N_("an internal error; rerun with --debug and report it"),
)


def run_limited(
    function: Callable[..., T],
    arguments: tuple[Any, ...],
    limits: Limits,
    name: str,
    work: Work = READING_PDF,
    on_message: MessageCallback | None = None,
) -> T:
    """Call `function(*arguments)` in a child process within `limits`; return its result.

    An InputError raised in the child is raised again here as it is; running out of time,
    memory or stack becomes an InputError that names the input and the flag to change.
    With `on_message`, the function is given `send` as `run_parallel` says.
    """
    return run_parallel(function, [arguments], limits, name, on_message, work)[0]


WAIT_SLICE = 3600.0
"""Longest single wait for a reader process, in seconds; the deadline decides the rest."""


def run_parallel(
    function: Callable[..., T],
    calls: list[tuple[Any, ...]],
    limits: Limits,
    name: str,
    on_message: MessageCallback | None = None,
    work: Work = READING_PDF,
) -> list[T]:
    """Run `function(*arguments, send=...)` for each of `calls`, one child process each,
    all at once, within one time limit and each within the memory limit.

    `send` is passed only when `on_message` is given; every `send(message)` in a child
    calls `on_message(message)` here, as it comes (a reader sends each page as it is read
    and keeps none). Results come back in the order of `calls`. The first error stops all
    children.
    """
    if multiprocessing.current_process().daemon:
        return _run_here(function, calls, limits, (name, work), on_message)
    # fork: the child starts at once, with pdfminer already imported. (Unix only, as
    # the memory cap is: `resource` does not exist on Windows.)
    context = multiprocessing.get_context("fork")
    deadline = time.monotonic() + limits.timeout
    children, receivers = _started(context, function, calls, limits, on_message is not None)
    results: dict[int, T] = {}
    try:
        while receivers:
            remaining = deadline - time.monotonic()
            # waited in slices: select() takes no infinite timeout (`--timeout inf`)
            ready = (
                wait(list(receivers), timeout=min(remaining, WAIT_SLICE)) if remaining > 0 else []
            )
            if not ready and time.monotonic() < deadline:
                continue
            if not ready:
                raise InputError(
                    _(
                        "{name}: {doing} took longer than {timeout:g} s and was "
                        "stopped ({suspect}): raise the limit with --timeout if it "
                        "is genuine"
                    ).format(name=name, timeout=limits.timeout, **work.said())
                )
            for connection in ready:
                assert isinstance(connection, Connection)
                index = receivers[connection]
                status, payload = _received(connection, children[index], name, work)
                if status == "message":
                    if on_message is not None:
                        on_message(payload)
                    continue
                del receivers[connection]
                connection.close()
                results[index] = _result(status, payload, limits, name, work)
    finally:
        for connection in receivers:
            connection.close()
        for child in children:
            if child.is_alive():
                child.kill()
            child.join(5)
    return [results[index] for index in range(len(calls))]


def _run_here(
    function: Callable[..., T],
    calls: list[tuple[Any, ...]],
    limits: Limits,
    said: tuple[str, Work],
    on_message: MessageCallback | None,
) -> list[T]:
    """The calls run in this process, one after the other: a daemonic process (a Dask
    worker) may not have children, and runs under the worker's own limits rather than
    ours. `said`: the input's name and the work, for errors."""
    keywords = {"send": on_message} if on_message is not None else {}
    return [_result(*_outcome(function, arguments, keywords), limits, *said) for arguments in calls]


def _started(
    context: Any,
    function: Callable[..., Any],
    calls: list[tuple[Any, ...]],
    limits: Limits,
    sending: bool,
) -> tuple[list[Any], dict[Connection, int]]:
    """A child process started for each of `calls`, and the reading end of each one's
    pipe with the call's index."""
    children = []
    receivers: dict[Connection, int] = {}
    for index, arguments in enumerate(calls):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(
            target=_child,
            args=(
                sender,
                function,
                arguments,
                limits,
                sending,
                (receiver, *receivers),  # the reading ends it inherits, to close
                os.getpid(),
            ),
            daemon=True,
        )
        with _interrupts_held():
            child.start()
        sender.close()
        children.append(child)
        receivers[receiver] = index
    return children, receivers


def _received(connection: Connection, child: Any, name: str, work: Work) -> tuple[str, Any]:
    """What a child sent: (status, payload); a child gone without a word (killed for its
    memory, or crashed) is an InputError that says so."""
    try:
        status, payload = connection.recv()
    except EOFError:
        child.join(5)
        raise InputError(
            _(
                "{name}: the process stopped unexpectedly (exit code "
                "{exitcode}) while {doing} ({suspect}): raise --max-memory "
                "if it is genuine"
            ).format(name=name, exitcode=child.exitcode, **work.said())
        ) from None
    return status, payload


CPU_MARGIN = 5
"""Seconds of CPU a child may use beyond --timeout: the parent stops it at the timeout;
the CPU limit is for a child whose parent is gone (`kill -9`), which would spin on a
cyclic PDF for ever."""

_PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent dies (Linux)."""


def _die_with(parent: int) -> None:
    """Have the system kill this child when its parent dies (`kill -9`, the OOM killer),
    where it can (Linux); and leave at once if the parent died before this was set."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _result(status: str, payload: Any, limits: Limits, name: str, work: Work) -> Any:
    """A child's answer as a result, or as the InputError it stands for."""
    if status == "ok":
        return payload
    if status == "input-error":
        raise InputError(payload)
    if status == "memory":
        raise InputError(
            _(
                "{name}: {doing} needs more than {max_memory_mb} MB of "
                "memory ({suspect}): raise the limit with --max-memory if it "
                "is genuine"
            ).format(
                name=name,
                max_memory_mb=limits.max_memory_mb,
                **work.said(),
            )
        )
    if status == "recursion":
        raise InputError(
            _("{name}: nested too deeply for {doing}: {failed}").format(name=name, **work.said())
        )
    raise InputError(
        _("{name}: {doing} failed ({payload}): {failed}").format(
            name=name, payload=payload, **work.said()
        )
    )


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back while a child is forked: a child that took it before it could
    ignore it (`_child`) raised KeyboardInterrupt in its start-up and printed `Process
    ForkProcess-2:`. The parent takes a Ctrl-C that came meanwhile once the fork is done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _child(
    sender: Connection,
    function: Callable[..., Any],
    arguments: tuple[Any, ...],
    limits: Limits,
    sends_messages: bool,
    inherited: tuple[Connection, ...],
    parent: int,
) -> None:
    """The child's side: cap memory and CPU, die with the parent, run, send back ("ok",
    result) or an error kind.

    The memory cap is on what reading may add to the address space the child inherited
    from its parent: a large parent (an application using the library) must not leave a
    PDF reader no room at all.
    """
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)  # the parent's handlers are not the child's
    # Ctrl-C reaches the whole process group: the parent stops the children (its
    # `finally`), so a child that took it too would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # held by the parent across the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for connection in inherited:
        # a reading end left open here keeps our own pipe "read" after the parent is
        # gone: a child writing to it would block for ever
        connection.close()
    _die_with(parent)
    limit = address_space() + limits.max_memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may be in force
        if resource is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            if math.isfinite(limits.timeout):
                seconds = math.ceil(limits.timeout) + CPU_MARGIN
                resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    def send(message: Any) -> None:
        sender.send(("message", message))

    keywords = {"send": send} if sends_messages else {}
    message = _outcome(function, arguments, keywords)
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("memory", ""))
    finally:
        sender.close()


def _outcome(
    function: Callable[..., Any], arguments: tuple[Any, ...], keywords: dict[str, Any]
) -> tuple[str, Any]:
    """Run a call and say how it ended: ("ok", result) or an error kind (see `_result`)."""
    try:
        return ("ok", function(*arguments, **keywords))
    except InputError as error:
        return ("input-error", str(error))
    except MemoryError:
        return ("memory", "")
    except RecursionError:
        return ("recursion", "")
    except Exception as error:  # any other failure inside the parser is a damaged file
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" in {last[0].name}" if last else ""
        return ("error", f"{type(error).__name__}{where}: {str(error)[:120]}")
