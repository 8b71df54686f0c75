"""The evidence that an edge line is page furniture (`normalize.recurrence`)."""

from __future__ import annotations

from docreconcile.model import Line, Location
from docreconcile.normalize.recurrence import _evidence, _zones


def pages(*texts_of_pages: list[str]) -> list[Line]:
    """Lines of a paged text, numbered through, one list of texts a page."""
    lines: list[Line] = []
    for page, texts in enumerate(texts_of_pages, start=1):
        for text in texts:
            lines.append(Line(text=text, location=Location(line=len(lines) + 1), page_index=page))
    return lines


def evidence_of(lines: list[Line]) -> tuple[dict[tuple[str, str], int], set[str]]:
    by_page: dict[int, list[int]] = {}
    for position, line in enumerate(lines):
        if line.text.strip():
            by_page.setdefault(line.page_index, []).append(position)
    zones = [zone for positions in by_page.values() for zone in _zones(lines, positions)]
    found = _evidence(lines, zones, list(by_page))
    return found.recurring, found.in_body


def test_a_header_set_apart_on_every_page_recurs_with_its_page_number_masked() -> None:
    """`Sida 1 av 3` on every page is one key once its number is masked; a header set
    apart by a blank line recurs at the top, on all three pages."""
    lines = pages(
        *[
            ["KUNGSBACKA KOMMUN", "", f"Brödtext {n} om ärendet.", "", f"Sida {n} av 3"]
            for n in (1, 2, 3)
        ]
    )
    recurring, in_body = evidence_of(lines)
    assert {edge for edge, _ in recurring} == {"top", "bottom"}
    assert max(count for (edge, _), count in recurring.items() if edge == "top") == 3
    assert in_body == set()


def test_a_line_the_body_holds_too_is_content() -> None:
    """A recurring edge line that a page's body also holds (a table's repeated row) is
    in the body's keys: content, not furniture."""
    row = "Summa kostnader 2 450 000"
    body = [f"Brödtext rad {n} om ärendet." for n in range(10)]
    lines = pages(
        [row, "", *body],
        [row, "", *body[:5], row, *body[5:]],  # the row again mid-page, in the body
        [row, "", *body],
    )
    recurring, in_body = evidence_of(lines)
    assert any(key in in_body for _, key in recurring)


def test_body_lines_that_open_two_pages_alike_at_different_depths_do_not_recur() -> None:
    """A line on only two pages must stand at one depth from the edge on both."""
    lines = pages(
        ["Inledning", "", "Andreas bakgrund", "Text ett.", "Text två.", "Text tre.", "Slut ett."],
        ["Andreas bakgrund", "", "Text fyra.", "Text fem.", "Text sex.", "Text sju.", "Slut två."],
        ["Text åtta.", "Text nio.", "Text tio.", "Text elva.", "Text tolv.", "Slut tre."],
        ["Text 13.", "Text 14.", "Text 15.", "Text 16.", "Text 17.", "Slut fyra."],
    )
    recurring, _ = evidence_of(lines)
    assert not [key for key in recurring if "andreas" in key[1]]
