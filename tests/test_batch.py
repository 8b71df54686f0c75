"""Batch mode over a folder of fixture pairs with one broken file."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile.batch import PairSpec, pairs_from_directories, pairs_from_manifest, run_batch
from docreconcile.cli import app
from docreconcile.errors import InputError
from docreconcile.pipeline import Options
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


def _good_pairs(archive: Path) -> list[str]:
    """The archive without its broken and unpaired files: ga (same), linkoping (2)."""
    for path in ("text/trasig.txt", "pdf/trasig.pdf", "text/ensam.txt"):
        (archive / path).unlink()
    return [str(archive / "text"), str(archive / "pdf")]


def test_batch_writes_every_format_from_one_run(archive: Path) -> None:
    """JUnit (a test case a pair, the broken pair an error), GitHub annotations of every
    pair, Markdown and HTML indexes linking each pair's HTML report, full JSONL."""
    folders = [str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    out = archive / "out"
    out.mkdir()
    junit = runner.invoke(
        app, ["batch", *folders, "-f", "junit", "-o", str(out / "junit.xml"), "-j", "2"]
    )
    assert junit.exit_code == 2, junit.stderr  # the broken pair
    tree = ElementTree.parse(out / "junit.xml")
    cases = {case.get("name"): case for case in tree.iter("testcase")}
    assert set(cases) == {"ga", "linkoping", "trasig"}
    assert cases["ga"].find("failure") is None and cases["ga"].find("error") is None
    failure = cases["linkoping"].find("failure")
    assert failure is not None and "Ardalan" in (failure.text or "")
    assert cases["trasig"].find("error") is not None
    suite = tree.find("testsuite")
    assert suite is not None and (suite.get("failures"), suite.get("errors")) == ("1", "1")

    github = runner.invoke(app, ["batch", *folders, "--format", "GITHUB"])
    reports = str(out / "reports")
    lines = github.stdout.splitlines()
    assert sum(line.startswith("::error file=") and "linkoping" in line for line in lines) == 2
    assert any("trasig.pdf" in line and line.startswith("::error") for line in lines)
    assert "unpaired:" in github.stderr and "unpaired" not in github.stdout
    # issue 29: the batch's annotations dropped the hint a single pair's annotation has
    (genomlysna,) = [line for line in lines if "'genomlysna'" in line]
    assert genomlysna.endswith(
        "; B is probably right: “genomlysa” is written Swedish, “genomlysna” rare or unknown"
    )

    markdown = runner.invoke(
        app,
        ["batch", *folders, "-f", "markdown", "-o", str(out / "index.md"), "--reports", reports],
    )
    assert markdown.exit_code == 2
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "| linkoping | 2 | " in index and "(reports/linkoping.html)" in index
    assert "| trasig | – | – | error: " in index
    page = (out / "reports" / "linkoping.html").read_text(encoding="utf-8")
    assert "Ardalan" in page and not (out / "reports" / "trasig.html").exists()

    html = runner.invoke(
        app,
        ["batch", *folders, "-f", "html", "-o", str(out / "index.html"), "--reports", reports],
    )
    assert html.exit_code == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="reports/ga.html">ga</a>' in index and "in error" in index

    jsonl = runner.invoke(app, ["batch", *folders, "-f", "jsonl"])
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    linkoping = next(r for r in records if r["pair"] == "linkoping")
    substantive = [d for d in linkoping["report"]["differences"] if d["severity"] == "substantive"]
    assert len(substantive) == 2 and {d["b"] for d in substantive} >= {"Ardalan"}
    assert len(linkoping["a_sha256"]) == 64


@pytest.mark.parametrize("output_format", ["junit", "github", "jsonl"])
def test_a_batch_report_written_record_by_record_holds_no_pairs_report(
    archive: Path, output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JUnit, GitHub annotations and JSONL on standard output are written at the end from
    each pair's record, spooled to a private file as the pair finished and read back one
    at a time: the results held till then carry no report, and the spool is gone after."""
    import tempfile

    from docreconcile.cli import batch as cli

    spool_parent = archive / "tmp"
    spool_parent.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_parent))
    held: list[object] = []
    write = cli._write_batch_outputs

    def watched(results: list[object], *arguments: object) -> None:
        held.extend(getattr(result, "report", None) for result in results)
        write(results, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "_write_batch_outputs", watched)
    folders = [str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    result = runner.invoke(app, ["batch", *folders, "-f", output_format])
    assert result.exit_code == 2, result.stderr  # the broken pair
    assert held == [None, None, None]
    assert "Ardalan" in result.stdout  # the linkoping pair's differences, read back
    assert list(spool_parent.iterdir()) == []
    if output_format == "junit":
        # piece by piece, the same XML as the whole tree indented at once
        tree = ElementTree.fromstring(result.stdout.split("\n", 1)[1])
        ElementTree.indent(tree)
        assert result.stdout.split("\n", 1)[1] == ElementTree.tostring(tree, "unicode") + "\n"


def test_a_shared_baseline_accepts_each_pair_by_its_names(archive: Path) -> None:
    """--update-baseline writes every pair's differences under its file names; the next
    run with --baseline passes, and a new edit in one pair fails it again."""
    folders = _good_pairs(archive)
    shared = archive / "godkant.json"
    first = runner.invoke(app, ["batch", *folders, "--baseline", str(shared)])
    assert first.exit_code == 2 and "no such baseline file" in first.stderr
    update = runner.invoke(app, ["batch", *folders, "--baseline", str(shared), "--update-baseline"])
    assert update.exit_code == 1  # what it accepted was new in this run
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert data["schema"] == "docreconcile-decisions/1"
    assert set(data["pairs"]) == {"ga.txt ↔ ga.pdf", "linkoping.txt ↔ linkoping.pdf"}
    assert len(data["pairs"]["linkoping.txt ↔ linkoping.pdf"]["decisions"]) >= 2
    again = runner.invoke(app, ["batch", *folders, "--baseline", str(shared)])
    assert again.exit_code == 0, again.stdout
    ga = archive / "text" / "ga.txt"
    ga.write_text(ga.read_text(encoding="utf-8").replace("Hellgren", "Hellgrén"), "utf-8")
    edited = runner.invoke(app, ["batch", *folders, "--baseline", str(shared)])
    assert edited.exit_code == 1
    # one pair compared alone reads its own entries from the shared file
    single = runner.invoke(
        app,
        [
            str(archive / "text" / "linkoping.txt"),
            str(archive / "pdf" / "linkoping.pdf"),
            *("--baseline", str(shared)),
        ],
    )
    assert single.exit_code == 0, single.stdout


def test_accept_on_a_second_pair_keeps_the_first(tmp_path: Path) -> None:
    """Two pairs in one folder, one default baseline file: accepting the second pair adds
    it (a shared file), never drops the first pair's entries."""
    shutil.copy(TEXT_VERSION, tmp_path / "a.txt")
    shutil.copy(PDF_VERSION, tmp_path / "a.pdf")
    text = TEXT_VERSION.read_text(encoding="utf-8").replace("Ardalan", "Ardalann")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    shutil.copy(PDF_VERSION, tmp_path / "b.pdf")
    for name in ("a", "b"):
        accepted = runner.invoke(
            app, ["accept", str(tmp_path / f"{name}.txt"), str(tmp_path / f"{name}.pdf")]
        )
        assert accepted.exit_code == 0, accepted.stdout
    data = json.loads((tmp_path / ".docreconcile-baseline.json").read_text(encoding="utf-8"))
    assert set(data["pairs"]) == {"a.txt ↔ a.pdf", "b.txt ↔ b.pdf"}
    for name in ("a", "b"):
        gated = runner.invoke(
            app,
            [
                str(tmp_path / f"{name}.txt"),
                str(tmp_path / f"{name}.pdf"),
                *("--baseline", str(tmp_path / ".docreconcile-baseline.json")),
            ],
        )
        assert gated.exit_code == 0, (name, gated.stdout)


def test_resume_skips_pairs_whose_files_did_not_change(archive: Path) -> None:
    """A second run with --resume reads unchanged pairs back from the JSONL (the records
    are the same) and compares again only the pair whose file changed."""
    folders = _good_pairs(archive)
    jsonl = archive / "resultat.jsonl"
    first = runner.invoke(app, ["batch", *folders, "--jsonl", str(jsonl)])
    assert first.exit_code == 1
    before = {r["pair"]: r for r in map(json.loads, jsonl.read_text("utf-8").splitlines())}
    ga_pdf = archive / "pdf" / "ga.pdf"
    ga_pdf.write_bytes(b"%PDF-1.4 not really\n")  # the next run must compare ga again
    resumed = runner.invoke(app, ["batch", *folders, "--jsonl", str(jsonl), "--resume"])
    assert resumed.exit_code == 2  # ga is now broken: it was compared again
    after = {r["pair"]: r for r in map(json.loads, jsonl.read_text("utf-8").splitlines())}
    assert after["linkoping"] == before["linkoping"]
    assert after["ga"]["status"] == "error" and before["ga"]["status"] == "same"
    assert after["ga"]["b_sha256"] != before["ga"]["b_sha256"]
    no_jsonl = runner.invoke(app, ["batch", *folders, "--resume"])
    assert no_jsonl.exit_code == 2 and "--jsonl" in no_jsonl.stderr


def test_files_are_each_compared_with_their_sibling_in_another_format(archive: Path) -> None:
    """What a pre-commit hook passes: the changed files. Each is compared with the file of
    its name in another format beside it; naming both files of a pair compares it once;
    a file with no sibling is unpaired."""
    folder = archive / "together"
    folder.mkdir()
    for name in ("linkoping.txt", "ga.txt", "ensam.txt"):
        shutil.copy(archive / "text" / name, folder / name)
    for name in ("linkoping.pdf", "ga.pdf"):
        shutil.copy(archive / "pdf" / name, folder / name)
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    given = ["linkoping.txt", "linkoping.pdf", "ga.pdf", "ensam.txt", "notes.json"]
    result = runner.invoke(
        app,
        ["batch", *[str(folder / name) for name in given], "--format", "jsonl"],
    )
    assert result.exit_code == 2  # ensam.txt has no sibling
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted((r["pair"], r["summary"]["substantive"]) for r in records) == [
        ("ga", 0),
        ("linkoping", 2),
    ]
    allowed = runner.invoke(
        app,
        ["batch", str(folder / "ga.txt"), str(folder / "ensam.txt"), "--allow-unpaired"],
    )
    assert allowed.exit_code == 0, allowed.output
    missing = runner.invoke(app, ["batch", str(folder / "nowhere.txt")])
    assert missing.exit_code == 2 and "nowhere.txt: no such file" in missing.output


def test_a_batch_on_a_dask_cluster_gives_what_the_local_pool_gives(archive: Path) -> None:
    """`--scheduler ADDRESS` runs the pairs on a Dask distributed cluster (here a local one
    of two worker processes): the same records, the same error for the broken pair, the
    same exit status as the local pool. A Dask worker is a daemonic process, which may not
    start the PDF reader's process: it reads in its own."""
    from distributed import LocalCluster

    folders = [str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    local = runner.invoke(app, ["batch", *folders, "--jsonl", str(archive / "local.jsonl")])
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = runner.invoke(
            app,
            [
                "batch",
                *folders,
                "--jsonl",
                str(archive / "cluster.jsonl"),
                "--scheduler",
                cluster.scheduler_address,
                "--no-cache",  # the workers read the PDFs themselves
            ],
        )
    assert remote.exit_code == local.exit_code == 2  # the broken PDF is trouble either way

    def records(name: str) -> list[tuple[object, ...]]:
        lines = (archive / name).read_text(encoding="utf-8").splitlines()
        return [
            (r["pair"], r["status"], json.dumps(r["summary"]), bool(r["error"]))
            for r in map(json.loads, lines)
        ]

    assert records("cluster.jsonl") == records("local.jsonl")
    assert [r[1] for r in records("cluster.jsonl")] == ["same", "different", "error"]


def test_a_scheduler_that_does_not_answer_is_a_one_line_error(archive: Path) -> None:
    folders = [str(archive / "text"), str(archive / "pdf"), "--allow-unpaired"]
    result = runner.invoke(app, ["batch", *folders, "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "tcp://127.0.0.1:9: no Dask scheduler answers there" in result.stderr


def test_two_pairs_of_one_stem_in_two_folders_are_two_pairs(tmp_path: Path) -> None:
    """Issue 33: `batch r/2023/memo.txt r/2024/memo.txt` named both pairs `memo`, and the
    second pair's result stood for both: `same`, JUnit 0 failures, exit 0, though the 2023
    pair differs. Each is now its own pair, named by its folder."""
    for year, other in (("2023", PDF_VERSION), ("2024", TEXT_VERSION)):
        folder = tmp_path / "r" / year
        folder.mkdir(parents=True)
        shutil.copy(TEXT_VERSION, folder / "memo.txt")
        shutil.copy(other, folder / ("memo.pdf" if year == "2023" else "memo.md"))
    junit = tmp_path / "junit.xml"
    result = runner.invoke(
        app,
        [
            "batch",
            str(tmp_path / "r" / "2023" / "memo.txt"),
            str(tmp_path / "r" / "2024" / "memo.txt"),
            "--format",
            "junit",
            "-o",
            str(junit),
            "--no-cache",
        ],
    )
    assert result.exit_code == 1, result.output
    suite = ElementTree.parse(junit).getroot()
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"2023/memo", "2024/memo"}
    assert cases["2023/memo"].find("failure") is not None
    assert cases["2024/memo"].find("failure") is None


def test_a_manifest_naming_two_pairs_alike_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        f"a,b,name\n{TEXT_VERSION},{PDF_VERSION},beslut\n{TEXT_VERSION},{TEXT_VERSION},beslut\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="line 3 names a pair 'beslut' as line 2 does"):
        pairs_from_manifest(manifest)
    result = runner.invoke(app, ["batch", "--manifest", str(manifest), "--no-cache"])
    assert result.exit_code == 2


def test_a_manifest_without_names_keeps_pairs_of_one_stem_apart(tmp_path: Path) -> None:
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        shutil.copy(TEXT_VERSION, tmp_path / year / "memo.txt")
    shutil.copy(PDF_VERSION, tmp_path / "2023" / "memo.pdf")
    shutil.copy(TEXT_VERSION, tmp_path / "2024" / "memo.md")
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        "a,b\n2023/memo.txt,2023/memo.pdf\n2024/memo.txt,2024/memo.md\n", encoding="utf-8"
    )
    jsonl = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["batch", "--manifest", str(manifest), "--jsonl", str(jsonl), "--no-cache"]
    )
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert {(r["pair"], r["status"]) for r in records} == {
        ("2023/memo", "different"),
        ("2024/memo", "same"),
    }


def test_three_versions_of_one_document_are_each_compared_with_the_reference(
    tmp_path: Path,
) -> None:
    """Issue 29: a registrar's three versions of one memo (text, Word, PDF) in one folder
    gave 'no file to compare with' and exit 2. Each version is compared with the text
    version, reported per pair; with --reference docx, with the Word file. The text has
    the fixture's two typos, the Word file and the PDF the corrected words."""
    from tests.conftest import PDF_VERSION, TEXT_VERSION

    folder = tmp_path / "arende"
    folder.mkdir()
    shutil.copy(TEXT_VERSION, folder / "beslut.txt")
    shutil.copy(PDF_VERSION, folder / "beslut.pdf")
    shutil.copy(Path(__file__).parent / "office" / "fixture-b.docx", folder / "beslut.docx")
    jsonl = tmp_path / "r.jsonl"
    result = runner.invoke(
        app, ["batch", str(folder), str(folder), "--jsonl", str(jsonl), "--no-cache"]
    )
    assert result.exit_code == 1, result.output
    records = {r["pair"]: r for r in map(json.loads, jsonl.read_text().splitlines())}
    assert sorted(records) == ["beslut (docx)", "beslut (pdf)"]
    for record in records.values():
        assert Path(record["a"]).name == "beslut.txt"
        assert record["summary"]["substantive"] == 2
    reference = runner.invoke(
        app,
        [
            "batch",
            str(folder),
            str(folder),
            "--jsonl",
            str(jsonl),
            "--reference",
            "docx",
            "--no-cache",
        ],
    )
    records = {r["pair"]: r for r in map(json.loads, jsonl.read_text().splitlines())}
    assert sorted(records) == ["beslut (pdf)", "beslut (txt)"]
    assert {Path(r["a"]).name for r in records.values()} == {"beslut.docx"}
    assert records["beslut (txt)"]["summary"]["substantive"] == 2
    assert records["beslut (pdf)"]["summary"]["substantive"] == 0
    assert reference.exit_code == 1, reference.output


def test_a_folder_named_with_brackets_keeps_them_in_the_hint(tmp_path: Path) -> None:
    """Issue 33: `Beslut [utkast]` lost `[utkast]` in the command the batch table
    suggests (rich read it as markup), so the command named files that are not there."""
    import shlex

    folder = tmp_path / "Beslut [utkast]"
    folder.mkdir()
    shutil.copy(TEXT_VERSION, folder / "x [b].txt")
    shutil.copy(PDF_VERSION, folder / "x [b].pdf")
    result = runner.invoke(
        app, ["batch", str(folder), str(folder), "--no-cache"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 1, result.output
    command = f"docreconcile {shlex.quote(str(folder / 'x [b].txt'))}"
    assert command in result.stdout


def test_the_markdown_index_shows_pair_names_as_written(tmp_path: Path) -> None:
    """Issue 33: the batch Markdown index (the Action's step summary) let a pair's name
    be a link, an image or HTML."""
    folder = tmp_path / "arkiv"
    folder.mkdir()
    stem = "![bild](e.example) <img src=x>"
    shutil.copy(TEXT_VERSION, folder / f"{stem}.txt")
    shutil.copy(PDF_VERSION, folder / f"{stem}.pdf")
    result = runner.invoke(app, ["batch", str(folder), str(folder), "-f", "markdown", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "| \\!\\[bild\\]\\(e.example\\) &lt;img src=x&gt; | 2 | 0 |" in result.stdout
    assert "<img" not in result.stdout and "](" not in result.stdout


def test_records_appended_as_pairs_finish_are_put_in_the_pairs_order(tmp_path: Path) -> None:
    """`--jsonl` is appended as pairs finish (in any order, a pair compared again after
    --resume appended twice); at the end each pair's latest record, in the pairs'
    order, and no other."""
    from docreconcile.batch import order_records

    jsonl = tmp_path / "r.jsonl"
    lines = [
        {"pair": "b", "status": "error"},
        {"pair": "gone", "status": "same"},
        {"pair": "a", "status": "same"},
        {"pair": "b", "status": "different"},
    ]
    jsonl.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    order_records(jsonl, ["a", "b", "c"])
    assert [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()] == [
        {"pair": "a", "status": "same"},
        {"pair": "b", "status": "different"},
    ]


def test_the_jsonl_keeps_whole_reports_when_the_batch_report_needs_counts_only(
    archive: Path,
) -> None:
    """With a table (or markdown, html) batch report a pair's report is let go once its
    record is written: the JSONL still holds every report, in the pairs' order."""
    jsonl = archive / "r.jsonl"
    result = runner.invoke(
        app,
        [
            "batch",
            str(archive / "text"),
            str(archive / "pdf"),
            "--jsonl",
            str(jsonl),
            "--allow-unpaired",
            "-j",
            "2",
            "-f",
            "markdown",
        ],
    )
    assert result.exit_code == 2, result.output  # the broken PDF
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["pair"] for r in records] == ["ga", "linkoping", "trasig"]
    linkoping = records[1]["report"]
    assert [d["b"] for d in linkoping["differences"]][:2] == ["Ardalan", "genomlysa"]
    assert "| linkoping |" in result.stdout
