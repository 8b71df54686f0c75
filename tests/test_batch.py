"""Batch mode over a folder of fixture pairs with one broken file."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.batch import PairSpec, pairs_from_directories, pairs_from_manifest, run_batch
from docreconcile.cli import app
from docreconcile.compare import Options
from docreconcile.errors import InputError
from tests.conftest import LINKOPING, PDF_VERSION, TEXT_VERSION

CORPUS = Path(__file__).resolve().parent / "corpus"
runner = CliRunner()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Texts in text/, PDFs in pdf/: two good pairs, a broken PDF, one file unpaired."""
    (tmp_path / "text").mkdir()
    (tmp_path / "pdf").mkdir()
    shutil.copy(TEXT_VERSION, tmp_path / "text" / "linkoping.txt")
    shutil.copy(PDF_VERSION, tmp_path / "pdf" / "linkoping.pdf")
    name = "06-ga-kvalitetsberattelse-2023"
    # The corpus PDF carries an injected edit; apply it to the text too, for a pair that agrees.
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    (tmp_path / "text" / "ga.txt").write_text(
        text.replace("Hellberg", "Hellgren"), encoding="utf-8"
    )
    shutil.copy(CORPUS / f"{name}.pdf", tmp_path / "pdf" / "ga.pdf")
    (tmp_path / "text" / "trasig.txt").write_text("Ärende\n", encoding="utf-8")
    (tmp_path / "pdf" / "trasig.pdf").write_bytes(PDF_VERSION.read_bytes()[:700])
    (tmp_path / "text" / "ensam.txt").write_text("Utan PDF.\n", encoding="utf-8")
    return tmp_path


def test_pairs_by_stem_and_unpaired_files(archive: Path) -> None:
    pairs, unpaired = pairs_from_directories(archive / "text", archive / "pdf")
    assert [(p.name, p.a.name, p.b.name) for p in pairs] == [
        ("ga", "ga.txt", "ga.pdf"),
        ("linkoping", "linkoping.txt", "linkoping.pdf"),
        ("trasig", "trasig.txt", "trasig.pdf"),
    ]
    assert [path.name for path in unpaired] == ["ensam.txt"]


def test_batch_reports_every_pair_and_does_not_stop_at_the_broken_one(archive: Path) -> None:
    pairs, _ = pairs_from_directories(archive / "text", archive / "pdf")
    results = run_batch(pairs, Options(), workers=2)
    by_name = {result.spec.name: result for result in results}
    assert by_name["linkoping"].substantive == 2 and by_name["linkoping"].status() == "different"
    assert by_name["ga"].substantive == 0 and by_name["ga"].status() == "same"
    assert by_name["trasig"].status() == "error"
    assert by_name["trasig"].error is not None and "trasig.pdf" in by_name["trasig"].error


def test_batch_cli_table_jsonl_and_exit_2(archive: Path) -> None:
    jsonl = archive / "resultat.jsonl"
    result = runner.invoke(
        app,
        ["batch", str(archive / "text"), str(archive / "pdf"), "--jsonl", str(jsonl), "-j", "2"],
        env={"NO_COLUMNS": "1", "COLUMNS": "120", "NO_COLOR": "1"},
    )
    assert result.exit_code == 2
    assert "unpaired: " in result.stdout and "ensam.txt" in result.stdout
    assert "trasig.pdf" in result.stderr
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [(line["pair"], line["status"]) for line in lines] == [
        ("ga", "same"),
        ("linkoping", "different"),
        ("trasig", "error"),
    ]
    assert lines[1]["summary"]["substantive"] == 2


def test_batch_exits_1_on_differences_and_0_when_all_pass(archive: Path) -> None:
    (archive / "text" / "trasig.txt").unlink()
    (archive / "pdf" / "trasig.pdf").unlink()
    folders = [str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    result = runner.invoke(app, ["batch", *folders])
    assert result.exit_code == 1
    (archive / "text" / "linkoping.txt").unlink()
    result = runner.invoke(app, ["batch", *folders])
    assert result.exit_code == 0


def test_an_unpaired_file_is_trouble_unless_allowed(archive: Path) -> None:
    """`ensam.txt` has no partner: that is exit 2 (a gate must not pass a missing
    version), unless --allow-unpaired; files that are no documents are left alone."""
    (archive / "text" / "trasig.txt").unlink()
    (archive / "pdf" / "trasig.pdf").unlink()
    (archive / "text" / "cases.json").write_text("{}", encoding="utf-8")
    (archive / "pdf" / "make.py").write_text("print()", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(archive / "text"), str(archive / "pdf")])
    assert result.exit_code == 2
    assert "1 file without a partner" in result.stderr and "--allow-unpaired" in result.stderr
    assert "cases.json" not in result.stdout and "make.py" not in result.stdout
    allowed = runner.invoke(
        app, ["batch", str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    )
    assert allowed.exit_code == 1


def test_the_table_status_follows_fail_on(archive: Path) -> None:
    """With --fail-on minor a pair with only minor differences is `different`, as the exit
    status says (the table said `same` while the run failed)."""
    (archive / "text" / "trasig.txt").unlink()
    (archive / "pdf" / "trasig.pdf").unlink()
    (archive / "text" / "linkoping.txt").unlink()
    (archive / "pdf" / "linkoping.pdf").unlink()
    (archive / "text" / "ensam.txt").unlink()
    ga = archive / "text" / "ga.txt"
    ga.write_text(ga.read_text(encoding="utf-8").replace(".", ";", 1), encoding="utf-8")
    jsonl = archive / "resultat.jsonl"
    folders = [str(archive / "text"), str(archive / "pdf"), "--jsonl", str(jsonl)]
    gate = runner.invoke(app, ["batch", *folders, "--fail-on", "minor"])
    line = json.loads(jsonl.read_text(encoding="utf-8"))
    assert line["summary"]["minor"] >= 1 and line["summary"]["substantive"] == 0
    assert gate.exit_code == 1 and line["status"] == "different"
    assert "different" in gate.stdout
    relaxed = runner.invoke(app, ["batch", *folders])
    assert (
        relaxed.exit_code == 0 and json.loads(jsonl.read_text(encoding="utf-8"))["status"] == "same"
    )


def test_manifest_pairs_relative_to_its_folder(tmp_path: Path) -> None:
    manifest = tmp_path / "par.csv"
    manifest.write_text(
        "name,a,b\nlinköping,"
        + str(LINKOPING / "tjansteskrivelse.txt")
        + ",../"
        + str(Path("x") / "y.pdf")
        + "\n",
        encoding="utf-8",
    )
    (spec,) = pairs_from_manifest(manifest)
    assert spec == PairSpec(
        "linköping", LINKOPING / "tjansteskrivelse.txt", tmp_path / ".." / "x" / "y.pdf"
    )
    result = runner.invoke(app, ["batch", "--manifest", str(manifest)])
    assert result.exit_code == 2  # the second file does not exist


def test_bad_manifest_is_an_input_error(tmp_path: Path) -> None:
    manifest = tmp_path / "par.csv"
    manifest.write_text("x,y\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a header row with columns a and b"):
        pairs_from_manifest(manifest)


def test_an_interrupted_batch_stops_at_once_and_leaves_no_process(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) during a batch took more than 60 s: the pool waited for the pairs
    under way. Now the workers and their PDF readers are stopped within seconds."""
    realworld = Path(__file__).resolve().parent / "realworld"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    for number in range(4):
        shutil.copy(realworld / "irs_i1040nr.raw.txt", tmp_path / "a" / f"irs{number}.txt")
        shutil.copy(realworld / "irs_i1040nr.pdf", tmp_path / "b" / f"irs{number}.pdf")
    process = subprocess.Popen(
        [
            "docreconcile",
            "batch",
            str(tmp_path / "a"),
            str(tmp_path / "b"),
            "-j",
            "2",
            "--no-cache",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(2)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    assert time.monotonic() - started < 10
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True)
    assert left.stdout == ""
