"""The SARIF 2.1.0 report, validated against the OASIS schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from docreconcile.cli import app
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


def test_sarif_output_is_valid_sarif_2_1_0_and_follows_the_baseline(tmp_path: Path) -> None:
    """`--format sarif` writes a log the OASIS schema accepts: one rule a category, one
    result a listed difference, located on the text file's line, the PDF's page and line
    said in a related location; with a baseline, accepted differences are `unchanged`."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    text, pdf = tmp_path / "beslut.txt", tmp_path / "beslut.pdf"
    shutil.copy(TEXT_VERSION, text)
    shutil.copy(PDF_VERSION, pdf)
    result = runner.invoke(app, ["-f", "SARIF", str(text), str(pdf), "--show", "all"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    [run] = log["runs"]
    results = run["results"]
    assert len(results) == 79
    first = results[0]
    assert (first["ruleId"], first["level"]) == ("spelling", "error")
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 41}
    assert first["relatedLocations"][0]["message"]["text"] == "B p. 3, line 19"
    assert "B is probably right" in first["message"]["text"]
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"spelling", "line_break"}
    assert runner.invoke(app, ["accept", str(text), str(pdf)]).exit_code == 0
    baseline = tmp_path / ".docreconcile-baseline.json"
    again = runner.invoke(app, ["-f", "sarif", str(text), str(pdf), "--baseline", str(baseline)])
    assert again.exit_code == 0
    accepted = json.loads(again.stdout)
    jsonschema.Draft4Validator(schema).validate(accepted)
    states = [r["baselineState"] for r in accepted["runs"][0]["results"]]
    assert states == ["unchanged", "unchanged"]
    # issue 29: accepted results were open errors; now each is suppressed, naming the file
    for found in accepted["runs"][0]["results"]:
        assert found["suppressions"] == [
            {"kind": "external", "status": "accepted", "justification": f"decided in {baseline}"}
        ]
    assert "suppressions" not in first  # a difference not decided is not suppressed
