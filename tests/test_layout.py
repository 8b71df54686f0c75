"""Reading order on a PDF page: justified fragments rejoined, columns kept apart."""

from __future__ import annotations

from pathlib import Path

from docreconcile.extract import extract
from docreconcile.extract.layout import Fragment, merge_fragments
from docreconcile.extract.regions import Region, reading_order


def line(text: str, x0: float, x1: float, y: float, block: int = 1) -> Fragment:
    return Fragment(text, x0, y, x1, y + 10, block)


def justified_column(x0: float, x1: float, top: float, rows: int, block: int) -> list[Fragment]:
    return [line("ord " * 10, x0, x1, top - 14 * row, block) for row in range(rows)]


def test_pieces_of_a_justified_line_are_rejoined_in_order() -> None:
    body = justified_column(77, 518, 700, 4, block=1)
    pieces = [
        line("tillskrivit", 473, 518, 614, block=3),
        line("1. Motionen besvaras med hänvisning", 77, 328, 614, block=1),
        line("till att kommunen", 340, 461, 614, block=2),
    ]
    texts = [f.text for f in merge_fragments(body + pieces) if f.y0 == 614]
    assert texts == ["1. Motionen besvaras med hänvisning till att kommunen tillskrivit"]


def test_two_justified_columns_stay_apart_across_a_narrow_gutter() -> None:
    left = justified_column(56, 280, 700, 5, block=1)
    right = justified_column(304, 540, 700, 5, block=2)
    merged = merge_fragments(left + right)
    assert len(merged) == 10
    assert {f.block for f in merged if f.x0 == 304} == {2}


def test_signatures_side_by_side_are_not_one_line() -> None:
    body = justified_column(77, 518, 700, 4, block=1)
    signatures = [
        line("Kommunledningsförvaltningen", 77, 238, 470, block=2),
        line("Omsorgskontoret", 304, 395, 470, block=3),
    ]
    texts = sorted(f.text for f in merge_fragments(body + signatures) if f.y0 == 470)
    assert texts == ["Kommunledningsförvaltningen", "Omsorgskontoret"]


def test_wide_justified_spaces_in_a_narrow_column_are_rejoined() -> None:
    column = justified_column(62, 280, 500, 4, block=1)
    pieces = [
        line("3.", 62, 76, 316, block=2),
        line("Identifiera", 118, 178, 316, block=3),
        line("potentiella", 221, 280, 316, block=4),
    ]
    texts = [f.text for f in merge_fragments(column + pieces) if f.y0 == 316]
    assert texts == ["3. Identifiera potentiella"]


def test_reading_order_reads_header_then_columns_then_footer() -> None:
    header = Region(460, 805, 550, 815, block=9)
    left = [Region(56, 500, 280, 780, 1), Region(56, 100, 280, 480, 2)]
    right = [Region(304, 520, 540, 780, 3), Region(304, 100, 540, 500, 4)]
    footer = Region(280, 30, 320, 40, block=10)
    order = reading_order([footer, right[1], left[1], header, right[0], left[0]])
    assert order == [9, 1, 2, 3, 4, 10]


def test_single_column_reads_top_to_bottom() -> None:
    paragraphs = [Region(77, 700 - 60 * n, 518, 750 - 60 * n, n) for n in range(5)]
    assert reading_order(list(reversed(paragraphs))) == [0, 1, 2, 3, 4]


def test_a_justified_line_of_few_words_is_one_line_however_wide_its_spaces() -> None:
    body = justified_column(77, 518, 700, 4, block=1)
    pieces = [
        line("socialdepartementet", 77, 180, 400, block=2),
        line("(barn-", 270, 302, 400, block=3),
        line("äldre", 395, 425, 400, block=4),
        line("och", 500, 518, 400, block=5),
    ]
    texts = [f.text for f in merge_fragments(body + pieces) if f.y0 == 400]
    assert texts == ["socialdepartementet (barn- äldre och"]


REALWORLD = Path(__file__).resolve().parent / "realworld"


def _page_texts(name: str, page: int, units: bool = False) -> list[str]:
    """A page's lines; a wide gap kept inside a line (a tab: `glyphs.GAP`) as a space,
    or kept (`units`)."""
    document = extract(REALWORLD / f"{name}.pdf", jobs=1)
    texts = [line.text for line in document.lines if line.location.page == page]
    return texts if units else [text.replace("\t", " ") for text in texts]


def test_a_line_cut_after_a_short_word_near_an_indent_is_one_line_again() -> None:
    """dir-2016-15 p. 13: pdfminer cuts `i` from `förhållande till kravet …`, whose start
    lies near the paragraph indent (a left edge many lines share). An indent is no column:
    the line is joined again and read in its place, before `myndighetens`."""
    lines = _page_texts("dir-2016-15", 13)
    joined = next(i for i, text in enumerate(lines) if text.startswith("i förhållande till"))
    assert lines[joined + 1].startswith("myndighetens medlemmar")
    assert "i" not in lines


def test_a_gutter_before_the_next_columns_indent_is_not_a_word_space() -> None:
    """Federal Register p. 4: a first column's line and the next column's indented first
    line sit on one baseline 16.7 pt apart; they stay two lines in their own columns."""
    lines = _page_texts("federal_register", 4)
    assert "trimming the stabilizer for pitch control," in lines
    assert not any("control, The final" in text for text in lines)


def test_a_justified_line_ending_in_a_hyphen_short_of_the_edge_is_one_line() -> None:
    """dir-2016-15 p. 21: `utanför` and `tryckfrihetsförordningens och yttrandefrihets-`
    are one justified line 3 character widths apart; its hyphen stops 2.6 pt short of the
    column's edge, which still makes it a line stretched to the edge."""
    lines = _page_texts("dir-2016-15", 21)
    assert "utanför tryckfrihetsförordningens och yttrandefrihets-" in lines


def test_two_columns_lines_joined_by_pdfminer_across_a_narrow_gutter_come_apart() -> None:
    """IRS 1040-NR p. 2: a middle column's line and the right column's line on its baseline
    are 13 pt apart, closer than pdfminer's `char_margin`; it made them one line and put
    the two columns into one box, read interleaved. Cut at the gutter, each line is read
    in its column: the right column's piece after the line above it there."""
    lines = _page_texts("irs_i1040nr", 2)
    assert "information on receiving IRS assistance" in lines
    right = lines.index("United States from a residence in")
    assert lines[right - 1] == "• Days you commute to work in the"
    assert lines[right + 1] == "Canada or Mexico if you regularly"
    middle = lines.index("information on receiving IRS assistance")
    assert lines[middle + 1] == "in completing the forms)."


def test_a_list_number_before_a_gap_stays_with_its_item() -> None:
    """IRS 1040-NR p. 28: a worksheet's `9.` stands a gap before its text; a number is no
    column's line, so the line is not cut there."""
    lines = _page_texts("irs_i1040nr", 28)
    assert any(text.startswith("9. Enter the smaller of line 4 or line 8") for text in lines)
    # ... and its own number at the line's end, after the dot leaders and a gap, is a
    # line of its own, as poppler writes it (a gap of three widths after a piece of
    # more words than the reader cuts after is no justified line's space)
    entry = next(text for text in lines if text.startswith("9. Enter the smaller"))
    assert entry.rstrip(" .").endswith("line 8") and "9." in lines


def test_a_footers_fields_are_units_of_their_own() -> None:
    """The Federal Register's printing slug at each page's foot is one line of fields a
    gap apart, which poppler writes as lines of their own: each is a unit (a tab)."""
    units = _page_texts("federal_register", 2, units=True)
    (slug,) = [text for text in units if text.startswith("VerDate")]
    assert slug.split("\t")[:5] == [
        "VerDate Sep<11>2014",
        "16:21 Aug 05, 2020",
        "Jkt 250001",
        "PO 00000",
        "Frm 00002",
    ]


def test_a_justified_space_never_runs_past_another_columns_start() -> None:
    """IRS 1040-NR p. 48, a four-column index: the letter `E` of the first column and the
    entry `lotteries` of the fourth share a baseline, with nothing between. A justified
    line may stretch its spaces widely, but not across where other columns start."""
    lines = _page_texts("irs_i1040nr", 48)
    assert "E" in lines
    assert any(text.startswith("lotteries . .") for text in lines)
    assert not any(text.startswith("E lotteries") for text in lines)


def test_a_stacked_fractions_denominator_is_read_after_its_line() -> None:
    """IRS 1040-NR p. 25: `enter “XXX – ” or “XXX XX/100”).` sets `XX` over `100”).` at
    the line's end; the denominator starts under the numerator, inside the line's box, in
    another layout box. It is read after the line, as poppler does, not as a box of its
    own after the column (which cut the sentence from its end)."""
    lines = _page_texts("irs_i1040nr", 25)
    line = next(text for text in lines if text.startswith("enter “XXX – ”"))
    assert line.endswith("XX 100”).")
    assert "100”)." not in lines
    following = lines[lines.index(line) + 1]
    assert following.startswith("To pay by credit card.")
