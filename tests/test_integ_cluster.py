"""Batches beyond one process (issue 35), run as a user runs them: a real `dask
scheduler` and `dask worker` started as processes in another folder, the batch started
with relative paths; a client killed half-way and `--resume`."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PDF_VERSION, TEXT_VERSION

HERE = Path(__file__).resolve().parent
REALWORLD = HERE / "realworld"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dask() -> str:
    found = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if found is None:
        message = "no `dask` command: pip install 'docreconcile[cluster]'"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the cluster tests are required: {message}")
        pytest.skip(message)
    return found


def _dask_process(folder: Path, *arguments: str) -> subprocess.Popen[bytes]:
    """`dask ARGUMENTS` started in `folder`, in a process group of its own."""
    return subprocess.Popen(
        [_dask(), *arguments],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"},
        start_new_session=True,
    )


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:  # type: ignore[no-untyped-call]
        client.wait_for_workers(count, timeout=60)  # type: ignore[no-untyped-call]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A scheduler (with its dashboard on a free port) and one worker, each a process of
    its own, started in a folder of their own: the address of the scheduler."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    port, dashboard = _free_port(), _free_port()
    address = f"tcp://127.0.0.1:{port}"
    started = [
        _dask_process(
            elsewhere,
            *("scheduler", "--host", "127.0.0.1", "--port", str(port)),
            *("--dashboard-address", f"127.0.0.1:{dashboard}"),
        )
    ]
    try:
        time.sleep(1)
        started.append(
            _dask_process(
                elsewhere,
                *("worker", address, "--nworkers", "1", "--nthreads", "1"),
                *("--no-dashboard", "--local-directory", str(elsewhere)),
            )
        )
        _wait_for_workers(address, 1)
        yield address
    finally:
        _stop(started)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """text/ and pdf/: the fixture, a real memo of the corpus, and a broken PDF."""
    root = tmp_path / "arkiv"
    (root / "text").mkdir(parents=True)
    (root / "pdf").mkdir()
    shutil.copy(TEXT_VERSION, root / "text" / "linkoping.txt")
    shutil.copy(PDF_VERSION, root / "pdf" / "linkoping.pdf")
    shutil.copy(REALWORLD / "dir-2014-158.raw.txt", root / "text" / "dir.txt")
    shutil.copy(REALWORLD / "dir-2014-158.pdf", root / "pdf" / "dir.pdf")
    (root / "text" / "trasig.txt").write_text("Ärende\n", encoding="utf-8")
    (root / "pdf" / "trasig.pdf").write_bytes(PDF_VERSION.read_bytes()[:700])
    return root


def _batch(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it, in `folder`."""
    command = shutil.which("docreconcile", path=str(Path(sys.executable).parent))
    assert command is not None
    return subprocess.run(
        [command, "batch", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _records(path: Path) -> list[tuple[object, ...]]:
    return [
        (r["pair"], r["a"], r["b"], r["status"], json.dumps(r["summary"]), bool(r["error"]))
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]


def test_relative_paths_reach_workers_started_elsewhere(cluster: str, archive: Path) -> None:
    """`batch text pdf --scheduler ...` from the archive's folder, the workers started in
    another: every pair compared as the local pool compares it (each path was made
    absolute before it left), the records keep the paths as given, the broken PDF says
    which worker met it, and the dashboard's address is told."""
    local = _batch(archive, "text", "pdf", "--jsonl", "local.jsonl", "--no-cache")
    remote = _batch(
        archive,
        *("text", "pdf", "--jsonl", "cluster.jsonl", "--no-cache"),
        *("--scheduler", cluster),
    )
    assert remote.returncode == local.returncode == 2, remote.stderr  # the broken PDF
    assert _records(archive / "cluster.jsonl") == _records(archive / "local.jsonl")
    statuses = [r[3] for r in _records(archive / "cluster.jsonl")]
    assert statuses == ["same", "different", "error"]  # dir. 2014:158 reads alike
    assert ("text/linkoping.txt", "pdf/linkoping.pdf") in [
        (r[1], r[2]) for r in _records(archive / "cluster.jsonl")
    ]
    broken = json.loads((archive / "cluster.jsonl").read_text(encoding="utf-8").splitlines()[2])
    assert "(on the Dask worker tcp://127.0.0.1:" in broken["error"]
    assert "the Dask dashboard: http://127.0.0.1:" in remote.stderr


def test_a_killed_batch_keeps_what_it_finished_and_resume_does_the_rest(
    tmp_path: Path,
) -> None:
    """Each record (and HTML report) is written as its pair finishes: a client killed
    after the first of two pairs (the second, a 50-page PDF, takes seconds) leaves that
    record and report, and `--resume` compares only the other; the records are those of
    a run never stopped."""
    root = tmp_path / "arkiv"
    (root / "text").mkdir(parents=True)
    (root / "pdf").mkdir()
    shutil.copy(TEXT_VERSION, root / "text" / "a-linkoping.txt")
    shutil.copy(PDF_VERSION, root / "pdf" / "a-linkoping.pdf")
    shutil.copy(REALWORLD / "irs_i1040nr.raw.txt", root / "text" / "b-irs.txt")
    shutil.copy(REALWORLD / "irs_i1040nr.pdf", root / "pdf" / "b-irs.pdf")
    command = shutil.which("docreconcile", path=str(Path(sys.executable).parent))
    assert command is not None
    jsonl = root / "r.jsonl"
    running = subprocess.Popen(
        [
            *(command, "batch", "text", "pdf", "--jsonl", "r.jsonl", "--no-cache", "-j", "1"),
            *("--reports", "rapporter"),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
        jsonl.exists() and jsonl.read_text(encoding="utf-8").count("\n") >= 1
    ):
        time.sleep(0.05)
    os.killpg(running.pid, signal.SIGKILL)
    running.wait(timeout=30)
    kept = jsonl.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["pair"] for line in kept] == ["a-linkoping"]
    # its HTML report too was written as it finished, not held for the end
    assert "Ardalan" in (root / "rapporter" / "a-linkoping.html").read_text(encoding="utf-8")
    resumed = _batch(root, "text", "pdf", "--jsonl", "r.jsonl", "--resume", "--no-cache")
    assert resumed.returncode == 1, resumed.stderr
    whole = _batch(root, "text", "pdf", "--jsonl", "whole.jsonl", "--no-cache")
    assert _records(jsonl) == _records(root / "whole.jsonl")
    assert [r[0] for r in _records(jsonl)] == ["a-linkoping", "b-irs"]
    assert whole.returncode == 1


def _summaries(path: Path) -> list[tuple[object, ...]]:
    """Each record's pair, status and counts: what must not depend on how it was read."""
    return [
        (r["pair"], r["status"], json.dumps(r["summary"]), bool(r["error"]))
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    ]


@pytest.fixture
def served(archive: Path) -> Iterator[str]:
    """The archive served over HTTP by Python's own server: its base URL."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=archive,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_pairs_by_url_are_read_through_fsspec(
    cluster: str, archive: Path, served: str, tmp_path: Path
) -> None:
    """A manifest naming each file by its URL on a web server: the pairs compare as their
    files do, on this machine and on the cluster's workers (which fetch them); a URL that
    is not there is that pair's one-line error."""
    by_path = _batch(archive, "text", "pdf", "--jsonl", "paths.jsonl", "--no-cache")
    manifest = tmp_path / "par.csv"
    rows = ["name,a,b"] + [
        f"{name},{served}/text/{name}.txt,{served}/pdf/{name}.pdf"
        for name in ("dir", "linkoping", "trasig")
    ]
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    here = _batch(tmp_path, "--manifest", "par.csv", "--jsonl", "urls.jsonl", "--no-cache")
    there = _batch(
        tmp_path,
        *("--manifest", "par.csv", "--jsonl", "cluster.jsonl", "--no-cache"),
        *("--scheduler", cluster),
    )
    assert here.returncode == there.returncode == by_path.returncode == 2, here.stderr
    assert _summaries(tmp_path / "urls.jsonl") == _summaries(archive / "paths.jsonl")
    assert _summaries(tmp_path / "cluster.jsonl") == _summaries(archive / "paths.jsonl")
    first = json.loads((tmp_path / "urls.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["a"] == f"{served}/text/dir.txt" and first["a_sha256"]
    manifest.write_text(f"a,b\n{served}/text/borta.txt,{served}/pdf/dir.pdf\n", "utf-8")
    missing = _batch(tmp_path, "--manifest", "par.csv", "--no-cache")
    assert missing.returncode == 2
    assert f"{served}/text/borta.txt: cannot be fetched" in missing.stderr


def _hidden_run(folder: Path, archive: Path, script: str) -> subprocess.CompletedProcess[str]:
    """`script` run in `folder` with the archive copied into it, where only this process
    sees it: a mount namespace of its own, `folder` a fresh tmpfs (as a client whose disk
    the cluster's workers do not share)."""
    if subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode != 0:
        message = "this machine cannot make a private mount (unshare --mount, as root)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the --ship test is required: {message}")
        pytest.skip(message)
    folder.mkdir()
    command = (
        f"mount -t tmpfs none {folder} && cp -r {archive}/text {archive}/pdf {folder}/ "
        f"&& cd {folder} && {script}"
    )
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_ship_sends_the_files_to_workers_that_cannot_see_them(
    cluster: str, archive: Path, tmp_path: Path
) -> None:
    """The batch run from a folder only its own process sees: without --ship every pair
    is an error that names the worker; with --ship the records are those of the local
    pool."""
    command = shutil.which("docreconcile", path=str(Path(sys.executable).parent))
    local = _batch(archive, "text", "pdf", "--jsonl", "local.jsonl", "--no-cache")
    results = tmp_path / "out"
    results.mkdir()
    batch = f"{command} batch text pdf --scheduler {cluster} --no-cache --jsonl {results}"
    blind = _hidden_run(tmp_path / "hidden1", archive, f"{batch}/blind.jsonl")
    assert blind.returncode == 2, blind.stderr
    errors = [json.loads(line)["error"] for line in (results / "blind.jsonl").open()]
    assert all("no such file" in error and "(on the Dask worker" in error for error in errors)
    shipped = _hidden_run(tmp_path / "hidden2", archive, f"{batch}/ship.jsonl --ship")
    assert shipped.returncode == local.returncode == 2, shipped.stderr
    assert _summaries(results / "ship.jsonl") == _summaries(archive / "local.jsonl")


def test_a_worker_killed_mid_run_loses_no_record(tmp_path: Path) -> None:
    """Two workers, two long pairs: one worker killed (SIGKILL, with its nanny) while it
    compares; Dask gives its pair to the other, and every record is the local pool's."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "arkiv"
    (root / "text").mkdir(parents=True)
    (root / "pdf").mkdir()
    for name in ("irs_i1040nr", "afs-2011-19"):
        shutil.copy(REALWORLD / f"{name}.raw.txt", root / "text" / f"{name}.txt")
        shutil.copy(REALWORLD / f"{name}.pdf", root / "pdf" / f"{name}.pdf")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _dask_process(elsewhere, "scheduler", "--host", "127.0.0.1", "--port", str(port))
    time.sleep(1)
    workers = [
        _dask_process(
            elsewhere, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{n}"
        )
        for n in range(2)
    ]
    try:
        _wait_for_workers(address, 2)
        command = shutil.which("docreconcile", path=str(Path(sys.executable).parent))
        assert command is not None
        running = subprocess.Popen(
            [
                command,
                "batch",
                "text",
                "pdf",
                "--jsonl",
                "cluster.jsonl",
                "--no-cache",
                "--scheduler",
                address,
            ],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(4)  # both pairs are being compared, one on each worker
        os.killpg(workers[0].pid, signal.SIGKILL)
        _, errors = running.communicate(timeout=300)
        assert running.returncode == 1, errors
    finally:
        _stop([scheduler, *workers])
    local = _batch(root, "text", "pdf", "--jsonl", "local.jsonl", "--no-cache")
    assert local.returncode == 1
    assert _records(root / "cluster.jsonl") == _records(root / "local.jsonl")
    assert not any(r[5] for r in _records(root / "cluster.jsonl"))  # no pair in error
