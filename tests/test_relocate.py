"""Relocation: text both versions contain, in another order or cut into other paragraphs,
is a move or reading order, never a deletion plus an insertion. Tested on a real memo."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docreconcile import Category, Report, Severity, compare_documents
from docreconcile.extract.text import extract_text
from docreconcile.model import Token
from docreconcile.relocate.matching import _find_nearby, _without_stubs
from docreconcile.relocate.sides import NEARBY, _Match, _Side
from tests.test_properties import SETTINGS, as_text_file, documents

MEMO = (
    Path(__file__).resolve().parent
    / "corpus"
    / "03-miljo-remissvar-tillsyn-apotek-sou-2023-101.txt"
)
PARAGRAPHS = [block for block in MEMO.read_text(encoding="utf-8").split("\n\n") if block.strip()]


def compare_texts(a: str, b: str) -> Report:
    return compare_documents(
        extract_text(Path("a.txt"), a.encode("utf-8")),
        extract_text(Path("b.txt"), b.encode("utf-8")),
    )


def kinds(report: Report) -> list[tuple[str, str, str]]:
    return [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is not Severity.LAYOUT
    ]


def moved_far(paragraphs: list[str], text: str) -> list[str]:
    """The paragraphs with the longest one moved to the farther end of the document."""
    longest = max(range(len(paragraphs)), key=lambda index: len(paragraphs[index]))
    rest = [p for index, p in enumerate(paragraphs) if index != longest]
    return [*rest, text] if longest < len(paragraphs) / 2 else [text, *rest]


LONGEST = max(PARAGRAPHS, key=len)


def test_a_paragraph_moved_far_is_one_minor_move() -> None:
    report = compare_texts(as_text_file(PARAGRAPHS), as_text_file(moved_far(PARAGRAPHS, LONGEST)))
    assert kinds(report) == [("moved", LONGEST.strip(), LONGEST.strip())]
    (move,) = [d for d in report.differences if d.category is Category.MOVED]
    assert move.severity is Severity.MINOR
    assert move.a_location is not None and move.b_location is not None
    assert move.a_location.line != move.b_location.line


def test_a_changed_word_inside_moved_text_is_still_reported() -> None:
    word = max(LONGEST.split()[5:-5], key=len)
    edited = LONGEST.replace(word, "Xq" + word[::-1], 1)
    report = compare_texts(as_text_file(PARAGRAPHS), as_text_file(moved_far(PARAGRAPHS, edited)))
    substantive = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    assert [(d.a, d.b) for d in substantive] == [(word, "Xq" + word[::-1])]
    assert [d.category for d in report.differences if d.category.is_relocation] == [Category.MOVED]


def test_two_columns_read_in_another_order_are_reading_order() -> None:
    """The seed's signature block: the text reads column by column, the PDF row by row."""
    names = ["Kommunledningsförvaltningen", "Omsorgskontoret", "Paul Håkansson", "Linda Ljungqvist"]
    text = "\n\n".join(["Beslut", *names]) + "\n"
    pdf = "\n\n".join(["Beslut", names[0], names[2], names[1], names[3]]) + "\n"
    report = compare_texts(text, pdf)
    assert kinds(report) == []
    assert [(d.category, d.a) for d in report.differences if d.category.is_relocation] == [
        (Category.READING_ORDER, "Omsorgskontoret")
    ]


def test_a_list_that_is_one_paragraph_on_one_side_aligns_with_its_items() -> None:
    items = [p for p in PARAGRAPHS if p.startswith("•")] or PARAGRAPHS[3:8]
    joined = " ".join(items)
    text = as_text_file([*PARAGRAPHS[:3], joined, *PARAGRAPHS[3:]])
    split = as_text_file([*PARAGRAPHS[:3], *items, *PARAGRAPHS[3:]])
    assert len(items) >= 3
    assert [k for k in kinds(compare_texts(text, split)) if k[0] != "punctuation"] == []


def test_a_word_deleted_here_and_inserted_far_away_stays_substantive() -> None:
    """Short pieces match only nearby: one word moving pages away is an edit, not layout."""
    first, last = PARAGRAPHS[2], PARAGRAPHS[-3]
    assert len(as_text_file(PARAGRAPHS[2:-3])) > 4000  # farther than a page of text
    changed = [*PARAGRAPHS]
    changed[2] = first.replace(" inte ", " ", 1) if " inte " in first else first + " inte"
    changed[-3] = last + " inte"
    report = compare_texts(as_text_file(PARAGRAPHS), as_text_file(changed))
    substantive = [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]
    assert ("inserted", "", "inte") in substantive
    assert len(substantive) == 2


TABLE_WORDS = [word for word in " ".join(PARAGRAPHS).split() if word.isalpha() and len(word) > 3]
TABLE = [TABLE_WORDS[start : start + 3] for start in range(0, 36, 3)]


def table_pdf(tmp_path: Path) -> Path:
    from tests.pdfmaker import make_table_pdf

    return make_table_pdf(tmp_path / "tabell.pdf", "Tabell", TABLE, "Slut.")


@pytest.mark.parametrize("shape", ["one paragraph", "a line a row", "a paragraph a row"])
def test_a_table_read_by_rows_against_its_pdf_is_never_substantive(
    tmp_path: Path, shape: str
) -> None:
    """A table's cells (drawn by reportlab, each row on one baseline) are read column by
    column from the PDF, each cell a line beside the other columns' cells; the text has
    them row by row. Each cell is a whole unit a reader could take in either order:
    reading order, whatever shape the text gives the rows."""
    from docreconcile.extract import extract

    rows = [" ".join(row) for row in TABLE]
    body = {"one paragraph": " ".join(rows), "a line a row": "\n".join(rows)}.get(
        shape, "\n\n".join(rows)
    )
    text = extract_text(Path("a.txt"), f"Tabell\n\n{body}\n\nSlut.\n".encode())
    report = compare_documents(text, extract(table_pdf(tmp_path), jobs=1))
    assert kinds(report) == []
    assert Category.READING_ORDER in {d.category for d in report.differences}


def test_two_words_of_one_sentence_swapped_in_a_texts_table_row_are_reported() -> None:
    """Between two texts there is no geometry to show a reader's order: single words in
    another order inside a paragraph are an edit, however they came about."""
    rows = [" ".join(row) for row in TABLE]
    swapped = [" ".join(row) for row in TABLE]
    first, second, third = TABLE[4]
    swapped[4] = f"{second} {first} {third}"
    report = compare_texts(f"Tabell\n\n{' '.join(rows)}\n", f"Tabell\n\n{' '.join(swapped)}\n")
    assert [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ] == [("reordered", f"{first} {second}", f"{second} {first}")]


@SETTINGS
@given(documents, st.randoms(use_true_random=False))
def test_paragraphs_in_any_order_are_never_substantive(
    paragraph_list: list[str], random: st.RandomType
) -> None:
    shuffled = list(paragraph_list)
    random.shuffle(shuffled)
    report = compare_texts(as_text_file(paragraph_list), as_text_file(shuffled))
    assert [d for d in report.differences if d.severity is Severity.SUBSTANTIVE] == []


@SETTINGS
@given(documents, st.randoms(use_true_random=False))
def test_paragraphs_cut_and_joined_otherwise_are_never_substantive(
    paragraph_list: list[str], random: st.RandomType
) -> None:
    """Every sentence boundary may become a paragraph boundary, or stop being one."""
    sentences = [s.strip() + "." for p in paragraph_list for s in p.split(".") if s.strip()]
    regrouped: list[str] = []
    for sentence in sentences:
        if regrouped and random.random() < 0.5:
            regrouped[-1] += " " + sentence
        else:
            regrouped.append(sentence)
    report = compare_texts(as_text_file(paragraph_list), as_text_file(regrouped))
    assert [d for d in report.differences if d.severity is Severity.SUBSTANTIVE] == []


def test_leftover_pieces_alike_but_for_one_word_are_one_passage_with_a_change() -> None:
    """Shingle matches break at a changed word inside moved text, leaving the word and the
    few after it over on both sides (`inte omfattas av` in A, `intee omfattas av` pages
    away in B). Paired as one passage, the change inside it is one spelling difference,
    not a deletion and an insertion. Pieces alike in one word only are not paired."""
    from docreconcile.model import Token
    from docreconcile.relocate.matching import _edited_pieces
    from docreconcile.relocate.sides import _Side

    def side(words: list[str], owner: int, at: int) -> _Side:
        tokens, position = [], 0
        for word in words:
            tokens.append(Token(word, 0, position, position + len(word)))
            position += len(word) + 1
        return _Side(
            tokens,
            [word.casefold() for word in words],
            [owner] * len(words),
            [at] * len(words),
            [at + token.start for token in tokens],
        )

    a = side(["inte", "omfattas", "av"], 0, 100)
    b = side(["intee", "omfattas", "av"], 1, 5000)
    used_a, used_b = [False] * 3, [False] * 3
    [match] = _edited_pieces(a, b, used_a, used_b)
    assert (match.a_start, match.a_end, match.b_start, match.b_end) == (0, 3, 0, 3)
    assert all(used_a) and all(used_b)
    lone = side(["inte", "av"], 0, 100), side(["ska", "av"], 1, 5000)
    assert _edited_pieces(*lone, [False] * 2, [False] * 2) == []  # `av` alone says nothing


def test_a_word_is_found_within_its_reach_however_many_leftovers_crowd_the_page() -> None:
    """A reflowed text read against a dense three-column page leaves thousands of
    leftover tokens; a word is still looked for in all of its reach (about a page), by
    its own occurrences, not among the first few hundred tokens around its place. The
    IRS instructions' `report ... distributions` was left over, its match 600 tokens on."""

    def side(words: list[str], expected: int) -> _Side:
        tokens = [
            Token(word, 0, 6 * index, 6 * index + len(word)) for index, word in enumerate(words)
        ]
        return _Side(
            tokens=tokens,
            keys=words,
            owners=[0] * len(words),
            expected=[expected] * len(words),
            positions=[token.start for token in tokens],
            reach=5000,
        )

    crowd = [f"cell{index}" for index in range(600)]
    own = side(["distributions"], expected=0)
    other = side([*crowd, "distributions", *crowd], expected=0)
    found = _find_nearby(own, other, 0, 1, [False], [False] * len(other.keys))
    assert found == 600
    too_far = side([*crowd, *crowd, "distributions"], expected=0)  # 7,200 characters on
    assert _find_nearby(own, too_far, 0, 1, [False], [False] * len(too_far.keys)) is None


def test_a_match_gives_back_the_first_words_of_a_paragraph_only_one_side_begins() -> None:
    """The IRS instructions: the text runs `... on line 74. You can pay by check` on in
    one paragraph; the PDF has `... on line 74.` and, next among its leftovers, another
    paragraph, `You may need to`. A match grown over both takes that `You` and leaves
    both sentences without their first word: two lone `You` reported. The stub goes
    back; a match that runs on into a paragraph both sides begin keeps it."""

    def side(paragraphs: list[list[str]]) -> _Side:
        tokens, at = [], 0
        for number, words in enumerate(paragraphs):
            for word in words:
                tokens.append(Token(word, number, at, at + len(word)))
                at += len(word) + 1
        return _Side(
            tokens,
            [token.text.casefold() for token in tokens],
            [0] * len(tokens),
            [0] * len(tokens),
            [token.start for token in tokens],
        )

    text = side([["on", "line", "74", ".", "You", "can", "pay"]])
    pdf = side([["on", "line", "74", "."], ["You", "may", "need"]])
    grown = _Match(0, 0, 5, 5)
    assert _without_stubs(text, pdf, grown) == _Match(0, 0, 4, 4)
    both = side([["on", "line", "74", "."], ["You", "can", "pay"]])
    assert _without_stubs(both, pdf, grown) == grown
    head = side([["the", "end", "."], ["Your", "tax", "is", "due", "today"]])
    run_on = side([["end", ".", "Your", "tax", "is", "due", "today"]])
    assert _without_stubs(head, run_on, _Match(1, 0, 8, 7)) == _Match(3, 2, 8, 7)


def test_a_paragraph_moved_whole_is_matched_to_its_copy_not_to_a_like_one_nearby() -> None:
    """A paragraph moved pages away, and a new one where it stood that shares its first
    sentences: the moved one is found whole at its copy (one move) and the new one is
    new. Shingle by shingle, its first sentences had matched the new paragraph nearby
    and left the copy's first sentences over as an insertion."""
    sentences = PARAGRAPHS[15].split(". ")
    moved = ". ".join(sentences[:4]) + "."
    new = ". ".join([*sentences[:3], "Nämnden tillstyrker förslaget i sin helhet"]) + "."
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "linkoping"
    more = (fixture / "tjansteskrivelse.txt").read_text(encoding="utf-8").split("\n\n")
    body = [p for p in PARAGRAPHS if p != PARAGRAPHS[15]] + [p for p in more if p.strip()]
    assert sum(len(p) for p in body) > 2 * NEARBY  # the copy stands pages away
    a = "\n\n".join([body[0], moved, *body[1:]])
    b = "\n\n".join([body[0], new, *body[1:], moved])
    found = kinds(compare_texts(a, b))
    assert [kind for kind, _, _ in found if kind == "moved"] == ["moved"]
    substantive = [(kind, x, y) for kind, x, y in found if kind != "moved"]
    assert len(substantive) == 1 and "tillstyrker" in substantive[0][2]


def _in_document_order(tokens: tuple[Token, ...]) -> bool:
    places = [(token.paragraph, token.start) for token in tokens]
    return places == sorted(places)


def test_every_change_is_a_run_of_tokens_in_document_order() -> None:
    """What classification leans on (a run's ends tell whether it is in one paragraph):
    each side of every change, after diff and after relocation, is in document order.
    Real pairs that exercise every kind of change: AFS 2011:19's text against its PDF
    (headers, hyphens, footnotes), the IRS instructions' reflowed text against their
    three-column PDF (reading order), and the memo against itself shuffled (moves)."""
    from docreconcile.align import align
    from docreconcile.diff import diff
    from docreconcile.extract import extract
    from docreconcile.normalize import normalize
    from docreconcile.relocate import relocate

    realworld = Path(__file__).resolve().parent / "realworld"
    shuffled = PARAGRAPHS[1::2] + PARAGRAPHS[::2]
    pairs = [
        (extract(realworld / "afs-2011-19.raw.txt"), extract(realworld / "afs-2011-19.pdf")),
        (
            extract(realworld / "irs_i1040nr.reflowed.txt"),
            extract(realworld / "irs_i1040nr.pdf"),
        ),
        (
            extract_text(Path("a.txt"), "\n\n".join(PARAGRAPHS).encode("utf-8")),
            extract_text(Path("b.txt"), "\n\n".join(shuffled).encode("utf-8")),
        ),
    ]
    for a, b in pairs:
        clean_a, clean_b = normalize(a).paragraphs, normalize(b).paragraphs
        changes = diff(align(clean_a, clean_b), clean_a, clean_b)
        relocated = relocate(changes, clean_a, clean_b)
        assert any(change.relocated for change in relocated)
        for change in changes + relocated:
            assert _in_document_order(change.a_tokens), change
            assert _in_document_order(change.b_tokens), change


STAMPED = [
    "Kommunstyrelsen beslutade den 3 maj 2016 att inte bevilja ansökan om bidrag",
    "till föreningen för verksamhetsåret, eftersom underlaget saknade en budget",
    "och en verksamhetsplan som styrelsen hade godkänt vid sitt senaste möte.",
]


def _stamped(tmp_path: Path) -> tuple[Path, str]:
    """A page with a file number stamped over its second line (reportlab), and the text
    poppler's `pdftotext` reads from it: the stamp's words spliced into that line."""
    import subprocess

    from tests.conftest import require_tool
    from tests.pdfmaker import make_overlay_pdf

    pdftotext = require_tool("pdftotext", "poppler-utils", "the stamp tests")
    pdf = make_overlay_pdf(tmp_path / "stamp.pdf", STAMPED, "Diarienummer KS 2016/112", 1)
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pdf, text


@pytest.mark.parametrize(
    "edit",
    [
        "none",
        "swap two words under it",
        "swap the stamp's words",
        "change its number",
        "move a stamp word elsewhere",
    ],
)
def test_a_stamp_over_a_line_is_spliced_into_that_line_only(tmp_path: Path, edit: str) -> None:
    """A word printed over a line (a stamp) may stand anywhere inside that line on the
    other side, as poppler puts it: reading order. Words of the line under it traded, the
    stamp's own words traded or changed, or a stamp word put into another line: an
    edit, each one difference."""
    from docreconcile.extract import extract

    pdf, text = _stamped(tmp_path)
    assert "Diarienummer\nKS 2016/112\ntill föreningen" in text  # poppler splices it
    edited = {
        "none": text,
        "swap two words under it": text.replace("underlaget saknade", "saknade underlaget"),
        "swap the stamp's words": text.replace("Diarienummer\nKS", "KS\nDiarienummer"),
        "change its number": text.replace("2016/112", "2016/121"),
        "move a stamp word elsewhere": text.replace("Diarienummer\n", "").replace(
            "senaste möte", "senaste Diarienummer möte"
        ),
    }[edit]
    assert edited != text or edit == "none"
    report = compare_documents(
        extract_text(Path("a.txt"), edited.encode("utf-8")), extract(pdf, jobs=1)
    )
    found = kinds(report)
    assert len(found) == (0 if edit == "none" else 1), found


IRS = Path(__file__).resolve().parent / "realworld" / "irs_i1040nr"


@pytest.mark.parametrize(
    "edit", ["none", "swap two words of the line under it", "move the word to another line"]
)
def test_a_notice_printed_over_a_letterhead_on_a_real_pdf(tmp_path: Path, edit: str) -> None:
    """The IRS instructions' first page prints a notice over its letterhead: `Internal
    Revenue Service` crosses `You owe the additional tax on recapture of a charitable`,
    and poppler's text splices `Revenue` into that line (`tax on Revenue recapture`).
    Reading order; but the words of the line under it traded, or `Revenue` put into
    another line, are an edit."""
    from pypdf import PdfReader, PdfWriter

    from docreconcile.extract import extract

    writer = PdfWriter()
    writer.add_page(PdfReader(IRS.with_suffix(".pdf")).pages[0])
    pdf = tmp_path / "page1.pdf"
    with pdf.open("wb") as stream:
        writer.write(stream)
    text = IRS.with_suffix(".raw.txt").read_text(encoding="utf-8").split("\f")[0]
    assert "tax on Revenue\nrecapture" in text
    edited = {
        "none": text,
        "swap two words of the line under it": text.replace("tax on Revenue", "on tax Revenue"),
        "move the word to another line": text.replace("tax on Revenue\n", "tax on\n").replace(
            "additional information.", "additional Revenue information."
        ),
    }[edit]
    report = compare_documents(
        extract_text(Path("a.txt"), edited.encode("utf-8")), extract(pdf, jobs=1)
    )
    found = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    if edit == "move the word to another line":  # far away: deleted here, inserted there
        assert found and all("Revenue" in d.a + d.b for d in found), found
    else:
        assert len(found) == (0 if edit == "none" else 1), found
    if edit == "none":
        assert any(
            d.category is Category.READING_ORDER and d.a == d.b == "Revenue"
            for d in report.differences
        )


FEDERAL_REGISTER = Path(__file__).resolve().parent / "realworld" / "federal_register"


@pytest.mark.parametrize("edit", ["none", "swap the hours and the rate"])
def test_a_cost_table_read_by_columns_against_its_rows_over_a_page_break(
    tmp_path: Path, edit: str
) -> None:
    """The Federal Register's cost table (pp. 5-6) is read by rows from the PDF (each row a
    line of cells: `$85 ... $0 ... $85`) and by columns by poppler (`$0` three times, then
    `$85` three times), over a page break. Its repeated cells are whole units in another
    order, whichever copy finds which; but two numbers of one cell traded are an edit."""
    from pypdf import PdfReader, PdfWriter

    from docreconcile.extract import extract

    writer = PdfWriter()
    for page in PdfReader(FEDERAL_REGISTER.with_suffix(".pdf")).pages[4:6]:
        writer.add_page(page)
    pdf = tmp_path / "pages5-6.pdf"
    with pdf.open("wb") as stream:
        writer.write(stream)
    text = "\f".join(
        FEDERAL_REGISTER.with_suffix(".raw.txt").read_text(encoding="utf-8").split("\f")[4:6]
    )
    assert text.count("$0 ...") == 4
    if edit != "none":
        text = text.replace("Up to 79 work-hours × $85", "Up to 85 work-hours × $79")
    report = compare_documents(
        extract_text(Path("a.txt"), text.encode("utf-8")), extract(pdf, jobs=1)
    )
    found = [
        (d.category.value, d.a, d.b)
        for d in report.differences
        if d.severity is Severity.SUBSTANTIVE
    ]
    if edit == "none":
        assert found == []
    else:
        assert len(found) == 1 and "79" in found[0][1] + found[0][2], found


def stamped_pair(tmp_path: Path, stamp: str) -> tuple[Path, str]:
    """A page of the memo's text with `stamp` across it at 45 degrees (reportlab), and
    poppler's text of it."""
    import subprocess
    import textwrap

    from tests.conftest import require_tool
    from tests.pdfmaker import make_stamped_pdf

    pdftotext = require_tool("pdftotext", "poppler-utils", "the stamp tests")
    lines = textwrap.wrap(" ".join(PARAGRAPHS), 80)[:40]
    pdf = make_stamped_pdf(tmp_path / "utkast.pdf", lines, stamp)
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return pdf, text


@pytest.mark.parametrize("edit", ["none", "a letter group lost", "two words swapped"])
def test_a_stamp_read_in_letter_groups_is_the_stamp(tmp_path: Path, edit: str) -> None:
    """poppler reads a draft's `UTKAST` set at 45 degrees as `U`, `TK`, `A`, `ST`, each
    a line of its own; we read the word whole. The groups that spell it, near it, are
    the stamp in another reader's order. A group missing spells no stamp: reported; and
    the body's words traded are still an edit."""
    from docreconcile.extract import extract

    pdf, text = stamped_pair(tmp_path, "UTKAST")
    groups = [line for line in text.split("\n") if line.strip() and line.strip().isupper()]
    assert len(groups) >= 2 and "".join(groups) == "UTKAST"  # poppler cuts it in groups
    if edit == "a letter group lost":
        text = text.replace(f"\n{groups[1]}\n", "\n\n", 1)
    elif edit == "two words swapped":
        words = next(line for line in text.split("\n") if len(line.split()) > 8).split()
        text = text.replace(f"{words[1]} {words[2]}", f"{words[2]} {words[1]}", 1)
    report = compare_documents(
        extract_text(Path("utkast.txt"), text.encode("utf-8")), extract(pdf, jobs=1)
    )
    found = [d for d in report.differences if d.severity is Severity.SUBSTANTIVE]
    if edit == "none":
        assert found == []
        [stamp] = [d for d in report.differences if d.b == "UTKAST"]
        assert stamp.category is Category.READING_ORDER
        assert stamp.a.split() == groups
    elif edit == "a letter group lost":
        assert any("UTKAST" in d.b for d in found), found
    else:
        assert len(found) == 1 and found[0].category is Category.REORDERED, found
