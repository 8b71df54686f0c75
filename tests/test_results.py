"""Finished comparisons kept in the cache folder (`results.py`): a re-check of an unchanged
pair is a lookup giving the very same report; any change of input, name or code is a new
comparison; a damaged or planted entry is a miss, never an error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile import pipeline, results
from docreconcile.cli import app
from docreconcile.extract.cache import SIGNATURE, Cache
from docreconcile.model import Report, Severity
from docreconcile.pipeline import Options, compare
from tests.conftest import PDF_VERSION, TEXT_VERSION

REALWORLD = Path(__file__).resolve().parent / "realworld"
runner = CliRunner()


def _no_comparison(*args: object, **kwargs: object) -> Report:
    raise AssertionError("compared again although the cache holds this pair's report")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (TEXT_VERSION, PDF_VERSION),
        (REALWORLD / "dmca.raw.txt", REALWORLD / "dmca.pdf"),
        (REALWORLD / "afs-2011-19.reflowed.txt", REALWORLD / "afs-2011-19.pdf"),
    ],
)
def test_a_report_survives_the_round_trip_through_json_unchanged(a: Path, b: Path) -> None:
    """Every field of every difference, paragraph view and row, on real documents (the
    fixture, a US statute and a Swedish regulation against their pdftotext text)."""
    report = compare(a, b)
    assert len(report.differences) > 10
    kept = results.decode(json.loads(json.dumps(results.encode(report))))
    assert kept == report


def test_the_second_run_of_a_pair_is_the_kept_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    arguments = [str(TEXT_VERSION), str(PDF_VERSION), "--format", "json"]
    first = runner.invoke(app, [*arguments, "--cache-dir", str(cache_dir)])
    assert first.exit_code == 1, first.output
    assert len(list(cache_dir.glob("report-*.json"))) == 1
    monkeypatch.setattr(pipeline, "compare_limited", _no_comparison)
    monkeypatch.setattr(pipeline, "compare_documents", _no_comparison)
    second = runner.invoke(app, [*arguments, "--cache-dir", str(cache_dir)])
    assert second.exit_code == 1, second.output
    assert second.stdout == first.stdout
    unkept = runner.invoke(app, [*arguments, "--no-cache"])
    assert unkept.exit_code == 2 and "compared again" in unkept.output  # the patch holds


def test_a_changed_input_or_name_is_compared_again(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    text = tmp_path / "beslut.txt"
    shutil.copy(TEXT_VERSION, text)
    first = compare(text, PDF_VERSION, Options(cache=cache))
    assert [d.a for d in first.differences if d.severity.value == "substantive"] == [
        "Ardan",
        "genomlysna",
    ]
    text.write_text(text.read_text(encoding="utf-8").replace("Ardan", "Ardalan"), encoding="utf-8")
    second = compare(text, PDF_VERSION, Options(cache=cache))
    assert [d.a for d in second.differences if d.severity.value == "substantive"] == ["genomlysna"]
    renamed = tmp_path / "kopia.txt"
    shutil.copy(text, renamed)
    third = compare(renamed, PDF_VERSION, Options(cache=cache))
    assert third.a.path == str(renamed)
    assert len(list((tmp_path / "cache").glob("report-*.json"))) == 3


def test_the_key_holds_the_code_that_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    before = results.key("a.txt", b"x", "b.pdf", b"y")
    monkeypatch.setattr(results, "code_stamp", lambda: "another build")
    assert results.key("a.txt", b"x", "b.pdf", b"y") != before


@pytest.mark.parametrize(
    "planted",
    [
        "{not json",
        json.dumps({"schema": "docreconcile-report/0", "report": []}),
        json.dumps({"schema": results.SCHEMA, "report": [1, 2, 3]}),
        json.dumps({"schema": results.SCHEMA, "report": "x" * 100}),
    ],
)
def test_a_damaged_or_foreign_entry_is_a_miss_not_an_error(tmp_path: Path, planted: str) -> None:
    cache = Cache(tmp_path / "cache")
    options = Options(cache=cache)
    compare(TEXT_VERSION, PDF_VERSION, options)
    (entry,) = (tmp_path / "cache").glob("report-*.json")
    entry.write_text(planted, encoding="utf-8")
    report = compare(TEXT_VERSION, PDF_VERSION, options)
    assert [d.b for d in report.differences if d.severity.value == "substantive"] == [
        "Ardalan",
        "genomlysa",
    ]


def test_a_planted_entry_with_a_bad_field_is_refused(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = Options(cache=cache)
    compare(TEXT_VERSION, PDF_VERSION, options)
    (entry,) = (tmp_path / "cache").glob("report-*.json")
    content, _, _ = entry.read_bytes().rpartition(SIGNATURE)
    data = json.loads(content)
    data["report"][2][0][1] = "catastrophic"  # a severity no report has
    cache.write(entry.stem, json.dumps(data))  # signed as ours: refused for what it holds
    assert results.get(cache, entry.stem) is None


def test_a_kept_report_edited_to_pass_is_not_trusted(tmp_path: Path) -> None:
    """Issue 33: the substantive differences taken out of a kept report, the next run
    said `no substantive differences` and exited 0. An edited entry is a miss now, and
    the pair is compared again."""
    cache = Cache(tmp_path / "cache")
    options = Options(cache=cache)
    assert compare(TEXT_VERSION, PDF_VERSION, options).count(Severity.SUBSTANTIVE) == 2
    (entry,) = (tmp_path / "cache").glob("report-*.json")
    content, _, signature = entry.read_bytes().rpartition(SIGNATURE)
    data = json.loads(content)
    data["report"][2] = [item for item in data["report"][2] if item[1] != "substantive"]
    entry.write_bytes(json.dumps(data).encode() + SIGNATURE + signature)
    assert results.get(cache, entry.stem) is None
    assert compare(TEXT_VERSION, PDF_VERSION, options).count(Severity.SUBSTANTIVE) == 2


def test_nothing_is_kept_for_an_encrypted_pdf_or_without_a_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    compare(TEXT_VERSION, PDF_VERSION, Options(password_b="hemligt", cache=cache))
    compare(TEXT_VERSION, PDF_VERSION, Options())
    assert not list(tmp_path.rglob("report-*.json"))


def test_standard_input_is_never_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-` is standard input, even where a file named `-` stands in the folder: a report
    kept for that file must not answer for what comes on standard input."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(TEXT_VERSION, tmp_path / "-")
    cache_dir = tmp_path / "cache"
    arguments = ["-", str(PDF_VERSION), "--format", "json", "--cache-dir", str(cache_dir)]
    text = TEXT_VERSION.read_text(encoding="utf-8")
    first = runner.invoke(app, arguments, input=text)
    assert first.exit_code == 1, first.output
    fixed = text.replace("Ardan", "Ardalan").replace("genomlysna", "genomlysa")
    second = runner.invoke(app, arguments, input=fixed)
    assert second.exit_code == 0, second.output
    assert not list(cache_dir.glob("report-*.json"))
