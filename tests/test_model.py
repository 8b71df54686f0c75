"""The data between stages: source maps, fingerprints that survive re-layout, the one gate."""

from __future__ import annotations

from dataclasses import replace

from docreconcile import compare
from docreconcile.model import Category, Location, Paragraph, Report, Severity, Span
from tests.conftest import TEXT_VERSION


def test_every_category_has_a_severity_and_the_relocations_are_known() -> None:
    assert {category.severity for category in Category} == set(Severity)
    assert {c for c in Category if c.is_relocation} == {Category.MOVED, Category.READING_ORDER}


def test_a_paragraph_maps_each_offset_back_to_its_line() -> None:
    text = "Ärende som fortsätter"
    spans = (Span(0, 10, Location(line=3, page=2)), Span(11, len(text), Location(4, 2)))
    paragraph = Paragraph(0, text, spans)
    assert paragraph.location_at(0) == Location(3, 2)
    assert paragraph.location_at(10) == Location(3, 2)  # the joining space: the line before
    assert paragraph.location_at(12) == Location(4, 2)
    assert paragraph.first_location.describe() == "p. 2, line 3"


def test_a_fingerprint_ignores_the_place_and_the_line_breaks(report: Report) -> None:
    """A baseline must survive re-layout: the same difference on another page, its
    sentence wrapped otherwise, is the same difference."""
    difference = report.differences[0]
    moved = replace(
        difference,
        id=99,
        a_location=Location(line=1),
        b_location=Location(line=1, page=9),
        a_context=difference.a_context.replace(" ", "\n", 2),
    )
    assert moved.fingerprint == difference.fingerprint
    assert replace(difference, b="Ardalan2").fingerprint != difference.fingerprint


def test_the_gate_follows_the_fail_on_level_and_the_baseline(report: Report) -> None:
    assert [d.category for d in report.failing()] == [Category.SPELLING, Category.SPELLING]
    assert report.fails("substantive") and report.fails("minor") and not report.fails("never")
    accepted = replace(report, accepted=frozenset(d.id for d in report.failing()))
    assert not accepted.fails("substantive")
    assert accepted.new_count(Severity.SUBSTANTIVE) == 0
    assert accepted.count(Severity.SUBSTANTIVE) == 2


def test_the_same_file_twice_fails_at_no_level() -> None:
    same = compare(TEXT_VERSION, TEXT_VERSION)
    assert same.differences == ()
    assert not same.fails("minor")


def test_a_difference_numbered_anew_is_replace_with_its_id(report: Report) -> None:
    """`numbered` copies every field but the id, whatever fields a difference has."""
    assert len(report.differences) > 10
    for difference in report.differences:
        again = difference.numbered(difference.id + 100)
        assert again == replace(difference, id=difference.id + 100)
        assert again.fingerprint == difference.fingerprint
