"""The JUnit report: one test case per pair, failing with its differences."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from typer.testing import CliRunner

from docreconcile import compare
from docreconcile.model import Report
from docreconcile.report import junit
from tests.conftest import PDF_VERSION

runner = CliRunner()


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
