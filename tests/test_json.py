"""The JSON report: valid for any document text, and valid against its published schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.cli import app
from docreconcile.model import Category
from docreconcile.report import json as json_report
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


SCHEMA_FILE = Path(__file__).resolve().parent.parent / "src/docreconcile/report/schema.json"


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_report_is_valid_for_hostile_text(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Rubrik\n\nText med \u202e höger-till-vänster och \x07 kontroll.\n", encoding="utf-8"
    )
    b.write_text(
        "Rubrik\n\nText med \u202e vänster och \x07 kontroll \ud800.\n",
        encoding="utf-8",
        errors="surrogatepass",
    )
    data = json.loads(json_report.render(compare(a, b), "all"))
    assert data["summary"]["substantive"] >= 1


def test_the_schema_names_every_category_and_field_the_readme_does() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    categories = schema["$defs"]["difference"]["properties"]["category"]["enum"]
    assert categories == [category.value for category in Category]
    readme = (SCHEMA_FILE.parents[3] / "README.md").read_text(encoding="utf-8")
    for field in [*schema["properties"], *schema["$defs"]["difference"]["properties"]]:
        assert re.search(rf"`(?:differences\[\]\.)?{field}`", readme), field


def test_real_reports_validate_against_the_schema(tmp_path: Path) -> None:
    """The fixture with every difference, a revised memo checked against a baseline, and
    the IRS instructions against poppler's text (thousands of differences)."""
    from tests.revisions import revise
    from tests.test_integ_memos import MEMOS, NAMES

    check = validator()
    runner = CliRunner()
    outputs = [
        runner.invoke(app, [str(TEXT_VERSION), str(PDF_VERSION), "-f", "json", "--show", "all"])
    ]
    name = NAMES[4]
    revised = tmp_path / "reviderad.txt"
    memo = MEMOS / f"{name}.txt"
    baseline = tmp_path / "baseline.json"
    runner.invoke(
        app, ["accept", str(memo), str(MEMOS / f"{name}.pdf"), "--baseline", str(baseline)]
    )
    revised.write_text(revise(memo.read_text(encoding="utf-8"))[0], encoding="utf-8")
    outputs.append(
        runner.invoke(
            app,
            [str(revised), str(MEMOS / f"{name}.pdf"), "-f", "json", "--baseline", str(baseline)],
        )
    )
    realworld = Path(__file__).resolve().parent / "realworld"
    outputs.append(
        runner.invoke(
            app,
            [
                str(realworld / "irs_i1040nr.raw.txt"),
                str(realworld / "irs_i1040nr.pdf"),
                "-f",
                "json",
                "--show",
                "all",
            ],
        )
    )
    for result in outputs:
        data = json.loads(result.stdout)
        errors = sorted(check.iter_errors(data), key=lambda error: error.path)
        assert errors == [], errors[0].message
    assert outputs[1].exit_code == 1 and json.loads(outputs[1].stdout)["baseline"]["accepted"] == 0
    assert len(json.loads(outputs[2].stdout)["differences"]) > 1000


def test_warnings_say_what_to_know_before_the_differences(tmp_path: Path) -> None:
    """Issue 29: a login page saved as `beslut.pdf` gave `differ: 34 substantive` with no
    word that B is no PDF, nor (in JSON) that the two are not one document."""
    page = tmp_path / "beslut.pdf"
    page.write_text(
        "<!DOCTYPE html><html><body><main><h1>Logga in</h1><p>Ange ditt användarnamn och "
        "lösenord för att fortsätta.</p></main></body></html>",
        encoding="utf-8",
    )
    data = json_report.to_dict(compare(TEXT_VERSION, page))
    assert any(w.startswith("A and B look like different documents") for w in data["warnings"])
    assert f"B ({page}): holds HTML, not PDF as its name says" in " ".join(data["warnings"])
    same = json_report.to_dict(compare(TEXT_VERSION, TEXT_VERSION))
    assert same["warnings"] == []
