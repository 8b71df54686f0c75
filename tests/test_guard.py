"""The guard: each input is read (and each pair compared) in a child process within time
and memory limits; what goes wrong there comes back as one line naming the input and the
flag to change, never as a hang or a traceback."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from docreconcile.errors import InputError
from docreconcile.extract.guard import COMPARING, run_limited, run_parallel
from docreconcile.limits import MEMORY_LIMITED, Limits


def _square(number: int) -> int:
    return number * number


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _refuse(name: str) -> None:
    raise InputError(f"{name}: is not what it should be")


def _grow(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _process_id() -> int:
    return os.getpid()


def test_the_result_comes_back_from_a_child_process() -> None:
    assert run_limited(_square, (12,), Limits(), "twelve") == 144
    assert run_limited(_process_id, (), Limits(), "pid") != os.getpid()


def test_work_in_parallel_comes_back_in_order() -> None:
    assert run_parallel(_square, [(n,) for n in range(6)], Limits(), "squares") == [
        0,
        1,
        4,
        9,
        16,
        25,
    ]


def test_an_input_error_in_the_child_is_raised_again_as_it_is() -> None:
    with pytest.raises(InputError, match=r"^memo\.pdf: is not what it should be$"):
        run_limited(_refuse, ("memo.pdf",), Limits(), "memo.pdf")


def test_running_out_of_time_names_the_input_and_the_flag() -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        run_limited(_sleep, (30,), Limits(timeout=0.5), "slow.pdf")
    assert time.monotonic() - started < 10
    message = str(raised.value)
    assert "slow.pdf" in message and "--timeout" in message and "\n" not in message


@pytest.mark.skipif(not MEMORY_LIMITED, reason="no resource limits on this system")
def test_running_out_of_memory_names_the_work_and_the_flag() -> None:
    with pytest.raises(InputError) as raised:
        run_limited(_grow, (4096,), Limits(max_memory_mb=256), "a.txt and b.pdf", COMPARING)
    message = str(raised.value)
    assert "a.txt and b.pdf" in message and "--max-memory" in message
    assert "comparing them" in message


_REAL = Path(__file__).parent / "realworld"
READING_A_LONG_PDF = [
    str(Path(sys.executable).parent / "docreconcile"),
    str(_REAL / "irs_i1040nr.raw.txt"),
    str(_REAL / "irs_i1040nr.pdf"),
    "--no-cache",
    "-j",
    "2",
]
"""A run that reads a 50-page real PDF with two readers for a few seconds: long enough
to stop it mid-read."""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_stop_to_the_whole_process_group_is_quiet(name: str) -> None:
    """Issue 33: Ctrl-C to the process group while a PDF was read printed `Process
    ForkProcess-3:` and a KeyboardInterrupt traceback from the reader or the comparer
    (each child took the signal too). The children leave it to the parent, which stops
    them: the status says which signal, stderr has nothing more than one line."""
    import signal
    import subprocess

    command = READING_A_LONG_PDF
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    number = getattr(signal, name)
    for delay in (1.0, 2.0):
        run = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(run.pid, number)
        _, err = run.communicate(timeout=60)
        said = err.decode()
        assert run.returncode == 128 + number, said
        assert "Traceback" not in said and "Process " not in said, said
        assert len(said.strip().splitlines()) <= 1, said
        leftover = subprocess.run(
            ["pgrep", "-g", str(run.pid)], capture_output=True, text=True, check=False
        )
        assert leftover.stdout == "", leftover.stdout  # no reader left behind


def test_readers_die_with_a_parent_killed_outright() -> None:
    """Issue 33: after `kill -9` of the main process (or the OOM killer) its readers
    lived on, blocked on a pipe or spinning. They now die with it (a parent-death signal)
    and hold no pipe end they do not need."""
    import signal
    import subprocess

    run = subprocess.Popen(
        READING_A_LONG_PDF,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    children: list[str] = []
    deadline = time.monotonic() + 30
    while len(children) < 2 and time.monotonic() < deadline:  # the two page readers
        time.sleep(0.5)
        found = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True)
        children = found.stdout.split()
    assert len(children) == 2, "the page readers did not start"
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=10)
    deadline = time.monotonic() + 10
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in children if _running(pid)]
    try:
        assert alive == [], f"readers left running: {alive}"
    finally:
        for pid in alive:
            os.kill(int(pid), signal.SIGKILL)


def _running(pid: str) -> bool:
    """Whether a process is there and not a zombie (one no one has reaped yet is dead)."""
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not MEMORY_LIMITED, reason="no address-space limits here")
def test_the_main_process_is_held_to_max_memory_too_and_let_go_after() -> None:
    """Issue 33: --max-memory capped each reader but not the run: the main process (a
    cached re-run, a report of thousands of differences) was unlimited. Inside the cap it
    cannot add much more than the limit; after it, the process's own limit is back."""
    import resource

    from docreconcile.limits import memory_capped

    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_capped(64), pytest.raises(MemoryError):
        bytearray(512 * 1024 * 1024)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(512 * 1024 * 1024)) == 512 * 1024 * 1024
