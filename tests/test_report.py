"""Every output format on the fixtures: content checked by parsing, not by substrings alone."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console
from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.cli import app
from docreconcile.model import Category, Report
from docreconcile.report import github, html, junit, markdown, terminal
from docreconcile.report import json as json_report
from tests.conftest import PDF_VERSION, TEXT_VERSION

runner = CliRunner()


@pytest.fixture(scope="module")
def report() -> Report:
    return compare(TEXT_VERSION, PDF_VERSION)


class Elements(HTMLParser):
    """Collects start tags with their attributes, and all text, from an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_script = False
        self.script: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        (self.script if self.in_script else self.text).append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def test_html_is_self_contained_utf8_and_marks_both_differences(report: Report) -> None:
    page = html.render(report)
    elements = parse(page)
    assert ("meta", {"charset": "utf-8"}) in elements.tags
    for tag, attributes in elements.tags:
        assert tag not in ("link", "img", "iframe")
        assert not (tag == "script" and "src" in attributes)
    marked = [a for t, a in elements.tags if t == "span" and a.get("data-diff")]
    substantive = {d.id for d in report.differences if d.severity.value == "substantive"}
    assert {
        int(a["data-diff"] or 0) for a in marked if "substantive" in (a.get("class") or "")
    } == substantive
    # inside the marked words, only the changed letters: Arda<ins>la</ins>n, genomlys<del>n</del>a
    assert ("ins", {"class": "substantive"}) in elements.tags
    assert ("del", {"class": "substantive"}) in elements.tags
    assert "Arda" in page and ">la</ins>n" in page and ">n</del>a" in page
    items = [a for t, a in elements.tags if t == "li" and a.get("class") == "difference-item"]
    assert len(items) == len(report.differences)
    for difference_id in substantive:  # every list entry links to an element that exists
        assert ("a", {"href": f"#d{difference_id}"}) in elements.tags
        assert any(a.get("id") == f"d{difference_id}" for _, a in elements.tags)
    text = "".join(elements.text)
    assert "Linköpings kommun har i mer än 20 år" in text and "Åsa Regner" in text
    assert "p. 3, line 19" in text


def test_html_escapes_hostile_document_text(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script> och </div><img src=x onerror=alert(1)> slut.'
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Ärende\n\nFörsta stycket är här.\n", encoding="utf-8")
    b.write_text(f"Ärende\n\nFörsta stycket är här. {hostile}\n\n{hostile}\n", encoding="utf-8")
    page = html.render(compare(a, b))
    elements = parse(page)
    # only our own: the decision data and the page's code
    assert [t for t, _ in elements.tags].count("script") == 2
    assert not any(t == "img" for t, _ in elements.tags)
    assert not any(t == "div" and a.get("onerror") for t, a in elements.tags)
    assert hostile in "".join(elements.text)  # shown as text, intact
    data, code = elements.script
    assert "alert" not in code
    # in the decision data only as JSON, without a single `<`, `>` or `&` to break out
    assert not set("<>&") & set(data)
    assert hostile in [entry["b"] for entry in json.loads(data)["differences"].values()]


def test_markdown_report_lists_differences_in_a_table(report: Report) -> None:
    text = markdown.render(report)
    assert text.startswith("### ❌ docreconcile: 2 substantive differences")
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    assert [(c[1], c[2], c[5]) for c in cells] == [
        ("substantive", "spelling", "~~Ardan~~ → **Ardalan** (hint: B)"),
        ("substantive", "spelling", "~~genomlysna~~ → **genomlysa** (hint: B)"),
    ]
    assert cells[0][3] == "line 41" and cells[0][4] == "p. 3, line 19"


def test_markdown_escapes_document_text() -> None:
    assert markdown.escape("<script>|**") == "&lt;script&gt;\\|\\*\\*"


def test_github_annotations_point_at_text_lines(report: Report) -> None:
    lines = github.render(report).splitlines()
    assert len(lines) == 2
    pattern = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),title=([^:]+)::(.+)$")
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed)
    levels = [(m.group(1), m.group(3)) for m in parsed if m]
    assert levels == [("error", "41"), ("error", "45")]
    first = parsed[0]
    assert first is not None and first.group(2).endswith("tjansteskrivelse.txt")
    assert "Ardan" in first.group(5) and "Ardalan" in first.group(5)


def test_junit_is_one_failed_testcase_with_the_differences(report: Report) -> None:
    root = ElementTree.fromstring(junit.render(report))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "1" and suite.get("failures") == "1"
    (case,) = suite.findall("testcase")
    failure = case.find("failure")
    assert (
        failure is not None and failure.get("message") == "2 differences at or above 'substantive'"
    )
    assert failure.text is not None and "'Ardan' -> 'Ardalan'" in failure.text


def test_junit_passes_for_identical_documents() -> None:
    root = ElementTree.fromstring(junit.render(compare(PDF_VERSION, PDF_VERSION)))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert root.find(".//failure") is None


def test_junit_drops_characters_xml_cannot_hold() -> None:
    assert junit.xml_text("a\x00\x0bb") == "ab"


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


def test_terminal_report_renders_both_sentences_plainly(report: Report) -> None:
    console = Console(record=True, width=100, color_system=None)
    terminal.render(report, console, "minor")
    text = console.export_text()
    assert "Substantive differences: 2" in text
    assert "(civilminister [-Ardan-] Shekarabi)" in text
    assert "(civilminister {+Ardalan+} Shekarabi)" in text
    assert "2 substantive differences; 0 minor, 77 layout." in text


def test_terminal_report_uses_strike_and_colour_on_a_terminal(report: Report) -> None:
    console = Console(record=True, width=100, color_system="truecolor", force_terminal=True)
    terminal.render(report, console, "substantive")
    styled = console.export_text(styles=True)
    assert "\x1b[" in styled and "[-Ardan-]" not in styled
    assert "\x1b[1;9;31mArdan" in styled  # bold, struck through, red


def test_terminal_lines_wrap_under_their_label(report: Report) -> None:
    """On a narrow terminal a long sentence wraps, and every wrapped line starts under the
    text, not at column 0 (where a document line could pass for a CI command)."""
    console = Console(record=True, width=60, color_system=None, force_terminal=True)
    terminal.render(report, console, "substantive")
    lines = console.export_text().splitlines()
    start = lines.index(next(line for line in lines if line.startswith("#1 spelling")))
    block = lines[start + 1 : lines.index(next(line for line in lines if line.startswith("#2")))]
    assert len(block) > 3  # the sentences did wrap
    assert all(line.startswith("    ") for line in block), block
    labels = ("change:", "A:", "B:", "hint:")
    continued = [line for line in block if not line.strip().startswith(labels)]
    assert continued and all(line.startswith(" " * 12) for line in continued), block


def test_piped_report_is_not_hard_wrapped(report: Report) -> None:
    """Piped (no terminal), each context sentence is one line however long, for grep."""
    output = io.StringIO()
    console = Console(file=output, width=60, color_system=None, soft_wrap=True)
    terminal.render(report, console, "substantive")
    lines = output.getvalue().splitlines()
    sentence = next(line for line in lines if "[-Ardan-]" in line)
    assert sentence.startswith("         A: … (barn- äldre") and sentence.endswith("Shekarabi).")
    assert not any(line != line.rstrip() for line in lines if "A:" in line or "B:" in line)


SCHEMA_FILE = Path(__file__).resolve().parent.parent / "src/docreconcile/report/schema.json"


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


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
    states = [r["baselineState"] for r in json.loads(again.stdout)["runs"][0]["results"]]
    assert states == ["unchanged", "unchanged"]


def test_every_format_renders_through_the_one_registry(report: Report) -> None:
    """Each `--format` is a module in `REPORTERS`, rendered by `render(report, format,
    settings)`; an unknown format is refused by name."""
    from docreconcile.cli import OutputFormat
    from docreconcile.report import REPORTERS, Settings, render

    assert {f.value for f in OutputFormat} <= set(REPORTERS)
    for name in REPORTERS:
        assert render(report, name, Settings(show="all")).strip()
    with pytest.raises(ValueError, match="'pdf' is no report format"):
        render(report, "pdf")


def test_a_reporter_of_ones_own_is_a_module_and_one_registry_line(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docreconcile import report as report_package

    monkeypatch.setitem(report_package.REPORTERS, "toy", "tests.toy_reporter")
    text = report_package.render(report, "toy", report_package.Settings(show="substantive"))
    assert text.splitlines() == ["spelling\tArdan\tArdalan", "spelling\tgenomlysna\tgenomlysa"]
