"""What reading one input may cost, and what the platform allows enforcing.

Apart from the reading guard (`extract/guard.py`) so that the command line can show its
defaults in `--help` without importing the readers.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from docreconcile.i18n import _

try:
    import resource
except ImportError:  # Windows: no address-space limit for the readers
    resource = None  # type: ignore[assignment]

MEMORY_LIMITED = resource is not None
"""Whether `--max-memory` is enforced here (it needs POSIX resource limits); where it is
not, the CLI says so, and time limits and everything else still hold."""

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end a run, as the platform has them (Windows has no SIGHUP)."""

DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_MAX_SIZE_MB = 100
"""The largest input file read, text or PDF: 100 MB of text is some 50,000 pages; one
much larger is no document to proofread, and would run past any sensible time and
memory."""


@dataclass(frozen=True)
class Limits:
    """What one input may cost to read. Every limit has a command-line flag to raise it."""

    max_pages: int = 2000
    timeout: float = DEFAULT_TIMEOUT
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    max_size_mb: int = DEFAULT_MAX_SIZE_MB


def check_pages(name: str, pages: int, limits: Limits) -> None:
    """Refuse a PDF of more pages than `--max-pages`, the same whether it was read now or
    taken from the cache (a cached pair ignored the limit). The reader says the same when
    it counts the pages itself."""
    from docreconcile.errors import InputError

    if pages > limits.max_pages:
        raise InputError(
            _(
                "{name}: has more than {max_pages} pages: raise the limit "
                "with --max-pages if you mean to compare it"
            ).format(name=name, max_pages=limits.max_pages)
        )


def address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            page = resource.getpagesize() if resource is not None else 4096
            return int(statm.read().split()[0]) * page
    except (OSError, ValueError, IndexError):
        return 0


@contextmanager
def memory_capped(max_memory_mb: int) -> Iterator[None]:
    """Hold the main process too to --max-memory for the block (the readers each are
    held apart): what it may add to the address space it has now. A cached re-run does
    its work here, and rendering a report of 20,000 differences does; without this the
    main process was unlimited. The soft limit only, never raised, and put back after
    (a library caller's process is its own)."""
    if resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = address_space() + max_memory_mb * 1024 * 1024
    for limit in (soft, hard):
        if limit != resource.RLIM_INFINITY:
            wanted = min(wanted, limit)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
