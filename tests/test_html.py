"""The HTML report: self-contained, both differences marked, document text escaped."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.model import Report
from docreconcile.report import html

runner = CliRunner()


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
    # only our own: the decision data, the page's words and its code
    assert [t for t, _ in elements.tags].count("script") == 3
    assert not any(t == "img" for t, _ in elements.tags)
    assert not any(t == "div" and a.get("onerror") for t, a in elements.tags)
    assert hostile in "".join(elements.text)  # shown as text, intact
    data, words, code = elements.script
    assert "alert" not in code and "alert" not in words
    # in the decision data only as JSON, without a single `<`, `>` or `&` to break out
    assert not set("<>&") & set(data)
    assert hostile in [entry["b"] for entry in json.loads(data)["differences"].values()]
