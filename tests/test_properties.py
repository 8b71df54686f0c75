"""Properties that must hold for any text: layout-only changes are never substantive,
and one changed word is exactly one substantive difference, located in both inputs."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docreconcile import Category, Severity, compare_documents
from docreconcile.extract.text import extract_text
from tests.conftest import TEXT_VERSION

# Real Swedish words from the fixture, letters only, so generated text looks like ours.
VOCABULARY = sorted(
    {
        word
        for word in re.findall(r"[^\W\d_]+", TEXT_VERSION.read_text(encoding="utf-8"))
        if len(word) > 1
    }
)
LONG_WORDS = [word for word in VOCABULARY if len(word) >= 10]

words = st.sampled_from(VOCABULARY)
sentences = st.lists(words, min_size=6, max_size=16, unique=True).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=3).map(" ".join)
documents = st.lists(paragraphs, min_size=1, max_size=6, unique=True)

# derandomize: CI runs the same examples every time (a failure found by chance is kept
# below as an explicit case instead of making CI red at random).
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def as_text_file(paragraph_list: list[str]) -> str:
    """The plain-text version: one paragraph per line, blank lines between."""
    return "\n\n".join(paragraph_list) + "\n"


def layout_version(paragraph_list: list[str], width: int, hyphenate: bool, page_lines: int) -> str:
    """The same text as a paged PDF would give it: wrapped, hyphenated, headers, page numbers.

    At least two pages: a running header can only be recognised by recurring (on a single
    page it is indistinguishable from a heading, and is rightly reported).
    """
    lines: list[str] = []
    for paragraph in paragraph_list:
        wrapped = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        if hyphenate:
            wrapped = hyphenate_line_ends(wrapped)
        lines.extend(wrapped)
        lines.append("")
    page_lines = max(1, min(page_lines, (len(lines) + 1) // 2))
    pages = [lines[start : start + page_lines] for start in range(0, len(lines), page_lines)]
    total = len(pages)
    rendered = [
        "\n".join(["LINKÖPINGS KOMMUN", "", *page, "", f"Sida {number} av {total}"])
        for number, page in enumerate(pages, start=1)
    ]
    return "\n\f".join(rendered) + "\n"


def hyphenate_line_ends(lines: list[str]) -> list[str]:
    """Break the first long word of each next line, carrying its head to this line's end."""
    result = list(lines)
    for index in range(len(result) - 1):
        following = result[index + 1].split(" ")
        head_word = following[0]
        if len(head_word) >= 8 and head_word.isalpha():
            cut = len(head_word) // 2
            result[index] = f"{result[index]} {head_word[:cut]}-"
            result[index + 1] = " ".join([head_word[cut:], *following[1:]])
    return result


def compare_texts(a: str, b: str):  # type: ignore[no-untyped-def]
    return compare_documents(
        extract_text(Path("a.txt"), a.encode("utf-8")),
        extract_text(Path("b.txt"), b.encode("utf-8")),
    )


@SETTINGS
@given(documents)
def test_any_text_compared_with_itself_has_no_difference(paragraph_list: list[str]) -> None:
    text = as_text_file(paragraph_list)
    assert compare_texts(text, text).differences == ()


_OPENING = "Andreas ardan ardenfors bakgrund beslutet beslutsunderlag"


@SETTINGS
@given(documents, st.integers(30, 90), st.booleans(), st.integers(6, 30))
# Found by hypothesis: pages that close alike on a word broken by a hyphen (`bakg-`), and
# open alike on the rest of it (`underlag borg.`), are body text, not header or footer.
@example(
    [f"{_OPENING}.", f"{_OPENING} borg civildepartementet demirok dessutom.", f"{_OPENING} borg."],
    30,
    True,
    6,
)
@example([f"{_OPENING}.", f"{_OPENING} borg.", f"{_OPENING}. {_OPENING} borg."], 30, True, 6)
def test_layout_only_changes_are_never_substantive(
    paragraph_list: list[str], width: int, hyphenate: bool, page_lines: int
) -> None:
    original = as_text_file(paragraph_list)
    relaid = layout_version(paragraph_list, width, hyphenate, page_lines)
    report = compare_texts(original, relaid)
    substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert substantive == []


@SETTINGS
@given(documents, st.data(), st.integers(30, 90), st.integers(6, 30))
def test_one_changed_word_is_exactly_one_substantive_difference(
    paragraph_list: list[str], data: st.DataObject, width: int, page_lines: int
) -> None:
    target = data.draw(st.integers(0, len(paragraph_list) - 1), label="paragraph")
    paragraph_words = paragraph_list[target].split(" ")
    position = data.draw(st.integers(0, len(paragraph_words) - 1), label="word")
    old = paragraph_words[position]
    core = old.rstrip(".")
    new_core = "Xq" + core[::-1].lower()
    paragraph_words[position] = new_core + old[len(core) :]
    changed = [*paragraph_list]
    changed[target] = " ".join(paragraph_words)

    original = as_text_file(paragraph_list)
    relaid = layout_version(changed, width, hyphenate=False, page_lines=page_lines)
    report = compare_texts(original, relaid)
    substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert len(substantive) == 1, [(d.category, d.a, d.b) for d in substantive]
    (difference,) = substantive
    assert difference.a == core and difference.b == new_core
    # The reported locations hold the reported text, on both sides.
    assert difference.a_location is not None and difference.b_location is not None
    assert core in original.splitlines()[difference.a_location.line - 1]
    assert new_core in relaid.replace("\f", "").splitlines()[difference.b_location.line - 1]


def test_body_lines_recurring_at_page_edges_are_not_furniture() -> None:
    """Found by hypothesis: three paragraphs opening with the same words, paged six lines
    a page, put those words at the foot of two pages."""
    paragraph_list = [
        "Andreas ardan ardenfors bakgrund beslutet beslutsunderlag.",
        "Andreas ardan ardenfors bakgrund beslutet beslutsunderlag borg civildepartementet"
        " demirok dessutom.",
        "Andreas ardan ardenfors bakgrund beslutet beslutsunderlag borg.",
    ]
    relaid = layout_version(paragraph_list, 30, False, 6)
    report = compare_texts(as_text_file(paragraph_list), relaid)
    assert [d for d in report.differences if d.severity is Severity.SUBSTANTIVE] == []
    # B alone takes them for a footer (two pages open alike, the lines set apart); A has
    # them in its body, so both hold them and nothing is reported about them at all.
    furniture = [
        (d.a, d.b)
        for d in report.differences
        if d.category is Category.HEADER_FOOTER and "Andreas" in d.a + d.b
    ]
    assert furniture == []
