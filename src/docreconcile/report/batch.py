"""Batch reports: every pair of an archive in one file, in each machine format.

They are rendered from the batch's records (one JSON object per pair, the `--jsonl`
line: the pair, its status, its counts and its JSON report), not from live `Report`
objects, so a resumed batch (`--resume`, pairs read back from the JSONL) writes the same
files as a fresh one.

- `junit`: one test suite, one test case per pair (failed, or in error).
- `github`: the annotations of every pair, and one `::error` per pair in error.
- `markdown`: an index table (for `$GITHUB_STEP_SUMMARY`), linking per-pair reports.
- `html`: the same index as a page, linking per-pair HTML reports.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from docreconcile import i18n
from docreconcile.i18n import N_, _
from docreconcile.model import FAIL_ON, Location, describe_location
from docreconcile.report import counted, hint_sentence
from docreconcile.report.github import escape_data, escape_property
from docreconcile.report.junit import xml_text
from docreconcile.report.markdown import escape as markdown_escape

Record = Mapping[str, Any]
"""One pair's JSONL record (`batch.PairResult.as_dict`)."""

_LEVEL = {"substantive": "error", "minor": "warning"}


def render_junit(records: Sequence[Record], fail_on: str) -> str:
    """One JUnit test case per pair: failed when its status is `different`, an error
    when it could not be compared."""
    counts = (
        len(records),
        sum(record["status"] == "different" for record in records),
        sum(record["status"] == "error" for record in records),
    )
    return "".join(junit_chunks(records, fail_on, counts))


def junit_chunks(
    records: Iterable[Record], fail_on: str, counts: tuple[int, int, int]
) -> Iterator[str]:
    """`render_junit`'s text piece by piece, one test case at a time, from records read
    one at a time: a batch of any size is written without holding its reports. `counts`
    are the pairs, the failed ones and the broken ones (the suite's head says them)."""
    tests, failures, errors = counts
    suites = ElementTree.Element("testsuites", name="docreconcile")
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="docreconcile batch",
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
    )
    head = ElementTree.tostring(suites, encoding="unicode").split("<testsuite ")[0]
    suite_tag = ElementTree.tostring(suite, encoding="unicode")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    if not tests:
        ElementTree.indent(suites)
        yield ElementTree.tostring(suites, encoding="unicode") + "\n"
        return
    yield head + "\n  " + suite_tag.removesuffix(" />") + ">\n"
    for record in records:
        case = _junit_case(record, fail_on)
        ElementTree.indent(case, level=2)
        yield "    " + ElementTree.tostring(case, encoding="unicode") + "\n"
    yield "  </testsuite>\n</testsuites>\n"


def _junit_case(record: Record, fail_on: str) -> ElementTree.Element:
    """One pair's test case."""
    case = ElementTree.Element("testcase", classname="docreconcile", name=xml_text(record["pair"]))
    if record["status"] == "error":
        error = ElementTree.SubElement(case, "error", message=xml_text(record["error"]))
        error.text = xml_text(f"{record['a']} ↔ {record['b']}")
    elif record["status"] == "different":
        failing = [line for line in _difference_lines(record) if line[0] in _gate(fail_on)]
        failure = ElementTree.SubElement(
            case,
            "failure",
            type=failing[0][0] if failing else "substantive",
            message=f"differences at or above '{fail_on}'",
        )
        failure.text = xml_text("\n".join(text for _, text in failing))
    output = ElementTree.SubElement(case, "system-out")
    summary = record["summary"]
    output.text = xml_text(
        f"{record['a']} ↔ {record['b']}: substantive {summary['substantive']}, "
        f"minor {summary['minor']}, layout {summary['layout']}"
    )
    return case


def render_github(records: Sequence[Record], fail_on: str) -> str:
    """GitHub workflow commands: each pair's annotations, an error per broken pair."""
    return "".join(github_lines(records))


def github_lines(records: Iterable[Record]) -> Iterator[str]:
    """`render_github`'s lines (each ending in a newline), from records read one at a
    time."""
    for record in records:
        if record["status"] == "error":
            yield (
                f"::error file={escape_property(record['a'])},"
                f"title={escape_property('docreconcile: ' + record['pair'])}::"
                f"{escape_data(record['error'])}\n"
            )
            continue
        report = record.get("report") or {}
        for difference in report.get("differences", []):
            level = _LEVEL.get(difference["severity"])
            if level is None or difference["accepted"]:
                continue
            yield _annotation(record, difference, level) + "\n"


def render_markdown(
    records: Sequence[Record], fail_on: str, link: Callable[[Record], str | None]
) -> str:
    """An index table of all pairs, worst first in no way: in the batch's order."""
    failing = sum(record["status"] != "same" for record in records)
    icon = "❌" if failing else "✅"
    heads = (_("pair"), _("substantive"), _("minor"), _("status"), _("report"))
    lines = [
        f"### {icon} {_title(records)}",
        "",
        f"| {' | '.join(heads)} |",
        "|---|---:|---:|---|---|",
    ]
    report_word = _("report")
    for record in records:
        target = link(record)
        report = f"[{report_word}]({_md_link(target)})" if target else ""
        summary = record["summary"]
        counts = (
            ("–", "–")
            if record["status"] == "error"
            else (str(summary["substantive"]), str(summary["minor"]))
        )
        status = status_label(record["status"]) + (
            f": {record['error']}" if record["error"] else ""
        )
        lines.append(
            f"| {_md(record['pair'])} | {counts[0]} | {counts[1]} | {_md(status)} | {report} |"
        )
    return "\n".join(lines) + "\n"


def render_html(
    records: Sequence[Record], fail_on: str, link: Callable[[Record], str | None]
) -> str:
    """The index as one self-contained page; every text escaped."""
    rows = []
    for record in records:
        target = link(record)
        name = html.escape(record["pair"])
        cell = f'<a href="{html.escape(target, quote=True)}">{name}</a>' if target else name
        summary = record["summary"]
        error = record["status"] == "error"
        rows.append(
            f'<tr class="{html.escape(record["status"])}"><td>{cell}</td>'
            f"<td>{'–' if error else summary['substantive']}</td>"
            f"<td>{'–' if error else summary['minor']}</td>"
            f"<td>{html.escape(status_label(record['status']))}"
            f"{': ' + html.escape(record['error']) if error else ''}</td></tr>"
        )
    heads = "".join(
        f"<th>{html.escape(head)}</th>"
        for head in (_("pair"), _("substantive"), _("minor"), _("status"))
    )
    return _PAGE.format(
        lang=i18n.current(), title=html.escape(_title(records)), heads=heads, rows="\n".join(rows)
    )


_STATUSES = {"same": N_("same"), "different": N_("different"), "error": N_("error")}


def status_label(status: str) -> str:
    """A pair's status as a person reads it (the records keep `same`, `different`,
    `error`)."""
    return _(_STATUSES.get(status, status))


def _title(records: Sequence[Record]) -> str:
    """`docreconcile batch: 3 pairs, 1 different, 0 in error`, in the language in use."""
    return "docreconcile batch: " + _("{pairs}, {different} different, {errors} in error").format(
        pairs=counted(len(records), "pair"),
        different=_count(records, "different"),
        errors=_count(records, "error"),
    )


_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5rem; }}
table {{ border-collapse: collapse; }}
td, th {{ padding: .3rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }}
td:nth-child(2), td:nth-child(3) {{ text-align: right; }}
tr.different td:nth-child(4) {{ color: #b00020; font-weight: bold; }}
tr.error td:nth-child(4) {{ color: #8a5300; font-weight: bold; }}
tr.same td:nth-child(4) {{ color: #1b7a1b; }}
</style>
</head>
<body>
<h1>{title}</h1>
<table>
<thead><tr>{heads}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def _gate(fail_on: str) -> tuple[str, ...]:
    """The severities a `--fail-on` level fails on, as the records spell them."""
    return tuple(severity.value for severity in FAIL_ON[fail_on])


def _difference_lines(record: Record) -> list[tuple[str, str]]:
    """(severity, one line) for each difference of a pair not accepted by a baseline."""
    report = record.get("report") or {}
    return [
        (
            d["severity"],
            f"#{d['id']} {d['severity']} {d['category']}: {d['a']!r} -> {d['b']!r} "
            f"(A {_where(d['a_location'])}, B {_where(d['b_location'])})",
        )
        for d in report.get("differences", [])
        if not d["accepted"]
    ]


def _annotation(record: Record, difference: Mapping[str, Any], level: str) -> str:
    """An annotation on the text side's line where there is one (GitHub places them on
    lines of files in the repository)."""
    report = record["report"]
    properties = [f"file={escape_property(record['a'])}"]
    for side in ("a", "b"):
        location = difference[f"{side}_location"]
        if report[side]["format"] == "text" and location is not None:
            properties = [f"file={escape_property(record[side])}", f"line={location['line']}"]
            break
    title = f"docreconcile: {record['pair']}: {difference['category']}"
    properties.append(f"title={escape_property(title)}")
    message = (
        f"{difference['a']!r} → {difference['b']!r} "
        f"(A {_where(difference['a_location'])}, B {_where(difference['b_location'])})"
    )
    hint = hint_sentence(difference.get("hint"), difference["a"], difference["b"])
    if hint is not None:  # as the single pair's annotation has it
        message += f"; {hint}"
    return f"::{level} {','.join(properties)}::{escape_data(message)}"


def _where(location: Mapping[str, Any] | None) -> str:
    """A record's location as every reporter writes it (`describe_location`)."""
    return describe_location(Location(**location) if location is not None else None)


def _count(records: Sequence[Record], status: str) -> int:
    return sum(record["status"] == status for record in records)


def _md(text: str) -> str:
    r"""Table cell text, inert: a pair's name or an error shown as written, never as a
    link, an image or HTML (the GitHub Action writes this index to the step summary).

    >>> _md("![x](https://e.example/p.png) <img src=x> a|b")
    '\\!\\[x\\]\\(https://e.example/p.png\\) &lt;img src=x&gt; a\\|b'
    """
    return markdown_escape(text)


def _md_link(target: str) -> str:
    return target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
