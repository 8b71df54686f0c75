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
import multiprocessing
import resource
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from docreconcile.errors import InputError

T = TypeVar("T")

DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY_MB = 2048


@dataclass(frozen=True)
class Limits:
    """What one input may cost to read. Every limit has a command-line flag to raise it."""

    max_pages: int = 2000
    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB


def run_limited(
    function: Callable[..., T], arguments: tuple[Any, ...], limits: Limits, name: str
) -> T:
    """Call `function(*arguments)` in a child process within `limits`; return its result.

    An InputError raised in the child is raised again here as it is; running out of time,
    memory or stack becomes an InputError that names the input and the flag to change.
    """
    # fork: the child starts at once, with pdfminer already imported. (Unix only, as
    # the memory cap is: `resource` does not exist on Windows.)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(sender, function, arguments, limits.max_memory_mb), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout):
            raise InputError(
                f"{name}: reading it took longer than {limits.timeout:g} s and was stopped "
                "(a damaged or hostile PDF?): raise the limit with --timeout if it is genuine"
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            child.join(5)
            raise InputError(
                f"{name}: the reader stopped unexpectedly (exit code {child.exitcode}) while "
                f"reading it: the PDF may be hostile; raise --max-memory if it is genuine"
            ) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    if status == "input-error":
        raise InputError(payload)
    if status == "memory":
        raise InputError(
            f"{name}: needs more than {limits.max_memory_mb} MB of memory to read "
            "(a decompression bomb?): raise the limit with --max-memory if it is genuine"
        )
    if status == "recursion":
        raise InputError(f"{name}: its objects are nested too deeply to read: the PDF is damaged")
    raise InputError(f"{name}: cannot be read ({payload}): the PDF is damaged")


def _child(
    sender: Connection,
    function: Callable[..., Any],
    arguments: tuple[Any, ...],
    max_memory_mb: int,
) -> None:
    """The child's side: cap memory, run, send back ("ok", result) or an error kind."""
    limit = max_memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may be in force
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        message: tuple[str, Any] = ("ok", function(*arguments))
    except InputError as error:
        message = ("input-error", str(error))
    except MemoryError:
        message = ("memory", "")
    except RecursionError:
        message = ("recursion", "")
    except Exception as error:  # any other failure inside the parser is a damaged file
        last = traceback.extract_tb(error.__traceback__)[-1:]
        where = f" in {last[0].name}" if last else ""
        message = ("error", f"{type(error).__name__}{where}: {str(error)[:120]}")
    try:
        sender.send(message)
    except MemoryError:
        sender.send(("memory", ""))
    finally:
        sender.close()
