"""Units: a PDF's lines and cells a reader may take in another order are kept whole by
the word diff, and a stretch that is such units in another order is the reader's order,
nothing else. Unit rules on built paragraphs (each free line a `Span`), a property over
permutations and swaps, and the real tables they were made for."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from docreconcile import Category, Severity, compare_documents
from docreconcile.diff import diff
from docreconcile.extract import extract
from docreconcile.extract.text import extract_text
from docreconcile.model import Change, Location, Pair, PairKind, Paragraph, Span, Token
from docreconcile.units import token_units
from tests.test_properties import SETTINGS

REALWORLD = Path(__file__).resolve().parent / "realworld"


def pdf_paragraph(units: list[str], free: bool = True) -> Paragraph:
    """One paragraph of a PDF's page whose lines (or cells) are `units`."""
    spans, start = [], 0
    for line, text in enumerate(units, start=1):
        spans.append(Span(start, start + len(text), Location(line, 1), free=free))
        start += len(text) + 1
    return Paragraph(0, " ".join(units), tuple(spans))


def text_paragraph(text: str) -> Paragraph:
    return Paragraph(0, text, (Span(0, len(text), Location(1)),))


def changes_of(a_text: str, b_units: list[str], free: bool = True) -> list[Change]:
    pair = Pair(PairKind.MATCHED, (0,), (0,))
    return diff([pair], [text_paragraph(a_text)], [pdf_paragraph(b_units, free)])


def words(tokens: tuple[Token, ...]) -> str:
    return " ".join(token.text for token in tokens)


IRS_TABLE = [
    "Your 5-year",
    "average annual",
    "net income tax",
    "was more",
    "than ...",
    "Your net",
    "worth",
    "equaled or",
    "exceeded ...",
    "OR",
]
"""The IRS instructions' table of expatriation thresholds (p. 7) as we read it: the
first column's lines, the second's, then `OR` between them."""

IRS_BY_ROWS = (
    "Your 5-year Your net average annual worth net income tax OR equaled or was more "
    "exceeded ... than ..."
)
"""The same table as poppler reads it: the three columns' lines by their baselines."""


def test_a_table_read_by_rows_against_its_columns_is_one_reading_order_change() -> None:
    changes = changes_of(IRS_BY_ROWS, IRS_TABLE)
    assert [change.relocated for change in changes] == [Category.READING_ORDER]
    # the first line stands first on both sides: the stretch is the rest, whole cells
    squeezed = "".join(IRS_BY_ROWS.removeprefix("Your 5-year").split())
    assert "".join(words(changes[0].a_tokens).split()) == squeezed
    assert "".join(words(changes[0].b_tokens).split()) == "".join("".join(IRS_TABLE[1:]).split())


def test_lines_with_one_reading_order_in_another_order_are_an_edit() -> None:
    """The same permutation of a column of body lines (not free) is not the reader's."""
    changes = changes_of(IRS_BY_ROWS, IRS_TABLE, free=False)
    assert changes and all(change.relocated is None for change in changes)


def test_words_swapped_inside_a_cell_are_an_edit() -> None:
    """`was more` for `more was`: a cell's own words never move on their own."""
    edited = IRS_BY_ROWS.replace("was more", "more was")
    changes = changes_of(edited, IRS_TABLE)
    assert any(change.relocated is None and "more" in words(change.a_tokens) for change in changes)


def test_a_cells_words_matched_by_chance_go_back_to_the_cell() -> None:
    """The Federal Register's cost table (p. 6): poppler writes the cells `Up to $6,715.`,
    then `Up to $3,790 ...`; we read the row, `Up to $3,790` beside `Up to 79 work-hours`.
    Matched to the first cell by chance, `Up to $` would leave `3,790` over alone: the
    cell goes whole into the change, for relocation to find where the other side has it."""
    a_text = "Up to 79 work-hours × $85 per hour = Up to $6,715. 40 work-hours"
    units = ["Up to 79 work-hours × $85 per hour =", "Up to $3,790", "40 work-hours"]
    changes = changes_of(a_text, units)
    assert [(words(c.a_tokens), words(c.b_tokens)) for c in changes] == [
        ("Up to $ 6,715 .", "Up to $ 3,790")
    ]


def test_a_word_changed_in_a_cell_keeps_the_cells_other_words() -> None:
    """A word for a word beside the matched piece is the cell's own word changed, not a
    chance match: `ej.` stays matched (found by the property of one changed word)."""
    changes = changes_of("Tax ds ej. Next", ["Tax", "Xqsd ej.", "Next"])
    assert [(words(c.a_tokens), words(c.b_tokens)) for c in changes] == [("ds", "Xqsd")]


def test_a_lines_words_matched_in_place_keep_their_match() -> None:
    """A long line changed at its end keeps the words it shares: not a table's cell."""
    a_text = "The FAA estimates that this proposed AD affects 73 airplanes"
    units = ["The FAA estimates that this proposed AD affects 74 airplanes"]
    changes = changes_of(a_text, units)
    assert [(words(c.a_tokens), words(c.b_tokens)) for c in changes] == [("73", "74")]


def test_each_token_knows_its_unit_and_whether_it_is_free() -> None:
    paragraph = pdf_paragraph(["Up to", "$3,790"])
    tokens = [Token("Up", 0, 0, 2), Token("to", 0, 3, 5), Token("$", 0, 6, 7)]
    assert token_units(tokens, [paragraph], [0]) == [0, 0, 1]
    assert token_units(tokens, [pdf_paragraph(["Up to", "$3,790"], free=False)], [0]) is None


CELLS = st.lists(
    st.lists(
        st.sampled_from(["$0", "$85", "Up", "to", "OR", "net", "worth"]), min_size=1, max_size=3
    ),
    min_size=2,
    max_size=7,
)


@given(cells=CELLS, order=st.randoms(use_true_random=False))
@SETTINGS
def test_free_cells_in_any_order_are_never_an_edit(cells: list[list[str]], order: object) -> None:
    """Cells of few, recurring words (a cost table's `$0`, `$85`) laid out in any order
    on the text's side: nothing but the reader's order, whatever the word diff paired."""
    units = [" ".join(cell) for cell in cells]
    shuffled = list(units)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    changes = changes_of(" ".join(shuffled), units)
    assert all(change.relocated is Category.READING_ORDER for change in changes)


@given(
    cells=st.lists(st.integers(min_value=2, max_value=4), min_size=2, max_size=6),
    data=st.data(),
)
@SETTINGS
def test_two_words_swapped_inside_a_cell_are_always_an_edit(
    cells: list[int], data: st.DataObject
) -> None:
    """Cells of distinct words, read in another order, with two words of one cell
    swapped: that swap is always reported, wherever the cells went."""
    counter = iter(range(1000))
    units = [" ".join(f"w{next(counter)}" for _ in range(size)) for size in cells]
    shuffled = data.draw(st.permutations(units))
    target = data.draw(st.integers(min_value=0, max_value=len(shuffled) - 1))
    cell = shuffled[target].split()
    at = data.draw(st.integers(min_value=0, max_value=len(cell) - 2))
    cell[at], cell[at + 1] = cell[at + 1], cell[at]
    edited = [*shuffled[:target], " ".join(cell), *shuffled[target + 1 :]]
    changes = changes_of(" ".join(edited), units)
    assert any(change.relocated is None for change in changes)


def test_the_irs_threshold_table_read_by_rows_is_layout_on_the_real_pdf() -> None:
    """The real page: poppler's rows against our columns, nothing substantive there."""
    text = REALWORLD / "irs_i1040nr.reflowed.txt"
    report = compare_documents(
        extract_text(text, text.read_bytes()), extract(REALWORLD / "irs_i1040nr.pdf", jobs=1)
    )
    on_table = [
        d
        for d in report.differences
        if d.b_location is not None
        and d.b_location.page == 7
        and 71 <= d.b_location.line <= 85
        and d.severity is not Severity.LAYOUT
    ]
    assert on_table == []
    assert any(
        d.category is Category.READING_ORDER and "equaled or" in d.b
        for d in report.differences
        if d.b_location is not None and d.b_location.page == 7
    )
