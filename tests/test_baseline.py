"""Accepted differences: the round trip the CI gate relies on."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.baseline import (
    apply,
    decision_for,
    dumps,
    dumps_shared,
    entries_from,
    forget,
    load,
    load_pairs,
    pair_key,
    record,
)
from docreconcile.cli import app
from docreconcile.errors import InputError
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    text = tmp_path / "beslut.txt"
    pdf = tmp_path / "beslut.pdf"
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    return text, pdf


def test_round_trip_accept_change_one_word_reflow(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    status, out = invoke("accept", str(text), str(pdf))
    assert status == 0 and "accepted 2 differences" in out
    baseline = text.parent / ".docreconcile-baseline.json"
    assert baseline.exists()

    status, _ = invoke(str(text), str(pdf), "--baseline", str(baseline))
    assert status == 0

    original = text.read_text(encoding="utf-8")
    text.write_text(original.replace("Paul Lindvall (M)", "Paul Lindvahl (M)"), encoding="utf-8")
    status, out = invoke(str(text), str(pdf), "--baseline", str(baseline), "--format", "json")
    assert status == 1
    data = json.loads(out)
    new = [d for d in data["differences"] if not d["accepted"] and d["severity"] == "substantive"]
    assert [(d["a"], d["b"]) for d in new] == [("Lindvahl", "Lindvall")]
    assert data["baseline"]["accepted"] == 2 and data["baseline"]["stale"] == []

    reflowed = "\n\n".join(
        "\n".join(textwrap.wrap(block, 55)) for block in original.split("\n\n") if block.strip()
    )
    text.write_text(reflowed + "\n", encoding="utf-8")
    status, _ = invoke(str(text), str(pdf), "--baseline", str(baseline))
    assert status == 0


def test_with_a_baseline_new_differences_are_numbered_first_and_counted_alike(
    pair: tuple[Path, Path],
) -> None:
    """The two accepted spellings no longer use up numbers or counts: the new change is
    #1, the heading and the summary table both say 1 substantive, and the table says how
    many the baseline accepted."""
    text, pdf = pair
    invoke("accept", str(text), str(pdf))
    baseline = text.parent / ".docreconcile-baseline.json"
    original = text.read_text(encoding="utf-8")
    text.write_text(original.replace("Paul Lindvall (M)", "Paul Lindvahl (M)"), encoding="utf-8")
    status, out = invoke(str(text), str(pdf), "--baseline", str(baseline))
    assert status == 1
    assert "Substantive differences: 1\n#1 spelling" in out
    summary = out[out.index("Summary") :]
    assert re.search(r"substantive\s*│\s*spelling\s*│\s*1\b", summary), summary
    assert re.search(r"accepted\s*│\s*by the baseline\s*│\s*2\b", summary), summary
    assert "1 substantive difference;" in out


def test_fixed_differences_are_listed_as_stale(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    baseline = text.parent / "accepted.json"
    assert invoke("accept", str(text), str(pdf), "--baseline", str(baseline))[0] == 0
    text.write_text(text.read_text(encoding="utf-8").replace("Ardan", "Ardalan"), encoding="utf-8")
    report = apply(compare(text, pdf), load(baseline), baseline)
    assert [(entry.a, entry.b) for entry in report.stale] == [("Ardan", "Ardalan")]
    assert len(report.accepted) == 1


def test_baseline_file_is_sorted_reviewable_json(pair: tuple[Path, Path]) -> None:
    data = json.loads(dumps(compare(*pair)))
    assert data["schema"] == "docreconcile-decisions/1"
    [(key, value)] = data["pairs"].items()
    assert key == f"{pair[0].name} ↔ {pair[1].name}"
    entries = value["decisions"]
    assert [(e["category"], e["a"], e["b"], e["verdict"]) for e in entries] == [
        ("spelling", "Ardan", "Ardalan", "accepted"),
        ("spelling", "genomlysna", "genomlysa", "accepted"),
    ]
    assert all(len(e["fingerprint"]) == 16 for e in entries)


def test_a_baseline_of_the_first_schema_is_read_as_decisions_accepted(
    pair: tuple[Path, Path],
) -> None:
    """Files `accept` wrote before decisions had verdicts still gate as they did."""
    report = compare(*pair)
    old = pair[0].parent / "old.json"
    entries = [
        {k: v for k, v in asdict(entry).items() if k not in ("verdict", "text")}
        for entry in entries_from(report)
    ]
    old.write_text(
        json.dumps({"schema": "docreconcile-baseline/1", "a": "x", "b": "y", "accepted": entries}),
        encoding="utf-8",
    )
    decisions = load(old, "anything ↔ else")
    assert [d.verdict for d in decisions] == ["accepted", "accepted"]
    assert len(apply(report, decisions, old).accepted) == 2


def test_a_decision_is_written_at_once_and_keeps_every_other(tmp_path: Path) -> None:
    """`record` writes one verdict through to the file, keeping the other pairs' and the
    other differences' decisions; a second verdict on the same difference replaces it."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Rubrik\n\nHär står Ardan.\n\nVi ska genomlysna det.\n", encoding="utf-8")
    b.write_text("Rubrik\n\nHär står Ardalan.\n\nVi ska genomlysa det.\n", encoding="utf-8")
    report = compare(a, b)
    path = tmp_path / "beslut.json"
    path.write_text(dumps_shared({"other.txt ↔ other.pdf": entries_from(report)}), "utf-8")
    first, second = report.differences
    key = pair_key(a, b)
    record(path, key, decision_for(first, "b"))
    record(path, key, decision_for(second, "text", "genomlyst"))
    record(path, key, decision_for(first, "a"))
    pairs = load_pairs(path)
    assert len(pairs["other.txt ↔ other.pdf"]) == 2
    assert sorted((d.a, d.verdict, d.text) for d in pairs[key]) == [
        ("Ardan", "a", ""),
        ("genomlysna", "text", "genomlyst"),
    ]
    forget(path, key, first.fingerprint)
    assert [d.a for d in load_pairs(path)[key]] == ["genomlysna"]


def test_a_second_occurrence_of_an_accepted_difference_is_new(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Rubrik\n\nHär står Ardan.\n", encoding="utf-8")
    b.write_text("Rubrik\n\nHär står Ardalan.\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    baseline.write_text(dumps(compare(a, b)), encoding="utf-8")
    a.write_text("Rubrik\n\nHär står Ardan.\n\nHär står Ardan.\n", encoding="utf-8")
    b.write_text("Rubrik\n\nHär står Ardalan.\n\nHär står Ardalan.\n", encoding="utf-8")
    report = apply(compare(a, b), load(baseline), baseline)
    assert len(report.accepted) == 1 and len(report.new_differences()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline file"),
        ("{not json", "not a readable baseline"),
        ('{"schema": "x"}', "not a docreconcile baseline"),
        (
            '{"schema": "docreconcile-baseline/1", "accepted": [{"fingerprint": ["x"], '
            '"severity": "substantive", "category": "word", "a": "", "b": ""}]}',
            "entry 1 has fingerprint that is not text",
        ),
        (
            '{"schema": "docreconcile-baseline/1", "accepted": [{"fingerprint": "x", '
            '"severity": "substantive", "category": {"a": 1}, "a": "", "b": 2}]}',
            "entry 1 has category, b that is not text",
        ),
        (
            '{"schema": "docreconcile-decisions/1", "pairs": {"a ↔ b": {"decisions": [{'
            '"fingerprint": "x", "severity": "substantive", "category": "word", "a": "", '
            '"b": "", "verdict": "maybe"}]}}}',
            "entry 1 has the verdict 'maybe': use one of a, b, text, both, accepted",
        ),
    ],
)
def test_bad_baseline_is_an_input_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load(path)


def test_fail_on_levels(pair: tuple[Path, Path]) -> None:
    text, pdf = pair
    assert invoke(str(text), str(pdf), "--fail-on", "never")[0] == 0
    assert invoke(str(pdf), str(pdf), "--fail-on", "minor")[0] == 0
    text.write_text(
        text.read_text(encoding="utf-8")
        .replace("Ardan", "Ardalan")
        .replace("genomlysna", "genomlysa")
        .replace("Bakgrund", "BAKGRUND"),
        encoding="utf-8",
    )
    assert invoke(str(text), str(pdf))[0] == 0  # only a change of case is left: minor
    assert invoke(str(text), str(pdf), "--fail-on", "minor")[0] == 1


def test_html_is_written_atomically_and_not_on_error(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    text, pdf = pair
    report = tmp_path / "rapport.html"
    assert invoke(str(text), str(pdf), "--html", str(report))[0] == 1
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    missing = tmp_path / "saknas.txt"
    other = tmp_path / "annan.html"
    assert invoke(str(missing), str(pdf), "--html", str(other))[0] == 2
    assert not other.exists()
    status, out = invoke(str(text), str(pdf), "--html", str(tmp_path / "nej" / "r.html"))
    assert status == 2 and "does not exist" in out


def test_the_pages_download_beside_a_is_read_where_no_hidden_file_is(tmp_path: Path) -> None:
    """A browser saves the page's decisions file without its leading dot: beside A it is
    the default when `.docreconcile-baseline.json` is not there, and only then."""
    from docreconcile.baseline import default_path

    a = tmp_path / "beslut.txt"
    assert default_path(a).name == ".docreconcile-baseline.json"
    (tmp_path / "docreconcile-baseline.json").write_text("{}", encoding="utf-8")
    assert default_path(a).name == "docreconcile-baseline.json"
    (tmp_path / ".docreconcile-baseline.json").write_text("{}", encoding="utf-8")
    assert default_path(a).name == ".docreconcile-baseline.json"


def test_two_accepts_into_one_file_at_once_keep_both_pairs(tmp_path: Path) -> None:
    """Issue 33: two `accept` runs of different pairs into one decisions file at once
    dropped one pair (each read the file before the other wrote it). The read, change
    and write are now one locked step: both pairs are there, round after round."""
    import subprocess
    import sys

    command = str(Path(sys.executable).parent / "docreconcile")
    for name in ("ett", "två"):
        lines_a = [f"Paragraf {n}: nämnden beslutar om ärende {name} {n}." for n in range(400)]
        lines_b = [line.replace("beslutar", "besluter") for line in lines_a]
        (tmp_path / f"{name}-a.txt").write_text("\n\n".join(lines_a) + "\n", encoding="utf-8")
        (tmp_path / f"{name}-b.txt").write_text("\n\n".join(lines_b) + "\n", encoding="utf-8")
    shared = tmp_path / "delad.json"
    for _ in range(4):
        shared.unlink(missing_ok=True)
        runs = [
            subprocess.Popen(
                [
                    command,
                    "accept",
                    f"{name}-a.txt",
                    f"{name}-b.txt",
                    "--baseline",
                    str(shared),
                    "--no-cache",
                ],
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
            )
            for name in ("ett", "två")
        ]
        assert [run.wait(timeout=120) for run in runs] == [0, 0]
        pairs = json.loads(shared.read_text(encoding="utf-8"))["pairs"]
        assert sorted(pairs) == ["ett-a.txt ↔ ett-b.txt", "två-a.txt ↔ två-b.txt"]
        assert all(len(pair["decisions"]) >= 1 for pair in pairs.values())
