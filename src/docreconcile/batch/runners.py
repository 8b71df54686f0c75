"""Running a batch: over a local pool of processes or a Dask cluster, a few pairs in
flight per worker, results as they finish."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import replace
from pathlib import Path
from typing import Any

from docreconcile import baseline as baseline_file
from docreconcile.batch.one_pair import compare_pair
from docreconcile.batch.pairs import PairResult, PairSpec, _absolute, is_url
from docreconcile.errors import InputError
from docreconcile.i18n import _
from docreconcile.limits import STOP_SIGNALS
from docreconcile.model import Decision
from docreconcile.pipeline import Options


def run_batch(
    pairs: list[PairSpec],
    options: Options,
    workers: int,
    on_done: Callable[[PairResult], PairResult | None] | None = None,
    baselines: dict[str, list[Decision]] | None = None,
    baseline: Path | None = None,
    show: str = "minor",
    html: bool = False,
    scheduler: str | None = None,
    page_images: bool = True,
    say: Callable[[str], None] | None = None,
    ship: bool = False,
) -> list[PairResult]:
    """Compare all pairs, `workers` at a time; results in the order of `pairs`.

    Each pair reads its PDFs with one process (the pool is the parallelism). With a
    shared baseline, `baselines` holds each pair's entries by its key (`pair_key`). With
    a Dask `scheduler` address, the pairs run on that cluster's workers instead.
    `on_done` is told each result as it comes; what it returns, if anything, is kept in
    its place (a result whose HTML report it wrote, without it: a batch holds no pair's
    pages in memory).
    """
    options = replace(options, jobs=1, progress=None)

    def arguments(spec: PairSpec) -> tuple[Any, ...]:
        accepted = None
        if baselines is not None:
            accepted = baselines.get(baseline_file.pair_key(spec.a, spec.b), [])
        return (spec, options, accepted, baseline, show, html, page_images)

    results: dict[int, PairResult] = {}
    if scheduler is not None:
        return _run_on_cluster(scheduler, pairs, arguments, on_done, say, ship)
    if workers <= 1 or len(pairs) <= 1:
        for index, spec in enumerate(pairs):
            results[index] = compare_pair(*arguments(spec))
            if on_done is not None:
                results[index] = on_done(results[index]) or results[index]
        return [results[index] for index in range(len(pairs))]
    return _run_on_pool(pairs, arguments, workers, on_done)


def _run_on_pool(
    pairs: list[PairSpec],
    arguments: Callable[[PairSpec], tuple[Any, ...]],
    workers: int,
    on_done: Callable[[PairResult], PairResult | None] | None,
) -> list[PairResult]:
    """The pairs over a local pool of `workers` processes; results in their order."""
    results: dict[int, PairResult] = {}
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker)
    waiting = iter(enumerate(pairs))
    futures: dict[Future[PairResult], int] = {}
    try:
        while True:
            # a few pairs a worker in flight, the next sent as one finishes: the pool's
            # queue holds a window of the batch, not all of it
            while len(futures) < IN_FLIGHT * workers and (item := next(waiting, None)):
                futures[pool.submit(compare_pair, *arguments(item[1]))] = item[0]
            if not futures:
                break
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=futures.__getitem__):
                # let the future go with its result: each holds its pair's whole report
                index = futures.pop(future)
                results[index] = _result_of(future, pairs[index])
                if on_done is not None:
                    results[index] = on_done(results[index]) or results[index]
    except BaseException:
        # Ctrl-C or a signal: stop the workers now, not after the pairs they are on (the
        # pool's own shutdown waits for them: more than 60 s on a large batch)
        _stop_workers(pool)
        raise
    pool.shutdown()
    return [results[index] for index in range(len(pairs))]


IN_FLIGHT = 4
"""Pairs sent ahead per worker (a pool's process, a cluster's thread): enough that no
worker waits for its next pair, few enough that a batch of 20,000 pairs is not all held
at once (with --ship, every file's bytes)."""

IN_FLIGHT_LEAST = 16
"""Pairs in flight on a cluster at least, while its workers are still joining."""

CLUSTER_TIMEOUT = "10s"
"""How long to wait for a Dask scheduler to answer before calling the address wrong."""


def _run_on_cluster(
    address: str,
    pairs: list[PairSpec],
    arguments: Callable[[PairSpec], tuple[Any, ...]],
    on_done: Callable[[PairResult], PairResult | None] | None,
    say: Callable[[str], None] | None = None,
    ship: bool = False,
) -> list[PairResult]:
    """Compare the pairs on an existing Dask distributed cluster: one task a pair, the
    same results (and the same error for a worker that dies) as the local pool gives.

    The workers need docreconcile installed and the files at the same paths: each path
    is made absolute here, before it leaves this machine (a worker started in another
    folder resolves a relative one there), and the records keep the paths as given. A
    pair a worker cannot read says which worker met it. The cluster's dashboard, where it
    has one, is told to `say`. With `ship`, the workers need not see the files: this
    machine reads each pair's files and sends their bytes with its task (a URL is
    fetched by the worker)."""
    client = _cluster_client(address)  # says what to do where distributed is missing
    from distributed import as_completed as completed_on_cluster

    results: dict[int, PairResult] = {}
    with client:
        if say is not None and _has_dashboard(client):
            say(_("the Dask dashboard: {link}").format(link=client.dashboard_link))
        waiting = iter(enumerate(pairs))
        futures: dict[Any, int] = {}
        finished = completed_on_cluster()  # type: ignore[no-untyped-call]

        def send_more() -> None:
            """Keep IN_FLIGHT pairs a worker thread on the cluster: a file is read
            (`--ship`) only when its pair is sent."""
            threads = sum(client.nthreads().values())
            while len(futures) < max(IN_FLIGHT * threads, IN_FLIGHT_LEAST) and (
                item := next(waiting, None)
            ):
                index, spec = item
                future = client.submit(
                    _compare_on_worker,
                    *arguments(_absolute(spec)),
                    _shipped(spec) if ship else None,
                    pure=False,
                )
                futures[future] = index
                finished.add(future)  # type: ignore[no-untyped-call]

        try:
            send_more()
            for future in finished:
                index = futures.pop(future)  # its result (a whole report) goes with it
                results[index] = _cluster_result(future, pairs[index])
                if on_done is not None:
                    results[index] = on_done(results[index]) or results[index]
                send_more()
        except BaseException:
            # Ctrl-C: the cluster stops working for us
            client.cancel(list(futures))
            raise
    return [results[index] for index in range(len(pairs))]


def _cluster_result(future: Any, spec: PairSpec) -> PairResult:
    """A pair's result from the cluster, with its spec as given here (the worker saw the
    paths made absolute); a worker that died or a task lost is the pair's error."""
    try:
        result: PairResult = future.result()
        return replace(result, spec=spec)
    except Exception as error:
        return PairResult(spec, error=f"the worker comparing it stopped ({type(error).__name__})")


def _cluster_client(address: str) -> Any:
    """A client of the Dask scheduler at `address`, or an InputError that says what to do
    (install the extra, check the address)."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            _("--scheduler needs Dask's distributed package: pip install 'docreconcile[cluster]'")
        ) from None
    try:
        return Client(address, timeout=CLUSTER_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            _(
                "{address}: no Dask scheduler answers there ({name}): check "
                "the address (tcp://host:8786) and that the scheduler runs"
            ).format(address=address, name=type(error).__name__)
        ) from None


def _shipped(spec: PairSpec) -> tuple[bytes | None, bytes | None]:
    """A pair's local files' bytes, read here to be sent to a worker (`--ship`); a file
    that cannot be read is left to the worker to say so (it is sent no bytes)."""
    sent: list[bytes | None] = []
    for side in (spec.a, spec.b):
        try:
            sent.append(None if is_url(side) else Path(side).read_bytes())
        except OSError:
            sent.append(None)
    return sent[0], sent[1]


def _has_dashboard(client: Any) -> bool:
    """Whether the scheduler serves Dask's dashboard (started without one, it has no
    `dashboard` service)."""
    try:
        return "dashboard" in (client.scheduler_info().get("services") or {})
    except Exception:  # an old or odd scheduler: say nothing rather than fail the batch
        return False


def _compare_on_worker(*arguments: Any) -> PairResult:
    """`compare_pair` on a Dask worker: a pair it cannot compare says which worker met
    it (the files a worker sees are its machine's, not the client's)."""
    result = compare_pair(*arguments)
    if result.error is None:
        return result
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):  # not on a worker (a test calling it directly)
        return result
    return replace(
        result,
        error=_("{error} (on the Dask worker {worker})").format(error=result.error, worker=worker),
    )


def _quiet_worker() -> None:
    """A pool worker leaves Ctrl-C and SIGTERM to the batch (which stops the pool):
    taking them itself, each printed a traceback or 'Exception ignored'."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers and the PDF readers they started, at once: the pool's own
    shutdown waits for the pairs under way (more than 60 s on a large batch), and a
    worker killed alone would leave its reader running."""
    pool.shutdown(wait=False, cancel_futures=True)
    for pid in _descendants(os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _descendants(root: int) -> list[int]:
    """The processes below `root` (children, their children, …), from /proc."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(status.parent.name)] = int(fields[1])
    found: list[int] = []
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _result_of(future: Future[PairResult], spec: PairSpec) -> PairResult:
    try:
        return future.result()
    except Exception as error:  # a worker that died (killed, out of memory)
        return PairResult(spec, error=f"the worker comparing it stopped ({type(error).__name__})")
