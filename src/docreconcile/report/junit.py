"""JUnit XML (`--format junit`): one test case per document pair, failed when the pair has
differences at or above the `--fail-on` level, so CI systems list it in their test tabs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from docreconcile.i18n import _, ngettext
from docreconcile.model import Difference, Report, Severity, describe_location
from docreconcile.report import Settings

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Drop the characters XML 1.0 forbids.

    >>> xml_text("a\\x00b\\x1fc")
    'abc'
    """
    return _NOT_XML.sub("", text)


def render(report: Report, fail_on: str = "substantive") -> str:
    """The report as a JUnit XML document with one testsuite and one testcase."""
    failing = report.failing(fail_on)
    suites = ElementTree.Element("testsuites", name="docreconcile")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="docreconcile",
        tests="1",
        failures="1" if failing else "0",
        errors="0",
        skipped="0",
    )
    case = ElementTree.SubElement(
        suite,
        "testcase",
        classname="docreconcile",
        name=xml_text(f"{report.a.path} ↔ {report.b.path}"),
    )
    if failing:
        failure = ElementTree.SubElement(
            case,
            "failure",
            type=failing[0].severity.value,
            message=ngettext(
                "{count} difference at or above '{level}'",
                "{count} differences at or above '{level}'",
                len(failing),
            ).format(count=len(failing), level=fail_on),
        )
        failure.text = xml_text("\n".join(_line(d) for d in failing))
    output = ElementTree.SubElement(case, "system-out")
    counts = ", ".join(f"{s.value} {report.count(s)}" for s in Severity)
    output.text = xml_text(
        _("Differences: {counts}. Accepted by baseline: {accepted}.").format(
            counts=counts, accepted=len(report.accepted)
        )
    )
    ElementTree.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(suites, encoding="unicode")
        + "\n"
    )


def _line(difference: Difference) -> str:
    where_a = describe_location(difference.a_location)
    where_b = describe_location(difference.b_location)
    return (
        f"#{difference.id} {difference.severity.value} {difference.category.value}: "
        f"{difference.a!r} -> {difference.b!r} (A {where_a}, B {where_b})"
    )


def report(report: Report, settings: Settings) -> str:
    """The registry's entry: `render` failing at the settings' `fail_on`."""
    return render(report, settings.fail_on)
