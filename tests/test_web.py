"""HTML and Markdown inputs (extract/web.py), and every format of the fixture against its
text: the two known differences, whatever the pair of formats."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from docreconcile.extract import extract
from docreconcile.extract.markdown import read_markdown
from docreconcile.extract.web import read_html
from docreconcile.model import Severity
from docreconcile.pipeline import Options, compare
from tests.conftest import PDF_VERSION, TEXT_VERSION

OFFICE = Path(__file__).resolve().parent / "office"
B_VERSIONS = [
    PDF_VERSION,
    *(OFFICE / f"fixture-b.{suffix}" for suffix in ("docx", "odt", "html", "md")),
]
"""The fixture's second version (its PDF's words) in every format docreconcile reads."""


def substantive(a: Path, b: Path) -> list[tuple[str, str]]:
    report = compare(a, b, Options())
    return sorted((d.a, d.b) for d in report.differences if d.severity is Severity.SUBSTANTIVE)


@pytest.mark.parametrize("b", B_VERSIONS, ids=lambda path: path.suffix)
def test_the_text_against_every_format_gives_exactly_the_two_differences(b: Path) -> None:
    assert substantive(TEXT_VERSION, b) == [("Ardan", "Ardalan"), ("genomlysna", "genomlysa")]


@pytest.mark.parametrize(
    ("a", "b"),
    list(itertools.combinations(B_VERSIONS, 2)),
    ids=lambda path: path.suffix,
)
def test_any_two_formats_of_one_version_have_no_substantive_difference(a: Path, b: Path) -> None:
    assert substantive(a, b) == []


def test_list_numbers_are_text_and_bullets_are_not(tmp_path: Path) -> None:
    """`1. Omsorgskontorets förslag tillstyrks.` is decision 1 whether the number was typed
    or an ordered list made it; a bullet is layout."""
    page = read_html(
        Path("x.html"),
        b"<!DOCTYPE html><html><body><ol start=3>\n<li>Tre</li>\n<li>Fyra</li></ol>"
        b"<ul><li>punkt</li></ul></body></html>",
    )
    assert [(line.text, line.location.line) for line in page.lines if line.text] == [
        ("3. Tre", 2),
        ("4. Fyra", 3),
        ("punkt", 3),
    ]
    notes = read_markdown(Path("x.md"), "1. Ett\n2. Två\n\n- punkt\n".encode())
    assert [line.text for line in notes.lines if line.text] == ["1. Ett", "2. Två", "punkt"]


def test_markdown_markup_is_layout_and_locations_are_source_lines(tmp_path: Path) -> None:
    """`**2025-04-04**`, a link, `#` headings and `&amp;` are markup: the text reads as
    the memo's. An edit in the text points at the Markdown file's own line."""
    source = (OFFICE / "memo05.md").read_text(encoding="utf-8")
    assert "**2025-04-04**" in source and "](https://" in source and "&amp;" in source
    edited = tmp_path / "memo05.txt"
    edited.write_text(
        (OFFICE / "memo05.txt")
        .read_text(encoding="utf-8")
        .replace("Tjugoen ansökningar", "Tjugoett ansökningar"),
        encoding="utf-8",
    )
    report = compare(OFFICE / "memo05.md", edited, Options())
    [difference] = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith("Tjugoen"))
    assert difference.a_location is not None and difference.a_location.line == line


def test_a_web_pages_scripts_styles_navigation_and_site_links_are_no_text(tmp_path: Path) -> None:
    page = tmp_path / "sida.html"
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>Kungsbacka</title><style>p{}</style></head>\n"
        "<body><nav><a href=/>Start</a> Om oss</nav><header><a href=/>Kungsbacka</a></header>\n"
        "<main><h1>Beslut</h1>\n<p>Nämnden beslutar &amp; <b>godkänner</b>\n"
        "förslaget.</p><script>var x = 'inte text';</script></main>\n"
        "<footer><a href=/kontakt>Kontakt</a> | <a href=/kakor>Kakor</a></footer></body></html>\n",
        encoding="utf-8",
    )
    document = extract(page)
    assert [(line.text, line.location.line) for line in document.lines if line.text] == [
        ("Beslut", 4),
        ("Nämnden beslutar & godkänner förslaget.", 5),
    ]


def test_a_footer_of_prose_is_the_documents_own_and_stays(tmp_path: Path) -> None:
    """A page's footer of links is the site's; an imprint or a signature in a footer (or
    a header that is the document's title) is text the PDF prints too: when in doubt,
    keep it and let the comparison show it."""
    page = tmp_path / "sfs.html"
    page.write_text(
        "<!DOCTYPE html>\n<html><body>\n<article><header><h1>Lag (2024:1)</h1></header>\n"
        "<p>1 § Denna lag gäller.</p>\n"
        "<footer>Utfärdad den 4 januari 2024. <a href=/sfs>Svensk författningssamling</a>"
        " ges ut av Regeringskansliet.</footer></article>\n"
        "<footer role=contentinfo><a href=/om>Om webbplatsen</a></footer></body></html>\n",
        encoding="utf-8",
    )
    texts = [line.text for line in extract(page).lines if line.text]
    assert texts == [
        "Lag (2024:1)",
        "1 § Denna lag gäller.",
        "Utfärdad den 4 januari 2024. Svensk författningssamling ges ut av Regeringskansliet.",
    ]


PUBLISHER = Path(__file__).resolve().parent / "publisher"


def test_a_real_pages_site_is_left_out_and_its_document_kept() -> None:
    """regeringen.se's page for dir. 2017:29: the skip link, the column hidden from print
    (`no-print`: the legislative chain), the share buttons and the page's categories
    (lists of links), the hidden word-explanation form are the site's; the directive's
    summary and list are the document's."""
    texts = [line.text for line in extract(PUBLISHER / "dir-2017-29.html").lines if line.text]
    for site in ("Hoppa till huvudinnehåll", "Lagstiftningskedjan", "Dela", "Relaterat", "Av"):
        assert site not in texts
    assert not any("uppmärkt med följande kategorier" in text for text in texts)
    assert "Utvidgning av och förlängd tid för uppdraget" in texts
    assert "lämna de författningsförslag som behövs." in texts


def test_a_document_pasted_as_plain_text_is_read_in_its_paragraphs() -> None:
    """Regeringskansliets rättsdatabaser shows a bill as plain text in a `<div>`, laid
    out by a stylesheet the page does not carry: its blank lines part the paragraphs,
    each placed at its own source line, and the reader says it guessed so."""
    document = extract(PUBLISHER / "prop-2012-13-144.html")
    lines = [(line.text, line.location.line) for line in document.lines if line.text]
    source = (PUBLISHER / "prop-2012-13-144.html").read_text(encoding="utf-8").split("\n")
    texts = [text for text, _ in lines]
    for paragraph in (
        "Regeringen överlämnar denna proposition till riksdagen.",
        "Stockholm den 18 april 2013",
    ):
        line = dict(lines)[paragraph]
        assert source[line - 1].strip() == paragraph
    assert (
        texts.index("Stockholm den 18 april 2013")
        == texts.index("Regeringen överlämnar denna proposition till riksdagen.") + 1
    )
    assert any("laid out by blank lines" in warning for warning in document.warnings)
